"""The checker's values: severities, rules, findings and the report of one post."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

# The frontmatter's allowed values and the folders that hold pages: defined once, here (the schema
# rule B901, the checker's context, the publish pipeline and the docs read them from this module).
AUDIENCES = ("public", "clients", "professionals")
RISKS = ("low", "medium", "high")
CASE_MATERIAL = ("none", "composite", "disguised", "consented")
STATUSES = ("published", "draft", "hidden", "retracted")
#: Pelican's PAGE_PATHS default, and this kit's: a Markdown file under one of these folders is a page.
PAGE_FOLDERS = ("pages",)


def kind_of(path, page_folders=PAGE_FOLDERS) -> str:
    """"page" for a file under one of the page folders (PAGE_PATHS), else "post"."""
    from pathlib import PurePath

    parts = PurePath(str(path)).parts[:-1]
    folders = {PurePath(str(f)).parts[-1] for f in page_folders if str(f).strip("/")}
    return "page" if folders & set(parts) else "post"


class Severity(enum.IntEnum):
    """How much a finding matters; the order lets `max()` pick the verdict."""

    INFO = 1
    WARN = 2
    BLOCK = 3

    @property
    def label(self) -> str:
        return self.name.lower()


#: Family code prefix -> category name used in every output (docs/product.md, Commands).
CATEGORIES = {
    "B1": "confidentiality",
    "B2": "boundaries",
    "B3": "safe-messaging",
    "B4": "language",
    "B5": "advertising",
    "B6": "public-statements",
    "B7": "privacy",
    "B9": "metadata",
}


def category_of(code: str) -> str:
    return CATEGORIES[code[:2]]


@dataclass(frozen=True)
class Hit:
    """What a matcher returns: a place in the post and, optionally, a sharper message.

    `offset` and `end` index the text of the segment the hit came from; the
    engine turns them into a line and column of the original file.
    """

    segment: "object" = None  # source.Segment, or None for a frontmatter position
    offset: int = 0
    end: int = 0
    detail: str = ""
    severity: Severity | None = None  # None: the rule's own default
    line: int = 0  # used when segment is None
    column: int = 0


@dataclass(frozen=True)
class Example:
    """A rule's own example: runs as a test (tests/test_rule_examples.py)."""

    text: str
    meta: dict = field(default_factory=dict)
    severity: Severity | None = None  # for bad examples: the severity expected


@dataclass(frozen=True)
class Rule:
    """One checklist entry: what it is, why, how to fix it, and how it is found."""

    code: str
    name: str
    severity: Severity
    message: str
    why: str
    fix: str
    source: str
    matcher: Callable[..., Iterable[Hit]]
    suppressible_inline: bool = True
    good: tuple[Example, ...] = ()
    bad: tuple[Example, ...] = ()

    @property
    def category(self) -> str:
        return category_of(self.code)


@dataclass(frozen=True)
class Finding:
    """One problem in one file: a flat, immutable record (like flake8's Violation)."""

    code: str
    name: str
    category: str
    severity: Severity
    line: int
    column: int
    message: str
    why: str = ""
    fix: str = ""
    source: str = ""
    excerpt: str = ""

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "severity": self.severity.label,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "why": self.why,
            "fix": self.fix,
            "source": self.source,
        }


def verdict_of(findings: Iterable[Finding]) -> str:
    worst = max((f.severity for f in findings), default=None)
    if worst is Severity.BLOCK:
        return "block"
    if worst is Severity.WARN:
        return "warn"
    return "pass"


@dataclass(frozen=True)
class Report:
    """Everything the checker says about one file."""

    path: str
    findings: tuple[Finding, ...]
    digest: str = ""  # sha256 of the bytes that were checked
    title: str = ""
    slug: str = ""

    @property
    def verdict(self) -> str:
        return verdict_of(self.findings)

    @property
    def blocked(self) -> bool:
        return self.verdict == "block"

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.BLOCK]

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "verdict": self.verdict,
            "findings": [f.as_dict() for f in self.findings],
        }
