"""The professional profile a visitor expects (taking clients, languages, approaches, photos, directions,
booking), built by real Pelican builds and read from the built files; and camera data out of every image."""

from __future__ import annotations

import io
import json
import re

import pytest
from PIL import Image

from conftest import SETTINGS, post

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _practice(**extra) -> dict:
    from publish.site import read_settings

    practice = dict(read_settings(SETTINGS)["PRACTICE"])
    practice.update(extra)
    return practice


def _camera_jpeg(size=(800, 600), orientation=1, comment=b"taken at 12 Elm St by J. Doe", gps=True) -> bytes:
    """A JPEG as a phone writes it: EXIF with the maker, GPS position and orientation, and a comment.

    (A post's image with GPS is held by B704 before it could be published; the other camera data is not.)"""
    im = Image.new("RGB", size, (200, 120, 60))
    im.paste((20, 40, 200), (0, 0, size[0] // 4, size[1] // 4))  # a mark in the top-left corner
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0112] = orientation
    if gps:
        exif.get_ifd(0x8825).update({1: "N", 2: (45.0, 31.0, 12.5), 3: "W", 4: (122.0, 40.0, 3.2)})
    buf = io.BytesIO()
    im.save(buf, "JPEG", exif=exif, quality=90, comment=comment)
    return buf.getvalue()


def _has_camera_data(path) -> bool:
    data = path.read_bytes()
    with Image.open(path) as im:
        exif = im.getexif()
        return bool(exif) or b"Exif\x00\x00" in data or b"PhoneMaker" in data or b"Elm St" in data or "comment" in im.info


def test_camera_jpeg_helper_really_carries_camera_data(tmp_path):
    """The test image must have what the site is meant to remove, or the tests below prove nothing."""
    path = tmp_path / "p.jpg"
    path.write_bytes(_camera_jpeg())
    assert _has_camera_data(path)
    with Image.open(path) as im:
        assert im.getexif().get_ifd(0x8825)[2] == (45.0, 31.0, 12.5)


def test_profile_on_the_built_site(site):
    site.write("photos/nora.jpg", _camera_jpeg(size=(900, 1200)))
    site.write("pages/about.md", "---\ntitle: About\n---\n\n[practice:clinicians]\n")
    site.write("pages/location.md", "---\ntitle: Location\n---\n\n[practice:directions]\n\n[practice:contact]\n")
    site.write("pages/services.md", "---\ntitle: Services\n---\n\n[practice:approaches]\n\nSessions are in [practice:languages].\n")
    site.write("posts/p.md", post())
    clinicians = _practice()["clinicians"]
    clinicians = [{**clinicians[0], "photo": "photos/nora.jpg", "photo_alt": "Nora at her desk"}, clinicians[1]]
    practice = _practice(
        clinicians=clinicians,
        accepting={"status": "waitlist", "note": "The wait is about three weeks."},
        languages=["English", "Spanish"],
        approaches=["CBT", "ACT"],
        booking_url="https://portal.example.org/cedar/request",
        directions="Orchard Lane runs north from Main Street.",
    )
    site.build(PRACTICE=practice)
    out = site.output
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Wait list for new clients.</strong> The wait is about three weeks." in home
    assert '<a class="button" href="https://portal.example.org/cedar/request" rel="noopener">Request an appointment</a>' in home

    about = (out / "pages" / "about.html").read_text(encoding="utf-8") if (out / "pages" / "about.html").exists() else next(
        p.read_text(encoding="utf-8") for p in out.rglob("*.html") if "clinician-photo" in p.read_text(encoding="utf-8")
    )
    img = re.search(r'<img class="clinician-photo"[^>]*>', about).group(0)
    assert 'alt="Nora at her desk"' in img and 'width="160" height="213"' in img
    assert "320w" in img and "480w" in img
    assert "<strong>Languages:</strong> English, Swedish" in about  # the clinician's own

    texts = "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    assert '<ul class="approaches"><li>CBT</li><li>ACT</li></ul>' in texts
    assert "Sessions are in English and Spanish." in texts
    assert "Orchard Lane runs north from Main Street." in texts
    assert 'href="https://www.openstreetmap.org/search?query=18+Orchard+Lane' in texts
    # a link only: no page embeds a map or the booking system
    assert not re.search(r"<(iframe|script)[^>]+(openstreetmap|portal\.example)", texts)

    # the photo: only the resized copies are published, upright-sized and without camera data
    photos = sorted(p.name for p in (out / "images" / "clinicians").iterdir())
    assert photos == ["nora-lindqvist-160.jpg", "nora-lindqvist-320.jpg", "nora-lindqvist-480.jpg"]
    for name in photos:
        assert not _has_camera_data(out / "images" / "clinicians" / name)
    assert not any(p.name == "nora.jpg" for p in out.rglob("*"))

    # search engines read the same facts
    graph = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', home).group(1))["@graph"]
    org = graph[0]
    assert org["knowsLanguage"] == ["English", "Spanish"] and org["isAcceptingNewPatients"] is True


def test_every_published_image_loses_its_camera_data_and_keeps_its_pixels(site):
    site.write("images/walk.jpg", _camera_jpeg(gps=False))
    png = io.BytesIO()
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "J. Doe, 12 Elm St")
    Image.new("RGB", (40, 30), (1, 2, 3)).save(png, "PNG", pnginfo=info)
    site.write("images/chart.png", png.getvalue())
    site.write("posts/p.md", post(body="![A walk](/images/walk.jpg)\n\n![A chart](/images/chart.png)"))
    site.build()
    walk, chart = site.output / "images" / "walk.jpg", site.output / "images" / "chart.png"
    assert not _has_camera_data(walk)
    assert b"Elm St" not in chart.read_bytes()
    # nothing re-encoded: the compressed image data is byte for byte what was written
    original = _camera_jpeg(gps=False)
    assert walk.read_bytes()[-2000:] == original[-2000:]
    with Image.open(chart) as a:
        assert a.getpixel((5, 5)) == (1, 2, 3)
    # and the author's own file is untouched
    assert b"PhoneMaker" in (site.content / "images" / "walk.jpg").read_bytes()


def _phone_jpeg() -> bytes:
    """A JPEG as phones write it: EXIF, and a second image (a thumbnail or depth map, indexed by the
    multi-picture format) after the first one's end, with its own EXIF."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    buf, extra = io.BytesIO(), io.BytesIO()
    Image.new("RGB", (64, 48), (10, 200, 30)).save(buf, "JPEG", exif=exif)
    hidden = Image.Exif()
    hidden[0x010E] = "kitchen at 12 Elm St"  # ImageDescription, in the appended image only
    Image.new("RGB", (16, 12), (1, 1, 1)).save(extra, "JPEG", exif=hidden)
    return buf.getvalue() + extra.getvalue()


def test_what_phones_append_after_the_image_is_not_published(site):
    site.write("images/phone.jpg", _phone_jpeg())
    site.write("posts/p.md", post(body="![A view](/images/phone.jpg)"))
    built = site.build()
    assert not built.withheld, [w.report.findings for w in built.withheld]
    data = (site.output / "images" / "phone.jpg").read_bytes()
    assert b"Elm St" not in data and b"PhoneMaker" not in data
    assert data.endswith(b"\xff\xd9") and data.count(b"\xff\xd8") == 1  # one image, ending where it ends
    with Image.open(site.output / "images" / "phone.jpg") as im:
        assert im.size == (64, 48) and im.getpixel((5, 5))[1] > 150


def test_a_clinician_photo_that_is_not_an_image_is_a_settings_error(site):
    from publish.site import SettingsError, read_settings

    site.write("photos/nora.jpg", b"not a picture")
    clinicians = _practice()["clinicians"]
    practice = _practice(clinicians=[{**clinicians[0], "photo": "photos/nora.jpg"}])
    with pytest.raises(SettingsError, match=r"photo photos/nora\.jpg of Nora Lindqvist cannot be read .*save it again"):
        read_settings(SETTINGS, site.overrides(PRACTICE=practice))


def test_a_photo_turned_by_its_exif_is_published_upright(site):
    site.write("images/side.jpg", _camera_jpeg(size=(800, 600), orientation=6, gps=False))
    site.write("posts/p.md", post(body="![A view](/images/side.jpg)"))
    site.build()
    out = site.output / "images" / "side.jpg"
    assert not _has_camera_data(out)
    with Image.open(out) as im:
        assert im.size == (600, 800)  # turned as the camera asked, before the tag that said so was removed
        assert im.getpixel((im.size[0] - 10, 10))[2] > 150  # the top-left mark, now top-right


def test_an_image_that_cannot_be_cleaned_stops_the_build(site):
    from boundary.gate import GateMissing

    site.write("images/broken.jpg", b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00garbage")
    site.write("posts/p.md", post())
    with pytest.raises(GateMissing, match=r"camera data \(EXIF, GPS\) cannot be removed: images/broken\.jpg"):
        site.build()


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("accepting", "maybe", 'write "yes", "waitlist" or "no"'),
        ("booking_url", "http://portal.example.org/book", "full https:// address"),
        ("booking_url", "portal.example.org", "full https:// address"),
        ("languages", "English, Spanish", None),  # one text is one language: allowed
        ("languages", [1, 2], "must be a list of words"),
        ("approaches", {"CBT": True}, "must be a list of words"),
    ],
)
def test_profile_settings_are_checked_with_a_clear_message(field, value, words):
    from presence import profile

    found = profile.problems(_practice(**{field: value}))
    if words is None:
        assert found == []
    else:
        assert len(found) == 1 and words in found[0], found


def test_profile_texts_get_the_checklist():
    """A promise in the accepting note is no safer than in a post: the build refuses it, naming the field."""
    from publish.site import SettingsError, read_settings

    note = {"status": "yes", "note": "We guarantee you will be anxiety-free in six sessions."}
    with pytest.raises(SettingsError, match=r'PRACTICE\["accepting.note"\].*B501'):
        read_settings(SETTINGS, {"PRACTICE": _practice(accepting=note)})
    calm = {"status": "yes", "note": "Most people hear from us within two working days."}
    assert read_settings(SETTINGS, {"PRACTICE": _practice(accepting=calm)})


def test_a_missing_photo_leaves_the_site_without_it(site, caplog):
    site.write("posts/p.md", post())
    clinicians = _practice()["clinicians"]
    site.build(PRACTICE=_practice(clinicians=[{**clinicians[0], "photo": "photos/none.jpg"}]))
    assert "photos/none.jpg of Nora Lindqvist is not in the content folder" in caplog.text
    assert not (site.output / "images" / "clinicians").exists()
