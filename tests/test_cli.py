"""`boundary check`: exit status, the JSON contract and SARIF of docs/product.md, Commands, the text report, --config."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from boundary import cli
from conftest import post

#: docs/product.md, Commands: the keys every finding carries, and the family names a category may take.
SPEC_FINDING_KEYS = {"code", "name", "category", "severity", "line", "column", "message", "source"}
#: Beyond the contract, each finding says why and how to fix it, as the text report does.
FINDING_KEYS = SPEC_FINDING_KEYS | {"why", "fix"}
FAMILIES = {
    "B1": "confidentiality",
    "B2": "boundaries",
    "B3": "safe-messaging",
    "B4": "language",
    "B5": "advertising",
    "B6": "public-statements",
    "B7": "privacy",
    "B9": "metadata",
}

CALM = post(title='"Sleep and worry"', body="A calm paragraph about sleep and rest.")
BLOCKED = post(title='"A held back post"', risk="no")  # YAML false: not a valid risk (B901)
WARNED = post(title='"A post with a typo"', contnet_note='"x"')  # unknown field (B906, a warning)
PHONE_LINE = "A client I saw called the office at (555) 555-0177 to ask about fees."
CLIENT_PHONE = post(title='"A phone call"', body=PHONE_LINE)
PRACTICE_YAML = """\
practice:
  name: Quiet Harbour Therapy
  phone: "(555) 555-0177"
  email: hello@quietharbour.example.net
  site_url: https://quietharbour.example.net
  region: US
  clinicians: [{name: Ada Byrne, titles: [Dr.], credentials: [PhD], licence: "PSY 10001"}]
"""


@pytest.fixture
def posts(tmp_path, monkeypatch):
    """A folder of posts; the cwd is tmp_path (no pelicanconf.py there: checker defaults)."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "posts"
    folder.mkdir()

    def write(name: str, text: str) -> str:
        (folder / name).write_text(text, encoding="utf-8")
        return f"posts/{name}"

    return write


def run_main(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------
# Exit status
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "files, expected",
    [
        pytest.param({"calm.md": CALM}, 0, id="one-passing-post"),
        pytest.param({"typo.md": WARNED}, 0, id="warnings-only"),
        pytest.param({"calm.md": CALM, "held.md": BLOCKED}, 1, id="one-of-two-blocked"),
        pytest.param({"phone.md": CLIENT_PHONE}, 1, id="client-phone-blocked"),
    ],
)
@pytest.mark.parametrize("as_folder", [False, True], ids=["files", "folder"])
def test_exit_status(posts, capsys, files, expected, as_folder):
    paths = [posts(name, text) for name, text in files.items()]
    code, out, _ = run_main(capsys, "check", *(["posts"] if as_folder else paths))
    assert code == expected
    blocked = 1 if expected else 0
    assert f"{len(files)} file{'s' if len(files) > 1 else ''} checked: {blocked} blocked" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        pytest.param(["check", "posts/nothing-here.md"], "no such file or folder", id="missing-path"),
        pytest.param(["check", "empty"], "no Markdown files found", id="folder-without-posts"),
        pytest.param(["check", "--config", "bad.yaml", "posts"], "not valid YAML", id="bad-yaml-config"),
        pytest.param(["check", "--config", "list.yaml", "posts"], "expected a mapping", id="config-not-a-mapping"),
        pytest.param(["check", "--config", "absent.yaml", "posts"], "cannot read the settings file", id="missing-config"),
    ],
)
def test_usage_errors_exit_2(posts, capsys, tmp_path, argv, message):
    posts("calm.md", CALM)
    (tmp_path / "empty").mkdir()
    (tmp_path / "bad.yaml").write_text("practice:\n  phone: [unclosed\n", encoding="utf-8")
    (tmp_path / "list.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    code, out, err = run_main(capsys, *argv)
    assert code == 2
    assert message in err
    assert out == ""  # no half report on a usage error


def test_unknown_format_is_a_usage_error(posts, capsys):
    path = posts("calm.md", CALM)
    with pytest.raises(SystemExit) as exc:
        cli.main(["check", "--format", "yaml", path])
    assert exc.value.code == 2
    assert "invalid choice: 'yaml'" in capsys.readouterr().err


def test_console_script(tmp_path):
    """The installed `boundary` command: the same exit codes as main()."""
    script = Path(sys.executable).with_name("boundary")
    assert script.is_file(), "the console script is not installed in this environment"
    (tmp_path / "calm.md").write_text(CALM, encoding="utf-8")
    (tmp_path / "held.md").write_text(BLOCKED, encoding="utf-8")

    def run(*args):
        return subprocess.run([str(script), *args], capture_output=True, text=True, cwd=tmp_path)

    ok, blocked, usage, bad_format = run("check", "calm.md"), run("check", "calm.md", "held.md"), run("check", "gone.md"), run("check", "--format", "xml", "calm.md")
    assert (ok.returncode, blocked.returncode, usage.returncode, bad_format.returncode) == (0, 1, 2, 2)
    assert "held.md: will NOT be published" in blocked.stdout
    assert "gone.md: no such file or folder" in usage.stderr
    doc = json.loads(run("check", "--format", "json", "held.md").stdout)
    assert [f["verdict"] for f in doc["files"]] == ["block"]


# --------------------------------------------------------------------------
# JSON (docs/product.md, Commands)
# --------------------------------------------------------------------------


def test_json_matches_the_contract(posts, capsys):
    paths = [posts("calm.md", CALM), posts("held.md", BLOCKED), posts("phone.md", CLIENT_PHONE), posts("typo.md", WARNED)]
    code, out, _ = run_main(capsys, "check", "--format", "json", *paths)
    assert code == 1
    doc = json.loads(out)
    assert set(doc) == {"files", "totals"}
    assert doc["totals"] == {"files": 4, "block": 2, "warn": 1, "pass": 1}
    assert [f["path"] for f in doc["files"]] == paths  # relative to where it runs, in the order given
    assert {f["path"]: f["verdict"] for f in doc["files"]} == {
        "posts/calm.md": "pass",
        "posts/held.md": "block",
        "posts/phone.md": "block",
        "posts/typo.md": "warn",
    }
    findings = [(f["path"], finding) for f in doc["files"] for finding in f["findings"]]
    assert findings, "the blocked files must come with findings"
    for entry in doc["files"]:
        assert set(entry) == {"path", "verdict", "findings"}
        severities = {f["severity"] for f in entry["findings"]}
        expected = "block" if "block" in severities else "warn" if "warn" in severities else "pass"
        assert entry["verdict"] == expected
    for _path, f in findings:
        assert set(f) == FINDING_KEYS, f
        assert f["why"] and f["fix"]
        assert re.fullmatch(r"B\d{3}", f["code"])
        assert f["category"] == FAMILIES[f["code"][:2]]
        assert f["severity"] in {"block", "warn", "info"}
        assert isinstance(f["line"], int) and isinstance(f["column"], int) and f["line"] >= 1 and f["column"] >= 1
        assert f["name"] and f["message"] and f["source"]
    by_path = {p: [f["code"] for f in entry["findings"]] for p, entry in ((e["path"], e) for e in doc["files"])}
    assert "B901" in by_path["posts/held.md"]
    assert "B101" in by_path["posts/phone.md"]
    assert by_path["posts/typo.md"] == ["B906"]


def test_json_positions_point_at_the_problem(posts, capsys):
    path = posts("phone.md", CLIENT_PHONE)
    _, out, _ = run_main(capsys, "check", "--format", "json", path)
    [b101] = [f for f in json.loads(out)["files"][0]["findings"] if f["code"] == "B101"]
    lines = CLIENT_PHONE.splitlines()
    line = lines.index(PHONE_LINE) + 1
    assert (b101["line"], b101["column"]) == (line, PHONE_LINE.index("(555)") + 1)
    assert "(555) 555-0177" in b101["message"]


# --------------------------------------------------------------------------
# SARIF 2.1.0
# --------------------------------------------------------------------------


def test_sarif(posts, capsys):
    paths = [posts("calm.md", CALM), posts("held.md", BLOCKED), posts("phone.md", CLIENT_PHONE), posts("typo.md", WARNED)]
    code, out, _ = run_main(capsys, "check", "--format", "sarif", *paths)
    assert code == 1
    sarif = json.loads(out)
    _, json_out, _ = run_main(capsys, "check", "--format", "json", *paths)
    expected = [
        (entry["path"], f["code"], f["severity"], f["line"], f["column"])
        for entry in json.loads(json_out)["files"]
        for f in entry["findings"]
    ]
    assert sarif["version"] == "2.1.0"
    assert "sarif-2.1.0" in sarif["$schema"]
    [run] = sarif["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "boundary"
    rule_ids = [r["id"] for r in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    assert {"B101", "B901", "B906"} <= set(rule_ids)
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["help"]["text"]
        assert rule["properties"]["category"] == FAMILIES[rule["id"][:2]]
    level = {"block": "error", "warn": "warning", "info": "note"}
    got = []
    for result in run["results"]:
        [loc] = result["locations"]
        phys = loc["physicalLocation"]
        region = phys["region"]
        assert result["ruleId"] in rule_ids
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == level[result["properties"]["severity"]]
        assert result["message"]["text"]
        got.append((phys["artifactLocation"]["uri"], result["ruleId"], result["properties"]["severity"], region["startLine"], region["startColumn"]))
    assert got == expected  # the same findings, at the same places, as the JSON


# --------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------


def test_text_report_groups_by_file_with_where_why_and_fix(posts, capsys):
    paths = [posts("calm.md", CALM), posts("held.md", BLOCKED), posts("phone.md", CLIENT_PHONE)]
    code, out, _ = run_main(capsys, "check", *paths)
    assert code == 1
    line = CLIENT_PHONE.splitlines().index(PHONE_LINE) + 1
    col = PHONE_LINE.index("(555)") + 1
    risk_line = BLOCKED.splitlines().index("risk: no") + 1
    lines = out.splitlines()
    held = lines.index("posts/held.md: will NOT be published")
    phone = lines.index("posts/phone.md: will NOT be published")
    assert held < phone
    held_block, phone_block = lines[held:phone], lines[phone:]
    assert any(re.fullmatch(rf"  posts/held\.md:{risk_line}:\d+  BLOCKED  B901 frontmatter-invalid", ln) for ln in held_block), held_block
    assert f"  posts/phone.md:{line}:{col}  BLOCKED  B101 client-identifier" in phone_block
    for block in (held_block, phone_block):
        text = "\n".join(block)
        assert "Why: " in text and "How to fix: " in text and "Standard: " in text
        assert text.index("Why: ") < text.index("How to fix: ")
    assert not any("calm.md" in ln for ln in lines)  # passing files are quiet without --verbose
    assert lines[-1] == "3 files checked: 2 blocked, 0 with warnings, 1 passed."


def test_verbose_lists_passing_files(posts, capsys):
    path = posts("calm.md", CALM)
    code, out, _ = run_main(capsys, "check", "--verbose", path)
    assert code == 0
    assert "posts/calm.md: passes the checklist" in out


# --------------------------------------------------------------------------
# --config: the practice's own details are not a client's
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "config, expected_code, b101",
    [
        pytest.param(None, 1, True, id="no-config-phone-is-a-client-identifier"),
        pytest.param(PRACTICE_YAML, 0, False, id="practice-phone-in-config"),
        pytest.param(PRACTICE_YAML.replace("555-0177", "555-0100"), 1, True, id="another-practice-phone"),
    ],
)
def test_config_practice_phone(posts, capsys, tmp_path, config, expected_code, b101):
    path = posts("phone.md", CLIENT_PHONE)
    argv = ["check", "--format", "json", path]
    if config is not None:
        (tmp_path / "practice.yaml").write_text(config, encoding="utf-8")
        argv[1:1] = ["--config", "practice.yaml"]
    code, out, _ = run_main(capsys, *argv)
    codes = [f["code"] for f in json.loads(out)["files"][0]["findings"]]
    assert code == expected_code
    assert ("B101" in codes) is b101


def test_without_config_reads_pelicanconf_in_the_current_folder(posts, capsys, tmp_path):
    """docs/product.md, Commands: no --config → PRACTICE from ./pelicanconf.py (read, not executed)."""
    path = posts("phone.md", CLIENT_PHONE)
    (tmp_path / "pelicanconf.py").write_text('PRACTICE = {"name": "Quiet Harbour", "phone": "555-555-0177"}\n', encoding="utf-8")
    code, _, _ = run_main(capsys, "check", path)
    assert code == 0


def test_many_files_checked_in_parallel_give_exactly_the_serial_report(tmp_path, capsys, monkeypatch):
    """With enough files, `boundary check` shares them among worker processes (one per
    core by default); the JSON report, its order and the exit status do not change."""
    import concurrent.futures

    pools = []

    class SpyExecutor(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, max_workers=None, *args, **kwargs):
            pools.append(max_workers)
            super().__init__(max_workers, *args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", SpyExecutor)
    monkeypatch.setattr(cli, "default_jobs", lambda: 2)
    folder = tmp_path / "posts"
    folder.mkdir()
    for i in range(cli.PARALLEL_MIN_FILES + 5):
        body = PHONE_LINE if i % 9 == 0 else f"A calm paragraph number {i} about sleep and rest."
        (folder / f"p{i:02d}.md").write_text(post(title=f'"Post {i}"', body=body), encoding="utf-8")
    (folder / "zz-bad.md").write_text(BLOCKED, encoding="utf-8")
    outputs = []
    for jobs in ("1", "2", "0"):
        code = cli.main(["check", "--format", "json", "--jobs", jobs, str(folder)])
        outputs.append((code, capsys.readouterr().out))
    assert pools == [2, 2]  # --jobs 2 and the default used worker processes; --jobs 1 did not
    assert outputs[0][0] == 1
    assert outputs[1] == outputs[0] and outputs[2] == outputs[0]
    files = json.loads(outputs[0][1])["files"]
    assert len(files) == cli.PARALLEL_MIN_FILES + 6
    assert sum(1 for f in files if any(x["code"] == "B101" for x in f["findings"])) == 5  # p00, p09 … p36


def test_a_pool_that_cannot_run_falls_back_to_checking_here(tmp_path, monkeypatch):
    paths = []
    for i in range(cli.PARALLEL_MIN_FILES):
        p = tmp_path / f"p{i:02d}.md"
        p.write_text(post(title=f'"Post {i}"', body=PHONE_LINE if i == 3 else "Rest."), encoding="utf-8")
        paths.append(str(p))

    def no_pool(*args, **kwargs):
        raise OSError("no processes here")

    import concurrent.futures

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    reports = cli.check_paths(paths, None, jobs=2)
    assert [r.path for r in reports] == paths
    assert [r.blocked for r in reports].count(True) == 1 and reports[3].blocked


def test_a_worker_that_dies_does_not_hang_the_check(tmp_path, monkeypatch):
    """A worker process killed mid-way (out of memory, say): the pool breaks, and every
    file is checked in this process instead; nothing waits for ever, nothing is skipped."""
    import os
    import signal

    paths = []
    for i in range(cli.PARALLEL_MIN_FILES):
        p = tmp_path / f"p{i:02d}.md"
        p.write_text(post(title=f'"Post {i}"', body=PHONE_LINE if i == 7 else "Rest."), encoding="utf-8")
        paths.append(str(p))
    parent = os.getpid()
    real = cli._check_in_worker

    def dies_on_p20(path):
        if os.getpid() != parent and path.endswith("p20.md"):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path)

    monkeypatch.setattr(cli, "_check_in_worker", dies_on_p20)
    reports = cli.check_paths(paths, None, jobs=2)
    assert [r.path for r in reports] == paths
    assert [i for i, r in enumerate(reports) if r.blocked] == [7]


def test_jobs_must_be_a_whole_number(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["check", "--jobs", "many", "."])
    assert exc.value.code == 2
    assert "--jobs" in capsys.readouterr().err


# --------------------------------------------------------------------------
# Paths named like posts that cannot be read: never skipped in silence
# --------------------------------------------------------------------------


def test_links_and_folders_named_like_posts_are_held_with_a_plain_reason(posts, capsys, tmp_path):
    posts("calm.md", CALM)
    folder = tmp_path / "posts"
    (folder / "gone.md").symlink_to("nowhere.md")
    (folder / "loop-a.md").symlink_to("loop-b.md")
    (folder / "loop-b.md").symlink_to("loop-a.md")
    (folder / "drafts.md").mkdir()
    code, out, _err = run_main(capsys, "check", "--format", "json", "posts")
    assert code == 1
    found = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert found["calm.md"]["verdict"] == "pass"
    assert "which does not exist" in found["gone.md"]["findings"][0]["message"]
    assert "leads back to itself" in found["loop-a.md"]["findings"][0]["message"]
    assert "folder named like a post" in found["drafts.md"]["findings"][0]["message"]
    assert all(found[n]["verdict"] == "block" for n in ("gone.md", "loop-a.md", "loop-b.md", "drafts.md"))
    # named on its own, a dangling link gets the same reason, not "no such file"
    code, out, _err = run_main(capsys, "check", "posts/gone.md")
    assert code == 1 and "which does not exist" in " ".join(out.split())


def test_a_link_to_a_folder_of_posts_is_checked_like_the_folder(posts, capsys, tmp_path):
    posts("calm.md", CALM)
    (tmp_path / "linked").symlink_to(tmp_path / "posts", target_is_directory=True)
    code, out, _err = run_main(capsys, "check", "--format", "json", "linked")
    assert code == 0
    assert [(Path(f["path"]).name, f["verdict"]) for f in json.loads(out)["files"]] == [("calm.md", "pass")]


def test_a_file_name_that_is_not_utf8_keeps_json_valid(posts, capsys, tmp_path):
    with open(bytes(tmp_path / "posts") + b"/caf\xe9.md", "w", encoding="utf-8") as f:  # Latin-1 bytes in the name
        f.write(CALM)
    proc = subprocess.run([sys.executable, "-m", "boundary.cli", "check", "--format", "json", "posts"], cwd=tmp_path,
                          capture_output=True)
    data = json.loads(proc.stdout.decode("utf-8"))  # valid UTF-8 and valid JSON
    assert [f["path"] for f in data["files"]] == ["posts/caf\\xe9.md"]
