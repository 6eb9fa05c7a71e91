"""The second-process precheck gives the same reports as checking in-process, and the gate
falls back to checking itself whenever a precheck report is missing or stale."""

from __future__ import annotations

from pathlib import Path

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


def test_each_file_is_checked_once_by_whoever_claims_it_first(site):
    """The build claims files as it reads them; the workers never report a file the build
    claimed, and every file the build did not claim comes back from a worker."""
    many_posts(site)
    settings = {"PATH": str(site.content), "ARTICLE_PATHS": ["posts"], "PAGE_PATHS": ["pages"]}
    pre = precheck.Prechecker(settings, None, workers=1)
    try:
        mine = [p for p in pre.files if pre.claim(p)]
        assert pre.claim(mine[0]) if mine else True  # claiming again keeps it the build's
        theirs = [p for p in pre.files if p not in mine]
        assert len(mine) + len(theirs) == 46
        for path in mine:
            assert pre.take(path) is None
        for path in theirs:
            got = pre.take(path)
            assert got is not None and got[2].path == path
        pre.close()
        assert not set(pre.results) & set(mine)
    finally:
        pre.close()


def test_build_with_precheck_blocks_the_same_posts(site):
    many_posts(site)
    result = site.build()
    assert [Path(w.path).name for w in result.withheld] == ["bad.md"]
    assert len(result.articles) == 45


def test_a_stale_or_wrong_precheck_report_is_never_trusted(site, monkeypatch):
    """A report made from other bytes (the file changed, or anything went wrong) must not
    let a post through: the gate checks the file itself when digests differ."""
    many_posts(site)
    clean = engine.check_text(post(), "clean.md")  # a passing report for different bytes

    def stale(self, path):
        return (clean.digest, "post", clean)

    monkeypatch.setattr(precheck.Prechecker, "take", stale)
    result = site.build()
    assert [Path(w.path).name for w in result.withheld] == ["bad.md"]


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
    assert not pre.active and pre.take(str(site.content / "posts" / "one.md")) is None
    assert pre.claim(str(site.content / "posts" / "one.md"))
