"""Measure the checker on a labelled corpus (not a test: it prints, it does not assert).

    python bench/corpus.py ../shared/corpus/dev [--labels FILE] [--config practice.yaml | --settings pelicanconf.py] [--families B1,B9]

Labels follow ../shared/corpus/dev/labels.yaml: per file stem a verdict
(block|pass), the categories and codes expected at block severity, and warn codes.
Prints a verdict table per family, every miss, block recall and false-block rate.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from boundary import engine  # noqa: E402
from boundary import practice as practice_mod  # noqa: E402
from boundary.model import CATEGORIES, Severity  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", help="folder of posts")
    ap.add_argument("--labels", help="labels file (default: CORPUS/labels.yaml)")
    ap.add_argument("--config", help="practice settings YAML (default: CORPUS/practice.yaml if present)")
    ap.add_argument("--settings", help="take the practice from this Pelican settings file instead (e.g. pelicanconf.py)")
    ap.add_argument("--families", help="only score these families' categories, e.g. confidentiality,metadata")
    ap.add_argument("--show", action="store_true", help="print every finding of every file")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    labels = yaml.safe_load(Path(args.labels or corpus / "labels.yaml").read_text(encoding="utf-8"))
    config = args.config or (corpus / "practice.yaml" if (corpus / "practice.yaml").exists() else None)
    if args.settings:
        practice = practice_mod.from_pelicanconf(args.settings)
    else:
        practice = practice_mod.from_yaml_file(config) if config else practice_mod.from_mapping({})
    families = set(args.families.split(",")) if args.families else None

    rows = []
    for stem, label in sorted(labels.items()):
        path = corpus / f"{stem}.md"
        report = engine.check_file(path, practice)
        got_block_codes = {f.code for f in report.findings if f.severity is Severity.BLOCK}
        got_cats = {CATEGORIES[c[:2]] for c in got_block_codes}
        got_warn = {f.code for f in report.findings if f.severity is Severity.WARN}
        rows.append((stem, label, report, got_block_codes, got_cats, got_warn))

    # Per family: expected-block posts of the family caught (family blocked), and false blocks.
    table = defaultdict(lambda: {"expected": 0, "caught": 0, "codes_expected": 0, "codes_hit": 0, "false_block": 0})
    misses = []
    tp = fn = fp = tn = 0
    for stem, label, report, codes, cats, _warns in rows:
        expected_block = label["verdict"] == "block"
        got_block = report.blocked
        if expected_block and got_block:
            tp += 1
        elif expected_block:
            fn += 1
        elif got_block:
            fp += 1
        else:
            tn += 1
        for cat in label.get("categories") or []:
            table[cat]["expected"] += 1
            if cat in cats:
                table[cat]["caught"] += 1
        for code in label.get("codes") or []:
            cat = CATEGORIES[code[:2]]
            table[cat]["codes_expected"] += 1
            if code in codes:
                table[cat]["codes_hit"] += 1
        for cat in cats - set(label.get("categories") or []):
            table[cat]["false_block"] += 1
        ok_verdict = expected_block == got_block
        missing_codes = set(label.get("codes") or []) - codes
        wrong_cats = cats ^ set(label.get("categories") or [])
        if not ok_verdict or missing_codes or (expected_block and wrong_cats):
            blockers = [f"{f.code}@{f.line}: {f.message[:110]}" for f in report.findings if f.severity is Severity.BLOCK]
            misses.append((stem, label, sorted(codes), sorted(missing_codes), blockers))
        if args.show:
            print(f"--- {stem} [{label['verdict']}] -> {report.verdict}")
            for f in report.findings:
                print(f"    {f.severity.label:5} {f.code} {f.line}:{f.column} {f.message[:140]}")

    print(f"{'family':<18} {'posts':>5} {'caught':>6} {'codes':>9} {'extra-family blocks':>20}")
    for cat in CATEGORIES.values():
        if families and cat not in families:
            continue
        t = table[cat]
        print(f"{cat:<18} {t['expected']:>5} {t['caught']:>6} {t['codes_hit']:>4}/{t['codes_expected']:<4} {t['false_block']:>20}")
    print()
    total = tp + fn
    negatives = fp + tn
    print(f"verdicts: {tp + tn}/{len(rows)} right; block recall {tp}/{total} = {tp / total if total else 0:.2f}; "
          f"false-block rate {fp}/{negatives} = {fp / negatives if negatives else 0:.2f}")
    if misses:
        print("\nMisses (verdict, missing codes, or blocking in another family):")
        for stem, label, codes, missing, blockers in misses:
            print(f"  {stem}: expected {label['verdict']} {label.get('codes') or []}, got {codes or 'no block'}"
                  + (f"; missing {missing}" if missing else ""))
            for b in blockers:
                print(f"      {b}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
