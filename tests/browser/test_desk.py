"""The preview desk in headless Chromium, served by the real preview server (publish/preview.py) on loopback:
the desk, a blocked post marked up at its own address, and both updating by themselves after a save.

Each test runs `invoke serve`'s server on a copy of the sample site with one deliberately blocked post, whose
title and body also carry HTML that must be shown as text. No request may leave the preview's own origin.
"""

from __future__ import annotations

import json
import re
import shutil
import time

import pytest

from conftest import ROOT, post
from previewing import Preview

from .conftest import Recorder
from .test_pages import run_axe

BLOCKED = "posts/2026-07-01-a-hard-week.md"
BLOCKED_TEXT = post(
    title='"A hard week <script>alert(1)</script>"',
    date="2026-07-01",
    body="""
    My client Jenny Alvarez told me on Tuesday that she feels overwhelmed.

    This approach is guaranteed to cure your anxiety. <img src=x onerror=alert(2)>
    """,
)
FIXED_TEXT = post(
    title='"A hard week <script>alert(1)</script>"',
    date="2026-07-01",
    body="""
    Many people tell me that a hard week leaves them overwhelmed.

    Small, steady steps help more than big promises.
    """,
)


@pytest.fixture
def desk_preview(site):
    """The sample site and one blocked post, previewed; yields (base address, Preview)."""
    shutil.copytree(ROOT / "content", site.content, dirs_exist_ok=True)
    site.write(BLOCKED, BLOCKED_TEXT)
    server = Preview(site, root=site.root)
    base = server.start()
    server.wait_for_build(1)
    assert [w.path for w in server.results[0].withheld] == [str(site.content / BLOCKED)]
    yield base, server
    server.close()


@pytest.fixture
def open_preview(browser, desk_preview):
    """open_preview(path, **context options) -> (page, recorder, dialogs); every request off the preview's origin is refused and kept."""
    base, _ = desk_preview
    contexts = []

    def _open(path: str, color_scheme: str = "light", **options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(color_scheme=color_scheme, service_workers="block", **options)
        contexts.append(context)
        recorder = Recorder(base + "/")
        recorder.attach(context)
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        # "load", never "networkidle": the reload script keeps one request open, waiting for the next build.
        page.goto(base + path, wait_until="load")
        return page, recorder, dialogs

    yield _open
    for context in contexts:
        context.close()


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def check_accessible_in_both_schemes(page, axe_source) -> None:
    violations, backgrounds = {}, set()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        backgrounds.add(page.evaluate("getComputedStyle(document.body).backgroundColor"))
        found = run_axe(page, axe_source)
        if found:
            violations[scheme] = found
    assert violations == {}, json.dumps(violations, indent=2)
    assert len(backgrounds) == 2, "dark mode did not change the desk's colours"


def check_reflows(page) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"the page is {width[0]}px wide in a {width[1]}px window: it scrolls sideways"


def test_the_desk_in_chromium(open_preview, axe_source, desk_preview):
    base, server = desk_preview
    page, recorder, dialogs = open_preview("/_desk/")
    expect(page.locator("h1")).to_have_text("Desk: every post and page")
    entries = page.locator("ol.entries > li")
    built = server.results[-1]
    expect(entries).to_have_count(len(built.articles) + len(built.pages) + len(built.withheld))
    first = entries.first
    # The newest change first: the blocked post, its title shown as the text it is, with its count of findings.
    expect(first.locator("h3")).to_have_text("A hard week <script>alert(1)</script>")
    expect(first.locator(".badge")).to_have_text("Blocked")
    expect(first.locator(".state")).to_contain_text("findings block it")
    expect(first).to_contain_text("content/posts/2026-07-01-a-hard-week.md")
    expect(entries.locator(".badge", has_text="Published")).to_have_count(len(built.articles) + len(built.pages))
    # Landmarks and headings, in order.
    assert page.locator("header").count() == 1 and page.locator("main#main").count() == 1
    assert page.locator("nav[aria-label='Preview']").count() == 1
    levels = page.evaluate("() => [...document.querySelectorAll('h1, h2, h3')].map(h => Number(h.tagName[1]))")
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    assert page.evaluate("() => document.querySelectorAll('script').length") == 1  # the preview's reload script only
    check_accessible_in_both_schemes(page, axe_source)
    check_reflows(page)
    # Following the blocked post's link leads to its marked-up text at its own address.
    page.set_viewport_size({"width": 1280, "height": 900})
    first.locator("h3 a").click()
    expect(page.locator("h1 .kicker")).to_have_text("Blocked: not in the site")
    assert page.url.endswith("/posts/a-hard-week-scriptalert1script/")
    assert dialogs == [] and recorder.foreign == [] and recorder.failed == []
    assert all(url.startswith(base + "/") for url in recorder.requests)


def test_a_blocked_post_marked_up_in_chromium(open_preview, axe_source):
    page, recorder, dialogs = open_preview("/posts/a-hard-week-scriptalert1script/")
    expect(page.locator("h1")).to_contain_text("A hard week <script>alert(1)</script>")
    findings = page.locator("ol.findings > li")
    count = findings.count()
    assert count >= 4
    tags = page.locator("pre.source a.tag")
    expect(tags).to_have_count(count)
    # Each mark reads without colour: its number and rule code in words, and an underline whose style says how bad.
    for n in range(1, count + 1):
        tag = page.locator(f"#mark-{n}")
        code = findings.nth(n - 1).locator("h3").inner_text().split()[-2]
        seen = tag.evaluate("t => [...t.childNodes].filter(n => !(n.classList && n.classList.contains('visually-hidden')))"
                            ".map(n => n.textContent).join('')")
        assert seen == f"[{n} {code}]", seen  # what the eye reads
        heard = re.sub(r"\s+", " ", tag.text_content())
        assert re.fullmatch(rf"finding \[{n} {code}, (blocks publication|warning)\]", heard), heard  # what a screen reader says
        assert tag.get_attribute("href") == f"#finding-{n}"
    styles = page.evaluate("() => [...document.querySelectorAll('pre.source mark')].map(m => [m.className, m.textContent,"
                           " getComputedStyle(m).textDecorationLine, getComputedStyle(m).textDecorationStyle])")
    marked = {text for _, text, _, _ in styles}
    assert {"Jenny", "Alvarez", "guaranteed", "<img src=x onerror=alert(2)>"} <= marked, marked
    for cls, _, line, style in styles:
        assert line == "underline" and style == ("wavy" if cls == "mark-block" else "dashed"), (cls, line, style)
    # What, why, how to fix and the standard, for the first finding; its place links to the mark.
    first = findings.first
    for label in ("Why", "How to fix", "Standard"):
        expect(first.locator("dt", has_text=label)).to_have_count(1)
    first.locator("p.at a").click()
    assert page.url.endswith("#mark-1")
    assert page.evaluate("() => { const r = document.querySelector('#mark-1').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    # The post's HTML stayed text: nothing from it runs or renders.
    assert page.evaluate("() => document.querySelectorAll('main img, main script').length") == 0
    assert page.evaluate("() => document.querySelectorAll('script').length") == 1
    assert "<img src=x onerror=alert(2)>" in page.locator("pre.source").inner_text()
    check_accessible_in_both_schemes(page, axe_source)
    check_reflows(page)
    assert dialogs == [] and recorder.foreign == [] and recorder.failed == []


def test_the_post_and_the_desk_update_after_a_save(open_preview, desk_preview):
    """Fix the post in the file, as an editor would: the open marked-up page turns into the post, and the desk says
    Published, by themselves (the reload script). How long it took is printed, never asserted."""
    base, server = desk_preview
    page, recorder, dialogs = open_preview("/posts/a-hard-week-scriptalert1script/")
    desk_page = page.context.new_page()
    desk_page.goto(base + "/_desk/", wait_until="load")
    expect(page.locator("h1 .kicker")).to_have_text("Blocked: not in the site")
    page.wait_for_timeout(300)  # the reload script is waiting for the next build
    started = time.monotonic()
    (server.site.content / BLOCKED).write_text(FIXED_TEXT, encoding="utf-8")
    expect(page.locator("article.post h1")).to_have_text("A hard week <script>alert(1)</script>", timeout=30_000)
    shown = time.monotonic() - started
    expect(desk_page.locator("ol.entries > li").first.locator(".badge")).to_have_text("Published", timeout=30_000)
    print(f"\nsave -> post shown in the browser: {shown:.2f} s; desk updated: {time.monotonic() - started:.2f} s")
    expect(page.locator("article.post")).to_contain_text("Small, steady steps help")
    # And back: break it again, and the page shows the findings again.
    (server.site.content / BLOCKED).write_text(BLOCKED_TEXT, encoding="utf-8")
    expect(page.locator("h1 .kicker")).to_have_text("Blocked: not in the site", timeout=30_000)
    expect(desk_page.locator("ol.entries > li").first.locator(".badge")).to_have_text("Blocked", timeout=30_000)
    assert dialogs == [] and recorder.foreign == []
