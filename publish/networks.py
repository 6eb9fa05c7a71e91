"""Each network's limits as data, and exactly what a post would send there (docs/crossposting.md).

`render` is the one place that decides the text of a cross-post; the outbox,
approvals, the ledger and the real adapters all use what it returns, and
approvals bind to `Rendered.fingerprint()`.

Counting follows each network's own rules:

* X: twitter-text v3 (config/v3.json of twitter/twitter-text): the text is NFC-normalised;
  each code point in 0-4351, 8192-8205, 8208-8223 or 8242-8247 weighs 1, every other
  code point 2; an emoji sequence (ZWJ sequence, flag, keycap, skin tone, variation
  selector 16) weighs 2 in total; every URL weighs 23, bare domains included.
  URL extraction follows twitter-text's extractUrlsWithIndices: a URL may not follow a
  letter, digit, @, $ or #; the host is labels of non-punctuation characters ending in a
  known top-level domain; labels are at most 63 characters once punycode-encoded; a URL
  without a scheme may not follow - _ . or / and only its ASCII part counts as the URL;
  paths allow balanced parentheses and never end on . , ; : ! ? ' *. As in twitter-text,
  the search runs over UTF-16 code units (an emoji is two), left to right, each match
  continuing after the previous one. The host part is worked out with prefix tables
  (`_Hosts`) rather than one big backtracking regex, so a pathological text such as
  "x.x.x.…" costs linear time, not seconds.
  Left out, on purpose: twitter-text's full list of about 1,500 top-level domains (we know
  every two-letter country domain and the common generic ones listed in `_GTLDS`; a bare
  domain under another ending, such as "example.bargains", is counted character by
  character, which can only make our count higher than X's, never lower, when the
  ending is long), internationalised top-level domains written in non-Latin scripts
  (e.g. ".рф"), the t.co short-link special case, and the 4,096-character URL cap
  detail beyond a plain length check. Emoji are recognised by their Unicode structure
  (not twemoji's list), so a newer emoji that an old twitter-text release does not know
  still counts 2, as on X today; two regional indicators always count as one flag.
* Mastodon (app/validators/status_length_validator.rb): the content warning and the text
  are counted together, in extended grapheme clusters; every URL with a scheme (http,
  https, and the few others Mastodon links: gemini, gopher, ipfs, …) counts 23, a bare
  domain counts in full; a mention @user@domain counts as "@user". Its URL pattern is
  twitter-text's host rule with Mastodon's looser path (config/initializers/twitter_regex.rb).
* Bluesky: at most 300 grapheme clusters and 3,000 UTF-8 bytes; URLs count in full.
  Links are only clickable as facets (app.bsky.richtext.facet#link) with UTF-8 byte
  offsets; the post's link card is an app.bsky.embed.external (uri, title, description).
  We make every http(s) URL in the text a facet, and a bare domain such as
  "example.org/help" (starting with a letter, known top-level domain) one that opens
  https://example.org/help, as the Bluesky app does; mentions and hashtags stay plain text.
* LinkedIn (Posts API, "little" text format): the commentary may hold 3,000 characters.
  LinkedIn's documentation does not say how it counts them; its servers are Java, whose
  strings count UTF-16 code units, so we count UTF-16 units (an emoji outside the basic
  plane is 2) of the text as sent, including the backslashes that escape
  ( ) [ ] { } < > @ # * _ ~ \\ | . That is the strictest reading: it never says "fits"
  when LinkedIn could disagree. Escaping every reserved character also means a #word
  is sent as plain text, not as a LinkedIn hashtag.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import unicodedata
from dataclasses import dataclass

import regex

from .registry import REGISTRY, Network  # noqa: F401 - Network is part of this module's interface

# --------------------------------------------------------------------------
# The networks as data
# --------------------------------------------------------------------------


# The limits live in the one registry of networks.
NETWORKS = {name: spec.text for name, spec in REGISTRY.items()}

CONTENT_NOTE_PREFIX = "Content note: "

# --------------------------------------------------------------------------
# Top-level domains (a subset of twitter-text's list; see the module docstring)
# --------------------------------------------------------------------------

_CCTLDS = """
ac ad ae af ag ai al am an ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bl bm bn bo bq
br bs bt bv bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz
ec ee eg eh er es et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw
gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz
la lb lc li lk lr ls lt lu lv ly ma mc md me mf mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx
my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro
rs ru rw sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk
tl tm tn to tp tr tt tv tw tz ua ug uk um us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw
""".split()

_GTLDS = """
com net org edu gov mil int arpa info biz name pro aero coop museum mobi asia tel travel jobs cat
post xxx app dev page blog online site website shop store tech xyz club health care clinic dental
doctor hospital healthcare fitness yoga life live world news email link social media digital
agency company network services solutions support help center community foundation global group
institute international academy education school university college study training coach
consulting family kids love today space art cloud design fun guru inc ltd llc gmbh nyc london
berlin paris wiki one top vip work works zone city church events ngo ong charity gives team tips
tools studio photo photography pics video audio music radio press report review reviews science
systems technology software plus new google youtube amazon apple microsoft zoom mozilla ai io me
""".split()

_TLDS = frozenset(_CCTLDS) | frozenset(_GTLDS)
# Any run of letters here; `_matches` then keeps only known endings and, like a
# backtracking regex with the full list would, falls back to an earlier label.
_TLD = r"(?P<tld>xn--[\-0-9a-z]+|[a-z]+(?=[^0-9a-z@+\-]|$))"

# twitter-text's building blocks (js/src/regexp/*), written out for the `regex` module.
# What may not be in a host label: twitter-text's punctuation, spaces and invalid characters.
_NOT_D = (
    frozenset("!'#%&()*+,\\-./:;<=>?@[]^_{|}~$")
    | frozenset("\x09\x0a\x0b\x0c\x0d\x20\x85\xa0\u1680\u180e\u2028\u2029\u202f\u205f\u3000\ufffe\ufeff\uffff")
    | frozenset(chr(c) for c in range(0x2000, 0x200B))
)
_LATIN = r"\xC0-\xD6\xD8-\xF6\xF8-\xFF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B\u0263\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF"
_CYRILLIC = r"\u0400-\u04FF"
_NOT_BEFORE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@＠$#＃\uFFFE\uFEFF\uFFFF")
_PROTO = regex.compile(r"https?://", regex.IGNORECASE)
# Mastodon's twitter_regex.rb also shortens these schemes (but never a bare domain).
_MASTODON_PROTO = regex.compile(r"(?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini)://", regex.IGNORECASE)
_TLD_HERE = regex.compile(r"xn--[\-0-9a-z]+|[a-z]+(?=[^0-9a-z@+\-]|$)", regex.IGNORECASE)
_QUERY = r"(?:\?[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]*[a-z0-9\-_&=#/])"

# X (twitter-text)
_G = rf"[a-z{_CYRILLIC}0-9!*';:=+,.$/%#\[\]\-\u2013_~@|&{_LATIN}]"
_BP = rf"(?:\((?:{_G}+|{_G}*\({_G}+\){_G}*)\))"
_PE = rf"(?:[+\-a-z{_CYRILLIC}0-9=_#/{_LATIN}]|{_BP})"
_PATH = rf"(?:{_G}*(?:{_BP}{_G}*)*{_PE}|@{_G}+/)"
_X_TAIL = regex.compile(rf"(?::[0-9]+)?(?P<path>/{_PATH}*)?{_QUERY}?", regex.IGNORECASE)
_ASCII_DOMAIN = regex.compile(rf"(?:[\-a-z0-9{_LATIN}]+\.)+{_TLD}", regex.IGNORECASE)

# Mastodon (config/initializers/twitter_regex.rb: a looser path, scheme required)
_MG = r"[^\p{White_Space}<>()?]"
_MBP = rf"(?:\((?:{_MG}+|{_MG}*\({_MG}+\){_MG}*)\))"
_MPE = rf"(?:[^\p{{White_Space}}()?!*\"'「」<>;:=,.$%\[\]~&|@]|{_MBP})"
_MPATH = rf"(?:{_MG}*(?:{_MBP}{_MG}*)*{_MPE}|{_MG}+/)"
_MASTODON_TAIL = regex.compile(rf"(?::[0-9]+)?(?P<path>/{_MPATH}*)?{_QUERY}?", regex.IGNORECASE)
# Account::MENTION_RE: @user or @user@server, not inside a word or a URL path.
_MASTODON_MENTION = regex.compile(
    r"(?<![=/\w])@(?P<user>[a-z0-9_]+(?:[a-z0-9_.\-]+[a-z0-9_]+)?)(?:@[\w.\-]+\w+)?", regex.IGNORECASE
)

# Bluesky: links become facets. A URL ends at white space; trailing punctuation and an
# unbalanced closing parenthesis are not part of it (as the Bluesky app detects them).
# A bare domain is linked as https://… when its last label is a known top-level domain
# (the Bluesky app's rule: it starts with a letter, labels of letters and digits).
_BLUESKY_URL = regex.compile(
    r"(?:^|(?<=[\s(]))(?:https?://[^\s]+|(?P<domain>[a-z][a-z0-9]*(?:\.[a-z0-9]+)+)[^\s]*)", regex.IGNORECASE
)

# Emoji sequences, by their Unicode structure (UTS #51): flags, keycaps, tag sequences
# (subdivision flags) and ZWJ sequences of pictographs, a skin tone only after a
# person/hand (Emoji_Modifier_Base), VS16 only after a character with the Emoji property.
# © and ® are emoji only with VS16; on their own they are text (weight 1 on X).
# bench/counting/compare.py measures this against twitter-text 3.1.0.
_EMOJI_ELEMENT = (
    r"(?:[\u00A9\u00AE]\uFE0F"
    r"|\p{Emoji_Modifier_Base}\p{Emoji_Modifier}\uFE0F?"
    r"|(?![\u00A9\u00AE])(?=\p{Emoji})\p{Extended_Pictographic}\uFE0F"
    r"|(?![\u00A9\u00AE])\p{Extended_Pictographic})"
)
_EMOJI = regex.compile(
    r"\p{Regional_Indicator}{2}"
    r"|[0-9#*]\uFE0F?\u20E3"
    r"|\U0001F3F4[\U000E0020-\U000E007E]+\U000E007F"
    rf"|{_EMOJI_ELEMENT}(?:\u200D{_EMOJI_ELEMENT})*"
    r"|\p{Emoji_Modifier}"
)

_X_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))

_LINKEDIN_RESERVED = "\\|{}@[]()<>#*_~"

# --------------------------------------------------------------------------
# Counting
# --------------------------------------------------------------------------


def graphemes(text: str) -> int:
    """User-perceived characters: Unicode extended grapheme clusters (UAX #29)."""
    return len(regex.findall(r"\X", text))


def utf8_length(text: str) -> int:
    return len(text.encode("utf-8"))


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _label_ok(label: str) -> bool:
    """A host label as punycode.toASCII gives it must be 1 to 63 characters."""
    if not label:
        return False
    if label.isascii():
        return len(label) <= 63
    try:
        return 1 <= len("xn--" + label.encode("punycode").decode("ascii")) <= 63
    except UnicodeError:
        return False


def _host_ok(domain: str) -> bool:
    if domain[:4].lower() == "xn--" and next(_matches(_ASCII_DOMAIN, domain), None) is None:
        return False
    return all(_label_ok(label) for label in domain.split("."))


def _tld_ok(tld: str) -> bool:
    tld = tld.lower()
    return tld.startswith("xn--") or tld in _TLDS


@dataclass(frozen=True)
class _Found:
    before: str
    start: int  # of the URL (after the preceding character)
    end: int
    proto: str
    domain: str
    path: str


# A known top-level domain right after a dot, followed by what twitter-text allows after one.
_TLD_AT = regex.compile(r"(?<=\.)(?:xn--[\-0-9a-z]+|[a-z]+(?=[^0-9a-z@+\-]|$))", regex.IGNORECASE)


def _matches(pattern: regex.Pattern, text: str):
    """Leftmost, non-overlapping matches of `pattern` (with a `tld` group) whose top-level
    domain is known; when the last label is not a known ending, the match is cut back to
    the last earlier label that is one, as a backtracking regex with the whole list would.
    Used for the short ASCII runs inside a host."""
    known = {m.start(): m.end() for m in _TLD_AT.finditer(text) if _tld_ok(m.group())}
    starts = sorted(known)
    pos = 0
    while pos <= len(text):
        m = pattern.search(text, pos)
        if m is None:
            return
        if _tld_ok(m.group("tld")):
            yield m.start(), m.end()
            pos = max(m.end(), m.start() + 1)
            continue
        i = bisect.bisect_left(starts, m.start("tld")) - 1
        if i >= 0 and starts[i] > m.start():
            yield m.start(), known[starts[i]]
            pos = known[starts[i]]
            continue
        pos = m.start() + 1


class _Hosts:
    """Where twitter-text's host pattern ends for a host starting at any position of a text.

    The pattern is subdomain* domain-name top-level-domain, labels joined by single dots;
    a label starts and ends with a host character and may hold "-" (and "_", except in the
    label right before the top-level domain); a backtracking regex takes the rightmost
    known top-level domain it can reach. Worked out once per text with prefix tables, so a
    long run such as "x.x.x.…" costs linear time instead of the regex's cubic.
    """

    def __init__(self, text: str):
        self.text = text
        n = len(text)
        is_d = [ch not in _NOT_D for ch in text]
        self.is_d = is_d
        self.label_of = [-1] * n
        starts, ends = [], []
        i = 0
        while i < n:
            if is_d[i] or text[i] in "_-":
                j = i
                while j < n and (is_d[j] or text[j] in "_-"):
                    self.label_of[j] = len(starts)
                    j += 1
                starts.append(i)
                ends.append(j)
                i = j
            else:
                i += 1
        count = len(starts)
        self.starts, self.ends = starts, ends
        self.underscores = [0] * (n + 1)
        for k, ch in enumerate(text):
            self.underscores[k + 1] = self.underscores[k] + (ch == "_")
        self.linked = [k + 1 < count and ends[k] < n and text[ends[k]] == "." and starts[k + 1] == ends[k] + 1 for k in range(count)]
        self.chain_end = list(range(count))
        for k in range(count - 2, -1, -1):
            if self.linked[k]:
                self.chain_end[k] = self.chain_end[k + 1]
        sub_ok = [is_d[starts[k]] and is_d[ends[k] - 1] for k in range(count)]
        name_ok = [sub_ok[k] and self.underscores[ends[k]] == self.underscores[starts[k]] for k in range(count)]
        self.tld_end: list[int | None] = [None] * count
        for k in range(1, count):
            if self.linked[k - 1]:
                m = _TLD_HERE.match(text, starts[k])
                if m and _tld_ok(m.group()):
                    self.tld_end[k] = m.end()
        self.best = [-1] * count  # the largest k' <= k whose label is a known TLD after a valid name
        for k in range(count):
            ok = self.tld_end[k] is not None and name_ok[k - 1]
            self.best[k] = k if ok else (self.best[k - 1] if k else -1)
        self.next_bad = [count] * (count + 1)  # the first label >= k that cannot be a subdomain
        for k in range(count - 1, -1, -1):
            self.next_bad[k] = k if not sub_ok[k] else self.next_bad[k + 1]

    def end(self, d: int) -> int | None:
        """Where a host starting at `d` ends (after its top-level domain), or None."""
        if d >= len(self.text) or not self.is_d[d]:
            return None
        i = self.label_of[d]
        if not self.linked[i]:
            return None
        first_sub_ok = self.is_d[self.ends[i] - 1]
        first_name_ok = first_sub_ok and self.underscores[self.ends[i]] == self.underscores[d]
        last = min(self.next_bad[i + 1], self.chain_end[i])
        k = self.best[last]
        if k > i + 1:
            return self.tld_end[k] if first_sub_ok else None
        if i + 1 <= last and self.tld_end[i + 1] is not None and first_name_ok:
            return self.tld_end[i + 1]
        return None


def _find_urls(text: str, tail: regex.Pattern, scheme_required: bool, schemes: regex.Pattern = _PROTO) -> list[_Found]:
    """twitter-text's URL pattern, applied left to right as its global regex is."""
    hosts = _Hosts(text)
    found: list[_Found] = []

    def attempt(u: int, before: str) -> _Found | None:
        proto = schemes.match(text, u)
        scheme = proto.group() if proto else ""
        if scheme_required and not scheme:
            return None
        d = u + len(scheme)
        end = hosts.end(d)
        if end is None:
            return None
        rest = tail.match(text, end)
        return _Found(before, u, rest.end(), scheme, text[d:end], rest.group("path") or "")

    q = 0
    while q < len(text):
        hit = attempt(q + 1, text[q]) if text[q] not in _NOT_BEFORE else None
        if hit is None and q == 0:
            hit = attempt(0, "")
        if hit is None:
            q += 1
            continue
        found.append(hit)
        q = max(hit.end, q + 1)
    return found


def _utf16(text: str) -> tuple[str, list[int]]:
    """`text` as JavaScript sees it (characters beyond U+FFFF as two surrogates), and for
    each of its positions the position in `text`."""
    units: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        cp = ord(ch)
        if cp > 0xFFFF:
            cp -= 0x10000
            units += [chr(0xD800 + (cp >> 10)), chr(0xDC00 + (cp & 0x3FF))]
            where += [i, i]
        else:
            units.append(ch)
            where.append(i)
    where.append(len(text))
    return "".join(units), where


def x_urls(text: str) -> list[tuple[int, int]]:
    """(start, end) of each URL twitter-text would find in `text` (already NFC).

    twitter-text's patterns run over UTF-16 code units, so an emoji's second half can
    precede a URL: we search the same units and map the positions back.
    """
    if "." not in text:
        return []
    units, where = _utf16(text)
    return [(where[a], where[b]) for a, b in _x_urls_utf16(units)]


def _x_urls_utf16(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in _find_urls(text, _X_TAIL, scheme_required=False):
        domain = m.domain.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
        if not _host_ok(domain) or len(m.proto or "https://") + (m.end - m.start) > 4096:
            continue
        if m.proto:
            spans.append((m.start, m.end))
            continue
        if m.before and m.before in "-_./":
            continue
        found = [(m.start + a, m.start + b) for a, b in _matches(_ASCII_DOMAIN, m.domain)]
        if not found:
            continue
        if m.path:
            found[-1] = (found[-1][0], m.end)
        spans.extend(found)
    return spans


def emoji_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _EMOJI.finditer(text)]


def _x_char_weight(ch: str) -> int:
    cp = ord(ch)
    return 1 if any(lo <= cp <= hi for lo, hi in _X_LIGHT) else 2


def x_length(text: str) -> int:
    """twitter-text v3 weighted length (parseTweet's weightedLength)."""
    norm = unicodedata.normalize("NFC", text)
    urls = dict(x_urls(norm))
    emoji = dict(emoji_spans(norm))
    total = 0
    i = 0
    while i < len(norm):
        if i in urls:
            total += 23
            i = urls[i]
        elif i in emoji:
            total += 2
            i = emoji[i]
        else:
            total += _x_char_weight(norm[i])
            i += 1
    return total


def x_weight(text: str) -> int:
    """Kept for callers of the old name: X's weighted length of `text`."""
    return x_length(text)


def _remove_overlapping(entities: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    kept: list[tuple[int, int, str]] = []
    for ent in sorted(entities, key=lambda e: e[0]):
        if kept and kept[-1][1] > ent[0]:
            continue
        kept.append(ent)
    return kept


def mastodon_countable(text: str) -> str:
    """The text Mastodon counts: each URL as 23 x's, @user@server as @user."""
    if not text.strip():
        return ""
    entities = [(m.start, m.end, "x" * 23) for m in _find_urls(text, _MASTODON_TAIL, scheme_required=True, schemes=_MASTODON_PROTO) if _host_ok(m.domain)]
    entities += [(m.start(), m.end(), "@" + m.group("user")) for m in _MASTODON_MENTION.finditer(text)]
    out, last = [], 0
    for start, end, replacement in _remove_overlapping(entities):
        out.append(text[last:start])
        out.append(replacement)
        last = end
    out.append(text[last:])
    return "".join(out)


def mastodon_length(text: str, spoiler_text: str = "") -> int:
    return graphemes(spoiler_text + mastodon_countable(text))


def bluesky_links(text: str) -> list[tuple[int, int, str]]:
    """(start, end, uri) of each link Bluesky should show: character offsets in `text`."""
    links = []
    for m in _BLUESKY_URL.finditer(text):
        if m.group("domain") and m.group("domain").rsplit(".", 1)[-1] not in _TLDS:  # lower case only, as Bluesky
            continue
        url = m.group()
        while url and url[-1] in ".,;:!?\"'":
            url = url[:-1]
        if url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1]
        if m.group("domain"):
            links.append((m.start(), m.start() + len(url), "https://" + url))
        elif regex.fullmatch(r"https?://[^/?#\s]+\.[^/?#\s]+.*", url, regex.IGNORECASE | regex.DOTALL):
            links.append((m.start(), m.start() + len(url), url))
    return links


def bluesky_facets(text: str) -> tuple[tuple[int, int, str], ...]:
    """app.bsky.richtext.facet#link entries: (byteStart, byteEnd, uri) in UTF-8 bytes."""
    facets = []
    for start, end, uri in bluesky_links(text):
        byte_start = utf8_length(text[:start])
        facets.append((byte_start, byte_start + utf8_length(text[start:end]), uri))
    return tuple(facets)


def linkedin_escape(text: str) -> str:
    """LinkedIn "little" text: backslash before every reserved character."""
    return "".join("\\" + ch if ch in _LINKEDIN_RESERVED else ch for ch in text)


def linkedin_unescape(text: str) -> str:
    return regex.sub(r"\\([\\|{}@\[\]()<>#*_~])", r"\1", text)


def length(network: Network, text: str, content_warning: str = "") -> int:
    """The length of `text` on `network`, in that network's unit (see Network.unit)."""
    if network.name == "x":
        return x_length(text)
    if network.name == "mastodon":
        return mastodon_length(text, content_warning)
    if network.name == "linkedin":
        return utf16_length(linkedin_escape(text))
    return graphemes(text)


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """A link card: Bluesky's app.bsky.embed.external, LinkedIn's article content."""

    uri: str
    title: str
    description: str


@dataclass(frozen=True)
class Rendered:
    network: str
    text: str  # what readers see: content note prefix, approved text, link
    wire_text: str  # exactly what is sent (LinkedIn: escaped "little" text)
    link: str  # the canonical URL
    content_warning: str  # only where the network has a field for it (Mastodon's spoiler_text)
    facets: tuple[tuple[int, int, str], ...]  # Bluesky: (byteStart, byteEnd, uri)
    card: Card | None
    lang: str
    length: int  # in the network's unit, counted by its rules
    limit: int
    bytes: int  # UTF-8 bytes of wire_text
    byte_limit: int | None  # Bluesky only

    @property
    def over_by(self) -> int:
        """How far over `limit`, in the network's unit (0 if it fits)."""
        return max(0, self.length - self.limit)

    @property
    def bytes_over_by(self) -> int:
        return 0 if self.byte_limit is None else max(0, self.bytes - self.byte_limit)

    @property
    def fits(self) -> bool:
        return self.over_by == 0 and self.bytes_over_by == 0

    def payload(self) -> dict:
        """Everything that goes out, as plain data (what approvals and the ledger bind to)."""
        return {
            "network": self.network,
            "wire_text": self.wire_text,
            "link": self.link,
            "content_warning": self.content_warning,
            "facets": [list(f) for f in self.facets],
            "card": None if self.card is None else {"uri": self.card.uri, "title": self.card.title, "description": self.card.description},
            "lang": self.lang,
        }

    def fingerprint(self) -> str:
        canonical = json.dumps(self.payload(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def render(
    network_name: str,
    summary: str,
    link: str,
    content_note: str = "",
    override: str | None = None,
    limit: int | None = None,
    *,
    title: str = "",
    description: str | None = None,
    lang: str = "",
    crisis_line: str = "",
) -> Rendered:
    """The exact cross-post for one network: approved text + canonical link, never cut.

    `override` is the post's `social: {network: …}` text; `limit` a per-instance limit
    (Mastodon's max_characters). `title` and `description` fill the link card on the
    networks that have one (Bluesky, LinkedIn); the description defaults to the summary.
    `crisis_line` (a `risk: high` post) goes between the text and the link, on every network,
    and counts against its limit like the rest.
    """
    network = NETWORKS[network_name]
    body = (override if override else summary).strip()
    note = content_note.strip() if content_note else ""
    crisis = crisis_line.strip() if crisis_line else ""
    text = f"{body}\n\n{crisis}\n\n{link}" if crisis else f"{body}\n\n{link}"
    if note and network.content_warning == "prefix":
        text = f"{CONTENT_NOTE_PREFIX}{note}\n\n{text}"
    warning = note if network.content_warning == "field" else ""
    wire = linkedin_escape(text) if network_name == "linkedin" else text
    card = None
    if network_name in ("bluesky", "linkedin"):
        card = Card(link, (title or "").strip(), (summary if description is None else description).strip())
    facets = bluesky_facets(text) if network_name == "bluesky" else ()
    return Rendered(
        network=network_name,
        text=text,
        wire_text=wire,
        link=link,
        content_warning=warning,
        facets=facets,
        card=card,
        lang=lang or "",
        length=length(network, text, warning),
        limit=limit or network.limit,
        bytes=utf8_length(wire),
        byte_limit=network.byte_limit,
    )
