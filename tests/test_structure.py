"""The structural rules (rules/structure.py) and the text normalisation (normalize.py).

Each case is a general shape of the rule, in wording of its own: a modifier or an
apposition between the client noun and the name, a story told without the word
"client", a diagnosis given through a pronoun, a polite request, a refund, advice
given as a habit. The passing cases are the careful writing a rule must leave alone.
"""

from __future__ import annotations

import pytest

from boundary import engine, nlp, normalize
from boundary import practice as practice_mod

PRACTICE = practice_mod.from_mapping(
    {
        "name": "Cedar Hollow Counseling",
        "phone": "(555) 555-0134",
        "email": "hello@cedarhollow.example.org",
        "address": "18 Orchard Lane, Suite 2, Millbrook, OR 97000",
        "region": "US",
        "clinicians": [{"name": "Nora Lindqvist", "credentials": ["PhD"], "licence": "PSY 30112"}],
    }
)


def doc(body: str, **meta) -> str:
    fields = {"title": '"A post"', "date": "2025-05-06", "summary": '"A summary."', "audience": "public", "risk": "low", **meta}
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in fields.items()) + "---\n\n" + body + "\n"


def codes(text: str, severity: str = "block") -> set[str]:
    report = engine.check_text(text, "t.md", practice=PRACTICE)
    return {f.code for f in report.findings if f.severity.label == severity}


BLOCKED = [
    # B102: the name hangs on the client noun whatever stands between them.
    ("B102", "Our youngest client, Priya, drew her whole family as birds."),
    ("B102", "My eleven-year-old patient Tomas hid under the desk for most of the hour."),
    ("B102", "Imogen, one of my newer clients, laughed when I said that out loud."),
    # B102: a story of care without the word "client".
    ("B102", "I have been seeing Odette on Thursday evenings since the spring, and she rarely misses a session."),
    ("B102", "Bartholomew walked into my office for his first session holding a list of questions."),
    # B601: a diagnosis said of a pronoun whose antecedent is a named public figure.
    ("B601", "Mayor Dorothy Kimball spoke at the rally on Friday. Her outbursts make it obvious she is a narcissist."),
    ("B601", "I watched the interview with the actor Rowan Pike last night. He is clearly in a manic episode."),
    # B503: a request to the reader whose object is a review, however politely put.
    ("B503", "If our sessions helped, we would be so grateful if you could post a short review on Healthgrades."),
    ("B503", "Would you take a minute to give us five stars on Google?"),
    # B501: money back on the outcome of therapy.
    ("B501", "Finish all six sessions, and if your sleep has not improved, we will refund the full fee."),
    # B604: a medication change given as a habit or as what the writer tells people.
    ("B604", "What I tell most people is to halve the dose for a few days whenever they feel foggy."),
    ("B604", "Most of my clients find it works fine to skip the evening tablet on weekends."),
    # B207: clinical details invited through a social channel.
    ("B207", "Feel free to send us a WhatsApp message describing your symptoms and any medication you take."),
]


@pytest.mark.parametrize("code,body", BLOCKED, ids=[f"{c}-{i}" for i, (c, _) in enumerate(BLOCKED)])
def test_structure_blocks(code, body):
    assert code in codes(doc(body)), engine.check_text(doc(body), "t.md", practice=PRACTICE).findings


PASSING = [
    "My sister Clara came to see me last week, and we walked by the river.",
    "## Where the Client Is Stuck\n\nMeeting people where they are is most of the work.",
    "Mayor Dorothy Kimball has written about her own depression in her memoir, and she calls it an illness like any other.",
    "Mayor Dorothy Kimball spoke at the rally. We cannot diagnose her from a distance, and no one else should either.",
    "We never ask clients to post reviews, and here is why: it puts them in an awkward spot.",
    "Some therapists ask clients for testimonials, which our professional codes forbid.",
    "Be wary of any program that promises your money back if you are not cured.",
    "Never stop or halve a dose on your own; talk with your prescriber first.",
    "In the trial, participants who stopped their medication relapsed more often (Geddes et al., 2003).",
    "Please do not send symptoms by WhatsApp or any other message app; call the office instead.",
    "None of these approaches is a cure, and all of them take practice.",
    "I guarantee a good night's sleep is worth more than another episode of that show.",
    "Parents often worry about a teenager's mental health when grades slip.",
]


@pytest.mark.parametrize("body", PASSING, ids=[f"pass-{i}" for i in range(len(PASSING))])
def test_structure_leaves_careful_writing_alone(body):
    report = engine.check_text(doc(body), "t.md", practice=PRACTICE)
    assert not report.blocked, report.findings


def test_outcome_figures_about_our_clients_warn():
    text = doc("Nine in ten of the teens we treat report fewer panic attacks by week eight.")
    assert "B502" in codes(text, "warn")
    cited = doc("In a 2019 trial (Okafor et al.), 62% of participants improved within twelve weeks.")
    assert "B502" not in codes(cited, "warn") | codes(cited)


def test_a_composite_excuses_an_invented_first_name_but_not_a_full_name_with_a_school():
    first_name = doc("This is a composite; the name is invented. Ruth came to see me after her divorce.", case_material="composite")
    assert "B102" not in codes(first_name)
    full = doc(
        "This is a composite; the names are invented. Ruth Calloway, a librarian at Millbrook Community College, came to see me "
        "after her divorce.",
        case_material="composite",
    )
    assert "B102" in codes(full)


def test_a_story_without_the_word_client_starts_a_client_context():
    story = doc(
        "A woman I have been seeing on Mondays for a year is forty-six, the only midwife left in Millbrook, and her husband left "
        "in March. She told me in session that nights are the worst."
    )
    assert {"B104", "B105"} <= codes(story)


# --------------------------------------------------------------------------
# Normalisation: what a reader sees is what the rules read
# --------------------------------------------------------------------------

DISGUISED = [
    "My \u0441lient Jordan told me about the nights.",  # Cyrillic es
    "My cl\u0456ent Jordan told me about the nights.",  # Cyrillic i
    "My client Jor\u00addan told me about the nights.",  # soft hyphen in the name
    "My client Jor\u200bdan told me about the nights.",  # zero-width space
    "My cl**ie**nt Jordan told me about the nights.",  # emphasis inside the word
    "My client J&#111;rdan told me about the nights.",  # character reference
    "My \uff43\uff4c\uff49\uff45\uff4e\uff54 Jordan told me about the nights.",  # fullwidth letters
]


@pytest.mark.parametrize("body", DISGUISED, ids=range(len(DISGUISED)))
def test_disguised_spellings_are_read_as_the_words_they_show(body):
    assert "B102" in codes(doc(body))


def test_findings_after_normalisation_point_into_the_original_file():
    text = doc("Intro line.\n\nMy cl**ie**nt Jor\u00addan told me about the nights.")
    report = engine.check_text(text, "t.md", practice=PRACTICE)
    [b102] = [f for f in report.findings if f.code == "B102"]
    line = text.split("\n")[b102.line - 1]
    assert line[b102.column - 1 :].startswith("Jor\u00addan")


def test_normalise_keeps_other_scripts_and_snake_case():
    assert normalize.normalise("Москва and crisis_lines", "Москва and crisis_lines") is None
    out, prose, origin = normalize.normalise("a\u00adb &amp; c", "a\u00adb &amp; c")
    assert out == "ab & c" and prose == out
    assert [origin[i] for i in range(len(out))] == [0, 2, 3, 4, 9, 10]
    assert origin[-1] == len("a\u00adb &amp; c")


def test_a_masked_entity_stays_masked_in_the_prose():
    text = "x <a title=&quot;y&quot;> z"
    prose = "x " + " " * (len(text) - 4) + " z"
    out, out_prose, _ = normalize.normalise(text, prose)
    assert out == 'x <a title="y"> z'
    assert out_prose.strip() == "x" + " " * (len(out_prose.strip()) - 2) + "z"


# --------------------------------------------------------------------------
# The language model: pinned, verified, and fail closed
# --------------------------------------------------------------------------


def test_the_installed_model_matches_its_pinned_digest():
    assert nlp.available()
    import importlib.metadata

    root = importlib.metadata.distribution(nlp.DISTRIBUTION).locate_file(nlp.MODEL)
    assert nlp.model_digest(root) == nlp.MODEL_DIGEST


def test_a_model_that_fails_verification_blocks_posts_that_need_a_parse(monkeypatch):
    monkeypatch.setattr(nlp, "MODEL_DIGEST", "0" * 64)
    monkeypatch.setattr(nlp, "_nlp", None)
    monkeypatch.setattr(nlp, "_error", None)
    monkeypatch.setattr(nlp, "_docs", {})
    report = engine.check_text(doc("Our youngest client, Priya, drew her whole family as birds."), "t.md", practice=PRACTICE)
    assert report.blocked
    errors = [f for f in report.findings if f.code == "B907"]
    assert errors and "language model" in errors[0].message and "do not match the pinned release" in errors[0].message


# --------------------------------------------------------------------------
# When a topic is central (B905 risk understated, B308 crisis resources)
# --------------------------------------------------------------------------

_FILLER = " ".join(["Shift work wears people down in ways that are easy to miss, and the fixes are rarely dramatic."] * 6)


def test_one_paragraph_citing_a_statistic_does_not_make_a_post_about_suicide():
    body = (
        f"{_FILLER}\n\n"
        "Studies of first responders report more suicidal thoughts than in other jobs; suicide among firefighters "
        "has been studied for decades, and suicide prevention programmes exist in many departments.\n\n"
        f"{_FILLER}\n\n{_FILLER}"
    )
    assert not {"B905", "B308"} & codes(doc(body))


def test_a_heading_or_mentions_across_paragraphs_make_it_central():
    heading = doc(f"{_FILLER}\n\n## Suicide risk on the night shift\n\n{_FILLER}")
    assert "B905" in codes(heading)
    spread = doc(
        f"Suicide is preventable. {_FILLER}\n\nPeople who think about suicide often tell someone first. {_FILLER}\n\n"
        f"Asking about suicide directly does not plant the idea. {_FILLER}"
    )
    assert "B905" in codes(spread)


def test_a_suppression_after_normalised_text_is_placed_on_its_own_line():
    text = doc("Fish &amp; chips &amp; more &amp; more.\n<!-- boundary: allow B402 -->\nA paragraph.")
    report = engine.check_text(text, "t.md", practice=PRACTICE)
    [b902] = [f for f in report.findings if f.code == "B902"]
    assert text.split("\n")[b902.line - 1].startswith("<!-- boundary: allow B402")
    assert b902.column == 1


def test_the_site_renders_fences_and_tables_as_the_checker_reads_them(site):
    """A fence the checker reads as code must be code on the page too, and a table a table:
    otherwise a client's name inside '~~~' would be published unchecked."""
    site.write("posts/fence.md", "---\ntitle: \"Fences\"\ndate: 2025-03-04\nsummary: \"S.\"\naudience: public\nrisk: low\n---\n\n"
               "~~~\nprint('a code sample')\n~~~\n\n| Day | Hours |\n|---|---|\n| Monday | 9 to 5 |\n")
    site.build()
    page = (site.output / "posts" / "fences" / "index.html").read_text(encoding="utf-8")
    assert "<pre" in page and "~~~" not in page
    assert "<table" in page


@pytest.mark.parametrize("body", [
    "My newest \u0441\u200blient, Wren, brought her sketchbook to our session.",  # look-alike letter and a zero-width space
    "My newest &#1089;lient, Wren, brought her sketchbook to our session.",  # look-alike letter as an entity
    "My newest client, Zo\u00eb, brought her sketchbook to our session.",  # a name outside ASCII
    "| Note | Who |\n|---|---|\n| My newest client, Wren, brought her sketchbook to our session \\| x | y |",  # escaped pipe in a cell
], ids=["zwsp-confusable", "entity-confusable", "non-ascii-name", "escaped-pipe"])
def test_disguises_together_and_names_in_any_script(body):
    assert "B102" in codes(doc(body))


def test_a_long_story_paragraph_is_parsed_whole():
    filler = "On Monday Paris felt cold and the Thames was grey under the London sky. "
    body = filler * 40 + "I have been seeing Casimir on Wednesday afternoons since January, and he rarely misses a session. " + filler * 3
    assert "B102" in codes(doc(body))


def test_a_code_sample_of_a_tracker_loads_nothing_but_a_real_one_blocks():
    sample = doc("A tracking pixel looks like this:\n\n```html\n<img src=\"https://pixel.ads.example.com/tr?id=1\" width=\"1\" height=\"1\">\n```\n\n"
                 "Inline, too: `<script src=\"https://tags.example.net/x.js\"></script>`.")
    assert not {"B701", "B702"} & codes(sample)
    real = doc("<script src=\"https://tags.example.net/x.js\"></script>\n\nA post.")
    assert "B702" in codes(real)


@pytest.mark.parametrize("body", ["`" * 50000, "```\n" + "`" * 50000, "| a |\n|---|\n" + "| x " * 3000 + "|\n" * 1],
                         ids=["backticks", "fence-of-backticks", "wide-table"])
def test_hostile_code_and_tables_finish_on_their_own(body):
    report = engine.check_text(doc(body), "t.md", practice=PRACTICE, budget=60)
    assert not any("could not be checked in time" in f.message for f in report.findings)
