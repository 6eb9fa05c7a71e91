"""`boundary check`: the checklist outside Pelican, for pre-commit, editors and CI.

Exit status (PRODUCT.md §8): 0 nothing blocked, 1 something blocked, 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import engine, formats
from . import practice as practice_mod

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown"}


class UsageError(Exception):
    pass


def collect(paths: list[str]) -> list[str]:
    files: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files += sorted(str(f) for f in path.rglob("*") if f.suffix.lower() in MARKDOWN_SUFFIXES and f.is_file())
        elif path.is_file():
            files.append(str(path))
        else:
            raise UsageError(f"{p}: no such file or folder")
    return files


def load_practice(config: str | None) -> practice_mod.Practice:
    if config:
        return practice_mod.from_yaml_file(config)
    if Path("pelicanconf.py").is_file():
        return practice_mod.from_pelicanconf("pelicanconf.py")
    return practice_mod.from_mapping({})


def check_paths(paths: list[str], practice: practice_mod.Practice):
    return [engine.check_file(f, practice) for f in paths]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="boundary",
        description="Check posts against the professional boundary checklist before they are published.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check Markdown posts (files or folders)")
    check.add_argument("paths", nargs="+", metavar="PATH", help="a post, or a folder of posts")
    check.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    check.add_argument("--config", metavar="FILE", help="YAML file with a `practice:` section (default: pelicanconf.py here)")
    check.add_argument("--verbose", "-v", action="store_true", help="also show notes and files that pass")
    rules = sub.add_parser("rules", help="list every rule with its code, severity and source")
    rules.add_argument("--format", choices=("text", "markdown"), default="text")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    out = sys.stdout
    if args.command == "rules":
        if args.format == "markdown":
            out.write(formats.rules_markdown(engine.all_rules()))
            return 0
        for rule in engine.all_rules():
            out.write(f"{rule.code}  {rule.severity.label:<5}  {rule.category:<17} {rule.name}: {rule.message} ({rule.source})\n")
        return 0
    try:
        practice = load_practice(args.config)
        files = collect(args.paths)
    except (UsageError, practice_mod.ConfigError) as exc:
        sys.stderr.write(f"boundary: {exc}\n")
        return 2
    if not files:
        sys.stderr.write("boundary: no Markdown files found in " + ", ".join(args.paths) + "\n")
        return 2
    reports = check_paths(files, practice)
    base = os.getcwd()
    if args.format == "json":
        out.write(formats.as_json(reports, base))
    elif args.format == "sarif":
        out.write(formats.as_sarif(reports, engine.all_rules(), base))
    else:
        out.write(formats.text(reports, verbose=args.verbose, base=base))
    return 1 if any(r.blocked for r in reports) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
