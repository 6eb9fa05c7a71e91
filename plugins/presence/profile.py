"""What a visitor looking for a therapist expects to find, from PRACTICE in pelicanconf.py.

- whether the practice is taking new clients (`accepting`: yes, waitlist or no, with a note);
- the languages it works in (`languages`), and each clinician's own;
- its approaches as a list (`approaches`), and each clinician's own;
- a photo of each clinician (`photo`, `photo_alt`): published only as copies made here, at a few
  widths, with no camera data (EXIF, GPS, comments) in them;
- directions in words (`directions`), with a plain link to OpenStreetMap: no map is embedded,
  so a visitor's browser asks no one else for anything;
- an optional booking or client-portal link (`booking_url`, `booking_label`) to the practice's
  own record system: a plain link, never an embedded widget.

The texts here are shown to every visitor, so the checklist reads them like a page
(boundary.settings_text). Every image the site publishes loses its camera data too
(`strip_image_metadata`), whichever page it is on.
"""

from __future__ import annotations

import html
import logging
import os
import re
import tempfile
import urllib.parse

log = logging.getLogger(__name__)

ACCEPTING = {
    "yes": "Accepting new clients",
    "waitlist": "Wait list for new clients",
    "no": "Not taking new clients at the moment",
}
#: Widths of a clinician's photo, in CSS pixels (the largest is for high-density screens).
PHOTO_WIDTHS = (160, 320, 480)
PHOTO_DIR = "images/clinicians"


class ProfileError(ValueError):
    """A profile field in PRACTICE cannot be used; the message says which and how to fix it."""


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _texts(value, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ProfileError(f'{where} must be a list of words, like ["English", "Spanish"]')
    return [v.strip() for v in value]


def accepting(practice: dict) -> tuple[str, str] | None:
    """(status, note), or None when the practice does not say."""
    value = practice.get("accepting")
    if value is None:
        return None
    note = ""
    if isinstance(value, dict):
        note = value.get("note") or ""
        value = value.get("status")
    if value is True:
        value = "yes"
    elif value is False:
        value = "no"
    status = str(value).strip().lower().replace(" ", "").replace("-", "").replace("_", "")
    if status not in ACCEPTING:
        raise ProfileError(
            f'accepting is {value!r}; write "yes", "waitlist" or "no", or '
            '{"status": "waitlist", "note": "Our wait is about three weeks."}'
        )
    if not isinstance(note, str):
        raise ProfileError('accepting\'s note must be text, like "Our wait is about three weeks."')
    return status, note.strip()


def booking_url(practice: dict) -> str:
    url = practice.get("booking_url") or ""
    if not url:
        return ""
    if not isinstance(url, str) or not re.match(r"^https://[^\s/]+\.[^\s/]+", url):
        raise ProfileError(
            f"booking_url is {url!r}; write the full https:// address of your booking or client-portal page"
        )
    return url


def problems(practice: dict, content_root: str | None = None) -> list[str]:
    """Every profile field that cannot be used, in plain words (empty when all is well). With the
    content folder, each clinician's photo that is there must also be readable as an image."""
    found = []
    for c in practice.get("clinicians") or [] if content_root else []:
        if isinstance(c, dict) and isinstance(c.get("photo"), str) and c["photo"]:
            try:
                photo_plan(c, content_root)
            except ProfileError as exc:
                found.append(str(exc))
    checks = [
        lambda: accepting(practice),
        lambda: booking_url(practice),
        lambda: _texts(practice.get("languages"), "languages"),
        lambda: _texts(practice.get("approaches"), "approaches"),
    ]
    for key in ("directions", "booking_label"):
        if practice.get(key) is not None and not isinstance(practice.get(key), str):
            found.append(f"{key} must be text")
    for i, c in enumerate(practice.get("clinicians") or []):
        if not isinstance(c, dict):
            continue
        checks.append(lambda c=c, i=i: _texts(c.get("languages"), f"clinicians[{i}].languages"))
        checks.append(lambda c=c, i=i: _texts(c.get("approaches"), f"clinicians[{i}].approaches"))
        for key in ("photo", "photo_alt"):
            if c.get(key) is not None and not isinstance(c.get(key), str):
                found.append(f"clinicians[{i}].{key} must be text")
    for check in checks:
        try:
            check()
        except ProfileError as exc:
            found.append(str(exc))
    return found


def shown_texts(practice: dict) -> list[tuple[str, str]]:
    """(field, text) for every profile text a visitor sees, for the checklist."""
    out = []
    status = practice.get("accepting")
    if isinstance(status, dict) and isinstance(status.get("note"), str):
        out.append(("accepting.note", status["note"]))
    for key in ("directions", "booking_label"):
        if isinstance(practice.get(key), str):
            out.append((key, practice[key]))
    for key in ("approaches", "languages"):
        items = practice.get(key)
        if isinstance(items, list):
            out += [(f"{key}[{j}]", v) for j, v in enumerate(items) if isinstance(v, str)]
    for i, c in enumerate(practice.get("clinicians") or []):
        if not isinstance(c, dict):
            continue
        if isinstance(c.get("photo_alt"), str):
            out.append((f"clinicians[{i}].photo_alt", c["photo_alt"]))
        for key in ("approaches", "languages"):
            items = c.get(key)
            if isinstance(items, list):
                out += [(f"clinicians[{i}].{key}[{j}]", v) for j, v in enumerate(items) if isinstance(v, str)]
    return out


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------


def accepting_html(practice: dict) -> str:
    found = accepting(practice)
    if not found:
        return ""
    status, note = found
    extra = f" {_e(note)}" if note else ""
    return f'<p class="accepting accepting-{status}"><strong>{_e(ACCEPTING[status])}.</strong>{extra}</p>'


def _list(items, cls: str) -> str:
    return f'<ul class="{cls}">' + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>"


def joined(items) -> str:
    """ "English", "English and Spanish", "English, Spanish and Swedish"."""
    items = _texts(items, "languages")
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def approaches_html(approaches) -> str:
    items = _texts(approaches, "approaches")
    return _list(items, "approaches") if items else ""


def booking_html(practice: dict) -> str:
    url = booking_url(practice)
    if not url:
        return ""
    label = practice.get("booking_label") or "Request an appointment"
    host = urllib.parse.urlsplit(url).hostname or ""
    return (
        f'<p class="booking"><a class="button" href="{_e(url)}" rel="noopener">{_e(label)}</a> '
        f'<span class="small">(opens our booking page at {_e(host)})</span></p>'
    )


def map_link(practice: dict) -> str:
    """A plain link to the address on OpenStreetMap; nothing is loaded until a visitor follows it."""
    address = practice.get("address")
    if not address:
        return ""
    query = urllib.parse.urlencode({"query": str(address)})
    return f"https://www.openstreetmap.org/search?{query}"


def directions_html(practice: dict) -> str:
    parts = []
    if isinstance(practice.get("directions"), str) and practice["directions"].strip():
        parts.append(f'<p class="directions">{_e(practice["directions"].strip())}</p>')
    link = map_link(practice)
    if link:
        parts.append(
            f'<p class="map-link"><a href="{_e(link)}" rel="noopener">See {_e(practice["address"])} on OpenStreetMap</a> '
            '<span class="small">(a map on another site; this site embeds none)</span></p>'
        )
    return "\n".join(parts)


# ---------------------------------------------------------------------------
# Clinician photos: resized copies with no camera data
# ---------------------------------------------------------------------------


def photo_plan(c: dict, content_root: str) -> list[tuple[int, int, str]]:
    """(width, height, path in the output) for each size of a clinician's photo; [] when there is none.

    Never wider than the original, so a small photo is not blown up."""
    from PIL import Image, ImageOps

    from .__init__ import clinician_id  # the anchor the about page uses

    name = c.get("photo")
    if not name:
        return []
    source = os.path.normpath(os.path.join(content_root, str(name)))
    if not os.path.isfile(source):
        log.warning(
            "The photo %s of %s is not in the content folder, so the site shows no photo of them; "
            "add the file there, or remove the photo line from PRACTICE in pelicanconf.py",
            name,
            c.get("name"),
        )
        return []
    try:
        with Image.open(source) as im:
            w, h = ImageOps.exif_transpose(im).size
    except Exception as exc:  # not an image, damaged, or too large to be one (Pillow's DecompressionBombError)
        raise ProfileError(
            f"the photo {name} of {c.get('name')} cannot be read ({type(exc).__name__}: {exc}); "
            "open it in an image editor and save it again as JPEG or PNG"
        ) from None
    widths = sorted({min(width, w) for width in PHOTO_WIDTHS})
    return [(width, round(h * width / w), f"{PHOTO_DIR}/{clinician_id(c)}-{width}.jpg") for width in widths]


def write_photos(c: dict, content_root: str, output_path: str) -> list[str]:
    """Write each size of the photo as a JPEG with no EXIF, GPS, XMP or comment; return the files."""
    from PIL import Image, ImageOps

    written = []
    plan = photo_plan(c, content_root)
    if not plan:
        return written
    source = os.path.normpath(os.path.join(content_root, str(c["photo"])))
    with Image.open(source) as im:
        upright = ImageOps.exif_transpose(im).convert("RGB")
    for width, height, rel in plan:
        target = os.path.join(output_path, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        # A fresh image from the pixels alone: nothing of the original file's metadata comes along.
        clean = Image.new("RGB", (width, height))
        clean.paste(upright.resize((width, height), Image.LANCZOS))
        clean.save(target, "JPEG", quality=85, optimize=True, progressive=True)
        written.append(os.path.abspath(target))
    return written


def photo_html(c: dict, content_root: str, siteurl: str, display: str) -> str:
    plan = photo_plan(c, content_root)
    if not plan:
        return ""
    small = plan[0]
    srcset = ", ".join(f"{siteurl}/{rel} {w}w" for w, _h, rel in plan)
    alt = c.get("photo_alt") or f"Photo of {display}"
    return (
        f'<img class="clinician-photo" src="{_e(siteurl)}/{_e(small[2])}" srcset="{_e(srcset)}" '
        f'sizes="(min-width: 40em) 160px, 40vw" width="{small[0]}" height="{small[1]}" alt="{_e(alt)}" '
        'loading="lazy" decoding="async">'
    )


# ---------------------------------------------------------------------------
# Camera data out of every published image
# ---------------------------------------------------------------------------

#: JPEG segments kept: the frame, tables and colour (JFIF, an ICC profile, Adobe). APP1 (EXIF, XMP),
#: APP13 (IPTC), the other APPn (APP2's multi-picture index among them) and COM (comments) can carry
#: where and by whom a photo was taken.
_JPEG_KEEP_APP = {0xE0, 0xEE}
#: PNG chunks dropped: EXIF, text (which can hold anything) and the time of last change.
_PNG_DROP = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}


def _jpeg_without_metadata(data: bytes) -> bytes | None:
    """The same JPEG without metadata segments (the image data untouched); None if it is not plain JPEG."""
    if not data.startswith(b"\xff\xd8"):
        return None
    out = [b"\xff\xd8"]
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0xDA:  # start of scan: image data up to the end-of-image marker
            # (0xFF 0xD9 cannot occur inside the entropy-coded data, where 0xFF is always followed by 0x00
            # or a restart marker). Whatever follows it is dropped: phones append further images there
            # (multi-picture thumbnails, depth maps), each with its own EXIF.
            end = data.find(b"\xff\xd9", i)
            if end < 0:
                return None
            out.append(data[i : end + 2])
            return b"".join(out)
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        if length < 2 or i + 2 + length > len(data):
            return None
        segment = data[i : i + 2 + length]
        icc = marker == 0xE2 and segment[4:16] == b"ICC_PROFILE\x00"
        if icc or not ((0xE0 <= marker <= 0xEF and marker not in _JPEG_KEEP_APP) or marker == 0xFE):
            out.append(segment)
        i += 2 + length
    return None


def _png_without_metadata(data: bytes) -> bytes | None:
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return None
    out = [data[:8]]
    i = 8
    while i + 12 <= len(data):
        length = int.from_bytes(data[i : i + 4], "big")
        kind = data[i + 4 : i + 8]
        end = i + 12 + length
        if end > len(data):
            return None
        if kind not in _PNG_DROP:
            out.append(data[i:end])
        i = end
        if kind == b"IEND":
            return b"".join(out)
    return None


def _needs_rotation(path: str) -> bool:
    from PIL import Image

    try:
        with Image.open(path) as im:
            return im.getexif().get(0x0112, 1) not in (1, None)
    except (OSError, ValueError):
        return False


def strip_image_metadata(path: str) -> bool:
    """Remove camera data from one published image, in place; True if the file changed.

    JPEG and PNG lose their metadata without re-encoding. A JPEG whose EXIF says
    "rotate me" is turned upright first (else it would show sideways once the tag
    is gone). Any other image, or one whose structure is unusual, is saved again
    from its pixels alone. An image that cannot be read at all raises: it is not
    published with whatever it carries."""
    from PIL import Image, ImageOps

    with open(path, "rb") as fh:
        data = fh.read()
    lower = path.lower()
    if lower.endswith(".gif") or lower.endswith(".svg"):
        return False  # GIF has no camera data; SVG is text and is checked as such
    clean = None
    if lower.endswith((".jpg", ".jpeg")) and not _needs_rotation(path):
        clean = _jpeg_without_metadata(data)
    elif lower.endswith(".png"):
        clean = _png_without_metadata(data)
    if clean is not None:
        if clean == data:
            return False
        _replace(path, lambda f: f.write(clean))
        return True
    with Image.open(path) as im:
        im.load()
        fmt = im.format
        upright = ImageOps.exif_transpose(im) if fmt == "JPEG" else im
        # A fresh image made from the pixels alone: no info, EXIF, XMP or TIFF tags come along.
        pixels = Image.frombytes(upright.mode, upright.size, upright.tobytes())
        if upright.mode == "P" and upright.getpalette():
            pixels.putpalette(upright.getpalette())
    options = {"quality": 92} if fmt in ("JPEG", "WEBP") else {}
    _replace(path, lambda f: pixels.save(f, fmt, **options))
    return True


def _replace(path: str, write) -> None:
    """Write a new file beside the old one and move it into place (a hard link to the source stays untouched)."""
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix=os.path.splitext(path)[1])
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff")


def strip_output_images(output_path: str) -> int:
    """Strip every image in the built site; the number changed. Raises ProfileError naming each
    image that could not be cleaned (so it is never published with its camera data)."""
    changed = 0
    failed = []
    for dirpath, _dirs, files in os.walk(output_path):
        for name in files:
            if not name.lower().endswith(IMAGE_SUFFIXES):
                continue
            path = os.path.join(dirpath, name)
            try:
                changed += strip_image_metadata(path)
            except (OSError, ValueError, SyntaxError) as exc:
                failed.append(f"{os.path.relpath(path, output_path)} ({exc})")
    if failed:
        raise ProfileError(
            "these images cannot be read, so their camera data (EXIF, GPS) cannot be removed: "
            + "; ".join(failed)
            + ". Open each in an image editor and save it again as JPEG or PNG, or remove it from content/."
        )
    return changed
