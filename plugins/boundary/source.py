"""Load a post: frontmatter, body, and the texts rules read, each mapped back to the file.

One loader serves the checker and the Pelican reader, so what is checked is what
is built. Everything here works on text; nothing touches Pelican.

Positions: every text a rule reads is a `Segment`. The body segment's `text` is
the whole file with the frontmatter blanked out, so an offset in it *is* an
offset in the file. Frontmatter fields (title, summary, social, content_note)
are segments of their own, mapped back through the YAML node's position.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import frontmatter
import yaml
from markdown_it import MarkdownIt

from . import normalize

#: Larger files are refused: a blog post is never this big, and a huge file
#: is more likely a mistake (a pasted export, a binary) than a post.
MAX_BYTES = 1_000_000
#: Likewise for lines: a post of more lines than this is refused rather than parsed
#: (the Markdown parser is linear, but at this size it would take seconds).
MAX_LINES = 20_000

_BOUNDARY_LINE = re.compile(r"^(-{3}|\.{3})[ \t]*\r?$", re.MULTILINE)


class LoadError(Exception):
    """The file cannot be read as a post; carries where and what, in plain words."""

    def __init__(
        self,
        message: str,
        line: int = 1,
        column: int = 1,
        field: str = "",
        fix: str = "",
        more: tuple[LoadError, ...] = (),
        salvaged: dict | None = None,
        unread: frozenset[str] = frozenset(),
    ):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.field = field
        #: how to fix this problem in particular (the rule's general advice when empty)
        self.fix = fix
        #: other problems in the same frontmatter, each independent of this one
        self.more = more
        #: the fields that could be read, with their lines, when the frontmatter is broken
        #: in some places only: {field: (value, line)}; the schema checks them too
        self.salvaged = salvaged or {}
        #: the fields that could not be read (the problems above say why)
        self.unread = unread


class LineIndex:
    """Turns character offsets into 1-based line and column numbers."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def offset(self, line: int, column: int = 1) -> int:
        return self.starts[line - 1] + column - 1


@dataclass
class Block:
    """A Markdown block: a paragraph, heading, list item, quote, table row, html or code."""

    kind: str
    start: int
    end: int


@dataclass
class Segment:
    """A text a rule reads, with the way back to the file.

    `text` keeps everything but masked-out regions of other segments; `prose`
    has the same length with code, URLs, HTML tags and Markdown syntax blanked,
    so regex offsets in either map to the same place.
    """

    name: str  # "body", "title", "summary", "content_note", "social.mastodon"
    text: str
    prose: str
    blocks: list[Block]
    line: int = 1  # for fields: where the value starts in the file
    column: int = 1
    quoted: bool = False
    index: LineIndex | None = None
    #: Set when normalize.py rewrote the text: origin[i] is where character i came from in `original`.
    origin: list[int] | None = None
    original: str | None = None

    def position(self, offset: int) -> tuple[int, int]:
        text = self.text
        if self.origin is not None:
            offset = self.origin[max(0, min(offset, len(self.origin) - 1))]
            text = self.original if self.original is not None else text
        if self.index is not None:
            return self.index.position(offset)
        before = text[:offset]
        nl = before.count("\n")
        if nl == 0:
            return self.line, self.column + offset + (1 if self.quoted else 0)
        return self.line + nl, offset - before.rfind("\n")

    @property
    def is_body(self) -> bool:
        return self.name == "body"


@dataclass
class Image:
    alt: str
    src: str
    title: str
    offset: int  # in the body segment


@dataclass
class Link:
    text: str
    url: str
    offset: int


@dataclass
class Suppression:
    """`<!-- boundary: allow CODE reason="…" -->` or a `boundary_allow` entry."""

    codes: tuple[str, ...]
    reason: str
    line: int
    column: int
    start: int = -1  # body range it covers; -1..-1 for frontmatter (whole post)
    end: int = -1
    inline: bool = True


@dataclass
class Post:
    """A loaded post. `meta` holds YAML values with their YAML types."""

    path: str
    raw: str
    meta: dict
    body_start: int
    body: Segment
    fields: list[Segment]
    index: LineIndex
    digest: str
    meta_positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    duplicate_keys: list[tuple[str, int, int]] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    html: list[Block] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    bad_suppressions: list[Suppression] = field(default_factory=list)

    @property
    def segments(self) -> list[Segment]:
        return [*self.fields, self.body]

    @property
    def body_text(self) -> str:
        return self.raw[self.body_start :]

    def field_position(self, key: str) -> tuple[int, int]:
        return self.meta_positions.get(key, (1, 1))


# --------------------------------------------------------------------------
# Reading the file
# --------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is allowed), or a LoadError naming the line of the bad byte."""
    if len(data) > MAX_BYTES:
        raise LoadError(
            f"the file is {len(data):,} bytes; a post may be at most {MAX_BYTES:,} bytes",
            fix="Is this really a blog post, not an export or an image? Move other files out of content/, "
            "and split a very long text into several posts.",
        )
    if b"\x00" in data:
        raise LoadError(
            "the file contains NUL bytes: it looks like a binary file, not a Markdown post",
            fix="Move this file out of content/ (images belong in content/images/), or save the post again as plain text.",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LoadError(
            f"the file is not in the UTF-8 text encoding (byte 0x{data[exc.start]:02x} at line {line}, "
            "often an accented letter or a curly quote saved by an older editor)",
            line,
            col,
            fix="In your editor, save the file again with the encoding UTF-8 (often under Save As, or "
            "\"Reopen/Save with Encoding\"), then check that the letters on that line look right.",
        ) from None
    if not text.strip():
        raise LoadError(
            "the file is empty",
            fix='Write the post into it, or delete it. `invoke new "Your title"` starts a post with every field filled in.',
        )
    return text


def load_path(path: str | Path) -> Post:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise LoadError(
            f"the file cannot be read: {exc.strerror or exc}",
            fix="Check that the file exists and that you can open it in your editor (its permissions), then check again.",
        ) from None
    return load_text(decode(data), str(path), hashlib.sha256(data).hexdigest())


def load_text(text: str, path: str = "<text>", digest: str | None = None) -> Post:
    """Parse frontmatter with python-frontmatter and map every text to the file."""
    if digest is None:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        raise LoadError(
            f"the file has {lines:,} lines; a post may have at most {MAX_LINES:,}",
            fix="Is this really a blog post, not an export or a data file? Split a very long text into several posts.",
        )
    fm_text, body_start = _split(text)
    meta, positions, dups, field_nodes = _parse_yaml(fm_text)
    index = LineIndex(text)
    masked = " " * body_start if body_start else ""
    masked = re.sub(r"[^\n]", " ", text[:body_start]) + text[body_start:]
    body = _normalised(scan_markdown(masked, body_start))
    body.index = index
    post = Post(
        path=path,
        raw=text,
        meta=meta,
        body_start=body_start,
        body=body,
        fields=_field_segments(field_nodes, fm_text),
        index=index,
        digest=digest,
        meta_positions=positions,
        duplicate_keys=dups,
    )
    post.images = list(_find_images(body.text))
    post.links = list(_find_links(body.text))
    post.html = [b for b in body.blocks if b.kind == "html"]
    _find_inline_suppressions(post)
    return post


def _normalised(seg: Segment) -> Segment:
    """The segment as a reader sees it (normalize.py), mapped back to the file."""
    res = normalize.normalise(seg.text, seg.prose)
    if res is None:
        return seg
    text, prose, origin = res
    seg.original = seg.text
    seg.text, seg.prose, seg.origin = text, prose, origin
    seg.blocks = [Block(b.kind, normalize.remap(origin, b.start), normalize.remap(origin, b.end)) for b in seg.blocks]
    return seg


def _split(text: str) -> tuple[str, int]:
    """Return the frontmatter text and the offset where the body begins."""
    first = text.split("\n", 1)[0]
    if not re.fullmatch(r"-{3}[ \t]*", first):
        raise LoadError(
            "the post does not start with frontmatter (the fields between two --- lines)",
            1,
            1,
            fix="Make the first line exactly ---, then one line for each field (title:, date:, summary:, "
            'audience: and risk:), then another --- line. `invoke new "Your title"` writes a complete example.',
        )
    start = len(first) + 1
    m = _BOUNDARY_LINE.search(text, start)
    if m is None:
        raise LoadError(
            "the frontmatter is never closed: no line with --- follows the fields",
            1,
            1,
            fix="Add a line with only --- after the last field (risk:, tags: or whichever comes last), before the post's text.",
        )
    fm = text[start : m.start()]
    # Sanity check against python-frontmatter, the one parser this project uses:
    # it must agree that this is the frontmatter.
    if _FM_HANDLER.FM_BOUNDARY.match(first) is None:  # pragma: no cover - same rule
        raise LoadError("the frontmatter delimiter is not recognised", 1, 1)
    return fm, m.end() + (1 if m.end() < len(text) and text[m.end()] == "\n" else 0)


#: libyaml's C parser when PyYAML has it (it usually does): same results, much faster.
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BASE_LOADER):
    """SafeLoader that keeps an impossible date (2025-13-45) as text for the schema to report."""


def _timestamp_or_text(loader, node):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


class _Handler(frontmatter.YAMLHandler):
    def load(self, fm: str, **kwargs):
        kwargs["Loader"] = _Loader
        return super().load(fm, **kwargs)


_FM_HANDLER = _Handler()


_KEEP_CHOMPING = re.compile(r"[|>][1-9]?\+")


def _parse_once(fm_text: str):
    """(node, values) from one YAML parse, or None where it might differ from the two-parse path.

    The values must be exactly what python-frontmatter gives for the same text
    (it parses "\n" + fm_text + "\n" and passes the keys as keyword arguments).
    They are, except with merge keys (constructing them rewrites the node the
    positions are read from), block scalars that keep trailing newlines (|+),
    a dash line inside the frontmatter, keys that are not plain names for a
    keyword argument, or any error: then the two-parse path runs and decides.
    """
    if not fm_text.strip() or "<<" in fm_text or _KEEP_CHOMPING.search(fm_text) or _FM_HANDLER.FM_BOUNDARY.search(fm_text):
        return None
    try:
        loader = _Loader(fm_text)
        try:
            node = loader.get_single_node()
            values = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except Exception:  # noqa: BLE001 - the two-parse path reports it
        return None
    if not isinstance(values, dict) or not all(isinstance(k, str) and k not in ("content", "handler") for k in values):
        return None
    return node, dict(values)


def _parse_yaml(fm_text: str):
    """YAML values (with types), each key's position, duplicate keys, text nodes."""
    offset_lines = 1  # the frontmatter starts on line 2 of the file
    try:
        parsed = _parse_once(fm_text)
        if parsed is not None:
            node, meta = parsed
        else:
            node = yaml.compose(fm_text, Loader=_Loader)
            meta = frontmatter.loads("---\n" + fm_text + "\n---\n", handler=_FM_HANDLER).metadata if fm_text.strip() else {}
    except yaml.YAMLError as exc:
        raise _salvage(fm_text, _yaml_problem(exc, fm_text, offset_lines)) from None
    if node is None:
        return {}, {}, [], []
    if not isinstance(node, yaml.MappingNode):
        raise LoadError(
            "the frontmatter must be a list of `field: value` lines", node.start_mark.line + 1 + offset_lines, 1
        )
    if not isinstance(meta, dict):  # pragma: no cover - guarded by the node check
        raise LoadError("the frontmatter must be a list of `field: value` lines", 2, 1)
    positions: dict[str, tuple[int, int]] = {}
    seen: set[str] = set()
    dups: list[tuple[str, int, int]] = []
    texts: list[tuple[str, yaml.Node]] = []
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
        pos = (key_node.start_mark.line + 1 + offset_lines, key_node.start_mark.column + 1)
        if key in seen:
            dups.append((key, *pos))
        seen.add(key)
        positions[key] = pos
        positions[key + ".value"] = (value_node.start_mark.line + 1 + offset_lines, value_node.start_mark.column + 1)
        if key in ("title", "summary", "content_note", "author", "category", "slug") and isinstance(value_node, yaml.ScalarNode):
            texts.append((key, value_node))
        # Tags and authors are shown on the site as they are written: each is a text readers see.
        if key in ("tags", "authors") and isinstance(value_node, yaml.SequenceNode):
            for i, item in enumerate(value_node.value):
                if isinstance(item, yaml.ScalarNode):
                    texts.append((f"{key}.{i}", item))
        if key == "social" and isinstance(value_node, yaml.MappingNode):
            for k, v in value_node.value:
                if isinstance(v, yaml.ScalarNode):
                    texts.append((f"social.{k.value}", v))
                    positions[f"social.{k.value}"] = (k.start_mark.line + 1 + offset_lines, k.start_mark.column + 1)
        if key == "boundary_allow" and isinstance(value_node, yaml.SequenceNode):
            for i, item in enumerate(value_node.value):
                positions[f"boundary_allow.{i}"] = (item.start_mark.line + 1 + offset_lines, item.start_mark.column + 1)
    return meta, positions, dups, [(k, n, offset_lines) for k, n in texts]


def _yaml_problem(exc: yaml.YAMLError, fm_text: str, offset_lines: int) -> LoadError:
    """PyYAML's error in plain words, at its line, with the fix for that kind of mistake."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    lines = fm_text.split("\n")
    n = mark.line if mark is not None and mark.line < len(lines) else None
    line = n + 1 + offset_lines if n is not None else 2
    col = mark.column + 1 if mark is not None else 1
    text = lines[n] if n is not None else ""
    problem = str(getattr(exc, "problem", None) or str(exc).split("\n")[0])
    context = str(getattr(exc, "context", None) or "")
    context_mark = getattr(exc, "context_mark", None)
    if "\t" in text[: len(text) - len(text.lstrip())] or (problem.startswith("found character '\\t'")):
        # PyYAML says "found character that cannot start any token": say what the character is.
        return LoadError(
            f"line {line} starts with a tab (the Tab key); the frontmatter must use spaces",
            line,
            1,
            fix=f"Delete the tab at the start of line {line}. A field of its own starts at the left edge; "
            "an item that belongs under the field above is indented with two spaces.",
        )
    if "quoted scalar" in context and context_mark is not None:
        opened = context_mark.line + 1 + offset_lines
        return LoadError(
            f"a quotation mark opened on line {opened} is never closed",
            opened,
            context_mark.column + 1,
            fix=f"Add the closing quotation mark at the end of the value on line {opened}, or remove the opening one. "
            "A quote inside the text is written twice in single quotes ('it''s') or with a backslash in double quotes (\\\").",
        )
    if "mapping values are not allowed" in problem:
        return LoadError(
            f"line {line} has a second colon (:) in its value, so it reads as two fields",
            line,
            col,
            fix='Put the whole value in quotes: title: "Grief: a guide".',
        )
    if "could not find expected ':'" in problem or "simple key" in context:
        return LoadError(
            f"line {line} is not a `field: value` line (it has no colon after the field's name)",
            line,
            1,
            fix="Write the field's name, a colon and a space, then the value: summary: One or two sentences. "
            "A value that runs over several lines is indented by two spaces on each following line.",
        )
    if "expected <block end>" in problem or "did not find expected key" in problem:
        return LoadError(
            f"line {line} is indented differently from the fields around it",
            line,
            col,
            fix="Line up the field with the others at the left edge, or indent it by two spaces if it belongs "
            "to the field above (as tags under tags:).",
        )
    return LoadError(
        f"the frontmatter cannot be read at line {line}: {problem}",
        line,
        col,
        fix="Compare the line with the ones that work: each field is `name: value` on its own line, starting at the "
        "left edge; text with a colon, a # or a leading quotation mark goes in quotes.",
    )


#: A line that starts a new top-level field (or starts with a tab, itself an error).
_TOP_LEVEL = re.compile(r"^(?:[^\s#\-]|\t|-(?!-)\S)")


def _salvage(fm_text: str, first: LoadError) -> LoadError:
    """All the independent problems of a frontmatter that is not valid YAML, in one report.

    The frontmatter is cut at each field that starts at the left edge and every
    piece is read on its own: a mistake in one field (a tab, a stray colon, an
    unclosed quote) then hides nothing else. The fields that can be read are kept
    (`salvaged`) so that the schema can say what else is wrong with them.
    """
    lines = fm_text.split("\n")
    starts = [i for i, text in enumerate(lines) if _TOP_LEVEL.match(text)]
    if not starts or starts[0] != 0:
        starts = [0, *[i for i in starts if i]]
    problems: list[LoadError] = []
    salvaged: dict = {}
    unread: set[str] = set()
    for a, b in zip(starts, [*starts[1:], len(lines)], strict=True):
        piece = "\n".join(lines[a:b])
        if not piece.strip() or piece.lstrip().startswith("#"):
            continue
        try:
            value = yaml.load(piece, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
        except yaml.YAMLError as exc:
            problems.append(_yaml_problem(exc, piece, a + 1))
            key = re.match(r"\s*([^:#\s][^:]*?)\s*:", lines[a])
            if key:
                unread.add(key.group(1).strip("'\""))
            continue
        if isinstance(value, dict):
            for key, v in value.items():
                salvaged.setdefault(str(key), (v, a + 2))
        else:
            problems.append(_yaml_problem_not_a_field(a + 2))
    if not problems:  # the pieces read on their own: the mistake is in how they fit together
        problems = [first]
    problems.sort(key=lambda e: (e.line, e.column))
    head, *rest = problems
    return LoadError(
        head.message, head.line, head.column, fix=head.fix, more=tuple(rest), salvaged=salvaged, unread=frozenset(unread)
    )


def _yaml_problem_not_a_field(line: int) -> LoadError:
    return LoadError(
        f"line {line} is not a `field: value` line",
        line,
        1,
        fix="Write the field's name, a colon and a space, then the value (summary: One or two sentences), or delete the line.",
    )


class _ValueIndex:
    """Where each character of a YAML value is in the file.

    A value is not a copy of its source: a folded (`>`) or literal (`|`) block drops each
    line's indentation, a plain or quoted value spread over lines is joined with spaces,
    and a double-quoted one has escapes. Each character is found in the value's source
    text, in order, so a finding on the third line of a folded summary points there.
    """

    #: How far ahead a character is looked for before it is taken as an escape's result.
    LOOKAHEAD = 12

    def __init__(self, value: str, source: str, start: int, lines: LineIndex, first_line: int):
        self.lines = lines
        self.first_line = first_line
        where: list[int] = []
        j = 0
        for ch in value:
            if ch.isspace():
                where.append(start + j)
                if j < len(source) and source[j] == ch:
                    j += 1
                continue
            k = source.find(ch, j, j + self.LOOKAHEAD)
            if k < 0:
                where.append(start + j)
                continue
            where.append(start + k)
            j = k + 1
        where.append(start + j)
        self.where = where

    def position(self, offset: int) -> tuple[int, int]:
        at = self.where[max(0, min(offset, len(self.where) - 1))]
        line, column = self.lines.position(at)
        return line + self.first_line - 1, column


def _field_segments(field_nodes, fm_text: str = "") -> list[Segment]:
    lines = LineIndex(fm_text)
    segments = []
    for name, node, offset_lines in field_nodes:
        value = node.value if isinstance(node.value, str) else str(node.value)
        block_style = node.style in ("|", ">")
        line = node.start_mark.line + 1 + offset_lines + (1 if block_style else 0)
        col = node.start_mark.column + 1
        if block_style:
            col = 1
        # A slug is words joined by hyphens ("my-client-leo"): read as the words (same length).
        seg = Segment(
            name=name,
            text=value,
            prose=mask_inline(value) if name != "slug" else re.sub(r"[-_/]", " ", value),
            blocks=[Block("paragraph", 0, len(value))],
            line=line,
            column=col,
            quoted=node.style in ("'", '"'),
        )
        start, end = node.start_mark.index, node.end_mark.index
        if fm_text and 0 <= start <= end <= len(fm_text):
            seg.index = _ValueIndex(value, fm_text[start:end], start, lines, 1 + offset_lines)
        segments.append(_normalised(seg))
    return segments


# --------------------------------------------------------------------------
# Markdown: blocks and the prose inside them
# --------------------------------------------------------------------------

_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^[ ]{0,3}(#{1,6})(?=\s|$)")
_SETEXT = re.compile(r"^[ ]{0,3}(=+|-+)[ \t]*$")
_HR = re.compile(r"^[ ]{0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
_LIST = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)")
_QUOTE = re.compile(r"^[ ]{0,3}(>[ ]?)+")
_HTML_START = re.compile(r"^[ ]{0,3}<(!--|/?[A-Za-z][A-Za-z0-9-]*(\s|/?>|$))")
_REFDEF = re.compile(r"^[ ]{0,3}\[[^\]]+\]:\s*\S+.*$")
_TABLE_SEP = re.compile(r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")


#: The Markdown block parser (markdown-it-py, CommonMark with tables and raw HTML, as Python-Markdown
#: renders posts). Only its block rules run: inline syntax is masked per block below, by linear
#: scanners, so no inline construct can make the parse slow.
_MD = MarkdownIt("commonmark", {"html": True, "maxNesting": 64}).enable("table")
_MD.disable("inline")
_CONTAINERS = {"blockquote_open": "blockquote", "list_item_open": "list_item"}
_CLOSERS = {"blockquote_close", "list_item_close"}


def scan_markdown(text: str, start: int = 0) -> Segment:
    """Split the body into blocks with a real Markdown parser and build its prose mask.

    `prose` has the same length as `text`: the words readers see stay where they are,
    everything else (container markers, heading marks, code, tags, URLs, table pipes,
    reference definitions) is blanked, so an offset in either is an offset in the file.
    """
    starts = [0]
    find = text.find
    k = find("\n")
    while k != -1:
        starts.append(k + 1)
        k = find("\n", k + 1)

    def line_end(i: int) -> int:
        return starts[i + 1] - 1 if i + 1 < len(starts) else len(text)

    prose = ["\n" if ch == "\n" else " " for ch in text]
    blocks: list[Block] = []
    revealed: set[int] = set()  # lines that hold some block's content
    cells: dict[int, int] = {}  # table line -> end of the last cell revealed on it
    containers: list[str] = []
    tokens = _MD.parse(text)
    prev = None
    for tok in tokens:
        kind = tok.type
        if kind in _CONTAINERS:
            containers.append(_CONTAINERS[kind])
        elif kind in _CLOSERS:
            if containers:
                containers.pop()
        elif kind == "inline" and tok.map:
            opener = prev.type if prev is not None else ""
            if opener == "heading_open":
                # Python-Markdown, which renders the posts, makes a heading of underlined text (=== or ---)
                # only when the text is one line; several lines above the underline stay a paragraph.
                setext_lines = tok.map[1] - tok.map[0] if prev.markup and prev.markup[0] in "=-" else 1
                block_kind = "heading" if setext_lines <= 1 else "paragraph"
            elif opener in ("th_open", "td_open"):
                block_kind = "table_row"
            else:
                block_kind = containers[-1] if containers else "paragraph"
            _reveal_inline(text, prose, starts, line_end, tok, blocks, block_kind, revealed, cells)
        elif kind in ("fence", "code_block") and tok.map:
            a, b = starts[tok.map[0]], line_end(max(tok.map[0], tok.map[1] - 1))
            blocks.append(Block("code", a, b))
        elif kind == "html_block" and tok.map:
            a, b = starts[tok.map[0]], line_end(max(tok.map[0], tok.map[1] - 1))
            prose[a:b] = text[a:b]
            blocks.append(Block("html", a, b))
            revealed.update(range(tok.map[0], tok.map[1]))
            # Text between tags is published prose: keep it, blank the tags.
            _mask_html_block(text, prose, a, b)
        prev = tok
    # Table cells of one row are one block; merge what _reveal_inline added cell by cell.
    blocks = _merge_rows(text, blocks)
    # A link reference definition's title is shown to readers as a tooltip: it is prose.
    for i in range(len(starts)):
        if i in revealed:
            continue
        a, b = starts[i], line_end(i)
        line = text[a:b]
        if b > a and "]:" in line and _REFDEF.match(line):
            m = _REF_TITLE.search(line)
            g = next((g for g in (1, 2, 3) if m is not None and m.group(g) is not None), None)
            if g is not None:
                x, y = a + m.start(g), a + m.end(g)
                prose[x:y] = text[x:y]
                blocks.append(Block("paragraph", x, y))
    blocks.sort(key=lambda bl: (bl.start, bl.end))
    # Hard-wrapped paragraphs: a single line break inside a block is a space for
    # the rules ("Maple Grove\nElementary" is one name). Same length, same offsets.
    for bl in blocks:
        if bl.kind in ("paragraph", "list_item", "blockquote", "heading", "table_row"):
            k = find("\n", bl.start, bl.end)
            while k != -1:
                prose[k] = " "
                k = find("\n", k + 1, bl.end)
    return Segment(name="body", text=text, prose="".join(prose), blocks=blocks)


_SHOWN_ATTR = re.compile(r"""\s(title|alt|aria-label|placeholder|label)\s*=\s*("([^"<>]*)"|'([^'<>]*)')""", re.I)
_REF_TITLE = re.compile(r"\s(?:\"([^\"\n]*)\"|'([^'\n]*)'|\(([^()\n]*)\))[ \t]*$")


def _reveal_inline(text, prose, starts, line_end, tok, blocks, block_kind, revealed, cells) -> None:
    """Copy an inline token's content lines into the prose where they stand in the file, then mask
    their inline syntax; record the block."""
    l0, l1 = tok.map
    lines = tok.content.split("\n")
    first = last = -1
    for i, content in enumerate(lines):
        row = l0 + i
        if row >= l1 or row >= len(starts) or not content:
            continue
        a, b = starts[row], line_end(row)
        # The content is the line less its container markers and indentation (and a heading's
        # closing marks): find it from the left, after any cell already revealed on this line.
        cursor = cells.get(row, a) if block_kind == "table_row" else a
        pos = text.find(content, cursor, b)
        if pos == -1:
            pos = text.find(content.strip(), cursor, b)
            content = content.strip()
        if pos == -1 and block_kind == "table_row" and content:
            # The parser unescaped the cell ("a \\| b" is "a | b"): reveal the raw cell, up to the
            # next unescaped pipe, rather than leave words readers see unchecked.
            pos = cursor + (len(text[cursor:b]) - len(text[cursor:b].lstrip(" \t|")))
            end = pos
            while end < b and not (text[end] == "|" and text[end - 1] != "\\"):
                end += 1
            content = text[pos:end].rstrip()
        if pos == -1 or not content:
            continue
        prose[pos : pos + len(content)] = text[pos : pos + len(content)]
        if block_kind == "table_row":
            cells[row] = pos + len(content)
        revealed.add(row)
        if first == -1:
            first = pos
        last = pos + len(content)
    if first == -1:
        return
    if block_kind != "table_row":
        # Blocks begin at their first line's start, as they always have (markers are blank).
        first = starts[l0] if first >= starts[l0] else first
    blocks.append(Block(block_kind, first, last))
    _mask_inline_into(text, prose, first, last)


def _merge_rows(text: str, blocks: list[Block]) -> list[Block]:
    """Cells on one line are one table row."""
    out: list[Block] = []
    for bl in blocks:
        if bl.kind == "table_row" and out and out[-1].kind == "table_row" and out[-1].end <= bl.start and "\n" not in text[out[-1].end : bl.start]:
            out[-1] = Block("table_row", out[-1].start, bl.end)
            continue
        out.append(bl)
    return out


_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(\s*<?([^\s)>]*)>?(?:\s+(\"[^\"\n]*\"|'[^'\n]*'))?\s*\)")
_LINK = re.compile(r"(?<!!)\[((?:[^\[\]\n]|\[[^\]\n]*\])*)\]\(\s*<?([^\s)>]*)>?(?:\s+(\"[^\"\n]*\"|'[^'\n]*'))?\s*\)")
_REFLINK = re.compile(r"(?<!!)\[((?:[^\[\]\n])+)\]\[([^\]\n]*)\]")
_AUTOLINK = re.compile(r"<(?:https?|mailto|ftp):[^>\s]+>", re.I)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--.*?-->", re.S)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]\"']+[^\s<>()\[\]\"'.,;:!?]", re.I)
_EMPH = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)|\\(?=[\\`*_{}\[\]()#+\-.!>|])|~~")
#: Every _URL match holds "://" or "www." (any case): a chunk without either has none.
#: (Every _EMPH match holds one of * _ \\ ~, tested with `in` where it is used.)
_URL_QUICK = re.compile(r"://|www\.", re.I)


def mask_inline(text: str) -> str:
    prose = list(text)
    _mask_inline_into(text, prose, 0, len(text))
    return "".join(prose)


def _blank_list(prose: list[str], a: int, b: int) -> None:
    """Blank prose[a:b] but its newlines (one slice assignment, not a loop over characters)."""
    if b <= a:
        return
    part = prose[a:b]
    if "\n" in part:
        prose[a:b] = ["\n" if ch == "\n" else " " for ch in part]
    else:
        prose[a:b] = " " * (b - a)


def _mask_inline_into(text: str, prose: list[str], a: int, b: int) -> None:
    """Blank code spans, URLs, tags and Markdown syntax between a and b; keep words."""
    chunk = text[a:b]
    # Each pattern needs a character or two the chunk may not have at all (exact shortcuts).
    for m0, m1 in _code_spans(chunk) if "`" in chunk else ():
        _blank_list(prose, a + m0, a + m1)
    scan = _Scan(chunk) if "](" in chunk else None
    for m in _image_matches(chunk, scan) if "![" in chunk and scan is not None else ():
        # keep alt text and title words; blank the syntax and the source
        _blank_list(prose, a + m.start, a + m.start1)
        _blank_list(prose, a + m.end1, a + m.end)
        if m.title:
            t0 = a + m.title[0] + 1
            for k in range(t0, a + m.title[1] - 1):
                prose[k] = text[k]
    for m in _link_matches(chunk, scan) if scan is not None else ():
        _blank_list(prose, a + m.start, a + m.start1)
        _blank_list(prose, a + m.end1, a + m.end)
        if m.title:  # a link's title is shown to readers as a tooltip
            t0, t1 = a + m.title[0] + 1, a + m.title[1] - 1
            prose[t0:t1] = text[t0:t1]
    for m in _REFLINK.finditer(chunk) if "][" in chunk else ():
        _blank_list(prose, a + m.start(), a + m.start(1))
        _blank_list(prose, a + m.end(1), a + m.end())
    angle = "<" in chunk
    # Plain substring tests first (much cheaper than a regex scan of the chunk): "www."
    # in any case ends in "w." or "W.".
    url = "://" in chunk or (("w." in chunk or "W." in chunk) and _URL_QUICK.search(chunk) is not None)
    for spans, possible in ((_autolink_spans, angle), (_tag_spans, angle), (_url_spans, url)):
        if not possible:
            continue
        for m0, m1 in spans(chunk):
            _blank_list(prose, a + m0, a + m1)
            if spans is _tag_spans and "=" in chunk[m0:m1]:
                # What a tag shows readers (a tooltip, an image's alt text, a label) is prose.
                for v in _SHOWN_ATTR.finditer(chunk, m0, m1):
                    g = 3 if v.group(3) is not None else 4
                    x, y = a + v.start(g), a + v.end(g)
                    prose[x:y] = text[x:y]
    for m in _EMPH.finditer(chunk) if ("*" in chunk or "_" in chunk or "\\" in chunk or "~" in chunk) else ():
        _blank_list(prose, a + m.start(), a + m.end())


def _mask_html_block(text: str, prose: list[str], a: int, b: int) -> None:
    chunk = text[a:b]
    for m0, m1 in _script_spans(chunk):
        _blank_list(prose, a + m0, a + m1)
    _mask_inline_into(text, prose, a, b)


_IMG_TAG = re.compile(r"<img\b[^>]*>", re.I)
_A_TAG = re.compile(r"<a\b[^>]*\bhref\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)[^>]*>(.*?)</a\s*>", re.I | re.S)


def _find_images(text: str):
    # Each search needs a string a text without it cannot hold ("![", "<"): exact shortcuts.
    for m in _image_matches(text, _Scan(text)) if "![" in text and "](" in text else ():
        title = text[m.title[0] + 1 : m.title[1] - 1] if m.title else ""
        yield Image(alt=text[m.start1 : m.end1], src=text[m.url[0] : m.url[1]], title=title, offset=m.start)
    for m0, m1 in _img_tag_spans(text) if "<" in text else ():
        tag = text[m0:m1]
        yield Image(
            alt=_attr(tag, "alt"),
            src=_attr(tag, "src"),
            title=_attr(tag, "title"),
            offset=m0,
        )


def _find_links(text: str):
    for m in _link_matches(text, _Scan(text)) if "](" in text else ():
        yield Link(text=text[m.start1 : m.end1], url=text[m.url[0] : m.url[1]], offset=m.start)
    angle = "<" in text
    for m in _a_tag_matches(text) if angle else ():
        yield Link(text=_strip_tags(m.group(2)), url=m.group(1).strip("\"'"), offset=m.start())
    for m0, m1 in _autolink_spans(text) if angle else ():
        yield Link(text=text[m0 + 1 : m1 - 1], url=text[m0 + 1 : m1 - 1], offset=m0)


# --------------------------------------------------------------------------
# Linear scanners for the inline patterns above
# --------------------------------------------------------------------------
#
# _IMAGE, _LINK, _TAG, _AUTOLINK, _IMG_TAG, _A_TAG and the <script> pattern are
# the specification; a plain `finditer` of them goes quadratic (or worse) on
# hostile input such as "<!--" * 25000 or "[a](" * 25000, where every opener
# rescans the rest of the text for a closer that never comes. The functions
# below give exactly the matches `finditer` gives (tests/test_bounded.py checks
# them against the patterns by brute force) in about linear time: each looks a
# closer up once (str.find, or a bisect over positions found in one pass) and
# remembers what it found for the openers that follow.


class _Scan:
    """One text's "next position at or after i" lookups, each list built on first use."""

    __slots__ = ("text", "n", "_lists", "_ws", "_ws_starts", "_walk")

    def __init__(self, text: str):
        self.text = text
        self.n = len(text)
        self._lists: dict[str, list[int]] = {}
        self._ws: list[tuple[int, int]] | None = None
        self._ws_starts: list[int] = []
        self._walk: dict[int, int] = {}

    def next(self, pattern: str, i: int) -> int:
        """First position >= i of a one-character `pattern` (a regex), or -1.

        Looked for near i first (most answers are close); only a text where one is
        not is listed whole, once, so that every later answer is a bisect."""
        lst = self._lists.get(pattern)
        if lst is None:
            rx = _rx(pattern)
            m = rx.search(self.text, i, i + _NEAR)
            if m is not None:
                return m.start()
            if i + _NEAR >= self.n:
                return -1
            lst = self._lists[pattern] = [m.start() for m in rx.finditer(self.text)]
        k = bisect.bisect_left(lst, i)
        return lst[k] if k < len(lst) else -1

    def ws_end(self, i: int) -> int:
        """Where the run of whitespace (\\s*) starting at i ends."""
        if self._ws is None:
            e = _WS_ANY.match(self.text, i, i + _NEAR).end()
            if e < i + _NEAR or e >= self.n:
                return e
            self._ws = [m.span() for m in _WS_RUN.finditer(self.text)]
            self._ws_starts = [a for a, _ in self._ws]
        k = bisect.bisect_right(self._ws_starts, i) - 1
        if k >= 0:
            a, b = self._ws[k]
            if a <= i < b:
                return b
        return i

    def tail(self, i: int):
        """The end of `\\(\\s*<?([^\\s)>]*)>?(?:\\s+(TITLE))?\\s*\\)` matched at i, with the
        url and title spans, or None (the regex's own backtracking order, decided directly).

        With the whitespace after "(" taken whole (the regex's first try) the url is the
        longest run of url characters (a shorter one leaves a url character that nothing
        after it can take), so is the optional ">" and each whitespace run. Only if that
        fails does the regex give whitespace back; then the url is empty and the same run
        of whitespace must lead to a title, the same for every amount given back.
        """
        text, n = self.text, self.n
        if i >= n or text[i] != "(":
            return None
        a = i + 1
        e = self.ws_end(a)
        s = e + 1 if e < n and text[e] == "<" else e
        u = self.next(r"[\s)>]", s)
        if u == -1:
            u = n
        v = u + 1 if u < n and text[u] == ">" else u
        f = self.ws_end(v)
        if f > v:
            r = self._title(f)
            if r is not None:
                return r[0], (s, u), r[1]
        if f < n and text[f] == ")":
            return f + 1, (s, u), None
        if e > a:
            r = self._title(e)
            if r is not None:
                return r[0], (e, e), r[1]
        return None

    def _title(self, f: int):
        """`("[^"\\n]*"|'[^'\\n]*')\\s*\\)` at f: (end, title span) or None."""
        text, n = self.text, self.n
        if f >= n or text[f] not in "\"'":
            return None
        g = self.next('"' if text[f] == '"' else "'", f + 1)
        nl = self.next("\n", f + 1)
        if g == -1 or (nl != -1 and nl < g):
            return None
        h = self.ws_end(g + 1)
        if h < n and text[h] == ")":
            return h + 1, (f, g + 1)
        return None

    def link_text_end(self, y: int) -> int:
        """Where `(?:[^\\[\\]\\n]|\\[[^\\]\\n]*\\])*` matched at y ends (it never gives back:
        what stops it is not the "]" the link needs). Remembered for every place it passed."""
        memo = self._walk
        seen = []
        text, n = self.text, self.n
        while True:
            z = memo.get(y)
            if z is not None:
                break
            seen.append(y)
            if y >= n:
                z = y
                break
            c = text[y]
            if c == "]" or c == "\n":
                z = y
                break
            if c == "[":
                close = self.next(r"\]", y + 1)
                nl = self.next("\n", y + 1)
                if close != -1 and (nl == -1 or close < nl):
                    y = close + 1
                    continue
                z = y
                break
            y = self.next(r"[\[\]\n]", y)
            if y == -1:
                y = n
        for k in seen:
            memo[k] = z
        return z


_WS_RUN = re.compile(r"\s+")
_WS_ANY = re.compile(r"\s*")
#: How far _Scan looks before it lists a whole text (bounds the work per look-up).
_NEAR = 256


@lru_cache(maxsize=None)
def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern)


@dataclass
class _Match:
    start: int
    end: int
    start1: int  # group 1 (alt text, link text)
    end1: int
    url: tuple[int, int]
    title: tuple[int, int] | None


def _image_matches(text: str, scan: _Scan):
    """_IMAGE.finditer(text), in linear time."""
    find = text.find
    p = find("![")
    while p != -1:
        q = scan.next(r"\]", p + 2)
        if q == -1:
            return
        nl = scan.next("\n", p + 2)
        t = scan.tail(q + 1) if nl == -1 or q < nl else None
        if t is not None:
            yield _Match(p, t[0], p + 2, q, t[1], t[2])
            p = find("![", t[0])
        else:
            p = find("![", p + 1)


def _link_matches(text: str, scan: _Scan):
    """_LINK.finditer(text), in linear time."""
    find = text.find
    n = len(text)
    p = find("[")
    while p != -1:
        if p == 0 or text[p - 1] != "!":
            z = scan.link_text_end(p + 1)
            t = scan.tail(z + 1) if z < n and text[z] == "]" else None
            if t is not None:
                yield _Match(p, t[0], p + 1, z, t[1], t[2])
                p = find("[", t[0])
                continue
        p = find("[", p + 1)


_TAG_OPEN = re.compile(r"</?[A-Za-z][^<>]*>")


def _tag_spans(text: str):
    """(start, end) of each _TAG.finditer(text) match, in linear time: an unclosed
    comment looks for its "-->" once, not once per "<!--"."""
    find = text.find
    no_closer = False
    p = find("<")
    while p != -1:
        m = _TAG_OPEN.match(text, p)
        if m is not None:
            yield p, m.end()
            p = find("<", m.end())
            continue
        if not no_closer and text.startswith("<!--", p):
            c = find("-->", p + 4)
            if c != -1:
                yield p, c + 3
                p = find("<", c + 3)
                continue
            no_closer = True
        p = find("<", p + 1)


def _strip_tags(text: str) -> str:
    """_TAG.sub("", text)."""
    out = []
    pos = 0
    for a, b in _tag_spans(text):
        out.append(text[pos:a])
        pos = b
    out.append(text[pos:])
    return "".join(out)


_AUTOLINK_HEAD = re.compile(r"<(?:https?|mailto|ftp):", re.I)


def _autolink_spans(text: str):
    """_AUTOLINK.finditer(text) spans: `[^>\\s]+>` after the head runs to the next ">" or
    whitespace, which is looked up once for all the heads before it."""
    stop_at = -2  # the next [>\s] at or after `checked`
    checked = -1
    pos = 0
    while True:
        m = _AUTOLINK_HEAD.search(text, pos)
        if m is None:
            return
        h = m.end()
        if not (checked <= h <= stop_at):
            s = _STOP_AUTOLINK.search(text, h)
            stop_at = s.start() if s else len(text)
            checked = h
        if stop_at > h and stop_at < len(text) and text[stop_at] == ">":
            yield m.start(), stop_at + 1
            pos = stop_at + 1
        else:
            pos = m.start() + 1


_STOP_AUTOLINK = re.compile(r"[>\s]")


def _url_spans(text: str):
    # Linear already: a candidate fails only on a run of punctuation, which no
    # other candidate shares.
    for m in _URL.finditer(text):
        yield m.span()


_SCRIPT = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.S | re.I)
_SCRIPT_HEAD = re.compile(r"<(script|style|noscript)\b", re.I)


def _script_spans(text: str):
    """_SCRIPT.finditer(text) spans, tried only where it can match: once a tag has no
    closer after it, no later tag spelled the same has one either."""
    missing: dict[str, int] = {}  # the tag as written -> from where on its closer is absent
    pos = 0
    while True:
        m = _SCRIPT_HEAD.search(text, pos)
        if m is None:
            return
        name = m.group(1)
        if name in missing and m.start() >= missing[name]:
            pos = m.start() + 1
            continue
        full = _SCRIPT.match(text, m.start())
        if full is None:
            missing[name] = m.start()
            pos = m.start() + 1
            continue
        yield full.span()
        pos = full.end()


def tag_finditer(rx: re.Pattern, head: re.Pattern, text: str, pos: int = 0, endpos: int | None = None):
    """rx.finditer(text, pos), for a pattern that is `head` then `[^>]*` (greedy or lazy)
    then a rest whose success depends only on where it starts: an HTML tag with an
    attribute (_A_TAG, privacy's _REMOTE and _PIXEL). Without the rescans: an opener that
    fails tells the openers after it, up to the same ">" (their `[^>]*` runs to that ">"
    too, so they have a subset of its choices), that they fail as well."""
    if endpos is None:
        endpos = len(text)
    failed_gt = -2
    while True:
        m = head.search(text, pos, endpos)
        if m is None:
            return
        p = m.start()
        gt = text.find(">", m.end())
        if gt != failed_gt:
            full = rx.match(text, p)
            if full is not None:
                yield full
                pos = full.end() if full.end() > p else p + 1
                continue
            failed_gt = gt
        pos = p + 1


def _code_spans(text: str):
    """_INLINE_CODE.finditer(text) spans, from the runs of backticks: an opener of n
    backticks (the rest of its run) closes at the next run of exactly n; one bisect each."""
    runs = [m.span() for m in _BACKTICKS.finditer(text)]
    by_len: dict[int, list[int]] = {}
    index: dict[int, int] = {}
    for k, (rs, re_) in enumerate(runs):
        by_len.setdefault(re_ - rs, []).append(rs)
        index[rs] = k
    k = 0
    while k < len(runs):
        rs, re_ = runs[k]
        k += 1
        for p in range(rs, re_):
            starts = by_len.get(re_ - p)
            if not starts:
                continue
            i = bisect.bisect_right(starts, re_)
            if i < len(starts):
                c = starts[i]
                yield p, c + (re_ - p)
                k = index[c] + 1
                break


_BACKTICKS = re.compile(r"`+")


def _img_tag_spans(text: str):
    """_IMG_TAG.finditer(text) spans: `[^>]*>` is the next ">", looked up once."""
    pos = 0
    while True:
        m = _IMG_HEAD.search(text, pos)
        if m is None:
            return
        g = text.find(">", m.end())
        if g == -1:
            return
        yield m.start(), g + 1
        pos = g + 1


_IMG_HEAD = re.compile(r"<img\b", re.I)
_A_HEAD = re.compile(r"<a\b", re.I)
_A_CLOSE = re.compile(r"</a\s*>", re.I)


def _a_tag_matches(text: str):
    """_A_TAG.finditer(text), tried only where it can match: it needs a closing </a>
    after it (so no opener after the last one is tried) and see tag_finditer."""
    last_close = -1
    for last in _A_CLOSE.finditer(text):
        last_close = last.start()
    if last_close == -1:
        return
    yield from tag_finditer(_A_TAG, _A_HEAD, text, 0, last_close)


def _attr(tag: str, name: str) -> str:
    m = re.search(rf"\b{name}\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", tag, re.I)
    return m.group(1).strip("\"'") if m else ""


# --------------------------------------------------------------------------
# Suppressions
# --------------------------------------------------------------------------

_ALLOW = re.compile(r"<!--\s*boundary:\s*allow\b(?P<body>.*?)-->", re.S | re.I)
_CODE = re.compile(r"\bB\d{3}\b")
_REASON = re.compile(r"\breason\s*=\s*(\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|“(?P<cq>[^”]*)”)", re.S)


_ALLOW_HEAD = re.compile(r"<!--\s*boundary:\s*allow\b", re.I)


def _allow_matches(text: str, pos: int = 0):
    """(start, end, body) of each _ALLOW.finditer(text, pos) match: the lazy `.*?-->` is
    the next "-->" (str.find); once there is none, no later comment has one."""
    while True:
        m = _ALLOW_HEAD.search(text, pos)
        if m is None:
            return
        c = text.find("-->", m.end())
        if c == -1:
            return
        yield m.start(), c + 3, text[m.end() : c]
        pos = c + 3


def _is_allow(text: str) -> bool:
    """_ALLOW.fullmatch(text): the lazy body stretches to the last "-->" when it must."""
    m = _ALLOW_HEAD.match(text)
    return m is not None and text.endswith("-->") and len(text) - 3 >= m.end()


def _find_inline_suppressions(post: Post) -> None:
    """An allow comment covers the next block after it (docs/product.md, The gate)."""
    text = post.body.text
    blocks = sorted(post.body.blocks, key=lambda bl: bl.start)
    starts = [bl.start for bl in blocks]
    # nxt[k]: the first block at or after k that is not itself an allow comment (or None).
    nxt: list[Block | None] | None = None
    for m_start, m_end, body_text in _allow_matches(text, post.body_start):
        if nxt is None:
            nxt = [None] * (len(blocks) + 1)
            for k in range(len(blocks) - 1, -1, -1):
                bl = blocks[k]
                nxt[k] = nxt[k + 1] if _is_allow(text[bl.start : bl.end].strip()) else bl
        codes = tuple(_CODE.findall(body_text))
        rm = _REASON.search(body_text)
        reason = ""
        if rm:
            reason = (rm.group("dq") or rm.group("sq") or rm.group("cq") or "").strip()
        line, col = post.body.position(m_start)  # through the normalised text's origin
        found = nxt[bisect.bisect_left(starts, m_end)]
        start, end = (found.start, found.end) if found else (m_end, m_end)
        post.suppressions.append(
            Suppression(codes=codes, reason=reason, line=line, column=col, start=start, end=end, inline=True)
        )
