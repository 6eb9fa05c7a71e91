"""`invoke serve`'s preview server run in a thread on a free loopback port, for the preview, desk and browser tests."""

from __future__ import annotations

import os
import queue
import threading
import urllib.error
import urllib.request
from pathlib import Path

from publish import preview

TIMEOUT = 60  # a guard against hanging, never an expectation about speed


class Preview:
    """preview.serve running in a thread on a free port, with every rebuild reported."""

    def __init__(self, site, watch=None, root=None):
        self.site = site
        self.watch = watch or [site.content]
        self.root = root
        self.builds: queue.Queue = queue.Queue()
        self.results: list = []  # each build's BuildResult
        self.desks: list = []  # the desk made from each
        self.ready: queue.Queue = queue.Queue()
        self.stop = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    @property
    def count(self) -> int:
        return len(self.results)

    def rebuild(self):
        result = self.site.build()
        self.results.append(result)
        return result

    def built(self, desk):
        """After each build, once the server answers from it (desk included)."""
        self.desks.append(desk)
        self.builds.put(len(self.results))

    def _run(self):
        try:
            preview.serve(
                self.rebuild,
                str(self.site.output),
                self.watch,
                port=0,
                on_ready=self.ready.put,
                stop=self.stop,
                root=self.root,
                on_build=self.built,
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


def touch_later(path: Path, seconds: int = 5) -> None:
    """Move a file's modification time on, so the change is visible on any file system."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + seconds * 1_000_000_000))


def get(url: str) -> tuple[int, str, bytes, str]:
    with urllib.request.urlopen(url, timeout=TIMEOUT) as resp:
        return resp.status, resp.headers.get("Content-Type", ""), resp.read(), resp.geturl()


def fetch(url: str) -> tuple[int, dict, bytes]:
    """Status, headers and body, for error statuses too."""
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, dict(exc.headers), exc.read()


def status_of(url: str) -> int:
    return fetch(url)[0]
