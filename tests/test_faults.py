"""Fault injection: `invoke publish` killed at every step between `sending` and `posted`, run twice at
once, and given a damaged ledger — against loopback fakes of all four networks, through the real
client libraries and real sockets. Nothing may be posted twice and nothing may be lost.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import copy_project
from fakes.fixtures import SECRETS

#: Real kills, real servers, many publishes: minutes, not seconds. CI runs them (pytest -m slow).
pytestmark = pytest.mark.slow

PARTS = ["content", "theme", "plugins", "publish", "pelicanconf.py", "publishconf.py", "tasks.py"]
NETWORKS = ["bluesky", "linkedin", "mastodon", "x"]
ASKS = {"x", "linkedin"}  # networks that cannot be asked whether a post arrived


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A copy of the project with all four networks on, and every sample post approved (once per module)."""
    dest = copy_project(tmp_path_factory.mktemp("faults") / "project", PARTS)
    for path in (dest / "content" / "posts").glob("*.md"):  # the samples name their networks; add X to the public ones
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("crosspost: [mastodon, bluesky, linkedin]", "crosspost: [mastodon, bluesky, linkedin, x]"), encoding="utf-8")
    with open(dest / "pelicanconf.py", "a", encoding="utf-8") as fh:
        fh.write('\nCROSSPOST["networks"]["x"] = {"audiences": ["public"]}\nCROSSPOST["max_per_run"] = 50\n')
    code = (
        "import sys, glob; sys.path[:0] = ['.', 'plugins']\n"
        "from publish import pipeline\n"
        "pipeline.approve(sorted(glob.glob('content/posts/*.md')), 'Dr. Fault Tester', 'publishconf.py')\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=dest, check=True, capture_output=True, timeout=120,
                   env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    return dest


@pytest.fixture
def project(template, tmp_path) -> Path:
    dest = tmp_path / "project"
    shutil.copytree(template, dest)
    return dest


def publish(project: Path, env: dict, *args: str, failpoint: str = "") -> subprocess.CompletedProcess:
    extra = {"CONSULTING_ROOM_FAILPOINT": failpoint} if failpoint else {}
    return subprocess.run([sys.executable, "-m", "invoke", "publish", *args], cwd=project, capture_output=True, text=True,
                          timeout=180, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **env, **extra})


def start(project: Path, env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "invoke", "publish", *args], cwd=project, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **env})


def live(fake) -> list[dict]:
    return [p for p in fake.posts if not p.get("deleted")]


def links(fake) -> list[str]:
    """The canonical link each live post carries (the text ends with it on every network)."""
    found = []
    for p in live(fake):
        text = p.get("text") or p.get("commentary") or ""
        found.append(text.rstrip().split()[-1].replace("\\", ""))
    return found


def ledger(project: Path) -> dict:
    path = project / "crosspost-ledger.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"records": []}


def answer_questions(project: Path, fakes, stdout: str) -> list[str]:
    """What the clinician does: look at the account, then confirm with the id there, or `none`."""
    confirms = []
    for record in ledger(project)["records"]:
        if record["state"] != "unknown":
            continue
        assert f"--confirm {record['network']}:{record['post_id']}=ID" in stdout
        fake = getattr(fakes, record["network"])
        there = [p for p in live(fake) if (p.get("text") or p.get("commentary") or "").replace("\\", "").rstrip().endswith(record["link"])]
        confirms += ["--confirm", f"{record['network']}:{record['post_id']}={there[0]['id'] if there else 'none'}"]
    return confirms


def settle(project: Path, fakes, runs: list) -> dict[str, list[str]]:
    """Publish until nothing is left to do, answering questions like a clinician; return each network's live links."""
    for _ in range(4):
        proc = publish(project, fakes.env)
        runs.append(proc)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        confirms = answer_questions(project, fakes, proc.stdout)
        if not confirms:
            break
        proc = publish(project, fakes.env, *confirms)
        runs.append(proc)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    states = {r["state"] for r in ledger(project)["records"]}
    assert states == {"posted"}, ledger(project)
    return {n: links(getattr(fakes, n)) for n in NETWORKS}


@pytest.fixture(scope="module")
def expected(template, tmp_path_factory):
    """What a clean publish sends: every approved public/professional post once per configured network."""
    from fakes.fixtures import fake_env, make_bluesky, make_linkedin, make_mastodon, make_x

    dest = tmp_path_factory.mktemp("clean") / "project"
    shutil.copytree(template, dest)
    with make_x() as x, make_mastodon() as m, make_bluesky() as b, make_linkedin() as li:
        proc = publish(dest, fake_env(x, m, b, li))
        assert proc.returncode == 0, proc.stdout + proc.stderr
        got = {"x": links(x), "mastodon": links(m), "bluesky": links(b), "linkedin": links(li)}
        again = publish(dest, fake_env(x, m, b, li))
        assert again.returncode == 0
        assert {"x": links(x), "mastodon": links(m), "bluesky": links(b), "linkedin": links(li)} == got  # a re-run sends nothing
    assert all(got.values()) and len(got["mastodon"]) > len(got["x"])  # professionals posts skip X
    return {n: sorted(v) for n, v in got.items()}


FAULT_RUNS = []


@pytest.mark.parametrize("stage", ["before-call", "in-flight", "after-call"])
@pytest.mark.parametrize("network", NETWORKS)
def test_killed_between_sending_and_posted(project, all_fakes, expected, network, stage):  # noqa: F811
    fake = getattr(all_fakes, network)
    if stage == "in-flight":
        fake.fault("hold")
        proc = start(project, all_fakes.env)
        assert fake.arrived.wait(90), "the post never reached the fake"
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        fake.release.set()
    else:
        proc = publish(project, all_fakes.env, failpoint=f"{network}:{stage}")
    assert proc.returncode == -signal.SIGKILL
    runs = [proc]
    records = [r for r in ledger(project)["records"] if r["network"] == network and r["state"] != "posted"]
    # The durable write-ahead record survived the kill; X's and LinkedIn's other posts wait as "planned"
    # (written before the deploy), never "unknown": they were proven unsent.
    assert "sending" in {r["state"] for r in records}, records
    assert {r["state"] for r in records} <= {"sending", "planned"}, records
    got = settle(project, all_fakes, runs)
    FAULT_RUNS.extend(runs)
    print(f"\n{network}/{stage}: {len(runs)} publish runs (1 killed), posts now "
          + ", ".join(f"{n} {len(got[n])}" for n in NETWORKS))
    for name in NETWORKS:
        assert sorted(got[name]) == expected[name], f"{name}: duplicates or losses after killing {network} at {stage}"
    if network in ASKS:
        assert any("needs your answer" in r.stdout for r in runs[1:])  # never retried blindly
    else:
        assert not any("needs your answer" in (r.stdout or "") for r in runs[1:])  # resolved on its own


def test_two_publishes_at_once(project, all_fakes, expected):  # noqa: F811
    all_fakes.mastodon.fault("hold")
    first = start(project, all_fakes.env)
    assert all_fakes.mastodon.arrived.wait(90)
    second = publish(project, all_fakes.env)
    assert second.returncode == 1
    assert "another publish is running" in second.stderr and "Nothing was sent by this one" in second.stderr
    all_fakes.mastodon.release.set()
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, out + err
    for name in NETWORKS:
        assert sorted(links(getattr(all_fakes, name))) == expected[name]


def test_a_damaged_ledger_stops_publish_and_sends_nothing(project, all_fakes):  # noqa: F811
    path = project / "crosspost-ledger.json"
    path.write_text('{"version": 1, "records": [{"post_id": "asking-about-suicide", "network": "x"', encoding="utf-8")
    before = path.read_bytes()
    proc = publish(project, all_fakes.env)
    assert proc.returncode == 1
    assert "Publish stopped at the ledger step: crosspost-ledger.json:1:" in proc.stderr
    assert "Restore the ledger from git" in proc.stderr and "Traceback" not in proc.stderr
    assert path.read_bytes() == before
    assert not any(live(getattr(all_fakes, n)) for n in NETWORKS)
    assert not (project / "output").exists()  # stopped before anything, even the deploy


def test_no_secret_anywhere_after_a_debug_publish_with_failures(project, all_fakes):  # noqa: F811
    all_fakes.x.fault(401)
    all_fakes.linkedin.fault(429, reset=60)
    all_fakes.mastodon.fault("drop_after")
    proc = publish(project, all_fakes.env, "--debug")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "DEBUG" in proc.stderr  # the debug log really was on
    seen = [r for fake in (all_fakes.x, all_fakes.mastodon, all_fakes.linkedin) for r in fake.requests]
    assert seen  # the fakes did receive the tokens, so a leak would have been possible
    haystacks = {"stdout": proc.stdout, "stderr": proc.stderr}
    for path in project.rglob("*"):
        if path.is_file() and not path.is_relative_to(project / "plugins") and path.suffix in {".json", ".txt", ".html", ".xml", ".yaml", ".log", ""}:
            haystacks[str(path)] = path.read_text(encoding="utf-8", errors="replace")
    for secret in SECRETS:
        for where, text in haystacks.items():
            assert secret not in text, f"a secret appeared in {where}"
    assert "renew" in proc.stdout.lower() or "token" in proc.stdout.lower()  # the 401 says what to renew


def test_mark_posted_before_turning_cross_posting_on(project, all_fakes):  # noqa: F811
    proc = subprocess.run([sys.executable, "-m", "invoke", "mark-posted"], cwd=project, capture_output=True, text=True, timeout=180,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **all_fakes.env})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "as already posted" in proc.stdout
    records = ledger(project)["records"]
    assert records and {r["state"] for r in records} == {"posted"}
    proc = publish(project, all_fakes.env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not any(live(getattr(all_fakes, n)) for n in NETWORKS)  # nothing old floods out
    assert not any(r.path.endswith(("/statuses", "/tweets", "/rest/posts", "createRecord")) and r.method == "POST"
                   for n in NETWORKS for r in getattr(all_fakes, n).requests)


def test_without_credentials_everything_goes_to_the_outbox_and_no_ledger(project):
    proc = publish(project, {})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not (project / "crosspost-ledger.json").exists()
    assert list((project / "outbox").rglob("*.txt"))


def test_retracting_a_post_plans_the_deletion_and_deletes_only_on_request(project, all_fakes):  # noqa: F811
    proc = publish(project, all_fakes.env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    slug = "grief-around-the-holidays"
    posted = {n: [p for p in live(getattr(all_fakes, n)) if slug in str(p)] for n in NETWORKS}
    assert all(posted.values())
    path = next((project / "content" / "posts").glob(f"*{slug}.md"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ntitle:", "\nstatus: retracted\ntitle:", 1), encoding="utf-8")
    dry = publish(project, all_fakes.env, "--dry-run")
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "still online; run `invoke publish --retract` to delete them" in dry.stdout
    assert dry.stdout.count(f"content/posts/{path.name}") >= len(NETWORKS)
    again = publish(project, all_fakes.env)  # a plain publish never deletes
    assert again.returncode == 0
    assert all([p for p in live(getattr(all_fakes, n)) if slug in str(p)] for n in NETWORKS)
    gone = publish(project, all_fakes.env, "--retract")
    assert gone.returncode == 0, gone.stdout + gone.stderr
    assert not any(slug in str(p) for n in NETWORKS for p in live(getattr(all_fakes, n)))
    assert {r["state"] for r in ledger(project)["records"] if r["post_id"] == slug} == {"deleted"}
    assert not (project / "output" / "posts" / slug).exists()


@pytest.mark.parametrize("paused", ["publish", "mark-posted"])
def test_a_command_paused_right_after_reading_the_ledger_never_acts_on_a_stale_copy(project, all_fakes, expected, tmp_path, paused):  # noqa: F811
    """Issue #13, path 2: the window between reading the ledger and locking it, widened deterministically.

    The first command stops right after it has read the ledger (a test hook standing in for Ctrl-Z, swapping or a
    slow disk); a second publish runs in full meanwhile. Whatever order they end in, nothing is posted twice and
    every post on a network has its record in the ledger.
    """
    flag = tmp_path / "paused"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **all_fakes.env, "CONSULTING_ROOM_PAUSE": f"ledger-read:{flag}"}
    first = subprocess.Popen([sys.executable, "-m", "invoke", paused], cwd=project, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
    try:
        for _ in range(6000):
            if flag.exists() or first.poll() is not None:
                break
            time.sleep(0.02)
        assert flag.exists(), "the first command never reached the pause point"
        second = publish(project, all_fakes.env)
    finally:
        flag.unlink(missing_ok=True)
    out, err = first.communicate(timeout=180)
    assert first.returncode == 0, out + err
    assert second.returncode == 1 and "another publish is running" in second.stderr, second.stdout + second.stderr
    assert "Traceback" not in second.stderr
    for name in NETWORKS:
        got = links(getattr(all_fakes, name))
        assert len(got) == len(set(got)), f"{name}: posted twice"
    records = {(r["network"], r["remote_id"]) for r in ledger(project)["records"]}
    for name in NETWORKS:
        for post in live(getattr(all_fakes, name)):
            assert (name, str(post["id"])) in records, f"{name}: a post the ledger does not know"
    if paused == "publish":
        for name in NETWORKS:
            assert sorted(links(getattr(all_fakes, name))) == expected[name]


def _iso_in(seconds: float) -> str:
    import datetime as dt

    moment = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=seconds)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


@pytest.mark.parametrize("network", ["mastodon", "bluesky"])
def test_a_refused_resend_keeps_the_key_and_asks_before_sending_again(project, all_fakes, expected, network):  # noqa: F811
    """Issue #13, path 1: the first attempt is stored but its answer is lost; the resend gets a definite refusal.

    Mastodon: the fake stores the status and answers 500; the resend (same Idempotency-Key) gets 429 with
    X-RateLimit-Reset two seconds ahead; publish again once that moment has passed. Bluesky: the record is stored
    and the connection dropped; the next run's look-up is refused with 503; publish again. Exactly one post each.
    """
    fake = getattr(all_fakes, network)
    runs = []
    if network == "mastodon":
        fake.fault("accept_status", status=500)
    else:
        fake.fault("drop_after")
    runs.append(publish(project, all_fakes.env))
    assert runs[-1].returncode == 0, runs[-1].stdout + runs[-1].stderr
    [doubt] = [r for r in ledger(project)["records"] if r["network"] == network and r["state"] == "sending"]
    assert len(live(fake)) == 1  # the first post did arrive
    if network == "mastodon":
        reset = _iso_in(2)
        fake.fault(429, reset=reset)
    else:
        fake.fault(503, on="any")
    runs.append(publish(project, all_fakes.env))
    assert runs[-1].returncode == 0, runs[-1].stdout + runs[-1].stderr
    [refused] = [r for r in ledger(project)["records"] if r["network"] == network and r["post_id"] == doubt["post_id"]]
    assert refused["state"] in ("failed", "sending") and refused["key"] == doubt["key"]
    if network == "mastodon":
        assert refused["error"].startswith("rate_limited")
        while _iso_in(0) <= reset:  # wait for the moment the network named; nothing is measured
            time.sleep(0.2)
    got = settle(project, all_fakes, runs)
    [done] = [r for r in ledger(project)["records"] if r["network"] == network and r["post_id"] == doubt["post_id"]]
    assert done["key"] == doubt["key"] and done["remote_id"] == str(live(fake)[0]["id"])
    for name in NETWORKS:
        assert sorted(got[name]) == expected[name], f"{name}: duplicates or losses"


def invoke(project: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=project, capture_output=True, text=True, timeout=180,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **env})


@pytest.mark.parametrize("damage", ["deleted", "emptied", "deleted-with-previous-generation"])
def test_a_lost_ledger_is_never_a_first_run(project, all_fakes, expected, damage):  # noqa: F811
    """Issue #13, path 3: after a clean publish the ledger is deleted or emptied; publish sends nothing and names
    the command that rebuilds it; after `invoke reconcile` (and the clinician's answers for X and LinkedIn, taken
    from the fakes' own records) every post is on every network exactly once."""
    first = publish(project, all_fakes.env)
    assert first.returncode == 0, first.stdout + first.stderr
    path = project / "crosspost-ledger.json"
    prev = project / "crosspost-ledger.json.prev"
    assert prev.exists() and json.loads(prev.read_text(encoding="utf-8"))["records"]  # the previous generation, kept
    before = {n: len(live(getattr(all_fakes, n))) for n in NETWORKS}
    if damage == "emptied":
        path.write_text('{"version": 1, "records": []}\n', encoding="utf-8")
    else:
        path.unlink()
        if damage == "deleted-with-previous-generation":
            prev.unlink()  # nothing local is left: the accounts themselves must tell
    stopped = publish(project, all_fakes.env)
    assert stopped.returncode == 1, stopped.stdout + stopped.stderr
    assert "invoke reconcile" in stopped.stderr and "Traceback" not in stopped.stderr
    assert {n: len(live(getattr(all_fakes, n))) for n in NETWORKS} == before  # nothing was sent again
    rebuilt = invoke(project, all_fakes.env, "reconcile")
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert "Rebuilt crosspost-ledger.json" in rebuilt.stdout
    assert {n: len(live(getattr(all_fakes, n))) for n in NETWORKS} == before  # reconcile sends nothing
    runs = [first, stopped]
    got = settle(project, all_fakes, runs)
    for name in NETWORKS:
        assert sorted(got[name]) == expected[name], f"{name}: duplicates or losses after the ledger was {damage}"


def test_a_lost_ledger_with_only_networks_that_cannot_be_asked(project, all_fakes, expected):  # noqa: F811
    """Issue #13, path 3, for X and LinkedIn alone: neither can list an account's posts, so the accounts cannot
    tell that the ledger was lost. The posts' pages already on the site before this publish can: publish sends
    none of them and asks about each, as after an interrupted send; answered, every post is on each network
    exactly once."""
    import types

    env = {k: v for k, v in all_fakes.env.items() if not k.startswith(("MASTODON_", "BLUESKY_"))}
    fakes = types.SimpleNamespace(env=env, **{n: getattr(all_fakes, n) for n in NETWORKS})
    first = publish(project, env)
    assert first.returncode == 0, first.stdout + first.stderr
    before = {n: len(live(getattr(all_fakes, n))) for n in ASKS}
    assert all(before.values()) and not live(all_fakes.mastodon) and not live(all_fakes.bluesky)
    (project / "crosspost-ledger.json").unlink()
    (project / "crosspost-ledger.json.prev").unlink()
    asked = publish(project, env)
    assert asked.returncode == 0, asked.stdout + asked.stderr
    assert "already on your site before this publish" in asked.stdout and "Traceback" not in asked.stderr
    assert "--confirm x:" in asked.stdout and "--confirm linkedin:" in asked.stdout
    assert {n: len(live(getattr(all_fakes, n))) for n in ASKS} == before  # nothing was sent again
    got = settle(project, fakes, [first, asked])
    for name in ASKS:
        assert sorted(got[name]) == expected[name], f"{name}: duplicates or losses after the ledger was lost"


def test_an_unwritable_ledger_is_one_clear_error_and_nothing_is_sent(project, all_fakes):  # noqa: F811
    """The ledger's folder cannot be written (made immutable, so that even root cannot write there)."""
    state = project / "state"
    state.mkdir()
    (state / "crosspost-ledger.json.lock").write_text("", encoding="ascii")  # the lock itself still works
    with open(project / "pelicanconf.py", "a", encoding="utf-8") as fh:
        fh.write('\nCROSSPOST["ledger"] = "state/crosspost-ledger.json"\n')
    made = subprocess.run(["chattr", "+i", str(state)], capture_output=True)
    if made.returncode != 0:
        if os.environ.get("CI"):
            pytest.fail(f"chattr +i is needed for this test: {made.stderr!r}")
        pytest.skip("this file system cannot make a folder immutable (chattr +i)")
    try:
        proc = publish(project, all_fakes.env)
    finally:
        subprocess.run(["chattr", "-i", str(state)], check=True)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and "unexpected way" not in proc.stdout + proc.stderr
    assert proc.stderr.count("crosspost-ledger.json cannot be written") == 1, proc.stderr
    assert "Publish stopped at the ledger step" in proc.stderr and f"Make the folder {state} writable" in proc.stderr
    assert not any(live(getattr(all_fakes, n)) for n in NETWORKS)  # written ahead or not sent at all
