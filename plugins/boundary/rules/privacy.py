"""B7 — privacy of readers (HHS OCR tracking bulletin 2022/2024; FTC Health Breach Notification Rule).

Posts may carry raw HTML; these rules read it (the prose rules do not). What a
post would make a reader's browser fetch or run from another website (B701,
B702, B703, B705) is found by the same parser and the same rules as the publish
audit's (boundary/site.py: html.parser, a CSS tokenizer, browser-style address
resolution), over the post's HTML with code blocks and code spans blanked, plus
its Markdown images; so `invoke check` says before publish what the audit would
refuse, and a tracker in the theme stops the deploy too.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from itertools import accumulate
from pathlib import Path

from ..lexicon import alternation
from ..model import Example, Hit, Rule, Severity
from ..prefilter import may_match, required_for
from ..source import _code_spans, tag_finditer

SRC = "HHS OCR Bulletin on online tracking technologies (2022, rev. 2024); FTC Health Breach Notification Rule; FTC v. GoodRx, FTC v. BetterHelp (2023)"
P = "---\ntitle: \"A post\"\ndate: 2025-03-04\nsummary: \"A summary.\"\naudience: public\nrisk: low\n---\n\n"

_TRACKER: re.Pattern | None = None


def tracker_rx() -> re.Pattern:
    global _TRACKER
    if _TRACKER is None:
        _TRACKER = re.compile(alternation("trackers.yaml", "trackers"), re.I)
    return _TRACKER


_PIXEL = re.compile(r"<img\b[^>]*\b(?:width|height)\s*=\s*[\"']?1[\"'\s>][^>]*>", re.I)
#: The tag _PIXEL begins with (for tag_finditer: no rescans on "<img " * 30000).
_PIXEL_HEAD = re.compile(r"<img\b", re.I)
_FORM = re.compile(r"<form\b.*?(?:</form\s*>|$)", re.I | re.S)
_HEALTH_FIELD = re.compile(
    r"\b(?:symptoms?|diagnos\w*|medications?|meds|prescri\w+|conditions?|mental health|health history|medical history|hospitali[sz]\w*|"
    r"suicid\w*|self-harm|trauma|substance|alcohol|drug use|therapy history|treatment|reason for (?:seeking|visit|contacting|reaching)|"
    r"what brings you|presenting (?:problem|concern)|insurance (?:id|member)|date of birth|dob|ssn|pregnan\w+)\b",
    re.I,
)
_CARE = re.compile(
    r"\b(?:appointments?|intake|book(?:ing)?|schedul\w+|telehealth|get(?:ting)? started|new clients?|first session|our services|fees|insurance|contact us|your care|consultation|"
    # what care at this practice is like: "when you come to see us", "sessions with me"
    r"(?:come|coming) to see (?:us|me)|(?:sessions?|treatment|therapy) (?:with|at) (?:us|me|our practice|my practice))\b",
    re.I,
)


def host_of(url: str) -> str:
    return re.sub(r"^(?:https?:)?//", "", url.lower()).split("/")[0].split(":")[0].removeprefix("www.")


def _raw_body(post) -> str:
    """The body's text with code blocks and code spans blanked (same length): HTML shown as code
    ("a tracking pixel looks like this: …") is text on the page, and loads nothing."""
    text = post.body.text
    code = [b for b in post.body.blocks if b.kind == "code"]
    if not code and "`" not in text:
        return text
    chars = list(text)
    for b in code:
        chars[b.start : b.end] = [c if c == "\n" else " " for c in text[b.start : b.end]]
    if "`" in text:
        for a, b in _code_spans(text):  # linear: a run of thousands of backticks is no trap
            if a >= post.body_start:
                chars[a:b] = [c if c == "\n" else " " for c in text[a:b]]
    return "".join(chars)


#: A Markdown reference definition ("[label]: url"), and the images that use one.
_REF_DEF = re.compile(r"^[ ]{0,3}\[([^\]\n]{1,999})\]:[ \t]*(<[^>\n]*>|\S+)", re.M)
_REF_IMAGE = re.compile(r"!\[([^\]\n]{0,999})\](?:\[([^\]\n]{0,999})\])?")


def fetches(post, ctx) -> list:
    """(start, end, site.Ref) in the body segment: everything the post would make a reader's browser
    fetch or run from another website. Read once per post for B701, B702, B703 and B705."""
    return ctx.memo("privacy_fetches", lambda: list(_find_fetches(post, ctx.practice)))


def _find_fetches(post, practice):
    from .. import site  # not at import time: site imports this module

    text = _raw_body(post)
    own = site.own_hosts(practice)
    base = site._base(practice, "").rstrip("/") + "/posts/a-post/"
    # HTML is read as written (the checker's reading text has entities decoded: "&lt;img" is no tag).
    source, start, back = _written_body(post)
    body = source[start:]
    if "<" in body:
        low = body.lower()
        lines = [0, *accumulate(len(line) for line in body.splitlines(keepends=True))]
        for ref in site.scan_html(body, base, own):
            a = lines[min(ref.line, len(lines)) - 1] + ref.col
            found = low.find(ref.host, a, a + 4000) if ref.host else -1
            a, b = (found, found + len(ref.host)) if found >= 0 else (a, a + 1)
            yield back(start + a), max(back(start + b), back(start + a) + 1), ref
    start, body = post.body_start, text[post.body_start :]
    for image in post.images:
        if not image.src or text[image.offset : image.offset + 1] != "!":
            continue  # an <img> tag (read above), or an image in code (blanked: shown, never loaded)
        src = html.unescape(image.src).strip()
        if src.startswith("<") and src.endswith(">"):
            src = src[1:-1]
        yield from _refs_at(site, base, own, src, image.offset, "an image (Markdown ![…](…))")
    if "![" in body and "]:" in body:
        used = set()
        for m in _REF_IMAGE.finditer(body):
            used.add(" ".join((m.group(2) or m.group(1)).split()).lower())
        for m in _REF_DEF.finditer(body):
            if " ".join(m.group(1).split()).lower() in used:
                url = html.unescape(m.group(2)).strip()
                if url.startswith("<") and url.endswith(">"):
                    url = url[1:-1]
                yield from _refs_at(site, base, own, url, start + m.start(2), "an image (Markdown ![…][…] and its [label]: address)")


def _written_body(post):
    """(the body's text as written, with code blanked; where the body starts in it; a function from an
    offset in it to one in post.body.text). The same text as _raw_body's when nothing was decoded."""
    seg = post.body
    origin, original = seg.origin, seg.original
    if origin is None or original is None:
        return _raw_body(post), post.body_start, lambda o: o
    n = len(original)

    def there(i: int) -> int:
        return origin[i] if i < len(origin) else n

    chars = list(original)
    for b in seg.blocks:
        if b.kind == "code" and b.end > b.start:
            a0, a1 = there(b.start), there(b.end - 1) + 1
            chars[a0:a1] = [c if c == "\n" else " " for c in original[a0:a1]]
    start = there(post.body_start)
    if "`" in original:
        for a, b in _code_spans(original):
            if a >= start:
                chars[a:b] = [c if c == "\n" else " " for c in original[a:b]]
    return "".join(chars), start, lambda o: bisect_left(origin, o)


def _refs_at(site, base, own, url, offset, what):
    scan = site._Scan(base, own)
    scan.url(url, 1, what)
    for ref in scan.refs:
        yield offset, offset + 2, ref


def _detail(ref) -> str:
    if not ref.host:
        return f"{ref.what} would run in every reader's browser"
    if ref.code == "B703":
        return f"{ref.what} sends what readers type to {ref.host}"
    if ref.what.startswith("a redirect"):
        return f"{ref.what} sends every reader to {ref.host} without a click"
    return f"{ref.what} loads from {ref.host}, another website, without a click"


#: Strings one of which most tracker words contain (any substring of a word will do).
_PREFERRED_ANCHORS = (".com", ".net", ".io", ".ms", ".js", ".cloud", "_", "q(", "g(", "k(", "a('", 'a("', "t.co/")
_ANCHORS: dict = {}


def _anchors(rx: re.Pattern) -> tuple[str, ...] | None:
    """Strings one of which each of rx's prefilter words contains: the preferred ones the words
    hold, and the words that hold none of them. No anchor in a text means no word in it, so
    may_match(rx, text) is False: the same answer for fewer searches."""
    try:
        return _ANCHORS[rx]
    except KeyError:
        pass
    words = required_for(rx)
    found = None
    if words is not None:
        kept = [a for a in _PREFERRED_ANCHORS if any(a in w for w in words)]
        found = tuple(kept) + tuple(sorted(w for w in words if not any(a in w for a in kept)))
    _ANCHORS[rx] = found
    return found


def _may_match_anchored(rx: re.Pattern, low: str) -> bool:
    """may_match(rx, low), asked first of the few anchors (exact: see _anchors)."""
    anchors = _anchors(rx)
    if anchors is not None and not any(a in low for a in anchors):
        return False
    return may_match(rx, low)


def _tracker(post, ctx):
    text = _raw_body(post)
    low = ctx.memo("raw_lower", lambda: text.lower())
    rx = tracker_rx()
    if _may_match_anchored(rx, low):
        yield from _tracker_hits(post, text, rx)
    if "<img" in low:
        yield from _pixels(post, ctx, text)
    for a, b, ref in fetches(post, ctx):
        # A tracker's host written out is found above; this adds the ones written in disguise (&#104;ttps…).
        if ref.code == "B701" and ref.host and ref.host.lower() not in low:
            yield Hit(post.body, a, b, _detail(ref), Severity.BLOCK)


def _tracker_hits(post, text, rx):
    for m in rx.finditer(text, post.body_start):
        yield Hit(post.body, m.start(), m.end(), f"\"{m.group(0)}\" is a tracking or advertising service")


def _pixels(post, ctx, text):
    for m in tag_finditer(_PIXEL, _PIXEL_HEAD, text, post.body_start):
        src = re.search(r"\bsrc\s*=\s*[\"']?((?:https?:)?//[^\"'\s>]+)", m.group(0), re.I)
        if src and not ctx.practice.is_own_url(src.group(1)):
            yield Hit(post.body, m.start(), m.end(), f"a 1×1 tracking pixel from {host_of(src.group(1))}")


def _embed(post, ctx):
    # Every page of a therapist's site is read by people seeking care: the host of an embed
    # learns who read which page, whatever the page is about (HHS OCR 2024; FTC BetterHelp).
    for a, b, ref in fetches(post, ctx):
        if ref.code == "B702":
            yield Hit(post.body, a, b, _detail(ref), Severity.BLOCK)


def _form(post, ctx):
    text = _raw_body(post)
    for m in _FORM.finditer(text, post.body_start) if "<" in text else ():
        fields = " ".join(re.findall(r"\b(?:name|id|placeholder|aria-label|for)\s*=\s*[\"']([^\"']+)", m.group(0), re.I))
        labels = re.sub(r"<[^>]+>", " ", m.group(0))
        hit = _HEALTH_FIELD.search(fields + " " + labels)
        if hit:
            yield Hit(post.body, m.start(), m.start() + 5, f"the form asks for health details (\"{hit.group(0)}\")")
    for a, b, ref in fetches(post, ctx):
        if ref.code == "B703":
            yield Hit(post.body, a, b, _detail(ref), Severity.BLOCK)


def _gps(path: Path) -> bool:
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow is a dependency
        return False
    try:
        with Image.open(path) as img:
            exif = img.getexif()
            gps = exif.get_ifd(0x8825) if exif else {}
            return bool(gps)
    except (OSError, ValueError, SyntaxError):
        return False


def resolve_image(post_path: str, src: str) -> Path | None:
    """Find an image the post refers to: next to the post, or under the content root."""
    src = re.sub(r"^\{(?:static|attach|filename)\}", "", src).split("?")[0].split("#")[0]
    if not src or re.match(r"^(?:[a-z]+:)?//", src, re.I) or src.startswith("data:"):
        return None
    base = Path(post_path).resolve().parent
    candidates = [base / src.lstrip("/")]
    for parent in list(base.parents)[:4]:
        candidates.append(parent / src.lstrip("/"))
    for c in candidates:
        if c.is_file():
            return c
    return None


def _image_location(post, ctx):
    for image in post.images:
        path = resolve_image(post.path, image.src)
        if path and _gps(path):
            yield Hit(post.body, image.offset, image.offset + 2, f"{image.src} carries GPS location data in its EXIF metadata")


_CDN = re.compile(r"@import\s+url\(|fonts\.googleapis\.com|fonts\.gstatic\.com|use\.typekit\.net|cdnjs\.cloudflare\.com|cdn\.jsdelivr\.net|unpkg\.com", re.I)


#: The letters outside ASCII that re.IGNORECASE equates with an ASCII letter
#: but that do not lower to it (checked over all of Unicode in
#: tests/test_speed_safe.py; the Kelvin sign lowers to k).
_ODD_FOLDS = ("İ", "ı", "ſ")


def _cdn_possible(body: str, ctx, text: str) -> bool:
    """False only when _CDN cannot match in body (the part of text after the frontmatter).

    Every _CDN match holds one of its prefilter words (prefilter.required_for,
    derived from the pattern). Without the odd letters above, a case-insensitive
    match of an ASCII word is that word in the lowered text; the lowered whole
    text holds the lowered body, so a word missing from it is missing from body.
    """
    if not (body.isascii() or not any(c in body for c in _ODD_FOLDS)):
        return True
    words = required_for(_CDN)
    if words is None or not all(w.isascii() for w in words):
        return True
    low = ctx.memo("raw_lower", lambda: text.lower())
    return any(w in low for w in words)


def _third_party_asset(post, ctx):
    text = _raw_body(post)
    found = fetches(post, ctx)
    for a, b, ref in found:
        if ref.code == "B705":
            yield Hit(post.body, a, b, _detail(ref), Severity.BLOCK)
    body = text[post.body_start :]
    covered = " ".join(ref.host + " " + ref.what for _a, _b, ref in found).lower()
    for m in _CDN.finditer(body) if _cdn_possible(body, ctx, text) else ():
        # A CDN named in the text, not loaded by any tag above (a link to it, say): worth a look, no more.
        word = m.group(0).lower()
        if word in covered or (word.startswith("@import") and "@import" in covered):
            continue
        yield Hit(post.body, post.body_start + m.start(), post.body_start + m.end(), f"\"{m.group(0)}\" loads from another host", Severity.WARN)


def rules() -> list[Rule]:
    return [
        Rule("B701", "third-party-tracker", Severity.BLOCK,
             "A tracker or advertising pixel",
             "Trackers on health-related pages send readers' visits (and what they read) to advertisers; regulators treat that as a disclosure of health information (HHS OCR 2024; FTC GoodRx, BetterHelp).",
             "Remove the snippet. This kit makes no third-party requests; use server logs if you need visit counts.",
             SRC, _tracker,
             good=(Example(P + "We do not use analytics or cookies.\n"),),
             bad=(Example(P + "Welcome.\n\n<script src=\"https://www.googletagmanager.com/gtag/js?id=G-1\"></script>\n"),)),
        Rule("B702", "third-party-embed", Severity.BLOCK,
             "An embed, script or redirect from another host, or a script in the post",
             "Iframes, embeds and scripts from other hosts see every reader of the page; on a therapist's site that reveals who is reading about care (HHS OCR 2024; FTC BetterHelp order). A script written into a post (<script>, onload=…) runs in every reader's browser and can send anything anywhere; the site's security policy blocks it anyway.",
             "Link to the video or tool instead of embedding it; remove scripts and event handlers (onclick=…, onerror=…) from the post.",
             SRC, _embed,
             good=(Example(P + "Watch the [introduction video](https://video.example.net/intro).\n"),),
             bad=(Example(P.replace("audience: public", "audience: clients") + "Book an appointment below.\n\n<iframe src=\"https://scheduler.example.net/embed\"></iframe>\n"),
                  Example(P + "Here is what the first weeks look like when you come to see us. Practise this between appointments:\n\n"
                          "<iframe src=\"https://www.youtube-nocookie.com/embed/abc123\"></iframe>\n"),
                  Example(P + "Thanks for reading.\n\n<script>fetch('https://collect.example.net/hit?p=' + location.pathname)</script>\n"))),
        Rule("B703", "clinical-form", Severity.BLOCK,
             "A form that collects health details",
             "A website form is not a secure clinical channel; symptoms or diagnoses sent through it are exposed (HIPAA Security Rule; HHS OCR 2024).",
             "Remove the form; ask people to call, and collect clinical information in the secure intake system.",
             SRC + "; HIPAA 45 CFR 164.312", _form,
             good=(Example(P + "To book, call the office.\n"),),
             bad=(Example(P + "<form action=\"/send\">\n<label>Your symptoms <textarea name=\"symptoms\"></textarea></label>\n</form>\n"),)),
        Rule("B704", "image-location", Severity.BLOCK,
             "An image carries GPS location data",
             "Photo metadata can reveal where you live or where a photo was taken (FTC; NASW 1.07).",
             "Remove location data from the photo (most photo apps can \"remove location\"; or re-export it).",
             SRC, _image_location,
             good=(Example(P + "No photo here.\n"),),
             bad=()),
        Rule("B705", "third-party-asset", Severity.BLOCK,
             "A font, style, image or other file loaded from another host",
             "Every file a page loads from another host (an image, a font, a stylesheet, a video's poster, a CSS url()) tells that host who is reading which page, before the reader clicks anything (HHS OCR 2024; FTC GoodRx, BetterHelp).",
             "Download the file into content/images (or the theme) and link it there. A plain link to the file is fine: nothing is fetched until the reader clicks.",
             SRC, _third_party_asset,
             good=(Example(P + "![Our office](images/office.jpg)\n"),
                   Example(P + "See [the chart](https://cdn.example.net/chart.png) on the publisher's site.\n"),
                   Example(P + "An image from another site looks like this in Markdown:\n\n```\n![A chart](https://cdn.example.net/chart.png)\n```\n")),
             bad=(Example(P + "![A chart](https://cdn.example.net/chart.png)\n"),
                  Example(P + "<img src=\"&#104;ttps://cdn.example.net/chart.png\" alt=\"A chart\">\n"),
                  Example(P + "<p style=\"background: url(//cdn.example.net/bg.png)\">Welcome.</p>\n"))),
    ]
