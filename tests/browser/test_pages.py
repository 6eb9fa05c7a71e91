"""Every page type in headless Chromium: no third-party requests, no axe violations
(WCAG 2.2 AA, light and dark), keyboard navigation with visible focus, and reflow
at 320 CSS pixels (what 400% zoom of a 1280px window gives) and 200% zoom."""

from __future__ import annotations

import json

import pytest

from .conftest import PAGE_TYPES

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGES = [pytest.param(path, id=name) for name, path in PAGE_TYPES.items()]


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def load(open_page, path, **kw):
    page, recorder = open_page(path, **kw)
    if path.startswith("search/"):
        # Wait for the in-browser search to finish (it loads the index from this site).
        # A locator, not wait_for_function: the site's policy allows no eval of a string in the page.
        expect(page.locator("#search-status")).to_contain_text("result", timeout=15000)
        page.wait_for_load_state("networkidle")
    return page, recorder


@pytest.mark.parametrize("path", PAGES)
def test_page_type_is_private_accessible_and_reflows(open_page, axe_source, path):
    """One load per page type: every request stays on the site, nothing blocks rendering,
    axe finds no WCAG 2.2 AA violation in light or dark mode, and the page reflows at 320px."""
    page, recorder = load(open_page, path, wait="networkidle")
    # Scroll to the end so lazy images load too, then let the network settle.
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    assert recorder.requests, "the page made no requests at all: the recorder is not working"
    assert recorder.foreign == [], f"requests to other hosts: {recorder.foreign}"
    assert recorder.failed == [], f"requests that failed: {recorder.failed}"
    blocking = page.evaluate(
        "() => [...document.querySelectorAll('script')].filter(s => s.type !== 'application/ld+json'"
        " && s.type !== 'module' && !s.defer && !s.async).map(s => s.outerHTML.slice(0, 80))"
    )
    assert blocking == [], "render-blocking scripts"
    violations, backgrounds = {}, set()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")
        backgrounds.add(page.evaluate("getComputedStyle(document.body).backgroundColor"))
        found = run_axe(page, axe_source)
        if found:
            violations[scheme] = found
    assert violations == {}, json.dumps(violations, indent=2)
    assert len(backgrounds) == 2, "dark mode did not change the page's colours"
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"the page is {width[0]}px wide in a {width[1]}px window: it scrolls sideways"
    assert recorder.foreign == []


def test_the_request_recorder_catches_a_third_party_request(open_page, server):
    """The empty lists above mean something: a page that loads a foreign image is caught."""
    page, recorder = open_page("", bypass_csp=True)  # the policy would stop the request first (test_privacy.py)
    with page.expect_event("requestfailed", timeout=15000):
        page.evaluate("() => { const i = new Image(); i.src = 'https://tracker.example.net/p.gif'; document.body.append(i); }")
    assert recorder.foreign == ["https://tracker.example.net/p.gif"]


def test_search_finds_posts_in_the_browser(open_page):
    page, recorder = load(open_page, "search/?q=grief")
    titles = page.locator("#search-results li h2 a").all_inner_texts()
    assert "Grief around the holidays" in titles
    assert any("pagefind" in url for url in recorder.requests)  # the index came from this site
    assert recorder.foreign == []
    # Typing a new query and pressing Enter searches again, on the same page.
    page.fill("#search-input", "telehealth")
    page.keyboard.press("Enter")
    expect(page.locator("#search-status")).to_contain_text("telehealth")
    assert page.locator("#search-results li").count() > 0


def test_search_page_without_javascript_says_what_to_do(open_page):
    page, recorder = open_page("search/", java_script_enabled=False)
    text = page.locator("main").inner_text()
    assert "Search needs JavaScript" in text
    assert page.locator("main noscript a[href*='archives']").count() == 1


def run_axe(page, axe_source) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated by the test driver, not added as an inline <script>: the site's policy blocks those.
        page.evaluate(axe_source + "\n;0")
    result = page.evaluate(
        "async (tags) => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary)})); }",
        AXE_TAGS,
    )
    return result


def test_axe_is_not_blind(open_page, axe_source):
    """The same check finds a real violation when one is added."""
    page, _ = open_page("")
    page.evaluate("() => { const i = document.createElement('img'); i.src = 'theme/none.png'; document.querySelector('main').append(i);"
                  " const p = document.createElement('p'); p.textContent = 'faint'; p.style.color = '#ddd'; p.style.background = '#fff';"
                  " document.querySelector('main').append(p); }")
    ids = {v["id"] for v in run_axe(page, axe_source)}
    assert {"image-alt", "color-contrast"} <= ids


FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return {tag: el.tagName, text: (el.innerText || '').trim().slice(0, 60), href: el.getAttribute('href'),
          focusVisible: el.matches(':focus-visible'),
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
          shadow: s.boxShadow !== 'none',
          inMain: !!el.closest('main'), inNav: !!el.closest('nav.site-nav'),
          visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [PAGE_TYPES["post-risk-high"], PAGE_TYPES["home"], PAGE_TYPES["page-contact"]])
def test_keyboard_skip_link_tab_order_and_visible_focus(open_page, path, scheme):
    page, _ = open_page(path, color_scheme=scheme)
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUS_STYLE)
    assert first["text"] == "Skip to main content" and first["href"] == "#main"
    assert first["visible"] and first["focusVisible"] and (first["outline"] or first["shadow"]), first
    # Tabbing on reaches the main navigation, every stop with a visible focus indicator.
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STYLE)
        seen.append(state)
        assert state["focusVisible"] and (state["outline"] or state["shadow"]), state
        if state["inMain"]:
            break
    assert any(s["inNav"] for s in seen), "Tab never reached the main navigation"
    assert seen[-1]["inMain"], "Tab never reached the main content"
    # The skip link jumps straight past the header: the next Tab lands in <main>.
    page.reload()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    after = page.evaluate(FOCUS_STYLE)
    assert after["inMain"], after


@pytest.mark.parametrize("path", [PAGE_TYPES["post-risk-high"], PAGE_TYPES["page-contact"], PAGE_TYPES["home"]])
def test_200_percent_zoom_keeps_everything_in_view(open_page, path):
    """A 1280px window at 200% zoom is a 640 CSS px viewport at device scale 2."""
    page, _ = open_page(path, viewport={"width": 640, "height": 450}, device_scale_factor=2)
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    # Text is not clipped: no element's content is wider than the element itself.
    clipped = page.evaluate(
        "() => [...document.querySelectorAll('main *, header *, footer *')].filter(e => { const s = getComputedStyle(e);"
        " return (s.overflowX === 'hidden' || s.overflow === 'hidden') && e.scrollWidth > e.clientWidth + 1"
        " && !e.closest('.visually-hidden') && !e.matches('.visually-hidden'); }).map(e => e.outerHTML.slice(0, 80))"
    )
    assert clipped == []
