"""Run the checklist on a post: rules, suppressions, fail-closed errors -> a Report."""

from __future__ import annotations

import dataclasses
import logging
import math
import signal
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from . import practice as practice_mod
from .nlp import ModelUnavailable
from .model import AUDIENCES, CASE_MATERIAL, RISKS, Finding, Hit, Report, Rule, Severity, category_of, kind_of
from .source import LoadError, Post, Suppression, load_path, load_text

log = logging.getLogger(__name__)

#: Seconds one post may take to load and check before it is held back (B907).
#: Change it here for every check, or pass `budget=` to check_post / check_text /
#: check_file; None or math.inf means no limit.
BUDGET: float | None = 10.0

#: Codes no author may switch off: direct client identifiers, suicide method
#: detail (docs/product.md, The gate), and the checker's own hygiene findings.
NOT_SUPPRESSIBLE = frozenset({"B101", "B301", "B901", "B902", "B903", "B907"})


@dataclass
class CheckContext:
    """What a rule may look at besides the post; analyses are computed once, lazily."""

    post: Post
    practice: practice_mod.Practice
    kind: str = "post"  # "post" or "page"
    cache: dict = field(default_factory=dict)

    @property
    def audience(self) -> str:
        value = self.post.meta.get("audience")
        return value if value in AUDIENCES else "public"

    @property
    def risk(self) -> str:
        value = self.post.meta.get("risk")
        return value if value in RISKS else "low"

    @property
    def case_material(self) -> str:
        value = self.post.meta.get("case_material")
        return value if value in CASE_MATERIAL else "none"

    def memo(self, key: str, compute):
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]


_RULES: tuple = ((), ())  # (each family's rules function, the rules they built)


def all_rules() -> list[Rule]:
    """Every rule of the checklist, in code order. Built on the first call (no import-time
    registry) and again whenever a family's rules() function is replaced."""
    global _RULES
    from .rules import advertising, boundaries, confidentiality, language, metadata, privacy, public_statements, safe_messaging

    families = (confidentiality, boundaries, safe_messaging, language, advertising, public_statements, privacy, metadata)
    makers = tuple(family.rules for family in families)
    if len(makers) != len(_RULES[0]) or any(a is not b for a, b in zip(makers, _RULES[0], strict=True)):
        rules = [_with_structure(rule) for make in makers for rule in make()]
        _RULES = (makers, tuple(sorted(rules, key=lambda r: r.code)))
    return list(_RULES[1])


def _with_structure(rule: Rule) -> Rule:
    """The rule with its structural matchers (rules/structure.py) run after its own."""
    from .rules.structure import EXAMPLES, EXTRA

    extra = EXTRA.get(rule.code)
    if not extra:
        return rule
    good, bad = EXAMPLES.get(rule.code, ((), ()))
    own = rule.matcher

    def matcher(post, ctx):
        seen: dict[int, list[tuple[int, int]]] = {}
        for hit in own(post, ctx):
            seen.setdefault(id(hit.segment), []).append((hit.offset, max(hit.end, hit.offset + 1)))
            yield hit
        # A place the rule's own matcher already reported is not reported twice.
        for more in extra:
            for hit in more(post, ctx):
                spans = seen.get(id(hit.segment), ())
                if not any(a < max(hit.end, hit.offset + 1) and hit.offset < b for a, b in spans):
                    yield hit

    matcher.__name__ = getattr(own, "__name__", "matcher")
    return dataclasses.replace(rule, matcher=matcher, good=rule.good + tuple(good), bad=rule.bad + tuple(bad))


def rule_by_code(code: str) -> Rule:
    for rule in all_rules():
        if rule.code == code:
            return rule
    raise KeyError(code)


def _finding(rule: Rule, line: int, column: int, detail: str = "", severity: Severity | None = None, excerpt: str = "") -> Finding:
    message = rule.message if not detail else f"{rule.message}: {detail}"
    return Finding(
        code=rule.code,
        name=rule.name,
        category=rule.category,
        severity=severity or rule.severity,
        line=line,
        column=column,
        message=message,
        why=rule.why,
        fix=rule.fix,
        source=rule.source,
        excerpt=excerpt,
    )


def _hit_position(post: Post, hit: Hit) -> tuple[int, int]:
    if hit.segment is None:
        return hit.line or 1, hit.column or 1
    return hit.segment.position(hit.offset)


def _suppressions(post: Post) -> list[Suppression]:
    """Inline comments plus `boundary_allow` entries (which cover the whole post)."""
    found = list(post.suppressions)
    allow = post.meta.get("boundary_allow")
    if isinstance(allow, list):
        for i, entry in enumerate(allow):
            line, col = post.field_position(f"boundary_allow.{i}")
            if isinstance(entry, dict):
                code = str(entry.get("code", "")).strip()
                reason = entry.get("reason")
                reason = reason.strip() if isinstance(reason, str) else ""
            else:
                code, reason = str(entry).strip(), ""
            found.append(Suppression(codes=(code,) if code else (), reason=reason, line=line, column=col, inline=False))
    return found


class _OutOfTime(BaseException):
    """The post's time budget ran out. A BaseException, so that no `except Exception`
    (a rule's own, or the per-rule crash guard) takes it for an ordinary crash."""


class _Deadline:
    """A per-post time budget.

    In the main thread (where signals are delivered) an ITIMER_REAL timer raises
    _OutOfTime from wherever the post is being checked, even inside a long regex
    (the regex engine checks for signals as it runs). Elsewhere, and as well, the
    engine looks at the clock between rules and between hits (`check()`).

    A caller's own SIGALRM timer (a test's alarm, pytest-timeout) is respected:
    ours is set to fire no later than theirs; if theirs comes first, their handler
    and timer are put back at once so that their handler runs as they meant it to,
    and whatever it raises is passed on, not reported as a rule crash
    (`outer_fired`). On stop() the previous handler is restored and their timer
    set to the time it had left.
    """

    def __init__(self, budget: float | None):
        self.budget = budget
        self.limited = budget is not None and math.isfinite(budget)
        self.at = time.monotonic() + budget if self.limited else math.inf
        self.active = False
        self.installed = False
        self.outer_fired = False
        self._prev_handler = None
        self._outer_at: float | None = None
        self._outer_interval = 0.0

    def start(self) -> "_Deadline":
        if not self.limited or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
            return self
        prev_handler = signal.getsignal(signal.SIGALRM)
        if prev_handler is None:  # a handler set outside Python: it could not be put back
            return self
        now = time.monotonic()
        delay, interval = signal.getitimer(signal.ITIMER_REAL)
        self._outer_at = now + delay if delay > 0 else None
        self._outer_interval = interval
        self._prev_handler = prev_handler
        self.active = True
        signal.signal(signal.SIGALRM, self._on_alarm)
        self.installed = True
        self._arm(now)
        return self

    def _arm(self, now: float) -> None:
        due = self.at if self._outer_at is None else min(self.at, self._outer_at)
        signal.setitimer(signal.ITIMER_REAL, max(due - now, 1e-6))

    def _on_alarm(self, signum, frame) -> None:
        if not self.active:
            return
        now = time.monotonic()
        if self._outer_at is not None and now >= self._outer_at - 1e-4:
            # The caller's alarm: hand it back (stop() re-arms theirs to fire at once).
            self.outer_fired = True
            self.stop()
            return
        if now >= self.at - 1e-4:
            raise _OutOfTime
        self._arm(now)  # early (clock granularity): wait for the rest

    def check(self) -> None:
        if time.monotonic() >= self.at:
            raise _OutOfTime

    def stop(self) -> None:
        """Cancel our timer, restore the previous handler and the caller's timer. Idempotent."""
        self.active = False
        if not self.installed:
            return
        self.installed = False
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            signal.signal(signal.SIGALRM, self._prev_handler)
            if self._outer_at is not None:
                left = self._outer_at - time.monotonic()
                if self.outer_fired and self._outer_interval <= 0 and left > 0:
                    left = 1e-6
                signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6), self._outer_interval)


def _budget(budget: float | None) -> float | None:
    return BUDGET if budget is None else budget


def _timeout_report(path: str, budget: float | None, digest: str = "", title: str = "", slug: str = "") -> Report:
    seconds = f"{budget:g}" if budget is not None else "?"
    detail = (
        f"this post could not be checked in time (over {seconds} s): it is held back. "
        "This usually means unusual input such as thousands of unclosed brackets or comments; "
        "a post of ordinary prose takes well under a second. To fix it, look for a long run of the same "
        "characters (a pasted export or log, a broken table, an unclosed <!-- or [ or ( repeated "
        "over and over), remove or repair it and check again; if the post really is that long, split it in two"
    )
    return Report(path=path, findings=(_checker_error(detail),), digest=digest, title=title, slug=slug)


def check_post(
    post: Post,
    rules: Iterable[Rule] | None = None,
    practice: practice_mod.Practice | None = None,
    kind: str = "post",
    budget: float | None = None,
    *,
    _deadline: "_Deadline | None" = None,
) -> Report:
    """Check one loaded post. Never raises: a rule that crashes blocks the post (B907),
    and so does a post that takes longer than `budget` seconds (default BUDGET).
    (check_text and check_file pass the deadline their loading already counted against.)"""
    deadline = _deadline if _deadline is not None else _Deadline(_budget(budget))
    return _within(deadline, post.path, lambda: _check_post(post, rules, practice, kind, deadline), post)


def _within(deadline: _Deadline, path: str, work, post: Post | None = None):
    """work() with the deadline running: what it returns, or the timeout report."""
    try:
        deadline.start()
        try:
            return work()
        finally:
            deadline.stop()
    except _OutOfTime:
        deadline.stop()  # again: the alarm may have come inside stop() itself
        log.debug("checking %s ran out of time (%s s)", path, deadline.budget)
        if post is not None:
            return _timeout_report(post.path, deadline.budget, post.digest, str(post.meta.get("title") or ""), str(post.meta.get("slug") or ""))
        return _timeout_report(path, deadline.budget)


def _check_post(post: Post, rules, practice, kind: str, deadline: _Deadline) -> Report:
    rules = list(all_rules() if rules is None else rules)
    practice = practice or practice_mod.from_mapping({})
    ctx = CheckContext(post=post, practice=practice, kind=kind)
    raw: list[tuple[Rule, Hit]] = []
    crashes: list[Finding] = []
    check = deadline.check
    for rule in rules:
        check()
        try:
            for hit in rule.matcher(post, ctx):
                raw.append((rule, hit))
                check()
        except ModelUnavailable as exc:  # fail closed: a rule that needs the parser cannot run without it
            crashes.append(_checker_error(f"rule {rule.code} ({rule.name}) needs the English language model: {exc}"))
        except Exception as exc:  # fail closed: a crashing rule blocks the post
            if deadline.outer_fired:  # the caller's own alarm: theirs to handle
                raise
            log.debug("rule %s crashed on %s", rule.code, post.path, exc_info=True)
            where = traceback.extract_tb(exc.__traceback__)[-1]
            crashes.append(
                _checker_error(
                    f"rule {rule.code} ({rule.name}) failed on this post "
                    f"({type(exc).__name__} at {Path(where.filename).name}:{where.lineno}). "
                    "The post is held back until the checker can read it"
                )
            )
    check()
    findings = _apply_suppressions(post, raw)
    findings.extend(crashes)
    findings.sort(key=lambda f: (f.line, f.column, f.code))
    return Report(path=post.path, findings=tuple(_dedupe(findings)), digest=post.digest, title=str(post.meta.get("title") or ""), slug=str(post.meta.get("slug") or ""))


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen = set()
    out = []
    for f in findings:
        key = (f.code, f.line, f.column, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _apply_suppressions(post: Post, raw: list[tuple[Rule, Hit]]) -> list[Finding]:
    from .rules.metadata import SUPPRESSION_RULES

    sups = _suppressions(post)
    used: set[int] = set()
    findings: list[Finding] = []
    hygiene: list[Finding] = []
    valid: list[tuple[int, Suppression]] = []
    for i, sup in enumerate(sups):
        if not sup.codes:
            hygiene.append(_finding(SUPPRESSION_RULES["B902"], sup.line, sup.column, "the suppression names no rule code (write e.g. allow B402)"))
            continue
        if not sup.reason:
            hygiene.append(_finding(SUPPRESSION_RULES["B902"], sup.line, sup.column, f"allow {', '.join(sup.codes)} has no reason=\"…\""))
            continue
        blocked_codes = [c for c in sup.codes if c in NOT_SUPPRESSIBLE]
        if blocked_codes:
            hygiene.append(
                _finding(
                    SUPPRESSION_RULES["B903"],
                    sup.line,
                    sup.column,
                    f"{', '.join(blocked_codes)} cannot be switched off" + (" in the post" if sup.inline else " in the frontmatter"),
                )
            )
        valid.append((i, sup))
    for rule, hit in raw:
        severity = hit.severity or rule.severity
        line, col = _hit_position(post, hit)
        suppressed = False
        if rule.code not in NOT_SUPPRESSIBLE:
            for i, sup in valid:
                if rule.code not in sup.codes:
                    continue
                if sup.inline:
                    if hit.segment is None or not hit.segment.is_body:
                        continue
                    if not (sup.start <= hit.offset <= sup.end):
                        continue
                used.add(i)
                suppressed = True
                break
        if suppressed:
            continue
        excerpt = ""
        if hit.segment is not None:
            excerpt = hit.segment.text[hit.offset : max(hit.end, hit.offset)][:120]
        findings.append(_finding(rule, line, col, hit.detail, severity, excerpt))
    for i, sup in valid:
        if i not in used and not all(c in NOT_SUPPRESSIBLE for c in sup.codes):
            hygiene.append(
                _finding(
                    SUPPRESSION_RULES["B904"],
                    sup.line,
                    sup.column,
                    f"allow {', '.join(sup.codes)} matched nothing; remove it so it cannot hide a future problem",
                )
            )
    return findings + hygiene


def _checker_error(detail: str, line: int = 1, column: int = 1) -> Finding:
    from .rules.metadata import SUPPRESSION_RULES

    return _finding(SUPPRESSION_RULES["B907"], line, column, detail)


def load_error_report(path: str, err: LoadError, kind: str = "post") -> Report:
    """B901 for a file that cannot be read as a post: every problem found, each with its own fix.

    When only parts of the frontmatter are broken, the fields that could be read
    are checked against the schema as well, so one mistake hides no other."""
    from dataclasses import replace

    from .rules.metadata import SUPPRESSION_RULES, schema_problems

    rule = SUPPRESSION_RULES["B901"]
    findings = []
    for e in (err, *err.more):
        f = _finding(rule, e.line, e.column, e.message)
        findings.append(replace(f, fix=e.fix) if e.fix else f)
    if err.salvaged:
        meta = {k: v for k, (v, _) in err.salvaged.items()}
        for key, message in schema_problems(meta, kind):
            if key in err.unread:
                continue
            line = err.salvaged[key][1] if key in err.salvaged else 1
            findings.append(_finding(rule, line, 1, message))
    findings.sort(key=lambda f: (f.line, f.column))
    return Report(path=path, findings=tuple(findings))


def check_text(text: str, path: str = "<text>", practice=None, rules=None, kind: str = "post", budget: float | None = None) -> Report:
    """Load and check a text; loading counts against the same time budget as checking."""
    deadline = _Deadline(_budget(budget))

    def load():
        try:
            return load_text(text, path)
        except LoadError as err:
            return load_error_report(path, err, kind)
        except Exception as exc:  # fail closed
            if deadline.outer_fired:  # the caller's own alarm: theirs to handle
                raise
            return Report(path=path, findings=(_checker_error(f"the post could not be loaded ({type(exc).__name__})"),))

    loaded = _within(deadline, path, load)
    if isinstance(loaded, Report):  # could not be loaded, or not in time
        return loaded
    return check_post(loaded, rules, practice, kind, _deadline=deadline)


def check_file(path: str | Path, practice=None, rules=None, kind: str | None = None, budget: float | None = None) -> Report:
    """Load and check a file. Never raises; every failure is a blocking finding (a post
    that takes longer than `budget` seconds, default BUDGET, included)."""
    path_s = str(path)
    if kind is None:
        kind = kind_of(path_s)

    deadline = _Deadline(_budget(budget))

    def load():
        try:
            return load_path(path)
        except LoadError as err:
            return load_error_report(path_s, err, kind)
        except Exception as exc:  # fail closed
            if deadline.outer_fired:  # the caller's own alarm: theirs to handle
                raise
            log.debug("loading %s failed", path_s, exc_info=True)
            return Report(path=path_s, findings=(_checker_error(f"the post could not be loaded ({type(exc).__name__})"),))

    loaded = _within(deadline, path_s, load)
    if isinstance(loaded, Report):  # could not be loaded, or not in time
        return loaded
    try:
        return check_post(loaded, rules, practice, kind, _deadline=deadline)
    except Exception as exc:  # fail closed, even if the engine itself breaks
        if deadline.outer_fired:  # the caller's own alarm: theirs to handle
            raise
        log.debug("checking %s failed", path_s, exc_info=True)
        return Report(path=path_s, findings=(_checker_error(f"the checker failed ({type(exc).__name__})"),), digest=loaded.digest)


def category_counts(reports: Iterable[Report]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for report in reports:
        for f in report.blocking():
            counts[category_of(f.code)] = counts.get(category_of(f.code), 0) + 1
    return counts
