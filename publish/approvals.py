"""Approvals: who signed off exactly what goes out in the clinician's name (docs/product.md, Approvals).

An approval is bound to a hash of the post file (its text, audience, risk and
every other field) and to each network's rendered cross-post (text, link, card
and content warning). Any later edit changes a hash and voids it. The record is
a committed, human-readable YAML file: the practice's audit trail. New
approvals are appended; the latest one for a post is the one that counts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import durable

HEADER = """\
# Approvals: who signed off exactly what goes out, and when.
# `invoke approve PATH --by NAME` adds to this file; keep it in git as the practice's
# audit trail. Do not edit it by hand: any edit to a post after its approval voids
# the approval, and publish holds the post back until it is approved again.
"""


class ApprovalsError(Exception):
    """The approvals file cannot be trusted; the message names the file and what to do."""


def content_hash(path: str | os.PathLike) -> str:
    """A hash of the post file as the checker reads it (line endings do not matter)."""
    data = Path(path).read_bytes().replace(b"\r\n", b"\n")
    return hashlib.sha256(data).hexdigest()


def rendered_hash(rendered) -> str:
    return rendered.fingerprint()


@dataclass
class Approval:
    post: str  # path relative to the project, for people reading the file
    post_id: str
    approved_by: str
    approved_at: str  # ISO 8601, UTC
    content_sha256: str
    audience: str
    risk: str
    crossposts: dict = field(default_factory=dict)  # network -> {"link": ..., "sha256": ...}

    def as_dict(self) -> dict:
        return {
            "post": self.post,
            "id": self.post_id,
            "approved_by": self.approved_by,
            "approved_at": self.approved_at,
            "content_sha256": self.content_sha256,
            "audience": self.audience,
            "risk": self.risk,
            "crossposts": {k: dict(v) for k, v in sorted(self.crossposts.items())},
        }

    @property
    def when(self) -> str:
        return self.approved_at[:16].replace("T", " ")


REQUIRED = ("post", "id", "approved_by", "approved_at", "content_sha256", "audience", "risk")


@dataclass
class Store:
    path: str
    records: list[Approval] = field(default_factory=list)

    @classmethod
    def load(cls, path: str | os.PathLike) -> "Store":
        path = str(path)
        if not os.path.exists(path):
            return cls(path)
        name = os.path.basename(path)
        fix = f"restore it from git (git checkout -- {name}) or fix the line named; nothing was published"
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            raise ApprovalsError(f"{name}: the approvals file is not UTF-8 text; {fix}") from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
            raise ApprovalsError(f"{name}{where}: the approvals file is damaged ({getattr(exc, 'problem', None) or exc}); {fix}") from None
        if data is None:
            return cls(path)
        if not isinstance(data, dict) or not isinstance(data.get("approvals", []), list):
            raise ApprovalsError(f"{name}: expected a list under `approvals:`; {fix}")
        records = []
        for i, item in enumerate(data.get("approvals") or [], 1):
            if not isinstance(item, dict) or any(not isinstance(item.get(k), str) or not item.get(k) for k in REQUIRED):
                missing = [k for k in REQUIRED if not isinstance(item, dict) or not isinstance(item.get(k), str) or not item.get(k)]
                raise ApprovalsError(f"{name}: approval number {i} is missing {', '.join(missing)}; {fix}")
            crossposts = item.get("crossposts") or {}
            if not isinstance(crossposts, dict) or any(
                not isinstance(v, dict) or not isinstance(v.get("sha256"), str) for v in crossposts.values()
            ):
                raise ApprovalsError(f"{name}: approval number {i} ({item['post']}) has a damaged `crossposts` section; {fix}")
            records.append(
                Approval(item["post"], item["id"], item["approved_by"], item["approved_at"], item["content_sha256"],
                         item["audience"], item["risk"], {str(k): dict(v) for k, v in crossposts.items()})
            )
        return cls(path, records)

    def latest(self, post_id: str) -> Approval | None:
        for record in reversed(self.records):
            if record.post_id == post_id:
                return record
        return None

    def add(self, approval: Approval) -> None:
        self.records.append(approval)
        self.save()

    def save(self) -> None:
        body = yaml.safe_dump({"approvals": [r.as_dict() for r in self.records]}, sort_keys=False, allow_unicode=True, width=100)
        durable.write_text(self.path, HEADER + body)


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str  # plain words for the report when not ok
    approval: Approval | None = None


def approve_hint(rel_path: str) -> str:
    return f'run: invoke approve {rel_path} --by "Your Name"'


def check_content(store: Store, post_id: str, path: str, rel_path: str, author: str = "", distinct: bool = False) -> Verdict:
    """Is the post, as it is now on disk, approved? (Text, audience and risk: the file's hash.)"""
    record = store.latest(post_id)
    if record is None:
        return Verdict(False, f"not approved yet; read it through once more, then {approve_hint(rel_path)}")
    try:
        current = content_hash(path)
    except OSError:
        return Verdict(False, "the post file cannot be read", record)
    if current != record.content_sha256:
        return Verdict(
            False,
            f"the approval by {record.approved_by} ({record.when} UTC) is void: the post was edited afterwards; "
            f"read it again, then {approve_hint(rel_path)}",
            record,
        )
    if distinct and same_person(record.approved_by, author):
        return Verdict(False, f"approved by its own author ({record.approved_by}), and this practice requires a second person; "
                              f"ask a colleague to {approve_hint(rel_path)}", record)
    return Verdict(True, "", record)


def check_crosspost(store: Store, post_id: str, path: str, rel_path: str, rendered, author: str = "", distinct: bool = False) -> Verdict:
    """Is this exact cross-post (text, link, card, content warning) approved for its network?"""
    verdict = check_content(store, post_id, path, rel_path, author, distinct)
    if not verdict.ok:
        return verdict
    record = verdict.approval
    approved = record.crossposts.get(rendered.network)
    if approved is None:
        return Verdict(False, f"the approval by {record.approved_by} did not cover {rendered.network}; {approve_hint(rel_path)}", record)
    if approved.get("sha256") != rendered_hash(rendered):
        what = "link" if approved.get("link") != rendered.link else "text"
        return Verdict(
            False,
            f"the approval by {record.approved_by} ({record.when} UTC) is void for {rendered.network}: the {what} that would be sent "
            f"changed since (a settings or template change can do this); {approve_hint(rel_path)}",
            record,
        )
    return Verdict(True, "", record)


def same_person(a: str, b: str) -> bool:
    def norm(name: str) -> str:
        name = (name or "").split(",")[0]  # "Marcus Hale, LCSW" is Marcus Hale
        words = [w.strip(".").lower() for w in name.split()]
        return " ".join(w for w in words if w not in {"dr", "mr", "ms", "mrs", "mx", "prof"})

    return bool(norm(a)) and norm(a) == norm(b)


def now_iso(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.timezone.utc)
    return now.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat()
