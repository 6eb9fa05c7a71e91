"""Site-level checks over templates, pages and the built HTML (B202, B506, B701–B705).

Run by the publish audit on the staged build: a tracker or a third-party
request anywhere in the site stops the deploy, wherever it came from (a post,
a page, the theme, a copied static file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .model import Severity
from .practice import Practice
from .rules import privacy

TEXT_SUFFIXES = {".html", ".htm", ".xml", ".css", ".js", ".svg", ".txt", ".json"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".tif", ".tiff", ".png", ".webp", ".heic"}


@dataclass(frozen=True)
class SiteFinding:
    code: str
    severity: Severity
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}  {self.code} ({self.severity.label}): {self.message}"


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _files(root: Path, suffixes: set[str]):
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix.lower() in suffixes:
            yield path


def _is_care_page(rel: str, text: str) -> bool:
    care = ("services", "fees", "contact", "location", "about", "book", "appointment", "intake", "getting-started", "telehealth", "crisis")
    return any(part in rel.lower() for part in care) or len(privacy._CARE.findall(text)) >= 3


def check_html(text: str, rel: str, practice: Practice) -> list[SiteFinding]:
    """Trackers, embeds, forms and third-party assets in one built file or template."""
    out: list[SiteFinding] = []
    for m in privacy.tracker_rx().finditer(text):
        out.append(SiteFinding("B701", Severity.BLOCK, rel, _line(text, m.start()), f"\"{m.group(0)}\" is a tracking or advertising service"))
    care = _is_care_page(rel, text)
    for a, _b, tag, url in privacy.remote_resources(text, practice):
        if privacy.tracker_rx().search(url):
            continue
        host = privacy.host_of(url)
        if tag in ("iframe", "script", "embed", "object"):
            sev = Severity.BLOCK if care else Severity.WARN
            out.append(SiteFinding("B702", sev, rel, _line(text, a), f"<{tag}> loads {host}"))
        else:
            out.append(SiteFinding("B705", Severity.WARN, rel, _line(text, a), f"<{tag}> loads {host}"))
    for m in re.finditer(r"url\(\s*[\"']?((?:https?:)?//[^\"')\s]+)|@import\s+[\"']((?:https?:)?//[^\"']+)", text, re.I):
        url = m.group(1) or m.group(2)
        if not practice.is_own_url(url):
            out.append(SiteFinding("B705", Severity.WARN, rel, _line(text, m.start()), f"a style loads {privacy.host_of(url)}"))
    for m in privacy._FORM.finditer(text):
        fields = " ".join(re.findall(r"\b(?:name|id|placeholder|aria-label|for)\s*=\s*[\"']([^\"']+)", m.group(0), re.I))
        labels = re.sub(r"<[^>]+>", " ", m.group(0))
        hit = privacy._HEALTH_FIELD.search(fields + " " + labels)
        if hit:
            out.append(SiteFinding("B703", Severity.BLOCK, rel, _line(text, m.start()), f"a form asks for health details (\"{hit.group(0)}\")"))
    return out


def check_site(output: str | Path, practice: Practice, theme: str | Path | None = None, pages: list | None = None) -> list[SiteFinding]:
    """Every site-level finding for a built site (and its theme's templates)."""
    root = Path(output)
    findings: list[SiteFinding] = []
    for path in _files(root, TEXT_SUFFIXES):
        text = path.read_text(encoding="utf-8", errors="replace")
        findings += check_html(text, str(path.relative_to(root)), practice)
    for path in _files(root, IMAGE_SUFFIXES):
        if privacy._gps(path):
            findings.append(SiteFinding("B704", Severity.BLOCK, str(path.relative_to(root)), 1, "the image carries GPS location data"))
    if theme:
        troot = Path(theme)
        for path in _files(troot / "templates", {".html", ".htm", ".xml", ".j2"}):
            text = path.read_text(encoding="utf-8", errors="replace")
            for f in check_html(text, f"theme/{path.relative_to(troot)}", practice):
                if f.code in ("B701", "B703") or f.severity is Severity.BLOCK:
                    findings.append(f)
    findings += _policy_and_licence(root, practice, pages)
    return findings


def _policy_and_licence(root: Path, practice: Practice, pages: list | None) -> list[SiteFinding]:
    out: list[SiteFinding] = []
    social = practice.raw.get("social") or {}
    html_pages = {str(p.relative_to(root)): p.read_text(encoding="utf-8", errors="replace") for p in _files(root, {".html"})}
    if social:
        has_policy = any(re.search(r"social[-_ ]?media", rel, re.I) for rel in html_pages) or any(
            re.search(r"social[- ]media polic", getattr(p, "title", "") or "", re.I) for p in (pages or [])
        )
        if not has_policy:
            out.append(SiteFinding("B202", Severity.WARN, "content/pages", 1, "the site links social accounts but has no social-media policy page (add content/pages/social-media-policy.md)"))
    licences = [c.licence for c in practice.clinicians if c.licence]
    if licences:
        for rel, text in html_pages.items():
            if not re.match(r"(?:services|fees|about|contact|location)(?:/|\.html)", rel):
                continue
            plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))
            missing = [lic for lic in licences if lic not in plain]
            if missing:
                out.append(SiteFinding("B506", Severity.WARN, rel, 1, f"this page advertises services but does not show licence {', '.join(missing)}"))
    return out
