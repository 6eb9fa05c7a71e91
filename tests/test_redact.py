"""Secrets stay secret: the logging filter, scrub(), and a DEBUG run of every adapter against the fakes."""

from __future__ import annotations

import datetime as dt
import logging
import traceback

import pytest

from fakes import fixtures as F
from fakes.fixtures import SECRETS, fake_env
from publish import credentials, networks, redact
from publish.adapters import SendError

NOW = dt.datetime(2026, 11, 22, 20, 0, tzinfo=dt.timezone.utc)



@pytest.fixture(autouse=True)
def clean_logging():
    levels = {name: logging.getLogger(name).level for name in ("", *redact.LIBRARY_LOGGERS)}
    yield
    redact.uninstall()
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


class ListHandler(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record):
        self.lines.append(self.format(record))


def everything_at_debug() -> ListHandler:
    """DEBUG on the root logger and on every client library's logger, as a worried developer might set."""
    handler = ListHandler()
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.DEBUG)
    for name in redact.LIBRARY_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    return handler


# ---------------------------------------------------------------- scrub


def test_scrub_replaces_configured_values_and_their_url_encodings():
    text = "token=abc/def+g== and abc%2Fdef%2Bg%3D%3D and plain abc/def+g=="
    out = redact.scrub(text, ["abc/def+g=="])
    assert "abc" not in out and out.count("[redacted]") == 3


@pytest.mark.parametrize(
    "text, hidden",
    [
        ("Authorization: Bearer zzTOKENzz123456", "zzTOKENzz123456"),
        ("{'Authorization': 'Bearer zzTOKENzz123456'}", "zzTOKENzz123456"),
        ('Authorization: OAuth oauth_consumer_key="ck123", oauth_token="1-tok", oauth_signature="s%2F"', "1-tok"),
        ("GET /api?access_token=qwerty12345&x=1", "qwerty12345"),
        ('{"password": "hunter2hunter2"}', "hunter2hunter2"),
        ("refreshJwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkaWQifQ.sig", "eyJhbGciOiJIUzI1NiJ9"),
        ("a JWT eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkaWQifQ.c2lnbmF0dXJl alone", "eyJzdWIiOiJkaWQifQ"),
    ],
)
def test_scrub_hides_token_shapes_without_being_told_the_value(text, hidden):
    out = redact.scrub(text)
    assert hidden not in out and "[redacted]" in out


def test_scrub_leaves_plain_text_alone():
    text = "Posted to Mastodon: https://social.example/@dr/1 (status 200)."
    assert redact.scrub(text, ["some-secret-value"]) == text


# ---------------------------------------------------------------- the filter


def test_filter_redacts_message_args_and_tracebacks(caplog):
    redact.install(["s3cr3t-VALUE"])
    caplog.set_level(logging.DEBUG)
    log = logging.getLogger("consulting_room.test")
    log.debug("token %s in %r", "s3cr3t-VALUE", {"Authorization": "Bearer s3cr3t-VALUE"})
    try:
        raise RuntimeError("failed with s3cr3t-VALUE")
    except RuntimeError:
        log.exception("send failed")
    assert "s3cr3t-VALUE" not in caplog.text
    assert caplog.text.count("[redacted]") >= 3
    assert "RuntimeError: failed with [redacted]" in caplog.text


def test_a_handler_added_after_install_is_covered_too():
    redact.install(["s3cr3t-VALUE"])
    handler = ListHandler()
    logger = logging.getLogger("consulting_room.late")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("value %s", "s3cr3t-VALUE")
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    assert handler.lines == ["consulting_room.late WARNING value [redacted]"]


def test_install_quiets_the_client_libraries():
    for name in redact.LIBRARY_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    redact.install([])
    assert {logging.getLogger(n).level for n in redact.LIBRARY_LOGGERS} == {logging.WARNING}
    assert logging.getLogger("urllib3.connectionpool").getEffectiveLevel() == logging.WARNING


# ---------------------------------------------------------------- a DEBUG run against the fakes


def _adapter(network, fake):
    creds = credentials.load(fake_env(**{network: fake}), dotenv_path=None)
    return credentials.make_adapter(network, creds[network], timeout=1.0)


def _exercise(network, fake) -> list[str]:
    """Success, find, delete and a run of failures; returns every exception text and repr produced."""
    texts = []
    link = f"https://practice.example/{network}/"
    with _adapter(network, fake) as a:
        r = networks.render(network, "Hello", link, "cw")
        remote = a.send(r, a.key_for("seed", NOW))
        texts.append(repr(remote))
        try:
            texts.append(repr(a.find(r, a.key_for("seed", NOW))))
        except Exception as exc:  # NotSupported
            texts.append(str(exc))
        a.delete(remote)
        faults = [("status", {"status": 429}), ("status", {"status": 422}), ("accept_timeout", {"delay": 3.0}),
                  ("drop_after", {}), ("status", {"status": 500})]
        for i, (kind, params) in enumerate(faults):
            fake.fault(kind, **params)
            r = networks.render(network, f"Note {i}", link)
            try:
                a.send(r, a.key_for(f"seed-{i}", NOW))
            except SendError as err:
                texts += [str(err), repr(err), "".join(traceback.format_exception(err))]
    fake.revoke()
    with _adapter(network, fake) as a:
        try:
            a.send(networks.render(network, "Last", link), a.key_for("last", NOW))
        except SendError as err:
            assert err.kind == "auth"
            texts += [str(err), repr(err), "".join(traceback.format_exception(err))]
    return texts


def test_no_secret_anywhere_in_a_debug_run(x_fake, mastodon_fake, bluesky_fake, linkedin_fake, capfd):
    redact.install(SECRETS)
    handler = everything_at_debug()
    fakes = {"x": x_fake, "mastodon": mastodon_fake, "bluesky": bluesky_fake, "linkedin": linkedin_fake}
    texts = []
    try:
        for network, fake in fakes.items():
            texts += _exercise(network, fake)
    finally:
        logging.getLogger().removeHandler(handler)
    out, err = capfd.readouterr()
    haystack = "\n".join(handler.lines + texts + [out, err])

    # the run really did log at DEBUG and really did use every secret
    assert any(line.startswith(("urllib3", "httpcore", "requests_oauthlib", "oauthlib")) for line in handler.lines)
    assert len(texts) > 40
    assert x_fake.received(F.X_API_KEY) and x_fake.received(F.X_ACCESS_TOKEN)
    assert x_fake.posts  # the X fake checks the HMAC signature made with both X secrets
    assert mastodon_fake.received(F.MASTODON_ACCESS_TOKEN)
    assert bluesky_fake.received(F.BLUESKY_APP_PASSWORD)
    assert linkedin_fake.received(F.LINKEDIN_ACCESS_TOKEN)

    for secret in SECRETS:
        assert secret not in haystack, f"a secret leaked ({secret[:6]}…)"


def test_without_the_filter_the_same_search_finds_the_token(x_fake):
    """The control for the test above: the client libraries do log tokens at DEBUG."""
    handler = everything_at_debug()
    try:
        with _adapter("x", x_fake) as a:
            a.send(networks.render("x", "Hello", "https://practice.example/"), "k")
    finally:
        logging.getLogger().removeHandler(handler)
    assert F.X_ACCESS_TOKEN.split("-", 1)[1] in "\n".join(handler.lines)
