"""Where the checker's time goes: loading, shared analyses and each rule (a benchmark: prints, never asserts).

    .venv/bin/python bench/rule_cost.py [--posts 300] [--words 900] [--seed 7] [--top 30]
                                        [--workdir bench/.work] [--corpus DIR]

Loads each post of the generated corpus (bench/generate.py; or every .md file
under --corpus), then times, per post and in this order: loading
(source.load_path), the client-context analysis (clientctx.context), sentence
splitting and each rule's matcher, the shared analyses first so that a rule's
figure is its own work. Lazily built helpers a rule is the first to ask for
(e.g. the shared word index) are charged to that rule.

Times are CPU time of this process (time.process_time), in ms per post, so a
second busy process on the machine inflates them less than wall time would;
they still vary by 10-20% between runs. Compare two versions by running both,
one after the other, more than once. The last line is the whole check
(engine.check_file) over the same posts, for comparison with the sum.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "bench"))

from boundary import clientctx, engine, source  # noqa: E402
from boundary import practice as practice_mod  # noqa: E402
from boundary.engine import CheckContext  # noqa: E402
from boundary.rules import common  # noqa: E402

import generate  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--posts", type=int, default=300)
    ap.add_argument("--words", type=int, default=900)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--violation-rate", type=float, default=0.05)
    ap.add_argument("--top", type=int, default=30, help="rows to print (default 30)")
    ap.add_argument("--workdir", default=str(ROOT / "bench" / ".work"))
    ap.add_argument("--corpus", help="a folder of .md posts to use instead of the generated corpus")
    ap.add_argument("--settings", default=str(ROOT / "pelicanconf.py"))
    args = ap.parse_args(argv)

    if args.corpus:
        paths = sorted(Path(args.corpus).rglob("*.md"))
    else:
        corpus = Path(args.workdir) / f"corpus-n{args.posts}-w{args.words}-s{args.seed}-v{args.violation_rate}"
        paths = generate.ensure_corpus(corpus, args.posts, args.words, args.seed, args.violation_rate)
    practice = practice_mod.from_pelicanconf(args.settings)
    rules = engine.all_rules()
    for p in paths[:20]:  # warm-up: compiled patterns, automata
        engine.check_file(p, practice)

    cost: collections.Counter = collections.Counter()
    clock = time.process_time
    for p in paths:
        t = clock()
        post = source.load_path(p)
        cost["(load)"] += clock() - t
        ctx = CheckContext(post=post, practice=practice)
        t = clock()
        clientctx.context(ctx)
        cost["(client context)"] += clock() - t
        t = clock()
        common.sentences(ctx)
        cost["(sentences)"] += clock() - t
        for rule in rules:
            t = clock()
            for _ in rule.matcher(post, ctx):
                pass
            cost[rule.code] += clock() - t
    t = clock()
    for p in paths:
        engine.check_file(p, practice)
    whole = clock() - t

    n = len(paths)
    total = sum(cost.values())
    print(f"{n} posts; CPU ms per post (process time)")
    print(f"{'part':<18} {'ms/post':>8} {'share':>6}")
    for name, secs in cost.most_common(args.top):
        print(f"{name:<18} {1000 * secs / n:>8.3f} {100 * secs / total:>5.1f}%")
    rules_total = sum(v for k, v in cost.items() if not k.startswith("("))
    print(f"{'all rules':<18} {1000 * rules_total / n:>8.3f}")
    print(f"{'sum of parts':<18} {1000 * total / n:>8.3f}")
    print(f"{'check_file':<18} {1000 * whole / n:>8.3f}  (the whole check, run again over the same posts)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
