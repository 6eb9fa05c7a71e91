"""`invoke publish`: check → fresh build → feeds → audit → deploy → outbox → report.

Each step runs only if the one before it succeeded (PRODUCT.md §6). The build
goes into a fresh staging folder next to the output, so a failed build never
touches the live site and no stale file survives; the deploy is a rename.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from boundary.gate import GateMissing, Withheld

from . import audit, outbox, site
from feeds import base_url


class PublishError(Exception):
    """A step failed; nothing after it ran. The message says what to do."""

    def __init__(self, step: str, message: str, problems: list | None = None):
        super().__init__(message)
        self.step = step
        self.message = message
        self.problems = problems or []


@dataclass
class PublishResult:
    output: str
    published: list = field(default_factory=list)
    pages: list = field(default_factory=list)
    withheld: list[Withheld] = field(default_factory=list)
    warnings: list = field(default_factory=list)  # (path, Finding)
    site_warnings: list = field(default_factory=list)  # boundary.site.SiteFinding
    outbox: dict = field(default_factory=dict)
    planned: list = field(default_factory=list)
    held: list = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    dry_run: bool = False
    outbox_path: str = ""
    content_root: str = ""


def _restore_interrupted(output: Path) -> None:
    """If a previous deploy stopped between its two renames, put the old site back."""
    previous = output.with_name(output.name + ".previous")
    if not output.exists() and previous.exists():
        os.replace(previous, output)


def deploy_local(staging: str, output: str) -> None:
    """Swap the staged build into place: the old site is live until the new one is."""
    out = Path(output)
    _restore_interrupted(out)
    previous = out.with_name(out.name + ".previous")
    if previous.exists():
        shutil.rmtree(previous)
    if out.exists():
        os.replace(out, previous)
    os.replace(staging, out)
    if previous.exists():
        shutil.rmtree(previous)


def publish(
    settings_file: str = "publishconf.py",
    dry_run: bool = False,
    strict: bool = False,
    output: str | None = None,
    outbox_dir: str | None = None,
    overrides: dict | None = None,
    now: dt.datetime | None = None,
) -> PublishResult:
    try:
        settings = site.read_settings(settings_file, overrides)
    except site.SettingsError as exc:
        raise PublishError("settings", str(exc)) from None
    output = os.path.abspath(output or settings["OUTPUT_PATH"])
    outbox_dir = os.path.abspath(outbox_dir or (settings.get("CROSSPOST") or {}).get("outbox") or "outbox")
    result = PublishResult(output=output, dry_run=dry_run, outbox_path=outbox_dir, content_root=settings["PATH"])
    parent = Path(output).parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".staging-", dir=parent)
    try:
        # 1-3. check, build and feeds: the gate checks every file inside the build.
        result.steps.append("check+build")
        over = dict(overrides or {})
        over["OUTPUT_PATH"] = staging
        over["DELETE_OUTPUT_DIRECTORY"] = False  # staging is fresh; never delete outside it
        # `status: draft` keeps a post out of publish (PRODUCT.md §2); Pelican
        # would still write drafts/, so the gate withholds them in every publish.
        over["BOUNDARY"] = dict(settings.get("BOUNDARY") or {}, exclude_drafts=True)
        try:
            built = site.build(settings_file, staging, over)
        except GateMissing as exc:
            raise PublishError("build", str(exc)) from None
        result.withheld = built.withheld
        result.published = [a for a in built.articles]
        result.pages = list(built.pages)
        for path, report in sorted(built.state.reports.items()):
            if not report.blocked:
                for f in report.findings:
                    if f.severity.label == "warn":
                        result.warnings.append((path, f))
        blocked = [w for w in built.withheld if w.reason == "blocked"]
        if strict and blocked:
            raise PublishError("check", f"{len(blocked)} post(s) are blocked and --strict is on; nothing was deployed")
        # The cross-posts are planned from the same list of passing posts.
        planned, held = outbox.plan(
            [a for a in built.articles if built.state.passed(a.source_path)],
            built.settings,
            base_url(built.settings),
            now=now,
        )
        result.planned, result.held = planned, held
        # 4. audit the staged site and what would go to the outbox.
        result.steps.append("audit")
        problems = audit.audit_unexpected(staging, built.manifest())
        problems += audit.audit_leaks([staging], built.withheld, built.settings)
        for finding in audit.site_findings(staging, built.settings, built.pages):
            if finding.severity.label == "block":
                problems.append(audit.Problem("site", finding.path, f"{finding.code}: {finding.message}"))
            else:
                result.site_warnings.append(finding)
        withheld_paths = {w.path for w in built.withheld}
        for item in planned:
            if os.path.abspath(item.post_path) in withheld_paths:  # cannot happen; proves it
                problems.append(audit.Problem("leak", item.post_path, "a withheld post was planned for cross-posting"))
        if problems:
            raise PublishError("audit", "the output audit found problems; nothing was deployed", problems)
        if dry_run:
            result.steps.append("dry-run: no deploy, nothing written to the outbox")
            return result
        # 5. deploy, 6. outbox (only after the site is live), 7. report (the caller prints it).
        result.steps.append("deploy")
        deploy_local(staging, output)
        result.steps.append("outbox")
        result.outbox = outbox.write(outbox_dir, planned, os.path.dirname(os.path.abspath(settings_file)))
        leaks = audit.audit_leaks([outbox_dir], built.withheld, built.settings)
        if leaks:  # belt and braces: the outbox is derived from passing posts only
            raise PublishError("outbox", "a withheld post reached the outbox", leaks)
        return result
    finally:
        if os.path.isdir(staging):
            shutil.rmtree(staging, ignore_errors=True)
