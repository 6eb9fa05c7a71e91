"""Browser tests: the sample site built once, served on loopback, loaded in headless Chromium.

Debian's Chromium (/usr/bin/chromium) is driven by Playwright for Python; axe-core
comes from `npm ci` in this folder. `.ci/run` installs both. When either is
missing the tests skip locally with the reason, and FAIL when CI is set, so a
CI run can never pass without them.
"""

from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import ROOT, pelican_isolated

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: Every page type of the site, by its path on the sample site.
PAGE_TYPES = {
    "home": "",
    "post": "posts/what-to-expect-first-session/",
    "post-risk-high": "posts/asking-about-suicide/",
    "post-professionals": "posts/reading-notes-exposure-and-grief/",
    "post-clients": "posts/holiday-closure-2025/",
    "page-about": "about/",
    "page-contact": "contact/",
    "page-crisis": "crisis/",
    "page-fees": "fees/",
    "tag": "tags/grief/",
    "tags": "tags/",
    "category": "categories/wellbeing/",
    "categories": "categories/",
    "archives": "archives/",
    "author": "authors/nora-lindqvist/",
    "section-colleagues": "for-colleagues/",
    "section-practice-news": "practice-news/",
    "search": "search/?q=grief",
    "not-found": "404.html",
}


def unavailable(reason: str):
    """Skip locally; fail in CI, where the browser tests must run."""
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The sample site with relative URLs (it works from any address) and its search index."""
    from publish import site

    tmp = tmp_path_factory.mktemp("browser-site")
    with pelican_isolated():
        result = site.build(
            ROOT / "pelicanconf.py",
            str(tmp / "output"),
            {"CACHE_PATH": str(tmp / "cache"), "SEARCH": {"enabled": True, "path": "pagefind"}},
        )
    assert result.withheld == []
    return Path(result.output_path)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest's output clean
        pass


# The server thread and the browser live for one test module, not the session:
# later test files need a single-threaded process (the gate's precheck forks).
@pytest.fixture(scope="module")
def server(built_site):
    handler = functools.partial(_Quiet, directory=str(built_site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        unavailable(f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable('Playwright for Python is not installed (pip install -e ".[dev]")')
    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    except Exception as exc:  # the browser would not start
        pw.stop()
        unavailable(f"Chromium did not start: {exc}")
    try:
        yield chromium
    finally:
        chromium.close()
        pw.stop()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        unavailable(f"axe-core is not installed (run: npm ci --prefix {HERE.relative_to(ROOT)})")
    return AXE.read_text(encoding="utf-8")


class Recorder:
    """Every request a page makes; anything not on the site's own origin is refused and kept."""

    def __init__(self, origin: str):
        self.origin = origin.rstrip("/")
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.failed: list[str] = []

    def attach(self, context) -> None:
        context.route("**/*", self._route)
        context.on("request", lambda r: self.requests.append(r.url))
        context.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.origin + "/") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()


@pytest.fixture
def open_page(browser, server):
    """open_page(path, **context options) -> (page, recorder); contexts are closed after the test."""
    contexts = []

    def _open(path: str, color_scheme: str = "light", wait: str = "load", **options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(color_scheme=color_scheme, service_workers="block", **options)
        contexts.append(context)
        recorder = Recorder(server)
        recorder.attach(context)
        page = context.new_page()
        page.goto(server + path, wait_until=wait)
        return page, recorder

    yield _open
    for context in contexts:
        context.close()
