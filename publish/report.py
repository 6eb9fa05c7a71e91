"""The short, plain report `invoke publish` and `invoke build` print."""

from __future__ import annotations

import os

from boundary import formats

from .outbox import Held
from .registry import LABELS as NETWORK_LABELS


def rel_path(path: str, base: str) -> str:
    try:
        rel = os.path.relpath(path, base)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def withheld_lines(withheld, base: str) -> list[str]:
    withheld = sorted(withheld, key=lambda w: w.path)  # the same order on every run
    lines = []
    blocked = [w for w in withheld if w.reason == "blocked"]
    retracted = [w for w in withheld if w.reason == "retracted"]
    if blocked:
        lines.append(f"Kept out of the site ({len(blocked)}): these posts break the checklist and appear nowhere.")
        for w in blocked:
            if w.translation_of:
                lines.append(f"  {rel_path(w.path, base)}: a translation of {rel_path(w.translation_of, base)}, which is blocked")
                continue
            lines.append(formats.text([w.report], base=base).rstrip().rsplit("\n", 1)[0].rstrip())
    if retracted:
        lines.append(f"Retracted ({len(retracted)}): {', '.join(rel_path(w.path, base) for w in retracted)}")
    unapproved = [w for w in withheld if w.reason == "unapproved"]
    if unapproved:
        lines.append(f"Waiting for approval, not published ({len(unapproved)}): this practice approves posts before they go on the site.")
        for w in unapproved:
            lines.append(f"  {rel_path(w.path, base)}: {w.note}")
    collisions = [w for w in withheld if w.reason == "collision"]
    if collisions:
        lines.append(f"Not published, the address is taken ({len(collisions)}):")
        for w in collisions:
            lines.append(f"  {rel_path(w.path, base)}: {w.note}")
    drafts = [w for w in withheld if w.reason == "draft"]
    if drafts:
        lines.append(f"Drafts, not published ({len(drafts)}): {', '.join(rel_path(w.path, base) for w in drafts)}")
    return lines


def publish_report(result, base: str) -> str:
    lines = []
    verb = "Would publish" if result.dry_run else "Published"
    lines.append(
        f"{verb} {len(result.published)} post{'s' if len(result.published) != 1 else ''} "
        f"and {len(result.pages)} page{'s' if len(result.pages) != 1 else ''}"
        + ("" if result.dry_run else f" to {result.deployed_to or rel_path(result.output, base) + '/'}") + "."
    )
    lines += withheld_lines(result.withheld, base)
    if result.warnings:
        lines.append(f"Published with warnings ({len({p for p, _ in result.warnings})} file(s)); run `invoke check` for details:")
        for path, f in result.warnings:
            lines.append(f"  {rel_path(path, base)}:{f.line}:{f.column}  {f.code} {f.name}: {f.message}")
    if result.site_warnings:
        lines.append("Site checks (warnings):")
        for f in result.site_warnings:
            lines.append(f"  {f}")
    lines += crosspost_lines(result, base)
    lines += held_lines(result.held, base)
    return "\n".join(lines) + "\n"


def held_lines(held: list[Held], base: str) -> list[str]:
    """One line per post and reason, naming the networks it applies to."""
    if not held:
        return []
    grouped: dict[tuple[str, str], list[str]] = {}
    for h in held:
        grouped.setdefault((rel_path(h.post_path, base), h.reason), []).append(h.network)
    lines = ["Not cross-posted:"]
    for (path, reason), networks in grouped.items():
        named = [n for n in networks if n]
        where = f" (to {', '.join(named)})" if named else ""
        lines.append(f"  {path}{where}: {reason}")
    return lines


LABELS = {
    "posted": "posted", "already": "already posted earlier", "drift": "changed after posting",
    "waiting": "waiting", "failed": "failed", "unknown": "needs your answer", "skipped": "skipped",
    "gave_up": "gave up", "deleted": "deleted", "would-send": "would send", "would-resume": "would check",
    "would-ask": "would ask", "would-confirm": "would record", "unused": "answer not used",
}


def crosspost_lines(result, base: str) -> list[str]:
    lines = []
    sent = set(result.sent_networks)
    boxed = [p for p in result.planned if p.rendered.network not in sent]
    if result.dry_run:
        if boxed:
            lines.append(f"Would write {len(boxed)} cross-post(s) to the outbox ({rel_path(result.outbox_path, base)}/):")
            for item in boxed:
                lines.append(f"  {item.rendered.network}: {item.title} ({item.rendered.length}/{item.rendered.limit})")
    else:
        written = result.outbox.get("written", [])
        unchanged = result.outbox.get("unchanged", [])
        removed = result.outbox.get("removed", [])
        missing = sorted(set(result.configured_networks) - sent) or ["none"]
        lines.append(
            f"Outbox ({rel_path(result.outbox_path, base)}/; nothing there is sent — no credentials for: {', '.join(missing)}): "
            f"{len(written)} written, {len(unchanged)} unchanged, {len(removed)} removed."
        )
        for path in written:
            lines.append(f"  wrote {rel_path(path, base)}")
    shown = [o for o in result.crossposts if o.status != "already"]
    already = len(result.crossposts) - len(shown)
    if sent:
        lines.append(f"Cross-posts {'that would go' if result.dry_run else 'sent'} to {', '.join(NETWORK_LABELS.get(n, n) for n in sorted(sent))}: " + (f"{already} already posted earlier." if already else "")
                     + ("" if shown else " nothing new."))
        previous = None
        repeats: list[str] = []

        def flush():
            if repeats:
                lines.append(f"    and {len(repeats)} more, for the same reason: {', '.join(repeats)}")
                repeats.clear()

        for o in shown:
            label = LABELS.get(o.status, o.status)
            extra = f" {o.url}" if o.url and o.status in ("posted", "deleted") else ""
            detail = f": {o.detail}" if o.detail and o.status != "would-send" else ""
            key = (o.network, o.status, o.detail)
            if key == previous and o.detail and o.status in ("skipped", "waiting", "failed"):
                repeats.append(o.rel_path)
                continue
            flush()
            previous = key
            lines.append(f"  {NETWORK_LABELS.get(o.network, o.network)} {label}: {o.rel_path}{extra}{detail}")
        flush()
    if result.retractions:
        lines.append("Cross-posts of posts that are now retracted or blocked (still online; run `invoke publish --retract` to delete them):")
        for r in result.retractions:
            lines.append(f"  {r.network}: {r.post} {r.url or r.remote_id}")
    attention = [o for o in result.crossposts if o.needs_attention]
    if attention:
        lines.append(f"What to do: {len(attention)} cross-post(s) above need you; each line says what to do.")
    return lines
