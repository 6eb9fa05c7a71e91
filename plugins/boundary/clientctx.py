"""Client context: which paragraphs talk about a client, and which tell one person's story.

docs/checker.md: a paragraph (plus the sentence before and after) that contains a
client cue is client context. Many confidentiality rules fire only there, so
"I never write about clients" or a social-media policy does not trip them.

Two strengths:
- *generic*: clients in general ("many clients tell me…", "in session we…");
- *specific*: one person, couple or family the clinician treats ("a client I
  saw", "my patient", "someone I worked with"), not in a hypothetical ("if a
  client asks…"). A *story* is a specific paragraph and the paragraphs that
  carry on talking about that person, up to the next heading.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .lexicon import alternation, load_terms
from .prefilter import (
    can_match,
    case_safe,
    finditer_in_regions,
    finditer_starts,
    holds,
    present_words,
    required_for,
    requirement_for,
    words_of,
)

try:  # a C Aho-Corasick automaton (a dependency; the plain path below does without it)
    import ahocorasick
except ImportError:  # pragma: no cover - exercised by tests that hide it
    ahocorasick = None

try:  # Python 3.11+
    from re import _constants as _RC  # type: ignore[attr-defined]
    from re import _parser as _RP  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _RC  # type: ignore[no-redef]
    import sre_parse as _RP  # type: ignore[no-redef]



def safe_text(text: str) -> bool:
    """prefilter.case_safe(text) (which looks at the text's distinct non-ASCII characters only)."""
    return case_safe(text)


PARA_KINDS = ("paragraph", "list_item", "blockquote", "heading", "table_row", "html")

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n\s*\n")
_HYPOTHETICAL = re.compile(
    r"\b(?:if|when|whenever|should|suppose|supposing|imagine|say|unless|every|each|any|no|whether|let.s say|for example,? if)\b[^.?!]{0,40}$",
    re.I,
)
#: Longer than any _HYPOTHETICAL match (15 + 40 characters); see is_hypothetical.
_HYPOTHETICAL_REACH = 64
# "A client may…", "a client often feels…" describe anyone; "a woman I worked with
# spoke often about…" (past tense) is one person.
_MODAL_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,2}?(?:may|might|can|could|would|will|should|must|needs?|wants?|deserves?|has the right|tends? to|"
    r"(?:often|usually|sometimes|typically|generally) (?:feels?|has|is|says|finds?|comes?|needs?|wants?|worries|struggles?|asks?|tells?))\b",
    re.I,
)
_PAST_AFTER = re.compile(r"^\s*(?:[\w,]+\s+){0,3}?(?:\w+ed|came|told|said|was|were|had|began|went|made|brought|took|sat|left|wrote|called)\b", re.I)
THIRD_PERSON = re.compile(r"\b(?:she|her|hers|herself|he|him|his|himself)\b", re.I)
NAME_STOP = frozenset(
    """The This That These Those In On At And But So Then When While After Before Because If I We She He They It
    Her His Their Our My One Another Today Yesterday Tomorrow Last Next First Later Now Once Still Also Every Each Some
    Many Most No Not Yes Dr Mr Mrs Ms Miss Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
    March April May June July August September October November December What Why How Where Who Whom Which There Here
    Over Under During Since Until For From With Without About Like Just Even Only Sometimes Often Both Either Neither
    Although Though Instead Meanwhile Eventually Finally Slowly Together Week Weeks Session Sessions Therapy Client
    Clients Patient Patients Grief Anxiety Depression God Mom Dad Mum Christmas Thanksgiving Easter Ramadan Hanukkah
    OK Okay Oh Well Sure Maybe Perhaps Please Thank Thanks Hi Hello Dear Love All Any Such Other Others Everyone Nobody
    Someone Somebody Anyone Nothing Something Everything Let Don't Didn't Can't Won't It's I'm I've I'd She's He's
    They're We're You You're Your Yours""".split()
)


@dataclass
class Para:
    """One paragraph-like unit of one segment, with its context flags."""

    seg: object
    start: int
    end: int
    kind: str
    text: str  # prose slice (same offsets as the segment, minus start)
    generic: bool = False
    specific: bool = False  # a non-hypothetical specific cue in the window
    own_specific: bool = False  # ...in the paragraph itself
    story: int = -1  # story id, or -1
    sentences: list[tuple[int, int]] = field(default_factory=list)
    _low: str | None = field(default=None, compare=False, repr=False)
    _safe: bool | None = field(default=None, compare=False, repr=False)
    _words: tuple | None = field(default=None, compare=False, repr=False)  # (version, present words)

    @property
    def low(self) -> str:
        """text.lower(), made once (many rules look for words in it)."""
        if self._low is None:
            self._low = self.text.lower()
        return self._low

    @property
    def safe(self) -> bool:
        """prefilter.case_safe(text): a word search in `low` finds every case-insensitive match."""
        if self._safe is None:
            self._safe = safe_text(self.text)
        return self._safe

    def abs(self, i: int) -> int:
        return self.start + i

    @property
    def in_context(self) -> bool:
        return self.generic or self.specific or self.story >= 0


# --------------------------------------------------------------------------
# Which registered words occur in a paragraph: one automaton pass for all rules
# --------------------------------------------------------------------------


class _Words:
    """Every word a rule asked for (lower case), in one automaton (remade when the set grows)."""

    known: set = set()
    version = 0
    built = -1
    auto: object = None


def learn_words(words) -> None:
    """Make para_words() report these words too (rules call it once, at import)."""
    if not _Words.known.issuperset(words):
        _Words.known = _Words.known | set(words)
        _Words.version += 1


def para_words(p: Para) -> frozenset:
    """The learnt words that occur in p.text.lower(): plain substring search, the same answer as
    prefilter.present_words(p.text, words) for any learnt `words` (intersect with them)."""
    got = p._words
    if got is not None and got[0] == _Words.version:
        return got[1]
    if _Words.built != _Words.version:
        _Words.built = _Words.version
        if ahocorasick is not None and _Words.known:
            auto = ahocorasick.Automaton()
            for w in _Words.known:
                auto.add_word(w, w)
            auto.make_automaton()
            _Words.auto = auto
        else:
            _Words.auto = tuple(_Words.known)
    low = p.low
    auto = _Words.auto
    if isinstance(auto, tuple):
        found = frozenset(w for w in auto if w in low)
    else:
        found = frozenset([w for _, w in auto.iter(low)])
    p._words = (_Words.version, found)
    return found



#: Words so common that looking for them filters nothing (and costs a hit in nearly every paragraph).
_COMMON = frozenset(
    "a an the my our your his her their this that these those one another i we you he she they it me us him them "
    "in on at of to for with and or is was up".split()
)


def _loose(expr):
    """A weaker requirement: an 'any' part that a common word (or one under 3 characters) would
    satisfy is dropped, since nearly every paragraph satisfies it (None: nothing required).

    Exact as a filter: dropping a part of an AND, or making an OR true, only
    lets more texts through, so a text the loose tree rejects cannot hold the
    full tree, and so cannot match.
    """
    if expr is None:
        return None
    kind, parts = expr
    if kind == "any":
        if any(len(w) < 3 or w.strip() in _COMMON for w in parts):
            return None
        return expr
    kept = [_loose(e) for e in parts]
    if kind == "and":
        kept = [e for e in kept if e is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else ("and", tuple(kept))
    if any(e is None for e in kept):  # an OR with an alternative that needs nothing
        return None
    return ("or", tuple(kept))


class Gate:
    """Exact filters for one pattern over a paragraph, answered from para_words.

    Built once per pattern (at import), so that no call looks a pattern up in a
    dict: hashing a compiled pattern hashes its whole compiled code, which for
    the large alternations costs more than the filter saves.

    - may_match(p): prefilter.may_match_text(rx, p.text), i.e. one of rx's
      required_for words occurs in p.text.lower() (True when it has none);
    - may_hold(p) (tree=True): False only when a case-safe p.text lacks what rx's
      loosened requirement tree needs (see _loose), like prefilter.can_match.
    """

    __slots__ = ("rx", "required", "tree", "tree_words")

    def __init__(self, rx: re.Pattern, tree: bool = False):
        self.rx = rx
        self.required = required_for(rx)
        self.tree = _loose(requirement_for(rx)) if tree else None
        self.tree_words = frozenset(words_of(self.tree))
        learn_words(self.tree_words if tree else (self.required or ()))

    def may_match(self, p: Para) -> bool:
        return self.required is None or not self.required.isdisjoint(para_words(p))

    def may_hold(self, p: Para) -> bool:
        if self.tree is None or not p.safe:
            return True
        words = para_words(p)
        # A requirement can only hold with at least one of its words present.
        if self.tree_words.isdisjoint(words):
            return False
        return holds(self.tree, words)


_TOLD_ME = re.compile(
    r"\b(?:a|an|one) (?:[\w-]+ ){0,3}[\w-]+ (?:who )?(?:told|tells|said to|asked|showed|wrote to|confided in) me\b", re.I
)
_TOLD_WORDS = required_for(_TOLD_ME)  # (looked up once: see Gate)
#: A paragraph that carries a story on without a pronoun: "We didn't talk about it…"
_CONTINUES = re.compile(
    r"\b(?:the|my|this|that) (?:client|patient|couple|family)\b|\bwe (?:didn't|did not|never|talked|worked|spent|agreed|tried|practi[cs]ed|met|ended|stopped|started|began|noticed|explored)\b",
    re.I,
)
_SPECIFIC: re.Pattern | None = None
_GENERIC: re.Pattern | None = None


def specific_rx() -> re.Pattern:
    global _SPECIFIC
    if _SPECIFIC is None:
        _SPECIFIC = re.compile(r"\b" + alternation("client_cues.yaml", "specific"), re.I)
    return _SPECIFIC


def generic_rx() -> re.Pattern:
    global _GENERIC
    if _GENERIC is None:
        _GENERIC = re.compile(r"\b" + alternation("client_cues.yaml", "generic"), re.I)
    return _GENERIC


def sentences(text: str) -> list[tuple[int, int]]:
    return list(_sentences(text))


@lru_cache(maxsize=4096)
def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Sentence spans of a paragraph (a pure function of its text, so kept: paragraphs are split again and again)."""
    spans = []
    pos = 0
    # _SENTENCE_END.finditer(text), inlined from _sentence_ends (see there why it is the same).
    for m in _SENTENCE_END_FAST.finditer(text):
        a = m.start(1)
        if a < 0:
            a = m.start()
        if a > pos:
            spans.append((pos, a))
        pos = m.end()
    if pos < len(text.rstrip()):
        spans.append((pos, len(text.rstrip())))
    return tuple((a, b) for a, b in spans if text[a:b].strip())


#: _SENTENCE_END with the character its lookbehind looks at consumed instead (group 1 is the rest).
_SENTENCE_END_FAST = re.compile(r"[.!?…]([\"”’')\]]*\s+)(?=[\"“‘(\[]?[A-Z0-9])|\n\s*\n")


def _sentence_ends(text: str):
    """(start, end) of each _SENTENCE_END.finditer(text) match, from one scan in C.

    Exact: _SENTENCE_END_FAST begins with the class of characters a match can
    follow (first alternative) or begin with (second), so the regex engine skips
    ahead to them instead of trying the lookbehind everywhere. Its first
    alternative matches at j exactly when _SENTENCE_END's matches at j + 1 (the
    same text follows; group 1 is _SENTENCE_END's match). No match of either
    pattern contains one of . ! ? …, so the character at j is never inside the
    previous match and the scan reaches it; and at any place the two patterns try
    their alternatives in the same order, so the leftmost match found is the same.
    Checked by brute force in tests/test_speed_confidentiality.py.
    """
    for m in _SENTENCE_END_FAST.finditer(text):
        a = m.start(1)
        yield (m.start() if a < 0 else a), m.end()


def sentence_at(para: Para, i: int) -> tuple[int, int]:
    for a, b in para.sentences:
        if a <= i <= b:
            return a, b
    return 0, len(para.text)


def is_hypothetical(text: str, start: int, end: int) -> bool:
    """'If a client asks…', 'a client may…': a cue that names nobody in particular."""
    # _HYPOTHETICAL.search(text[sentence start : start]), looking only at the last
    # _HYPOTHETICAL_REACH characters: a match must end there and is at most 55 long
    # (its longest word, "for example, if", then {0,40}), so starts in that window.
    # The character before the window is searched from (pos=1) so that \b sees it,
    # as it would in the whole sentence; a sentence start (. ? ! or a line break) is
    # not a word character either, so \b sees the same there too.
    w = max(0, start - _HYPOTHETICAL_REACH)
    sent_start = max(text.rfind(".", w, start), text.rfind("?", w, start), text.rfind("!", w, start), text.rfind("\n", w, start))
    if sent_start >= 0 or w == 0:
        before = text[sent_start + 1 : start]
        m = _HYPOTHETICAL.search(before)
    else:
        m = _HYPOTHETICAL.search(text[w - 1 : start], 1)
    after = text[end : end + 60]
    if m:
        # "When a client came in last week…" is a story, not a rule of thumb.
        return not (m.group(0).lower().startswith("when") and _PAST_AFTER.match(after))
    return bool(_MODAL_AFTER.match(after))


def specific_cues(text: str) -> list[re.Match]:
    return [m for m in specific_rx().finditer(text) if not is_hypothetical(text, m.start(), m.end())]


def paragraphs(seg) -> list[Para]:
    out = []
    for b in seg.blocks:
        if b.kind not in PARA_KINDS:
            continue
        text = seg.prose[b.start : b.end]
        if not text.strip():
            continue
        p = Para(seg, b.start, b.end, b.kind, text)
        p.sentences = sentences(text)
        out.append(p)
    return out


def _sentence_cues_plain(p: Para) -> list[tuple[bool, bool]]:
    """(generic cue, specific cue) for each sentence of a paragraph, one regex pass each (any text)."""
    if not p.sentences:
        return []
    # One automaton pass (shared with can_match) tells which cue words occur.
    present = present_words(p.text, _SPECIFIC_SET)
    generic = bool(present & _GENERIC_SET) and can_match(generic_rx(), p.text)
    specific = bool(present) and can_match(specific_rx(), p.text)
    if not generic and not specific:
        return [(False, False)] * len(p.sentences)
    starts = [a for a, _ in p.sentences]
    out = [[False, False] for _ in p.sentences]
    if generic:
        for m in finditer_starts(generic_rx(), p.text):
            out[max(0, bisect.bisect_right(starts, m.start()) - 1)][0] = True
    if specific:
        for m in finditer_starts(specific_rx(), p.text):
            k = max(0, bisect.bisect_right(starts, m.start()) - 1)
            a, b = p.sentences[k]
            if not out[k][1] and not is_hypothetical(p.text[a:b], m.start() - a, m.end() - a):
                out[k][1] = True
    return [(g, x) for g, x in out]



# --------------------------------------------------------------------------
# Cues, sentence by sentence, searched only where their words are
# --------------------------------------------------------------------------
#
# _sentence_cues_plain searches a whole paragraph with the cue patterns as soon
# as the paragraph holds a cue's words anywhere ("the" in one sentence, "client"
# in another); the specific pattern is slow to run. Every cue term is made of
# literal text, alternations and optional parts only, so the lower-case strings
# a term can match can be spelled out; one automaton pass over the paragraph
# finds where any of them occurs, and only the sentences where one begins are
# searched. Exact, because (checked by spelled(); if it fails, the plain path runs):
#
# - every match is one of the spelled strings (lookarounds and \b consume
#   nothing), so on a case-safe text (prefilter.case_safe: lower-casing keeps
#   every character in place and agrees with the regex engine) a match at i
#   means that string occurs at i in the lower-cased text;
# - no spelled string holds . ! ? … or a line break, and each begins with a
#   letter or digit: a match cannot run over the end of a sentence (the
#   character there is one of those) nor begin in the quotes and spaces between
#   two sentences. A match starting in a sentence therefore ends before the next
#   one begins, and a search from a sentence's start sees exactly the matches
#   the whole-paragraph search found there.
#
# "A sentence" here is what the plain path counts a match to: from a sentence's
# start up to the next one's (the first also takes in anything before it).

#: At most this many strings are spelled out for the cue terms.
_SPELL_CAP = 50000
_NO_CROSS = frozenset(".!?…\n")


def _spell_seq(items) -> set[str] | None:
    out = {""}
    for op, av in items:
        got = _spell_item(op, av)
        if got is None or len(out) * len(got) > _SPELL_CAP:
            return None
        out = {a + b for a in out for b in got}
    return out


def _spell_item(op, av) -> set[str] | None:
    """Every string one parsed item can consume, or None when that is not a small finite set."""
    if op is _RC.LITERAL:
        return {chr(av)}
    if op is _RC.IN:
        if all(o is _RC.LITERAL for o, _ in av):
            return {chr(v) for _, v in av}
        return None
    if op is _RC.SUBPATTERN:
        if av[1] or av[2]:  # inline flags: not spelled
            return None
        return _spell_seq(av[-1])
    if op is _RC.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            got = _spell_seq(alt)
            if got is None:
                return None
            out |= got
            if len(out) > _SPELL_CAP:
                return None
        return out
    if op in (_RC.MAX_REPEAT, _RC.MIN_REPEAT):
        lo, hi, sub = av
        if hi > 2:
            return None
        once = _spell_seq(sub)
        if once is None:
            return None
        out, cur = set(), {""}
        for n in range(hi + 1):
            if n >= lo:
                out |= cur
            if n < hi:
                cur = {a + b for a in cur for b in once}
                if len(cur) > _SPELL_CAP:
                    return None
        return out
    if op in (_RC.AT, _RC.ASSERT, _RC.ASSERT_NOT):
        return {""}  # zero-width: consumes nothing
    return None


def spelled(pattern: str, flags: int = re.I) -> frozenset[str] | None:
    """The lower-case strings a match of `pattern` can be (None: not spelled, or not confined to a sentence)."""
    try:
        got = _spell_seq(list(_RP.parse(pattern, flags)))
    except (re.error, RecursionError):  # pragma: no cover - defensive
        return None
    if not got:
        return None
    low = {w.lower() for w in got}
    if any(not w or not (w[0].isascii() and w[0].isalnum()) or not _NO_CROSS.isdisjoint(w) for w in low):
        return None
    return frozenset(low)


_CUE_AUTO: object = None  # automaton (or None: the plain path); False until built


def _cue_automaton():
    """One automaton over the spelled strings of both cue lists: value (length, 1 generic | 2 specific)."""
    global _CUE_AUTO
    if _CUE_AUTO is None:
        kinds: dict[str, int] = {}
        for key, bit in (("generic", 1), ("specific", 2)):
            # The compiled pattern is r"\b" + the alternation of the terms: a match is
            # a match of one term.
            for term in load_terms("client_cues.yaml", key):
                words = spelled(term)
                if words is None or ahocorasick is None:
                    _CUE_AUTO = False
                    return None
                for w in words:
                    kinds[w] = kinds.get(w, 0) | bit
        global _CUE_KINDS
        _CUE_KINDS = kinds
        auto = ahocorasick.Automaton()
        for w, bits in kinds.items():
            auto.add_word(w, (len(w), bits))
        auto.make_automaton()
        _CUE_AUTO = auto
    return _CUE_AUTO or None


_CUE_KINDS: dict | None = None
_BOTH: list = [-1, None]  # [_Words.version it was built for, automaton]


def _both_automaton():
    """The cue strings (bits 1, 2) and every learnt word (bit 4) in one automaton: value
    (length, bits, string). None without pyahocorasick or when the cues are not spelled."""
    if _cue_automaton() is None:
        return None
    if _BOTH[0] != _Words.version:
        kinds = dict(_CUE_KINDS)
        for w in _Words.known:
            kinds[w] = kinds.get(w, 0) | 4
        auto = ahocorasick.Automaton()
        for w, bits in kinds.items():
            auto.add_word(w, (len(w), bits, w))
        auto.make_automaton()
        _BOTH[:] = [_Words.version, auto]
    return _BOTH[1]


_NO_CUES: dict[int, tuple] = {}


def _no_cues(n: int) -> tuple:
    """n sentences without a cue: one shared (read-only) value per n, recognised by identity in analyse."""
    got = _NO_CUES.get(n)
    if got is None:
        got = _NO_CUES[n] = ((False, False),) * n
    return got


def _sentence_cues(p: Para) -> list[tuple[bool, bool]]:
    """(generic cue, specific cue) for each sentence of a paragraph: the same as _sentence_cues_plain."""
    sents = p.sentences
    if not sents:
        return []
    auto = _both_automaton()
    if auto is None:
        return _sentence_cues_plain(p)
    low = p.low
    n = len(sents)
    hits = list(auto.iter(low))
    # The same pass answers para_words(p) (its learnt words, found in p.text.lower()).
    p._words = (_BOTH[0], frozenset([w for _, (_, bits, w) in hits if bits & 4]) if hits else frozenset())
    if not p.safe:
        return _sentence_cues_plain(p)
    if not hits:
        return _no_cues(n)
    gen_at: set[int] = set()
    spe_at: set[int] = set()
    starts = None
    for end, (length, bits, _w) in hits:
        if not bits & 3:
            continue
        if starts is None:
            starts = [a for a, _ in sents]
        k = bisect.bisect_right(starts, end - length + 1) - 1
        if k < 0:
            k = 0
        if bits & 1:
            gen_at.add(k)
        if bits & 2:
            spe_at.add(k)
    if starts is None:
        return _no_cues(n)
    # The plain path's own gates (its word lists), kept as they are.
    if gen_at and not any(w in low for w in _GENERIC_WORDS):
        gen_at = set()
    if spe_at and not any(w in low for w in _SPECIFIC_WORDS):
        spe_at = set()
    if not gen_at and not spe_at:
        return _no_cues(n)
    out = [[False, False] for _ in sents]
    text = p.text
    for k in gen_at:
        a = sents[k][0] if k else 0
        limit = starts[k + 1] if k + 1 < n else len(text)
        m = generic_rx().search(text, a)
        if m is not None and m.start() < limit:
            out[k][0] = True
    for k in spe_at:
        a, b = sents[k]
        limit = starts[k + 1] if k + 1 < n else len(text)
        for m in specific_rx().finditer(text, a if k else 0):
            if m.start() >= limit:
                break
            if not is_hypothetical(text[a:b], m.start() - a, m.end() - a):
                out[k][1] = True
                break
    return [(g, x) for g, x in out]


#: Words one of which every cue contains (a quick test before the regexes run).
_GENERIC_WORDS = ("client", "patient", "counselee", "analysand", "session", "caseload", "people i", "folks i", "the people", "those i", "in therapy with", "in my ")
_SPECIFIC_WORDS = _GENERIC_WORDS + ("someone", "somebody", "person", "man", "woman", "teen", "boy", "girl", "child", "kid", "couple", "family", "mother", "father",
                                    "mom", "dad", "parent", "veteran", "student", "adolescent", "widow", "nurse", "teacher", "retiree", "see me", "came to me",
                                    "referred", " me ", "treated", "saw ", "counsel", "appointment", "intake", "consultation", " call with")
_GENERIC_SET = frozenset(_GENERIC_WORDS)
_SPECIFIC_SET = frozenset(_SPECIFIC_WORDS)


#: A story about particular people, told in the past: who (a person, a family, "she") and what happened.
_DECLARED_STORY = re.compile(
    r"\b(?:she|he|they|a (?:family|couple|woman|man|mother|father|teen|teenager|boy|girl|widow|widower|veteran|nurse|teacher|student)|"
    r"the (?:family|couple|woman|man|mother|father|teen|boy|girl|parents|kids|children))\b[^.!?]{0,100}?"
    r"\b(?:was|were|had|lived|came|called|told|said|arrived|started|stopped|lost|left|moved|worked|cried|asked|wanted|could not|couldn't)\b",
    re.I,
)


def analyse(post) -> list[Para]:
    """Every paragraph of every segment, with client-context flags and story ids.

    A post whose frontmatter declares client material (`case_material` disguised, composite or
    consented) says by itself that its stories are about clients: there, a paragraph that tells a
    past story about particular people is a client's story even without a word for "client"."""
    all_paras: list[Para] = []
    story_id = 0
    declared = str(post.meta.get("case_material") or "none").strip().lower() in ("disguised", "composite", "consented")
    for seg in post.segments:
        paras = paragraphs(seg)
        # Cue flags per sentence, computed once: a paragraph's window is its own
        # sentences plus the last sentence before it and the first after it.
        flags = [_sentence_cues(p) for p in paras]
        for i, p in enumerate(paras):
            f = flags[i]
            if f and f is _NO_CUES.get(len(f)):
                p.own_specific = window_generic = False
            else:
                p.own_specific = any([x for _, x in f])
                window_generic = any([g for g, _ in f])
            # "My sister came to see me": a visit from the writer's own family is no client's story.
            if p.own_specific and _only_family_visits(p.text):
                p.own_specific = False
            window_specific = p.own_specific
            if i > 0 and paras[i - 1].kind != "heading" and flags[i - 1]:
                window_generic |= flags[i - 1][-1][0]
                window_specific |= flags[i - 1][-1][1]
            if i + 1 < len(paras) and p.kind != "heading" and flags[i + 1]:
                window_generic |= flags[i + 1][0][0]
                window_specific |= flags[i + 1][0][1]
            # "A widowed teacher told me…" inside client context is one person.
            # (Every _TOLD_ME match holds one of its verbs: a case-safe paragraph without any has none.)
            if window_generic and not window_specific and (not p.safe or _TOLD_WORDS is None or any(w in p.low for w in _TOLD_WORDS)):
                hits = [m for m in _TOLD_ME.finditer(p.text) if not is_hypothetical(p.text, m.start(), m.end())
                        and not _PEER.search(p.text[max(0, m.start() - 60) : m.start()])]
                if hits:
                    window_specific = True
                    p.own_specific = True
            # A story told without the word "client": the parse finds a narrative of care
            # ("a man I've been seeing on Tuesdays", "she came to see me", "J.R., 16, was admitted").
            if not window_specific and (one_client_narrates(p) or _care_narrative(p)):
                window_specific = True
                p.own_specific = True
            if not window_specific and declared and p.kind != "heading" and p.seg.is_body and _DECLARED_STORY.search(p.text):
                window_specific = True
                p.own_specific = True
            p.generic = window_generic
            p.specific = window_specific
        # Stories: a paragraph with its own specific cue starts one; following
        # paragraphs that keep talking about a third person carry it on.
        active = -1
        for p in paras:
            if p.kind == "heading":
                active = -1
                continue
            if p.own_specific:
                if active < 0:
                    story_id += 1
                    active = story_id
                p.story = active
            elif active >= 0 and (THIRD_PERSON.search(p.text) or _CONTINUES.search(p.text)):
                p.story = active
            else:
                active = -1
        all_paras.extend(paras)
    return all_paras


_FAMILY_VISIT = re.compile(
    r"\b(?i:my|our) (?i:sister|brother|mother|father|mom|mum|dad|son|daughter|husband|wife|partner|grandmother|grandfather|grandma|grandpa|"
    r"aunt|uncle|cousin|niece|nephew|friend|best friend|neighbou?r|colleague)(?:,? [A-Z][a-z]+,?)? (?:\w+ ){0,2}$"
)
_VISIT_CUE = re.compile(r"(?:came|come|comes) to see me\b|came to me (?:for|because|after|with|in)")


#: "One therapist told me…", "a colleague told me": a peer talking shop, not a client's story.
_PEER = re.compile(
    r"\b(?:therapists?|colleagues?|counsel+ors?|psychologists?|psychiatrists?|supervisors?|supervisees?|doctors?|physicians?|nurses?|"
    r"mentors?|peers?|co-?workers?|interns?|trainees?|clinicians?|social workers?|friends?|professors?|students?)\b(?:[^.!?]{0,40})$",
    re.I,
)


def _only_family_visits(text: str) -> bool:
    """Every specific cue of the paragraph is a visit ("came to see me") by the writer's own family or friend."""
    cues = specific_cues(text)
    return bool(cues) and all(
        _VISIT_CUE.match(m.group(0)) and _FAMILY_VISIT.search(text[max(0, m.start() - 60) : m.start()]) for m in cues
    )


#: A single client, however described ("one astute client", "a client of mine", "my newest client"), as
#: the subject of a narrative verb in the same sentence.
_NARRATES = (
    r"(?:said|told (?:me|us)|asked (?:me|us)|wrote to (?:me|us)|emailed (?:me|us)|texted (?:me|us)|messaged (?:me|us)|admitted|confided|confessed|explained|shared|"
    r"came in|came to (?:see me|therapy|group|our)|started (?:therapy|seeing me|coming)|presented|arrived|walked in|cried|laughed|sighed|"
    # what one person did in the room: "a new client began to cry", "burst into tears", "fell silent"
    r"began to \w+|started to (?:cry|sob|shake|laugh|talk|tell)|burst into tears|broke down|fell silent|went quiet|turned away|looked away|"
    r"hesitated|froze|nodded|shrugged|stopped coming|stopped showing up|cancell?ed|never came back|no-showed|"
    r"(?:was|were) unable to (?:make|come|attend)|could(?:n't| not) make (?:it|our|the|her|his))\b"
)
_ONE_CLIENT_NARRATES = re.compile(
    r"\b(?:a|one|my|this|that|another|the) (?:[\w-]+ ){0,2}?(?:client|patient|counselee)(?: of (?:mine|ours))?,?"
    r"(?: [\w-]+){0,3}? (?:once |later |recently |then |finally |just |even )?" + _NARRATES + "|"
    # "the client that saw me weekly for three months and suddenly stopped coming": one client, placed by a
    # relative clause, then what they did
    r"\b(?:a|one|the|this|that) (?:[\w-]+ ){0,2}?(?:client|patient|counselee) (?:who|that|whom)? ?"
    r"(?:I (?:saw|had seen|was seeing|had been seeing|treated|worked with|had worked with)|(?:had been |was )?(?:seeing|saw|came to see) (?:me|us))\b"
    r"[^.;!?]{0,90}?\b(?:suddenly |then |finally |later |once |just )?" + _NARRATES + "|"
    # "I would normally have been seeing a client, but she was unable to make our session"
    r"\bI (?:was|had been|would (?:normally |usually )?have been|am|was due to be) (?:seeing|meeting|working with) (?:a|one|my) (?:[\w-]+ )?(?:client|patient)\b"
    r"[^.;!?]{0,100}?\b(?:she|he|they)\b[^.;!?]{0,20}?\b" + _NARRATES,
    re.I,
)
_GENERIC_CLIENT = re.compile(r"\b(?:typical|average|prospective|potential|future|hypothetical|ideal|given|imaginary|new-client|every|any)\b", re.I)


def one_client_narrates(p) -> str:
    """The words where one client narrates in a sentence of this paragraph ("one astute client said"), or ''."""
    if "client" not in p.low and "patient" not in p.low and "counselee" not in p.low:
        return ""
    for a, b in p.sentences:
        sent = p.text[a:b]
        m = _ONE_CLIENT_NARRATES.search(sent)
        if m and not _GENERIC_CLIENT.search(m.group(0)) and not is_hypothetical(sent, m.start(), m.end()) \
                and not re.search(r"\b(?:may|might|could|would|can|will|should|must)\b", re.split(r"[\"“]", sent[m.end() :])[0], re.I):
            return m.group(0).lower()
    return ""


def _care_narrative(p: Para) -> bool:
    from .rules.structure import has_care_narrative

    return has_care_narrative(p)


def stories(paras: list[Para]) -> dict[int, list[Para]]:
    out: dict[int, list[Para]] = {}
    for p in paras:
        if p.story >= 0:
            out.setdefault(p.story, []).append(p)
    return out


def context(ctx) -> list[Para]:
    return ctx.memo("clientctx", lambda: analyse(ctx.post))


_INVENTED = re.compile(
    r"not (?:her|his|their|the (?:client|patient|person)'s) real name|names? (?:and (?:some |other |identifying )?details )?(?:has|have) been changed|"
    r"\(\s*names? (?:and details )?changed\s*\)|"
    r"names? (?:is|are|has been|have been) (?:invented|made up|changed|fictional|altered)|pseudonyms?|"
    r"I(?:'ll| will| am going to|'m going to) call (?:her|him|them)|(?:a|this is a) composite|composite (?:case|vignette|story|client|portrait)|"
    r"fictional|fictionali[sz]ed|not a real (?:person|client)|invented name|"
    r"details(?: of (?:any|the|each|every|all|our|my) (?:clients?|patients?|persons?|people|couples?|families))? (?:have been|has been|are|were|been) "
    r"(?:changed|altered|removed|omitted|disguised|stripped|fictionali[sz]ed)|"
    r"(?:changed|altered|removed|omitted|disguised) (?:all |any |the )?(?:identifying |personal )?details",
    re.I,
)


def _covered(expr, cores) -> bool:
    """Does every text that holds expr contain one of `cores`? (each word of an 'any' containing one
    of them; one covered part of an 'and'; every part of an 'or')."""
    if expr is None:
        return False
    kind, parts = expr
    if kind == "any":
        return all(any(c in w for c in cores) for w in parts)
    if kind == "and":
        return any(_covered(e, cores) for e in parts)
    return all(_covered(e, cores) for e in parts)


#: A few short strings one of which every _INVENTED match holds (checked against its requirement
#: tree at import: if the list stopped covering it, _INVENTED_CORES is None and can_match decides).
_INVENTED_CORES: tuple[str, ...] | None = ("name", "call", "pseudonym", "detail", "real", "composite", "fictional")
if not _covered(requirement_for(_INVENTED), _INVENTED_CORES):  # pragma: no cover - a changed pattern
    _INVENTED_CORES = None


_INVENTED_TREE = requirement_for(_INVENTED)
_INVENTED_AUTO: object = None


def _may_invent(prose: str) -> bool:
    """prefilter.can_match(_INVENTED, prose): holds(requirement, its words in prose.lower()) on a
    case-safe text, True otherwise; with a quick no when no core string is there."""
    global _INVENTED_AUTO
    if _INVENTED_TREE is None or not safe_text(prose):
        return True
    low = prose.lower()
    if _INVENTED_CORES is not None and not any(c in low for c in _INVENTED_CORES):
        return False
    if _INVENTED_AUTO is None:
        words = words_of(_INVENTED_TREE)
        if ahocorasick is not None:
            _INVENTED_AUTO = ahocorasick.Automaton()
            for w in words:
                _INVENTED_AUTO.add_word(w, w)
            _INVENTED_AUTO.make_automaton()
        else:
            _INVENTED_AUTO = tuple(words)
    auto = _INVENTED_AUTO
    present = frozenset(w for w in auto if w in low) if isinstance(auto, tuple) else frozenset([w for _, w in auto.iter(low)])
    return holds(_INVENTED_TREE, present)


def declares_invented(post) -> bool:
    return any(_INVENTED.search(seg.prose) for seg in post.segments if _may_invent(seg.prose))


def is_name(word: str, practice=None) -> bool:
    """Shaped like a given name or surname, in any script: "Leo", "Zoë", "Łukasz", "Anne-Marie"."""
    if not word or word in NAME_STOP:
        return False
    parts = word.split("-")
    if len(parts) > 2 or not all(len(p) >= 2 and p.isalpha() and p[0].isupper() and p[1:].islower() for p in parts):
        return False
    if practice is not None:
        for c in practice.clinicians:
            if word in c.name.split():
                return False
    return True


_CITED = re.compile(r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:'s)?(?: and [A-Z][a-z]+)?(?: et al\.?)?,? \(?(?:19|20)\d\d\b|\b(?:Dr\.|Professor|Prof\.) ([A-Z][a-z]+(?: [A-Z][a-z]+)?)")


#: Every _CITED match holds a year or a title, and no line break (only the lines with one are searched).
_CITED_ANCHOR = re.compile(r"(?:19|20)\d\d|Dr\.|Prof")


def cited_names(post) -> set[str]:
    """Names that appear as authors (Name 2014, Name et al.) or with a title: not clients."""
    names: set[str] = set()
    for seg in post.segments:
        prose = seg.prose
        # Every _CITED_ANCHOR match holds one of these literal strings: without any, there is none.
        if "19" not in prose and "20" not in prose and "Dr." not in prose and "Prof" not in prose:
            continue
        for m in finditer_in_regions(_CITED, prose, _CITED_ANCHOR):
            for g in m.groups():
                if g:
                    names.update(g.split())
    return names
