"""Credentials: which variables, environment over .env, partial set-ups, no secret in any repr or message."""

from __future__ import annotations

import pytest

from publish import credentials
from publish.credentials import CredentialsError, NetworkCredentials, load, parse_dotenv, secret_values

FULL = {
    "X_API_KEY": "xkey-1111", "X_API_SECRET": "xsecret-2222", "X_ACCESS_TOKEN": "42-xtoken-3333",
    "X_ACCESS_TOKEN_SECRET": "xtokensecret-4444",
    "MASTODON_API_BASE_URL": "https://social.example", "MASTODON_ACCESS_TOKEN": "mtoken-5555",
    "BLUESKY_HANDLE": "dr.example", "BLUESKY_APP_PASSWORD": "abcd-efgh-ijkl-mnop",
    "LINKEDIN_ACCESS_TOKEN": "ltoken-6666", "LINKEDIN_AUTHOR_URN": "urn:li:person:abc",
}
SECRET_VALUES = ["xkey-1111", "xsecret-2222", "42-xtoken-3333", "xtokensecret-4444", "mtoken-5555",
                 "abcd-efgh-ijkl-mnop", "ltoken-6666"]


def test_nothing_set_means_every_network_goes_to_the_outbox(tmp_path):
    assert load({}, dotenv_path=tmp_path / "missing.env") == {
        "x": None, "mastodon": None, "bluesky": None, "linkedin": None}


def test_full_set_with_defaults(tmp_path):
    creds = load(FULL, dotenv_path=tmp_path / ".env")
    assert creds["x"]["X_ACCESS_TOKEN"] == "42-xtoken-3333"
    assert creds["x"].get("X_API_BASE_URL") is None
    assert creds["mastodon"]["MASTODON_API_BASE_URL"] == "https://social.example"
    assert creds["bluesky"]["BLUESKY_PDS_URL"] == "https://bsky.social"
    assert creds["linkedin"]["LINKEDIN_API_BASE_URL"] == "https://api.linkedin.com"
    assert sorted(secret_values(creds)) == sorted(SECRET_VALUES)
    assert secret_values(creds["bluesky"]) == ["abcd-efgh-ijkl-mnop"]


def test_only_the_listed_names_are_read(tmp_path):
    env = {"MASTODON_TOKEN": "t", "BSKY_HANDLE": "h", "TWITTER_API_KEY": "k"}
    assert set(load(env, dotenv_path=None).values()) == {None}


def test_partly_set_names_the_missing_variables_but_no_value(tmp_path):
    env = {"X_API_KEY": "xkey-1111", "X_ACCESS_TOKEN": "42-xtoken-3333", "BLUESKY_APP_PASSWORD": "abcd-efgh",
           "MASTODON_API_BASE_URL": "https://social.example", "MASTODON_ACCESS_TOKEN": "mtoken-5555"}
    with pytest.raises(CredentialsError) as info:
        load(env, dotenv_path=None)
    message = str(info.value)
    assert "X_API_SECRET" in message and "X_ACCESS_TOKEN_SECRET" in message and "BLUESKY_HANDLE" in message
    assert "Mastodon" not in message  # complete, so not mentioned
    for value in ("xkey-1111", "42-xtoken-3333", "abcd-efgh", "mtoken-5555"):
        assert value not in message


def test_blank_values_count_as_unset(tmp_path):
    assert load({"LINKEDIN_ACCESS_TOKEN": "  ", "LINKEDIN_AUTHOR_URN": ""}, dotenv_path=None)["linkedin"] is None


def test_dotenv_file_and_environment_wins(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# my accounts\n"
        "\n"
        "MASTODON_API_BASE_URL=https://social.example  # my instance\n"
        "export MASTODON_ACCESS_TOKEN='from-file # not a comment'\n"
        'BLUESKY_HANDLE="dr.example"\n'
        "BLUESKY_APP_PASSWORD = file-pass\n",
        encoding="utf-8",
    )
    creds = load({"BLUESKY_APP_PASSWORD": "env-pass"}, dotenv_path=dotenv)
    assert creds["mastodon"]["MASTODON_API_BASE_URL"] == "https://social.example"
    assert creds["mastodon"]["MASTODON_ACCESS_TOKEN"] == "from-file # not a comment"
    assert creds["bluesky"]["BLUESKY_HANDLE"] == "dr.example"
    assert creds["bluesky"]["BLUESKY_APP_PASSWORD"] == "env-pass"


def test_dotenv_parser_details():
    parsed = parse_dotenv('A="line\\nbreak \\"quoted\\""\nB=\'raw \\n\'\nC=\nD=x=y\n')
    assert parsed == {"A": 'line\nbreak "quoted"', "B": "raw \\n", "C": "", "D": "x=y"}


@pytest.mark.parametrize("text", ["JUST SOME WORDS\n", "A='unclosed\n"])
def test_a_broken_dotenv_line_is_named_without_its_value(text):
    with pytest.raises(CredentialsError) as info:
        parse_dotenv(text)
    assert "Line 1" in str(info.value) and "unclosed" not in str(info.value) and "WORDS" not in str(info.value)


def test_repr_hides_secrets_but_shows_the_rest(tmp_path):
    creds = load(FULL, dotenv_path=None)
    shown = repr(creds) + str(creds) + repr(creds["x"]) + f"{creds['linkedin']}"
    for secret in SECRET_VALUES:
        assert secret not in shown
    assert "urn:li:person:abc" in shown and "[redacted]" in shown


def test_make_adapter_builds_each_network_with_finite_timeouts(tmp_path):
    creds = load(FULL, dotenv_path=None)
    made = {n: credentials.make_adapter(n, creds[n], timeout=3) for n in ("x", "mastodon", "bluesky", "linkedin")}
    try:
        assert {n: a.network for n, a in made.items()} == {n: n for n in made}
        assert made["x"].account == "42"  # the user id at the front of the access token, no call needed
        assert made["x"].client.wait_on_rate_limit is False
        assert made["x"].client.session.get_adapter("https://api.twitter.com/2/tweets").timeout == 3
        assert made["mastodon"].client.request_timeout == 3
        assert made["mastodon"].client.ratelimit_method == "throw" and not made["mastodon"].client.debug_requests
        assert made["bluesky"].client.request._client.timeout.read == 3
        assert made["bluesky"].account == "dr.example"
        assert made["linkedin"].timeout == 3 and made["linkedin"].account == "urn:li:person:abc"
        for adapter in made.values():
            text = repr(adapter)
            assert not any(secret in text for secret in SECRET_VALUES)
    finally:
        for adapter in made.values():
            adapter.close()


def test_unknown_network_is_refused():
    with pytest.raises(ValueError, match="unknown network 'myspace'"):
        credentials.make_adapter("myspace", NetworkCredentials("myspace", {}))


def test_one_registry_says_everything_about_a_network():
    """Labels, limits, credential names, secrets, look-ups and adapters all come from publish/registry.py."""
    from boundary.rules.metadata import NETWORKS as FRONTMATTER_NETWORKS
    from publish import crosspost, networks, redact, registry
    from publish.adapters.base import NetworkAdapter

    names = set(registry.REGISTRY)
    assert set(networks.NETWORKS) == set(credentials.NAMES) == set(crosspost.LABELS) == names
    assert set(FRONTMATTER_NETWORKS) == names  # the checker (no publish import) lists the same networks
    assert crosspost.CAN_LOOK_UP == {"mastodon", "bluesky"}
    for spec in registry.REGISTRY.values():
        assert spec.secrets <= set(spec.required) | set(spec.optional)
        assert spec.secrets <= credentials.SECRET_NAMES
        assert set(spec.loggers) <= set(redact.LIBRARY_LOGGERS)
    creds = load(FULL, dotenv_path=None)
    for name in names:
        with credentials.make_adapter(name, creds[name], timeout=3) as adapter:
            # on the class: Mastodon's `account` asks the server, which is not running here
            members = {"network", "account", "key_for", "send", "find", "delete", "close"}
            assert members <= set(dir(NetworkAdapter)) | set(NetworkAdapter.__annotations__), name
            assert all(hasattr(type(adapter), m) or m in vars(adapter) for m in members), name
            assert adapter.network == name


@pytest.mark.parametrize(
    "text, words",
    [
        ("MASTODON_ACCESS_TOKEN=abc\nthis line is not a setting\n", ["Line 2", "NAME=value"]),
        ('BLUESKY_APP_PASSWORD="abc\n', ["Line 1", "BLUESKY_APP_PASSWORD", "never closes"]),
    ],
    ids=["not-a-setting", "unclosed-quote"],
)
def test_a_dotenv_line_that_cannot_be_read_is_named_never_skipped(text, words):
    with pytest.raises(CredentialsError) as info:
        parse_dotenv(text)
    for word in words:
        assert word in str(info.value)


def test_dotenv_values_with_quotes_comments_and_export():
    text = 'export A="x y"\n# a comment\nB=plain # a note\nC=\'single\'\nD="two\\nlines"\n\n'
    assert parse_dotenv(text) == {"A": "x y", "B": "plain", "C": "single", "D": "two\nlines"}
