"""The checker and the publish audit agree (issue #14): a post whose HTML or Markdown would make a
reader's browser fetch or run something from another website is blocked by `invoke check`, with the
same code the audit gives, before publish ever sees it. Plain links and code stay fine."""

from __future__ import annotations

import pytest

from boundary import engine, practice
from conftest import SETTINGS, post
from publish import pipeline
from test_no_third_party import VARIANTS

PRACTICE = practice.from_mapping({"site_url": "https://cedarhollow.example.org", "email": "office@cedarhollow.example.org"})

#: Markdown's own ways to load an image from another host: (id, Markdown, host).
MARKDOWN_IMAGES = [
    ("markdown-image", "![A chart](https://m-plain.example.net/chart.png)", "m-plain.example.net"),
    ("markdown-image-title", '![A chart](https://m-title.example.net/c.png "The chart")', "m-title.example.net"),
    ("markdown-protocol-relative", "![A chart](//m-relative.example.net/c.png)", "m-relative.example.net"),
    ("markdown-mixed-case", "![A chart](HTTPS://M-CASE.EXAMPLE.NET/c.png)", "m-case.example.net"),
    ("markdown-entity-encoded", "![A chart](&#104;ttps://m-entity.example.net/c.png)", "m-entity.example.net"),
    ("markdown-angle-brackets", "![A chart](<https://m-angle.example.net/c.png>)", "m-angle.example.net"),
    ("markdown-reference", "![A chart][chart]\n\n[chart]: https://m-ref.example.net/c.png", "m-ref.example.net"),
    ("markdown-shortcut-reference", "![chart]\n\n[chart]: <//m-short.example.net/c.png>", "m-short.example.net"),
]
#: What must still pass: links are clicks, and code is shown, never loaded.
FINE = [
    ("plain-link", "Read [the 988 guide](https://988lifeline.org/help/) and <https://findtreatment.gov/>."),
    ("html-link", '<a href="https://988lifeline.org/">988 Lifeline</a>'),
    ("reference-link", "Read [the guide][g].\n\n[g]: https://guide.example.net/g.png"),
    ("own-image", "![Our office](https://cedarhollow.example.org/images/office.jpg)\n\n![Morning](images/quiet-morning.png)"),
    ("fenced-code", "An image from another site looks like this:\n\n```html\n<img src=\"https://cdn.example.net/a.png\">\n<script src=\"https://cdn.example.net/a.js\"></script>\n![x](https://cdn.example.net/b.png)\n```"),
    ("inline-code", "Never paste `<iframe src=\"https://video.example.net/e\">` or `![x](https://cdn.example.net/a.png)` into a post."),
    ("indented-code", "Like this:\n\n    <img src=\"https://cdn.example.net/a.png\">\n    <link rel=\"stylesheet\" href=\"https://fonts.example.net/f.css\">"),
    ("escaped-html", "The tag &lt;img src=\"https://cdn.example.net/a.png\"&gt; is what a pixel looks like."),
    ("html-comment", "<!-- <img src=\"https://cdn.example.net/a.png\"> -->\nA calm paragraph about sleep."),
    ("data-image", '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">'),
]


def check(body: str):
    return engine.check_text(post(body=f"A calm paragraph about sleep.\n\n{body}\n"), "x.md", PRACTICE)


@pytest.mark.parametrize("variant", VARIANTS, ids=[v[0] for v in VARIANTS])
def test_the_checker_blocks_each_variant_in_a_post_with_the_audits_code(variant):
    name, snippet, code, host = variant
    report = check(snippet)
    mine = [f for f in report.findings if f.code == code and f.severity.label == "block"]
    assert report.blocked and mine, [(f.code, f.severity.label, f.message) for f in report.findings]
    assert mine[0].line == 11  # the line the snippet is on
    if host:
        assert any(host.removeprefix("www.") in f.message for f in mine), [f.message for f in mine]


@pytest.mark.parametrize("variant", MARKDOWN_IMAGES, ids=[v[0] for v in MARKDOWN_IMAGES])
def test_the_checker_blocks_markdown_images_from_other_hosts(variant):
    _name, markdown, host = variant
    report = check(markdown)
    b705 = [f for f in report.findings if f.code == "B705"]
    assert report.blocked and b705 and b705[0].severity.label == "block", [(f.code, f.message) for f in report.findings]
    assert host in b705[0].message and b705[0].line >= 10


@pytest.mark.parametrize("variant", FINE, ids=[v[0] for v in FINE])
def test_links_and_code_still_pass(variant):
    _name, markdown = variant
    report = check(markdown)
    privacy = [(f.code, f.message) for f in report.findings if f.code.startswith("B70")]
    assert privacy == [] and not report.blocked, privacy


@pytest.mark.parametrize("variant", [v for v in VARIANTS if v[0] in ("img-src", "entity-encoded", "css-import", "inline-script")] , ids=lambda v: v[0])
def test_publish_keeps_such_a_post_out_and_the_audit_then_finds_nothing(site, tmp_path, variant):
    """The checker stops it first: the post is withheld, the rest of the site is deployed clean."""
    _name, snippet, code, host = variant
    site.write("posts/ok.md", post())
    site.write("posts/leaky.md", post(title='"Leaky"', body=f"A paragraph.\n\n{snippet}\n"))
    result = pipeline.publish(str(SETTINGS), output=str(site.output), outbox_dir=str(tmp_path / "outbox"), overrides=site.overrides())
    assert [w.path.endswith("leaky.md") and w.reason == "blocked" for w in result.withheld] == [True]
    assert "audit" in result.steps and [f for f in result.site_warnings if f.code.startswith("B70")] == []
    built = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.output.rglob("*") if p.suffix in (".html", ".xml"))
    assert (host or "v-inline") not in built


def test_check_names_the_line_and_column_of_the_tag():
    line = '<p>x</p> <IMG ALT="" SRC="&#104;ttps://v-col.example.net/a.png">'
    report = check("Line one.\n\n" + line)
    [f] = [f for f in report.findings if f.code == "B705"]
    assert (f.line, f.column) == (13, line.index("v-col") + 1), (f.line, f.column)  # at the host, as written


@pytest.mark.parametrize("variant", [v for v in VARIANTS if v[0] in ("entity-encoded", "style-attribute", "svg-image")], ids=lambda v: v[0])
def test_a_page_that_loads_another_website_is_kept_out_too(site, tmp_path, variant):
    _name, snippet, _code, host = variant
    site.write("posts/ok.md", post())
    site.write("pages/extra.md", f"---\ntitle: Extra\nslug: extra-page\n---\nWe are a practice.\n\n{snippet}\n")
    result = pipeline.publish(str(SETTINGS), output=str(site.output), outbox_dir=str(tmp_path / "outbox"), overrides=site.overrides())
    assert [(w.path.endswith("extra.md"), w.reason) for w in result.withheld] == [(True, "blocked")]
    assert not (site.output / "extra-page").exists()
    assert not [p for p in site.output.rglob("*") if p.is_file() and host in p.read_text(encoding="utf-8", errors="replace")]
