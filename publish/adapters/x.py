"""X (Twitter) through tweepy's API v2 client, OAuth 1.0a user context.

Account identity: an OAuth 1.0a access token starts with the numeric user id
followed by a dash, so ``account`` is that id with no network call; if the
token does not have that shape, one ``GET /2/users/me`` is made (lazily).

X offers no idempotency and no way to look a post up by our key: a repeat of
the same text answers 403 "duplicate content", so ``find`` raises
NotSupported and the caller asks the clinician.
"""

from __future__ import annotations

import datetime as dt

import requests
import tweepy

from .base import Adapter, unless_gone, NotSupported, Remote, SendError, epoch_reset, hex_key, http_error, transport_error

AUTH_HINT = (
    "X did not accept the saved access keys (HTTP 401), so they were probably revoked or regenerated: "
    "create new ones in the X developer portal and update X_ACCESS_TOKEN and X_ACCESS_TOKEN_SECRET "
    "(and X_API_KEY and X_API_SECRET if those changed too)."
)


class XAdapter(Adapter):
    network = "x"

    def __init__(self, client: tweepy.Client, account: str | None = None) -> None:
        if getattr(client, "wait_on_rate_limit", False):
            raise ValueError("the X client must not wait on rate limits")
        self.client = client
        self._account = account

    @property
    def account(self) -> str:
        if self._account is None:
            token = self.client.access_token or ""
            user_id = token.split("-", 1)[0] if "-" in token else ""
            if user_id.isdigit():
                self._account = user_id
            else:
                me = self._call(lambda: self.client.get_me(user_auth=True))
                self._account = str(me.data.id)
        return self._account

    def key_for(self, seed: str, now: dt.datetime) -> str:
        return hex_key(self.network, seed)

    def send(self, rendered, key: str) -> Remote:
        response = self._call(lambda: self.client.create_tweet(text=rendered.wire_text, user_auth=True))
        tweet_id = str(response.data["id"])
        return Remote(tweet_id, f"https://x.com/i/web/status/{tweet_id}")

    def find(self, rendered, key: str) -> Remote | None:
        raise NotSupported("X offers no way to look up a post we may have sent; ask the clinician to confirm.")

    def delete(self, remote: Remote) -> None:
        unless_gone(lambda: self._call(lambda: self.client.delete_tweet(remote.id, user_auth=True)))

    def close(self) -> None:
        """Close the client's connections (call when done; tests and publish do)."""
        self.client.session.close()

    # ------------------------------------------------------------------

    def _call(self, fn):
        try:
            return fn()
        except tweepy.HTTPException as exc:
            raise self._classify(exc) from None
        except requests.RequestException as exc:
            raise transport_error(self.network, exc) from None

    def _classify(self, exc: tweepy.HTTPException) -> SendError:
        response = exc.response
        status = response.status_code
        detail = " ".join(str(m) for m in exc.api_messages).lower()
        code = exc.api_codes[0] if exc.api_codes else None
        if status == 429:
            reset = epoch_reset(response.headers.get("x-rate-limit-reset"))
            return http_error(self.network, status, api_code=code, retry_at=reset)
        if status == 401:
            return http_error(self.network, status, api_code=code, auth_hint=AUTH_HINT)
        duplicate = status == 403 and ("duplicate" in detail or code == 187)
        return http_error(self.network, status, api_code=code, duplicate=duplicate)


def build(creds, timeout: float) -> XAdapter:
    """The real client for the account in `creds` (registry.py), with finite timeouts."""
    from .base import TimeoutHTTPAdapter, timed_session

    client = tweepy.Client(
        consumer_key=creds["X_API_KEY"],
        consumer_secret=creds["X_API_SECRET"],
        access_token=creds["X_ACCESS_TOKEN"],
        access_token_secret=creds["X_ACCESS_TOKEN_SECRET"],
        wait_on_rate_limit=False,
    )
    timed_session(timeout, client.session)
    fake = creds.get("X_API_BASE_URL")
    if fake:
        rewrite = TimeoutHTTPAdapter(timeout, rewrite_to=fake)
        client.session.mount("https://api.twitter.com/", rewrite)
        client.session.mount("https://api.x.com/", rewrite)
    return XAdapter(client)
