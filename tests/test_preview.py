"""`invoke serve`'s preview server: real HTTP on 127.0.0.1, reload script only in served pages, rebuild on save."""

from __future__ import annotations

import os
import queue
import re
import threading
import urllib.error
import urllib.request

import pytest

from conftest import post
from previewing import TIMEOUT, Preview, fetch, get, status_of, touch_later
from publish import preview


@pytest.fixture
def running(site):
    site.write("posts/sleep.md", post(title='"Sleep and worry"', body="A calm paragraph about sleep."))
    server = Preview(site)
    base = server.start()
    server.wait_for_build(1)
    yield server, base
    server.close()


def test_served_pages_get_the_reload_script_but_built_files_do_not(running):
    server, base = running
    status, ctype, body, _ = get(f"{base}/posts/sleep-and-worry/")
    assert status == 200 and ctype.startswith("text/html")
    assert "Sleep and worry" in body.decode()
    assert preview.RELOAD_SCRIPT in body
    assert body.rstrip().endswith(b"</html>") and body.index(preview.RELOAD_SCRIPT) < body.index(b"</body>")
    on_disk = (server.site.output / "posts" / "sleep-and-worry" / "index.html").read_bytes()
    assert preview.RELOAD_SCRIPT not in on_disk
    assert body.replace(preview.RELOAD_SCRIPT, b"") == on_disk
    _, _, index, _ = get(f"{base}/")
    assert preview.RELOAD_SCRIPT in index


def test_other_files_are_served_as_they_are(running):
    server, base = running
    status, ctype, body, _ = get(f"{base}/theme/css/style.css")
    assert status == 200 and "css" in ctype
    assert body == (server.site.output / "theme" / "css" / "style.css").read_bytes()
    _, _, feed, _ = get(f"{base}/feeds/all.atom.xml")
    assert b"<script" not in feed


def test_a_folder_without_its_slash_is_redirected(running):
    _, base = running
    status, _, body, final = get(f"{base}/posts/sleep-and-worry")
    assert final == f"{base}/posts/sleep-and-worry/"  # so the page's relative links resolve
    assert status == 200 and b"Sleep and worry" in body


def test_missing_page_is_the_sites_own_404_page_with_status_404(running):
    """Never Python's bare "Error response": the theme's 404.html, its links made to start from the site's root."""
    server, base = running
    for path in ("/posts/no-such-post/", "/no/such/deep/page.html", "/_desk/no-such-thing", "/_desk/file/../../pelicanconf.py"):
        status, headers, body = fetch(base + path)
        assert status == 404, path
        assert headers["Content-Type"].startswith("text/html"), path
        assert b"Page not found" in body and b"Error response" not in body and b"Error code" not in body, path
        assert headers["Content-Security-Policy"] == preview.policy()
    built = (server.site.output / "404.html").read_bytes()
    assert b'href="./theme/css/style.css"' in built  # relative to the site's root in the build…
    _, _, body = fetch(f"{base}/posts/no-such-post/")
    assert b'href="/theme/css/style.css"' in body and b'href="./' not in body  # …and from the root when served anywhere
    assert b'href="#main"' in body  # the skip link still points into the page
    assert body.replace(preview.RELOAD_SCRIPT, b"") == built.replace(b'href="./', b'href="/')


def test_without_a_404_page_a_missing_address_still_gets_a_plain_page(running):
    server, base = running
    (server.site.output / "404.html").unlink()
    status, headers, body = fetch(f"{base}/posts/no-such-post/")
    assert status == 404 and headers["Content-Type"].startswith("text/html")
    assert b"404" in body and b"Error response" not in body and b'<link rel="stylesheet" href="/_desk/desk.css">' in body


def test_saving_a_watched_file_rebuilds_and_changes_the_build_id(running):
    server, base = running
    _, _, first_id, _ = get(f"{base}/__build")
    source = server.site.content / "posts" / "sleep.md"
    source.write_text(post(title='"Sleep and gentle routines"', body="A calm paragraph about sleep."), encoding="utf-8")
    touch_later(source)
    server.wait_for_build(2)
    _, _, second_id, _ = get(f"{base}/__build")
    assert second_id != first_id
    _, _, body, _ = get(f"{base}/posts/sleep-and-gentle-routines/")
    assert b"Sleep and gentle routines" in body and preview.RELOAD_SCRIPT in body


def test_the_reload_script_waits_for_the_next_build_and_is_told_at_once(running):
    """/__build?after=ID answers as soon as a build other than ID is in (the script then reloads the page)."""
    server, base = running
    _, _, first_id, _ = get(f"{base}/__build")
    _, _, same, _ = get(f"{base}/__build?after=stale-id")
    assert same == first_id  # a page from an older build is answered at once
    answer = {}
    waiting = threading.Thread(target=lambda: answer.setdefault("id", get(f"{base}/__build?after={first_id.decode()}")[2]))
    waiting.start()
    waiting.join(0.5)
    assert waiting.is_alive(), "the request did not wait for a new build"
    server.site.write("posts/sleep.md", post(title='"Sleep, again"'))
    server.wait_for_build(2)
    waiting.join(TIMEOUT)
    assert answer["id"] != first_id and answer["id"] == get(f"{base}/__build")[2]


def test_a_folder_created_after_the_start_is_watched_too(running):
    server, base = running
    server.site.write("posts/2026/deeper/new.md", post(title='"A new folder of posts"'))
    server.wait_for_build(2)
    assert status_of(f"{base}/posts/a-new-folder-of-posts/") == 200


def test_a_single_watched_file_replaced_by_an_editor_rebuilds(site):
    """A watched file (like pelicanconf.py) is watched through its folder: an editor that saves by writing a new
    file and renaming it over the old one is seen every time, and other files in that folder are not."""
    site.write("posts/sleep.md", post(title='"Sleep and worry"'))
    settings = site.root / "settings-stand-in.py"
    settings.write_text("A = 1\n", encoding="utf-8")
    server = Preview(site, watch=[site.content, settings])
    try:
        server.start()
        server.wait_for_build(1)
        for n in (2, 3):
            tmp = site.root / f".settings-stand-in.py.{n}"
            tmp.write_text(f"A = {n}\n", encoding="utf-8")
            os.replace(tmp, settings)
            server.wait_for_build(n)
        (site.root / "notes.txt").write_text("not watched", encoding="utf-8")
        with pytest.raises(queue.Empty):
            server.builds.get(timeout=1.5)
        assert server.count == 3
    finally:
        server.close()


def test_a_blocked_post_never_reaches_the_built_site(running):
    """At its address the preview says why it is held (tests/test_desk.py); nothing of it is built."""
    server, base = running
    server.site.write("posts/held.md", post(title='"A held back post"', risk="no"))
    server.wait_for_build(2)
    status, _, body, _ = get(f"{base}/posts/a-held-back-post/")
    assert status == 200 and b"Blocked: not in the site" in body and b"B901" in body
    assert not (server.site.output / "posts" / "a-held-back-post").exists()
    _, _, index, _ = get(f"{base}/")
    assert b"A held back post" not in index
    assert all("a held back post" not in text.lower() for text in server.site.texts().values())


def test_serve_stops_and_closes_the_port(site):
    site.write("posts/sleep.md", post(title='"Sleep and worry"'))
    server = Preview(site)
    base = server.start()
    server.close()
    with pytest.raises(urllib.error.URLError):
        get(f"{base}/")


def test_every_response_carries_the_sites_policy_and_the_reload_script_is_a_file(running):
    """The same Content-Security-Policy as the <meta> on every page, as a header; no inline script."""
    from presence import CONTENT_SECURITY_POLICY

    server, base = running
    for path in ("/posts/sleep-and-worry/", "/theme/css/style.css", "/feeds/all.atom.xml", "/__build", "/__reload.js"):
        with urllib.request.urlopen(base + path, timeout=TIMEOUT) as resp:
            assert resp.headers.get("Content-Security-Policy") == CONTENT_SECURITY_POLICY, path
    assert preview.RELOAD_SCRIPT == b'<script src="/__reload.js" defer></script>'
    status, ctype, body, _ = get(f"{base}/__reload.js")
    assert status == 200 and "javascript" in ctype and body == preview.RELOAD_JS and b"fetch('/__build'" in body
    _, _, page, _ = get(f"{base}/posts/sleep-and-worry/")
    escaped = CONTENT_SECURITY_POLICY.replace("'", "&#39;").encode()
    assert b'<meta http-equiv="Content-Security-Policy" content="' + escaped + b'">' in page
    assert re.findall(rb"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", page) == []  # no inline script to run
