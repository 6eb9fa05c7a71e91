"""B6 — public statements (APA 5.04, 9.01(b); the Goldwater Rule; ACA C.6.c; NASW 4.06(a))."""

from __future__ import annotations

import re

from .. import clientctx as cc
from .. import nlp
from ..model import Example, Hit, Rule, Severity
from .common import OTHER_PERSON, is_mention, negated, sentences
from .language import anchor_index, anchor_words, anchored

SRC = "APA Ethics Code 5.04, 9.01(b); APA (psychiatry) Principles of Medical Ethics 7.3 (Goldwater Rule); ACA Code C.6.c; NASW Code 4.06(a)"
P = "---\ntitle: \"A post\"\ndate: 2025-03-04\nsummary: \"A summary.\"\naudience: public\nrisk: low\n---\n\n"

_LABEL = (
    r"(?:(?:a |an )?(?:textbook |classic |clinical |full-blown |raging |malignant |covert |obvious )?"
    r"(?:narcissist|narcissistic|psychopath(?:ic)?|sociopath(?:ic)?|schizophrenic|bipolar|manic|paranoid|delusional|psychotic|borderline|"
    r"histrionic|antisocial|autistic|on the (?:autism )?spectrum|demented|senile|mentally ill|mentally unstable|unstable|unhinged|deranged|"
    r"depressed|ADHD|OCD|PTSD|NPD|BPD|dementia|Alzheimer's|cognitive decline|personality disorder)"
    r"(?: personality disorder| disorder| traits| tendencies)?)"
)
_OFFICE = r"(?:President|Vice President|Senator|Sen\.|Governor|Gov\.|Mayor|Representative|Rep\.|Congressman|Congresswoman|Prime Minister|Premier|Chancellor|Secretary|Judge|Justice|Sheriff|Commissioner|Councilmember|Councillor|CEO|Chairman|King|Queen|Prince|Princess)"
_PERSON = rf"(?:{_OFFICE} [A-Z][a-z]+(?: [A-Z][a-z]+)?|[A-Z][a-z]+ (?:[A-Z]\. )?[A-Z][a-z]{{2,}}|(?:the|our|this) (?:president|governor|senator|mayor|prime minister|candidate|CEO|congressman|congresswoman|billionaire|celebrity|senator from \w+))"
_LINK = r"(?:(?:looks?|looked|sounds?|sounded|reads?) (?:a lot |very much |just |exactly |so much )?like|(?:is|are|seems?) consistent with|smacks of|screams|points? to|is|was|'s|seems|seemed|appears|appeared|is clearly|is obviously|is probably|must be|has|had|clearly has|obviously has|probably has|shows (?:every |all the |classic |clear )?(?:signs|symptoms) of|displays|exhibits|suffers from|meets (?:the |all the )?criteria for|fits the profile of|is a case of|textbook)"
_DIAGNOSE = re.compile(
    rf"\b({_PERSON})(?:'s(?: [\w'’]+){{1,6}}?)?,? (?:{_LINK}) (?:\w+ ){{0,2}}?{_LABEL}\b|"
    rf"\b({_PERSON})(?:'s) (?:obvious |clear |textbook |classic |untreated )?(?:narcissism|psychopathy|sociopathy|paranoia|dementia|mania|delusions|mental illness|instability|personality disorder|cognitive decline)\b|"
    rf"\b(?:diagnos(?:e|ed|ing|is)|armchair diagnosis of) ({_PERSON})\b(?: (?:as|with) {_LABEL})?|"
    rf"\b{_LABEL} (?:like|such as) ({_PERSON})\b|"
    # "Watching Mayor Dunmore's press conferences through the lens of narcissistic personality disorder"
    rf"\b({_PERSON})(?:'s)?\b[^.!?;]{{0,80}}? (?:through|with|in) (?:the )?(?:lens|prism|frame|framework|light) of (?:\w+ ){{0,2}}?{_LABEL}\b|"
    # "The Malignant Narcissism of Donald J. Trump", "the pathology of Senator Voss"
    rf"\b(?i:(?:malignant |obvious |clear |textbook |classic |untreated |covert )?(?:narcissism|psychopathy|sociopathy|paranoia|dementia|"
    rf"mania|mental illness|pathology|personality disorder|cognitive decline) of) ({_PERSON})\b",
)
#: A headline that sets a person's name beside a diagnosis ("Donald Trump: What Malignant Narcissism Looks
#: Like") diagnoses them as plainly as a sentence does; a question or a hedge ("Why we can't diagnose…") does not.
_HEADLINE_LABEL = re.compile(
    r"\b(?:narcissis(?:m|t|tic)|psychopath(?:y|ic)?|sociopath(?:y|ic)?|NPD|BPD|personality disorder|dementia|cognitive decline|mental illness|"
    r"paranoia|pathology|unhinged|deranged|unstable|psychotic|delusional)\b",
    re.I,
)
_HEADLINE_CLASS = re.compile(
    r"\s+(?:parents?|mothers?|fathers?|moms?|mums?|dads?|partners?|spouses?|husbands?|wives|exes|bosses|people|men|women|famil(?:y|ies)|"
    r"friends?|siblings?|abuse|abusers?|relationships?|families)\b",
    re.I,
)
_HEADLINE_HEDGE = re.compile(r"\?|\b(?:why (?:we|I|you)|can(?:no|')t|cannot|shouldn't|should not|won't|don't|do not|never|Goldwater|armchair|"
                             r"stop|not|own words|memoir|opens up|disclos\w*|reveals?|speaks? (?:about|out))\b", re.I)
_OWN_DISCLOSURE = re.compile(
    r"\b(?:(?:has|have|had) (?:spoken|written|talked|posted|been open|been candid)(?: \w+){0,3} (?:about|of) (?:his|her|their) (?:own )?|"
    r"(?:disclosed|revealed|shared|described|announced|wrote about|writes about|talks about|spoke about)(?: publicly| openly)? (?:his|her|their) (?:own )?|"
    r"in (?:his|her|their) (?:own )?(?:memoir|book|autobiography|interview|essay|op-ed|posts?)|(?:his|her|their) (?:own )?(?:memoir|book|autobiography)|"
    r"(?:who|which) (?:lives|lived) with|(?:spoke|speaks|spoken|talked|talks|written|wrote|writes)(?: \w+){0,4} about (?:living with|having|being diagnosed with)|(?:has|had) (?:publicly |openly )?(?:said|stated|confirmed) (?:that )?(?:he|she|they) (?:has|had|lives with))",
    re.I,
)


_CASE_OF = re.compile(rf"\b(?:a |the )?(?:textbook|classic|clear|obvious|perfect|live|real-life|real-world) (?:case|example|picture|illustration|display|portrait) of {_LABEL}", re.I)
_FULL_NAME = re.compile(rf"\b(?:{_OFFICE} [A-Z][a-z]+(?: [A-Z][a-z]+)?|[A-Z][a-z]+ (?:[A-Z]\. )?[A-Z][a-z]{{2,}})\b")


_LATE_LABEL = re.compile(
    rf"\b(?:is|was|'s|seems|remains|has always been)(?:,[^,.;]{{1,40}},)? (?:\w+ ){{0,2}}?(?:a |an )?(?:textbook|classic|clear|obvious|total|complete|real|full-blown|garden-variety)? ?{_LABEL}\b",
    re.I,
)


_ORG_WORDS = {
    "Organization", "Organisation", "Association", "Institute", "Institutes", "Foundation", "Society", "Council", "Center", "Centre",
    "University", "College", "Department", "Agency", "Administration", "Service", "Services", "Alliance", "Network", "Coalition",
    "Project", "Lifeline", "Line", "Clinic", "Hospital", "Program", "Programme", "Board", "Committee", "Commission", "Academy",
    "Trust", "Group", "Office", "Bureau", "Institution", "Press", "Journal", "Review", "Times", "Post", "Health", "Manual",
}
# The Goldwater situation in the clinician's own words: no examination, then an inference.
_AT_A_DISTANCE = re.compile(
    r"\b(?:I(?:'ve| have)? never (?:met|examined|treated|assessed|evaluated|spoken (?:to|with))|I (?:haven't|have not|didn't|did not) "
    r"(?:met|meet|examine|examined|assess|assessed|evaluate|evaluated)|(?:can|could) only go (?:on|by) what(?:'s| is) (?:public|on TV|on camera|in the news)|"
    r"from (?:a|this) distance|(?:without|never) having (?:met|examined))\b",
    re.I,
)
_INFERENCE = re.compile(
    r"\b(?:looks? (?:to me )?(?:very much |a lot )?like|textbook|classic|(?:a |the )?picture of|signs of|hard to miss|I(?:'d| would) (?:say|bet|guess)|"
    r"put money on|consistent with|fits|patterns?|(?:is|are) (?:clearly|obviously)|symptoms? of)\b",
    re.I,
)
_LABEL_RX = re.compile(_LABEL + r"|\b(?:manic|depressive|psychotic) episode\b")


# Anchors (see language.anchored): lower-case strings one of which every match contains.
#: Every _LABEL match contains one of these (each alternative of the label list starts with or is one of them;
#: "narcissist" is in "narcissistic", "unstable" in "mentally unstable").
_LABEL_WORDS = anchor_words((
    "narcissist", "psychopath", "sociopath", "schizophrenic", "bipolar", "manic", "paranoid", "delusional", "psychotic", "borderline",
    "histrionic", "antisocial", "autistic", "spectrum", "demented", "senile", "mentally ill", "unstable", "unhinged", "deranged",
    "depressed", "adhd", "ocd", "ptsd", "npd", "bpd", "dementia", "alzheimer's", "cognitive decline", "personality disorder",
))
_NOUNS_2 = ("narcissism", "psychopathy", "sociopathy", "paranoia", "dementia", "mania", "delusions", "mental illness", "instability",
            "personality disorder", "cognitive decline")
#: _DIAGNOSE: the first, the "lens of" and the last alternatives hold a _LABEL; the second is "'s " + an optional adjective + one
#: of its nouns (spelled out); the third holds "diagnos" ("armchair diagnosis of" too).
_DIAGNOSE_WORDS = _LABEL_WORDS | anchor_words(
    tuple(f"'s {adj}{noun}" for adj in ("", "obvious ", "clear ", "textbook ", "classic ", "untreated ") for noun in _NOUNS_2) + ("diagnos",)
    # the fifth: one of its nouns followed by " of " (any case: headlines are title case)
    + tuple(f"{noun} of " for noun in ("narcissism", "psychopathy", "sociopathy", "paranoia", "dementia", "mania", "mental illness",
                                        "pathology", "personality disorder", "cognitive decline"))
)
#: _CASE_OF: "<adjective> <noun> of " with one space each side of the noun.
_CASE_OF_WORDS = anchor_words(tuple(f" {noun} of " for noun in ("case", "example", "picture", "illustration", "display", "portrait")))
#: _AT_A_DISTANCE, alternative by alternative: " never " (I('ve| have)? never …), haven't / have not / didn't /
#: did not, " only go ", " distance", " having " ((without|never) having).
_DISTANCE_WORDS = anchor_words((" never ", "haven't", "have not", "didn't", "did not", " only go ", " distance", " having "))


def _paras_holding(ctx, words: frozenset):
    """The paragraphs of cc.context(ctx), in order, but those in which no word of `words` starts.

    Exact for a pattern every match of which holds one of `words`: a paragraph is a slice of its
    segment's prose, so such a word starts inside it. Paragraphs of segments the anchor index does
    not know (no sentences) or cannot vouch for (not case-safe) are all kept.
    """
    segs = {}
    for sa in anchor_index(ctx):
        segs[id(sa.seg)] = sa if sa.present is None or not words.isdisjoint(sa.present) else False
    for para in cc.context(ctx):
        sa = segs.get(id(para.seg))
        if sa is False or (sa is not None and not sa.any_in(words, para.start, para.end)):
            continue
        yield para


def _is_org(name: str) -> bool:
    return bool(set(name.split()) & _ORG_WORDS)


def _at_a_distance(post, ctx, public_figure):
    """"I've never met her … this looks very much like a manic episode": a diagnosis from a distance.

    public_figure: a function, asked (once) only when a paragraph speaks from a distance.
    """
    asked = None
    for para in _paras_holding(ctx, _DISTANCE_WORDS):  # the others hold no match of _AT_A_DISTANCE
        if para.specific or para.story >= 0:
            continue
        distance = _AT_A_DISTANCE.search(para.text)
        if not distance:
            continue
        if asked is None:
            asked = bool(public_figure())
        if not asked:
            return
        for m in _LABEL_RX.finditer(para.text):
            window = para.text[max(0, m.start() - 120) : m.start()]
            if not _INFERENCE.search(window) or negated(para.text, m.start(), 30) or is_mention(para.seg, para.abs(m.start()), para.abs(m.end())):
                continue
            yield Hit(para.seg, para.abs(m.start()), para.abs(m.end()), f"\"{m.group(0)}\" is inferred about someone the author says they have never examined")
            break


#: What others have said, reported as theirs ("In the news it has been said that X is a narcissist").
REPORTED = re.compile(
    r"\b(?:it (?:has been|had been|was|is|gets) (?:said|claimed|suggested|reported|alleged|speculated|written)|"
    r"(?:some|many|critics|commentators|the media|media|people|pundits|others|headlines|tabloids|fans) (?:have |had )?(?:said|say|says|claim|claimed|call|called|"
    r"label(?:l)?ed|labels|suggest|suggested|speculate[sd]?|diagnose[sd]?)|(?:in|on|across) (?:the |some |social )?(?:news|media|press|headlines|tabloids)|"
    r"reportedly|according to|was described as|has been described as|was labell?ed|has been labell?ed)\b",
    re.I,
)


def _reported(hit) -> bool:
    """The sentence of the hit reports someone else's label."""
    seg = hit.segment
    if seg is None:
        return False
    text = seg.prose
    a = max(text.rfind(".", 0, hit.offset), text.rfind("\n\n", 0, hit.offset)) + 1
    z = text.find(".", hit.end)
    return REPORTED.search(text[a : z if z != -1 else len(text)]) is not None


def _diagnosing(post, ctx):
    yielded = False
    for hit in _diagnosing_named(post, ctx):
        if _reported(hit):
            continue
        yielded = True
        yield hit
    if not yielded:

        def public_figure() -> bool:
            names = [n.group(0) for seg in post.segments for n in _FULL_NAME.finditer(seg.text) if not _is_org(n.group(0))]
            return bool(re.search(_OFFICE, " ".join(seg.text for seg in post.segments))) or bool(names)

        yield from _at_a_distance(post, ctx, public_figure)


#: Ways a sentence gives a person a diagnosis, hedged or not: the Goldwater rule is about speculation too
#: ("could be suffering from", "possibly manifesting as", "like many people with").
_ASCRIBE = re.compile(
    rf"(?:{_LINK}|(?:could|may|might|must|would|can) (?:well |easily |also )?(?:be|have)(?: been)?|(?:likely|possibly|probably|perhaps|clearly|obviously)"
    r"|struggl\w* with|battl\w*|liv\w* with|suffer\w* (?:from|with)|manifest\w* (?:as|with)|(?:show|display|exhibit)\w* (?:\w+ ){0,2}(?:signs|symptoms|traits) of"
    r"|like (?:many|most|other|so many|all) (?:other )?(?:people|folks|others|men|women|patients|adults|people) (?:with|who have))(?:\s+\w+){0,3}\s*$",
    re.I,
)
_POSSESSED = re.compile(
    r"(?:narcissism|psychopathy|sociopathy|paranoia|dementia|mania|delusions|mental illness|personality disorder|cognitive decline|bipolar disorder|"
    r"narcissistic personality disorder|psychosis|instability)\b",
    re.I,
)
_BREAK = re.compile(r"[;:—–]|\bbut\b|\b(?:who|which|whom|people|someone|anyone|everyone|others|patients|clients|we|you|I|they|them)\b", re.I)
_SEEN = re.compile(r"\b(?:see|sees|saw|seen|seeing|recogni[sz]e[sd]?|spot(?:s|ted)?|witness(?:ed)?|watch(?:ed)?|observe[sd]?)\s+(?:(?:a|an|the|textbook|classic|clear|obvious|"
                   r"full-blown|untreated|raging|signs of|symptoms of|a case of)\s+){0,3}$", re.I)
_FICTION = re.compile(r"\b(?:character|film|movie|novel|series|episode|sitcom|protagonist|villain|portray\w*|played by|fictional|plot)\b", re.I)
_HYPOTHESIS = re.compile(r"\b(?:if|suppose|imagine|hypothetical\w*|whether)\b", re.I)
_PRONOUN = re.compile(r"\b(?:he|she|his|her|him)\b", re.I)
#: A surname that names a condition ("Asperger's syndrome", "Alzheimer's") is not the person.
_EPONYM = re.compile(r"['’]s?\b|\s+(?:syndrome|disease|disorder|scale|test|method)\b", re.I)


def _figures(post, ctx, clinician_words, cited) -> dict:
    """Named people in the post who are not its clinicians, cited authors or clients: alias -> full name
    (the full name, the surname, "President Surname")."""
    story_text = " ".join(p.text for p in cc.context(ctx) if p.story >= 0 or p.specific)
    out: dict[str, str] = {}
    for para in cc.context(ctx):
        # Body prose only: title case makes every pair of words in a heading look like a name.
        if para.kind == "heading" or para.seg.name in ("title", "author", "tags", "category") or para.seg.name.startswith("authors."):
            continue
        people = None
        for n in _FULL_NAME.finditer(para.text):
            name = n.group(0)
            office = re.match(rf"{_OFFICE} ", name)
            words = name[office.end() :].split() if office else name.split()
            if not words or name in out or _is_org(name) or any(w in clinician_words or w in cited for w in words) or name in story_text:
                continue
            if not office:
                if words[0] in cc.NAME_STOP or not all(cc.is_name(w) for w in words) or len(words) < 2:
                    continue
                if _EPONYM.match(para.text, n.end()):
                    continue
                # The language model, reading the whole paragraph, must agree that this is a person.
                if people is None:
                    people = {e.text for _o, doc in nlp.parse(para.text) for e in doc.ents if e.label_ == "PERSON"}
                if not any(name in p or p in name for p in people if len(p.split()) >= 1 and p.split()[-1] == words[-1]):
                    continue
            out[name] = name
            out.setdefault(words[-1], name)
    return out


#: The person said it themselves: "told an interviewer that she has bipolar disorder".
_TOLD = re.compile(r"\b(?:told|tells|said|says|shared|revealed|announced|confirmed|disclosed|posted|wrote|explained)\b[^.!?]{0,60}?\b(?:that )?(?:she|he|they) "
                   r"(?:has|had|have|lives|lived|was diagnosed|were diagnosed|is|was|struggles|struggled)\b", re.I)
_DIAG_PARA_WORDS = _LABEL_WORDS | anchor_words(("narcissism", "psychopathy", "sociopathy", "paranoia", "mania", "delusions", "psychosis", "mental illness"))


def _paras_holding_any(ctx) -> bool:
    return next(iter(_paras_holding(ctx, _DIAG_PARA_WORDS)), None) is not None


def _para_run(ctx, words, alias_rx):
    """The paragraphs that hold a label word, and those that name a figure (they set who "he" is)."""
    keep = {id(p) for p in _paras_holding(ctx, words)}
    for para in cc.context(ctx):
        if id(para) in keep or para.kind == "heading" or alias_rx.search(para.text):
            yield para


def _referred_diagnoses(post, ctx, figures: dict):
    """A label given to a named person, or to "he"/"she" when the paragraph has just named one, in the
    same clause, by a verb of being, having or seeming, hedged or not."""
    if not figures:
        return
    alias_rx = re.compile(r"\b(" + "|".join(sorted(map(re.escape, figures), key=len, reverse=True)) + r")\b(?:['’]s)?")
    title_figure = None
    for seg in post.segments:
        if seg.name == "title":
            found = alias_rx.search(seg.prose)
            title_figure = figures[found.group(1)] if found else None
    last, carried_seg = title_figure, None
    for para in _para_run(ctx, _DIAG_PARA_WORDS, alias_rx):
        if para.specific or para.story >= 0 or _FICTION.search(para.text):
            continue
        # "he" carries on from the paragraph before in the same part of the post, or from the title.
        if para.kind == "heading" or para.seg is not carried_seg:
            last = title_figure if para.kind != "heading" else None
        carried_seg = para.seg
        since = 0  # where the text after the last named figure starts, in this paragraph
        for a, b in para.sentences:
            sent = para.text[a:b]
            mentions = [(m.start(), m.end(), figures[m.group(1)]) for m in alias_rx.finditer(sent)]
            mentions += [(m.start(), m.end(), None) for m in _PRONOUN.finditer(sent)]
            mentions.sort()
            for lab in (*_LABEL_RX.finditer(sent), *_POSSESSED.finditer(sent)):
                before = [x for x in mentions if x[1] <= lab.start()]
                # "Anyone watching saw textbook narcissistic personality disorder on live television": the
                # label is what the writer says one could see in the person the paragraph is about.
                if _SEEN.search(sent[: lab.start()]) and not negated(sent, lab.start(), 60) and not _HYPOTHESIS.search(sent[: lab.start()]):
                    named_here = [x[2] for x in mentions if x[2] is not None]
                    who = named_here[-1] if named_here else (last if before and not OTHER_PERSON.search(para.text, since, a + lab.start()) else None)
                    if who is not None:
                        at = para.start + a + lab.start()
                        yield Hit(para.seg, at, at + len(lab.group(0)), f"\"{lab.group(0)}\" is what the post says can be seen in {who}")
                        break
                if not before:
                    continue
                start, end, who = before[-1]
                if who is None:
                    # "he" stands for the figure only if no one else has come in since ("My father … he had PTSD").
                    named_earlier = [x for x in mentions if x[2] is not None and x[1] <= start]
                    gap = (a + named_earlier[-1][1], a + start) if named_earlier else (since, a + start)
                    who = None if OTHER_PERSON.search(para.text, *gap) else (named_earlier[-1][2] if named_earlier else last)
                if who is None:
                    continue
                between = sent[end : lab.start()]
                possessive = sent[start:end].lower() in ("his", "her") or sent[start:end].endswith(("'s", "’s"))
                if possessive and _POSSESSED.match(sent, lab.start()) and re.fullmatch(r"\s*(?:[\w-]+\s+){0,2}", between):
                    pass
                elif possessive or len(between) > 80 or _BREAK.search(between) or not _ASCRIBE.search(between):
                    continue
                if _HYPOTHESIS.search(sent[: lab.start()]) or negated(sent, lab.start(), 60):
                    continue
                at = para.start + a + lab.start()
                if is_mention(para.seg, at, at + len(lab.group(0))):
                    continue
                yield Hit(para.seg, at, at + len(lab.group(0)), f"\"{lab.group(0)}\" is said of {who}")
                break
            named = [x for x in mentions if x[2] is not None]
            if named:
                last = named[-1][2]
                since = a + named[-1][1]


def _diagnosing_named(post, ctx):
    clinician_words = {w for c in ctx.practice.clinicians for w in c.name.split()}
    cited = ctx.memo("cited", lambda: cc.cited_names(post))
    figures = _figures(post, ctx, clinician_words, cited) if _paras_holding_any(ctx) else {}
    disclosed = None
    for hit in _referred_diagnoses(post, ctx, figures):
        if disclosed is None:
            disclosed = any(_OWN_DISCLOSURE.search(seg.prose) or _TOLD.search(seg.prose) for seg in post.segments)
        yield Hit(hit.segment, hit.offset, hit.end, hit.detail + (" (citing their own public disclosure)" if disclosed else ""),
                  Severity.WARN if disclosed else None)
    # "Senator Harlan Voss, who has spent this month…, is, let's be honest, a textbook sociopath."
    for s, m in anchored(_LATE_LABEL, ctx, _LABEL_WORDS):
        person = _FULL_NAME.search(s.text[: m.start()])
        if not person or (s.para.specific or s.para.story >= 0):
            continue
        words = person.group(0).split()
        if (words[0] in cc.NAME_STOP and not re.match(_OFFICE, person.group(0))) or _is_org(person.group(0)):
            continue
        if any(w in clinician_words or w in cited for w in words):
            continue
        between = s.text[person.end() : m.start()]
        if re.search(r"\b(?:he|she|they|I|we|you|people|someone|this|that|it)\s*$", between.split(",")[0], re.I) and len(between) < 3:
            continue
        if negated(s.text, m.start(), 30) or is_mention(s.seg, s.start + m.start(), s.start + m.end()):
            continue
        if _OWN_DISCLOSURE.search(" ".join(x.text for x in sentences(ctx) if x.para is s.para)):
            yield s.hit(m, f"\"{m.group(0)}\" of {person.group(0)} (citing their own public disclosure)", Severity.WARN)
        else:
            yield s.hit(m, f"\"{m.group(0)}\" is said of {person.group(0)}")
    # "Brandt Okafor … I recognised a textbook case of narcissistic personality
    # disorder": the label lands on the named person across sentences.
    for para in _paras_holding(ctx, _CASE_OF_WORDS):  # the others hold no match of _CASE_OF
        for m in _CASE_OF.finditer(para.text):
            names = [n.group(0) for n in _FULL_NAME.finditer(para.text)
                     if not any(w in clinician_words or w in cited or w in cc.NAME_STOP for w in n.group(0).split()[-1:])
                     and n.group(0).split()[0] not in cc.NAME_STOP and not _is_org(n.group(0))]
            if not names or (para.specific or para.story >= 0):
                continue
            if negated(para.text, m.start(), 40) or _OWN_DISCLOSURE.search(para.text):
                continue
            yield Hit(para.seg, para.abs(m.start()), para.abs(m.end()), f"\"{m.group(0)}\" is said of {names[0]}")
    for para in cc.context(ctx):
        if not (para.kind == "heading" or para.seg.name == "title"):
            continue
        text = para.text
        label = _HEADLINE_LABEL.search(text)
        if label is None or _HEADLINE_HEDGE.search(text):
            continue
        # "Adult Children of Narcissistic Parents", "Healing from Narcissistic Abuse": a kind of person or
        # relationship in general, which title case makes look like a name beside it.
        if _HEADLINE_CLASS.match(text, label.end()):
            continue
        # Title case makes every pair of words look like a name: the model says which is a person. A
        # surname alone ("Trump could be suffering from…") counts when the post gives the full name too.
        full_parts = {w for seg in post.segments for n in _FULL_NAME.finditer(seg.text) for w in n.group(0).split()}
        people = [ent.text for _off, doc in nlp.parse(text.strip()) for ent in doc.ents
                  if ent.label_ == "PERSON" and (len(ent) >= 2 or ent.text in full_parts)]
        people += [w for w in re.findall(r"[A-Z][a-z'’-]+", text) if w in figures and w not in people]
        for name in people:
            words = name.split()
            if _is_org(name) or any(w in clinician_words or w in cited for w in words) or _HEADLINE_LABEL.search(name):
                continue
            yield Hit(para.seg, para.abs(label.start()), para.abs(label.end()), f"the headline sets \"{label.group(0)}\" beside {name}")
            break
    for s, m in anchored(_DIAGNOSE, ctx, _DIAGNOSE_WORDS):
        person = next((g for g in m.groups() if g), "")
        words = person.split()
        if not words or any(w in clinician_words for w in words) or _is_org(person):
            continue
        if words[0] in cc.NAME_STOP and not re.match(rf"{_OFFICE}\b", person) and words[0].lower() not in ("the", "our", "this"):
            continue
        if is_mention(s.seg, s.start + m.start(), s.start + m.end()) or negated(s.text, m.start(), 30):
            continue
        window = " ".join(x.text for x in sentences(ctx) if x.para is s.para)
        if _OWN_DISCLOSURE.search(window):
            yield s.hit(m, f"\"{m.group(0)}\" (citing {person}'s own public disclosure)", Severity.WARN)
        else:
            yield s.hit(m, f"\"{m.group(0)}\"")


_PARTISAN = re.compile(
    r"\b(?i:vote|voting|voted) (?:for|against) [A-Z][a-z]+|\b(?:Democrats|Republicans|the GOP|Dems|Libertarians|Labour|Tories|Conservatives|Liberals|MAGA|the left|the right|leftists|right-wingers|liberals|conservatives) (?:are|have|will|want|keep|always|never|just)\b|"
    r"\b(?:re-?elect|impeach|defeat|elect) (?:[A-Z][a-z]+|the (?:president|governor|senator))\b|\b(?:I|we) (?:endorse|support|oppose|stand with|stand against) (?:candidate |Senator |Governor |President )?[A-Z][a-z]+ (?:for|in)\b",
)


#: _PARTISAN, alternative by alternative: vote/voting/voted for/against; "<party> <verb>" spelled out; elect
#: (re-elect, reelect too)/impeach/defeat; I/we endorse/support/oppose/stand with/stand against.
_PARTISAN_WORDS = anchor_words(
    tuple(f"{v} {p} " for v in ("vote", "voting", "voted") for p in ("for", "against"))
    + tuple(f"{g} {v}" for g in ("democrats", "republicans", "the gop", "dems", "libertarians", "labour", "tories", "conservatives",
                                 "liberals", "maga", "the left", "the right", "leftists", "right-wingers")
            for v in ("are", "have", "will", "want", "keep", "always", "never", "just"))
    + ("elect ", "impeach ", "defeat ")
    + tuple(f"{w} {v} " for w in ("i", "we") for v in ("endorse", "support", "oppose", "stand with", "stand against"))
)


def _partisan(post, ctx):
    for s, m in anchored(_PARTISAN, ctx, _PARTISAN_WORDS):
        if re.search(r"\b(?:election stress|whoever you vote for|regardless of (?:party|politics)|both sides)\b", s.text, re.I):
            continue
        yield s.hit(m, f"\"{m.group(0)}\"")


_EMOJI = r"[\U0001F300-\U0001FAFF\u2600-\u27BF]"
_TONE = re.compile(rf"!{{2,}}|\?!|!\?|(?:{_EMOJI}\ufe0f?\s*){{3,}}|\b(?:[A-Z]{{3,}}[!?.,]*\s+){{2,}}[A-Z]{{3,}}\b")
_ACRONYMS = {"CBT", "DBT", "EMDR", "ADHD", "PTSD", "OCD", "LGBTQ", "HIPAA", "APA", "ACA", "NASW", "AAMFT", "USA", "NAMI", "SAMHSA", "CDC", "NIMH", "DSM", "ICD", "ACT", "IFS", "EFT", "FAQ", "LCSW", "LMFT", "LPC", "PHD", "PSYD", "ERP", "SSRI", "SSRIS", "SNRI", "AND", "THE", "NHS", "WHO", "ASL", "TTY", "ARFID", "BMI", "HOME"}


#: Every _TONE match holds an "!", an emoji or three capitals in a row: sentences without one are skipped.
_TONE_QUICK = re.compile(rf"!|{_EMOJI}|[A-Z]{{3}}")


#: A tighter necessary condition: "!!", "?!", "!?", an emoji, or a run of 3+ capitals then [!?.,]* and white
#: space then 3 capitals (the start of the shouting alternative's second run). It has no anchors or
#: lookarounds, so a text in which it finds nothing has no sentence that holds a _TONE match.
_TONE_NEED = re.compile(rf"!!|\?!|!\?|{_EMOJI}|[A-Z]{{3,}}[!?.,]*\s+[A-Z]{{3}}")
# The same test over a whole segment, quicker: substring tests, an emoji only in a non-ASCII text, and the
# capitals spelled [A-Z][A-Z][A-Z]+ (the same strings as [A-Z]{3,}; the regex engine skips ahead faster).
_EMOJI_RX = re.compile(_EMOJI)
_CAPS_RX = re.compile(r"[A-Z][A-Z][A-Z]+[!?.,]*\s+[A-Z][A-Z][A-Z]")


# The capitals test runs first on a byte copy with each ASCII character replaced by its class: A for
# [A-Z], p for [!?.,], a space for what \s matches, x for the rest and for every byte of a non-ASCII
# character. Capitals are ASCII, so a text without "AAA" in its copy has no run of three. For an ASCII
# text (one byte a character) _Bytes.caps ("AAA+p* +AAA") matches the copy exactly where _CAPS_RX matches the text.
_CLASS_OF = bytes(
    ord("A") if re.fullmatch(r"[A-Z]", chr(c)) else ord("p") if re.fullmatch(r"[!?.,]", chr(c)) else ord(" ") if re.fullmatch(r"\s", chr(c)) else ord("x")
    for c in range(128)
) + b"x" * 128


class _Bytes:
    """The byte patterns (kept apart from the module's text patterns, which tests walk over)."""

    caps = re.compile(rb"AAA+p* +AAA")
    emoji = re.compile(rb"\xf0\x9f|\xe2[\x98-\x9e]")


def _tone_possible(text: str) -> bool:
    """bool(_TONE_NEED.search(text)), on the UTF-8 bytes (ASCII characters are the same bytes there)."""
    utf8 = text.encode("utf-8", "surrogatepass")
    if b"!!" in utf8 or b"?!" in utf8 or b"!?" in utf8:
        return True
    if len(utf8) != len(text):  # not ASCII: maybe an emoji (U+2600-U+27BF start E2 98..E2 9E, U+1F300-U+1FAFF F0 9F)
        if _Bytes.emoji.search(utf8) is not None and _EMOJI_RX.search(text) is not None:
            return True
        return b"AAA" in utf8.translate(_CLASS_OF) and _CAPS_RX.search(text) is not None
    classes = utf8.translate(_CLASS_OF)
    return b"AAA" in classes and _Bytes.caps.search(classes) is not None


def _tone(post, ctx):
    sev = Severity.INFO if ctx.audience == "professionals" else Severity.WARN
    need = {id(seg): _tone_possible(seg.text) for seg in post.segments}
    if not any(need.values()):
        return
    for s in sentences(ctx):
        if not need[id(s.seg)] or not _TONE_NEED.search(s.seg.text, s.start, s.end):
            continue  # (implies _TONE_QUICK finds nothing either)
        for m in _TONE.finditer(s.raw):
            words = re.findall(r"[A-Z]{3,}", m.group(0))
            if words and all(w in _ACRONYMS for w in words):
                continue
            yield s.hit(m, f"\"{m.group(0).strip()}\"", sev)


_MEDS = r"(?:medications?|meds|pills|dose|dosage|doses|prescription|antidepressants?|SSRIs?|SNRIs?|lithium|stimulants?|Adderall|Ritalin|benzos?|benzodiazepines?|antipsychotics?|mood stabili[sz]ers?|sertraline|Zoloft|fluoxetine|Prozac|escitalopram|Lexapro|citalopram|paroxetine|Paxil|venlafaxine|Effexor|bupropion|Wellbutrin|quetiapine|Seroquel|lamotrigine|Lamictal|Xanax|alprazolam|Klonopin|clonazepam|Ativan|lorazepam|sleeping pills|insulin)"
_MED_CHANGE = re.compile(
    rf"\b(?:stop|quit|halve|cut|reduce|lower|decrease|double|increase|raise|skip|taper|wean (?:yourself )?off|go off|come off|get off|switch|ditch|drop|split) (?:\w+ ){{0,4}}?(?:your |the |their |that )?(?:\w+ )?{_MEDS}\b|"
    rf"\b{_MEDS}(?: \w+){{0,3}} (?:in half|by half|down to \d+|up to \d+)\b|"
    rf"\b(?:take|try|start) (?:\w+ ){{0,2}}\d+ ?(?:mg|milligrams) (?:of )?\w+|"
    rf"\b(?:take|try) (?:only )?(?:half|a half|a quarter|double|twice|half of) (?:your|the|their|a) (?:usual |normal |regular |current |prescribed )?(?:dose|dosage|pill|tablet|{_MEDS})\b|"
    # "going down to half a tablet", "dropping back to one pill", "skipping every other dose"
    rf"\b(?:go|goes|going|went|come|coming|drop|dropping|cut|cutting|step|stepping) (?:down|back) (?:to|by) (?:just |only )?(?:half|a half|a quarter|one|two|\d+)"
    rf"(?: (?:of )?(?:a|an|your|the))? (?:\w+ )?(?:dose|dosage|pill|tablet|capsule|mg|milligrams|{_MEDS})\b|"
    rf"\bskip(?:ping)? (?:every )?(?:other|second|alternate) (?:dose|pill|tablet|capsule)s?\b",
    re.I,
)
_PRESCRIBER = re.compile(r"\b(?:prescriber|doctor|psychiatrist|physician|provider|pharmacist|GP|nurse practitioner|clinician|care team|medical team|"
                         r"(?:whoever|(?:the )?(?:person|one|clinician) who) prescribe[sd]?)\b", re.I)
#: The change named as a topic or a decision, not asked for: "the decision to stop, reduce or switch…",
#: "whether to taper". ("Here's how to stop…" in the body is an instruction; a title or heading names a topic.)
_AS_TOPIC = re.compile(r"\b(?:decision|decisions|choice|choices|deciding|decide|whether|question of|thinking about|considering)"
                       r"(?: (?:to|you|safely|about))*(?: [\w-]+,?(?: or| and)?){0,3}\s*$|"
                       # "help you decide when, if ever, it's the right time to reduce…": the question, not an instruction
                       r"\b(?:decide|deciding|decision|choose|choosing|figure out|work out|weigh(?:ing)?) (?:together )?(?:when|whether|if|how)\b[^.;!?]{0,60}$", re.I)
#: Texts that are names, not sentences: the slug, tags, the category.
_NOT_SENTENCES = ("slug", "tags", "category")


def _med_topic(s, m) -> bool:
    """A title, heading or name that announces the subject, or a clause naming the change as a decision."""
    if s.seg.name in _NOT_SENTENCES or s.seg.name.startswith("tags"):
        return True
    if (s.para.kind == "heading" or s.seg.name == "title") and not re.match(r"\s*(?:stop|quit|ditch|drop|halve|cut)\b", s.text, re.I):
        return True
    return bool(_AS_TOPIC.search(s.text[: m.start()]))
_WITHOUT_PRESCRIBER = re.compile(r"\b(?:without|instead of|rather than|no need to|don't need to|do not need to|before you can|skip) (?:\w+ ){0,3}(?:talking to|asking|waiting for|checking with|calling|seeing|an appointment|a visit|your (?:prescriber|doctor|psychiatrist|provider))", re.I)
_NEVER_WITHOUT = re.compile(
    r"\b(?:never|don't|do not|shouldn't|should not|must not|mustn't|please don't)\b[^.!?]*\bwithout (?:first )?(?:talking|speaking|checking|asking|consulting|a conversation|a plan)",
    re.I,
)
_RELATIONSHIP_ADVICE = re.compile(
    r"\b(?:you (?:probably|definitely|clearly|likely|almost certainly) have (?:ADHD|depression|bipolar disorder|an anxiety disorder|PTSD|OCD|BPD|autism|an eating disorder)|"
    r"(?:based on|from) what you(?:'ve| have)? (?:described|told me|written|shared)|"
    r"(?:my|our) (?:advice|recommendation|prescription) (?:for|to) you (?:is|would be)|"
    r"you should (?:leave|divorce|break up with|cut off|confront) (?:him|her|them|your)\b)",
    re.I,
)


# An instruction: at the start of a clause, or after "just", "you can", "then"…
_STOP_IT = re.compile(
    r"(?:^|[,;:]\s*|\b(?:you should|you can|you could|just|simply|go ahead and|feel free to|try to|it's fine to|it is fine to|it's okay to|then|and)\s+)"
    r"(?:stop|quit|halve|cut back on|cut down on|taper|drop|skip|ditch|come off|go off|wean (?:yourself )?off) (?:taking )?(?:it|them|that|those)\b",
    re.I,
)
_MEDS_RX = re.compile(rf"\b{_MEDS}\b|\b(?:lorazepam|diazepam|zolpidem|Ambien|trazodone|melatonin|gabapentin|hydroxyzine|mirtazapine|Remeron|opioids?|painkillers?)\b", re.I)


_BETTER_OFF = re.compile(
    r"\b(?:better off|should|could|would do better|need to|ought to|might as well)\b[^.;]{0,40}?\b(?:ditch|stop|quit|drop|come off|get off|go off|taper off)(?:ped|ed|ing|s)? (?:it|them|taking|their|your|the)\b",
    re.I,
)


#: Every _MEDS match holds one of these ("dose" is in doses, "benzo" in benzodiazepines, "citalopram" in
#: escitalopram, "pills" in sleeping pills); _MEDS_RX adds its own names.
_MEDS_WORDS = (
    "medication", "meds", "pills", "dose", "dosage", "prescription", "antidepressant", "ssri", "snri", "lithium", "stimulant", "adderall",
    "ritalin", "benzo", "antipsychotic", "mood stabili", "sertraline", "zoloft", "fluoxetine", "prozac", "lexapro", "citalopram",
    "paroxetine", "paxil", "venlafaxine", "effexor", "bupropion", "wellbutrin", "quetiapine", "seroquel", "lamotrigine", "lamictal",
    "xanax", "alprazolam", "klonopin", "clonazepam", "ativan", "lorazepam", "insulin",
)
_MEDS_RX_WORDS = anchor_words(_MEDS_WORDS + ("diazepam", "zolpidem", "ambien", "trazodone", "melatonin", "gabapentin", "hydroxyzine",
                                              "mirtazapine", "remeron", "opioid", "painkiller"))
#: _BETTER_OFF and _STOP_IT matches are kept only in a sentence _MEDS_RX matches (the second group); each
#: holds one of its verbs (the first group; "wean" for "wean (yourself )?off").
_BETTER_OFF_VERBS = anchor_words(("ditch", "stop", "quit", "drop", "come off", "get off", "go off", "taper off"))
_STOP_IT_VERBS = anchor_words(("stop", "quit", "halve", "cut back on", "cut down on", "taper", "drop", "skip", "ditch", "come off", "go off",
                               "wean"))
#: _MED_CHANGE: the first two alternatives hold a _MEDS name; the third "mg" or "milligrams"; the fourth
#: "dose", "dosage", "pill", "tablet" or a _MEDS name.
_MED_CHANGE_WORDS = anchor_words(_MEDS_WORDS + ("mg", "milligrams", "pill", "tablet", "dose", "capsule"))
#: _RELATIONSHIP_ADVICE, alternative by alternative: "<adverb> have "; "what you"; "<advice word> for/to you";
#: "you should ".
_RELATIONSHIP_WORDS = anchor_words(
    ("probably have ", "definitely have ", "clearly have ", "likely have ", "certainly have ", "what you")
    + tuple(f"{a} {p} you" for a in ("advice", "recommendation", "prescription") for p in ("for", "to"))
    + ("you should ",)
)


_DESCRIBED = re.compile(
    r"(?:\b(?:can|could|may|might|will|would|tends? to|often|also|sometimes|usually)\s+(?:also\s+|even\s+|sometimes\s+)?|"
    r"\b(?:tempting|easy|common|natural|understandable|normal|human|usual)\s+(?:for\s+\w+\s+)?to\s+)$",
    re.I,
)
_DEFER = re.compile(
    r"\b(?:with|to|ask|asking|talk to|talking to|check with|checking with|speak (?:to|with)|call|plan (?:it )?with) (?:your|the|their) "
    r"(?:prescriber|doctor|psychiatrist|GP|provider|pharmacist|nurse practitioner|care team|person who prescribed)",
    re.I,
)


def _clinical_advice(post, ctx):
    for s, m in anchored(_BETTER_OFF, ctx, _BETTER_OFF_VERBS, _MEDS_RX_WORDS):
        if _med_topic(s, m):
            continue
        if _MEDS_RX.search(s.text) and not negated(s.text, m.start(), 30) and not (_PRESCRIBER.search(s.text) and not _WITHOUT_PRESCRIBER.search(s.text)):
            yield s.hit(m, f"\"{m.group(0)}\" tells readers to change their medication", Severity.BLOCK)
    for s, m in anchored(_STOP_IT, ctx, _STOP_IT_VERBS, _MEDS_RX_WORDS):
        if _med_topic(s, m):
            continue
        if _MEDS_RX.search(s.text) and not negated(s.text, m.start(), 50) and not (
            _PRESCRIBER.search(s.text) and not _WITHOUT_PRESCRIBER.search(s.text)
        ):
            yield s.hit(m, f"\"{m.group(0)}\" tells readers to change their medication", Severity.BLOCK)
    for s, m in anchored(_MED_CHANGE, ctx, _MED_CHANGE_WORDS):
        if negated(s.text, m.start(), 50) and not _WITHOUT_PRESCRIBER.search(s.text):
            continue
        if _med_topic(s, m):
            continue
        # "Never change a dose … without talking to your prescriber": the safe rule, said twice over.
        # "Nothing here is advice to stop…": a disclaimer.
        if _NEVER_WITHOUT.search(s.text) or re.search(r"\b(?:nothing|none|no part|no post|no content)\b", s.text[: m.start()], re.I):
            continue
        # "Can I stop my antidepressant?": a reader's question, answered below, tells no one anything.
        if s.text.rstrip(" *_\"”'’)").endswith("?"):
            continue
        if _PRESCRIBER.search(s.text) and not _WITHOUT_PRESCRIBER.search(s.text):
            continue
        if re.search(r"\b(?:some people|many people|people often|patients sometimes|if your prescriber|studies|research|trial|participants)\b", s.text, re.I) and not re.search(r"\byou(?:r)?\b", s.text, re.I):
            continue
        before = s.text[: m.start()]
        # What something else does to a level ("some water tablets can raise lithium levels"), or
        # what is tempting ("it is tempting to skip a dose"): a description, not an instruction.
        if _DESCRIBED.search(before) and not re.search(r"\b(?:you|I|we)\s+(?:\w+\s+)?$", before, re.I):
            continue
        clause = re.split(r"[.;:!?]", before)[-1]
        # What other people do ("they feel a side effect and cut the dose by themselves"), or a reader's own
        # wish ("I want to quit my antidepressants. How?"): an account, not an instruction to readers.
        if re.search(r"\b(?:they|he|she|people|patients|clients|someone|a person|many|some|others)\b"
                     r"(?![^,]*\b(?:tell|ask|have|let|get|make|help|encourage|advise|can|could|may|might|should|ought|need|safely|just)\b)[^,]{0,60}$",
                     clause, re.I) and not re.search(
            r"\byou(?:r)?\b", clause, re.I
        ):
            continue
        if re.search(r"\b(?:I(?:'d| would)? (?:want|wish|would like|'d like|need|am trying|'m trying|plan|hope|decided)|(?:can|should|could|may) I)\s+(?:to\s+)?$", before, re.I):
            continue
        # The next words hand the decision to the prescriber ("Any change is a decision to make with
        # the person who prescribed it").
        after = s.seg.prose[s.start + len(s.text) : s.start + len(s.text) + 250]
        if _DEFER.search(after) and not _WITHOUT_PRESCRIBER.search(after):
            continue
        yield s.hit(m, f"\"{m.group(0)}\" tells readers to change their medication", Severity.BLOCK)
    for s, m in anchored(_RELATIONSHIP_ADVICE, ctx, _RELATIONSHIP_WORDS):
        if negated(s.text, m.start(), 40):
            continue
        yield s.hit(m, f"\"{m.group(0)}\"", Severity.WARN)


_MYTHS = re.compile(
    r"\b(?:asking (?:someone |people |them )?(?:about|if they(?:'re| are) (?:thinking about|considering)) suicide (?:will |can |might )?(?:put|plant|give)s? (?:the |them the )?idea|"
    r"people who talk about suicide (?:won't|don't|never|rarely) (?:do it|act|go through)|"
    r"suicide (?:always |usually |often )?happens without warning|"
    r"(?:depression|mental illness|anxiety|therapy) is (?:just |a sign of |only for the )?(?:weakness|weak|laziness|a choice|a character flaw)|"
    r"schizophrenia (?:means|is) (?:having )?(?:a )?(?:split|multiple|dual) personalit(?:y|ies)|"
    r"ADHD is (?:caused by|just|only) (?:bad parenting|sugar|laziness|an excuse)|vaccines cause autism|"
    r"eating disorders are (?:a choice|about vanity|just a phase)|only (?:young |teenage )?(?:white )?(?:girls|women) get eating disorders|"
    r"(?:people|you) (?:can't|cannot|never) recover from (?:mental illness|schizophrenia|bipolar disorder|an eating disorder|addiction)|"
    r"therapy is (?:only )?for (?:crazy|weak|broken) people|(?:bipolar disorder|bipolar) (?:just )?means (?:mood swings|moody)|"
    r"PTSD (?:only )?(?:happens|affects) (?:only )?(?:to )?(?:soldiers|veterans)|antidepressants (?:change your personality|are addictive|turn you into a zombie))\b",
    re.I,
)


#: _MYTHS, alternative by alternative (see the pattern): each holds one of these (" suicide " in the first,
#: with a space each side; "crazy/weak/broken people" in "therapy is for … people").
_MYTH_WORDS = anchor_words((
    " suicide ", "people who talk about suicide ", "happens without warning", "weak", "laziness", "a choice", "character flaw",
    "personalit", "adhd is ", "vaccines cause autism", "eating disorders are ", " get eating disorders", " recover from ",
    "crazy people", "broken people", "means mood", "soldiers", "veterans", "antidepressants ",
))


def _myth(post, ctx):
    for s, m in anchored(_MYTHS, ctx, _MYTH_WORDS):
        if negated(s.text, m.start(), 60) or re.search(r"\b(?:myth|misconception|not true|false|untrue|belief|worr(?:y|ied|ies)|fears?|afraid|concerns?|concerned|assume|people (?:think|believe|say)|it's said|actually|in fact)\b", s.text, re.I):
            continue
        if is_mention(s.seg, s.start + m.start(), s.start + m.end()):
            continue
        yield s.hit(m, f"\"{m.group(0)}\" is a myth stated as fact")


def rules() -> list[Rule]:
    return [
        Rule("B601", "diagnosing-public-figure", Severity.BLOCK,
             "A named person is given a diagnosis",
             "Offering a professional opinion about someone you have not examined is unethical (the Goldwater Rule; APA 9.01(b)) and stigmatises the diagnosis.",
             "Discuss the behaviour or the topic in general; do not attach diagnoses to named people or office-holders.",
             SRC, _diagnosing,
             good=(Example(P.replace("title: \"A post\"", "title: \"Adult Children of Narcissistic Parents\"") + "Growing up with a parent who needed constant admiration leaves marks.\n"),
                  Example(P + "Reading Governor Pell's speeches through the lens of attachment theory was illuminating.\n"),
                  Example(P + "Narcissistic traits at work can be exhausting to deal with.\n"),
                   Example(P + "Kay Redfield Jamison has written about her own bipolar disorder in her memoir.\n"),
                   Example(P + "The World Health Organization has listed OCD among the most disabling conditions.\n"),
                   Example(P + "# Why we won't diagnose Harlan Voss from a distance\n\nThe Goldwater rule exists for good reasons.\n"),
                   Example(P + "For years Asperger's was a separate diagnosis on the autism spectrum, named for Hans Asperger.\n"),
                   Example(P + "Senator Harlan Voss spoke about veterans on Tuesday. My father was a veteran, and he had PTSD for forty years.\n"),
                   Example(P + "Senator Harlan Voss spoke about veterans on Tuesday.\n\nMy father served too. He had PTSD for forty years.\n")),
             bad=(Example(P + "Reading Governor Pell's speeches through the lens of narcissistic personality disorder explains a lot.\n"),
                  Example(P + "Governor Ellison is a textbook narcissist.\n"),
                  Example(P + "# Harlan Voss: What Malignant Narcissism Looks Like\n\nA look at the candidate's week.\n"),
                  Example(P + "This week showed the untreated paranoia of Harlan Voss once again.\n"),
                  Example(P + "Senator Harlan Voss spoke for an hour on Tuesday. Frankly, he could well be a malignant narcissist.\n"),
                  Example(P + "Senator Wade Corliss spoke at the hearing.\n\nAnyone who watched him at that microphone saw textbook narcissistic personality disorder.\n"),
                  Example(P + "The singer Mara Quell, who has spoken openly in interviews about living with bipolar disorder, talked about her "
                              "medication on a late-night show. She is bipolar and proud of it, she said.\n", severity=Severity.WARN),
                  Example(P + "Coach Rhea Dunmore's sideline outbursts look a lot like untreated bipolar disorder.\n"),
                  Example(P + "Pop star Lina Marquez was everywhere this week.\n\nI've never met her and can only go on what's public, "
                          "but this looks very much like a manic episode.\n"))),
        Rule("B602", "partisan-statement", Severity.WARN,
             "A partisan political statement",
             "Clients of every political view need to feel welcome; endorsing or attacking parties or candidates can drive them away (APA 5.04; ACA C.6.c).",
             "Write about the mental-health topic (e.g. election stress) without taking sides.",
             SRC, _partisan,
             good=(Example(P + "Whoever you vote for, election stress is real.\n"),),
             bad=(Example(P + "Vote for Harlan in November.\n"),)),
        Rule("B603", "unprofessional-tone", Severity.WARN,
             "Unprofessional tone (!!, emoji runs, shouting)",
             "A measured tone signals safety and professionalism to readers who may be in distress (APA 5.04).",
             "Use one exclamation mark at most, words instead of emoji runs, normal case.",
             SRC, _tone,
             good=(Example(P + "We are glad to welcome Marcus to the practice.\n"),),
             bad=(Example(P + "We are SO EXCITED TO ANNOUNCE this!!\n"),)),
        Rule("B604", "individual-clinical-advice", Severity.WARN,
             "Advice that implies a treatment relationship, or tells readers to change medication",
             "A blog cannot assess a reader; telling readers to stop or change medication can cause withdrawal, relapse or worse (APA 5.04; ACA C.6.c).",
             "Give general information and say: talk to your prescriber before changing any medication.",
             SRC, _clinical_advice,
             good=(Example(P + "Part of our role is to help you decide when, if ever, it is the right time to reduce or stop your medication.\n"),
                  Example(P + "Never stop an antidepressant suddenly; talk to your prescriber about any change.\n"),
                   Example(P + "It is tempting to skip a dose on a queasy morning. Any change is a decision to make with your prescriber.\n"),
                   Example(P + "Some common painkillers can raise lithium levels, so tell every doctor you see that you take it.\n"),
                   Example(P + "Often people feel a side effect and cut the dose by themselves. Please talk to your prescriber first.\n"),
                   Example(P + "## I want to quit my antidepressants. How?\n\nStart with your prescriber: together you can plan a slow taper.\n"),
                   Example(P.replace("title: \"A post\"", "title: \"How to safely stop an antidepressant\"") + "Any change is a decision to make with the doctor who prescribed it.\n"),
                   Example(P + "The decision to stop, reduce or switch an antidepressant belongs in a conversation with whoever prescribes it.\n")),
             bad=(Example(P + "If you feel flat, halve your SSRI dose without waiting for an appointment.\n", severity=Severity.BLOCK),
                  Example(P + "Based on what you've described, you probably have ADHD.\n"),
                  Example(P + "If your teen wants to stop, tell them to halve the dose of their medication for a week.\n", severity=Severity.BLOCK),
                  Example(P + "Plenty of people in your position find that going down to half a tablet for a fortnight takes the edge off.\n", severity=Severity.BLOCK),
                  Example(P + "Here's how to stop your antidepressant quickly without bothering your doctor.\n", severity=Severity.BLOCK))),
        Rule("B605", "myth", Severity.WARN,
             "A mental-health myth stated as fact",
             "Myths about suicide and mental illness stop people from asking for or giving help (reportingonsuicide.org; NAMI).",
             "Correct the myth, or frame it as a myth.",
             SRC + "; NAMI; reportingonsuicide.org", _myth,
             good=(Example(P + "It's a myth that asking about suicide plants the idea.\n"),),
             bad=(Example(P + "Asking someone about suicide can plant the idea.\n"),)),
    ]
