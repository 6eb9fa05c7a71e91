"""The sample site (content/) built with publishconf.py: complete, safe on every post, no third parties."""

from __future__ import annotations

import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import frontmatter
import pytest
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from conftest import ROOT, pelican_isolated
from publish import audit, site

PUBLISHCONF = ROOT / "publishconf.py"
BASE = "https://cedarhollow.example.org"
NOT_THERAPY = "It is not therapy or a substitute for it, reading it does not create a therapist–client relationship"


def _content(kind: str) -> list[tuple[Path, dict]]:
    """Each source file of content/<kind>/ with its frontmatter, read by python-frontmatter itself."""
    items = []
    for path in sorted((ROOT / "content" / kind).glob("*.md")):
        meta = frontmatter.load(path).metadata
        meta.setdefault("slug", slugify(str(meta["title"]), regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]))
        items.append((path, meta))
    return items


POSTS = _content("posts")
PAGES = _content("pages")


def _overrides(tmp: Path) -> dict:
    return {"CACHE_PATH": str(tmp / "cache")}


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sample")
    with pelican_isolated():
        result = site.build(PUBLISHCONF, str(tmp / "output"), _overrides(tmp))
    return result


def output_file(result, url: str) -> Path:
    return Path(result.output_path) / url / "index.html"


def read(result, url: str) -> str:
    return output_file(result, url).read_text(encoding="utf-8")


def test_sample_content_is_present_and_nothing_is_withheld(sample):
    assert POSTS and PAGES
    assert sample.withheld == []
    assert sample.settings["SITEURL"] == BASE
    assert Path(sample.output_path) != ROOT / "output"  # the override won over publishconf's OUTPUT_PATH
    assert sorted(a.slug for a in sample.articles) == sorted(m["slug"] for _, m in POSTS)
    assert sorted(p.slug for p in sample.pages) == sorted(m["slug"] for _, m in PAGES)


@pytest.mark.parametrize(
    "url, meta",
    [pytest.param(f"posts/{m['slug']}", m, id=p.name) for p, m in POSTS]
    + [pytest.param(m["slug"], m, id=f"pages/{p.name}") for p, m in PAGES],
)
def test_every_post_and_page_is_built(sample, url, meta):
    page = read(sample, url)
    assert "<h1" in page and html.escape(str(meta["title"]), quote=False) in page
    assert f'<link rel="canonical" href="{BASE}/{url}/">' in page
    sitemap = (Path(sample.output_path) / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{BASE}/{url}/</loc>" in sitemap


@pytest.mark.parametrize("meta", [pytest.param(m, id=p.name) for p, m in POSTS])
def test_every_post_page_has_crisis_resources_and_the_not_therapy_notice(sample, meta):
    page = read(sample, f"posts/{meta['slug']}")
    crisis = re.search(r'<aside class="crisis" id="crisis-resources".*?</aside>', page, re.S)
    assert crisis, "no crisis-resources block"
    block = crisis.group(0)
    assert "988" in block
    assert "Millbrook County Crisis Line" in block and "tel:5555550199" in block  # the practice's local line
    assert "911" in block
    assert NOT_THERAPY in page
    body = re.search(r'<div class="post-body".*?</article>', page, re.S).group(0)
    assert page.index(body) < page.index(block)  # after the post, never instead of it


@pytest.mark.parametrize("meta", [pytest.param(m, id=p.name) for p, m in POSTS])
def test_content_note_sits_above_the_body(sample, meta):
    page = read(sample, f"posts/{meta['slug']}")
    note = str(meta.get("content_note") or "").strip()
    has_aside = '<aside class="content-note"' in page
    if meta["risk"] == "high" or note:
        assert has_aside
        assert page.index('<aside class="content-note"') < page.index('<div class="post-body"')
        if note:
            aside = re.search(r'<aside class="content-note".*?</aside>', page, re.S).group(0)
            assert html.escape(note) in aside
    else:
        assert not has_aside


def test_the_sample_has_a_high_risk_post_with_a_note():
    """Guards the test above against passing vacuously."""
    assert any(m["risk"] == "high" and m.get("content_note") for _, m in POSTS)


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.where = None
        self.head_links: list[dict] = []
        self.body_alternates: list[dict] = []
        self.scripts: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("head", "body"):
            self.where = tag
        elif tag == "link" and self.where == "head":
            self.head_links.append(attrs)
        elif tag == "link" and attrs.get("rel") == "alternate":
            self.body_alternates.append(attrs)
        if tag == "script":
            self.scripts.append(attrs)


def html_files(result) -> list[Path]:
    return sorted(Path(result.output_path).rglob("*.html"))


def parse(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_feed_autodiscovery_links_in_every_head(sample):
    files = html_files(sample)
    assert len(files) > len(POSTS) + len(PAGES)
    for path in files:
        parsed = parse(path)
        alternates = {(a.get("type"), a.get("href")) for a in parsed.head_links if a.get("rel") == "alternate"}
        assert ("application/atom+xml", f"{BASE}/feeds/all.atom.xml") in alternates, path
        assert ("application/rss+xml", f"{BASE}/feeds/all.rss.xml") in alternates, path
        assert not parsed.body_alternates, path
        for _, href in alternates:
            assert (Path(sample.output_path) / href.removeprefix(BASE + "/")).is_file(), href


@pytest.mark.parametrize("meta", [pytest.param(m, id=p.name) for p, m in POSTS])
def test_post_head_offers_its_audience_feed(sample, meta):
    parsed = parse(output_file(sample, f"posts/{meta['slug']}"))
    hrefs = {a.get("href") for a in parsed.head_links if a.get("rel") == "alternate"}
    audience = meta["audience"]
    assert {f"{BASE}/feeds/{audience}.atom.xml", f"{BASE}/feeds/{audience}.rss.xml"} <= hrefs


def test_no_scripts_and_no_third_party_requests(sample):
    assert [str(f) for f in audit.site_findings(sample.output_path, sample.settings, sample.pages)] == []
    for path in html_files(sample):
        for script in parse(path).scripts:
            assert "src" not in script, f"{path}: <script src=…>"
            assert script.get("type") == "application/ld+json", f"{path}: executable <script>"


@pytest.mark.parametrize(
    "snippet, expected",
    [
        pytest.param('<script src="https://cdn.example.net/a.js"></script>', 1, id="script"),
        pytest.param('<img src="//pixel.example.net/p.gif" alt="">', 1, id="protocol-relative-image"),
        pytest.param('<link rel="stylesheet" href="https://fonts.example.net/f.css">', 1, id="stylesheet"),
        pytest.param("<style>@import 'https://fonts.example.net/f.css';</style>", 1, id="css-import"),
        pytest.param('<a href="https://example.net/">a link you click</a>', 0, id="plain-link"),
        pytest.param(f'<img src="{BASE}/images/quiet-morning.png" alt="">', 0, id="own-host"),
    ],
)
def test_the_request_audit_is_not_blind(sample, tmp_path, snippet, expected):
    """The empty audit above means something: the same page with one foreign asset is caught."""
    copy = tmp_path / "site"
    shutil.copytree(sample.output_path, copy)
    page = copy / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", snippet + "</main>"), encoding="utf-8")
    problems = [f for f in audit.site_findings(str(copy), sample.settings) if f.code in ("B701", "B702", "B705")]
    assert len(problems) == expected, problems
    assert all(p.path == "index.html" for p in problems)


def test_building_twice_gives_identical_feeds_and_site(sample, tmp_path):
    again = site.build(PUBLISHCONF, str(tmp_path / "again"), _overrides(tmp_path))
    first, second = Path(sample.output_path), Path(again.output_path)
    feeds = sorted(p.relative_to(first) for p in (first / "feeds").glob("*.xml"))
    assert len(feeds) == 8
    for rel in feeds + [Path("sitemap.xml"), Path("robots.txt")]:
        assert (second / rel).read_bytes() == (first / rel).read_bytes(), rel
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    changed = [rel for rel in files if (first / rel).read_bytes() != (second / rel).read_bytes()]
    assert changed == []
