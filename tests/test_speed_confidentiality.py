"""The shortcuts in clientctx.py and rules/confidentiality.py find exactly what the plain searches find.

Each test compares a fast path with the slow one it replaces, by brute force, on
real paragraphs (the labelled corpora, the samples, every rule example) and on
random texts built to hit the edges: cue phrases at sentence ends, before
trailing spaces, inside quotes, across line breaks, and letters whose lower
case moves or changes the text ('İ', 'Σ', the Kelvin sign).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from boundary import clientctx as cc
from boundary import engine, source
from boundary.lexicon import load_terms
from boundary.prefilter import can_match, may_match_text
from boundary.rules import confidentiality as conf

ROOT = Path(__file__).resolve().parent.parent

CUE_BITS = [
    "a client", "my client", "the client", "A client I saw", "someone I worked with", "a woman I treated",
    "came to see me", "came to me for", "was referred to me", "our first session with her", "I treated him for",
    "who sat on my couch", "a session with a ", "call with a ", "call with a couple of", "clients", "patients",
    "in session", "after a session", "my caseload", "people I see", "those I treat", "in therapy with me",
    "someone in therapy", "in my office", "If a client asks", "a client may", "When a client came in",
    "One man I saw told me", "a teacher who told me", "client of mine", "one of my clients",
]
GLUE = [" ", " ", " ", ". ", "! ", "? ", "… ", ".\n\n", "\n\n", "\n", ", ", "; ", '." ', ".” ", ".) ", "  ", " — ", "’s ",
        "\"", "“", "”", " The ", " we ", " I ", " she ", " he ", " them ", " Ana ", " Theo, ", " 2019 ", " Dr. Gray "]
ODD = ["İ", "Σ", "\u212a", "ſ", "é", "’"]


def corpus_texts() -> list[str]:
    texts = []
    for folder in ("tests/corpus", "bench/holdout", "bench/holdout2", "bench/holdout3", "bench/holdout4", "content"):
        for path in sorted((ROOT / folder).rglob("*.md")):
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    for rule in engine.all_rules():
        texts += [ex.text for ex in rule.bad + rule.good]
    return texts


def random_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 14)):
            parts.append(rng.choice(CUE_BITS) if rng.random() < 0.5 else rng.choice(GLUE))
            if rng.random() < 0.05:
                parts.append(rng.choice(ODD))
        text = "".join(parts)
        if rng.random() < 0.3:
            text = text.upper() if rng.random() < 0.5 else text.capitalize()
        out.append(text)
    return out


def make_para(text: str) -> cc.Para:
    p = cc.Para(None, 0, len(text), "paragraph", text)
    p.sentences = cc.sentences(text)
    return p


@pytest.fixture(scope="module")
def paragraphs() -> list[cc.Para]:
    paras = []
    for text in corpus_texts():
        try:
            post = source.load_text(text)
        except source.LoadError:  # a README among the posts
            continue
        paras += cc.analyse(post)  # (para_words then comes from the analysis's own pass)
    paras += [make_para(t) for t in random_texts(3000, 11)]
    return paras


def plain_sentences(text: str) -> tuple:
    """The sentence splitting as it was: _SENTENCE_END.finditer over the whole text."""
    spans = []
    pos = 0
    for m in cc._SENTENCE_END.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text.rstrip()):
        spans.append((pos, len(text.rstrip())))
    return tuple((a, b) for a, b in spans if text[a:b].strip())


def test_sentence_ends_are_those_of_the_plain_search(paragraphs):
    rng = random.Random(5)
    texts = [p.text for p in paragraphs]
    texts += ["".join(rng.choice(['a', 'B', '7', '.', '!', '?', '…', ' ', '\n', '"', '”', '’', ')', '(', '“']) for _ in range(rng.randint(0, 40)))
              for _ in range(5000)]
    for text in texts:
        assert list(cc._sentence_ends(text)) == [m.span() for m in cc._SENTENCE_END.finditer(text)], text
        assert cc._sentences.__wrapped__(text) == plain_sentences(text), text


def test_cue_flags_are_those_of_the_whole_paragraph_search(paragraphs):
    assert cc._cue_automaton() is not None  # the fast path is in use for these lists
    fast_used = 0
    for p in paragraphs:
        got = list(cc._sentence_cues(p))
        assert got == cc._sentence_cues_plain(p), p.text
        fast_used += p.safe
    assert fast_used > len(paragraphs) // 2


def test_every_cue_match_is_a_spelled_string_that_stays_in_its_sentence(paragraphs):
    for key, rx in (("generic", cc.generic_rx()), ("specific", cc.specific_rx())):
        words = set()
        for term in load_terms("client_cues.yaml", key):
            spelled = cc.spelled(term)
            assert spelled is not None
            words |= spelled
        for p in paragraphs:
            if not p.safe:
                continue
            for m in rx.finditer(p.text):
                assert m.group(0).lower() in words
                inside = [(a, b) for a, b in p.sentences if a <= m.start() < b]
                assert inside and m.end() <= inside[0][1] + 1, (p.text, m)


def test_spelling_refuses_what_could_cross_a_sentence_or_is_not_finite():
    assert cc.spelled(r"a client\. She") is None
    assert cc.spelled(r"client\s+of") is None
    assert cc.spelled(r"[a-z]+ client") is None
    assert cc.spelled(r" client") is None  # begins with a space
    assert cc.spelled(r"(?:a|the) (?:new )?client(?!s)\b") == {"a client", "a new client", "the client", "the new client"}


def test_para_words_is_a_plain_substring_search(paragraphs):
    known = sorted(cc._Words.known)
    assert known
    assert sum(p._words is not None for p in paragraphs) > 1000  # many from the analysis's pass
    for k, p in enumerate(paragraphs):
        low = p.text.lower()
        if k % 2:
            cc._sentence_cues(p)  # the combined pass, also for texts that are not case-safe
        assert cc.para_words(p) == frozenset(w for w in known if w in low)


GATED = [conf._REALTIME, conf._LOOKUP, conf._NAMED_AS_CLIENT, conf._NAME_VERB] + list(conf._NAMED_PATTERNS)


@pytest.mark.parametrize("rx", GATED, ids=lambda rx: rx.pattern[:30])
def test_gates_never_skip_a_paragraph_that_matches(rx, paragraphs):
    gate = cc.Gate(rx, tree=True)
    words_gate = cc.Gate(rx)
    for p in paragraphs:
        assert words_gate.may_match(p) == may_match_text(rx, p.text)
        if rx.search(p.text):
            assert gate.may_hold(p), (rx.pattern, p.text)
            assert can_match(rx, p.text)


def test_loosened_trees_drop_only_common_words():
    gate = cc.Gate(conf._REALTIME, tree=True)
    assert gate.tree is not None and not any(w.strip() in cc._COMMON for w in gate.tree_words)


def test_text_filters_of_the_identifier_rule(paragraphs):
    rng = random.Random(9)
    raw = [p.seg.text[p.start : p.end] if p.seg is not None else p.text for p in paragraphs]
    bits = ["see https://x.io/a", "www.Example.ORG", "shop.COM", "on Instagram as @maggie_pots", "via X: jo_99", "MRN: 12345",
            "licence plate ABC-1234", "Case # 99812", "account no. 7788-22", "Jane Holloway was a client of mine", "I saw Jane Doe last",
            "my client, Ana Lopez", " ", ". ", "\n", "İ", "\u212a"]
    raw += ["".join(rng.choice(bits) for _ in range(rng.randint(1, 6))) for _ in range(3000)]
    for text in raw:
        if conf._URL.search(text):
            assert conf._URL_ANCHOR.search(text), text
        if conf._USERNAME.search(text):
            assert conf._PLATFORM.search(text), text
        if conf._RECORD.search(text):
            assert conf._may_hold_record(text), text
        if conf._NAMED_AS_CLIENT.search(text):
            assert conf._TWO_CAPS.search(text), text
        if conf._GREETING.search(text) is None:
            assert not any(w in text for w in conf._GREETINGS)


def test_quasi_identifier_searches_find_what_the_plain_ones_find(paragraphs):
    texts = [p.text for p in paragraphs] + ["\n\n".join(p.text for p in paragraphs[i : i + 4]) for i in range(0, len(paragraphs), 4)]
    for text in texts:
        search = conf._qi_searcher(text)
        for key, flags in conf._QI_KEYS:
            got, want = search(key, flags), conf.qi_search(key, conf._qi(key, flags), text)
            assert (got and got.span()) == (want and want.span()), (key, text)


def test_cited_names_skip_only_segments_without_years_or_titles():
    post = source.load_text("---\ntitle: t\n---\n\nAs Gottman (1999) says, and Dr. Sue Johnson wrote, Prof. Kim agreed.\n")
    assert {"Gottman", "Sue", "Johnson", "Kim"} <= cc.cited_names(post)
    plain = set()
    for seg in post.segments:
        for m in re.finditer(cc._CITED, seg.prose):
            for g in m.groups():
                if g:
                    plain.update(g.split())
    assert cc.cited_names(post) == plain


def test_safe_text_is_case_safe(paragraphs):
    from boundary import prefilter

    assert all(not c.isascii() for c in prefilter._risky_chars())  # what safe_text relies on
    rng = random.Random(3)
    texts = [p.text for p in paragraphs] + ["".join(rng.choice("ab —’İΣ\u212aſé😀\n") for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    for text in texts:
        assert cc.safe_text(text) == prefilter.case_safe(text), text


def test_invented_filter_agrees_with_can_match(paragraphs):
    texts = [p.text for p in paragraphs] + [
        "Names and details have been changed.", "NOT HER REAL NAME", "This is a composite.", "I'll call her Mia.",
        "The name is invented — and fictionalised.", "İ'll call him Tom.", "call", "a real name",
    ]
    for text in texts:
        assert cc._may_invent(text) == can_match(cc._INVENTED, text), text
        if cc._INVENTED.search(text):
            assert cc._may_invent(text), text
