"""A seeded randomized fault run (issue #13): at least 100 cross-post runs against loopback fakes of all four
networks, with SIGKILLs and network faults at random points, then clean runs in which the clinician answers every
question from the fakes' own records. Nothing may be posted twice and nothing may be lost.

Each run is a separate process doing what `invoke publish` does in its cross-post step: take the ledger's lock,
read it, and send through `publish.crosspost` with the real adapters, real client libraries and real sockets. The
site build in front of that step plays no part in sending, so it is left out to keep the run to a few minutes;
test_faults.py kills the whole `invoke publish` at each point too.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parent.parent
NETWORKS = ["bluesky", "linkedin", "mastodon", "x"]
POSTS = 24
RUNS = 100
SEED = int(os.environ.get("CONSULTING_ROOM_FAULT_SEED", "1313"))

DRIVER = textwrap.dedent('''
    import json, os, sys
    sys.path[:0] = [sys.argv[1], os.path.join(sys.argv[1], "plugins")]
    from publish import credentials, crosspost, networks
    from publish.ledger import Ledger
    spec = json.loads(open(sys.argv[2], encoding="utf-8").read())
    found = credentials.load(os.environ, os.devnull)
    adapters = {n: credentials.make_adapter(n, c, timeout=1.5) for n, c in found.items() if c is not None}
    items = [crosspost.Item(p["id"], p["path"], p["path"], p["id"], networks.render(n, p["summary"], p["link"]))
             for p in spec["posts"] for n in sorted(adapters)]
    confirms = {tuple(k.split(":", 1)): (v or None) for k, v in spec.get("confirms", {}).items()}
    ledger = Ledger.open_locked(spec["ledger"])
    try:
        out = crosspost.run(items, adapters, ledger, max_per_run=spec["max_per_run"], confirms=confirms)
    finally:
        ledger.unlock()
    print(json.dumps([[o.network, o.post_id, o.status] for o in out]))
''')


def _posts() -> list[dict]:
    return [{"id": f"post-{i:02d}", "path": f"content/posts/post-{i:02d}.md",
             "summary": f"Approved summary number {i}: small steps that help on hard days.",
             "link": f"https://cedarhollow.example.org/posts/post-{i:02d}/"} for i in range(POSTS)]


def _text(post: dict) -> str:
    return (post.get("text") or post.get("commentary") or "").replace("\\", "")


def _links(fake) -> list[str]:
    return [_text(p).rstrip().split()[-1] for p in fake.live_posts()]


def _reset(fakes) -> None:
    for name in NETWORKS:
        fake = getattr(fakes, name)
        with fake.lock:
            fake.faults.clear()
        fake.release.set()
        fake.arrived.clear()


@pytest.mark.slow
def test_randomized_kills_and_faults_never_post_twice_or_lose_a_post(all_fakes, tmp_path):  # noqa: F811
    rng = random.Random(SEED)
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    ledger_path = tmp_path / "crosspost-ledger.json"
    posts = _posts()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **all_fakes.env}

    def start(confirms=None, failpoint=""):
        spec = tmp_path / "spec.json"
        spec.write_text(json.dumps({"posts": posts, "ledger": str(ledger_path), "max_per_run": 2,
                                    "confirms": confirms or {}}), encoding="utf-8")
        extra = {"CONSULTING_ROOM_FAILPOINT": failpoint} if failpoint else {}
        return subprocess.Popen([sys.executable, str(driver), str(ROOT), str(spec)], cwd=tmp_path, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env={**env, **extra})

    tally: dict[str, int] = {}
    for _ in range(RUNS):
        _reset(all_fakes)
        all_fakes_release_clear(all_fakes)
        # One way for the process to die (or none), on one network; and on each other network, often, a fault of its own.
        target = rng.choice(NETWORKS)
        fake = getattr(all_fakes, target)
        mode = rng.choice(["none", "none", "failpoint-before", "failpoint-after", "kill-in-flight", "kill-at-random"])
        tally[mode] = tally.get(mode, 0) + 1
        failpoint = {"failpoint-before": f"{target}:before-call", "failpoint-after": f"{target}:after-call"}.get(mode, "")
        if mode == "kill-in-flight":
            fake.fault("hold", timeout=30)
        for network in NETWORKS:
            if (mode == "kill-in-flight" and network == target) or rng.random() < 0.5:
                continue
            other = getattr(all_fakes, network)
            fault = rng.choice(["429", "503", "401", "500-after-store", "drop-before", "drop-after", "timeout-after-store"])
            tally[fault] = tally.get(fault, 0) + 1
            on = rng.choice(["write", "any"])  # "any": the next request, be it a log-in, a look-up or the post
            if fault == "429":
                past = time.time() - 1  # the reset is already over: the next run may go on
                if network == "linkedin":
                    other.fault(429, retry_after=0, on=on)
                else:
                    other.fault(429, on=on, reset=(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(past))
                                                   if network == "mastodon" else int(past)))
            elif fault in ("503", "401"):
                other.fault(int(fault), on=on)
            elif fault == "500-after-store":
                other.fault("accept_status", status=500)
            elif fault == "drop-before":
                other.fault("drop_before", on=on)
            elif fault == "drop-after":
                other.fault("drop_after")
            else:
                other.fault("accept_timeout", delay=2.5)
        proc = start(failpoint=failpoint)
        if mode == "kill-in-flight":
            while proc.poll() is None and not fake.arrived.wait(0.05):
                pass
            proc.send_signal(signal.SIGKILL)
        elif mode == "kill-at-random":
            try:
                proc.wait(timeout=rng.uniform(0.3, 3.0))
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=120)
        fake.release.set()
        assert "Traceback" not in err, err
        assert proc.returncode in (0, -signal.SIGKILL), (mode, proc.returncode, out, err)

    # Clean runs: no faults; the clinician answers each question from what the account shows.
    _reset(all_fakes)
    clean = 0
    for _ in range(40):
        records = json.loads(ledger_path.read_text(encoding="utf-8"))["records"]
        confirms = {}
        for r in records:
            if r["state"] == "unknown":
                there = [p for p in getattr(all_fakes, r["network"]).live_posts() if _text(p).rstrip().endswith(r["link"])]
                confirms[f"{r['network']}:{r['post_id']}"] = str(there[0]["id"]) if there else ""
        done = {(r["network"], r["post_id"]) for r in records if r["state"] == "posted"}
        if len(done) == POSTS * len(NETWORKS) and not confirms:
            break
        proc = start(confirms=confirms)
        out, err = proc.communicate(timeout=120)
        clean += 1
        assert proc.returncode == 0, out + err
    records = json.loads(ledger_path.read_text(encoding="utf-8"))["records"]
    duplicates = {n: len(_links(getattr(all_fakes, n))) - len(set(_links(getattr(all_fakes, n)))) for n in NETWORKS}
    losses = {n: len({p["link"] for p in posts} - set(_links(getattr(all_fakes, n)))) for n in NETWORKS}
    print(f"\nseed {SEED}: {RUNS} fault runs ({', '.join(f'{k} {v}' for k, v in sorted(tally.items()))}), "
          f"then {clean} clean runs; duplicates {duplicates}; losses {losses}")
    assert duplicates == {n: 0 for n in NETWORKS}
    assert losses == {n: 0 for n in NETWORKS}
    assert {r["state"] for r in records} == {"posted"} and len(records) == POSTS * len(NETWORKS)
    for name in NETWORKS:
        ids = {str(p["id"]) for p in getattr(all_fakes, name).live_posts()}
        assert {r["remote_id"] for r in records if r["network"] == name} == ids  # every post is the ledger's


def all_fakes_release_clear(fakes) -> None:
    for name in NETWORKS:
        getattr(fakes, name).release.clear()
