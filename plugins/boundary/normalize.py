"""Text as a reader sees it, before any rule looks: one normalising pass, with the way back.

A name with a soft hyphen in it, "client" spelt with a Cyrillic "і", a word split by
emphasis ("cl**ie**nt"), an entity-encoded "&#104;ttps" or fullwidth letters all
look ordinary on the page, so they must look ordinary to the rules too. `segment()`
rewrites a segment's `text` and `prose` together (they stay the same length as
each other) and records, for every character of the result, the offset it came
from, so that every finding still points at the original file's line and column.

What is done, in one left-to-right pass:
- invisible characters are dropped: soft hyphen, zero-width space, joiner and
  non-joiner, word joiner, byte-order mark, bidirectional controls;
- HTML character references are decoded (`&amp;`, `&#104;`, `&#x68;`, `&eacute;`);
- letters and digits with a compatibility form are replaced by it (NFKC: fullwidth
  letters, mathematical alphanumerics, ligatures such as "ﬁ");
- in a word that mixes scripts, letters that look Latin (Cyrillic "а", "е", "і",
  "о", "р", "с", "у", "х"…, Greek "ο", "α", "ι"…) are folded to the Latin letter; a
  word wholly in another script is left alone;
- emphasis ("*") or inline tags inside a word are removed from it, so the word is whole.

Everything here is linear in the length of the text.
"""

from __future__ import annotations

import html
import re
import unicodedata

_DROP = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

#: Letters of other scripts that look like Latin letters (Unicode confusables, the common subset).
CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x",
    "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "ɡ": "g",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X", "І": "I",
    "Ј": "J", "Ѕ": "S",
    # Greek
    "α": "a", "ο": "o", "ι": "i", "κ": "k", "ν": "v", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ε": "e",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y",
    "Χ": "X",
}

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
#: Inside a word only "*" makes emphasis (CommonMark: an intraword "_" is a literal underscore, as in snake_case).
_INLINE_MARK = re.compile(r"(?:\*+|</?(?:b|i|em|strong|u|s|mark|span|small|sub|sup|wbr|ins|del)\b[^<>]{0,200}>)+")


def _needs_work(text: str) -> bool:
    if "&" in text or "*" in text or "<" in text:
        return True
    return not text.isascii()


def _nfkc(ch: str) -> str:
    """The compatibility form of a letter or digit when it is plain ASCII; else the character."""
    if ch.isascii():
        return ch
    cat = unicodedata.category(ch)
    if cat[0] not in "LN":
        return ch
    out = unicodedata.normalize("NFKC", ch)
    return out if out != ch and out.isascii() and out.isalnum() else ch


def normalise(text: str, prose: str) -> tuple[str, str, list[int]] | None:
    """(text, prose, origin) normalised, or None when nothing changes.

    `origin[i]` is the offset in the input of the character at i of the output;
    origin has one more entry, the input's length, so an end offset maps too.
    """
    if not _needs_work(text):
        return None
    n = len(text)
    # Spans to delete: emphasis or inline tags inside a word (letters on both sides in the prose).
    delete: list[tuple[int, int]] = []
    for m in _INLINE_MARK.finditer(text) if ("*" in text or "<" in text) else ():
        a, b = m.span()
        if 0 < a and b < n and text[a - 1].isalpha() and text[b].isalpha() and not prose[a - 1].isspace() and not prose[b].isspace():
            delete.append((a, b))
    entities = {m.start(): m for m in _ENTITY.finditer(text)} if "&" in text else {}
    out_t: list[str] = []
    out_p: list[str] = []
    origin: list[int] = []
    changed = False
    di = 0
    i = 0
    while i < n:
        if di < len(delete) and delete[di][0] == i:
            i = delete[di][1]
            di += 1
            changed = True
            continue
        ch = text[i]
        m = entities.get(i)
        if m is not None:
            decoded = html.unescape(m.group(0))
            if decoded != m.group(0):
                masked = prose[i].isspace() and not ch.isspace()
                for c in decoded:
                    out_t.append(c)
                    out_p.append(" " if masked else c)
                    origin.append(i)
                i = m.end()
                changed = True
                continue
        if ch in _DROP:
            i += 1
            changed = True
            continue
        new = _nfkc(ch)
        if new != ch:
            changed = True
            p = prose[i]
            for c in new:
                out_t.append(c)
                out_p.append(c if p == ch else p)
                origin.append(i)
        else:
            out_t.append(ch)
            out_p.append(prose[i])
            origin.append(i)
        i += 1
    # Look-alike letters are folded last, in the words as they now stand (a zero-width space, an
    # entity or emphasis may have split "с\u200blient" before): only in words that mix scripts.
    out = "".join(out_t)
    if not out.isascii():
        for m in re.finditer(r"[^\W\d_]+", out):
            word = m.group(0)
            if word.isascii() or not any("a" <= c.lower() <= "z" for c in word):
                continue
            for i in range(m.start(), m.end()):
                c = out_t[i]
                if c in CONFUSABLES:
                    if out_p[i] == c:
                        out_p[i] = CONFUSABLES[c]
                    out_t[i] = CONFUSABLES[c]
                    changed = True
    if not changed:
        return None
    origin.append(n)
    return "".join(out_t), "".join(out_p), origin


def remap(origin: list[int], offset: int) -> int:
    """The output offset of an input offset (the first output character at or after it)."""
    import bisect

    return bisect.bisect_left(origin, offset)
