"""Mastodon through Mastodon.py.

Account identity: ``@username@host``, from one ``GET
/api/v1/accounts/verify_credentials`` made lazily the first time ``account``
(or ``find``) needs it; the host comes from MASTODON_API_BASE_URL.

Mastodon honours an ``Idempotency-Key`` per account for about an hour: the
key the ledger stores before sending is sent with the post, so repeating the
same call within the hour returns the first status instead of a new one.
After that, ``find`` looks for the post's canonical link in the account's
recent statuses.
"""

from __future__ import annotations

import datetime as dt
import html

from mastodon import Mastodon
from mastodon.errors import (
    MastodonAPIError,
    MastodonError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
)

from .base import Adapter, unless_gone, Remote, SendError, hex_key, host_of, http_error, iso_reset, transport_error

RECENT = 40  # statuses looked through by find (Mastodon's page size limit)
LIST_PAGES = 25  # pages of 40 read when the ledger is rebuilt from the account (1,000 statuses)


class MastodonAdapter(Adapter):
    network = "mastodon"

    def __init__(self, client: Mastodon, account: str | None = None, visibility: str = "public") -> None:
        if client.ratelimit_method != "throw":
            raise ValueError('the Mastodon client must use ratelimit_method="throw" (it must never sleep)')
        if client.debug_requests:
            raise ValueError("the Mastodon client must not print its requests (debug_requests)")
        self.client = client
        self.visibility = visibility
        self.host = host_of(client.api_base_url)
        self._account = account
        self._account_id: str | None = None
        self._last_reset: str | None = None
        client.session.hooks.setdefault("response", []).append(self._remember_reset)

    def _remember_reset(self, response, *args, **kwargs):
        if response.status_code == 429:
            self._last_reset = response.headers.get("X-RateLimit-Reset")
        return response

    def _me(self) -> None:
        me = self._call(self.client.account_verify_credentials)
        self._account_id = str(me["id"])
        acct = str(me["acct"])
        self._account = "@" + (acct if "@" in acct else f"{acct}@{self.host}")

    @property
    def account(self) -> str:
        if self._account is None:
            self._me()
        return self._account

    def key_for(self, seed: str, now: dt.datetime) -> str:
        return hex_key(self.network, seed)

    def send(self, rendered, key: str) -> Remote:
        status = self._call(
            lambda: self.client.status_post(
                rendered.wire_text,
                spoiler_text=rendered.content_warning or None,
                visibility=self.visibility,
                language=rendered.lang or None,
                idempotency_key=key,
            )
        )
        return Remote(str(status["id"]), str(status["url"] or status["uri"]))

    def find(self, rendered, key: str) -> Remote | None:
        if self._account_id is None:
            self._me()
        statuses = self._call(lambda: self.client.account_statuses(self._account_id, limit=RECENT))
        link = rendered.link
        escaped = html.escape(link, quote=True)
        for status in statuses:
            content = str(status.get("content") or "")
            card = status.get("card") or {}
            if f'href="{link}"' in content or f'href="{escaped}"' in content or card.get("url") == link:
                return Remote(str(status["id"]), str(status["url"] or status["uri"]))
        return None

    def find_links(self, links, pages: int = LIST_PAGES) -> tuple[dict, bool]:
        """Which of `links` the account's own statuses carry, newest first, at most `pages` pages of 40.

        Returns ({link: Remote}, complete): complete is True when the whole account was read.
        """
        if self._account_id is None:
            self._me()
        wanted = {link: (f'href="{link}"', f'href="{html.escape(link, quote=True)}"') for link in links}
        found: dict = {}
        max_id = None
        for _ in range(pages):
            statuses = self._call(lambda max_id=max_id: self.client.account_statuses(self._account_id, limit=RECENT, max_id=max_id))
            for status in statuses:
                content = str(status.get("content") or "")
                card = status.get("card") or {}
                for link, hrefs in wanted.items():
                    if link not in found and (any(h in content for h in hrefs) or card.get("url") == link):
                        found[link] = Remote(str(status["id"]), str(status["url"] or status["uri"]))
            if len(statuses) < RECENT:
                return found, True
            max_id = statuses[-1]["id"]
        return found, False

    def delete(self, remote: Remote) -> None:
        unless_gone(lambda: self._call(lambda: self.client.status_delete(remote.id)))

    def close(self) -> None:
        """Close the client's connections (call when done; tests and publish do)."""
        self.client.session.close()

    # ------------------------------------------------------------------

    def _call(self, fn):
        self._last_reset = None
        try:
            return fn()
        except MastodonRatelimitError:
            reset = iso_reset(self._last_reset)
            if reset is None and self.client.ratelimit_reset:
                reset = dt.datetime.fromtimestamp(self.client.ratelimit_reset, dt.timezone.utc)
            raise http_error(self.network, 429, retry_at=reset) from None
        except MastodonNetworkError as exc:
            raise transport_error(self.network, exc.__context__ or exc) from None
        except MastodonNotFoundError:
            raise http_error(self.network, 404) from None
        except MastodonAPIError as exc:
            status = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], int) else None
            if status is None:
                raise SendError(self.network, "unknown", "Mastodon gave an answer that could not be read.",
                            maybe_sent=True) from None
            hint = (
                f"Mastodon ({self.host}) did not accept the access token (HTTP 401), so it was probably revoked: "
                "create a new one under Preferences, Development and update MASTODON_ACCESS_TOKEN."
            )
            raise http_error(self.network, status, auth_hint=hint) from None
        except MastodonError:
            raise SendError(self.network, "unknown", "Mastodon gave an answer that could not be read.",
                            maybe_sent=True) from None


def build(creds, timeout: float) -> MastodonAdapter:
    """The real client for the account in `creds` (registry.py), with finite timeouts."""
    from .base import timed_session

    client = Mastodon(
        access_token=creds["MASTODON_ACCESS_TOKEN"],
        api_base_url=creds["MASTODON_API_BASE_URL"],
        request_timeout=timeout,
        ratelimit_method="throw",
        debug_requests=False,
        version_check_mode="none",
        session=timed_session(timeout),
    )
    return MastodonAdapter(client)
