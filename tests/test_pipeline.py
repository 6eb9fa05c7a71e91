"""`invoke publish` as a pipeline: the order of its steps, the atomic deploy, deploy targets, dry run, approval settings."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, post
from publish import deploy, pipeline

PUBLISHCONF = str(ROOT / "publishconf.py")


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()} if root.exists() else {}


def two_posts(site):
    site.write("posts/sleep.md", post(title='"Sleep and worry"', slug="sleep-and-worry"))
    site.write("posts/walks.md", post(title='"Walking and mood"', slug="walking-and-mood", date="2025-03-05"))
    site.approve(settings=PUBLISHCONF)


def do_publish(site, **kw):
    return pipeline.publish(PUBLISHCONF, output=str(site.output), outbox_dir=str(site.root / "outbox"),
                            overrides=site.overrides(**kw.pop("over", {})), **kw)


# ---------------------------------------------------------------- step order
STEPS = ["prepare", "run_audit", "run_deploy", "run_crosspost"]


@pytest.mark.parametrize("failing", STEPS)
def test_a_failing_step_stops_every_later_one(site, monkeypatch, failing):
    two_posts(site)
    do_publish(site)  # a live site and outbox from an earlier publish
    before = {"output": tree(site.output), "outbox": tree(site.root / "outbox")}
    assert before["output"] and before["outbox"]
    # Change the content, so a later step that ran anyway would show on disk.
    site.write("posts/walks.md", post(title='"Walking and mood, revised"', slug="walking-and-mood", date="2025-03-05"))
    site.approve("walks.md", settings=PUBLISHCONF)
    ran = []
    for name in STEPS:
        real = getattr(pipeline, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            ran.append(_name)
            if _name == failing:
                raise pipeline.PublishError(_name, "injected failure")
            return _real(*args, **kwargs)

        monkeypatch.setattr(pipeline, name, spy)
    with pytest.raises(pipeline.PublishError) as info:
        do_publish(site)
    assert info.value.step == failing
    assert ran == STEPS[: STEPS.index(failing) + 1]
    if STEPS.index(failing) <= STEPS.index("run_deploy"):
        assert tree(site.output) == before["output"]  # the live site is exactly the old one
    else:
        assert b"revised" in (site.output / "posts/walking-and-mood/index.html").read_bytes()  # deployed, then cross-posting failed
    assert tree(site.root / "outbox") == before["outbox"]
    assert not [p for p in site.root.iterdir() if p.name.startswith(".staging-") or p.name.endswith(".previous")]


def test_a_broken_build_leaves_the_live_site_untouched(site):
    two_posts(site)
    do_publish(site)
    before = tree(site.output)
    with pytest.raises(pipeline.PublishError) as info:
        do_publish(site, over={"PLUGINS": ["feeds", "sitemap"]})  # the gate is missing: the build is refused
    assert info.value.step == "build"
    assert tree(site.output) == before


def test_an_interrupted_swap_is_repaired_by_the_next_deploy(tmp_path):
    out, staging = tmp_path / "output", tmp_path / "staging"
    (tmp_path / "output.previous").mkdir()
    (tmp_path / "output.previous" / "index.html").write_text("old site")
    staging.mkdir()
    (staging / "index.html").write_text("new site")
    deploy.local(str(staging), str(out))  # the old run died between its two renames
    assert (out / "index.html").read_text() == "new site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


# ------------------------------------------------------------ deploy targets
def test_rsync_target_mirrors_the_site_and_removes_what_is_gone(site, tmp_path):
    dest = tmp_path / "server" / "www"
    dest.mkdir(parents=True)
    (dest / "stale.html").write_text("an old page the new site does not have")
    two_posts(site)
    result = do_publish(site, over={"DEPLOY": {"target": "rsync", "destination": str(dest) + "/"}})
    assert result.deployed_to.endswith(str(dest) + "/")
    assert tree(dest) == tree(site.output)
    assert not (dest / "stale.html").exists()
    assert (dest / "posts" / "sleep-and-worry" / "index.html").is_file()


def test_a_failed_rsync_stops_before_cross_posting(site, tmp_path):
    two_posts(site)
    bad = tmp_path / "a-file-not-a-folder"
    bad.write_text("x")
    with pytest.raises(pipeline.PublishError) as info:
        do_publish(site, over={"DEPLOY": {"target": "rsync", "destination": str(bad / "www") + "/"}})
    assert info.value.step == "deploy"
    assert "rsync to" in info.value.message and "nothing was cross-posted" in info.value.message
    assert not (site.root / "outbox").exists()


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env={**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
                               "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"}).stdout


def test_ghp_import_target_commits_the_site_to_a_branch_and_pushes(site, tmp_path):
    remote = tmp_path / "remote.git"
    git("init", "--bare", "-q", str(remote), cwd=tmp_path)
    repo = site.root
    git("init", "-q", cwd=repo)
    git("remote", "add", "origin", str(remote), cwd=repo)
    two_posts(site)
    cfg = {"target": "ghp-import", "repository": str(repo), "branch": "gh-pages", "push": True, "message": "Publish"}
    result = do_publish(site, over={"DEPLOY": cfg})
    assert "gh-pages branch (pushed)" in result.deployed_to
    files = set(git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split())
    assert {"index.html", "posts/sleep-and-worry/index.html", ".nojekyll"} <= files
    assert git("log", "-1", "--format=%s", "gh-pages", cwd=remote).strip() == "Publish"


def test_an_unknown_deploy_target_is_a_clear_error(site):
    two_posts(site)
    with pytest.raises(pipeline.PublishError) as info:
        do_publish(site, over={"DEPLOY": {"target": "ftp"}})
    assert info.value.step == "deploy" and "not one of: local, rsync, ghp-import" in info.value.message


# ------------------------------------------------------------------- dry run
def test_dry_run_changes_nothing_outside_a_temporary_folder(site, tmp_path):
    two_posts(site)
    do_publish(site)
    site.write("posts/new.md", post(title='"A new one"', slug="a-new-one", date="2025-03-06"))
    site.approve("new.md", settings=PUBLISHCONF)
    before = tree(site.root)
    result = do_publish(site, dry_run=True)
    assert tree(site.root) == before
    assert result.dry_run and "deploy" not in result.steps
    assert {p.rendered.network for p in result.planned if p.slug == "a-new-one"} == {"mastodon", "bluesky", "linkedin", "x"}
    import tempfile

    assert not [p for p in Path(tempfile.gettempdir()).glob("consulting-room-dry-run-*")]


# ------------------------------------------------------------------ approvals
def test_site_publication_can_require_approval(site):
    site.write("posts/sleep.md", post(title='"Sleep and worry"', slug="sleep-and-worry"))
    site.write("posts/walks.md", post(title='"Walking and mood"', slug="walking-and-mood", date="2025-03-05"))
    site.approve("sleep.md", settings=PUBLISHCONF)
    result = do_publish(site, over={"APPROVALS": {"file": str(site.root / "approvals.yaml"), "required_for_site": True}})
    withheld = {Path(w.path).name: w for w in result.withheld}
    assert list(withheld) == ["walks.md"] and withheld["walks.md"].reason == "unapproved"
    assert "not approved yet" in withheld["walks.md"].note
    assert (site.output / "posts" / "sleep-and-worry" / "index.html").is_file()
    assert not (site.output / "posts" / "walking-and-mood").exists()
    for path, text in tree(site.output).items():
        assert b"Walking and mood" not in text and b"walking-and-mood" not in text, path
    from publish import report

    assert "Waiting for approval, not published (1)" in report.publish_report(result, str(site.root))


def test_the_approver_can_be_required_to_differ_from_the_author(site):
    site.write("posts/sleep.md", post(title='"Sleep and worry"', slug="sleep-and-worry", author='"Dr. Ada Writer"'))
    rules = {"file": str(site.root / "approvals.yaml"), "approver_must_differ": True}
    with pytest.raises(pipeline.PublishError) as info:
        site.approve(by="Ada Writer, PhD", settings=PUBLISHCONF, APPROVALS=rules)
    assert "requires a second person" in info.value.message
    site.approve(by="Ada Writer, PhD", settings=PUBLISHCONF)  # allowed when the practice does not require it...
    result = do_publish(site, over={"APPROVALS": rules})  # ...but void once it does
    assert result.planned == []
    assert {h.reason.split(";")[0] for h in result.held} == {"approved by its own author (Ada Writer, PhD), and this practice requires a second person"}
    site.approve(by="Dr. Ben Second", settings=PUBLISHCONF, APPROVALS=rules)
    assert len(do_publish(site, over={"APPROVALS": rules}).planned) == 4


def test_a_damaged_approvals_file_stops_publish(site):
    two_posts(site)
    (site.root / "approvals.yaml").write_text("approvals:\n  - post: [unclosed\n", encoding="utf-8")
    with pytest.raises(pipeline.PublishError) as info:
        do_publish(site)
    assert info.value.step == "approvals"
    assert info.value.message.startswith("approvals.yaml:") and "damaged" in info.value.message
    assert not site.output.exists()


@pytest.mark.parametrize("value", ["x:post", "x=1", ":p=1", "x:p="])
def test_confirm_must_name_network_post_and_answer(value):
    with pytest.raises(pipeline.PublishError) as info:
        pipeline.parse_confirms([value])
    assert "NETWORK:POST=ID" in info.value.message


def test_confirm_parses():
    assert pipeline.parse_confirms(["X:my-post=123", "linkedin:other=none"]) == {("x", "my-post"): "123", ("linkedin", "other"): None}


# ------------------------------------------------- cross-posting after deploy
def serve(folder: Path):
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.parametrize("live", [True, False], ids=["page-live", "page-missing"])
def test_check_live_sends_only_posts_whose_page_answers(site, tmp_path, live):
    from test_crosspost import Network

    empty = tmp_path / "empty"
    empty.mkdir()
    server = serve(site.output if live else empty)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        over = {"SITEURL": url, "DEPLOY": {"target": "local", "check_live": True}}
        site.write("posts/sleep.md", post(title='"Sleep and worry"', slug="sleep-and-worry"))
        site.approve(settings=PUBLISHCONF, **over)
        net = Network("mastodon")
        result = do_publish(site, over=over, adapters={"mastodon": net})
    finally:
        server.shutdown()
        server.server_close()
    if live:
        assert [o.status for o in result.crossposts] == ["posted"] and len(net.posts) == 1
    else:
        assert result.crossposts == [] and net.calls == 0
        [held] = [h for h in result.held if h.network == "mastodon"]
        assert "not live yet" in held.reason and "HTTP 404" in held.reason
    # the other networks (no credentials) went to the outbox either way
    assert (site.root / "outbox" / "bluesky" / "sleep-and-worry.txt").is_file()


def test_a_change_to_what_would_be_sent_voids_the_approval_for_that_network(site):
    site.write("posts/sleep.md", post(title='"Sleep and worry"', slug="sleep-and-worry"))
    site.approve(settings=PUBLISHCONF)
    assert len(do_publish(site).planned) == 4
    # The text is unchanged but the link would be different (a new site address): approved links only.
    moved = do_publish(site, over={"SITEURL": "https://new-address.example.org"})
    assert moved.planned == []
    reasons = {h.network: h.reason for h in moved.held}
    assert set(reasons) == {"mastodon", "bluesky", "linkedin", "x"}
    assert all("is void for" in r and "the link that would be sent changed" in r for r in reasons.values())
    assert len(do_publish(site).planned) == 4  # back at the approved address, the approval holds again


def test_ghp_import_into_a_folder_that_is_not_a_repository_says_so(tmp_path):
    from publish import deploy

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>hi</p>", encoding="utf-8")
    not_a_repo = tmp_path / "plain-folder"
    not_a_repo.mkdir()
    here = os.getcwd()
    with pytest.raises(deploy.DeployError, match="ghp-import into gh-pages failed") as info:
        deploy.ghp_import(str(site), str(not_a_repo))
    assert "not a git repository" in str(info.value).lower()
    assert os.getcwd() == here  # the call moved into the repository and back
