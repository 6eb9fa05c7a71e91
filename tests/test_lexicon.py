"""Word lists are reviewable data: every entry is a valid pattern with a source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from boundary import lexicon

LISTS = [
    (path.name, key)
    for path in sorted(lexicon.DATA.glob("*.yaml"))
    for key, value in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items()
    if isinstance(value, dict) and "terms" in value
]


def test_there_are_lists():
    assert len(LISTS) >= 10


@pytest.mark.parametrize("name,key", LISTS, ids=[f"{n}:{k}" for n, k in LISTS])
def test_every_entry_is_a_pattern_with_a_source(name, key):
    raw = yaml.safe_load((lexicon.DATA / name).read_text(encoding="utf-8"))[key]["terms"]
    for item in raw:
        assert isinstance(item, (str, dict)), f"{name}:{key}: {item!r} is not a term (quote entries that contain ': ')"
        if isinstance(item, dict):
            assert set(item) <= {"term", "source"} and "term" in item, item
    for term, source in lexicon.entries(name, key):
        assert source.strip(), f"{name}:{key}: {term!r} has no source"
        re.compile(term)


def test_crisis_lines_have_number_source_and_date():
    data = yaml.safe_load((lexicon.DATA / "crisis_lines.yaml").read_text(encoding="utf-8"))
    for region, lines in data["regions"].items():
        for line in lines:
            assert line["number"] and line["source"] and str(line["checked"]), (region, line)
    assert any("273" in r["number"] for r in data["retired"])


def test_well_known_helplines_are_not_unknown_crisis_numbers():
    """Real posts list many national helplines; none of them may be reported as an invented one."""
    from boundary import engine, practice

    p = practice.from_mapping({})
    numbers = ["1-800-950-6264", "1-833-852-6262", "1-800-985-5990", "1-800-422-4453", "1-800-656-4673", "1-800-799-7233", "1-800-662-4357", "1-877-565-8860"]
    body = "Suicide is preventable. Call or text 988. Other helplines: " + ", ".join(numbers) + "."
    text = f"---\ntitle: x\ndate: 2025-01-01\nsummary: s\naudience: public\nrisk: high\ncontent_note: x\n---\n{body}\n"
    assert [f for f in engine.check_text(text, practice=p).findings if f.code == "B308"] == []


def test_a_referral_line_alone_is_not_a_crisis_resource():
    from boundary import engine, practice

    text = "---\ntitle: x\ndate: 2025-01-01\nsummary: s\naudience: public\nrisk: high\ncontent_note: x\n---\nSuicide is preventable. For referrals call SAMHSA at 1-800-662-4357.\n"
    codes = {f.code for f in engine.check_text(text, practice=practice.from_mapping({})).findings if f.severity.label == "block"}
    assert "B308" in codes


def test_every_term_of_every_list_is_text():
    """An unquoted term holding ": " is read by YAML as a mapping; every list must load as terms."""
    import glob

    import yaml

    from boundary import lexicon

    for path in glob.glob(str(lexicon.DATA / "*.yaml")):
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        for key, group in data.items():
            if isinstance(group, dict) and "terms" in group:
                for term, _source in lexicon.entries(Path(path).name, key):
                    assert isinstance(term, str) and term, (path, key, term)
