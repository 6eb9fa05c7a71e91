"""B4 — language (APA inclusive-language guidelines; AP Stylebook; GLAAD; RAINN).

Every rule here skips mentions (a word in quotes, or discussed as a word) and
clinical frames (diagnosed with, people with, I treat…), so a guide to better
language never trips the rules it explains.
"""

from __future__ import annotations

import re

from ..model import Example, Rule, Severity
from ..prefilter import can_match, search_from
from .common import audience_severity, compile_list, each, negated

L = "language.yaml"
P = "---\ntitle: \"A post\"\ndate: 2025-03-04\nsummary: \"A summary.\"\naudience: public\nrisk: low\n---\n\n"
PRO = P.replace("audience: public", "audience: professionals")

_CLINICAL_FRAME = re.compile(
    r"\b(?:diagnos(?:ed|is|es|ing)(?: \w+)? (?:with|of)|treat(?:s|ed|ing|ment)?(?: for| of)?|people (?:with|living with|who have)|"
    r"(?:living|lives|live) with|symptoms? of|signs? of|specialis(?:e|es|ing)|specializ(?:e|es|ing) in|criteria for|"
    r"(?:has|have|had|having) (?:a diagnosis of )?|with|disorder|diagnostic|clinical|episodes? of|history of|screen(?:ed|ing)? for|"
    r"medication for|therapy for|research on|studies of|prevalence of|rates of)\s+(?:\w+\s+)?$",
    re.I,
)


def _clinical(text: str, start: int) -> bool:
    return bool(_CLINICAL_FRAME.search(text[max(0, start - 50) : start]))


_RX: dict[str, re.Pattern] = {}


def rx(key: str, flags=re.I) -> re.Pattern:
    if key not in _RX:
        _RX[key] = compile_list(L, key, flags)
    return _RX[key]


def _pejorative(post, ctx):
    aimed_spans = []
    for s, m in each(rx("aimed", 0), ctx):
        aimed_spans.append((s.seg, s.start + m.start(), s.start + m.end()))
        yield s.hit(m, f"\"{m.group(0)}\" is aimed at people", Severity.BLOCK)
    for s, m in each(rx("pejoratives"), ctx):
        a = s.start + m.start()
        if any(seg is s.seg and x <= a < y for seg, x, y in aimed_spans):
            continue
        if m.group(0).lower().startswith("insanity") and re.search(r"\bdefen[cs]e|plea\b", s.text, re.I):
            continue  # the legal term
        yield s.hit(m, f"\"{m.group(0)}\"")


def _metaphor(post, ctx):
    for s, m in each(rx("metaphors", re.I), ctx):
        yield s.hit(m, f"\"{m.group(0)}\"")


def _identity(post, ctx):
    for s, m in each(rx("identity"), ctx):
        if _clinical(s.text, m.start()):
            continue
        yield s.hit(m, f"\"{m.group(0)}\"")


def _pity(post, ctx):
    for s, m in each(rx("pity"), ctx):
        yield s.hit(m, f"\"{m.group(0)}\"")


def _violence(post, ctx):
    for s, m in each(rx("violence"), ctx):
        if negated(s.text, m.start(), 80) or re.search(r"\bmore likely to be (?:the )?victims\b|\bmyth\b|\brarely\b", s.text, re.I):
            continue
        yield s.hit(m, f"\"{m.group(0)}\"")


def _gender(post, ctx):
    sev = audience_severity(ctx, Severity.BLOCK, Severity.WARN)
    for s, m in each(rx("gender", 0 | re.I), ctx):
        yield s.hit(m, f"\"{m.group(0)}\"", sev)


_SV_CONTEXT = re.compile(r"\b(?:assault\w*|rap(?:e|ed|ist)|sexual(?:ly)?|survivors?|harass\w*|abus\w*|attack\w*|violat\w*|consent|date rape|molest\w*)\b", re.I)


#: Every _SV_CONTEXT match begins with one of these (an exact shortcut for the search).
_SV_STARTS = ("assault", "rap", "sexual", "survivor", "harass", "abus", "attack", "violat", "consent", "date rape", "molest")


def _victim_blaming(post, ctx):
    if not any(search_from(_SV_CONTEXT, seg.prose, _SV_STARTS) for seg in post.segments if can_match(_SV_CONTEXT, seg.prose)):
        return
    for s, m in each(rx("victim_blaming"), ctx):
        if negated(s.text, m.start(), 40):
            continue
        yield s.hit(m, f"\"{m.group(0)}\"")


def _profanity(post, ctx):
    strong_sev = audience_severity(ctx, Severity.BLOCK, Severity.WARN)
    for s, m in each(rx("profanity_strong"), ctx):
        yield s.hit(m, f"\"{m.group(0)}\" is strong profanity", strong_sev)
    for s, m in each(rx("profanity_mild"), ctx):
        yield s.hit(m, f"\"{m.group(0)}\" is mild profanity", Severity.WARN)


def _slurs(post, ctx):
    for s, m in each(rx("slurs"), ctx):
        yield s.hit(m, f"\"{m.group(0)}\"")


SRC = "APA Inclusive Language Guide (2nd ed., 2023); AP Stylebook"


def rules() -> list[Rule]:
    return [
        Rule("B401", "mental-illness-pejorative", Severity.WARN,
             "A mental-illness word is used as an insult or exaggeration",
             "Words like crazy or psycho turn illness into an insult; readers who live with it hear that (APA Inclusive Language Guide).",
             "Say what you mean: chaotic, unbelievable, cruel, intense.",
             SRC, _pejorative,
             good=(Example(P + "Words like \"crazy\" can sting when you live with a mental illness.\n"),),
             bad=(Example(P + "What a crazy week it was.\n"), Example(P + "My ex is totally crazy.\n", severity=Severity.BLOCK),
                  Example(P + "Frankly, the man is an unhinged lunatic.\n", severity=Severity.BLOCK))),
        Rule("B402", "diagnosis-as-metaphor", Severity.WARN,
             "A diagnosis is used as a metaphor",
             "\"So OCD\" or \"the weather is bipolar\" trivialises conditions that disable people (APA Inclusive Language Guide).",
             "Describe the thing itself: particular, changeable, tidy.",
             SRC, _metaphor,
             good=(Example(P + "I treat OCD and bipolar disorder.\n"),),
             bad=(Example(P + "I'm a bit OCD about my desk.\n"), Example(P + "The weather this spring is so bipolar.\n"))),
        Rule("B403", "identity-by-diagnosis", Severity.WARN,
             "A person is called by their diagnosis",
             "\"A schizophrenic\" reduces someone to an illness; person-first language (\"a person with schizophrenia\") is the standard, except where a community prefers identity-first terms such as autistic.",
             "Write \"a person with schizophrenia\", \"people with anorexia\".",
             SRC, _identity,
             good=(Example(P + "Autistic adults often describe masking. People with schizophrenia deserve respect.\n"),),
             bad=(Example(P + "Many schizophrenics hear voices.\n"), Example(P + "The mentally ill are often ignored.\n"))),
        Rule("B404", "pity-framing", Severity.WARN,
             "Pity framing (suffers from, victim of, wheelchair-bound)",
             "Framing a condition as suffering or victimhood presumes a life of misery (APA Inclusive Language Guide; NCDJ style guide).",
             "Write \"has\", \"lives with\", \"uses a wheelchair\".",
             SRC + "; NCDJ Disability Language Style Guide", _pity,
             good=(Example(P + "She lives with depression and uses a wheelchair.\n"),),
             bad=(Example(P + "He suffers from depression.\n"),)),
        Rule("B405", "violence-attribution", Severity.WARN,
             "Mental illness is linked to violence",
             "People with mental illness are far more often victims than perpetrators of violence; linking the two without evidence spreads stigma (APA; AP Stylebook).",
             "Remove the link, or cite the evidence and its context.",
             SRC, _violence,
             good=(Example(P + "People with mental illness are more likely to be victims of violence than perpetrators.\n"),),
             bad=(Example(P + "The shooter was obviously mentally ill.\n"),)),
        Rule("B406", "non-affirming-gender", Severity.BLOCK,
             "Non-affirming language about transgender people",
             "Terms like \"transgendered\", \"sex change\" or \"preferred pronouns\" are inaccurate and hurtful (GLAAD Media Reference Guide).",
             "Write \"transgender\" (an adjective), \"transition\" or \"gender-affirming care\", \"pronouns\", \"assigned female at birth\".",
             "GLAAD Media Reference Guide (11th ed.); APA Guidelines for Psychological Practice with TGNC People (2015)", _gender,
             good=(Example(P + "Avoid outdated terms such as \"transgendered\" and \"sex change\". Ask about pronouns.\n"),),
             bad=(Example(P + "Her teen is transgendered and asked about a sex change.\n"),
                  Example(PRO + "Ask clients for their preferred pronouns.\n", severity=Severity.WARN))),
        Rule("B407", "victim-blaming", Severity.BLOCK,
             "Survivors of sexual violence are blamed",
             "Blaming survivors for their clothing, drinking or choices is false and retraumatising; responsibility lies with the perpetrator (RAINN; EVAWI).",
             "Remove the blame; say plainly that assault is never the survivor's fault.",
             "RAINN; EVAWI 'Start by Believing'", _victim_blaming,
             good=(Example(P + "After an assault, many survivors hear \"what were you wearing?\" It was never your fault.\n"),),
             bad=(Example(P + "After the assault she had to own her part: her drinking made her a target.\n"),)),
        Rule("B408", "profanity", Severity.BLOCK,
             "Profanity",
             "Strong profanity on a public clinical site undermines trust and professionalism (APA 5.01; ACA C.3).",
             "Rephrase without the word.",
             "APA Ethics Code 5.01; ACA Code C.3; Ofcom (2021) offensive language research", _profanity,
             good=(Example(P + "It was a hard, exhausting week.\n"),),
             bad=(Example(P + "It was a shitty week.\n"), Example(P + "Damn, that was a long week.\n", severity=Severity.WARN))),
        Rule("B409", "slurs", Severity.BLOCK,
             "A slur",
             "Slurs demean whole groups of people, including the clients this site serves.",
             "Remove the word.",
             "GLAAD; Special Olympics (r-word); ADL", _slurs,
             good=(Example(P + "Terms like \"retarded\" were once clinical and are now slurs.\n"),),
             bad=(Example(P + "That policy is retarded.\n"),)),
    ]
