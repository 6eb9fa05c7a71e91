"""B1 on posts it was not written against: stories that identify must block; writing about
clients in general, policies, citations, composites and the practice's own details must pass."""

from __future__ import annotations

import pytest

from boundary import engine, practice

PRACTICE = practice.from_mapping(
    {
        "name": "Cedar Hollow Counseling",
        "phone": "(555) 555-0134",
        "fax": "(555) 555-0135",
        "email": "hello@cedarhollow.example.org",
        "address": "18 Orchard Lane, Suite 2, Millbrook, OR 97000",
        "site_url": "https://cedarhollow.example.org",
        "social": {"mastodon": "@cedarhollow@social.example.org", "bluesky": "cedarhollow.example.org"},
        "crisis_lines": [{"name": "Millbrook County Crisis Line", "number": "(555) 555-0199"}],
        "clinicians": [
            {"name": "Nora Lindqvist", "titles": ["Dr."], "credentials": ["PhD"], "licence": "PSY 30112"},
            {"name": "Marcus Hale", "credentials": ["LCSW"], "licence": "LCSW 81234"},
        ],
    }
)


def doc(body: str, **meta) -> str:
    fields = {"title": '"A post"', "date": "2025-06-01", "summary": '"A summary."', "audience": "public", "risk": "low"}
    fields.update(meta)
    head = "\n".join(f"{k}: {v}" for k, v in fields.items())
    return f"---\n{head}\n---\n\n{body.strip()}\n"


def blocking_codes(text: str) -> set[str]:
    report = engine.check_text(text, "t.md", practice=PRACTICE)
    return {f.code for f in report.findings if f.severity.label == "block"}


def all_codes(text: str) -> set[str]:
    return {f.code for f in engine.check_text(text, "t.md", practice=PRACTICE).findings}


MUST_BLOCK = [
    ("named-after-comma", "B102", doc("Last spring a patient of mine, Delphine, started skipping meals again. She told me it began after her move.")),
    ("named-whom-i-saw", "B102", doc("Rafael, whom I saw for about a year, described his panic as a wave he could not stop.")),
    ("phone-in-story", "B101", doc("A client I treat left her cell number, 555-867-2231, on my voicemail and asked me to call after nine.")),
    ("email-in-story", "B101", doc("My patient wrote to me from her work address, t.okonkwo@millbrookbank.example.com, which I will not use again.")),
    ("street-address", "B101", doc("A teenager I saw lives at 2210 Willow Creek Road with his grandmother, and he walks to school alone.")),
    ("searched-facebook", "B111", doc("I'll admit it: after my first session with a new client, I looked him up on Facebook and saw photos from his wedding.")),
    ("weekday-date", "B103", doc("A client came in on Friday, June 6 and told me her divorce had just been finalised.", case_material="disguised")),
    ("qi-rare-role", "B104", doc(
        "A client I worked with for two years is a 52-year-old pastor at the only Lutheran church in our valley. "
        "He lost his wife in a car accident that made the local news.", case_material="disguised")),
    ("qi-minor-school", "B104", doc(
        "One of my clients, a 14-year-old girl at Millbrook Middle School, was the only Somali student in her grade. "
        "Her father drives a truck and is gone most weeks.", case_material="disguised")),
    ("story-no-basis", "B105", doc(
        "A man I saw last year came in because his drinking was scaring his kids. In our first sessions he said very little. "
        "Over the following months we worked on what the drinking was doing for him.")),
    ("realtime-this-morning", "B107", doc("This morning a client, a nurse from the night shift, cried through the whole hour.")),
    ("client-letter-image", "B108", doc("![A letter one of my patients wrote to her younger self](images/letter.jpg)")),
    ("photo-file-name", "B108", doc("![Watercolour hills](images/patient-painting-week6.jpg)")),
    ("review-reply", "B109", doc(
        "Someone left a one-star review on Yelp this week.\n\nI want you to know that I valued our sessions and I am sorry you felt unheard.")),
    ("named-public-client", "B109", doc("Everyone in town knows that Gary Whitfield was a patient of mine after the mill closed.")),
    ("relative-named", "B110", doc("A mother I work with told me her daughter, Poppy, has stopped eating lunch at school.", case_material="disguised")),
    ("relative-employer", "B110", doc("A client I saw is anxious because her husband works nights at Harlan Steel.", case_material="disguised")),
    ("summary-quote", "B106", doc("Grief comes in waves.", summary="'After a session today a widowed teacher told me, \"I set two plates every night.\" Some thoughts on grief.'")),
]


@pytest.mark.parametrize("name,code,text", MUST_BLOCK, ids=[m[0] for m in MUST_BLOCK])
def test_identifying_writing_blocks(name, code, text):
    assert code in blocking_codes(text)


MUST_PASS = [
    ("policy", doc(
        "I do not accept friend or follow requests from current or former clients on any social network. "
        "I will not search for clients online, and I will not respond to reviews, because even a reply would confirm "
        "that someone was a client. If you see me in public, I will not greet you first unless you greet me.")),
    ("never-write", doc("I never write about clients. The stories on this blog are about ideas, research and my own life.")),
    ("generic-clients", doc(
        "Many of my clients tell me the hardest part of therapy is the first phone call. In session we often start "
        "with what brought you in, and clients are always welcome to say \"I don't know where to start.\"")),
    ("hypothetical", doc("If a client asks to connect on LinkedIn, I explain my policy in our next session, without judgment.")),
    ("composite-declared", doc(
        "The following is a composite of several people, and the name is invented. Sam came to therapy because of panic "
        "attacks at work. Over several weeks we practised staying with the sensations until they passed, and he told me "
        "the first time he rode the elevator without leaving.", case_material="composite")),
    ("authors", doc(
        "John Gottman (1999) found that contempt predicts divorce. Sue Johnson calls these moments raw spots. "
        "Brené Brown says that vulnerability is not weakness. Couples I see often recognise themselves in both.")),
    ("practice-contact", doc(
        "To book, call (555) 555-0134, fax (555) 555-0135, or email hello@cedarhollow.example.org. Clients can find us at "
        "18 Orchard Lane, Suite 2, Millbrook. Follow the practice at @cedarhollow@social.example.org.")),
    ("crisis-lines", doc(
        "If you or a client are in crisis, call or text 988, text HOME to 741741, or call the Millbrook County Crisis Line "
        "at (555) 555-0199. Clients in immediate danger should call 911.")),
    ("event", doc("Our grief support group meets on Tuesday, March 3, at 6:30 pm at the Millbrook Public Library, 200 Main Street.")),
    ("self-disclosure", doc(
        "My father died in 2019. I still wear his watch, and some mornings I catch myself checking it the way he did.")),
    ("research-roundup", doc(
        "Foa and Kozak (1986) argued that fear must be activated to change. In a 2014 trial, Craske and colleagues "
        "reported that patients who varied their exposure did as well as those who did not.", audience="professionals")),
    ("hiring", doc(
        "We are hiring a bilingual LCSW. The role includes a caseload of about 22 clients a week, two evening shifts, and "
        "weekly supervision with Dr. Nora Lindqvist. Email hello@cedarhollow.example.org by May 30.", audience="professionals")),
    ("session-howto", doc(
        "In a first session, we will talk about what brings you in. Clients sometimes cry, sometimes laugh, and often "
        "say they feel lighter afterwards. Sessions last 50 minutes.")),
    ("our-office-photo", doc("![Two armchairs by a window in our counseling room](images/counseling-room.jpg)")),
    ("reviews-essay", doc(
        "Why don't therapists answer online reviews? Because a reply like \"thank you for our work together\" would tell "
        "the world that the reviewer was in therapy. So I stay silent, even when a review stings.")),
]


@pytest.mark.parametrize("name,text", MUST_PASS, ids=[m[0] for m in MUST_PASS])
def test_writing_about_clients_in_general_passes(name, text):
    b1 = {c for c in all_codes(text) if c.startswith("B1")}
    assert not blocking_codes(text), engine.check_text(text, "t.md", practice=PRACTICE).findings
    assert "B101" not in b1
    # The checklist's B102 for a name the text says is invented, in declared case material: a warning at most.
    assert "B102" not in b1 or name == "composite-declared"


def test_composite_name_only_warns():
    text = doc(
        "This is a composite; the name is invented. My client Iris told me she dreads Sundays.",
        case_material="composite",
    )
    report = engine.check_text(text, "t.md", practice=PRACTICE)
    [b102] = [f for f in report.findings if f.code == "B102"]
    assert b102.severity.label == "warn"
    assert not report.blocked


def test_consented_story_with_reference_passes_but_without_reference_blocks():
    story = "A client came in because of panic. We worked on breathing, and she told me it helped."
    assert "B105" not in blocking_codes(doc(story, case_material="consented", consent_ref="CONSENT-2025-004"))
    assert "B105" in blocking_codes(doc(story, case_material="consented"))


def test_positions_point_into_the_file():
    text = doc("Intro line.\n\nMy client Theo told me the nights were the worst.")
    report = engine.check_text(text, "t.md", practice=PRACTICE)
    [b102] = [f for f in report.findings if f.code == "B102"]
    line = text.split("\n")[b102.line - 1]
    assert line[b102.column - 1 :].startswith("Theo")


@pytest.mark.parametrize(
    "text, real",
    [
        ("I'll call him Jonah, but that's not his real name.", False),
        ("No real names are used in this post.", False),
        ("Her real name is used here, at her request.", True),
        ("She asked me to use her own name.", True),
    ],
)
def test_a_post_says_a_name_is_real_only_when_it_does(text, real):
    from boundary.rules.confidentiality import says_real_name

    assert says_real_name(text) is real
