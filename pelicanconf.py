"""Site settings for local builds and previews.

A clinician edits the PRACTICE section (one place for every detail of the
practice) and, when they are ready to cross-post, CROSSPOST. Everything else
can stay as it is.
"""

from pathlib import Path

_HERE = Path(__file__).resolve().parent

# --------------------------------------------------------------------------
# The practice: edit this section. The boundary checker reads it too: your own
# phone, email, address, licence numbers and accounts are never flagged as a
# client's details, and credentials a post claims are compared with these.
# --------------------------------------------------------------------------
PRACTICE = {
    "name": "Cedar Hollow Counseling",
    "tagline": "Therapy for anxiety, grief and life transitions in Millbrook and by telehealth",
    "phone": "(555) 555-0134",
    "fax": "(555) 555-0135",
    "email": "hello@cedarhollow.example.org",
    "address": "18 Orchard Lane, Suite 2, Millbrook, OR 97000",
    "site_url": "https://cedarhollow.example.org",
    "hours": "Monday to Thursday 9am–7pm, Friday 9am–1pm",
    "telehealth": "Video sessions for adults anywhere in Oregon",
    # The home page's welcome and first step (optional).
    "welcome": "We are a small therapy practice in Millbrook, Oregon, working with adults and couples on anxiety, grief, life transitions and relationships, in our office and by video anywhere in Oregon.",
    "first_step": "To get started, call for a free 15-minute phone consultation",
    # The address again in parts, and the hours in schema.org's short form,
    # for search engines (schema.org data on every page). Optional.
    "postal_address": {
        "street": "18 Orchard Lane, Suite 2",
        "locality": "Millbrook",
        "region": "OR",
        "postal_code": "97000",
        "country": "US",
    },
    "hours_spec": ["Mo-Th 09:00-19:00", "Fr 09:00-13:00"],
    # What a visitor looking for a therapist wants to know first (all optional; shown on the home
    # page, in [practice:contact] and the clinician blocks; the checklist reads these texts too).
    # accepting: "yes", "waitlist" or "no", or {"status": ..., "note": "..."}.
    "accepting": {"status": "waitlist", "note": "New clients usually wait two to three weeks for a first appointment."},
    "languages": ["English", "Spanish"],
    "approaches": [
        "Cognitive behavioral therapy (CBT)",
        "Acceptance and commitment therapy (ACT)",
        "Emotionally focused couples therapy (EFT)",
        "Grief-focused therapy",
    ],
    # Directions in words ([practice:directions] adds a plain link to the address on OpenStreetMap;
    # no map is embedded, so visitors' browsers contact no one else).
    "directions": "Orchard Lane runs north from Main Street beside the public library. Number 18 is the brick building on the left; Suite 2 is on the ground floor, through the door facing the parking lot.",
    # A plain link to the practice's own booking or client-portal page (never an embedded widget):
    # "booking_url": "https://portal.example.org/cedar-hollow/request",
    # "booking_label": "Request an appointment",
    # Public accounts of the practice (never a clinician's personal account).
    "social": {
        "mastodon": "@cedarhollow@social.example.org",
        "bluesky": "cedarhollow.example.org",
        "linkedin": "https://www.linkedin.example/company/cedar-hollow-counseling",
    },
    # Crisis lines shown on every post page. The region's national lines
    # (988, Crisis Text Line, ...) are built in; add local lines here.
    "region": "US",
    "crisis_lines": [
        {"name": "Millbrook County Crisis Line", "number": "(555) 555-0199", "hours": "24/7",
         "how": "call (555) 555-0199 to talk with local counselors, who can arrange a mobile crisis visit when needed"},
    ],
    "clinicians": [
        {
            "name": "Nora Lindqvist",
            "titles": ["Dr."],
            "credentials": ["PhD", "Licensed Psychologist"],
            "roles": ["Clinical Director"],
            "licence": "PSY 30112",
            "jurisdiction": "Oregon",
            # A photo in content/photos/ (any size): the site publishes only resized copies, without camera data.
            "photo": "photos/nora-lindqvist.jpg",
            "photo_alt": "An illustrated portrait standing in for Nora Lindqvist's photo",
            "languages": ["English", "Swedish"],
            "approaches": ["CBT", "ACT", "Grief-focused therapy"],
        },
        {
            "name": "Marcus Hale",
            "titles": [],
            "credentials": ["LCSW"],
            "roles": ["Therapist"],
            "licence": "LCSW 81234",
            "jurisdiction": "Oregon",
            "languages": ["English", "Spanish"],
            "approaches": ["Emotionally focused couples therapy (EFT)", "Solution-focused therapy"],
        },
    ],
}

AUTHOR = "Nora Lindqvist"
SITENAME = PRACTICE["name"]
SITEURL = ""  # relative URLs for local previews; publishconf.py sets the real one
TIMEZONE = "America/Los_Angeles"
DEFAULT_DATE_FORMAT = "%B %-d, %Y"
DEFAULT_LANG = "en"

PATH = str(_HERE / "content")
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
THEME = str(_HERE / "theme")
# Local builds and the live preview go to preview/; `invoke publish` deploys to output/.
OUTPUT_PATH = str(_HERE / "preview")

ARTICLE_URL = "posts/{slug}/"
ARTICLE_SAVE_AS = "posts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
ARCHIVES_SAVE_AS = "archives/index.html"
TAGS_SAVE_AS = "tags/index.html"
CATEGORIES_SAVE_AS = "categories/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
CATEGORY_URL = "categories/{slug}/"
CATEGORY_SAVE_AS = "categories/{slug}/index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
AUTHORS_SAVE_AS = "authors/index.html"
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
SUMMARY_MAX_LENGTH = 60
USE_FOLDER_AS_CATEGORY = False  # otherwise a post without a category is filed under "posts"
DEFAULT_CATEGORY = "Articles"

# Posts are read only by the boundary plugin's frontmatter reader, so nothing
# reaches the site without passing the checklist. Pelican's own Markdown
# reader is switched off on purpose: if the plugin is missing, no post is read.
READERS = {"md": None, "markdown": None, "mkd": None, "mdown": None, "html": None, "htm": None, "rst": None}
PLUGIN_PATHS = [str(_HERE / "plugins")]
PLUGINS = ["boundary", "feeds", "sitemap", "presence"]

# The reader layer cache is safe (the gate checks every file on every build);
# docs/pelican.md: the generator layer would skip per-file hooks.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

# Pelican's own feeds are off: the feeds plugin writes them with feedgen from
# the final list of posts that passed the checklist.
FEED_ATOM = None
FEED_RSS = None
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

# Feeds written by the feeds plugin: site-wide plus one per audience.
FEEDS = {
    "path": "feeds",
    "max_items": 50,
    "audiences": ["public", "professionals", "clients"],
}

# --------------------------------------------------------------------------
# Cross-posting. With no credentials in the environment, every network writes
# what it would send to outbox/ instead. `audiences` says which posts go where;
# `clients` posts are never cross-posted.
# --------------------------------------------------------------------------
CROSSPOST = {
    "outbox": str(_HERE / "outbox"),
    "networks": {
        "mastodon": {"audiences": ["public", "professionals"], "max_characters": 500},
        "bluesky": {"audiences": ["public"]},
        "linkedin": {"audiences": ["public", "professionals"]},
        # X: public posts only (colleagues' notes suit Mastodon and LinkedIn better). Without X_
        # credentials its texts go to outbox/x/, like every other network's.
        "x": {"audiences": ["public"]},
    },
}

# The boundary checklist: how strict the gate is.
BOUNDARY = {
    "fail_on_warn": False,
}

DELETE_OUTPUT_DIRECTORY = True
RELATIVE_URLS = True
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "search"]
SEARCH_SAVE_AS = "search/index.html"
SEARCH_URL = "search/"

# The blog's audience sections: one page each, linked from the blog.
AUDIENCE_SECTIONS = {
    "professionals": {
        "title": "For colleagues",
        "slug": "for-colleagues",
        "intro": "Reading notes, consultation and events for fellow clinicians. These posts are written for professionals, not as advice for clients.",
    },
    "clients": {
        "title": "Practice news",
        "slug": "practice-news",
        "intro": "News for our clients: hours, closures, and how the practice works.",
    },
}

# Site search (Pagefind), built over the finished site. Off for local builds
# and previews (it adds a few seconds); publishconf.py turns it on.
SEARCH = {"enabled": False, "path": "pagefind"}
MENUITEMS = []
DISPLAY_PAGES_ON_MENU = True
# Shorter names for pages in the main menu (the page keeps its full title).
BLOG_MENU_LABEL = "Home"
NAV_LABELS = {"about": "About", "fees": "Fees", "location": "Location", "crisis": "Crisis help"}
DISPLAY_CATEGORIES_ON_MENU = False
