"""Check a site's posts in a second process while Pelican builds in the first.

Pelican builds on one core. Checking every post in a worker process on the
other core, started as soon as the build begins, hides most of the checker's
cost: by the time Pelican reads a file, its report is usually ready. The gate
still decides, and fails closed: a report is used only if it was made from
exactly the bytes Pelican read (same digest); if the worker fails or is slow,
the gate checks the file itself.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

log = logging.getLogger(__name__)

#: Below this many files, starting a process costs more than it saves.
MIN_FILES = 40
CHUNK = 1  # one post per task: the build can take over any post the worker has not started
SUFFIXES = {".md", ".markdown", ".mkd", ".mdown"}


def _kind(path: str, root: str, page_paths) -> str:
    rel = os.path.relpath(path, root)
    return "page" if any(rel == p or rel.startswith(p.rstrip("/") + os.sep) for p in page_paths or []) else "post"


def _check_chunk(paths: list[str], practice, root: str, page_paths) -> dict[str, tuple]:
    from . import engine

    out = {}
    for path in paths:
        kind = _kind(path, root, page_paths)
        report = engine.check_file(path, practice, kind=kind)
        out[path] = (report.digest, kind, report)
    return out


def content_files(settings) -> list[str]:
    root = Path(settings["PATH"])
    files: list[str] = []
    for key in ("ARTICLE_PATHS", "PAGE_PATHS"):
        for sub in settings.get(key) or []:
            base = root / sub
            if base.is_dir():
                files += [str(p.resolve()) for p in sorted(base.rglob("*")) if p.suffix.lower() in SUFFIXES and p.is_file()]
    return sorted(set(files))


class Prechecker:
    """Futures of reports, by absolute path; `take(path)` returns one or None."""

    def __init__(self, settings, practice):
        self.executor: ProcessPoolExecutor | None = None
        self.futures: dict[str, Future] = {}
        files = content_files(settings)
        if len(files) < MIN_FILES or (settings.get("BOUNDARY") or {}).get("precheck") is False:
            return
        # fork is fast and needs nothing re-imported, but is only safe while this
        # process runs a single thread (a preview server has more): then skip.
        if threading.active_count() != 1 or "fork" not in multiprocessing.get_all_start_methods():
            return
        try:
            self.executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
            root = os.path.abspath(settings["PATH"])
            page_paths = list(settings.get("PAGE_PATHS") or [])
            for i in range(0, len(files), CHUNK):
                chunk = files[i : i + CHUNK]
                fut = self.executor.submit(_check_chunk, chunk, practice, root, page_paths)
                for path in chunk:
                    self.futures[path] = fut
        except (OSError, RuntimeError) as exc:  # no processes here: check in-process
            log.debug("precheck unavailable: %s", exc)
            self.close()

    def take(self, path: str):
        """(digest, kind, report) for path, or None if the worker could not provide it."""
        fut = self.futures.pop(os.path.abspath(path), None)
        if fut is None:
            return None
        # Pelican reads files in its own order; if the worker has not reached
        # this one yet, the build checks it itself rather than wait.
        if fut.cancel():
            return None
        try:
            return fut.result(timeout=120).get(os.path.abspath(path))
        except Exception as exc:  # a broken worker never opens the gate; the caller checks itself
            log.debug("precheck failed for %s: %s", path, exc)
            return None

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = None
        self.futures.clear()
