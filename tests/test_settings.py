"""Broken site settings give a clear message naming the file, never a traceback or a build."""

from __future__ import annotations

import pytest

from conftest import ROOT
from publish import pipeline, site


def write_conf(tmp_path, extra: str):
    conf = tmp_path / "brokenconf.py"  # not "pelicanconf": Pelican would shadow the real module
    conf.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\nPATH = {str(ROOT / 'content')!r}\n{extra}\n",
        encoding="utf-8",
    )
    return conf


def test_practice_without_clinician_name(tmp_path):
    conf = write_conf(tmp_path, "PRACTICE = {'clinicians': [{'licence': 'X 1'}]}")
    with pytest.raises(site.SettingsError, match=r"brokenconf.py: PRACTICE: practice.clinicians\[0\] needs at least a name"):
        site.read_settings(conf)


def test_settings_file_that_is_not_python(tmp_path):
    conf = write_conf(tmp_path, "PRACTICE = {")
    with pytest.raises(site.SettingsError, match=r"brokenconf.py:\d+: the settings file is not valid Python"):
        site.read_settings(conf)


def test_publish_stops_at_the_settings_step_and_writes_nothing(tmp_path):
    conf = write_conf(tmp_path, "PRACTICE = {'social': 'not a mapping'}")
    with pytest.raises(pipeline.PublishError) as err:
        pipeline.publish(str(conf), output=str(tmp_path / "out"), outbox_dir=str(tmp_path / "box"))
    assert err.value.step == "settings" and "practice.social must be a mapping" in err.value.message
    assert not (tmp_path / "out").exists() and not (tmp_path / "box").exists()


@pytest.mark.parametrize(
    ("field", "text", "code"),
    [
        ("welcome", "We guarantee you will feel better in six sessions, or your money back.", "B501"),
        ("tagline", "Read what our clients say: “Dr. Lindqvist saved my marriage!” — J.M.", "B504"),
    ],
)
def test_the_home_page_texts_in_the_settings_get_the_checklist(tmp_path, field, text, code):
    """The welcome and tagline are shown on every page: a guarantee or a testimonial there
    stops publish at the settings step, naming the file, line, field, rule, why and fix."""
    conf = write_conf(tmp_path, f"PRACTICE = dict(PRACTICE)\nPRACTICE[{field!r}] = {text!r}")
    with pytest.raises(pipeline.PublishError) as err:
        pipeline.publish(str(conf), output=str(tmp_path / "out"), outbox_dir=str(tmp_path / "box"))
    message = err.value.message
    assert err.value.step == "settings"
    assert f'brokenconf.py:6: PRACTICE["{field}"], shown on every page of the site: {code}' in message
    assert "Why:" in message and "How to fix:" in message
    assert not (tmp_path / "out").exists() and not (tmp_path / "box").exists()


def test_the_sample_practice_texts_pass(tmp_path):
    settings = site.read_settings(ROOT / "pelicanconf.py")
    assert site.practice_text_findings(settings) == []


def test_a_settings_text_the_checker_crashes_on_blocks(tmp_path, monkeypatch):
    """Fail closed: a rule that crashes on the welcome text blocks it (B907) rather than
    letting it through unchecked."""
    from boundary import engine
    from boundary.rules import advertising

    original = advertising.rules

    def explode(post, ctx):
        if post.path.startswith("PRACTICE["):
            raise RuntimeError("boom")
        return iter(())

    def broken_rules():
        return [r if r.code != "B501" else r.__class__(**{**r.__dict__, "matcher": explode}) for r in original()]

    monkeypatch.setattr(advertising, "rules", broken_rules)
    engine.all_rules()  # rebuilt with the broken rule
    with pytest.raises(site.SettingsError, match=r'PRACTICE\["tagline"\], shown on every page of the site: B907'):
        site.read_settings(ROOT / "pelicanconf.py")


def test_the_crisis_lines_placeholder_counts_only_when_there_are_lines_to_show():
    """[practice:crisis_lines] is filled by the site with the practice's lines; for a region
    the kit has no lines for, and no local line, it would show nothing, so it is no resource."""
    from boundary import engine, practice

    text = ("---\ntitle: \"Asking about suicide\"\ndate: 2025-03-04\nsummary: \"How to ask.\"\naudience: public\n"
            "risk: high\ncontent_note: \"Discusses suicide.\"\n---\n\nAsking someone about suicide does not plant the idea."
            " Free lines you can call or text any time:\n\n[practice:crisis_lines]\n")
    known = engine.check_text(text, practice=practice.from_mapping({"region": "US"}))
    unknown = engine.check_text(text, practice=practice.from_mapping({"region": "ZZ"}))
    assert "B308" not in {f.code for f in known.blocking()}
    assert "B308" in {f.code for f in unknown.blocking()}
