"""Bluesky through the atproto SDK: a post is a record we create with our own record key.

Account identity: the configured handle (BLUESKY_HANDLE, lower-cased, no
leading ``@``), known without any network call.  The account's DID, needed
for the repository calls, comes from the login (``createSession``) that the
first send, find or delete makes.

The record key is a TID built by ``key_for`` before sending, so after a crash
``find`` asks for the record at that key and the post is created only if it
is absent.
"""

from __future__ import annotations

import datetime as dt

from atproto import Client, models
from atproto_client import exceptions as atx

from .base import Adapter, Remote, SendError, epoch_reset, http_error, tid_key, transport_error

COLLECTION = "app.bsky.feed.post"
AUTH_HINT = (
    "Bluesky did not accept the handle and app password, so the app password was probably revoked: "
    "create a new one under Settings, Privacy and security, App passwords and update BLUESKY_APP_PASSWORD."
)
AUTH_CODES = {"AuthenticationRequired", "ExpiredToken", "InvalidToken", "AccountTakedown", "AuthFactorTokenRequired"}
NOT_FOUND_CODES = {"RecordNotFound", "NotFound"}
LIST_PAGES = 10  # pages of 100 read when the ledger is rebuilt from the account (1,000 posts)


class BlueskyAdapter(Adapter):
    network = "bluesky"

    def __init__(self, client: Client, handle: str, app_password: str) -> None:
        self.client = client
        self.account = handle.strip().lstrip("@").lower()
        self._login = (handle.strip().lstrip("@"), app_password)
        self.did: str | None = None
        client.on_session_change(self._on_session)

    def __repr__(self) -> str:
        return f"BlueskyAdapter(account={self.account!r})"

    def _on_session(self, event, session) -> None:
        self.did = session.did

    def _ensure_login(self) -> str:
        if self.did is None:
            handle, password = self._login
            self._call(lambda: self.client.login(handle, password, fetch_bsky_profile=False))
        return self.did

    def key_for(self, seed: str, now: dt.datetime) -> str:
        return tid_key(seed, now)

    def _url(self, rkey: str) -> str:
        return f"https://bsky.app/profile/{self.account}/post/{rkey}"

    def _record(self, rendered) -> models.AppBskyFeedPost.Record:
        facets = [
            models.AppBskyRichtextFacet.Main(
                index=models.AppBskyRichtextFacet.ByteSlice(byte_start=start, byte_end=end),
                features=[models.AppBskyRichtextFacet.Link(uri=uri)],
            )
            for start, end, uri in (rendered.facets or ())
        ]
        embed = None
        card = rendered.card
        if card is not None:
            embed = models.AppBskyEmbedExternal.Main(
                external=models.AppBskyEmbedExternal.External(
                    uri=card.uri, title=card.title or "", description=card.description or ""
                )
            )
        return models.AppBskyFeedPost.Record(
            text=rendered.wire_text,
            created_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            facets=facets or None,
            embed=embed,
            langs=[rendered.lang] if rendered.lang else None,
        )

    def send(self, rendered, key: str) -> Remote:
        did = self._ensure_login()
        record = self._record(rendered)
        try:
            self._call(
                lambda: self.client.com.atproto.repo.create_record(
                    models.ComAtprotoRepoCreateRecord.Data(repo=did, collection=COLLECTION, rkey=key, record=record)
                )
            )
        except SendError as err:
            # A record already at our key is the post an earlier, interrupted attempt created.
            if err.kind in ("invalid", "server"):
                try:
                    existing = self.find(rendered, key)
                except SendError:
                    existing = None
                if existing is not None:
                    return existing
            raise
        return Remote(key, self._url(key))

    def find(self, rendered, key: str) -> Remote | None:
        did = self._ensure_login()
        try:
            self._call(
                lambda: self.client.com.atproto.repo.get_record(
                    models.ComAtprotoRepoGetRecord.Params(repo=did, collection=COLLECTION, rkey=key)
                )
            )
        except SendError as err:
            if err.status == 404 or err.api_code in NOT_FOUND_CODES:
                return None
            raise
        return Remote(key, self._url(key))

    def find_links(self, links, pages: int = LIST_PAGES) -> tuple[dict, bool]:
        """Which of `links` the account's own posts carry (text, link facet or card), at most `pages` pages of 100.

        Returns ({link: Remote}, complete): complete is True when every post of the account was read.
        """
        did = self._ensure_login()
        wanted = set(links)
        found: dict = {}
        cursor = None
        for _ in range(pages):
            page = self._call(
                lambda cursor=cursor: self.client.com.atproto.repo.list_records(
                    models.ComAtprotoRepoListRecords.Params(repo=did, collection=COLLECTION, limit=100, cursor=cursor)
                )
            )
            for item in page.records:
                value = item.value
                carried = set()
                text = str(getattr(value, "text", "") or "")
                carried |= {link for link in wanted if link in text}
                embed = getattr(value, "embed", None)
                external = getattr(embed, "external", None)
                if external is not None and getattr(external, "uri", None) in wanted:
                    carried.add(external.uri)
                for facet in getattr(value, "facets", None) or []:
                    for feature in facet.features or []:
                        if getattr(feature, "uri", None) in wanted:
                            carried.add(feature.uri)
                rkey = str(item.uri).rsplit("/", 1)[-1]
                for link in carried:
                    found.setdefault(link, Remote(rkey, self._url(rkey)))
            cursor = page.cursor
            if not cursor or not page.records:
                return found, True
        return found, False

    def delete(self, remote: Remote) -> None:
        did = self._ensure_login()
        self._call(
            lambda: self.client.com.atproto.repo.delete_record(
                models.ComAtprotoRepoDeleteRecord.Data(repo=did, collection=COLLECTION, rkey=remote.id)
            )
        )

    def close(self) -> None:
        """Close the client's connections (call when done; tests and publish do)."""
        self.client.request.close()

    # ------------------------------------------------------------------

    def _call(self, fn):
        try:
            return fn()
        except atx.RequestErrorBase as exc:
            raise self._classify(exc) from None
        except Exception as exc:  # httpx errors the SDK lets through (a dropped connection)
            if type(exc).__module__.split(".")[0] in ("httpx", "httpcore"):
                raise transport_error(self.network, exc) from None
            raise

    def _classify(self, exc: atx.RequestErrorBase) -> SendError:
        response = exc.response
        if response is None:
            return transport_error(self.network, exc)
        status = response.status_code
        content = response.content
        code = getattr(content, "error", None)
        headers = response.headers or {}
        if status == 429:
            return http_error(self.network, 429, api_code=code, retry_at=epoch_reset(headers.get("ratelimit-reset")))
        if status == 401 or code in AUTH_CODES:
            return SendError(self.network, "auth", AUTH_HINT, status=status, api_code=code)
        return http_error(self.network, status, api_code=code)


def build(creds, timeout: float) -> BlueskyAdapter:
    """The real client for the account in `creds` (registry.py), with finite timeouts."""
    from atproto_client.request import Request

    client = Client(base_url=creds["BLUESKY_PDS_URL"], request=Request(timeout=timeout))
    return BlueskyAdapter(client, creds["BLUESKY_HANDLE"], creds["BLUESKY_APP_PASSWORD"])
