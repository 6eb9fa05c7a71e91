"""A loopback fake of the X API v2 endpoints tweepy's Client uses for posting.

OAuth 1.0a: the Authorization header's consumer key and token must match,
and its HMAC-SHA1 signature is checked against the two secrets, computed over
the URL tweepy signed (``https://api.twitter.com`` + path), so a wrong secret
is a 401 just as on X.  Posting the same text twice from the account answers
403 "duplicate content", as X does.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import time
from urllib.parse import quote, unquote

from oauthlib.oauth1.rfc5849 import signature as oauth_sig

from .server import FakeServer, Request, Response

API_HOST = "https://api.twitter.com"


def _problem(status: int, title: str, detail: str, kind: str = "about:blank") -> dict:
    return {"title": title, "detail": detail, "type": kind, "status": status}


class XFake(FakeServer):
    network = "x"

    def __init__(self, consumer_key: str, consumer_secret: str, access_token: str, access_token_secret: str,
                 username: str = "drsmith") -> None:
        super().__init__()
        self.consumer_key = consumer_key
        self.consumer_secret = consumer_secret
        self.access_token = access_token
        self.access_token_secret = access_token_secret
        self.user_id = access_token.split("-", 1)[0] if "-" in access_token else "1600000000000000001"
        self.username = username
        self.revoked = False
        self._ids = itertools.count(1860000000000000001)

    def revoke(self) -> None:
        self.revoked = True

    # ------------------------------------------------------------ auth

    def _authorized(self, req: Request) -> bool:
        if self.revoked:
            return False
        header = req.headers.get("authorization", "")
        if not header.startswith("OAuth "):
            return False
        params = dict(oauth_sig.collect_parameters(headers={"Authorization": header}, exclude_oauth_signature=False))
        if params.get("oauth_consumer_key") != self.consumer_key or params.get("oauth_token") != self.access_token:
            return False
        given = unquote(params.get("oauth_signature", ""))
        query = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, vs in req.query.items() for v in vs)
        collected = oauth_sig.collect_parameters(uri_query=query, headers={"Authorization": header})
        base = oauth_sig.signature_base_string(
            req.method, oauth_sig.base_string_uri(API_HOST + req.path), oauth_sig.normalize_parameters(collected)
        )
        key = f"{quote(self.consumer_secret, safe='~')}&{quote(self.access_token_secret, safe='~')}"
        expected = base64.b64encode(hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()).decode()
        return hmac.compare_digest(given, expected)

    # ------------------------------------------------------------ routes

    def route(self, req: Request) -> Response:
        if not self._authorized(req):
            return self.error(401)
        if req.method == "POST" and req.path == "/2/tweets":
            return self.write(lambda: self._create(req))
        if req.method == "DELETE" and req.path.startswith("/2/tweets/"):
            return self._delete(req.path.rsplit("/", 1)[1])
        if req.method == "GET" and req.path == "/2/users/me":
            return Response(200, {"data": {"id": self.user_id, "name": "Dr Smith", "username": self.username}})
        return Response(404, _problem(404, "Not Found Error", "Not found."))

    def _create(self, req: Request) -> Response:
        body = req.json()
        text = body.get("text")
        if not isinstance(text, str) or not text.strip():
            return self.error(400)
        with self.lock:
            if any(p["text"] == text for p in self.live_posts()):
                return self.error(403, duplicate=True)
            tweet_id = str(next(self._ids))
            self.posts.append({"id": tweet_id, "text": text, "body": body, "deleted": False})
        return Response(201, {"data": {"id": tweet_id, "text": text, "edit_history_tweet_ids": [tweet_id]}})

    def _delete(self, tweet_id: str) -> Response:
        with self.lock:
            for post in self.live_posts():
                if post["id"] == tweet_id:
                    post["deleted"] = True
                    return Response(200, {"data": {"deleted": True}})
        return Response(404, _problem(404, "Not Found Error", f"Could not find tweet with id: [{tweet_id}]."))

    # ------------------------------------------------------------ errors

    def error(self, status: int, *, duplicate: bool = False, reset: int | None = None, **_) -> Response:
        if status == 401:
            return Response(401, _problem(401, "Unauthorized", "Unauthorized"))
        if status == 403 and duplicate:
            return Response(403, _problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content."))
        if status == 403:
            return Response(403, _problem(403, "Forbidden", "You are not permitted to perform this action."))
        if status == 429:
            reset = reset if reset is not None else int(time.time()) + 900
            return Response(429, _problem(429, "Too Many Requests", "Too Many Requests"), {
                "x-rate-limit-limit": "100", "x-rate-limit-remaining": "0", "x-rate-limit-reset": str(reset)})
        if status in (400, 422):
            return Response(status, {
                "errors": [{"parameters": {"text": []}, "message": "The text field is invalid."}],
                "title": "Invalid Request", "detail": "One or more parameters to your request was invalid.",
                "type": "https://api.twitter.com/2/problems/invalid-request"})
        if status >= 500:
            return Response(status, _problem(status, "Service Unavailable", "Service Unavailable"))
        return Response(status, _problem(status, "Error", "Error"))
