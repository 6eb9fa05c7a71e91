"""Keep secrets out of logs and messages (docs/crossposting.md: never leak a secret).

``install(secrets)`` puts a ``RedactingFilter`` on the root logger and on
every handler it has, and turns the client libraries' loggers down to
WARNING (they log request headers, bodies and tokens at DEBUG).  The filter
replaces every configured secret value, and anything shaped like a token in
an Authorization header, an OAuth parameter or a query string, with
``[redacted]`` in the record's message and arguments.

``scrub(text, secrets)`` does the same to any string, for exception messages.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from .registry import REGISTRY

REDACTED = "[redacted]"

#: the HTTP libraries every network uses, and each network's own client (registry.py)
LIBRARY_LOGGERS = ("urllib3", "requests", "httpx", "httpcore") + tuple(
    sorted({name for spec in REGISTRY.values() for name in spec.loggers} - {"urllib3", "requests", "httpx", "httpcore"})
)

_SHAPES = [
    # Authorization: Bearer xxx / Basic xxx / OAuth k="v", ... (up to the end of the header value)
    re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?\s*(?:bearer|basic|token|dpop)\s+)[^\s'\",}]+"),
    re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?\s*oauth\s+)[^'\"}\n]+"),
    re.compile(r"(?i)(\bbearer\s+)[A-Za-z0-9\-._~+/]{8,}=*"),
    # OAuth 1.0a parameters and common secret-bearing fields, in headers, bodies or query strings
    re.compile(
        r"(?i)(\b(?:oauth_token|oauth_signature|oauth_consumer_key|oauth_token_secret|oauth_verifier|access_token|"
        r"refresh_token|accessJwt|refreshJwt|client_secret|password|app_password|api_key|apikey|token|secret)"
        r"['\"]?\s*[=:]\s*['\"]?)[^&\s'\",}]+"
    ),
    # JWTs
    re.compile(r"()\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"),
]


def _variants(secret: str) -> list[str]:
    from urllib.parse import quote, quote_plus

    out = {secret, quote(secret, safe=""), quote_plus(secret)}
    return sorted((v for v in out if v), key=len, reverse=True)


def scrub(text: object, secrets: Iterable[str] = ()) -> str:
    """The text with every secret value and token-shaped string replaced by [redacted]."""
    out = str(text)
    for secret in sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True):
        for variant in _variants(secret):
            out = out.replace(variant, REDACTED)
    for shape in _SHAPES:
        out = shape.sub(lambda m: m.group(1) + REDACTED, out)
    return out


class RedactingFilter(logging.Filter):
    """Rewrites each record so neither its message nor its arguments hold a secret."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        _scrub_record(record, self.secrets)
        return True


def _scrub_record(record: logging.LogRecord, secrets: Iterable[str]) -> None:
    if getattr(record, "_redacted", False):
        return
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: keep the template and args apart, scrubbed
        message = f"{record.msg} {record.args!r}"
    record.msg = scrub(message, secrets)
    record.args = None
    if record.exc_info and record.exc_info[1] is not None:
        record.exc_text = scrub(logging.Formatter().formatException(record.exc_info), secrets)
        record.exc_info = None
    elif record.exc_text:
        record.exc_text = scrub(record.exc_text, secrets)
    if record.stack_info:
        record.stack_info = scrub(record.stack_info, secrets)
    record._redacted = True


_installed: list[tuple[logging.Filterer, RedactingFilter]] = []
_factory_state: dict = {}


def install(secrets: Iterable[str] = ()) -> RedactingFilter:
    """Add one redacting filter to the root logger, its handlers and the library loggers; quiet those loggers.

    Records are also scrubbed as they are made (a wrapped log record factory),
    so a handler added after ``install`` never sees a secret either.
    """
    flt = RedactingFilter(secrets)
    if "original" not in _factory_state:
        original = logging.getLogRecordFactory()
        _factory_state["original"] = original
        _factory_state["filters"] = []

        def factory(*args, **kwargs):
            record = original(*args, **kwargs)
            secrets_now = [s for f in _factory_state.get("filters", ()) for s in f.secrets]
            _scrub_record(record, secrets_now)
            return record

        logging.setLogRecordFactory(factory)
    _factory_state["filters"].append(flt)
    root = logging.getLogger()
    targets: list[logging.Filterer] = [root, *root.handlers]
    for name in LIBRARY_LOGGERS:
        lib = logging.getLogger(name)
        lib.setLevel(logging.WARNING)
        targets.append(lib)
        targets.extend(lib.handlers)
    for target in targets:
        target.addFilter(flt)
        _installed.append((target, flt))
    return flt


def uninstall() -> None:
    """Remove every filter ``install`` added (tests use this)."""
    while _installed:
        target, flt = _installed.pop()
        target.removeFilter(flt)
    if "original" in _factory_state:
        logging.setLogRecordFactory(_factory_state.pop("original"))
        _factory_state.clear()
