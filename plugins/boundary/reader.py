"""The one frontmatter reader Pelican uses: python-frontmatter YAML + Python-Markdown.

It shares `source.load_path` with the checker, so the gate and the build see the
same values. It never raises: a file it cannot read comes back with almost no
metadata, and the gate (which checks the same file) blocks it with the reason.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import math
import os
import re

from markdown import Markdown
from pelican.readers import BaseReader
from pelican.utils import get_date

from .source import LoadError, load_path

log = logging.getLogger(__name__)

WORDS_PER_MINUTE = 220

#: YAML fields handed to Pelican's own metadata processors (as Pelican expects them).
_PELICAN_FIELDS = ("tags", "category", "author", "authors", "slug", "status", "lang", "template", "save_as", "url")
#: Our own fields, kept with their YAML types for the theme, feeds and publish.
_OWN_FIELDS = ("audience", "risk", "content_note", "case_material", "consent_ref", "crosspost", "social", "boundary_allow", "image")


def _as_date(value):
    if isinstance(value, dt.datetime):
        return get_date(value.isoformat(sep=" "))
    if isinstance(value, dt.date):
        return get_date(value.isoformat())
    return get_date(str(value))


def _under(path, settings, key: str) -> bool:
    root = os.path.abspath(settings.get("PATH", "."))
    rel = os.path.relpath(os.path.abspath(str(path)), root)
    return any(rel == p or rel.startswith(p.rstrip("/") + os.sep) for p in settings.get(key) or [])


class FrontmatterReader(BaseReader):
    """Reads `---` YAML frontmatter posts; registered for .md by the boundary plugin."""

    enabled = True
    file_extensions = ["md", "markdown", "mkd", "mdown"]

    def _markdown(self) -> Markdown:
        """Python-Markdown as Pelican's own reader sets it up: the extensions named in
        `extension_configs` are loaded too (Pelican's defaults name extra and codehilite only
        there). Without them a fenced block or a table would be published as plain paragraphs
        while the checker, which reads CommonMark blocks, had taken it for code (docs/checker.md)."""
        config = dict(self.settings.get("MARKDOWN") or {})
        extensions = list(config.get("extensions", []))
        extensions += [e for e in (config.get("extension_configs") or {}) if e not in extensions]
        config["extensions"] = [e for e in extensions if e != "markdown.extensions.meta"]
        return Markdown(**config)

    def read(self, source_path):
        try:
            return self._read(source_path)
        except Exception as exc:  # never fail open: the gate blocks what we could not read
            if not isinstance(exc, LoadError):
                log.debug("reader failed on %s", source_path, exc_info=True)
            stem = re.sub(r"\.\w+$", "", str(source_path).rsplit("/", 1)[-1])
            return "", {"title": stem, "boundary_source": str(source_path), "boundary_digest": ""}

    def _check_once(self, post, source_path) -> None:
        """Check the post we just parsed, so the gate need not read the file again."""
        from . import engine
        from .gate import STATE_KEY, GateState

        state = self.settings.get(STATE_KEY)
        if not isinstance(state, GateState):
            return
        kind = "page" if _under(source_path, self.settings, "PAGE_PATHS") else "post"
        path = os.path.abspath(str(source_path))
        report = state.cache.get(path, post.digest, kind) if state.cache is not None else None
        if report is None and state.precheck is not None and state.precheck.active:
            # Worker processes check the files while this process reads them; the
            # gate takes their reports, and checks what is left once reading is
            # over (precheck.finish), so reading is never held up by checking.
            # (A report the cache holds is used at once: the workers skip those files.)
            return
        if report is None:
            report = engine.check_post(post, practice=state.practice, kind=kind)
            if state.cache is not None:
                state.cache.put(path, kind, report)
        state.early[path] = (post.digest, kind, report)

    def _read(self, source_path):
        post = load_path(source_path)
        self._check_once(post, source_path)
        meta = post.meta
        content = self._markdown().convert(post.body_text)
        out: dict = {"boundary_source": str(source_path), "boundary_digest": post.digest}
        title = meta.get("title")
        out["title"] = html.escape(str(title if title is not None else ""), quote=False)
        out["title_text"] = str(title if title is not None else "")
        summary = meta.get("summary")
        if isinstance(summary, str):
            out["summary_text"] = summary.strip()
            out["summary"] = html.escape(summary.strip(), quote=False)
        for key in ("date", "modified"):
            value = meta.get(key)
            if value is not None:
                try:
                    out[key] = _as_date(value)
                except (ValueError, TypeError, OverflowError):
                    pass  # the gate reports it (B901)
        for key in _PELICAN_FIELDS:
            value = meta.get(key)
            if value is None:
                continue
            if key in ("tags", "authors"):
                items = value if isinstance(value, list) else str(value)
                if isinstance(items, list):
                    items = [str(v) for v in items]
                processed = self.process_metadata(key, items)
            else:
                processed = self.process_metadata(key, str(value))
            if processed is not None:
                out[key] = processed
        if isinstance(meta.get("translation"), bool):
            out["translation"] = "true" if meta["translation"] else "false"
        for key in _OWN_FIELDS:
            if key in meta:
                out[key] = meta[key]
        words = len(re.findall(r"\w+", re.sub(r"<[^>]+>", " ", content)))
        out["word_count"] = words
        out["reading_time"] = max(1, math.ceil(words / WORDS_PER_MINUTE))
        return content, out
