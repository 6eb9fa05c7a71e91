"""Screenshots of key pages, light and dark, phone and desktop: for a person to look at.

    .venv/bin/python tests/browser/screenshots.py /path/to/folder

Not a test: it writes PNGs outside the repository.
"""

from __future__ import annotations

import functools
import sys
import tempfile
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "plugins"), str(HERE.parent)]

from browser.conftest import CHROMIUM, CHROMIUM_ARGS, _Quiet  # noqa: E402

PAGES = {"home": "", "post-risk-high": "posts/asking-about-suicide/", "contact": "contact/"}
WIDTHS = {"phone": 390, "desktop": 1280}


def main(out: str) -> None:
    from playwright.sync_api import sync_playwright

    from publish import site

    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        result = site.build(ROOT / "pelicanconf.py", f"{tmp}/output", {"CACHE_PATH": f"{tmp}/cache"})
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=result.output_path))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, path in PAGES.items():
                for scheme in ("light", "dark"):
                    for label, width in WIDTHS.items():
                        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                                      device_scale_factor=2 if label == "phone" else 1)
                        page = context.new_page()
                        page.goto(base + path, wait_until="networkidle")
                        file = target / f"{name}-{scheme}-{label}.png"
                        page.screenshot(path=str(file), full_page=True)
                        print(file)
                        context.close()
            browser.close()
        httpd.shutdown()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT.parent / "site-shots"))
