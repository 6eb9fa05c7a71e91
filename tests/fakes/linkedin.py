r"""A loopback fake of LinkedIn's versioned Posts API (``/rest/posts``).

Every call needs a Bearer token, ``LinkedIn-Version: YYYYMM`` and
``X-Restli-Protocol-Version: 2.0.0``.  A created post's URN comes back in
``x-restli-id``; the same commentary twice from the author answers 422
``DUPLICATE_POST`` in LinkedIn's error shape.  An expired token answers 401
``EXPIRED_ACCESS_TOKEN`` (LinkedIn tokens last 60 days).

Commentary is "little text": the reserved characters ``| { } @ [ ] ( ) < > #
\ * _ ~`` must be backslash-escaped, or LinkedIn silently cuts the post at
the first unescaped one.  Each stored post keeps ``commentary`` (what was
sent) and ``shown`` (what LinkedIn would display, cut like that).
"""

from __future__ import annotations

import itertools
import re
from urllib.parse import unquote

from .server import FakeServer, Request, Response


RESERVED = set("|{}@[]()<>#\\*_~")


def shown(commentary: str) -> str:
    """What LinkedIn displays for a little-text commentary: escapes resolved, cut at an unescaped reserved char."""
    out, i = [], 0
    while i < len(commentary):
        ch = commentary[i]
        if ch == "\\" and i + 1 < len(commentary) and commentary[i + 1] in RESERVED:
            out.append(commentary[i + 1])
            i += 2
            continue
        if ch in RESERVED:
            break
        out.append(ch)
        i += 1
    return "".join(out)


class LinkedInFake(FakeServer):
    network = "linkedin"

    def __init__(self, access_token: str, author_urn: str) -> None:
        super().__init__()
        self.access_token = access_token
        self.author_urn = author_urn
        self.expired = False
        self._ids = itertools.count(7260000000000000001)

    def expire(self) -> None:
        self.expired = True

    revoke = expire

    def route(self, req: Request) -> Response:
        if self.expired or req.headers.get("authorization") != f"Bearer {self.access_token}":
            return self.error(401)
        if req.method == "GET" and req.path == "/v2/userinfo":  # OpenID Connect: no version headers needed
            member = self.author_urn.rsplit(":", 1)[-1]
            return Response(200, {"sub": member, "name": "Dr Smith", "given_name": "Dr", "family_name": "Smith",
                                  "email_verified": True, "locale": {"country": "US", "language": "en"}})
        version = req.headers.get("linkedin-version", "")
        if not re.fullmatch(r"\d{6}", version):
            return Response(426, {"status": 426, "code": "NONEXISTENT_VERSION",
                                  "message": f"Requested version {version} is not active"})
        if req.headers.get("x-restli-protocol-version") != "2.0.0":
            return Response(400, {"status": 400, "message": "Restli protocol version 2.0.0 is required"})
        if req.method == "POST" and req.path == "/rest/posts":
            return self.write(lambda: self._create(req))
        if req.method == "DELETE" and req.path.startswith("/rest/posts/"):
            urn = unquote(req.path[len("/rest/posts/"):])
            with self.lock:
                for post in self.live_posts():
                    if post["id"] == urn:
                        post["deleted"] = True
                        return Response(204)
            return Response(404, {"status": 404, "code": "NOT_FOUND", "message": "Not Found"})
        return Response(404, {"status": 404, "code": "NOT_FOUND", "message": "Not Found"})

    def _create(self, req: Request) -> Response:
        body = req.json()
        if body.get("author") != self.author_urn:
            return Response(403, {"status": 403, "serviceErrorCode": 100, "code": "ACCESS_DENIED",
                                  "message": "Not enough permissions to post as this author"})
        commentary = body.get("commentary")
        if not isinstance(commentary, str) or body.get("lifecycleState") != "PUBLISHED" or "distribution" not in body:
            return self.error(422)
        with self.lock:
            for post in self.live_posts():
                if post["commentary"] == commentary:
                    return self.error(422, duplicate_of=post["id"])
            urn = f"urn:li:share:{next(self._ids)}"
            article = (body.get("content") or {}).get("article")
            self.posts.append({"id": urn, "commentary": commentary, "text": commentary, "shown": shown(commentary),
                               "article": article,
                               "body": body, "version": req.headers.get("linkedin-version"), "deleted": False})
        return Response(201, b"", {"x-restli-id": urn, "x-linkedin-id": urn})

    def error(self, status: int, *, duplicate_of: str | None = None, retry_after: int | None = None, **_) -> Response:
        if status == 401:
            if self.expired:
                return Response(401, {"status": 401, "serviceErrorCode": 65601, "code": "EXPIRED_ACCESS_TOKEN",
                                      "message": "The token used in the request has expired"})
            return Response(401, {"status": 401, "serviceErrorCode": 65600, "code": "INVALID_ACCESS_TOKEN",
                                  "message": "Invalid access token"})
        if status == 422 and duplicate_of:
            return Response(422, {
                "errorDetailType": "com.linkedin.common.error.BadRequest",
                "message": f"com.linkedin.content.common.exception.BadRequestResponseException: "
                           f"Content is a duplicate of {duplicate_of}",
                "errorDetails": {"inputErrors": [{"description": "Duplicate post is detected", "input": {},
                                                  "code": "DUPLICATE_POST"}]},
                "status": 422})
        if status == 422:
            return Response(422, {
                "errorDetailType": "com.linkedin.common.error.BadRequest",
                "message": "Field Value validation failed in REQUEST_BODY",
                "errorDetails": {"inputErrors": [{"description": "Invalid value", "input": {},
                                                  "code": "INVALID_VALUE"}]},
                "status": 422})
        if status == 429:
            headers = {"X-RestLi-Error-Response": "true"}
            if retry_after is not None:
                headers["Retry-After"] = str(retry_after)
            return Response(429, {"status": 429, "serviceErrorCode": 101, "code": "TOO_MANY_REQUESTS",
                                  "message": "Resource level throttle APPLICATION DAY limit for calls to this "
                                             "resource is reached."}, headers)
        if status == 403:
            return Response(403, {"status": 403, "serviceErrorCode": 100, "code": "ACCESS_DENIED",
                                  "message": "Not enough permissions to access this resource"})
        return Response(status, {"status": status, "message": "Internal Server Error"})
