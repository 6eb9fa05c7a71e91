"""Atom and RSS feeds: which posts each feed has, absolute links, real dates, stable bytes."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from zoneinfo import ZoneInfo

import feedparser
import pytest

from conftest import Site, pelican_isolated, png_bytes, post
from feeds import feed_links

BASE = "https://cedarhollow.example.org"  # PRACTICE["site_url"]: pelicanconf's SITEURL is relative
TZ = ZoneInfo("America/Los_Angeles")  # pelicanconf TIMEZONE

POSTS = {
    "sleep.md": post(
        title='"Sleep and worry"',
        date="2025-03-04",
        category="Wellbeing",
        body="A calm paragraph about rest. See [the walking post]({filename}walking.md).\n\n![A quiet hill]({static}/images/hill.png)",
    ),
    "walking.md": post(title='"Walking and mood"', date='"2025-05-06 09:30"', body="A calm paragraph about walking."),
    "colleagues.md": post(title='"Notes for colleagues"', date="2025-04-01", audience="professionals", body="Reading notes on sleep research."),
    "office.md": post(title='"Office hours in June"', date="2025-06-01", audience="clients", body="The office opens at nine in June."),
    "held.md": post(title='"Held back post"', date="2025-07-01", risk="no", body="A calm paragraph."),
    "draft.md": post(title='"Unfinished thoughts"', date="2025-08-01", status="draft", body="A calm paragraph."),
}
DATES = {
    "Sleep and worry": dt.datetime(2025, 3, 4, tzinfo=TZ),
    "Walking and mood": dt.datetime(2025, 5, 6, 9, 30, tzinfo=TZ),
    "Notes for colleagues": dt.datetime(2025, 4, 1, tzinfo=TZ),
    "Office hours in June": dt.datetime(2025, 6, 1, tzinfo=TZ),
}
SLUGS = {
    "Sleep and worry": "sleep-and-worry",
    "Walking and mood": "walking-and-mood",
    "Notes for colleagues": "notes-for-colleagues",
    "Office hours in June": "office-hours-in-june",
}
#: Newest first, per feed.
EXPECTED = {
    "all": ["Office hours in June", "Walking and mood", "Notes for colleagues", "Sleep and worry"],
    "public": ["Walking and mood", "Sleep and worry"],
    "professionals": ["Notes for colleagues"],
    "clients": ["Office hours in June"],
}
FEEDS = [(stem, fmt) for stem in EXPECTED for fmt in ("atom", "rss")]
NEVER = ("Held back post", "held-back-post", "Unfinished thoughts", "unfinished-thoughts")


def make_site(root) -> Site:
    site = Site(root)
    for name, text in POSTS.items():
        site.write(f"posts/{name}", text)
    site.write("images/hill.png", png_bytes())
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("feeds"))
    with pelican_isolated():
        result = site.build()
    assert {w.title for w in result.withheld} == {"Held back post"}
    return site


def parse(site, stem, fmt):
    raw = (site.output / "feeds" / f"{stem}.{fmt}.xml").read_bytes()
    return raw, feedparser.parse(raw)


def when(text: str) -> dt.datetime:
    """A feed date as written (ISO 8601 in Atom, RFC 822 in RSS)."""
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return email.utils.parsedate_to_datetime(text)


@pytest.mark.parametrize("stem, fmt", FEEDS, ids=[f"{s}.{f}" for s, f in FEEDS])
def test_feed_has_exactly_the_expected_posts_newest_first(built, stem, fmt):
    raw, feed = parse(built, stem, fmt)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version.startswith(fmt)
    titles = [e.title for e in feed.entries]
    assert titles == EXPECTED[stem]
    published = [when(e.published) for e in feed.entries]
    assert all(d.tzinfo is not None and d.utcoffset() is not None for d in published)
    assert published == [DATES[t] for t in titles]  # the post's date, in the site's time zone
    assert published == sorted(published, reverse=True)
    text = raw.decode("utf-8")
    for word in NEVER:
        assert word not in text


@pytest.mark.parametrize("stem, fmt", FEEDS, ids=[f"{s}.{f}" for s, f in FEEDS])
def test_feed_links_are_absolute(built, stem, fmt):
    _, feed = parse(built, stem, fmt)
    assert feed.feed.link == f"{BASE}/"  # the site, not the feed itself (RSS <channel><link>)
    links = {link.get("rel"): link.href for link in feed.feed.links}
    assert links.get("self") == f"{BASE}/feeds/{stem}.{fmt}.xml"
    for entry in feed.entries:
        url = f"{BASE}/posts/{SLUGS[entry.title]}/"
        assert entry.link == url
        assert entry.id == url


def test_feed_timestamps_come_from_the_posts(built):
    """No "now": the feed's own date is its newest post's date."""
    for stem, fmt in FEEDS:
        raw, feed = parse(built, stem, fmt)
        newest = max(DATES[t] for t in EXPECTED[stem])
        stamp = feed.feed.updated if fmt == "atom" else re.search(rb"<lastBuildDate>(.*?)</lastBuildDate>", raw).group(1).decode()
        assert when(stamp) == newest, f"{stem}.{fmt}"


def test_atom_content_uses_absolute_urls(built):
    _, feed = parse(built, "all", "atom")
    [sleep] = [e for e in feed.entries if e.title == "Sleep and worry"]
    html = sleep.content[0].value
    assert f'href="{BASE}/posts/walking-and-mood/"' in html
    assert f'src="{BASE}/images/hill.png"' in html
    assert "{filename}" not in html and "{static}" not in html


def test_same_input_gives_the_same_bytes(built, tmp_path):
    """The same posts built again, from and into other folders: identical feeds."""
    again = make_site(tmp_path)
    again.build()
    assert again.output != built.output
    for stem, fmt in FEEDS:
        name = f"feeds/{stem}.{fmt}.xml"
        assert (again.output / name).read_bytes() == (built.output / name).read_bytes(), name


def test_feed_files_are_exactly_the_configured_ones(built):
    assert sorted(p.name for p in (built.output / "feeds").iterdir()) == sorted(f"{s}.{f}.xml" for s, f in FEEDS)


def test_settings_choose_the_audiences_and_the_length(tmp_path):
    site = make_site(tmp_path)
    site.build(FEEDS={"path": "rss", "max_items": 1, "audiences": ["public"]}, SITEURL="https://therapy.example.net/blog")
    assert sorted(p.name for p in (site.output / "rss").iterdir()) == ["all.atom.xml", "all.rss.xml", "public.atom.xml", "public.rss.xml"]
    assert not (site.output / "feeds").exists()
    for stem, newest in (("all", "Office hours in June"), ("public", "Walking and mood")):
        feed = feedparser.parse((site.output / "rss" / f"{stem}.atom.xml").read_bytes())
        assert [e.title for e in feed.entries] == [newest]
        assert feed.entries[0].link == f"https://therapy.example.net/blog/posts/{SLUGS[newest]}/"
    index = (site.output / "index.html").read_text(encoding="utf-8")
    alternates = re.findall(r'<link rel="alternate" type="[^"]+" title="[^"]+" href="([^"]+)">', index)
    assert [href.rsplit("/", 2)[-2:] for href in alternates] == [["rss", "all.atom.xml"], ["rss", "all.rss.xml"]]
    assert "professionals.atom.xml" not in index and 'href="feeds/' not in index


# --------------------------------------------------------------------------
# feed_links(): what the theme puts in <head> and the footer
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "feeds_setting, expected_hrefs",
    [
        pytest.param(
            None,
            [f"feeds/{s}.{f}.xml" for s in ("all", "public", "professionals", "clients") for f in ("atom", "rss")],
            id="default",
        ),
        pytest.param(
            {"path": "rss", "audiences": ["clients"]},
            ["rss/all.atom.xml", "rss/all.rss.xml", "rss/clients.atom.xml", "rss/clients.rss.xml"],
            id="own-folder-one-audience",
        ),
        pytest.param({"audiences": []}, ["feeds/all.atom.xml", "feeds/all.rss.xml"], id="site-wide-only"),
    ],
)
def test_feed_links(feeds_setting, expected_hrefs):
    settings = {"SITENAME": "Quiet Harbour"}
    if feeds_setting is not None:
        settings["FEEDS"] = feeds_setting
    links = feed_links(settings)
    assert [link["href"] for link in links] == expected_hrefs
    mime = {"atom": "application/atom+xml", "rss": "application/rss+xml"}
    for link in links:
        assert link["type"] == mime[link["format"]]
        assert link["href"].endswith(f".{link['format']}.xml")
        kind = "Atom" if link["format"] == "atom" else "RSS"
        assert link["title"] == f"Quiet Harbour: {link['label']} ({kind})"
    assert links[0]["audience"] is None and links[0]["label"] == "All posts"
    labels = {link["audience"]: link["label"] for link in links}
    assert labels.get("clients", "Practice news") == "Practice news"
    assert labels.get("professionals", "For colleagues") == "For colleagues"
