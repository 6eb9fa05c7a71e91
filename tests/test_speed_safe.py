"""The shortcuts in the safe-messaging, advertising, privacy and topic rules skip nothing.

Each shortcut is exact by construction (a comment says why); these tests check it by
brute force: each cheap anchor or narrowed search is found, or finds the same, wherever
its full pattern matches, on the test corpus, the holdouts, the sample content, every
rule example, posts generated from the phrases the rules look for, and random text.
(That the rules as a whole found the same before and after the speed work was checked
with bench/snapshot.py, byte for byte.)
"""

from __future__ import annotations

import random
import re
from pathlib import Path


from boundary import engine, practice as practice_mod, topics
from boundary.lexicon import load_terms
from boundary.prefilter import finditer_in_regions, may_match
from boundary.rules import advertising, privacy, safe_messaging
from boundary.rules.safe_messaging import rx
from boundary.source import load_text

ROOT = Path(__file__).resolve().parent.parent
HEAD = "---\ntitle: \"{title}\"\ndate: 2025-03-04\nsummary: \"{summary}\"\naudience: public\nrisk: high\ncontent_note: \"Discusses suicide.\"\n---\n\n"


# --------------------------------------------------------------------------
# Texts to try the shortcuts on
# --------------------------------------------------------------------------

#: Phrases the changed rules look for (and their near misses), to build posts from.
PHRASES = [
    "He died by suicide after taking 40 tablets of his medication.",
    "She swallowed thirty pills; it was a lethal dose.",
    "Lithium can be deadly in an overdose.",
    "Keep pills locked away, and store 20 mg doses safely.",
    "Lethal means counseling helps families store firearms safely.",
    "A handful of pills is not a plan.",
    "He hanged himself in the garage.",
    "The Millbrook Bridge has become a suicide hotspot.",
    "She jumped from the Aurora Bridge and died.",
    "We walked by Lake Harriet Park on Sunday.",
    "The body was found near Granite Quarry.",
    "He left a note after his suicide.",
    "The note said he was sorry and tired.",
    "In his last message, he said goodbye.",
    "\"I am sorry for everything I could not fix,\" the letter read.",
    "Suicide was the only way out of his pain.",
    "She is finally at peace now.",
    "It's a myth that suicide happens without warning.",
    "Most people show signs. In fact, most people tell someone.",
    "It came out of nowhere, his family said.",
    "Suicide is preventable. Call or text 988.",
    "Call the Teen Crisis Hotline at (555) 555-0177.",
    "Call 1-800-273-8255 any time.",
    "In the UK, Samaritans are there on 116 123.",
    "Our office number is 503-555-0142.",
    "Many teens who self-harm use a razor to cut their thighs.",
    "She wore long sleeves in summer to hide the scars.",
    "The cuts were deep and bled through the bandage.",
    "Removing razors from the home is standard safety advice.",
    "Self-harm is a way of coping with overwhelming feelings.",
    "He was cutting himself every night.",
    "With anorexia she ate 600 calories a day and weighed 92 pounds.",
    "With bulimia, she ran the shower to hide the sound of purging.",
    "She hid food in her napkin so nobody noticed.",
    "Eating disorders often hide in plain sight.",
    "## What clients say",
    "\"Dr. Lindqvist changed my life.\" — J.M., former client",
    "★★★★★ Highly recommend!",
    "Rated 4.5 stars by clients who say it changed my life.",
    "We started a new group; it is the start of something.",
    "Dr. Nora Lindqvist, PhD, Licensed Psychologist (PSY 30112)",
    "Nora Lindqvist, PsyD, sees adults.",
    "Book with Dr. Hale today.",
    "I am board certified in forensic psychiatry.",
    "My license number PSY 12345 is on file.",
    "Sleep matters more than most people think.",
    "A calm paragraph about worry time, 25 minutes a day.",
    "Notice withdrawal; stay calm; ask directly about suicide.",
    "It is not true that asking about suicide plants the idea.",
    "He took his own life in 2019.",
    "They wanted to die, and then the feeling passed.",
    "Uſe of the ſtairs, ſuicide, and the 4 ſtars were odd letters.",
    "Café — naïve “quotes” and ‘single’ ones, 5 étoiles.",
]


def _synthetic_posts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    titles = ["Asking about suicide", "Self-harm in teens", "Anorexia and recovery", "Sleep", "What clients say", "Worry time"]
    out = []
    for _ in range(n):
        paras = []
        for _ in range(rng.randint(1, 7)):
            kind = rng.random()
            sents = " ".join(rng.choice(PHRASES) for _ in range(rng.randint(1, 5)))
            if kind < 0.1:
                paras.append("## " + rng.choice(PHRASES).rstrip("."))
            elif kind < 0.2:
                paras.append("> " + sents)
            elif kind < 0.3:
                paras.append("- " + sents + "\n- " + rng.choice(PHRASES))
            else:
                paras.append(sents)
        head = HEAD.format(title=rng.choice(titles), summary=rng.choice(titles) + ".")
        out.append(head + "\n\n".join(paras) + "\n")
    return out


def _texts() -> list[tuple[str, str]]:
    texts = []
    for folder in ("tests/corpus", "bench/holdout", "bench/holdout2", "bench/holdout3", "bench/holdout4", "content"):
        for path in sorted((ROOT / folder).rglob("*.md")):
            texts.append((str(path), path.read_text(encoding="utf-8", errors="replace")))
    for rule in engine.all_rules():
        texts += [(rule.code, ex.text) for ex in rule.bad + rule.good]
    texts += [(f"synthetic-{k}", t) for k, t in enumerate(_synthetic_posts(200, 21))]
    return texts


def test_topic_mentions_match_a_plain_finditer_on_odd_and_random_text():
    rng = random.Random(5)
    pieces = ["suicide", "SUICIDAL", "ſuicide", "kill", "kills myself", " ", "ended their own life", "want to die", "self-harm", "ſelf harm",
              "NSSI", "nssi", "anorexia", "purged", "purge", "binge eating", "İ", "ı", "x", "\n", "end", "took my life", "-", "cutting herself"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(4000)]
    texts += [t for _, t in _texts()[:300]]
    for text in texts:
        got = [[m.span() for m in hits] for hits in topics._mentions_in(text)]
        want = [[m.span() for m in topics.pattern(name).finditer(text)] for name in topics.TOPICS]
        assert got == want, text[:80]


# --------------------------------------------------------------------------
# The anchors
# --------------------------------------------------------------------------


def test_only_long_s_folds_onto_star_letters_without_lowering_to_them():
    """_may_have_stars relies on it: every letter re.IGNORECASE equates with s, t, a or r lowers to it, but 'ſ'."""
    star_letter = re.compile("[star]", re.I).fullmatch
    odd = [chr(c) for c in range(0x80, 0x110000) if star_letter(chr(c)) and chr(c).lower() not in "star"]
    assert odd == ["ſ"]


def test_star_anchor_is_found_wherever_a_star_rating_is():
    rng = random.Random(6)
    pieces = ["4", "5", ".", "5 ", " out of 5", " stars", " star", "STARS", " ſtars", "★", "⭐", " ", "start", "x", "\n", "4.5", "١"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 10))) for _ in range(5000)] + [t for _, t in _texts()]
    positives = 0
    for text in texts:
        if advertising._STARS.search(text):
            positives += 1
            assert advertising._may_have_stars(text), text[:80]
    assert positives > 100


def test_number_search_finds_what_a_whole_text_search_finds():
    rng = random.Random(7)
    pieces = ["555", "-", " ", ".", "(555)", "\n", "\n\n", "1", "12", "2014", "988", "+1 ", "741741", "$", "/", "a", "١٢", "116 123", "13 11 14"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(4000)] + [t for _, t in _texts()]
    for text in texts:
        got = [m.span() for m in safe_messaging._numbers_in(text)]
        assert got == [m.span() for m in safe_messaging._NUMBER.finditer(text)], text[:80]
        assert got == [m.span() for m in finditer_in_regions(safe_messaging._NUMBER, text, safe_messaging._TWO_DIGITS, "\n\n")]


def test_dose_words_were_derived_from_this_method_drug_list():
    """_DOSE_WORDS was read off these terms; a changed list needs it read off again."""
    assert load_terms("safe_messaging.yaml", "method_drug") == [
        r"(?:\d[\d,.]*|(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|hundred|thousand)[ -]?)+) ?(?:mg|milligrams?|g|grams?|mcg|micrograms?|ml|tablets?|pills?|capsules?|caps|doses|times the (?:daily |usual |normal )?dose)",
        r"(?:a|one|two|three|four|five|six|seven|eight|nine|ten|a dozen|twenty|thirty|forty|fifty|a hundred|\d+) (?:whole )?(?:bottles?|packs?|packets?|boxes?|blister packs?|handfuls?) of",
        r"(?:lethal|fatal|deadly|toxic) (?:dose|amount|quantity|level)s?",
        r"(?:dose|amount|quantity) (?:that|which) (?:is|would be|can be) (?:lethal|fatal|deadly)",
        r"how many (?:pills|tablets|mg|milligrams)",
    ]


def test_dose_words_are_in_every_method_drug_match():
    rng = random.Random(8)
    pieces = ["40", " ", "mg", "tablets", "a", "two", "bottles", " of", "whole ", "lethal", "dose", "amount", "that", "is", "deadly", "how many",
              "pills", "blister packs", "HANDFULS", "ten", "forty-", "hundred", "quantity", "level", "s", "times the usual dose", ",", "."]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(6000)] + [t for _, t in _texts()]
    positives = 0
    for text in texts:
        for m in rx("method_drug").finditer(text):
            positives += 1
            assert safe_messaging._DOSE_WORDS.search(m.group(0)), m.group(0)
    assert positives > 200


def test_the_odd_folds_are_the_only_letters_lowering_breaks():
    """privacy._ODD_FOLDS: the letters outside ASCII that re.IGNORECASE equates with an ASCII letter
    and that do not lower to that letter."""
    any_letter = re.compile("[a-z]", re.I).fullmatch
    odd = []
    for c in range(0x80, 0x110000):
        ch = chr(c)
        if any_letter(ch) and not any(ch.lower() == letter for letter in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(letter, ch, re.I)):
            odd.append(ch)
    assert tuple(odd) == privacy._ODD_FOLDS


def test_privacy_prefilters_answer_as_the_old_ones():
    """The tracker test gives may_match's answer; the CDN test never skips a body _CDN matches."""
    rng = random.Random(9)
    words = sorted(privacy.required_for(privacy.tracker_rx())) + sorted(privacy.required_for(privacy._CDN))
    pieces = words + ["<script src=\"", "https://", "fonts.", ".COM", "Google", " ", "\n", "ſ", "İ", "ı", "(", "_", "x", "@IMPORT url("]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(2000)] + [t for _, t in _texts()]
    rx_ = privacy.tracker_rx()
    cdn_hits = 0
    for text in texts:
        low = text.lower()
        assert privacy._may_match_anchored(rx_, low) == may_match(rx_, low), text[:80]
        post = load_text(HEAD.format(title="T", summary="S") + text + "\n", "t.md")
        ctx = engine.CheckContext(post=post, practice=practice_mod.from_mapping({}))
        body = post.body.text[post.body_start :]
        if privacy._CDN.search(body):
            cdn_hits += 1
            assert privacy._cdn_possible(body, ctx, post.body.text), text[:80]
    assert cdn_hits > 100


def test_licence_numbers_are_found_as_a_plain_finditer_finds_them():
    rng = random.Random(10)
    pieces = ["licence ", "license ", "licensed", "LICENSE ", "number ", "no. ", "#", "PSY", "PSY ", "12345", "-", " ", "x", "unlicen", "\n", "AB1234"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 10))) for _ in range(5000)] + [t for _, t in _texts()]
    hits = 0
    for text in texts:
        got = [m.span(1) for m in advertising._licence_numbers(text)]
        assert got == [m.span(1) for m in advertising._LICENCE_NO.finditer(text)], text[:80]
        hits += len(got)
    assert hits > 100
