"""Pytest fixtures: one running fake per network, and the environment pointing a subprocess at them.

Use from a test module with ``from fakes.fixtures import *`` (``tests/`` is on
sys.path), or import the fixtures you need by name.

``fake_env(x=…, mastodon=…, bluesky=…, linkedin=…)`` gives the environment
variables (with the known fake tokens below) that point ``invoke publish``,
run in a subprocess, at the fakes passed in; ``all_fakes`` starts all four and
carries that dict as ``.env``.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from .bluesky import BlueskyFake
from .linkedin import LinkedInFake
from .mastodon import MastodonFake
from .x import XFake

# Known fake secrets: long, distinctive, and easy to search for in any output.
X_API_KEY = "fakeXconsumerKEY0a1b2c3d4e5f6"
X_API_SECRET = "fakeXconsumerSECRET9z8y7x6w5v4u3t2s1r0q"
X_ACCESS_TOKEN = "1600000000000000001-fakeXaccessTOKENq1w2e3r4t5y6"
X_ACCESS_TOKEN_SECRET = "fakeXaccessSECRETp0o9i8u7y6t5r4e3w2q1"
MASTODON_ACCESS_TOKEN = "fakeMastodonTOKEN_Zx9Cv8Bn7Mm6Ll5Kk4Jj3"
BLUESKY_HANDLE = "drsmith.test"
BLUESKY_APP_PASSWORD = "fake-blue-skyp-assw"
LINKEDIN_ACCESS_TOKEN = "fakeLinkedInTOKEN_AQVx1y2z3w4v5u6t7s8r9q0"
LINKEDIN_AUTHOR_URN = "urn:li:person:fakeAbC123"

SECRETS = (X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN, X_ACCESS_TOKEN_SECRET, MASTODON_ACCESS_TOKEN,
           BLUESKY_APP_PASSWORD, LINKEDIN_ACCESS_TOKEN)


def make_x() -> XFake:
    return XFake(X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN, X_ACCESS_TOKEN_SECRET)


def make_mastodon() -> MastodonFake:
    return MastodonFake(MASTODON_ACCESS_TOKEN)


def make_bluesky() -> BlueskyFake:
    return BlueskyFake(BLUESKY_HANDLE, BLUESKY_APP_PASSWORD)


def make_linkedin() -> LinkedInFake:
    return LinkedInFake(LINKEDIN_ACCESS_TOKEN, LINKEDIN_AUTHOR_URN)


def fake_env(x: XFake | None = None, mastodon: MastodonFake | None = None, bluesky: BlueskyFake | None = None,
             linkedin: LinkedInFake | None = None) -> dict[str, str]:
    """Environment variables pointing the publish credentials at the given running fakes."""
    env: dict[str, str] = {}
    if x is not None:
        env.update(X_API_KEY=x.consumer_key, X_API_SECRET=x.consumer_secret, X_ACCESS_TOKEN=x.access_token,
                   X_ACCESS_TOKEN_SECRET=x.access_token_secret, X_API_BASE_URL=x.url)
    if mastodon is not None:
        env.update(MASTODON_API_BASE_URL=mastodon.url, MASTODON_ACCESS_TOKEN=mastodon.access_token)
    if bluesky is not None:
        env.update(BLUESKY_HANDLE=bluesky.handle, BLUESKY_APP_PASSWORD=bluesky.app_password,
                   BLUESKY_PDS_URL=bluesky.url)
    if linkedin is not None:
        env.update(LINKEDIN_ACCESS_TOKEN=linkedin.access_token, LINKEDIN_AUTHOR_URN=linkedin.author_urn,
                   LINKEDIN_API_BASE_URL=linkedin.url)
    return env


@pytest.fixture
def x_fake():
    with make_x() as fake:
        yield fake


@pytest.fixture
def mastodon_fake():
    with make_mastodon() as fake:
        yield fake


@pytest.fixture
def bluesky_fake():
    with make_bluesky() as fake:
        yield fake


@pytest.fixture
def linkedin_fake():
    with make_linkedin() as fake:
        yield fake


@pytest.fixture
def all_fakes(x_fake, mastodon_fake, bluesky_fake, linkedin_fake):
    """All four fakes running; ``.env`` points a subprocess at them all."""
    return SimpleNamespace(
        x=x_fake, mastodon=mastodon_fake, bluesky=bluesky_fake, linkedin=linkedin_fake,
        env=fake_env(x_fake, mastodon_fake, bluesky_fake, linkedin_fake), secrets=SECRETS,
    )


__all__ = ["x_fake", "mastodon_fake", "bluesky_fake", "linkedin_fake", "all_fakes", "fake_env", "SECRETS"]
