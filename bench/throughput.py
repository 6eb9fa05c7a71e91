"""Checker throughput on generated corpora of growing size (a benchmark: it prints, never asserts).

    .venv/bin/python bench/throughput.py [--sizes 100,500,1000,5000] [--repeats 3] [--words 900]
                                         [--seed 7] [--workdir bench/.work] [--profile N]

Generates (or reuses) one corpus of max(SIZES) posts with bench/generate.py; the
corpus of size N is its first N posts (generate.py makes post i independently of
the corpus size, so this is the same as generating N posts). Each post is checked
the way the Pelican gate checks it: `engine.check_file(path, practice)` with all
rules and the practice read from pelicanconf.py by
`boundary.practice.from_pelicanconf`. Reading the file is part of the time.

One warm-up pass (over the smallest size, and a read of every file so the OS
cache is warm) comes first. Then the sizes are measured round-robin
(rep 1: 100, 500, 1000, 5000; rep 2: ...) with time.perf_counter, and the median
of the repeats is reported, with min and max (sizes of --large posts or more
run --large-repeats times, default once). "x per post vs first" is the time
per post at that size divided by the time per post at the smallest size: 1.00
means the cost grows linearly with the number of posts.

Where the time goes, rule by rule: bench/rule_cost.py.
--profile N runs
cProfile over the first N posts and prints the top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "bench"))

from boundary import engine  # noqa: E402
from boundary import practice as practice_mod  # noqa: E402

import generate  # noqa: E402


def check_all(paths, practice) -> Counter:
    verdicts: Counter = Counter()
    for p in paths:
        verdicts[engine.check_file(p, practice).verdict] += 1
    return verdicts


def timed(paths, practice) -> tuple[float, Counter]:
    t0 = time.perf_counter()
    verdicts = check_all(paths, practice)
    return time.perf_counter() - t0, verdicts


def profile(paths, practice, top: int = 25) -> None:
    pr = cProfile.Profile()
    pr.enable()
    check_all(paths, practice)
    pr.disable()
    buf = io.StringIO()
    st = pstats.Stats(pr, stream=buf)
    st.strip_dirs().sort_stats("tottime").print_stats(top)
    st.sort_stats("cumulative").print_stats(top)
    print(f"\ncProfile over {len(paths)} posts (profiling slows everything down; read the shares, not the times)")
    print(buf.getvalue())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0], epilog=__doc__.split("\n\n", 2)[2],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,500,1000,5000", help="comma-separated corpus sizes (default 100,500,1000,5000)")
    ap.add_argument("--repeats", type=int, default=3, help="timed runs per size; the median is reported (default 3)")
    ap.add_argument("--large", type=int, default=2000, metavar="N", help="sizes of at least N posts are 'large' (default 2000)")
    ap.add_argument("--large-repeats", type=int, default=1, help="timed runs for large sizes (default 1: a 5,000-post pass takes minutes)")
    ap.add_argument("--words", type=int, default=900, help="words per post (default 900)")
    ap.add_argument("--seed", type=int, default=7, help="generator seed (default 7)")
    ap.add_argument("--violation-rate", type=float, default=0.05, help="fraction of posts with a planted violation (default 0.05)")
    ap.add_argument("--workdir", default=str(ROOT / "bench" / ".work"), help="where generated corpora are kept (git-ignored)")
    ap.add_argument("--settings", default=str(ROOT / "pelicanconf.py"), help="settings file the practice is read from")
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="also cProfile a pass over the first N posts")
    args = ap.parse_args(argv)

    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    biggest = sizes[-1]
    corpus = Path(args.workdir) / f"corpus-n{biggest}-w{args.words}-s{args.seed}-v{args.violation_rate}"
    t0 = time.perf_counter()
    all_paths = generate.ensure_corpus(corpus, biggest, args.words, args.seed, args.violation_rate)
    gen_s = time.perf_counter() - t0
    practice = practice_mod.from_pelicanconf(args.settings)
    sizes_bytes = {p: p.stat().st_size for p in all_paths}
    print(f"corpus: {corpus} ({biggest} posts, {sum(sizes_bytes.values()) / 1e6:.2f} MB; ready in {gen_s:.1f} s)")
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (other busy processes skew every number)")
    print(f"python {sys.version.split()[0]}; rules: {len(engine.all_rules())} "
          f"({', '.join(sorted({r.code[:2] for r in engine.all_rules()}))} families); repeats: {args.repeats} "
          f"({args.large_repeats} for sizes >= {args.large})")

    # Warm-up: OS cache for every file, regex compilation and lexicon loading in the checker.
    for p in all_paths:
        p.read_bytes()
    t0 = time.perf_counter()
    check_all(all_paths[: sizes[0]], practice)
    print(f"warm-up: {sizes[0]} posts in {time.perf_counter() - t0:.2f} s")

    runs: dict[int, list[float]] = {n: [] for n in sizes}
    verdicts: dict[int, Counter] = {}
    for rep in range(max(args.repeats, args.large_repeats)):
        for n in sizes:
            if rep >= (args.large_repeats if n >= args.large else args.repeats):
                continue
            gc.collect()
            secs, v = timed(all_paths[:n], practice)
            runs[n].append(secs)
            verdicts[n] = v
            print(f"  rep {rep + 1}: {n:>6} posts {secs:8.2f} s", flush=True)

    print()
    hdr = (f"{'posts':>6} {'MB':>6} {'median s':>9} {'min s':>7} {'max s':>7} {'posts/s':>8} {'MB/s':>6} "
           f"{'ms/post':>8} {'x per post vs first':>19} {'x total vs first':>16}  verdicts")
    print(hdr)
    print("-" * len(hdr))
    base_per_post = base_total = None
    for n in sizes:
        med = statistics.median(runs[n])
        mb = sum(sizes_bytes[p] for p in all_paths[:n]) / 1e6
        per_post = med / n
        if base_per_post is None:
            base_per_post, base_total = per_post, med
        v = verdicts[n]
        vtxt = ", ".join(f"{k} {v[k]}" for k in ("pass", "warn", "block") if v[k])
        print(f"{n:>6} {mb:>6.2f} {med:>9.2f} {min(runs[n]):>7.2f} {max(runs[n]):>7.2f} {n / med:>8.1f} {mb / med:>6.3f} "
              f"{1000 * per_post:>8.2f} {per_post / base_per_post:>19.2f} {med / base_total:>8.2f} (N x{n / sizes[0]:<5g})  {vtxt}")

    per_post = {n: 1000 * statistics.median(runs[n]) / n for n in sizes}
    print("\nsummary (for the closing note): ms per post at " + " / ".join(f"{n}" for n in sizes) + " posts = "
          + " / ".join(f"{per_post[n]:.2f}" for n in sizes)
          + f"; per-post cost at {sizes[-1]} vs {sizes[0]}: {per_post[sizes[-1]] / per_post[sizes[0]]:.2f}x (1.00 = linear growth)")
    if args.profile:
        profile(all_paths[: min(args.profile, biggest)], practice)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
