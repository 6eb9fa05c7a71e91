"""Our checker's throughput next to alex's on the same corpus (a benchmark: prints, never asserts).

    .venv/bin/python bench/vs_alex.py [--posts 1000] [--words 900] [--seed 7] [--repeats 3]
                                      [--cli-repeats 1] [--workdir bench/.work]

alex (npm `alex`, the inclusive-language linter) lives in bench/alex/ with its own
package.json; install it once with `npm install` (or `npm ci`) in bench/alex/.

Both tools read every file from disk and lint it as Markdown. Measured in one run:

  ours, in-process   engine.check_file(path, practice) over every post, practice from
                     pelicanconf.py; warmed up once on 20 posts before the first rep
  alex, API          node bench/alex/run.mjs: imports alex once, lints 20 posts as a
                     JIT warm-up, then reads and lints every post with alex's
                     `markdown()`; the timed pass is measured inside Node, so Node
                     startup and module loading are excluded (the process's wall
                     time, which includes them, is shown as well)
  ours, CLI          `boundary check --format json --jobs 1 DIR` (fresh Python process:
                     startup, imports, all posts in that one process, JSON output), wall time
  ours, CLI, cores   the same with the default --jobs (one worker process per core; alex's
                     CLI has no such option), wall time: shown for what a user gets, and
                     not the like-for-like figure, which is the one-process one
  alex, CLI          `node bench/alex/node_modules/alex/cli.js --quiet DIR` (fresh Node
                     process: startup, all posts, report to a pipe), wall time

The in-process/API pair runs REPEATS times, interleaved (the order alternates each
rep); the CLI pair runs CLI_REPEATS times. Medians are reported. The ratio printed is
throughput ours / alex (posts per second; > 1 means ours is faster). Python uses
one core; Node may use a second one for garbage collection (the machine has two).
The tools look for different things (alex: inclusive language and profanity;
ours: the boundary checklist), so this compares cost per post, not quality.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALEX_DIR = ROOT / "bench" / "alex"
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "bench"))

from boundary import engine  # noqa: E402
from boundary import practice as practice_mod  # noqa: E402

import generate  # noqa: E402


def ours_inprocess(paths, practice) -> tuple[float, int]:
    findings = 0
    t0 = time.perf_counter()
    for p in paths:
        findings += len(engine.check_file(p, practice).findings)
    return time.perf_counter() - t0, findings


def alex_api(list_file: Path, node: str) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.run([node, str(ALEX_DIR / "run.mjs"), str(list_file), "--repeats", "1", "--warmup", "20"],
                          capture_output=True, text=True, cwd=str(ALEX_DIR), env=_env())
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"alex run.mjs failed:\n{proc.stderr}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["wall_s"] = wall
    return out


def alex_cli(corpus: Path, node: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    proc = subprocess.run([node, str(ALEX_DIR / "node_modules" / "alex" / "cli.js"), "--quiet", str(corpus)],
                          capture_output=True, text=True, cwd=str(ALEX_DIR), env=_env())
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise SystemExit(f"alex CLI failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return wall, (proc.stdout + proc.stderr).count(" warning ")


def ours_cli(corpus: Path, jobs: int = 1) -> tuple[float, int]:
    exe = Path(sys.executable).with_name("boundary")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "boundary.cli"]
    t0 = time.perf_counter()
    proc = subprocess.run([*cmd, "check", "--format", "json", "--jobs", str(jobs), str(corpus)], capture_output=True, text=True,
                          cwd=str(ROOT), env=_env())
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise SystemExit(f"boundary check failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return wall, sum(len(f["findings"]) for f in json.loads(proc.stdout)["files"])


def _env() -> dict:
    env = dict(os.environ)
    env["NO_UPDATE_NOTIFIER"] = "1"  # alex's CLI would otherwise try to reach the registry
    env["PYTHONPATH"] = str(ROOT / "plugins") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0], epilog=__doc__.split("\n\n", 2)[2],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--posts", type=int, default=1000, help="posts in the corpus (default 1000)")
    ap.add_argument("--words", type=int, default=900, help="words per post (default 900)")
    ap.add_argument("--seed", type=int, default=7, help="generator seed (default 7)")
    ap.add_argument("--violation-rate", type=float, default=0.05, help="fraction of posts with a planted violation (default 0.05)")
    ap.add_argument("--repeats", type=int, default=3, help="interleaved reps of ours in-process vs alex API (default 3)")
    ap.add_argument("--cli-repeats", type=int, default=1, help="reps of the two CLIs; 0 skips them (default 1)")
    ap.add_argument("--workdir", default=str(ROOT / "bench" / ".work"), help="where the generated corpus is kept (git-ignored)")
    ap.add_argument("--settings", default=str(ROOT / "pelicanconf.py"), help="settings file the practice is read from")
    args = ap.parse_args(argv)

    node = shutil.which("node")
    if not node:
        raise SystemExit("node is not on PATH")
    if not (ALEX_DIR / "node_modules" / "alex").is_dir():
        raise SystemExit(f"alex is not installed: run `npm install` in {ALEX_DIR}")

    # Its own folder holding exactly these posts: the CLIs are given the folder.
    corpus = Path(args.workdir) / f"corpus-n{args.posts}-w{args.words}-s{args.seed}-v{args.violation_rate}"
    paths = generate.ensure_corpus(corpus, args.posts, args.words, args.seed, args.violation_rate)
    mb = sum(p.stat().st_size for p in paths) / 1e6
    list_file = Path(args.workdir) / f"alex-list-n{args.posts}.txt"
    list_file.write_text("".join(f"{p.resolve()}\n" for p in paths), encoding="utf-8")
    practice = practice_mod.from_pelicanconf(args.settings)
    node_version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (other busy processes skew every number)")
    print(f"corpus: {corpus} ({len(paths)} posts, {mb:.2f} MB); python {sys.version.split()[0]}, node {node_version}")

    for p in paths:  # OS cache
        p.read_bytes()
    ours_inprocess(paths[:20], practice)  # warm-up, like run.mjs's

    ours_t, alex_t, alex_wall = [], [], []
    ours_found = alex_found = 0
    alex_info: dict = {}
    for rep in range(args.repeats):
        order = ("ours", "alex") if rep % 2 == 0 else ("alex", "ours")
        for who in order:
            if who == "ours":
                secs, ours_found = ours_inprocess(paths, practice)
                ours_t.append(secs)
                print(f"  rep {rep + 1}: ours in-process {secs:7.2f} s", flush=True)
            else:
                alex_info = alex_api(list_file, node)
                alex_t.append(alex_info["timedMs"][0] / 1000)
                alex_wall.append(alex_info["wall_s"])
                alex_found = alex_info["messages"]
                print(f"  rep {rep + 1}: alex API        {alex_t[-1]:7.2f} s  (process wall {alex_info['wall_s']:.2f} s)", flush=True)

    ours_cli_t, alex_cli_t, ours_par_t = [], [], []
    ours_cli_found = alex_cli_found = ours_par_found = 0
    for rep in range(args.cli_repeats):
        order = ("ours", "alex", "ours-cores") if rep % 2 == 0 else ("ours-cores", "alex", "ours")
        for who in order:
            if who == "ours-cores":
                secs, ours_par_found = ours_cli(corpus, jobs=0)
                ours_par_t.append(secs)
                print(f"  cli rep {rep + 1}: boundary check, one process per core {secs:7.2f} s", flush=True)
            elif who == "ours":
                secs, ours_cli_found = ours_cli(corpus)
                ours_cli_t.append(secs)
                print(f"  cli rep {rep + 1}: boundary check {secs:7.2f} s", flush=True)
            else:
                secs, alex_cli_found = alex_cli(corpus, node)
                alex_cli_t.append(secs)
                print(f"  cli rep {rep + 1}: alex CLI       {secs:7.2f} s", flush=True)

    n = len(paths)

    def row(name, times, found, note=""):
        med = statistics.median(times)
        return (f"{name:<38} {med:>9.2f} {min(times):>7.2f} {max(times):>7.2f} {n / med:>8.1f} {mb / med:>6.3f} "
                f"{1000 * med / n:>8.2f} {found:>9}  {note}")

    print()
    hdr = f"{'configuration':<38} {'median s':>9} {'min s':>7} {'max s':>7} {'posts/s':>8} {'MB/s':>6} {'ms/post':>8} {'findings':>9}"
    print(hdr)
    print("-" * len(hdr))
    print(row("ours, in-process (check_file)", ours_t, ours_found))
    print(row(f"alex {alex_info.get('alex', '?')}, API in one Node process", alex_t, alex_found,
              f"process wall incl. startup+import+warm-up: {statistics.median(alex_wall):.2f} s"))
    if ours_cli_t:
        print(row("ours, CLI (boundary check --jobs 1)", ours_cli_t, ours_cli_found, "fresh process, wall time"))
        print(row("alex, CLI (one run over the folder)", alex_cli_t, alex_cli_found, "fresh process, wall time"))
        print(row(f"ours, CLI, {os.cpu_count()} processes (default)", ours_par_t, ours_par_found, "fresh process + workers, wall time"))
    print()
    ratio = statistics.median(alex_t) / statistics.median(ours_t)
    print(f"throughput ratio ours / alex, in-process vs API: {ratio:.2f}x   (target >= 10x)")
    if ours_cli_t:
        print(f"throughput ratio ours / alex, CLI vs CLI, one process each: {statistics.median(alex_cli_t) / statistics.median(ours_cli_t):.2f}x")
        print(f"throughput ratio ours / alex, CLI with ours on every core (alex cannot): {statistics.median(alex_cli_t) / statistics.median(ours_par_t):.2f}x")
    print(f"summary (for the closing note): ours {1000 * statistics.median(ours_t) / n:.2f} ms/post, alex {1000 * statistics.median(alex_t) / n:.2f} ms/post; "
          f"ours/alex {ratio:.2f}x in-process" + (f", {statistics.median(alex_cli_t) / statistics.median(ours_cli_t):.2f}x CLI" if ours_cli_t else ""))
    print(f"alex import {alex_info.get('importMs', 0):.0f} ms, warm-up {alex_info.get('warmupFiles', 0)} posts "
          f"{alex_info.get('warmupMs', 0):.0f} ms (last API run)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
