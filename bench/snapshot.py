"""Every finding of the checker on every labelled corpus and sample, as one JSON file.

    .venv/bin/python bench/snapshot.py OUT.json [--posts 1000] [--no-generated]
    diff <(python bench/snapshot.py - ) before.json      # or: cmp before.json after.json

A guard for optimisations: the checker must report exactly the same findings
before and after, so write a snapshot before a change, another after it, and
compare the two files byte for byte. Not a test and not an evaluation: it
records, it does not judge.

What it checks (each file with `engine.check_file`, all rules):

  shared/corpus/dev         with its practice.yaml
  tests/corpus              with tests/corpus/practice.yaml
  bench/holdout, holdout2, holdout3 (and any other bench/holdout*)
                            with tests/corpus/practice.yaml
  content/posts, content/pages
                            with the practice from pelicanconf.py (pages as pages)
  the generated corpus      bench/generate.py, 1,000 posts of 900 words, seed 7,
                            5% planted violations (made in bench/.work if missing),
                            practice from pelicanconf.py

Each finding is written as path (relative to its set), code, severity, line,
column, message and excerpt; files are sorted by path, findings in report order.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "bench"))

from boundary import engine  # noqa: E402
from boundary import practice as practice_mod  # noqa: E402

SUFFIXES = {".md", ".markdown", ".mkd", ".mdown"}
SHARED_DEV = ROOT.parent.parent / "shared" / "corpus" / "dev"  # /work/shared/corpus/dev from a worktree


def _shared_dev() -> Path | None:
    for cand in (SHARED_DEV, Path("/work/shared/corpus/dev"), ROOT.parent / "shared" / "corpus" / "dev"):
        if cand.is_dir():
            return cand
    return None


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)


def sets(posts: int, generated: bool) -> list[tuple[str, Path, list[Path], object]]:
    tests_practice = practice_mod.from_yaml_file(ROOT / "tests" / "corpus" / "practice.yaml")
    site_practice = practice_mod.from_pelicanconf(ROOT / "pelicanconf.py")
    out = []
    dev = _shared_dev()
    if dev is not None:
        cfg = dev / "practice.yaml"
        out.append(("shared-dev", dev, _files(dev), practice_mod.from_yaml_file(cfg) if cfg.exists() else practice_mod.from_mapping({})))
    else:
        print("warning: shared/corpus/dev not found; left out", file=sys.stderr)
    out.append(("tests-corpus", ROOT / "tests" / "corpus", _files(ROOT / "tests" / "corpus"), tests_practice))
    for hold in sorted(p for p in (ROOT / "bench").glob("holdout*") if p.is_dir()):
        out.append((f"bench-{hold.name}", hold, _files(hold), tests_practice))
    for sub in ("posts", "pages"):
        folder = ROOT / "content" / sub
        if folder.is_dir():
            out.append((f"content-{sub}", ROOT / "content", _files(folder), site_practice))
    if generated:
        import generate

        corpus = ROOT / "bench" / ".work" / f"corpus-n{posts}-w900-s7-v0.05"
        paths = generate.ensure_corpus(corpus, posts, 900, 7, 0.05)
        out.append((f"generated-{posts}", corpus, sorted(paths), site_practice))
    return out


def snapshot(posts: int = 1000, generated: bool = True) -> tuple[dict, dict]:
    result: dict = {}
    stats: dict = {}
    for name, base, files, practice in sets(posts, generated):
        t0 = time.perf_counter()
        entries = []
        for path in files:
            report = engine.check_file(path, practice)
            rel = path.relative_to(base).as_posix()
            for f in report.findings:
                entries.append([rel, f.code, f.severity.label, f.line, f.column, f.message, f.excerpt])
            if not report.findings:
                entries.append([rel, None, None, None, None, None, None])
        result[name] = entries
        stats[name] = (len(files), sum(1 for e in entries if e[1]), time.perf_counter() - t0)
    return result, stats


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", help="JSON file to write ('-' for standard output)")
    ap.add_argument("--posts", type=int, default=1000, help="generated posts (default 1000)")
    ap.add_argument("--no-generated", action="store_true", help="leave the generated corpus out (quicker)")
    args = ap.parse_args(argv)
    data, stats = snapshot(args.posts, not args.no_generated)
    text = json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n"
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
    for name, (n, found, secs) in stats.items():
        print(f"{name:<22} {n:>5} files {found:>6} findings {secs:7.2f} s", file=sys.stderr)
    print(f"sha256 {hashlib.sha256(text.encode()).hexdigest()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
