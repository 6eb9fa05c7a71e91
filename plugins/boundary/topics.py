"""Which sensitive topics a post is about, and how centrally (for risk and safe messaging).

A topic is *central* when the title or summary names it, or the body returns
to it again and again; a single passing mention ("I treat depression and
suicidal thinking") is not enough to require `risk: high`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import load_terms
from .prefilter import can_match

#: Mentions in the body that make a topic central even if the title does not name it.
CENTRAL_MENTIONS = 3


@dataclass(frozen=True)
class Topic:
    name: str
    needs: str  # the lowest risk a post centrally about this topic may declare
    mentions: int
    in_headline: bool
    first: tuple[object, int] | None  # (segment, offset) of the first mention

    @property
    def central(self) -> bool:
        return self.in_headline or self.mentions >= CENTRAL_MENTIONS


_PATTERNS: dict[str, re.Pattern] = {}


def pattern(topic: str) -> re.Pattern:
    if topic not in _PATTERNS:
        terms = load_terms("topics.yaml", topic)
        _PATTERNS[topic] = re.compile(r"\b(?:" + "|".join(terms) + r")", re.I)
    return _PATTERNS[topic]


TOPICS = {"suicide": "high", "self-harm": "high", "eating-disorders": "medium"}


def detect(post) -> dict[str, Topic]:
    out = {}
    for name, needs in TOPICS.items():
        rx = pattern(name)
        mentions = 0
        in_headline = False
        first = None
        for seg in post.segments:
            if not can_match(rx, seg.prose):
                continue  # none of the words a mention needs: no hits
            hits = list(rx.finditer(seg.prose))
            if not hits:
                continue
            if first is None or seg.name in ("title", "summary"):
                first = first or (seg, hits[0].start())
            if seg.name in ("title", "summary"):
                in_headline = True
            mentions += len(hits)
        out[name] = Topic(name, needs, mentions, in_headline, first)
    return out


RISK_ORDER = {"low": 0, "medium": 1, "high": 2}
