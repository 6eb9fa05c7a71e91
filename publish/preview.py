"""`invoke serve`: build, serve on localhost, rebuild on every save, reload the browser, and keep a desk.

The reload script is added by this server to the pages it serves, as a tag that
loads /__reload.js from the server itself; it is never written into the built
files. Every response carries the site's Content-Security-Policy header, the
same policy as the <meta> on every page, so the preview blocks what the
published site blocks.

Saves are seen through the file system's own change events (watchfiles), not
by polling. The desk (publish/desk.py) is made from each build's result, in
memory, and served under /_desk/: every post and page with its state, and a
held post's text with each finding marked, at the address the post would have.
Any other missing address gets the site's own 404.html, with status 404.
"""

from __future__ import annotations

import functools
import http.server
import os
import queue
import re
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from . import desk as desk_mod

#: The script, served from /__reload.js (a file of the preview's own origin: the policy allows no inline script).
#: It asks /__build for the build it was loaded with, then waits there (the server answers when a new build is
#: in, or after a while) and reloads the page when the build changed.
RELOAD_JS = b"""/* preview only: reload when the site is rebuilt */
(function(){var v=null;function again(ms){setTimeout(ask,ms)}
function ask(){fetch('/__build'+(v===null?'':'?after='+encodeURIComponent(v)),{cache:'no-store'})
.then(function(r){if(!r.ok){throw r}return r.text()})
.then(function(t){if(v===null||t===v){v=t;again(0)}else{location.reload()}})
.catch(function(){again(1000)})}ask()})();
"""
RELOAD_SCRIPT = b'<script src="/__reload.js" defer></script>'
#: How long /__build?after=ID holds a request open while no new build comes (the script then asks again).
LONG_POLL_S = 25.0


def policy() -> str:
    from presence import CONTENT_SECURITY_POLICY

    return CONTENT_SECURITY_POLICY


class _State:
    """What the request threads share with the build loop: the build id, and the desk of the last build."""

    def __init__(self):
        self.build_id = "0"
        self.desk: desk_mod.Desk | None = None
        self.error = ""  # the last build failed: what it said
        self.changed = threading.Condition()
        self.closing = False

    def built(self, desk: desk_mod.Desk | None = None, error: str = "") -> None:
        with self.changed:
            self.error = "" if desk is not None else error
            if desk is not None:
                self.desk = desk
            elif self.desk is not None:
                self.desk.error = error
            self.build_id = f"{time.time():.6f}"
            self.changed.notify_all()

    def wait_for_other(self, build_id: str, timeout: float) -> str:
        with self.changed:
            self.changed.wait_for(lambda: self.build_id != build_id or self.closing, timeout)
            return self.build_id

    def close(self) -> None:
        with self.changed:
            self.closing = True
            self.changed.notify_all()


def snapshot(paths: list[Path]) -> dict[str, float]:
    stamps = {}
    for root in paths:
        if root.is_file():
            stamps[str(root)] = root.stat().st_mtime
            continue
        for f in root.rglob("*"):
            if f.is_file() and "__pycache__" not in f.parts:
                try:
                    stamps[str(f)] = f.stat().st_mtime
                except OSError:
                    continue
    return stamps


_RELATIVE_ROOT = re.compile(rb"""(\s(?:href|src|action)\s*=\s*["'])\./""", re.I)


def make_handler(directory: str, state: _State):
    csp = policy()
    reload_tag = RELOAD_SCRIPT.decode()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def end_headers(self):
            self.send_header("Content-Security-Policy", csp)
            super().end_headers()

        def _send(self, status: int, body: bytes, ctype: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the page went away (a reload, a closed tab)
                    self.close_connection = True

        def _html(self, status: int, text: str) -> None:
            self._send(status, text.encode("utf-8"), "text/html; charset=utf-8")

        def do_GET(self):  # noqa: N802 (http.server's naming)
            url = urllib.parse.urlsplit(self.path)
            if url.path == "/__build":
                after = urllib.parse.parse_qs(url.query).get("after", [""])[0]
                build_id = state.wait_for_other(after, LONG_POLL_S) if after else state.build_id
                self._send(200, build_id.encode(), "text/plain")
                return
            if url.path == "/__reload.js":
                self._send(200, RELOAD_JS, "text/javascript")
                return
            if url.path == "/_desk" or url.path.startswith(desk_mod.PREFIX):
                self._desk(url.path)
                return
            path = self.translate_path(self.path)
            if os.path.isdir(path):
                if not url.path.endswith("/"):
                    # Let the base class redirect to "dir/": relative links in the page need it.
                    super().do_GET()
                    return
                path = os.path.join(path, "index.html")
            if path.endswith(".html") and os.path.isfile(path):
                data = Path(path).read_bytes().replace(b"</body>", RELOAD_SCRIPT + b"</body>")
                self._send(200, data, "text/html; charset=utf-8")
                return
            if not os.path.exists(path):
                desk = state.desk
                entry = desk.held_at(url.path) if desk is not None else None
                if entry is not None:
                    # A held post's own address: why it is not there, instead of a bare 404.
                    self._html(200, desk_mod.render_file(entry, desk, reload_tag))
                    return
            if self.command == "HEAD":
                super().do_HEAD()
            else:
                super().do_GET()

        def do_HEAD(self):  # noqa: N802 (the same answers as GET, without bodies: _send and send_error skip them)
            self.do_GET()

        def _desk(self, path: str) -> None:
            desk = state.desk
            if path == "/_desk":
                self.send_response(301)
                self.send_header("Location", desk_mod.PREFIX)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if path == desk_mod.CSS_PATH:
                self._send(200, desk_mod.CSS, "text/css; charset=utf-8")
                return
            if desk is None:
                if state.error:
                    self._html(503, desk_mod.render_message("The site could not be built", f"{state.error}. Fix it and save: "
                                                            "this page reloads by itself.", reload_tag))
                else:
                    self._html(503, desk_mod.render_message("The first build is not finished", "Wait a moment; this page reloads by itself.",
                                                            reload_tag))
                return
            if path == desk_mod.PREFIX:
                self._html(200, desk_mod.render_index(desk, reload_tag))
                return
            if path.startswith(desk_mod.FILE_PREFIX):
                entry = desk.by_file.get(urllib.parse.unquote(path[len(desk_mod.FILE_PREFIX):]))
                if entry is not None:
                    self._html(200, desk_mod.render_file(entry, desk, reload_tag))
                    return
            self.send_error(404)

        def send_error(self, code, message=None, explain=None):
            """The site's own 404.html for a missing page (never Python's bare "Error response"); a plain page otherwise."""
            if code == 404:
                page = Path(directory) / "404.html"
                try:
                    data = page.read_bytes()
                except OSError:
                    data = None
                if data is not None:
                    # 404.html sits at the site's root and its links are relative to it ("./about/"): served at any
                    # depth, they must start from the root.
                    data = _RELATIVE_ROOT.sub(rb"\1/", data).replace(b"</body>", RELOAD_SCRIPT + b"</body>")
                    self.close_connection = True
                    self._send(404, data, "text/html; charset=utf-8")
                    return
            short, long = self.responses.get(code, ("Error", ""))
            self.close_connection = True
            title = f"{code} {message or short}"
            self._html(code, desk_mod.render_message(title, explain or long or "The preview cannot answer this request."))

        def log_message(self, format, *args):  # quiet: the terminal shows the build report
            pass

    return functools.partial(Handler, directory=directory)


class _Either:
    """Set when either event is set: the caller's `stop`, or serve's own end."""

    def __init__(self, *events: threading.Event):
        self.events = events

    def is_set(self) -> bool:
        return any(e.is_set() for e in self.events)


def _watch(paths: list[Path], recursive: bool, wanted, changes: queue.Queue, halt: _Either) -> None:
    """Put the changed files under `paths` (those `wanted` keeps) on `changes`, until halted.

    The file system's own events (inotify) first; if they cannot be had (too many watches, say),
    watchfiles polls instead, so a save is never missed.
    """
    import watchfiles

    force_polling = None
    while not halt.is_set():
        try:
            for batch in watchfiles.watch(
                *paths, stop_event=halt, recursive=recursive, debounce=400, step=30,
                raise_interrupt=False, force_polling=force_polling, rust_timeout=1000,
            ):
                hits = sorted({p for _, p in batch if wanted(p)})
                if hits:
                    changes.put(hits)
            return
        except Exception as exc:  # the watcher itself failed: poll instead
            if force_polling:
                print(f"Preview: cannot watch for saves ({exc}); rebuilds stop. Restart invoke serve.", file=sys.stderr)
                return
            force_polling = True


def _start_watchers(paths: list[Path], changes: queue.Queue, halt: _Either) -> list[threading.Thread]:
    """Folders are watched with everything in them; a single file through its folder (an editor may save it by
    replacing it), keeping only that file's changes."""
    folders = [p for p in paths if p.is_dir()]
    files = {str(p.resolve()) for p in paths if p.exists() and not p.is_dir()}
    groups = []
    if folders:
        groups.append((folders, True, lambda p: True))
    if files:
        groups.append((sorted({Path(f).parent for f in files}), False, lambda p: str(Path(p).resolve()) in files))
    threads = []
    for group_paths, recursive, wanted in groups:
        t = threading.Thread(target=_watch, args=(group_paths, recursive, wanted, changes, halt), daemon=True, name="preview-watch")
        t.start()
        threads.append(t)
    return threads


def _short(paths: list[str], bases: list[Path]) -> list[str]:
    """Changed files as the clinician would name them: relative to the project (or the watched folder's parent)."""
    out = []
    for p in paths:
        for base in bases:
            try:
                out.append(str(Path(p).resolve().relative_to(base.resolve())))
                break
            except ValueError:
                continue
        else:
            out.append(p)
    return out


def serve(
    rebuild,
    output: str,
    watch: list[Path],
    port: int = 8000,
    on_ready=None,
    stop: threading.Event | None = None,
    root: str | os.PathLike | None = None,
    announce: bool = True,
    on_build=None,
) -> None:
    """Serve `output` on localhost; call `rebuild()` whenever a watched file changes.

    `rebuild()` returns the build's result (publish.site.BuildResult), from which the desk
    is made, or None when the build failed (the desk keeps the last one and says so).
    After every rebuild but the first, the terminal gets what changed (desk.changes);
    `announce=False` keeps it quiet. `root` is the project folder (paths on the desk are
    relative to it; default: the content folder's parent).

    `port=0` picks a free port; `on_ready(server)` is called once it is listening
    (its port is `server.server_address[1]`); `on_build(desk)` after every build, once
    the server answers from it (desk is None when the build failed). Setting `stop`
    ends the loop.
    """
    state = _State()
    stop = stop or threading.Event()
    done = threading.Event()
    halt = _Either(stop, done)
    watch = [Path(p) for p in watch]
    bases = ([Path(root)] if root else []) + [p.parent for p in watch]
    changes: queue.Queue = queue.Queue()

    def build(changed: list[str] | None = None) -> None:
        started = time.monotonic()
        error = ""
        try:
            result = rebuild()
        except Exception as exc:  # the preview stays up; the terminal and the desk say what went wrong
            result, error = None, f"{type(exc).__name__}: {exc}"
            print(f"Preview: the build failed ({error}).", file=sys.stderr)
        if result is None:
            state.built(None, error or "the build did not finish; see the terminal")
            if on_build is not None:
                on_build(None)
            return
        before = state.desk
        try:
            desk = desk_mod.from_build(result, root)
        except Exception as exc:  # the desk must never take the preview down
            print(f"Preview: the desk could not be made ({type(exc).__name__}: {exc}).", file=sys.stderr)
            state.built(None, f"the desk could not be made ({type(exc).__name__})")
            if on_build is not None:
                on_build(None)
            return
        if announce and before is not None:
            lines = desk_mod.changes(before, desk, time.monotonic() - started, _short(changed or [], bases), address[0])
            print("\n" + "\n".join(lines), flush=True)
        state.built(desk)
        if on_build is not None:
            on_build(desk)

    server = None
    address = [""]  # the server's base address, once it listens
    # Watching starts before the first build, and a snapshot is taken too, so a file saved during it is not missed.
    watchers = _start_watchers([p for p in watch if p.exists()], changes, halt)
    try:
        stamps = snapshot(watch)
        build()
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), make_handler(output, state))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        address[0] = base
        print(f"Previewing at {base} — edits rebuild the site. Ctrl+C to stop.")
        print(f"The desk, every post and page with its state (preview only, never published): {base}_desk/", flush=True)
        if snapshot(watch) != stamps:  # saved while the first build ran
            changes.put([])
        if on_ready is not None:
            on_ready(server)
        while not stop.is_set():
            try:
                changed = list(changes.get(timeout=0.1))
            except queue.Empty:
                continue
            while True:  # every save that came in meanwhile goes into this one build
                try:
                    changed += changes.get_nowait()
                except queue.Empty:
                    break
            if stop.is_set():
                break
            build(sorted(set(changed)))
    except KeyboardInterrupt:
        pass
    finally:
        done.set()
        state.close()
        if server is not None:
            server.shutdown()
            server.server_close()
        for t in watchers:
            t.join(5)
