"""B4 — language (APA inclusive-language guidelines; AP Stylebook; GLAAD; RAINN).

Every rule here skips mentions (a word in quotes, or discussed as a word) and
clinical frames (diagnosed with, people with, I treat…), so a guide to better
language never trips the rules it explains.
"""

from __future__ import annotations

import bisect
import re

from ..model import Example, Rule, Severity
from .. import prefilter
from ..prefilter import can_match, case_safe, present_words, required_for, search_from
from .common import RelMatch, audience_severity, compile_list, is_mention, lowered_prose, negated, scan, sentences


L = "language.yaml"
P = "---\ntitle: \"A post\"\ndate: 2025-03-04\nsummary: \"A summary.\"\naudience: public\nrisk: low\n---\n\n"
PRO = P.replace("audience: public", "audience: professionals")

# --------------------------------------------------------------------------
# Anchored scans (B2, B4, B6 rules)
# --------------------------------------------------------------------------
#
# common.scan(rx, ctx) finds every match of rx in every sentence. Its own
# prefilter works from the words it can read off the pattern; for patterns
# whose words are common ("he", "is", "me", "the "), that costs more than the
# search. anchored(rx, ctx, words) gives exactly what scan(rx, ctx) gives when
# EVERY match of rx contains (case-insensitively) one of `words`: a sentence
# without any of them holds no match, so it is not searched, and every other
# sentence is searched the same way scan searches it (rx.finditer over the
# segment's prose between the sentence's bounds), in the same order. Several
# word groups mean every match (or every match the rule keeps: see the
# callers) contains a word of each group. Each caller says why its words are
# exact; tests/test_speed_statements.py checks them against sampled matches.
#
# Which anchors of all these rules occur in a segment comes from the shared
# one-pass word set of its prose (prefilter.present_words); where they occur,
# from str.find for those few. A segment whose lower-casing may hide a
# case-insensitive match (prefilter.case_safe) has every sentence searched.


class _Anchors:
    words: set = set()
    frozen: frozenset = frozenset()
    version = 0
    taught: tuple = ()  # (words, version of the shared word set) when present_words last learnt them


def anchor_words(words) -> frozenset:
    """Register lower-case anchor words (found in every post from now on)."""
    found = frozenset(w.lower() for w in words)
    if not found or not all(found):
        raise ValueError("anchor words must be non-empty strings")
    if not _Anchors.words.issuperset(found):
        _Anchors.words = _Anchors.words | found
        _Anchors.frozen = frozenset(_Anchors.words)
        _Anchors.version += 1
    return found


class _SegAnchors:
    """One segment of a post: its sentences, and which anchor words occur in it (where: found on demand)."""

    __slots__ = ("seg", "starts", "sents", "text", "present", "_occ", "_ks")

    def __init__(self, seg, starts, sents, text, present):
        self.seg, self.starts, self.sents = seg, starts, sents
        self.text = text  # the lower-cased prose
        self.present = present  # anchor words that occur; None: unknown (search everything)
        self._occ: dict = {}
        self._ks: dict = {}

    def places(self, w: str) -> list[int]:
        """Every start of the (present) anchor word w in the lower-cased prose."""
        found = self._occ.get(w)
        if found is None:
            found = self._occ[w] = []
            text = self.text
            i = text.find(w)
            while i != -1:
                found.append(i)
                i = text.find(w, i + 1)
        return found

    def sentences_with(self, words: frozenset) -> set[int]:
        """Numbers of the sentences in which one of `words` starts (as scan places a word)."""
        out: set[int] = set()
        for w in words.intersection(self.present):
            ks = self._ks.get(w)
            if ks is None:
                starts = self.starts
                ks = self._ks[w] = {k for k in (bisect.bisect_right(starts, i) - 1 for i in self.places(w)) if k >= 0}
            out |= ks
        return out

    def any_in(self, words: frozenset, start: int, end: int) -> bool:
        """Does one of `words` start in [start, end) of the segment's prose (None: unknown, say yes)?"""
        if self.present is None:
            return True
        for w in words.intersection(self.present):
            for i in self.places(w):
                if start <= i < end:
                    return True
        return False


def _present(text: str, words: frozenset, lowered: str) -> frozenset:
    """prefilter.present_words(text, words, lowered), without teaching it the same words on every call.

    present_words first makes sure the shared word set knows `words` (a superset test over all of them,
    ~40 us for these), then intersects the text's cached word set with them. The shared set only ever
    grows (prefilter._Present.learn), so once it has been taught these words and has not changed
    since (same version), its word set of a text is intersected directly: the same result.
    """
    shared = getattr(prefilter, "_Present", None)
    version = getattr(shared, "version", None)
    if shared is None or version is None or _Anchors.taught != (words, version):
        found = present_words(text, words, lowered)
        _Anchors.taught = (words, getattr(shared, "version", None))
        return found
    return shared.of(text, lowered) & words


class _PostAnchors(list):
    """anchor_index(ctx): the segments, and `present`, every anchor word of the post (None: unknown)."""

    present: frozenset | None = None


def anchor_index(ctx) -> _PostAnchors:
    """Per segment with sentences, in post order: its sentences and which anchors it holds."""
    cached = ctx.cache.get("anchored")
    if cached is not None and cached[0] == _Anchors.version:
        return cached[1]
    words = _Anchors.frozen
    every = sentences(ctx)
    low = lowered_prose(ctx)
    out = _PostAnchors()
    union: frozenset | None = frozenset()
    for seg in ctx.post.segments:
        sents = [sent for sent in every if sent.seg is seg]  # in the order common.scan numbers them
        if not sents:
            continue
        present = None
        if case_safe(seg.prose):
            # Which anchors occur: the shared one-pass word set of the text (prefilter.present_words,
            # usually computed already for the topics); where, for those asked about, by str.find.
            present = _present(seg.prose, words, low[id(seg)])
        union = None if present is None or union is None else union | present
        out.append(_SegAnchors(seg, [sent.start for sent in sents], sents, low[id(seg)], present))
    out.present = union
    ctx.cache["anchored"] = (_Anchors.version, out)
    return out


def anchored(rx: re.Pattern, ctx, *groups: frozenset):
    """scan(rx, ctx), searching only sentences that hold a word of every group (see above)."""
    index = anchor_index(ctx)
    everywhere = index.present
    if everywhere is not None:
        for g in groups:
            if g.isdisjoint(everywhere):
                return  # no sentence of the post holds a word of this group
    for sa in index:
        present = sa.present
        if present is None:
            ks = range(len(sa.sents))
        else:
            if len(groups) == 1:
                found = sa.sentences_with(groups[0])
            else:
                mine = [g.intersection(present) for g in groups]
                if not all(mine):
                    continue
                # Places of the group with the fewest words present; the other groups are then only
                # looked for inside those sentences (a word of a match lies inside its sentence).
                mine.sort(key=len)
                found = sa.sentences_with(mine[0])
                text, sents = sa.text, sa.sents
                for ws in mine[1:]:
                    if not found:
                        break
                    found = {k for k in found if any(w in text[sents[k].start : sents[k].end] for w in ws)}
            if not found:
                continue
            ks = sorted(found)
        prose, sents = sa.seg.prose, sa.sents
        for k in ks:
            sent = sents[k]
            for m in rx.finditer(prose, sent.start, sent.end):
                yield sent, RelMatch(m, sent.start)


def post_has(ctx, words: frozenset) -> bool:
    """Might one of `words` occur in the post's prose (True when a segment is not case-safe)?"""
    everywhere = anchor_index(ctx).present
    return everywhere is None or not words.isdisjoint(everywhere)


_CLINICAL_FRAME = re.compile(
    r"\b(?:diagnos(?:ed|is|es|ing)(?: \w+)? (?:with|of)|treat(?:s|ed|ing|ment)?(?: for| of)?|people (?:with|living with|who have)|"
    r"(?:living|lives|live) with|symptoms? of|signs? of|specialis(?:e|es|ing)|specializ(?:e|es|ing) in|criteria for|"
    r"(?:has|have|had|having) (?:a diagnosis of )?|with|disorder|diagnostic|clinical|episodes? of|history of|screen(?:ed|ing)? for|"
    r"medication for|therapy for|research on|studies of|prevalence of|rates of)\s+(?:\w+\s+)?$",
    re.I,
)


def _clinical(text: str, start: int) -> bool:
    return bool(_CLINICAL_FRAME.search(text[max(0, start - 50) : start]))


_RX: dict[str, re.Pattern] = {}


def rx(key: str, flags=re.I) -> re.Pattern:
    if key not in _RX:
        _RX[key] = compile_list(L, key, flags)
    return _RX[key]


# Anchors of the lists whose words prefilter.required() reads off are common
# ("about", "with", "share", "real ", "gg"): chosen by hand from the terms in
# data/language.yaml. Each set holds a string that every match of the list
# contains (lower case; the lists match case-insensitively or, for "aimed",
# have their anchor words in lower case):
_MODIFIERS = ("so", "a bit", "a little", "kind of", "kinda", "sort of", "totally", "such a", "such an", "super", "really", "very",
              "oo", "slightly", "bit")  # "oo add" is in every "sooo+ ADD"
_LIST_ANCHORS = {
    # Every term names a diagnosis from this list, or is a breakdown/meltdown; ADD (a common
    # trigram) only after one of the modifiers of the first term, with one space between.
    "metaphors": ("ocd", "bipolar", "schizo", "adhd", "autistic", "anorexic", "psychotic", "paranoid", "ptsd", "manic",
                  "borderline", "neurotic", "hypochondriac", "mental breakdown", "meltdown") + tuple(f"{m} add" for m in _MODIFIERS),
    # Term by term: a blame phrase, the tail of "should have known better…", "shouldn't have …",
    # the "…a target / vulnerable / at risk" endings, "put herself in …", "own (up to) their part",
    # "their own part in", the clothing terms, "partly to blame", "dressed …", "led her on",
    # "if she hadn't been drinking / worn / gone / walked", "too drunk to …".
    "victim_blaming": ("asking for it", "asked for it", "what did ", "known better", "been more careful", "not have ", "n't have ",
                       "have stayed", "have fought back", "target", "vulnerable", "at risk",
                       "herself in ", "himself in ", "themselves in ", "yourself in ", "have been ", "have happened if",
                       " on you", " on her", " on him", " on them", " with you", " with her", " with him", " with them", " shocked ", " surprised ", "responsibility for", "blame for")
    + tuple(f"{o} {u}{p} " for o in ("own", "owns", "owned", "owning") for u in ("", "up to ") for p in ("their", "your", "her", "his"))
    + ("own part in", "own share in", "own role in", "own responsibility in", "outfit", "clothes", "clothing", "dress", "skirt")
    + tuple(f"{a} {b}" for a in ("partly", "partially", "somewhat") for b in ("to blame", "responsible", "at fault"))
    + ("led him on", "led her on", "led them on", " been drinking", " worn", " gone", " walked", "drunk to ")
    # "what did she think would happen", "brought it on herself", "asking for trouble".
    + ("happen", "on herself", "on himself", "on themselves", "on yourself", "asking for trouble")
    # "the responsibility … has to sit with her", "those choices made it more likely".
    + ("responsib", "blame", "fault", "likely", "next time"),
    "gender": ("transgender", "sex change", "sex-change", "biologically ", "biological ", "born ", "real sex", "real gender",
               "preferred pronouns", "preferred name", "preferred gender", "transsexual", "tranny", "trannies", "transvestite",
               "gender confus", "sex confus"),
    "slurs": ("retard", "libtard", "spaz", "spastic", "mongoloid", "midget", "gyp", "fag", "dyke", "trannies", "tranny", "shemale",
              "nigg", "n1gg", "chink", "spic", "wetback", "kike", "towelhead", "raghead", "gook", "redskin", "yellowskin", "cripple",
              "feeble-minded"),
    # The first two terms end or start with a danger word; the third has "ill(ness) causes/leads to…";
    # the fourth starts with shooter/gunman/killer/attacker; the fifth starts "<violence word> is/are/was/were ".
    "violence": ("danger", "violent", "threat", "ticking time bomb", "aggressive", "killer", "shooter", "gunman", "attacker")
    + tuple(f"{h} {v}" for h in ("ill", "illness") for v in ("causes", "caused", "leads to", "led to", "drives", "drove", "is behind", "fuels", "explains"))
    + tuple(f"{h} {v} " for h in ("shooting", "shootings", "killings", "attack", "attacks", "violence") for v in ("is", "are", "was", "were")),
}
_LIST_ANCHOR_SETS = {key: anchor_words(words) for key, words in _LIST_ANCHORS.items()}
_REQUIRED_ANCHORS: dict = {}


def _list_anchors(key: str, pattern: re.Pattern):
    """The anchors of one list: chosen above, else the words prefilter.required() proves every match holds."""
    if key in _LIST_ANCHOR_SETS:
        return _LIST_ANCHOR_SETS[key]
    try:
        return _REQUIRED_ANCHORS[key]
    except KeyError:
        words = required_for(pattern)
        found = _REQUIRED_ANCHORS[key] = anchor_words(words) if words else None
        return found


def each_of(key: str, ctx, flags=re.I):
    """common.each(rx(key, flags), ctx): every match that is not a mention, searched only where an anchor is."""
    pattern = rx(key, flags)
    anchors = _list_anchors(key, pattern)
    found = scan(pattern, ctx) if anchors is None else anchored(pattern, ctx, anchors)
    for s, m in found:
        if is_mention(s.seg, s.start + m.start(), s.start + m.end()):
            continue
        yield s, m


_REFUTED = re.compile(
    r"\b(?:myths?|misconceptions?|stereotypes?|stigma|(?:people|some|many|others|they) (?:often |still |sometimes )?(?:think|believe|assume|say|worry)|"
    r"(?:it|therapy|counsel+ing)(?:'s| is)n't (?:just |only )?for|(?:is|are) not (?:just |only )?for|the old idea|the belief that|the idea that)\b",
    re.I,
)


def _pejorative(post, ctx):
    aimed_spans = []
    for s, m in each_of("aimed", ctx, 0):
        aimed_spans.append((s.seg, s.start + m.start(), s.start + m.end()))
        # "Myth #1: Counselling is only for crazy people": a belief named in order to refute it.
        if _REFUTED.search(s.text[: m.start()]):
            continue
        yield s.hit(m, f"\"{m.group(0)}\" is aimed at people", Severity.BLOCK)
    for s, m in each_of("pejoratives", ctx):
        a = s.start + m.start()
        if any(seg is s.seg and x <= a < y for seg, x, y in aimed_spans):
            continue
        if m.group(0).lower().startswith("insanity") and re.search(r"\bdefen[cs]e|plea\b", s.text, re.I):
            continue  # the legal term
        yield s.hit(m, f"\"{m.group(0)}\"")


def _metaphor(post, ctx):
    for s, m in each_of("metaphors", ctx, re.I):
        yield s.hit(m, f"\"{m.group(0)}\"")


def _identity(post, ctx):
    for s, m in each_of("identity", ctx):
        if _clinical(s.text, m.start()):
            continue
        yield s.hit(m, f"\"{m.group(0)}\"")


def _pity(post, ctx):
    for s, m in each_of("pity", ctx):
        yield s.hit(m, f"\"{m.group(0)}\"")


def _violence(post, ctx):
    for s, m in each_of("violence", ctx):
        if negated(s.text, m.start(), 80) or re.search(r"\bmore likely to be (?:the )?victims\b|\bmyth\b|\brarely\b", s.text, re.I):
            continue
        yield s.hit(m, f"\"{m.group(0)}\"")


def _gender(post, ctx):
    sev = audience_severity(ctx, Severity.BLOCK, Severity.WARN)
    for s, m in each_of("gender", ctx, 0 | re.I):
        yield s.hit(m, f"\"{m.group(0)}\"", sev)


_SV_CONTEXT = re.compile(r"\b(?:assault\w*|rap(?:e|ed|ist)|sexual(?:ly)?|survivors?|harass\w*|abus\w*|attack\w*|violat\w*|consent|date rape|molest\w*)\b", re.I)


#: Every _SV_CONTEXT match begins with one of these (an exact shortcut for the search).
_SV_STARTS = ("assault", "rap", "sexual", "survivor", "harass", "abus", "attack", "violat", "consent", "date rape", "molest")


def _victim_blaming(post, ctx):
    # No anchor of the list anywhere: nothing can match, whatever the topic (exact; see _LIST_ANCHORS).
    if not post_has(ctx, _LIST_ANCHOR_SETS["victim_blaming"]):
        return
    if not any(search_from(_SV_CONTEXT, seg.prose, _SV_STARTS) for seg in post.segments if can_match(_SV_CONTEXT, seg.prose)):
        return
    for s, m in each_of("victim_blaming", ctx):
        # The negation must be in the blame's own clause: "if a girl gets that drunk around boys she
        # doesn't know, she's taking the blame for…" negates the knowing, not the blame.
        clause = max(s.text.rfind(",", 0, m.start()), s.text.rfind(";", 0, m.start())) + 1
        if negated(s.text[clause:], m.start() - clause, 40):
            continue
        yield s.hit(m, f"\"{m.group(0)}\"")


def _profanity(post, ctx):
    strong_sev = audience_severity(ctx, Severity.BLOCK, Severity.WARN)
    for s, m in each_of("profanity_strong", ctx):
        yield s.hit(m, f"\"{m.group(0)}\" is strong profanity", strong_sev)
    for s, m in each_of("profanity_mild", ctx):
        yield s.hit(m, f"\"{m.group(0)}\" is mild profanity", Severity.WARN)


def _slurs(post, ctx):
    for s, m in each_of("slurs", ctx):
        yield s.hit(m, f"\"{m.group(0)}\"")


SRC = "APA Inclusive Language Guide (2nd ed., 2023); AP Stylebook"


def rules() -> list[Rule]:
    return [
        Rule("B401", "mental-illness-pejorative", Severity.WARN,
             "A mental-illness word is used as an insult or exaggeration",
             "Words like crazy or psycho turn illness into an insult; readers who live with it hear that (APA Inclusive Language Guide).",
             "Say what you mean: chaotic, unbelievable, cruel, intense.",
             SRC, _pejorative,
             good=(Example(P + "Words like \"crazy\" can sting when you live with a mental illness.\n"),
                   Example(P + "## Myth: therapy is only for crazy people\n\nTherapy is for anyone who wants to understand themselves.\n")),
             bad=(Example(P + "What a crazy week it was.\n"), Example(P + "My ex is totally crazy.\n", severity=Severity.BLOCK),
                  Example(P + "Frankly, the man is an unhinged lunatic.\n", severity=Severity.BLOCK))),
        Rule("B402", "diagnosis-as-metaphor", Severity.WARN,
             "A diagnosis is used as a metaphor",
             "\"So OCD\" or \"the weather is bipolar\" trivialises conditions that disable people (APA Inclusive Language Guide).",
             "Describe the thing itself: particular, changeable, tidy.",
             SRC, _metaphor,
             good=(Example(P + "I treat OCD and bipolar disorder.\n"),),
             bad=(Example(P + "I'm a bit OCD about my desk.\n"), Example(P + "The weather this spring is so bipolar.\n"))),
        Rule("B403", "identity-by-diagnosis", Severity.WARN,
             "A person is called by their diagnosis",
             "\"A schizophrenic\" reduces someone to an illness; person-first language (\"a person with schizophrenia\") is the standard, except where a community prefers identity-first terms such as autistic.",
             "Write \"a person with schizophrenia\", \"people with anorexia\".",
             SRC, _identity,
             good=(Example(P + "Autistic adults often describe masking. People with schizophrenia deserve respect.\n"),),
             bad=(Example(P + "Many schizophrenics hear voices.\n"), Example(P + "The mentally ill are often ignored.\n"))),
        Rule("B404", "pity-framing", Severity.WARN,
             "Pity framing (suffers from, victim of, wheelchair-bound)",
             "Framing a condition as suffering or victimhood presumes a life of misery (APA Inclusive Language Guide; NCDJ style guide).",
             "Write \"has\", \"lives with\", \"uses a wheelchair\".",
             SRC + "; NCDJ Disability Language Style Guide", _pity,
             good=(Example(P + "She lives with depression and uses a wheelchair.\n"),),
             bad=(Example(P + "He suffers from depression.\n"),)),
        Rule("B405", "violence-attribution", Severity.WARN,
             "Mental illness is linked to violence",
             "People with mental illness are far more often victims than perpetrators of violence; linking the two without evidence spreads stigma (APA; AP Stylebook).",
             "Remove the link, or cite the evidence and its context.",
             SRC, _violence,
             good=(Example(P + "People with mental illness are more likely to be victims of violence than perpetrators.\n"),),
             bad=(Example(P + "The shooter was obviously mentally ill.\n"),)),
        Rule("B406", "non-affirming-gender", Severity.BLOCK,
             "Non-affirming language about transgender people",
             "Terms like \"transgendered\", \"sex change\" or \"preferred pronouns\" are inaccurate and hurtful (GLAAD Media Reference Guide).",
             "Write \"transgender\" (an adjective), \"transition\" or \"gender-affirming care\", \"pronouns\", \"assigned female at birth\".",
             "GLAAD Media Reference Guide (11th ed.); APA Guidelines for Psychological Practice with TGNC People (2015)", _gender,
             good=(Example(P + "Being transgender means someone's gender differs from the sex they were assigned at birth.\n"),
                  Example(P + "Avoid outdated terms such as \"transgendered\" and \"sex change\". Ask about pronouns.\n"),),
             bad=(Example(P + "Being transgender means someone was born male but knows she is a woman.\n"),
                  Example(P + "Her teen is transgendered and asked about a sex change.\n"),
                  Example(PRO + "Ask clients for their preferred pronouns.\n", severity=Severity.WARN))),
        Rule("B407", "victim-blaming", Severity.BLOCK,
             "Survivors of sexual violence are blamed",
             "Blaming survivors for their clothing, drinking or choices is false and retraumatising; responsibility lies with the perpetrator (RAINN; EVAWI).",
             "Remove the blame; say plainly that assault is never the survivor's fault.",
             "RAINN; EVAWI 'Start by Believing'", _victim_blaming,
             good=(Example(P + "After an assault, many survivors hear \"what were you wearing?\" It was never your fault.\n"),
                   Example(P + "After an assault, never ask a friend whether she'd have been safer if she'd stayed home: the choice was his.\n")),
             bad=(Example(P + "She was assaulted at a party. None of it was her fault, but next time she should stay with her friends and skip the drinks.\n"),
                  Example(P + "After the assault she had to own her part: her drinking made her a target.\n"),
                  Example(P + "When she tells you about the assault, gently ask whether she would have been safer if she had left the party earlier.\n"),
                  Example(P + "About sexual assault at parties, I tell teens straight: if you get very drunk and wander off alone, part of that is on you.\n"))),
        Rule("B408", "profanity", Severity.BLOCK,
             "Profanity",
             "Strong profanity on a public clinical site undermines trust and professionalism (APA 5.01; ACA C.3).",
             "Rephrase without the word.",
             "APA Ethics Code 5.01; ACA Code C.3; Ofcom (2021) offensive language research", _profanity,
             good=(Example(P + "It was a hard, exhausting week.\n"),),
             bad=(Example(P + "It was a shitty week.\n"), Example(P + "Damn, that was a long week.\n", severity=Severity.WARN))),
        Rule("B409", "slurs", Severity.BLOCK,
             "A slur",
             "Slurs demean whole groups of people, including the clients this site serves.",
             "Remove the word.",
             "GLAAD; Special Olympics (r-word); ADL", _slurs,
             good=(Example(P + "Terms like \"retarded\" were once clinical and are now slurs.\n"),),
             bad=(Example(P + "That policy is retarded.\n"),)),
    ]
