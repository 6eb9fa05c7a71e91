"""The Pelican gate: blocked posts appear nowhere, and there is no build without the gate."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from boundary.gate import GateMissing
from conftest import ROOT, SETTINGS, png_bytes, post
from publish import pipeline

SECRET_WORDS = ["zebra", "hushtag", "hushcategory", "hushauthor", "secret-story", "secret story", "secret-page"]

# A post that breaks the checklist (risk: no is the YAML boolean false).
BLOCKED_RISK = {"risk": "no"}


def make_blocked_site(site, block_fields=BLOCKED_RISK):
    site.write(
        "posts/ok.md",
        post(
            title="Sleep and worry",
            tags="[sleep]",
            category="Wellbeing",
            body="""
            A calm paragraph about sleep. There is more in [an older post]({filename}secret-story.md)
            and on [a page]({filename}../pages/secret-page.md).
            """,
        ),
    )
    fields = dict(
        title='"The Secret Story of Zebra"',
        slug="secret-story",
        tags="[hushtag, sleep]",
        category="Hushcategory",
        author='"Hushauthor Person"',
        body="""
        A story. ![A drawing]({attach}secret-images/zebra-drawing.png)
        ![Another]({static}/images/zebra-only.png)
        """,
    )
    fields.update(block_fields)
    site.write("posts/secret-story.md", post(**fields))
    site.write("posts/secret-images/zebra-drawing.png", png_bytes())
    site.write("images/zebra-only.png", png_bytes())
    site.write("images/shared.png", png_bytes())
    # A translation that passes on its own, but tells the same story.
    site.write(
        "posts/secret-story-fr.md",
        post(title='"Histoire zebra"', slug="secret-story", lang="fr", tags="[hushtag]", category="Hushcategory", body="Une histoire."),
    )
    site.write("pages/secret-page.md", "---\ntitle: Zebra page\nslug: secret-page\nsummary: 3\n---\nZebra.\n")
    site.write("pages/about.md", "---\ntitle: About\n---\n![Our office]({static}/images/shared.png)\n")


def assert_nowhere(roots: list[Path]):
    seen = []
    for root in roots:
        for path in root.rglob("*"):
            rel = str(path.relative_to(root)).lower()
            for word in SECRET_WORDS:
                if word in rel:
                    seen.append(f"{path}: name contains {word}")
            if path.is_file():
                text = path.read_bytes().decode("utf-8", errors="replace").lower()
                for word in SECRET_WORDS:
                    if word in text:
                        seen.append(f"{path}: contains {word}")
    assert not seen, "\n".join(seen)


def test_blocked_post_appears_in_no_built_file(site):
    make_blocked_site(site)
    result = site.build()
    withheld = {Path(w.path).name for w in result.withheld}
    assert withheld == {"secret-story.md", "secret-story-fr.md", "secret-page.md"}
    files = {str(p.relative_to(site.output)) for p in site.files()}
    # the passing content is there, with its feeds, sitemap and static image
    assert "posts/sleep-and-worry/index.html" in files
    assert "about/index.html" in files and "images/shared.png" in files
    assert {"feeds/all.atom.xml", "feeds/public.rss.xml", "sitemap.xml"} <= files
    assert "tags/sleep/index.html" in files
    assert_nowhere([site.output])
    page = (site.output / "posts/sleep-and-worry/index.html").read_text()
    assert "an older post" in page and "a page" in page  # the words stay, the links go
    assert "{filename}" not in page


def test_blocked_post_absent_from_publish_output_and_outbox(site, tmp_path):
    make_blocked_site(site)
    site.approve("ok.md")
    outbox = tmp_path / "outbox"
    result = pipeline.publish(str(SETTINGS), output=str(site.output), outbox_dir=str(outbox), overrides=site.overrides())
    assert [Path(w.path).name for w in result.withheld if w.reason == "blocked"]
    assert (outbox / "mastodon" / "sleep-and-worry.txt").is_file()
    assert_nowhere([site.output, outbox])


def test_the_gate_reports_each_blocked_post_with_findings(site):
    make_blocked_site(site)
    result = site.build()
    by_name = {Path(w.path).name: w for w in result.withheld}
    finding = by_name["secret-story.md"].report.blocking()[0]
    assert (finding.code, finding.line) == ("B901", 6)
    assert by_name["secret-story-fr.md"].translation_of.endswith("secret-story.md")


def test_a_crashing_rule_blocks_the_post(site, monkeypatch):
    from boundary.rules import metadata

    def explode(post, ctx):
        if post.path.startswith("PRACTICE["):  # the settings texts: tests/test_settings.py
            return iter(())
        raise RuntimeError("boom")

    original = metadata.rules

    def broken_rules():
        rules = original()
        return [r if r.code != "B906" else r.__class__(**{**r.__dict__, "matcher": explode}) for r in rules]

    monkeypatch.setattr(metadata, "rules", broken_rules)
    site.write("posts/ok.md", post(title='"Any post at all"'))
    result = site.build()
    [w] = result.withheld
    assert w.report.blocking()[0].code == "B907"
    assert "B906" in w.report.blocking()[0].message
    assert not (site.output / "posts" / "any-post-at-all").exists()


def test_build_refuses_without_the_gate(site):
    site.write("posts/ok.md", post())
    with pytest.raises(GateMissing):
        site.build(PLUGINS=["feeds", "sitemap"])


def test_build_refuses_when_plugin_cannot_load(site):
    """A plugin that fails to import is only logged by Pelican; our build must refuse."""
    broken = site.root / "broken-plugins" / "boundary"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text("raise ImportError('simulated broken install')\n")
    site.write("posts/ok.md", post(title='"Unchecked post"'))
    code = (
        "import sys\n"
        "from publish import site\n"
        "from boundary.gate import GateMissing\n"
        f"over = {site.overrides(PLUGIN_PATHS=[str(broken.parent)])!r}\n"
        "sys.modules.pop('boundary.gate', None); sys.modules.pop('boundary', None)\n"
        "try:\n"
        f"    site.build({str(SETTINGS)!r}, {str(site.output)!r}, over)\n"
        "except GateMissing as exc:\n"
        "    print('REFUSED', exc); sys.exit(3)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=site.root)
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert "REFUSED" in proc.stdout
    built = list(site.output.rglob("*.html")) if site.output.exists() else []
    assert built == []


def test_plain_pelican_without_the_plugin_publishes_nothing(site):
    """Run the `pelican` command with the gate removed: no post may come out."""
    site.write("posts/ok.md", post(title='"Unchecked post"'))
    conf = site.root / "noplugin.py"
    conf.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa\n"
        "PLUGINS = ['feeds', 'sitemap']\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "pelican", str(site.content), "-s", str(conf), "-o", str(site.output), "-t", str(ROOT / "theme")],
        capture_output=True,
        text=True,
        cwd=site.root,
        env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")},
    )
    built = [p for p in site.output.rglob("*.html")] if site.output.exists() else []
    assert not any("Unchecked post" in p.read_text() for p in built)
    assert proc.returncode != 0 or not built


def test_publish_leaves_drafts_out_entirely(site, tmp_path):
    site.write("posts/ok.md", post())
    site.write("posts/wip.md", post(title='"Zebra work in progress"', slug="zebra-wip", status="draft"))
    result = pipeline.publish(str(ROOT / "publishconf.py"), output=str(site.output), outbox_dir=str(tmp_path / "outbox"), overrides=site.overrides())
    assert [Path(w.path).name for w in result.withheld] == ["wip.md"]
    assert [w.reason for w in result.withheld] == ["draft"]
    assert_nowhere([site.output, tmp_path / "outbox"])


def test_preview_build_keeps_drafts_for_the_author(site):
    site.write("posts/wip.md", post(title='"Work in progress"', slug="wip", status="draft"))
    site.build()
    assert (site.output / "drafts" / "wip.html").is_file()


def test_guard_catches_articles_served_from_a_warm_generator_cache(site):
    """With the generator cache, Pelican skips the per-file hook for unchanged files
    (docs/pelican.md); the pretaxonomy guard must still check them."""
    site.write("posts/ok.md", post(title='"Sleep and worry"'))
    site.write(
        "posts/story.md",
        post(title='"A hard winter"', slug="zebra-winter", body="A client I saw called me from 555-201-3344 last winter."),
    )
    cache = dict(CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True, CONTENT_CACHING_LAYER="generator")
    own = {"PRACTICE": {"phone": "555-201-3344"}}
    first = site.build(**cache, **own)  # the number is the practice's own: the post passes
    assert not first.withheld
    assert (site.output / "posts" / "zebra-winter" / "index.html").exists()
    second = site.build(**cache, PRACTICE={})  # same file, warm cache, but now it is a client's number
    assert [Path(w.path).name for w in second.withheld] == ["story.md"]
    assert second.withheld[0].report.blocking()[0].code == "B101"
    assert "post_context" not in second.state.ran  # both came from the cache: the guard decided
    assert_nowhere_words = ["zebra-winter", "hard winter"]
    for path in site.output.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace").lower()
            assert not any(w in text for w in assert_nowhere_words), path


def test_audit_refuses_files_this_build_did_not_write(site, tmp_path):
    from publish import audit

    site.write("posts/ok.md", post())
    result = site.build()
    stray = site.output / "old-post" / "index.html"
    stray.parent.mkdir()
    stray.write_text("<p>left over from an earlier build</p>", encoding="utf-8")
    problems = audit.audit_unexpected(str(site.output), result.manifest())
    assert [p.path for p in problems] == [str(stray)]


# --------------------------------------------------------------------------
# Reports kept between builds (boundary/cache.py)
# --------------------------------------------------------------------------


CACHE_ON = {"fail_on_warn": False, "cache": True}


def _cached_entries(site) -> list[Path]:
    return sorted((site.root / "cache" / "boundary").rglob("*.json"))


def test_reports_are_kept_between_builds_and_reused(site, monkeypatch):
    from boundary import engine

    site.write("posts/ok.md", post(title='"Sleep and worry"'))
    site.write("posts/bad.md", post(title='"Bad one"', **BLOCKED_RISK))
    first = site.build(BOUNDARY=CACHE_ON)
    assert [Path(w.path).name for w in first.withheld] == ["bad.md"]
    assert len(_cached_entries(site)) >= 2

    calls = []
    real = engine.check_post
    monkeypatch.setattr(engine, "check_post", lambda *a, **kw: calls.append(a[0].path) or real(*a, **kw))
    second = site.build(BOUNDARY=CACHE_ON)
    # Nothing changed: every post's report came from the cache. (Reading the settings
    # checks the few texts of PRACTICE the site shows, each time: publish.site.read_settings.)
    assert [p for p in calls if not p.startswith("PRACTICE[")] == []
    assert calls, "the settings texts are checked on every build"
    assert [Path(w.path).name for w in second.withheld] == ["bad.md"]
    assert [f.code for f in second.withheld[0].report.findings] == [f.code for f in first.withheld[0].report.findings]


def test_an_edited_post_is_checked_again(site):
    site.write("posts/story.md", post(title='"A good week"'))
    assert not site.build(BOUNDARY=CACHE_ON).withheld
    # The same file, now breaking the checklist: its bytes, and so its key, changed.
    site.write("posts/story.md", post(title='"A good week"', **BLOCKED_RISK))
    assert [Path(w.path).name for w in site.build(BOUNDARY=CACHE_ON).withheld] == ["story.md"]


def test_a_damaged_cache_entry_is_a_miss_not_a_pass(site):
    site.write("posts/bad.md", post(title='"Bad one"', **BLOCKED_RISK))
    assert site.build(BOUNDARY=CACHE_ON).withheld
    entries = _cached_entries(site)
    assert entries
    for entry in entries:
        entry.write_text('{"digest": "x", "findings": []', encoding="utf-8")  # truncated JSON
    assert [Path(w.path).name for w in site.build(BOUNDARY=CACHE_ON).withheld] == ["bad.md"]


def test_a_changed_checker_or_practice_never_finds_old_reports(site):
    from boundary import cache

    site.write("posts/bad.md", post(title='"Bad one"', **BLOCKED_RISK))
    site.build(BOUNDARY=CACHE_ON)
    a = cache.ReportCache(site.root / "cache" / "boundary", {"name": "A practice"})
    b = cache.ReportCache(site.root / "cache" / "boundary", {"name": "Another practice"})
    path = str(site.content / "posts" / "bad.md")
    assert a._file(path, "d", "post") != b._file(path, "d", "post")
    assert a._file(path, "d", "post") != a._file(path, "d", "page")


def test_the_cache_is_off_unless_asked_for(site):
    """pelicanconf.py keeps nothing between builds (CACHE_CONTENT = False): neither does the gate."""
    site.write("posts/ok.md", post())
    site.build()
    assert _cached_entries(site) == []
    site.build(BOUNDARY={"cache": False}, CACHE_CONTENT=True)
    assert _cached_entries(site) == []
    site.build(CACHE_CONTENT=True)
    assert _cached_entries(site)


def test_two_posts_with_one_title_publish_the_first_and_hold_the_second_with_a_reason(site, tmp_path):
    """The same title twice gives the same address: Pelican would stop with a traceback while writing."""
    site.write("posts/sleep-a.md", post(title='"Sleep and worry"', date="2025-01-05", body="The first post about sleep, from January."))
    site.write("posts/sleep-b.md", post(title='"Sleep and worry"', date="2025-03-09", body="A second post, written in March, zebrafinch."))
    site.approve("sleep-a.md")
    with pytest.raises(pipeline.PublishError, match="same address"):
        site.approve("sleep-b.md")
    result = pipeline.publish(str(SETTINGS), output=str(site.output), outbox_dir=str(tmp_path / "outbox"), overrides=site.overrides())
    [held] = [w for w in result.withheld if w.reason == "collision"]
    assert Path(held.path).name == "sleep-b.md"
    assert "same address" in held.note and "sleep-a.md" in held.note
    page = next(site.output.rglob("sleep-and-worry/index.html")).read_text(encoding="utf-8")
    assert "from January" in page
    assert not any("zebrafinch" in p.read_text(encoding="utf-8", errors="replace") for p in site.output.rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".json"))


def test_dated_addresses_build_and_the_held_post_appears_nowhere(site):
    """ARTICLE_URL with the post's date ({date:%Y}) once crashed the build when a post was held back."""
    make_blocked_site(site)
    result = site.build(ARTICLE_URL="posts/{date:%Y}/{slug}/", ARTICLE_SAVE_AS="posts/{date:%Y}/{slug}/index.html")
    assert "secret-story.md" in {Path(w.path).name for w in result.withheld}
    assert (site.output / "posts/2025/sleep-and-worry/index.html").is_file()
    assert_nowhere([site.output])
    page = (site.output / "posts/2025/sleep-and-worry/index.html").read_text()
    assert "an older post" in page and "secret-story" not in page


def test_a_held_post_with_markup_in_its_title_is_unlinked_at_the_address_pelican_gives_it(site):
    """The gate works out a held post's slug from the title as Pelican does (tags escaped, then stripped)."""
    site.write("posts/ok.md", post(title='"Sleep and worry"', body="See [that week](/posts/a-hard-week-scriptalert1script/) too."))
    site.write("posts/hard.md", post(title='"A hard week <script>alert(1)</script>"', risk="no"))
    result = site.build()
    [held] = [w for w in result.withheld if Path(w.path).name == "hard.md"]
    assert held.slug == "a-hard-week-scriptalert1script"
    page = (site.output / "posts/sleep-and-worry/index.html").read_text()
    assert "that week" in page and "a-hard-week" not in page
