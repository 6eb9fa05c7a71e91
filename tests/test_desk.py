"""The preview desk (publish/desk.py) over real HTTP on 127.0.0.1: the list, a held post marked up at its own
address, escaping, what it reads and never writes, the terminal's "what changed", and that nothing of it is built."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, post
from previewing import TIMEOUT, Preview, fetch, get
from publish import desk, preview

#: One file of each state, oldest change first (their modification times are set in this order).
FILES = {
    "posts/pass.md": post(title='"Sleep and worry"'),
    "posts/held.md": post(title='"A held back post"', risk="no"),
    "posts/warn.md": post(title='"A busy week"', body="My week was crazy busy, and I am tired."),
    "posts/draft.md": post(title='"Half written"', status="draft"),
    "posts/gone.md": post(title='"An old notice"', status="retracted"),
    "posts/twin-a.md": post(title='"Twins"', date="2025-01-01"),
    "posts/twin-b.md": post(title='"Twins"', date="2025-02-01"),
    "pages/about.md": post(title='"About us"'),
    "pages/secret.md": post(title='"Unlisted"', status="hidden"),
}


class Page(HTMLParser):
    """What a browser would see: elements by tag, the visible text, and every attribute value."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def all(self, tag: str) -> list[dict]:
        return [a for t, a in self.tags if t == tag]

    @property
    def plain(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.text))


def source_lines(html: str) -> list[str]:
    """The lines of the marked-up text as a reader sees them, without line numbers and finding labels."""
    rows = re.findall(r'<span class="line[^"]*" id="line-\d+">(.*?)\n</span>', html)
    plain = []
    for row in rows:
        row = re.sub(r'<span class="ln"[^>]*>\d+</span>', "", row)
        row = re.sub(r'<a class="tag[^"]*"[^>]*>.*?</a>', "", row)
        plain.append(unescape(re.sub(r"<[^>]+>", "", row)))
    return plain


def write_all(site, files: dict[str, str]) -> dict[str, Path]:
    start = time.time() - 10_000
    paths = {}
    for n, (rel, text) in enumerate(files.items()):
        path = site.write(rel, text)
        os.utime(path, (start + 10 * n, start + 10 * n))
        paths[rel] = path
    return paths


@pytest.fixture
def desk_site(site):
    paths = write_all(site, FILES)
    server = Preview(site, root=site.root)
    base = server.start()
    server.wait_for_build(1)
    yield server, base, paths
    server.close()


def entries(html: str) -> list[dict]:
    """The desk's list, in order: title, link, state badge and the whole entry's text."""
    found = []
    for chunk in html.split('<li class="entry ')[1:]:
        chunk = chunk.split("</li>", 1)[0]
        page = Page("<li " + chunk)
        link = page.all("a")[0]["href"]
        found.append({
            "title": Page(chunk.split("<h3>", 1)[1].split("</h3>", 1)[0]).plain,
            "link": link,
            "state": re.search(r'class="badge badge-([\w-]+)"', chunk).group(1),
            "text": page.plain,
        })
    return found


# --------------------------------------------------------------------------
# The list
# --------------------------------------------------------------------------


def test_desk_lists_every_post_and_page_with_its_state_newest_change_first(desk_site):
    server, base, _ = desk_site
    status, headers, body = fetch(f"{base}/_desk/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Content-Security-Policy"] == preview.policy()
    html = body.decode()
    got = entries(html)
    assert [e["title"] for e in got] == ["Unlisted", "About us", "Twins", "Twins", "An old notice", "Half written", "A busy week",
                                         "A held back post", "Sleep and worry"]
    by_title = {(e["title"], e["state"]): e for e in got}
    assert [e["state"] for e in got] == ["hidden", "published", "collision", "published", "retracted", "draft", "warnings",
                                         "blocked", "published"]
    held = by_title[("A held back post", "blocked")]
    assert held["link"] == "/posts/a-held-back-post/"  # its own address, where the preview shows why
    assert "1 finding blocks it" in held["text"] and "content/posts/held.md (post)" in held["text"]
    warned = by_title[("A busy week", "warnings")]
    assert warned["link"] == "/posts/a-busy-week/" and "1 warning" in warned["text"]
    assert "/_desk/file/content/posts/warn.md" in html  # and its warnings, marked in the text
    assert by_title[("Half written", "draft")]["link"] == "/drafts/half-written.html"
    assert "publish leaves it out" in by_title[("Half written", "draft")]["text"]
    assert by_title[("An old notice", "retracted")]["link"] == "/posts/an-old-notice/"
    twin = by_title[("Twins", "collision")]
    assert twin["link"] == "/_desk/file/content/posts/twin-b.md"  # its address shows the other Twins
    assert "same address (posts/twins/index.html) as posts/twin-a.md" in twin["text"]
    assert by_title[("Unlisted", "hidden")]["link"] == "/unlisted/"
    assert by_title[("About us", "published")]["link"] == "/about-us/"
    # Every link on the desk answers (nothing on the desk points at a missing page).
    for link in {e["link"] for e in got}:
        assert fetch(base + link)[0] == 200, link
    assert "9 posts and 2 pages" not in html and "7 posts and 2 pages" in html
    # Pages have no approval or cross-posts: those are about posts going out.
    about = by_title[("About us", "published")]["text"]
    assert "Approval" not in about and "Cross-posted" not in about
    assert "Approvals matter only to publish" in html


def test_the_desk_updates_after_a_save_newest_first(desk_site):
    server, base, paths = desk_site
    paths["posts/held.md"].write_text(post(title='"A held back post"', risk="low"), encoding="utf-8")
    server.wait_for_build(2)
    first = entries(get(f"{base}/_desk/")[2].decode())[0]
    assert first["title"] == "A held back post" and first["state"] == "published" and first["link"] == "/posts/a-held-back-post/"
    assert b"A held back post" in get(f"{base}/posts/a-held-back-post/")[2]


# --------------------------------------------------------------------------
# A held post at its own address
# --------------------------------------------------------------------------


def test_a_blocked_posts_address_shows_its_text_with_each_finding_marked_where_it_is(site):
    text = post(
        title='"Worry time"',
        body="""
        A calm opening paragraph about worry.

        My client Jenny Alvarez told me this approach is guaranteed to work.
        """,
    )
    path = site.write("posts/worry.md", text)
    server = Preview(site, root=site.root)
    base = server.start()
    try:
        server.wait_for_build(1)
        report = server.results[-1].state.reports[str(path)]
        assert report.blocked and len(report.findings) >= 2
        status, headers, body = fetch(f"{base}/posts/worry-time/")
        assert status == 200 and headers["Content-Security-Policy"] == preview.policy()
        html = body.decode()
        page = Page(html)
        assert "Blocked: not in the site" in page.plain and "content/posts/worry.md" in page.plain
        lines = text.split("\n")
        for n, f in enumerate(sorted(report.findings, key=lambda f: (f.line, f.column, -int(f.severity), f.code)), 1):
            item = html.split(f'id="finding-{n}"', 1)[1].split("</li>", 1)[0]
            shown = Page(item).plain
            # The rule's code and name, the message, why, how to fix and the standard, and where.
            for part in (f.code, f.name, f.message, f.why, f.fix, f.source, f"Line {f.line}, column {f.column}"):
                assert part in shown, (n, part)
            # In the text: the mark starts at exactly that line and column, and its tag links back here.
            row = html.split(f'id="line-{f.line}"', 1)[1].split("\n</span>", 1)[0]
            assert f'id="mark-{n}" href="#finding-{n}"' in row
            marked = re.findall(r'<mark class="mark-(?:block|warn)">([^<]*)</mark>', row)
            assert any(lines[f.line - 1][f.column - 1:].startswith(m) for m in marked), (f, marked)
        assert "Jenny" in re.findall(r"<mark[^>]*>([^<]*)</mark>", html)
        assert "guaranteed" in re.findall(r"<mark[^>]*>([^<]*)</mark>", html)
        # Readable without colour: each mark is followed by its number and code in words.
        assert "[1 B" in page.plain and "blocks publication" in page.plain
        # The whole text is there, line by line, exactly: the marks add tags and labels, never change a character.
        assert source_lines(html) == text.rstrip("\n").split("\n")
        # The marked-up page is also on the desk, under the file's name.
        assert get(f"{base}/_desk/file/content/posts/worry.md")[2] == body
        assert not (site.output / "posts" / "worry-time").exists()
    finally:
        server.close()


def test_other_reasons_are_said_in_plain_words(desk_site):
    server, base, _ = desk_site
    retracted = fetch(f"{base}/posts/an-old-notice/")[2]
    assert b"Retracted: not in the site" in retracted and b"status: retracted" in retracted
    twin = fetch(f"{base}/_desk/file/content/posts/twin-b.md")[2]
    assert b"Not published: the address is taken" in twin
    assert b"the same address (posts/twins/index.html) as posts/twin-a.md; give it a different title" in twin
    # The address itself shows the post that keeps it.
    kept = fetch(f"{base}/posts/twins/")[2]
    assert b"Not published" not in kept and b"Twins" in kept
    draft = fetch(f"{base}/_desk/file/content/posts/draft.md")[2]
    assert b"A draft" in draft and b'href="/drafts/half-written.html"' in draft


def test_a_held_post_is_found_at_the_address_the_settings_give_it(site):
    """The address is made as the settings make it (ARTICLE_URL), with the category the post has."""
    site.write("posts/held.md", post(title='"Held in a category"', risk="no", category="Notes"))
    site.build = lambda: type(site).build(site, ARTICLE_URL="{category}/{slug}.html", ARTICLE_SAVE_AS="{category}/{slug}.html")
    server = Preview(site, root=site.root)
    base = server.start()
    try:
        server.wait_for_build(1)
        status, _, body = fetch(f"{base}/notes/held-in-a-category.html")
        assert status == 200 and b"Blocked: not in the site" in body and b"B901" in body
    finally:
        server.close()


# --------------------------------------------------------------------------
# Escaping and the policy
# --------------------------------------------------------------------------

HOSTILE_TITLE = '"<script>alert(1)</script> & <b onmouseover=alert(2)>bold</b>"'
HOSTILE_BODY = """
Some text <script>alert(3)</script> and <img src=x onerror=alert(4)> here.

An [odd link](javascript:alert(5)) and "quotes" & ampersands.
"""


def test_post_text_and_findings_are_shown_as_text_never_as_html(site):
    site.write("posts/hostile.md", post(title=HOSTILE_TITLE, body=HOSTILE_BODY))
    server = Preview(site, root=site.root)
    base = server.start()
    try:
        server.wait_for_build(1)
        (result,) = server.results
        assert result.withheld, "the hostile post should be held back by the checklist"
        listing = fetch(f"{base}/_desk/")[2]
        link = entries(listing.decode())[0]["link"]
        marked = fetch(base + link)[2]
        for html in (listing.decode(), marked.decode()):
            page = Page(html)
            # The only script is the preview's own reload script; no element or attribute from the post.
            assert page.all("script") == [{"src": "/__reload.js", "defer": None}]
            assert page.all("b") == [] and page.all("img") == []
            assert not any(k.startswith("on") for _, attrs in page.tags for k in attrs)
            assert not any(str(v).startswith("javascript:") for _, attrs in page.tags for v in attrs.values())
            assert "<script>alert(1)</script> & <b onmouseover=alert(2)>bold</b>" in page.plain  # shown as text
            assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b onmouseover=alert(2)&gt;" in html
        assert any("<img src=x onerror=alert(4)> here." in line for line in source_lines(marked.decode()))
        assert "&lt;img src=x onerror=alert(4)&gt;" in marked.decode()
    finally:
        server.close()


def test_desk_pages_need_nothing_the_sites_policy_refuses(desk_site):
    """No inline script or style, no style attribute, nothing from another website: only /_desk/desk.css and
    /__reload.js, both from the preview itself."""
    server, base, _ = desk_site
    for path in ("/_desk/", "/posts/a-held-back-post/", "/_desk/file/content/posts/warn.md"):
        status, headers, body = fetch(base + path)
        page = Page(body.decode())
        assert headers["Content-Security-Policy"] == preview.policy()
        assert page.all("style") == [] and not any("style" in attrs for _, attrs in page.tags), path
        assert [s.get("src") for s in page.all("script")] == ["/__reload.js"], path
        fetched = [a["href"] for a in page.all("link")] + [a["src"] for _, a in page.tags if "src" in a]
        assert fetched == ["/_desk/desk.css", "/__reload.js"], path
        assert re.search(r"(?:src|href)=\"(?:https?:)?//", body.decode()) is None, path
    status, headers, css = fetch(f"{base}/_desk/desk.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css") and css == desk.CSS
    assert headers["Content-Security-Policy"] == preview.policy()
    assert b"url(" not in css and b"@import" not in css  # it loads nothing more


# --------------------------------------------------------------------------
# Approvals and the ledger: read, never written or locked
# --------------------------------------------------------------------------


def _state(path: Path):
    return (path.read_bytes(), path.stat().st_mtime_ns) if path.exists() else None


def test_approvals_and_cross_posts_are_shown_and_never_written(site):
    paths = write_all(site, {"posts/a.md": post(title='"Approved one"'), "posts/b.md": post(title='"Edited after approval"'),
                             "posts/c.md": post(title='"Never approved"'), "posts/d.md": post(title='"Practice news"', audience="clients")})
    site.approve("a.md", "b.md")
    paths["posts/b.md"].write_text(post(title='"Edited after approval"', body="A calm paragraph, edited."), encoding="utf-8")
    ledger = site.root / "crosspost-ledger.json"
    ledger.write_text(json.dumps({"about": "test", "version": 1, "records": [
        {"post_id": "a", "network": "mastodon", "account": "@p@social.example.org", "state": "posted",
         "url": "https://social.example.org/@p/1", "remote_id": "1"},
        {"post_id": "a", "network": "bluesky", "account": "p.example.org", "state": "failed"},
    ]}), encoding="utf-8")
    approvals = site.root / "approvals.yaml"
    before = {p: _state(p) for p in (approvals, ledger, Path(str(ledger) + ".lock"), Path(str(ledger) + ".prev"))}
    server = Preview(site, root=site.root)
    base = server.start()
    try:
        server.wait_for_build(1)
        got = {e["title"]: e["text"] for e in entries(get(f"{base}/_desk/")[2].decode())}
        assert "Approved by Dr. Ada Reviewer" in got["Approved one"]
        assert "Approval void: edited after Dr. Ada Reviewer approved it" in got["Edited after approval"]
        assert 'Awaiting approval (publish needs it): invoke approve content/posts/c.md --by "Your Name"' in got["Never approved"]
        assert "Not needed: practice news" in got["Practice news"]
        assert "Mastodon (posted)" in got["Approved one"] and "Bluesky (failed, will retry)" in got["Approved one"]
        assert 'href="https://social.example.org/@p/1"' in get(f"{base}/_desk/")[2].decode()
        assert "Nowhere yet" in got["Never approved"]
        assert {p: _state(p) for p in before} == before  # nothing written, no lock file made
        # A damaged ledger: the desk says so, and still shows everything else.
        ledger.write_text("{ not json", encoding="utf-8")
        paths["posts/c.md"].write_text(post(title='"Never approved"', body="Edited."), encoding="utf-8")
        server.wait_for_build(2)
        status, _, body = fetch(f"{base}/_desk/")
        text = Page(body.decode()).plain
        assert status == 200 and "The cross-post ledger cannot be read" in text and "crosspost-ledger.json:1:3" in text
        assert "Approved by Dr. Ada Reviewer" in text and "Mastodon (posted)" not in text
        assert not Path(str(ledger) + ".lock").exists()
    finally:
        server.close()


# --------------------------------------------------------------------------
# The terminal
# --------------------------------------------------------------------------


def test_the_terminal_gets_only_what_changed(site):
    """desk.changes between two real builds: the newly blocked post with its findings, the one now passing, counts."""
    paths = write_all(site, {"posts/a.md": post(title='"First post"', risk="no"), "posts/b.md": post(title='"Second post"'),
                             "posts/c.md": post(title='"Third post"', risk="nope")})
    first = desk.from_build(site.build(), site.root)
    paths["posts/a.md"].write_text(post(title='"First post"'), encoding="utf-8")
    paths["posts/b.md"].write_text(post(title='"Second post"', audience="everyone"), encoding="utf-8")
    second = desk.from_build(site.build(), site.root)
    lines = desk.changes(first, second, 0.84, ["content/posts/a.md", "content/posts/b.md"], "http://127.0.0.1:8000/")
    text = "\n".join(lines)
    assert lines[0] == "Rebuilt in 0.8 s after a change to content/posts/a.md, content/posts/b.md."
    assert "Newly blocked: content/posts/b.md is kept out of the site." in text
    assert "content/posts/b.md:5:11  BLOCKED  B901 frontmatter-invalid" in text and "How to fix:" in text
    assert "Now passing, published: content/posts/a.md at http://127.0.0.1:8000/posts/first-post/" in lines
    assert "c.md" not in text  # still blocked the same way: not repeated
    assert lines[-1] == "3 post(s) and 0 page(s): 2 blocked, 0 with warnings; the desk: http://127.0.0.1:8000/_desk/."
    same = desk.changes(second, desk.from_build(site.build(), site.root), 0.5)
    assert same == ["Rebuilt in 0.5 s: nothing changed in what the checklist says.", "3 post(s) and 0 page(s): 2 blocked, 0 with warnings."]


def test_invoke_serve_prints_the_full_list_once_then_only_changes(tmp_path):
    """`invoke serve` as the clinician runs it, in a copy of the project with one blocked post."""
    project = copy_project(tmp_path / "project", ["content", "theme", "plugins", "publish", "pelicanconf.py", "publishconf.py",
                                                  "tasks.py", "approvals.yaml"])
    held = project / "content" / "posts" / "2026-07-01-held.md"
    held.write_text(post(title='"Held for now"', risk="no"), encoding="utf-8")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "invoke", "serve", "--port", "0"], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out: list[str] = []

    def read_until(pattern: str) -> re.Match:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            out.append(line)
            m = re.search(pattern, line)
            if m:
                return m
        raise AssertionError(f"never printed {pattern!r}:\n{''.join(out)}")

    try:
        base = read_until(r"Previewing at (http://127\.0\.0\.1:\d+)/").group(1)
        first = "".join(out)
        assert "Kept out of the site (1)" in first and "content/posts/2026-07-01-held.md:6:7  BLOCKED  B901" in first
        read_until(r"/_desk/")
        status, _, body = fetch(base + "/_desk/")
        assert status == 200 and b"Held for now" in body
        # Another post is blocked: only it is printed, not the one already listed.
        other = project / "content" / "posts" / "2025-05-20-choosing-a-therapist.md"
        other.write_text(other.read_text(encoding="utf-8").replace("risk: low", "risk: lowish"), encoding="utf-8")
        start = len(out)
        read_until(r"post\(s\) and \d+ page\(s\): 2 blocked")
        printed = "".join(out[start:])
        assert "Newly blocked: content/posts/2025-05-20-choosing-a-therapist.md" in printed
        assert "B901" in printed and "2026-07-01-held.md" not in printed
        assert not (project / "preview" / "_desk").exists()
        # Fixed: it says so, in one line.
        held.write_text(post(title='"Held for now"'), encoding="utf-8")
        start = len(out)
        read_until(r"post\(s\) and \d+ page\(s\): 1 blocked")
        printed = "".join(out[start:])
        assert f"Now passing, published: content/posts/2026-07-01-held.md at {base}/posts/held-for-now/" in printed
        assert "BLOCKED" not in printed
    finally:
        proc.terminate()
        proc.wait(TIMEOUT)
        proc.stdout.close()


# --------------------------------------------------------------------------
# Never in the published site
# --------------------------------------------------------------------------


def _desk_traces(output: Path) -> list[str]:
    found = []
    for path in output.rglob("*"):
        rel = str(path.relative_to(output))
        if "_desk" in rel or "desk.css" in rel:
            found.append(rel)
        elif path.is_file() and b"_desk" in path.read_bytes():
            found.append(f"{rel} (mentions _desk)")
    return found


def test_nothing_of_the_desk_is_in_a_build_or_the_served_folder(desk_site):
    server, base, _ = desk_site
    for path in ("/_desk/", "/_desk/desk.css", "/posts/a-held-back-post/", "/_desk/file/content/posts/warn.md"):
        assert fetch(base + path)[0] == 200
    assert _desk_traces(server.site.output) == []
    result = server.site.build()
    assert _desk_traces(Path(result.output_path)) == []


def test_a_published_site_has_no_desk(site, tmp_path):
    """publish's own settings (publishconf.py) on the sample posts plus a blocked one: no _desk file, link or stylesheet."""
    import shutil

    from publish import site as site_mod

    shutil.copytree(ROOT / "content", site.content, dirs_exist_ok=True)
    site.write("posts/2026-07-01-held.md", post(title='"Held for now"', risk="no"))
    result = site_mod.build(ROOT / "publishconf.py", str(site.output), site.overrides())
    assert [w.title for w in result.withheld] == ["Held for now"] and len(result.articles) > 5
    assert _desk_traces(site.output) == []
    index = (site.output / "index.html").read_text(encoding="utf-8")
    assert "Held for now" not in index and "desk" not in index.lower()
