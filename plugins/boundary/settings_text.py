"""The words the site shows from the settings (the home page's welcome, the tagline…) get
the same checklist as a page: a guarantee or a testimonial is no safer in pelicanconf.py.

Each field is checked on its own, as the body of a public page, so a finding names the
field it is in. Only the rules about what the words say apply: the metadata family
(B9xx: frontmatter, declared risk, suppressions) is about a post's own fields, which
these texts do not have; but a text the checker could not read or crashed on (B901,
B907) is reported, and blocks, like any post.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import engine
from .model import Finding

#: PRACTICE keys whose text the theme shows to every visitor.
PROSE_FIELDS = ("tagline", "welcome_heading", "welcome", "first_step", "telehealth")

_FRONT = '---\ntitle: "Home page"\nsummary: "The practice home page."\naudience: public\nrisk: low\n---\n\n'


@dataclass(frozen=True)
class FieldFinding:
    field: str  # e.g. "welcome"
    finding: Finding


def check_practice_text(data: dict | None, practice=None, more=()) -> list[FieldFinding]:
    """Findings (blocking and warnings) in the practice's shown texts, field by field.

    more: other (field, text) pairs the site shows (the profile's, from the presence plugin)."""
    out: list[FieldFinding] = []
    texts = [(key, (data or {}).get(key)) for key in PROSE_FIELDS] + list(more)
    for key, value in texts:
        if not isinstance(value, str) or not value.strip():
            continue
        # One paragraph: a line break in the value must not start a Markdown construct.
        body = " ".join(value.split())
        report = engine.check_text(_FRONT + body + "\n", f"PRACTICE[{key!r}]", practice, kind="page")
        for f in report.findings:
            # B901 (unreadable) and B907 (the checker failed) stay: fail closed.
            if not f.code.startswith("B9") or f.code in ("B901", "B907"):
                out.append(FieldFinding(key, f))
    return out
