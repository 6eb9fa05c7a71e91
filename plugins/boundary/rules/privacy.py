"""B7 — privacy of readers (HHS OCR tracking bulletin 2022/2024; FTC Health Breach Notification Rule).

Posts may carry raw HTML; these rules read it (the prose rules do not). The
same checks run over templates and every built page in the publish audit
(boundary/site.py), so a tracker in the theme stops the deploy too.
"""

from __future__ import annotations

import re
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


_REMOTE = re.compile(r"<(iframe|script|embed|object|video|audio|source|img|link)\b[^>]*?\b(src|href|data)\s*=\s*[\"']?((?:https?:)?//[^\"'\s>]+)", re.I)
_PIXEL = re.compile(r"<img\b[^>]*\b(?:width|height)\s*=\s*[\"']?1[\"'\s>][^>]*>", re.I)
#: The tags _REMOTE and _PIXEL begin with (for tag_finditer: no rescans on "<img " * 30000).
_REMOTE_HEAD = re.compile(r"<(iframe|script|embed|object|video|audio|source|img|link)\b", re.I)
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


def remote_resources(text: str, practice):
    """(start, end, tag, url) for each resource a browser would fetch from another host."""
    if "<" not in text:
        return  # every resource is an HTML tag
    for m in tag_finditer(_REMOTE, _REMOTE_HEAD, text):
        tag, url = m.group(1).lower(), m.group(3)
        if tag == "link":
            rel = re.search(r"\brel\s*=\s*[\"']?([^\"'>]+)", m.group(0), re.I)
            if not rel or not set(rel.group(1).lower().split()) & {"stylesheet", "preload", "prefetch", "icon", "preconnect", "dns-prefetch", "modulepreload"}:
                continue
        if practice.is_own_url(url):
            continue
        yield m.start(3), m.end(3), tag, url


def _markdown_remote_images(post, practice):
    for image in post.images:
        if re.match(r"^(?:https?:)?//", image.src) and not practice.is_own_url(image.src):
            yield image


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


def _tracker_hits(post, text, rx):
    for m in rx.finditer(text, post.body_start):
        yield Hit(post.body, m.start(), m.end(), f"\"{m.group(0)}\" is a tracking or advertising service")


def _pixels(post, ctx, text):
    for m in tag_finditer(_PIXEL, _PIXEL_HEAD, text, post.body_start):
        src = re.search(r"\bsrc\s*=\s*[\"']?((?:https?:)?//[^\"'\s>]+)", m.group(0), re.I)
        if src and not ctx.practice.is_own_url(src.group(1)):
            yield Hit(post.body, m.start(), m.end(), f"a 1×1 tracking pixel from {host_of(src.group(1))}")


def _embed(post, ctx):
    text = _raw_body(post)
    for a, b, tag, url in remote_resources(text[post.body_start :], ctx.practice):
        if tag not in ("iframe", "script", "embed", "object"):
            continue
        if tracker_rx().search(url):
            continue  # B701 reports it
        # Every page of a therapist's site is read by people seeking care: the host of an embed
        # learns who read which page, whatever the page is about (HHS OCR 2024; FTC BetterHelp).
        sev = Severity.BLOCK
        yield Hit(post.body, post.body_start + a, post.body_start + b, f"<{tag}> loads {host_of(url)}", sev)


def _form(post, ctx):
    text = _raw_body(post)
    for m in _FORM.finditer(text, post.body_start) if "<" in text else ():
        fields = " ".join(re.findall(r"\b(?:name|id|placeholder|aria-label|for)\s*=\s*[\"']([^\"']+)", m.group(0), re.I))
        labels = re.sub(r"<[^>]+>", " ", m.group(0))
        hit = _HEALTH_FIELD.search(fields + " " + labels)
        if hit:
            yield Hit(post.body, m.start(), m.start() + 5, f"the form asks for health details (\"{hit.group(0)}\")")


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
    for a, b, tag, url in remote_resources(text[post.body_start :], ctx.practice):
        if tag in ("iframe", "script", "embed", "object") or tracker_rx().search(url):
            continue
        yield Hit(post.body, post.body_start + a, post.body_start + b, f"<{tag}> loads {host_of(url)}")
    for image in _markdown_remote_images(post, ctx.practice):
        yield Hit(post.body, image.offset, image.offset + 2, f"the image loads from {host_of(image.src)}")
    body = text[post.body_start :]
    for m in _CDN.finditer(body) if _cdn_possible(body, ctx, text) else ():
        yield Hit(post.body, post.body_start + m.start(), post.body_start + m.end(), f"\"{m.group(0)}\" loads from another host")


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
             "An embed or script from another host",
             "Iframes and scripts from other hosts see every reader of the page; on a therapist's site that reveals who is reading about care (HHS OCR 2024; FTC BetterHelp order).",
             "Link to the video or tool instead of embedding it.",
             SRC, _embed,
             good=(Example(P + "Watch the [introduction video](https://video.example.net/intro).\n"),),
             bad=(Example(P.replace("audience: public", "audience: clients") + "Book an appointment below.\n\n<iframe src=\"https://scheduler.example.net/embed\"></iframe>\n"),
                  Example(P + "Here is what the first weeks look like when you come to see us. Practise this between appointments:\n\n"
                          "<iframe src=\"https://www.youtube-nocookie.com/embed/abc123\"></iframe>\n"))),
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
        Rule("B705", "third-party-asset", Severity.WARN,
             "A font, style or image loaded from another host",
             "Every asset from another host tells that host who is reading the page (HHS OCR 2024).",
             "Download the asset into content/images or the theme and link it locally.",
             SRC, _third_party_asset,
             good=(Example(P + "![Our office](images/office.jpg)\n"),),
             bad=(Example(P + "![A chart](https://cdn.example.net/chart.png)\n"),)),
    ]
