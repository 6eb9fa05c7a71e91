"""The anchored searches of the B2, B4 and B6 rules find exactly what a search of every sentence finds.

language.anchored(rx, ctx, words) searches only the sentences holding one of
`words`; that is exact only if every match of rx contains one of them. These
tests check that claim three ways: on strings sampled from each pattern itself
(every alternative, optional part and repeat, letters in random case), on the
real corpora, and end to end (each rule's hits with and without the anchors).
"""

from __future__ import annotations

import random
import re
import zlib
from pathlib import Path

import pytest

from boundary import engine, practice
from boundary.engine import CheckContext
from boundary.prefilter import case_safe
from boundary.rules import boundaries as b
from boundary.rules import common, language
from boundary.rules import public_statements as ps
from boundary.source import load_text

try:  # Python 3.11+
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
HEAD = "---\ntitle: \"A post\"\ndate: 2025-03-04\nsummary: \"A summary.\"\naudience: public\nrisk: low\n---\n\n"
PRACTICE = practice.from_mapping({"name": "Cedar Hollow Counseling", "clinicians": [{"name": "Nora Lindqvist"}]})
LIST_KEYS = (("aimed", 0), ("pejoratives", re.I), ("metaphors", re.I), ("identity", re.I), ("pity", re.I), ("violence", re.I),
             ("gender", re.I), ("victim_blaming", re.I), ("profanity_strong", re.I), ("profanity_mild", re.I), ("slurs", re.I))


def anchored_patterns() -> list[tuple[str, re.Pattern, frozenset]]:
    """Every (pattern, anchor words) pair the rules rely on: each match must hold one of the words."""
    pairs = [
        ("_LATE_LABEL", ps._LATE_LABEL, ps._LABEL_WORDS),
        ("_LABEL_RX", ps._LABEL_RX, ps._LABEL_WORDS | language.anchor_words(("episode",))),
        ("_DIAGNOSE", ps._DIAGNOSE, ps._DIAGNOSE_WORDS),
        ("_CASE_OF", ps._CASE_OF, ps._CASE_OF_WORDS),
        ("_AT_A_DISTANCE", ps._AT_A_DISTANCE, ps._DISTANCE_WORDS),
        ("_PARTISAN", ps._PARTISAN, ps._PARTISAN_WORDS),
        ("_BETTER_OFF", ps._BETTER_OFF, ps._BETTER_OFF_VERBS),
        ("_STOP_IT", ps._STOP_IT, ps._STOP_IT_VERBS),
        ("_MEDS_RX", ps._MEDS_RX, ps._MEDS_RX_WORDS),
        ("_MED_CHANGE", ps._MED_CHANGE, ps._MED_CHANGE_WORDS),
        ("_RELATIONSHIP_ADVICE", ps._RELATIONSHIP_ADVICE, ps._RELATIONSHIP_WORDS),
        ("_MYTHS", ps._MYTHS, ps._MYTH_WORDS),
        ("_INVITE", b._INVITE, b._INVITE_WORDS),
        ("_OWN_FAMILY_NAMED", b._OWN_FAMILY_NAMED, b._KIN_WORDS),
        ("_OWN_FAMILY_PLACE", b._OWN_FAMILY_PLACE, b._KIN_WORDS),
        ("_HOME", b._HOME, b._HOME_WORDS),
        ("_ACUTE", b._ACUTE, b._ACUTE_WORDS),
        ("_PUBLIC_SHARE", b._PUBLIC_SHARE, b._PUBLIC_SHARE_WORDS),
        ("_INVITE_MESSAGE", b._INVITE_MESSAGE, b._INVITE_MESSAGE_WORDS),
        ("_CLINICAL_WORDS", b._CLINICAL_WORDS, b._CLINICAL_ANCHORS),
        ("_INVITE_MESSAGE/me-us", b._INVITE_MESSAGE, b._ME_US),
        ("comment", re.compile("comment"), b._COMMENT),
    ]
    for key, flags in LIST_KEYS:
        rx = language.rx(key, flags)
        words = language._list_anchors(key, rx)
        assert words is not None, key
        pairs.append((key, rx, words))
    return pairs


# --------------------------------------------------------------------------
# Strings sampled from a pattern
# --------------------------------------------------------------------------

_POOL = [chr(c) for c in range(32, 127)] + list("\t\néüñ’“”—…\u00a0٣")
_WORD = [c for c in _POOL if re.match(r"\w", c)]


def _category(cat, ch: str) -> bool:
    name = str(cat).rsplit(".", 1)[-1].upper()
    test = {
        "CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s", "CATEGORY_NOT_SPACE": r"\S",
        "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W",
    }[name]
    return re.fullmatch(test, ch) is not None


def _in_set(items, ch: str, icase: bool) -> bool:
    negate = False
    hit = False
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            hit = hit or ch == chr(av) or (icase and ch.lower() == chr(av).lower())
        elif op is C.RANGE:
            lo, hi = av
            hit = hit or lo <= ord(ch) <= hi or (icase and (lo <= ord(ch.lower()) <= hi or lo <= ord(ch.upper()) <= hi))
        elif op is C.CATEGORY:
            hit = hit or _category(av, ch)
        elif op is C.RANGE_UNI_IGNORE if hasattr(C, "RANGE_UNI_IGNORE") else False:  # pragma: no cover
            lo, hi = av
            hit = hit or lo <= ord(ch.lower()) <= hi
    return hit != negate


_CHOICES: dict = {}
_PARSED: dict = {}


def _gen(items, rng: random.Random, icase: bool, groups: dict) -> str:
    out = []
    for op, av in items:
        if op is C.LITERAL:
            ch = chr(av)
            out.append(ch.swapcase() if icase and rng.random() < 0.3 else ch)
        elif op is C.NOT_LITERAL:
            out.append(rng.choice([c for c in _WORD if c != chr(av)]))
        elif op is C.ANY:
            out.append(rng.choice(_WORD + [" "]))
        elif op is C.IN:
            key = (id(av), icase)
            choices = _CHOICES.get(key)
            if choices is None:
                choices = _CHOICES[key] = [c for c in _POOL if _in_set(av, c, icase)]
            out.append(rng.choice(choices) if choices else "")
        elif op is C.BRANCH:
            out.append(_gen(rng.choice(av[1]), rng, icase, groups))
        elif op is C.SUBPATTERN:
            group, add, dele, sub = av
            inner_icase = (icase or bool(add & re.I)) and not (dele & re.I)
            text = _gen(sub, rng, inner_icase, groups)
            if group is not None:
                groups[group] = text
            out.append(text)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            lo, hi, sub = av
            top = lo + 3 if hi == C.MAXREPEAT else min(hi, lo + 3)
            out.extend(_gen(sub, rng, icase, groups) for _ in range(rng.randint(lo, top)))
        elif op is C.GROUPREF:
            out.append(groups.get(av, ""))
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT, C.CATEGORY):
            continue  # zero-width: whether the sample still matches is checked by the search below
        else:  # pragma: no cover - an opcode the rules do not use
            raise AssertionError(f"sampler does not know {op}")
    return "".join(out)


def sample(rx: re.Pattern, rng: random.Random) -> str:
    parsed = _PARSED.get(rx)
    if parsed is None:
        parsed = _PARSED[rx] = list(P.parse(rx.pattern, rx.flags & ~re.UNICODE))
    body = _gen(parsed, rng, bool(rx.flags & re.I), {})
    before = rng.choice(["", "Then ", "and so, ", "Yes. ", "We think "])
    after = rng.choice(["", ".", " today.", ", and more", "!"])
    return before + body + after


@pytest.mark.parametrize("name,rx,words", anchored_patterns(), ids=[p[0] for p in anchored_patterns()])
def test_every_sampled_match_holds_an_anchor(name, rx, words):
    rng = random.Random(zlib.crc32(name.encode()))
    matched = 0
    for _ in range(3000):
        text = sample(rx, rng)
        if not case_safe(text):
            continue  # such segments are searched in full (test below)
        for m in rx.finditer(text):
            matched += 1
            low = m.group(0).lower()
            assert any(w in low for w in words), (name, m.group(0))
    assert matched > 300, (name, matched)


def corpus_texts() -> list[str]:
    texts = []
    folders = ["tests/corpus", "content"] + [p.relative_to(ROOT).as_posix() for p in sorted((ROOT / "bench").glob("holdout*"))]
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.md")):
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    for rule in engine.all_rules():
        texts += [ex.text for ex in rule.bad + rule.good]
    return texts


def test_every_corpus_match_holds_an_anchor():
    texts = corpus_texts()
    checked = 0
    for name, rx, words in anchored_patterns():
        for text in texts:
            for m in rx.finditer(text):
                checked += 1
                assert any(w in m.group(0).lower() for w in words), (name, m.group(0))
    assert checked > 100


def test_tone_shortcuts_agree_with_the_patterns():
    rng = random.Random(11)
    pieces = ["CBT", "ADHD", "SO", "EXCITED", "TO", "ANNOUNCE", "Hello", "world", "!", "!!", "?!", "!?", "?", ".", ",", " ", "  ", "\n",
              "\u2600", "\U0001F389", "\ufe0f", "é", "OK", "WOW", "\t", "\x0b", "\x1c", "\x1f", "\u00a0", "\u2003", "ABC,", "XYZ!?"]
    seen_tone = 0
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        assert ps._tone_possible(text) == bool(ps._TONE_NEED.search(text)), repr(text)
        if ps._TONE.search(text):
            seen_tone += 1
            assert ps._TONE_NEED.search(text), repr(text)
            assert ps._TONE_QUICK.search(text), repr(text)
    assert seen_tone > 1000


# --------------------------------------------------------------------------
# End to end: the same hits with and without the anchors
# --------------------------------------------------------------------------

MY_RULES = [r for r in engine.all_rules() if r.code[:2] in ("B2", "B4", "B6")]


def _hits(post) -> list:
    ctx = CheckContext(post=post, practice=PRACTICE)
    out = []
    for rule in MY_RULES:
        for h in rule.matcher(post, ctx):
            out.append((rule.code, getattr(h.segment, "name", None), h.offset, h.end, h.detail, h.severity))
    return out


def _full_index(original):
    def index(ctx):
        out = language._PostAnchors(language._SegAnchors(sa.seg, sa.starts, sa.sents, sa.text, None) for sa in original(ctx))
        out.present = None
        return out

    return index


def _compare(texts, monkeypatch) -> int:
    posts = [load_text(t if t.startswith("---") else HEAD + t, f"t{i}.md") for i, t in enumerate(texts)]
    fast = [_hits(p) for p in posts]
    with monkeypatch.context() as mp:
        full = _full_index(language.anchor_index)
        for mod in (language, ps, b):
            mp.setattr(mod, "anchor_index", full)
        slow = [_hits(p) for p in posts]
    assert fast == slow
    return sum(len(h) for h in fast)


def test_rules_find_the_same_with_and_without_anchors_on_the_corpora(monkeypatch):
    assert _compare(corpus_texts(), monkeypatch) > 50


def test_rules_find_the_same_with_and_without_anchors_on_sampled_posts(monkeypatch):
    """Posts made of sampled matches of every anchored pattern, mixed with names and plain prose."""
    rng = random.Random(5)
    patterns = [rx for _, rx, _ in anchored_patterns()] + [ps._TONE, ps._FULL_NAME, ps._OWN_DISCLOSURE, ps._INFERENCE]
    fillers = ["Senator Harlan Voss spoke today.", "I've never met her, and I can only go on what's public.", "My son Theo",
               "Follow us on Instagram.", "Brandt Okafor", "Talk to your prescriber.", "Call or text 988.", "Ms. Vale"]
    texts = []
    for _ in range(150):
        paras = []
        for _ in range(rng.randint(1, 4)):
            parts = [sample(rng.choice(patterns), rng) if rng.random() < 0.7 else rng.choice(fillers) for _ in range(rng.randint(1, 5))]
            paras.append(" ".join(parts))
        texts.append("\n\n".join(paras) + "\n")
    assert _compare(texts, monkeypatch) > 100


def test_text_whose_lower_case_is_odd_is_searched_in_full(monkeypatch):
    """'ſ' matches 's' case-insensitively but lower-cases to itself: such a segment skips no sentence."""
    texts = ["Between sessions, follow me on Inſtagram for daily tips.\n", "Senator Harlan Voſs is a textbook narciſſist.\n",
             "İ know. What a crazy week it was.\n"]
    hits = _compare(texts, monkeypatch)
    assert hits >= 3
    post = load_text(HEAD + texts[0], "t.md")
    ctx = CheckContext(post=post, practice=PRACTICE)
    assert [s for s, _ in language.anchored(b._INVITE, ctx, b._INVITE_WORDS)]


def test_anchored_scan_equals_a_search_of_every_sentence():
    """Single-group patterns: anchored() gives the very matches of rx.finditer over every sentence, in order."""
    body = "\n\n".join(t.split("---", 2)[-1] if t.startswith("---") else t for t in corpus_texts()[:120])
    post = load_text(HEAD + body, "t.md")
    for name, rx, words in anchored_patterns():
        ctx = CheckContext(post=post, practice=PRACTICE)
        fast = [(id(s.seg), s.start + m.start(), s.start + m.end()) for s, m in language.anchored(rx, ctx, words)]
        slow = [(id(s.seg), m.start(), m.end()) for s in common.sentences(ctx) for m in rx.finditer(s.seg.prose, s.start, s.end)]
        assert fast == slow, name


def test_sentences_of_a_segment_are_in_order_and_do_not_overlap():
    """What placing a word in the sentence it starts in (bisect over sentence starts) relies on."""
    for i, text in enumerate(corpus_texts()):
        post = load_text(text if text.startswith("---") else HEAD + text, f"t{i}.md")
        ctx = CheckContext(post=post, practice=PRACTICE)
        for sa in language.anchor_index(ctx):
            spans = [(s.start, s.end) for s in sa.sents]
            assert all(a[1] <= b_[0] for a, b_ in zip(spans, spans[1:], strict=False)), spans


def test_anchors_registered_late_are_found_in_a_post_already_indexed():
    post = load_text(HEAD + "Some zqxjv words here.\n", "t.md")
    ctx = CheckContext(post=post, practice=PRACTICE)
    language.anchor_index(ctx)  # made before the word below is known
    late = language.anchor_words(("zqxjv",))
    assert language.post_has(ctx, late)
    assert [m.group(0) for _, m in language.anchored(re.compile("zqxjv"), ctx, late)] == ["zqxjv"]
