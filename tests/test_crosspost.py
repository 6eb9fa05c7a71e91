"""The cross-post runner's state machine: exactly once per (post, network, account), nothing lost.

These tests drive the runner with an in-memory network double that keeps the
networks' documented rules (Mastodon's Idempotency-Key, Bluesky's record keys,
X and LinkedIn with neither). The real client libraries against loopback
servers are exercised in test_adapters.py and test_faults.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from publish import crosspost
from publish.ledger import Ledger

NOW = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.timezone.utc)


@dataclasses.dataclass(frozen=True)
class Rendered:
    network: str
    text: str
    link: str
    content_warning: str = ""

    def fingerprint(self) -> str:
        return f"{self.network}|{self.text}|{self.link}"


class Failure(Exception):
    def __init__(self, kind, maybe_sent=False, retry_at=None, status=None):
        super().__init__(f"{kind} from the network")
        self.kind, self.maybe_sent, self.retry_at, self.status, self.api_code = kind, maybe_sent, retry_at, status, None


class Network:
    """A network double: remembers posts; Mastodon honours keys, Bluesky record keys, X/LinkedIn neither."""

    def __init__(self, name, account="acct"):
        self.network, self.account = name, account
        self.posts: dict[str, tuple[str, str]] = {}  # id -> (text, key)
        self.calls = 0
        self.script: list = []  # exceptions to raise on the next sends; "accept-then-fail" stores first

    def key_for(self, seed, now):
        return f"{self.network}-{seed[:12]}"

    def send(self, rendered, key):
        self.calls += 1
        if self.network == "mastodon":
            for pid, (_t, k) in self.posts.items():
                if k == key:
                    return crosspost_remote(pid)
        if self.network == "bluesky" and key in self.posts:
            raise Failure("invalid", status=400)
        step = self.script.pop(0) if self.script else None
        if isinstance(step, Failure) and not step.maybe_sent:
            raise step
        pid = key if self.network == "bluesky" else str(len(self.posts) + 1)
        self.posts[pid] = (rendered.text, key)
        if isinstance(step, Failure):
            raise step  # accepted, then the answer was lost
        return crosspost_remote(pid)

    def find(self, rendered, key):
        for pid, (text, k) in self.posts.items():
            if (self.network == "bluesky" and k == key) or (self.network == "mastodon" and rendered.link in text):
                return crosspost_remote(pid)
        return None

    def delete(self, remote):
        del self.posts[remote.id]


def crosspost_remote(pid):
    return dataclasses.make_dataclass("Remote", ["id", "url"])(pid, f"https://net.example/{pid}")


def item(post="post-a", network="mastodon", text="An approved summary."):
    link = f"https://site.example/posts/{post}/"
    return crosspost.Item(post, f"/site/content/posts/{post}.md", f"content/posts/{post}.md", post.title(), Rendered(network, f"{text}\n\n{link}", link))


@pytest.fixture
def ledger(tmp_path):
    return Ledger.load(tmp_path / "crosspost-ledger.json")


def run(items, nets, ledger, now=NOW, **kw):
    return crosspost.run(items, {n.network: n for n in nets}, Ledger.load(ledger.path), now=now, **kw)


def states(ledger):
    return {(r.post_id, r.network): r.state for r in Ledger.load(ledger.path).records.values()}


def test_posts_once_and_never_again(ledger):
    mastodon, x = Network("mastodon"), Network("x")
    items = [item(network="mastodon"), item(network="x")]
    first = run(items, [mastodon, x], ledger)
    assert [o.status for o in first] == ["posted", "posted"]
    for _ in range(3):
        again = run(items, [mastodon, x], ledger)
        assert [o.status for o in again] == ["already", "already"]
    assert len(mastodon.posts) == len(x.posts) == 1
    assert states(ledger) == {("post-a", "mastodon"): "posted", ("post-a", "x"): "posted"}


def _leave_sending(ledger, it, net, since):
    """A crash right after `sending` was made durable (and perhaps after the network accepted)."""
    record = crosspost.Record(it.post_id, net.network, net.account, fingerprint=it.rendered.fingerprint(), state="sending",
                              key=net.key_for("seed", since), sending_since=since.isoformat(), attempts=1, link=it.rendered.link)
    Ledger.load(ledger.path).put(record, since)
    return record


@pytest.mark.parametrize("accepted", [True, False], ids=["server-had-it", "server-never-saw-it"])
def test_mastodon_resumes_with_the_same_key_within_the_hour(ledger, accepted):
    net, it = Network("mastodon"), item()
    record = _leave_sending(ledger, it, net, NOW - dt.timedelta(minutes=10))
    if accepted:
        net.posts["1"] = (it.rendered.text, record.key)
    [out] = run([it], [net], ledger)
    assert out.status == "posted"
    assert len(net.posts) == 1 and net.calls == 1


@pytest.mark.parametrize("accepted", [True, False], ids=["server-had-it", "server-never-saw-it"])
def test_mastodon_after_the_hour_looks_for_the_link_first(ledger, accepted):
    net, it = Network("mastodon"), item()
    record = _leave_sending(ledger, it, net, NOW - dt.timedelta(hours=3))
    if accepted:
        net.posts["1"] = (it.rendered.text, record.key)
    [out] = run([it], [net], ledger)
    assert out.status == "posted"
    assert len(net.posts) == 1
    assert net.calls == (0 if accepted else 1)


@pytest.mark.parametrize("accepted", [True, False], ids=["record-exists", "record-absent"])
def test_bluesky_looks_up_its_record_key(ledger, accepted):
    net, it = Network("bluesky"), item(network="bluesky")
    record = _leave_sending(ledger, it, net, NOW - dt.timedelta(days=2))
    if accepted:
        net.posts[record.key] = (it.rendered.text, record.key)
    [out] = run([it], [net], ledger)
    assert out.status == "posted"
    assert list(net.posts) == [record.key]  # created with the key chosen before the crash, once


@pytest.mark.parametrize("network", ["x", "linkedin"])
def test_x_and_linkedin_never_retry_blindly_and_ask(ledger, network):
    net, it = Network(network), item(network=network)
    _leave_sending(ledger, it, net, NOW - dt.timedelta(minutes=1))
    for _ in range(2):
        [out] = run([it], [net], ledger)
        assert out.status == "unknown" and net.calls == 0
        assert f"invoke publish --confirm {network}:post-a=ID" in out.detail and f"{network}:post-a=none" in out.detail
    [out] = run([it], [net], ledger, confirms={(network, "post-a"): "777"})
    assert out.status == "posted" and net.calls == 0
    record = Ledger.load(ledger.path).get("post-a", network, "acct")
    assert (record.state, record.remote_id, record.note) == ("posted", "777", "confirmed by the clinician")


def test_confirm_none_sends_it(ledger):
    net, it = Network("x"), item(network="x")
    _leave_sending(ledger, it, net, NOW)
    run([it], [net], ledger)
    [out] = run([it], [net], ledger, confirms={("x", "post-a"): None})
    assert out.status == "posted" and len(net.posts) == 1


@pytest.mark.parametrize("network, expect", [("x", "unknown"), ("linkedin", "unknown"), ("mastodon", "failed"), ("bluesky", "failed")])
def test_an_answer_lost_after_the_network_accepted(ledger, network, expect):
    net, it = Network(network), item(network=network)
    net.script = [Failure("timeout", maybe_sent=True)]
    [out] = run([it], [net], ledger)
    assert out.status == expect and len(net.posts) == 1
    # The next run resolves it without a second post where the network allows; X/LinkedIn keep asking.
    [out] = run([it], [net], ledger)
    assert len(net.posts) == 1
    assert out.status == ("unknown" if network in ("x", "linkedin") else "posted")


def test_x_duplicate_means_ask_not_retry(ledger):
    net, it = Network("x"), item(network="x")
    net.script = [Failure("duplicate", status=403)]
    [out] = run([it], [net], ledger)
    assert out.status == "unknown" and "invoke publish --confirm x:post-a=ID" in out.detail
    assert "exact text is already posted" in Ledger.load(ledger.path).get("post-a", "x", "acct").error
    assert net.calls == 1


def test_rate_limit_stops_that_network_only_and_waits_until_reset(ledger):
    mastodon, linkedin = Network("mastodon"), Network("linkedin")
    reset = NOW + dt.timedelta(minutes=30)
    mastodon.script = [Failure("rate_limited", retry_at=reset, status=429)]
    items = [item("p1"), item("p2"), item("p1", "linkedin"), item("p2", "linkedin")]
    out = run(items, [mastodon, linkedin], ledger)
    got = {(o.post_id, o.network): o.status for o in out}
    assert got == {("p1", "mastodon"): "waiting", ("p2", "mastodon"): "waiting", ("p1", "linkedin"): "posted", ("p2", "linkedin"): "posted"}
    assert Ledger.load(ledger.path).get("p1", "mastodon", "acct").retry_at.startswith("2026-05-01T12:30")
    assert mastodon.calls == 1  # stopped for the run after the 429
    early = run(items, [mastodon, linkedin], ledger, now=NOW + dt.timedelta(minutes=5))
    assert {(o.post_id, o.network): o.status for o in early}[("p1", "mastodon")] == "waiting"
    later = run(items, [mastodon, linkedin], ledger, now=reset + dt.timedelta(seconds=1))
    assert {o.status for o in later if o.network == "mastodon"} == {"posted"}
    assert len(mastodon.posts) == 2 and len(linkedin.posts) == 2


def test_expired_token_fails_that_network_alone(ledger):
    x, bluesky = Network("x"), Network("bluesky")
    x.script = [Failure("auth", status=401)]
    out = run([item("p1", "x"), item("p2", "x"), item("p1", "bluesky")], [x, bluesky], ledger)
    got = {(o.post_id, o.network): o.status for o in out}
    assert got == {("p1", "x"): "failed", ("p2", "x"): "skipped", ("p1", "bluesky"): "posted"}
    again = run([item("p1", "x"), item("p2", "x")], [x, bluesky], ledger)  # token renewed
    assert {o.status for o in again} == {"posted"} and len(x.posts) == 2


def test_a_refused_text_is_given_up_after_three_tries(ledger):
    net, it = Network("linkedin"), item(network="linkedin")
    net.script = [Failure("invalid", status=422)] * 3
    assert [run([it], [net], ledger)[0].status for _ in range(4)] == ["failed", "failed", "gave_up", "gave_up"]
    assert net.calls == 3


def test_cap_per_network_per_run(ledger):
    net = Network("mastodon")
    items = [item(f"p{i}") for i in range(5)]
    first = run(items, [net], ledger, max_per_run=2)
    assert [o.status for o in first] == ["posted", "posted", "skipped", "skipped", "skipped"]
    assert "at most 2 new posts" in first[2].detail
    second = run(items, [net], ledger, max_per_run=2)
    assert [o.status for o in second] == ["already", "already", "posted", "posted", "skipped"]


def test_a_changed_text_after_posting_is_reported_not_reposted(ledger):
    net = Network("mastodon")
    run([item()], [net], ledger)
    [out] = run([item(text="An edited, re-approved summary.")], [net], ledger)
    assert out.status == "drift" and "left as it is" in out.detail
    assert len(net.posts) == 1


def test_dry_run_sends_nothing_and_writes_nothing(ledger):
    net = Network("mastodon")
    [out] = run([item()], [net], ledger, dry_run=True)
    assert out.status == "would-send" and net.calls == 0
    assert not __import__("os").path.exists(ledger.path)


def test_an_adapter_bug_is_contained_to_its_network(ledger):
    class Broken(Network):
        def send(self, rendered, key):
            raise RuntimeError("token=SECRET in a bug")

    broken, ok = Broken("x"), Network("mastodon")
    out = run([item(network="x"), item()], [broken, ok], ledger)
    got = {o.network: o for o in out}
    assert got["mastodon"].status == "posted"
    assert got["x"].status == "unknown" and "SECRET" not in got["x"].detail  # never retried blindly, never echoed


def test_retraction_is_planned_then_done_on_request(ledger):
    net = Network("mastodon")
    run([item("gone")], [net], ledger)
    led = Ledger.load(ledger.path)
    planned = crosspost.plan_retractions(led, {"gone": "blocked"}, set())
    assert [r.post_id for r in planned] == ["gone"] and net.posts
    out = crosspost.retract(planned, {"mastodon": net}, led, NOW)
    assert [o.status for o in out] == ["deleted"] and not net.posts
    assert states(ledger) == {("gone", "mastodon"): "deleted"}
    [again] = run([item("gone")], [net], ledger)
    assert again.status == "skipped" and not net.posts  # never posted again after a deletion


def test_mark_existing_posts_as_already_posted(ledger):
    net = Network("bluesky")
    items = [item(f"old{i}", "bluesky") for i in range(3)]
    assert crosspost.mark_existing(items, {"bluesky": net}, Ledger.load(ledger.path), NOW) == 3
    out = run(items + [item("new", "bluesky")], [net], ledger)
    assert [o.status for o in out] == ["already"] * 3 + ["posted"]
    assert len(net.posts) == 1


def test_an_account_lookup_that_fails_fails_that_network_alone(ledger):
    class Expired(Network):
        @property
        def account(self):
            raise Failure("auth", status=401)

        @account.setter
        def account(self, value):
            pass

    expired, ok = Expired("mastodon"), Network("bluesky")
    out = run([item(), item(network="bluesky")], [expired, ok], ledger)
    assert {o.network: o.status for o in out} == {"mastodon": "failed", "bluesky": "posted"}
    assert "auth from the network" in [o for o in out if o.network == "mastodon"][0].detail


def test_an_unreachable_account_says_to_check_settings_and_connection(ledger):
    class Unreachable(Network):
        @property
        def account(self):
            raise Failure("connection")

        @account.setter
        def account(self, value):
            pass

    [out] = run([item()], [Unreachable("mastodon")], ledger)
    assert out.status == "failed"
    assert "could not be reached to confirm the account" in out.detail and "MASTODON_ settings" in out.detail
    assert not __import__("os").path.exists(ledger.path)  # nothing recorded as sending


def test_a_confirm_for_a_network_stopped_earlier_in_the_run_is_recorded_and_an_unused_one_reported(ledger):
    x = Network("x")
    first, second = item("p1", "x"), item("p2", "x")
    _leave_sending(ledger, second, x, NOW)
    run([second], [x], ledger)  # p2 now waits for the clinician's answer
    x.script = [Failure("auth", status=401)]  # p1 stops X for this run, before p2 comes up
    out = run([first, second], [x], ledger, confirms={("x", "p2"): "777", ("x", "nothing-asked"): None})
    got = {o.post_id: o for o in out}
    assert got["p1"].status == "failed"
    assert got["p2"].status == "posted" and "as you confirmed" in got["p2"].detail
    assert Ledger.load(ledger.path).get("p2", "x", "acct").remote_id == "777"
    assert got["nothing-asked"].status == "unused" and got["nothing-asked"].needs_attention
    assert "--confirm x:nothing-asked=none was not used" in got["nothing-asked"].detail


def test_a_confirm_none_while_the_network_is_stopped_is_kept_for_the_next_run(ledger):
    x = Network("x")
    first, second = item("p1", "x"), item("p2", "x")
    _leave_sending(ledger, second, x, NOW)
    run([second], [x], ledger)
    x.script = [Failure("server", status=503)]
    out = run([first, second], [x], ledger, confirms={("x", "p2"): None})
    assert {o.post_id: o.status for o in out} == {"p1": "failed", "p2": "skipped"}
    assert "your answer (not posted) was recorded" in [o for o in out if o.post_id == "p2"][0].detail
    assert Ledger.load(ledger.path).get("p2", "x", "acct").state == "planned"
    again = run([first, second], [x], ledger)
    assert {o.status for o in again} == {"posted"} and len(x.posts) == 2
