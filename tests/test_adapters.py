"""The four network adapters against loopback fakes: real client libraries, real sockets.

Each adapter is built by ``publish.credentials.make_adapter`` from the same
environment variables publish reads, pointed at the fakes (X through the
URL-rewriting adapter mounted on tweepy's session).
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
from types import SimpleNamespace

import pytest

from fakes.fixtures import LINKEDIN_AUTHOR_URN, fake_env
from publish import credentials, networks
from publish.adapters import NotSupported, Remote, SendError
from publish.adapters.base import TID_RE, tid_key

TIMEOUT = 1.0
SLOW = 3.0  # how long an "accept then time out" fake waits: well past TIMEOUT
UTC = dt.timezone.utc
LINK = "https://practice.example/posts/über-ängste/"
NETWORKS = ("x", "mastodon", "bluesky", "linkedin")


def rendered(network: str, body: str = "Über Ängste sprechen 😊 — a note on naming fear.", cw: str = ""):
    """What publish would send: the real renderer, so adapters are tested on its exact output."""
    return networks.render(network, body, LINK, cw, title="Über Ängste", description="Naming fear, gently.", lang="de")


class _Fakes:
    """Starts only the fakes a test asks for: ``fakes["x"]`` is the x_fake fixture."""

    def __init__(self, request):
        self.request = request

    def __getitem__(self, network):
        return self.request.getfixturevalue(f"{network}_fake")


@pytest.fixture
def fakes(request):
    return _Fakes(request)


_open: list = []


@pytest.fixture(autouse=True)
def close_adapters():
    yield
    while _open:
        _open.pop().close()


def adapter_for(network: str, fake, **overrides):
    env = fake_env(**{network: fake})
    env.update(overrides)
    creds = credentials.load(env, dotenv_path=None)
    adapter = credentials.make_adapter(network, creds[network], timeout=TIMEOUT)
    _open.append(adapter)
    return adapter


def send_error(fn) -> SendError:
    with pytest.raises(SendError) as info:
        fn()
    return info.value


def plain(err: SendError, *secrets: str) -> None:
    """A clinician-facing sentence: no body, no braces, no query string, no secret, one line."""
    text = str(err)
    assert text and "\n" not in text and text.endswith(".")
    assert "{" not in text and "?" not in text and "Traceback" not in text
    for secret in secrets:
        assert secret not in text


NOW = dt.datetime(2026, 11, 22, 20, 0, 0, 123456, tzinfo=UTC)


# ---------------------------------------------------------------- success


def test_x_posts_the_exact_text(x_fake):
    a = adapter_for("x", x_fake)
    r = rendered("x")
    remote = a.send(r, a.key_for("post-1", NOW))
    assert [p["text"] for p in x_fake.posts] == [r.wire_text]
    assert remote == Remote(x_fake.posts[0]["id"], f"https://x.com/i/web/status/{x_fake.posts[0]['id']}")
    assert a.account == "1600000000000000001"


def test_mastodon_posts_with_content_warning_language_and_idempotency_key(mastodon_fake):
    a = adapter_for("mastodon", mastodon_fake)
    r = rendered("mastodon", cw="Suicide mentioned")
    key = a.key_for("post-1", NOW)
    remote = a.send(r, key)
    [post] = mastodon_fake.posts
    assert post["text"] == r.wire_text
    assert post["spoiler_text"] == "Suicide mentioned"
    assert post["idempotency_key"] == key
    assert post["visibility"] == "public" and post["language"] == "de"
    assert remote == Remote(post["id"], f"{mastodon_fake.url}/@drsmith/{post['id']}")
    assert a.account == "@drsmith@127.0.0.1"


def test_bluesky_record_has_link_facet_at_utf8_byte_offsets_and_a_card(bluesky_fake):
    a = adapter_for("bluesky", bluesky_fake)
    r = rendered("bluesky")
    key = a.key_for("post-1", NOW)
    remote = a.send(r, key)
    [post] = bluesky_fake.posts
    assert post["text"] == r.wire_text and post["rkey"] == key
    [facet] = post["facets"]
    start, end = facet["index"]["byteStart"], facet["index"]["byteEnd"]
    assert r.wire_text.encode("utf-8")[start:end].decode("utf-8") == LINK
    assert start != r.wire_text.index(LINK)  # bytes, not characters: the text before the link is not ASCII
    assert facet["features"] == [{"$type": "app.bsky.richtext.facet#link", "uri": LINK}]
    assert post["embed"] == {
        "$type": "app.bsky.embed.external",
        "external": {"$type": "app.bsky.embed.external#external", "uri": LINK, "title": "Über Ängste",
                     "description": "Naming fear, gently."},
    }
    assert post["langs"] == ["de"]
    assert post["record"]["createdAt"].endswith("Z")
    assert remote == Remote(key, f"https://bsky.app/profile/drsmith.test/post/{key}")
    assert a.account == "drsmith.test" and a.did == bluesky_fake.did


def test_linkedin_posts_escaped_commentary_with_article(linkedin_fake):
    a = adapter_for("linkedin", linkedin_fake)
    r = rendered("linkedin", body="Fear (and naming it) matters.")
    remote = a.send(r, a.key_for("post-1", NOW))
    [post] = linkedin_fake.posts
    assert post["commentary"] == r.wire_text == r.text.replace("(", "\\(").replace(")", "\\)")
    assert post["shown"] == r.text  # escaped, so LinkedIn shows all of it
    assert post["article"] == {"source": LINK, "title": "Über Ängste", "description": "Naming fear, gently."}
    assert post["version"] == "202411"
    assert post["body"]["author"] == LINKEDIN_AUTHOR_URN and post["body"]["visibility"] == "PUBLIC"
    assert remote == Remote(post["id"], f"https://www.linkedin.com/feed/update/{post['id']}/")
    assert a.account == LINKEDIN_AUTHOR_URN


def test_bluesky_refreshes_a_short_lived_session(bluesky_fake):
    bluesky_fake.access_ttl = 60  # the client refreshes tokens that expire within 15 minutes
    a = adapter_for("bluesky", bluesky_fake)
    a.send(rendered("bluesky"), a.key_for("post-1", NOW))
    assert bluesky_fake.sessions_created == 1 and bluesky_fake.sessions_refreshed >= 1
    assert len(bluesky_fake.posts) == 1


# ---------------------------------------------------------------- auth


RENEW = {
    "x": "X_ACCESS_TOKEN",
    "mastodon": "MASTODON_ACCESS_TOKEN",
    "bluesky": "BLUESKY_APP_PASSWORD",
    "linkedin": "LINKEDIN_ACCESS_TOKEN",
}


@pytest.mark.parametrize("network", NETWORKS)
def test_revoked_credentials_are_auth_errors_naming_what_to_renew(network, fakes):
    fake = fakes[network]
    fake.revoke()
    a = adapter_for(network, fake)
    err = send_error(lambda: a.send(rendered(network), a.key_for("p", NOW)))
    assert err.kind == "auth" and err.network == network and not err.maybe_sent
    assert err.status == 401
    assert RENEW[network] in str(err)
    plain(err, *fake_env(**{network: fake}).values())
    assert fake.live_posts() == []


def test_linkedin_expiry_message_says_tokens_last_60_days(linkedin_fake):
    linkedin_fake.expire()
    a = adapter_for("linkedin", linkedin_fake)
    err = send_error(lambda: a.send(rendered("linkedin"), "k"))
    assert err.kind == "auth" and err.api_code == "EXPIRED_ACCESS_TOKEN"
    assert "60 days" in str(err)


def test_x_account_from_users_me_when_the_token_does_not_carry_the_id():
    from fakes.x import XFake

    with XFake("ck-123456", "cs-123456", "opaqueTOKEN", "ts-123456") as fake:
        creds = credentials.load(
            {"X_API_KEY": "ck-123456", "X_API_SECRET": "cs-123456", "X_ACCESS_TOKEN": "opaqueTOKEN",
             "X_ACCESS_TOKEN_SECRET": "ts-123456", "X_API_BASE_URL": fake.url}, dotenv_path=None)
        with credentials.make_adapter("x", creds["x"], timeout=TIMEOUT) as a:
            assert a.account == fake.user_id
        assert [r.path for r in fake.requests] == ["/2/users/me"]


def test_x_wrong_secret_fails_the_signature_check(x_fake):
    a = adapter_for("x", x_fake, X_ACCESS_TOKEN_SECRET="not-the-secret")
    err = send_error(lambda: a.send(rendered("x"), "k"))
    assert err.kind == "auth" and x_fake.posts == []


# ---------------------------------------------------------------- duplicate, invalid


def test_x_same_text_twice_is_a_duplicate(x_fake):
    a = adapter_for("x", x_fake)
    a.send(rendered("x"), "k1")
    err = send_error(lambda: a.send(rendered("x"), "k2"))
    assert err.kind == "duplicate" and err.status == 403 and not err.maybe_sent
    plain(err)
    assert len(x_fake.posts) == 1


def test_linkedin_same_commentary_twice_is_a_duplicate(linkedin_fake):
    a = adapter_for("linkedin", linkedin_fake)
    a.send(rendered("linkedin"), "k1")
    err = send_error(lambda: a.send(rendered("linkedin"), "k2"))
    assert (err.kind, err.status, err.api_code) == ("duplicate", 422, "DUPLICATE_POST")
    first = linkedin_fake.posts[0]["id"]
    assert err.existing == Remote(first, f"https://www.linkedin.com/feed/update/{first}/")
    plain(err)
    assert "urn:li:share" not in str(err)  # nothing from the response body
    assert len(linkedin_fake.posts) == 1


@pytest.mark.parametrize("network", NETWORKS)
def test_validation_errors_are_invalid(network, fakes):
    fake = fakes[network]
    fake.fault(422)
    a = adapter_for(network, fake)
    err = send_error(lambda: a.send(rendered(network), a.key_for("p", NOW)))
    assert err.kind == "invalid" and err.status in (400, 422) and not err.maybe_sent
    plain(err)
    assert fake.live_posts() == []


def test_mastodon_real_validation_is_invalid(mastodon_fake):
    a = adapter_for("mastodon", mastodon_fake)
    err = send_error(lambda: a.send(rendered("mastodon", body="x" * 600), "k"))
    assert err.kind == "invalid" and err.status == 422
    assert "character limit" not in str(err)  # our sentence, not the server's


@pytest.mark.parametrize("network", NETWORKS)
@pytest.mark.parametrize("status, maybe_sent", [(503, False), (500, True)])
def test_server_errors(network, status, maybe_sent, fakes):
    fakes[network].fault(status)
    a = adapter_for(network, fakes[network])
    err = send_error(lambda: a.send(rendered(network), a.key_for("p", NOW)))
    assert err.kind == "server" and err.status == status and err.maybe_sent is maybe_sent
    plain(err)


# ---------------------------------------------------------------- rate limits


def test_x_429_reads_x_rate_limit_reset(x_fake):
    x_fake.fault(429, reset=1900000000)
    a = adapter_for("x", x_fake)
    err = send_error(lambda: a.send(rendered("x"), "k"))
    assert err.kind == "rate_limited" and err.status == 429
    assert err.retry_at == dt.datetime.fromtimestamp(1900000000, UTC)
    plain(err)


def test_mastodon_429_reads_the_iso_reset_and_never_sleeps(mastodon_fake):
    mastodon_fake.fault(429, reset="2030-01-02T03:04:05.000Z")
    a = adapter_for("mastodon", mastodon_fake)
    err = send_error(lambda: a.send(rendered("mastodon"), "k"))
    assert err.kind == "rate_limited"
    assert err.retry_at == dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert sum(r.path == "/api/v1/statuses" for r in mastodon_fake.requests) == 1  # no retry inside the client


def test_bluesky_429_reads_ratelimit_reset(bluesky_fake):
    bluesky_fake.fault(429, reset=1900000123)
    a = adapter_for("bluesky", bluesky_fake)
    err = send_error(lambda: a.send(rendered("bluesky"), a.key_for("p", NOW)))
    assert err.kind == "rate_limited" and err.retry_at == dt.datetime.fromtimestamp(1900000123, UTC)


def test_linkedin_429_uses_retry_after(linkedin_fake):
    linkedin_fake.fault(429, retry_after=120)
    a = adapter_for("linkedin", linkedin_fake)
    before = dt.datetime.now(UTC)
    err = send_error(lambda: a.send(rendered("linkedin"), "k"))
    after = dt.datetime.now(UTC)
    assert err.kind == "rate_limited"
    assert before + dt.timedelta(seconds=120) <= err.retry_at <= after + dt.timedelta(seconds=120)


def test_linkedin_429_without_retry_after_waits_for_the_daily_reset(linkedin_fake):
    linkedin_fake.fault(429)
    a = adapter_for("linkedin", linkedin_fake)
    before = dt.datetime.now(UTC)
    err = send_error(lambda: a.send(rendered("linkedin"), "k"))
    assert err.retry_at.tzinfo is not None and err.retry_at.time() == dt.time(0, 0)
    assert before < err.retry_at <= before + dt.timedelta(days=1)


def test_a_rate_limit_on_any_call_is_reported_too(mastodon_fake):
    mastodon_fake.fault(429, on="any", reset="2030-01-02T03:04:05Z")  # hits verify_credentials in find
    a = adapter_for("mastodon", mastodon_fake)
    err = send_error(lambda: a.find(rendered("mastodon"), "k"))
    assert err.kind == "rate_limited" and err.retry_at.year == 2030


# ---------------------------------------------------------------- timeouts and dropped connections


@pytest.mark.parametrize("network", NETWORKS)
def test_accepted_then_timed_out_may_have_been_sent(network, fakes):
    fake = fakes[network]
    fake.fault("accept_timeout", delay=SLOW)
    a = adapter_for(network, fake)
    err = send_error(lambda: a.send(rendered(network), a.key_for("p", NOW)))
    assert err.kind == "timeout" and err.maybe_sent is True
    plain(err)
    assert len(fake.live_posts()) == 1  # the network did create it


@pytest.mark.parametrize("network", NETWORKS)
def test_dropped_after_storing_may_have_been_sent(network, fakes):
    fake = fakes[network]
    fake.fault("drop_after")
    a = adapter_for(network, fake)
    err = send_error(lambda: a.send(rendered(network), a.key_for("p", NOW)))
    assert err.kind == "connection" and err.maybe_sent is True
    plain(err)
    assert len(fake.live_posts()) == 1


@pytest.mark.parametrize("network", NETWORKS)
def test_dropped_before_storing_looks_the_same_from_here(network, fakes):
    fake = fakes[network]
    fake.fault("drop_before")
    a = adapter_for(network, fake)
    err = send_error(lambda: a.send(rendered(network), a.key_for("p", NOW)))
    assert err.kind == "connection" and err.maybe_sent is True
    assert fake.live_posts() == []


def _closed_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


@pytest.mark.parametrize("network", NETWORKS)
def test_nothing_listening_is_not_sent(network, fakes):
    closed = _closed_port()
    override = {"x": "X_API_BASE_URL", "mastodon": "MASTODON_API_BASE_URL", "bluesky": "BLUESKY_PDS_URL",
                "linkedin": "LINKEDIN_API_BASE_URL"}[network]
    a = adapter_for(network, fakes[network], **{override: closed})
    err = send_error(lambda: a.send(rendered(network), a.key_for("p", NOW)))
    assert err.kind == "connection" and err.maybe_sent is False
    plain(err)


def test_hold_signals_arrival_and_answers_on_release(mastodon_fake):
    mastodon_fake.fault("hold")
    a = adapter_for("mastodon", mastodon_fake)
    assert a.account == "@drsmith@127.0.0.1"  # log in first: the hold applies to the post itself
    a.client.request_timeout = 5  # this test releases the hold itself
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("remote", a.send(rendered("mastodon"), "k")))
    thread.start()
    assert mastodon_fake.arrived.wait(5)
    assert len(mastodon_fake.posts) == 1 and "remote" not in result
    mastodon_fake.release.set()
    thread.join(5)
    assert result["remote"].id == mastodon_fake.posts[0]["id"]


# ---------------------------------------------------------------- resume: find and idempotency


def test_mastodon_same_key_returns_the_same_status(mastodon_fake):
    mastodon_fake.fault("accept_timeout", delay=SLOW)
    a = adapter_for("mastodon", mastodon_fake)
    key = a.key_for("post-1", NOW)
    assert send_error(lambda: a.send(rendered("mastodon"), key)).maybe_sent
    remote = a.send(rendered("mastodon"), key)
    assert len(mastodon_fake.posts) == 1 and remote.id == mastodon_fake.posts[0]["id"]


def test_mastodon_key_expires_after_an_hour_then_find_by_link(mastodon_fake):
    a = adapter_for("mastodon", mastodon_fake)
    key = a.key_for("post-1", NOW)
    first = a.send(rendered("mastodon"), key)
    start = mastodon_fake.clock()
    mastodon_fake.clock = lambda: start + 3601
    assert a.find(rendered("mastodon"), key) == first
    a.send(rendered("mastodon"), key)  # the key no longer protects: this is a second post
    assert len(mastodon_fake.posts) == 2


def test_mastodon_find_without_the_post_is_none(mastodon_fake):
    a = adapter_for("mastodon", mastodon_fake)
    a.send(rendered("mastodon", body="Another note"), "other-key")
    other = networks.render("mastodon", "x", "https://practice.example/posts/never/")
    assert a.find(other, "k") is None


def test_bluesky_find_by_record_key_and_create_only_if_absent(bluesky_fake):
    bluesky_fake.fault("drop_after")
    a = adapter_for("bluesky", bluesky_fake)
    key = a.key_for("post-1", NOW)
    assert send_error(lambda: a.send(rendered("bluesky"), key)).maybe_sent
    found = a.find(rendered("bluesky"), key)
    assert found == Remote(key, f"https://bsky.app/profile/drsmith.test/post/{key}")
    assert a.find(rendered("bluesky"), a.key_for("post-2", NOW)) is None
    assert a.send(rendered("bluesky"), key) == found  # a repeat with the same key creates nothing
    assert len(bluesky_fake.posts) == 1


@pytest.mark.parametrize("network", ["x", "linkedin"])
def test_find_is_not_supported_where_the_network_cannot_look_up(network, fakes):
    a = adapter_for(network, fakes[network])
    with pytest.raises(NotSupported):
        a.find(rendered(network), "k")


# ---------------------------------------------------------------- delete


@pytest.mark.parametrize("network", NETWORKS)
def test_delete(network, fakes):
    fake = fakes[network]
    a = adapter_for(network, fake)
    remote = a.send(rendered(network), a.key_for("p", NOW))
    a.delete(remote)
    assert fake.live_posts() == [] and len(fake.posts) == 1
    a.delete(remote)  # already gone: nothing to do, no error


# ---------------------------------------------------------------- keys


def test_hex_keys_are_stable_per_seed_and_network(fakes):
    m = adapter_for("mastodon", fakes["mastodon"])
    x = adapter_for("x", fakes["x"])
    later = NOW + dt.timedelta(days=3)
    assert m.key_for("post-1", NOW) == m.key_for("post-1", later)
    assert m.key_for("post-1", NOW) != m.key_for("post-2", NOW)
    assert m.key_for("post-1", NOW) != x.key_for("post-1", NOW)
    assert len(m.key_for("post-1", NOW)) == 32 and int(m.key_for("post-1", NOW), 16) >= 0


def test_bluesky_keys_are_tids_from_the_time_and_a_clock_id_from_the_seed():
    keys = [tid_key(seed, NOW + dt.timedelta(microseconds=i)) for i, seed in enumerate(["a", "b", "c"])]
    assert all(TID_RE.match(k) for k in keys)
    assert keys == sorted(keys)  # sortable by time
    assert tid_key("a", NOW) == tid_key("a", NOW)
    assert tid_key("a", NOW) != tid_key("b", NOW)  # same microsecond, different posts
    value = 0
    for ch in tid_key("a", NOW):
        value = value * 32 + "234567abcdefghijklmnopqrstuvwxyz".index(ch)
    assert value >> 10 == int(NOW.timestamp()) * 1_000_000 + NOW.microsecond


# ---------------------------------------------------------------- construction rules


def test_clients_that_could_sleep_or_print_are_refused():
    import tweepy
    from mastodon import Mastodon

    from publish.adapters.mastodon import MastodonAdapter
    from publish.adapters.x import XAdapter

    with pytest.raises(ValueError):
        XAdapter(tweepy.Client(consumer_key="a", consumer_secret="b", access_token="1-c", access_token_secret="d",
                               wait_on_rate_limit=True))
    with pytest.raises(ValueError):
        MastodonAdapter(Mastodon(access_token="t", api_base_url="http://127.0.0.1:9", ratelimit_method="wait"))


# ---------------------------------------------------------------- optional parts of a post


def test_without_card_facets_or_warning_nothing_extra_is_sent(mastodon_fake, bluesky_fake, linkedin_fake):
    # The renderer always gives Bluesky and LinkedIn a card; an adapter must still cope without one.
    plain_post = {n: SimpleNamespace(network=n, text=f"Hello {LINK}", wire_text=f"Hello {LINK}", link=LINK, content_warning="",
                                     facets=(), card=None, lang="") for n in NETWORKS}
    adapter_for("mastodon", mastodon_fake).send(plain_post["mastodon"], "k")
    adapter_for("bluesky", bluesky_fake).send(plain_post["bluesky"], tid_key("p", NOW))
    adapter_for("linkedin", linkedin_fake).send(plain_post["linkedin"], "k")
    assert mastodon_fake.posts[0]["spoiler_text"] == "" and mastodon_fake.posts[0]["language"] is None
    record = bluesky_fake.posts[0]["record"]
    assert "embed" not in record and "facets" not in record and "langs" not in record
    assert linkedin_fake.posts[0]["article"] == {"source": LINK, "title": LINK}


# ---------------------------------------------------------------- another process


SUBPROCESS = r"""
import datetime as dt, os, sys
from publish import credentials, networks

creds = credentials.load(os.environ, dotenv_path=None)
for network, c in creds.items():
    with credentials.make_adapter(network, c, timeout=5) as a:
        r = networks.render(network, "From another process", "https://practice.example/p/")
        print(network, a.send(r, a.key_for("s", dt.datetime.now(dt.timezone.utc))).id)
"""


def test_a_subprocess_reaches_all_four_fakes_through_the_environment(x_fake, mastodon_fake, bluesky_fake, linkedin_fake):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if not k.startswith(("X_", "MASTODON_", "BLUESKY_", "LINKEDIN_"))}
    env.update(fake_env(x_fake, mastodon_fake, bluesky_fake, linkedin_fake))
    done = subprocess.run([sys.executable, "-c", SUBPROCESS], env=env, capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr[-2000:]
    ids = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    assert ids == {"x": x_fake.posts[0]["id"], "mastodon": mastodon_fake.posts[0]["id"],
                   "bluesky": bluesky_fake.posts[0]["rkey"], "linkedin": linkedin_fake.posts[0]["id"]}


def test_mastodon_fake_serves_the_instance_limits_through_the_real_client(mastodon_fake):
    mastodon_fake.max_characters = 1000
    a = adapter_for("mastodon", mastodon_fake)
    assert a.client.instance_v2()["configuration"]["statuses"]["max_characters"] == 1000
    a.send(rendered("mastodon", body="y" * 900), "k")
    assert len(mastodon_fake.posts[0]["text"]) > 900


def test_a_stopped_fake_leaves_no_thread_behind():
    """Other tests fork only while one thread runs: keep-alive connections must not keep handler threads."""
    from fakes.fixtures import make_mastodon

    before = threading.active_count()
    fake = make_mastodon().start()
    a = adapter_for("mastodon", fake)
    a.send(rendered("mastodon"), "k")  # leaves a keep-alive connection open
    assert threading.active_count() > before
    fake.stop()
    assert threading.active_count() == before
