"""The project's own labelled set (tests/corpus/, written from the design checklist alone): every post
comes out with the labelled verdict and at least the labelled blocking codes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from boundary import engine, practice

HERE = Path(__file__).parent / "corpus"
LABELS = yaml.safe_load((HERE / "labels.yaml").read_text(encoding="utf-8"))
PRACTICE = practice.from_yaml_file(HERE / "practice.yaml")


@pytest.mark.parametrize("stem", sorted(LABELS))
def test_labelled_post(stem):
    label = LABELS[stem]
    report = engine.check_file(HERE / f"{stem}.md", PRACTICE)
    blocking = {f.code for f in report.findings if f.severity.label == "block"}
    assert report.blocked == (label["verdict"] == "block"), report.findings
    missing = set(label.get("codes") or []) - blocking
    assert not missing, (missing, report.findings)
