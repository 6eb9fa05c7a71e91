"""The prefilter only ever skips text a pattern cannot match: the speed work must not change
a single finding. Checked against brute force on every pattern the rules use."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from boundary import clientctx, engine, prefilter, topics
from boundary.prefilter import LiteralIndex, can_match, case_safe, holds, requirement_for, words_of
from boundary.rules import advertising, boundaries, confidentiality, language, privacy, public_statements, safe_messaging

ROOT = Path(__file__).resolve().parent.parent
MODULES = (advertising, boundaries, confidentiality, language, privacy, public_statements, safe_messaging, clientctx)


def rule_patterns() -> list[re.Pattern]:
    found = []
    for mod in MODULES:
        for value in vars(mod).values():
            if isinstance(value, re.Pattern):
                found.append(value)
            elif isinstance(value, list):
                found += [v for v in value if isinstance(v, re.Pattern)]
    found += [clientctx.specific_rx(), clientctx.generic_rx()] + [topics.pattern(t) for t in topics.TOPICS]
    for key in ("method_act", "method_drug", "drugs", "victim_blaming"):
        try:
            found.append(safe_messaging.rx(key))
        except KeyError:  # a list that moved: not this test's business
            pass
    return found


def sample_texts() -> list[str]:
    texts = []
    for folder in ("tests/corpus", "bench/holdout", "bench/holdout2", "bench/holdout3", "content"):
        for path in sorted((ROOT / folder).rglob("*.md")):
            text = path.read_text(encoding="utf-8", errors="replace")
            texts += [p for p in text.split("\n\n") if p.strip()]
    for ex_rule in engine.all_rules():
        texts += [ex.text for ex in ex_rule.bad + ex_rule.good]
    return texts


def test_literal_index_finds_every_occurrence_like_repeated_find():
    words = ["me", "men", "mental", "at", "ate", "kill", "skill", "ill", "ab", "abc", "x.y", "do not", " on ", "on"]
    rng = random.Random(4)
    for _ in range(500):
        text = "".join(rng.choice("meantkilsbcx.y do") for _ in range(rng.randint(0, 80)))
        LiteralIndex.learn(words[: rng.randint(1, len(words))])
        index = LiteralIndex(text)
        for w in words:
            expected = [i for i in range(len(text)) if text.startswith(w, i)]
            assert index.positions(w) == expected
            if w in index.words:
                assert (w in index.present) == bool(expected)


def test_the_requirement_of_every_rule_pattern_holds_wherever_it_matches():
    """Brute force: on thousands of real paragraphs and the rules' own examples, a pattern
    that matches always has the words its requirement tree names."""
    patterns = rule_patterns()
    assert len(patterns) > 100
    texts = sample_texts()
    checked = 0
    for rx in patterns:
        expr = requirement_for(rx)
        if expr is None:
            continue
        for text in texts:
            if rx.search(text):
                low = text.lower()
                present = {w for w in words_of(expr) if w in low}
                assert holds(expr, present), (rx.pattern[:80], text[:120])
                assert can_match(rx, text)
                checked += 1
    assert checked > 200


@pytest.mark.parametrize("odd", ["ſ", "ı", "İ"])
def test_letters_that_lowercase_oddly_turn_the_prefilter_off(odd):
    """'ſuicide' matches a case-insensitive 'suicide' in the regex engine, but 'ſ'.lower() is
    not 's': such texts are never skipped."""
    rx = re.compile(r"\bsui(?:cide)\b|\bkill\b", re.I)
    text = "A post about ſuicide".replace("ſ", odd) if odd == "ſ" else f"A post about {odd}t"
    assert not case_safe(text)
    assert can_match(rx, text)
    assert case_safe("Plain text with ’curly’ quotes — and dashes, é and ß")


def test_scan_uses_the_same_sentences_with_and_without_the_tree():
    """The requirement tree only narrows which sentences are searched; it finds the same matches."""
    from boundary.rules import common
    from boundary.source import load_text

    body = "\n\n".join(sample_texts()[:400])
    post = load_text("---\ntitle: \"T\"\ndate: 2025-01-01\nsummary: \"S\"\naudience: public\nrisk: low\n---\n\n" + body, "t.md")
    from boundary import practice

    for rx in rule_patterns():
        ctx = engine.CheckContext(post=post, practice=practice.from_mapping({}))
        fast = [(id(s.seg), s.start + m.start(), s.start + m.end()) for s, m in common.scan(rx, ctx)]
        slow = [(id(s.seg), m.start(), m.end()) for s in common.sentences(ctx) for m in rx.finditer(s.seg.prose, s.start, s.end)]
        assert fast == slow, rx.pattern[:80]


def test_prefilter_module_has_no_state_that_changes_results():
    """Learning words only changes how fast the index is built, never what it finds."""
    text = "we follow us on instagram, and so on"
    before = LiteralIndex(text)
    LiteralIndex.learn(["instagram", "follow us"])
    after = LiteralIndex(text)
    for w in ("instagram", "follow us", "on"):
        assert before.positions(w) == after.positions(w) == [i for i in range(len(text)) if text.startswith(w, i)]
    assert prefilter.may_match(re.compile("follow us", re.I), text)


def test_region_search_finds_what_a_whole_text_search_finds():
    """Numbers are searched only in paragraphs with two digits in a row, cited names only in lines
    with a year or a title: brute force against a plain finditer, on real and random text."""
    from boundary.rules import safe_messaging

    cases = [
        (safe_messaging._NUMBER, safe_messaging._TWO_DIGITS, "\n\n"),
        (clientctx._CITED, clientctx._CITED_ANCHOR, "\n"),
    ]
    texts = ["\n\n".join(sample_texts()[:600])]
    rng = random.Random(11)
    pieces = ["555", "-", " ", ".", "(555)", "\n", "\n\n", "1", "12", "2014", "Dr. ", "Smith ", "Prof. Lee", "a", "$", "/", "988", "+1 "]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    for rx, anchor, sep in cases:
        for text in texts:
            fast = [m.span() for m in prefilter.finditer_in_regions(rx, text, anchor, sep)]
            assert fast == [m.span() for m in rx.finditer(text)], (rx.pattern[:40], text[:80])


def test_search_from_agrees_with_search():
    from boundary.rules import language

    rng = random.Random(12)
    pieces = ["therapy", " ", "rape", "Assault", "consented", "date rape", "ABUSE", "ſexual", "İ", "x", "\n", "survivors", "molested", "attacked"]
    texts = sample_texts() + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    for text in texts:
        assert prefilter.search_from(language._SV_CONTEXT, text, language._SV_STARTS) == bool(language._SV_CONTEXT.search(text)), text[:80]


def test_finditer_starts_finds_what_finditer_finds_for_every_rule_pattern():
    """Trying a pattern only where its start strings begin gives exactly the plain finditer's
    matches: brute force over every rule pattern and real paragraphs, odd letters included."""
    texts = sample_texts()
    texts += [t.replace("s", "ſ", 1) for t in texts[:50]] + [t.upper() for t in texts[:200]]
    useful = 0
    for rx in rule_patterns():
        if prefilter.starts_for(rx) is None:
            continue
        useful += 1
        for text in texts:
            fast = [m.span() for m in prefilter.finditer_starts(rx, text)]
            assert fast == [m.span() for m in rx.finditer(text)], (rx.pattern[:80], text[:120])
    assert useful > 20


def test_start_strings_of_small_patterns():
    assert prefilter.starts_for(re.compile(r"\b(?:kill|end) (?:it|him)", re.I)) == ("end him", "end it", "kill him", "kill it")
    # an optional part: a match begins with it or with what follows it
    assert prefilter.starts_for(re.compile(r"(?:a |the )?client")) == ("a ", "client", "the ")
    assert prefilter.starts_for(re.compile(r"(?<!x)ab(?:c|d)?e")) == ("ab",)
    assert prefilter.starts_for(re.compile(r"\w+ing")) is None


def test_a_compiled_requirement_answers_exactly_as_the_tree():
    """compile_holds writes a tree out as one expression; for every rule pattern's tree
    and many word sets (none, all, each word alone, random halves) it agrees with holds."""
    import random

    from boundary.prefilter import compile_holds

    rng = random.Random(5)
    trees = [e for e in (requirement_for(rx) for rx in rule_patterns()) if e is not None]
    assert len(trees) > 100
    deep = ("and", tuple(("or", (("any", frozenset({f"w{i}"})), ("any", frozenset({f"v{i}"})))) for i in range(400)))
    compared = 0
    for expr in trees + [deep]:
        test = compile_holds(expr)
        words = sorted(words_of(expr))
        sets = [frozenset(), frozenset(words)] + [frozenset({w}) for w in words[:30]]
        sets += [frozenset(w for w in words if rng.random() < 0.5) for _ in range(20)]
        for present in sets:
            assert test(present) == holds(expr, present), (expr, present)
            compared += 1
    assert compared > 3000
