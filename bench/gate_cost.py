"""What the boundary gate costs a Pelican build (a benchmark: prints, never asserts).

    .venv/bin/python bench/gate_cost.py [--posts 1000] [--words 900] [--seed 7] [--repeats 4]
                                        [--violation-rate 0.05] [--workdir bench/.work]

A site is laid out in WORKDIR: content/posts holds the generated posts (bench/generate.py),
content/pages and content/images are copies of the project's own. Both configurations
build it with the project's pelicanconf.py, its real theme (theme/) and its plugins
folder, into a fresh, empty output folder, with the reader cache off (as in
pelicanconf.py). Each build runs in a fresh Python subprocess (this script with
--mode), because Pelican's signals are process-global; the reps alternate which
configuration goes first (gate, plain, plain, gate, ...). The time is measured
inside the subprocess around the whole build (reading the settings, loading the
plugins, reading, checking, rendering and writing); the subprocess's wall time
(with interpreter start-up and imports) is shown as well.

  gate   the product's build: publish.site.build(pelicanconf.py, OUTPUT, overrides),
         PLUGINS = ["boundary", "feeds", "sitemap", "presence"]. The boundary plugin installs
         the FrontmatterReader (plugins/boundary/reader.py) for .md and connects the
         gate: initialized (practice, GateState, the report cache, and worker
         processes, one per core less one, that claim posts from the end of the
         list and check them while Pelican reads; plugins/boundary/precheck.py),
         article/page_generator_context (uses a worker's report if it is in,
         else puts the verdict off), article_generator_pretaxonomy and
         page_generator_finalized (guards: collect the verdicts put off,
         checking in this process whatever no worker has started),
         all_generators_finalized (unlinking withheld posts), content_written
         (record of written files); the wrapper also asserts that the gate ran.

  plain  the same settings with PLUGINS = ["feeds", "sitemap", "presence"], built with
         pelican.Pelican(settings).run() directly (publish.site.build refuses to build
         without the gate). The same FrontmatterReader is registered for the same
         extensions by a readers_init receiver connected in the subprocess (so both
         builds parse the same YAML with the same Python-Markdown; pelicanconf.py
         turns Pelican's own Markdown reader off). What the theme and the feeds and
         sitemap plugins need from the gate is provided without checking anything:
         the `boundary_gate` Jinja filter and CRISIS_LINES are set exactly as the
         gate's on_initialized sets them (copied here: on_initialized itself also
         starts the gate's checking machinery). While posts are read there is no
         GateState in the settings (the reader checks a post only when there is
         one); once reading is over (all_generators_finalized) a GateState whose
         passed() is always true is put in, so feeds and sitemap list every post.
         No initialized, context, guard, unlink or content_written hook of the
         gate is connected.

Columns: "checks here" counts engine.check_post calls in the build's own process
(plain shows only the few checks of PRACTICE's shown texts that reading the settings
makes, publish.site.read_settings; the gate may check some or all posts in worker processes,
which this count does not see). "cpu s" is the CPU time of the build process plus
its finished child processes (the gate may spread its work over both cores, so
wall time and CPU time tell different stories). After the last rep the two
outputs are compared file by file: files both builds wrote should be identical.

With the default corpus about 5% of the posts carry a planted violation: the gate
withholds them (writes fewer pages), the plain build publishes them. Use
--violation-rate 0 for a corpus where both builds write exactly the same files.
The printed ratio is median(gate) / median(plain); the target is <= 1.2. It is the
cold ratio: the gate builds with the project's settings, which keep no report cache
(pelicanconf.py: CACHE_CONTENT = False; plugins/boundary/cache.py), and the cache folder
is emptied before each one, so every post is checked. After the cold reps, one gate
build with BOUNDARY cache on fills an emptied cache ("gate-fill"), then --warm-repeats
pairs (gate with the cache on, then plain) measure the warm case: every report is found
(nothing was edited), as a preview rebuild after a save finds all but the saved post.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "pelicanconf.py"


# --------------------------------------------------------------------------
# Child: one build in this process
# --------------------------------------------------------------------------


def _overrides(site: Path, out: Path) -> dict:
    # As tests/conftest.py's Site.overrides: absolute paths into the temporary site.
    return {
        "PATH": str(site / "content"),
        "OUTPUT_PATH": str(out),
        "CACHE_PATH": str(site / "cache"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "THEME": str(ROOT / "theme"),
    }


def _written(out: Path) -> dict:
    files = [p for p in out.rglob("*") if p.is_file()]
    return {
        "files": len(files),
        "html": sum(1 for p in files if p.suffix == ".html"),
        "post_pages": sum(1 for p in files if p.parts[-3:-2] and p.relative_to(out).parts[0] == "posts" and p.name == "index.html"),
        "bytes": sum(p.stat().st_size for p in files),
    }


def _count_checks():
    """Count engine.check_post calls (every check goes through it), to show what each build checked."""
    from boundary import engine

    calls = {"n": 0}
    real = engine.check_post

    def counting(*a, **kw):
        calls["n"] += 1
        return real(*a, **kw)

    engine.check_post = counting
    return calls


def child(mode: str, site: Path, out: Path) -> int:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "plugins"))
    checks = _count_checks()
    from pelican import signals as _signals

    marks: dict = {}

    def reading_done(_generators) -> None:  # every file read and judged; writing starts next
        marks.setdefault("read", time.perf_counter())

    _signals.all_generators_finalized.connect(reading_done, weak=False)
    if mode in ("gate", "gate-cache"):
        from publish import site as site_mod
        from publish.site import read_settings

        over = _overrides(site, out)
        if mode == "gate-cache":  # the report cache on (boundary/cache.py), as a preview would run
            over["BOUNDARY"] = {**(read_settings(SETTINGS, {}).get("BOUNDARY") or {}), "cache": True}
        t0 = time.perf_counter()
        result = site_mod.build(SETTINGS, str(out), over)
        secs = time.perf_counter() - t0
        info = {"articles": len(result.articles), "pages": len(result.pages), "withheld": len(result.withheld)}
    else:
        from pelican import Pelican, signals

        from boundary import gate
        from boundary import practice as practice_mod
        from boundary.gate import STATE_KEY, GateState
        from boundary.reader import FrontmatterReader
        from publish.site import read_settings

        class PassEverything(GateState):
            """Satisfies feeds/sitemap's state_of() without any checking."""

            def passed(self, path: str) -> bool:  # noqa: ARG002
                return True

        def add_frontmatter_reader(readers) -> None:
            for ext in FrontmatterReader.file_extensions:
                readers.reader_classes[ext] = FrontmatterReader

        captured: dict = {}

        def before_output(generators) -> None:
            # Reading is over: only now give feeds/sitemap a state to ask. While
            # posts are read there is no GateState, so the reader checks nothing.
            captured["generators"] = generators
            settings[STATE_KEY] = PassEverything(practice=captured["practice"], content_path=settings["PATH"])

        t0 = time.perf_counter()
        over = _overrides(site, out)
        over["PLUGINS"] = ["feeds", "sitemap", "presence"]  # everything but the gate (the theme needs presence filters)
        settings = read_settings(SETTINGS, over)
        signals.readers_init.connect(add_frontmatter_reader, weak=False)
        signals.all_generators_finalized.connect(before_output, weak=False)
        # What the theme needs from the gate, as gate.on_initialized sets it, without
        # calling on_initialized (it also starts the gate's checking machinery).
        practice = practice_mod.from_mapping(settings.get("PRACTICE") or {})
        captured["practice"] = practice
        settings.setdefault("JINJA_FILTERS", {})["boundary_gate"] = gate._gate_seal
        settings["CRISIS_LINES"] = [
            {"name": c.name, "number": c.number, "how": c.how, "hours": c.hours, "local": c.local, "emergency": c.emergency}
            for c in practice.crisis_lines
            if c.crisis or c.emergency
        ]
        Pelican(settings).run()
        secs = time.perf_counter() - t0
        arts = pages = 0
        for g in captured.get("generators", []):
            arts += len(getattr(g, "articles", []) or []) if hasattr(g, "articles") else 0
            pages += len(getattr(g, "pages", []) or []) if hasattr(g, "pages") and not hasattr(g, "articles") else 0
        info = {"articles": arts, "pages": pages, "withheld": 0}
    import multiprocessing

    for proc in multiprocessing.active_children():  # after timing: reap workers so their CPU time is counted
        proc.join(timeout=30)
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    info["read_s"] = marks.get("read", t0) - t0
    info.update({"mode": mode, "seconds": secs, "checks": checks["n"],
                 "cpu": own.ru_utime + own.ru_stime, "cpu_children": kids.ru_utime + kids.ru_stime})
    info.update(_written(out))
    print("RESULT " + json.dumps(info))
    return 0


# --------------------------------------------------------------------------
# Parent: lay out the site, alternate fresh subprocesses, print the table
# --------------------------------------------------------------------------


def prepare_site(workdir: Path, posts: int, words: int, seed: int, rate: float) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    import generate

    corpus = workdir / f"corpus-n{posts}-w{words}-s{seed}-v{rate}"
    paths = generate.ensure_corpus(corpus, posts, words, seed, rate)
    site = workdir / f"gate-site-n{posts}-w{words}-s{seed}-v{rate}"
    if site.exists():
        shutil.rmtree(site)
    (site / "content" / "posts").mkdir(parents=True)
    for p in paths:
        shutil.copy2(p, site / "content" / "posts" / p.name)
    for sub in ("pages", "images"):
        src = ROOT / "content" / sub
        if src.is_dir():
            shutil.copytree(src, site / "content" / sub)
        else:
            (site / "content" / sub).mkdir()
    return site


def compare_outputs(a: Path, b: Path) -> tuple[list[str], list[str]]:
    rel_a = {str(p.relative_to(a)) for p in a.rglob("*") if p.is_file()}
    rel_b = {str(p.relative_to(b)) for p in b.rglob("*") if p.is_file()}
    same, differ = [], []
    for rel in sorted(rel_a & rel_b):
        (same if (a / rel).read_bytes() == (b / rel).read_bytes() else differ).append(rel)
    return same, differ


def clear_report_cache(site: Path) -> None:
    """Cold: no reports kept from an earlier build (boundary/cache.py)."""
    shutil.rmtree(site / "cache" / "boundary", ignore_errors=True)


def run_child(mode: str, site: Path) -> dict:
    """mode: plain, gate (the product's settings: no report cache), gate-fill (cache on,
    emptied first), gate-warm (cache on, as the previous build left it)."""
    if mode in ("gate", "gate-fill"):
        clear_report_cache(site)
    child_mode = {"gate-fill": "gate-cache", "gate-warm": "gate-cache"}.get(mode, mode)
    out = site / f"output-{'gate' if child_mode != 'plain' else 'plain'}"
    if out.exists():
        shutil.rmtree(out)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--mode", child_mode, "--site", str(site), "--out", str(out)],
                          capture_output=True, text=True, cwd=str(ROOT))
    wall = time.perf_counter() - t0
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if proc.returncode != 0 or line is None:
        raise SystemExit(f"{mode} build failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    info = json.loads(line[len("RESULT "):])
    info["wall"] = wall
    info["log_lines"] = len([ln for ln in proc.stderr.splitlines() if ln.strip()])
    info["log_head"] = proc.stderr.strip().splitlines()[:3]
    return info


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0], epilog=__doc__.split("\n\n", 2)[2],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--posts", type=int, default=1000, help="generated posts in content/posts (default 1000)")
    ap.add_argument("--words", type=int, default=900, help="words per post (default 900)")
    ap.add_argument("--seed", type=int, default=7, help="generator seed (default 7)")
    ap.add_argument("--violation-rate", type=float, default=0.05, help="fraction of posts with a planted violation (default 0.05)")
    ap.add_argument("--repeats", type=int, default=4, help="builds per configuration, alternating (default 4)")
    ap.add_argument("--warm-repeats", type=int, default=1, help="warm pairs after the cold reps: gate with the report cache the last gate build left, then plain (default 1; 0 skips)")
    ap.add_argument("--workdir", default=str(ROOT / "bench" / ".work"), help="where the site is laid out (git-ignored)")
    ap.add_argument("--keep", action="store_true", help="keep the site and both outputs afterwards")
    ap.add_argument("--mode", choices=("gate", "gate-cache", "plain"), help=argparse.SUPPRESS)
    ap.add_argument("--site", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.mode:
        return child(args.mode, Path(args.site), Path(args.out))

    workdir = Path(args.workdir)
    site = prepare_site(workdir, args.posts, args.words, args.seed, args.violation_rate)
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (other busy processes skew every number)")
    print(f"site: {site} ({args.posts} generated posts, {len(list((site / 'content' / 'pages').glob('*.md')))} pages); "
          f"python {sys.version.split()[0]}; repeats {args.repeats}, alternating")
    runs: dict[str, list[dict]] = {"gate": [], "plain": [], "gate-warm": []}
    for rep in range(args.repeats):
        order = ("gate", "plain") if rep % 2 == 0 else ("plain", "gate")
        for mode in order:
            info = run_child(mode, site)
            runs[mode].append(info)
            print(f"  rep {rep + 1}: {mode:<5} {info['seconds']:7.2f} s  (reading and judging {info['read_s']:.2f} s, "
                  f"writing {info['seconds'] - info['read_s']:.2f} s; process wall {info['wall']:.2f} s)", flush=True)
    # Warm: the report cache on; one build fills it, then gate builds find every report
    # there (nothing was edited), as a preview rebuild after a save does, give or take
    # the one saved post.
    if args.warm_repeats:
        info = run_child("gate-fill", site)
        runs["gate-fill"] = [info]
        print(f"  cache fill: gate, cache on, emptied first {info['seconds']:7.2f} s", flush=True)
    for rep in range(args.warm_repeats):
        for mode in ("gate-warm", "plain"):
            info = run_child(mode, site)
            runs.setdefault("gate-warm" if mode == "gate-warm" else "plain-warm", []).append(info)
            print(f"  warm rep {rep + 1}: {mode:<9} {info['seconds']:7.2f} s  (process wall {info['wall']:.2f} s)", flush=True)

    print()
    hdr = (f"{'configuration':<13} {'median s':>9} {'min s':>7} {'max s':>7} {'wall s':>7} {'posts/s':>8} "
           f"{'cpu s':>7} {'articles':>8} {'withheld':>8} {'checks here':>11} {'files':>6} {'MB out':>7} {'log lines':>9}")
    print(hdr)
    print("-" * len(hdr))
    med = {}
    for mode in ("plain", "gate", "gate-fill", "plain-warm", "gate-warm"):
        r = runs.get(mode)
        if not r:
            continue
        secs = [x["seconds"] for x in r]
        med[mode] = statistics.median(secs)
        last = r[-1]
        print(f"{mode:<13} {med[mode]:>9.2f} {min(secs):>7.2f} {max(secs):>7.2f} {statistics.median(x['wall'] for x in r):>7.2f} "
              f"{args.posts / med[mode]:>8.1f} {statistics.median(x['cpu'] + x['cpu_children'] for x in r):>7.2f} "
              f"{last['articles']:>8} {last['withheld']:>8} {last['checks']:>11} {last['files']:>6} "
              f"{last['bytes'] / 1e6:>7.2f} {last['log_lines']:>9}")
    print()
    print(f"gate / plain, cold (no report cache): {med['gate'] / med['plain']:.2f}x   (target <= 1.2x); "
          f"the gate adds {med['gate'] - med['plain']:.2f} s, {1000 * (med['gate'] - med['plain']) / args.posts:.1f} ms per post")
    if "gate-fill" in med:
        print(f"gate / plain, report cache on and empty (first build fills it): {med['gate-fill'] / med['plain']:.2f}x")
    if "gate-warm" in med:
        print(f"gate / plain, warm (report cache from the previous build, nothing edited): {med['gate-warm'] / med['plain-warm']:.2f}x; "
              f"the gate adds {med['gate-warm'] - med['plain-warm']:.2f} s")
    print(f"summary (for the closing note): {args.posts} posts, plain {med['plain']:.2f} s, gate {med['gate']:.2f} s, "
          f"cold ratio {med['gate'] / med['plain']:.2f}x" + (f", warm ratio {med['gate-warm'] / med['plain-warm']:.2f}x" if "gate-warm" in med else ""))
    for mode in ("plain", "gate"):
        if runs[mode][-1]["log_head"]:
            print(f"{mode} build log (first lines): " + " | ".join(runs[mode][-1]["log_head"]))
    same, differ = compare_outputs(site / "output-plain", site / "output-gate")
    print(f"outputs: {len(same) + len(differ)} files written by both builds, {len(differ)} differ"
          + (f" (e.g. {', '.join(differ[:3])}: lists, feeds and pages that mention withheld posts)" if differ else ""))
    if not args.keep:
        shutil.rmtree(site, ignore_errors=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
