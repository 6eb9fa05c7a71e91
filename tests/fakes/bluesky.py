"""A loopback fake of a Bluesky PDS: sessions and the repository record calls the adapter uses.

``createSession`` checks the handle and app password and hands out JWT-shaped
tokens (the atproto client reads their ``exp`` to decide when to refresh);
``refreshSession`` swaps a refresh token for a new pair.  ``createRecord``
checks the record key is a TID, the record is an ``app.bsky.feed.post``,
facets lie within the text's UTF-8 bytes, and refuses a key already taken
the way the reference PDS does (tests/test_bluesky_pds.py checks it against the real one).
Set ``access_ttl`` below 15 minutes to make the client refresh before each
call.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import re
import secrets
import time

from .server import FakeServer, Request, Response

TID = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")
POST = "app.bsky.feed.post"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _jwt(payload: dict) -> str:
    header = {"typ": "at+jwt", "alg": "HS256"}
    return ".".join([_b64(json.dumps(header).encode()), _b64(json.dumps(payload).encode()),
                     _b64(secrets.token_bytes(32))])


def _cid(data: bytes) -> str:
    return "bafyrei" + base64.b32encode(hashlib.sha256(data).digest()).decode().lower().rstrip("=")[:52]


class BlueskyFake(FakeServer):
    network = "bluesky"

    def __init__(self, handle: str, app_password: str, access_ttl: int = 7200) -> None:
        super().__init__()
        self.handle = handle
        self.app_password = app_password
        self.did = "did:plc:" + hashlib.sha256(handle.encode()).hexdigest()[:24]
        self.access_ttl = access_ttl
        self.revoked = False
        self.access_tokens: set[str] = set()
        self.refresh_tokens: set[str] = set()
        self.sessions_created = 0
        self.sessions_refreshed = 0
        self.records: dict[str, dict] = {}  # rkey -> stored post
        self._rev = itertools.count(1)

    def revoke(self) -> None:
        """The app password was revoked: existing sessions end and logging in fails."""
        self.revoked = True
        self.access_tokens.clear()
        self.refresh_tokens.clear()

    # ------------------------------------------------------------ sessions

    def _session(self) -> dict:
        now = int(time.time())
        access = _jwt({"scope": "com.atproto.appPass", "sub": self.did, "iat": now, "exp": now + self.access_ttl,
                       "aud": "did:web:pds.invalid"})
        refresh = _jwt({"scope": "com.atproto.refresh", "sub": self.did, "iat": now, "exp": now + 90 * 86400,
                        "jti": secrets.token_hex(8), "aud": "did:web:pds.invalid"})
        self.access_tokens.add(access)
        self.refresh_tokens.add(refresh)
        return {"accessJwt": access, "refreshJwt": refresh, "handle": self.handle, "did": self.did,
                "active": True, "emailConfirmed": True}

    def _bearer(self, req: Request) -> str:
        header = req.headers.get("authorization", "")
        return header[7:] if header.startswith("Bearer ") else ""

    # ------------------------------------------------------------ routes

    def route(self, req: Request) -> Response:
        nsid = req.path.removeprefix("/xrpc/")
        if req.method == "GET" and nsid == "com.atproto.server.describeServer":
            return Response(200, {"did": "did:web:pds.invalid", "availableUserDomains": [".test"],
                                  "inviteCodeRequired": False})
        if req.method == "POST" and nsid == "com.atproto.server.createSession":
            body = req.json()
            if body.get("identifier") not in (self.handle, self.did) or body.get("password") != self.app_password or self.revoked:
                return Response(401, {"error": "AuthenticationRequired", "message": "Invalid identifier or password"})
            with self.lock:
                self.sessions_created += 1
                return Response(200, self._session())
        if req.method == "POST" and nsid == "com.atproto.server.refreshSession":
            token = self._bearer(req)
            with self.lock:
                if token not in self.refresh_tokens:
                    return Response(400, {"error": "ExpiredToken", "message": "Token has been revoked"})
                self.refresh_tokens.discard(token)
                self.sessions_refreshed += 1
                session = self._session()
            session.pop("emailConfirmed", None)
            return Response(200, session)
        if self._bearer(req) not in self.access_tokens:
            return Response(401, {"error": "InvalidToken", "message": "Token could not be verified"})
        if req.method == "POST" and nsid == "com.atproto.repo.createRecord":
            return self.write(lambda: self._create(req))
        if req.method == "GET" and nsid == "com.atproto.repo.getRecord":
            return self._get(req)
        if req.method == "GET" and nsid == "com.atproto.repo.listRecords":
            return self._list(req)
        if req.method == "POST" and nsid == "com.atproto.repo.deleteRecord":
            body = req.json()
            with self.lock:
                post = self.records.pop(body.get("rkey"), None)
                if post:
                    post["deleted"] = True
            if post is None:  # the reference PDS: 200 and no commit for a record that is not there
                return Response(200, {})
            return Response(200, {"commit": {"cid": _cid(str(next(self._rev)).encode()), "rev": self._next_rev()}})
        return Response(501, {"error": "MethodNotImplemented", "message": "Method Not Implemented"})

    def _next_rev(self) -> str:
        return f"3l{next(self._rev):011d}"[:13]

    def _invalid(self, message: str) -> Response:
        return Response(400, {"error": "InvalidRequest", "message": message})

    def _create(self, req: Request) -> Response:
        body = req.json()
        if body.get("repo") not in (self.did, self.handle):
            return self._invalid("Invalid repo")
        if body.get("collection") != POST:
            return self._invalid("This fake only stores posts")
        rkey = body.get("rkey")
        if not isinstance(rkey, str) or not TID.match(rkey):
            return self._invalid("Invalid record key: must be a TID")
        record = body.get("record") or {}
        text = record.get("text")
        if record.get("$type") != POST or not isinstance(text, str) or "createdAt" not in record:
            return self._invalid(f"Invalid {POST} record")
        size = len(text.encode("utf-8"))
        if size > 3000:
            return self._invalid("Invalid app.bsky.feed.post record: Record/text must not be longer than 3000 bytes")
        for facet in record.get("facets") or []:
            index = facet.get("index") or {}
            start, end = index.get("byteStart"), index.get("byteEnd")
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= size):
                return self._invalid("Invalid app.bsky.feed.post record: facet outside the text")
        with self.lock:
            if rkey in self.records:
                # The reference PDS (tests/test_bluesky_pds.py) fails deep in its repository write here
                # ("There is already a value at key"): a generic 500 InternalServerError, not a tidy 400 or 409.
                return Response(500, {"error": "InternalServerError", "message": "Internal Server Error"})
            data = json.dumps(record, sort_keys=True).encode()
            uri = f"at://{self.did}/{POST}/{rkey}"
            post = {"id": rkey, "rkey": rkey, "uri": uri, "cid": _cid(data), "text": text, "facets": record.get("facets"),
                    "embed": record.get("embed"), "langs": record.get("langs"), "record": record,
                    "deleted": False}
            self.records[rkey] = post
            self.posts.append(post)
        return Response(200, {"uri": uri, "cid": post["cid"],
                              "commit": {"cid": _cid(uri.encode()), "rev": self._next_rev()},
                              "validationStatus": "valid"})

    def _get(self, req: Request) -> Response:
        rkey, repo, collection = req.q("rkey"), req.q("repo"), req.q("collection")
        with self.lock:
            post = self.records.get(rkey) if repo in (self.did, self.handle) and collection == POST else None
        if post is None:
            return Response(400, {"error": "RecordNotFound",
                                  "message": f"Could not locate record: at://{repo}/{collection}/{rkey}"})
        return Response(200, {"uri": post["uri"], "cid": post["cid"], "value": post["record"]})

    def _list(self, req: Request) -> Response:
        """Newest first (record keys are TIDs, so in reverse order of key), `limit` per page, a cursor after each full page."""
        repo, collection = req.q("repo"), req.q("collection")
        limit = max(1, min(int(req.q("limit", "50")), 100))
        cursor = req.q("cursor")
        with self.lock:
            posts = sorted(self.records.values(), key=lambda p: p["rkey"], reverse=True) if repo in (self.did, self.handle) and collection == POST else []
        if cursor:
            posts = [p for p in posts if p["rkey"] < cursor]
        page = posts[:limit]
        body = {"records": [{"uri": p["uri"], "cid": p["cid"], "value": p["record"]} for p in page]}
        if len(page) == limit and len(posts) > limit:
            body["cursor"] = page[-1]["rkey"]
        return Response(200, body)

    # ------------------------------------------------------------ errors

    def error(self, status: int, *, reset: int | None = None, **_) -> Response:
        if status == 401:
            return Response(401, {"error": "AuthenticationRequired", "message": "Authentication Required"})
        if status == 429:
            reset = reset if reset is not None else int(time.time()) + 300
            return Response(429, {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}, {
                "ratelimit-limit": "5000", "ratelimit-remaining": "0", "ratelimit-reset": str(reset),
                "ratelimit-policy": "5000;w=3600"})
        if status in (400, 422):
            return self._invalid("Invalid app.bsky.feed.post record")
        if status >= 500:
            return Response(status, {"error": "InternalServerError", "message": "Internal Server Error"})
        return Response(status, {"error": "Error", "message": "Error"})
