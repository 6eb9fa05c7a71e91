"""The write-ahead cross-post ledger (docs/crossposting.md, The ledger).

One record per (post id, network, account): what was approved to go out (its
hash), the key chosen before sending, and where it got to:

    planned → sending → posted | failed (retry_at, attempts) | unknown | gave_up, and deleted

`sending` is written to disk (fsync, atomic rename, fsync of the folder) before
the network is called, and the result right after, so a crash at any point
leaves a record the next run can resume from. The file is JSON, indented and
sorted, so it reads well in a diff and is committed with the site. A damaged
ledger is never replaced: publish stops and says how to restore it.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from . import durable

VERSION = 1
STATES = ("planned", "sending", "posted", "failed", "unknown", "gave_up", "deleted")
ABOUT = (
    "Cross-post ledger written by `invoke publish`: one record per post, network and account. "
    "Keep it in git. Do not edit it by hand; use `invoke publish --confirm` to answer its questions."
)


PAUSE_ENV = "CONSULTING_ROOM_PAUSE"


def _pause_point(name: str) -> None:
    """Test hook: with CONSULTING_ROOM_PAUSE=NAME:FILE, create FILE here and wait (at most 120 s) until it is removed.

    The concurrency tests use it to hold a command at a chosen point, deterministically.
    """
    want, _, flag = os.environ.get(PAUSE_ENV, "").partition(":")
    if want != name or not flag:
        return
    import time

    Path(flag).write_text(str(os.getpid()), encoding="ascii")
    deadline = time.monotonic() + 120
    while os.path.exists(flag) and time.monotonic() < deadline:
        time.sleep(0.02)


PREV_SUFFIX = ".prev"


def _has_records(text: str) -> bool:
    try:
        data = json.loads(text)
    except ValueError:
        return False
    return isinstance(data, dict) and bool(data.get("records"))


def _committed_text(path: str) -> str:
    """The ledger as last committed to git (HEAD), or "" when there is no git, no repository or no such file."""
    import subprocess

    folder, name = os.path.split(os.path.abspath(path))
    try:
        proc = subprocess.run(["git", "-C", folder, "show", f"HEAD:./{name}"], capture_output=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return ""
    if proc.returncode != 0:
        return ""
    try:
        return proc.stdout.decode("utf-8")
    except UnicodeDecodeError:
        return ""


class LedgerError(Exception):
    """The ledger cannot be trusted or used; nothing was sent. The message says what to do."""


class LedgerUnwritable(LedgerError):
    """The ledger (or its lock) cannot be written: publish stops, since every send must be written ahead."""


def _unwritable(path: str, exc: OSError, before: bool = False) -> str:
    folder = os.path.dirname(os.path.abspath(path)) or "."
    why = exc.strerror or type(exc).__name__
    done = ("nothing was sent" if before else
            "nothing more was sent (each send is written into the ledger before it goes out; a post sent just before "
            "this is checked by the next publish, never sent twice)")
    return (f"{os.path.basename(path)} cannot be written ({why}), so publish stopped: {done}. "
            f"Make the folder {folder} writable and check that the disk has room, then run publish again")


class LedgerBusy(LedgerError):
    """Another publish holds the lock."""


@dataclass
class Record:
    post_id: str
    network: str
    account: str
    post: str = ""  # the post's path, for people reading the ledger
    link: str = ""
    state: str = "planned"
    fingerprint: str = ""  # hash of the exact text, link, card and content warning
    key: str = ""  # idempotency key (Mastodon) or record key (Bluesky), chosen before sending
    remote_id: str = ""
    url: str = ""
    attempts: int = 0
    retry_at: str = ""
    error: str = ""  # sanitised: status and API code, never a response body
    sending_since: str = ""
    updated_at: str = ""
    note: str = ""

    @property
    def ident(self) -> tuple[str, str, str]:
        return (self.post_id, self.network, self.account)


_FIELDS = {f.name: f.type for f in fields(Record)}


def _now_iso(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.timezone.utc)
    return now.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat()


def parse_time(value: str) -> dt.datetime | None:
    if not value:
        return None
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


@dataclass
class Ledger:
    path: str
    records: dict[tuple[str, str, str], Record] = field(default_factory=dict)
    _lock_fd: int | None = None

    # ------------------------------------------------------------------ load
    @classmethod
    def open_locked(cls, path: str | os.PathLike) -> "Ledger":
        """Take the lock, then read: every command that writes the ledger starts here.

        Reading first and locking after would let a publish that pauses in between
        (Ctrl-Z, swapping, a slow disk) send from a stale copy once another one finished.
        """
        holder = cls(str(path))
        holder.lock()
        try:
            ledger = cls.load(path)
        except BaseException:
            holder.unlock()
            raise
        ledger._lock_fd, holder._lock_fd = holder._lock_fd, None
        return ledger

    @classmethod
    def load(cls, path: str | os.PathLike) -> "Ledger":
        ledger = cls._load(path)
        _pause_point("ledger-read")
        return ledger

    @classmethod
    def _load(cls, path: str | os.PathLike) -> "Ledger":
        path = str(path)
        name = os.path.basename(path)
        fix = (
            f"Publish stopped and sent nothing, so nothing can be posted twice. Restore the ledger from git "
            f"(git checkout -- {name}) or from a backup; never delete it, or every post would be sent again"
        )
        if not os.path.exists(path):
            return cls(path)
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise LedgerError(f"{name}: the ledger cannot be read ({exc.strerror}). {fix}") from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise LedgerError(f"{name}:{line}: the ledger is damaged (not UTF-8 text). {fix}") from None
        if not text.strip():
            raise LedgerError(f"{name}: the ledger is empty (it should at least list its records). {fix}")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise LedgerError(f"{name}:{exc.lineno}:{exc.colno}: the ledger is damaged ({exc.msg}). {fix}") from None
        if not isinstance(data, dict) or not isinstance(data.get("records"), list):
            raise LedgerError(f"{name}: the ledger is damaged (no list of records). {fix}")
        if data.get("version") != VERSION:
            raise LedgerError(f"{name}: the ledger is version {data.get('version')!r}; this publish reads version {VERSION}. {fix}")
        ledger = cls(path)
        for i, item in enumerate(data["records"], 1):
            if not isinstance(item, dict):
                raise LedgerError(f"{name}: record {i} is damaged (not a record). {fix}")
            unknown = set(item) - set(_FIELDS)
            if unknown:
                raise LedgerError(f"{name}: record {i} has fields this publish does not know ({', '.join(sorted(unknown))}). {fix}")
            for key in ("post_id", "network", "account", "state"):
                if not isinstance(item.get(key), str) or (key != "account" and not item.get(key)):
                    raise LedgerError(f"{name}: record {i} is damaged ({key} is missing). {fix}")
            if item["state"] not in STATES:
                raise LedgerError(f"{name}: record {i} has an unknown state {item['state']!r}. {fix}")
            for key, value in item.items():
                want = int if key == "attempts" else str
                if not isinstance(value, want) or isinstance(value, bool):
                    raise LedgerError(f"{name}: record {i} is damaged ({key} should be {'a number' if want is int else 'text'}). {fix}")
            record = Record(**item)
            if record.ident in ledger.records:
                raise LedgerError(f"{name}: record {i} repeats {record.post_id} on {record.network}. {fix}")
            ledger.records[record.ident] = record
        return ledger

    # ------------------------------------------------------------------ save
    def save(self) -> None:
        """Write the whole ledger durably: temp file, fsync, rename, fsync the folder.

        The generation it replaces is kept beside it first (`crosspost-ledger.json.prev`), so one bad
        write, or a ledger emptied or deleted by hand, can be recovered (`invoke reconcile` reads it).
        """
        records = [asdict(r) for _, r in sorted(self.records.items())]
        body = json.dumps({"about": ABOUT, "version": VERSION, "records": records}, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
        try:
            current = Path(self.path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            current = None
        try:
            if current is not None and current != body and _has_records(current):
                durable.write_text(self.path + PREV_SUFFIX, current)
            durable.write_text(self.path, body)
        except OSError as exc:
            raise LedgerUnwritable(_unwritable(self.path, exc)) from None

    # -------------------------------------------------------------- evidence
    def older_copies(self) -> list[tuple[str, "Ledger"]]:
        """Other copies of this ledger that may know more: the previous generation, and the last committed one."""
        copies = []
        prev = self.path + PREV_SUFFIX
        if os.path.exists(prev):
            try:
                copies.append((os.path.basename(prev), Ledger._load(prev)))
            except LedgerError:
                pass  # a damaged previous generation proves nothing either way
        committed = _committed_text(self.path)
        if committed:
            tmp = None
            try:
                import tempfile

                fd, tmp = tempfile.mkstemp(suffix=".json")
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(committed)
                copies.append((f"{os.path.basename(self.path)} as last committed to git", Ledger._load(tmp)))
            except LedgerError:
                pass
            finally:
                if tmp:
                    os.unlink(tmp)
        return copies

    def missing_from(self, other: "Ledger") -> list[Record]:
        """Records `other` holds that this ledger lacks, or holds in an older version: what this one forgot."""
        found = []
        for ident, theirs in sorted(other.records.items()):
            if theirs.state == "planned":
                continue  # nothing was ever sent for it
            mine = self.records.get(ident)
            if mine is None or (mine.updated_at or "") < (theirs.updated_at or ""):
                found.append(theirs)
        return found

    def forgotten(self) -> list[tuple[str, Record]]:
        """(where, record) for every record an older copy knows better than this ledger does."""
        return [(where, r) for where, copy in self.older_copies() for r in self.missing_from(copy)]

    # ------------------------------------------------------------------ lock
    def lock(self) -> None:
        """Hold an exclusive lock for this run; a second publish stops at once with a clear message."""
        lock_path = self.path + ".lock"
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise LedgerUnwritable(_unwritable(lock_path, exc, before=True)) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder = ""
            try:
                holder = os.read(fd, 64).decode("ascii", "replace").strip()
            except OSError:
                pass
            os.close(fd)
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                who = f" (process {holder})" if holder else ""
                raise LedgerBusy(
                    f"another publish is running{who}; wait for it to finish, then run publish again. "
                    "Nothing was sent by this one"
                ) from None
            raise
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._lock_fd = fd

    def unlock(self) -> None:
        if self._lock_fd is not None:
            try:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            finally:
                os.close(self._lock_fd)
                self._lock_fd = None

    def __enter__(self) -> "Ledger":
        self.lock()
        return self

    def __exit__(self, *exc) -> None:
        self.unlock()

    # --------------------------------------------------------------- records
    def get(self, post_id: str, network: str, account: str) -> Record | None:
        return self.records.get((post_id, network, account))

    def for_network(self, network: str) -> list[Record]:
        return [r for r in self.records.values() if r.network == network]

    def put(self, record: Record, now: dt.datetime | None = None, durable: bool = True) -> Record:
        record.updated_at = _now_iso(now)
        self.records[record.ident] = record
        if durable:
            self.save()
        return record
