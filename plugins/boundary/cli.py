"""`boundary check`: the checklist outside Pelican, for pre-commit, editors and CI.

Exit status (docs/product.md, Commands): 0 nothing blocked, 1 something blocked, 2 usage error.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from pathlib import Path

from . import engine, formats
from .pipes import tolerate_closed_pipes
from .source import LoadError
from . import practice as practice_mod

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown"}


class UsageError(Exception):
    pass


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 (one per core) or more")
    return n


def why_unreadable(path: Path) -> LoadError | None:
    """Why a path named like a post cannot be checked, in plain words and with the fix; None for a file."""
    if path.is_symlink():
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        try:
            os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return LoadError(
                    f"this is a link that leads back to itself (to {target})",
                    fix="Replace the link with the post itself.",
                )
            return LoadError(
                f"this is a link to {target}, which does not exist",
                fix="Point the link at the post, or remove the link.",
            )
    if path.is_dir():
        return LoadError(
            "this is a folder named like a post",
            fix="Posts are files: rename the folder, or move its posts out of it.",
        )
    if not path.is_file():
        return LoadError("this is not a regular file", fix="Save the post as an ordinary text file.")
    return None


def collect(paths: list[str]) -> tuple[list[str], list]:
    """The posts to check, and a report for each path named like a post that cannot be one (a dangling or
    looping link, a folder called "x.md"): never skipped in silence."""
    files: list[str] = []
    problems = []
    for p in paths:
        path = Path(p)
        if path.is_dir():  # a folder, or a link to one, named on the command line: check what is in it
            for f in sorted(path.rglob("*")):
                if f.suffix.lower() not in MARKDOWN_SUFFIXES:
                    continue
                why = why_unreadable(f)
                if why is None:
                    files.append(str(f))
                else:
                    problems.append(engine.load_error_report(str(f), why))
        elif path.is_file():
            files.append(str(path))
        elif path.is_symlink():
            why = why_unreadable(path) or LoadError("this link cannot be followed", fix="Point the link at the post, or remove it.")
            problems.append(engine.load_error_report(str(path), why))
        else:
            raise UsageError(f"{p}: no such file or folder")
    return files, problems


def load_practice(config: str | None) -> practice_mod.Practice:
    if config:
        return practice_mod.from_yaml_file(config)
    if Path("pelicanconf.py").is_file():
        return practice_mod.from_pelicanconf("pelicanconf.py")
    return practice_mod.from_mapping({})


#: Below this many files a second process costs more than it saves.
PARALLEL_MIN_FILES = 40

_WORKER_PRACTICE: practice_mod.Practice | None = None


def _init_worker(practice) -> None:
    global _WORKER_PRACTICE
    _WORKER_PRACTICE = practice


def _check_in_worker(path: str):
    return engine.check_file(path, _WORKER_PRACTICE)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def check_paths(paths: list[str], practice: practice_mod.Practice, jobs: int = 1):
    """A report for every path, in order. With jobs > 1 and enough files, worker processes
    share the files; if they cannot start or one fails, every file is checked here instead
    (check_file never raises, so nothing is ever left unchecked)."""
    if jobs > 1 and len(paths) >= PARALLEL_MIN_FILES:
        import concurrent.futures
        import multiprocessing

        if "fork" in multiprocessing.get_all_start_methods():
            # An executor, not a Pool: a worker that dies (killed, out of memory) makes
            # it raise BrokenProcessPool, where a Pool would wait for ever.
            try:
                with concurrent.futures.ProcessPoolExecutor(
                    min(jobs, len(paths)), mp_context=multiprocessing.get_context("fork"), initializer=_init_worker, initargs=(practice,)
                ) as pool:
                    return list(pool.map(_check_in_worker, paths, chunksize=max(1, min(16, len(paths) // (4 * jobs)))))
            except Exception:  # noqa: BLE001 - fall back to checking in this process
                pass
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
    check.add_argument("--jobs", "-j", type=_jobs, default=0, metavar="N",
                       help="processes to check with (default: one per core; 1 checks in this process)")
    rules = sub.add_parser("rules", help="list every rule with its code, severity and source")
    rules.add_argument("--format", choices=("text", "markdown"), default="text")
    return parser


def main(argv: list[str] | None = None) -> int:
    tolerate_closed_pipes()
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
        files, problems = collect(args.paths)
    except (UsageError, practice_mod.ConfigError) as exc:
        sys.stderr.write(f"boundary: {exc}\n")
        return 2
    if not files and not problems:
        sys.stderr.write("boundary: no Markdown files found in " + ", ".join(args.paths) + "\n")
        return 2
    reports = check_paths(files, practice, jobs=args.jobs or default_jobs()) if files else []
    reports = sorted([*reports, *problems], key=lambda r: r.path)
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
