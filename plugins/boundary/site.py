"""Site-level checks over templates, pages and every built file (B202, B506, B701–B705).

Run by the publish audit on the staged build: a tracker or a third-party
request anywhere in the site stops the deploy, wherever it came from (a post,
a page, the theme, a copied static file, a feed). Files are read with real
parsers (html.parser, a CSS tokenizer, expat), so entity-encoded, mixed-case,
padded and protocol-relative forms are the same reference to them as to a
browser. The checker's B701/B702/B705 read a post's HTML with the same code.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .model import Severity
from .practice import Practice
from .rules import privacy

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".tif", ".tiff", ".png", ".webp", ".heic"}


@dataclass(frozen=True)
class SiteFinding:
    code: str
    severity: Severity
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}  {self.code} ({self.severity.label}): {self.message}"


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _files(root: Path, suffixes: set[str]):
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix.lower() in suffixes:
            yield path


def check_html(text: str, rel: str, practice: Practice, siteurl: str = "") -> list[SiteFinding]:
    """Trackers, embeds, forms and third-party requests in one built page (or template)."""
    own = own_hosts(practice, siteurl)
    base = _base(practice, siteurl).rstrip("/") + "/" + rel
    out = [SiteFinding(r.code, Severity.BLOCK, rel, r.line, r.message()) for r in scan_html(text, base, own)]
    return out + _health_forms(text, rel)


def _health_forms(text: str, rel: str) -> list[SiteFinding]:
    out = []
    for m in privacy._FORM.finditer(text):
        fields = " ".join(re.findall(r"\b(?:name|id|placeholder|aria-label|for)\s*=\s*[\"']([^\"']+)", m.group(0), re.I))
        labels = re.sub(r"<[^>]+>", " ", m.group(0))
        hit = privacy._HEALTH_FIELD.search(fields + " " + labels)
        if hit:
            out.append(SiteFinding("B703", Severity.BLOCK, rel, _line(text, m.start()), f"a form asks for health details (\"{hit.group(0)}\")"))
    return out


def _base(practice: Practice, siteurl: str) -> str:
    """The address the site's pages are read at: SITEURL when absolute, else the practice's site."""
    from .practice import site_address

    return site_address(siteurl, practice.site_url, LOCAL_ORIGIN) + "/"


def check_site(output: str | Path, practice: Practice, theme: str | Path | None = None, pages: list | None = None,
               siteurl: str = "", policy: str | None = None) -> list[SiteFinding]:
    """Every site-level finding for a built site (every file in it) and its theme's templates.

    With `policy`, every HTML page must carry that Content-Security-Policy (publish/audit.py passes the site's own)."""
    root = Path(output)
    own = own_hosts(practice, siteurl)
    base = _base(practice, siteurl)
    findings: list[SiteFinding] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        try:
            refs = scan_file(path, rel, base, own, policy)
        except OSError as exc:
            refs = [Ref("B705", 1, f"this file cannot be read ({exc.strerror or exc}), so what it loads cannot be checked", "", "")]
        findings += [SiteFinding(r.code, Severity.BLOCK, rel, r.line, r.message()) for r in refs]
        if path.suffix.lower() in HTML_SUFFIXES:
            findings += _health_forms(path.read_text(encoding="utf-8", errors="replace"), rel)
        elif path.suffix.lower() in IMAGE_SUFFIXES and privacy._gps(path):
            findings.append(SiteFinding("B704", Severity.BLOCK, rel, 1, "the image carries GPS location data"))
    if theme:
        troot = Path(theme)
        for path in _files(troot / "templates", {".html", ".htm", ".xml", ".j2"}):
            text = path.read_text(encoding="utf-8", errors="replace")
            rel = f"theme/{path.relative_to(troot).as_posix()}"
            findings += check_html(text, rel, practice, siteurl)
            for m in privacy.tracker_rx().finditer(text):
                findings.append(SiteFinding("B701", Severity.BLOCK, rel, _line(text, m.start()), f"\"{m.group(0)}\" is a tracking or advertising service"))
    findings += _policy_and_licence(root, practice, pages)
    return findings


def _policy_and_licence(root: Path, practice: Practice, pages: list | None) -> list[SiteFinding]:
    out: list[SiteFinding] = []
    social = practice.raw.get("social") or {}
    html_pages = {str(p.relative_to(root)): p.read_text(encoding="utf-8", errors="replace") for p in _files(root, {".html"})}
    if social:
        has_policy = any(re.search(r"social[-_ ]?media", rel, re.I) for rel in html_pages) or any(
            re.search(r"social[- ]media polic", getattr(p, "title", "") or "", re.I) for p in (pages or [])
        )
        if not has_policy:
            out.append(SiteFinding("B202", Severity.WARN, "content/pages", 1, "the site links social accounts but has no social-media policy page (add content/pages/social-media-policy.md)"))
    licences = [c.licence for c in practice.clinicians if c.licence]
    if licences:
        for rel, text in html_pages.items():
            if not re.match(r"(?:services|fees|about|contact|location)(?:/|\.html)", rel):
                continue
            plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))
            missing = [lic for lic in licences if lic not in plain]
            if missing:
                out.append(SiteFinding("B506", Severity.WARN, rel, 1, f"this page advertises services but does not show licence {', '.join(missing)}"))
    return out


# ---------------------------------------------------------------------------
# What a browser fetches without a click: every built file, read with parsers
# ---------------------------------------------------------------------------
#
# HTML is read with Python's html.parser (entities decoded, tag and attribute
# names lowered, attribute order irrelevant), stylesheets and style attributes
# with the CSS tokenizer below (CSS Syntax Level 3: comments, strings, escapes,
# url(), functions, at-keywords), feeds with expat. Each address is cleaned and
# resolved the way a browser does (WHATWG URL: outer whitespace and inner tabs
# and newlines dropped, backslashes read as slashes, //host relative to the
# page's scheme) before its host is compared with the site's own.

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
CSS_SUFFIXES = {".css"}
XML_SUFFIXES = {".xml", ".rss", ".atom", ".xsl", ".xslt"}
SVG_SUFFIXES = {".svg"}
JS_SUFFIXES = {".js", ".mjs", ".cjs"}
MANIFEST_SUFFIXES = {".webmanifest"}
#: Files no browser reads references out of (images, fonts, the search index, archives).
OPAQUE_SUFFIXES = IMAGE_SUFFIXES | {".gif", ".ico", ".avif", ".bmp", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".wasm",
                                    ".pagefind", ".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter", ".gz", ".zip",
                                    ".pdf", ".mp3", ".mp4", ".webm", ".ogg", ".wav", ".txt", ".json"}
#: A placeholder origin for a site built without an absolute address (previews).
LOCAL_ORIGIN = "https://site.invalid/"
_SPECIAL = {"http", "https", "ws", "wss", "ftp"}
_JS_TYPES = {"", "text/javascript", "application/javascript", "application/x-javascript", "text/ecmascript",
             "application/ecmascript", "text/jscript", "text/livescript", "module", "javascript"}
_DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}
#: <link rel> values that never make the browser fetch anything by themselves.
_QUIET_RELS = {"alternate", "canonical", "me", "author", "license", "help", "next", "prev", "previous", "bookmark",
               "nofollow", "noopener", "noreferrer", "external", "tag", "home", "pingback", "webmention", "opener",
               "shortlink", "archives", "first", "last", "up", "index", "contents", "privacy-policy", "terms-of-service"}
_CODE_RELS = {"modulepreload"}
#: SVG presentation attributes that take url(…).
_CSS_ATTRS = {"style", "fill", "stroke", "filter", "mask", "clip-path", "marker-start", "marker-mid", "marker-end", "cursor"}


@dataclass(frozen=True)
class Ref:
    """One thing a browser would fetch or run on opening a file, that is not the site's own."""

    code: str
    line: int
    what: str  # "an image (<img src>)"
    host: str  # the other website; "" for code written into the page
    url: str
    col: int = 0  # of the tag, on its line (0 inside a stylesheet)

    def message(self) -> str:
        if not self.host and not self.url:
            return f"{self.what}. Fix the file, or remove it from the site."
        if not self.host:
            return (f"{self.what} would run in every visitor's browser; this site runs only its own script files "
                    "(and its security policy blocks code written into a page). Remove it.")
        if self.code == "B703":
            return (f"{self.what} sends what a visitor types to {self.host}, another website. "
                    "Remove the form, or point it at this site.")
        if self.what.startswith("a redirect"):
            return (f"{self.what} sends every visitor to {self.host}, another website, without a click. "
                    f"Remove it, or link to {self.host} instead.")
        return (f"{self.what} is loaded from {self.host}, another website: every visitor's browser would contact "
                f"{self.host} without a click, and tell it which page they read. Download it into the site "
                "(content/images, or the theme's static folder) and link it there, or remove it.")


def own_hosts(practice: Practice, siteurl: str = "") -> frozenset[str]:
    """The hosts of the site itself: the practice's site_url and the address it is built for (www. or not)."""
    hosts = set()
    for url in (practice.site_url, siteurl):
        host = urlsplit_host(str(url or ""))
        if host:
            hosts.add(host.removeprefix("www."))
    return frozenset(hosts)


def urlsplit_host(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.lower().rstrip(".")


def clean_url(raw: str) -> str:
    """A reference as a browser reads it: outer spaces and controls gone, inner tabs and newlines gone."""
    url = raw.strip("".join(chr(c) for c in range(0x21)))
    return re.sub(r"[\t\n\r]", "", url)


def resolve(raw: str, base: str) -> tuple[str, str]:
    """(scheme, host) of a reference as the browser resolves it against `base`; host "" when it has none."""
    from urllib.parse import urljoin, urlsplit

    url = clean_url(raw)
    if not url:
        return "", ""
    m = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    scheme = m.group(1).lower() if m else ""
    base_scheme = base.split(":", 1)[0].lower()
    if scheme and scheme not in _SPECIAL:
        try:
            return scheme, (urlsplit(url).hostname or "").lower().rstrip(".")
        except ValueError:
            return scheme, "?"
    url = url.replace("\\", "/")
    if scheme and scheme != base_scheme:
        # "http:evil.example" on an https page is http://evil.example/ to a browser.
        rest = url[len(scheme) + 1 :].lstrip("/")
        url = f"{scheme}://{rest}"
    try:
        joined = urljoin(base, url)
        parts = urlsplit(joined)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return scheme or base_scheme, "?"
    return parts.scheme.lower(), host


class _Scan:
    """Shared state of one file's scan: where it is, what is the site's own, what was found."""

    def __init__(self, base: str, own: frozenset[str]):
        self.base = base
        self.own = own
        self.refs: list[Ref] = []
        self.col = 0  # the column of the tag being read

    def is_own(self, host: str) -> bool:
        host = host.removeprefix("www.")
        return host == urlsplit_host(LOCAL_ORIGIN) or host in self.own

    def url(self, raw: str | None, line: int, what: str, code: str = "B705", runs: bool = False) -> None:
        """Record `raw` if the browser would fetch it from another host (or run it, for `runs`)."""
        if raw is None:
            return
        scheme, host = resolve(raw, self.base)
        if not scheme and not host:
            return
        if scheme == "javascript":
            self.refs.append(Ref("B702", line, f"a javascript: address in {what}", "", clean_url(raw)[:80], self.col))
            return
        if scheme == "data":
            if runs:
                self.refs.append(Ref("B702", line, f"code in a data: address ({what})", "", clean_url(raw)[:80], self.col))
            return
        if scheme in ("about", "blob", "mailto", "tel", "sms") or (not host and scheme not in _SPECIAL):
            return
        if host == "?" or not self.is_own(host):
            host = host if host != "?" else clean_url(raw)[:60]
            if tracker_host(host):
                code = "B701"
            self.refs.append(Ref(code, line, what, host, clean_url(raw), self.col))

    def srcset(self, raw: str | None, line: int, what: str) -> None:
        for url in parse_srcset(raw or ""):
            self.url(url, line, what)


def tracker_host(host: str) -> bool:
    return bool(privacy.tracker_rx().search(host))


def parse_srcset(value: str) -> list[str]:
    """The URLs of a srcset attribute (HTML's "parse a srcset attribute", without the descriptors)."""
    urls, i, n = [], 0, len(value)
    while i < n:
        while i < n and (value[i] in " \t\n\r\f,"):
            i += 1
        start = i
        while i < n and value[i] not in " \t\n\r\f":
            i += 1
        url = value[start:i]
        trailing_comma = url.endswith(",")
        url = url.rstrip(",")
        if url:
            urls.append(url)
        if trailing_comma:
            continue
        depth = 0
        while i < n:  # descriptors, up to a comma outside parentheses
            c = value[i]
            if c == "(":
                depth += 1
            elif c == ")" and depth:
                depth -= 1
            elif c == "," and not depth:
                i += 1
                break
            i += 1
    return urls


# -- CSS ---------------------------------------------------------------------
_HEX = set("0123456789abcdefABCDEF")
_WS = " \t\n\r\f"


def _css_escape(s: str, i: int) -> tuple[str, int]:
    """Decode the escape whose backslash is at s[i]; return (character, index after it)."""
    i += 1
    if i >= len(s):
        return "\ufffd", i
    if s[i] in _HEX:
        j = i
        while j < len(s) and j - i < 6 and s[j] in _HEX:
            j += 1
        cp = int(s[i:j], 16)
        if j < len(s) and s[j] in _WS:
            j += 2 if s[j : j + 2] == "\r\n" else 1
        return (chr(cp) if 0 < cp <= 0x10FFFF and not 0xD800 <= cp <= 0xDFFF else "\ufffd"), j
    return s[i], i + 1


def _is_name(c: str) -> bool:
    return c.isalnum() or c in "-_" or ord(c) >= 0x80


def _valid_escape(s: str, i: int) -> bool:
    return i + 1 < len(s) and s[i] == "\\" and s[i + 1] not in "\n\r\f"


def css_tokens(s: str):
    """(kind, value, offset) for the tokens that matter here: ident, function, at, string, url, other.

    A CSS Syntax Level 3 tokenizer, reduced to what decides a fetch: comments are
    skipped, escapes decoded in names, strings and url(…), bad strings and bad
    URLs still reported (their text, as written) so nothing is lost.
    """
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if s.startswith("/*", i):
            end = s.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        if c in _WS:
            j = i
            while j < n and s[j] in _WS:
                j += 1
            yield "ws", "", i
            i = j
            continue
        if c in "\"'":
            start, i, out = i, i + 1, []
            while i < n and s[i] != c:
                if s[i] in "\n\r\f":
                    break  # a bad string: ends at the line
                if s[i] == "\\":
                    if i + 1 < n and s[i + 1] in "\n\r\f":
                        i += 2
                        continue
                    ch, i = _css_escape(s, i)
                    out.append(ch)
                    continue
                out.append(s[i])
                i += 1
            i += 1 if i < n and s[i] == c else 0
            yield "string", "".join(out), start
            continue
        if c == "@" and i + 1 < n and (_is_name(s[i + 1]) or _valid_escape(s, i + 1)):
            start = i
            name, i = _css_name(s, i + 1)
            yield "at", name.lower(), start
            continue
        if _is_name(c) or _valid_escape(s, i):
            start = i
            name, i = _css_name(s, i)
            if i < n and s[i] == "(":
                i += 1
                if name.lower() == "url":
                    j = i
                    while j < n and s[j] in _WS:
                        j += 1
                    if j < n and s[j] in "\"'":
                        yield "function", "url", start
                        continue
                    url, i = _css_url(s, j)
                    yield "url", url, start
                    continue
                yield "function", name.lower(), start
                continue
            yield "ident", name.lower(), start
            continue
        yield "other", c, i
        i += 1


def _css_name(s: str, i: int) -> tuple[str, int]:
    out = []
    while i < len(s):
        if _is_name(s[i]):
            out.append(s[i])
            i += 1
        elif _valid_escape(s, i):
            ch, i = _css_escape(s, i)
            out.append(ch)
        else:
            break
    return "".join(out), i


def _css_url(s: str, i: int) -> tuple[str, int]:
    out, n = [], len(s)
    while i < n:
        c = s[i]
        if c == ")":
            return "".join(out), i + 1
        if c in _WS:
            j = i
            while j < n and s[j] in _WS:
                j += 1
            if j < n and s[j] == ")":
                return "".join(out), j + 1
            out.append(c)  # a bad URL: kept whole
            i += 1
            continue
        if c == "\\":
            ch, i = _css_escape(s, i)
            out.append(ch)
            continue
        out.append(c)
        i += 1
    return "".join(out), i


_IMAGE_SET = {"image-set", "-webkit-image-set", "image"}


def css_urls(css: str):
    """(offset, url, how) for every address a stylesheet makes the browser fetch."""
    stack: list[str] = []
    pending_import = False
    for kind, value, off in css_tokens(css):
        if kind == "ws":
            continue
        if kind == "at":
            pending_import = value == "import"
            continue
        if kind == "url":
            yield off, value, "url()"
        elif kind == "string":
            if pending_import:
                yield off, value, "@import"
            elif stack and stack[-1] in ("url", "src"):
                yield off, value, f"{stack[-1]}()"
            elif stack and stack[-1] in _IMAGE_SET:
                yield off, value, f"{stack[-1]}()"
        if kind == "function":
            stack.append(value)
        elif kind == "other" and value == "(":
            stack.append("(")
        elif kind == "other" and value == ")" and stack:
            stack.pop()
        pending_import = False


def _scan_css(scan: _Scan, css: str, line: int, where: str) -> None:
    for off, url, how in css_urls(css):
        what = "a stylesheet (@import)" if how == "@import" else f"a style ({how} in {where})"
        scan.url(url, line + css.count("\n", 0, off), what)


# -- HTML --------------------------------------------------------------------
#: tag -> {attribute: (what, code, kind)}; kind "url", "srcset" or "runs" (a document or code).
_FETCH = {
    "img": {"src": ("an image (<img src>)", "B705", "url"), "srcset": ("an image (<img srcset>)", "B705", "srcset"),
            "lowsrc": ("an image (<img lowsrc>)", "B705", "url")},
    "source": {"src": ("a media file (<source src>)", "B705", "url"), "srcset": ("an image (<source srcset>)", "B705", "srcset")},
    "audio": {"src": ("a sound file (<audio src>)", "B705", "url")},
    "video": {"src": ("a video (<video src>)", "B705", "url"), "poster": ("an image (<video poster>)", "B705", "url")},
    "track": {"src": ("a caption file (<track src>)", "B705", "url")},
    "input": {"src": ("an image (<input src>)", "B705", "url")},
    "image": {"href": ("an image (<svg><image href>)", "B705", "url"), "xlink:href": ("an image (<svg><image xlink:href>)", "B705", "url")},
    "feimage": {"href": ("an image (<feImage href>)", "B705", "url"), "xlink:href": ("an image (<feImage xlink:href>)", "B705", "url")},
    "use": {"href": ("a drawing (<svg><use href>)", "B705", "url"), "xlink:href": ("a drawing (<svg><use xlink:href>)", "B705", "url")},
    "iframe": {"src": ("an embedded page (<iframe src>)", "B702", "runs")},
    "frame": {"src": ("an embedded page (<frame src>)", "B702", "runs")},
    "portal": {"src": ("an embedded page (<portal src>)", "B702", "runs")},
    "fencedframe": {"src": ("an embedded page (<fencedframe src>)", "B702", "runs")},
    "embed": {"src": ("an embedded object (<embed src>)", "B702", "runs")},
    "object": {"data": ("an embedded object (<object data>)", "B702", "runs"), "codebase": ("an embedded object (<object codebase>)", "B702", "runs")},
    "applet": {"code": ("an applet", "B702", "runs"), "codebase": ("an applet", "B702", "runs"), "archive": ("an applet", "B702", "runs")},
    "script": {"src": ("a script (<script src>)", "B702", "runs"), "href": ("a script (<script href>)", "B702", "runs"),
               "xlink:href": ("a script (<script xlink:href>)", "B702", "runs")},
    "html": {"manifest": ("an application cache (<html manifest>)", "B705", "url")},
}
_BACKGROUND_TAGS = {"body", "table", "td", "th", "tr", "thead", "tbody", "tfoot"}


class _HTMLRefs(HTMLParser):
    def __init__(self, scan: _Scan, line0: int = 1):
        super().__init__(convert_charrefs=True)
        self.scan = scan
        self.line0 = line0
        self.raw_tag: str | None = None  # "style" or an executable "script" whose text follows
        self.raw_line = 0
        self.raw_col = 0
        self.depth = 0  # of <iframe srcdoc> pages inside pages
        self.policies: list[tuple[int, str, bool]] = []  # (line, content, anything but <html>/<head>/<meta>/<title> before it)
        self.other_before = False

    def _line(self) -> int:
        return self.getpos()[0] + self.line0 - 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.raw_tag = None

    def handle_starttag(self, tag, attrs):
        scan, line = self.scan, self._line()
        scan.col = self.getpos()[1]
        values: dict[str, str] = {}
        for name, value in attrs:
            value = "" if value is None else value
            values.setdefault(name, value)
            if name.startswith("on") and len(name) > 2:
                scan.refs.append(Ref("B702", line, f"an event handler ({name}=\"…\" on <{tag}>)", "", value[:80], scan.col))
            elif name in _CSS_ATTRS and (name == "style" or "(" in value):
                _scan_css(scan, value, line, f"a {name} attribute on <{tag}>")
            spec = _FETCH.get(tag, {}).get(name)
            if spec:
                what, code, kind = spec
                if kind == "srcset":
                    scan.srcset(value, line, what)
                else:
                    scan.url(value, line, what, code, runs=kind == "runs")
            elif name == "srcdoc" and tag == "iframe" and self.depth < 4:
                inner = _HTMLRefs(scan, line)  # a page inside the page, loaded with it
                inner.depth = self.depth + 1
                inner.feed(markup_outline(value))
                inner.close()
                scan.col = self.getpos()[1]
            elif name == "background" and tag in _BACKGROUND_TAGS:
                scan.url(value, line, f"an image (<{tag} background>)")
            elif name in ("href", "src", "action", "formaction", "data") and clean_url(value).lower().startswith("javascript:"):
                scan.url(value, line, f"<{tag} {name}>")
            elif name == "ping":
                for url in value.split():
                    scan.url(url, line, f"a click report (<{tag} ping>)", "B701")
            elif name in ("action", "formaction") and tag in ("form", "button", "input"):
                scan.url(value, line, f"a form (<{tag} {name}>)", "B703")
        self.raw_tag = None
        if tag not in ("html", "head", "meta", "title"):
            self.other_before = True
        if tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if rels - _QUIET_RELS:
                kind = " ".join(sorted(rels - _QUIET_RELS))
                code = "B702" if rels & _CODE_RELS or values.get("as", "").lower() in ("script", "document", "worker") else "B705"
                scan.url(values.get("href"), line, f"a {kind} link (<link rel={kind}>)", code, runs=code == "B702")
                scan.srcset(values.get("imagesrcset"), line, f"an image (<link rel={kind} imagesrcset>)")
        elif tag == "meta" and values.get("http-equiv", "").strip().lower() == "content-security-policy":
            self.policies.append((line, values.get("content", ""), self.other_before))
        elif tag == "meta" and values.get("http-equiv", "").strip().lower() == "refresh":
            url = _refresh_url(values.get("content", ""))
            if url is not None:
                scan.url(url, line, "a redirect (<meta http-equiv=refresh>)", "B702", runs=True)
        elif tag == "base":
            scan.url(values.get("href"), line, "the base address of every link (<base href>)")
        elif tag == "style":
            self.raw_tag, self.raw_line, self.raw_col = "style", line, scan.col
        elif tag == "script" and "src" not in values and "href" not in values and "xlink:href" not in values:
            kind = values.get("type", "").strip().lower().split(";")[0].strip()
            lang = values.get("language", "").strip().lower()
            if kind in _DATA_SCRIPT_TYPES:
                self.raw_tag = None
            elif kind in _JS_TYPES and (not lang or lang.startswith("javascript") or lang in ("ecmascript", "jscript")):
                self.raw_tag, self.raw_line, self.raw_col = "script", line, scan.col
            else:
                self.raw_tag, self.raw_line, self.raw_col = f"script type={kind}", line, scan.col
        elif tag in ("animate", "set") and values.get("attributename", "").lower() in ("href", "xlink:href", "src"):
            for key in ("to", "from", "values"):
                for url in (values.get(key) or "").split(";"):
                    scan.url(url, line, f"an address set by <{tag}>")

    def handle_endtag(self, tag):
        self.raw_tag = None

    def handle_data(self, data):
        if self.raw_tag == "style":
            self.scan.col = 0
            _scan_css(self.scan, data, self._line(), "a <style> element")
        elif self.raw_tag and self.raw_tag.startswith("script") and data.strip():
            what = "a script written into the page (<script>…</script>)" if self.raw_tag == "script" else f"a <{self.raw_tag}> block"
            code = "B701" if privacy.tracker_rx().search(data) else "B702"
            self.scan.refs.append(Ref(code, self.raw_line, what, "", data.strip()[:80], self.raw_col))

    def handle_pi(self, data):
        _xml_stylesheet_pi(self.scan, data, self._line())


def _refresh_url(content: str) -> str | None:
    """The address of a <meta http-equiv=refresh content="…">, if it names one (HTML's refresh parsing)."""
    m = re.match(r"\s*[\d.]*\s*(?:[;,]\s*)?(?:url\s*=\s*)?(.*)", content or "", re.I | re.S)
    url = m.group(1).strip() if m else ""
    if url[:1] in ("'", '"'):
        url = url[1:].split(url[0], 1)[0]
    return url or None


def _xml_stylesheet_pi(scan: _Scan, data: str, line: int) -> None:
    if data.strip().lower().startswith("xml-stylesheet"):
        m = re.search(r"\bhref\s*=\s*([\"'])(.*?)\1", data, re.S)
        if m:
            scan.url(html.unescape(m.group(2)), line, "a stylesheet (<?xml-stylesheet?>)")


def scan_html(text: str, base: str, own: frozenset[str], line0: int = 1, policy: str | None = None) -> list[Ref]:
    """What one page fetches from other websites; with `policy`, also whether the page carries that
    Content-Security-Policy in a <meta http-equiv> ahead of everything it loads."""
    scan = _Scan(base, own)
    parser = _feed_html(scan, text, line0)
    if policy is not None:
        good = [p for p in parser.policies if p[1].strip() == policy and not p[2]]
        if not good:
            line = parser.policies[0][0] if parser.policies else 1
            scan.refs.append(Ref("B702", line, (
                "this page does not carry the site's security policy at the top of its <head> "
                f"(<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">), so a browser would load "
                "from other websites whatever the page asks for. The theme's base.html adds it to every page: "
                "make the page's template extend base.html, or add that line right after <meta charset>"), "", ""))
    return scan.refs


def _feed_html(scan: _Scan, text: str, line0: int = 1) -> "_HTMLRefs":
    parser = _HTMLRefs(scan, line0)
    parser.feed(markup_outline(text))
    parser.close()
    if parser.cdata_elem and parser.rawdata:  # a <script> or <style> left open runs to the end of the file
        parser.handle_data(parser.rawdata)
    return parser


def scan_css(text: str, base: str, own: frozenset[str]) -> list[Ref]:
    scan = _Scan(base, own)
    _scan_css(scan, text, 1, "the stylesheet")
    return scan.refs


# -- feeds and other XML -------------------------------------------------------
_FEED_QUIET_RELS = {"alternate", "self", "related", "via", "replies", "license", "edit", "hub", "next", "previous", "first", "last"}


def scan_xml(text: str, base: str, own: frozenset[str]) -> list[Ref]:
    """A feed (or any XML): its stylesheet, enclosures, logos and images, and the HTML of every entry."""
    import xml.parsers.expat

    scan = _Scan(base, own)
    parser = xml.parsers.expat.ParserCreate()
    stack: list[list] = []  # [name, line, text parts]

    def start(name, attrs):
        line = parser.CurrentLineNumber
        local = name.rsplit(":", 1)[-1].lower()
        rel = (attrs.get("rel") or "alternate").lower()
        if local == "link" and "href" in attrs and rel not in _FEED_QUIET_RELS:
            scan.url(attrs["href"], line, f"a feed's {rel} (<link rel={rel}>)")
        elif local == "enclosure" or (":" in name and not name.startswith(("atom:", "xml"))):
            for key in ("url", "href", "src"):
                if key in attrs:
                    scan.url(attrs[key], line, f"a feed's <{name} {key}>")
        stack.append([name, line, []])

    def end(name):
        _name, line, parts = stack.pop()
        value = "".join(parts)
        local = name.rsplit(":", 1)[-1].lower()
        parent = stack[-1][0].rsplit(":", 1)[-1].lower() if stack else ""
        if local in ("logo", "icon") or (local == "url" and parent == "image"):
            scan.url(value, line, f"a feed's <{name}>")
        elif "<" in value:
            _feed_html(scan, value, line)

    def chars(data):
        if stack:
            stack[-1][2].append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.ProcessingInstructionHandler = lambda target, data: _xml_stylesheet_pi(scan, f"{target} {data}", parser.CurrentLineNumber)
    try:
        parser.Parse(text, True)
    except xml.parsers.expat.ExpatError as exc:
        scan.refs.append(Ref("B705", exc.lineno, f"this file cannot be read as XML ({xml.parsers.expat.ErrorString(exc.code)}), so what it loads "
                                                 "cannot be checked", "", ""))
    return scan.refs


# -- scripts and manifests -----------------------------------------------------
_JS_FETCH = re.compile(
    r"(?:\bimport\s*\(?|\bfrom|\bimportScripts\s*\(|\bfetch\s*\(|\bsendBeacon\s*\(|\bnew\s+(?:Worker|SharedWorker|EventSource|WebSocket)\s*\()"
    r"\s*([\"'`])((?:https?:|wss?:)?//[^\"'`\s]+)\1"
)


def scan_js(text: str, base: str, own: frozenset[str]) -> list[Ref]:
    """A script file's imports and requests to fixed addresses (the security policy stops the rest)."""
    scan = _Scan(base, own)
    for m in _JS_FETCH.finditer(text):
        scan.url(m.group(2), text.count("\n", 0, m.start()) + 1, "a request in a script file", "B702")
    for m in privacy.tracker_rx().finditer(text):
        scan.refs.append(Ref("B701", text.count("\n", 0, m.start()) + 1, f"\"{m.group(0)}\", a tracking or advertising service,", "", m.group(0)))
    return scan.refs


def scan_manifest(text: str, base: str, own: frozenset[str]) -> list[Ref]:
    import json

    scan = _Scan(base, own)
    try:
        data = json.loads(text)
    except ValueError as exc:
        return [Ref("B705", getattr(exc, "lineno", 1), "this web app manifest cannot be read as JSON, so what it loads cannot be checked", "", "")]

    def walk(value):
        if isinstance(value, dict):
            for k, v in value.items():
                if k == "src" and isinstance(v, str):
                    scan.url(v, 1, "an icon named in the web app manifest")
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(data)
    return scan.refs


def looks_like_markup(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype", b"<html", b"<?xml", b"<svg", b"<head", b"<body", b"<script", b"<!--"))


def scan_file(path: Path, rel: str, base_url: str, own: frozenset[str], policy: str | None = None) -> list[Ref]:
    """Every reference in one built file that would make a browser (or feed reader) contact another website
    (and, given the site's `policy`, an HTML page that does not carry it)."""
    suffix = path.suffix.lower()
    page = base_url.rstrip("/") + "/" + rel.replace(os.sep, "/")
    if suffix in OPAQUE_SUFFIXES and suffix not in MANIFEST_SUFFIXES:
        if suffix == ".json" and path.name.endswith("manifest.json"):
            return scan_manifest(path.read_text(encoding="utf-8", errors="replace"), page, own)
        return []
    data = path.read_bytes()
    text = data.decode("utf-8", errors="replace")
    if suffix in HTML_SUFFIXES:
        return scan_html(text, page, own, policy=policy)
    if suffix in SVG_SUFFIXES:
        return scan_html(text, page, own)
    if suffix in CSS_SUFFIXES:
        return scan_css(text, page, own)
    if suffix in XML_SUFFIXES:
        return scan_xml(text, page, own)
    if suffix in JS_SUFFIXES:
        return scan_js(text, page, own)
    if suffix in MANIFEST_SUFFIXES:
        return scan_manifest(text, page, own)
    if looks_like_markup(data):  # any other name: read it as the page a browser might take it for
        return scan_html(text, page, own)
    return []


# -- the shape of a page, as a browser's tokenizer sees it ----------------------
_RAW_TEXT = {"script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title"}
_KEEP_RAW = {"script", "style"}  # raw text that is read (code and CSS); the rest is blanked
_TAG_NAME = re.compile(r"[A-Za-z][^\s/>]*")


def _blank(chars: list[str], a: int, b: int) -> None:
    for k in range(a, b):
        if chars[k] != "\n":
            chars[k] = " "


def _tag_end(s: str, i: int) -> int:
    """Where the tag whose name ends at i ends (after its ">"), honouring quoted values; -1 at end of file."""
    n = len(s)
    while i < n:
        gt = s.find(">", i)
        eq = s.find("=", i, gt if gt >= 0 else n)
        if eq < 0:
            return gt + 1 if gt >= 0 else -1
        i = eq + 1
        while i < n and s[i] in " \t\n\r\f":
            i += 1
        if i < n and s[i] in "\"'":
            close = s.find(s[i], i + 1)
            if close < 0:
                return -1
            i = close + 1
    return -1


def markup_outline(s: str) -> str:
    """`s` with only what a browser's tokenizer reads as markup left as markup, in one pass.

    Same length and lines. A "<" that starts no tag, a bogus comment ("<!x …>", "</ …>"),
    the text of <title>, <textarea>, <iframe> and the like, and everything after a tag or
    comment that never ends (a browser drops it at the end of the file) become spaces; comments,
    tags, <script> and <style> text, doctypes and processing instructions stay. So html.parser
    never meets a construct it would search the rest of the file for, once per "<" (quadratic
    on "<!--" * 25000), and reads what the browser reads.
    """
    if "<" not in s:
        return s
    chars = list(s)
    n = len(s)
    p = s.find("<")
    while p != -1:
        if s.startswith("<!--", p):
            end = s.find("-->", p + 4)
            if end < 0:
                _blank(chars, p, n)
                break
            p = s.find("<", end + 3)
            continue
        if s.startswith(("<!", "<?", "</"), p) and not (s.startswith("</", p) and p + 2 < n and s[p + 2].isalpha()):
            end = s.find(">", p + 2)
            if end < 0:
                _blank(chars, p, n)
                break
            if s.startswith("<!", p) and not s[p + 2 : p + 9].lower() == "doctype" or s.startswith("</", p):
                _blank(chars, p, end + 1)
            p = s.find("<", end + 1)
            continue
        m = _TAG_NAME.match(s, p + (2 if s.startswith("</", p) else 1))
        if m is None:
            chars[p] = " "
            p = s.find("<", p + 1)
            continue
        end = _tag_end(s, m.end())
        if end < 0:
            _blank(chars, p, n)
            break
        name = m.group(0).lower()
        if name in _RAW_TEXT and not s.startswith("</", p) and not s[end - 2 : end] == "/>" or name == "plaintext":
            close = re.compile(r"</" + re.escape(name) + r"[\s/>]", re.I).search(s, end) if name != "plaintext" else None
            stop = close.start() if close else n
            if name not in _KEEP_RAW:
                _blank(chars, end, stop)  # text, never markup: nothing in it is fetched
            if close is None:
                break
            end2 = _tag_end(s, close.start() + 2 + len(name))
            if end2 < 0:
                _blank(chars, close.start(), n)
                break
            p = s.find("<", end2)
            continue
        p = s.find("<", end)
    return "".join(chars)
