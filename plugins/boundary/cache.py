"""Reports kept between builds, so saving one post re-checks only that post.

A report is stored under a key made of everything it depends on:

- the file's path, the exact bytes checked (their sha256) and the kind (post or page);
- the checker itself: every source and data file of this package, the Python
  version, and each rule's code and matcher (a rule swapped at run time changes it);
- the practice settings (PRACTICE in the settings, as canonical JSON).

Change any of them and the key changes, so a stale report is never found.
Reports are JSON files under CACHE_PATH/boundary/ (written atomically; several
processes may write at once). Anything unreadable is treated as a miss: the
post is checked again. `BOUNDARY = {"cache": True}` turns the cache on (for
previews: a rebuild after a save re-checks only the saved post); unset, it follows
Pelican's CACHE_CONTENT, so a project that keeps nothing between builds (and a
publish dry run, which must change nothing) writes no cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import tempfile
from pathlib import Path

from .model import Finding, Report, Severity

log = logging.getLogger(__name__)

_PACKAGE = Path(__file__).resolve().parent
_CHECKER: str | None = None


def checker_fingerprint() -> str:
    """Hash of the checker's code, data and rules, computed once per process."""
    global _CHECKER
    if _CHECKER is None:
        h = hashlib.sha256()
        h.update(sys.version.encode())
        for path in sorted(_PACKAGE.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".yaml", ".yml", ".json"):
                h.update(str(path.relative_to(_PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
        _CHECKER = h.hexdigest()
    from . import engine

    rules = "|".join(f"{r.code}:{getattr(r.matcher, '__module__', '')}.{getattr(r.matcher, '__qualname__', repr(r.matcher))}" for r in engine.all_rules())
    return hashlib.sha256((_CHECKER + rules).encode()).hexdigest()


def practice_fingerprint(settings_practice) -> str:
    text = json.dumps(settings_practice or {}, sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _finding_to_json(f: Finding) -> dict:
    return {
        "code": f.code, "name": f.name, "category": f.category, "severity": f.severity.label, "line": f.line,
        "column": f.column, "message": f.message, "why": f.why, "fix": f.fix, "source": f.source, "excerpt": f.excerpt,
    }


def _finding_from_json(d: dict) -> Finding:
    return Finding(
        code=d["code"], name=d["name"], category=d["category"], severity=Severity[d["severity"].upper()], line=d["line"],
        column=d["column"], message=d["message"], why=d["why"], fix=d["fix"], source=d["source"], excerpt=d["excerpt"],
    )


class ReportCache:
    """get(path, digest, kind) -> Report | None; put(path, kind, report)."""

    def __init__(self, folder: str | os.PathLike, settings_practice=None):
        self.folder = Path(folder)
        self.salt = checker_fingerprint() + practice_fingerprint(settings_practice)
        self.hits = 0
        self.misses = 0

    def _file(self, path: str, digest: str, kind: str) -> Path:
        key = hashlib.sha256(f"{self.salt}\0{os.path.abspath(path)}\0{digest}\0{kind}".encode()).hexdigest()
        return self.folder / key[:2] / f"{key}.json"

    def has(self, path: str, digest: str, kind: str) -> bool:
        """Is there an entry (not yet read) for these bytes?"""
        return bool(digest) and self._file(path, digest, kind).is_file()

    def get(self, path: str, digest: str, kind: str) -> Report | None:
        if not digest:
            return None
        try:
            data = json.loads(self._file(path, digest, kind).read_text(encoding="utf-8"))
            report = Report(path=str(path), findings=tuple(_finding_from_json(d) for d in data["findings"]),
                            digest=data["digest"], title=data["title"], slug=data["slug"])
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:  # unreadable: check again
            log.debug("cache entry for %s unreadable: %s", path, exc)
            self.misses += 1
            return None
        if report.digest != digest:
            self.misses += 1
            return None
        self.hits += 1
        return report

    def put(self, path: str, kind: str, report: Report) -> None:
        if not report.digest:
            return
        if any(f.code == "B907" for f in report.findings):
            return  # a checker failure is never remembered
        target = self._file(path, report.digest, kind)
        data = {"digest": report.digest, "title": report.title, "slug": report.slug,
                "findings": [_finding_to_json(f) for f in report.findings]}
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False)
            os.replace(tmp, target)
        except OSError as exc:  # a cache that cannot be written only costs time
            log.debug("cannot write cache entry for %s: %s", path, exc)


def from_settings(settings) -> ReportCache | None:
    """The cache when BOUNDARY["cache"] is true; unset, it follows Pelican's own CACHE_CONTENT."""
    wanted = (settings.get("BOUNDARY") or {}).get("cache")
    if wanted is None:
        wanted = bool(settings.get("CACHE_CONTENT"))
    if not wanted:
        return None
    base = settings.get("CACHE_PATH")
    if not base:
        return None
    try:
        return ReportCache(Path(base) / "boundary", settings.get("PRACTICE"))
    except OSError as exc:  # pragma: no cover - unreadable package files
        log.debug("report cache unavailable: %s", exc)
        return None
