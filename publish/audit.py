"""The output audit: before anything is deployed, prove the built site is what it should be.

Refuses when a withheld post's slug, title or URL appears anywhere in the built
files or the outbox, when a file is present that this build did not write, or
when a page would make a request to another host.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

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


#: Pagefind's search index: gzip-compressed fragments (JSON: url, title,
#: text of each page), word indexes and metadata (CBOR). Searched decompressed.
PAGEFIND_SUFFIXES = {".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter"}
PAGEFIND_SIGNATURE = b"pagefind_dcd"


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def pagefind_text(data: bytes) -> str:
    """The searchable text of one Pagefind file (gzip, then a signature, then JSON or CBOR).

    A fragment's JSON strings are also listed unescaped, one per line and each
    as ">text<", so a title is found whether it is long or short (SHORT_TITLE).
    """
    try:
        raw = gzip.decompress(data)
    except (OSError, EOFError):
        raw = data
    raw = raw.removeprefix(PAGEFIND_SIGNATURE)
    text = raw.decode("utf-8", errors="replace")
    try:
        parsed = json.loads(text)
    except ValueError:
        return text
    return text + "\n" + "\n".join(f">{s}<" for s in _strings(parsed))


def _text_files(root: str):
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(dirpath, name)
            suffix = Path(name).suffix.lower()
            if suffix in TEXT_SUFFIXES:
                try:
                    yield path, Path(path).read_text(encoding="utf-8", errors="replace")
                except OSError:
                    continue
            elif suffix in PAGEFIND_SUFFIXES:
                try:
                    yield path, pagefind_text(Path(path).read_bytes())
                except OSError:
                    continue


def _needles(withheld, settings) -> list[tuple[str, re.Pattern]]:
    needles = []
    for w in withheld:
        if w.reason == "collision":
            continue  # its address and title are the post that kept them; nothing of its own was written
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
    slugs = {w.slug for w in withheld if w.slug and w.reason != "collision"}
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


def site_findings(root: str, settings, pages=None):
    """The checklist's site-level rules over the staged build and the theme."""
    from boundary import practice as practice_mod
    from boundary.site import check_site

    practice = practice_mod.from_mapping(settings.get("PRACTICE") or {})
    # The address the site is built for is its own too (a staging or GitHub Pages host, say).
    siteurl = str(settings.get("SITEURL") or "")
    host = re.sub(r"^[a-z]+://", "", siteurl.lower()).split("/")[0].split(":")[0].removeprefix("www.")
    if host and not practice.is_own_url(siteurl):
        import dataclasses

        practice = dataclasses.replace(practice, domains=frozenset(practice.domains) | {host})
    from presence import CONTENT_SECURITY_POLICY

    return check_site(root, practice, settings.get("THEME"), pages, siteurl, CONTENT_SECURITY_POLICY)
