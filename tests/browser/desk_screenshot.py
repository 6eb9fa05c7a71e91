"""The README's picture of the desk (docs/desk.png): the sample site with one deliberately blocked post, in a
temporary copy, previewed by `invoke serve`'s server and photographed in headless Chromium.

    .venv/bin/python tests/browser/desk_screenshot.py [docs]

writes desk.png (the desk) and desk-post.png (the blocked post's text, marked) into that folder.

Not a test. Nothing is added to content/: the blocked post exists only in the temporary copy.
"""

from __future__ import annotations

import queue
import shutil
import sys
import tempfile
import textwrap
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "plugins"), str(HERE.parent)]

from browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

BLOCKED = textwrap.dedent("""\
    ---
    title: "After a hard week"
    date: 2026-07-01
    summary: "What a hard week can teach us about rest."
    audience: public
    risk: low
    ---

    My client Jenny Alvarez told me on Tuesday that she felt she could not rest.

    Rest is a skill, and this approach is guaranteed to cure your anxiety.
    """)


def main(folder: str) -> None:
    from playwright.sync_api import sync_playwright

    from publish import preview, site

    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        shutil.copytree(ROOT / "content", content)
        shutil.copy2(ROOT / "approvals.yaml", Path(tmp) / "approvals.yaml")  # the desk reads it, as in the project
        (content / "posts" / "2026-07-01-after-a-hard-week.md").write_text(BLOCKED, encoding="utf-8")
        overrides = {"PATH": str(content), "CACHE_PATH": f"{tmp}/cache"}
        ready: queue.Queue = queue.Queue()
        stop = threading.Event()

        def rebuild():
            return site.build(ROOT / "pelicanconf.py", f"{tmp}/output", overrides)

        thread = threading.Thread(target=preview.serve, args=(rebuild, f"{tmp}/output", [content]),
                                  kwargs={"port": 0, "on_ready": ready.put, "stop": stop, "root": tmp}, daemon=True)
        thread.start()
        server = ready.get(timeout=120)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1000, "height": 820})
                page.goto(base + "/_desk/", wait_until="load")
                page.screenshot(path=f"{folder}/desk.png")
                print(f"{folder}/desk.png")
                page.locator("ol.entries > li").first.locator("h3 a").click()
                page.wait_for_selector("pre.source")
                # The last finding and the marked text below it.
                top = page.locator("ol.findings > li:last-child").bounding_box()
                bottom = page.locator("pre.source").bounding_box()
                clip = {"x": 0, "y": top["y"] - 16, "width": 1000, "height": bottom["y"] + bottom["height"] + 16 - (top["y"] - 16)}
                page.screenshot(path=f"{folder}/desk-post.png", clip=clip, full_page=True)
                print(f"{folder}/desk-post.png")
                browser.close()
        finally:
            stop.set()
            thread.join(30)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "docs"))
