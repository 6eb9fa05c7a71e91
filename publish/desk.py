"""The desk: `invoke serve`'s page of every post and page and its state, and a held post marked up.

Made by the preview server (publish/preview.py) in memory from the last build's
result; nothing here is written into the build output, so the desk can never be
published. It reads the approvals file and the cross-post ledger read-only (no
lock, no write); if either cannot be read, the desk says so instead of failing.

Everything a post says is untrusted text here: every value is escaped, and the
pages have no inline script or style (the site's Content-Security-Policy
applies), load only /_desk/desk.css and the preview's /__reload.js, and make
no request to any other website.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import os
import re
import urllib.parse
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from boundary.model import Finding, Report, Severity

from .report import rel_path
from .registry import LABELS as NETWORK_LABELS

#: Where the desk lives in the preview; the published site has no such folder.
PREFIX = "/_desk/"
CSS_PATH = PREFIX + "desk.css"
FILE_PREFIX = PREFIX + "file/"
CSS = (Path(__file__).resolve().parent / "desk.css").read_bytes()

#: A state's words on the desk, in the order the summary counts them.
STATES = {
    "blocked": "Blocked",
    "translation": "Blocked (a translation)",
    "warnings": "Published, with warnings",
    "published": "Published",
    "draft": "Draft",
    "hidden": "Hidden (built, not listed)",
    "retracted": "Retracted",
    "collision": "Not published: address taken",
    "unapproved": "Waiting for approval",
    "unbuilt": "Not built",
}
LEDGER_STATES = {
    "planned": "planned", "sending": "being sent", "posted": "posted", "failed": "failed, will retry",
    "unknown": "needs your answer", "gave_up": "gave up", "deleted": "deleted",
}


@dataclass
class Entry:
    """One source file on the desk."""

    path: str  # absolute source path
    rel: str  # as the clinician types it: relative to the project (content/posts/x.md)
    kind: str  # "post" or "page"
    title: str
    state: str  # a key of STATES
    report: Report | None
    mtime: float
    url: str = ""  # the preview address ("/posts/x/"): where the page is, or where it would be
    note: str = ""  # why, in plain words, when it is held for a reason other than findings
    translation_of: str = ""  # rel path of the blocked original
    approval: str = ""  # plain words, posts only
    approval_state: str = ""  # "approved", "awaiting", "void", "not-needed" or ""
    crossposts: list = field(default_factory=list)  # (network label, state words, url)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.report.findings if self.report is not None else ()

    @property
    def blocks(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.BLOCK)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARN)

    @property
    def file_url(self) -> str:
        """The marked-up page for this file, on the desk (for any file; a held one is also at its own address)."""
        return FILE_PREFIX + urllib.parse.quote(self.rel)

    @property
    def link(self) -> str:
        """Where the desk sends you: the page itself, or the marked-up text at the address it would have."""
        return self.url or self.file_url

    @property
    def key(self) -> tuple:
        """What the terminal compares between builds."""
        return (self.state, tuple((f.code, f.line, f.column, f.message, int(f.severity)) for f in self.findings))


@dataclass
class Desk:
    entries: list[Entry]
    built_at: float
    root: str = ""  # the project folder: every path is shown relative to it
    sitename: str = ""
    notices: list[str] = field(default_factory=list)  # what the desk could not read, in plain words
    approvals_note: str = ""
    by_address: dict[str, Entry] = field(default_factory=dict)  # normalised address -> held entry
    by_file: dict[str, Entry] = field(default_factory=dict)  # rel path -> entry
    error: str = ""  # the last rebuild failed: what it said

    def held_at(self, request_path: str) -> Entry | None:
        return self.by_address.get(normalise(request_path))

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for e in self.entries:
            out[e.state] = out.get(e.state, 0) + 1
        return out


# --------------------------------------------------------------------------
# From a build
# --------------------------------------------------------------------------


def normalise(path: str) -> str:
    """An address as the desk keys it: no host, query, leading or trailing slash, or index.html."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(path).path)
    path = path.lstrip("/")
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return path.rstrip("/")


def _address(pattern: str, slug: str, path: str, settings: dict) -> str:
    """The address Pelican would give this file (ARTICLE_URL, PAGE_URL…), from its slug; "" if it cannot be told."""
    if not slug:
        return ""
    context = {"slug": slug, "lang": settings.get("DEFAULT_LANG", "en")}
    try:
        return pattern.format(**context)
    except (KeyError, IndexError, AttributeError, ValueError):
        pass
    # The pattern wants more (a date, a category): read the frontmatter, as Pelican did.
    try:
        from pelican.utils import slugify

        from boundary.source import load_path

        meta = load_path(path).meta

        def slug_of(value) -> str:
            return slugify(str(value), regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []))

        date = meta.get("date")
        if isinstance(date, str):
            date = dt.datetime.fromisoformat(date)
        elif isinstance(date, dt.date) and not isinstance(date, dt.datetime):
            date = dt.datetime(date.year, date.month, date.day)
        context.update(
            date=date,
            category=slug_of(meta.get("category") or settings.get("DEFAULT_CATEGORY", "misc")),
            author=slug_of(meta.get("author") or settings.get("AUTHOR") or ""),
        )
        return pattern.format(**context)
    except Exception:  # a post that cannot be read has no address; the desk links to its marked-up text
        return ""


def _slug(withheld, report: Report | None, path: str, settings: dict) -> str:
    """The slug Pelican would give this file: its frontmatter `slug`, else its title as the reader hands it to Pelican
    (HTML-escaped) or its file name, slugified with the site's settings."""
    if report is not None and report.slug:
        return report.slug
    from pelican.utils import slugify

    source = settings.get("SLUGIFY_SOURCE", "title")
    if source == "basename":
        value = Path(path).stem
    elif source == "title" and withheld.title:
        value = html.escape(withheld.title, quote=False)
    else:
        return withheld.slug
    return slugify(value, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []), preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
                   use_unicode=settings.get("SLUGIFY_USE_UNICODE", False))


def _site_address(url: str) -> str:
    """A Pelican url (relative in the preview: "posts/x/") as an address on the preview server."""
    if not url:
        return ""
    if "://" in url:
        url = urllib.parse.urlsplit(url).path
    return "/" + url.lstrip("/")


def from_build(result, root: str | os.PathLike | None = None, now: float | None = None) -> Desk:
    """The desk for one build (publish.site.BuildResult). `root` is the project folder: paths are shown
    relative to it, and the approvals file and ledger are found from it as publish finds them."""
    import time

    settings = result.settings
    state = result.state
    root = str(root or os.path.dirname(os.path.abspath(settings["PATH"])))
    output = result.output_path
    contents: dict[str, tuple[object, str]] = {}  # path -> (content, state)
    for content in result.hidden:
        contents[os.path.abspath(content.source_path)] = (content, "hidden")
    for content in result.drafts:
        contents[os.path.abspath(content.source_path)] = (content, "draft")
    for content in list(result.articles) + list(result.pages):
        contents[os.path.abspath(content.source_path)] = (content, "published")
    paths = set(state.reports) | set(state.withheld) | set(contents)
    desk = Desk(entries=[], built_at=time.time() if now is None else now, root=root, sitename=str(settings.get("SITENAME") or ""))
    page_root = [os.path.join(state.content_path, p) for p in settings.get("PAGE_PATHS") or ["pages"]]
    for path in paths:
        try:
            mtime = os.stat(path).st_mtime
        except OSError:
            continue  # removed since: the next build drops it
        report = state.reports.get(path)
        withheld = state.withheld.get(path)
        content, shown = contents.get(path, (None, "unbuilt"))
        kind = withheld.kind if withheld else ("page" if any(path.startswith(p + os.sep) for p in page_root) else "post")
        title = ""
        if content is not None:
            title = str((getattr(content, "metadata", {}) or {}).get("title_text") or getattr(content, "title", "") or "")
        title = title or (withheld.title if withheld else "") or (report.title if report else "") or Path(path).stem
        entry = Entry(path=path, rel=rel_path(path, root), kind=kind, title=title, state=shown, report=report, mtime=mtime)
        if withheld is not None:
            entry.state = {"blocked": "translation" if withheld.translation_of else "blocked"}.get(withheld.reason, withheld.reason)
            entry.note = withheld.note
            entry.translation_of = rel_path(withheld.translation_of, root) if withheld.translation_of else ""
            if withheld.reason == "draft":
                entry.state = "draft"
                entry.note = entry.note or "a draft (status: draft): publish leaves it out until you remove that line"
            if withheld.reason != "collision":  # a collision's address shows the post that keeps it
                if withheld.reason == "draft":
                    pattern = settings.get("DRAFT_URL" if kind == "post" else "DRAFT_PAGE_URL", "")
                else:
                    pattern = settings.get("ARTICLE_URL" if kind == "post" else "PAGE_URL", "{slug}.html")
                address = _site_address(_address(pattern, _slug(withheld, report, path, settings), path, settings))
                # Shown at its own address only when no built file is there.
                if address and not _built(output, address):
                    entry.url = address
                    desk.by_address[normalise(address)] = entry
        elif content is not None:
            entry.url = _site_address(getattr(content, "url", "") or "")
            if shown == "published" and report is not None and report.verdict == "warn":
                entry.state = "warnings"
        elif report is not None and report.blocked:
            entry.state = "blocked"
        desk.entries.append(entry)
    desk.entries.sort(key=lambda e: (-e.mtime, e.rel))
    desk.by_file = {e.rel: e for e in desk.entries}
    _add_approvals(desk, settings, root, contents)
    _add_crossposts(desk, settings, root, contents)
    return desk


def _built(output: str, address: str) -> bool:
    target = os.path.join(output, normalise(address))
    return os.path.isfile(target) or os.path.isfile(os.path.join(target, "index.html"))


def _post_id(entry: Entry, content) -> str:
    if content is not None:
        from .pipeline import post_id

        return post_id(content)
    from .pipeline import post_identity

    return post_identity({"slug": entry.report.slug if entry.report else ""}, entry.path)


def _add_approvals(desk: Desk, settings: dict, root: str, contents: dict) -> None:
    """Each post's approval, read-only. Approvals matter only to publish: the preview shows every passing post."""
    from . import approvals
    from .pipeline import approvals_settings

    cfg = approvals_settings(settings, root)
    for_site = cfg["required_for_site"]
    desk.approvals_note = (
        "Approvals matter only to publish: it puts a post on the site and cross-posts it only once it is approved. "
        if for_site else
        "Approvals matter only to publish, which cross-posts a post only once it is approved; the site itself does not need one. "
    ) + f"Read from {rel_path(cfg['file'], root)}; the preview never changes it."
    try:
        store = approvals.Store.load(cfg["file"])
    except (approvals.ApprovalsError, OSError) as exc:
        desk.notices.append(f"The approvals file cannot be read, so the desk cannot say which posts are approved: {exc}")
        return
    for entry in desk.entries:
        if entry.kind != "post":
            continue
        content = contents.get(entry.path, (None, ""))[0]
        meta = getattr(content, "metadata", {}) or {}
        if not for_site and str(meta.get("audience", "")) == "clients":
            entry.approval_state = "not-needed"
            entry.approval = "Not needed: practice news (audience: clients) is never cross-posted."
            continue
        author = str(getattr(getattr(content, "author", None), "name", "") or meta.get("author") or "")
        verdict = approvals.check_content(store, _post_id(entry, content), entry.path, entry.rel, author, cfg["approver_must_differ"])
        record = verdict.approval
        hint = f'invoke approve {entry.rel} --by "Your Name"'
        if verdict.ok:
            entry.approval_state = "approved"
            entry.approval = f"Approved by {record.approved_by} ({record.when} UTC)."
        elif record is None:
            entry.approval_state = "awaiting"
            entry.approval = f"Awaiting approval (publish needs it): {hint}"
        elif "edited afterwards" in verdict.reason:
            entry.approval_state = "void"
            entry.approval = f"Approval void: edited after {record.approved_by} approved it ({record.when} UTC). Read it again, then {hint}"
        else:
            entry.approval_state = "void"
            entry.approval = verdict.reason[:1].upper() + verdict.reason[1:] + "."


def _add_crossposts(desk: Desk, settings: dict, root: str, contents: dict) -> None:
    """Where each post was cross-posted, from the ledger: read as it is on disk, never locked or written."""
    from .ledger import Ledger, LedgerError
    from .pipeline import crosspost_settings

    path = crosspost_settings(settings, root)["ledger"]
    if not os.path.exists(path):
        return
    try:
        ledger = Ledger.load(path)
    except (LedgerError, OSError) as exc:
        detail = str(exc).split(" Publish stopped")[0]
        desk.notices.append(
            f"The cross-post ledger cannot be read, so the desk cannot say where posts were cross-posted: {detail} "
            f"Publish will stop until it is restored (git checkout -- {os.path.basename(path)})."
        )
        return
    by_post: dict[str, list] = {}
    for record in sorted(ledger.records.values(), key=lambda r: (r.network, r.account)):
        by_post.setdefault(record.post_id, []).append(record)
    for entry in desk.entries:
        if entry.kind != "post":
            continue
        content = contents.get(entry.path, (None, ""))[0]
        for record in by_post.get(_post_id(entry, content), []):
            url = record.url if record.url.startswith(("https://", "http://")) else ""
            entry.crossposts.append((NETWORK_LABELS.get(record.network, record.network), LEDGER_STATES.get(record.state, record.state), url))


# --------------------------------------------------------------------------
# The terminal: what changed since the last build
# --------------------------------------------------------------------------


def changes(before: Desk, after: Desk, seconds: float | None = None, changed: list[str] | None = None, base_url: str = "") -> list[str]:
    """Only what changed since the last build: a post newly blocked (with its findings), a post now passing,
    other states, then the counts. The first build's full list is printed by `invoke build`'s own report.
    `base_url` ("http://127.0.0.1:8000") makes the addresses it names clickable in a terminal."""
    from boundary import formats

    old = {e.path: e for e in before.entries}
    new = {e.path: e for e in after.entries}
    ordered = sorted(after.entries, key=lambda e: e.rel)
    lines: list[str] = []
    took = f" in {seconds:.1f} s" if seconds is not None else ""
    what = f" after a change to {', '.join(changed[:3])}{' and more' if len(changed) > 3 else ''}" if changed else ""
    lines.append(f"Rebuilt{took}{what}.")

    def findings_text(entry: Entry) -> str:
        # As the first build listed it (publish.report.withheld_lines), without the closing count.
        return formats.text([entry.report], base=after.root or None).rstrip().rsplit("\n", 1)[0].rstrip()

    blocked_now = {"blocked", "translation"}
    for e in ordered:
        was = old.get(e.path)
        if e.state in blocked_now and (was is None or was.state not in blocked_now):
            lines.append(f"Newly blocked: {e.rel} is kept out of the site.")
            if e.state == "translation":
                lines.append(f"  It is a translation of {e.translation_of}, which is blocked.")
            elif e.report is not None:
                lines.append(findings_text(e))
        elif e.state in blocked_now and was is not None and was.key != e.key and e.report is not None:
            lines.append(f"Still blocked, with different findings: {e.rel}")
            lines.append(findings_text(e))
    for e in ordered:
        was = old.get(e.path)
        if e.state in ("published", "warnings") and (was is None or was.state not in ("published", "warnings")):
            where = f" at {base_url.rstrip('/')}{e.url}" if e.url else ""
            label = "New, published" if was is None else "Now passing, published"
            extra = f", with {e.warnings} warning(s)" if e.warnings else ""
            lines.append(f"{label}{extra}: {e.rel}{where}")
        elif e.state == "warnings" and was is not None and was.key != e.key:
            lines.append(f"Warnings changed: {e.rel} (published)")
            for f in e.findings:
                if f.severity is Severity.WARN:
                    lines.append(f"  {e.rel}:{f.line}:{f.column}  {f.code} {f.name}: {f.message}")
        elif e.state == "published" and was is not None and was.state == "warnings":
            lines.append(f"No more warnings: {e.rel}")
        elif e.state not in blocked_now | {"published", "warnings"} and (was is None or was.state != e.state):
            note = f": {e.note}" if e.note else ""
            lines.append(f"Now {STATES.get(e.state, e.state).lower()}: {e.rel}{note}")
    for path, e in sorted(old.items(), key=lambda kv: kv[1].rel):
        if path not in new:
            lines.append(f"Removed: {e.rel}")
    counts = after.counts()
    posts = sum(1 for e in after.entries if e.kind == "post")
    pages = len(after.entries) - posts
    blocked = counts.get("blocked", 0) + counts.get("translation", 0)
    summary = f"{posts} post(s) and {pages} page(s): {blocked} blocked, {counts.get('warnings', 0)} with warnings"
    if counts.get("draft"):
        summary += f", {counts['draft']} draft(s)"
    if len(lines) == 1:
        lines[0] = lines[0].rstrip(".") + ": nothing changed in what the checklist says."
    lines.append(summary + (f"; the desk: {base_url.rstrip('/')}{PREFIX}" if base_url else "") + ".")
    return lines


# --------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------


def _page(title: str, body: str, reload_script: str = "") -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"robots\" content=\"noindex\">\n<meta name=\"referrer\" content=\"no-referrer\">\n"
        "<meta name=\"color-scheme\" content=\"light dark\">\n"
        f"<title>{escape(title)}</title>\n<link rel=\"stylesheet\" href=\"{CSS_PATH}\">\n</head>\n<body>\n"
        "<a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n"
        "<header class=\"desk-bar\">\n<p class=\"desk-name\">Preview desk <span class=\"desk-only\">(only in <code>invoke serve</code>; "
        "never published)</span></p>\n<nav aria-label=\"Preview\">\n<ul>\n"
        f"<li><a href=\"{PREFIX}\">Desk</a></li>\n<li><a href=\"/\">The site (preview)</a></li>\n</ul>\n</nav>\n</header>\n"
        f"<main id=\"main\">\n{body}</main>\n{reload_script}</body>\n</html>\n"
    )


def _when(ts: float) -> str:
    moment = dt.datetime.fromtimestamp(ts)
    return f"<time datetime=\"{moment.isoformat(timespec='seconds')}\">{moment.strftime('%Y-%m-%d %H:%M:%S')}</time>"


def _state_line(e: Entry) -> str:
    label = STATES.get(e.state, e.state)
    badge = f"<span class=\"badge badge-{escape(e.state)}\">{escape(label)}</span>"
    if e.state == "blocked":
        more = f" {e.blocks} finding{'s' if e.blocks != 1 else ''} block{'s' if e.blocks == 1 else ''} it"
        more += f", and {e.warnings} warning{'s' if e.warnings != 1 else ''}" if e.warnings else ""
        return f"{badge}{escape(more)}: <a href=\"{escape(e.link)}\">see {'it' if e.blocks == 1 else 'them'} marked in the text</a>."
    if e.state == "translation":
        return f"{badge} It is a translation of <code>{escape(e.translation_of)}</code>, which is blocked."
    if e.state == "warnings":
        return (f"{badge} {e.warnings} warning{'s' if e.warnings != 1 else ''}: "
                f"<a href=\"{escape(e.file_url)}\">see {'it' if e.warnings == 1 else 'them'} marked in the text</a>.")
    if e.note:
        return f"{badge} {escape(e.note[:1].upper() + e.note[1:])}."
    if e.state == "draft":
        return f"{badge} Shown in the preview; publish leaves it out until <code>status: draft</code> is removed."
    if e.state == "hidden":
        return f"{badge} Built, but in no list (<code>status: hidden</code>)."
    if e.state == "retracted":
        return f"{badge} <code>status: retracted</code>: kept out of the site."
    return badge


def render_index(desk: Desk, reload_script: str = "") -> str:
    counts = desk.counts()
    posts = sum(1 for e in desk.entries if e.kind == "post")
    pages = len(desk.entries) - posts
    parts = ["<h1>Desk: every post and page</h1>\n"]
    parts.append(
        f"<p class=\"lede\">{posts} post{'s' if posts != 1 else ''} and {pages} page{'s' if pages != 1 else ''}, "
        f"newest change first, as the last build ({_when(desk.built_at)}) left them. Save a file and this page updates by itself.</p>\n"
    )
    counted = [f"{n} {STATES[s].lower()}" for s, n in sorted(counts.items(), key=lambda kv: list(STATES).index(kv[0])) if n]
    parts.append(f"<p class=\"counts\">{escape('; '.join(counted))}.</p>\n")
    if desk.error:
        parts.append(f"<p class=\"notice\" role=\"alert\"><strong>The last rebuild failed</strong>, so this is the build before it: "
                     f"{escape(desk.error)}</p>\n")
    for notice in desk.notices:
        parts.append(f"<p class=\"notice\"><strong>Could not be read:</strong> {escape(notice)}</p>\n")
    parts.append("<h2 id=\"files\">Posts and pages</h2>\n")
    if not desk.entries:
        parts.append("<p>No posts or pages yet. Start one with <code>invoke new \"Title\"</code>.</p>\n")
    parts.append("<ol class=\"entries\" aria-labelledby=\"files\">\n")
    for e in desk.entries:
        rows = [f"<dt>File</dt><dd><code>{escape(e.rel)}</code> ({e.kind})</dd>", f"<dt>Changed</dt><dd>{_when(e.mtime)}</dd>"]
        if e.kind == "post":
            if e.approval:
                rows.append(f"<dt>Approval</dt><dd class=\"approval-{escape(e.approval_state)}\">{escape(e.approval)}</dd>")
            if e.crossposts:
                items = []
                for network, words, url in e.crossposts:
                    label = escape(network)
                    if url:
                        label = f"<a href=\"{escape(url)}\" rel=\"noreferrer\">{label}</a>"
                    items.append(f"{label} ({escape(words)})")
                rows.append(f"<dt>Cross-posted</dt><dd>{', '.join(items)}</dd>")
            elif not any("ledger" in n for n in desk.notices):
                rows.append("<dt>Cross-posted</dt><dd>Nowhere yet.</dd>")
        parts.append(
            f"<li class=\"entry entry-{escape(e.state)}\">\n<h3><a href=\"{escape(e.link)}\">{escape(e.title)}</a></h3>\n"
            f"<p class=\"state\">{_state_line(e)}</p>\n<dl>{''.join(rows)}</dl>\n</li>\n"
        )
    parts.append("</ol>\n")
    if desk.approvals_note:
        parts.append(f"<p class=\"aside\">{escape(desk.approvals_note)}</p>\n")
    parts.append(
        "<p class=\"aside\">This desk is made by the preview server from the last build, in memory: it is never written into "
        "the build folder and never published.</p>\n"
    )
    title = f"Desk · {desk.sitename} (preview)" if desk.sitename else "Desk (preview)"
    return _page(title, "".join(parts), reload_script)


# ------------------------------------------------------------ marked-up text
_WORD = re.compile(r"[\w'’-]*\w", re.UNICODE)


def _extent(line: str, start: int, finding: Finding) -> int:
    """Where the mark for a finding at `start` ends: its excerpt if the text there is the excerpt (and more than one
    character), else the word or the HTML tag that starts there, else one character."""
    excerpt = (finding.excerpt or "").split("\n", 1)[0].rstrip()
    if len(excerpt) > 1 and line[start : start + len(excerpt)].lower() == excerpt.lower():
        return start + len(excerpt)
    m = _WORD.match(line, start)
    if m:
        return m.end()
    if line.startswith("<", start) and ">" in line[start:]:  # an HTML tag: the whole tag
        return line.index(">", start) + 1
    return start + 1 if start < len(line) and not line[start].isspace() else start


def _severity_words(f: Finding) -> str:
    return {Severity.BLOCK: "blocks publication", Severity.WARN: "warning", Severity.INFO: "note"}[f.severity]


def marked_source(text: str, findings: tuple[Finding, ...]) -> str:
    """The post's text, one line per row, each finding marked where it is (line and column), numbered like the list."""
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # the file's last newline ends the last line; it starts no new one
    per_line: dict[int, dict[int, list[tuple[int, Finding]]]] = {}
    for n, f in enumerate(findings, 1):
        ln = min(max(f.line, 1), len(lines))
        col = min(max(f.column, 1), len(lines[ln - 1]) + 1)
        per_line.setdefault(ln, {}).setdefault(col, []).append((n, f))
    rows = []
    for ln, line in enumerate(lines, 1):
        groups = per_line.get(ln, {})
        cols = sorted(groups)
        pieces, pos = [], 0
        for i, col in enumerate(cols):
            start = max(col - 1, pos)
            limit = (cols[i + 1] - 1) if i + 1 < len(cols) else len(line)
            end = min(max(_extent(line, start, f) for _, f in groups[col]), max(limit, start))
            if line[start:end].strip():  # a mark ends on a character, not on the space before the next one
                end = start + len(line[start:end].rstrip())
            pieces.append(escape(line[pos:start]))
            group = groups[col]
            worst = "block" if any(f.severity is Severity.BLOCK for _, f in group) else "warn"
            if end > start:
                pieces.append(f"<mark class=\"mark-{worst}\">{escape(line[start:end])}</mark>")
            for n, f in group:
                pieces.append(
                    f"<a class=\"tag tag-{'block' if f.severity is Severity.BLOCK else 'warn'}\" id=\"mark-{n}\" href=\"#finding-{n}\">"
                    f"<span class=\"visually-hidden\">finding </span>[{n} {escape(f.code)}<span class=\"visually-hidden\">, "
                    f"{_severity_words(f)}</span>]</a>"
                )
            pos = end
        pieces.append(escape(line[pos:]))
        cls = " line-marked" if groups else ""
        # The newline inside each line's box: copied text keeps its lines, and no blank line is drawn between them.
        rows.append(f"<span class=\"line{cls}\" id=\"line-{ln}\"><span class=\"ln\" aria-hidden=\"true\">{ln}</span>{''.join(pieces)}\n</span>")
    return "".join(rows)


def _read_source(path: str) -> tuple[str, bytes | None]:
    try:
        data = Path(path).read_bytes()
    except OSError:
        return "", None
    text = data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    return text, data


HEADINGS = {
    "blocked": "Blocked: not in the site",
    "translation": "Blocked: a translation of a blocked post",
    "warnings": "Published, with warnings",
    "published": "Published: passes the checklist",
    "draft": "A draft",
    "hidden": "Hidden: built, in no list",
    "retracted": "Retracted: not in the site",
    "collision": "Not published: the address is taken",
    "unapproved": "Waiting for approval: not in the site",
    "unbuilt": "Not built",
}


def render_file(entry: Entry, desk: Desk, reload_script: str = "") -> str:
    """One file: its state, its findings (rule, message, why, how to fix, standard) and its text with each marked."""
    findings = tuple(sorted(entry.findings, key=lambda f: (f.line, f.column, -int(f.severity), f.code)))
    parts = [f"<h1><span class=\"kicker\">{escape(HEADINGS.get(entry.state, entry.state))}</span> {escape(entry.title)}</h1>\n"]
    where = f"<p class=\"file\">File: <code>{escape(entry.rel)}</code> ({entry.kind}), changed {_when(entry.mtime)}.</p>\n"
    parts.append(where)
    blocks, warns = entry.blocks, entry.warnings
    if entry.state == "blocked":
        parts.append(
            f"<p class=\"lede\">The checklist keeps this {entry.kind} out of the whole site: its page, lists, feeds and cross-posts. "
            f"{blocks} finding{'s' if blocks != 1 else ''} block{'s' if blocks == 1 else ''} it"
            + (f" ({warns} more {'is a warning' if warns == 1 else 'are warnings'})" if warns else "")
            + ". Fix each one in your editor and save: this page updates by itself, and shows the "
            f"{entry.kind} here once it passes.</p>\n"
        )
    elif entry.state == "translation":
        parts.append(f"<p class=\"lede\">It is a translation of <code>{escape(entry.translation_of)}</code>, which is blocked; a "
                     "translation tells the same story, so it is held back too. Fix the original.</p>\n")
        original = desk.by_file.get(entry.translation_of)
        if original is not None:
            parts.append(f"<p><a href=\"{escape(original.link)}\">See the original's findings</a>.</p>\n")
    elif entry.state in ("published", "warnings", "draft", "hidden") and entry.url:
        parts.append(f"<p class=\"lede\">It is in the preview: <a href=\"{escape(entry.url)}\">open the {entry.kind}</a>.</p>\n")
    if entry.note:
        parts.append(f"<p class=\"notice\">{escape(entry.note[:1].upper() + entry.note[1:])}.</p>\n")
    elif entry.state == "retracted":
        parts.append("<p class=\"notice\">Its frontmatter says <code>status: retracted</code>, so it is kept out of the site. "
                     "Publish lists any cross-posts it still has, and <code>invoke publish --retract</code> deletes them.</p>\n")
    text, data = _read_source(entry.path)
    if entry.report is not None and entry.report.digest and data is not None and hashlib.sha256(data).hexdigest() != entry.report.digest:
        parts.append("<p class=\"notice\" role=\"status\">The file has changed since this check; the preview is rebuilding, "
                     "and this page will update.</p>\n")
    if findings:
        parts.append(f"<h2 id=\"findings\">Findings ({len(findings)})</h2>\n<ol class=\"findings\" aria-labelledby=\"findings\">\n")
        for n, f in enumerate(findings, 1):
            sev = "block" if f.severity is Severity.BLOCK else "warn"
            rows = []
            if f.why:
                rows.append(f"<dt>Why</dt><dd>{escape(f.why)}</dd>")
            if f.fix:
                rows.append(f"<dt>How to fix</dt><dd>{escape(f.fix)}</dd>")
            if f.source:
                rows.append(f"<dt>Standard</dt><dd>{escape(f.source)}</dd>")
            parts.append(
                f"<li class=\"finding finding-{sev}\" id=\"finding-{n}\">\n<h3><span class=\"sev sev-{sev}\">{escape(_severity_words(f).capitalize())}</span> "
                f"{escape(f.code)} {escape(f.name)}</h3>\n"
                f"<p class=\"at\"><a href=\"#mark-{n}\">Line {f.line}, column {f.column}</a> (marked [{n} {escape(f.code)}] in the text below)</p>\n"
                f"<p class=\"message\">{escape(f.message)}</p>\n<dl>{''.join(rows)}</dl>\n</li>\n"
            )
        parts.append("</ol>\n")
    elif entry.state in ("blocked", "published", "warnings"):
        parts.append("<p>No findings.</p>\n")
    if data is None:
        parts.append("<p class=\"notice\">The file cannot be read any more; it may have been moved or deleted.</p>\n")
    else:
        label = "The text, with each finding marked" if findings else "The text"
        parts.append(
            f"<h2 id=\"source\">{label}</h2>\n"
            + ("<p class=\"aside\">Each mark is underlined and followed by its number and rule code in brackets, "
               "like [1 B901]: a wavy underline blocks publication, a dashed one is a warning.</p>\n" if findings else "")
            + f"<pre class=\"source\" aria-labelledby=\"source\" tabindex=\"0\"><code>{marked_source(text, findings)}</code></pre>\n"
        )
    title = f"{HEADINGS.get(entry.state, entry.state)}: {entry.title} · Desk (preview)"
    return _page(title, "".join(parts), reload_script)


def render_message(title: str, message: str, reload_script: str = "") -> str:
    """A plain page of the desk's own (an error the site's own 404 page does not cover)."""
    return _page(f"{title} · Desk (preview)", f"<h1>{escape(title)}</h1>\n<p>{escape(message)}</p>\n", reload_script)
