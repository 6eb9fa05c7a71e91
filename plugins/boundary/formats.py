"""Turn reports into text a clinician can read, the JSON contract, or SARIF 2.1.0."""

from __future__ import annotations

import json
import os
import textwrap
from typing import Iterable

from .model import Report, Severity

WORDS = {"block": "BLOCKED", "warn": "warning", "info": "note"}


def _rel(path: str, base: str | None) -> str:
    """The path as shown: relative to base when inside it, and always valid text (a file name that is not
    UTF-8 shows its odd bytes as \\xff escapes, so JSON and SARIF output stay valid)."""
    if base:
        try:
            rel = os.path.relpath(path, base)
        except ValueError:
            rel = ".."
        path = path if rel.startswith("..") else rel
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def text(reports: Iterable[Report], verbose: bool = False, base: str | None = None, width: int = 88) -> str:
    """Grouped by file; each finding: where, what, why, how to fix."""
    out: list[str] = []
    reports = list(reports)
    for report in reports:
        shown = [f for f in report.findings if verbose or f.severity >= Severity.WARN]
        path = _rel(report.path, base)
        if not shown:
            if verbose:
                out.append(f"{path}: passes the checklist")
            continue
        out.append(f"{path}: {'will NOT be published' if report.blocked else 'will be published, with warnings'}")
        for f in shown:
            out.append(f"  {path}:{f.line}:{f.column}  {WORDS[f.severity.label]}  {f.code} {f.name}")
            wrap = textwrap.TextWrapper(width=width, initial_indent="      ", subsequent_indent="      ")
            out.extend(wrap.wrap(_sentence(f.message)))
            if f.why:
                out.extend(wrap.wrap(f"Why: {f.why}"))
            if f.fix:
                out.extend(wrap.wrap(f"How to fix: {f.fix}"))
            if f.source:
                out.extend(wrap.wrap(f"Standard: {f.source}"))
        out.append("")
    blocked = sum(1 for r in reports if r.blocked)
    warned = sum(1 for r in reports if r.verdict == "warn")
    passed = len(reports) - blocked - warned
    out.append(
        f"{len(reports)} file{'s' if len(reports) != 1 else ''} checked: "
        f"{blocked} blocked, {warned} with warnings, {passed} passed."
    )
    return "\n".join(out) + "\n"


def as_json(reports: Iterable[Report], base: str | None = None) -> str:
    """The contract of docs/product.md, Commands."""
    files = []
    for r in reports:
        d = r.as_dict()
        d["path"] = _rel(r.path, base)
        files.append(d)
    totals = {"files": len(files), **{v: sum(1 for f in files if f["verdict"] == v) for v in ("block", "warn", "pass")}}
    return json.dumps({"files": files, "totals": totals}, indent=2, ensure_ascii=False) + "\n"


SARIF_LEVEL = {"block": "error", "warn": "warning", "info": "note"}


def as_sarif(reports: Iterable[Report], rules, base: str | None = None, version: str = "0.1.0") -> str:
    rules = list(rules)
    index = {r.code: i for i, r in enumerate(rules)}
    results = []
    for report in reports:
        for f in report.findings:
            result = {
                "ruleId": f.code,
                "level": SARIF_LEVEL[f.severity.label],
                "message": {"text": f"{_sentence(f.message)} {f.fix}".strip()},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": _rel(report.path, base).replace(os.sep, "/")},
                            "region": {"startLine": f.line, "startColumn": f.column},
                        }
                    }
                ],
                "properties": {"category": f.category, "severity": f.severity.label, "source": f.source},
            }
            if f.code in index:
                result["ruleIndex"] = index[f.code]
            results.append(result)
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "boundary",
                        "fullName": "Consulting Room boundary checklist",
                        "version": version,
                        "informationUri": "https://example.org/consulting-room",
                        "rules": [
                            {
                                "id": r.code,
                                "name": r.name,
                                "shortDescription": {"text": r.message},
                                "fullDescription": {"text": r.why},
                                "help": {"text": f"{r.fix} (Standard: {r.source})"},
                                "defaultConfiguration": {"level": SARIF_LEVEL[r.severity.label]},
                                "properties": {"category": r.category},
                            }
                            for r in rules
                        ],
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _example_body(text: str) -> str:
    body = text.split("\n---\n", 1)[-1].strip()
    return body


def rules_markdown(rules) -> str:
    """The rule reference (docs/rules.md): what, why, how to fix, source, examples."""
    out = [
        "# The boundary checklist: rule reference",
        "",
        "Generated by `boundary rules --format markdown`; do not edit by hand",
        "(tests/test_docs.py fails when this file is out of date).",
        "",
        "Severity: **block** keeps the post off the site; **warn** publishes it and reports;",
        "**info** is shown with `--verbose`. Some rules change severity with the post's audience",
        "or risk, as their text says.",
        "",
    ]
    category = None
    for r in rules:
        if r.category != category:
            category = r.category
            out += [f"## {category}", ""]
        out += [f"### {r.code} {r.name} ({r.severity.label})", "", f"**What it finds.** {r.message}.", "",
                f"**Why it matters.** {r.why}", "", f"**How to fix it.** {r.fix}", "", f"**Standard.** {r.source}", ""]
        if not r.suppressible_inline:
            out += ["This rule cannot be switched off with an allow comment.", ""]
        for label, examples in (("Passes", r.good), ("Flagged", r.bad)):
            for ex in examples:
                out += [f"{label}:", "", "```markdown", _example_body(ex.text), "```", ""]
    return "\n".join(out).rstrip() + "\n"
