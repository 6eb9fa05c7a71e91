"""Network adapters: one class per network, all with the same methods.

Build real ones with ``publish.credentials.make_adapter(network, creds, timeout=10)``;
each adapter takes its client by injection, so tests and real sends share the
same code path.  Every adapter has:

``network``
    "x", "mastodon", "bluesky" or "linkedin".
``account``
    The stable account identity for the ledger, obtained as cheaply as possible:

    - X: the numeric user id at the front of the OAuth 1.0a access token
      (``12345-abc…`` → ``"12345"``); no call.  Only if the token has another
      shape is one ``GET /2/users/me`` made.
    - Mastodon: ``"@username@host"`` from one ``verify_credentials`` call on
      first access (cached).  May raise SendError (auth, connection, …).
    - Bluesky: the configured handle, lower-cased, without ``@``; no call.
      (The DID is ``adapter.did`` once a send/find/delete has logged in.)
    - LinkedIn: the configured author URN; no call.
``key_for(seed, now) -> str``
    The key to store in the ledger BEFORE sending.  Mastodon: 32 hex chars
    from the seed, sent as ``Idempotency-Key``.  Bluesky: a TID record key
    from ``now`` with a clock id from the seed (so store it: it depends on
    ``now``).  X, LinkedIn: 32 hex chars for bookkeeping only.
``send(rendered, key) -> Remote``
    Posts ``rendered.wire_text`` exactly (plus Mastodon ``spoiler_text``,
    Bluesky facets and external card, LinkedIn article).
``find(rendered, key) -> Remote | None``
    Mastodon: looks for ``rendered.link`` in the account's 40 latest statuses
    (repeating ``send`` with the same key within the hour is also safe).
    Bluesky: the record at rkey ``key``.  X, LinkedIn: raise NotSupported.
    (Bluesky's ``send`` also returns the existing record if the key is
    already taken by an earlier, interrupted attempt.)
``delete(remote) -> None``
    A post that is already gone counts as deleted.
``close()``
    Closes the client's connections; adapters are also context managers.

Every failure is a ``SendError`` (see base.py): ``kind`` in auth, forbidden,
duplicate, invalid, rate_limited (with ``retry_at``), timeout, connection,
server, unknown; ``maybe_sent`` True when the post may exist although no
answer came (a read timeout, a dropped connection, a 5xx other than 503);
``existing`` is the original post when a duplicate error names it (LinkedIn).
"""

from .base import NotSupported, Remote, SendError

__all__ = ["NotSupported", "Remote", "SendError"]
