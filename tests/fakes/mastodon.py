"""A loopback fake of the Mastodon REST API endpoints the adapter uses.

Bearer tokens map to accounts; ``POST /api/v1/statuses`` honours the
``Idempotency-Key`` header per account for one hour (a repeat returns the
first status and creates nothing), as Mastodon does.  ``fake.clock`` can be
replaced to let an hour pass.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re

from .server import FakeServer, Request, Response

URL = re.compile(r"https?://[^\s<]+")
IDEMPOTENCY_SECONDS = 3600


def _iso(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _html(text: str) -> str:
    out, last = [], 0
    for m in URL.finditer(text):
        out.append(html.escape(text[last:m.start()], quote=False))
        url = m.group(0)
        out.append(f'<a href="{html.escape(url)}" target="_blank" rel="nofollow noopener noreferrer" translate="no">'
                   f"{html.escape(url, quote=False)}</a>")
        last = m.end()
    out.append(html.escape(text[last:], quote=False))
    paragraphs = "".join(out).split("\n\n")
    return "".join(f"<p>{p.replace(chr(10), '<br />')}</p>" for p in paragraphs)


class MastodonFake(FakeServer):
    network = "mastodon"

    def __init__(self, access_token: str, username: str = "drsmith", max_characters: int = 500) -> None:
        super().__init__()
        self.access_token = access_token
        self.max_characters = max_characters
        self.account = {
            "id": "109000000000000001", "username": username, "acct": username, "display_name": "Dr Smith",
            "locked": False, "bot": False, "created_at": "2024-01-01T00:00:00.000Z", "note": "",
            "url": "", "avatar": "", "avatar_static": "", "header": "", "header_static": "",
            "followers_count": 0, "following_count": 0, "statuses_count": 0, "emojis": [], "fields": [],
        }
        self.idempotency: dict[tuple[str, str], tuple[float, dict]] = {}
        self._ids = itertools.count(110000000000000001)
        self.revoked = False

    def start(self):
        super().start()
        self.account["url"] = f"{self.url}/@{self.account['username']}"
        return self

    def revoke(self) -> None:
        self.revoked = True

    # ------------------------------------------------------------ routes

    def route(self, req: Request) -> Response:
        if req.method == "GET" and req.path.rstrip("/") in ("/api/v1/instance", "/api/v2/instance"):
            return Response(200, self._instance(req.path))  # public: no token needed
        if self.revoked or req.headers.get("authorization") != f"Bearer {self.access_token}":
            return self.error(401)
        path = req.path
        if req.method == "GET" and path == "/api/v1/accounts/verify_credentials":
            return Response(200, dict(self.account, source={"privacy": "public", "note": "", "fields": []}))
        if req.method == "POST" and path == "/api/v1/statuses":
            return self.write(lambda: self._create(req))
        m = re.fullmatch(r"/api/v1/accounts/([^/]+)/statuses", path)
        if req.method == "GET" and m:
            if m.group(1) != self.account["id"]:
                return Response(404, {"error": "Record not found"})
            limit = min(int(req.q("limit", "20")), 40)
            with self.lock:
                live = [p["status"] for p in reversed(self.live_posts())]
            if req.q("max_id"):
                live = [st for st in live if int(st["id"]) < int(req.q("max_id"))]
            return Response(200, live[:limit])
        m = re.fullmatch(r"/api/v1/statuses/([^/]+)", path)
        if m and req.method in ("GET", "DELETE"):
            with self.lock:
                for post in self.live_posts():
                    if post["id"] == m.group(1):
                        if req.method == "DELETE":
                            post["deleted"] = True
                            return Response(200, dict(post["status"], text=post["text"]))
                        return Response(200, post["status"])
            return Response(404, {"error": "Record not found"})
        return Response(404, {"error": "Record not found"})

    def _instance(self, path: str) -> dict:
        statuses = {"max_characters": self.max_characters, "max_media_attachments": 4,
                    "characters_reserved_per_url": 23}
        info = {"title": "Fake Mastodon", "version": "4.3.0", "languages": ["en"],
                "configuration": {"statuses": statuses}}
        if path.startswith("/api/v2"):
            info.update(domain="127.0.0.1", api_versions={"mastodon": 2})
        else:
            info.update(uri="127.0.0.1", max_toot_chars=self.max_characters)
        return info

    def _create(self, req: Request) -> Response:
        ctype = req.headers.get("content-type", "")
        fields = req.json() if ctype.startswith("application/json") else req.form()
        text = str(fields.get("status") or "")
        spoiler = str(fields.get("spoiler_text") or "")
        key = req.headers.get("idempotency-key")
        now = self.clock()
        with self.lock:
            if key:
                seen = self.idempotency.get((self.account["id"], key))
                if seen and now - seen[0] < IDEMPOTENCY_SECONDS:
                    return Response(200, seen[1])
            if not text.strip():
                return self.error(422, message="Validation failed: Text can't be blank")
            if len(text) > self.max_characters:
                return self.error(422, message=f"Validation failed: Text character limit of {self.max_characters} exceeded")
            status_id = str(next(self._ids))
            status = {
                "id": status_id, "created_at": _iso(now), "in_reply_to_id": None, "in_reply_to_account_id": None,
                "sensitive": bool(spoiler), "spoiler_text": spoiler,
                "visibility": fields.get("visibility") or "public", "language": fields.get("language") or None,
                "uri": f"{self.url}/users/{self.account['username']}/statuses/{status_id}",
                "url": f"{self.url}/@{self.account['username']}/{status_id}",
                "replies_count": 0, "reblogs_count": 0, "favourites_count": 0, "edited_at": None,
                "content": _html(text), "reblog": None, "account": self.account, "media_attachments": [],
                "mentions": [], "tags": [], "emojis": [], "card": None, "poll": None,
            }
            self.posts.append({"id": status_id, "text": text, "spoiler_text": spoiler, "idempotency_key": key,
                               "visibility": status["visibility"], "language": status["language"],
                               "status": status, "deleted": False})
            if key:
                self.idempotency[(self.account["id"], key)] = (now, status)
        return Response(200, status)

    # ------------------------------------------------------------ errors

    def error(self, status: int, *, reset: str | None = None, message: str | None = None, **_) -> Response:
        if status == 401:
            return Response(401, {"error": "The access token is invalid"},
                            {"WWW-Authenticate": 'Bearer realm="Doorkeeper", error="invalid_token"'})
        if status == 403:
            return Response(403, {"error": "This action is not allowed"})
        if status == 422:
            return Response(422, {"error": message or "Validation failed: Text can't be blank"})
        if status == 429:
            reset = reset or _iso(self.clock() + 300)
            return Response(429, {"error": "Too many requests"},
                            {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset})
        if status >= 500:
            return Response(status, {"error": "We're sorry, but something went wrong on our end."})
        return Response(status, {"error": message or "Error"})
