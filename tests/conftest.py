"""Shared fixtures: real in-process Pelican builds into temporary folders."""

from __future__ import annotations

import contextlib
import runpy
import struct
import textwrap
import zlib
import weakref
from pathlib import Path

import pytest

#: The loopback fake networks' fixtures (x_fake, mastodon_fake, bluesky_fake, linkedin_fake, all_fakes), for every test.
pytest_plugins = ["fakes.fixtures"]

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "pelicanconf.py"
PROJECT_CROSSPOST = runpy.run_path(str(SETTINGS))["CROSSPOST"]


@contextlib.contextmanager
def pelican_isolated():
    """Pelican's signals are process-global: drop receivers connected inside (docs/pelican.md).

    The autouse fixture wraps every test in it; a module- or session-scoped
    fixture that builds a site must wrap its own build the same way.
    """
    from pelican import signals
    from pelican.log import LimitFilter

    sigs = [s for s in vars(signals).values() if hasattr(s, "receivers") and hasattr(s, "disconnect")]
    before = {id(s): set(s.receivers) for s in sigs}
    try:
        yield
    finally:
        _disconnect_new(sigs, before)
        LimitFilter._ignore.clear()
        LimitFilter._raised_messages.clear()
        LimitFilter._group_count.clear() if hasattr(LimitFilter._group_count, "clear") else None


@pytest.fixture(autouse=True)
def isolate_pelican():
    with pelican_isolated():
        yield


def _disconnect_new(sigs, before) -> None:
    for s in sigs:
        for key in set(s.receivers) - before[id(s)]:
            ref = s.receivers.get(key)
            receiver = ref() if isinstance(ref, weakref.ref) else ref
            if receiver is not None:
                s.disconnect(receiver)
            else:
                s.receivers.pop(key, None)


def png_bytes() -> bytes:
    """A valid 1x1 PNG, built here so no fixture image is needed."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b"")


def post(body="A calm paragraph about sleep.", **fields) -> str:
    """A post's text; fields override or add frontmatter lines (None removes one)."""
    meta = {
        "title": '"A calm post"',
        "date": "2025-03-04",
        "summary": '"A short summary for readers."',
        "audience": "public",
        "risk": "low",
    }
    for key, value in fields.items():
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = value
    lines = "\n".join(f"{k}: {v}" for k, v in meta.items())
    return f"---\n{lines}\n---\n\n{textwrap.dedent(body).strip()}\n"


def copy_project(dest: Path, parts) -> Path:
    """A private copy of the project's parts, for tasks run as the clinician runs them."""
    import shutil

    dest.mkdir(parents=True, exist_ok=True)
    for part in parts:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(src, dest / part)
    return dest


class Site:
    """A content folder in tmp_path, built with the project's real settings, theme and plugins."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        (self.content / "posts").mkdir(parents=True)
        (self.content / "pages").mkdir(parents=True)
        (self.content / "images").mkdir(parents=True)
        self.output = root / "output"

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def overrides(self, **extra) -> dict:
        over = {
            "PATH": str(self.content),
            "OUTPUT_PATH": str(self.output),
            "CACHE_PATH": str(self.root / "cache"),
            "PLUGIN_PATHS": [str(ROOT / "plugins")],
            "THEME": str(ROOT / "theme"),
            # Approvals and the cross-post ledger live in the test's folder, never the project's.
            "APPROVALS": {"file": str(self.root / "approvals.yaml")},
            "CROSSPOST": {**PROJECT_CROSSPOST, "ledger": str(self.root / "crosspost-ledger.json"), "outbox": str(self.root / "outbox")},
        }
        over.update(extra)
        return over

    def approve(self, *names: str, by: str = "Dr. Ada Reviewer", settings=None, **extra):
        """Approve posts (file names under content/posts, default: every post) as `by`, with one build."""
        from publish import pipeline

        paths = [self.content / "posts" / n for n in names] or sorted((self.content / "posts").glob("*.md"))
        return pipeline.approve([str(p) for p in paths], by, str(settings or SETTINGS), self.overrides(**extra))

    def build(self, **extra):
        from publish import site

        return site.build(SETTINGS, str(self.output), self.overrides(**extra))

    def files(self) -> list[Path]:
        return sorted(p for p in self.output.rglob("*") if p.is_file())

    def texts(self) -> dict[str, str]:
        return {
            str(p.relative_to(self.output)): p.read_text(encoding="utf-8", errors="replace")
            for p in self.files()
            if p.suffix in {".html", ".xml", ".txt", ".json", ".css"}
        }


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path)
