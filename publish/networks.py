"""Each network's limits as data, and what a post would send there (CROSSPOST.md).

`render` is the one place that decides the exact text of a cross-post; the
outbox, approvals and the real adapters all use it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

URL = re.compile(r"https?://[^\s]+", re.I)


@dataclass(frozen=True)
class Network:
    name: str
    label: str
    limit: int
    url_weight: int | None  # None: a URL counts in full
    content_warning: str  # "field" (sent separately) or "prefix"
    counting: str  # how the limit is counted, in words for the report


NETWORKS = {
    "x": Network("x", "X", 280, 23, "prefix", "weighted characters; every link counts as 23"),
    "mastodon": Network("mastodon", "Mastodon", 500, 23, "field", "characters; every link counts as 23"),
    "bluesky": Network("bluesky", "Bluesky", 300, None, "prefix", "characters (graphemes); links count in full"),
    "linkedin": Network("linkedin", "LinkedIn", 3000, None, "prefix", "characters"),
}


def graphemes(text: str) -> int:
    """An approximation of user-perceived characters: combining marks and joiners don't count."""
    count = 0
    prev_zwj = False
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Mn", "Me") or ch in ("\u200d", "\ufe0f", "\ufe0e") or prev_zwj or 0x1F3FB <= ord(ch) <= 0x1F3FF:
            prev_zwj = ch == "\u200d"
            continue
        prev_zwj = False
        count += 1
    return count


def x_weight(text: str) -> int:
    """twitter-text weighting: most Latin-range characters count 1, others (CJK, emoji) 2."""
    total = 0
    for ch in text:
        cp = ord(ch)
        if cp <= 0x10FF or 0x2000 <= cp <= 0x200D or 0x2010 <= cp <= 0x201F or 0x2032 <= cp <= 0x2037:
            total += 1
        elif ch in ("\u200d", "\ufe0f"):
            continue
        else:
            total += 2
    return total


def length(network: Network, text: str) -> int:
    if network.url_weight is None:
        return graphemes(text)
    stripped = URL.sub("", text)
    urls = len(URL.findall(text))
    base = x_weight(stripped) if network.name == "x" else graphemes(stripped)
    return base + urls * network.url_weight


@dataclass(frozen=True)
class Rendered:
    network: str
    text: str
    link: str
    content_warning: str
    length: int
    limit: int
    fits: bool

    @property
    def over_by(self) -> int:
        return max(0, self.length - self.limit)

    def fingerprint(self) -> str:
        import hashlib
        import json

        data = {"network": self.network, "text": self.text, "link": self.link, "content_warning": self.content_warning}
        return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def render(network_name: str, summary: str, link: str, content_note: str = "", override: str | None = None, limit: int | None = None) -> Rendered:
    """The exact text a network would receive: approved text + canonical link, never cut."""
    network = NETWORKS[network_name]
    body = (override if override else summary).strip()
    warning = content_note.strip() if content_note else ""
    text = f"{body}\n\n{link}"
    if warning and network.content_warning == "prefix":
        text = f"Content note: {warning}\n\n{text}"
    lim = limit or network.limit
    n = length(network, text)
    return Rendered(network_name, text, link, warning if network.content_warning == "field" else "", n, lim, n <= lim)
