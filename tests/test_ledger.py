"""The write-ahead ledger: durable, readable, locked, and never silently reset when damaged."""

from __future__ import annotations

import json
import multiprocessing
import os

import pytest

from publish.ledger import Ledger, LedgerBusy, LedgerError, Record


def test_round_trip_is_human_readable_and_sorted(tmp_path):
    path = tmp_path / "crosspost-ledger.json"
    ledger = Ledger.load(path)
    assert ledger.records == {}
    ledger.put(Record("b-post", "mastodon", "@me@host", state="sending", key="k1", fingerprint="f"))
    ledger.put(Record("a-post", "x", "12", state="posted", remote_id="99", url="https://x.example/99"))
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["version"] == 1 and "Do not edit it by hand" in data["about"]
    assert [r["post_id"] for r in data["records"]] == ["a-post", "b-post"]
    assert text.count("\n") > 20  # one field per line: it reads well in a diff
    again = Ledger.load(path)
    assert again.get("b-post", "mastodon", "@me@host").key == "k1"
    assert again.get("a-post", "x", "12").state == "posted"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left behind


@pytest.mark.parametrize(
    "content, expected",
    [
        pytest.param(b'{"version": 1, "records": [', ":1:", id="truncated-json"),
        pytest.param(b"", "is empty", id="empty"),
        pytest.param(b"\xff\xfe\x00garbage", "not UTF-8", id="binary"),
        pytest.param(b'{"version": 1}', "no list of records", id="no-records"),
        pytest.param(b'{"version": 7, "records": []}', "version 7", id="future-version"),
        pytest.param(b'{"version": 1, "records": [{"post_id": "p", "network": "x", "account": "a", "state": "sent?"}]}', "unknown state", id="bad-state"),
        pytest.param(b'{"version": 1, "records": [{"post_id": "p", "network": "x", "account": "a", "state": "posted", "attempts": "2"}]}', "attempts should be a number", id="bad-type"),
        pytest.param(b'{"version": 1, "records": [{"post_id": "p", "network": "x", "account": "a", "state": "posted", "token": "t"}]}', "fields this publish does not know", id="unknown-field"),
        pytest.param(b'{"version": 1, "records": [{"post_id": "p", "network": "x", "account": "a", "state": "posted"}, {"post_id": "p", "network": "x", "account": "a", "state": "posted"}]}', "repeats p on x", id="duplicate"),
    ],
)
def test_a_damaged_ledger_stops_with_a_clear_error_and_is_left_as_it_is(tmp_path, content, expected):
    path = tmp_path / "crosspost-ledger.json"
    path.write_bytes(content)
    with pytest.raises(LedgerError) as info:
        Ledger.load(path)
    message = str(info.value)
    assert expected in message
    assert message.startswith("crosspost-ledger.json")
    assert "git checkout -- crosspost-ledger.json" in message and "never delete it" in message
    assert path.read_bytes() == content  # never "repaired" by starting over


def _hold_lock(path, ready, release):
    ledger = Ledger.load(path)
    ledger.lock()
    ready.set()
    release.wait(10)
    ledger.unlock()


def test_a_second_publish_is_refused_while_the_first_holds_the_lock(tmp_path):
    path = str(tmp_path / "crosspost-ledger.json")
    ctx = multiprocessing.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(path, ready, release))
    holder.start()
    try:
        assert ready.wait(10)
        with pytest.raises(LedgerBusy) as info:
            Ledger.load(path).lock()
        assert f"another publish is running (process {holder.pid})" in str(info.value)
    finally:
        release.set()
        holder.join(10)
    with Ledger.load(path):  # free again once the first one finished
        pass


def test_the_lock_is_released_when_the_holder_dies(tmp_path):
    path = str(tmp_path / "crosspost-ledger.json")
    pid = os.fork()
    if pid == 0:  # child: take the lock and die without unlocking
        Ledger.load(path).lock()
        os._exit(0)
    os.waitpid(pid, 0)
    ledger = Ledger.load(path)
    ledger.lock()
    ledger.unlock()


def test_the_previous_generation_is_kept_and_an_emptied_ledger_is_noticed(tmp_path):
    path = tmp_path / "crosspost-ledger.json"
    ledger = Ledger.load(path)
    ledger.put(Record("a-post", "x", "12", state="sending", key="k"))
    assert not (tmp_path / "crosspost-ledger.json.prev").exists()  # nothing to keep before the first write
    ledger.put(Record("a-post", "x", "12", state="posted", key="k", remote_id="99"))
    prev = Ledger.load(str(path) + ".prev")
    assert prev.get("a-post", "x", "12").state == "sending"  # one bad write can be undone
    assert Ledger.load(path).forgotten() == []  # in normal use the older copy knows nothing more
    path.write_text('{"version": 1, "records": []}\n', encoding="utf-8")
    [(where, record)] = Ledger.load(path).forgotten()
    assert where == "crosspost-ledger.json.prev" and record.post_id == "a-post"
    Ledger.load(path).save()  # saving the emptied ledger does not overwrite the evidence
    assert Ledger.load(path).forgotten()
    path.unlink()
    assert Ledger.load(path).forgotten()


def test_a_ledger_older_than_its_last_commit_is_noticed(tmp_path):
    import subprocess

    def git(*args):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True,
                       env={**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
                            "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"})

    git("init", "-q")
    path = tmp_path / "crosspost-ledger.json"
    Ledger.load(path).put(Record("old", "linkedin", "urn", state="posted", remote_id="1"), now=None)
    old = path.read_text(encoding="utf-8")
    Ledger.load(path).put(Record("new", "linkedin", "urn", state="posted", remote_id="2"))
    git("add", "crosspost-ledger.json")
    git("commit", "-qm", "ledger")
    (tmp_path / "crosspost-ledger.json.prev").unlink()
    path.write_text(old, encoding="utf-8")  # an old backup put back
    found = Ledger.load(path).forgotten()
    assert [(r.post_id, where) for where, r in found] == [("new", "crosspost-ledger.json as last committed to git")]
