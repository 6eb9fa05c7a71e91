"""Loopback fakes of the four networks' APIs, for tests (real client libraries, real sockets).

Each fake is a stateful HTTP server on 127.0.0.1 with ``.url``, ``.posts``
(what was created), ``.requests`` (everything received, to prove tokens
reached it), and programmable faults (``fake.fault(...)``, see server.py).
Fixtures are in ``fakes.fixtures``.
"""

from .bluesky import BlueskyFake
from .linkedin import LinkedInFake
from .mastodon import MastodonFake
from .server import FakeServer
from .x import XFake

__all__ = ["BlueskyFake", "FakeServer", "LinkedInFake", "MastodonFake", "XFake"]
