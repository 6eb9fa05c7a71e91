"""The site as a professional presence: audience sections, practice details, images, search.

- Audience sections: one list page per audience named in AUDIENCE_SECTIONS
  ("For colleagues", "Practice news"), from the final list of posts that passed.
- Practice details: `[practice:phone]`, `[practice:contact]`,
  `[practice:clinician Nora Lindqvist]`... in a page or post are filled in
  from the PRACTICE settings, so a practice edits its details in one place.
- Images: every `<img>` in a post or page gets its real width and height (no
  layout shift) and `loading="lazy"`; every published image loses its camera
  data (EXIF, GPS, comments), and clinicians' photos are published only as
  resized copies (profile.py).
- The professional profile (profile.py): accepting new clients, languages,
  approaches, photos, directions, a booking link: `[practice:accepting]`,
  `[practice:languages]`, `[practice:approaches]`, `[practice:booking]`,
  `[practice:directions]`, and in `[practice:contact]` and the clinician blocks.
- Search: with SEARCH = {"enabled": True} (publishconf.py), Pagefind indexes
  the finished site after the build; its files are recorded as written by this
  build so the publish audit accepts them (and searches them for leaks).
- Privacy: every page carries CONTENT_SECURITY_POLICY in a <meta http-equiv>,
  and the preview server sends it as a header; the publish audit refuses a page
  without it.
"""

from __future__ import annotations

import html
import logging
import os
import re
import subprocess
import sys

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from . import profile

log = logging.getLogger(__name__)

#: The site's Content-Security-Policy: everything from the site's own origin, nothing from any other.
#: 'wasm-unsafe-eval' lets Pagefind's search compile its WebAssembly (measured in Chromium: without it,
#: search fails wherever the policy reaches Pagefind's worker, as in the preview's header); it allows no
#: JavaScript eval. base-uri and form-action do not fall back to default-src, so they are named.
CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; base-uri 'self'; form-action 'self'"

DEFAULT_SECTIONS = {
    "professionals": {
        "title": "For colleagues",
        "slug": "for-colleagues",
        "intro": "Notes, reading and events for fellow clinicians.",
    },
    "clients": {
        "title": "Practice news",
        "slug": "practice-news",
        "intro": "News for our clients: hours, closures and how the practice works.",
    },
}


# ---------------------------------------------------------------------------
# Settings helpers (also used by the templates through the context)
# ---------------------------------------------------------------------------


def sections(settings) -> list[dict]:
    """The audience sections, each with audience, title, slug, url, save_as, intro."""
    configured = settings.get("AUDIENCE_SECTIONS")
    raw = DEFAULT_SECTIONS if configured is None else configured
    out = []
    for audience, cfg in (raw or {}).items():
        cfg = dict(cfg or {})
        slug = str(cfg.get("slug") or audience)
        out.append(
            {
                "audience": audience,
                "title": str(cfg.get("title") or audience.title()),
                "slug": slug,
                "url": f"{slug}/",
                "save_as": f"{slug}/index.html",
                "intro": str(cfg.get("intro") or ""),
            }
        )
    return out


def search_config(settings) -> dict:
    cfg = dict(settings.get("SEARCH") or {})
    cfg.setdefault("enabled", False)
    cfg.setdefault("path", "pagefind")
    return cfg


def mastodon_url(handle: str) -> str:
    """"@name@host" (or "name@host") -> "https://host/@name"; a URL is kept as it is."""
    handle = str(handle or "").strip()
    if re.match(r"^https?://", handle, re.I):
        return handle
    parts = handle.lstrip("@").split("@")
    if len(parts) == 2 and all(parts):
        return f"https://{parts[1]}/@{parts[0]}"
    return ""


def social_profiles(practice: dict) -> list[dict]:
    """The practice's public accounts as {network, label, handle, url}, for rel="me" and sameAs."""
    social = (practice or {}).get("social") or {}
    out = []
    if social.get("mastodon"):
        url = mastodon_url(social["mastodon"])
        if url:
            out.append({"network": "mastodon", "label": "Mastodon", "handle": str(social["mastodon"]), "url": url})
    if social.get("bluesky"):
        value = str(social["bluesky"]).strip()
        if re.match(r"^https?://", value, re.I):
            out.append({"network": "bluesky", "label": "Bluesky", "handle": value, "url": value})
        else:
            handle = value.lstrip("@")
            out.append({"network": "bluesky", "label": "Bluesky", "handle": "@" + handle, "url": f"https://bsky.app/profile/{handle}"})
    for key, label in (("linkedin", "LinkedIn"), ("x", "X")):
        value = str(social.get(key) or "").strip()
        if value.startswith(("https://", "http://")):
            out.append({"network": key, "label": label, "handle": "", "url": value})
        elif key == "x" and value:
            out.append({"network": key, "label": label, "handle": "@" + value.lstrip("@"), "url": f"https://x.com/{value.lstrip('@')}"})
    return out


def add_context(pelican) -> None:
    """Values every template needs from the start."""
    settings = pelican.settings
    settings["AUDIENCE_SECTION_LIST"] = sections(settings)
    settings["SOCIAL_PROFILES"] = social_profiles(settings.get("PRACTICE") or {})
    cfg = search_config(settings)
    settings["SEARCH_ENABLED"] = bool(cfg["enabled"])
    settings["SEARCH_PATH"] = cfg["path"]
    settings["CONTENT_SECURITY_POLICY"] = CONTENT_SECURITY_POLICY  # never a setting: the same on every site
    practice = settings.get("PRACTICE") or {}
    # Ready-made HTML for the templates (the home page shows whether the practice is taking clients).
    settings["PRACTICE_ACCEPTING_HTML"] = Markup(profile.accepting_html(practice))
    settings["PRACTICE_BOOKING_HTML"] = Markup(profile.booking_html(practice))


# ---------------------------------------------------------------------------
# schema.org JSON-LD
# ---------------------------------------------------------------------------


def site_base(settings) -> str:
    """The absolute address of the site: SITEURL when it is absolute, else the practice's site_url."""
    from boundary.practice import site_address

    return site_address(settings.get("SITEURL"), (settings.get("PRACTICE") or {}).get("site_url"))


def dump_jsonld(data) -> str:
    """JSON for a <script type="application/ld+json">: nothing in it can close the element."""
    import json

    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _person(c: dict, base: str, practice_id: str) -> dict:
    person = {"@type": "Person", "@id": f"{base}/about/#{clinician_id(c)}", "name": str(c.get("name", ""))}
    if c.get("titles"):
        person["honorificPrefix"] = " ".join(str(t) for t in c["titles"])
    if c.get("credentials"):
        person["honorificSuffix"] = ", ".join(str(t) for t in c["credentials"])
    if c.get("roles"):
        person["jobTitle"] = ", ".join(str(t) for t in c["roles"])
    licence = str(c.get("licence") or c.get("license") or "")
    if licence:
        cred = {"@type": "EducationalOccupationalCredential", "credentialCategory": "license", "name": licence, "identifier": licence}
        if c.get("jurisdiction"):
            cred["validIn"] = {"@type": "AdministrativeArea", "name": str(c["jurisdiction"])}
        person["hasCredential"] = [cred]
    languages = c.get("languages")
    if isinstance(languages, list) and languages:
        person["knowsLanguage"] = [str(x) for x in languages]
    person["worksFor"] = {"@id": practice_id}
    return person


def practice_graph(settings) -> dict:
    """The practice (MedicalBusiness), its clinicians (Person) and the website."""
    practice = settings.get("PRACTICE") or {}
    base = site_base(settings)
    practice_id = f"{base}/#practice"
    org = {"@type": ["MedicalBusiness", "ProfessionalService"], "@id": practice_id, "name": str(practice.get("name") or settings.get("SITENAME", "")), "url": f"{base}/"}
    if practice.get("tagline"):
        org["description"] = str(practice["tagline"])
    if practice.get("phone"):
        org["telephone"] = str(practice["phone"])
    if practice.get("fax"):
        org["faxNumber"] = str(practice["fax"])
    if practice.get("email"):
        org["email"] = str(practice["email"])
    postal = practice.get("postal_address")
    if isinstance(postal, dict) and postal:
        keys = {"street": "streetAddress", "locality": "addressLocality", "region": "addressRegion", "postal_code": "postalCode", "country": "addressCountry"}
        org["address"] = {"@type": "PostalAddress", **{keys[k]: str(v) for k, v in postal.items() if k in keys and v}}
    elif practice.get("address"):
        org["address"] = str(practice["address"])
    if practice.get("hours_spec"):
        org["openingHours"] = [str(h) for h in practice["hours_spec"]]
    if practice.get("telehealth"):
        org["availableService"] = {"@type": "MedicalTherapy", "name": "Telehealth", "description": str(practice["telehealth"])}
    if isinstance(practice.get("languages"), list) and practice["languages"]:
        org["knowsLanguage"] = [str(x) for x in practice["languages"]]
    status = practice.get("accepting")
    if status is not None:
        try:
            found = profile.accepting(practice)
        except profile.ProfileError:
            found = None
        if found:
            org["isAcceptingNewPatients"] = found[0] != "no"
    same_as = [p["url"] for p in social_profiles(practice)]
    if same_as:
        org["sameAs"] = same_as
    people = [_person(c, base, practice_id) for c in practice.get("clinicians") or []]
    if people:
        org["employee"] = [{"@id": p["@id"]} for p in people]
    website = {"@type": "WebSite", "@id": f"{base}/#website", "url": f"{base}/", "name": str(settings.get("SITENAME", "")), "publisher": {"@id": practice_id}, "inLanguage": str(settings.get("DEFAULT_LANG", "en"))}
    return {"@context": "https://schema.org", "@graph": [org, *people, website]}


def _iso(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


AUDIENCE_TYPES = {"professionals": "Clinicians", "clients": "Clients of the practice", "public": "General public"}


def post_graph(article, settings) -> dict:
    """A post as schema.org BlogPosting."""
    practice = settings.get("PRACTICE") or {}
    base = site_base(settings)
    url = f"{base}/{article.url}"
    post = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "@id": f"{url}#post",
        "headline": str(getattr(article, "title_text", None) or html.unescape(re.sub(r"<[^>]+>", "", str(article.title)))),
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": _iso(article.date),
        "inLanguage": str(getattr(article, "lang", None) or settings.get("DEFAULT_LANG", "en")),
        "publisher": {"@id": f"{base}/#practice"},
        "isPartOf": {"@id": f"{base}/#website"},
    }
    summary = getattr(article, "summary_text", None) or html.unescape(re.sub(r"<[^>]+>", "", str(getattr(article, "summary", "") or "")))
    if summary:
        post["description"] = summary.strip()
    modified = getattr(article, "modified", None)
    post["dateModified"] = _iso(modified or article.date)
    authors = []
    clinicians = {str(c.get("name", "")): c for c in practice.get("clinicians") or []}
    for author in getattr(article, "authors", None) or []:
        c = clinicians.get(str(author))
        if c:
            authors.append(_person(c, base, f"{base}/#practice"))
        else:
            authors.append({"@type": "Person", "name": str(author)})
    if authors:
        post["author"] = authors if len(authors) > 1 else authors[0]
    tags = [str(t) for t in getattr(article, "tags", None) or []]
    if tags:
        post["keywords"] = tags
    if getattr(article, "category", None):
        post["articleSection"] = str(article.category)
    audience = getattr(article, "audience", None)
    if audience in AUDIENCE_TYPES:
        post["audience"] = {"@type": "Audience", "audienceType": AUDIENCE_TYPES[audience]}
    if getattr(article, "reading_time", None):
        post["timeRequired"] = f"PT{int(article.reading_time)}M"
    return post


_CONTEXT_KEYS = ("PRACTICE", "SITEURL", "SITENAME", "DEFAULT_LANG")


def _settings_from(ctx) -> dict:
    return {key: ctx.get(key) for key in _CONTEXT_KEYS}


@pass_context
def practice_jsonld(ctx, _value=None) -> str:
    """Template filter: the practice's JSON-LD (module-level, so Pelican's cache can pickle it)."""
    return dump_jsonld(practice_graph(_settings_from(ctx)))


@pass_context
def post_jsonld(ctx, article) -> str:
    """Template filter: a post's BlogPosting JSON-LD."""
    return dump_jsonld(post_graph(article, _settings_from(ctx)))


def add_filters(pelican) -> None:
    filters = pelican.settings.setdefault("JINJA_FILTERS", {})
    filters["practice_jsonld"] = practice_jsonld
    filters["post_jsonld"] = post_jsonld
    filters["crisis_line_html"] = crisis_line_html


# ---------------------------------------------------------------------------
# Practice details in Markdown: [practice:...]
# ---------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"(<p>\s*)?\[practice:([a-z_]+)(?:\s+([^\]<>]+?))?\](\s*</p>)?")


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _tel(number: str) -> str:
    return "tel:" + "".join(ch for ch in str(number) if ch in "+0123456789")


def clinician_display(c: dict) -> str:
    titles = " ".join(str(t) for t in c.get("titles") or [])
    creds = ", ".join(str(t) for t in c.get("credentials") or [])
    name = (titles + " " if titles else "") + str(c.get("name", ""))
    return name + (", " + creds if creds else "")


def clinician_licence(c: dict) -> str:
    licence = str(c.get("licence") or c.get("license") or "")
    if not licence:
        return ""
    where = str(c.get("jurisdiction") or "")
    return f"Licensed in {where}, {licence}" if where else f"Licence {licence}"


def clinician_id(c: dict) -> str:
    from pelican.utils import slugify

    return slugify(str(c.get("name", "")), regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\s+", "-")])


def _clinician_block(c: dict, photo: str = "") -> str:
    parts = [f'<h3 id="{_e(clinician_id(c))}">{_e(clinician_display(c))}</h3>']
    if photo:
        parts.append(photo)
    parts.append('<ul class="credentials">')
    if c.get("roles"):
        parts.append(f"<li><strong>Role:</strong> {_e(', '.join(str(r) for r in c['roles']))}</li>")
    if c.get("credentials"):
        parts.append(f"<li><strong>Credentials:</strong> {_e(', '.join(str(r) for r in c['credentials']))}</li>")
    lic = clinician_licence(c)
    if lic:
        parts.append(f"<li><strong>License:</strong> {_e(lic)}</li>")
    if c.get("languages"):
        parts.append(f"<li><strong>Languages:</strong> {_e(', '.join(str(x) for x in c['languages']))}</li>")
    parts.append("</ul>")
    if c.get("approaches"):
        parts.append('<p class="approaches-heading"><strong>Approaches:</strong></p>' + profile.approaches_html(c["approaches"]))
    return "\n".join(parts)


def _contact_block(p: dict) -> str:
    rows = []
    if p.get("phone"):
        rows.append(f'<li><strong>Phone:</strong> <a href="{_e(_tel(p["phone"]))}">{_e(p["phone"])}</a></li>')
    if p.get("fax"):
        rows.append(f"<li><strong>Fax:</strong> {_e(p['fax'])} (for records and letters from other health care providers)</li>")
    if p.get("email"):
        rows.append(f'<li><strong>Email:</strong> <a href="mailto:{_e(p["email"])}">{_e(p["email"])}</a></li>')
    if p.get("address"):
        rows.append(f"<li><strong>Address:</strong> {_e(p['address'])}</li>")
    if p.get("hours"):
        rows.append(f"<li><strong>Office hours:</strong> {_e(p['hours'])}</li>")
    if p.get("telehealth"):
        rows.append(f"<li><strong>Telehealth:</strong> {_e(p['telehealth'])}</li>")
    if p.get("languages"):
        rows.append(f"<li><strong>Languages:</strong> {_e(', '.join(str(x) for x in p['languages']))}</li>")
    block = '<ul class="contact-details">\n' + "\n".join(rows) + "\n</ul>"
    return "\n".join(x for x in (profile.accepting_html(p), block, profile.booking_html(p)) if x)


def _providers_line(p: dict) -> str:
    people = []
    for c in p.get("clinicians") or []:
        lic = str(c.get("licence") or "")
        where = str(c.get("jurisdiction") or "")
        detail = ", ".join(x for x in (where, lic) if x)
        people.append(_e(clinician_display(c)) + (f" ({_e(detail)})" if detail else ""))
    if not people:
        return ""
    joined = people[0] if len(people) == 1 else ", ".join(people[:-1]) + ", and " + people[-1]
    return f"<p>Services are provided by {joined}.</p>"


def crisis_line_html(c) -> Markup:
    """One crisis line: its name, how to reach it (the number a tel: link when it is
    called), its hours. The theme's crisis block and [practice:crisis_lines] both use it."""
    c = c if isinstance(c, dict) else {k: getattr(c, k, "") for k in ("name", "number", "how", "hours")}
    number = str(c.get("number") or "")
    how = str(c.get("how") or "")
    link = f'<a href="{_e(_tel(number))}">{_e(number)}</a>' if number else ""
    if how:
        said = how.lower()
        if number and ("call" in said or "dial" in said) and number in how:
            reach = _e(how).replace(_e(number), link, 1)
        else:
            reach = _e(how)
    elif number:
        reach = "call " + link
    else:
        reach = ""
    hours = f' <span class="hours">({_e(c["hours"])})</span>' if c.get("hours") else ""
    return Markup(f"<strong>{_e(c.get('name', ''))}</strong>: {reach}{hours}")


def crisis_lines_html(lines) -> str:
    """Every crisis line of the practice (CRISIS_LINES: the region's and its own), emergency first."""
    lines = list(lines or [])
    if not lines:
        return ""
    ordered = [c for c in lines if c.get("emergency")] + [c for c in lines if not c.get("emergency")]
    items = "\n".join(("<li class=\"emergency\">" if c.get("emergency") else "<li>") + str(crisis_line_html(c)) + "</li>" for c in ordered)
    return f'<ul class="crisis-lines">\n{items}\n</ul>'


def _emergency(lines) -> str:
    found = next((c for c in lines or [] if c.get("emergency") and c.get("number")), None)
    return f'<a href="{_e(_tel(found["number"]))}">{_e(found["number"])}</a>' if found else ""


def expand_practice(text: str, practice: dict, crisis_lines=None, photos: dict | None = None) -> str:
    """Fill in [practice:...] placeholders; an unknown one is left visible and logged.

    crisis_lines: the CRISIS_LINES setting (the gate sets it from the practice's
    region and its own lines), for [practice:crisis_lines] and [practice:emergency].
    photos: each clinician's photo as HTML, by name (see clinician_photos).
    """
    photos = photos or {}

    def one(m: re.Match) -> str:
        open_p, key, arg, close_p = m.group(1) or "", m.group(2), (m.group(3) or "").strip(), m.group(4) or ""
        block = None
        inline = None
        if key == "clinician":
            found = [c for c in practice.get("clinicians") or [] if str(c.get("name", "")).lower() == arg.lower()]
            if found:
                block = _clinician_block(found[0], photos.get(str(found[0].get("name"))))
        elif key == "clinicians":
            block = "\n".join(_clinician_block(c, photos.get(str(c.get("name")))) for c in practice.get("clinicians") or [])
        elif key == "accepting" and practice.get("accepting") is not None:
            block = profile.accepting_html(practice)
        elif key == "booking" and practice.get("booking_url"):
            block = profile.booking_html(practice)
        elif key == "directions" and (practice.get("directions") or practice.get("address")):
            block = profile.directions_html(practice)
        elif key == "approaches" and practice.get("approaches"):
            block = profile.approaches_html(practice["approaches"])
        elif key == "languages" and practice.get("languages"):
            inline = _e(profile.joined(practice["languages"]))
        elif key == "contact":
            block = _contact_block(practice)
        elif key == "providers":
            block = _providers_line(practice)
        elif key == "crisis_lines" and crisis_lines:
            block = crisis_lines_html(crisis_lines)
        elif key == "emergency" and _emergency(crisis_lines):
            inline = _emergency(crisis_lines)
        elif key == "phone" and practice.get("phone"):
            inline = f'<a href="{_e(_tel(practice["phone"]))}">{_e(practice["phone"])}</a>'
        elif key == "email" and practice.get("email"):
            inline = f'<a href="mailto:{_e(practice["email"])}">{_e(practice["email"])}</a>'
        elif key in ("name", "address", "hours", "telehealth", "fax") and practice.get(key):
            inline = _e(practice[key])
        if block is not None:
            if open_p and close_p:
                return block
            return open_p + block + close_p
        if inline is not None:
            return open_p + inline + close_p
        log.warning("[practice:%s%s] is not a detail in PRACTICE (pelicanconf.py); it was left as it is", key, f" {arg}" if arg else "")
        return m.group(0)

    return _PLACEHOLDER.sub(one, text)


# ---------------------------------------------------------------------------
# Images: real width and height, lazy loading
# ---------------------------------------------------------------------------

_IMG_TAG = re.compile(r"<img\b[^>]*>", re.I)
_INTRASITE = re.compile(r"^(?:\{|\|)(?:static|attach|filename)(?:\}|\|)(.*)$")


def _image_size(path: str):
    try:
        from PIL import Image

        with Image.open(path) as im:
            return im.size
    except Exception:  # not an image Pillow can read: leave the tag alone
        return None


def _resolve_src(src: str, source_path: str, content_root: str) -> str | None:
    m = _INTRASITE.match(src)
    ref = m.group(1) if m else src
    if re.match(r"^(?:[a-z]+:)?//", ref, re.I) or ref.startswith("data:"):
        return None
    ref = ref.split("?", 1)[0].split("#", 1)[0]
    if ref.startswith("/"):
        candidate = os.path.join(content_root, ref.lstrip("/"))
    else:
        candidate = os.path.join(os.path.dirname(source_path), ref)
    candidate = os.path.normpath(candidate)
    return candidate if os.path.isfile(candidate) else None


def image_attributes(text: str, source_path: str, content_root: str) -> str:
    """Add width, height (when the file is found), loading="lazy" and decoding="async" to each <img>."""

    def one(m: re.Match) -> str:
        tag = m.group(0)
        extra = []
        has = lambda name: re.search(rf"\s{name}\s*=", tag, re.I)  # noqa: E731
        src = re.search(r"\ssrc\s*=\s*([\"'])(.*?)\1", tag, re.I | re.S)
        if src and not (has("width") and has("height")):
            path = _resolve_src(html.unescape(src.group(2)), source_path, content_root)
            size = _image_size(path) if path else None
            if size:
                extra.append(f'width="{size[0]}" height="{size[1]}"')
        if not has("loading"):
            extra.append('loading="lazy"')
        if not has("decoding"):
            extra.append('decoding="async"')
        if not extra:
            return tag
        end = "/>" if tag.endswith("/>") else ">"
        return tag[: -len(end)].rstrip() + " " + " ".join(extra) + end

    return _IMG_TAG.sub(one, text)


def finish_content(generators) -> None:
    """After the gate's own pass: fill in practice details and image attributes."""
    if not generators:
        return
    settings = generators[0].settings
    practice = settings.get("PRACTICE") or {}
    root = settings.get("PATH", "")
    try:
        photos = clinician_photos(settings)
    except profile.ProfileError as exc:  # a photo changed after the settings were read: stop, in words
        raise ImageError(str(exc)) from None
    seen = set()
    for gen in generators:
        for name in ("articles", "translations", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages"):
            for content in getattr(gen, name, []) or []:
                if id(content) in seen:
                    continue
                seen.add(id(content))
                text = getattr(content, "_content", None)
                if not text:
                    continue
                new = expand_practice(text, practice, settings.get("CRISIS_LINES"), photos) if "[practice:" in text else text
                if "<img" in new:
                    new = image_attributes(new, content.source_path, root)
                if new != text:
                    content._content = new


def clinician_photos(settings) -> dict[str, str]:
    """Each clinician's photo as an <img> with its sizes, by name (the files are written with the output)."""
    out = {}
    root = settings.get("PATH", "")
    siteurl = str(settings.get("SITEURL") or "")
    for c in (settings.get("PRACTICE") or {}).get("clinicians") or []:
        if isinstance(c, dict) and c.get("photo"):
            out[str(c.get("name"))] = profile.photo_html(c, root, siteurl, clinician_display(c))
    return out


# ---------------------------------------------------------------------------
# Audience section pages
# ---------------------------------------------------------------------------


class SectionsGenerator(Generator):
    """One list page per audience section, from the posts that passed the gate."""

    def generate_context(self):
        self.context["AUDIENCE_SECTION_LIST"] = sections(self.settings)

    def generate_output(self, writer):
        from boundary.gate import state_of

        state = state_of(self.settings)
        articles = [a for a in self.context.get("articles", []) if state.passed(a.source_path)]
        template = self.get_template("audience")
        for section in sections(self.settings):
            chosen = [a for a in articles if getattr(a, "audience", None) == section["audience"]]
            writer.write_file(
                section["save_as"],
                template,
                self.context,
                relative_urls=self.settings.get("RELATIVE_URLS"),
                section_articles=chosen,
                section=section,
                page_name=section["slug"],
            )
        # Clinicians' photos, resized and without camera data; the originals are never published.
        from boundary.gate import state_of as _state_of

        for c in (self.settings.get("PRACTICE") or {}).get("clinicians") or []:
            if isinstance(c, dict) and c.get("photo"):
                try:
                    written = profile.write_photos(c, self.settings.get("PATH", ""), self.output_path)
                except (profile.ProfileError, OSError, ValueError) as exc:
                    raise ImageError(f"the photo of {c.get('name')} could not be published ({exc})") from None
                _state_of(self.settings).extra_written.update(written)
        # A friendly "page not found" page (most hosts serve /404.html for missing pages).
        writer.write_file(
            "404.html",
            self.get_template("404"),
            self.context,
            relative_urls=self.settings.get("RELATIVE_URLS"),
            page_name="404",
        )


def get_generators(pelican):
    return SectionsGenerator


# ---------------------------------------------------------------------------
# Search: Pagefind over the finished output
# ---------------------------------------------------------------------------


try:
    from boundary.gate import GateMissing as _BuildRefused
except ImportError:  # pragma: no cover - the boundary plugin is always installed with this one
    _BuildRefused = RuntimeError


class ImageError(_BuildRefused):
    """An image in the output could not be cleaned of its camera data: the build stops."""


def clean_images(pelican) -> None:
    """Every image in the built site, without EXIF, GPS, XMP or comments (profile.strip_output_images)."""
    try:
        profile.strip_output_images(pelican.settings["OUTPUT_PATH"])
    except profile.ProfileError as exc:
        raise ImageError(str(exc)) from None


class SearchError(_BuildRefused):
    """The search index could not be built. The build and publish stop with this
    message (as for a missing gate): nothing is deployed without its search."""


UNUSED_PAGEFIND_FILES = {
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
}


def pagefind_command(site: str, subdir: str) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", site, "--output-subdir", subdir, "--silent"]


def build_search_index(site: str, subdir: str = "pagefind") -> list[str]:
    """Run Pagefind over a built site; return the files it wrote."""
    target = os.path.join(site, subdir)
    try:
        proc = subprocess.run(pagefind_command(site, subdir), capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.SubprocessError) as exc:
        raise SearchError(f"the search index could not be built: {exc}") from None
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout or "").strip().splitlines()
        raise SearchError(
            "the search index could not be built (Pagefind said: "
            + (detail[-1] if detail else f"exit code {proc.returncode}")
            + "). Reinstall with: pip install -e \".[dev]\""
        )
    # The theme has its own small search page; Pagefind's ready-made interfaces are not shipped.
    for name in os.listdir(target):
        if name in UNUSED_PAGEFIND_FILES:
            os.remove(os.path.join(target, name))
    written = []
    for dirpath, _dirs, files in os.walk(target):
        for name in files:
            written.append(os.path.abspath(os.path.join(dirpath, name)))
    return written


def run_search(pelican) -> None:
    cfg = search_config(pelican.settings)
    if not cfg["enabled"]:
        return
    from boundary.gate import STATE_KEY, GateState

    state = pelican.settings.get(STATE_KEY)
    out = pelican.settings["OUTPUT_PATH"]
    files = build_search_index(out, cfg["path"])
    if isinstance(state, GateState):
        state.extra_written.update(files)


def register():
    signals.initialized.connect(add_context)
    signals.initialized.connect(add_filters)
    signals.all_generators_finalized.connect(finish_content)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(clean_images)
    signals.finalized.connect(run_search)
