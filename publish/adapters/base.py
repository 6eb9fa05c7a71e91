"""What every network adapter shares: the remote post, the one error type, keys, timeouts.

The orchestration (publish/pipeline.py and the ledger) codes against this
module only:

- ``Remote(id, url)``: what a network answered for a created post.
- ``SendError``: every failure of ``send``/``find``/``delete``, classified by
  ``kind`` so the caller can decide (retry later, ask the clinician, give up),
  with ``maybe_sent`` telling whether the post may exist even though we got no
  answer.  ``str(err)`` is one plain sentence built from our own words plus a
  status number and a short API code; never a response body, a token or a
  query string.
- ``NotSupported``: ``find`` on a network that cannot look a post up.

Key helpers: ``hex_key`` (bookkeeping / Mastodon Idempotency-Key) and
``tid_key`` (a Bluesky record key).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import re
from dataclasses import dataclass
from typing import Protocol, runtime_checkable
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

from ..registry import LABELS  # the one list of networks

DEFAULT_TIMEOUT = 10.0


KINDS = frozenset(
    {"auth", "forbidden", "duplicate", "invalid", "rate_limited", "timeout", "connection", "server", "unknown"}
)


@dataclass(frozen=True)
class Remote:
    """A post as the network knows it: its id there and a link a person can open."""

    id: str
    url: str


class NotSupported(Exception):
    """The network offers no way to look a post up (X, LinkedIn): the clinician must confirm."""


_API_CODE = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


def safe_code(code: object) -> str | None:
    """Keep a server's error code only if it is a short plain token (never free text)."""
    if code is None:
        return None
    text = str(code)
    return text if _API_CODE.match(text) else None


class SendError(Exception):
    """A failed call to a network, classified.

    Attributes: ``network``, ``kind`` (see KINDS), ``status`` (HTTP status or
    None), ``api_code`` (the network's short error code or None), ``retry_at``
    (aware UTC datetime for ``rate_limited``, else None) and ``maybe_sent``
    (True when the request may have reached the network and we cannot know
    whether the post was created).  ``existing`` is the post the network
    named as the original of a duplicate, when it names one (LinkedIn does),
    else None.
    """

    def __init__(
        self,
        network: str,
        kind: str,
        message: str,
        *,
        status: int | None = None,
        api_code: str | None = None,
        retry_at: dt.datetime | None = None,
        maybe_sent: bool = False,
        existing: Remote | None = None,
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown SendError kind {kind!r}")
        super().__init__(message)
        self.network = network
        self.kind = kind
        self.message = message
        self.status = status
        self.api_code = safe_code(api_code)
        self.retry_at = retry_at
        self.maybe_sent = maybe_sent
        self.existing = existing

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return (
            f"SendError(network={self.network!r}, kind={self.kind!r}, status={self.status!r}, "
            f"api_code={self.api_code!r}, retry_at={self.retry_at!r}, maybe_sent={self.maybe_sent!r})"
        )


# ---------------------------------------------------------------- messages


class Adapter:
    """What every network adapter shares: a context manager whose `close()` releases its connections."""

    def close(self) -> None:  # pragma: no cover - every adapter defines it
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@runtime_checkable
class NetworkAdapter(Protocol):
    """What the cross-poster needs from a network's adapter (adapters/__init__.py tells each one's answers)."""

    network: str

    @property
    def account(self) -> str: ...

    def key_for(self, seed: str, now: dt.datetime) -> str: ...

    def send(self, rendered, key: str) -> Remote: ...

    def find(self, rendered, key: str) -> Remote | None: ...

    def delete(self, remote: Remote) -> None: ...

    def close(self) -> None: ...


def unless_gone(call) -> None:
    """Run a delete; a post that is already gone (404) counts as deleted."""
    try:
        call()
    except SendError as err:
        if err.status != 404:
            raise


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def http_error(
    network: str,
    status: int,
    *,
    api_code: str | None = None,
    retry_at: dt.datetime | None = None,
    auth_hint: str = "",
    duplicate: bool = False,
) -> SendError:
    """A SendError for an HTTP answer that was not a success, with a plain sentence."""
    label = LABELS.get(network, network)
    code = safe_code(api_code)
    detail = f"HTTP {status}" + (f", {code}" if code else "")
    if status == 401:
        return SendError(network, "auth", auth_hint or f"{label} did not accept the saved credentials ({detail}).",
                         status=status, api_code=code)
    if duplicate:
        return SendError(
            network, "duplicate",
            f"{label} says this account already has a post with exactly this text, so it did not post it again "
            f"({detail}); check the account and confirm which post it is.",
            status=status, api_code=code)
    if status == 403:
        return SendError(
            network, "forbidden",
            f"{label} refused the post ({detail}): check that the app connected to this account is allowed to post "
            "(read and write access) and that the account is in good standing.",
            status=status, api_code=code)
    if status == 429:
        retry_at = retry_at or (dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=15))
        return SendError(
            network, "rate_limited",
            f"{label} asked us to slow down (too many requests, {detail}); it can be sent again after "
            f"{_when(retry_at)}.",
            status=status, api_code=code, retry_at=retry_at)
    if status in (400, 404, 409, 413, 422):
        return SendError(
            network, "invalid",
            f"{label} rejected the post as invalid ({detail}); the text or link may break one of its rules.",
            status=status, api_code=code)
    if 500 <= status <= 599:
        if status == 503:  # unavailable: the request was not taken on
            return SendError(network, "server",
                             f"{label} is unavailable for now ({detail}); nothing was published, try again later.",
                             status=status, api_code=code)
        return SendError(
            network, "server",
            f"{label} had a problem on its side ({detail}), so the post may or may not have been published.",
            status=status, api_code=code, maybe_sent=True)
    return SendError(network, "unknown", f"{label} gave an unexpected answer ({detail}).",
                     status=status, api_code=code)


def transport_error(network: str, exc: BaseException | None) -> SendError:
    """A SendError for a failure below HTTP: no connection, a timeout, a dropped connection.

    ``maybe_sent`` is True unless the failure certainly happened before the
    request could reach the server (connection refused, connect timeout, name
    not found).
    """
    label = LABELS.get(network, network)
    before = _failed_before_sending(exc)
    timed_out = _is_timeout(exc)
    if timed_out:
        if before:
            return SendError(network, "timeout",
                             f"{label} could not be reached in time; nothing was sent, try again later.")
        return SendError(
            network, "timeout",
            f"{label} did not answer in time after the post was sent, so it may or may not have been published.",
            maybe_sent=True)
    if before:
        return SendError(network, "connection",
                         f"Could not connect to {label}; nothing was sent: check the internet connection and try again.")
    return SendError(
        network, "connection",
        f"The connection to {label} broke before it answered, so the post may or may not have been published.",
        maybe_sent=True)


def _chain(exc: BaseException | None):
    seen = set()
    stack = [exc]
    while stack:
        e = stack.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        stack.extend([e.__cause__, e.__context__])
        stack.extend(a for a in getattr(e, "args", ()) if isinstance(a, BaseException))
        reason = getattr(e, "reason", None)
        if isinstance(reason, BaseException):
            stack.append(reason)


def _is_timeout(exc: BaseException | None) -> bool:
    import socket

    for e in _chain(exc):
        name = type(e).__name__
        if isinstance(e, (requests.Timeout, socket.timeout, TimeoutError)) or name.endswith("Timeout") or name in (
            "InvokeTimeoutError", "TimeoutException", "ReadTimeoutError", "ConnectTimeoutError"):
            return True
    return False


def _failed_before_sending(exc: BaseException | None) -> bool:
    for e in _chain(exc):
        name = type(e).__name__
        if name in ("ConnectTimeout", "ConnectTimeoutError", "ConnectError", "NewConnectionError",
                    "NameResolutionError", "PoolTimeout", "ConnectionRefusedError", "gaierror"):
            return True
        if isinstance(e, ConnectionRefusedError):
            return True
    return False


# ---------------------------------------------------------------- rate-limit headers


def epoch_reset(value: str | None) -> dt.datetime | None:
    """``x-rate-limit-reset`` (X) / ``ratelimit-reset`` (Bluesky): seconds since the epoch."""
    try:
        return dt.datetime.fromtimestamp(int(float(str(value).strip())), dt.timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def iso_reset(value: str | None) -> dt.datetime | None:
    """Mastodon's ``X-RateLimit-Reset``: an ISO 8601 time."""
    if not value:
        return None
    text = str(value).strip().replace("Z", "+00:00")
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


def retry_after(value: str | None, now: dt.datetime | None = None) -> dt.datetime | None:
    """``Retry-After``: delay seconds or an HTTP date."""
    if not value:
        return None
    now = now or dt.datetime.now(dt.timezone.utc)
    text = str(value).strip()
    if text.isdigit():
        return now + dt.timedelta(seconds=int(text))
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


# ---------------------------------------------------------------- keys


def _digest(*parts: str) -> bytes:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()


def hex_key(network: str, seed: str) -> str:
    """32 hex characters derived from the seed: same seed, same key, on every run."""
    return _digest("consulting-room", network, seed).hex()[:32]


_B32 = "234567abcdefghijklmnopqrstuvwxyz"
TID_RE = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")


def tid_key(seed: str, now: dt.datetime) -> str:
    """A Bluesky record key in TID form: 53 bits of microseconds since 1970, 10 bits of clock id.

    The clock id comes from the seed, so two posts planned in the same
    microsecond still get different keys, and the same (seed, now) always
    gives the same key.
    """
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.timezone.utc)
    micros = int(now.timestamp()) * 1_000_000 + now.microsecond
    clock = int.from_bytes(_digest("tid-clock", seed)[:2], "big") & 0x3FF
    value = ((micros & ((1 << 53) - 1)) << 10) | clock
    chars = []
    for _ in range(13):
        chars.append(_B32[value & 31])
        value >>= 5
    return "".join(reversed(chars))


# ---------------------------------------------------------------- HTTP plumbing


class TimeoutHTTPAdapter(HTTPAdapter):
    """A requests adapter that always has a finite timeout, and can send requests to another base URL.

    tweepy calls ``session.request`` without a timeout and with its API host
    fixed; mounting this adapter on the tweepy client's session gives every
    call a timeout and, for tests only, redirects it to a loopback fake.
    """

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, rewrite_to: str | None = None) -> None:
        super().__init__(max_retries=0)
        self.timeout = timeout
        self.rewrite_to = rewrite_to.rstrip("/") if rewrite_to else None

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        if timeout is None:
            timeout = self.timeout
        if self.rewrite_to:
            parts = urlsplit(request.url)
            request.url = self.rewrite_to + parts.path + (f"?{parts.query}" if parts.query else "")
        return super().send(request, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies=proxies)


def timed_session(timeout: float = DEFAULT_TIMEOUT, session: requests.Session | None = None) -> requests.Session:
    session = session or requests.Session()
    adapter = TimeoutHTTPAdapter(timeout)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def host_of(url: str) -> str:
    """Only the host of a URL (never its path or query), for messages."""
    return urlsplit(url).hostname or url
