"""LinkedIn through its Posts API, with a small direct HTTP client (requests).

``POST {base}/rest/posts`` with ``LinkedIn-Version`` and
``X-Restli-Protocol-Version: 2.0.0``; the new post's URN comes back in the
``x-restli-id`` header.  A repeat of the same content answers 422
``DUPLICATE_POST``; there is no idempotency key and no lookup by our key, so
``find`` raises NotSupported.

Account identity: the author URN from LINKEDIN_AUTHOR_URN
(``urn:li:person:…`` or ``urn:li:organization:…``), no network call.

Rate limits: LinkedIn documents daily limits that reset at midnight UTC and
no reset header; a ``Retry-After`` header is honoured when present, else the
retry time is the next midnight UTC.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

import requests

from .base import (
    Adapter,
    unless_gone,
    DEFAULT_TIMEOUT,
    NotSupported,
    Remote,
    SendError,
    hex_key,
    http_error,
    retry_after,
    transport_error,
)

API_VERSION = "202411"
DUPLICATE_OF = re.compile(r"urn:li:(?:share|ugcPost):\d+")
AUTH_HINT = (
    "LinkedIn did not accept the access token; LinkedIn tokens last 60 days, so it has probably expired "
    "(or was revoked): create a new one in the LinkedIn developer portal and update LINKEDIN_ACCESS_TOKEN."
)


def next_midnight_utc(now: dt.datetime | None = None) -> dt.datetime:
    now = now or dt.datetime.now(dt.timezone.utc)
    day = now.astimezone(dt.timezone.utc).date() + dt.timedelta(days=1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


class LinkedInAdapter(Adapter):
    network = "linkedin"

    def __init__(
        self,
        session: requests.Session,
        base_url: str,
        access_token: str,
        author_urn: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        version: str = API_VERSION,
    ) -> None:
        self.session = session
        self.base_url = base_url.rstrip("/")
        self._token = access_token
        self.account = author_urn
        self.timeout = timeout
        self.version = version

    def __repr__(self) -> str:
        return f"LinkedInAdapter(account={self.account!r}, base_url={self.base_url!r})"

    def key_for(self, seed: str, now: dt.datetime) -> str:
        return hex_key(self.network, seed)

    def _headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self._token}",
            "LinkedIn-Version": self.version,
            "X-Restli-Protocol-Version": "2.0.0",
            "Content-Type": "application/json",
        }

    def _body(self, rendered) -> dict:
        body = {
            "author": self.account,
            "commentary": rendered.wire_text,
            "visibility": "PUBLIC",
            "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [], "thirdPartyDistributionChannels": []},
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        card = rendered.card
        if card is not None or rendered.link:
            article = {"source": card.uri if card is not None else rendered.link}
            title = (card.title if card is not None else "") or rendered.link
            article["title"] = title
            if card is not None and card.description:
                article["description"] = card.description
            body["content"] = {"article": article}
        return body

    def send(self, rendered, key: str) -> Remote:
        response = self._request("POST", "/rest/posts", json=self._body(rendered))
        urn = response.headers.get("x-restli-id")
        if not urn:
            raise SendError(self.network, "unknown",
                            "LinkedIn answered without the new post's id, so it may or may not have been published.",
                            status=response.status_code, maybe_sent=True)
        return Remote(urn, f"https://www.linkedin.com/feed/update/{urn}/")

    def find(self, rendered, key: str) -> Remote | None:
        raise NotSupported("LinkedIn offers no way to look up a post we may have sent; ask the clinician to confirm.")

    def delete(self, remote: Remote) -> None:
        unless_gone(lambda: self._request("DELETE", "/rest/posts/" + quote(remote.id, safe="")))

    def close(self) -> None:
        """Close the client's connections (call when done; tests and publish do)."""
        self.session.close()

    # ------------------------------------------------------------------

    def _request(self, method: str, path: str, **kwargs) -> requests.Response:
        try:
            response = self.session.request(
                method, self.base_url + path, headers=self._headers(), timeout=self.timeout, **kwargs
            )
        except requests.RequestException as exc:
            raise transport_error(self.network, exc) from None
        if 200 <= response.status_code < 300:
            return response
        raise self._classify(response)

    def _classify(self, response: requests.Response) -> SendError:
        status = response.status_code
        try:
            payload = response.json()
        except ValueError:
            payload = {}
        if not isinstance(payload, dict):
            payload = {}
        codes = [payload.get("code")]
        details = payload.get("errorDetails") or {}
        for item in (details.get("inputErrors") or []) if isinstance(details, dict) else []:
            if isinstance(item, dict):
                codes.append(item.get("code"))
        codes = [c for c in codes if isinstance(c, str) and c]
        code = codes[-1] if codes else None
        if status == 429:
            reset = retry_after(response.headers.get("Retry-After")) or next_midnight_utc()
            return http_error(self.network, status, api_code=code, retry_at=reset)
        if status == 401:
            return http_error(self.network, status, api_code=code, auth_hint=AUTH_HINT)
        err = http_error(self.network, status, api_code=code, duplicate="DUPLICATE_POST" in codes)
        if err.kind == "duplicate":
            found = DUPLICATE_OF.search(str(payload.get("message") or ""))
            if found:
                urn = found.group(0)
                err.existing = Remote(urn, f"https://www.linkedin.com/feed/update/{urn}/")
        return err


def build(creds, timeout: float) -> LinkedInAdapter:
    """The real client for the account in `creds` (registry.py), with finite timeouts."""
    from .base import timed_session

    return LinkedInAdapter(
        timed_session(timeout),
        creds["LINKEDIN_API_BASE_URL"],
        creds["LINKEDIN_ACCESS_TOKEN"],
        creds["LINKEDIN_AUTHOR_URN"],
        timeout=timeout,
    )
