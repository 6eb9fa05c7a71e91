"""Helpers the rule families share: sentences, mention vs use, negation, quotation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from .. import clientctx as cc
from ..lexicon import alternation
from ..model import Hit, Severity


@dataclass
class Sentence:
    seg: object
    para: cc.Para
    start: int  # offset in the segment
    end: int
    text: str  # prose

    def hit(self, m: re.Match | tuple[int, int], detail: str = "", severity: Severity | None = None) -> Hit:
        a, b = (m.start(), m.end()) if isinstance(m, re.Match) else m
        return Hit(self.seg, self.start + a, self.start + b, detail, severity)

    @property
    def raw(self) -> str:
        return self.seg.text[self.start : self.end]


def sentences(ctx) -> list[Sentence]:
    def compute():
        out = []
        for para in cc.context(ctx):
            for a, b in para.sentences:
                out.append(Sentence(para.seg, para, para.start + a, para.start + b, para.text[a:b]))
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


def is_mention(seg, start: int, end: int) -> bool:
    """A word discussed as a word ("terms like 'addict' hurt") rather than used."""
    if in_quotes(seg.text, start, end):
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


def each(rx: re.Pattern, ctx, *, skip_mentions: bool = True, skip_negated: bool = False) -> Iterator[tuple[Sentence, re.Match]]:
    for s in sentences(ctx):
        for m in rx.finditer(s.text):
            if skip_mentions and is_mention(s.seg, s.start + m.start(), s.start + m.end()):
                continue
            if skip_negated and negated(s.text, m.start()):
                continue
            yield s, m


def audience_severity(ctx, strict: Severity, relaxed: Severity) -> Severity:
    return relaxed if ctx.audience == "professionals" else strict
