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
from publish import preview

TIMEOUT = 60  # a guard against hanging, never an expectation about speed


class Preview:
    """preview.serve running in a thread on a free port, with every rebuild reported."""

    def __init__(self, site):
        self.site = site
        self.builds: queue.Queue = queue.Queue()
        self.count = 0
        self.ready: queue.Queue = queue.Queue()
        self.stop = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def rebuild(self):
        self.site.build()
        self.count += 1
        self.builds.put(self.count)

    def _run(self):
        try:
            preview.serve(
                self.rebuild,
                str(self.site.output),
                [self.site.content],
                port=0,
                interval=0.02,
                max_cycles=100_000,
                on_ready=self.ready.put,
                stop=self.stop,
            )
        except BaseException as exc:  # surfaced by the test, not lost in the thread
            self.error = exc
            self.ready.put(None)

    def start(self) -> str:
        self.thread.start()
        server = self.ready.get(timeout=TIMEOUT)
        assert server is not None, self.error
        host, port = server.server_address[:2]
        assert host == "127.0.0.1" and port != 0
        return f"http://127.0.0.1:{port}"

    def wait_for_build(self, n: int) -> None:
        while True:
            got = self.builds.get(timeout=TIMEOUT)
            if got >= n:
                return

    def close(self):
        self.stop.set()
        self.thread.join(TIMEOUT)
        assert not self.thread.is_alive(), "serve() did not stop"
        assert self.error is None, self.error


def get(url: str) -> tuple[int, str, bytes, str]:
    with urllib.request.urlopen(url, timeout=TIMEOUT) as resp:
        return resp.status, resp.headers.get("Content-Type", ""), resp.read(), resp.geturl()


def status_of(url: str) -> int:
    try:
        return get(url)[0]
    except urllib.error.HTTPError as exc:
        exc.close()  # an HTTPError holds the open response
        return exc.code


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


def test_missing_page_is_404(running):
    _, base = running
    assert status_of(f"{base}/posts/no-such-post/") == 404


def test_saving_a_watched_file_rebuilds_and_changes_the_build_id(running):
    server, base = running
    _, _, first_id, _ = get(f"{base}/__build")
    source = server.site.content / "posts" / "sleep.md"
    source.write_text(post(title='"Sleep and gentle routines"', body="A calm paragraph about sleep."), encoding="utf-8")
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))  # a visible change on any file system
    server.wait_for_build(2)
    _, _, second_id, _ = get(f"{base}/__build")
    assert second_id != first_id
    _, _, body, _ = get(f"{base}/posts/sleep-and-gentle-routines/")
    assert b"Sleep and gentle routines" in body and preview.RELOAD_SCRIPT in body


def test_a_blocked_post_never_reaches_the_preview(running):
    server, base = running
    server.site.write("posts/held.md", post(title='"A held back post"', risk="no"))
    server.wait_for_build(2)
    assert status_of(f"{base}/posts/a-held-back-post/") == 404
    _, _, index, _ = get(f"{base}/")
    assert b"A held back post" not in index


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
    assert status == 200 and "javascript" in ctype and body == preview.RELOAD_JS and b"fetch('/__build')" in body
    _, _, page, _ = get(f"{base}/posts/sleep-and-worry/")
    escaped = CONTENT_SECURITY_POLICY.replace("'", "&#39;").encode()
    assert b'<meta http-equiv="Content-Security-Policy" content="' + escaped + b'">' in page
    assert re.findall(rb"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", page) == []  # no inline script to run
