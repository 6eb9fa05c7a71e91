"""The second-process precheck gives the same reports as checking in-process, and the gate
falls back to checking itself whenever a precheck report is missing or stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from boundary import engine, precheck
from conftest import post


def many_posts(site, n=45):
    for i in range(n):
        site.write(f"posts/p{i:02d}.md", post(title=f'"Post number {i}"', slug=f"post-{i}"))
    site.write("posts/bad.md", post(title='"Bad one"', slug="bad-one", risk="no"))


def test_worker_reports_match_in_process_reports(site):
    many_posts(site)
    settings = {"PATH": str(site.content), "ARTICLE_PATHS": ["posts"], "PAGE_PATHS": ["pages"]}
    pre = precheck.Prechecker(settings, None)
    try:
        assert pre.active and len(pre.files) == 46
        for proc in pre.processes:  # the build claims nothing here: the workers check every file
            proc.join(timeout=120)
        for path in pre.files:
            got = pre.take(path)
            assert got is not None
            digest, kind, report = got
            assert kind == "post"
            assert report.findings == engine.check_file(path, kind="post").findings
            assert digest == report.digest
    finally:
        pre.close()


def test_each_file_is_checked_once_by_whoever_claims_it_first(site, monkeypatch):
    """When reading is over the build claims, from the start of the list, the files no
    worker has started and checks them itself, while the worker goes on from the end:
    every file gets exactly one report, and none is made twice."""
    many_posts(site)
    settings = {"PATH": str(site.content), "ARTICLE_PATHS": ["posts"], "PAGE_PATHS": ["pages"]}
    here: list[str] = []
    real = precheck._check_one

    def counted(path, *a, **kw):
        here.append(path)  # only calls in this process are seen here
        return real(path, *a, **kw)

    pre = precheck.Prechecker(settings, None, workers=1)
    monkeypatch.setattr(precheck, "_check_one", counted)  # after the fork: the worker keeps the real one
    try:
        got = pre.finish(pre.files)
        assert sorted(got) == sorted(pre.files) and len(got) == 46
        assert all(r is not None and r[2].path == p for p, r in got.items())
        assert len(here) == len(set(here)) < 46  # the worker checked the rest
        assert not set(pre.results) & set(here)  # the worker sent nothing the build checked
    finally:
        pre.close()


def test_build_with_precheck_blocks_the_same_posts(site):
    many_posts(site)
    result = site.build()
    assert [Path(w.path).name for w in result.withheld] == ["bad.md"]
    assert len(result.articles) == 45


def test_a_stale_or_wrong_precheck_report_is_never_trusted(site, monkeypatch):
    """A report made from other bytes (the file changed, or anything went wrong) must not
    let a post through: the gate checks the file itself when digests differ, whether the
    report arrives while the file is read or after reading is over."""
    many_posts(site)
    clean = engine.check_text(post(), "clean.md")  # a passing report for different bytes

    def stale(self, path):
        return (clean.digest, "post", clean)

    def stale_all(self, paths):
        return {p: (clean.digest, "post", clean) for p in paths}

    for when in ("poll", "finish"):
        monkeypatch.setattr(precheck.Prechecker, "poll", stale if when == "poll" else (lambda self, path: None))
        monkeypatch.setattr(precheck.Prechecker, "finish", stale_all)
        monkeypatch.setattr(precheck.Prechecker, "take", stale)
        result = site.build()
        assert [Path(w.path).name for w in result.withheld] == ["bad.md"], when


def test_verdicts_put_off_until_reading_is_over_leave_no_trace(site, monkeypatch):
    """The build reads while worker processes check. A file whose report is not in yet
    when it is read is decided by the guard, before any list, taxonomy, feed or page is
    made. Forcing every verdict down that path, a blocked post, its translation, its
    attached and static images, its tag, category, author and a blocked page must still
    appear in no built file, exactly as when the verdict comes at read time."""
    from test_gate import assert_nowhere, make_blocked_site

    make_blocked_site(site)
    for i in range(45):
        site.write(f"posts/filler/p{i:02d}.md", post(title=f'"Filler post {i}"', slug=f"filler-{i}"))
    finished: list[int] = []
    real_finish = precheck.Prechecker.finish

    def counting_finish(self, paths):
        assert self.active, "the workers should be running for a site this size"
        finished.append(len(paths))
        return real_finish(self, paths)

    monkeypatch.setattr(precheck.Prechecker, "poll", lambda self, path: None)  # nothing is in at read time
    monkeypatch.setattr(precheck.Prechecker, "finish", counting_finish)
    result = site.build()
    assert sum(finished) == 45 + 3 + 2, finished  # every post and page was put off, then decided
    withheld = {Path(w.path).name for w in result.withheld}
    assert withheld == {"secret-story.md", "secret-story-fr.md", "secret-page.md"}
    files = {str(p.relative_to(site.output)) for p in site.files()}
    assert "posts/sleep-and-worry/index.html" in files and "posts/filler-44/index.html" in files
    assert "about/index.html" in files and "images/shared.png" in files
    assert "tags/sleep/index.html" in files
    assert_nowhere([site.output])
    page = (site.output / "posts/sleep-and-worry/index.html").read_text()
    assert "an older post" in page and "{filename}" not in page


def test_a_broken_worker_falls_back_to_checking_in_process(site, monkeypatch):
    many_posts(site)
    monkeypatch.setattr(precheck, "_check_one", _explode)
    result = site.build()
    assert [Path(w.path).name for w in result.withheld] == ["bad.md"]


def _explode(*args, **kwargs):
    raise RuntimeError("worker crashed")


def test_small_sites_do_not_start_a_process(site):
    site.write("posts/one.md", post())
    pre = precheck.Prechecker({"PATH": str(site.content), "ARTICLE_PATHS": ["posts"], "PAGE_PATHS": ["pages"]}, None)
    one = str(site.content / "posts" / "one.md")
    assert not pre.active and pre.take(one) is None and pre.poll(one) is None
    assert pre.finish([one]) == {one: None}  # no report: the gate checks it itself


def test_content_reached_through_a_symlink_still_gets_the_workers_reports(site, tmp_path):
    """Pelican names a file by PATH joined with its place; the workers must name it the
    same way, or every report is missed and the build checks everything itself."""
    many_posts(site)
    link = tmp_path / "content-link"
    link.symlink_to(site.content, target_is_directory=True)
    settings = {"PATH": str(link), "ARTICLE_PATHS": ["posts"], "PAGE_PATHS": ["pages"]}
    pre = precheck.Prechecker(settings, None)
    try:
        assert pre.active
        for proc in pre.processes:
            proc.join(timeout=120)
        as_pelican_names_it = str(link / "posts" / "p07.md")
        got = pre.poll(as_pelican_names_it)
        assert got is not None and got[2].path == as_pelican_names_it
    finally:
        pre.close()


def test_reports_in_the_cache_are_used_while_the_workers_check_the_rest(site, monkeypatch):
    """Half the site unchanged since the last build (its reports cached), half new: the
    workers take only the new files, and the build uses the cached reports as it reads
    instead of checking those files again."""
    from boundary import engine
    from test_gate import CACHE_ON

    many_posts(site)  # 45 good posts and bad.md
    first = site.build(BOUNDARY=CACHE_ON)
    assert [Path(w.path).name for w in first.withheld] == ["bad.md"]
    for i in range(45):
        site.write(f"posts/new/n{i:02d}.md", post(title=f'"New post {i}"', slug=f"new-{i}"))
    calls: list[str] = []
    real = engine.check_post
    monkeypatch.setattr(engine, "check_post", lambda *a, **kw: calls.append(a[0].path) or real(*a, **kw))
    pools: list[int] = []
    real_init = precheck.Prechecker.__init__

    def spy_init(self, *a, **kw):
        real_init(self, *a, **kw)
        pools.append(len(self.files) if self.active else 0)

    monkeypatch.setattr(precheck.Prechecker, "__init__", spy_init)
    second = site.build(BOUNDARY=CACHE_ON)
    assert pools == [45]  # only the new files went to the workers
    assert [Path(w.path).name for w in second.withheld] == ["bad.md"]
    assert len(second.articles) == 90
    assert not [p for p in calls if "/posts/p" in p or p.endswith("bad.md")], "a cached report was checked again"


def test_a_verdict_no_guard_collected_stops_the_build_before_anything_is_written(site, monkeypatch):
    """Fail closed: if the verdicts put off while reading were never collected (a guard
    broken or bypassed), the build must stop, not publish the posts unjudged."""
    from boundary import gate

    many_posts(site)
    monkeypatch.setattr(precheck.Prechecker, "poll", lambda self, path: None)  # every verdict put off
    monkeypatch.setattr(gate, "_resolve_pending", lambda state, kind: None)  # and never collected
    with pytest.raises(gate.GateMissing, match="no verdict"):
        site.build()
    written = list(site.output.rglob("*.html")) if site.output.exists() else []
    assert written == []
