"""Documentation that is generated from the code must not drift from it."""

from __future__ import annotations

from boundary import engine, formats
from conftest import ROOT


def test_rule_reference_is_up_to_date():
    expected = formats.rules_markdown(engine.all_rules())
    actual = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/rules.md is out of date: run `boundary rules --format markdown > docs/rules.md`"


def test_every_catalogue_code_is_implemented():
    """The checklist's codes (docs/rules.md) are all rules of the engine."""
    codes = {r.code for r in engine.all_rules()}
    catalogue = {f"B{n}" for n in (
        list(range(101, 112)) + list(range(201, 208)) + list(range(301, 312)) + [320, 321, 322, 340]
        + list(range(401, 410)) + list(range(501, 510)) + list(range(601, 606)) + list(range(701, 706)) + list(range(901, 908))
    )}
    assert catalogue <= codes, sorted(catalogue - codes)
