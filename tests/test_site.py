"""The sample site (content/) built with publishconf.py: complete, safe on every post, no third parties."""

from __future__ import annotations

import html
import json
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path

import frontmatter
import pytest
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from conftest import ROOT, pelican_isolated, post
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
    """Only the search page runs code: one same-origin module (deferred, never render-blocking)."""
    assert [str(f) for f in audit.site_findings(sample.output_path, sample.settings, sample.pages)] == []
    search_page = Path(sample.output_path) / "search" / "index.html"
    for path in html_files(sample):
        for script in parse(path).scripts:
            if path == search_page and "src" in script:
                assert script == {"type": "module", "src": f"{BASE}/theme/js/search.js"}
                continue
            assert "src" not in script, f"{path}: <script src=…>"
            assert script.get("type") == "application/ld+json", f"{path}: executable <script>"
    assert "<noscript>" in search_page.read_text(encoding="utf-8")


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


# ---------------------------------------------------------------------------
# Metadata: JSON-LD, Open Graph, Twitter card, canonical, rel="me"
# ---------------------------------------------------------------------------

_JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def jsonld(page: str) -> list[dict]:
    """Every JSON-LD block of a page, parsed with the json module (a syntax error fails the test)."""
    return [json.loads(block) for block in _JSONLD.findall(page)]


def nodes(blocks: list[dict]) -> list[dict]:
    out = []
    for b in blocks:
        out += b.get("@graph", [b])
    return out


def meta_tags(page: str) -> dict[str, str]:
    found = {}
    for m in re.finditer(r'<meta (property|name)="([^"]+)" content="([^"]*)">', page):
        found.setdefault(m.group(2), html.unescape(m.group(3)))
    return found


def test_every_page_has_valid_practice_jsonld_og_and_canonical(sample):
    practice = sample.settings["PRACTICE"]
    for path in html_files(sample):
        page = path.read_text(encoding="utf-8")
        rel = path.relative_to(sample.output_path)
        graph = nodes(jsonld(page))
        org = [n for n in graph if "MedicalBusiness" in n.get("@type", [])]
        assert len(org) == 1, rel
        org = org[0]
        assert org["@context"] if "@context" in org else jsonld(page)[0]["@context"] == "https://schema.org"
        assert org["name"] == practice["name"] and org["telephone"] == practice["phone"] and org["url"] == BASE + "/"
        assert org["address"]["postalCode"] == practice["postal_address"]["postal_code"]
        assert set(org["sameAs"]) == {"https://social.example.org/@cedarhollow", "https://bsky.app/profile/cedarhollow.example.org", practice["social"]["linkedin"]}
        people = {n["name"]: n for n in graph if n.get("@type") == "Person"}
        for c in practice["clinicians"]:
            person = people[c["name"]]
            assert person["honorificSuffix"] == ", ".join(c["credentials"])
            assert person["hasCredential"][0]["identifier"] == c["licence"]
            assert person["hasCredential"][0]["validIn"]["name"] == c["jurisdiction"]
            assert {"@id": person["@id"]} in org["employee"]
        meta = meta_tags(page)
        assert meta["twitter:card"] == "summary", rel
        assert meta["og:site_name"] == practice["name"], rel
        assert meta["og:title"] and meta["og:description"], rel
        if rel.name == "404.html":
            assert "rel=\"canonical\"" not in page and meta["robots"] == "noindex"
            continue
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', page)
        assert canonical, rel
        expected = f"{BASE}/{str(rel).removesuffix('index.html')}"
        assert canonical.group(1) == expected
        assert meta["og:url"] == expected, rel


@pytest.mark.parametrize("meta", [pytest.param(m, id=p.name) for p, m in POSTS])
def test_every_post_is_a_blogposting(sample, meta):
    page = read(sample, f"posts/{meta['slug']}")
    posts = [n for n in nodes(jsonld(page)) if n.get("@type") == "BlogPosting"]
    assert len(posts) == 1
    bp = posts[0]
    url = f"{BASE}/posts/{meta['slug']}/"
    assert bp["headline"] == meta["title"] and bp["url"] == url and bp["mainEntityOfPage"] == url
    assert bp["description"] == meta["summary"]
    assert bp["datePublished"].startswith(str(meta["date"]))
    assert bp["publisher"] == {"@id": f"{BASE}/#practice"}
    author = meta.get("author", "Nora Lindqvist")
    assert bp["author"]["name"] == author
    assert bp["author"]["hasCredential"][0]["identifier"]  # a clinician of the practice, with a licence
    assert bp["keywords"] == list(meta["tags"])
    tags = meta_tags(page)
    assert tags["og:type"] == "article" and tags["og:url"] == url and tags["og:title"] == meta["title"]
    assert tags["article:published_time"].startswith(str(meta["date"]))


def test_jsonld_cannot_be_broken_out_of(tmp_path):
    from presence import dump_jsonld

    text = dump_jsonld({"headline": "</script><script>alert(1)</script> & more"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["headline"] == "</script><script>alert(1)</script> & more"


@pytest.mark.parametrize(
    "handle, url",
    [
        ("@cedarhollow@social.example.org", "https://social.example.org/@cedarhollow"),
        ("cedarhollow@social.example.org", "https://social.example.org/@cedarhollow"),
        ("https://social.example.org/@cedarhollow", "https://social.example.org/@cedarhollow"),
        ("@justaname", ""),
    ],
)
def test_mastodon_profile_url_from_handle(handle, url):
    from presence import mastodon_url

    assert mastodon_url(handle) == url


def test_rel_me_links_for_every_configured_account(sample):
    page = read(sample, "about")
    head = page.split("</head>")[0]
    expected = ["https://social.example.org/@cedarhollow", "https://bsky.app/profile/cedarhollow.example.org", "https://www.linkedin.example/company/cedar-hollow-counseling"]
    assert re.findall(r'<link rel="me" href="([^"]+)">', head) == expected
    assert re.findall(r'<a rel="me" href="([^"]+)">', page) == expected


# ---------------------------------------------------------------------------
# Pages and sections: everything from the one PRACTICE section
# ---------------------------------------------------------------------------


def test_about_page_shows_each_clinicians_credentials_and_licence_from_settings(sample):
    page = read(sample, "about")
    body = page.split('<div class="page-body">')[1].split("</article>")[0]
    for c in sample.settings["PRACTICE"]["clinicians"]:
        heading = re.search(rf'<h3 id="[^"]+">([^<]*{re.escape(c["name"])}[^<]*)</h3>', body)
        assert heading, c["name"]
        assert heading.group(1) == " ".join(c["titles"] + [c["name"]]).strip() + ", " + ", ".join(c["credentials"])
        assert f"Licensed in {c['jurisdiction']}, {c['licence']}" in body
    assert "[practice:" not in body


def test_no_placeholder_is_left_on_any_page(sample):
    for path in html_files(sample):
        assert "[practice:" not in path.read_text(encoding="utf-8"), path


def test_a_new_clinician_edits_one_place(site):
    """Change PRACTICE only: the about and contact pages follow."""
    site.write("pages/about.md", '---\ntitle: "About us"\nslug: about\n---\n\nWho we are.\n\n[practice:clinicians]\n')
    site.write("pages/contact.md", '---\ntitle: "Contact"\n---\n\n[practice:contact]\n\nCall [practice:phone] any weekday.\n')
    practice = {
        "name": "Juniper Street Therapy",
        "phone": "(555) 555-0177",
        "email": "office@juniper.example.net",
        "address": "4 Juniper Street, Elmtown",
        "site_url": "https://juniper.example.net",
        "clinicians": [{"name": "Ada Okafor", "credentials": ["LMFT"], "roles": ["Therapist"], "licence": "LMFT 5521", "jurisdiction": "Nevada"}],
    }
    result = site.build(PRACTICE=practice)
    assert result.withheld == []
    about = (site.output / "about" / "index.html").read_text(encoding="utf-8")
    assert '<h3 id="ada-okafor">Ada Okafor, LMFT</h3>' in about
    assert "Licensed in Nevada, LMFT 5521" in about
    assert "Nora Lindqvist" not in about
    contact = (site.output / "contact" / "index.html").read_text(encoding="utf-8")
    assert '<a href="tel:5555550177">(555) 555-0177</a>' in contact
    assert '<a href="mailto:office@juniper.example.net">office@juniper.example.net</a>' in contact
    assert "Call <a href=\"tel:5555550177\">(555) 555-0177</a> any weekday." in contact
    data = nodes(jsonld(contact))
    assert data[0]["name"] == "Juniper Street Therapy" and data[1]["name"] == "Ada Okafor"


def test_the_crisis_page_follows_the_practice_region_and_its_own_lines(site):
    """The sample crisis page, built for a UK practice with its own local line: every line
    comes from the settings (the region's national lines and the practice's), the same as
    the crisis block on each post, and nothing of the sample US practice is left."""
    site.write("pages/crisis.md", (ROOT / "content" / "pages" / "crisis.md").read_text(encoding="utf-8")
               .replace("({filename}/posts/2025-09-08-asking-about-suicide.md)", "(https://example.org/asking)"))
    site.write("posts/one.md", post(title='"A quiet post"'))
    practice = {
        "name": "Harbourside Counselling",
        "phone": "020 7946 0321",
        "region": "UK",
        "crisis_lines": [{"name": "Harbourside Night Line", "number": "020 7946 0999", "hours": "10pm to 6am"}],
    }
    result = site.build(PRACTICE=practice, SITENAME=practice["name"])  # pelicanconf.py sets SITENAME from PRACTICE
    assert result.withheld == []
    page = (site.output / "crisis" / "index.html").read_text(encoding="utf-8")
    body = page.split('<div class="page-body">')[1].split("</article>")[0]
    assert "[practice:" not in body
    assert "Harbourside Counselling is not a crisis service" in body
    assert "Cedar Hollow" not in page and "Millbrook" not in page and "988" not in body and "911" not in body
    lines = re.search(r'<ul class="crisis-lines">.*?</ul>', body, re.S).group(0)
    names = re.findall(r"<strong>([^<]+)</strong>", lines)
    assert "Samaritans" in " ".join(names) and "Harbourside Night Line" in names
    assert '<a href="tel:02079460999">020 7946 0999</a> <span class="hours">(10pm to 6am)</span>' in lines
    assert re.search(r'immediate danger, call <a href="tel:999">999</a>', body)
    # The post's crisis block lists the same lines, rendered the same way.
    post_page = (site.output / "posts" / "a-quiet-post" / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<ul class="crisis-lines">.*?</ul>', post_page, re.S).group(0)
    assert re.findall(r"<li[^>]*>(.*?)</li>", block, re.S) == re.findall(r"<li[^>]*>(.*?)</li>", lines, re.S)


def test_contact_page_has_phone_and_email_and_no_form(sample):
    page = read(sample, "contact")
    practice = sample.settings["PRACTICE"]
    assert f'href="tel:5555550134">{practice["phone"]}</a>' in page
    assert f'href="mailto:{practice["email"]}"' in page
    assert "<form" not in page and "<input" not in page and "<textarea" not in page


@pytest.mark.parametrize("section, audience", [("for-colleagues", "professionals"), ("practice-news", "clients")])
def test_audience_sections_list_exactly_their_posts(sample, section, audience):
    page = read(sample, section)
    linked = re.findall(r'<a href="https://cedarhollow\.example\.org/(posts/[^"]+)" rel="bookmark">', page)
    expected = [f"posts/{m['slug']}/" for _, m in sorted(POSTS, key=lambda pm: str(pm[1]["date"]), reverse=True) if m["audience"] == audience]
    assert expected and linked == expected
    assert f"{BASE}/feeds/{audience}.atom.xml" in page.split("</head>")[0]  # the section's own feeds are discoverable
    sitemap = (Path(sample.output_path) / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{BASE}/{section}/</loc>" in sitemap
    home = read(sample, "")
    assert f'href="{BASE}/{section}/"' in home


def test_blog_has_tags_categories_and_archive(sample):
    out = Path(sample.output_path)
    for url in ("tags", "categories", "archives", "tags/grief", "categories/wellbeing"):
        assert (out / url / "index.html").is_file(), url
    archive = read(sample, "archives")
    assert all(f"{BASE}/posts/{m['slug']}/" in archive for _, m in POSTS)


@pytest.mark.parametrize("meta", [pytest.param(m, id=p.name) for p, m in POSTS])
def test_post_shows_reading_time_and_plain_share_links(sample, meta):
    page = read(sample, f"posts/{meta['slug']}")
    assert re.search(r"· \d+ min read", page)
    share = re.search(r'<div class="share">.*?</div>', page, re.S).group(0)
    assert "<script" not in share and "<iframe" not in share and "<img" not in share
    assert len(re.findall(r"<a href=", share)) == (1 if meta["audience"] == "clients" else 4)


def test_images_get_their_size_and_lazy_loading(sample):
    page = read(sample, "posts/what-to-expect-first-session")
    from PIL import Image

    with Image.open(ROOT / "content" / "images" / "quiet-morning.png") as im:
        width, height = im.size
    img = re.search(r"<img [^>]*quiet-morning\.png[^>]*>", page).group(0)
    assert f'width="{width}"' in img and f'height="{height}"' in img
    assert 'loading="lazy"' in img and 'decoding="async"' in img


def test_image_attributes_keep_what_the_author_set(tmp_path):
    from presence import image_attributes

    (tmp_path / "a.png").write_bytes(Path(ROOT / "content" / "images" / "quiet-morning.png").read_bytes())
    src = '<p><img alt="x" src="{static}a.png" width="10" height="5" loading="eager"></p><img alt="y" src="https://elsewhere.example/b.png">'
    out = image_attributes(src, str(tmp_path / "post.md"), str(tmp_path))
    assert '<img alt="x" src="{static}a.png" width="10" height="5" loading="eager" decoding="async">' in out
    assert '<img alt="y" src="https://elsewhere.example/b.png" loading="lazy" decoding="async">' in out


def test_a_typical_post_page_weighs_under_50_kb_with_its_css(sample):
    out = Path(sample.output_path)
    css = sum(p.stat().st_size for p in (out / "theme" / "css").glob("*.css"))
    for _, meta in POSTS:
        page = output_file(sample, f"posts/{meta['slug']}")
        total = page.stat().st_size + css
        assert total < 50_000, f"{page}: {total} bytes of HTML and CSS"


# ---------------------------------------------------------------------------
# Search: Pagefind at publish time, audited like every other file
# ---------------------------------------------------------------------------

SEARCH_ON = {"SEARCH": {"enabled": True, "path": "pagefind"}}


def pagefind_texts(output: Path) -> dict[str, str]:
    return {
        str(p.relative_to(output)): audit.pagefind_text(p.read_bytes())
        for p in sorted((output / "pagefind").rglob("*"))
        if p.suffix in audit.PAGEFIND_SUFFIXES
    }


def write_search_site(site, blocked: bool = True):
    site.write("posts/ok.md", post(title='"Sleep and worry at night"', slug="sleep-and-worry", body="Notes on sleep, worry and evening routines."))
    site.write(
        "posts/hidden.md",
        post(title='"The Zebra Crossing Chronicle"', slug="zebra-crossing-chronicle", risk="no" if blocked else "low", body="A zebra story about crossings."),
    )


def test_search_index_holds_passing_posts_and_never_a_blocked_one(site):
    write_search_site(site)
    result = site.build(**SEARCH_ON)
    assert [Path(w.path).name for w in result.withheld] == ["hidden.md"]
    texts = pagefind_texts(site.output)
    fragments = {k: v for k, v in texts.items() if k.endswith(".pf_fragment")}
    assert fragments, "Pagefind wrote no fragments"
    everything = "\n".join(texts.values())
    assert ">Sleep and worry at night<" in everything and "/posts/sleep-and-worry/" in everything
    assert "Zebra Crossing Chronicle" not in everything and "zebra-crossing-chronicle" not in everything
    assert "zebra" not in everything.lower()  # not even a word of its body reached the word index
    assert audit.audit_leaks([str(site.output)], result.withheld, result.settings) == []
    assert audit.audit_unexpected(str(site.output), result.manifest()) == []  # the index is registered as written


def test_the_audit_finds_a_blocked_post_inside_the_compressed_index(site, tmp_path):
    """Plant the real index of a build where the post passed into one where it was blocked."""
    from conftest import Site

    write_search_site(site)
    blocked = site.build(**SEARCH_ON)
    other = Site(tmp_path / "other")
    write_search_site(other, blocked=False)
    with pelican_isolated():
        passed = other.build(**SEARCH_ON)
    assert passed.withheld == []
    leaked = [p for p in (other.output / "pagefind" / "fragment").iterdir() if "Zebra Crossing" in audit.pagefind_text(p.read_bytes())]
    assert leaked and leaked[0].read_bytes()[:2] == b"\x1f\x8b"  # gzip: a plain text search would miss it
    target = site.output / "pagefind" / "fragment" / leaked[0].name
    shutil.copyfile(leaked[0], target)
    problems = audit.audit_leaks([str(site.output)], blocked.withheld, blocked.settings)
    assert {p.path for p in problems} == {str(target)}
    assert any("title" in p.detail for p in problems) and any("slug" in p.detail or "URL" in p.detail for p in problems)
    stray = audit.audit_unexpected(str(site.output), blocked.manifest())
    assert [p.path for p in stray] == [str(target.resolve())]


def test_search_is_off_for_previews_and_on_for_publish(site, sample):
    site.write("posts/ok.md", post())
    site.build()
    assert not (site.output / "pagefind").exists()
    index = Path(sample.output_path) / "pagefind"
    assert (index / "pagefind.js").is_file() and list((index / "fragment").iterdir())
    assert not list(index.glob("pagefind-*ui*")), "Pagefind's unused ready-made interfaces are not shipped"
    # The search page is in every build; it says what to do without JavaScript.
    page = read(sample, "search")
    assert 'data-index="https://cedarhollow.example.org/pagefind/pagefind.js"' in page


def test_a_failing_search_build_says_what_to_do(tmp_path, monkeypatch):
    import presence

    monkeypatch.setattr(presence, "pagefind_command", lambda site, subdir: [sys.executable, "-c", "import sys; sys.exit('no html files found')"])
    with pytest.raises(presence.SearchError, match=r"search index could not be built \(Pagefind said: no html files found\)"):
        presence.build_search_index(str(tmp_path))


def test_publish_stops_with_a_plain_message_when_search_fails(site, tmp_path, monkeypatch):
    import presence
    from publish import pipeline

    monkeypatch.setattr(presence, "pagefind_command", lambda site, subdir: [sys.executable, "-c", "import sys; sys.exit('disk full')"])
    site.write("posts/ok.md", post())
    with pytest.raises(pipeline.PublishError) as caught:
        pipeline.publish(str(ROOT / "pelicanconf.py"), output=str(tmp_path / "live"), outbox_dir=str(tmp_path / "outbox"), overrides=site.overrides(**SEARCH_ON))
    assert caught.value.step == "build"
    assert "search index could not be built (Pagefind said: disk full)" in caught.value.message
    assert not (tmp_path / "live").exists()  # nothing deployed


def test_404_and_search_pages_exist_but_are_not_in_the_sitemap(sample):
    out = Path(sample.output_path)
    missing = (out / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in missing and f'href="{BASE}/crisis/"' in missing
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "404" not in sitemap and "/search/" not in sitemap
    assert (out / "robots.txt").read_text(encoding="utf-8").endswith(f"Sitemap: {BASE}/sitemap.xml\n")


def test_hidden_posts_are_not_in_the_search_index(site):
    site.write("posts/ok.md", post(title='"Sleep and worry at night"', slug="sleep-and-worry"))
    site.write("posts/quiet.md", post(title='"Only for people with the link"', slug="only-with-the-link", status="hidden"))
    result = site.build(**SEARCH_ON)
    assert (site.output / "posts" / "only-with-the-link" / "index.html").is_file()  # hidden, not withheld
    everything = "\n".join(pagefind_texts(site.output).values())
    assert ">Sleep and worry at night<" in everything
    assert "Only for people with the link" not in everything and "only-with-the-link" not in everything
    assert result.withheld == []


def test_publish_deploys_the_search_index_and_audits_it(site, tmp_path):
    from publish import pipeline

    write_search_site(site)
    result = pipeline.publish(str(ROOT / "pelicanconf.py"), output=str(tmp_path / "live"), outbox_dir=str(tmp_path / "outbox"), overrides=site.overrides(**SEARCH_ON))
    assert [Path(w.path).name for w in result.withheld] == ["hidden.md"]
    live = tmp_path / "live"
    assert (live / "pagefind" / "pagefind.js").is_file()
    everything = "\n".join(pagefind_texts(live).values())
    assert ">Sleep and worry at night<" in everything and "Zebra" not in everything
