"""The checker never hangs: hostile input is checked in about linear time, and a per-post
time budget holds back (B907) any post that still takes too long.

(a) Each hostile body finishes on its own, well inside a generous budget (the report is
    never the timeout one); no wall-clock times are asserted.
(b) The budget: a tiny one blocks a large ordinary post with the plain "could not be
    checked in time" message; an ordinary one gives the ordinary findings. A caller's own
    alarm is respected, and the previous SIGALRM handler and timer are put back.
(c) The linear scanners in source.py give exactly the matches of the patterns they
    replace (brute force on random strings).
"""

from __future__ import annotations

import dataclasses
import random
import re
import signal
import threading

import pytest

from boundary import clientctx, engine, source
from boundary import practice as practice_mod
from boundary.rules import privacy
from conftest import ROOT, post

PRACTICE = practice_mod.from_pelicanconf(ROOT / "pelicanconf.py")
FM = "---\ntitle: t\ndate: 2025-01-01\nsummary: s\naudience: public\nrisk: low\n---\n"
TIMEOUT_TEXT = "could not be checked in time"

HOSTILE = {
    # the reported ones
    "comment-open": "<!--" * 25000,
    "link-open": "[a](" * 25000,
    "image-open": "![" * 50000,
    "my-client": "my client " * 10000,
    "suppressions": '<!-- boundary: allow B402 reason="x" -->\n' * 20000,
    "tag-open": "<a " * 30000,
    # more of the same kind
    "nested-brackets": "[" * 20000 + "]" * 20000 + "(x)",
    "bracket-groups": "[[a]" * 20000 + "](x",
    "image-link-open": "![a](" * 25000,
    "link-url-space": "[a](x " * 20000,
    "reflink-open": "[a][" * 30000,
    "emphasis-runs": "*a **b " * 20000,
    "greater-than": ">" * 50000,
    "single-line-900k": "word " * 180000,
    "table-rows": "| a | b |\n" * 20000,
    "anchor-no-closer": '<a href="x">' * 20000,
    "anchor-one-closer": '<a href="x">' * 20000 + "</a>",
    "script-open": "<script>" * 20000,
    "img-open": "<img " * 30000,
    "iframe-open": "<iframe src=x " * 30000,
    "autolink-open": "<http:" * 30000,
    "comment-lines": "<!--\n" * 50000,
    "backtick-runs": "".join("`" * k + "a" for k in range(1, 700)),
    "hypothetical": "If a client " * 20000,
    "quoted-client": '"a client" ' * 20000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_finishes_on_its_own(name):
    report = engine.check_text(FM + HOSTILE[name], "x.md", PRACTICE, budget=60)
    assert not any(TIMEOUT_TEXT in f.message for f in report.findings), f"{name}: ran out of its 60 s"
    crashes = [f.message for f in report.findings if f.code == "B907"]
    assert not crashes, f"{name}: {crashes}"


def test_an_ordinary_post_is_unchanged_by_a_budget():
    text = post(body='<!-- boundary: allow B409 reason="quoting a 1970s textbook title" -->\nThat policy is retarded.\n\nThat policy is retarded.\n\nSee [the guide](https://example.org/guide "Guide") and ![a chart](chart.png).')
    default = engine.check_text(text, "t.md", PRACTICE)
    roomy = engine.check_text(text, "t.md", PRACTICE, budget=60)
    unlimited = engine.check_text(text, "t.md", PRACTICE, budget=float("inf"))
    assert default.findings == roomy.findings == unlimited.findings
    assert [f.code for f in default.findings] == ["B409"]
    loaded = source.load_text(text, "t.md")
    assert [(i.alt, i.src) for i in loaded.images] == [("a chart", "chart.png")]
    assert [(link.text, link.url) for link in loaded.links] == [("the guide", "https://example.org/guide")]


# --------------------------------------------------------------------------
# (b) the budget
# --------------------------------------------------------------------------


def _large_ordinary_post() -> str:
    paragraphs = [
        f"Paragraph {i}. Grief moves through the seasons of a year in its own time, and people carry it in different ways."
        for i in range(3000)
    ]
    return post(body="\n\n".join(paragraphs))


def _assert_timed_out(report, seconds: str) -> None:
    assert report.blocked
    codes = [f.code for f in report.findings]
    assert codes == ["B907"]
    message = report.findings[0].message
    assert TIMEOUT_TEXT in message
    assert f"(over {seconds} s)" in message
    assert "held back" in message and "unclosed brackets or comments" in message


def test_a_tiny_budget_holds_the_post_back_with_a_plain_message():
    text = _large_ordinary_post()
    _assert_timed_out(engine.check_text(text, "big.md", PRACTICE, budget=0.001), "0.001")
    ordinary = engine.check_text(text, "big.md", PRACTICE, budget=60)
    assert not any(f.code == "B907" for f in ordinary.findings)
    assert ordinary.findings == engine.check_text(text, "big.md", PRACTICE).findings


def test_the_budget_applies_to_check_post_and_check_file(tmp_path):
    text = _large_ordinary_post()
    loaded = source.load_text(text, "big.md")
    report = engine.check_post(loaded, practice=PRACTICE, budget=0.001)
    _assert_timed_out(report, "0.001")
    assert report.digest == loaded.digest
    path = tmp_path / "big.md"
    path.write_text(text, encoding="utf-8")
    _assert_timed_out(engine.check_file(path, PRACTICE, budget=0.001), "0.001")
    assert not any(f.code == "B907" for f in engine.check_file(path, PRACTICE, budget=60).findings)


def test_the_module_budget_is_the_default(monkeypatch):
    monkeypatch.setattr(engine, "BUDGET", 0.001)
    _assert_timed_out(engine.check_text(_large_ordinary_post(), "big.md", PRACTICE), "0.001")


def test_the_timer_interrupts_a_long_regex_inside_a_rule():
    """A rule stuck in one long regex call (no hits to check the clock between) is stopped."""
    slow = re.compile(r"(a|aa)+$")

    def matcher(post, ctx):
        if slow.match("a" * 60 + "b"):  # exponential backtracking: minutes
            yield  # pragma: no cover
        return ()

    stuck = dataclasses.replace(engine.rule_by_code("B101"), matcher=matcher)
    # Without the timer this call would run for minutes; the report says the budget stopped it.
    report = engine.check_text(post(), "t.md", PRACTICE, rules=[stuck], budget=0.5)
    _assert_timed_out(report, "0.5")


def test_outside_the_main_thread_the_clock_is_checked_between_rules():
    results = []
    thread = threading.Thread(target=lambda: results.append(engine.check_text(_large_ordinary_post(), "big.md", PRACTICE, budget=0.001)))
    thread.start()
    thread.join(60)
    _assert_timed_out(results[0], "0.001")


class _CallersAlarm(Exception):
    pass


def _callers_handler(signum, frame):
    raise _CallersAlarm


def test_a_callers_earlier_alarm_is_theirs_and_is_restored_after():
    previous = signal.signal(signal.SIGALRM, _callers_handler)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.01)
        with pytest.raises(_CallersAlarm):  # not swallowed as a rule crash, not a timeout report
            for _ in range(50):
                engine.check_text(_large_ordinary_post(), "big.md", PRACTICE, budget=60)
        assert signal.getsignal(signal.SIGALRM) is _callers_handler
        # A later alarm of the caller's survives a check that times out first.
        signal.setitimer(signal.ITIMER_REAL, 30)
        _assert_timed_out(engine.check_text(_large_ordinary_post(), "big.md", PRACTICE, budget=0.001), "0.001")
        assert signal.getsignal(signal.SIGALRM) is _callers_handler
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < left <= 30
        # ... and one that finishes in time.
        assert not engine.check_text(post(), "t.md", PRACTICE, budget=20).blocked
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < left <= 30
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_no_timer_or_handler_is_left_behind():
    before = signal.getsignal(signal.SIGALRM)
    engine.check_text(post(), "t.md", PRACTICE)
    _assert_timed_out(engine.check_text(_large_ordinary_post(), "big.md", PRACTICE, budget=0.001), "0.001")
    assert signal.getsignal(signal.SIGALRM) == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


# --------------------------------------------------------------------------
# (c) the scanners are the patterns
# --------------------------------------------------------------------------

_PIECES = list("[]()!<> \n\"'a-x/`\t") + [
    "<!--", "-->", "](", "![", "<a ", "href=", "</a>", "<img ", "<script>", "</script >", "<http:",
    '<!-- boundary: allow B402 reason="x" -->', "  ", "``", " src=", " width=1", "//x.com/a", "data=",
]


def _groups(m):
    return (m.span(), m.groups())


def _scanner_cases():
    S = source
    script = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.S | re.I)

    def old_md(rx):
        return lambda t: [(m.start(), m.end(), m.start(1), m.end(1), m.group(2), m.span(3) if m.group(3) else None) for m in rx.finditer(t)]

    def new_md(fn):
        return lambda t: [(m.start, m.end, m.start1, m.end1, t[m.url[0] : m.url[1]], m.title) for m in fn(t, S._Scan(t))]

    return [
        ("image", old_md(S._IMAGE), new_md(S._image_matches)),
        ("link", old_md(S._LINK), new_md(S._link_matches)),
        ("tag", lambda t: [m.span() for m in S._TAG.finditer(t)], lambda t: list(S._tag_spans(t))),
        ("strip", lambda t: S._TAG.sub("", t), S._strip_tags),
        ("autolink", lambda t: [m.span() for m in S._AUTOLINK.finditer(t)], lambda t: list(S._autolink_spans(t))),
        ("script", lambda t: [m.span() for m in script.finditer(t)], lambda t: list(S._script_spans(t))),
        ("img-tag", lambda t: [m.span() for m in S._IMG_TAG.finditer(t)], lambda t: list(S._img_tag_spans(t))),
        ("a-tag", lambda t: [_groups(m) for m in S._A_TAG.finditer(t)], lambda t: [_groups(m) for m in S._a_tag_matches(t)]),
        ("pixel", lambda t: [_groups(m) for m in privacy._PIXEL.finditer(t, 1)], lambda t: [_groups(m) for m in S.tag_finditer(privacy._PIXEL, privacy._PIXEL_HEAD, t, 1)]),
        ("code", lambda t: [m.span() for m in S._INLINE_CODE.finditer(t)], lambda t: list(S._code_spans(t))),
        ("allow", lambda t: [(m.start(), m.end(), m.group("body")) for m in S._ALLOW.finditer(t)], lambda t: list(S._allow_matches(t))),
        ("is-allow", lambda t: bool(S._ALLOW.fullmatch(t)), S._is_allow),
    ]


@pytest.mark.parametrize("near", [256, 2, 1])
def test_the_scanners_find_what_the_patterns_find(monkeypatch, near):
    monkeypatch.setattr(source, "_NEAR", near)  # 1 and 2: the whole-text lists are used at once
    rng = random.Random(near)
    cases = _scanner_cases()
    for _ in range(1500):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, rng.choice([6, 20, 40]))))
        for name, old, new in cases:
            assert new(text) == old(text), (name, text)


def _old_is_hypothetical(text, start, end):
    sent_start = max(text.rfind(".", 0, start), text.rfind("?", 0, start), text.rfind("!", 0, start), text.rfind("\n", 0, start))
    before = text[sent_start + 1 : start]
    after = text[end : end + 60]
    m = clientctx._HYPOTHETICAL.search(before)
    if m:
        return not (m.group(0).lower().startswith("when") and clientctx._PAST_AFTER.match(after))
    return bool(clientctx._MODAL_AFTER.match(after))


def test_is_hypothetical_looks_at_the_same_words_as_before():
    rng = random.Random(5)
    words = ["if ", "when ", "for example, if ", "for example if ", "let's say ", "a client ", "may ", "came ", "x", "word ", ". ", "\n", "Each ", "no", "whenever", "ſuppose "]
    for _ in range(3000):
        text = "".join(rng.choice(words) for _ in range(rng.randint(1, 60)))
        for start in range(0, len(text), max(1, len(text) // 9)):
            end = min(len(text), start + rng.randint(0, 9))
            assert clientctx.is_hypothetical(text, start, end) == _old_is_hypothetical(text, start, end), (text, start, end)
