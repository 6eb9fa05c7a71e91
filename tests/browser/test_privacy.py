"""Private by default, in a real browser (issue #14).

- The site's Content-Security-Policy stops what the audit might miss: references injected into a
  loaded page are blocked by Chromium itself, and none reaches the network.
"""

from __future__ import annotations

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
