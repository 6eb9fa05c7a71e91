"""Pelican glue: check every post, make blocked ones vanish, and record what was written.

Where the gate sits, and why (docs/pelican.md):
- `article_generator_context` / `page_generator_context`: setting status "skip"
  there stops the file from ever becoming content, so nothing of it reaches
  pages, lists, taxonomies, feeds, sitemap or translations.
- `article_generator_pretaxonomy` / `page_generator_finalized`: a guard for
  content that did not come through the first hook (a cache, another plugin,
  a translation of a blocked post), and for files whose verdict a worker
  process was still making when they were read (precheck.py): the guard
  collects those verdicts and removes what is withheld from every list. It
  runs before tags and categories exist; a verdict still missing after it
  stops the build before anything is written.
- `all_generators_finalized`: unlink anchors in passing posts that point at a
  blocked one, and drop static files only a blocked post used.
Raising inside a per-file hook is swallowed by Pelican, so every handler turns
its own failure into a blocked post instead.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from pelican import signals
from pelican.utils import slugify

from . import engine
from . import practice as practice_mod
from .model import Finding, Report, Severity

log = logging.getLogger(__name__)

STATE_KEY = "BOUNDARY_STATE"


@dataclass
class Withheld:
    """A source file kept out of the site, and why."""

    path: str  # absolute source path
    kind: str  # "post" or "page"
    report: Report
    slug: str = ""
    title: str = ""
    translation_of: str = ""  # set when held back because a translation is blocked
    reason: str = "blocked"  # "blocked", "retracted", "draft", "collision" or "unapproved" (publish only)
    note: str = ""  # why, in plain words, when the reason is not a checklist report
    date: object = None  # the post's date, for addresses like "{date:%Y}/{slug}/"


@dataclass
class GateState:
    """One build's gate: the practice, every report, and what was written."""

    practice: practice_mod.Practice
    content_path: str
    reports: dict[str, Report] = field(default_factory=dict)  # abs path -> report
    withheld: dict[str, Withheld] = field(default_factory=dict)
    written: set[str] = field(default_factory=set)
    extra_written: set[str] = field(default_factory=set)  # feeds, search index…
    ran: set[str] = field(default_factory=set)  # which hooks ran, to prove the gate was live
    early: dict[str, tuple] = field(default_factory=dict)  # path -> (digest, kind, report) from the reader
    pending: dict[str, "Pending"] = field(default_factory=dict)  # read, verdict not in yet: decided by the guard
    precheck: object = None  # precheck.Prechecker: reports made in a second process
    cache: object = None  # cache.ReportCache: reports kept between builds, or None

    @property
    def blocked(self) -> list[Withheld]:
        return [w for w in self.withheld.values() if w.reason == "blocked"]

    def passed(self, path: str) -> bool:
        report = self.reports.get(os.path.abspath(path))
        return report is not None and not report.blocked and os.path.abspath(path) not in self.withheld


@dataclass
class Pending:
    """A file read while its report was still being made in a worker process."""

    kind: str
    digest: str  # of the bytes the reader parsed
    slug: str
    title: str


class GateMissing(RuntimeError):
    """The boundary plugin is not loaded: building would publish unchecked posts."""


def state_of(settings) -> GateState:
    state = settings.get(STATE_KEY)
    if not isinstance(state, GateState):
        raise GateMissing("the boundary plugin is not loaded; refusing to build without the checklist gate")
    return state


# --------------------------------------------------------------------------
# Hooks
# --------------------------------------------------------------------------


def on_initialized(pelican) -> None:
    settings = pelican.settings
    practice = practice_mod.from_mapping(settings.get("PRACTICE") or {})
    state = GateState(practice=practice, content_path=os.path.abspath(settings["PATH"]))
    settings[STATE_KEY] = state
    from .cache import from_settings
    from .precheck import Prechecker

    state.cache = from_settings(settings)
    state.precheck = Prechecker(settings, practice, cache=state.cache)
    # The theme asks for this filter; without the plugin the templates fail to
    # compile, so a plain `pelican` run without the gate cannot produce a site.
    settings.setdefault("JINJA_FILTERS", {})["boundary_gate"] = _gate_seal
    settings["CRISIS_LINES"] = [
        {"name": c.name, "number": c.number, "how": c.how, "hours": c.hours, "local": c.local, "emergency": c.emergency}
        for c in practice.crisis_lines
        if c.crisis or c.emergency
    ]


def _gate_seal(value) -> str:
    return '<meta name="generator" content="Consulting Room, boundary checklist on">'


def add_reader(readers) -> None:
    from .reader import FrontmatterReader

    for ext in FrontmatterReader.file_extensions:
        readers.reader_classes[ext] = FrontmatterReader


def _slug_for(metadata: dict, settings) -> str:
    slug = metadata.get("slug")
    if slug:
        return str(slug)
    # The title as Pelican slugifies it: the reader's escaped HTML ("&lt;b&gt;" gives "b", as it does for Pelican).
    title = metadata.get("title") or metadata.get("title_text") or ""
    return slugify(
        str(title),
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def _checker_error_report(path: str, detail: str) -> Report:
    rule = engine.rule_by_code("B907")
    return Report(
        path=path,
        findings=(
            Finding(rule.code, rule.name, rule.category, Severity.BLOCK, 1, 1, f"{rule.message}: {detail}", rule.why, rule.fix, rule.source),
        ),
    )


def _report_for(state: GateState, source: str, kind: str, digest, early) -> Report:
    """The report for the bytes the reader parsed (digest): early's if it was made from
    exactly those bytes, else a fresh check; a file that changed meanwhile is blocked."""
    if early and digest and early[0] == digest and early[1] == kind:
        report = early[2]  # made from exactly these bytes
    else:
        report = engine.check_file(source, state.practice, kind=kind)
        if state.cache is not None and report.digest and report.digest == digest:
            state.cache.put(str(source), kind, report)
    if report.digest and digest != report.digest:
        report = Report(
            path=source,
            findings=report.findings
            + _checker_error_report(source, "the file changed while the site was being built; build again").findings,
            digest=report.digest,
        )
    return report


def _decide(state: GateState, path: str, kind: str, report: Report, slug: str, title: str, metadata: dict | None = None) -> None:
    """Record a verdict. With metadata (the per-file hook), a withheld file is also marked
    "skip" so that it never becomes content; without (the guard), the guard removes it."""
    state.reports[path] = report
    if report.blocked:
        if metadata is not None:
            metadata["status"] = "skip"
        state.withheld[path] = Withheld(path, kind, report, slug, title, date=(metadata or {}).get("date"))
    elif metadata is not None and str(metadata.get("status", "")) == "retracted":
        metadata["status"] = "skip"
        state.withheld[path] = Withheld(path, kind, report, slug, title, reason="retracted", date=metadata.get("date"))


def _gate(generator, metadata: dict, kind: str) -> None:
    state = state_of(generator.settings)
    state.ran.add(f"{kind}_context")
    source = metadata.get("boundary_source")
    slug = ""
    try:
        slug = _slug_for(metadata, generator.settings)
    except Exception:  # a slug is only used to find leftovers; never let it open the gate
        slug = ""
    title = str(metadata.get("title_text") or metadata.get("title") or "")
    try:
        if not source:
            source = str(metadata.get("title") or "unknown file")
            report = _checker_error_report(source, "this file was not read by the Consulting Room reader, so it was not checked")
        else:
            path = os.path.abspath(str(source))
            digest = metadata.get("boundary_digest")
            early = state.early.pop(path, None)
            precheck = state.precheck
            if early is None and precheck is not None and precheck.active:
                early = precheck.poll(path)
                if early is None and str(metadata.get("status", "")) != "retracted":
                    # A worker is still on it: the guard decides, before any list,
                    # taxonomy, feed or page is made (docs/pelican.md).
                    state.pending[path] = Pending(kind, str(digest or ""), slug, title)
                    return
            report = _report_for(state, str(source), kind, digest, early)
    except Exception as exc:  # fail closed
        log.debug("gate failed on %s", source, exc_info=True)
        report = _checker_error_report(str(source), f"the gate failed ({type(exc).__name__})")
    _decide(state, os.path.abspath(str(source)), kind, report, slug, title, metadata)


def _resolve_pending(state: GateState, kind: str) -> None:
    """Verdicts put off while reading: from the workers, or checked here (precheck.finish)."""
    paths = [p for p, pend in state.pending.items() if pend.kind == kind]
    if not paths:
        return
    try:
        results = state.precheck.finish(paths) if state.precheck is not None else {}
    except Exception:  # every file is then checked here
        log.debug("precheck.finish failed", exc_info=True)
        results = {}
    for path in paths:
        pend = state.pending.pop(path)
        try:
            report = _report_for(state, path, kind, pend.digest or None, results.get(path))
        except Exception as exc:  # fail closed
            log.debug("gate failed on %s", path, exc_info=True)
            report = _checker_error_report(path, f"the gate failed ({type(exc).__name__})")
        _decide(state, path, kind, report, pend.slug, pend.title)


def gate_article(generator, metadata) -> None:
    _gate(generator, metadata, "post")


def gate_page(generator, metadata) -> None:
    _gate(generator, metadata, "page")


_ARTICLE_LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles", "hidden_translations")
_PAGE_LISTS = ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages", "draft_translations")


def _guard(generator, lists, kind: str) -> None:
    """Remove anything not checked and passed in this build, and translations of blocked posts."""
    state = state_of(generator.settings)
    state.ran.add(f"{kind}_guard")
    _resolve_pending(state, kind)
    all_items = [c for name in lists for c in getattr(generator, name, [])]
    for content in all_items:
        path = os.path.abspath(content.source_path)
        if path in state.reports:
            continue
        # Not seen by the context hook: cached or injected. Check it now.
        report = engine.check_file(path, state.practice, kind=kind) if os.path.exists(path) else _checker_error_report(path, "this content has no source file the checker can read")
        state.reports[path] = report
        if report.blocked:
            state.withheld[path] = Withheld(path, kind, report, getattr(content, "slug", ""), getattr(content, "title", ""))
    # Publishing never includes drafts (Pelican would still write them under
    # drafts/); previews keep them so the author can read them.
    if (generator.settings.get("BOUNDARY") or {}).get("exclude_drafts"):
        draft_lists = ("drafts", "drafts_translations") if kind == "post" else ("draft_pages", "draft_translations")
        for name in draft_lists:
            for content in getattr(generator, name, []) or []:
                path = os.path.abspath(content.source_path)
                if path not in state.withheld:
                    report = state.reports.get(path) or Report(path=path, findings=())
                    state.withheld[path] = Withheld(path, kind, report, getattr(content, "slug", ""), getattr(content, "title", ""), reason="draft")
    # A practice that requires approval before site publication: publish names
    # the posts without a valid approval, and they are withheld like drafts.
    withhold = (generator.settings.get("BOUNDARY") or {}).get("withhold") or {}
    if withhold:
        for content in all_items:
            path = os.path.abspath(content.source_path)
            if path in withhold and path not in state.withheld:
                report = state.reports.get(path) or Report(path=path, findings=())
                state.withheld[path] = Withheld(path, kind, report, getattr(content, "slug", ""), getattr(content, "title", ""),
                                                reason="unapproved", note=str(withhold[path]))
    _withhold_collisions(state, all_items, kind)
    tid_setting = "ARTICLE_TRANSLATION_ID" if kind == "post" else "PAGE_TRANSLATION_ID"
    tid = generator.settings.get(tid_setting, "slug")
    blocked_ids = set()
    if tid:
        blocked_ids = {w.slug for w in state.withheld.values() if w.kind == kind and w.slug and w.reason == "blocked"}
        for content in all_items:
            w = state.withheld.get(os.path.abspath(content.source_path))
            if w is not None and w.reason == "blocked":
                blocked_ids.add(getattr(content, tid, None))
    doomed = []
    for content in all_items:
        path = os.path.abspath(content.source_path)
        if path in state.withheld:
            doomed.append(content)
        elif tid and getattr(content, tid, None) in blocked_ids:
            # One language blocked blocks the whole translation group: a
            # translation tells the same story.
            origin = next((w for w in state.withheld.values() if w.slug == getattr(content, tid, None)), None)
            report = state.reports.get(path) or Report(path=path, findings=())
            state.withheld[path] = Withheld(
                path, kind, report, getattr(content, "slug", ""), getattr(content, "title", ""),
                translation_of=origin.path if origin else "",
            )
            doomed.append(content)
    if not doomed:
        return
    doomed_ids = {id(c) for c in doomed}
    for name in lists:
        items = getattr(generator, name, None)
        if isinstance(items, list):
            items[:] = [c for c in items if id(c) not in doomed_ids]
    for content in [c for name in lists for c in getattr(generator, name, [])]:
        if getattr(content, "translations", None):
            content.translations = [t for t in content.translations if id(t) not in doomed_ids]
    generated = generator.context.get("generated_content", {})
    for content in doomed:
        rel = content.get_relative_source_path() if hasattr(content, "get_relative_source_path") else None
        for key in filter(None, (rel, content.source_path)):
            if key in generated:
                generated[key] = None


def _withhold_collisions(state, items, kind: str) -> None:
    """Two posts that would be written to the same address (the same title, so the same slug): Pelican
    stops with a traceback while writing. The first one (oldest date, then file name) keeps the address;
    each later one is held back with a plain reason, and the rest of the site is built."""
    by_address: dict[str, list] = {}
    for content in items:
        path = os.path.abspath(content.source_path)
        address = getattr(content, "save_as", "") or ""
        if address and path not in state.withheld:
            by_address.setdefault(address, []).append(content)
    for address, group in by_address.items():
        if len(group) < 2:
            continue
        group.sort(key=lambda c: (str(getattr(c, "date", "")), c.source_path))
        keeper = os.path.relpath(group[0].source_path, state.content_path) if state.content_path else group[0].source_path
        for content in group[1:]:
            path = os.path.abspath(content.source_path)
            report = state.reports.get(path) or Report(path=path, findings=())
            state.withheld[path] = Withheld(
                path, kind, report, getattr(content, "slug", ""), getattr(content, "title", ""), reason="collision",
                note=f"it would be published at the same address ({address}) as {keeper}; give it a different title, or a slug: line in its frontmatter",
            )


def guard_articles(generator) -> None:
    _guard(generator, _ARTICLE_LISTS, "post")


def guard_pages(generator) -> None:
    _guard(generator, _PAGE_LISTS, "page")


_ANCHOR = re.compile(r"<a\b[^>]*?\bhref\s*=\s*([\"'])(.*?)\1[^>]*>(.*?)</a\s*>", re.S | re.I)
_IMG = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*([\"'])(.*?)\1[^>]*>", re.S | re.I)
_INTRASITE = re.compile(r"^(?:\{|\|)(filename|attach|static)(?:\}|\|)(.*)$")


def _resolve(ref: str, content_dir: str, content_root: str) -> str:
    ref = ref.split("#", 1)[0].split("?", 1)[0]
    if ref.startswith("/"):
        return os.path.normpath(os.path.join(content_root, ref.lstrip("/")))
    return os.path.normpath(os.path.join(content_dir, ref))


def _withheld_urls(state: GateState, settings) -> list[str]:
    urls = []
    for w in state.withheld.values():
        if not w.slug:
            continue
        pattern = settings.get("ARTICLE_URL" if w.kind == "post" else "PAGE_URL", "{slug}.html")
        try:
            urls.append(pattern.format(slug=w.slug, lang="", date=w.date, category="", author=""))
        except (KeyError, IndexError, AttributeError, TypeError, ValueError):
            # A part this record cannot fill ("{category}/{date:%Y}/…"): the slug as a whole path
            # segment still finds the links, and never a longer slug that starts the same way.
            urls.append(f"/{w.slug}/")
            urls.append(f"/{w.slug}.html")
    return [u for u in urls if u.strip("/")]


def unlink_withheld(generators) -> None:
    """Drop links and images that point at withheld content, and their static files."""
    if not generators:
        return
    settings = generators[0].settings
    state = state_of(settings)
    if state.pending:  # a verdict no guard collected: stop before anything is written
        raise GateMissing(f"the boundary gate has no verdict for {len(state.pending)} file(s); refusing to write the site")
    state.ran.add("unlink")
    if not state.withheld:
        return
    root = state.content_path
    withheld_paths = set(state.withheld)
    urls = _withheld_urls(state, settings)

    def points_at_withheld(href: str, content) -> bool:
        m = _INTRASITE.match(href)
        if m:
            target = _resolve(m.group(2), os.path.dirname(content.source_path), root)
            return target in withheld_paths
        return any(u in href for u in urls)

    contents = []
    for gen in generators:
        for name in ("articles", "translations", "drafts", "drafts_translations", "hidden_articles", "hidden_translations", "pages", "hidden_pages", "draft_pages"):
            contents.extend(getattr(gen, name, []) or [])
    for content in contents:
        html = getattr(content, "_content", None)
        if not html:
            continue
        new = _ANCHOR.sub(lambda m, content=content: m.group(3) if points_at_withheld(m.group(2), content) else m.group(0), html)
        if new != html:
            content._content = new
    # Static files: drop any that only withheld posts refer to.
    used_by_withheld = set()
    for path in withheld_paths:
        try:
            text = Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for ref in re.findall(r"\]\(\s*<?([^)\s>]+)", text) + re.findall(r"\bsrc\s*=\s*[\"']([^\"']+)", text):
            m = _INTRASITE.match(ref)
            target = _resolve(m.group(2) if m else ref, os.path.dirname(path), root)
            used_by_withheld.add(target)
    if not used_by_withheld:
        return
    still_used = set()
    for content in contents:
        for m in re.finditer(r"(?:href|src)\s*=\s*[\"']([^\"']+)", getattr(content, "_content", "") or ""):
            mm = _INTRASITE.match(m.group(1))
            if mm:
                still_used.add(_resolve(mm.group(2), os.path.dirname(content.source_path), root))
    for gen in generators:
        files = getattr(gen, "staticfiles", None)
        if not isinstance(files, list):
            continue
        files[:] = [
            sf for sf in files
            if not (os.path.abspath(sf.source_path) in used_by_withheld and os.path.abspath(sf.source_path) not in still_used)
        ]
        gen.context["staticfiles"] = files


def close_precheck(pelican) -> None:
    state = pelican.settings.get(STATE_KEY)
    if isinstance(state, GateState) and state.precheck is not None:
        state.precheck.close()


def record_written(path, context=None) -> None:
    state = context.get(STATE_KEY) if isinstance(context, dict) else None
    if isinstance(state, GateState):
        state.written.add(os.path.abspath(path))


def register() -> None:
    """Connect the gate. Each signal is explained in the module docstring."""
    signals.initialized.connect(on_initialized)
    signals.readers_init.connect(add_reader)
    signals.article_generator_context.connect(gate_article)
    signals.page_generator_context.connect(gate_page)
    signals.article_generator_pretaxonomy.connect(guard_articles)
    signals.page_generator_finalized.connect(guard_pages)
    signals.all_generators_finalized.connect(unlink_withheld)
    signals.content_written.connect(record_written)
    signals.finalized.connect(close_precheck)
