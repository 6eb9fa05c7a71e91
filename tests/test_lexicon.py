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
