"""Send approved cross-posts exactly once, through the write-ahead ledger (docs/crossposting.md).

For each approved item and each network that has credentials, the ledger
record decides what happens:

- nothing yet (or `planned`): write `sending` with a key durably, call the
  network, write `posted` or the failure;
- `posted`: never again (a changed text is reported as drift and left alone);
- `sending` left by a crash: Mastodon retries with the same Idempotency-Key
  within the hour, later looks for the link in the account's recent statuses;
  Bluesky looks the record key up and creates it only if absent; X and LinkedIn
  have no way to tell, so the record becomes `unknown` and the clinician is
  asked (`invoke publish --confirm x:POST=ID|none`);
- `failed` with a `retry_at` in the future (a 429): wait; `unknown`: ask again.

A network that answers 429, an expired token or an outage is stopped for this
run; the others carry on. At most `max_per_run` new posts go to a network per run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
from dataclasses import dataclass

from . import registry
from .ledger import Ledger, LedgerError, Record, parse_time

#: Mastodon honours an Idempotency-Key for about an hour; stay safely inside it.
MASTODON_KEY_WINDOW = dt.timedelta(minutes=50)
#: After this many failures that a retry will not fix (a 422), stop trying and say so.
GIVE_UP_AFTER = 3
DEFAULT_MAX_PER_RUN = 5
#: Networks that can be asked whether a post exists, so a leftover `sending` can be resolved.
CAN_LOOK_UP = {n for n, sp in registry.REGISTRY.items() if sp.can_look_up}
FAILPOINT_ENV = "CONSULTING_ROOM_FAILPOINT"


@dataclass(frozen=True)
class Item:
    post_id: str
    post_path: str
    rel_path: str
    title: str
    rendered: object  # publish.networks.Rendered


@dataclass(frozen=True)
class Outcome:
    network: str
    post_id: str
    rel_path: str
    status: str  # posted | already | drift | waiting | failed | unknown | skipped | gave_up | deleted | unused | would-*
    detail: str = ""
    url: str = ""

    @property
    def needs_attention(self) -> bool:
        return self.status in {"failed", "unknown", "gave_up", "drift", "unused"}


LABELS = registry.LABELS


def label(network: str) -> str:
    return LABELS.get(network, network)


def _iso(when: dt.datetime) -> str:
    return when.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat()


def _failpoint(network: str, stage: str) -> None:
    """Fault injection for the crash tests: CONSULTING_ROOM_FAILPOINT=mastodon:after-call kills this process."""
    if os.environ.get(FAILPOINT_ENV) == f"{network}:{stage}":
        os.kill(os.getpid(), signal.SIGKILL)


def _seed(record: Record) -> str:
    return hashlib.sha256(f"{record.post_id}|{record.network}|{record.account}|{record.fingerprint}|{record.attempts}".encode()).hexdigest()


def _kind(exc: BaseException) -> str:
    kind = getattr(exc, "kind", None)
    return kind if isinstance(kind, str) else "unknown"


def _say(exc: BaseException, network: str) -> str:
    """A sanitised sentence: the adapters' errors are written for people; anything else only by its type."""
    if isinstance(getattr(exc, "kind", None), str):
        return str(exc)
    return f"{network} failed in an unexpected way ({type(exc).__name__})"


def _error_code(exc: BaseException) -> str:
    status = getattr(exc, "status", None)
    code = getattr(exc, "api_code", None)
    parts = [_kind(exc) if isinstance(getattr(exc, "kind", None), str) else f"unknown ({type(exc).__name__})"]
    if status:
        parts.append(f"HTTP {status}")
    if code:
        parts.append(str(code))
    return " ".join(parts)


class Runner:
    def __init__(self, ledger: Ledger, adapters: dict, now: dt.datetime | None = None, max_per_run: int = DEFAULT_MAX_PER_RUN,
                 confirms: dict | None = None, dry_run: bool = False):
        self.ledger = ledger
        self.adapters = adapters
        self.now = now or dt.datetime.now(dt.timezone.utc)
        self.max_per_run = max_per_run
        self.confirms = dict(confirms or {})  # (network, post_id) -> remote id, or None for "it was not posted"
        self.dry_run = dry_run
        self.stopped: dict[str, str] = {}  # network -> why it stopped for this run
        self.waiting: set[str] = set()  # networks stopped by a rate limit (their items are "waiting", not "skipped")
        self.sent: dict[str, int] = {}
        self.outcomes: list[Outcome] = []


    # -------------------------------------------------------------- helpers
    def _out(self, item: Item, network: str, status: str, detail: str = "", url: str = "") -> None:
        self.outcomes.append(Outcome(network, item.post_id, item.rel_path, status, detail, url))

    def _put(self, record: Record) -> None:
        if not self.dry_run:
            self.ledger.put(record, self.now)

    # ------------------------------------------------------------------ run
    def run(self, items: list[Item]) -> list[Outcome]:
        for network in sorted({i.rendered.network for i in items}):
            adapter = self.adapters.get(network)
            if adapter is None:
                continue
            mine = [i for i in items if i.rendered.network == network]
            try:
                account = adapter.account  # may ask the network who we are: an expired token shows here
            except Exception as exc:
                why = _say(exc, network) if _kind(exc) == "auth" else (
                    f"{label(network)} could not be reached to confirm the account ({_error_code(exc)}), so nothing was sent there; "
                    f"check the {network.upper()}_ settings and the connection")
                for item in mine:
                    self._out(item, network, "failed", why)
                continue
            # A 429 is about the account, not one post: wait for the latest reset before sending anything there.
            waits = [parse_time(r.retry_at) for r in self.ledger.for_network(network)
                     if r.account == account and r.state == "failed" and r.error.startswith("rate_limited")]
            waits = [w for w in waits if w and w > self.now]
            if waits:
                self.waiting.add(network)
                self.stopped[network] = (f"{label(network)} asked us to slow down; it will be tried on a publish after "
                                         f"{_iso(max(waits))[:16].replace('T', ' ')} UTC")
            for item in mine:
                try:
                    self._one(item, adapter)
                except LedgerError:
                    raise  # the ledger cannot be written: nothing may be sent anywhere, the whole publish stops
                except Exception as exc:  # an adapter bug must not stop the other networks
                    self.stopped.setdefault(network, _say(exc, network))
                    self._out(item, network, "failed", _say(exc, network))
        for (network, post_id), answer in sorted(self.confirms.items(), key=lambda kv: kv[0]):
            self.outcomes.append(Outcome(network, post_id, post_id, "unused", self._unused(network, post_id, answer, items)))
        return self.outcomes

    def _unused(self, network: str, post_id: str, answer, items: list[Item]) -> str:
        """Why a --confirm answer was not used: it is reported, never silently dropped."""
        given = f"--confirm {network}:{post_id}={answer or 'none'}"
        if network in self.stopped:
            return f"{given} was not used because {label(network)} stopped earlier in this run ({self.stopped[network]}); give it again on the next publish"
        if network not in self.adapters:
            return f"{given} was not used: {label(network)} has no credentials here"
        if not any(i.post_id == post_id and i.rendered.network == network for i in items):
            return f"{given} was not used: no approved post {post_id} goes to {label(network)}"
        states = {r.state for r in self.ledger.records.values() if r.post_id == post_id and r.network == network}
        return f"{given} was not used: there was no question about it ({', '.join(sorted(states)) or 'not sent yet'})"

    def _one(self, item: Item, adapter) -> None:
        network = adapter.network
        fingerprint = item.rendered.fingerprint()
        record = self.ledger.get(item.post_id, network, adapter.account)
        if record is None:
            record = Record(item.post_id, network, adapter.account, post=item.rel_path, link=item.rendered.link, fingerprint=fingerprint)
        record.post, record.link = item.rel_path, item.rendered.link
        confirm_key = (network, item.post_id)

        if record.state == "posted":
            if record.fingerprint != fingerprint:
                self._out(item, network, "drift", f"posted earlier ({record.url or record.remote_id or 'marked as posted'}); the approved text "
                          "changed since. The post on the network was left as it is; edit or delete it there if needed", record.url)
            else:
                self._out(item, network, "already", "", record.url)
            return
        if record.state == "deleted":
            self._out(item, network, "skipped", "its cross-post was deleted on request; it is not posted again")
            return
        if record.state == "gave_up":
            if record.fingerprint == fingerprint:
                self._out(item, network, "gave_up", f"{network} refused it {record.attempts} times ({record.error}); "
                          f"change the text or its social: override and approve it again")
                return
            record.state, record.attempts, record.error = "planned", 0, ""  # new approved text: try again
        if record.state == "unknown" and confirm_key in self.confirms:
            # The clinician's answer is recorded even when the network stopped earlier in this run.
            answer = self.confirms.pop(confirm_key)
            if answer:
                record.state, record.remote_id, record.error = "posted", answer, ""
                record.note = "confirmed by the clinician"
                self._put(record)
                self._out(item, network, "posted" if not self.dry_run else "would-confirm", f"recorded as posted (id {answer}), as you confirmed")
                return
            record.state, record.note = "planned", "confirmed not posted by the clinician"
            if network in self.stopped:
                self._put(record)
                self._out(item, network, "waiting" if network in self.waiting else "skipped",
                          f"your answer (not posted) was recorded; it is sent on a later publish, because {self.stopped[network]}")
                return
        if network in self.stopped:
            self._out(item, network, "waiting" if network in self.waiting else "skipped", self.stopped[network])
            return

        if record.state == "unknown":
            self._out(item, network, "unknown", self._question(item, record))
            return
        elif record.state == "failed":
            retry_at = parse_time(record.retry_at)
            if retry_at and retry_at > self.now:
                self._out(item, network, "waiting", f"{network} asked us to wait; it will be tried on a publish after {record.retry_at[:16].replace('T', ' ')} UTC")
                return
            if record.key and network in CAN_LOOK_UP:
                # It was `sending` once: the refusal may have been of a resend while the first attempt had arrived.
                # Ask the network (or resend with the same key while Mastodon still honours it) before anything else.
                self._resume(item, adapter, record, fingerprint, after_refusal=True)
                return
        elif record.state == "sending":
            self._resume(item, adapter, record, fingerprint)
            return

        record.fingerprint = fingerprint
        self._send(item, adapter, record)

    def _question(self, item: Item, record: Record) -> str:
        return (f"it is not known whether {item.rel_path} reached {record.network} ({record.error or 'the run stopped while sending'}). "
                f"Look at the account; then run: invoke publish --confirm {record.network}:{item.post_id}=ID "
                f"(the post's id there) or --confirm {record.network}:{item.post_id}=none if it is not there")

    # --------------------------------------------------------------- resume
    def _resume(self, item: Item, adapter, record: Record, fingerprint: str, after_refusal: bool = False) -> None:
        network = adapter.network
        if network not in CAN_LOOK_UP:
            record.state = "unknown"
            record.error = record.error or "the previous publish stopped while sending"
            self._put(record)
            self._out(item, network, "unknown" if not self.dry_run else "would-ask", self._question(item, record))
            return
        if self.dry_run:
            self._out(item, network, "would-resume", f"an earlier attempt may have arrived; {network} will be asked whether the post exists before anything is sent")
            return
        since = parse_time(record.sending_since)
        if network == "mastodon" and since and self.now - since < MASTODON_KEY_WINDOW:
            record.fingerprint = fingerprint
            self._send(item, adapter, record, resend=not after_refusal)  # same Idempotency-Key: Mastodon returns the first status
            return
        try:
            found = adapter.find(item.rendered, record.key)
        except Exception as exc:
            self._failed(item, adapter, record, exc)
            return
        if found is not None:
            record.state, record.remote_id, record.url, record.error = "posted", found.id, found.url, ""
            record.note = "found on the network after an interrupted publish"
            self._put(record)
            self._out(item, network, "posted", "found it already posted (a previous publish was interrupted)", found.url)
            return
        # Not there, as the network itself says: send it, still under the key chosen the first time (a record
        # keeps its key for good; on Bluesky a create with it can only ever make one record).
        record.fingerprint = fingerprint
        self._send(item, adapter, record)

    # ----------------------------------------------------------------- send
    def _send(self, item: Item, adapter, record: Record, resend: bool = False) -> None:
        """Send under the record's key. The key is chosen once, before the first call, and kept for good:
        a record that was ever `sending` is never given a new one (#13), so a resend can only ever be the
        same post to a network that honours keys. `resend` is a repeat of a call that may have arrived."""
        network = adapter.network
        if self.sent.get(network, 0) >= self.max_per_run:
            self._out(item, network, "skipped", f"at most {self.max_per_run} new posts go to {network} in one publish "
                      "(so followers are not flooded); it goes out on the next publish")
            return
        if self.dry_run:
            self._out(item, network, "would-send", f"{record.link}")
            self.sent[network] = self.sent.get(network, 0) + 1
            return
        if not resend:
            record.attempts += 1
        if not record.key:
            record.key = adapter.key_for(_seed(record), self.now)
            record.sending_since = _iso(self.now)  # when the key was first used: Mastodon's hour counts from here
        record.state, record.error, record.retry_at = "sending", "", ""
        self._put(record)  # durable before the call
        self.sent[network] = self.sent.get(network, 0) + 1
        _failpoint(network, "before-call")
        try:
            remote = adapter.send(item.rendered, record.key)
        except Exception as exc:
            self._failed(item, adapter, record, exc)
            return
        _failpoint(network, "after-call")
        record.state, record.remote_id, record.url, record.error, record.note = "posted", remote.id, remote.url, "", ""
        self._put(record)
        self._out(item, network, "posted", "", remote.url)

    def _failed(self, item: Item, adapter, record: Record, exc: BaseException) -> None:
        network = adapter.network
        kind = _kind(exc)
        message = _say(exc, network)
        record.error = _error_code(exc)
        maybe_sent = bool(getattr(exc, "maybe_sent", False)) or kind == "unknown"
        if kind == "duplicate" or (maybe_sent and network not in CAN_LOOK_UP):
            record.state = "unknown"
            if kind == "duplicate":
                existing = getattr(exc, "existing", None)
                record.error += " (the network says this exact text is already posted" + (
                    f" as {existing.id}; if that is this post, confirm it with that id)" if getattr(existing, "id", None) else ")")
            self._put(record)
            self._out(item, network, "unknown", self._question(item, record))
            return
        if maybe_sent:
            # Mastodon (same key) and Bluesky (same record key) can be resolved safely next run.
            self._put(record)  # stays `sending`
            self.stopped[network] = f"{label(network)} lost the answer to the post before this one, so nothing else was sent there this time"
            self._out(item, network, "failed", f"{message.rstrip('.')}; the next publish checks whether it arrived before trying again")
            return
        record.state = "failed"
        if kind == "rate_limited":
            retry_at = getattr(exc, "retry_at", None) or (self.now + dt.timedelta(minutes=15))
            record.retry_at = _iso(retry_at)
            self.waiting.add(network)
            self.stopped[network] = f"{label(network)} asked us to slow down; it will be tried on a publish after {record.retry_at[:16].replace('T', ' ')} UTC"
            self._put(record)
            self._out(item, network, "waiting", self.stopped[network])
            return
        if kind in ("auth", "forbidden", "timeout", "connection", "server"):
            self.stopped[network] = f"not sent, because of the problem with {label(network)} above"
            self._put(record)
            self._out(item, network, "failed", message)
            return
        # invalid and the rest: the text itself is refused; a retry will not fix it forever.
        if record.attempts >= GIVE_UP_AFTER:
            record.state = "gave_up"
        self._put(record)
        self._out(item, network, "gave_up" if record.state == "gave_up" else "failed", message)


def run(items: list[Item], adapters: dict, ledger: Ledger, **kwargs) -> list[Outcome]:
    return Runner(ledger, adapters, **kwargs).run(items)


def plan_retractions(ledger: Ledger, withheld_ids: dict[str, str], live_ids: set[str]) -> list[Record]:
    """Posted cross-posts whose post is now blocked, retracted or gone: their deletion is planned, never automatic."""
    doomed = []
    for record in sorted(ledger.records.values(), key=lambda r: r.ident):
        if record.state != "posted" or not record.remote_id:
            continue
        if record.post_id in withheld_ids or record.post_id not in live_ids:
            doomed.append(record)
    return doomed


def retract(records: list[Record], adapters: dict, ledger: Ledger, now: dt.datetime | None = None) -> list[Outcome]:
    """Delete the remote copies of retracted or blocked posts (only when the clinician asked for it)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    outcomes = []
    for record in records:
        adapter = adapters.get(record.network)
        if adapter is None or adapter.account != record.account:
            outcomes.append(Outcome(record.network, record.post_id, record.post, "skipped", "no credentials for that account; delete it by hand"))
            continue
        from types import SimpleNamespace

        try:
            adapter.delete(SimpleNamespace(id=record.remote_id, url=record.url))
        except Exception as exc:
            record.error = _error_code(exc)
            ledger.put(record, now)
            outcomes.append(Outcome(record.network, record.post_id, record.post, "failed", _say(exc, record.network)))
            continue
        record.state, record.note = "deleted", "deleted on request after the post was retracted or blocked"
        ledger.put(record, now)
        outcomes.append(Outcome(record.network, record.post_id, record.post, "deleted", "", record.url))
    return outcomes


def mark_existing(items: list[Item], adapters: dict, ledger: Ledger, now: dt.datetime | None = None) -> int:
    """When a blog first turns cross-posting on: record every current post as already posted, so none floods out."""
    count = 0
    for item in items:
        adapter = adapters.get(item.rendered.network)
        if adapter is None or ledger.get(item.post_id, adapter.network, adapter.account) is not None:
            continue
        ledger.put(Record(item.post_id, adapter.network, adapter.account, post=item.rel_path, link=item.rendered.link,
                          state="posted", fingerprint=item.rendered.fingerprint(),
                          note="marked as already posted when cross-posting was turned on"), now, durable=False)
        count += 1
    ledger.save()
    return count


# ------------------------------------------------------------ lost memory (#13)
RECONCILE = "invoke reconcile"


def forgotten_message(ledger: Ledger, forgotten: list) -> str:
    name = os.path.basename(ledger.path)
    where = sorted({w for w, _ in forgotten})
    sample = ", ".join(f"{r.post_id} on {label(r.network)} ({r.state})" for _, r in forgotten[:3])
    more = f" and {len(forgotten) - 3} more" if len(forgotten) > 3 else ""
    return (f"{name} is missing, emptied or older than {' and '.join(where)}, which record(s) {sample}{more}. "
            f"Publishing from it could post them again, so nothing was sent. Rebuild the ledger, then publish again: "
            f"{RECONCILE} (it takes back what the older copy knew and asks each account what is already there)")


def plan_ahead(items: list[Item], adapters: dict, ledger: Ledger, seen_before: set | frozenset, now: dt.datetime | None = None,
               dry_run: bool = False) -> int:
    """Before the deploy, for the networks that cannot be asked (X, LinkedIn): a `planned` record for
    each approved post not in the ledger yet, written to disk. A publish killed after the deploy then
    leaves proof that those posts were not sent, and the next one sends them without a question.

    A lost ledger is never a first run (#13), on these networks either: where the ledger knows nothing of
    the account, a post that was on the site before this publish may have gone out already (the ledger
    deleted, a fresh clone). Those become `unknown`, and publish asks the clinician about each, as after
    an interrupted send. Returns how many were put in doubt. A dry run makes the same records in memory
    only, so that it shows the same questions and writes nothing."""
    now = now or dt.datetime.now(dt.timezone.utc)
    doubted = 0
    changed = False
    for network in sorted({i.rendered.network for i in items}):
        adapter = adapters.get(network)
        if adapter is None or network in CAN_LOOK_UP:
            continue
        try:
            account = adapter.account  # X and LinkedIn know it without a call
        except Exception:  # the runner reports it
            continue
        known = any(r.account == account for r in ledger.for_network(network))
        for item in (i for i in items if i.rendered.network == network):
            if ledger.get(item.post_id, network, account) is not None:
                continue
            record = Record(item.post_id, network, account, post=item.rel_path, link=item.rendered.link,
                            fingerprint=item.rendered.fingerprint())
            if not known and item.rendered.link in seen_before:
                record.state = "unknown"
                record.error = (f"{os.path.basename(ledger.path)} had no record of this {label(network)} account, and the post was "
                                f"already on your site before this publish, so it may have been shared before (if {label(network)} was "
                                f"only just set up, invoke mark-posted records the older posts as already shared)")
                doubted += 1
            ledger.put(record, now, durable=False)
            changed = True
    if changed and not dry_run:
        ledger.save()
    return doubted


def already_out(items: list[Item], adapters: dict, ledger: Ledger) -> str:
    """Before a network's first send from this ledger: is any of these posts already on the account?

    A ledger that knows nothing of an account while the account shows our posts has lost its memory
    (a deleted file, a fresh clone of a repository where it was never committed). Returns the reason to
    stop, or "". Networks that cannot list an account's posts (X, LinkedIn) are not asked here:
    plan_ahead has already turned their doubtful posts into questions for the clinician.
    """
    for network in sorted({i.rendered.network for i in items}):
        adapter = adapters.get(network)
        if adapter is None:
            continue
        try:
            account = adapter.account
        except Exception:  # the runner reports an unreachable account for that network
            continue
        if any(r.account == account for r in ledger.for_network(network)):
            continue
        mine = [i for i in items if i.rendered.network == network]
        if not hasattr(adapter, "find_links"):
            continue  # X, LinkedIn: plan_ahead asks the clinician about the posts the site had before
        try:
            found, _complete = adapter.find_links([i.rendered.link for i in mine], pages=3)
        except Exception as exc:
            return (f"{label(network)} could not be asked whether these posts are already there ({_error_code(exc)}), and "
                    f"{os.path.basename(ledger.path)} has no record of that account, so nothing was sent; try again later")
        if found:
            link = sorted(found)[0]
            return (f"{os.path.basename(ledger.path)} has no record of the {label(network)} account {account}, but "
                    f"{len(found)} of these posts are already there ({link} as {found[link].url}); the ledger was lost. "
                    f"Nothing was sent. Rebuild it from the accounts, then publish again: {RECONCILE}")
    return ""


@dataclass
class Reconciled:
    restored: int = 0  # records taken back from an older copy of the ledger
    found: int = 0  # posts found on an account and recorded as posted
    asked: int = 0  # posts the network cannot be asked about: recorded as unknown, so publish asks the clinician
    absent: int = 0  # posts the account shows it does not have: left for publish to send
    problems: list = None


def reconcile(items: list[Item], adapters: dict, ledger: Ledger, now: dt.datetime | None = None) -> Reconciled:
    """Rebuild a lost, emptied or stale ledger: older copies first, then each account's own posts.

    Nothing is sent. A post is recorded as posted only where the account shows it; as unknown (so that
    publish asks, as for any interrupted send) where the network cannot list the account's posts or not all
    of them could be read; and left alone only where the whole account was read and it is not there.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    result = Reconciled(problems=[])
    for _where, record in ledger.forgotten():
        ledger.records[record.ident] = record
        result.restored += 1
    for network in sorted({i.rendered.network for i in items}):
        adapter = adapters.get(network)
        if adapter is None:
            continue
        try:
            account = adapter.account
        except Exception as exc:
            result.problems.append(f"{label(network)}: the account could not be reached ({_error_code(exc)}); run reconcile again later")
            continue
        todo = [i for i in items if i.rendered.network == network and ledger.get(i.post_id, network, account) is None]
        if not todo:
            continue
        found, complete = {}, False
        if hasattr(adapter, "find_links"):
            try:
                found, complete = adapter.find_links([i.rendered.link for i in todo])
            except Exception as exc:
                result.problems.append(f"{label(network)}: its posts could not be listed ({_error_code(exc)}); "
                                       "nothing was recorded for it, run reconcile again later")
                continue
        for item in todo:
            record = Record(item.post_id, network, account, post=item.rel_path, link=item.rendered.link,
                            fingerprint=item.rendered.fingerprint())
            remote = found.get(item.rendered.link)
            if remote is not None:
                record.state, record.remote_id, record.url = "posted", remote.id, remote.url
                record.note = "found on the account by invoke reconcile"
                result.found += 1
            elif complete:
                result.absent += 1
                continue
            else:
                record.state = "unknown"
                record.error = ("the ledger was rebuilt, and " + (f"{label(network)} cannot be asked whether this post is there"
                                if not hasattr(adapter, "find_links") else f"not all of {label(network)}'s posts could be read"))
                record.note = "recorded by invoke reconcile"
                result.asked += 1
            ledger.put(record, now, durable=False)
    ledger.save()
    return result
