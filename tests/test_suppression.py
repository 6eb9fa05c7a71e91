"""Suppressions: a reason is required, some codes cannot be switched off, unused ones are reported,
and an inline allow covers only the next block."""

from __future__ import annotations

from boundary import engine
from conftest import post


def codes(text: str) -> dict[str, str]:
    report = engine.check_text(text, "t.md")
    return {f.code: f.severity.label for f in report.findings}


def findings(text: str, code: str):
    return [f for f in engine.check_text(text, "t.md").findings if f.code == code]


SLUR_PARA = "That policy is retarded."


def test_inline_allow_with_reason_covers_the_next_block_only():
    text = post(body=f'<!-- boundary: allow B409 reason="quoting a 1970s textbook title" -->\n{SLUR_PARA}\n\n{SLUR_PARA}')
    found = findings(text, "B409")
    assert len(found) == 1  # the second paragraph is not covered
    assert found[0].line == 12
    assert "B904" not in codes(text)


def test_allow_without_reason_blocks_and_does_not_suppress():
    text = post(body=f"<!-- boundary: allow B409 -->\n{SLUR_PARA}")
    c = codes(text)
    assert c["B902"] == "block" and c["B409"] == "block"


def test_codes_that_cannot_be_suppressed():
    text = post(body='<!-- boundary: allow B101 reason="she agreed" -->\nA client I saw posts as @maggiepots on her shop page.')
    c = codes(text)
    assert c["B903"] == "block" and c["B101"] == "block"


def test_frontmatter_allow_covers_the_whole_post():
    text = post(boundary_allow='[{code: B409, reason: "historical quotation throughout"}]', body=f"{SLUR_PARA}\n\n{SLUR_PARA}")
    assert "B409" not in codes(text)


def test_frontmatter_allow_needs_a_reason():
    text = post(boundary_allow="[{code: B409}]", body=SLUR_PARA)
    c = codes(text)
    assert c["B902"] == "block" and c["B409"] == "block"


def test_unused_suppression_is_a_warning():
    text = post(body='<!-- boundary: allow B402 reason="quoting a book title" -->\nA calm paragraph.')
    [f] = findings(text, "B904")
    assert f.severity.label == "warn" and f.line == 9


def test_suppressing_a_different_code_does_not_hide_the_finding():
    text = post(body=f'<!-- boundary: allow B408 reason="quote" -->\n{SLUR_PARA}')
    c = codes(text)
    assert c["B409"] == "block" and c["B904"] == "warn"
