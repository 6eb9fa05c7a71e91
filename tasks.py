"""Tasks for the clinician: `invoke --list` shows them; `invoke --help TASK` explains one.

Each task is a thin layer over the `publish` and `boundary` modules.
"""

from __future__ import annotations

import inspect
import os
import shutil
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
for _p in (ROOT, ROOT / "plugins"):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

from boundary.pipes import tolerate_closed_pipes  # noqa: E402 (needs the path above)

tolerate_closed_pipes()


def _quiet_pelican() -> None:
    """Our own report says what was built; Pelican's progress line would repeat it."""
    import logging

    from pelican.log import console

    logging.getLogger("pelican").setLevel(logging.WARNING)
    console.quiet = True


@task
def new(c, title):
    """Start a new post: invoke new "Sleep and anxiety"."""
    from publish.scaffold import new_post

    try:
        path = new_post(title, ROOT / "content")
    except (ValueError, FileExistsError) as exc:
        raise Exit(f"Could not create the post: {exc}", code=1) from None
    print(f"Created {path.relative_to(ROOT)}. Every field is explained inside; check it with: invoke check {path.relative_to(ROOT)}")


def _paths_typed_after(name: str, argv: list[str]) -> int:
    """How many paths `invoke NAME A B C` names without a flag (3 here).

    Invoke treats every positional argument as required and takes a fixed number of
    them, so `check` is given exactly as many positional `path` arguments as were typed."""
    try:
        rest = argv[argv.index(name) + 1 :]
    except ValueError:
        return 0
    count = 0
    i = 0
    while i < len(rest):
        token = rest[i]
        if token in ("-p", "--paths"):
            i += 2
            continue
        if token.startswith("-"):
            i += 1
            continue
        if token in _TASK_NAMES:
            break  # `invoke check build`: the next task
        count += 1
        i += 1
    return count


_TASK_NAMES = {"new", "check", "build", "serve", "publish", "approve", "mark-posted", "reconcile", "test", "clean"}
_TYPED_PATHS = [f"path{i + 1}" if i else "path" for i in range(_paths_typed_after("check", sys.argv))]


def check(c, paths=None, verbose=False, **typed):
    """Run the boundary checklist; exit 1 if anything would be blocked."""
    from boundary import cli

    # Paths are relative to where the command was typed (invoke also finds
    # tasks.py from a subfolder); resolve them before moving to the project.
    named = [typed[k] for k in _TYPED_PATHS if typed.get(k)] + list(paths or [])
    targets = [os.path.abspath(p) for p in named] or [str(ROOT / "content")]
    args = ["check", *targets]
    if verbose:
        args.append("--verbose")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        code = cli.main(args)
        code = max(code, _settings_text_notes())
        _approval_notes(targets)
    finally:
        os.chdir(cwd)
    if code:
        raise Exit(code=code)


# `invoke check A B C`: one positional parameter per path typed (after `paths`, so -p stays --paths).
_P = inspect.Parameter
check.__signature__ = inspect.Signature(
    [_P("c", _P.POSITIONAL_OR_KEYWORD), _P("paths", _P.POSITIONAL_OR_KEYWORD, default=None),
     _P("verbose", _P.POSITIONAL_OR_KEYWORD, default=False)]
    + [_P(name, _P.POSITIONAL_OR_KEYWORD, default=None) for name in _TYPED_PATHS]
)
check = task(
    help={
        "paths": "a post or folder to check, with -p (or simply: invoke check content/posts/a.md content/posts/b.md); default: all of content/",
        "verbose": "also list files that pass",
        **{name: "a post or folder to check" for name in _TYPED_PATHS},
    },
    positional=_TYPED_PATHS,
    iterable=["paths"],
)(check)


def _settings_text_notes() -> int:
    """The home page's texts in pelicanconf.py get the checklist too; 1 if one is blocked."""
    from boundary.model import Severity
    from publish import site

    try:
        settings = site.read_settings(ROOT / "pelicanconf.py")
    except site.SettingsError as exc:  # a blocked text, or settings that cannot be read
        print(f"Settings: {exc}")
        return 1
    for ff in site.practice_text_findings(settings):
        f = ff.finding
        level = "blocked" if f.severity is Severity.BLOCK else "warning"
        print(f'pelicanconf.py: PRACTICE["{ff.field}"]: {level} {f.code} {f.message}. How to fix: {f.fix}')
    return 0


def _approval_notes(paths: list[str]) -> None:
    """Say which checked posts have a void approval (edited after approval), so nothing is a surprise at publish."""
    from boundary.source import load_path
    from publish import approvals, pipeline, site

    try:
        settings = site.read_settings(ROOT / "publishconf.py")
        store = approvals.Store.load(pipeline.approvals_settings(settings, str(ROOT))["file"])
    except (site.SettingsError, approvals.ApprovalsError) as exc:
        print(f"Approvals: {exc}")
        return
    if not store.records:
        return
    posts = []
    for p in map(Path, paths):
        posts += sorted(p.rglob("*.md")) if p.is_dir() else [p]
    lines = []
    for post in posts:
        try:
            meta = load_path(post).meta  # the project's own loader, as publish reads the post
        except Exception:  # unreadable (LoadError or worse): the checker above already said why; never a traceback here
            continue
        rel = os.path.relpath(post, ROOT)
        pid = pipeline.post_identity(meta, post)
        record = store.latest(pid)
        if record is None:
            continue
        verdict = approvals.check_content(store, pid, str(post), rel)
        lines.append(f"  {rel}: " + (f"approved by {record.approved_by} ({record.when} UTC)" if verdict.ok else verdict.reason))
    if lines:
        print("Approvals:")
        print("\n".join(lines))


def _build(settings_file: str, overrides: dict | None = None, report: bool = True):
    from publish import report as report_mod, site

    from boundary.gate import GateMissing

    _quiet_pelican()
    try:
        result = site.build(ROOT / settings_file, overrides=overrides)
    except (GateMissing, site.SettingsError) as exc:
        raise Exit(f"Build refused: {exc}", code=1) from None
    if report:
        lines = report_mod.withheld_lines(result.withheld, str(ROOT))
        print(f"Built {len(result.articles)} posts and {len(result.pages)} pages into {os.path.relpath(result.output_path, ROOT)}/.")
        if lines:
            print("\n".join(lines))
    return result


@task
def build(c):
    """Build the site for a local preview into preview/ (blocked posts are left out); publish deploys to output/."""
    _build("pelicanconf.py")


@task(help={"port": "port on localhost (default 8000; 0 picks a free one)"})
def serve(c, port=8000):
    """Preview the site on http://127.0.0.1:8000/, rebuilding whenever you save a file; the desk is at /_desk/."""
    from publish import preview, site

    try:
        settings = site.read_settings(ROOT / "pelicanconf.py")
    except site.SettingsError as exc:
        raise Exit(f"Preview refused: {exc}", code=1) from None
    # The gate keeps each post's report (cache/boundary/), so a rebuild after a save re-checks only that post.
    overrides = {"BOUNDARY": {**(settings.get("BOUNDARY") or {}), "cache": True}}
    first = [True]

    def rebuild():
        # The first build lists every held post; after that preview.serve prints only what changed.
        try:
            result = _build("pelicanconf.py", overrides, report=first[0])
        except Exit as exc:
            print(exc.message, flush=True)
            return None
        first[0] = False
        return result

    watch = [ROOT / "content", ROOT / "theme", ROOT / "pelicanconf.py"]
    preview.serve(rebuild, settings["OUTPUT_PATH"], watch, port=int(port), root=ROOT)


def _stopped(exc) -> Exit:
    lines = [f"Publish stopped at the {exc.step} step: {exc.message.rstrip('.')}."]
    lines += [f"  {p}" for p in exc.problems[:50]]
    if len(exc.problems) > 50:
        lines.append(f"  … and {len(exc.problems) - 50} more")
    return Exit("\n".join(lines), code=1)


@task(
    help={
        "dry_run": "do everything except deploying, sending and writing the outbox; show what would happen",
        "strict": "fail if any post is blocked",
        "confirm": "answer a cross-post question: NETWORK:POST=ID, or NETWORK:POST=none if it was not posted (repeatable)",
        "retract": "delete the cross-posts of posts that are now retracted or blocked",
        "debug": "log every step (secrets are redacted) to help find a problem",
    },
    iterable=["confirm"],
)
def publish(c, dry_run=False, strict=False, confirm=None, retract=False, debug=False):
    """Check, build with the publish settings, write feeds, audit, deploy, then cross-post what was approved."""
    from publish import pipeline, report

    _quiet_pelican()
    if debug:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s: %(message)s")
        logging.getLogger().setLevel(logging.DEBUG)
    try:
        result = pipeline.publish(str(ROOT / "publishconf.py"), dry_run=dry_run, strict=strict, confirm=confirm, retract=retract)
    except pipeline.PublishError as exc:
        raise _stopped(exc) from None
    print(report.publish_report(result, str(ROOT)), end="")


@task(help={"path": "the post to approve", "by": "who approves it (your name as it should appear in the record)"})
def approve(c, path, by=""):
    """Approve a post exactly as it is now, and each network's cross-post text: invoke approve content/posts/x.md --by "Dr. Name"."""
    from publish import pipeline

    _quiet_pelican()
    try:
        (done,) = pipeline.approve([os.path.abspath(path)], by, str(ROOT / "publishconf.py"))
    except pipeline.PublishError as exc:
        raise Exit(f"Not approved: {exc.message}.", code=1) from None
    a = done.approval
    print(f"Approved {a.post} as {a.approved_by} ({a.when} UTC). Recorded in approvals.yaml; commit it with the post.")
    for r in done.rendered:
        print(f"\n--- {r.network}: exactly this will be sent ({r.length}/{r.limit}) ---")
        if getattr(r, "content_warning", ""):
            print(f"[content warning: {r.content_warning}]")
        print(r.text)
    for h in done.held:
        print(f"\nNot for {h.network or 'any network'}: {h.reason}")
    print("\nAny edit to the post from now on voids this approval; publish will then hold it back and say so.")


def _ledger_command(command):
    """Run mark_existing or reconcile on the publish settings; a stop is a plain message and exit 1."""
    from publish import pipeline

    _quiet_pelican()
    try:
        return command(str(ROOT / "publishconf.py"))
    except pipeline.PublishError as exc:
        raise _stopped(exc) from None


@task
def mark_posted(c):
    """Turning cross-posting on for an existing blog: record every current post as already posted, so none floods out."""
    from publish import pipeline

    count, networks = _ledger_command(pipeline.mark_existing)
    print(f"Marked {count} cross-post(s) on {', '.join(networks)} as already posted; only posts you approve from now on will be sent.")


@task
def reconcile(c):
    """The ledger was lost, emptied or restored from an old copy: rebuild it from its older copies and the accounts. Sends nothing."""
    from publish import pipeline

    done, networks = _ledger_command(pipeline.reconcile)
    print(f"Rebuilt crosspost-ledger.json for {', '.join(networks)}: {done.restored} record(s) taken back from an older copy, "
          f"{done.found} post(s) found on the accounts and recorded as posted, {done.absent} not there (publish sends them), "
          f"{done.asked} that the network cannot be asked about (publish asks you to confirm each one).")
    for problem in done.problems:
        print(f"  {problem}")
    if done.problems:
        raise Exit(code=1)


@task
def test(c):
    """Run the test suite."""
    c.run(f"{sys.executable} -m pytest", pty=False)


@task
def clean(c):
    """Remove the local preview build (preview/) and caches; the published site (output/) is left alone."""
    for name in ("preview", "cache", "__pycache__"):
        shutil.rmtree(ROOT / name, ignore_errors=True)
