"""Cross-posts: who gets what (outbox.plan), the exact text (networks.render), and the outbox files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import SETTINGS, Site, pelican_isolated, post
from publish import networks, outbox, pipeline

BASE = "https://cedarhollow.example.org"
UTC = dt.timezone.utc
NOW = dt.datetime(2026, 1, 1, tzinfo=UTC)
LATER = dt.datetime(2030, 6, 1, tzinfo=UTC)

LONG = (
    "Sleep often improves when evenings slow down: a regular time to stop work, a short walk, "
    "dimmer lights, and a notebook for the thoughts that tend to arrive at bedtime. This post "
    "goes through each of these small changes, with examples of how people fit them into busy weeks."
)
SHORT_BLUESKY = "Small evening changes that can help sleep, with examples for busy weeks."
NOTE = "This post is about grief after a death."

POSTS = {
    "sleep.md": post(title='"Sleep and worry"', date="2025-03-04"),
    "colleagues.md": post(title='"Notes for colleagues"', date="2025-03-05", audience="professionals"),
    "office.md": post(title='"Office hours in June"', date="2025-03-06", audience="clients", crosspost="[mastodon]"),
    "quiet.md": post(title='"Quiet news"', date="2025-03-07", crosspost="false"),
    "only-bluesky.md": post(title='"Only on Bluesky"', date="2025-03-08", crosspost="[bluesky]"),
    "next-year.md": post(title='"Next year"', date="2030-01-01"),
    "long.md": post(title='"Long summary"', date="2025-03-09", summary=f'"{LONG}"'),
    "long-override.md": post(
        title='"Long summary with a short one"', date="2025-03-10", summary=f'"{LONG}"', social=f'{{bluesky: "{SHORT_BLUESKY}"}}'
    ),
    "grief.md": post(
        title='"Gentle weeks after a loss"', date="2025-03-11", risk="medium", content_note=f'"{NOTE}"',
        body="Some gentle ideas for the weeks after a loss: rest, simple meals and company.",
    ),
    "held.md": post(title='"Held back post"', date="2025-03-12", risk="no"),
    "draft.md": post(title='"Unfinished thoughts"', date="2025-03-13", status="draft"),
}

#: (slug, network) pairs that go out when every post is past its date; everything else is held.
EXPECTED = {
    ("sleep-and-worry", "mastodon"), ("sleep-and-worry", "bluesky"), ("sleep-and-worry", "linkedin"), ("sleep-and-worry", "x"),
    ("notes-for-colleagues", "mastodon"), ("notes-for-colleagues", "linkedin"),
    ("only-on-bluesky", "bluesky"),
    ("long-summary", "mastodon"), ("long-summary", "linkedin"),
    ("long-summary-with-a-short-one", "mastodon"), ("long-summary-with-a-short-one", "bluesky"), ("long-summary-with-a-short-one", "linkedin"),
    ("gentle-weeks-after-a-loss", "mastodon"), ("gentle-weeks-after-a-loss", "bluesky"), ("gentle-weeks-after-a-loss", "linkedin"),
    ("gentle-weeks-after-a-loss", "x"),
}
EXPECTED_NOW = EXPECTED  # next-year is not in EXPECTED: it is held before its date
EXPECTED_LATER = EXPECTED | {("next-year", "mastodon"), ("next-year", "bluesky"), ("next-year", "linkedin"), ("next-year", "x")}


def make_site(root: Path) -> Site:
    site = Site(root)
    for name, text in POSTS.items():
        site.write(f"posts/{name}", text)
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("outbox"))
    with pelican_isolated():
        result = site.build()
    assert [Path(w.path).name for w in result.withheld] == ["held.md"]
    assert [Path(d.source_path).name for d in result.drafts] == ["draft.md"]
    return result


def do_plan(result, now=NOW, with_drafts=True):
    articles = list(result.articles) + (list(result.drafts) if with_drafts else [])
    return outbox.plan(articles, result.settings, BASE, now=now)


def by_name(items) -> dict:
    return {Path(i.post_path).name: i for i in items}


def held_reason(held, name, network="") -> str:
    [h] = [h for h in held if Path(h.post_path).name == name and h.network == network]
    return h.reason


@pytest.mark.parametrize("now, expected", [(NOW, EXPECTED_NOW), (LATER, EXPECTED_LATER)], ids=["before-next-year", "after-next-year"])
def test_plan_sends_exactly_the_eligible_posts(built, now, expected):
    planned, _ = do_plan(built, now)
    got = [(p.slug, p.rendered.network) for p in planned]
    assert len(got) == len(set(got))
    assert set(got) == expected


@pytest.mark.parametrize(
    "name, reason",
    [
        pytest.param("office.md", "written for clients", id="clients-even-with-crosspost-list"),
        pytest.param("quiet.md", "crosspost: false", id="crosspost-false"),
        pytest.param("next-year.md", "dated in the future", id="future-dated"),
        pytest.param("draft.md", "status is draft", id="draft"),
    ],
)
def test_held_for_every_network(built, name, reason):
    planned, held = do_plan(built)
    assert name not in {Path(p.post_path).name for p in planned}
    assert reason in held_reason(held, name)


def test_blocked_posts_never_reach_the_plan(built):
    planned, held = do_plan(built, LATER)
    names = {Path(i.post_path).name for i in [*planned, *held]}
    assert "held.md" not in names
    assert "sleep.md" in names  # the plan did see the passing posts


def test_a_summary_too_long_for_bluesky_is_held_not_cut(built):
    planned, held = do_plan(built)
    long_post = [a for a in built.articles if a.slug == "long-summary"][0]
    link = f"{BASE}/{long_post.url}"
    total = len(LONG) + 2 + len(link)  # ASCII text: one grapheme per character; links count in full
    assert total > 300
    reason = held_reason(held, "long.md", "bluesky")
    assert f"come to {total} of 300 characters ({total - 300} too many)" in reason
    assert "social:" in reason and "bluesky" in reason and "never cut" in reason
    sent = [p for p in planned if p.slug == "long-summary"]
    assert {p.rendered.network for p in sent} == {"mastodon", "linkedin"}
    for item in sent:
        assert item.rendered.text == f"{LONG}\n\n{link}"  # whole, on the networks where it fits


def test_social_override_is_used_for_its_network_only(built):
    planned, held = do_plan(built)
    items = {p.rendered.network: p.rendered for p in planned if p.slug == "long-summary-with-a-short-one"}
    link = items["bluesky"].link
    assert items["bluesky"].text == f"{SHORT_BLUESKY}\n\n{link}"
    assert items["mastodon"].text == items["linkedin"].text == f"{LONG}\n\n{link}"
    # X (280, the default config since #13) is too short for the long summary: held there, with the usual message.
    assert [h.network for h in held if Path(h.post_path).name == "long-override.md"] == ["x"]


def test_content_note_is_a_field_or_a_prefix(built):
    planned, _ = do_plan(built)
    items = {p.rendered.network: p.rendered for p in planned if p.slug == "gentle-weeks-after-a-loss"}
    assert items["mastodon"].content_warning == NOTE
    assert NOTE not in items["mastodon"].text
    for network in ("bluesky", "linkedin"):
        assert items[network].content_warning == ""
        assert items[network].text.startswith(f"Content note: {NOTE}\n\n")


# --------------------------------------------------------------------------
# networks.render: the exact text and its count
# --------------------------------------------------------------------------

LINK = "https://cedarhollow.example.org/posts/a-rather-long-slug-for-counting/"


@pytest.mark.parametrize(
    "network, summary, note, limit, text, length, fits",
    [
        pytest.param("mastodon", "Hello.", "", None, f"Hello.\n\n{LINK}", 6 + 2 + 23, True, id="mastodon-link-counts-23"),
        pytest.param("bluesky", "Hello.", "", None, f"Hello.\n\n{LINK}", 6 + 2 + len(LINK), True, id="bluesky-link-counts-in-full"),
        pytest.param("linkedin", "Hello.", "", None, f"Hello.\n\n{LINK}", 6 + 2 + len(LINK), True, id="linkedin-link-counts-in-full"),
        # LinkedIn counts the escaped text as sent: "(x)" goes out as "\\(x\\)".
        pytest.param("linkedin", "(x)", "", None, f"(x)\n\n{LINK}", 5 + 2 + len(LINK), True, id="linkedin-escapes-count"),
        # X: a bare domain in the text is a link too (23), and an emoji ZWJ family weighs 2.
        pytest.param("x", "See 988lifeline.org \U0001F468\u200D\U0001F469\u200D\U0001F467", "", None,
                     f"See 988lifeline.org \U0001F468\u200D\U0001F469\u200D\U0001F467\n\n{LINK}", 4 + 23 + 1 + 2 + 2 + 23, True, id="x-bare-domain-and-emoji"),
        pytest.param("x", "こんにちは", "", None, f"こんにちは\n\n{LINK}", 5 * 2 + 2 + 23, True, id="x-cjk-weighs-2"),
        pytest.param("bluesky", "Cafe\u0301.", "", None, f"Cafe\u0301.\n\n{LINK}", 5 + 2 + len(LINK), True, id="combining-mark-is-one-grapheme"),
        # Mastodon counts the content warning and the text together (StatusLengthValidator).
        pytest.param("mastodon", "Hello.", "Grief", None, f"Hello.\n\n{LINK}", 5 + 31, True, id="mastodon-note-is-a-field-and-counts"),
        pytest.param("x", "Hello.", "Grief", None, f"Content note: Grief\n\nHello.\n\n{LINK}", 19 + 2 + 31, True, id="x-note-is-a-prefix"),
        pytest.param("mastodon", "a" * 75, "", 100, f"{'a' * 75}\n\n{LINK}", 100, True, id="exactly-at-the-limit"),
        pytest.param("mastodon", "a" * 76, "", 100, f"{'a' * 76}\n\n{LINK}", 101, False, id="one-over-the-limit"),
    ],
)
def test_render(network, summary, note, limit, text, length, fits):
    rendered = networks.render(network, summary, LINK, note, None, limit)
    assert rendered.text == text
    assert rendered.length == length
    assert rendered.fits is fits
    assert rendered.over_by == max(0, length - rendered.limit)
    assert rendered.link == LINK


def test_render_never_cuts_text():
    summary = "word " * 200
    rendered = networks.render("bluesky", summary, LINK)
    assert not rendered.fits
    assert rendered.text == f"{summary.strip()}\n\n{LINK}"


# --------------------------------------------------------------------------
# outbox.write: one file per post and network, idempotent, pruned
# --------------------------------------------------------------------------


def test_write_is_idempotent_and_exact(built, tmp_path):
    planned, _ = do_plan(built)
    box = tmp_path / "outbox"
    first = outbox.write(str(box), planned, str(Path(built.settings["PATH"]).parent))
    files = sorted(str(p) for p in box.rglob("*") if p.is_file())
    assert sorted(first["written"]) == files
    assert len(files) == len(planned)
    assert {(Path(f).stem, Path(f).parent.name) for f in files} == EXPECTED_NOW
    second = outbox.write(str(box), planned, str(Path(built.settings["PATH"]).parent))
    assert second["written"] == [] and second["removed"] == []
    assert sorted(second["unchanged"]) == files
    for item in planned:
        path = outbox.target(str(box), item)
        assert outbox.read_text(path) == item.rendered.text
        head = Path(path).read_text(encoding="utf-8").split(outbox.MARKER)[0]
        assert f"link: {item.rendered.link}\n" in head
        assert f"length: {item.rendered.length} of {item.rendered.limit} {networks.NETWORKS[item.rendered.network].unit}, as " in head
        assert f"post: content/posts/{Path(item.post_path).name}\n" in head
        assert ("content warning: " in head) is bool(item.rendered.content_warning)


def test_write_removes_what_is_no_longer_eligible_and_rewrites_only_changes(built, tmp_path):
    box = tmp_path / "outbox"
    planned, _ = do_plan(built)
    outbox.write(str(box), planned)
    gone = [p for p in planned if p.slug == "sleep-and-worry"]
    kept = [p for p in planned if p.slug != "sleep-and-worry"]
    edited = kept[0]
    new_text = networks.render(edited.rendered.network, "A new summary.", edited.rendered.link)
    kept[0] = outbox.Planned(edited.post_path, edited.slug, edited.title, new_text)
    result = outbox.write(str(box), kept)
    assert sorted(result["removed"]) == sorted(outbox.target(str(box), p) for p in gone)
    assert result["written"] == [outbox.target(str(box), kept[0])]
    assert len(result["unchanged"]) == len(kept) - 1
    assert not any(Path(outbox.target(str(box), p)).exists() for p in gone)
    assert outbox.read_text(outbox.target(str(box), kept[0])) == f"A new summary.\n\n{edited.rendered.link}"


def approve_passing(site):
    site.approve(*[n for n in POSTS if n not in ("held.md", "draft.md")])


def test_publish_fills_the_outbox_from_passing_posts_only(tmp_path):
    site = make_site(tmp_path)
    approve_passing(site)
    box = tmp_path / "outbox"
    result = pipeline.publish(str(SETTINGS), output=str(site.output), outbox_dir=str(box), overrides=site.overrides(), now=NOW)
    files = {(p.stem, p.parent.name) for p in box.rglob("*.txt")}
    assert files == EXPECTED_NOW
    assert sorted(result.outbox["written"]) == sorted(str(p) for p in box.rglob("*.txt"))
    assert not (site.output / "drafts").exists()  # status: draft keeps a post out of publish


def test_a_post_that_becomes_blocked_leaves_the_outbox(tmp_path):
    site = make_site(tmp_path)
    approve_passing(site)
    box = tmp_path / "outbox"

    def publish():
        return pipeline.publish(str(SETTINGS), output=str(site.output), outbox_dir=str(box), overrides=site.overrides(), now=NOW)

    publish()
    sleep_files = sorted(str(p) for p in box.rglob("sleep-and-worry.txt"))
    assert len(sleep_files) == 4  # Mastodon, Bluesky, LinkedIn and X
    site.write("posts/sleep.md", POSTS["sleep.md"].replace("risk: low", "risk: no"))
    result = publish()
    assert sorted(result.outbox["removed"]) == sleep_files
    assert result.outbox["written"] == []
    assert not list(box.rglob("sleep-and-worry.txt"))
    assert {(p.stem, p.parent.name) for p in box.rglob("*.txt")} == {e for e in EXPECTED_NOW if e[0] != "sleep-and-worry"}


# --------------------------------------------------------------------------
# outbox files: counts in each network's unit, link card, facets, content warning
# --------------------------------------------------------------------------


def head_of(path) -> str:
    return Path(path).read_text(encoding="utf-8").split(outbox.MARKER)[0]


def test_plan_fills_card_and_language_from_the_post(built):
    planned, _ = do_plan(built)
    items = {p.rendered.network: p.rendered for p in planned if p.slug == "gentle-weeks-after-a-loss"}
    for network in ("bluesky", "linkedin"):
        card = items[network].card
        assert (card.uri, card.title, card.description) == (items[network].link, "Gentle weeks after a loss", "A short summary for readers.")
    assert items["mastodon"].card is None
    assert {r.lang for r in items.values()} == {"en"}  # the site's DEFAULT_LANG


def test_outbox_file_shows_what_goes_out(built, tmp_path):
    planned, _ = do_plan(built)
    box = tmp_path / "outbox"
    outbox.write(str(box), planned)
    items = {p.rendered.network: p for p in planned if p.slug == "gentle-weeks-after-a-loss"}

    bluesky = items["bluesky"].rendered
    head = head_of(outbox.target(str(box), items["bluesky"]))
    assert f"length: {bluesky.length} of 300 characters, as Bluesky counts them" in head
    assert f"size: {bluesky.bytes} of 3000 bytes " in head
    assert f"link card: {bluesky.link}\n  card title: Gentle weeks after a loss\n  card description: A short summary for readers.\n" in head
    [(start, end, uri)] = bluesky.facets
    assert f"link facet: bytes {start} to {end} of the text: {uri}\n" in head
    assert bluesky.text.encode("utf-8")[start:end].decode("utf-8") == bluesky.link
    assert "content note: at the start of the text" in head
    assert f"fingerprint: {bluesky.fingerprint()}\n" in head
    assert "language: en\n" in head

    mastodon = items["mastodon"].rendered
    head = head_of(outbox.target(str(box), items["mastodon"]))
    assert f"content warning: {NOTE}\n" in head
    assert f"length: {mastodon.length} of 500 characters, as Mastodon counts them" in head
    assert mastodon.length == len(NOTE) + len(outbox.read_text(outbox.target(str(box), items["mastodon"])).split("\n\n")[0]) + 2 + 23
    assert "link card" not in head and "link facet" not in head and "size:" not in head

    linkedin = items["linkedin"].rendered
    head = head_of(outbox.target(str(box), items["linkedin"]))
    assert f"link card: {linkedin.link}\n" in head
    assert "as sent to LinkedIn" not in head  # nothing to escape in this text


def test_linkedin_file_shows_the_escaped_form_too(tmp_path):
    rendered = networks.render("linkedin", "Sleep (and worry) #rest", LINK, title="Sleep", lang="en")
    item = outbox.Planned("content/posts/sleep.md", "sleep", "Sleep", rendered)
    outbox.write(str(tmp_path), [item])
    path = outbox.target(str(tmp_path), item)
    assert outbox.read_text(path) == f"Sleep (and worry) #rest\n\n{LINK}"
    head = head_of(path)
    assert "  | Sleep \\(and worry\\) \\#rest\n  | \n  | " + LINK + "\n" in head
    assert rendered.wire_text == f"Sleep \\(and worry\\) \\#rest\n\n{LINK}"
    assert f"length: {len(rendered.wire_text)} of 3000 characters, " in head


def test_multiline_values_stay_readable_and_exact(tmp_path):
    rendered = networks.render("bluesky", "Line one.\nLine two.", LINK, "Loss\nand grief", title="T", description="One\nTwo")
    item = outbox.Planned("p.md", "p", "T", rendered)
    outbox.write(str(tmp_path), [item])
    path = outbox.target(str(tmp_path), item)
    assert "  card description:\n  | One\n  | Two\n" in head_of(path)
    assert outbox.read_text(path) == f"Content note: Loss\nand grief\n\nLine one.\nLine two.\n\n{LINK}"
    assert outbox.write(str(tmp_path), [item])["unchanged"] == [str(Path(path).resolve())]


FAMILY = "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466"  # 1 grapheme, 25 UTF-8 bytes


@pytest.mark.parametrize(
    "network, summary, limit, expected",
    [
        pytest.param("bluesky", "a" * 300, None, f"come to {302 + len(LINK)} of 300 characters ({2 + len(LINK)} too many)", id="bluesky-graphemes"),
        pytest.param(
            "bluesky", FAMILY * 120, None, f"come to {3000 + 2 + len(LINK)} of 3000 bytes ({2 + len(LINK)} too many; letters outside", id="bluesky-bytes"
        ),
        pytest.param("x", "字" * 128, None, "come to 281 of 280 characters (1 too many)", id="x-weighted"),
        pytest.param("mastodon", "a" * 80, 100, "come to 105 of 100 characters (5 too many)", id="mastodon-instance-limit"),
    ],
)
def test_too_long_message_names_unit_limit_and_fix(network, summary, limit, expected):
    rendered = networks.render(network, summary, LINK, "", None, limit)
    assert not rendered.fits
    message = outbox.too_long(rendered)
    assert expected in message
    assert f'social: {{{network}: "…"}}' in message and "never cut" in message
    assert summary in rendered.wire_text  # held whole, never shortened
    if network == "bluesky" and summary.startswith(FAMILY):
        assert rendered.length == 120 + 2 + len(LINK) <= 300  # the grapheme limit is fine; only the bytes are over
        assert "characters (" not in message


SAMPLE_HIGH = Path(__file__).resolve().parent.parent / "content" / "posts" / "2025-09-08-asking-about-suicide.md"
ALL_FOUR = {"networks": {n: {"audiences": ["public"]} for n in ("x", "mastodon", "bluesky", "linkedin")}}


@pytest.fixture(scope="module")
def high_risk(tmp_path_factory):
    """The repository's own risk: high sample, offered to all four networks."""
    site = Site(tmp_path_factory.mktemp("high-risk"))
    text = SAMPLE_HIGH.read_text(encoding="utf-8").replace("crosspost: [mastodon, bluesky, linkedin]", "crosspost: [mastodon, bluesky, linkedin, x]")
    assert "Crisis lines are listed at the top and the end" in text and "risk: high" in text
    site.write("posts/asking.md", text)
    with pelican_isolated():
        result = site.build(CROSSPOST=ALL_FOUR)
    assert not result.withheld
    return result


def test_a_high_risk_post_carries_the_regions_crisis_line_on_every_network_or_is_skipped_there(high_risk):
    planned, held = outbox.plan(list(high_risk.articles), high_risk.settings, BASE, now=LATER)
    line = outbox.crisis_line(high_risk.settings)
    assert line == "Help is available 24/7: call or text 988, or chat at 988lifeline.org."  # the US region's 988
    sent = {p.rendered.network: p.rendered for p in planned}
    skipped = {h.network: h.reason for h in held}
    assert set(sent) | set(skipped) == {"x", "mastodon", "bluesky", "linkedin"}
    assert {"mastodon", "bluesky", "linkedin"} <= set(sent)
    for network, rendered in sent.items():
        assert line in networks.linkedin_unescape(rendered.wire_text) and rendered.fits, network
        assert "Crisis lines are listed" not in rendered.wire_text + rendered.content_warning, network
        assert rendered.text.endswith(rendered.link)
    assert sent["mastodon"].content_warning == "Discusses suicide and how to support someone at risk."
    # X: the approved summary, the note and the crisis line do not fit in 280: X is skipped, with the usual message.
    assert "x" in skipped and "social: {x:" in skipped["x"] and "crisis line every risk: high post carries" in skipped["x"]


def test_a_high_risk_post_without_a_crisis_line_in_the_settings_goes_nowhere(high_risk):
    settings = dict(high_risk.settings, CRISIS_LINES=[])
    planned, held = outbox.plan(list(high_risk.articles), settings, BASE, now=LATER)
    assert planned == []
    [reason] = {h.reason for h in held}
    assert "name no crisis line" in reason and 'PRACTICE["crisis_lines"]' in reason


def test_a_low_risk_post_carries_no_crisis_line(built):
    planned, _ = do_plan(built, LATER)
    assert planned and not any("Help is available" in p.rendered.text for p in planned)
