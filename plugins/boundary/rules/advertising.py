"""B5 — advertising (APA 5.01, 5.02, 5.05, 5.06; ACA C.3, C.4.a; NASW 4.06(c), 4.07(b); FTC).

Credentials are compared with the practice settings, so a clinician's own,
correct titles never trip B505, and any title the settings do not list does.
"""

from __future__ import annotations

import re

from .. import clientctx as cc
from ..model import Example, Hit, Rule, Severity
from ..prefilter import can_match
from .common import CLIENT_ACCOUNTS, OTHERS_PROMISE, is_mention, negated, scan

SRC = "APA Ethics Code 5.01, 5.05, 5.06; ACA Code C.3, C.4.a; NASW Code 4.06(c), 4.07(b); FTC Act §5"
P = "---\ntitle: \"A post\"\ndate: 2025-03-04\nsummary: \"A summary.\"\naudience: public\nrisk: low\n---\n\n"

_GUARANTEE = re.compile(
    r"\bguarantee[sd]?\b(?! of confidentiality)|\bmoney[- ]back\b|\b(?:full |complete )?refund (?:if|unless)\b|"
    r"\b(?:cure[sd]?|curing) (?:your |my |the |their |of )?(?:anxiety|depression|panic|PTSD|trauma|OCD|insomnia|addiction|phobias?|fears?|grief|ADHD|bipolar|"
    r"bulimia|anorexia|binge[- ]eating|eating disorders?|alcoholism|burnout|stress|it)\b|"
    r"\b(?:a|the|permanent|lasting|complete|total|fast|quick|natural|real|proven|only|simple|easy|miracle|drug-free) cure\b|"
    r"\b(?:anxiety|depression|panic|PTSD|trauma|OCD|insomnia|addiction|phobias?|bulimia|anorexia|eating disorders?) (?:is|are) (?:completely |fully |100% )?curable\b|"
    r"\bwill (?:remove|eliminate|erase|banish|get rid of) (?:your |the |their )?(?:anxiety|depression|panic|trauma|fears?|phobias?|insomnia|OCD|PTSD)\b|\b100 ?% (?:success|effective|guaranteed|results|of (?:clients|patients))|"
    r"\b(?:never|no longer|won't ever) (?:feel|be|have) (?:anxious|anxiety|depressed|panic|afraid|sad|a panic attack) again\b|"
    r"\b(?:eliminate|end|erase|get rid of|banish) (?:your )?(?:anxiety|depression|panic|trauma|fears?|phobias?)(?: \w+){0,2} (?:for good|forever|permanently|completely|once and for all)\b|"
    r"\b(?:results|relief|improvement|success) (?:are |is )?(?:guaranteed|assured|certain)\b|"
    r"\bfree (?:program|sessions?|month|course)(?: \w+){0,4} (?:if|unless) (?:you(?:'re| are)? )?(?:not|don't|aren't|do not)\b|"
    r"\byou(?:'ll| will) (?:be |finally be |never again be )?(?:free (?:of|from)|cured of|rid of|over your|panic-free|anxiety-free)\b|"
    # "panic can be cured for good"
    r"\b(?:can|will|could) (?:\w+ )?be cured (?:for good|forever|permanently|completely|once and for all|for life)\b|"
    # "finish all twelve weeks and you'll walk out of here free of alcohol for good"
    r"\byou(?:'ll| will)\b[^.;!?]{0,40}?\b(?:free (?:of|from) \w+|cured|sober|clean|symptom-free|(?:anxiety|panic|depression)-free) (?:for good|forever|permanently|for life|once and for all)\b|"
    r"\b(?:at no (?:charge|cost)|for free|free of charge)\b[^.]{0,40}\buntil you(?:'re| are)\b|"
    r"\bif (?:you(?:'re| are)|it(?:'s| is)) not(?:,| (?:better|cured|free|fixed)),? (?:we|I)(?:'ll| will) (?:keep working|refund|give you|continue) ",
    re.I,
)


#: "Can depression be cured? Absolutely, it can!": the question answered yes (two sentences).
_CONDITION = re.compile(r"\b(?:anxiety|depression|panic|ptsd|trauma|ocd|insomnia|addiction|phobias?|fears?|grief|adhd|bipolar|bulimia|anorexia|binge[- ]eating|"
                        r"eating disorders?|alcoholism|burnout)\b")
_CURED_YES = re.compile(r"\b(?:can|is|are) (?:[\w-]+ ){1,3}(?:be )?cur(?:ed|able)\?[\s*_]*(?:yes|absolutely|of course|definitely|it can|they can|certainly)\b", re.I)


def _guarantee(post, ctx):
    for para in cc.context(ctx):
        m = _CURED_YES.search(para.text) if "cur" in para.low else None
        if m and not negated(para.text, m.start(), 40):
            yield Hit(para.seg, para.abs(m.start()), para.abs(m.end()), f"\"{m.group(0)}\"")
    for s, m in scan(_GUARANTEE, ctx):
        if negated(s.text, m.start(), 60) or re.search(r"\b(?:no (?:therapist|one|treatment)|none of|nothing|unethical|irresponsible|misleading|disallowed|not allowed|prohibited|forbidden|"
                     r"asked (?:me )?(?:if|whether|about|for)|asks (?:me )?(?:if|whether|about|for)|cannot|can't|isn't|is not|aren't)\b", s.text, re.I) or OTHERS_PROMISE.search(s.text):
            continue
        if is_mention(s.seg, s.start + m.start(), s.start + m.end()):
            continue
        # "I guarantee a good therapist is worth every penny": a guarantee counts when what it
        # guarantees is an outcome of care.
        # "a cure for Monday mornings", "I guarantee you'll want a second cup": idioms, not claims.
        word = m.group(0).lower()
        # The clause the promise is in ("It will not fix your inbox, but it is guaranteed to…").
        a = max((b.end() for b in _CLAUSE_END.finditer(s.text, 0, m.start())), default=0)
        z = next((b.start() for b in _CLAUSE_END.finditer(s.text, m.end())), len(s.text))
        rest = s.text[a : m.start()] + " " + s.text[m.end() : z]
        if ("guarantee" in word or "cure" in word) and not ("money" in word or "refund" in word or "100" in word) and not _OUTCOME.search(rest) \
                and not _CONDITION.search(word):
            continue
        # "sold as a cure for everything": someone else's claim, reported.
        if re.search(r"\b(?:sold|marketed|touted|billed|pitched|hyped|advertised|promoted|dressed up) as\b", s.text[: m.start()], re.I):
            continue
        # "It would be ideal if therapists could guarantee their work! Unfortunately, it's not possible."
        if _WISHED.search(s.text[: m.start()]):
            continue
        # A title or heading naming the subject ("Guarantee of work") of a post that says no one can give one.
        if (s.seg.name == "title" or s.para.kind == "heading") and _denies_guarantee(post, ctx):
            continue
        yield s.hit(m, f"\"{m.group(0)}\"")


_WISHED = re.compile(r"\b(?:would (?:be|have been) (?:ideal|nice|great|wonderful|lovely|easier)|if only|I wish|we wish|(?:people|clients|many|some) wish|"
                     r"wouldn't it be|would it not be)\b[^.!?]*$", re.I)
_DENIAL = re.compile(r"\b(?:can(?:no|')t|could not|couldn't|no one can|nobody can|impossible to|not possible to|never) (?:\w+ ){0,2}guarantee|"
                     r"\bno guarantees?\b|\bguarantee\w*[^.!?]{0,80}[.!?]\s*(?:\w+,\s*)?(?:it['’‘]s|that['’‘]s|this is) (?:simply |just )?(?:not possible|impossible)", re.I)


def _denies_guarantee(post, ctx) -> bool:
    return ctx.memo("advertising:denies_guarantee", lambda: any(_DENIAL.search(seg.prose) for seg in post.segments if seg.is_body))


_CLAUSE_END = re.compile(r"[;:]|\bbut\b|\byet\b|\bthough\b|\bwhile\b", re.I)
#: What a promise is about when it is about the outcome of care.
_OUTCOME = re.compile(
    r"\b(?:results?|better|improv\w*|recover\w*|relief|success\w*|cur(?:e|ed|es)|work(?:s|ed)?|fix\w*|free (?:of|from)|symptoms?|anxiety|depression|panic|"
    r"trauma|grief|insomnia|OCD|PTSD|phobias?|addiction|ADHD|bipolar|fears?|worry|worries|stress|sleep (?:better|through|soundly|well)|calmer|relax\w*|"
    r"feel (?:better|calmer|happier|free|well|normal|like yourself)|change your life|outcomes?|progress|heal\w*|happier|sav(?:e|ed|es) (?:your|the|a) "
    r"(?:marriage|relationship)|sessions? (?:or|and)|satisf\w*)\b",
    re.I,
)


_CLAIM = re.compile(
    r"\b(?:research|science|studies|evidence|data) (?:proves?|has proven|shows? conclusively|confirms?)\b|"
    r"\b\d{1,3} ?% (?:of (?:my |our )?(?:clients|patients|people)(?: \w+){0,3} )?(?:recover|improve|get better|see (?:results|improvement)|report|are cured|success)|"
    r"\b(?:success rate|recovery rate|cure rate)s?(?: of)? \d|\b\d{1,3} ?% (?:success|recovery|cure) rate\b",
    re.I,
)
_CITATION = re.compile(r"\((?:[^()]*\b(?:19|20)\d\d[a-z]?)\)|\bet al\.|\b(?:19|20)\d\d\b.{0,40}\b(?:study|trial|review|meta-analysis)\b|\bdoi\b|https?://|\baccording to\b|\b[A-Z][a-z]+ (?:and|&) [A-Z][a-z]+ \(|\bpublished in\b|\bjournal\b", re.I)


def _unsubstantiated(post, ctx):
    for s, m in scan(_CLAIM, ctx):
        if _CITATION.search(s.raw) or _CITATION.search(s.para.seg.text[s.para.start : s.para.end]):
            continue
        yield s.hit(m, f"\"{m.group(0)}\" has no source")


_SOLICIT = re.compile(
    r"\b(?:leav(?:e|ing)|writ(?:e|ing)|post(?:ing)?|giv(?:e|ing)|shar(?:e|ing)|drop(?:ping)?|submit(?:ting)?)(?: \w+){0,2} (?:a |an |us a |me a |your )?(?:\w+ )?(?:review|reviews|rating|testimonial|recommendation|stars?)\b|"
    r"\b(?:review|rate|recommend) (?:us|me|our practice|my practice)\b|"
    r"\b(?:reviews?|ratings?) (?:on|at) (?:Google|Yelp|Psychology Today|Healthgrades|Zocdoc|Facebook)\b(?=[^.!?]*\b(?:please|would|could|help|appreciate|means|love)\b)|"
    r"\b(?:tell|let) (?:others|other people|your friends|people) (?:know )?(?:about|how) (?:your )?(?:experience|work|time) (?:with|in) (?:me|us|our)\b|"
    # Words about one's experience put on the practice's listing or profile.
    r"\b(?:words?|sentences?|lines?|note|experience|story|feedback|thoughts)\b[^.!?\n]{0,60}?\bon (?:our|my) (?:\w+ ){0,3}(?:listing|profile|page|directory)\b|"
    r"\bshar(?:e|ing) (?:that|this|it|your (?:experience|story)) (?:online|publicly|on (?:Google|Yelp|Facebook|social media))\b|"
    r"\blinks? to (?:our|my) review (?:pages?|sites?|profiles?)\b",
    re.I,
)


_BASE_VERBS = {"leave", "write", "post", "give", "share", "drop", "submit", "review", "rate", "recommend", "tell", "let"}
_REQUEST = re.compile(
    r"\b(?:please|would you|could you|will you|can you|consider (?:leaving|writing|posting|giving|sharing|dropping|submitting|rating|reviewing|adding)|we'd love|we would love|I'd love|I would love|we'd appreciate|we would appreciate|"
    r"it would mean|it means a lot|help us|help others find|take (?:a|one|two|a few|five) (?:minutes?|moments?|seconds?)|don't forget|feel free|grateful if|if you would|"
    r"if you(?:'ve| have) (?:enjoyed|found|benefited)|if (?:our|my|the) (?:work|time|sessions?)(?: together)? (?:has|have) |"
    r"helps? (?:other )?(?:people|others|someone|families) (?:who|find|like)|it only takes)",
    re.I,
)


#: "Leave a few words of your own", "share a line or two": a review asked for without the word, where the
#: paragraph (its link addresses included) shows that a review is meant.
_SOLICIT_WORDS = re.compile(
    r"\b(?:leav(?:e|ing)|writ(?:e|ing)|post(?:ing)?|shar(?:e|ing)|drop(?:ping)?|send(?:ing)?|add(?:ing)?)(?: \w+){0,3} "
    r"(?:words?|lines?|note|thoughts|feedback|sentences?)\b",
    re.I,
)
_REVIEW_PLACE = re.compile(r"review|rating|testimonial|google|yelp|healthgrades|zocdoc|psychologytoday|psychology today|stars?\b", re.I)


def _solicitation(post, ctx):
    for s, m in scan(_SOLICIT_WORDS, ctx):
        raw = s.para.seg.text[s.para.start : s.para.end]
        if not _REVIEW_PLACE.search(raw) or negated(s.text, m.start(), 80) or not _REQUEST.search(s.text):
            continue
        if re.search(r"\b(?:never|won't|will not|don't|do not)\b", s.text, re.I) or is_mention(s.seg, s.start + m.start(), s.start + m.end()):
            continue
        yield s.hit(m, f"\"{m.group(0)}\" (a review, by the link or words around it)")
    for s, m in scan(_SOLICIT, ctx):
        if negated(s.text, m.start(), 80) or re.search(r"\b(?:never|won't|will not|don't|do not)\b", s.text, re.I):
            continue
        # A request, not a description: "please leave a review", "Leave us a review!"
        # ("If you leave a review anyway, we won't reply" asks for nothing).
        first = m.group(0).split()[0].lower()
        imperative = first in _BASE_VERBS and s.text.lstrip(" *-").lower().startswith(first)
        if not (imperative or _REQUEST.search(s.text)):
            continue
        if is_mention(s.seg, s.start + m.start(), s.start + m.end()):
            continue
        yield s.hit(m, f"\"{m.group(0)}\"")


_TESTIMONIAL_HEADING = re.compile(
    r"\b(?:testimonials?|kind words|what (?:my |our )?(?:clients|patients|people|families|couples) (?:say|are saying|have said)|success stories|"
    r"(?:client|patient) (?:reviews|stories|feedback|praise)|(?:reviews|praise|words|notes|thanks) from (?:our |my )?(?:clients|patients|families))\b",
    re.I,
)
_ATTRIBUTED_PRAISE = re.compile(
    r"[\"“][^\"”]{12,}[\"”]\s*(?:[—–-]{1,2}|,)\s*(?:[A-Z]\.(?: ?[A-Z]\.)?(?! ?[A-Z][a-z])|[A-Z][a-z]+ [A-Z]\.(?! ?[A-Z][a-z])|(?:a |an |one )?(?:[A-Z][\w'-]+ ){0,3}(?:former |past |happy |grateful |satisfied |current )?(?:client|patient|couple|parent|mom|dad|veteran|(?:group |workshop |program(?:me)? )?(?:member|participant|attendee|graduate))s?\b|[A-Z][a-z]+,? (?:age )?\d{2}\b)",
)
#: The speaker named before the words ("Former group member | "I came in dreading…""): a table or list
#: of what past members said. Only praise counts here; a client's question quoted is B106's business.
_PRAISE_AFTER_SPEAKER = re.compile(
    r"\b(?:former|past|previous|recent|happy|grateful|satisfied|current)\s+(?:group\s+|workshop\s+|program(?:me)?\s+)?"
    r"(?:client|patient|member|participant|attendee|graduate|parent|couple|mom|dad|family)s?\b[\s|:—–-]{1,8}[\"“]([^\"”]{12,})[\"”]",
    re.I,
)
_PRAISING = re.compile(
    r"\b(?:changed|transformed|saved|helped|best|recommend\w*|grateful|thank\w*|amazing|wonderful|life[- ]changing|calm(?:er)?|"
    r"useful|better|finally|so much|incredible|brilliant|lifesaver|game[- ]changer|"
    # what it gave them, in their words ("I didn't have to be the strong one", "I felt heard for the first time")
    r"felt (?:heard|seen|safe|understood|supported|less alone|lighter)|for the first time|(?:didn't|did not|don't) have to|gave me|taught me|"
    r"made (?:a|all the) difference|worth (?:it|every)|glad I|"
    # the same said to the therapist: "working with you was the right decision", "you helped us"
    r"right (?:decision|choice)|(?:working|work|time|sessions?) with you|you (?:helped|gave|taught|changed|saved|showed)|more hopeful)\b",
    re.I,
)
_STARS = re.compile(r"★{3,}|⭐{3,}|\b[45](?:\.\d)?(?: out of 5)? stars?\b", re.I)
_PRAISE = re.compile(r"\b(?:changed my life|saved my (?:life|marriage)|best (?:therapist|counsel+or|psychologist|decision)|highly recommend|so grateful|can't thank|could not have|couldn't have)\b", re.I)


def _may_have_stars(text: str) -> bool:
    """False only when _STARS cannot match in text (nor in any slice of it).

    Every _STARS match holds three stars in a row, or a digit, a space and
    "star" ("4 stars", "4.5 stars" and "4 out of 5 stars" all have a digit
    before " star"). str.lower() works letter by letter, and every letter
    that re.IGNORECASE equates with s, t, a or r lowers to it, except "ſ"
    (checked over all of Unicode in tests/test_speed_safe.py); \\d is a
    Unicode decimal digit, what str.isdecimal() tests, and a digit lowers to
    itself, so a digit before " star" in the text is one in the lowered text.
    """
    if "★★★" in text or "⭐⭐⭐" in text:
        return True
    if not text.isascii() and "ſ" in text:
        return True  # the one letter re.IGNORECASE equates with s, t, a or r that lowers to none of them
    low = text.lower()
    i = low.find(" star")
    while i != -1:
        if i > 0 and low[i - 1].isdecimal():
            return True
        i = low.find(" star", i + 1)
    return False


def _testimonials(post, ctx):
    # Per segment, once: can any paragraph of it hold a star rating (a raw
    # paragraph is a slice of the segment's text, so one without an anchor
    # match has no _STARS match) or a quotation mark (every attributed quote
    # starts with one; the prose view is a slice of the segment's prose)?
    stars: dict[int, bool] = {}
    quotes: dict[int, bool] = {}
    for seg in post.segments:
        stars[id(seg)] = _may_have_stars(seg.text)
        quotes[id(seg)] = '"' in seg.prose or "“" in seg.prose
    for para in cc.context(ctx):
        key = id(para.seg)
        if para.kind == "heading":
            text = para.text
            if _TESTIMONIAL_HEADING.search(text.strip()) and not negated(text, len(text)) and not _against_section(ctx, para):
                yield Hit(para.seg, para.start, para.end, f"a \"{text.strip()}\" section")
                continue
        if quotes[key]:
            # The prose view: blockquote markers and line breaks inside a quote are blanked.
            prose = para.seg.prose[para.start : para.end]
            quoted = '"' in prose or "“" in prose  # every attributed quote starts with one
            flat = re.sub(r"\s", " ", prose)
            for m in _ATTRIBUTED_PRAISE.finditer(flat) if quoted else ():
                # A testimonial praises: "I feel like two different people" — Lena, 32 illustrates a
                # condition. Words said to be a client's are one whatever they say (B106 too).
                said, _q, by = m.group(0).rpartition("”" if "”" in m.group(0) else '"')
                if not re.search(r"\b(?:client|patient)s?\b", by, re.I) and not _PRAISING.search(said):
                    continue
                yield Hit(para.seg, para.start + m.start(), para.start + m.end(), "a quoted client testimonial")
            for m in _PRAISE_AFTER_SPEAKER.finditer(flat) if quoted else ():
                if _PRAISING.search(m.group(1)) and not negated(flat, m.start(), 40):
                    yield Hit(para.seg, para.start + m.start(), para.start + m.end(), "a past member's words of praise, quoted")
        if stars[key]:
            raw = para.seg.text[para.start : para.end]
            m = _STARS.search(raw)
            if m and _PRAISE.search(raw):
                yield Hit(para.seg, para.start + m.start(), para.start + m.end(), "a star rating with praise")
    yield from _introduced_praise(ctx)


#: Words that introduce someone's review or message ("Hannah left us a Google review that we read
#: aloud:", "A card arrived last week. It said:"), ending where the quotation begins.
_REVIEW_INTRO = re.compile(
    r"(?:\b(?:reviews?|testimonials?|feedback|card|note|letter|message|e-?mail|text|words)\b|\b(?:wrote|sent|left|posted|shared|said|says|writes)\b(?: (?:us|me|this|these|the following))?)"
    r"[^.!?\n]{0,100}:\s*$|"
    # "Here are some quotes that may help explain it." before a quotation set apart
    r"\b(?:here are|here is|below are|a few|some) (?:\w+ ){0,2}(?:quotes|quotations|words|notes|messages|reviews)\b[^!?\n]{0,80}[.:]\s*$",
    re.I,
)
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|me|my|we|our|us)\b")


def _introduced_praise(ctx):
    """Praise in a client's voice, quoted after words that present it as their review or message: a
    testimonial without an attribution line under it."""
    paras = cc.context(ctx)
    for i, para in enumerate(paras):
        if CLIENT_ACCOUNTS.search(para.text) and not negated(para.text, CLIENT_ACCOUNTS.search(para.text).start(), 60):
            following = [q for q in paras[i + 1 : i + 12] if q.seg is para.seg and q.kind != "heading"]
            told = next((q for q in following if _FIRST_PERSON.search(q.text) and _PRAISING.search(q.text)), None)
            if told is not None:
                yield Hit(told.seg, told.start, told.end, "clients' own accounts of their therapy with the practice, shown as testimony")
                continue
        intro = _REVIEW_INTRO.search(para.text.rstrip())
        if intro is None or negated(para.text, intro.start(), 60) or re.search(r"\b(?:never|won't|don't|do not|not)\b", para.text[intro.start() :], re.I):
            continue
        nxt = paras[i + 1] if i + 1 < len(paras) and paras[i + 1].seg is para.seg else None
        if nxt is None:
            continue
        raw = nxt.seg.text[nxt.start : nxt.end].lstrip().lstrip(". …")  # a quotation may open with an ellipsis
        quoted = raw.startswith((">", '"', "“", "”")) and len(nxt.text.strip()) >= 20
        if quoted and _PRAISING.search(nxt.text) and _FIRST_PERSON.search(nxt.text):
            yield Hit(nxt.seg, nxt.start, nxt.end, "someone's review or message of praise, quoted")


def _against_section(ctx, heading) -> bool:
    """The section under the heading shows no one's words (no quotation, attribution or stars: a study
    summarised, an essay against testimonials), or argues against them."""
    paras = [p for p in cc.context(ctx) if p.seg is heading.seg]
    k = next((i for i, p in enumerate(paras) if p.start == heading.start), -1)
    section = []
    for p in paras[k + 1 :] if k >= 0 else ():
        if p.kind == "heading":
            break
        section.append(p.seg.text[p.start : p.end])
    text = "\n".join(section)
    if not text.strip():
        return False  # a heading over nothing yet still announces testimonials
    shows = re.search(r"[\"“][^\"”]{12,}[\"”]|★|⭐|(?:^|\n)\s*>|[—–]\s*[A-Z][a-z]+", text) is not None
    against = re.search(r"\b(?:never|don't|do not|won't|will not|not (?:use|post|publish|show|ask)|no testimonials|why (?:I|we))\b", text, re.I)
    return not shows or (against is not None and not re.search(r"[\"“][^\"”]{20,}[\"”]\s*[—–-]", text))


_DEGREES = [
    "PhD", "PsyD", "EdD", "MD", "DO", "DSW", "DNP", "LCSW", "LICSW", "LISW", "LMSW", "MSW", "LMFT", "MFT", "LPC", "LPCC", "LMHC",
    "LCPC", "LCMHC", "LPCA", "NCC", "CADC", "LCADC", "LADC", "PMHNP", "APRN", "RN", "BCBA", "MA", "MS", "MEd", "MSc", "LP", "ABPP",
    "LCAT", "ATR", "CASAC", "LCDC", "LICDC", "CEDS", "RPT", "CGP", "CCTP", "LMHCA", "LMFTA", "LAMFT", "LGPC", "LSW", "LISW-S",
]
_DEGREE_RX = re.compile(r"\b(" + "|".join(sorted(_DEGREES, key=len, reverse=True)) + r")(?:-BC)?\b")
_DOCTORAL = {"PHD", "PSYD", "EDD", "MD", "DO", "DSW", "DNP"}
# Claims that must match the settings: board certification, diplomate status,
# and "licensed as a …". ("Licensed in Oregon" is a jurisdiction, not a claim.)
_BOARD = re.compile(r"\b(?:board[- ]certified(?: (?:in|by(?: the)?))?|diplomate (?:in|of)(?: the)?|licensed as an?) ([A-Za-z][\w ()&'-]{2,60}?)(?=[.,;:)]|$| and | through| since| with| for)", re.I)


def _stems(text: str) -> set[str]:
    stop = {"with", "from", "that", "this", "board", "certified", "american", "national", "the"}
    return {w[:6] for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in stop}


def _supported(claim: str, settings_text: str) -> bool:
    """Most of the claim's words (psychiatrist ~ psychiatry) appear in the settings' credentials."""
    words = _stems(claim)
    if not words:
        return True
    return len(words & _stems(settings_text)) / len(words) >= 0.6


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _credentials_of(clinician) -> set[str]:
    creds = {_norm(c) for c in clinician.credentials} | {_norm(t) for t in clinician.titles}
    for c in clinician.credentials:
        creds |= {_norm(d) for d in _DEGREE_RX.findall(c)}
    if clinician.licence:
        creds.add(_norm(clinician.licence.split()[0]))
    return creds


def _clinician_mentions(text: str, practice):
    """(clinician, start, end) for each clinician of the practice named in text (full or last name)."""
    for c in practice.clinicians:
        parts = c.name.split()
        if parts and parts[-1] not in text:
            continue  # both forms below contain the last name
        names = [re.escape(c.name)]
        if len(parts) > 1:
            names.append(r"(?:Dr\.?|Mr\.?|Ms\.?|Mrs\.?|Mx\.?) " + re.escape(parts[-1]))
        for m in re.finditer(r"\b(?:" + "|".join(names) + r")\b", text):
            yield c, m.start(), m.end()


_LICENCE_NO = re.compile(r"\blicen[cs]e (?:number |no\.? |#)?([A-Z]{2,6}[- ]?\d{3,7})\b")


def _licence_numbers(text: str):
    """_LICENCE_NO.finditer(text), tried only where "licen" occurs.

    Every match begins with the case-sensitive literal "licen" (after a \\b,
    which match() at a position checks against the character before it, as a
    search does), so the leftmost match at or after any point begins at one
    of its occurrences; matches never overlap, so places inside the last
    match are skipped, as finditer skips them.
    """
    i = text.find("licen")
    last = 0
    while i != -1:
        if i >= last:
            m = _LICENCE_NO.match(text, i)
            if m is not None:
                yield m
                last = m.end()
        i = text.find("licen", i + 1)


def _credential_mismatch(post, ctx):
    practice = ctx.practice
    if not practice.clinicians:
        return
    all_creds_text = " ".join(" ".join(cl.credentials) for cl in practice.clinicians).lower()  # the same for every segment
    for seg in post.segments:
        text = seg.prose
        for c, a, b in _clinician_mentions(text, practice):
            creds = _credentials_of(c)
            has_doctorate = bool({_norm(x) for x in _DOCTORAL} & creds) or "dr" in creds
            before = text[max(0, a - 6) : a]
            titled = text[a:b].startswith("Dr") or re.search(r"\bDr\.?\s*$", before)
            if titled and not has_doctorate:
                start = a if text[a:b].startswith("Dr") else a - len(before) + before.rfind("Dr")
                yield Hit(seg, start, b, f"\"Dr.\" is used for {c.name}, whose settings list no doctorate")
            tail = text[b : b + 120].split("\n")[0]
            m = re.match(r"^\s*,\s*((?:[A-Z][A-Za-z.()-]*\s*,?\s*){1,5})", tail)
            if m:
                for d in _DEGREE_RX.finditer(m.group(1)):
                    if _norm(d.group(1)) not in creds:
                        yield Hit(seg, b + m.start(1) + d.start(), b + m.start(1) + d.end(), f"{c.name} is given the credential {d.group(1)}, which the practice settings do not list")
        # First-person claims and certifications anywhere: each must be in some clinician's settings.
        all_creds = all_creds_text
        for m in _BOARD.finditer(text) if can_match(_BOARD, text) else ():
            claim = m.group(0).lower()
            field = m.group(1).strip().lower()
            if not re.search(r"\b(?:I|I'm|I am|I've|we|our|he|she|is|am|are|[A-Z][a-z]+ is)\b", text[max(0, m.start() - 60) : m.start()], re.I):
                continue
            if field and _supported(field, all_creds):
                continue
            if claim.startswith("licensed") and any(w in all_creds for w in field.split()[-2:]):
                continue
            if negated(text, m.start(), 40):
                continue
            sev = Severity.BLOCK if claim.startswith(("board", "diplomate", "licensed")) else Severity.WARN
            code_hint = "" if sev is Severity.BLOCK else " (see also B509)"
            if sev is Severity.BLOCK:
                yield Hit(seg, m.start(), m.end(), f"\"{m.group(0).strip()}\" is not in the practice settings{code_hint}")
        for m in _licence_numbers(text):
            lic = _norm(m.group(1))
            if not any(_norm(cl.licence) == lic for cl in practice.clinicians):
                yield Hit(seg, m.start(1), m.end(1), f"licence {m.group(1)} does not match any clinician in the practice settings")
        yield from _outside_credentials(seg, text, practice)
        yield from _role_claims(seg, text, practice)
        yield from _letter_claims(seg, text, practice)


# Letters that can only be a degree or licence after a person's name. "MA", "MS", "DO" and "LP" are
# left out: after a comma they are as often a state ("Jackson, MS") or a word.
_STRONG = [d for d in _DEGREES if d not in ("MA", "MS", "DO", "LP", "MEd", "MSc", "RN")]
_STRONG_RX = re.compile(r"\b(" + "|".join(sorted(_STRONG, key=len, reverse=True)) + r")(?:-[A-Z]{1,3})?\b")
#: A person's name (two to four capitalised words, middle initials allowed) with credential letters after
#: a comma ("Alex Stitt, LMHC"), or owning one ("Kirsten Tretbar's LMFT licence").
_PARTICLES = {"de", "da", "del", "della", "van", "von", "der", "den", "le", "la", "du", "di", "bin", "al"}
_NAME = r"(?:Dr\.?[ \t]+)?[A-Z][a-z'’-]+(?:[ \t]+[A-Z]\.)?(?:[ \t]+(?:(?:de|da|del|della|van|von|der|den|le|la|du|di|bin|al)[ \t]+)?[A-Z][a-z'’-]+){1,3}"
#: Capitalised words that can open a line before a name ("By Jo Park, LMHC") and are not part of it.
_LEAD_WORDS = re.compile(r"^(?:(?:By|Written|Posted|Words|Author|Guest|Post|Article|Blog|With|From|Says|Said|Meet|Welcome|About|Hello|Hi|"
                         r"Health|Behavioral|Behavioural|Mental|Clinical|Lead|Senior|Staff|Clinician|Therapist|Counselor|Counsellor|Coordinator|"
                         r"Director|Psychologist|Psychiatrist|Worker|Manager|Supervisor|Specialist|Associate|Intern)[ \t:]+)+")
#: A staff title just before the name ("Behavioral Health Clinician Debbie Greene, LMSW"): the page presents its own people.
_STAFF_TITLE = re.compile(r"\b(?:Clinician|Therapist|Counselor|Counsellor|Coordinator|Director|Psychologist|Psychiatrist|Worker|Manager|Supervisor|"
                          r"Specialist|Associate|Intern)[ \t]+$")
_NAMED_CREDENTIAL = re.compile(
    r"(?<![\w.])(" + _NAME + r")(?:\s*,\s*((?:(?:[A-Z][A-Za-z]{1,6}(?:-[A-Z]{1,3})?|[A-Z]\.(?:[A-Za-z]{1,2}\.){1,3})\s*,?\s*){1,4})|['’]s\s+([A-Z]{2,6}(?:-[A-Z]{1,3})?)\b)"
)


#: A quotation attributed to a credentialed person ("…," says Jo Park, LCSW): the page presents the credential.
_SPEECH_BEFORE = re.compile(r"(?:\b(?:says|said|explains|explained|notes|noted|adds|added|according to)|[,.!?][\"”’])[ \t]*$")
#: After "Dr. Name": the page introduces them as a clinician ("here, licensed psychologist", ", a psychotherapist", "is a therapist").
_DR_BIO = re.compile(
    r"[ \t]*(?:here\b|,?[ \t]*(?:(?:is|was)[ \t]+)?(?:a|an|the|our)?[ \t]*(?:licensed|registered|board[- ]certified|clinical|consultant|"
    r"psycholog|psychiatr|psychotherap|therapist|counsel+or|social worker|clinician))",
    re.I,
)
_DR_NAME = re.compile(r"\bDr\.?[ \t]+([A-Z][a-z'’-]+(?:[ \t]+[A-Z]\.)?(?:[ \t]+[A-Z][a-z'’-]+){1,2})\b")


#: The sentence presents people as the practice's own: who leads, runs or joins its work.
_TEAM = re.compile(
    r"\b(?:led|run|facilitated|co-led|co-facilitated|hosted|taught|staffed|supervised) by|\bjoined by|\bsupervision of|\bour (?:\w+ )?(?:team|staff|therapists|clinicians|counsell?ors|"
    r"coordinators|associates|interns|group leaders|facilitators)\b|\b(?:join|joins|joined|welcome|welcomes|welcoming|meet) (?:us|our)\b",
    re.I,
)


def _on_the_team(text: str, start: int) -> bool:
    a = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    return _TEAM.search(text[a:start]) is not None


def _is_clinician(name: str, practice) -> bool:
    words = set(re.findall(r"[A-Za-z'’-]+", name))
    return any(c.name.split()[-1] in words for c in practice.clinicians if c.name.split())


_BYLINE = re.compile(r"(?:^|\n)[ \t>*_#]*(?:(?:guest\s+)?(?:post|article|blog|words)?\s*(?:written\s+|posted\s+|contributed\s+)?by|author|about the author|[—–-]{1,2})[:\s]*[*_]*$", re.I)


def _presented_as_writer(seg, text, start, end) -> bool:
    """The name is the post's writer or a clinician the page presents: a byline ("By …", "Guest post
    by …", "— …"), a signature or bio line of its own, the `author` field, a bio ("…, LMFT, is a
    therapist at …") or "I'm …". A researcher or colleague cited in a sentence is not."""
    if seg.name in ("author",) or seg.name.startswith("authors."):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[line_start:start]
    if _BYLINE.search(before) or not before.strip(" \t>*_#|"):
        # alone at the start of its line: a byline, a signature, a caption or a team list entry,
        # unless the line goes on as an ordinary sentence about someone else's work
        after = text[end:line_end]
        return not re.search(r"\b(?:found|showed|shows|argues|argued|writes|wrote|says|said|suggests|developed|coined|researched|studied|reported)\b", after)
    if re.match(r"[\s,]*(?:is|was)\s+(?:a|an|the|our)\b", text[end : end + 20]):
        return True
    return bool(re.search(r"\bI['’]?m\s*$|\bI am\s*$|\bmy name is\s*$", before, re.I))


def _outside_credentials(seg, text, practice):
    """A person who is not one of the practice's clinicians, shown with credential letters
    ("By Alex Stitt, LMHC", "says Jo Park, LCSW, LICSW", "Kim Lee's LMFT licence"): the site would
    present a credential the settings cannot vouch for (a guest author, a quoted colleague, a copied bio)."""
    if "," not in text and "'" not in text and "’" not in text:
        return
    for m in _NAMED_CREDENTIAL.finditer(text):
        letters = m.group(2) or m.group(3) or ""
        found = _STRONG_RX.search(letters)
        lead = _LEAD_WORDS.match(m.group(1))
        start = m.start(1) + (lead.end() if lead else 0)
        name = re.sub(r"^Dr\.?\s+", "", text[start : m.end(1)])
        if not found or _is_clinician(name, practice):
            continue
        # "This November, LCSW…": every word of a name is shaped like one and none is a common capitalised word
        words = [w for w in re.findall(r"[A-Za-z'’-]+", name) if len(w) > 1 and w not in _PARTICLES]
        if len(words) < 2 or not all(cc.is_name(w) for w in words):
            continue
        if not (_presented_as_writer(seg, text, start, m.end()) or _SPEECH_BEFORE.search(text[max(0, start - 40) : start]) or _on_the_team(text, start)
                or _STAFF_TITLE.search(text[max(0, start - 30) : start]) or text[max(0, start - 2) : start].rstrip(" \t").endswith("(")
                or (lead is not None and not text[text.rfind("\n", 0, m.start(1)) + 1 : m.start(1)].strip(" \t>*_#|"))):
            continue
        at = (m.start(2) if m.group(2) else m.start(3)) + found.start()
        yield Hit(seg, start, at + len(found.group(0)),
                  f"{name} is shown with the credential {found.group(0)}, but is not one of the clinicians in the practice settings")
    # "Dr. Sam Brandt here, licensed psychologist…", "By Dr. Ana Ruiz": a doctor's title for someone the settings do not list.
    for m in _DR_NAME.finditer(text) if "Dr" in text else ():
        name = m.group(1)
        words = name.split()
        if len(words) < 2 or _is_clinician(name, practice) or not all(cc.is_name(w) for w in words):
            continue
        line_before = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        if _DR_BIO.match(text[m.end() : m.end() + 60]) or _BYLINE.search(line_before) or re.search(r"\bI['’]?m\s*$|\bI am\s*$|\bmy name is\s*$", line_before, re.I):
            yield Hit(seg, m.start(), m.end(), f"\"Dr.\" is shown for {name}, who is not one of the clinicians in the practice settings")


#: Protected professional titles, and what in the settings (credentials or roles) shows one of the
#: practice's clinicians holds it.
_ROLES = {
    "psychiatrist": ("psychiatr", "md", "do"),
    "psychologist": ("psycholog",),
    "social worker": ("social work", "lcsw", "lmsw", "msw", "licsw", "lisw"),
    "master social worker": ("master social work", "lmsw"),
    "clinical social worker": ("clinical social work", "lcsw", "licsw"),
    "alcoholism and substance abuse counselor": ("casac", "substance abuse counsel"),
    "marriage and family therapist": ("family therap", "lmft", "mft"),
    "family therapist": ("family therap", "lmft", "mft"),
    "professional counselor": ("professional counsel", "lpc", "lpcc", "lcpc", "lmhc"),
    "professional clinical counselor": ("professional clinical counsel", "lpcc"),
    "mental health counselor": ("mental health counsel", "lmhc", "lcmhc", "lpc"),
    "addiction counselor": ("addiction", "cadc", "ladc", "lcadc"),
    "nurse practitioner": ("nurse practitioner", "pmhnp", "aprn", "np"),
    "physician": ("physician", "md", "do"),
}
_ROLE_RX = re.compile(
    r"\b(?:(as)|(I['’]m|I am|I work as|I practise as|I practice as))\s+(?:[A-Z][a-z]+,\s+)?(?:an?\s+)?"
    r"(?:[A-Z][a-z]+(?:-[a-z]+)?,?\s+){0,3}(?:(?:child|adult|adolescent|clinical)\s+)?(?:board[- ]certified|licensed|registered)\s+(?:(?:child|adult|adolescent|clinical)\s+)?"
    r"(" + "|".join(sorted((r.replace(" ", r"\s+").replace("counselor", "counsel+ors?") for r in _ROLES), key=len, reverse=True)) + r")\b",
    re.I,
)


#: The same claim without "licensed" ("As a psychiatrist serving families, I…"), only in the plain
#: shape "as a [kind of] <title>", where the words between cannot be anything else.
_PLAIN_ROLE_RX = re.compile(
    r"\b(?:(as)|(I['’]m|I am|I work as|I practi[sc]e as|I(?:['’]ve| have)? (?:been )?(?:practi[sc]ing|working) as))\s+(?:an?\s+)?(?:(?:child|adult|adolescent|clinical|consultant|practi[sc]ing|perinatal|"
    r"forensic|geriatric|community|school|licen[sc]ed|registered|board[- ]certified)\s+){0,2}"
    r"(" + "|".join(sorted((r.replace(" ", r"\s+").replace("counselor", "counsel+ors?") for r in _ROLES), key=len, reverse=True)) + r")\b",
    re.I,
)
#: Credential letters claimed in the first person ("As an ADHD-CCSP, I…", "I'm a CEDS"). Acronyms
#: of conditions, therapies and places are not credentials.
_LETTERS_CLAIM = re.compile(r"\b(?:(As)|(I['’]m|I am)) an? ([A-Z][A-Z0-9]{1,7}(?:-[A-Z0-9]{2,8}){0,2})(?=,|\s+(?:and|who|I|with|since)\b)")
#: "…coursework for my BCD credential", "our CEDS certification": letters the writer says they hold.
_MY_LETTERS = re.compile(r"\b(?:my|our) ([A-Z][A-Z0-9]{1,7}(?:-[A-Z0-9]{2,8}){0,2}) (?:credential|certification|certificate|designation|licen[cs]e|board certification)s?\b")
_NOT_CREDENTIALS = frozenset(
    "ADHD OCD PTSD CPTSD LGBTQ LGBT LGBTQIA BIPOC POC CBT DBT EMDR ACT IFS EFT NHS US USA UK EU HSP BPD ASD ND NT AUDHD ED GP "
    "EAP HR CEO IT AI TV ER ICU ".split()
)


def _letter_claims(seg, text, practice):
    held = {_norm(w) for c in practice.clinicians for x in (*c.credentials, *c.titles, c.licence or "") for w in re.findall(r"[A-Za-z]+", x)}
    for m in _LETTERS_CLAIM.finditer(text):
        parts = [p for p in m.group(3).split("-") if p.upper() not in _NOT_CREDENTIALS]
        if not parts or all(_norm(p) in held for p in parts):
            continue
        if m.group(1):
            end = re.search(r"[.!?](?:\s|$)", text[m.end() :])
            rest = text[m.end() : m.end() + (end.start() if end else 120)]
            if not re.search(r"\b(?:I|I['’]m|I['’]ve|my|me|we|our)\b", rest):
                continue
        yield Hit(seg, m.start(3), m.end(3), f"the writer claims the credential {m.group(3)}, which no clinician in the practice settings holds")
    for m in _MY_LETTERS.finditer(text):
        parts = [p for p in m.group(1).split("-") if p.upper() not in _NOT_CREDENTIALS]
        if not parts or all(_norm(p) in held for p in parts) or negated(text, m.start(), 30):
            continue
        yield Hit(seg, m.start(1), m.end(1), f"the writer claims the credential {m.group(1)}, which no clinician in the practice settings holds")


def _role_claims(seg, text, practice):
    """The writer claims a protected title ("As a psychiatrist, I…", "I'm a licensed professional
    clinical counselor") that no clinician in the settings holds."""
    if not practice.clinicians:
        return
    held = " ".join(" ".join((*c.credentials, *c.roles, *c.titles)) for c in practice.clinicians).lower()
    held_letters = {_norm(w) for w in re.findall(r"[A-Za-z]+", held)}
    seen = set()
    for m in (*_ROLE_RX.finditer(text), *_PLAIN_ROLE_RX.finditer(text)):
        if m.start(3) in seen:
            continue
        seen.add(m.start(3))
        role = re.sub(r"\s+", " ", m.group(3).lower()).replace("counsellor", "counselor").replace("counsellors", "counselor").rstrip("s")
        role = role if role in _ROLES else re.sub(r"l+or$", "lor", role)
        signs = _ROLES.get(role)
        if signs is None or any(s in held if " " in s or len(s) > 4 else s in held_letters for s in signs):
            continue
        sentence_end = re.search(r"[.!?](?:\s|$)", text[m.end() :])
        rest = text[m.end() : m.end() + (sentence_end.start() if sentence_end else 120)]
        if m.group(1):
            # "As a psychiatrist, I…" is a claim; "as a psychiatrist once told me" or "as a psychiatrist
            # would" is not about the writer. "I studied it and, as a psychiatrist specializing in stress,
            # developed…": the writer is the subject before it.
            sentence_start = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
            before = text[sentence_start : m.start()]
            subject_before = re.search(r"\bI\b(?![^,;]*\b(?:who|whom|which|that|he|she|they|you|her|him|them|whether|if)\b)[^.!?;]{0,80}(?:,|\band)\s*$", before)
            if subject_before and re.match(r"[\w\s-]{0,40},\s*(?:she|he|they|you|it|who|we)\b", rest, re.I):
                subject_before = None
            if not (re.search(r"\b(?:I|I['’]m|I['’]ve|my|me|we|our)\b", rest) or subject_before) or re.match(
                r"\s*(?:friend|colleague|once|told|said|explained|put it|would|might|will|can|may|did|does|I know|I spoke|I trust)\b", rest, re.I
            ):
                continue
        if negated(text, m.start(), 30) or re.match(r"\s*not\b", text[m.start(2) + len(m.group(2)) :] if m.group(2) else ""):
            continue
        yield Hit(seg, m.start(3), m.end(3), f"the writer is presented as a {role}, and no clinician in the practice settings holds that title")


_URGENCY = re.compile(
    r"\b(?:only \d+ (?:spots?|spaces?|openings?|slots?|places?|appointments?) (?:left|remaining|available)|act (?:now|fast|today)|limited[- ]time|(?:offer|discount|price) ends|last chance|(?<!in a )(?<!no )(?<!in no )hurry|before it's too late|spots? (?:are )?filling (?:up )?fast|don't miss (?:out|this)|book (?:now|today) (?:before|while|to secure)|sign up today (?:before|and save))\b",
    re.I,
)


def _undue_influence(post, ctx):
    for s, m in scan(_URGENCY, ctx):
        if re.search(r"\b(?:crisis|988|911|emergency|danger)\b", s.text, re.I):
            continue
        yield s.hit(m, f"\"{m.group(0)}\"")


_SUPERLATIVE = re.compile(
    r"\b(?:the )?(?:best|top|leading|premier|foremost|finest|greatest|most (?:trusted|experienced|effective|qualified)) (?:\w+ ){0,2}(?:therapists?|counsel+ors?|psychologists?|psychiatrists?|practices?|clinics?|care|treatment|provider)\b|"
    r"(?<!\w)#1\b|\bnumber one\b|\bno\. ?1\b|\btop[- ]rated\b|\bworld[- ]class\b|\baward[- ]winning\b|\bunmatched\b|\bunrivall?ed\b",
    re.I,
)


def _superlative(post, ctx):
    for s, m in scan(_SUPERLATIVE, ctx):
        if negated(s.text, m.start(), 40) or re.search(r"\b(?:for you|fit for|match for|choice for you|the best (?:way|thing|time|place|option|approach|fit))\b", s.text[m.start() : m.end() + 12], re.I):
            continue
        yield s.hit(m, f"\"{m.group(0)}\"")


_SPECIALTY = re.compile(r"\b(?:an? |the )?(?:leading )?(?:expert|specialist|authority)s? (?:in|on|for)\b[^.,;]{0,40}|\bcertified (?:in|as an?) [^.,;]{2,50}", re.I)


def _specialty(post, ctx):
    practice = ctx.practice
    all_creds = _norm(" ".join(" ".join(c.credentials) for c in practice.clinicians))
    for s, m in scan(_SPECIALTY, ctx):
        if not re.search(r"\b(?:I|I'm|I am|we|we're|our|my|she|he|[A-Z][a-z]+ is)\b", s.text[: m.start()], re.I) and not re.match(r"\s*(?:I|we)\b", s.text, re.I):
            continue
        if negated(s.text, m.start(), 40):
            continue
        claim = _norm(m.group(0))
        if claim and claim[-12:] in all_creds:
            continue
        yield s.hit(m, f"\"{m.group(0).strip()}\" is not among the credentials in the practice settings")


def _site_level(post, ctx):
    """Checked over the whole site by the publish audit (boundary.site)."""
    return ()


def rules() -> list[Rule]:
    return [
        Rule("B501", "guarantee-or-cure", Severity.BLOCK,
             "A guaranteed result or a cure is promised",
             "No one can promise the outcome of therapy; guarantees are false or deceptive statements (APA 5.01; ACA C.3.a; FTC).",
             "Describe what therapy involves and what research says, without promises.",
             SRC, _guarantee,
             good=(Example(P + "Your first consultation is on us, whether or not you decide to book.\n"),
                  Example(P + "No therapist can guarantee results, and you should be wary of anyone who does.\n"),
                   Example(P + "And if a therapist, coach or app guarantees a cure, a deadline or your money back, that's a reason to be careful.\n"),
                   Example(P.replace("A post", "Guaranteed results?") + "It would be ideal if therapists could guarantee their work! Unfortunately, it's simply not possible.\n")),
             bad=(Example(P + "Our promise: if you don't leave the weekend feeling closer, the second day is on us.\n"),
                  Example(P + "My six-week program will cure your anxiety, guaranteed.\n"),
                  Example(P + "Can depression be cured? Absolutely, it can!\n"),
                  Example(P + "Come to all six sessions and you will be sleeping through the night by the end. We guarantee it, or we'll refund your fee in full.\n"),
                  Example(P + "## How do we treat or cure bulimia?\n\nWe start with a full assessment.\n"),
                  Example(P + "There is a clear route which will remove anxiety as an issue in your life.\n"),
                  Example(P + "Finish all ten weeks and you'll walk out of here free of panic for good.\n"))),
        Rule("B502", "unsubstantiated-claim", Severity.WARN,
             "An efficacy claim without a source",
             "Figures and \"research proves\" need a citation so readers can judge them (APA 5.01(b); ACA C.3.a).",
             "Cite the study (authors, year) or remove the figure.",
             SRC, _unsubstantiated,
             good=(Example(P + "About half of people improve within 16 sessions (Hansen et al., 2002).\n"),),
             bad=(Example(P + "Research proves that 90% of my clients recover.\n"),)),
        Rule("B503", "testimonial-solicitation", Severity.BLOCK,
             "Clients are asked for reviews or testimonials",
             "Clients are vulnerable to undue influence; asking them for reviews exploits the relationship (APA 5.05; ACA C.3.b).",
             "Remove the request.",
             SRC, _solicitation,
             good=(Example(P + "Our office is [on the map here](https://maps.example.com/place/us \"Parking is behind the building\").\n"),
                  Example(P + "I never ask clients for reviews or testimonials.\n"),),
             bad=(Example(P + "Our listing is [on the map here](https://maps.example.com/place/us \"If our work helped you, a few words here would mean the world to us\").\n"),
                  Example(P + "If our work has helped you, please leave us a review on Google.\n"),
                  Example(P + "If our time together has mattered to you, a few honest words on our Google Business profile help other people who are nervous find us.\n"),
                  Example(P + "We would be so grateful if you would [leave a few words of your own](https://maps.example.com/us/review).\n"))),
        Rule("B504", "testimonial-present", Severity.BLOCK,
             "Client testimonials are shown",
             "Testimonials from clients are prohibited or restricted by every code: clients cannot freely decline, and their words disclose the relationship (APA 5.05; ACA C.3.b; NASW 4.07(b)).",
             "Remove the testimonials.",
             SRC, _testimonials,
             good=(Example(P + "Here are some quotes from the research that may help explain it.\n\n\"Teens who feel connected to one adult cope better,\" the authors wrote.\n"),
                  Example(P + "As Irvin Yalom put it, \"it's the relationship that heals.\"\n"),
                   Example(P + "A reader sent us this question:\n\n> \"Do I need a referral before my first appointment?\"\n"),
                   Example(P + "> \"Everything can be taken from a man but one thing: the last of the human freedoms.\"\n> — Viktor E. Frankl\n")),
             bad=(Example(P + "Here are some quotes that may help explain it.\n\n. . .\"We saw a calmer son than we thought possible, and we know working with you was the right decision.\"\n"),
                  Example(P + "## What clients say\n\n\"Dr. Lindqvist changed my life.\" — J.M., former client\n"),
                  Example(P + "| Who | In their words |\n|---|---|\n| Past workshop participant | \"The best six weeks I have spent on myself.\" |\n"),
                  Example(P + "A card came last week that we have read aloud more than once:\n\n> \"You helped me find my feet again. I would recommend you to anyone.\"\n"),
                  Example(P + "Here is one member's note, shared with permission:\n\n> \"For an hour every other week, I didn't have to be the strong one.\"\n> — a member of the caregivers' group\n"),
                  Example(P + "These stories describe my clients' experiences in working with me.\n\n## Karen's story\n\n"
                              "Counseling opened me up. For the first time I felt heard.\n"))),
        Rule("B505", "credential-mismatch", Severity.BLOCK,
             "A title, degree, licence or certification does not match the practice settings",
             "Misrepresenting credentials is deceptive and a licensing violation (APA 5.01(c); ACA C.4.a; NASW 4.06(c)).",
             "Use exactly the credentials listed in PRACTICE.clinicians, or correct the settings if they are incomplete.",
             SRC, _credential_mismatch,
             good=(Example(P + "I asked her whether, as a psychiatrist, she would prescribe it.\n"),
                  Example(P + "— Dr. Nora Lindqvist, PhD, Licensed Psychologist (PSY 30112)\n"),
                   Example(P + "Kristin Neff, PhD, found that self-compassion predicts resilience.\n"),
                   Example(P + "As a psychiatrist once told me, medication is one tool among several.\n"),
                   Example(P + "I'm not a licensed psychiatrist, so ask your prescriber about dosing.\n"),
                   Example(P + "Dr. Kristin Neff's self-compassion break is a simple exercise to try.\n"),
                   Example(P + "As an LCSW, I see many families in the first weeks after a loss.\n")),
             bad=(Example(P + "I have been practicing as a psychiatrist for more than ten years.\n"),
                  Example(P + "I keep up 30 hours of training a year for my BCD credential.\n"),
                  Example(P + "I studied burnout for years and, as a psychiatrist specializing in stress, built my own approach.\n"),
                  Example(P + "— Nora Lindqvist, PsyD\n"), Example(P + "Book with Dr. Hale today.\n"),
                  Example(P + "By Jordan Reyes, LMFT\n\nWinter can be hard on couples.\n"),
                  Example(P + "Hi, I'm Sam, an Eugene licensed professional clinical counselor who works with teens.\n"),
                  Example(P + "# Winter and couples\n\nBy Rebecca Stone, LMHC-QS of Stone Counseling\n\nWinter can be hard.\n"),
                  Example(P + "\"Couples come to me after an affair,\" says Travis Atkinson, LCSW, LICSW.\n"),
                  Example(P + "Hello! Dr. Samantha Brustad here, licensed psychologist and owner of the practice.\n"),
                  Example(P + "As a psychiatrist serving families in two states, I hear this question every day.\n"),
                  Example(P + "As an ADHD-CCSP, I help clients see where perfectionism comes from.\n"),
                  Example(P + "The group is led by two therapists trained in DBT, David Terraso, LMSW and Katie Herzer, LCSW.\n"),
                  Example(P + "Anger can be managed with help. (Gillian de La Sayette, M.S., LPC)\n"),
                  Example(P + "# Welcome Emily Hughes, LCAT, ATR-BC\n\nWe are glad to have her.\n"),
                  Example(P + "Our youth program's Behavioral Health Clinician Debbie Greene, LMSW, runs the group.\n"),
                  Example(P + "As a Florida-based licensed mental health counselor, I see this often.\n"))),
        Rule("B506", "licence-display", Severity.WARN,
             "Service pages lack the licence type and number",
             "Most jurisdictions require advertising by licensees to show the licence type and number (e.g. California B&P Code 2914; state board rules).",
             "Show each clinician's licence on service, fee, about and contact pages (the theme's footer does it when PRACTICE lists licences).",
             SRC + "; state licensing board advertising rules", _site_level),
        Rule("B507", "undue-influence", Severity.WARN,
             "Fear or urgency marketing",
             "Pressure tactics exploit people in distress (APA 5.06; ACA C.3.d).",
             "State availability plainly, without urgency.",
             SRC, _undue_influence,
             good=(Example(P + "We have openings for new clients on Tuesday evenings.\n"),),
             bad=(Example(P + "Only 2 spots left this month, act now!\n"),)),
        Rule("B508", "superlative", Severity.WARN,
             "A superlative claim about the practice",
             "\"Best\" or \"#1\" cannot be substantiated and misleads (APA 5.01; ACA C.3.a).",
             "Describe what you offer instead.",
             SRC, _superlative,
             good=(Example(P + "Finding the best fit for you matters more than credentials alone.\n"),),
             bad=(Example(P + "We are the best therapists in Millbrook.\n"),)),
        Rule("B509", "specialty-claim", Severity.WARN,
             "An expert, specialist or certification claim not in the settings",
             "Claims of specialty need a basis in training or certification (APA 5.01; ACA C.4.a).",
             "Say what you focus on (\"much of my work is with…\"), or add the certification to the settings.",
             SRC, _specialty,
             good=(Example(P + "Much of my work is with adults who have anxiety.\n"),),
             bad=(Example(P + "I am an expert in trauma and certified in EMDR.\n"),)),
    ]
