"""Which sensitive topics a post is about, and how centrally (for risk and safe messaging).

A topic is *central* when the title, the summary or a heading names it, or the
body returns to it again and again, in more than one paragraph; a single passing
mention ("I treat depression and suicidal thinking"), or one paragraph that cites
a statistic three times over, is not enough to require `risk: high`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .lexicon import load_terms
from .prefilter import case_safe, present_words, starts_for

#: Mentions in the body that make a topic central even if no headline names it: this many
#: in at least two paragraphs, or CENTRAL_ANYWHERE in any.
CENTRAL_MENTIONS = 3
CENTRAL_ANYWHERE = 5


@dataclass(frozen=True)
class Topic:
    name: str
    needs: str  # the lowest risk a post centrally about this topic may declare
    mentions: int
    in_headline: bool
    first: tuple[object, int] | None  # (segment, offset) of the first mention
    paragraphs: int = 1  # how many paragraphs of the body mention it
    words: int = 0  # words of the whole post

    @property
    def central(self) -> bool:
        if self.in_headline or self.mentions >= CENTRAL_ANYWHERE:
            return True
        # Several mentions: in more than one paragraph, or so dense that the post is about little else.
        return self.mentions >= CENTRAL_MENTIONS and (self.paragraphs >= 2 or self.mentions * DENSE_WORDS >= self.words)


#: One mention in this many words of a post, or more, is a post about the topic.
DENSE_WORDS = 50


_PATTERNS: dict[str, re.Pattern] = {}


def pattern(topic: str) -> re.Pattern:
    if topic not in _PATTERNS:
        terms = load_terms("topics.yaml", topic)
        _PATTERNS[topic] = re.compile(r"\b(?:" + "|".join(terms) + r")", re.I)
    return _PATTERNS[topic]


TOPICS = {"suicide": "high", "self-harm": "high", "eating-disorders": "medium"}

#: Lower-case strings one of which every match of a topic's pattern begins with
#: (prefilter.starts_for: derived from the parsed pattern, so exact by construction).
_STARTS: dict[str, frozenset[str]] | None = None
_ALL_STARTS: frozenset[str] = frozenset()


def _starts() -> dict[str, frozenset[str]] | None:
    global _STARTS, _ALL_STARTS
    if _STARTS is None:
        found = {name: starts_for(pattern(name)) for name in TOPICS}
        _STARTS = {name: frozenset(v) for name, v in found.items()} if all(found.values()) else {}
        _ALL_STARTS = frozenset().union(*_STARTS.values())
    return _STARTS


def _mentions_in(text: str, low: str | None = None) -> list[list[re.Match]]:
    """For each topic (in TOPICS order), every match of its pattern in text, as rx.finditer gives them.

    Every match begins where one of the topic's start strings occurs in the
    lowered text (on a case-safe text, lowering keeps every offset and every
    case-insensitive match), so the leftmost match at or after any point
    begins at one of those places, and rx.match there is the attempt a search
    makes there. Which start strings occur at all comes from the shared
    one-pass word set of the text (prefilter.present_words); usually none do.
    low, when given, is text.lower() (computed once per post by the rules).
    """
    starts = _starts()
    if not starts or not case_safe(text):
        return [list(pattern(name).finditer(text)) for name in TOPICS]
    present = present_words(text, _ALL_STARTS, low)
    out: list[list[re.Match]] = []
    for name in TOPICS:
        words = present & starts[name]
        found: list[re.Match] = []
        if words:
            if low is None:
                low = text.lower()
            places: set[int] = set()
            for w in words:
                i = low.find(w)
                while i != -1:
                    places.add(i)
                    i = low.find(w, i + 1)
            match = pattern(name).match
            last = 0
            for i in sorted(places):
                if i < last:
                    continue
                m = match(text, i)
                if m is not None:
                    found.append(m)
                    last = m.end() if m.end() > i else i + 1
        out.append(found)
    return out


def detect(post, lowered: dict[int, str] | None = None) -> dict[str, Topic]:
    """The topics of a post; lowered: {id(segment): segment.prose.lower()}, if already made."""
    names = tuple(TOPICS)
    mentions = [0] * len(names)
    in_headline = [False] * len(names)
    first: list = [None] * len(names)
    paras: list[set] = [set() for _ in names]
    words = 0
    for seg in post.segments:
        words += len(seg.prose.split())
        headline = seg.name in ("title", "summary")
        low = lowered.get(id(seg)) if lowered else None
        blocks = sorted(seg.blocks, key=lambda b: b.start) if seg.name == "body" else []
        starts = [b.start for b in blocks]
        for k, hits in enumerate(_mentions_in(seg.prose, low)):
            if not hits:
                continue
            if first[k] is None or headline:
                first[k] = first[k] or (seg, hits[0].start())
            if headline:
                in_headline[k] = True
            mentions[k] += len(hits)
            for h in hits:
                i = bisect.bisect_right(starts, h.start()) - 1
                if blocks and i >= 0 and blocks[i].kind == "heading" and h.start() < blocks[i].end:
                    in_headline[k] = True  # a heading of the post names it
                paras[k].add((id(seg), i))
    return {name: Topic(name, TOPICS[name], mentions[k], in_headline[k], first[k], len(paras[k]), words) for k, name in enumerate(names)}


RISK_ORDER = {"low": 0, "medium": 1, "high": 2}
