"""Private by default, in a real browser (issue #14).

- Every page of the sample site as `invoke publish` builds it, loaded at its real address
  (https://cedarhollow.example.org, answered from the built files inside the browser): no request
  to any other website, no cookie, nothing in localStorage, sessionStorage, IndexedDB or the
  Cache API, and no violation of the site's own policy, search included.
- The preview (`invoke serve`) sends the policy as a header and still reloads itself under it.
- The site's Content-Security-Policy stops what the audit might miss: references injected into a
  loaded page are blocked by Chromium itself, and none reaches the network.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

#: Injected into a loaded page: every kind of reference, each to its own host on another website.
INJECT = """async (urls) => {
  const seen = [];
  document.addEventListener('securitypolicyviolation', (e) => seen.push(e.blockedURI));
  const add = (tag, attrs) => { const el = document.createElement(tag); Object.assign(el, attrs); document.body.append(el); return el; };
  add('img', {src: urls.img, alt: ''});
  add('link', {rel: 'stylesheet', href: urls.css});
  add('script', {src: urls.script});
  add('iframe', {src: urls.frame});
  add('div', {}).style.backgroundImage = `url("${urls.bg}")`;
  fetch(urls.fetch).catch(() => {});
  // Resolves as soon as all six are reported; the 10 s is a guard against hanging, not an expectation.
  await new Promise((done) => { const t = setInterval(() => { if (seen.length >= 6) { clearInterval(t); done(); } }, 20); setTimeout(done, 10000); });
  return seen;
}"""
URLS = {
    "img": "https://csp-img.example.net/p.gif",
    "css": "https://csp-css.example.net/f.css",
    "script": "https://csp-script.example.net/a.js",
    "frame": "https://csp-frame.example.net/embed",
    "bg": "https://csp-bg.example.net/bg.png",
    "fetch": "https://csp-fetch.example.net/collect",
}


def test_the_policy_blocks_an_injected_third_party_reference(open_page):
    page, recorder = open_page("posts/what-to-expect-first-session/", wait="load")
    failures = {}
    page.on("requestfailed", lambda r: failures.__setitem__(r.url, r.failure))
    blocked = page.evaluate(INJECT, URLS)
    hosts = {u.split("/")[2] for u in blocked if u.startswith("https://")}
    assert hosts == {u.split("/")[2] for u in URLS.values()}, blocked
    page.wait_for_load_state("networkidle")
    # Chromium stopped each one itself: none reached the network (the recorder's route), and every
    # request it started for them failed as blocked by the policy.
    assert recorder.foreign == [], "the policy let a request out"
    started = [u for u in recorder.requests if "example.net" in u]
    assert started and all(failures.get(u) == "csp" for u in started), (started, failures)


def test_without_the_policy_the_same_injection_reaches_the_network(open_page):
    """The empty list above is the policy's doing: with it bypassed, the recorder sees the requests."""
    page, recorder = open_page("posts/what-to-expect-first-session/", wait="load", bypass_csp=True)
    page.evaluate("""async (urls) => {
        const failed = (el) => new Promise((done) => { el.onerror = done; el.onload = done; });
        const img = new Image(); const a = failed(img); img.src = urls.img;
        const link = document.createElement('link'); link.rel = 'stylesheet'; const b = failed(link); link.href = urls.css;
        document.head.append(link);
        await Promise.all([a, b, fetch(urls.fetch).catch(() => {})]);
    }""", URLS)
    assert {u.split("/")[2] for u in recorder.foreign} == {"csp-img.example.net", "csp-css.example.net", "csp-fetch.example.net"}, recorder.foreign


# -- every page of the published sample site, at its real address ------------------
SITE = "https://cedarhollow.example.org"
#: Records every way a page could keep something about its visitor; an init script runs before the page's own.
STORAGE_WATCH = """(() => {
  const used = [];
  Object.defineProperty(window, '__storageUse', {value: used});
  document.addEventListener('securitypolicyviolation', (e) => used.push('policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));
  const wrap = (proto, name, label) => { if (!proto || !proto[name]) return; const f = proto[name];
    proto[name] = function (...args) { used.push(label); return f.apply(this, args); }; };
  wrap(window.Storage && Storage.prototype, 'setItem', 'Storage.setItem');
  wrap(window.IDBFactory && IDBFactory.prototype, 'open', 'indexedDB.open');
  wrap(window.CacheStorage && CacheStorage.prototype, 'open', 'caches.open');
  wrap(navigator.serviceWorker && ServiceWorkerContainer.prototype, 'register', 'serviceWorker.register');
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(Document.prototype, 'cookie', {configurable: true, get() { return cookie.get.call(this); },
    set(v) { used.push('document.cookie'); cookie.set.call(this, v); }});
})();"""
STORAGE_STATE = """async () => ({
  used: window.__storageUse.slice(),
  cookie: document.cookie,
  local: localStorage.length, session: sessionStorage.length,
  indexedDB: (await indexedDB.databases()).map((d) => d.name),
  caches: await caches.keys(),
  policy: (document.querySelector('meta[http-equiv="Content-Security-Policy"]') || {}).content || null,
})"""


@pytest.fixture(scope="module")
def published_site(tmp_path_factory):
    """The sample site exactly as `invoke publish` builds it: publishconf.py, absolute links, search index."""
    from conftest import ROOT, pelican_isolated
    from publish import site

    tmp = tmp_path_factory.mktemp("published")
    with pelican_isolated():
        result = site.build(ROOT / "publishconf.py", str(tmp / "output"), {"CACHE_PATH": str(tmp / "cache")})
    assert result.withheld == []
    return Path(result.output_path)


class SiteAtItsAddress:
    """Serves the built files at https://cedarhollow.example.org/ inside the browser; every other request is kept and refused."""

    def __init__(self, root: Path):
        self.root = root
        self.own: list[str] = []
        self.foreign: list[str] = []
        self.missing: list[str] = []

    def route(self, route):
        url = route.request.url
        if not url.startswith(SITE + "/"):
            self.foreign.append(url)
            route.abort()
            return
        path = unquote(urlsplit(url).path).lstrip("/")
        target = self.root / path
        if target.is_dir() or path == "":
            target = target / "index.html"
        self.own.append(url)
        if target.is_file() and self.root in target.resolve().parents:
            route.fulfill(path=str(target), headers={"Content-Type": mimetypes.guess_type(target.name)[0] or "application/octet-stream"})
        else:
            self.missing.append(url)
            route.fulfill(status=404, body="not found")


def pages_of(root: Path) -> list[str]:
    return sorted(("" if p.name == "index.html" and p.parent == root else str(p.relative_to(root).parent) + "/")
                  if p.name == "index.html" else str(p.relative_to(root)) for p in root.rglob("*.html"))


def test_every_published_page_makes_no_third_party_request_and_keeps_nothing(browser, published_site):
    from presence import CONTENT_SECURITY_POLICY

    pages = pages_of(published_site)
    assert len(pages) >= 40 and "" in pages and "search/" in pages
    context = browser.new_context(service_workers="block")
    served = SiteAtItsAddress(published_site)
    context.route("**/*", served.route)
    context.add_init_script(STORAGE_WATCH)
    page = context.new_page()
    try:
        for path in [*pages, "search/?q=grief"]:
            before = len(served.own)
            page.goto(f"{SITE}/{path}", wait_until="networkidle")
            if path.startswith("search/?"):
                from playwright.sync_api import expect

                expect(page.locator("#search-status")).to_contain_text("result", timeout=15000)
                page.wait_for_load_state("networkidle")
                assert page.locator("#search-results li").count() > 0  # search ran, inside the policy
            page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
            page.wait_for_load_state("networkidle")
            state = page.evaluate(STORAGE_STATE)
            assert len(served.own) > before, f"{path}: nothing was requested: the recorder is not working"
            assert state["policy"] == CONTENT_SECURITY_POLICY, path
            assert state["used"] == [] and state["cookie"] == "", (path, state)
            assert (state["local"], state["session"], state["indexedDB"], state["caches"]) == (0, 0, [], []), (path, state)
        assert served.foreign == [], f"requests to other websites: {served.foreign}"
        assert served.missing == [], f"requests the site could not answer: {served.missing}"
        assert context.cookies() == []
        assert any("pagefind" in u for u in served.own)  # the search index came from the site itself
    finally:
        context.close()


def test_the_address_recorder_is_not_blind(browser, published_site):
    """The empty list above means something: a foreign image on the same site at the same address is recorded."""
    context = browser.new_context(service_workers="block", bypass_csp=True)
    served = SiteAtItsAddress(published_site)
    context.route("**/*", served.route)
    try:
        page = context.new_page()
        page.goto(f"{SITE}/", wait_until="load")
        page.evaluate("""() => new Promise((done) => { const i = new Image(); i.onerror = done; i.onload = done;
            i.src = 'https://recorder-check.example.net/p.gif'; })""")
        assert served.foreign == ["https://recorder-check.example.net/p.gif"]
    finally:
        context.close()


def test_the_preview_reloads_itself_within_its_policy(browser, site):
    """`invoke serve` sends the policy as a header; its reload script (a file, not inline) still works under it."""
    import os

    from conftest import post
    from test_preview import Preview

    site.write("posts/sleep.md", post(title='"Sleep and worry"', body="A calm paragraph about sleep."))
    server = Preview(site)
    base = server.start()
    server.wait_for_build(1)
    context = browser.new_context(service_workers="block")
    context.add_init_script(STORAGE_WATCH)
    try:
        page = context.new_page()
        with page.expect_request(lambda r: r.url.endswith("/__build"), timeout=30000):
            page.goto(f"{base}/posts/sleep-and-worry/", wait_until="load")
        source = site.content / "posts" / "sleep.md"
        source.write_text(post(title='"Sleep and worry"', body="A calmer paragraph about rest."), encoding="utf-8")
        stat = source.stat()
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
        with page.expect_event("load", timeout=60000):  # the page reloads by itself after the rebuild
            server.wait_for_build(2)
        assert "A calmer paragraph about rest." in page.locator("main").inner_text()
        assert page.evaluate("() => window.__storageUse") == []  # no policy violation, nothing stored
    finally:
        context.close()
        server.close()
