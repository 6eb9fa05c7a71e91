"""`invoke serve`: build, serve on localhost, rebuild on every change, reload the browser.

The reload script is added by this server to the pages it serves; it is never
written into the built files, so the published site stays free of JavaScript.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
import time
from pathlib import Path

RELOAD_SCRIPT = b"""<script>/* preview only: reload when the site is rebuilt */
(function(){var v=null;setInterval(function(){fetch('/__build').then(function(r){return r.text()})
.then(function(t){if(v===null){v=t}else if(t!==v){location.reload()}}).catch(function(){})},1000)})();
</script>"""


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
    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            if self.path == "/__build":
                body = state.build_id.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            path = self.translate_path(self.path)
            if os.path.isdir(path):
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


def serve(rebuild, output: str, watch: list[Path], port: int = 8000, interval: float = 1.0, max_cycles: int | None = None) -> None:
    """Serve `output` on localhost; call `rebuild()` whenever a watched file changes."""
    state = _State()
    rebuild()
    state.build_id = str(time.time())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), make_handler(output, state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(f"Previewing at http://127.0.0.1:{server.server_address[1]}/ — edits rebuild the site. Ctrl+C to stop.")
    stamps = snapshot(watch)
    cycles = 0
    try:
        while max_cycles is None or cycles < max_cycles:
            cycles += 1
            time.sleep(interval)
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
