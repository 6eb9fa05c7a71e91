"""The invoke tasks, run as the clinician runs them: `invoke new/check/publish` in a copy of the project."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import frontmatter
import yaml
import pytest
from invoke import MockContext, Result

from boundary import cli
from conftest import ROOT, SETTINGS, copy_project, post
from publish import pipeline
from publish.scaffold import new_post

PROJECT_PARTS = ["content", "theme", "plugins", "publish", "pelicanconf.py", "publishconf.py", "tasks.py", "approvals.yaml"]
BASE = "https://cedarhollow.example.org"


@pytest.fixture
def project(tmp_path) -> Path:
    """A private copy of the project: tasks write into their own folder, never into the repo."""
    return copy_project(tmp_path / "project", PROJECT_PARTS)


def invoke(project: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args], cwd=cwd or project, capture_output=True, text=True, env=env, timeout=120
    )


def tree(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under root with its bytes and modification time."""
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(root.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------
# invoke new
# --------------------------------------------------------------------------


def _fill_in(path: Path) -> None:
    """What a clinician does next: their own summary and words in place of the template's."""
    from boundary.rules.metadata import BODY_PLACEHOLDER, SUMMARY_PLACEHOLDER

    text = path.read_text(encoding="utf-8")
    text = text.replace(SUMMARY_PLACEHOLDER, "How sleep and worry feed each other, and three small things that help.")
    text = text.replace(BODY_PLACEHOLDER, "Worry keeps many of us awake. Here is what helps.")
    path.write_text(text, encoding="utf-8")


def test_new_creates_a_post_that_is_held_until_written_and_never_overwrites(project, capsys):
    proc = invoke(project, "new", "Sleep and anxiety")
    assert proc.returncode == 0, proc.stderr
    [path] = (project / "content" / "posts").glob("*-sleep-and-anxiety.md")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}-sleep-and-anxiety\.md", path.name)
    assert f"Created content/posts/{path.name}" in proc.stdout
    # The command it prints is one that works: the new post is checked (and held until written).
    printed = re.search(r"check it with: invoke (.+)$", proc.stdout.strip()).group(1).split()
    follow = invoke(project, *printed)
    assert follow.returncode == 1 and "No idea what" not in follow.stdout + follow.stderr
    assert f"{path.name}: will NOT be published" in follow.stdout
    meta = frontmatter.load(path).metadata
    assert meta["title"] == "Sleep and anxiety"
    assert meta["date"].isoformat() == path.name[:10]
    assert (meta["audience"], meta["risk"]) == ("public", "low")
    assert meta["status"] == "draft"  # a new post is a draft until its writer says otherwise
    # Untouched, the post is held: the template's placeholders would go live under the clinician's name.
    assert cli.main(["check", "--config", str(_practice_yaml(project)), str(path)]) == 1
    out = capsys.readouterr().out
    assert "placeholder" in out and "summary" in out and "Start writing here" in out
    _fill_in(path)
    assert cli.main(["check", "--config", str(_practice_yaml(project)), str(path)]) == 0

    # The same title again: the post (now with the author's words) is never overwritten.
    path.write_text(path.read_text(encoding="utf-8") + "\nMy own words.\n", encoding="utf-8")
    before = path.read_bytes()
    again = invoke(project, "new", "Sleep and anxiety")
    assert again.returncode == 1
    assert "already exists" in again.stdout + again.stderr
    assert path.read_bytes() == before


def _practice_yaml(project: Path) -> Path:
    """The sample practice as a --config file, so in-process checks don't depend on the cwd."""
    path = project / "practice.yaml"
    path.write_text("practice:\n  name: Cedar Hollow Counseling\n  phone: \"(555) 555-0134\"\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "title, filename",
    [
        pytest.param("Sleep and anxiety", "2025-03-04-sleep-and-anxiety.md", id="spaces"),
        pytest.param("Grief: a guide", "2025-03-04-grief-a-guide.md", id="colon"),
        pytest.param("Off-season blues", "2025-03-04-off-season-blues.md", id="first-word-is-yaml-false"),
        pytest.param("No more worry", "2025-03-04-no-more-worry.md", id="first-word-no"),
        pytest.param('A "quoted" word', "2025-03-04-a-quoted-word.md", id="double-quotes"),
        pytest.param("Ça va? Les émotions", "2025-03-04-ca-va-les-emotions.md", id="accents-and-question-mark"),
        pytest.param("2025 in review", "2025-03-04-2025-in-review.md", id="starts-with-a-number"),
    ],
)
def test_new_post_template_for_any_title(tmp_path, capsys, title, filename):
    path = new_post(title, tmp_path / "content", today=dt.date(2025, 3, 4))
    assert path == tmp_path / "content" / "posts" / filename
    meta = frontmatter.load(path).metadata
    assert meta["title"] == title
    assert meta["date"] == dt.date(2025, 3, 4)
    assert all(isinstance(tag, str) for tag in meta["tags"])
    _fill_in(path)
    code = cli.main(["check", "--config", str(_practice_yaml(tmp_path)), str(path)])
    assert code == 0, capsys.readouterr().out


@pytest.mark.parametrize("title", ["", "   "], ids=["empty", "blank"])
def test_new_post_needs_a_title(tmp_path, title):
    with pytest.raises(ValueError, match="give the post a title"):
        new_post(title, tmp_path / "content")
    assert not (tmp_path / "content" / "posts").exists() or not any((tmp_path / "content" / "posts").iterdir())


# --------------------------------------------------------------------------
# invoke check
# --------------------------------------------------------------------------

HELD = post(title='"A held back post"', risk="no")
CALM = post(title='"A calm post"')


@pytest.mark.parametrize(
    "cwd, args, code",
    [
        pytest.param(".", ["check", "--paths", "content/posts/held.md"], 1, id="blocked-post"),
        pytest.param(".", ["check", "-p", "content/posts/calm.md"], 0, id="passing-post"),
        pytest.param("content", ["check", "-p", "posts/held.md"], 1, id="path-relative-to-a-subfolder"),
        pytest.param(".", ["check", "-p", "content/posts/missing.md"], 2, id="missing-path"),
        pytest.param(".", ["check", "content/posts/held.md"], 1, id="positional-path"),
        pytest.param("content", ["check", "--verbose", "posts/calm.md"], 0, id="positional-after-a-flag"),
        pytest.param(".", ["check", "content/posts/calm.md", "-p", "content/posts/held.md"], 1, id="positional-and-more"),
        pytest.param(".", ["check", "content/posts/calm.md", "content/posts/held.md"], 1, id="two-positional-paths"),
        pytest.param(".", ["check", "content/posts/calm.md", "content/posts/calm.md", "--verbose"], 0, id="paths-then-a-flag"),
    ],
)
def test_check(project, cwd, args, code):
    (project / "content" / "posts" / "held.md").write_text(HELD, encoding="utf-8")
    (project / "content" / "posts" / "calm.md").write_text(CALM, encoding="utf-8")
    proc = invoke(project, *args, cwd=project / cwd)
    assert proc.returncode == code, proc.stdout + proc.stderr
    if code == 1:
        assert "held.md: will NOT be published" in proc.stdout
        assert "B901" in proc.stdout


def test_check_without_paths_checks_the_whole_content_folder(project):
    (project / "content" / "posts" / "held.md").write_text(HELD, encoding="utf-8")
    total = len(list((project / "content").rglob("*.md")))
    proc = invoke(project, "check", cwd=project / "content" / "pages")
    assert proc.returncode == 1, proc.stdout
    assert "content/posts/held.md: will NOT be published" in proc.stdout
    assert f"\n{total} files checked: 1 blocked, " in proc.stdout  # every post and page, and only one blocked


# --------------------------------------------------------------------------
# invoke test (running the suite inside the suite would recurse: check the command)
# --------------------------------------------------------------------------


def test_task_names_for_the_positional_paths_are_the_real_ones(monkeypatch):
    monkeypatch.setattr(sys, "path", list(sys.path))
    spec = importlib.util.spec_from_file_location("consulting_room_tasks_names", ROOT / "tasks.py")
    tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tasks)
    from invoke import Collection

    assert tasks._TASK_NAMES == set(Collection.from_module(tasks).task_names)
    # `invoke check build` chains two tasks; a path after -p is that flag's value
    assert tasks._paths_typed_after("check", ["invoke", "check", "build"]) == 0
    assert tasks._paths_typed_after("check", ["invoke", "check", "-p", "a.md", "--verbose"]) == 0
    assert tasks._paths_typed_after("check", ["invoke", "check", "--verbose", "a.md", "b.md"]) == 2


def test_test_task_runs_pytest(monkeypatch):
    monkeypatch.setattr(sys, "path", list(sys.path))  # tasks.py adds the project to sys.path
    spec = importlib.util.spec_from_file_location("consulting_room_tasks", ROOT / "tasks.py")
    tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tasks)
    command = f"{sys.executable} -m pytest"
    c = MockContext(run={command: Result(exited=0)})
    tasks.test(c)
    c.run.assert_called_once_with(command, pty=False)


# --------------------------------------------------------------------------
# invoke publish
# --------------------------------------------------------------------------


def test_publish_end_to_end_and_again(project):
    first = invoke(project, "publish")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Published" in first.stdout
    assert "Kept out" not in first.stdout  # the sample content passes the checklist
    assert (project / "output" / "index.html").is_file()
    atom = (project / "output" / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert f"<link href=\"{BASE}/posts/" in atom
    mastodon = sorted((project / "outbox" / "mastodon").glob("*.txt"))
    assert mastodon
    written = int(re.search(r"(\d+) written", first.stdout).group(1))
    assert written == len(list((project / "outbox").rglob("*.txt")))
    leftovers = [p.name for p in project.iterdir() if p.name.startswith(".staging-") or p.name.endswith(".previous")]
    assert leftovers == []
    before = tree(project / "outbox")

    second = invoke(project, "publish")
    assert second.returncode == 0, second.stdout + second.stderr
    assert f"0 written, {written} unchanged, 0 removed" in second.stdout
    assert tree(project / "outbox") == before  # not even rewritten with the same bytes
    assert (project / "output" / "index.html").is_file()


def test_publish_dry_run_changes_nothing(project):
    before = tree(project)
    proc = invoke(project, "publish", "--dry-run")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Would publish" in proc.stdout and "cross-post(s) to the outbox" in proc.stdout
    assert not (project / "output").exists()
    assert not (project / "outbox").exists()
    assert tree(project) == before
    assert sorted(p.name for p in project.iterdir()) == sorted(PROJECT_PARTS)


def _block_one_public_post(project: Path) -> tuple[Path, str]:
    approved = {a["id"] for a in yaml.safe_load((project / "approvals.yaml").read_text(encoding="utf-8"))["approvals"]}
    for path in sorted((project / "content" / "posts").glob("*.md")):
        meta = frontmatter.load(path).metadata
        if meta.get("audience") == "public" and meta.get("risk") == "low" and meta.get("slug") in approved:
            text = path.read_text(encoding="utf-8")
            path.write_text(re.sub(r"(?m)^risk: low$", "risk: no", text, count=1), encoding="utf-8")
            return path, meta["slug"]
    raise AssertionError("the sample content has no approved public, low-risk post to block")


def test_publish_keeps_a_blocked_post_out(project):
    path, slug = _block_one_public_post(project)
    assert slug in (project / "approvals.yaml").read_text(encoding="utf-8")  # approved, then it became blocked
    title = frontmatter.load(path).metadata["title"]
    proc = invoke(project, "publish")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rel = str(path.relative_to(project))
    kept_out = proc.stdout.split("Kept out of the site (1)", 1)
    assert len(kept_out) == 2, proc.stdout
    assert f"{rel}: will NOT be published" in kept_out[1]
    assert f"{rel}:" in kept_out[1] and "B901" in kept_out[1]
    assert not (project / "output" / "posts" / slug).exists()
    assert not list((project / "outbox").rglob(f"{slug}.txt"))
    for built in [*(project / "output").rglob("*.html"), *(project / "output").rglob("*.xml"), *(project / "outbox").rglob("*.txt")]:
        text = built.read_text(encoding="utf-8")
        assert slug not in text and title not in text, built


def test_publish_strict_refuses_when_a_post_is_blocked(site, tmp_path):
    """--strict (the pipeline the task calls): one blocked post and nothing is deployed."""
    site.write("posts/calm.md", CALM)
    site.write("posts/held.md", HELD)
    box = tmp_path / "outbox"
    with pytest.raises(pipeline.PublishError) as exc:
        pipeline.publish(str(SETTINGS), strict=True, output=str(site.output), outbox_dir=str(box), overrides=site.overrides())
    assert exc.value.step == "check"
    assert "posts/held.md" in str(exc.value) and "calm.md" not in str(exc.value)  # says which
    assert not site.output.exists() and not box.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".staging-")]


# --------------------------------------------------------------------------
# invoke approve
# --------------------------------------------------------------------------

POST = "content/posts/2025-03-11-what-to-expect-first-session.md"
SLUG = "what-to-expect-first-session"


def test_approve_then_publish_twice_gives_the_same_outbox_and_an_edit_voids_it(project):
    first = invoke(project, "publish")
    assert first.returncode == 0, first.stdout + first.stderr
    assert f"{POST} (to mastodon, bluesky, linkedin): not approved yet" in first.stdout
    assert not list((project / "outbox").rglob(f"{SLUG}.txt"))

    proc = invoke(project, "approve", POST, "--by", "Dr. Nora Lindqvist")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"Approved {POST} as Dr. Nora Lindqvist" in proc.stdout
    assert "--- mastodon: exactly this will be sent" in proc.stdout
    record = yaml.safe_load((project / "approvals.yaml").read_text(encoding="utf-8"))["approvals"][-1]
    assert record["post"] == POST and record["id"] == SLUG and record["approved_by"] == "Dr. Nora Lindqvist"
    assert set(record["crossposts"]) == {"mastodon", "bluesky", "linkedin"}

    second = invoke(project, "publish")
    assert second.returncode == 0, second.stdout + second.stderr
    files = sorted(p.relative_to(project) for p in (project / "outbox").rglob(f"{SLUG}.txt"))
    assert [str(f.parent.name) for f in files] == ["bluesky", "linkedin", "mastodon"]
    before = tree(project / "outbox")
    third = invoke(project, "publish")
    assert third.returncode == 0
    assert tree(project / "outbox") == before  # same outbox, not even rewritten
    assert "0 written" in third.stdout

    # An edit after approval voids it: the report says so and the cross-posts are withdrawn from the outbox.
    path = project / POST
    path.write_text(path.read_text(encoding="utf-8").replace("\n\n", "\n\nA sentence added later.\n\n", 1), encoding="utf-8")
    fourth = invoke(project, "publish")
    assert fourth.returncode == 0
    assert f"{POST} (to mastodon, bluesky, linkedin): the approval by Dr. Nora Lindqvist" in fourth.stdout
    assert "is void: the post was edited afterwards" in fourth.stdout
    assert not list((project / "outbox").rglob(f"{SLUG}.txt"))
    assert (project / "output" / "posts" / SLUG / "index.html").is_file()  # the site itself does not need approval by default
    check = invoke(project, "check", "-p", POST)
    assert f"{POST}: the approval by Dr. Nora Lindqvist" in check.stdout and "is void" in check.stdout


def test_approve_refuses_a_blocked_post_and_an_unknown_path(project):
    path, _slug = _block_one_public_post(project)
    rel = str(path.relative_to(project))
    before = (project / "approvals.yaml").read_bytes()
    proc = invoke(project, "approve", rel, "--by", "Dr. Nora Lindqvist")
    assert proc.returncode == 1
    assert f"Not approved: {rel} is blocked by the checklist" in proc.stderr
    proc = invoke(project, "approve", "content/posts/nope.md", "--by", "Dr. Nora Lindqvist")
    assert proc.returncode == 1 and "no such post" in proc.stderr
    proc = invoke(project, "approve", POST)
    assert proc.returncode == 1 and 'say who approves it' in proc.stderr
    assert (project / "approvals.yaml").read_bytes() == before
    assert "Traceback" not in proc.stderr


def test_clean_removes_the_preview_and_caches_but_never_the_published_site(project):
    for folder in ("preview", "cache", "output"):
        (project / folder).mkdir(exist_ok=True)
        (project / folder / "index.html").write_text(folder, encoding="utf-8")
    proc = invoke(project, "clean")
    assert proc.returncode == 0, proc.stderr
    assert not (project / "preview").exists() and not (project / "cache").exists()
    assert (project / "output" / "index.html").read_text(encoding="utf-8") == "output"


def test_new_post_guesses_a_topic_word_for_its_tag(tmp_path):
    path = new_post("How to talk with a friend about suicide", tmp_path / "content", today=dt.date(2025, 3, 4))
    assert frontmatter.load(path).metadata["tags"] == ["talk"]
