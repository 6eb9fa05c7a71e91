"""Bad frontmatter: a clear message (file, line, field, found, allowed) and the post is blocked."""

from __future__ import annotations

import pytest

from boundary import engine
from conftest import post

BAD = [
    # id, text, line, words the message must contain
    ("risk-boolean", post(risk="no"), 6, ["`risk`", "boolean false", "low, medium, high"]),
    ("risk-typo", post(risk="meduim"), 6, ["`risk`", '"meduim"', 'Did you mean "medium"']),
    ("audience-unknown", post(audience="everyone"), 5, ["`audience`", '"everyone"', "public, clients, professionals"]),
    ("audience-list", post(audience="[public, clients]"), 5, ["`audience`", "a list"]),
    ("summary-missing", post(summary=None), 1, ["`summary`", "missing"]),
    ("title-number", post(title=None, date="2025-03-04\ntitle: 2025"), 3, ["`title`", "must be text", "number 2025"]),
    ("date-invalid", post(date="2025-13-45"), 3, ["`date`", "not a date"]),
    ("tags-map", post(tags="{a: 1}"), 7, ["`tags`", "a map"]),
    ("crosspost-unknown", post(crosspost="[mastodn]"), 7, ["mastodn", 'Did you mean "mastodon"']),
    
    ("consent-ref-is-a-name", post(case_material="consented", consent_ref="Maria Lopez"), 8, ["person's name"]),
    ("duplicate-key", post(risk="low\nrisk: high"), 7, ["`risk` is given twice"]),
    ("yaml-colon", post(title="Grief: a guide"), 2, ["second colon", 'quotes: title: "Grief: a guide"']),
    ("yaml-tab", post(risk="low\n\tcategory: Sleep"), 7, ["line 7 starts with a tab", "must use spaces", "Delete the tab"]),
    ("yaml-tab-in-list", post(tags="\n\t- sleep"), 8, ["tab (the Tab key)", "two spaces"]),
    ("yaml-unclosed-quote", post(title='"Grief, a guide'), 2, ["quotation mark opened on line 2 is never closed", "closing quotation mark"]),
    ("yaml-no-colon", post(summary="x\njust some words"), 5, ["not a `field: value` line", "a colon and a space"]),
    ("not-a-mapping", "---\n- a\n- b\n---\nbody\n", 2, ["field: value"]),
    ("no-frontmatter", "Just a body.\n", 1, ["does not start with frontmatter"]),
    ("unclosed", "---\ntitle: x\nbody\n", 1, ["never closed"]),
]


@pytest.mark.parametrize("name,text,line,words", BAD, ids=[b[0] for b in BAD])
def test_bad_frontmatter_blocks_with_a_clear_message(tmp_path, name, text, line, words):
    path = tmp_path / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    report = engine.check_file(path)
    assert report.blocked
    b901 = [f for f in report.findings if f.code == "B901"]
    assert [f.line for f in b901] == [line], report.findings
    finding = b901[0]
    for word in words:
        assert word in finding.message + " How to fix: " + finding.fix
    assert finding.category == "metadata"


@pytest.mark.parametrize(
    "name,data,words",
    [
        ("non-utf8", "---\ntitle: caf\xe9\n---\n".encode("latin-1"), ["not in the UTF-8 text encoding", "line 2", "save the file again"]),
        ("empty", b"", ["empty"]),
        ("whitespace", b"  \n\n", ["empty"]),
        ("binary", b"\x89PNG\r\n\x1a\n\x00\x00", ["binary"]),
        ("huge", b"---\ntitle: x\n---\n" + b"a" * 1_100_000, ["at most"]),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_unreadable_files_block(tmp_path, name, data, words):
    path = tmp_path / f"{name}.md"
    path.write_bytes(data)
    report = engine.check_file(path)
    assert report.blocked
    [finding] = report.findings
    assert finding.code == "B901"
    for word in words:
        assert word in finding.message + " How to fix: " + finding.fix


def test_each_load_problem_has_its_own_fix(tmp_path):
    """The general advice ("correct the field named above") helps with none of these."""
    texts = {
        "empty": b"",
        "latin": "---\ntitle: caf\xe9\n---\n".encode("latin-1"),
        "tab": post(risk="low\n\tcategory: Sleep").encode(),
        "quote": post(title='"x').encode(),
        "colon": post(title="a: b").encode(),
        "unclosed": b"---\ntitle: x\nbody\n",
        "no-frontmatter": b"body\n",
    }
    fixes = []
    for name, data in texts.items():
        (tmp_path / f"{name}.md").write_bytes(data)
        [finding] = engine.check_file(tmp_path / f"{name}.md").findings
        fixes.append(finding.fix)
    assert len(set(fixes)) == len(fixes), fixes


def test_every_independent_frontmatter_problem_is_reported_in_one_run(tmp_path):
    """Four mistakes, one run: a YAML error no longer hides the fields after it."""
    text = "---\ntitle: Grief: a guide\ndate: 2025-01-01\n\tsummary: x\naudience: everyone\nrisk: 7\n---\nBody.\n"
    path = tmp_path / "four.md"
    path.write_text(text, encoding="utf-8")
    report = engine.check_file(path)
    assert report.blocked
    got = [(f.line, f.message) for f in report.findings if f.code == "B901"]
    assert [line for line, _ in got] == [2, 4, 5, 6], got
    assert "second colon" in got[0][1] and "tab" in got[1][1]
    assert "`audience`" in got[2][1] and "`risk`" in got[3][1]
    # the unreadable fields are not also called missing
    assert not any("`title` is missing" in m or "`summary` is missing" in m for _, m in got)


def test_a_field_missing_beside_a_yaml_error_is_named(tmp_path):
    path = tmp_path / "p.md"
    path.write_text("---\ntitle: a: b\ndate: 2025-01-01\naudience: public\nrisk: low\n---\nBody.\n", encoding="utf-8")
    messages = [f.message for f in engine.check_file(path).findings]
    assert any("`summary` is missing" in m for m in messages), messages


def test_valid_post_passes(tmp_path):
    path = tmp_path / "ok.md"
    path.write_text(post(tags="[anxiety, sleep]", category="Anxiety", content_note='"x"'), encoding="utf-8")
    assert engine.check_file(path).verdict == "pass"


def test_unknown_field_warns_with_suggestion(tmp_path):
    path = tmp_path / "typo.md"
    path.write_text(post(sumary='"x"'), encoding="utf-8")
    report = engine.check_file(path)
    [warn] = [f for f in report.findings if f.code == "B906"]
    assert warn.severity.label == "warn" and "Did you mean `summary`" in warn.message
    assert warn.line == 7


def test_pages_need_only_a_title(tmp_path):
    page = tmp_path / "pages" / "about.md"
    page.parent.mkdir()
    page.write_text("---\ntitle: About\n---\nHello.\n", encoding="utf-8")
    assert engine.check_file(page).verdict == "pass"
    page.write_text("---\nsummary: x\n---\nHello.\n", encoding="utf-8")
    assert engine.check_file(page).blocked


@pytest.mark.parametrize(
    "style, lines, where",
    [
        # folded and literal blocks: the value's lines are indented under the key
        (">", ["summary: >", "  A short piece about grief, written", "  after my client Leo Martinez called."], (6, 19)),
        ("|", ["summary: |", "  A short piece about grief, written", "  after my client Leo Martinez called."], (6, 19)),
        # a plain value spread over lines, and a double-quoted one with an escape before the name
        ("plain", ["summary: A short piece about grief,", "  written after my client Leo Martinez called."], (5, 27)),
        ('"', ['summary: "A short piece \\u2014 about grief,', '  written after my client Leo Martinez called."'], (5, 27)),
    ],
)
def test_findings_in_multiline_values_point_at_their_own_line(tmp_path, style, lines, where):
    """A value spread over lines is read joined, but a finding points at the line it is on."""
    text = "\n".join(["---", "title: Notes on grief", "date: 2025-01-01", *lines, "audience: public", "risk: low", "---", "", "Body.", ""])
    path = tmp_path / "p.md"
    path.write_text(text, encoding="utf-8")
    report = engine.check_file(path)
    named = [f for f in report.findings if f.code == "B102" and "Leo" in f.message]
    assert named, [f.code for f in report.findings]
    assert (named[0].line, named[0].column) == where
    assert text.splitlines()[where[0] - 1][where[1] - 1 :].startswith("Leo")


def test_allowed_values_and_page_folders_are_defined_once():
    from boundary import model
    from boundary.rules import metadata

    assert metadata.AUDIENCES is model.AUDIENCES and metadata.RISKS is model.RISKS
    assert metadata.CASE_MATERIAL is model.CASE_MATERIAL and metadata.STATUSES is model.STATUSES
    assert model.kind_of("content/pages/about.md") == "page"
    assert model.kind_of("content/posts/pages-of-a-diary.md") == "post"  # a file named "pages…" is a post
    assert model.kind_of("content/info/about.md", ["info"]) == "page"  # PAGE_PATHS as the settings give it


def test_a_page_is_checked_as_a_page_wherever_the_file_is_named(tmp_path):
    page = tmp_path / "pages" / "about.md"
    page.parent.mkdir()
    page.write_text("---\ntitle: About\n---\nHello.\n", encoding="utf-8")
    assert engine.check_file(page).verdict == "pass"  # a page needs only a title
