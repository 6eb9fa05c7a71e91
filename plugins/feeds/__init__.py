"""Atom and RSS feeds written with feedgen from the final list of posts that passed the gate.

Pelican's own feeds are switched off (pelicanconf.py). This generator runs its
`generate_output` after every generator's context is final, so it sees the
filtered `context["articles"]`; it also re-checks each post against the gate's
record, so a post that was not checked can never reach a feed. Output is the
same bytes for the same input: every timestamp comes from the posts, never "now".
"""

from __future__ import annotations

import datetime as dt
import os

from pelican import signals

AUDIENCE_TITLES = {
    "public": "Articles",
    "professionals": "For colleagues",
    "clients": "Practice news",
}
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def feed_config(settings) -> dict:
    cfg = dict(settings.get("FEEDS") or {})
    cfg.setdefault("path", "feeds")
    cfg.setdefault("max_items", 50)
    cfg.setdefault("audiences", ["public", "professionals", "clients"])
    return cfg


def feed_links(settings) -> list[dict]:
    """The feeds this site has, for `<link rel="alternate">` and the feed list in the theme."""
    cfg = feed_config(settings)
    name = settings.get("SITENAME", "")
    links = []
    for key, label in [(None, "All posts"), *((a, AUDIENCE_TITLES.get(a, a.title())) for a in cfg["audiences"])]:
        stem = "all" if key is None else key
        for fmt, mime in (("atom", "application/atom+xml"), ("rss", "application/rss+xml")):
            links.append(
                {
                    "audience": key,
                    "format": fmt,
                    "type": mime,
                    "title": f"{name}: {label} ({'Atom' if fmt == 'atom' else 'RSS'})",
                    "label": label,
                    "href": f"{cfg['path']}/{stem}.{fmt}.xml",
                }
            )
    return links


def base_url(settings) -> str:
    """Feeds always use absolute links: SITEURL if it is absolute, else the practice's site."""
    from boundary.practice import site_address

    return site_address(settings.get("SITEURL"), (settings.get("PRACTICE") or {}).get("site_url"), "http://localhost:8000")


def _aware(value) -> dt.datetime:
    if value is None:
        return EPOCH
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc)


def build_feed(articles, settings, audience, fmt: str) -> bytes:
    """One feed document. Pure apart from reading article attributes."""
    from feedgen.feed import FeedGenerator as FG

    cfg = feed_config(settings)
    base = base_url(settings)
    stem = "all" if audience is None else audience
    label = "All posts" if audience is None else AUDIENCE_TITLES.get(audience, audience.title())
    selected = [a for a in articles if audience is None or getattr(a, "audience", None) == audience]
    selected.sort(key=lambda a: (_aware(a.date), a.slug), reverse=True)
    selected = selected[: cfg["max_items"]]
    fg = FG()
    feed_url = f"{base}/{cfg['path']}/{stem}.{fmt}.xml"
    fg.id(feed_url)
    fg.title(f"{settings.get('SITENAME', '')}: {label}")
    # feedgen uses the last link as the RSS <channel><link>, which must be the
    # site itself, not the feed: add "self" first.
    fg.link(href=feed_url, rel="self")
    fg.link(href=f"{base}/", rel="alternate")
    practice = settings.get("PRACTICE") or {}
    fg.description(str(practice.get("tagline") or settings.get("SITENAME", "")))
    fg.subtitle(str(practice.get("tagline") or settings.get("SITENAME", "")))
    fg.language(settings.get("DEFAULT_LANG", "en"))
    fg.generator("Consulting Room")
    newest = max((_aware(getattr(a, "modified", None) or a.date) for a in selected), default=EPOCH)
    fg.updated(newest)
    fg.lastBuildDate(newest)
    for article in selected:
        url = f"{base}/{article.url}"
        entry = fg.add_entry(order="append")
        entry.id(url)
        entry.guid(url, permalink=True)
        entry.title(getattr(article, "title_text", None) or article.title)
        entry.link(href=url)
        entry.published(_aware(article.date))
        entry.updated(_aware(getattr(article, "modified", None) or article.date))
        entry.description(getattr(article, "summary_text", "") or "")
        author = getattr(article, "author", None)
        if author:
            entry.author(name=str(author))
        content = article.get_content(base)
        if fmt == "atom":
            entry.content(content, type="html")
        if getattr(article, "category", None):
            entry.category(term=str(article.category))
    if fmt == "atom":
        return fg.atom_str(pretty=True)
    return fg.rss_str(pretty=True)


class FeedsGenerator:
    """A Pelican generator (returned from get_generators) that writes feedgen feeds."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.context = context
        self.settings = settings
        self.output_path = output_path

    def generate_context(self):
        self.context["FEED_LINKS"] = feed_links(self.settings)

    def generate_output(self, writer):
        from boundary.gate import state_of

        state = state_of(self.settings)  # no gate, no feeds
        articles = [a for a in self.context.get("articles", []) if state.passed(a.source_path)]
        cfg = feed_config(self.settings)
        for audience in [None, *cfg["audiences"]]:
            for fmt in ("atom", "rss"):
                data = build_feed(articles, self.settings, audience, fmt)
                stem = "all" if audience is None else audience
                target = os.path.join(self.output_path, cfg["path"], f"{stem}.{fmt}.xml")
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as fh:
                    fh.write(data)
                state.extra_written.add(os.path.abspath(target))


def get_generators(pelican):
    return FeedsGenerator


def add_feed_links(pelican) -> None:
    # Available to every template from the start (the theme's <head> needs them).
    pelican.settings["FEED_LINKS"] = feed_links(pelican.settings)


def register():
    signals.initialized.connect(add_feed_links)
    signals.get_generators.connect(get_generators)
