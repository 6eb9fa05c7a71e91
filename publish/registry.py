"""Every network the kit can cross-post to, in one place.

One entry says all the rest of the code needs to know about a network: its name in
settings and its label in messages; how long a post may be and how it is counted
(networks.py renders to these limits); which settings hold its credentials, which
of them are secrets, and their defaults (credentials.py); whether a post can be
looked up on it after an interrupted send (crosspost.py: if not, the clinician
confirms); the logger names of its client library (redact.py turns them down);
and the function that builds its adapter (adapters/<name>.py).

Adding a network is one entry here and one adapter module with a `build(creds,
timeout)` function returning an object that satisfies `adapters.base.NetworkAdapter`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Network:
    """How long a post may be on a network, and how the network counts it."""

    name: str
    label: str
    limit: int
    url_weight: int | None  # None: a URL counts in full
    content_warning: str  # "field" (sent separately) or "prefix"
    counting: str  # how the limit is counted, in words for the report
    unit: str = "characters"  # what `limit` counts, in the user's words
    byte_limit: int | None = None  # Bluesky: a second limit, in UTF-8 bytes


@dataclass(frozen=True)
class NetworkSpec:
    text: Network
    #: settings (environment or .env) that must all be set to send for real
    required: tuple[str, ...]
    #: settings that may be set (test servers, another instance)
    optional: tuple[str, ...] = ()
    #: the settings whose values are secrets: never shown, logged or written
    secrets: frozenset[str] = frozenset()
    defaults: dict[str, str] = field(default_factory=dict)
    #: True when a post can be looked up after an interrupted send (by key or by link)
    can_look_up: bool = False
    #: the client library's loggers (turned down to warnings, and filtered, by redact.py)
    loggers: tuple[str, ...] = ()
    #: "module:function" building the adapter from (NetworkCredentials, timeout)
    builder: str = ""

    @property
    def name(self) -> str:
        return self.text.name

    @property
    def label(self) -> str:
        return self.text.label

    def build(self, creds, timeout: float):
        module, _, func = self.builder.partition(":")
        return getattr(importlib.import_module(module), func)(creds, timeout)


REGISTRY: dict[str, NetworkSpec] = {
    spec.name: spec
    for spec in (
        NetworkSpec(
            Network(
                "x", "X", 280, 23, "prefix",
                "as X counts them: most letters 1, Chinese/Japanese/Korean characters and each emoji 2, every link 23",
            ),
            required=("X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET"),
            optional=("X_API_BASE_URL",),
            secrets=frozenset({"X_API_KEY", "X_API_SECRET", "X_ACCESS_TOKEN", "X_ACCESS_TOKEN_SECRET"}),
            loggers=("tweepy", "oauthlib", "requests_oauthlib"),
            builder="publish.adapters.x:build",
        ),
        NetworkSpec(
            Network(
                "mastodon", "Mastodon", 500, 23, "field",
                "as Mastodon counts them: the content warning and the text together, every link 23, @name@server as @name",
            ),
            required=("MASTODON_API_BASE_URL", "MASTODON_ACCESS_TOKEN"),
            secrets=frozenset({"MASTODON_ACCESS_TOKEN"}),
            can_look_up=True,
            loggers=("mastodon",),
            builder="publish.adapters.mastodon:build",
        ),
        NetworkSpec(
            Network(
                "bluesky", "Bluesky", 300, None, "prefix",
                "as Bluesky counts them: an emoji or an accented letter is 1, links count in full",
                byte_limit=3000,
            ),
            required=("BLUESKY_HANDLE", "BLUESKY_APP_PASSWORD"),
            optional=("BLUESKY_PDS_URL",),
            secrets=frozenset({"BLUESKY_APP_PASSWORD"}),
            defaults={"BLUESKY_PDS_URL": "https://bsky.social"},
            can_look_up=True,
            loggers=("atproto", "atproto_client", "atproto_core", "httpx", "httpcore"),
            builder="publish.adapters.bluesky:build",
        ),
        NetworkSpec(
            Network(
                "linkedin", "LinkedIn", 3000, None, "prefix",
                "as LinkedIn's API receives them: UTF-16 units of the text with its protective backslashes, so an emoji may be 2",
            ),
            required=("LINKEDIN_ACCESS_TOKEN", "LINKEDIN_AUTHOR_URN"),
            optional=("LINKEDIN_API_BASE_URL",),
            secrets=frozenset({"LINKEDIN_ACCESS_TOKEN"}),
            defaults={"LINKEDIN_API_BASE_URL": "https://api.linkedin.com"},
            builder="publish.adapters.linkedin:build",
        ),
    )
}

#: Labels for messages: "x" is "X".
LABELS: dict[str, str] = {name: spec.label for name, spec in REGISTRY.items()}


def label(network: str) -> str:
    return LABELS.get(network, network)


def spec(network: str) -> NetworkSpec:
    try:
        return REGISTRY[network]
    except KeyError:
        raise ValueError(f"unknown network {network!r}; the kit knows {', '.join(REGISTRY)}") from None
