"""The output audit: before anything is deployed, prove the built site is what it should be.

Refuses when a withheld post's slug, title or URL appears anywhere in the built
files or the outbox, when a file is present that this build did not write, or
when a page would make a request to another host.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

TEXT_SUFFIXES = {".html", ".htm", ".xml", ".txt", ".json", ".js", ".css", ".svg", ".webmanifest", ".md"}
#: Titles shorter than this are matched only as whole element text (">Grief<"),
#: so a blocked post called "Grief" does not stop every post that says grief.
SHORT_TITLE = 24


@dataclass(frozen=True)
class Problem:
    kind: str  # "leak", "unexpected-file", "third-party"
    path: str
    detail: str

    def __str__(self) -> str:
        return f"{self.path}: {self.detail}"


def _text_files(root: str):
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(dirpath, name)
            if Path(name).suffix.lower() in TEXT_SUFFIXES:
                try:
                    yield path, Path(path).read_text(encoding="utf-8", errors="replace")
                except OSError:
                    continue


def _needles(withheld, settings) -> list[tuple[str, re.Pattern]]:
    needles = []
    for w in withheld:
        what = os.path.basename(w.path)
        if w.slug:
            for key in ("ARTICLE_URL", "PAGE_URL") if w.kind == "post" else ("PAGE_URL",):
                pattern = settings.get(key, "{slug}.html")
                try:
                    url = pattern.format(slug=w.slug, lang="", date=None, category="", author="").strip("/")
                except (KeyError, IndexError, AttributeError):
                    url = ""
                if url and url != w.slug:
                    needles.append((f"the URL of {what} ({url})", re.compile(re.escape(url))))
            needles.append((f"the slug of {what} ({w.slug})", re.compile(r"(?<![\w-])" + re.escape(w.slug) + r"(?![\w-])(?=[/.\"'#?]|\.html)")))
        title = (w.title or "").strip()
        if title:
            forms = {title, html.escape(title, quote=False), html.escape(title, quote=True)}
            if len(title) >= SHORT_TITLE:
                rx = "|".join(re.escape(f) for f in forms)
            else:
                rx = "|".join(r">\s*" + re.escape(f) + r"\s*<" for f in forms)
            needles.append((f"the title of {what} (\"{title}\")", re.compile(rx)))
    return needles


def audit_leaks(roots: list[str], withheld, settings) -> list[Problem]:
    problems: list[Problem] = []
    needles = _needles(withheld, settings)
    if not needles:
        return problems
    slugs = {w.slug for w in withheld if w.slug}
    for root in roots:
        if not os.path.isdir(root):
            continue
        for dirpath, dirs, files in os.walk(root):
            for name in dirs + files:
                stem = Path(name).stem
                if name in slugs or stem in slugs:
                    problems.append(Problem("leak", os.path.join(dirpath, name), "a file or folder is named after a withheld post"))
        for path, text in _text_files(root):
            for label, rx in needles:
                if rx.search(text):
                    problems.append(Problem("leak", path, f"contains {label}"))
    return problems


def audit_unexpected(root: str, manifest: set[str]) -> list[Problem]:
    problems = []
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.abspath(os.path.join(dirpath, name))
            if path not in manifest:
                problems.append(Problem("unexpected-file", path, "this build did not write this file"))
    return problems


_REQUEST_ATTRS = re.compile(
    r"<(script|img|iframe|link|source|video|audio|embed|object|input)\b[^>]*?\b(src|href|data|srcset|poster)\s*=\s*([\"'])(.*?)\3",
    re.I | re.S,
)
_CSS_URL = re.compile(r"url\(\s*([\"']?)(.*?)\1\s*\)|@import\s+([\"'])(.*?)\3", re.I)


def _foreign(url: str, own_hosts: set[str]) -> bool:
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https"):
        return False
    host = (parsed.hostname or "").lower()
    return bool(host) and host not in own_hosts


def audit_requests(root: str, own_hosts: set[str]) -> list[Problem]:
    """Anything a browser would fetch by itself from another host (links you click are fine)."""
    problems = []
    for path, text in _text_files(root):
        suffix = Path(path).suffix.lower()
        if suffix in (".html", ".htm", ".svg"):
            for m in _REQUEST_ATTRS.finditer(text):
                tag, attr, url = m.group(1).lower(), m.group(2).lower(), m.group(4)
                if tag == "link":
                    rel = re.search(r"\brel\s*=\s*([\"'])(.*?)\1", m.group(0), re.I)
                    rels = (rel.group(2).lower().split() if rel else [])
                    if not set(rels) & {"stylesheet", "preload", "prefetch", "preconnect", "dns-prefetch", "icon", "modulepreload", "manifest"}:
                        continue
                urls = [u.strip().split(" ")[0] for u in url.split(",")] if attr == "srcset" else [url]
                for u in urls:
                    if _foreign(u, own_hosts):
                        problems.append(Problem("third-party", path, f"<{tag}> loads {u} from another host"))
        if suffix in (".html", ".htm", ".css", ".svg"):
            for m in _CSS_URL.finditer(text):
                u = m.group(2) or m.group(4) or ""
                if _foreign(u, own_hosts):
                    problems.append(Problem("third-party", path, f"a style loads {u} from another host"))
    return problems


def own_hosts(settings) -> set[str]:
    hosts = set()
    for url in (settings.get("SITEURL"), (settings.get("PRACTICE") or {}).get("site_url")):
        if url and str(url).startswith(("http://", "https://")):
            hosts.add((urlparse(str(url)).hostname or "").lower())
    return {h for h in hosts if h}
