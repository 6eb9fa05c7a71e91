"""Skip a regex when the text cannot match it: the literal words every match must contain.

Most rules look for phrases most posts never use ("money-back", "hotspot").
Running each large alternation over every post is what made the checker slow;
checking first, with plain substring search, whether any of the words a match
would need is present is exact (never skips a possible match) and cheap.

`required(pattern)` walks the parsed pattern (Python's own regex parser) and
returns a set of lower-case strings such that every match contains at least
one of them, or None when no such set is useful.
"""

from __future__ import annotations

import re
from functools import lru_cache

try:  # Python 3.11+
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]

#: A set whose shortest string is shorter than this filters too little to be worth it.
MIN_LEN = 2


def _best(candidates: list[set[str]]) -> set[str] | None:
    good = [c for c in candidates if c]
    if not good:
        return None
    return max(good, key=lambda c: (min(len(s) for s in c), -len(c)))


def _seq(items) -> set[str] | None:
    candidates: list[set[str]] = []
    run = ""
    for op, av in items:
        if op is C.LITERAL:
            run += chr(av)
            continue
        if run:
            candidates.append({run.lower()})
            run = ""
        if op is C.SUBPATTERN:
            candidates.append(_seq(av[-1]) or set())
        elif op is C.BRANCH:
            branches = [_seq(b) for b in av[1]]
            if all(branches):
                candidates.append(set().union(*branches))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            lo, _hi, sub = av
            if lo >= 1:
                candidates.append(_seq(sub) or set())
        elif op is C.IN and len(av) == 1 and av[0][0] is C.LITERAL:
            run += chr(av[0][1])
    if run:
        candidates.append({run.lower()})
    return _best(candidates)


@lru_cache(maxsize=None)
def required(pattern: str, flags: int = 0) -> frozenset[str] | None:
    try:
        parsed = P.parse(pattern, flags)
    except (re.error, RecursionError):  # pragma: no cover - defensive
        return None
    found = _seq(list(parsed))
    if not found or min(len(s) for s in found) < MIN_LEN:
        return None
    # Lower-casing is what makes a case-insensitive pattern comparable with
    # lower-cased text; for a case-sensitive one it only widens the check.
    return frozenset(s.lower() for s in found)


_BY_PATTERN: dict[re.Pattern, frozenset[str] | None] = {}


def required_for(rx: re.Pattern) -> frozenset[str] | None:
    """required() for a compiled pattern, cached by the pattern object (flag arithmetic is slow)."""
    try:
        return _BY_PATTERN[rx]
    except KeyError:
        words = _BY_PATTERN[rx] = required(rx.pattern, int(rx.flags) & ~int(re.UNICODE))
        return words


def may_match(rx: re.Pattern, lowered_text: str) -> bool:
    words = required_for(rx)
    return words is None or any(w in lowered_text for w in words)
