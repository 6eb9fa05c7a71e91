"""Check a site's posts in worker processes while Pelican reads them in the main one.

Pelican builds on one core. Worker processes, forked as the build begins, check
the content files on the other cores while Pelican reads; every file is checked
once, by whoever claims it first (a claim is one byte in shared memory, taken
under a lock, so a file is never checked twice and never left out):

- the workers walk the list of content files from the end, and send each
  report through a pipe as soon as it is made;
- the build process does not check while it reads. As each file is read, the
  gate takes its report if a worker has already sent it (poll); otherwise the
  verdict is put off;
- once reading is over, before any list, taxonomy, feed or page exists, the
  guard collects the verdicts it put off (finish): the build process claims and
  checks, one at a time from the start of the list, the files no worker has
  started, while the workers go on from the end; then it waits for the
  reports of the files the workers hold.

So checking and reading overlap, and whatever checking is left when reading
ends is shared by every core. The main process drains the pipe whenever it
polls, so the pipe never fills. The gate still decides, and fails closed: a
worker's report is used only if it was made from exactly the bytes Pelican
read (same digest); if a worker fails or is slow, the gate checks the file
itself.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import multiprocessing
import os
import threading
import time
from pathlib import Path

log = logging.getLogger(__name__)

#: Below this many files, starting a process costs more than it saves.
MIN_FILES = 40
SUFFIXES = {".md", ".markdown", ".mkd", ".mdown"}
#: How long the build waits for a report a worker is making before checking the file itself.
WAIT_S = 120

FREE, WORKER, BUILD = 0, 1, 2


def _kind(path: str, root: str, page_paths) -> str:
    rel = os.path.relpath(path, root)
    return "page" if any(rel == p or rel.startswith(p.rstrip("/") + os.sep) for p in page_paths or []) else "post"


def _check_one(path: str, practice, root: str, page_paths, cache=None) -> tuple:
    from . import engine

    kind = _kind(path, root, page_paths)
    if cache is not None:
        try:
            digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            digest = ""
        report = cache.get(path, digest, kind)
        if report is not None:
            return (report.digest, kind, report)
    report = engine.check_file(path, practice, kind=kind)
    if cache is not None:
        cache.put(path, kind, report)
    return (report.digest, kind, report)


def _cached(cache, path: str, settings) -> bool:
    try:
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return False
    return cache.has(path, digest, _kind(path, os.path.abspath(settings["PATH"]), settings.get("PAGE_PATHS")))


def _work(files: list[str], claims, conn, practice, root: str, page_paths, cache=None) -> None:
    """A worker: claim free files from the end of the list, check each, send the report."""
    try:
        for i in range(len(files) - 1, -1, -1):
            with claims.get_lock():
                if claims[i] != FREE:
                    continue
                claims[i] = WORKER
            try:
                result = _check_one(files[i], practice, root, page_paths, cache)
            except Exception as exc:  # the build checks this file itself
                log.debug("precheck failed for %s: %s", files[i], exc)
                result = None
            conn.send((files[i], result))
    except (OSError, EOFError, BrokenPipeError):  # the build is gone or done with us
        pass
    finally:
        try:
            conn.close()
        except OSError:  # pragma: no cover
            pass


_SAMPLE = (
    "---\ntitle: \"Warm-up\"\ndate: 2025-01-01\nsummary: \"A sample.\"\naudience: public\nrisk: low\n---\n\n"
    "A short paragraph about sleep, worry and the people I work with. Follow us on Instagram.\n\n"
    "## A heading\n\n- a list item with a [link](https://example.org)\n"
)


def _warm_up(practice) -> None:
    """Check a small sample post, so the workers inherit compiled patterns and loaded word lists."""
    from . import engine

    try:
        engine.check_text(_SAMPLE, "warm-up.md", practice)
    except Exception:  # pragma: no cover - warming up is only an optimisation
        log.debug("precheck warm-up failed", exc_info=True)


def content_files(settings) -> list[str]:
    root = Path(settings["PATH"])
    files: list[str] = []
    for key in ("ARTICLE_PATHS", "PAGE_PATHS"):
        for sub in settings.get(key) or []:
            base = root / sub
            if base.is_dir():
                # The paths as Pelican names them (PATH joined with the file), not resolved:
                # through a symlinked folder, resolve() would name other paths than Pelican.
                files += [os.path.abspath(p) for p in sorted(base.rglob("*")) if p.suffix.lower() in SUFFIXES and p.is_file()]
    return sorted(set(files))


def worker_count() -> int:
    """One worker per core the build may use, less the one Pelican builds on (at least one)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores - 1, 8))


class Prechecker:
    """Reports made by worker processes, by absolute path.

    `take(path)`: (digest, kind, report) from a worker, or None (then the build checks).
    `poll(path)`: a worker's report if it is already here, without waiting or claiming.
    `finish(paths)`: a report for each path, checking in this process whatever no
    worker has started while the workers go on with the rest.
    """

    def __init__(self, settings, practice, workers: int | None = None, cache=None):
        self.processes: list = []
        self.files: list[str] = []
        self.index: dict[str, int] = {}
        self.results: dict[str, tuple | None] = {}
        self.claims = None
        self.conn = None
        self.practice = practice
        self.cache = cache
        self.root = os.path.abspath(settings["PATH"])
        self.page_paths = list(settings.get("PAGE_PATHS") or [])
        files = content_files(settings)
        if cache is not None and len(files) >= MIN_FILES:
            # Only what the cache cannot answer needs a worker (a rebuild after one save: almost nothing).
            files = [p for p in files if not _cached(cache, p, settings)]
        if len(files) < MIN_FILES or (settings.get("BOUNDARY") or {}).get("precheck") is False:
            return
        # fork is fast and needs nothing re-imported, but is only safe while this
        # process runs a single thread (a preview server has more): then skip.
        if threading.active_count() != 1 or "fork" not in multiprocessing.get_all_start_methods():
            return
        try:
            ctx = multiprocessing.get_context("fork")
            self.claims = ctx.Array("b", len(files), lock=True)
            self.conn, child_end = ctx.Pipe(duplex=False)
            root, page_paths = self.root, self.page_paths
            self.files = files
            self.index = {p: i for i, p in enumerate(files)}
            _warm_up(practice)  # compile every rule's patterns once, here, not once per worker
            gc.collect()
            gc.freeze()  # fewer copy-on-write pages in the children
            try:
                for _ in range(workers or worker_count()):
                    proc = ctx.Process(target=_work, args=(files, self.claims, child_end, practice, root, page_paths, cache), daemon=True)
                    proc.start()
                    self.processes.append(proc)
            finally:
                gc.unfreeze()
                child_end.close()  # only the workers write; EOF once they all finish
        except (OSError, RuntimeError) as exc:  # no processes here: check in-process
            log.debug("precheck unavailable: %s", exc)
            self.close()

    @property
    def active(self) -> bool:
        return bool(self.processes)

    def _drain(self, wait: float = 0.0) -> bool:
        """Move every report waiting in the pipe into self.results; False once the pipe is closed."""
        if self.conn is None:
            return False
        try:
            while self.conn.poll(wait):
                path, result = self.conn.recv()
                self.results[path] = result
                wait = 0.0
        except (EOFError, OSError):
            self.conn.close()
            self.conn = None
            return False
        return True

    def _claim(self, i: int) -> int:
        with self.claims.get_lock():
            state = self.claims[i]
            if state == FREE:
                self.claims[i] = BUILD
            return state

    def take(self, path: str):
        """(digest, kind, report) for path from a worker, or None: then the caller checks it."""
        path = os.path.abspath(path)
        i = self.index.get(path)
        if i is None or self.claims is None:
            return None
        if self._claim(i) != WORKER:
            return None  # the build has it (or just claimed it): check in-process
        deadline = time.monotonic() + WAIT_S
        while path not in self.results:
            left = deadline - time.monotonic()
            if left <= 0 or not self._drain(min(left, 1.0)) and path not in self.results:
                break  # no report is coming: the worker failed, or is far too slow
        return self.results.pop(path, None)

    def poll(self, path: str):
        """(digest, kind, report) for path if a worker has already sent it, else None; never waits."""
        if not self.processes:
            return None
        self._drain()
        return self.results.pop(os.path.abspath(path), None)

    def finish(self, paths) -> dict:
        """A result for every path: {path: (digest, kind, report) or None}.

        Called once the build has read everything and needs the verdicts it put
        off. Each file no worker has started is claimed and checked here, one at
        a time, so the workers keep checking the others meanwhile; then the
        reports of the files the workers had are collected (take() waits for
        them). None means no report could be had: the caller checks that file
        itself.
        """
        wanted = sorted({os.path.abspath(p) for p in paths}, key=lambda p: self.index.get(p, -1))
        got: dict = {}
        for path in wanted:  # the workers go from the end of the list, this from the start
            self._drain()
            if path in self.results:
                got[path] = self.results.pop(path)
                continue
            i = self.index.get(path)
            if i is None or self.claims is None:
                got[path] = None
                continue
            if self._claim(i) in (FREE, BUILD):
                try:
                    got[path] = _check_one(path, self.practice, self.root, self.page_paths, self.cache)
                except Exception as exc:  # the caller checks it again, and fails closed
                    log.debug("checking %s failed: %s", path, exc)
                    got[path] = None
        for path in wanted:
            if path not in got:
                got[path] = self.take(path)
        return got

    def close(self) -> None:
        for proc in self.processes:
            if proc.is_alive():
                proc.terminate()
        for proc in self.processes:
            proc.join(timeout=5)
        self.processes = []
        if self.conn is not None:
            self.conn.close()
            self.conn = None
        self.results.clear()
