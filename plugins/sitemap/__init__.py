"""sitemap.xml and robots.txt from the final lists of passing posts and pages.

Like the feeds, written by a generator whose output step sees the filtered
context, and cross-checked against the gate's record of what passed.
"""

from __future__ import annotations

import datetime as dt
import os
from xml.sax.saxutils import escape

from pelican import signals


def _lastmod(content) -> str:
    value = getattr(content, "modified", None) or getattr(content, "date", None)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return ""


def sitemap_xml(base: str, contents, extra_urls=()) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    entries = [(f"{base}/", "")] + [(f"{base}/{u}", "") for u in extra_urls]
    entries += [(f"{base}/{c.url}", _lastmod(c)) for c in contents]
    for loc, lastmod in sorted(set(entries)):
        lines.append(f"  <url><loc>{escape(loc)}</loc>" + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "") + "</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


class SitemapGenerator:
    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.context = context
        self.settings = settings
        self.output_path = output_path

    def generate_context(self):
        pass

    def generate_output(self, writer):
        from boundary.gate import state_of
        from feeds import base_url

        state = state_of(self.settings)
        contents = [
            c
            for key in ("articles", "pages")
            for c in self.context.get(key, [])
            if state.passed(c.source_path)
        ]
        base = base_url(self.settings)
        extra = [self.settings.get(k, "") for k in ("ARCHIVES_SAVE_AS",) if self.settings.get(k)]
        extra = [u.replace("index.html", "") for u in extra]
        # The audience sections ("For colleagues", "Practice news") when the presence plugin is on.
        extra += [s["url"] for s in self.settings.get("AUDIENCE_SECTION_LIST") or []]
        files = {
            "sitemap.xml": sitemap_xml(base, contents, extra),
            "robots.txt": f"User-agent: *\nAllow: /\n\nSitemap: {base}/sitemap.xml\n",
        }
        for name, text in files.items():
            target = os.path.join(self.output_path, name)
            with open(target, "w", encoding="utf-8") as fh:
                fh.write(text)
            state.extra_written.add(os.path.abspath(target))


def get_generators(pelican):
    return SitemapGenerator


def register():
    signals.get_generators.connect(get_generators)
