"""`invoke publish`: check → fresh build → feeds → audit → deploy → cross-post → report.

Each step runs only if the one before it succeeded (docs/product.md, Publishing). The build
goes into a fresh staging folder (next to the output, so the deploy is a rename;
in a dry run, in the system's temporary folder, so nothing in the project
changes). The site, the feeds, the outbox and the cross-poster all read the same
list of passing posts, and cross-posting needs a valid approval on top.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from boundary.gate import GateMissing, Withheld
from boundary.model import PAGE_FOLDERS, kind_of

from . import approvals, audit, crosspost, deploy, outbox, site
from .ledger import Ledger, LedgerError
from feeds import base_url


class PublishError(Exception):
    """A step failed; nothing after it ran. The message says what to do."""

    def __init__(self, step: str, message: str, problems: list | None = None):
        super().__init__(message)
        self.step = step
        self.message = message
        self.problems = problems or []


@dataclass
class PublishResult:
    output: str
    published: list = field(default_factory=list)
    pages: list = field(default_factory=list)
    withheld: list[Withheld] = field(default_factory=list)
    warnings: list = field(default_factory=list)  # (path, Finding)
    site_warnings: list = field(default_factory=list)  # boundary.site.SiteFinding
    outbox: dict = field(default_factory=dict)
    planned: list = field(default_factory=list)  # approved cross-posts (outbox.Planned)
    held: list = field(default_factory=list)  # outbox.Held
    crossposts: list = field(default_factory=list)  # crosspost.Outcome, networks with credentials
    retractions: list = field(default_factory=list)  # ledger records whose remote copy should go
    sent_networks: list = field(default_factory=list)  # networks with credentials
    configured_networks: list = field(default_factory=list)  # CROSSPOST["networks"]
    steps: list[str] = field(default_factory=list)
    deployed_to: str = ""
    dry_run: bool = False
    outbox_path: str = ""
    content_root: str = ""
    project_root: str = ""
    #: canonical links of posts whose pages were already in the deployed output before this publish
    previously_live: set = field(default_factory=set)


# ------------------------------------------------------------------ settings
def approvals_settings(settings: dict, root: str) -> dict:
    cfg = dict(settings.get("APPROVALS") or {})
    cfg["file"] = os.path.join(root, cfg.get("file") or "approvals.yaml")
    cfg["required_for_site"] = bool(cfg.get("required_for_site", False))
    cfg["approver_must_differ"] = bool(cfg.get("approver_must_differ", False))
    return cfg


def crosspost_settings(settings: dict, root: str) -> dict:
    cfg = dict(settings.get("CROSSPOST") or {})
    cfg["ledger"] = os.path.join(root, cfg.get("ledger") or "crosspost-ledger.json")
    cfg["max_per_run"] = int(cfg.get("max_per_run") or crosspost.DEFAULT_MAX_PER_RUN)
    return cfg


def post_identity(meta: dict | None, path: str | os.PathLike) -> str:
    """A post's id in approvals and the ledger, from its frontmatter and file alone: the slug written in
    the frontmatter, else the file name. Stable across title edits. (The one definition: publish,
    approvals, the desk and `invoke check` all use it.)"""
    return str((meta or {}).get("slug") or Path(path).stem)


def post_id(article) -> str:
    """post_identity of a built article, plus the language of a translation."""
    base = post_identity(getattr(article, "metadata", {}) or {}, article.source_path)
    if not getattr(article, "in_default_lang", True):
        base += f".{getattr(article, 'lang', '')}"
    return base


def _rel(path: str, root: str) -> str:
    rel = os.path.relpath(path, root)
    return path if rel.startswith("..") else rel


def load_adapters(environ=None, root: str = ".") -> tuple[dict, list[str]]:
    """Adapters for networks whose credentials are in the environment or `.env`; the rest go to the outbox."""
    try:
        from . import credentials
    except ImportError:  # the adapters are optional: without them everything goes to the outbox
        return {}, []
    environ = os.environ if environ is None else environ
    try:
        found = credentials.load(environ, os.path.join(root, ".env"))
    except Exception as exc:  # partial credentials: say which names, never values
        raise PublishError("credentials", str(exc)) from None
    secrets = [v for creds in found.values() if creds is not None for v in credentials.secret_values(creds)]
    if secrets:
        from . import redact

        redact.install(secrets)  # before any client exists, so nothing it logs can carry a token
    adapters = {}
    for network, creds in found.items():
        if creds is None:
            continue
        try:
            adapters[network] = credentials.make_adapter(network, creds)
        except Exception as exc:  # a malformed address, say: name the network, never echo a value
            close_adapters(adapters)
            from . import redact

            raise PublishError("credentials", f"the {network} settings cannot be used ({type(exc).__name__}: "
                                              f"{redact.scrub(str(exc), secrets)[:200]}); check the {network.upper()}_ variables") from None
    return adapters, secrets


def close_adapters(adapters: dict) -> None:
    for adapter in adapters.values():
        close = getattr(adapter, "close", None)
        if close is not None:
            try:
                close()
            except Exception:  # closing a connection must never change the outcome
                pass


# ---------------------------------------------------------------- the steps
@dataclass
class Prepared:
    settings: dict
    built: object  # site.BuildResult
    staging: str
    items: list  # crosspost.Item, approved
    by_path: dict  # source path -> article
    eligible: list = field(default_factory=list)  # crosspost.Item for every passing post, approved or not


def prepare(settings_file: str, settings: dict, staging: str, overrides: dict | None, now: dt.datetime,
            result: PublishResult, strict: bool) -> Prepared:
    """Steps 1–3: check and build every post into `staging`; plan the cross-posts from the passing ones."""
    root = result.project_root
    result.steps.append("check+build")
    over = dict(overrides or {})
    over["OUTPUT_PATH"] = staging
    over["DELETE_OUTPUT_DIRECTORY"] = False  # staging is fresh; never delete outside it
    # `status: draft` keeps a post out of publish (docs/product.md, Frontmatter); Pelican would
    # still write drafts/, so the gate withholds them in every publish.
    boundary_cfg = dict(settings.get("BOUNDARY") or {}, exclude_drafts=True)
    acfg = approvals_settings(settings, root)
    try:
        store = approvals.Store.load(acfg["file"])
    except approvals.ApprovalsError as exc:
        raise PublishError("approvals", str(exc)) from None
    if acfg["required_for_site"]:
        boundary_cfg["withhold"] = unapproved_posts(settings, store, acfg, root)
    over["BOUNDARY"] = boundary_cfg
    try:
        built = site.build(settings_file, staging, over)
    except GateMissing as exc:
        raise PublishError("build", str(exc)) from None
    result.withheld = built.withheld
    result.published = list(built.articles)
    result.pages = list(built.pages)
    for path, report in sorted(built.state.reports.items()):
        if not report.blocked:
            for f in report.findings:
                if f.severity.label == "warn":
                    result.warnings.append((path, f))
    blocked = [w for w in built.withheld if w.reason == "blocked"]
    if strict and blocked:
        names = ", ".join(sorted(os.path.relpath(w.path, settings.get("PATH") or ".") for w in blocked))
        raise PublishError("check", f"{len(blocked)} post(s) are blocked and --strict is on; nothing was deployed: {names}")
    passing = [a for a in built.articles if built.state.passed(a.source_path)]
    planned, held = outbox.plan(passing, built.settings, base_url(built.settings), now=now)
    by_path = {os.path.abspath(a.source_path): a for a in passing}
    items, approved, eligible = [], [], []
    for p in planned:
        article = by_path[os.path.abspath(p.post_path)]
        rel = _rel(p.post_path, root)
        eligible.append(crosspost.Item(post_id(article), p.post_path, rel, p.title, p.rendered))
        verdict = approvals.check_crosspost(store, post_id(article), p.post_path, rel, p.rendered,
                                            str(getattr(article, "author", "") or ""), acfg["approver_must_differ"])
        if not verdict.ok:
            held.append(outbox.Held(p.post_path, p.title, p.rendered.network, verdict.reason))
            continue
        approved.append(p)
        items.append(crosspost.Item(post_id(article), p.post_path, rel, p.title, p.rendered))
    result.planned, result.held = approved, held
    return Prepared(built.settings, built, staging, items, by_path, eligible)


def unapproved_posts(settings: dict, store, acfg: dict, root: str) -> dict[str, str]:
    """With approval required for the site too: every post without a valid approval, and why."""
    from boundary import source

    content = Path(settings["PATH"])
    found = {}
    for path in sorted(content.rglob("*.md")):
        if kind_of(path.relative_to(content), settings.get("PAGE_PATHS") or PAGE_FOLDERS) == "page":
            continue
        try:
            meta = source.load_path(path).meta or {}
        except Exception:  # unreadable: the gate blocks it anyway
            meta = {}
        if not isinstance(meta, dict) or str(meta.get("status", "")) in {"draft", "hidden"}:
            continue
        pid = post_identity(meta, path)
        verdict = approvals.check_content(store, pid, str(path), _rel(str(path), root), str(meta.get("author") or ""),
                                          acfg["approver_must_differ"])
        if not verdict.ok:
            found[os.path.abspath(path)] = verdict.reason
    return found


def run_audit(prep: Prepared, result: PublishResult) -> None:
    """Step 4: refuse to deploy if a withheld post leaks, a stray file exists, or a page calls another host."""
    result.steps.append("audit")
    built, staging = prep.built, prep.staging
    problems = audit.audit_unexpected(staging, built.manifest())
    problems += audit.audit_leaks([staging], built.withheld, built.settings)
    blocking: dict[tuple[str, str], list] = {}
    for finding in audit.site_findings(staging, built.settings, built.pages):
        if finding.severity.label == "block":
            blocking.setdefault((finding.code, finding.message), []).append(finding)
        else:
            result.site_warnings.append(finding)
    problems += _site_problems(blocking)
    withheld_paths = {w.path for w in built.withheld}
    for item in prep.items:
        if os.path.abspath(item.post_path) in withheld_paths:  # cannot happen; proves it
            problems.append(audit.Problem("leak", item.post_path, "a withheld post was planned for cross-posting"))
    if problems:
        raise PublishError("audit", "the output audit found problems; nothing was deployed", problems)


def _site_problems(blocking: dict) -> list:
    """One problem per thing to fix: each template line first, with the built files it made listed
    after it, rather than the same sentence once per page."""

    def first(f):  # where to look: the template, else the home page, else in file order
        return (not f.path.startswith("theme/"), f.path != "index.html", f.path, f.line)

    out = []
    for (code, message), found in sorted(blocking.items(), key=lambda kv: min(first(f) for f in kv[1])):
        found.sort(key=first)
        sources = [f for f in found if f.path.startswith("theme/")] or found[:1]
        built = [f for f in found if f not in sources]
        more = ""
        if built:
            shown = ", ".join(f"{f.path}:{f.line}" for f in built[:3])
            more = f" (the same in {len(built)} more file(s): {shown}{', …' if len(built) > 3 else ''})"
        for f in sources:
            out.append(audit.Problem("site", f"{f.path}:{f.line}", f"{code}: {message}{more}"))
    return out


def run_deploy(prep: Prepared, output: str, result: PublishResult) -> None:
    """Step 5: put the site live; cross-posting only happens if this succeeded."""
    result.steps.append("deploy")
    try:
        cfg = deploy.settings_of(prep.settings)
        result.deployed_to = deploy.deploy(cfg, prep.staging, output, result.project_root)
    except deploy.DeployError as exc:
        raise PublishError("deploy", f"{exc}; nothing was cross-posted") from None


def run_crosspost(prep: Prepared, result: PublishResult, ledger: Ledger | None, adapters: dict, outbox_dir: str,
                  now: dt.datetime, confirms: dict, retract: bool, dry_run: bool) -> None:
    """Step 6: networks with credentials send through the ledger; the others get an outbox file."""
    result.steps.append("cross-post" if not dry_run else "dry-run: cross-posts planned, nothing sent or written")
    ccfg = crosspost_settings(prep.settings, result.project_root)
    result.sent_networks = sorted(adapters)
    result.configured_networks = sorted((prep.settings.get("CROSSPOST") or {}).get("networks") or {})
    if ledger is not None:
        sendable = [i for i in prep.items if i.rendered.network in adapters]
        if (prep.settings.get("DEPLOY") or {}).get("check_live") and not dry_run:
            sendable = _only_live(sendable, result)
        lost = crosspost.already_out(sendable, adapters, ledger)
        if lost:
            raise PublishError("cross-post", lost)
        result.crossposts = crosspost.run(sendable, adapters, ledger, now=now, max_per_run=ccfg["max_per_run"],
                                          confirms=confirms, dry_run=dry_run)
        withheld_ids = {}
        for w in result.withheld:
            withheld_ids[Path(w.path).stem] = w.reason
            if w.slug:
                withheld_ids[w.slug] = w.reason
        live = {post_id(a) for a in prep.by_path.values()} | {post_id(a) for a in result.published}
        result.retractions = crosspost.plan_retractions(ledger, withheld_ids, live)
        if retract and not dry_run and result.retractions:
            result.crossposts += crosspost.retract(result.retractions, adapters, ledger, now)
            result.retractions = []
    if dry_run:
        return
    to_outbox = [p for p in result.planned if p.rendered.network not in adapters]
    result.outbox = outbox.write(outbox_dir, to_outbox, result.project_root)
    leaks = audit.audit_leaks([outbox_dir], result.withheld, prep.settings)
    if leaks:  # belt and braces: the outbox is derived from passing posts only
        raise PublishError("outbox", "a withheld post reached the outbox", leaks)


def published_before(prep: Prepared, output: str) -> set[str]:
    """The canonical links of the approved posts whose pages were already in the deployed output before
    this publish: evidence that they went out earlier, for the networks that cannot be asked (#13)."""
    from urllib.parse import unquote, urlsplit

    found = set()
    for item in prep.items:
        link = item.rendered.link
        rel = unquote(urlsplit(link).path).lstrip("/")
        base = urlsplit(str(prep.settings.get("SITEURL") or "")).path.strip("/")
        if base and rel.startswith(base + "/"):
            rel = rel[len(base) + 1 :]
        candidates = [rel + "index.html"] if rel.endswith("/") or not rel else [rel, rel + "/index.html"]
        if any(os.path.isfile(os.path.join(output, c)) for c in candidates):
            found.add(link)
    return found


def _only_live(items: list, result: PublishResult, timeout: float = 10) -> list:
    """With DEPLOY["check_live"]: send only posts whose canonical page answers, so no link is dead on arrival."""
    import urllib.error
    import urllib.request

    answers: dict[str, str] = {}
    keep = []
    for item in items:
        link = item.rendered.link
        if link not in answers:
            try:
                with urllib.request.urlopen(urllib.request.Request(link, method="HEAD"), timeout=timeout) as resp:
                    answers[link] = "" if 200 <= resp.status < 300 else f"HTTP {resp.status}"
            except urllib.error.HTTPError as exc:
                answers[link] = f"HTTP {exc.code}"
                exc.close()
            except (urllib.error.URLError, OSError, ValueError) as exc:
                answers[link] = f"no answer: {getattr(exc, 'reason', None) or type(exc).__name__}"
        if answers[link]:
            result.held.append(outbox.Held(item.post_path, item.title, item.rendered.network,
                                           f"its page is not live yet at {link} ({answers[link]}); it is sent on a later publish"))
        else:
            keep.append(item)
    return keep


def parse_confirms(values) -> dict:
    """`x:my-post=1234` or `x:my-post=none` → {("x", "my-post"): "1234" | None}."""
    confirms = {}
    for value in values or []:
        head, sep, answer = str(value).partition("=")
        network, sep2, pid = head.partition(":")
        if not sep or not sep2 or not network or not pid or not answer:
            raise PublishError("usage", f"--confirm {value!r} should look like NETWORK:POST=ID or NETWORK:POST=none, e.g. x:asking-about-suicide=1859...")
        confirms[(network.strip().lower(), pid.strip())] = None if answer.strip().lower() == "none" else answer.strip()
    return confirms


def publish(
    settings_file: str = "publishconf.py",
    dry_run: bool = False,
    strict: bool = False,
    output: str | None = None,
    outbox_dir: str | None = None,
    overrides: dict | None = None,
    now: dt.datetime | None = None,
    confirm=None,
    retract: bool = False,
    adapters: dict | None = None,
    environ=None,
) -> PublishResult:
    now = now or dt.datetime.now(dt.timezone.utc)
    confirms = parse_confirms(confirm)
    try:
        settings = site.read_settings(settings_file, overrides)
    except site.SettingsError as exc:
        raise PublishError("settings", str(exc)) from None
    root = os.path.dirname(os.path.abspath(settings_file))
    output = os.path.abspath(output or settings["OUTPUT_PATH"])
    outbox_dir = os.path.abspath(outbox_dir or (settings.get("CROSSPOST") or {}).get("outbox") or "outbox")
    result = PublishResult(output=output, dry_run=dry_run, outbox_path=outbox_dir, content_root=settings["PATH"], project_root=root)
    owned = adapters is None
    if owned:
        adapters, _secrets = load_adapters(environ, root)
    try:
        return _publish(settings_file, settings, root, output, outbox_dir, result, adapters, dry_run, strict, overrides,
                        now, confirms, retract)
    finally:
        if owned:
            close_adapters(adapters)


def _publish(settings_file, settings, root, output, outbox_dir, result, adapters, dry_run, strict, overrides, now, confirms, retract):
    ccfg = crosspost_settings(settings, root)
    ledger = None
    if adapters:
        try:
            # The lock comes before the read, so what this run reads is what it writes over.
            ledger = Ledger.load(ccfg["ledger"]) if dry_run else Ledger.open_locked(ccfg["ledger"])
        except LedgerError as exc:
            raise PublishError("ledger", str(exc)) from None
        # A missing, emptied or rolled-back ledger is never a first run (#13): an older copy that knows
        # more (the previous generation, the last commit) stops publish before anything is built or sent.
        forgotten = ledger.forgotten()
        if forgotten:
            ledger.unlock()
            raise PublishError("ledger", crosspost.forgotten_message(ledger, forgotten))
    if dry_run:
        staging = tempfile.mkdtemp(prefix="consulting-room-dry-run-")
    else:
        parent = Path(output).parent
        parent.mkdir(parents=True, exist_ok=True)
        staging = tempfile.mkdtemp(prefix=".staging-", dir=parent)
    try:
        prep = prepare(settings_file, settings, staging, overrides, now, result, strict)
        run_audit(prep, result)
        result.previously_live = published_before(prep, output)
        if ledger is not None:
            # Written ahead of the deploy: which posts X and LinkedIn have not had yet, and which are in doubt
            # (a dry run keeps them in memory, to show the same questions).
            sendable = [i for i in prep.items if i.rendered.network in adapters]
            try:
                crosspost.plan_ahead(sendable, adapters, ledger, result.previously_live, now, dry_run=dry_run)
            except LedgerError as exc:
                raise PublishError("ledger", str(exc)) from None
        if not dry_run:
            run_deploy(prep, output, result)
        else:
            result.steps.append("dry-run: no deploy")
        try:
            run_crosspost(prep, result, ledger, adapters, outbox_dir, now, confirms, retract, dry_run)
        except LedgerError as exc:  # the ledger could not be written: one clear error, not one per network
            raise PublishError("ledger", str(exc)) from None
        return result
    finally:
        if ledger is not None:
            ledger.unlock()
        if os.path.isdir(staging):
            shutil.rmtree(staging, ignore_errors=True)


# ------------------------------------------------------------------ approve
@dataclass
class ApproveResult:
    approval: approvals.Approval
    rendered: list
    held: list


def approve(post_paths, by: str, settings_file: str = "publishconf.py", overrides: dict | None = None,
            now: dt.datetime | None = None) -> list[ApproveResult]:
    """Record `by`'s approval of each post exactly as it is now, and of each network's rendered cross-post.

    One build serves all the posts named. Nothing is recorded unless every post can be approved.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    by = " ".join((by or "").split())
    if not by:
        raise PublishError("approve", 'say who approves it: invoke approve PATH --by "Your Name"')
    paths = [os.path.abspath(p) for p in ([post_paths] if isinstance(post_paths, (str, os.PathLike)) else post_paths)]
    for path in paths:
        if not os.path.isfile(path):
            raise PublishError("approve", f"{path}: no such post")
    try:
        settings = site.read_settings(settings_file, overrides)
    except site.SettingsError as exc:
        raise PublishError("settings", str(exc)) from None
    root = os.path.dirname(os.path.abspath(settings_file))
    acfg = approvals_settings(settings, root)
    try:
        store = approvals.Store.load(acfg["file"])
    except approvals.ApprovalsError as exc:
        raise PublishError("approvals", str(exc)) from None
    result = PublishResult(output="", dry_run=True, project_root=root)
    staging = tempfile.mkdtemp(prefix="consulting-room-approve-")
    over = dict(overrides or {})
    over["APPROVALS"] = dict(settings.get("APPROVALS") or {}, required_for_site=False)
    before = {path: approvals.content_hash(path) for path in paths}
    try:
        prep = prepare(settings_file, settings, staging, over, now, result, strict=False)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    done = []
    for path in paths:
        rel = _rel(path, root)
        withheld = next((w for w in result.withheld if os.path.abspath(w.path) == path), None)
        if withheld is not None:
            if withheld.reason == "blocked":
                raise PublishError("approve", f"{rel} is blocked by the checklist, so it cannot be approved; run `invoke check {rel}` and fix it first")
            if withheld.reason == "collision":
                raise PublishError("approve", f"{rel} is not published: {withheld.note}")
            raise PublishError("approve", f"{rel} is not published ({withheld.reason}); change its status first, then approve it")
        article = prep.by_path.get(path)
        if article is None:
            raise PublishError("approve", f"{rel} is not a post of this site (pages are neither cross-posted nor approved)")
        author = str(getattr(article, "author", "") or "")
        if acfg["approver_must_differ"] and approvals.same_person(by, author):
            raise PublishError("approve", f"this practice requires a second person to approve: {author} wrote {rel}; ask a colleague")
        # Approve what goes out whenever it goes out: a future-dated post is approved now, sent after its date.
        planned, held = outbox.plan([article], prep.settings, base_url(prep.settings), now=dt.datetime.max.replace(tzinfo=dt.timezone.utc))
        if approvals.content_hash(path) != before[path]:
            raise PublishError("approve", f"{rel} changed while it was being approved; run approve again")
        record = approvals.Approval(
            post=rel, post_id=post_id(article), approved_by=by, approved_at=approvals.now_iso(now),
            content_sha256=before[path], audience=str(getattr(article, "audience", "")), risk=str(getattr(article, "risk", "")),
            crossposts={p.rendered.network: {"link": p.rendered.link, "sha256": approvals.rendered_hash(p.rendered)} for p in planned},
        )
        done.append(ApproveResult(record, [p.rendered for p in planned], held))
    for item in done:
        store.records.append(item.approval)
    store.save()
    return done


def mark_existing(settings_file: str = "publishconf.py", overrides: dict | None = None, adapters: dict | None = None,
                  environ=None, now: dt.datetime | None = None) -> tuple[int, list[str]]:
    """Record every post that would be cross-posted today as already posted (a blog turning cross-posting on)."""
    return _ledger_command(settings_file, overrides, adapters, environ, now, "mark", crosspost.mark_existing,
                           "no network credentials are configured, so there is nothing to mark; set them first (see the README)")


def reconcile(settings_file: str = "publishconf.py", overrides: dict | None = None, adapters: dict | None = None,
              environ=None, now: dt.datetime | None = None):
    """Rebuild a lost, emptied or stale ledger from its older copies and from each account's own posts; send nothing."""
    return _ledger_command(settings_file, overrides, adapters, environ, now, "reconcile", crosspost.reconcile,
                           "no network credentials are configured, so there is no account to ask; set them first (see the README)")


def _ledger_command(settings_file, overrides, adapters, environ, now, name: str, action, no_credentials: str):
    """A command that works on the ledger and the accounts without publishing (mark-posted, reconcile):
    read the settings, open the adapters it was not given, lock the ledger, then read it; build the
    posts that may be cross-posted; run action(eligible, adapters, ledger, now); always unlock, remove
    the staging build and close the adapters it opened. Returns (action's result, the networks)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    try:
        settings = site.read_settings(settings_file, overrides)
    except site.SettingsError as exc:
        raise PublishError("settings", str(exc)) from None
    root = os.path.dirname(os.path.abspath(settings_file))
    owned = adapters is None
    if owned:
        adapters, _ = load_adapters(environ, root)
    try:
        if not adapters:
            raise PublishError("credentials", no_credentials)
        try:
            ledger = Ledger.open_locked(crosspost_settings(settings, root)["ledger"])
        except LedgerError as exc:
            raise PublishError("ledger", str(exc)) from None
        result = PublishResult(output="", dry_run=True, project_root=root)
        staging = tempfile.mkdtemp(prefix=f"consulting-room-{name}-")
        try:
            prep = prepare(settings_file, settings, staging, overrides, now, result, strict=False)
            return action(prep.eligible, adapters, ledger, now), sorted(adapters)
        except LedgerError as exc:
            raise PublishError("ledger", str(exc)) from None
        finally:
            ledger.unlock()
            shutil.rmtree(staging, ignore_errors=True)
    finally:
        if owned:
            close_adapters(adapters)
