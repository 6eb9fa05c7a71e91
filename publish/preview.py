"""`invoke serve`: build, serve on localhost, rebuild on every change, reload the browser.

The reload script is added by this server to the pages it serves, as a tag that
loads /__reload.js from the server itself; it is never written into the built
files. Every response carries the site's Content-Security-Policy header, the
same policy as the <meta> on every page, so the preview blocks what the
published site blocks.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
import time
from pathlib import Path

#: The script, served from /__reload.js (a file of the preview's own origin: the policy allows no inline script).
RELOAD_JS = b"""/* preview only: reload when the site is rebuilt */
(function(){var v=null;setInterval(function(){fetch('/__build').then(function(r){return r.text()})
.then(function(t){if(v===null){v=t}else if(t!==v){location.reload()}}).catch(function(){})},1000)})();
"""
RELOAD_SCRIPT = b'<script src="/__reload.js" defer></script>'


def policy() -> str:
    from presence import CONTENT_SECURITY_POLICY

    return CONTENT_SECURITY_POLICY


class _State:
    def __init__(self):
        self.build_id = "0"


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


def make_handler(directory: str, state: _State):
    csp = policy()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def end_headers(self):
            self.send_header("Content-Security-Policy", csp)
            super().end_headers()

        def do_GET(self):  # noqa: N802 (http.server's naming)
            if self.path in ("/__build", "/__reload.js"):
                body = state.build_id.encode() if self.path == "/__build" else RELOAD_JS
                self.send_response(200)
                self.send_header("Content-Type", "text/plain" if self.path == "/__build" else "text/javascript")
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            path = self.translate_path(self.path)
            if os.path.isdir(path):
                if not self.path.split("?", 1)[0].split("#", 1)[0].endswith("/"):
                    # Let the base class redirect to "dir/": relative links in the page need it.
                    super().do_GET()
                    return
                path = os.path.join(path, "index.html")
            if path.endswith(".html") and os.path.isfile(path):
                data = Path(path).read_bytes().replace(b"</body>", RELOAD_SCRIPT + b"</body>")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            super().do_GET()

        def log_message(self, format, *args):  # quiet: the terminal shows the build report
            pass

    return functools.partial(Handler, directory=directory)


def serve(
    rebuild,
    output: str,
    watch: list[Path],
    port: int = 8000,
    interval: float = 1.0,
    max_cycles: int | None = None,
    on_ready=None,
    stop: threading.Event | None = None,
) -> None:
    """Serve `output` on localhost; call `rebuild()` whenever a watched file changes.

    `port=0` picks a free port; `on_ready(server)` is called once it is listening
    (its port is `server.server_address[1]`). Setting `stop` ends the loop.
    """
    state = _State()
    stop = stop or threading.Event()
    # Taken before the first build, so a file saved during it is not missed.
    stamps = snapshot(watch)
    rebuild()
    state.build_id = str(time.time())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), make_handler(output, state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(f"Previewing at http://127.0.0.1:{server.server_address[1]}/ — edits rebuild the site. Ctrl+C to stop.")
    cycles = 0
    try:
        if on_ready is not None:
            on_ready(server)
        while (max_cycles is None or cycles < max_cycles) and not stop.is_set():
            cycles += 1
            if stop.wait(interval):
                break
            now = snapshot(watch)
            if now != stamps:
                stamps = now
                rebuild()
                state.build_id = str(time.time())
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
