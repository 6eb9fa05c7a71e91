"""Private by default, enforced (issue #14): nothing on the published site makes a visitor's browser,
or a feed reader, contact another website without a click.

Every variant below goes into the theme's base template of a real build and publish; the output
audit must refuse each one, naming the file, the line and the other website, and nothing may be
deployed. Single variants in a static stylesheet, an SVG, a static page and a feed are refused the
same way, and plain links to other sites still pass.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, SETTINGS, pelican_isolated, post
from publish import audit, pipeline

#: (id, HTML, code, host). Each variant has its own host, so a problem names exactly one variant;
#: host "" is code written into the page, which has no host but is refused all the same.
VARIANTS = [
    ("link-stylesheet", '<link rel="stylesheet" href="https://v-sheet.example.net/a.css">', "B705", "v-sheet.example.net"),
    ("link-href-before-rel", '<link href="https://v-order.example.net/a.css" rel="stylesheet">', "B705", "v-order.example.net"),
    ("link-mixed-case", '<LINK Rel="StyleSheet" HREF="https://v-case.example.net/a.css">', "B705", "v-case.example.net"),
    ("link-preload", '<link rel="preload" as="font" href="https://v-preload.example.net/f.woff2" crossorigin>', "B705", "v-preload.example.net"),
    ("link-prefetch", '<link rel="prefetch" href="https://v-prefetch.example.net/next.html">', "B705", "v-prefetch.example.net"),
    ("link-icon", '<link rel="icon" href="https://v-icon.example.net/favicon.ico">', "B705", "v-icon.example.net"),
    ("link-manifest", '<link rel="manifest" href="https://v-manifest.example.net/app.webmanifest">', "B705", "v-manifest.example.net"),
    ("link-modulepreload", '<link rel="modulepreload" href="https://v-module.example.net/m.js">', "B702", "v-module.example.net"),
    ("link-preconnect", '<link rel="preconnect" href="https://v-preconnect.example.net">', "B705", "v-preconnect.example.net"),
    ("img-src", '<img src="https://v-img.example.net/a.png" alt="">', "B705", "v-img.example.net"),
    ("img-srcset", '<img src="/images/a.png" srcset="/images/a.png 1x, https://v-srcset.example.net/a2.png 2x" alt="">', "B705", "v-srcset.example.net"),
    ("picture-source", '<picture><source srcset="https://v-picture.example.net/a.webp"><img src="/a.png" alt=""></picture>', "B705", "v-picture.example.net"),
    ("audio-src", '<audio src="https://v-audio.example.net/a.mp3"></audio>', "B705", "v-audio.example.net"),
    ("video-src", '<video src="https://v-video.example.net/a.mp4"></video>', "B705", "v-video.example.net"),
    ("video-poster", '<video poster="https://v-poster.example.net/p.jpg"></video>', "B705", "v-poster.example.net"),
    ("media-source", '<video><source src="https://v-media.example.net/a.webm"></video>', "B705", "v-media.example.net"),
    ("track", '<video src="/a.mp4"><track src="https://v-track.example.net/c.vtt"></video>', "B705", "v-track.example.net"),
    ("iframe", '<iframe src="https://v-iframe.example.net/embed"></iframe>', "B702", "v-iframe.example.net"),
    ("iframe-srcdoc", '<iframe srcdoc="&lt;img src=&quot;https://v-srcdoc.example.net/p.gif&quot;&gt;"></iframe>', "B705", "v-srcdoc.example.net"),
    ("embed", '<embed src="https://v-embed.example.net/a.swf">', "B702", "v-embed.example.net"),
    ("object", '<object data="https://v-object.example.net/a.pdf"></object>', "B702", "v-object.example.net"),
    ("script-src", '<script src="https://v-script.example.net/a.js"></script>', "B702", "v-script.example.net"),
    ("inline-script", "<script>fetch('https://v-inline.example.net/collect?p=' + location.pathname)</script>", "B702", ""),
    ("inline-module", "<script type=module>import('https://v-inline2.example.net/m.js')</script>", "B702", ""),
    ("event-handler", '<img src="/images/none.png" alt="" onerror="new Image().src=\'https://v-onerror.example.net/p\'">', "B702", ""),
    ("svg-image", '<svg width="1" height="1"><image href="https://v-svgimage.example.net/i.png"/></svg>', "B705", "v-svgimage.example.net"),
    ("svg-use-href", '<svg width="1" height="1"><use href="https://v-use.example.net/s.svg#i"/></svg>', "B705", "v-use.example.net"),
    ("svg-use-xlink", '<svg width="1" height="1"><use xlink:href="https://v-xlink.example.net/s.svg#i"/></svg>', "B705", "v-xlink.example.net"),
    ("style-attribute", '<p style="background: url(https://v-styleattr.example.net/bg.png)">x</p>', "B705", "v-styleattr.example.net"),
    ("css-import", '<style>@import "https://v-import.example.net/a.css";</style>', "B705", "v-import.example.net"),
    ("css-import-url", "<style>@import url( 'https://v-importurl.example.net/a.css' );</style>", "B705", "v-importurl.example.net"),
    ("css-image-set", '<style>.x { background-image: image-set("https://v-imageset.example.net/a.png" 1x); }</style>', "B705", "v-imageset.example.net"),
    ("css-escaped-url", r'<style>.y { background: u\72l(https://v-cssescape.example.net/a.png); }</style>', "B705", "v-cssescape.example.net"),
    ("css-font-face", "<style>@font-face { font-family: X; src: url(//v-font.example.net/x.woff2) format('woff2'); }</style>", "B705", "v-font.example.net"),
    ("meta-refresh", '<meta http-equiv="Refresh" content="30; URL=https://v-refresh.example.net/">', "B702", "v-refresh.example.net"),
    ("form-action", '<form action="https://v-form.example.net/submit" method="post"><button>Send</button></form>', "B703", "v-form.example.net"),
    ("entity-encoded", '<img src="&#104;ttps://v-entity.example.net/a.png" alt="">', "B705", "v-entity.example.net"),
    ("entity-encoded-colon", '<img src="https&#x3A;&#x2F;&#x2F;v-entity2.example.net/a.png" alt="">', "B705", "v-entity2.example.net"),
    ("whitespace-padded", '<img src="  &#10;\thttps://v-padded.example.net/a.png  " alt="">', "B705", "v-padded.example.net"),
    ("newline-inside", '<img src="https://v-split.exa&#10;mple.net/a.png" alt="">', "B705", "v-split.example.net"),
    ("protocol-relative", '<img src="//v-relative.example.net/a.png" alt="">', "B705", "v-relative.example.net"),
    ("backslashes", '<img src="/\\v-backslash.example.net/a.png" alt="">', "B705", "v-backslash.example.net"),
    ("mixed-case-scheme", '<IMG SRC="HTTPS://V-UPPER.EXAMPLE.NET/A.PNG" ALT="">', "B705", "v-upper.example.net"),
    ("unquoted", "<img src=https://v-unquoted.example.net/a.png alt=x>", "B705", "v-unquoted.example.net"),
    ("tracker-pixel", '<img src="https://www.googletagmanager.com/v-pixel.gif" alt="">', "B701", "www.googletagmanager.com"),
]
IDS = [v[0] for v in VARIANTS]
#: What must still pass: a plain link, the site's own assets, data: images, a feed link to another site.
FINE = (
    '<a href="https://988lifeline.org/">988 Lifeline</a> <a href="//example.net/a">a click</a>'
    '<img src="/images/quiet-morning.png" alt=""><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">'
    '<link rel="alternate" type="application/atom+xml" href="https://feeds.example.net/x.xml">'
    '<script type="application/ld+json">{"sameAs": ["https://social.example.net/@x"]}</script>'
)


def publish(site, tmp_path, **overrides):
    with pytest.raises(pipeline.PublishError) as err:
        pipeline.publish(str(SETTINGS), output=str(site.output), outbox_dir=str(tmp_path / "outbox"), overrides=site.overrides(**overrides))
    assert err.value.step == "audit"
    assert not site.output.exists(), "something was deployed"
    assert not (tmp_path / "outbox").exists()
    return [str(p) for p in err.value.problems]


def theme_with(tmp_path: Path, snippet: str) -> tuple[Path, int]:
    """A copy of the real theme with `snippet` at the top of <body> in base.html; the snippet's first line."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    base = theme / "templates" / "base.html"
    text = base.read_text(encoding="utf-8")
    head, tail = text.split("<body>\n", 1)
    base.write_text(head + "<body>\n" + snippet + "\n" + FINE + "\n" + tail, encoding="utf-8")
    return theme, head.count("\n") + 2


@pytest.fixture(scope="module")
def every_variant_published(tmp_path_factory):
    """One real publish with every variant in the theme, each on its own line: the audit's problems."""
    from conftest import Site

    tmp = tmp_path_factory.mktemp("variants")
    site = Site(tmp / "project")
    site.write("posts/ok.md", post())
    theme, first = theme_with(tmp, "\n".join(v[1] for v in VARIANTS))
    with pelican_isolated():
        problems = publish(site, tmp, THEME=str(theme))
    return problems, first


@pytest.mark.parametrize("variant", VARIANTS, ids=IDS)
def test_publish_refuses_each_variant_in_a_template(every_variant_published, variant):
    problems, first = every_variant_published
    name, _html, code, host = variant
    line = first + IDS.index(name)
    where = f"theme/templates/base.html:{line}"
    mine = [p for p in problems if p.startswith(where + ":")]
    assert mine, f"nothing reported at {where}: {problems[:5]}"
    assert any(f"{code}:" in p for p in mine), mine
    if host:
        assert any(host in p for p in mine), mine
    # …and in the built pages the template made, listed with it (one problem per thing to fix).
    assert any(re.search(r"the same in \d+ more file\(s\): index\.html:\d+", p) for p in mine), mine


def test_a_problem_says_what_where_and_which_website(every_variant_published):
    problems, first = every_variant_published
    [img] = [p for p in problems if "v-img.example.net" in p]
    assert re.match(r"theme/templates/base\.html:\d+: B705: an image \(<img src>\) is loaded from v-img\.example\.net, another website", img), img
    assert "Traceback" not in "\n".join(problems)
    # The templates' problems come first, so the 50 lines `invoke publish` prints start with what to fix.
    assert all(p.startswith("theme/") for p in problems[: len(VARIANTS)]), problems[: len(VARIANTS)]


def test_nothing_else_in_the_variant_site_is_refused(every_variant_published):
    """Precision: the plain links, own images, data: image, feed link and JSON-LD beside the variants are not reported."""
    problems, first = every_variant_published
    fine_line = first + len(VARIANTS)
    assert not [p for p in problems if p.startswith(f"theme/templates/base.html:{fine_line}:")]
    for host in ("988lifeline.org", "example.net/a", "feeds.example.net", "social.example.net"):
        assert not [p for p in problems if host in p]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample site as `invoke publish` builds it (publishconf.py, with its search index)."""
    from publish import site as site_mod

    tmp = tmp_path_factory.mktemp("sample")
    with pelican_isolated():
        return site_mod.build(ROOT / "publishconf.py", str(tmp / "out"), {"CACHE_PATH": str(tmp / "cache")})


def copy_of(sample, tmp_path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(sample.output_path, copy)
    return copy


def test_the_sample_site_has_nothing_to_refuse(sample):
    built = sample
    findings = audit.site_findings(built.output_path, built.settings, built.pages)
    assert [str(f) for f in findings] == []
    # The audit read every kind of file there is (pages, feeds, CSS, scripts, the search index).
    kinds = {p.suffix for p in Path(built.output_path).rglob("*") if p.is_file()}
    assert {".html", ".xml", ".css", ".js"} <= kinds


@pytest.mark.parametrize(
    "rel, text, host, line",
    [
        pytest.param("images/site.css", "body { color: black; }\n\n@import 'https://s-css.example.net/a.css';\n", "s-css.example.net", 3, id="stylesheet"),
        pytest.param("images/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg">\n<image href="//s-svg.example.net/a.png"/>\n</svg>\n', "s-svg.example.net", 2, id="svg"),
        pytest.param("images/extra.html", "<!doctype html>\n<title>x</title>\n\n<iframe src=\"https://s-html.example.net/\"></iframe>\n", "s-html.example.net", 4, id="static-page"),
        pytest.param("images/feed.xml", '<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="https://s-xsl.example.net/f.xsl"?>\n<rss/>\n', "s-xsl.example.net", 2, id="xml-stylesheet"),
        pytest.param("images/app.webmanifest", '{"icons": [{"src": "https://s-manifest.example.net/i.png"}]}', "s-manifest.example.net", 1, id="web-manifest"),
        pytest.param("images/app.js", "// a static script\nimport x from 'https://s-js.example.net/m.js';\n", "s-js.example.net", 2, id="script-file"),
    ],
)
def test_publish_refuses_a_static_file_that_loads_another_website(site, tmp_path, rel, text, host, line):
    site.write("posts/ok.md", post())
    site.write(rel, text)
    problems = publish(site, tmp_path)
    assert any(p.startswith(f"{rel}:{line}: ") and host in p for p in problems), problems


def test_the_feeds_are_read_too(sample, tmp_path):
    """A feed reader loads an entry's images as a browser does: an image in a feed's HTML is refused."""
    out = copy_of(sample, tmp_path)
    feed = out / "feeds" / "all.atom.xml"
    text = feed.read_text(encoding="utf-8")
    assert "&lt;p&gt;" in text  # entries carry their HTML, escaped
    text = text.replace("&lt;p&gt;", "&lt;p&gt;&lt;img src=\"&amp;#104;ttps://f-feed.example.net/i.png\"&gt;", 1)
    line = text[: text.index("f-feed.example.net")].count("\n") + 1
    feed.write_text(text, encoding="utf-8")
    findings = [f for f in audit.site_findings(str(out), sample.settings, sample.pages) if f.path == "feeds/all.atom.xml"]
    assert [(f.code, "f-feed.example.net" in f.message) for f in findings] == [("B705", True)]
    assert abs(findings[0].line - line) <= 1 or findings[0].line <= line  # the entry's element, at or above the image


def test_an_unreadable_feed_is_refused_not_skipped(tmp_path):
    out = tmp_path / "site"
    (out / "feeds").mkdir(parents=True)
    (out / "feeds" / "all.atom.xml").write_text("<feed><entry></feed>", encoding="utf-8")
    from boundary import practice
    from boundary.site import check_site

    findings = check_site(out, practice.from_mapping({"site_url": "https://cedarhollow.example.org"}))
    assert [(f.path, f.code) for f in findings] == [("feeds/all.atom.xml", "B705")]
    assert "cannot be read as XML" in findings[0].message


# -- the Content-Security-Policy on every page -----------------------------------
class _Head(HTMLParser):
    """The order of the elements in a page's <head>, and each CSP <meta>."""

    def __init__(self):
        super().__init__()
        self.order: list[str] = []
        self.policies: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.policies.append(a.get("content") or "")
            self.order.append("csp")
        else:
            self.order.append(tag)


def test_every_page_carries_the_policy_before_anything_it_loads(sample):
    from presence import CONTENT_SECURITY_POLICY

    assert CONTENT_SECURITY_POLICY.startswith("default-src 'self';")
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY and "'unsafe-eval'" not in CONTENT_SECURITY_POLICY
    assert "http" not in CONTENT_SECURITY_POLICY and "*" not in CONTENT_SECURITY_POLICY  # no other origin at all
    pages = sorted(Path(sample.output_path).rglob("*.html"))
    assert len(pages) >= 40
    for path in pages:
        head = _Head()
        head.feed(path.read_text(encoding="utf-8"))
        assert head.policies == [CONTENT_SECURITY_POLICY], path
        first_load = min(head.order.index(t) for t in ("link", "script", "style", "img") if t in head.order)
        assert head.order.index("csp") < first_load, path


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda t, p: t.replace(f'<meta http-equiv="Content-Security-Policy" content="{p}">', ""), id="removed"),
        pytest.param(lambda t, p: t.replace("default-src &#39;self&#39;", "default-src * &#39;self&#39;").replace("default-src 'self'", "default-src * 'self'"), id="weakened"),
        pytest.param(lambda t, p: t.replace(f'<meta http-equiv="Content-Security-Policy" content="{p}">', "").replace("</head>", f'<meta http-equiv="Content-Security-Policy" content="{p}"></head>'), id="after-the-stylesheet"),
    ],
)
def test_a_page_without_the_policy_is_refused(sample, tmp_path, change):
    from presence import CONTENT_SECURITY_POLICY

    out = copy_of(sample, tmp_path)
    page = out / "about" / "index.html"
    text = page.read_text(encoding="utf-8")
    escaped = CONTENT_SECURITY_POLICY.replace("'", "&#39;")
    assert f'content="{escaped}"' in text
    changed = change(text.replace(escaped, CONTENT_SECURITY_POLICY), CONTENT_SECURITY_POLICY)
    assert changed != text.replace(escaped, CONTENT_SECURITY_POLICY)
    page.write_text(changed, encoding="utf-8")
    findings = [f for f in audit.site_findings(str(out), sample.settings, sample.pages)]
    assert [(f.path, f.code) for f in findings] == [("about/index.html", "B702")]
    assert "does not carry the site's security policy" in findings[0].message
