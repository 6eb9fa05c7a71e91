"""Helpers the rule families share: sentences, mention vs use, negation, quotation."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterator

from .. import clientctx as cc
from ..lexicon import alternation
from ..prefilter import LiteralIndex, PatternCache, case_safe, compile_holds, required_for, requirement_for, satisfying_bits, words_of
from ..model import Hit, Severity


@dataclass
class Sentence:
    seg: object
    para: cc.Para
    start: int  # offset in the segment
    end: int
    text: str  # prose
    k: int = 0  # its position in the paragraph

    def hit(self, m, detail: str = "", severity: Severity | None = None) -> Hit:
        a, b = m if isinstance(m, tuple) else (m.start(), m.end())
        return Hit(self.seg, self.start + a, self.start + b, detail, severity)

    @property
    def raw(self) -> str:
        return self.seg.text[self.start : self.end]


def sentences(ctx) -> list[Sentence]:
    def compute():
        out = []
        for para in cc.context(ctx):
            for k, (a, b) in enumerate(para.sentences):
                out.append(Sentence(para.seg, para, para.start + a, para.start + b, para.text[a:b], k))
        return out

    return ctx.memo("sentences", compute)


def paragraphs(ctx) -> list[cc.Para]:
    return cc.context(ctx)


def compile_list(name: str, key: str, flags=re.I, prefix: str = r"\b", suffix: str = r"(?![\w])") -> re.Pattern:
    return re.compile(prefix + alternation(name, key) + suffix, flags)


NEGATION = re.compile(
    r"\b(?:never|not|no|n't|don't|do not|doesn't|does not|didn't|won't|will not|wouldn't|isn't|aren't|wasn't|cannot|can't|"
    r"avoid|avoids|avoiding|refuse|refuses|without|instead of|rather than|stop saying|myth|misconception|false|untrue|nor)\b",
    re.I,
)
_WORD_AS_WORD = re.compile(
    r"(?:\b(?:terms?|words?|labels?|phrases?|expressions?|language|slurs?|names?)(?:,? (?:such as|like|including))?|"
    r"\bcall(?:ing|ed|s)? (?:someone|people|them|him|her|a person|yourself|ourselves|it|each other)|"
    r"\b(?:say(?:ing|s)?|said|instead of|rather than|replac(?:e|ed|es|ing)|the word|the term|the label|the phrase|such as|words? like))"
    r"\s*[:,]?\s*$",
    re.I,
)


#: Someone else brought in by the writer ("my father", "a client", "the man next door"): a "he" or "she" after it may
#: be them, not a public figure named earlier (B601).
OTHER_PERSON = re.compile(
    r"\b(?:my|our|your|his|her|their|a|an|the|this|that|one) (?:[\w-]+ )?(?:father|mother|dad|mum|mom|son|daughter|brother|sister|husband|wife|"
    r"partner|friend|client|patient|man|woman|boy|girl|colleague|neighbou?r|teen|teenager|child|kid|grandfather|grandmother|grandpa|grandma|"
    r"uncle|aunt|cousin|boss|student|veteran|nephew|niece|stepfather|stepmother|fiancée?|boyfriend|girlfriend)\b",
    re.I,
)

#: A sentence that warns readers about someone else's promise ("if a therapist or app guarantees a cure,
#: that's a reason to be careful", "beware of anyone who promises your money back"): about promises, not one.
OTHERS_PROMISE = re.compile(
    r"\b(?:beware|red flag|be wary|wary of|promises? (?:like|such as)|no (?:one|ethical|honest|reputable)|(?:can't|cannot|can not) (?:promise|guarantee)|"
    r"(?:reason|need) to be (?:careful|wary|cautious|suspicious)|warning sign|walk away|if (?:a|an|any|another|some) (?:\w+,? ){0,3}(?:therapist|coach|app|"
    r"program(?:me)?|clinic|practice|provider|website|course|someone|anyone|company|counsell?or|book))\b",
    re.I,
)


#: Clients' accounts of their therapy, presented as such ("These stories describe my clients' experiences in
#: working with me"): a client's own account (B105) and, in the first person with praise, testimony (B504).
CLIENT_ACCOUNTS = re.compile(
    r"\b(?:stories|accounts|letters|reflections|testimonies)\b[^.!?\n]{0,30}?\b(?:describe|tell|share|are|recount|give)\b[^.!?\n]{0,10}?"
    r"\b(?:my|our) (?:former |past )?(?:clients|patients)['’]? (?:own )?(?:experiences?|stories|words|journeys?)\b",
    re.I,
)


def in_quotes(raw_segment_text: str, start: int, end: int) -> bool:
    """Is [start, end) inside quotation marks or emphasis (mention, or someone else's words)?"""
    line_start = raw_segment_text.rfind("\n\n", 0, start) + 1
    before = raw_segment_text[line_start:start]
    if before.count('"') % 2 == 1 or before.rfind("“") > before.rfind("”"):
        return True
    if before.rfind("‘") > before.rfind("’") and raw_segment_text.find("’", end) != -1:
        return True
    # 'word' in single quotes, or *word* / _word_ in emphasis (the term itself).
    pre = raw_segment_text[max(0, start - 2) : start]
    post = raw_segment_text[end : end + 2]
    for q in ("'", "*", "_", "`"):
        if pre.endswith(q) and post.startswith(q):
            return True
    return False


def quotable(seg) -> str:
    """The segment's text for in_quotes: its prose, where Markdown and HTML syntax is blanked, so that the
    quotation marks around a link's title or an attribute's value are not read as someone's words."""
    prose = seg.prose
    return prose if prose is not None and len(prose) == len(seg.text) else seg.text


def is_mention(seg, start: int, end: int) -> bool:
    """A word discussed as a word ("terms like 'addict' hurt") rather than used."""
    if in_quotes(quotable(seg), start, end):
        return True
    before = seg.prose[max(0, start - 40) : start]
    return bool(_WORD_AS_WORD.search(before))


def negated(text: str, start: int, window: int = 60) -> bool:
    """A negation or myth marker earlier in the same clause."""
    before = text[max(0, start - window) : start]
    before = re.split(r"[.;:!?]|\bbut\b", before)[-1]
    return bool(NEGATION.search(before))


def attributed_quote(seg, start: int, end: int) -> bool:
    """Inside a quotation that is attributed to someone (— Author, As X wrote…)."""
    if not in_quotes(seg.text, start, end):
        return False
    tail = seg.text[end : end + 200].split("\n\n")[0]
    head = seg.text[max(0, start - 200) : start].split("\n\n")[-1]
    return bool(re.search(r"[—–-]\s*[A-Z]|\b(?:wrote|writes|said|says|put it|observed|argued|noted)\b", tail + " " + head))


class RelMatch:
    """A match over a whole segment, seen from inside one sentence (same API as re.Match)."""

    __slots__ = ("_m", "_base")

    def __init__(self, m: re.Match, base: int):
        self._m = m
        self._base = base

    def start(self, g: int = 0) -> int:
        return self._m.start(g) - self._base

    def end(self, g: int = 0) -> int:
        return self._m.end(g) - self._base

    def group(self, *g):
        return self._m.group(*g)

    def groups(self):
        return self._m.groups()


def lowered_prose(ctx) -> dict[int, str]:
    return ctx.memo("lowered", lambda: {id(seg): seg.prose.lower() for seg in ctx.post.segments})


def _sentence_index(ctx):
    """Per segment: sorted sentence starts and the sentences, to place a match quickly."""

    def compute():
        index: dict[int, tuple[list[int], list[Sentence]]] = {}
        for sent in sentences(ctx):
            starts, sents = index.setdefault(id(sent.seg), ([], []))
            starts.append(sent.start)
            sents.append(sent)
        return index

    return ctx.memo("sentence_index", compute)


def _literal_index(ctx):
    """Per segment: where every rule's words occur in its lower-cased prose (one pass each)."""
    return ctx.memo("literal_index", lambda: {})


_PATTERN_INFO = PatternCache()


def _pattern_info(rx: re.Pattern):
    """(words, all_words, expr, holds) for rx, worked out once: the one-set filter (None
    when there is none), every word its filters ask about, its requirement tree and
    that tree compiled (prefilter.compile_holds)."""
    info = _PATTERN_INFO.get(rx, None)
    if info is not None:
        return info
    words = required_for(rx)
    if words is None:
        info = (None, frozenset(), None, None)
    else:
        LiteralIndex.learn_pattern(rx)
        expr = requirement_for(rx)
        info = (words, frozenset(words) | frozenset(words_of(expr)), expr, compile_holds(expr) if expr is not None else None)
    return _PATTERN_INFO.put(rx, info)


def _bits(n: int):
    """The set bits of n, lowest first."""
    while n:
        low = n & -n
        yield low.bit_length() - 1
        n ^= low


def scan(rx: re.Pattern, ctx) -> Iterator[tuple[Sentence, RelMatch]]:
    """Each match of rx in the prose of every segment, with the sentence it starts in.

    One regex pass per segment is much faster than one per sentence; a match
    that runs past its sentence's end is dropped (rules read one sentence).
    Only sentences in which one of the words every match needs starts are
    searched (prefilter.LiteralIndex finds all rules' words in one pass).
    Sets of sentences are ints, bit k for the segment's sentence k.
    """
    index = _sentence_index(ctx)
    words, all_words, expr, expr_holds = _pattern_info(rx)
    literal = _literal_index(ctx) if words is not None else None
    lowered = lowered_prose(ctx) if words is not None else None
    for seg in ctx.post.segments:
        key = id(seg)
        entry = index.get(key)
        if not entry:
            continue
        starts, sents = entry
        if words is None:
            candidates = range(len(sents))
        else:
            per_seg = literal.get(key)
            if per_seg is None:
                per_seg = literal[key] = (LiteralIndex(lowered[key]), {})
                per_seg[0].case_safe = case_safe(seg.prose)
            lit, by_word = per_seg
            if not all_words <= lit.words:  # a pattern first seen after this index was made
                lit.ensure(all_words)
            found = words & lit.present
            if not found:
                continue

            def where(w, lit=lit, by_word=by_word, starts=starts):
                bits = by_word.get(w)
                if bits is None:
                    bits = 0
                    for i in lit.positions(w):
                        k = bisect.bisect_right(starts, i) - 1
                        if k >= 0:
                            bits |= 1 << k
                    by_word[w] = bits
                return bits

            # The words of the one-set filter are present; the requirement tree
            # (every part of a sequence, one of an alternation) narrows it down.
            if expr is not None and lit.case_safe:
                if not expr_holds(lit.present):
                    continue  # not even the whole segment has what a match needs
                hit = satisfying_bits(expr, lit.present, where)
            else:
                hit = 0
                for w in found:
                    hit |= where(w)
            if not hit:
                continue
            candidates = _bits(hit)
        for k in candidates:
            sent = sents[k]
            for m in rx.finditer(seg.prose, sent.start, sent.end):
                yield sent, RelMatch(m, sent.start)


def each(rx: re.Pattern, ctx, *, skip_mentions: bool = True, skip_negated: bool = False) -> Iterator[tuple[Sentence, RelMatch]]:
    for s, m in scan(rx, ctx):
        if skip_mentions and is_mention(s.seg, s.start + m.start(), s.start + m.end()):
            continue
        if skip_negated and negated(s.text, m.start()):
            continue
        yield s, m


def audience_severity(ctx, strict: Severity, relaxed: Severity) -> Severity:
    return relaxed if ctx.audience == "professionals" else strict
