"""The speed work on the safe-messaging, advertising and topic rules changes no finding.

Each shortcut in those files is exact by construction (a comment says why);
these tests check it by brute force: the rules as they were before the speed
work (kept here, word for word, as reference implementations) and the rules
as they are now give the same hits on the test corpus, the holdouts, the
sample content, every rule example and thousands of generated posts made of
the phrases the rules look for; and each cheap anchor is found wherever its
pattern matches, on real and random text.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from boundary import clientctx as cc
from boundary import engine, practice as practice_mod, topics
from boundary.lexicon import load_terms
from boundary.model import Hit, Severity
from boundary.prefilter import finditer_in_regions, may_match
from boundary.rules import advertising, privacy, safe_messaging
from boundary.rules.common import is_mention, negated, scan, sentences
from boundary.rules.safe_messaging import _CORRECTION, _MYTH, _SUICIDE, _USE, _mentions, _window, rx
from boundary.source import load_text

ROOT = Path(__file__).resolve().parent.parent
HEAD = "---\ntitle: \"{title}\"\ndate: 2025-03-04\nsummary: \"{summary}\"\naudience: public\nrisk: high\ncontent_note: \"Discusses suicide.\"\n---\n\n"


# --------------------------------------------------------------------------
# The rules as they were (reference implementations)
# --------------------------------------------------------------------------


def old_detect(post):
    out = {}
    for name, needs in topics.TOPICS.items():
        rx_ = topics.pattern(name)
        mentions = 0
        in_headline = False
        first = None
        for seg in post.segments:
            hits = list(rx_.finditer(seg.prose))
            if not hits:
                continue
            if first is None or seg.name in ("title", "summary"):
                first = first or (seg, hits[0].start())
            if seg.name in ("title", "summary"):
                in_headline = True
            mentions += len(hits)
        out[name] = topics.Topic(name, needs, mentions, in_headline, first)
    return out


def old_method(post, ctx):
    if _mentions(ctx, "suicide") == 0:
        return
    for s, drug in scan(rx("drugs"), ctx):
        lethal = rx("lethality").search(s.text)
        if lethal and not re.search(r"\blethal means\b", s.text[max(0, lethal.start() - 1) : lethal.end() + 6], re.I):
            yield s.hit(drug, f"\"{drug.group(0)}\" is named as {lethal.group(0)} in a post about suicide")
    low = " ".join(x.text for x in sentences(ctx)).lower()
    if not (may_match(rx("method_act"), low) or may_match(rx("method_drug"), low)):
        return
    for s, m in scan(rx("method_act"), ctx):
        if not is_mention(s.seg, s.start + m.start(), s.start + m.end()):
            yield s.hit(m, f"\"{m.group(0)}\" describes a method")
    for s in sentences(ctx):
        window = _window(s, ctx)
        if not _SUICIDE.search(window):
            continue
        advice = rx("means_advice").search(s.text)
        for m in rx("method_drug").finditer(s.text):
            if advice and not _SUICIDE.search(s.text):
                continue
            yield s.hit(m, f"\"{m.group(0)}\" gives a drug amount or dose next to suicide")


def old_location(post, ctx):
    if _mentions(ctx, "suicide") == 0:
        return
    for s in sentences(ctx):
        for m in rx("location").finditer(s.text):
            yield s.hit(m, f"\"{m.group(0)}\"")
        window = _window(s, ctx, 1, 1)
        if _SUICIDE.search(window) or re.search(r"\b(?:jump\w*|leap\w*|fell|fall|died|death|body was found)\b", s.text, re.I):
            for m in rx("place_names", 0).finditer(s.text):
                if not (_SUICIDE.search(window) and re.search(r"\b(?:jump\w*|leap\w*|died|death|fell|body|suicid\w*)\b", window, re.I)):
                    continue
                yield s.hit(m, f"\"{m.group(0).strip()}\" is named as a place where someone died by suicide")


def old_note(post, ctx):
    if _mentions(ctx, "suicide") == 0:
        return
    for s in sentences(ctx):
        window = _window(s, ctx, 2, 2)
        if not rx("suicide_note").search(window):
            continue
        m = rx("note_content").search(s.text)
        if m and not negated(s.text, m.start()):
            yield s.hit(m, f"\"{m.group(0)}\" reports what a suicide note said")
            continue
        if re.search(r"[\"“][^\"”]{12,}[\"”]", s.raw) and rx("suicide_note").search(s.text):
            yield s.hit((0, len(s.text)), "a suicide note is quoted")


def old_solution(post, ctx):
    if _mentions(ctx, "suicide") == 0:
        return
    for s in sentences(ctx):
        nxt = _window(s, ctx, 0, 1)[len(s.text) :]
        for m in rx("solution").finditer(s.text):
            if negated(s.text, m.start(), 80) or _MYTH.search(s.text) or _CORRECTION.search(nxt):
                continue
            if is_mention(s.seg, s.start + m.start(), s.start + m.end()) and _MYTH.search(_window(s, ctx)):
                continue
            if _SUICIDE.search(s.text):
                yield s.hit(m, f"\"{m.group(0)}\" in the sentence that names suicide", Severity.BLOCK)
            elif _SUICIDE.search(_window(s, ctx)):
                yield s.hit(m, f"\"{m.group(0)}\" next to a mention of suicide", Severity.WARN)


def old_crisis_resources(post, ctx):
    practice = ctx.practice
    known = practice.crisis_digits | set(practice.phones) | practice_mod.world_line_digits(False)
    retired = {d: line for line in practice.retired_lines for d in line.digit_forms}
    vanity = {practice_mod.digits(a.replace("TALK", "8255")) for line in practice.retired_lines for a in line.also}
    for seg in post.segments:
        for m in safe_messaging._NUMBER.finditer(seg.text):
            d = practice_mod.digits(m.group(0).upper().replace("TALK", "8255"))
            if d in retired or d in vanity:
                line = practice.retired_lines[0]
                yield Hit(seg, m.start(), m.end(), f"{m.group(0)} is the old {line.name}; use {line.__dict__.get('how') or '988'} instead")
                continue
            if d in known or len(d) < 5:
                continue
            before = seg.text[max(0, m.start() - 90) : m.start()]
            after = seg.text[m.end() : m.end() + 40]
            if safe_messaging._CRISIS_WORDS.search(before) or safe_messaging._CRISIS_WORDS.search(after) or safe_messaging._RESOURCE_NAMES.search(before[-60:]):
                yield Hit(seg, m.start(), m.end(), f"{m.group(0)} is offered as a crisis line but is not one this kit knows; check the number, or add the line to crisis_lines in the practice settings if it is real")
    t = ctx.memo("topics", lambda: topics.detect(ctx.post))
    suicide, harm = t["suicide"], t["self-harm"]
    if not (suicide.mentions or harm.mentions):
        return
    present = ctx.practice.crisis_line_digits | practice_mod.world_line_digits(True)
    if "[practice:crisis_lines]" in post.body.text and any(c.crisis and not c.emergency for c in ctx.practice.crisis_lines):
        return  # (added after the speed work: the site fills it in)
    if any(safe_messaging._RESOURCE_NAMES.search(seg.text) for seg in post.segments) or any(
        practice_mod.digits(m.group(0)) in present for seg in post.segments for m in safe_messaging._NUMBER.finditer(seg.text)
    ) or practice.raw.get("show_crisis_block"):
        return
    central = suicide.central or harm.central
    sev = Severity.BLOCK if (ctx.risk == "high" or central) else Severity.WARN
    first = suicide.first or harm.first
    seg, off = first if first else (post.body, post.body_start)
    yield Hit(seg, off, off + 1, "the post discusses suicide or self-harm but gives no current crisis resource (988 call or text, Crisis Text Line: text HOME to 741741, or your local line)", sev)


def old_self_harm_detail(post, ctx):
    if _mentions(ctx, "self-harm") == 0:
        return
    categories: dict[str, list] = {}
    for s in sentences(ctx):
        acts = rx("self_harm_acts").search(s.text)
        using = acts or _USE.search(s.text)
        safety = rx("means_advice").search(s.text)
        m = rx("self_harm_implements").search(s.text)
        if m and using and not safety and not is_mention(s.seg, s.start + m.start(), s.start + m.end()):
            categories.setdefault("implement", []).append(s.hit(m, f"\"{m.group(0)}\" (implement)"))
        m = rx("self_harm_sites").search(s.text)
        if m and acts and not is_mention(s.seg, s.start + m.start(), s.start + m.end()):
            categories.setdefault("body site", []).append(s.hit(m, f"\"{m.group(0)}\" (body site)"))
        m = rx("self_harm_conceal").search(s.text)
        if m:
            categories.setdefault("concealment", []).append(s.hit(m, f"\"{m.group(0)}\" (concealment)"))
        m = re.search(r"\b(?:deep|gaping|bleeding|stitches|sutures|blood|bled)\b", s.text, re.I)
        if m and acts:
            categories.setdefault("wound", []).append(s.hit(m, f"\"{m.group(0)}\" (wound detail)"))
    block = ("implement" in categories and len(categories) >= 2) or len(categories) >= 3
    sev = Severity.BLOCK if block else Severity.WARN
    for hits in categories.values():
        for h in hits:
            yield Hit(h.segment, h.offset, h.end, f"{h.detail}; {len(categories)} kind(s) of detail in this post", sev)


def _old_ed_sentences(ctx):
    if _mentions(ctx, "eating-disorders") == 0:
        return []
    return list(sentences(ctx))


def old_ed_numbers(post, ctx):
    for s in _old_ed_sentences(ctx):
        for m in rx("ed_numbers").finditer(s.text):
            if is_mention(s.seg, s.start + m.start(), s.start + m.end()):
                continue
            yield s.hit(m, f"\"{m.group(0)}\"")


def old_ed_behaviour(post, ctx):
    for s in _old_ed_sentences(ctx):
        for m in rx("ed_behaviour").finditer(s.text):
            if is_mention(s.seg, s.start + m.start(), s.start + m.end()) or negated(s.text, m.start(), 30):
                continue
            yield s.hit(m, f"\"{m.group(0)}\"")


def old_testimonials(post, ctx):
    for para in cc.context(ctx):
        text = para.text
        raw = para.seg.text[para.start : para.end]
        if para.kind == "heading" and advertising._TESTIMONIAL_HEADING.search(text.strip()) and not negated(text, len(text)):
            yield Hit(para.seg, para.start, para.end, f"a \"{text.strip()}\" section")
            continue
        prose = para.seg.prose[para.start : para.end]
        quoted = '"' in prose or "“" in prose
        for m in advertising._ATTRIBUTED_PRAISE.finditer(re.sub(r"\s", " ", prose)) if quoted else ():
            yield Hit(para.seg, para.start + m.start(), para.start + m.end(), "a quoted client testimonial")
        m = advertising._STARS.search(raw)
        if m and advertising._PRAISE.search(raw):
            yield Hit(para.seg, para.start + m.start(), para.start + m.end(), "a star rating with praise")


def old_credential_mismatch(post, ctx):
    practice = ctx.practice
    if not practice.clinicians:
        return
    for seg in post.segments:
        text = seg.prose
        for c, a, b in advertising._clinician_mentions(text, practice):
            creds = advertising._credentials_of(c)
            has_doctorate = bool({advertising._norm(x) for x in advertising._DOCTORAL} & creds) or "dr" in creds
            before = text[max(0, a - 6) : a]
            titled = text[a:b].startswith("Dr") or re.search(r"\bDr\.?\s*$", before)
            if titled and not has_doctorate:
                start = a if text[a:b].startswith("Dr") else a - len(before) + before.rfind("Dr")
                yield Hit(seg, start, b, f"\"Dr.\" is used for {c.name}, whose settings list no doctorate")
            tail = text[b : b + 120].split("\n")[0]
            m = re.match(r"^\s*,\s*((?:[A-Z][A-Za-z.()-]*\s*,?\s*){1,5})", tail)
            if m:
                for d in advertising._DEGREE_RX.finditer(m.group(1)):
                    if advertising._norm(d.group(1)) not in creds:
                        yield Hit(seg, b + m.start(1) + d.start(), b + m.start(1) + d.end(), f"{c.name} is given the credential {d.group(1)}, which the practice settings do not list")
        all_creds = " ".join(" ".join(cl.credentials) for cl in practice.clinicians).lower()
        for m in advertising._BOARD.finditer(text):
            claim = m.group(0).lower()
            field = m.group(1).strip().lower()
            if not re.search(r"\b(?:I|I'm|I am|I've|we|our|he|she|is|am|are|[A-Z][a-z]+ is)\b", text[max(0, m.start() - 60) : m.start()], re.I):
                continue
            if field and advertising._supported(field, all_creds):
                continue
            if claim.startswith("licensed") and any(w in all_creds for w in field.split()[-2:]):
                continue
            if negated(text, m.start(), 40):
                continue
            sev = Severity.BLOCK if claim.startswith(("board", "diplomate", "licensed")) else Severity.WARN
            code_hint = "" if sev is Severity.BLOCK else " (see also B509)"
            if sev is Severity.BLOCK:
                yield Hit(seg, m.start(), m.end(), f"\"{m.group(0).strip()}\" is not in the practice settings{code_hint}")
        for m in re.finditer(r"\blicen[cs]e (?:number |no\.? |#)?([A-Z]{2,6}[- ]?\d{3,7})\b", text):
            lic = advertising._norm(m.group(1))
            if not any(advertising._norm(cl.licence) == lic for cl in practice.clinicians):
                yield Hit(seg, m.start(1), m.end(1), f"licence {m.group(1)} does not match any clinician in the practice settings")


PAIRS = [
    ("B301", safe_messaging._method, old_method),
    ("B302", safe_messaging._location, old_location),
    ("B303", safe_messaging._note, old_note),
    ("B306", safe_messaging._solution, old_solution),
    ("B308", safe_messaging._crisis_resources, old_crisis_resources),
    ("B310", safe_messaging._self_harm_detail, old_self_harm_detail),
    ("B320", safe_messaging._ed_numbers, old_ed_numbers),
    ("B321", safe_messaging._ed_behaviour, old_ed_behaviour),
    ("B504", advertising._testimonials, old_testimonials),
    ("B505", advertising._credential_mismatch, old_credential_mismatch),
]


# --------------------------------------------------------------------------
# Posts to compare on
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


def _hits(matcher, post, practice):
    ctx = engine.CheckContext(post=post, practice=practice)
    return [(h.segment.name if h.segment is not None else None, h.offset, h.end, h.line, h.column, h.detail, h.severity) for h in matcher(post, ctx)]


@pytest.fixture(scope="module")
def posts():
    out = []
    for name, text in _texts():
        try:
            out.append((name, load_text(text, name + ".md")))
        except Exception:  # a corpus file the loader refuses: no rule runs on it anyway
            continue
    return out


@pytest.fixture(scope="module")
def practices():
    return [practice_mod.from_pelicanconf(ROOT / "pelicanconf.py"), practice_mod.from_mapping({})]


def test_the_rules_find_what_they_found_before_the_speed_work(posts, practices):
    fired = {code: 0 for code, _, _ in PAIRS}
    for name, post in posts:
        for k, practice in enumerate(practices):
            for code, new, old in PAIRS:
                if k and code not in ("B308", "B505"):
                    continue  # only these two read the practice settings
                got, want = _hits(new, post, practice), _hits(old, post, practice)
                assert got == want, (code, name)
                fired[code] += bool(want)
    # The comparison means something only if every rule fires somewhere.
    assert all(n > 0 for n in fired.values()), fired


def test_topics_are_detected_as_before(posts):
    checked = 0
    for name, post in posts:
        old = old_detect(post)
        for new in (topics.detect(post), topics.detect(post, {id(seg): seg.prose.lower() for seg in post.segments})):
            for key in topics.TOPICS:
                a, b = new[key], old[key]
                assert (a.mentions, a.in_headline, a.central) == (b.mentions, b.in_headline, b.central), (key, name)
                assert (a.first and (a.first[0].name, a.first[1])) == (b.first and (b.first[0].name, b.first[1])), (key, name)
                checked += a.mentions
    assert checked > 100


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
        r"\d[\d,.]* ?(?:mg|milligrams?|g|grams?|mcg|micrograms?|ml|tablets?|pills?|capsules?|caps|doses|times the (?:daily |usual |normal )?dose)",
        r"(?:a|one|two|three|four|five|six|seven|eight|nine|ten|a dozen|twenty|thirty|forty|fifty|a hundred|\d+) (?:whole )?(?:bottles?|packs?|packets?|boxes?|blister packs?|handfuls?) of",
        r"(?:lethal|fatal|deadly|toxic) (?:dose|amount|quantity|level)s?",
        r"(?:dose|amount|quantity) (?:that|which) (?:is|would be|can be) (?:lethal|fatal|deadly)",
        r"how many (?:pills|tablets|mg|milligrams)",
    ]


def test_dose_words_are_in_every_method_drug_match():
    rng = random.Random(8)
    pieces = ["40", " ", "mg", "tablets", "a", "two", "bottles", " of", "whole ", "lethal", "dose", "amount", "that", "is", "deadly", "how many",
              "pills", "blister packs", "HANDFULS", "ten", "quantity", "level", "s", "times the usual dose", ",", "."]
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
