"""Every rule carries good and bad examples, and they hold (like pylint's good.py/bad.py)."""

from __future__ import annotations

import pytest

from boundary import engine, practice

RULES = engine.all_rules()
#: B907 is reported only when the checker itself fails (tests/test_gate.py makes a rule crash);
#: B202 and B506 are site-level (tests/test_site_checks.py); B704 needs a real image file
#: (tests/test_privacy.py builds one with GPS data).
NO_EXAMPLES = {"B907", "B202", "B506", "B704"}
PRACTICE = practice.from_mapping(
    {
        "name": "Cedar Hollow Counseling",
        "phone": "(555) 555-0134",
        "email": "hello@cedarhollow.example.org",
        "site_url": "https://cedarhollow.example.org",
        "clinicians": [
            {"name": "Nora Lindqvist", "titles": ["Dr."], "credentials": ["PhD", "Licensed Psychologist"], "licence": "PSY 30112"},
            {"name": "Marcus Hale", "credentials": ["LCSW"], "licence": "LCSW 81234"},
        ],
    }
)


def test_every_rule_has_examples():
    missing = [r.code for r in RULES if r.code not in NO_EXAMPLES and not (r.good and r.bad)]
    missing += [r.code for r in RULES if r.code in NO_EXAMPLES - {"B907", "B202", "B506"} and not r.good]
    assert not missing


def test_codes_are_unique_and_well_formed():
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    for r in RULES:
        assert r.category in ("confidentiality", "boundaries", "safe-messaging", "language", "advertising", "public-statements", "privacy", "metadata")
        assert r.message and r.why and r.fix and r.source


CASES = [(r.code, "good", i, ex) for r in RULES for i, ex in enumerate(r.good)] + [
    (r.code, "bad", i, ex) for r in RULES for i, ex in enumerate(r.bad)
]


@pytest.mark.parametrize("code,kind,i,example", CASES, ids=[f"{c}-{k}-{i}" for c, k, i, _ in CASES])
def test_rule_example(code, kind, i, example):
    report = engine.check_text(example.text, f"{code}-{kind}-{i}.md", practice=PRACTICE)
    mine = [f for f in report.findings if f.code == code]
    if kind == "good":
        assert not mine, mine
    else:
        expected = example.severity or engine.rule_by_code(code).severity
        assert mine, report.findings
        assert max(f.severity for f in mine) is expected, mine
