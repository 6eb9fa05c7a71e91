"""networks: exact counting by each network's rules, facets, escaping, fingerprints.

Property-based tests (hypothesis) over emoji sequences, combining marks, CJK, right-to-left
scripts and URLs, and example tests with numbers checked by hand or taken from
twitter-text's conformance suite (twitter/twitter-text, conformance/validate.yml).
"""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publish import networks
from publish.networks import graphemes, linkedin_escape, linkedin_unescape, mastodon_length, render, x_length

# No deadline: the machine is shared and tests never assert on time.
examples = settings(deadline=None, max_examples=120, suppress_health_check=[HealthCheck.too_slow])

LINK = "https://cedarhollow.example.org/posts/sleep-and-worry/"

# --------------------------------------------------------------------------
# Building blocks for generated text
# --------------------------------------------------------------------------

FAMILY = "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466"
EMOJI = [
    FAMILY,  # ZWJ family
    "\U0001F469\U0001F3FD\u200D\U0001F4BB",  # woman technologist, medium skin tone
    "\U0001F3F3\uFE0F\u200D\U0001F308",  # rainbow flag (VS16 + ZWJ)
    "\U0001F1FA\U0001F1F8",  # flag: US
    "\U0001F1EC\U0001F1E7",  # flag: GB
    "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F",  # flag: Scotland (tags)
    "1\uFE0F\u20E3",  # keycap 1
    "#\uFE0F\u20E3",  # keycap #
    "\U0001F44B\U0001F3FF",  # waving hand, dark skin tone
    "\u2764\uFE0F",  # red heart with VS16
    "\U0001F600",  # grinning face
    "\U0001F937\U0001F3FB\u200D\u2640\uFE0F",  # woman shrugging, light skin tone
]
CJK = "睡眠と不安についての短い文章。마음이편안해요心理治疗"
ARABIC = "النوم والقلق"
HEBREW = "שינה ודאגה"
LATIN = "Sleep and worry: rest, routine; calm!"
MARKS = ["\u0301", "\u0308", "\u0323", "\u0327", "\u064E", "\u05B8"]  # Latin, Arabic and Hebrew combining marks

word_alphabet = st.sampled_from(list(CJK + ARABIC.replace(" ", "") + HEBREW.replace(" ", "") + "abcdefgHIJ0123éü"))
plain_words = st.text(alphabet=word_alphabet, min_size=1, max_size=8)
marked_words = st.tuples(plain_words, st.lists(st.sampled_from(MARKS), min_size=1, max_size=3)).map(lambda t: t[0] + "".join(t[1]))
emoji = st.sampled_from(EMOJI)
url_paths = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_/", min_size=0, max_size=120).map(lambda p: p.lstrip("/"))
urls = st.builds(
    lambda scheme, host, tld, path: f"{scheme}://{host}.{tld}/{path}",
    st.sampled_from(["http", "https"]),
    st.from_regex(r"[a-z][a-z0-9]{0,20}(\.[a-z][a-z0-9]{0,10})?", fullmatch=True),
    st.sampled_from(["org", "com", "net", "de", "co.uk", "io"]),
    url_paths,
)
bare_domains = urls.map(lambda u: u.split("://", 1)[1])  # "example.org/path": a link on X and Bluesky
pieces = st.one_of(plain_words, marked_words, emoji, urls, bare_domains, st.sampled_from([ARABIC, HEBREW, LATIN, CJK]))
summaries = st.lists(pieces, min_size=1, max_size=25).map(" ".join)
notes = st.one_of(st.just(""), st.sampled_from(["Grief", "This post is about suicide.", "喪失について", "فقدان"]))


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------


@examples
@given(summaries, notes)
def test_bluesky_facets_slice_the_exact_links_from_the_utf8_text(summary, note):
    r = render("bluesky", summary, LINK, note)
    data = r.wire_text.encode("utf-8")
    assert r.facets, "the canonical link is always a facet"
    for start, end, uri in r.facets:
        shown = data[start:end].decode("utf-8")
        assert uri == (shown if shown.lower().startswith(("http://", "https://")) else "https://" + shown)
    assert (len(data) - len(LINK.encode()), len(data), LINK) == r.facets[-1]  # the link closes the text
    starts = [f[0] for f in r.facets]
    assert starts == sorted(starts)


@examples
@given(summaries, urls, urls)
def test_a_url_counts_23_on_x_and_mastodon_whatever_its_length(text, url_a, url_b):
    base = text + " "
    assert x_length(base + url_a) == x_length(base) + 23
    assert x_length(base + url_a) == x_length(base + url_b)
    assert mastodon_length(base + url_a) == mastodon_length(base) + 23
    assert mastodon_length(base + url_a) == mastodon_length(base + url_b)


@examples
@given(summaries, bare_domains)
def test_a_bare_domain_counts_23_on_x_and_in_full_on_mastodon(text, domain):
    base = text + " "
    assert x_length(base + domain) == x_length(base) + 23
    assert mastodon_length(base + domain) == mastodon_length(base) + len(domain)  # ASCII: 1 grapheme each


@examples
@given(urls)
def test_a_url_counts_in_full_on_bluesky(url):
    r = render("bluesky", "Read:", url)
    assert r.length == len("Read:\n\n") + len(url)  # ASCII: one grapheme per character


@examples
@given(summaries, st.sampled_from(MARKS))
def test_appending_a_combining_mark_never_changes_grapheme_counts(summary, mark):
    summary = summary.strip()
    assert graphemes(summary + mark) == graphemes(summary)
    for network in ("bluesky", "mastodon"):
        assert render(network, summary + mark, LINK).length == render(network, summary, LINK).length


@examples
@given(summaries)
def test_nfc_and_nfd_weigh_the_same_on_x(text):
    nfc, nfd = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)
    assert x_length(nfd) == x_length(nfc)
    assert render("x", nfd, LINK).length == render("x", nfc, LINK).length


@examples
@given(st.lists(emoji, min_size=1, max_size=30))
def test_each_emoji_sequence_weighs_2_on_x_and_is_1_grapheme(seq):
    text = "".join(seq)
    assert x_length(text) == 2 * len(seq)
    assert graphemes(text) == len(seq)
    assert mastodon_length(text) == len(seq)


@examples
@given(st.text(alphabet=st.sampled_from(list(ARABIC + HEBREW + "abc XYZ,;:!?-é\u064E\u05B8")), max_size=200))
def test_rtl_and_latin_weigh_1_per_code_point_on_x(text):
    # No dot: no URL. Arabic (U+0600…) and Hebrew (U+0590…) are below 4352, so weight 1.
    assert x_length(text) == len(unicodedata.normalize("NFC", text))


@examples
@given(st.text(alphabet=st.sampled_from(list(CJK)), max_size=200))
def test_cjk_weighs_2_on_x(text):
    assert x_length(text) == 2 * len(text)


@examples
@given(st.text())
def test_linkedin_escaping_round_trips_and_leaves_no_bare_reserved_character(text):
    escaped = linkedin_escape(text)
    assert linkedin_unescape(escaped) == text
    stripped = escaped
    for ch in "\\|{}@[]()<>#*_~":
        stripped = stripped.replace("\\" + ch, "")
    assert not any(ch in stripped for ch in "|{}@[]()<>#*_~\\")


@examples
@given(st.sampled_from(sorted(networks.NETWORKS)), summaries, notes, st.integers(min_value=20, max_value=400))
def test_text_that_does_not_fit_is_never_shortened(network, summary, note, limit):
    r = render(network, summary, LINK, note, None, limit if network == "mastodon" else None)
    assert summary.strip() in r.text
    assert r.text.endswith(LINK)
    assert (linkedin_unescape(r.wire_text) if network == "linkedin" else r.wire_text) == r.text
    assert r.fits is (r.length <= r.limit and (r.byte_limit is None or r.bytes <= r.byte_limit))
    assert r.over_by == max(0, r.length - r.limit)
    assert r.bytes == len(r.wire_text.encode("utf-8"))
    if network == "mastodon":
        assert r.content_warning == note.strip() and not r.text.startswith("Content note:")
    elif note:
        assert r.text.startswith(f"Content note: {note}\n\n") and r.content_warning == ""


@examples
@given(st.sampled_from(sorted(networks.NETWORKS)), summaries, notes)
def test_fingerprint_binds_everything_that_goes_out(network, summary, note):
    a = render(network, summary, LINK, note, title="T", lang="en")
    assert a.fingerprint() == render(network, summary, LINK, note, title="T", lang="en").fingerprint()
    assert len(a.fingerprint()) == 64
    changed = [
        render(network, summary + " more", LINK, note, title="T", lang="en"),
        render(network, summary, LINK + "x", note, title="T", lang="en"),
        render(network, summary, LINK, note + " too", title="T", lang="en"),
        render(network, summary, LINK, note, title="T", lang="de"),
    ]
    if network in ("bluesky", "linkedin"):
        changed.append(render(network, summary, LINK, note, title="Other", lang="en"))
    assert a.fingerprint() not in {c.fingerprint() for c in changed}
    assert json.loads(json.dumps(a.payload()))["wire_text"] == a.wire_text


# --------------------------------------------------------------------------
# Examples with known numbers
# --------------------------------------------------------------------------

# X: from twitter-text's conformance/validate.yml (WeightedTweetsCounterTest and
# WeightedTweetsWithDiscountedEmojiCounterTest), and checked against the npm package
# twitter-text 3.1.0 (bench/counting).
X_CONFORMANCE = [
    ("Hi http://test.co", 26),  # "Regular Tweet with url"
    ("http://test.co", 23),  # "Just url"
    ("Test https://test.com test https://test.com test.com test", 86),  # "Count multiple URLs correctly"
    ("test.com", 23),  # "Count a URL without protocol as 23 characters"
    ("\u00c1B", 2),  # "'Á' is normalized into 1 char"
    ("A\ufb2c", 4),  # "שּׁ is normalized into 3 chars"
    ("\U0001F637\U0001F47E\U0001F621\U0001F525\U0001F4A9", 10),  # "Count unicode emoji chars inside the basic multilingual plane"
    (FAMILY * 140, 280),  # "140 family emoji"
    ("Unicode 9.0 emoji: \U0001F920; \U0001F483; \U0001F483\U0001F3FE", 29),  # "Unicode 9.0 emoji"
    (
        "Unicode 10.0 emoji: \U0001F92A; \U0001F9D5; \U0001F9D5\U0001F3FE; \U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F",
        34,
    ),  # "Unicode 10.0 emoji"
    ("randomurl" * 7 + "s.com", 68),  # "Handle a 64 character domain without protocol": a 64-character label is no host
    ("故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。" * 5, 320),  # "160 CJK char"
    (
        "This is a tweet with general punctuation characters: \u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
        "\u200A\u200B\u200C\u200D ‐ ‑ ‒ – — ― ‖  ‗ ‘ ’ ‚ ‛ “ ” „ ‟ ′ ″ ‴ ‵ ‶ ‷",
        112,
    ),
]


@pytest.mark.parametrize("text, expected", X_CONFORMANCE, ids=[f"conformance-{i}" for i in range(len(X_CONFORMANCE))])
def test_x_conformance_examples(text, expected):
    assert x_length(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Crisis line: 988lifeline.org", 13 + 23),  # a bare domain is a link
        ("(see example.com/help) ok", 5 + 23 + 4),  # closing paren is not part of the path
        ("mail hello@example.org", 5 + 5 + 1 + 11),  # after @ a domain is not a link
        ("localhost/x and a.zzz", 21),  # no known top-level domain: plain characters
        ("https://en.wikipedia.org/wiki/Primer_(film).", 23 + 1),  # balanced parens are in, the full stop is not
        ("\u00a9 2026", 6),  # © alone is text (1)
        ("\u00a9\uFE0F", 2),  # © with VS16 is an emoji
        ("\u263A\uFE0E", 4),  # text-style VS15 is not part of an emoji: 2 + 2
        ("\U0001F600\u0301", 3),  # a combining mark after an emoji counts on its own
        ("a\u200Db", 3),  # ZWJ between letters is a general punctuation character: 1
        ("日本語example.com", 6 + 23),  # the ASCII part of a host next to CJK is the link
        # twitter-text matches UTF-16 units: an emoji's second half may precede a URL, so
        # "-x1.edu/index" right after an emoji is a link; after a space, the "-" before a
        # bare domain keeps it from being one.
        ("\U0001F92A-x1.edu/index", 2 + 23),
        ("a -x1.edu/index", 15),
        ("x." * 1500, 3000),  # a long run of labels with no known ending: plain characters
        ("x." * 1500 + "com", 23),  # …and with one, a single link
        ("a-b.zzz.com/x", 23),  # an unknown middle label: the host still ends at .com
    ],
)
def test_x_hand_checked(text, expected):
    assert x_length(text) == expected


@pytest.mark.parametrize(
    "text, spoiler, expected",
    [
        ("Hi @alice@social.example.org", "", len("Hi @alice")),
        ("Hi @bob and https://example.org/a/very/long/path/that/goes/on?x=1", "", len("Hi @bob and ") + 23),
        ("See example.org", "", 15),  # no scheme: Mastodon does not shorten it
        ("Text.", "Grief", 10),  # the content warning counts with the text
        (f"{FAMILY} e\u0301 日本", "", 6),
        ("https://example.org/@user@host/x", "", 23),  # a URL covers the mention inside it
        ("gemini://example.org/x.", "", 24),  # Mastodon links a few other schemes too
        ("https://example.org/a(b)c", "", 23),  # Mastodon's looser path keeps balanced parens
    ],
)
def test_mastodon_hand_checked(text, spoiler, expected):
    assert mastodon_length(text, spoiler) == expected


def test_bluesky_counts_graphemes_and_bytes():
    text = f"Cafe\u0301 {FAMILY} 日本"
    r = render("bluesky", text, LINK)
    # C a f é ␠ family ␠ 日 本 = 9 graphemes; 3 + 3 (e + U+0301) + 1 + 25 + 1 + 6 = 39 bytes
    assert r.length == 9 + 2 + len(LINK)
    assert r.bytes == 39 + 2 + len(LINK)
    assert r.byte_limit == 3000 and r.limit == 300
    assert r.facets == ((41, 41 + len(LINK), LINK),)
    assert (r.card.uri, r.card.title, r.card.description) == (LINK, "", text)


def test_bluesky_facets_for_links_inside_the_summary():
    summary = "Read (https://example.org/a_(b)) and https://example.com/x."
    r = render("bluesky", summary, LINK)
    assert [f[2] for f in r.facets] == ["https://example.org/a_(b)", "https://example.com/x", LINK]


def test_bluesky_links_bare_domains_like_the_app():
    summary = "Visit example.org/help. Not 988lifeline.org, e.g. or x.zzz; Find.Us"
    r = render("bluesky", summary, LINK)
    data = r.wire_text.encode("utf-8")
    assert [(data[s:e].decode(), uri) for s, e, uri in r.facets] == [
        ("example.org/help", "https://example.org/help"),
        (LINK, LINK),
    ]


def test_linkedin_escapes_and_counts_utf16_units():
    r = render("linkedin", "Hope (and help) \U0001F600", LINK, "Grief", title="Hope", description="About hope", lang="en")
    assert r.text == f"Content note: Grief\n\nHope (and help) \U0001F600\n\n{LINK}"
    assert r.wire_text == f"Content note: Grief\n\nHope \\(and help\\) \U0001F600\n\n{LINK}"
    assert r.length == len(r.wire_text) + 1  # the emoji is 2 UTF-16 units
    assert (r.card.title, r.card.description, r.lang) == ("Hope", "About hope", "en")
    assert r.facets == () and r.content_warning == ""


def test_x_and_mastodon_have_no_card_and_render_is_positional_compatible():
    for network in ("x", "mastodon"):
        r = render(network, "Hello.", LINK, "", None, None)
        assert r.card is None and r.facets == () and r.byte_limit is None and r.wire_text == r.text
    assert render("mastodon", "a" * 80, LINK, "", None, 100).limit == 100


def test_fingerprint_is_sha256_of_canonical_json():
    import hashlib

    r = render("bluesky", "Hello.", LINK, "", title="T", lang="en")
    canonical = json.dumps(
        {
            "card": {"description": "Hello.", "title": "T", "uri": LINK},
            "content_warning": "",
            "facets": [[8, 8 + len(LINK), LINK]],
            "lang": "en",
            "link": LINK,
            "network": "bluesky",
            "wire_text": f"Hello.\n\n{LINK}",
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    assert r.fingerprint() == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
