"""The Bluesky adapter against the reference PDS (@atproto/pds, with its PLC), on loopback.

tests/pds/serve.mjs runs @atproto/dev-env's TestNetworkNoAppView in a Node process: an in-memory
PLC directory and a PDS on SQLite files in a temporary folder, with one account and an app
password for it. The adapter is the real one, built by ``publish.credentials.make_adapter`` from
the settings publish reads, with BLUESKY_PDS_URL pointing at the local PDS.

What the fakes (tests/fakes/bluesky.py) only assumed is checked here against the real server:
posting with our own TID record key, looking a post up by that key, a second create at the same
key (what a send interrupted after the server took it leads to), listing, deleting.

Needs Node and ``npm ci --prefix tests/pds`` (.ci/run does both). When either is missing the tests
skip with the reason locally and FAIL when CI is set, like the browser tests.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import queue
import shutil
import subprocess
import threading
import urllib.parse
import urllib.request

import pytest
from atproto import models
from atproto_client import exceptions as atx

from conftest import ROOT
from publish import credentials, networks
from publish.adapters import Remote, SendError

PDS_DIR = ROOT / "tests" / "pds"
SERVE = PDS_DIR / "serve.mjs"
READY_TIMEOUT = 60.0  # seconds for the PLC, the PDS, the account and its app password
TIMEOUT = 10.0  # the adapter's HTTP timeout
COLLECTION = "app.bsky.feed.post"
LINK = "https://practice.example/posts/über-ängste/"
UTC = dt.timezone.utc


def unavailable(reason: str):
    """Skip locally; fail in CI, where these tests must run."""
    if os.environ.get("CI"):
        pytest.fail(f"the real-PDS tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def _reader(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


@pytest.fixture(scope="module")
def pds(tmp_path_factory):
    """The running PDS: {"url", "handle", "password" (an app password), "did", "plc", "pds_version"}."""
    node = shutil.which("node")
    if node is None:
        unavailable("Node is not installed (the reference PDS runs on Node 20 or later)")
    if not (PDS_DIR / "node_modules" / "@atproto" / "dev-env").is_dir():
        unavailable("the reference PDS is not installed (run: npm ci --prefix tests/pds)")
    log = tmp_path_factory.mktemp("pds") / "serve.log"
    with open(log, "w", encoding="utf-8") as err:
        proc = subprocess.Popen([node, str(SERVE)], cwd=PDS_DIR, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=err, text=True, encoding="utf-8")
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True).start()
    try:
        info = None
        deadline = dt.datetime.now(UTC) + dt.timedelta(seconds=READY_TIMEOUT)
        while info is None:
            left = (deadline - dt.datetime.now(UTC)).total_seconds()
            try:
                line = lines.get(timeout=max(left, 0.01))
            except queue.Empty:
                pytest.fail(f"the PDS was not ready within {READY_TIMEOUT:.0f} s; serve.mjs said:\n"
                            + log.read_text(encoding="utf-8")[-3000:], pytrace=False)
            if line is None:
                proc.wait(timeout=10)
                pytest.fail(f"serve.mjs exited ({proc.returncode}) before the PDS was ready (if better-sqlite3 "
                            "was not built: npm rebuild better-sqlite3 --prefix tests/pds); it said:\n"
                            + log.read_text(encoding="utf-8")[-3000:], pytrace=False)
            if line.startswith("{"):
                candidate = json.loads(line)
                if candidate.get("ready"):
                    info = candidate
        yield info
    finally:
        if proc.poll() is None:
            proc.stdin.close()  # serve.mjs stops when its stdin closes
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        proc.stdout.close()


@pytest.fixture
def adapter(pds):
    creds = credentials.load(
        {"BLUESKY_PDS_URL": pds["url"], "BLUESKY_HANDLE": pds["handle"], "BLUESKY_APP_PASSWORD": pds["password"]},
        dotenv_path=None,
    )
    a = credentials.make_adapter("bluesky", creds["bluesky"], timeout=TIMEOUT)
    yield a
    a.close()


def rendered(body: str, link: str = LINK):
    """What publish would send: the real renderer (a link facet and a card, as for every Bluesky post)."""
    return networks.render("bluesky", body, link, "", title="Über Ängste", description="Naming fear, gently.",
                           lang="de")


def key(adapter, seed: str) -> str:
    return adapter.key_for(seed, dt.datetime.now(UTC))


def xrpc_get(pds, nsid: str, **params):
    """An unauthenticated GET, read as plain JSON (getRecord and listRecords are public)."""
    url = f"{pds['url']}/xrpc/{nsid}?{urllib.parse.urlencode(params)}"
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        return json.loads(response.read())


def records(pds) -> list[dict]:
    """Every post record of the account, from listRecords (all pages)."""
    found, cursor = [], None
    while True:
        params = {"repo": pds["did"], "collection": COLLECTION, "limit": 100}
        if cursor:
            params["cursor"] = cursor
        page = xrpc_get(pds, "com.atproto.repo.listRecords", **params)
        found += page["records"]
        cursor = page.get("cursor")
        if not cursor or not page["records"]:
            return found


def at_uri(pds, rkey: str) -> str:
    return f"at://{pds['did']}/{COLLECTION}/{rkey}"


# ---------------------------------------------------------------- post, find


def test_a_post_is_found_by_its_record_key_with_its_text_link_facet_and_card(pds, adapter):
    r = rendered("Über Ängste sprechen 😊 — a note on naming fear.")
    rkey = key(adapter, "post-find")
    remote = adapter.send(r, rkey)
    assert remote == Remote(rkey, f"https://bsky.app/profile/{pds['handle']}/post/{rkey}")
    assert adapter.did == pds["did"] and adapter.account == pds["handle"]

    assert adapter.find(r, rkey) == remote
    assert adapter.find(r, key(adapter, "never-sent")) is None

    stored = xrpc_get(pds, "com.atproto.repo.getRecord", repo=pds["did"], collection=COLLECTION, rkey=rkey)
    assert stored["uri"] == at_uri(pds, rkey)
    value = stored["value"]
    assert value["$type"] == COLLECTION and value["text"] == r.wire_text
    [facet] = value["facets"]
    start, end = facet["index"]["byteStart"], facet["index"]["byteEnd"]
    assert r.wire_text.encode("utf-8")[start:end].decode("utf-8") == LINK
    assert facet["features"] == [{"$type": "app.bsky.richtext.facet#link", "uri": LINK}]
    assert value["embed"] == {
        "$type": "app.bsky.embed.external",
        "external": {"$type": "app.bsky.embed.external#external", "uri": LINK, "title": "Über Ängste",
                     "description": "Naming fear, gently."},
    }
    assert value["langs"] == ["de"] and value["createdAt"].endswith("Z")


# ---------------------------------------------------------------- the same record key again


def test_a_second_create_at_the_same_record_key_makes_no_second_post(pds, adapter):
    link = "https://practice.example/posts/same-record-key/"
    r = rendered("A second try at the same record key must not post twice.", link)
    rkey = key(adapter, "post-collide")
    first = adapter.send(r, rkey)

    # What the reference PDS answers to a createRecord at a record key already taken, asked directly:
    # HTTP 500 InternalServerError (inside, its repository refuses: "There is already a value at key"),
    # not a 400 or 409 that would name the conflict. The fakes copy this answer.
    with pytest.raises(atx.RequestErrorBase) as info:
        adapter.client.com.atproto.repo.create_record(
            models.ComAtprotoRepoCreateRecord.Data(repo=pds["did"], collection=COLLECTION, rkey=rkey,
                                                   record=adapter._record(r))
        )
    answer = info.value.response
    assert (answer.status_code, answer.content.error) == (500, "InternalServerError")

    # The adapter (what a send after an interrupted one does): it looks at the key, finds the first post
    # and returns it.
    assert adapter.send(r, rkey) == first
    # Even with another text: the record key is the post's identity, and the first record stays.
    assert adapter.send(rendered("Edited after the interrupted send.", link), rkey) == first

    # The account's records: exactly one post at that key, still the first text, and no other with the link.
    mine = [rec for rec in records(pds) if link in rec["value"]["text"]]
    assert [rec["uri"] for rec in mine] == [at_uri(pds, rkey)]
    assert mine[0]["value"]["text"] == r.wire_text
    # The ledger's rebuild from the account (find_links) finds that same post.
    assert adapter.find_links([link]) == ({link: first}, True)


def test_a_record_key_that_is_not_a_tid_is_refused(pds, adapter):
    with pytest.raises(SendError) as info:
        adapter.send(rendered("Not a TID."), "not-a-tid")
    err = info.value
    assert (err.kind, err.status, err.api_code, err.maybe_sent) == ("invalid", 400, "InvalidRequest", False)


# ---------------------------------------------------------------- delete


def test_delete_then_find_none_and_a_second_delete_counts_as_deleted(pds, adapter):
    r = rendered("This one is deleted.")
    rkey = key(adapter, "post-delete")
    remote = adapter.send(r, rkey)
    assert adapter.find(r, rkey) == remote

    adapter.delete(remote)
    assert adapter.find(r, rkey) is None
    assert at_uri(pds, rkey) not in [rec["uri"] for rec in records(pds)]
    adapter.delete(remote)  # the reference PDS answers 200 for a record that is already gone


def test_a_wrong_app_password_is_an_auth_error(pds):
    creds = credentials.load(
        {"BLUESKY_PDS_URL": pds["url"], "BLUESKY_HANDLE": pds["handle"], "BLUESKY_APP_PASSWORD": "aaaa-bbbb-cccc-dddd"},
        dotenv_path=None,
    )
    with credentials.make_adapter("bluesky", creds["bluesky"], timeout=TIMEOUT) as a:
        with pytest.raises(SendError) as info:
            a.find(rendered("x"), key(a, "never"))
    assert (info.value.kind, info.value.status) == ("auth", 401)
    assert "app password" in str(info.value)
