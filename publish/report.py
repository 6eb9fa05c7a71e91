"""The short, plain report `invoke publish` and `invoke build` print."""

from __future__ import annotations

import os

from boundary import formats

from .outbox import Held


def _rel(path: str, base: str) -> str:
    try:
        rel = os.path.relpath(path, base)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def withheld_lines(withheld, base: str) -> list[str]:
    lines = []
    blocked = [w for w in withheld if w.reason == "blocked"]
    retracted = [w for w in withheld if w.reason == "retracted"]
    if blocked:
        lines.append(f"Kept out of the site ({len(blocked)}): these posts break the checklist and appear nowhere.")
        for w in blocked:
            if w.translation_of:
                lines.append(f"  {_rel(w.path, base)}: a translation of {_rel(w.translation_of, base)}, which is blocked")
                continue
            lines.append(formats.text([w.report], base=base).rstrip().rsplit("\n", 1)[0].rstrip())
    if retracted:
        lines.append(f"Retracted ({len(retracted)}): {', '.join(_rel(w.path, base) for w in retracted)}")
    drafts = [w for w in withheld if w.reason == "draft"]
    if drafts:
        lines.append(f"Drafts, not published ({len(drafts)}): {', '.join(_rel(w.path, base) for w in drafts)}")
    return lines


def publish_report(result, base: str) -> str:
    lines = []
    verb = "Would publish" if result.dry_run else "Published"
    lines.append(
        f"{verb} {len(result.published)} post{'s' if len(result.published) != 1 else ''} "
        f"and {len(result.pages)} page{'s' if len(result.pages) != 1 else ''}"
        + ("" if result.dry_run else f" to {_rel(result.output, base)}/") + "."
    )
    lines += withheld_lines(result.withheld, base)
    if result.warnings:
        lines.append(f"Published with warnings ({len({p for p, _ in result.warnings})} file(s)); run `invoke check` for details:")
        for path, f in result.warnings:
            lines.append(f"  {_rel(path, base)}:{f.line}:{f.column}  {f.code} {f.name}: {f.message}")
    if result.site_warnings:
        lines.append("Site checks (warnings):")
        for f in result.site_warnings:
            lines.append(f"  {f}")
    if result.dry_run:
        lines.append(f"Would cross-post {len(result.planned)} item(s):")
        for item in result.planned:
            lines.append(f"  {item.rendered.network}: {item.title} ({item.rendered.length}/{item.rendered.limit})")
    else:
        written = result.outbox.get("written", [])
        unchanged = result.outbox.get("unchanged", [])
        removed = result.outbox.get("removed", [])
        lines.append(
            f"Outbox ({_rel(result.outbox_path, base)}/, nothing was sent: no network credentials are configured): "
            f"{len(written)} written, {len(unchanged)} unchanged, {len(removed)} removed."
        )
        for path in written:
            lines.append(f"  wrote {_rel(path, base)}")
    held: list[Held] = result.held
    if held:
        lines.append("Not cross-posted:")
        for h in held:
            where = f" to {h.network}" if h.network else ""
            lines.append(f"  {_rel(h.post_path, base)}{where}: {h.reason}")
    return "\n".join(lines) + "\n"
