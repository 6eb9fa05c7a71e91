"""Site-level checks (B202, B506, B701–B705) and images with location data (B704),
on real builds: what the publish audit must refuse or report."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image

from boundary import engine, practice
from boundary.site import check_html, check_site
from conftest import ROOT, SETTINGS, post
from publish import pipeline

PRACTICE = practice.from_mapping(
    {
        "site_url": "https://cedarhollow.example.org",
        "social": {"mastodon": "@cedarhollow@social.example.org"},
        "clinicians": [{"name": "Nora Lindqvist", "credentials": ["PhD"], "licence": "PSY 30112"}],
    }
)


def jpeg(path, gps: bool):
    img = Image.new("RGB", (8, 8), "gray")
    exif = Image.Exif()
    if gps:
        ifd = exif.get_ifd(0x8825)
        ifd[1], ifd[2], ifd[3], ifd[4] = "N", (45.0, 30.0, 12.5), "W", (122.0, 40.0, 1.0)
    exif[0x010F] = "ExampleCam"  # camera make: EXIF, but not location
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, exif=exif)


@pytest.mark.parametrize(
    "html,code,severity",
    [
        ('<script async src="https://www.googletagmanager.com/gtag/js?id=G-X"></script>', "B701", "block"),
        ("<script>fbq('init', '123');</script>", "B701", "block"),
        ('<iframe src="https://booking.example.net/widget"></iframe>', "B702", "block"),
        ('<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Lora">', "B705", "block"),
        ('<img src="https://cdn.example.net/a.png" alt="">', "B705", "block"),
        ('<form><label for="s">Describe your symptoms</label><textarea id="s"></textarea></form>', "B703", "block"),
    ],
    ids=["gtag", "meta-pixel", "iframe", "web-font", "remote-image", "health-form"],
)
def test_check_html_finds_each_kind(html, code, severity):
    found = [f for f in check_html(f"<html><body>{html}</body></html>", "blog/index.html", PRACTICE) if f.code == code]
    assert found and found[0].severity.label == severity


def test_own_assets_and_plain_links_are_fine():
    html = (
        '<link rel="stylesheet" href="https://cedarhollow.example.org/theme/css/style.css">'
        '<a href="https://988lifeline.org/">988</a><img src="/images/office.jpg" alt="Our office">'
        '<link rel="alternate" type="application/atom+xml" href="https://feeds.example.net/x.xml">'
    )
    assert check_html(html, "index.html", PRACTICE) == []


def test_an_iframe_blocks_on_every_page_not_only_on_pages_about_care():
    for rel in ("services/index.html", "posts/sleep/index.html", "tags/index.html"):
        [f] = check_html('<iframe src="https://booking.example.net/w"></iframe>', rel, PRACTICE)
        assert (f.code, f.severity.label, f.line) == ("B702", "block", 1)
        assert "booking.example.net" in f.message


def test_image_with_gps_blocks_the_post_that_shows_it(tmp_path):
    jpeg(tmp_path / "images" / "walk.jpg", gps=True)
    jpeg(tmp_path / "images" / "room.jpg", gps=False)
    text = post(body="![A frosty hedge](images/walk.jpg)\n\n![Our waiting room](images/room.jpg)")
    path = tmp_path / "walk.md"
    path.write_text(text, encoding="utf-8")
    report = engine.check_file(path, PRACTICE)
    b704 = [f for f in report.findings if f.code == "B704"]
    assert len(b704) == 1 and "walk.jpg" in b704[0].message and report.blocked


def test_sample_site_passes_site_checks(tmp_path):
    from publish import site

    result = site.build(ROOT / "publishconf.py", str(tmp_path / "out"))
    settings = result.settings
    findings = check_site(tmp_path / "out", practice.from_mapping(settings["PRACTICE"]), settings["THEME"], result.pages)
    assert [str(f) for f in findings] == []


def test_missing_policy_and_licence_are_reported(site):
    site.write("posts/ok.md", post())
    site.write("pages/services.md", "---\ntitle: Services\nslug: services\n---\nWe offer therapy.\n")
    result = site.build()
    # The real theme prints every licence in the footer; check the page's own text instead.
    services = site.output / "services" / "index.html"
    services.write_text("<html><body><main>We offer therapy.</main></body></html>", encoding="utf-8")
    codes = {f.code for f in check_site(site.output, PRACTICE, None, result.pages)}
    assert {"B202", "B506"} <= codes


def test_publish_refuses_a_tracker_in_the_theme(site, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    base = theme / "templates" / "base.html"
    base.write_text(
        base.read_text(encoding="utf-8").replace(
            "</head>", '<script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script></head>'
        ),
        encoding="utf-8",
    )
    site.write("posts/ok.md", post())
    with pytest.raises(pipeline.PublishError) as err:
        pipeline.publish(str(SETTINGS), output=str(site.output), outbox_dir=str(tmp_path / "outbox"), overrides=site.overrides(THEME=str(theme)))
    assert err.value.step == "audit"
    assert any("B701" in p.detail for p in err.value.problems)
    assert not site.output.exists()  # nothing deployed
    assert not (tmp_path / "outbox").exists()


def test_a_static_image_with_gps_is_published_without_it(site, tmp_path):
    """The build strips camera data from every image it publishes (presence/profile.py); the audit
    still holds any image that reaches the output with a GPS position (a second line of defence)."""
    site.write("posts/ok.md", post())
    jpeg(site.content / "images" / "garden.jpg", gps=True)
    pipeline.publish(str(SETTINGS), output=str(site.output), outbox_dir=str(tmp_path / "outbox"), overrides=site.overrides())
    published = site.output / "images" / "garden.jpg"
    assert published.exists()
    with Image.open(published) as im:
        assert not im.getexif().get_ifd(0x8825) and not im.getexif()
    assert "GPS" not in str(check_site(site.output, practice.from_mapping({})))
    jpeg(site.output / "images" / "late.jpg", gps=True)  # an image added after the build
    found = check_site(site.output, practice.from_mapping({}))
    assert [(f.code, f.path) for f in found if f.code == "B704"] == [("B704", "images/late.jpg")]