"""`invoke new "Title"`: a new post with every frontmatter field explained."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from boundary.rules.metadata import BODY_PLACEHOLDER, SUMMARY_PLACEHOLDER

TEMPLATE = """---
# Everything between the two --- lines is the post's "frontmatter".
# Lines starting with # are notes for you; they are not published.

# The title readers see. Keep the quotes if it contains a colon.
title: {title}

# The date the post is published (year-month-day).
date: {date}

# One or two plain sentences. This is what goes to your social accounts
# (with a link) and what search engines show. It is checked like the post.
summary: "{summary}"

# Who the post is for: public (anyone), professionals (colleagues),
# or clients (practice news for your clients; never cross-posted).
audience: public

# How sensitive the topic is: low (general education, practice news),
# medium (trauma, grief, abuse, substance use, eating disorders),
# high (suicide, self-harm, crisis: crisis resources and a content note needed).
risk: low

# Shown above the post, and as the content warning on networks that have one.
# Needed for risk: high. Example: "This post discusses suicide."
# content_note: ""

# If the post tells any story about a client: none (no client stories),
# composite (several people combined, nothing identifying), disguised,
# or consented (the client's written consent is filed; then add consent_ref).
case_material: none
# consent_ref: CONSENT-2025-001   (an id for where consent is filed; never a name)

# Where to cross-post: leave out to use the networks set for this audience,
# or list them, or write false to never cross-post this post.
# crosspost: [mastodon, linkedin]

# A different text for one network when the summary does not fit, e.g.
# social:
#   bluesky: "A shorter summary for Bluesky."

tags: [{tag}]
category: Articles

# A draft shows in the preview (invoke serve) and is never published. When the post is
# ready, delete this line (or write status: published), check it, and approve it.
status: draft
---

{body}
"""


#: Words that say nothing about a post's topic: "How to talk with a friend…" is not tagged "how".
_NOT_TOPICS = frozenset("""a an the and or but of to in on at for with from by about into over after before how what why when where who
which your you our my we i is are be can do does this that these those its it new some more most when why ways things tips""".split())


def _first_topic_word(slug: str) -> str:
    words = [w for w in slug.split("-") if w]
    return next((w for w in words if w not in _NOT_TOPICS and len(w) > 2 and not w.isdigit()), words[0] if words else "post")


def new_post(title: str, content_dir: str | Path = "content", today: dt.date | None = None) -> Path:
    """Create content/posts/YYYY-MM-DD-slug.md; never overwrite an existing post."""
    if not title.strip():
        raise ValueError("give the post a title, e.g. invoke new \"Sleep and anxiety\"")
    today = today or dt.date.today()
    # Pelican's slugify only replaces spaces when given the substitutions; use
    # the same ones Pelican uses for the post's URL.
    slug = slugify(title, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]) or "post"
    folder = Path(content_dir) / "posts"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{today.isoformat()}-{slug}.md"
    if path.exists():
        raise FileExistsError(f"{path} already exists; choose another title or edit that post")
    path.write_text(
        TEMPLATE.format(
            title=json.dumps(title.strip(), ensure_ascii=False), date=today.isoformat(), tag=json.dumps(_first_topic_word(slug)),
            summary=SUMMARY_PLACEHOLDER, body=BODY_PLACEHOLDER,
        ),
        encoding="utf-8",
    )
    return path
