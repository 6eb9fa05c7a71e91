"""Who gets which cross-post, and the outbox: one file per post and network, nothing sent.

With no credentials for a network, publish writes here exactly what it would
send. The outbox is derived from the current list of passing posts on every
run: a file is rewritten only when its text changes, and a file for a post
that is no longer eligible (blocked, drafted, retracted) is removed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .networks import CONTENT_NOTE_PREFIX, NETWORKS, Rendered, render

MARKER = "----- the text below is exactly what readers would see -----"


@dataclass(frozen=True)
class Planned:
    post_path: str
    slug: str
    title: str
    rendered: Rendered
    lang: str = ""  # set for a translation, so it does not overwrite the original's file


@dataclass(frozen=True)
class Held:
    post_path: str
    title: str
    network: str  # "" for every network
    reason: str


# A content note often says where the page shows its crisis lines ("Crisis lines are listed at the top
# and the end"): true on the page, meaningless inside a social post, which carries the line itself.
_PAGE_POINTER = re.compile(
    r"\s*[^.!?]*\b(?:crisis|help|support)\s+(?:lines?|resources|numbers|contacts)\b[^.!?]*"
    r"\b(?:listed|below|above|top|end|throughout|on this page|in this post)\b[^.!?]*[.!?]?",
    re.IGNORECASE,
)


def social_note(note: str) -> str:
    """The content note as a social post carries it: without sentences that point at the page's crisis lines."""
    return " ".join(_PAGE_POINTER.sub("", note or "").split())


def crisis_line(settings) -> str:
    """The region's crisis line from the practice settings, as one sentence for a social post ("" if none).

    The first national crisis line of the practice's region (988 in the US); a local line only if the
    region has none. Emergency numbers (911) are not crisis lines.
    """
    lines = [c for c in (settings.get("CRISIS_LINES") or []) if isinstance(c, dict) and not c.get("emergency")]
    lines.sort(key=lambda c: bool(c.get("local")))  # national lines first; sort keeps the settings' order
    for line in lines:
        how = " ".join(str(line.get("how") or "").split()).rstrip(".")
        number = str(line.get("number") or "").strip()
        if not how and not number:
            continue
        how = how or f"call {number}"
        hours = str(line.get("hours") or "").strip()
        return f"Help is available{' ' + hours if hours else ''}: {how}."
    return ""


def _network_settings(settings) -> dict:
    return dict((settings.get("CROSSPOST") or {}).get("networks") or {})


def plan(articles, settings, base_url: str, now: dt.datetime | None = None) -> tuple[list[Planned], list[Held]]:
    """Decide, for every passing article, what each configured network would get."""
    now = now or dt.datetime.now(dt.timezone.utc)
    planned: list[Planned] = []
    held: list[Held] = []
    networks = _network_settings(settings)
    for article in sorted(articles, key=lambda a: (a.date, a.slug)):
        path = article.source_path
        title = getattr(article, "title_text", article.title)
        audience = getattr(article, "audience", None)
        if getattr(article, "status", "published") != "published":
            held.append(Held(path, title, "", f"status is {article.status}"))
            continue
        date = article.date if article.date.tzinfo else article.date.replace(tzinfo=dt.timezone.utc)
        if date > now:
            held.append(Held(path, title, "", "dated in the future; it will be cross-posted on a publish after its date"))
            continue
        if audience == "clients":
            held.append(Held(path, title, "", "written for clients: practice news is never cross-posted (inviting clients to follow you is a boundary problem)"))
            continue
        chosen = getattr(article, "crosspost", None)
        if chosen is False:
            held.append(Held(path, title, "", "crosspost: false in the frontmatter"))
            continue
        social = getattr(article, "social", None) or {}
        high = str(getattr(article, "risk", "") or "") == "high"
        crisis = crisis_line(settings) if high else ""
        if high and not crisis:
            held.append(Held(path, title, "", "risk: high, and the practice settings name no crisis line for its region, "
                                              "which every social post about suicide, self-harm or crisis must carry; "
                                              'add one under PRACTICE["crisis_lines"] in pelicanconf.py'))
            continue
        for name, cfg in networks.items():
            if name not in NETWORKS:
                continue
            cfg = cfg or {}
            if isinstance(chosen, list) and name not in [c.lower() for c in chosen]:
                continue
            if not isinstance(chosen, list) and audience not in cfg.get("audiences", ["public"]):
                continue
            summary = getattr(article, "summary_text", "") or ""
            rendered = render(
                name,
                summary,
                f"{base_url}/{article.url}",
                social_note(getattr(article, "content_note", "") or ""),
                social.get(name) if isinstance(social, dict) else None,
                cfg.get("max_characters"),
                title=title,
                description=summary,
                lang=str(getattr(article, "lang", "") or ""),
                crisis_line=crisis,
            )
            if not rendered.fits:
                why = too_long(rendered)
                if crisis:
                    why += f' (the count includes the crisis line every risk: high post carries: "{crisis}")'
                held.append(Held(path, title, name, why))
                continue
            lang = "" if getattr(article, "in_default_lang", True) else str(getattr(article, "lang", ""))
            planned.append(Planned(path, article.slug, title, rendered, lang))
    return planned, held


def too_long(r: Rendered) -> str:
    """Why a cross-post does not fit, in the network's own unit, and what to do about it."""
    net = NETWORKS[r.network]
    parts = []
    if r.over_by:
        parts.append(f"{r.length} of {r.limit} {net.unit} ({r.over_by} too many)")
    if r.bytes_over_by:
        parts.append(
            f"{r.bytes} of {r.byte_limit} bytes ({r.bytes_over_by} too many; "
            "letters outside the Latin alphabet and emoji take 2 to 4 bytes each)"
        )
    return (
        f"the text and link come to {' and '.join(parts)} on {net.label}, {net.counting}; "
        f'add a shorter text for this network under social: {{{r.network}: "…"}} '
        "in the post's frontmatter — approved text is never cut"
    )


def _field(name: str, value: str) -> list[str]:
    """`name: value`, or for a value over several lines, each line after '  | '."""
    if "\n" not in value:
        return [f"{name}: {value}"]
    return [f"{name}:"] + [f"  | {line}" for line in value.split("\n")]


def file_text(item: Planned, content_root: str = "") -> str:
    """The outbox file: what the post is, its counts against each limit, then the exact text."""
    r = item.rendered
    net = NETWORKS[r.network]
    rel = os.path.relpath(item.post_path, content_root) if content_root else item.post_path
    lines = [
        f"network: {net.label}",
        f"post: {rel}",
        *_field("title", item.title),
        f"link: {r.link}",
        f"length: {r.length} of {r.limit} {net.unit}, {net.counting}",
    ]
    if r.byte_limit is not None:
        lines.append(f"size: {r.bytes} of {r.byte_limit} bytes (UTF-8; {net.label} limits both)")
    if r.content_warning:
        lines += _field("content warning", r.content_warning)
        lines.append("  (sent as the post's content warning, in its own field; it counts towards the length)")
    elif r.text.startswith(CONTENT_NOTE_PREFIX):
        lines.append(f"content note: at the start of the text ({net.label} has no content-warning field)")
    if r.card is not None:
        lines.append(f"link card: {r.card.uri}")
        lines += _field("  card title", r.card.title)
        lines += _field("  card description", r.card.description)
    for start, end, uri in r.facets:
        lines.append(f"link facet: bytes {start} to {end} of the text: {uri}")
    if r.lang:
        lines.append(f"language: {r.lang}")
    if r.wire_text != r.text:
        lines += _field(
            f"as sent to {net.label} (a \\ before each ( ) [ ] {{ }} < > @ # * _ ~ \\ | so that {net.label} shows it as written instead of cutting the post there)",
            r.wire_text,
        )
    lines.append(f"fingerprint: {r.fingerprint()}")
    lines.append("status: not sent (no credentials configured for this network)")
    return "\n".join(lines) + "\n" + MARKER + "\n" + r.text + "\n"


def target(outbox: str, item: Planned) -> str:
    name = item.slug if not item.lang else f"{item.slug}.{item.lang}"
    return os.path.join(outbox, item.rendered.network, f"{name}.txt")


def write(outbox: str, items: list[Planned], content_root: str = "") -> dict[str, list[str]]:
    """Make the outbox match `items`; return which files were written, kept and removed."""
    result: dict[str, list[str]] = {"written": [], "unchanged": [], "removed": []}
    wanted = {}
    for item in items:
        wanted[os.path.abspath(target(outbox, item))] = file_text(item, content_root)
    for path, text in sorted(wanted.items()):
        p = Path(path)
        if p.exists() and p.read_text(encoding="utf-8") == text:
            result["unchanged"].append(path)
            continue
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, p)
        result["written"].append(path)
    root = Path(outbox)
    if root.is_dir():
        for f in sorted(root.rglob("*.txt")):
            if str(f.resolve()) not in wanted and os.path.abspath(f) not in wanted:
                f.unlink()
                result["removed"].append(str(f))
    return result


def read_text(path: str) -> str:
    """The exact text of an outbox file (what would be sent)."""
    content = Path(path).read_text(encoding="utf-8")
    return content.split(MARKER + "\n", 1)[1][:-1]
