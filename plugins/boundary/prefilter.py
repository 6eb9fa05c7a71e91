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
from operator import itemgetter

try:  # a C Aho-Corasick automaton when installed; a trie-shaped regex otherwise
    import ahocorasick
except ImportError:  # pragma: no cover - exercised by tests that hide it
    ahocorasick = None

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
def parsed_pattern(pattern: str, flags: int = 0) -> tuple:
    """Python's own parse of a pattern, once: the filters below each walk it (read only)."""
    return tuple(P.parse(pattern, flags))


@lru_cache(maxsize=None)
def required(pattern: str, flags: int = 0) -> frozenset[str] | None:
    try:
        parsed = parsed_pattern(pattern, flags)
    except (re.error, RecursionError):  # pragma: no cover - defensive
        return None
    found = _seq(list(parsed))
    if not found or min(len(s) for s in found) < MIN_LEN:
        return None
    # Lower-casing is what makes a case-insensitive pattern comparable with
    # lower-cased text; for a case-sensitive one it only widens the check.
    return frozenset(s.lower() for s in found)


_MISSING = object()


class PatternCache:
    """A cache keyed by a compiled pattern's identity.

    Hashing a re.Pattern hashes its whole compiled code, on every lookup (several
    microseconds for a large alternation), and scan() looks patterns up per
    segment. Keyed by id() instead; each entry keeps its pattern alive, so the
    id cannot be reused while it is cached, and the identity is checked.
    """

    __slots__ = ("_d",)

    def __init__(self):
        self._d: dict[int, tuple] = {}

    def get(self, rx, default=_MISSING):
        hit = self._d.get(id(rx))
        if hit is not None and hit[0] is rx:
            return hit[1]
        return default

    def put(self, rx, value):
        self._d[id(rx)] = (rx, value)
        return value

    def __contains__(self, rx) -> bool:
        return self.get(rx) is not _MISSING


_BY_PATTERN = PatternCache()


def required_for(rx: re.Pattern) -> frozenset[str] | None:
    """required() for a compiled pattern, cached by the pattern object (flag arithmetic is slow)."""
    words = _BY_PATTERN.get(rx)
    if words is _MISSING:
        words = _BY_PATTERN.put(rx, required(rx.pattern, int(rx.flags) & ~int(re.UNICODE)))
    return words


def may_match(rx: re.Pattern, lowered_text: str) -> bool:
    words = required_for(rx)
    return words is None or any(w in lowered_text for w in words)


# --------------------------------------------------------------------------
# Which sentences can match: a tree of required words
# --------------------------------------------------------------------------
#
# required() keeps one set of words per pattern; a pattern made of many
# alternatives often ends up with a set of very common words ("me", "us", "my")
# that nearly every sentence contains. requirement() keeps the structure
# instead: a sequence needs every part it is made of (AND), an alternation
# needs one of its alternatives (OR), each literal run is a word. A sentence
# that cannot satisfy the tree cannot contain a match, so it is not searched.


#: At most this many strings are kept when literal alternatives are spelled out.
MAX_SPELLED = 64


def _strings(op, av) -> set[str] | None:
    """The strings one item can match, if it is made of literals and alternations only."""
    if op is C.LITERAL:
        return {chr(av)}
    if op is C.IN and len(av) == 1 and av[0][0] is C.LITERAL:
        return {chr(av[0][1])}
    if op is C.SUBPATTERN:
        return _seq_strings(av[-1])
    if op is C.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            got = _seq_strings(alt)
            if got is None:
                return None
            out |= got
            if len(out) > MAX_SPELLED:
                return None
        return out
    return None


def _seq_strings(items) -> set[str] | None:
    out = {""}
    for op, av in items:
        got = _strings(op, av)
        if got is None or len(out) * len(got) > MAX_SPELLED:
            return None
        out = {a + b for a in out for b in got}
    return out


def _expr_seq(items):
    """AND of what a sequence needs: runs of literal text (alternatives spelled out), groups, repeats."""
    conj: list = []
    runs = {""}

    def flush():
        nonlocal runs
        if runs != {""} and min(len(r) for r in runs) >= MIN_LEN:
            words = sorted({r.lower() for r in runs})
            conj.append(("w", words[0]) if len(words) == 1 else ("or", tuple(("w", w) for w in words)))
        runs = {""}

    for op, av in items:
        got = _strings(op, av)
        if got is not None and len(runs) * len(got) <= MAX_SPELLED:
            runs = {a + b for a in runs for b in got}
            continue
        flush()
        if got is not None:
            runs = got
            continue
        if op is C.SUBPATTERN:
            sub = _expr_seq(av[-1])
            if sub is not None:
                conj.append(sub)
        elif op is C.BRANCH:
            alts = [_expr_seq(b) for b in av[1]]
            if all(a is not None for a in alts):
                conj.append(alts[0] if len(alts) == 1 else ("or", tuple(alts)))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            lo, _hi, sub = av
            if lo >= 1:
                sub_expr = _expr_seq(sub)
                if sub_expr is not None:
                    conj.append(sub_expr)
    flush()
    if not conj:
        return None
    return conj[0] if len(conj) == 1 else ("and", tuple(conj))


@lru_cache(maxsize=None)
def requirement(pattern: str, flags: int = 0):
    """("w", word) | ("and", parts) | ("or", parts) | None (no requirement), in lower case."""
    try:
        return _expr_seq(list(parsed_pattern(pattern, flags)))
    except (re.error, RecursionError):  # pragma: no cover - defensive
        return None


_REQ_BY_PATTERN = PatternCache()


def requirement_for(rx: re.Pattern):
    expr = _REQ_BY_PATTERN.get(rx)
    if expr is _MISSING:
        expr = _REQ_BY_PATTERN.put(rx, _normal(requirement(rx.pattern, int(rx.flags) & ~int(re.UNICODE))))
    return expr


def _normal(expr):
    """Words under one OR become ("any", frozenset): one set operation instead of a call per word."""
    if expr is None:
        return None
    kind = expr[0]
    if kind == "w":
        return ("any", frozenset((expr[1],)))
    if kind == "any":
        return expr
    parts = [_normal(e) for e in expr[1]]
    if kind == "or":
        words = frozenset().union(*(p[1] for p in parts if p[0] == "any"))
        rest = [p for p in parts if p[0] != "any"]
        if not rest:
            return ("any", words)
        return ("or", tuple(([("any", words)] if words else []) + rest))
    return ("and", tuple(parts))


def words_of(expr) -> set[str]:
    if expr is None:
        return set()
    if expr[0] == "w":
        return {expr[1]}
    if expr[0] == "any":
        return set(expr[1])
    return set().union(*(words_of(e) for e in expr[1]))


EMPTY: frozenset = frozenset()


def satisfying(expr, present: frozenset, where):
    """The places (e.g. sentence numbers) where expr holds.

    present: the words that occur at all; where(word): the places of one of them.
    """
    kind = expr[0]
    if kind == "any":
        hit = expr[1] & present
        if not hit:
            return EMPTY
        if len(hit) == 1:
            return where(next(iter(hit)))
        return frozenset().union(*(where(w) for w in hit))
    if kind == "and":
        out = None
        for part in expr[1]:
            got = satisfying(part, present, where)
            out = got if out is None else out & got
            if not out:
                return EMPTY
        return out
    out = EMPTY
    for part in expr[1]:
        out = out | satisfying(part, present, where)
    return out


def satisfying_bits(expr, present: frozenset, where) -> int:
    """satisfying() with places as the bits of an int: bit k set when expr holds at place k.

    where(word) returns the int of one word's places. Union and intersection of
    small ints are much cheaper than of frozensets, and a rule asks this for every
    text it reads.
    """
    kind = expr[0]
    if kind == "any":
        hit = expr[1] & present
        out = 0
        for w in hit:
            out |= where(w)
        return out
    if kind == "and":
        out = -1
        for part in expr[1]:
            out &= satisfying_bits(part, present, where)
            if not out:
                return 0
        return out
    out = 0
    for part in expr[1]:
        out |= satisfying_bits(part, present, where)
    return out


# --------------------------------------------------------------------------
# One pass per text for every rule's words
# --------------------------------------------------------------------------
#
# scan() used to search a post once per word per rule (about 2,000 str.find
# calls per post). Instead every word any rule has asked for goes into one
# trie-shaped regex; a single pass over the lower-cased text, with the regex
# inside a lookahead so that it is tried at every position, finds where every
# word occurs, overlapping occurrences included:
#
# - at each position the trie regex, tried longest branch first, returns the
#   longest word that starts there;
# - every other word that starts at the same position is a prefix of that one,
#   and the prefixes of each word are known in advance.
#
# So the set of (word, position) pairs is exactly what repeated str.find calls
# found. A word the trie does not know yet (the first post a rule sees) is
# searched the old way and learnt; the trie is rebuilt before the next text.


def _trie_pattern(words) -> str:
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Greedy: a longer word along this path is tried before ending here.
        return f"(?:{body})?" if "" in node else body

    return build(trie)


_second = itemgetter(1)


class LiteralIndex:
    """Where each known word occurs in a text: {word: [start, ...]} in one regex pass."""

    _known: set[str] = set()  # every word asked for so far, in this process
    _built: frozenset[str] = frozenset()
    _rx: re.Pattern | None = None
    _prefixes: dict[str, tuple[str, ...]] = {}

    _patterns = PatternCache()
    _version = 0  # of _known
    _built_version = -1

    @classmethod
    def learn(cls, words) -> None:
        if not cls._known.issuperset(words):
            cls._known.update(words)
            cls._version += 1

    @classmethod
    def learn_pattern(cls, rx: re.Pattern) -> None:
        """Every word rx's filters may ask about, at once (the trie is rebuilt only when this grows)."""
        if rx not in cls._patterns:
            cls._patterns.put(rx, True)
            cls.learn(set(required_for(rx) or ()) | words_of(requirement_for(rx)))

    @classmethod
    def _automaton(cls):
        if cls._built_version != cls._version:
            cls._built_version = cls._version
            words = frozenset(cls._known)
            if ahocorasick is not None:
                auto = ahocorasick.Automaton()
                for w in words:
                    auto.add_word(w, w)
                auto.make_automaton()
                cls._rx = auto if words else None
                cls._prefixes = {}
            else:
                cls._rx = re.compile("(?=(" + _trie_pattern(words) + "))", re.S) if words else None
                cls._prefixes = {w: tuple(p for p in (w[:i] for i in range(1, len(w) + 1)) if p in words) for w in words}
            cls._built = words
        return cls._rx, cls._built, cls._prefixes

    def __init__(self, text: str):
        self.text = text
        auto, self.words, prefixes = self._automaton()
        self.occ: dict[str, list[int]] = {}
        if auto is None:
            present: set[str] = set()
        elif not prefixes:  # Aho-Corasick, in C: which known words occur (positions on demand)
            present = set(map(_second, auto.iter(text)))
        else:
            present = set()
            for m in auto.finditer(text):
                present.update(prefixes[m.group(1)])
        self.present = frozenset(present)

    def ensure(self, words) -> None:
        """Make `words` and `present` cover words the automaton did not know (searched one by one)."""
        missing = [w for w in words if w not in self.words]
        if missing:
            found = {w for w in missing if self.positions(w)}
            self.words = self.words | set(missing)
            self.present = self.present | found

    def positions(self, word: str) -> list[int]:
        """Every start of word in the text, in order (overlaps included)."""
        found = self.occ.get(word)
        if found is not None:
            return found
        out: list[int] = []
        if word in self.present or word not in self.words:
            if word not in self.words:
                self.learn((word,))
            i = self.text.find(word)
            while i != -1:
                out.append(i)
                i = self.text.find(word, i + 1)
        self.occ[word] = out
        return out


# --------------------------------------------------------------------------
# Can this pattern match this text at all?
# --------------------------------------------------------------------------

_RISKY: frozenset[str] | None = None


def _risky_chars() -> frozenset[str]:
    """Characters whose lower-casing may hide a case-insensitive match from a lower-case search.

    A prefilter lower-cases the text and looks for lower-case words; the regex
    engine compares characters its own way. They agree on ASCII and on almost
    every other letter; not on those whose lower case is longer ('İ'), differs
    from the engine's (Kelvin sign), or that the engine treats as equal to
    another letter ('ſ' and 's', 'ı' and 'i'). Texts with any of them skip
    the prefilter.
    """
    global _RISKY
    if _RISKY is None:
        try:
            import _sre

            tolower = _sre.unicode_tolower
        except (ImportError, AttributeError):  # pragma: no cover - other Pythons
            tolower = None
        extra: set[str] = set()
        try:
            from re import _casefix  # type: ignore[attr-defined]

            for k, vs in _casefix._EXTRA_CASES.items():
                extra.add(chr(k))
                extra.update(chr(v) for v in vs)
        except (ImportError, AttributeError):  # pragma: no cover - other Pythons
            tolower = None
        risky = set()
        for cp in range(0x80, 0x10000):
            c = chr(cp)
            low = c.lower()
            if low == c and c.upper() == c and c not in extra:
                continue  # no case at all
            if tolower is None or len(low) != 1 or tolower(cp) != ord(low) or c in extra or low in extra:
                risky.add(c)
        _RISKY = frozenset(risky)
    return _RISKY


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def case_safe(text: str) -> bool:
    """True when searching text.lower() for lower-case words finds every case-insensitive match.

    Only the text's distinct non-ASCII characters are looked at (every character
    the answer depends on is one of them, and so is the largest character of a
    text that is not ASCII): a long post with an em dash costs one C scan.
    """
    if text.isascii():
        return True
    return _case_safe_unicode("".join(sorted(set(_NON_ASCII.findall(text)))))


@lru_cache(maxsize=4096)
def _case_safe_unicode(text: str) -> bool:
    if max(text) > "\uffff":
        return False
    return _risky_chars().isdisjoint(text)


def holds(expr, present) -> bool:
    """Can expr be satisfied by these words?"""
    kind, parts = expr
    if kind == "any":
        return not parts.isdisjoint(present)
    if kind == "and":
        for part in parts:
            if not holds(part, present):
                return False
        return True
    for part in parts:
        if holds(part, present):
            return True
    return False


def compile_holds(expr):
    """holds(expr, ·) as one function of `present`: the tree is written out as a single
    boolean expression (short-circuit and/or over set tests), so evaluating it is one
    call instead of a recursive call per node. The same answer as holds() for every set."""
    consts: list = []

    def src(e) -> str:
        kind, parts = e
        if kind == "any":
            consts.append(parts)
            return f"not c{len(consts) - 1}.isdisjoint(p)"
        joiner = " and " if kind == "and" else " or "
        return "(" + joiner.join(src(x) for x in parts) + ")"

    try:
        body = src(expr)
        return eval("lambda p: " + body, {f"c{i}": c for i, c in enumerate(consts)})  # noqa: S307 - built here from sets
    except (SyntaxError, RecursionError, MemoryError):  # a tree too deep to write out
        return lambda p: holds(expr, p)


_CAN = PatternCache()


class _Present:
    """Which words of every pattern can_match() has seen occur in a text: one automaton
    pass per text, whatever the number of patterns asked about it.

    The same paragraph or segment is tested against many patterns (client cues,
    topics, identifiers…); each used to run its own automaton over its own
    lower-cased copy. present(text) is the set of all known words that occur
    in text.lower(), so present(text) & words(rx) is exactly what rx's own
    automaton found. Kept per text (a bounded dict; cleared when the known
    words grow, since older entries would miss the new words).
    """

    words: set = set()
    auto = None
    built = -1
    version = 0
    cache: dict = {}

    learned: dict = {}  # id -> a frozenset already learnt (checking it again costs a pass over it)

    @classmethod
    def learn(cls, words) -> None:
        if isinstance(words, frozenset):
            if cls.learned.get(id(words)) is words:
                return
        if not cls.words.issuperset(words):
            cls.words = cls.words | set(words)
            cls.version += 1
        if isinstance(words, frozenset):
            cls.learned[id(words)] = words  # kept alive here, so the id stays its own

    seen: set = set()  # texts can_match was asked about once

    @classmethod
    def lookup(cls, text: str):
        """The word set of text if it was computed with every word known now, else None."""
        if cls.built != cls.version:
            return None
        return cls.cache.get(text)

    @classmethod
    def of(cls, text: str, lowered: str | None):
        if cls.built != cls.version:
            cls.built = cls.version
            cls.cache = {}
            if ahocorasick is not None and cls.words:
                auto = ahocorasick.Automaton()
                for w in cls.words:
                    auto.add_word(w, w)
                auto.make_automaton()
                cls.auto = auto
            else:
                cls.auto = tuple(cls.words)
        cache = cls.cache
        try:
            return cache[text]
        except KeyError:
            pass
        low = text.lower() if lowered is None else lowered
        auto = cls.auto
        if isinstance(auto, tuple):
            present = frozenset(w for w in auto if w in low)
        else:
            present = frozenset(map(_second, auto.iter(low)))
        if len(cache) >= 8192:
            cache.clear()
        cache[text] = present
        return present


def present_words(text: str, words: frozenset, lowered: str | None = None) -> frozenset:
    """The strings of `words` that occur in text.lower() (plain substring search, any text)."""
    _Present.learn(words)
    return _Present.of(text, lowered) & words


def may_match_text(rx: re.Pattern, text: str) -> bool:
    """may_match(rx, text.lower()), answered from the shared one-pass word set of text."""
    words = required_for(rx)
    return words is None or bool(present_words(text, words))


def _pattern_automaton(rx: re.Pattern):
    """An automaton of rx's own words (or a tuple of them when pyahocorasick is missing)."""
    words = words_of_cached(rx)
    if ahocorasick is not None and words:
        auto = ahocorasick.Automaton()
        for w in words:
            auto.add_word(w, w)
        auto.make_automaton()
        return auto
    return tuple(words)


def can_match(rx: re.Pattern, text: str, lowered: str | None = None) -> bool:
    """False only when rx cannot match anywhere in text (the words a match needs are missing).

    A text asked about for the first time is searched for rx's own words only; a
    text asked about again (a paragraph or segment many rules test) gets the one
    shared pass over every pattern's words (_Present), kept for the next pattern.
    """
    got = _CAN.get(rx)
    if got is _MISSING:
        expr = requirement_for(rx)
        auto = test = None
        if expr is not None:
            _Present.learn(words_of_cached(rx))
            auto = _pattern_automaton(rx)
            test = compile_holds(expr)
        got = _CAN.put(rx, (expr, auto, test))
    expr, auto, test = got
    if expr is None or not case_safe(text):
        return True
    present = _Present.lookup(text)
    if present is None:
        seen = _Present.seen
        if text in seen:
            present = _Present.of(text, lowered)
        else:
            if len(seen) >= 8192:
                seen.clear()
            seen.add(text)
            low = text.lower() if lowered is None else lowered
            if isinstance(auto, tuple):
                present = frozenset(w for w in auto if w in low)
            else:
                present = frozenset(map(_second, auto.iter(low)))
    return test(present)


_WORDS_OF = PatternCache()


def words_of_cached(rx: re.Pattern) -> frozenset[str]:
    found = _WORDS_OF.get(rx)
    if found is _MISSING:
        found = _WORDS_OF.put(rx, frozenset(words_of(requirement_for(rx))))
    return found


# --------------------------------------------------------------------------
# Search only the lines (or paragraphs) that hold an anchor
# --------------------------------------------------------------------------


def finditer_in_regions(rx: re.Pattern, text: str, anchor: re.Pattern, sep: str = "\n"):
    """rx.finditer(text), run only over the parts of text between two `sep`s that hold an anchor.

    Exact (the same matches, in the same order) when, for rx:
    - no match contains `sep` (so every match lies inside one region), and
    - every match contains a match of `anchor` (so a region without one holds none), and
    - its lookarounds look at most one character past either end of a match
      (each region is searched with the region's neighbours in sight).
    A pattern that needs, say, two digits in a row is then searched only in
    the few lines that have them.
    """
    n = len(text)
    done = 0  # everything before this index has been searched
    last = 0  # end of the last match yielded (finditer never overlaps)
    rfind, find, width = text.rfind, text.find, len(sep)
    for a in anchor.finditer(text):
        i = a.start()
        if i < done:
            continue
        s = rfind(sep, 0, i)
        start = 0 if s == -1 else s + 1
        e = find(sep, i)
        end = n if e == -1 else min(n, e + width)
        for m in rx.finditer(text, max(start, done), end):
            if m.start() >= last:
                last = m.end()
                yield m
        done = end


def search_from(rx: re.Pattern, text: str, starts: tuple[str, ...]) -> bool:
    """bool(rx.search(text)), trying rx only where one of `starts` begins.

    Exact when every match of rx begins with one of `starts` (lower case; the
    pattern's leading \\b and lookbehinds see the real text, as in a search).
    On a text that is not case-safe it falls back to the plain search.
    """
    if not case_safe(text):
        return rx.search(text) is not None
    low = text.lower()
    match, find = rx.match, low.find
    for w in starts:
        i = find(w)
        while i != -1:
            if match(text, i) is not None:
                return True
            i = find(w, i + 1)
    return False


# --------------------------------------------------------------------------
# Where a match can begin: the literal text every match starts with
# --------------------------------------------------------------------------

#: At most this many start strings are spelled out for one pattern.
MAX_STARTS = 512


def _cap(strings: set[str]) -> set[str]:
    """At most MAX_STARTS strings: cut them shorter (a start of a start is a start too)."""
    for width in (None, 12, 8, 6, 4, 3, 2):
        cut = strings if width is None else {s[:width] for s in strings}
        if len(cut) <= MAX_STARTS:
            return cut
    return {""}


def _starts_seq(items) -> set[str]:
    """Strings one of which every match of the sequence begins with ({""}: nothing known)."""
    acc = {""}
    items = list(items)
    for k, (op, av) in enumerate(items):
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # zero-width: consumes nothing
        got = _strings(op, av)
        done = False
        if got is None:
            done = True  # what follows the item is not known
            if op is C.SUBPATTERN:
                got = _starts_seq(av[-1])
            elif op is C.BRANCH:
                got = set()
                for alt in av[1]:
                    got |= _starts_seq(alt)
                got = _cap(got)
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
                got = _starts_seq(av[2])
                if av[0] == 0:  # optional: the match may begin with what comes after it
                    got = _cap(got | _starts_seq(items[k + 1 :]))
            else:
                return acc
        if len(acc) * len(got) > 8 * MAX_STARTS:
            return acc  # the item is not spelled out: nothing after it may be added
        acc = _cap({a + b for a in acc for b in got})
        if done:
            return acc
    return acc


_STARTS = PatternCache()


def starts_for(rx: re.Pattern) -> tuple[str, ...] | None:
    """Lower-case strings one of which every match of rx begins with, or None (too short to help)."""
    cached = _STARTS.get(rx)
    if cached is not _MISSING:
        return cached
    try:
        found = _starts_seq(list(parsed_pattern(rx.pattern, int(rx.flags) & ~int(re.UNICODE))))
    except (re.error, RecursionError):  # pragma: no cover - defensive
        found = set()
    low = {s.lower() for s in found}
    # Drop strings that start with another one (their places are found anyway).
    kept = tuple(sorted(s for s in low if not any(o != s and s.startswith(o) for o in low)))
    result = kept if kept and min(len(s) for s in kept) >= 2 else None
    _STARTS.put(rx, result)
    return result


def finditer_starts(rx: re.Pattern, text: str):
    """rx.finditer(text), trying rx only where a match can begin (starts_for): the same matches.

    Every match begins with one of the start strings, so the leftmost match at or
    after any point begins at one of their places; rx.match there is the attempt
    a search makes at that place. Texts that are not case-safe get the plain finditer.
    """
    starts = starts_for(rx)
    if starts is None or not case_safe(text):
        yield from rx.finditer(text)
        return
    low = text.lower()
    find = low.find
    places: set[int] = set()
    for w in starts:
        i = find(w)
        while i != -1:
            places.add(i)
            i = find(w, i + 1)
    last = 0
    match = rx.match
    for i in sorted(places):
        if i < last:
            continue
        m = match(text, i)
        if m is not None:
            yield m
            last = m.end() if m.end() > i else i + 1
