"""B1 — confidentiality (APA 4.01, 4.04, 4.07; ACA B.1.c, H.6.d; NASW 1.07; AAMFT II; HIPAA).

Every rule here reads client context (clientctx.py) first, so writing *about*
confidentiality, or about clients in general, does not trip them; they fire on
writing that points at one person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import clientctx as cc
from ..lexicon import alternation
from ..model import Example, Hit, Rule, Severity
from ..prefilter import holds, required_for, requirement_for, words_of
from . import structure
from .structure import person_at
from .common import CLIENT_ACCOUNTS, negated

SOURCE = "APA Ethics Code 4.01, 4.04, 4.07; ACA Code B.1.c, H.6.d; NASW Code 1.07; AAMFT Code II; HIPAA Safe Harbor (45 CFR 164.514(b))"

# --------------------------------------------------------------------------
# Quasi-identifier scoring (docs/rules.md B104; Sweeney 2000, Gabbard 2000)
# --------------------------------------------------------------------------

_QI_CACHE: dict[str, re.Pattern] = {}


def _qi(key: str, flags=re.I) -> re.Pattern:
    if key not in _QI_CACHE:
        _QI_CACHE[key] = re.compile(r"\b" + alternation("quasi_identifiers.yaml", key) + r"(?![\w])", flags)
    return _QI_CACHE[key]


_AGE = re.compile(
    r"\b(\d{1,2})[- ](?:years?|yrs?)[- ]old\b|\baged? (\d{1,2})\b|\b(?:turned|turning|at age) (\d{1,2})\b|\bborn in (?:19|20)\d\d\b|\b(\d{1,2}),? (?:year old|y/o|yo)\b|"
    r"[:—–,]\s*(\d{2}),\s+(?:a|an|the|and|with|married|single|divorced|widowed|mother|father|newly)\b",
    re.I,
)
_NUMBER_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|"
    r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|ten|nine|eight|seven|six|five|four)"
)
_WORD_AGE = re.compile(
    rf"\b{_NUMBER_WORD}[- ]year[- ]old\b|"
    # "He is fifty-eight", "she had just turned 34": an age said of the person (not "was 3 minutes late").
    rf"\b(?:he|she|they)(?:'s| is| was| were| are| had (?:just )?turned| just turned| turns| turned) (?:\d{{1,2}}|{_NUMBER_WORD})\b(?! ?(?:minutes?|hours?|days?|weeks?|months?|percent|%|times|pounds|kg|miles|years? (?:ago|later|into|since|in)|in the morning|o'clock|[ap]\.?m\b))",
    re.I,
)
_AGE_BAND = re.compile(r"\b(?:in (?:her|his|their) )?(?:early|mid|late)?[- ]?(?:teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|[2-9]0s)\b", re.I)
_GENDER = re.compile(r"\b(?:she|her|hers|herself|he|him|his|himself|woman|man|mother|father|wife|husband|girl|boy|daughter|son|mom|dad|widow|widower)\b", re.I)
_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DATE = re.compile(
    rf"\b{_MONTHS} \d{{1,2}}(?:st|nd|rd|th)?(?:,? (?:19|20)\d\d)?\b|\b\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MONTHS}\b|\b\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\b|"
    rf"\b(?:in|on|during|since|of|last|this) {_MONTHS}(?: (?:19|20)\d\d)?\b|\b(?:in|since|of|during) (?:19|20)\d\d\b",
)
# A weekday as the day of an event ("on Tuesday", "last Friday"), not a habit ("Sundays").
_WEEKDAY = re.compile(rf"\b(?:on|last|this|that|next|one|early|late) {_WEEKDAYS}\b(?!s)|\b{_WEEKDAYS},? {_MONTHS} \d")
_TIME = re.compile(r"\b\d{1,2}(?::\d{2})? ?(?:a\.?m\.?|p\.?m\.?)(?![a-z])|\bat (?:noon|midnight)\b", re.I)
#: How long ago an event in the person's life happened ("his wife died eleven months ago", "last winter"):
#: a detail that helps identify someone (B104), and recency rather than a date (B103 warns).
_RELATIVE_TIME = re.compile(
    r"\b(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several) (?:days?|weeks?|months?|years?) (?:ago|earlier|before)\b|"
    r"\b(?:last|this past|that) (?:spring|summer|autumn|fall|winter|christmas|thanksgiving|easter|new year)\b",
    re.I,
)
#: "the only large-animal vet left in Millbrook", "the last midwife in the valley": a role one person holds.
_ONLY_ONE = re.compile(
    r"\bthe (?:only|sole|last|one) (?:remaining )?(?:[\w-]+ ){0,3}?(?:[\w-]+) (?:left |still working |practi[cs]ing )?(?:in|at|on|for|across|within|serving|covering|around|this side of) "
    r"(?:(?:the |our |this |that |a |two |three |four |five |six |several |\d+ )?(?:towns?|villages?|county|counties|valleys?|districts?|islands?|area|region|school|parish|hospital|practice|department|unit|city|pass|river|mountains?)\b|[A-Z][a-z]+)"
)
_QUOTE = re.compile(r"\"([^\"\n]{2,}?)\"|“([^”\n]{2,}?)”")
_SAY = re.compile(r"\b(?:said|says|told me|tells me|asked|asks|wrote|writes|texted|whispered|insisted|added|put it|explained|admitted|cried|shouted|replied|answered|repeated|recalled)\b", re.I)


@dataclass
class QIScore:
    points: float
    details: list[str]

    def describe(self) -> str:
        return "; ".join(self.details)


def _words(n: int) -> bool:
    return n >= 3


def quote_spans(text: str) -> list[tuple[int, int, str]]:
    """Quoted speech (three or more words): not single terms put in quotes to discuss them."""
    out = []
    for m in _QUOTE.finditer(text):
        inner = m.group(1) or m.group(2) or ""
        if _words(len(inner.split())):
            out.append((m.start(), m.end(), inner))
    return out


def attributed_quotes(text: str, names: set[str] = frozenset()) -> list[tuple[int, int, str]]:
    """Quotes with a speaking verb next to them (in the same sentence)."""
    out = []
    for a, b, inner in quote_spans(text):
        before = text[max(0, a - 80) : a]
        after = text[b : b + 80]
        before = re.split(r"[.!?]\s", before)[-1]
        after = re.split(r"(?<=[.!?])\s", after)[0]
        if _SAY.search(before) or _SAY.search(after) or re.search(r"\b(?:she|he|they)\b\s*$", before.strip(" ,:—-"), re.I):
            out.append((a, b, inner))
    return out


_QI_KEYS = (("rare_roles", re.I), ("occupations", re.I), ("institutions", 0), ("places", 0), ("family", re.I),
            ("ethnicity", 0), ("rare_medical", 0), ("newsworthy", re.I), ("visible", re.I), ("minor", re.I))
_QI_GATES: dict | None = None


def _qi_gates():
    """key -> requirement tree of _qi(key), and one automaton of all their words (built once)."""
    global _QI_GATES
    if _QI_GATES is None:
        trees = {key: requirement_for(_qi(key, flags)) for key, flags in _QI_KEYS}
        words = set().union(*(words_of(t) for t in trees.values()))
        auto = None
        if cc.ahocorasick is not None and words:
            auto = cc.ahocorasick.Automaton()
            for w in words:
                auto.add_word(w, w)
            auto.make_automaton()
        _QI_GATES = {"trees": trees, "auto": auto, "words": tuple(words)}
    return _QI_GATES


def _qi_searcher(text: str):
    """search(key): _qi(key).search(text), skipped when a case-safe text lacks the words of the
    list's requirement tree (the test prefilter.can_match makes; exact). One pass finds all lists' words."""
    gates = _qi_gates()
    present = None
    if cc.safe_text(text):
        low = text.lower()
        auto = gates["auto"]
        present = frozenset([w for _, w in auto.iter(low)]) if auto is not None else frozenset(w for w in gates["words"] if w in low)
    trees = gates["trees"]

    def search(key: str, flags=re.I):
        rx = _qi(key, flags)
        tree = trees.get(key)
        if present is not None and tree is not None and not holds(tree, present):
            return None
        return qi_search(key, rx, text)

    return search


_ROLE_KEYS = frozenset(("occupations", "rare_roles"))


def qi_search(key: str, rx: re.Pattern, text: str):
    """The first match of a quasi-identifier list; a role held by someone else ("his therapist", "her
    doctor", "their teacher") is not the person's own work."""
    if key not in _ROLE_KEYS:
        return rx.search(text)
    return next((m for m in rx.finditer(text) if not _SOMEONE_ELSES.search(text, max(0, m.start() - 20), m.start())), None)
_SOMEONE_ELSES = re.compile(r"\b(?:his|her|their|your|my|our|the client's|the patient's)(?: new| old| former| own)? $", re.I)


def score(text: str) -> QIScore:
    """Score one stretch of client-context text. Each kind of detail counts once."""
    found: dict[str, tuple[float, str]] = {}

    def add(kind: str, pts: float, what: str) -> None:
        if kind not in found or found[kind][0] < pts:
            found[kind] = (pts, what)

    minor = False
    qsearch = _qi_searcher(text)
    for m in _AGE.finditer(text):
        age = next((g for g in m.groups() if g), None)
        add("age", 1, f"an exact age ({m.group(0).strip()})")
        if age and age.isdigit() and int(age) < 18:
            minor = True
    m = _WORD_AGE.search(text)
    if m:
        add("age", 1, f"an exact age ({m.group(0)})")
        if re.match(r"(?:eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|ten|nine|eight|seven|six|five|four)\b", m.group(0), re.I):
            minor = True
    m = _AGE_BAND.search(text)
    if m and "age" not in found:
        add("age", 0.5, f"an age band ({m.group(0).strip()})")
    m = _GENDER.search(text)
    if m:
        add("gender", 0.5, "gender")
    m = qsearch("rare_roles") or _ONLY_ONE.search(text)
    if m:
        add("occupation", 2, f"a rare or public role ({m.group(0)})")
    m = qsearch("occupations")
    if m:
        add("occupation", 1, f"an occupation ({m.group(0)})")
    m = qsearch("institutions", 0)
    if m:
        add("place", 2, f"a named employer, school or institution ({m.group(0).strip()})")
    m = qsearch("places", 0)
    if m:
        add("place", 1, f"a place below state level ({m.group(0).strip()})")
    m = next((d for d in _DATE.finditer(text) if not _CITATION_DATE.search(text[max(0, d.start() - 60) : d.end() + 2])), None)
    m = m or _WEEKDAY.search(text) or _TIME.search(text) or _RELATIVE_TIME.search(text)
    if m:
        add("date", 1, f"a date or time ({m.group(0).strip()})")
    m = qsearch("family")
    if m:
        add("family", 1, f"family composition ({m.group(0)})")
    m = qsearch("ethnicity", 0)
    if m:
        add("ethnicity", 1, f"ethnicity, nationality, religion or language ({m.group(0)})")
    m = qsearch("rare_medical", 0)
    if m:
        add("medical", 1, f"a distinctive medical detail ({m.group(0)})")
    m = qsearch("newsworthy")
    if m:
        add("news", 2, f"a newsworthy event ({m.group(0)})")
    m = qsearch("visible")
    if m:
        add("visible", 1, f"a visible descriptor ({m.group(0)})")
    if attributed_quotes(text):
        add("quote", 1, "a verbatim quote")
    if minor or qsearch("minor"):
        add("minor", 1, "the person is a minor")
    points = sum(p for p, _ in found.values())
    return QIScore(points, [what for _, what in found.values()])


def story_scores(ctx) -> dict[int, tuple[list, QIScore]]:
    """QI score of each story (one person's paragraphs), computed once per post."""

    def compute():
        paras = cc.context(ctx)
        out = {}
        for sid, ps in cc.stories(paras).items():
            text = "\n\n".join(p.text for p in ps)
            out[sid] = (ps, score(text))
        return out

    return ctx.memo("story_scores", compute)


def para_score(ctx, para) -> QIScore:
    if para.story >= 0:
        return story_scores(ctx)[para.story][1]
    return score(para.text)


def _specific_paras(ctx):
    return [p for p in cc.context(ctx) if p.specific or p.story >= 0]


# --------------------------------------------------------------------------
# B101 client-identifier
# --------------------------------------------------------------------------

_PHONE = re.compile(r"(?<![\w/.-])(?:\+?1[ .-]?)?(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w-])")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_SSN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]\"']+[^\s<>()\[\]\"'.,;:!?]|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|shop|store|co|io|me|biz|info|art|studio|blog|site)(?:/[^\s<>()\"']*)?\b", re.I)
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?(?:@[\w.-]+)?")
_USERNAME = re.compile(
    r"\b(?:on|at|via)\s+(?:TikTok|Instagram|Insta|Twitter|X|YouTube|Snapchat|Facebook|Etsy|Twitch|Reddit|Discord|Tumblr|Threads|Bluesky|Mastodon)(?:\s+as|\s+under|\s+at|:)?\s+@?([A-Za-z0-9_.]*[_.0-9][A-Za-z0-9_.]*|[a-z][a-z0-9]{5,})\b"
)
_IP = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
_STREET = re.compile(
    r"\b\d{1,5} (?:[NSEW]\.? )?(?:[A-Z][a-z]+ ){1,3}(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Lane|Ln\.?|Drive|Dr\.?|Boulevard|Blvd\.?|Court|Ct\.?|Way|Place|Pl\.?|Terrace|Circle|Highway|Hwy\.?|Parkway|Trail|Crescent|Cres\.?|Close|Row|Square|Sq\.?|Grove|Gardens|Mews|Walk|Hill|Rise|Green|Parade|Esplanade|Alley|Plaza|Pike)(?![a-z])"
)
_NUM_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|oh)"
#: A house number written in words ("two-twelve Fenwick Street", "forty-one Elm Road"): the same address.
_STREET_WORDS = re.compile(
    rf"\b(?i:{_NUM_WORD}(?:[- ]{_NUM_WORD}){{0,3}}) (?:[A-Z][a-z]+ ){{1,3}}"
    r"(?:Street|Avenue|Road|Lane|Drive|Boulevard|Court|Way|Place|Terrace|Circle|Crescent|Close|Row|Square|Grove|Gardens|Mews|Alley)(?![a-z])"
)
_ZIP = re.compile(r"\b(?:ZIP|zip code|postcode)\s*:?\s*\d{5}(?:-\d{4})?\b|\b[A-Z]{2} \d{5}(?:-\d{4})?\b", re.I)
_RECORD = re.compile(
    r"\b(?:MRN|medical record(?: number| no\.?| #)?|record (?:number|no\.?|#)|chart (?:number|#)|member ID|policy (?:number|#|no\.?)|"
    r"account (?:number|#|no\.?)|licen[cs]e (?:plate|number|#)|plate(?: number)?|case (?:number|#)|device (?:ID|serial)|serial (?:number|#))\s*:?\s*#?\s*[A-Z0-9][A-Z0-9-]{3,}",
    re.I,
)
_PERSONAL_WEB = re.compile(
    r"\b(?:her|his|their|the client's|my client's|[A-Z][a-z]+'s) (?:own )?(?:shop|store|business|website|site|page|profile|account|handle|blog|channel|Instagram|TikTok|Facebook|Etsy|LinkedIn|YouTube|Twitter|feed|username|podcast|newsletter|Substack|OnlyFans|portfolio)\b",
    re.I,
)
#: Reference and institutional hosts: a link there in a client paragraph is a citation.
_REFERENCE_HOST = re.compile(
    r"(?:^|\.)(?:gov|edu|mil|int|doi\.org|nih\.gov|ncbi\.nlm\.nih\.gov|pubmed\.ncbi\.nlm\.nih\.gov|apa\.org|psychiatry\.org|counseling\.org|socialworkers\.org|aamft\.org|"
    r"who\.int|samhsa\.gov|988lifeline\.org|crisistextline\.org|thetrevorproject\.org|rainn\.org|nami\.org|nimh\.nih\.gov|cdc\.gov|"
    r"reportingonsuicide\.org|afsp\.org|sprc\.org|wikipedia\.org|example\.(?:com|org|net))$",
    re.I,
)


# A year in a citation is about a study, not a client: "Sweeney showed in 2000", "(Gabbard, 2000)", "et al. 2019".
_CITATION_DATE = re.compile(
    r"\b[A-Z][a-z]+(?: and [A-Z][a-z]+| et al\.?)? (?:showed|found|reported|published|wrote|argued|demonstrated|estimated|observed|noted|described)"
    r"(?: \w+){0,3} in (?:19|20)\d\d\b|\([A-Z][^()]{1,60},? (?:19|20)\d\d[a-z]?\)|et al\.?,? \(?(?:19|20)\d\d"
)


_RECORD_TREE = requirement_for(_RECORD)
_RECORD_WORDS = tuple(sorted(words_of(_RECORD_TREE)))


def _may_hold_record(text: str) -> bool:
    """prefilter.can_match(_RECORD, text), without looking the pattern up (see clientctx.Gate)."""
    if _RECORD_TREE is None or not cc.safe_text(text):
        return True
    low = text.lower()
    return holds(_RECORD_TREE, frozenset(w for w in _RECORD_WORDS if w in low))


def _host(url: str) -> str:
    return re.sub(r"^[a-z]+://", "", url.lower()).split("/")[0].split(":")[0].removeprefix("www.")


_DIGIT = re.compile(r"\d")
_STREET_TYPE = re.compile(r"(?:Street|Avenue|Road|Lane|Drive|Boulevard|Court|Way|Place|Terrace|Circle|Crescent|Close|Row|Square|Grove|Gardens|Mews|Alley)(?![a-z])")
# Cheap searches that every match of a slower pattern needs (exact filters):
# - a _URL match begins with "http(s)://" or "www." (first alternative) or ends
#   in "." and one of its top-level domains (second), matched case-insensitively;
_URL_ANCHOR = re.compile(r"://|www\.|\.(?:com|net|org|shop|store|co|io|me|biz|info|art|studio|blog|site)", re.I)
# - a _USERNAME match names one of its platforms, spelled exactly (it is case-sensitive);
#   (and a _RECORD match holds what its requirement tree asks for: see _may_hold_record)
_PLATFORM = re.compile(r"TikTok|Instagram|Insta|Twitter|X|YouTube|Snapchat|Facebook|Etsy|Twitch|Reddit|Discord|Tumblr|Threads|Bluesky|Mastodon")




def _identifiers(text: str, practice):
    """(start, end, what) for each direct identifier that is not the practice's own."""
    # Exact shortcuts: phone, SSN, IP, street and ZIP patterns all need a digit;
    # e-mail addresses and handles need an "@"; the others need their words.
    digit = _DIGIT.search(text) is not None
    at = "@" in text
    for m in _PHONE.finditer(text) if digit else ():
        if not practice.is_own_phone(m.group(0)):
            yield m.start(), m.end(), f"a phone number ({m.group(0)})"
    for m in _SSN.finditer(text) if digit else ():
        yield m.start(), m.end(), "a Social Security number"
    for m in _EMAIL.finditer(text) if at else ():
        if not practice.is_own_email(m.group(0)) and not practice.is_own_url(m.group(0).split("@")[1]):
            yield m.start(), m.end(), f"an email address ({m.group(0)})"
    emails = [(m.start(), m.end()) for m in _EMAIL.finditer(text)] if at else []
    for m in _URL.finditer(text) if _URL_ANCHOR.search(text) else ():
        if any(a <= m.start() < b for a, b in emails):
            continue
        host = _host(m.group(0))
        if practice.is_own_url(m.group(0)) or _REFERENCE_HOST.search(host):
            continue
        yield m.start(), m.end(), f"a web address ({m.group(0)})"
    for m in _HANDLE.finditer(text) if at else ():
        if any(a <= m.start() < b for a, b in emails) or practice.is_own_handle(m.group(0)):
            continue
        yield m.start(), m.end(), f"a social-media handle ({m.group(0)})"
    for m in _USERNAME.finditer(text) if _PLATFORM.search(text) else ():
        if not practice.is_own_handle(m.group(1)):
            yield m.start(1), m.end(1), f"a social-media username ({m.group(1)})"
    for m in _IP.finditer(text) if digit else ():
        yield m.start(), m.end(), "an IP address"
    for m in _STREET.finditer(text) if digit else ():
        if practice.address and m.group(0).lower() in practice.address.lower():
            continue
        yield m.start(), m.end(), f"a street address ({m.group(0)})"
    for m in _STREET_WORDS.finditer(text) if _STREET_TYPE.search(text) else ():
        if practice.address and m.group(0).split(" ", 1)[1].lower() in practice.address.lower():
            continue
        yield m.start(), m.end(), f"a street address ({m.group(0)})"
    for m in _ZIP.finditer(text) if digit else ():
        if practice.address and m.group(0).split()[-1] in practice.address:
            continue
        yield m.start(), m.end(), f"a ZIP code ({m.group(0)})"
    for m in _RECORD.finditer(text) if _may_hold_record(text) else ():
        if any(c.licence and c.licence.lower() in m.group(0).lower() for c in practice.clinicians):
            continue
        yield m.start(), m.end(), f"a record, account, licence or plate number ({m.group(0).strip()})"


#: A record number of a kind that belongs to one patient wherever it appears: no post needs one.
_MEDICAL_RECORD = re.compile(
    r"\b(?:MRN|medical record(?: number| no\.?| #)?|chart (?:number|#)|patient (?:ID|number|#)|member ID|Medicaid (?:ID|number)|Medicare (?:ID|number)|"
    # the number itself: it holds a digit ("insurance ID number" names the kind of number, and is not one)
    r"insurance (?:ID|member ID|policy number)|(?:health )?plan (?:ID|number|#)|policy (?:ID|number|#)|member (?:number|#)|subscriber (?:ID|number)|NHS number)"
    r"\s*(?:is|was|=)?\s*:?\s*#?\s*(?=[A-Z-]*\d)[A-Z0-9][A-Z0-9-]{3,}",
    re.I,
)
_SOMEONES = re.compile(r"\b(?:posting|posts|posted|goes by|went by|known as|under the name|handle|account|username|profile|videos?|channel)\b", re.I)


def _client_identifier(post, ctx):
    paras = cc.context(ctx)
    # A post that tells a client's story: an identifier tied to "him" or "her" anywhere in it
    # (a story's later paragraphs may sit under their own headings).
    has_story = any(p.story >= 0 or p.specific for p in paras)
    for para in paras:
        raw = para.seg.text[para.start : para.end]
        medical = []
        for m in _MEDICAL_RECORD.finditer(raw) if any(w in raw for w in ("MRN", "ecord", "hart", "ID", "umber", "olicy", "#")) else ():
            medical.append((m.start(), m.end()))
            yield Hit(para.seg, para.abs(m.start()), para.abs(m.end()), f"a medical record or patient number ({m.group(0).strip()})")
        if not para.in_context:
            if not has_story:
                continue
            for a, b, what in _identifiers(raw, ctx.practice):
                if not what.startswith(("a social-media handle", "a social-media username", "a web address", "an email address", "a phone number")):
                    continue
                sa, sb = cc.sentence_at(para, a)
                sentence = para.text[sa:sb]
                if cc.THIRD_PERSON.search(sentence) and (_PERSONAL_WEB.search(sentence) or _SOMEONES.search(sentence)):
                    yield Hit(para.seg, para.abs(a), para.abs(b), f"{what} of a person in this post's client story")
            continue
        strong = para.specific or para.story >= 0
        for a, b, what in _identifiers(raw, ctx.practice):
            if any(x <= a < y for x, y in medical):
                continue
            sa, sb = cc.sentence_at(para, a)
            sentence = para.text[sa:sb]
            # In a generic paragraph ("clients can reach our billing office at…")
            # an identifier counts only when the sentence ties it to a person.
            if not strong and not (cc.THIRD_PERSON.search(sentence) or _PERSONAL_WEB.search(sentence)):
                continue
            if strong and what.startswith(("a web address", "a social-media handle")) and not (
                _PERSONAL_WEB.search(sentence) or cc.THIRD_PERSON.search(sentence)
            ):
                continue
            yield Hit(para.seg, para.abs(a), para.abs(b), f"{what} in a paragraph about a client")


# --------------------------------------------------------------------------
# B102 client-named, B109 relationship-disclosure, B110 third-party-identifiers
# --------------------------------------------------------------------------

NAME = r"([A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
_NAMED_PATTERNS = [
    re.compile(rf"\b(?i:my|a|one|our|the|this|that) (?i:former |new |young |teenage |longtime )?(?i:client|patient|counselee)s?(?: of (?:mine|ours))?,? (?:named |called |whom I(?:'ll| will) call )?{NAME}\b"),
    # The comma matters: "Ana, a client of mine" names; "Consider a client who…" does not.
    re.compile(rf"\b{NAME}, (?:a|my|one of my|one of our|our|a former|my former) (?:former |new |young |longtime )?(?:client|patient|counselee)s?\b"),
    re.compile(rf"\b{NAME}, (?:whom|who) (?:I|we) (?:treated|saw|worked with|counseled|counselled|see|treat|have been seeing|have been treating|started seeing)\b"),
    re.compile(rf"\b{NAME}, (?:who|whom) (?:\w+ ){{0,2}}?(?:worked with (?:me|us)|saw (?:me|us)|came to (?:see )?(?:me|us)|was (?:in therapy with|my client|my patient|seeing) (?:me|us)?|has been (?:seeing|working with) (?:me|us)|is (?:in therapy with|seeing) (?:me|us)|started (?:therapy|seeing me))"),
    re.compile(rf"\b(?:I|we) (?:treated|saw|counseled|counselled|worked with|started seeing|began seeing) {NAME} (?:for|when|after|last|in|over|because)\b"),
    re.compile(rf"\b(?:I(?:'ll| will)? call (?:her|him|them)|(?:let's|let us) call (?:her|him|them)) {NAME}\b"),
]
_REMEMBER_NAME = re.compile(rf"\bI (?:still |often |will always )?(?:remember|recall|think of|picture) {NAME}(?:'s)?\b")
#: The person whose story the post tells, thanked by name: "My thanks to Tomasz, who … asked me to keep his part
#: in the story", "thank you to Ana for letting me share her story". In a post that tells a client's story,
#: that names the client.
_STORY_OWNER = re.compile(
    rf"\b{NAME},? (?:who|whose) (?:[\w'-]+ ){{0,10}}?(?:asked|allowed|let|permitted|agreed|wanted|encouraged|gave (?:me )?(?:permission|consent|(?:her|his|their) blessing)) "
    rf"(?:me )?(?:to )?(?:tell|share|keep|use|include|write (?:about|up)|publish|print|retell) (?:(?:his|her|their) )?(?:own )?(?:part|story|words|experience|journey|account)|"
    rf"\b(?:thanks?|thank you|grateful|gratitude) (?:\w+ ){{0,2}}?(?:to )?{NAME},? (?:for (?:letting|allowing|trusting) me (?:to )?(?:tell|share|use|write about)|"
    rf"who (?:let|allowed) me (?:to )?(?:tell|share|use)) (?:his|her|their) (?:own )?(?:story|words|experience|journey)"
)
_STORY_OWNER_WORDS = frozenset(("story", "part", "words", "experience", "journey", "account"))
cc.learn_words(_STORY_OWNER_WORDS)
#: Someone thanked in another role is not the client: "my colleague Ana", "Dr. Park", "my editor, Sam".
_OTHER_ROLE_BEFORE = re.compile(
    r"\b(?:colleagues?|friends?|editors?|supervisors?|mentors?|co-?authors?|Dr\.?|Prof\.?|professor|husband|wife|partner|spouse|sister|brother|"
    r"mother|father|mom|dad|mum|son|daughter|student|intern|assistant|reviewer|peer)\W*$",
    re.I,
)
_GREETINGS = ("Thank you", "Thanks", "Dear", "Hi", "Hello")
_ADDRESSED = re.compile(rf"\b(?:{'|'.join(_GREETINGS)}),? {NAME}\b")
_NAME_VERB = re.compile(
    rf"\b{NAME} (?:told me|said|came in|came to see me|first came|walked in|sat down|cried|admitted|confided|explained|described|asked me|wrote to me|emailed me|started therapy|began therapy|had been|was referred)\b"
)


def _named_clients(ctx):
    """(para, start, end, name) for every personal name attached to a client (found once per post)."""
    return ctx.memo("named_clients", lambda: list(_find_named_clients(ctx)))


#: Every _REMEMBER_NAME match holds one of these (it is case-sensitive, so its lower case does too).
_REMEMBER_WORDS = frozenset(required_for(_REMEMBER_NAME))
_NAMED_GATES = [(rx, cc.Gate(rx)) for rx in _NAMED_PATTERNS]
_NAME_VERB_GATE = [(_NAME_VERB, cc.Gate(_NAME_VERB))]
cc.learn_words(_REMEMBER_WORDS)
#: The words of every _NAMED_PATTERNS filter: a paragraph with none of them skips them all.
#: (None if one pattern has no words: then nothing is skipped.)
_NAMED_REQUIRED = (
    None if any(required_for(rx) is None for rx in _NAMED_PATTERNS) else frozenset().union(*(required_for(rx) for rx in _NAMED_PATTERNS))
)
#: any(w in text for w in _GREETINGS), as one search (the same literal strings, case-sensitive).
_GREETING = re.compile("|".join(re.escape(w) for w in _GREETINGS))


def _find_named_clients(ctx):
    cited = ctx.memo("cited", lambda: cc.cited_names(ctx.post))
    seen = set()
    any_in_context = any(p.in_context for p in cc.context(ctx))
    for para in cc.context(ctx):
        # The patterns attach a name to a client by themselves ("Ana, whom I
        # treated"); a bare "Ana told me" counts only inside a client's story.
        strong = para.specific or para.story >= 0
        words = cc.para_words(para)
        if _NAMED_REQUIRED is not None and _NAMED_REQUIRED.isdisjoint(words):
            patterns = _NAME_VERB_GATE if strong else []
        else:
            patterns = _NAMED_GATES + (_NAME_VERB_GATE if strong else [])
        for rx, gate in patterns:
            if gate.required is not None and gate.required.isdisjoint(words):  # gate.may_match(para)
                continue
            for m in rx.finditer(para.text):
                name = m.group(1)
                if not cc.is_name(name, ctx.practice) or name in cited or _in_quotes(para, m.start(), m.end()):
                    continue
                if not person_at(ctx, para, m.start(1), m.end(1)):
                    continue
                key = (id(para.seg), para.abs(m.start(1)))
                if key in seen:
                    continue
                seen.add(key)
                yield para, m.start(1), m.end(1), name
        # "I still remember Priya's face…" in a post about clients; "Thank you, Colleen"
        # in a reply that confirms therapy.
        extra = []
        # (A paragraph whose lower case lacks every _REMEMBER_WORDS has no _REMEMBER_NAME match.)
        if any_in_context and (not para.safe or not _REMEMBER_WORDS.isdisjoint(words)):
            extra.append(_REMEMBER_NAME)
        if (any_in_context or ctx.case_material not in (None, "none")) and not _STORY_OWNER_WORDS.isdisjoint(words):
            extra.append(_STORY_OWNER)
        # _ADDRESSED (case-sensitive) needs one of its greetings; only then is the large
        # _RELATIONSHIP pattern worth running.
        if _GREETING.search(para.text) is not None and _RELATIONSHIP.search(para.text):
            extra.append(_ADDRESSED)
        for rx in extra:
            for m in rx.finditer(para.text):
                g = next(i for i in range(1, (rx.groups or 1) + 1) if m.group(i))
                name = m.group(g)
                key = (id(para.seg), para.abs(m.start(g)))
                if key in seen or not cc.is_name(name, ctx.practice) or name in cited or _in_quotes(para, m.start(), m.end()):
                    continue
                if not person_at(ctx, para, m.start(g), m.end(g)):
                    continue
                if rx is _STORY_OWNER and _OTHER_ROLE_BEFORE.search(para.text[max(0, m.start(g) - 30) : m.start(g)]):
                    continue
                seen.add(key)
                yield para, m.start(g), m.end(g), name


_REAL_NAME_RX = re.compile(
    r"\b(?:(?:her|his|their) real (?:first )?name|real names?|actual (?:first )?name|(?:asked|wanted) (?:me )?to use (?:her|his|their) (?:own |real )?name)\b",
    re.I,
)


def says_real_name(text: str) -> bool:
    """The post says a name is the person's real one ("with her real name, at her request"); "that's not his
    real name" and "no real names are used" say the opposite, and do not count."""
    for m in _REAL_NAME_RX.finditer(text):
        if re.search(r"\b(?:not|n't|no|never|without)\b[^.;:!?]{0,12}$", text[max(0, m.start() - 20) : m.start()], re.I):
            continue
        if re.match(r"\s+(?:is|are|was|were|have been|has been)\s+(?:not|never|changed|invented|withheld)", text[m.end() :], re.I):
            continue
        return True
    return False


def _in_quotes(para, a: int, b: int) -> bool:
    from .common import in_quotes

    return in_quotes(para.seg.text, para.abs(a), para.abs(b))


def _client_named(post, ctx):
    invented = cc.declares_invented(post) and not any(says_real_name(seg.prose) for seg in post.segments)
    lowered = invented and ctx.case_material != "none"
    for para, a, b, name in _named_clients(ctx):
        # A person thanked by name for letting their story be told is named for real.
        thanked = any(m.start(g) == a for m in _STORY_OWNER.finditer(para.text) for g in range(1, _STORY_OWNER.groups + 1) if m.group(g))
        if lowered and not thanked:
            yield Hit(para.seg, para.abs(a), para.abs(b), f"\"{name}\" is named as a client (the post says the name is invented)", Severity.WARN)
        else:
            hint = "" if invented else " and nothing says the name is invented"
            yield Hit(para.seg, para.abs(a), para.abs(b), f"\"{name}\" is named as a client{hint}")


_REVIEW = re.compile(r"\b(?:reviews?|reviewer|reviewed|Yelp|Google|Healthgrades|Psychology Today|Zocdoc|rating|rated|stars?|testimonial|feedback you (?:left|posted|wrote))\b", re.I)
_REPLY_ADDRESS = re.compile(
    r"\bto (?:the|our|my) (?:person|reviewer|commenter|reader|client|former client|writer|couple|family|parents?|mother|father|mum|mom|dad|man|woman|gentleman|lady)\b|\b(?:thank you|thanks|dear|hi|hello),? [a-z]+\b|"
    r"^[a-z]+, (?:thank you|thanks)\b|"
    r"\byou (?:wrote|left|posted|said|mentioned|described|shared)\b|\byour (?:review|comment|post|message|note|words|feedback)\b|"
    r"\b(?:i|we) (?:read|saw|received) your\b|\bin (?:your|this) (?:review|comment)\b|\bfrom the comments\b|"
    r"\byou (?:felt|were right|are right|experienced|had a)\b|\b(?:i|we) (?:want|wanted) you to know\b|\b(?:i|we)(?:'m|'re| am| are) (?:so )?sorry (?:that )?you\b"
)
_REVIEW_WORDS = re.compile(r"review|yelp|google|healthgrades|psychology today|zocdoc|rating|rated|stars?\b|testimonial|feedback|wrote about us|wrote about me|"
                           r"wrote about (?:our|my|your) (?:work|time|sessions?|therapy)|directory|comments?\b|commenter|wrote in|readers? wrote|replies|reply to")
_RELATIONSHIP = re.compile(
    r"\byour (?:\w+ ){0,3}of (?:\w+ )?(?:appointments|sessions|therapy|counsel+ing|work with (?:me|us))\b|"
    r"\b(?:our (?:work|time|sessions?|therapy|conversations) together|(?:the|these|those|of) (?:[\w-]+ ){0,4}?(?:work|time|sessions?|therapy|journey) together|our sessions|our work|when you (?:first )?(?:came|were coming|started|began|were in)|as your (?:therapist|counsel+or|psychologist|psychiatrist|doctor|clinician)|"
    r"your (?:treatment|therapy|sessions?|progress|recovery|care) (?:with (?:me|us)|here)|working with you|worked with you|(?:helped|help|helping) you (?:through|with)|"
    r"you were (?:my|a|our) (?:client|patient)|I (?:remember|recall) (?:you|our)|(?:glad|happy|honou?red) (?:I|we) (?:could|were able to) (?:help|work with|see) you|"
    r"(?:sorry|regret) (?:that )?(?:your|our) (?:sessions?|therapy|treatment|experience (?:with|in) (?:me|us|our))|in (?:our|your) (?:last|final|first) session|"
    r"your (?:first |last |next |recent |weekly )?(?:appointments?|sessions?|visits?|intake|therapy|treatment) (?:with|at) (?:me|us|our|[A-Z][a-z]+)|"
    r"(?:return|come back|continue) (?:to (?:your|our) (?:appointments?|sessions?|therapy|work)|(?:with|seeing) (?:me|us|[A-Z][a-z]+))|"
    r"(?:continue|resume) (?:your|our) (?:work|therapy|treatment|sessions?)|"
    r"(?:before|after|at|during|in|from) your (?:first |last |initial |follow-up |recent )?(?:intake|sessions?|appointments?|visits?|therapy|treatment)|"
    r"our (?:conversations?|sessions?|work|time|meetings?) (?:about|on|together|with you)|(?:refunded|waived|credited) (?:the |your )?(?:\w+ )?(?:fee|charge|copay|bill)|"
    # "It was a privilege to walk alongside you", "the day you came in and told him…"
    r"(?:privilege|honou?r|pleasure|joy|gift) (?:to|of) (?:walk|work|sit|be|journey|travel)(?:ing)? (?:alongside|with|beside) you|"
    # "It was a privilege to be part of that stretch of your life", "an honour to witness your recovery"
    r"(?:privilege|honou?r|pleasure|joy|gift) (?:to|of) (?:be(?:ing)? (?:a )?(?:small )?part of|witness(?:ing)?|shar(?:e|ing) in|accompany(?:ing)?) "
    r"(?:[\w-]+ ){0,5}?your (?:life|lives|journey|story|healing|growth|recovery|progress|work|path)|"
    r"(?:the day|the first day|the moment|when|since) you (?:first )?(?:came|walked|stepped) (?:in|into (?:our|my|the) (?:office|practice))|"
    r"(?:glad|happy|thrilled|delighted|so pleased) to (?:hear|see|know) (?:that )?(?:the|your) (?:\w+ )?(?:job|relationship|marriage|recovery|progress|move|place|lease))",
    re.I,
)
_NAMED_AS_CLIENT = re.compile(
    r"\b([A-Z][a-z]+ (?:[A-Z]\. )?[A-Z][a-z]+),? (?:is|was|has been|had been|became) (?:a|my|one of my|one of our|our) (?:former |longtime |current )?(?:client|patient)s?\b|"
    r"\b(?:I|we) (?:treated|counseled|counselled|was the therapist (?:for|of)|saw) ([A-Z][a-z]+ (?:[A-Z]\. )?[A-Z][a-z]+)\b|"
    r"\b(?:my|our) (?:former )?(?:client|patient),? ([A-Z][a-z]+ (?:[A-Z]\. )?[A-Z][a-z]+)\b|"
    # "Devin Marsh, who saw Marcus for couples counselling": group 5, when set, must be
    # one of the practice's clinicians (checked where it is used).
    r"\b([A-Z][a-z]+ (?:[A-Z]\. )?[A-Z][a-z]+),? who (?:saw|sees|had seen|was seeing|has been seeing|worked with|came to|attended|"
    r"was in (?:therapy|counsel+ing|treatment) with) (?:me|us|our (?:practice|office|clinic)|([A-Z][a-z]+))\b"
)
#: Every _NAMED_AS_CLIENT alternative (case-sensitive) captures a name of this shape: a text without one has no match.
_TWO_CAPS = re.compile(r"[A-Z][a-z]+ (?:[A-Z]\. )?[A-Z][a-z]+")


def _inside_quote(before: str) -> bool:
    """Is the end of `before` inside an open double quote (a phrase being discussed)?"""
    return before.count('"') % 2 == 1 or before.rfind("“") > before.rfind("”")


_NEGATION = re.compile(r"\b(?:never|not|n't|won't|don't|do not|will not|wouldn't|cannot|can't|refuse|refuses|no longer|avoid|decline)\b", re.I)


def _segment_paragraphs(ctx):
    """(seg, its paragraphs) for each segment, from the client-context analysis.

    cc.context holds cc.paragraphs(seg) of every segment of the post, in order
    (the same spans, texts and sentences); segments without paragraphs are left
    out, and the rules that use this find nothing in them.
    """
    groups: list = []
    for p in cc.context(ctx):
        if groups and groups[-1][0] is p.seg:
            groups[-1][1].append(p)
        else:
            groups.append((p.seg, [p]))
    return groups


#: Every _REVIEW_WORDS match (a case-sensitive pattern run on lower-cased text) holds one of these.
_REVIEW_REQUIRED = required_for(_REVIEW_WORDS)
cc.learn_words(_REVIEW_REQUIRED)
_NAMED_AS_CLIENT_GATE = cc.Gate(_NAMED_AS_CLIENT)


def _review_here(p) -> bool:
    return not _REVIEW_REQUIRED.isdisjoint(cc.para_words(p)) and _REVIEW_WORDS.search(p.low) is not None


def _relationship_disclosure(post, ctx):
    for seg, paras in _segment_paragraphs(ctx):
        lows = [p.low for p in paras]
        review_here = [_review_here(p) for p in paras]
        replies: dict[int, bool] = {}

        def replying(k: int, lows=lows, replies=replies) -> bool:
            """_REPLY_ADDRESS.search(lows[k]), searched once per paragraph."""
            got = replies.get(k)
            if got is None:
                got = replies[k] = _REPLY_ADDRESS.search(lows[k]) is not None
            return got

        for i, para in enumerate(paras):
            text = para.text
            if not _NAMED_AS_CLIENT_GATE.may_match(para) and not any(review_here[max(0, i - 2) : i + 2]):
                continue
            for m in _NAMED_AS_CLIENT.finditer(text) if _TWO_CAPS.search(text) else ():
                name = next(g for g in m.groups() if g)
                if any(not cc.is_name(w, ctx.practice) for w in name.replace(".", "").split() if len(w) > 1):
                    continue
                if m.group(5) and m.group(5) not in {w for c in ctx.practice.clinicians for w in c.name.split()}:
                    continue  # someone else's clinician: not a statement about this practice's clients
                yield Hit(seg, para.abs(m.start()), para.abs(m.end()), f"it says that {name} is or was a client")
            # A reply to a review: the review may be introduced in the paragraph before.
            if not any(review_here[max(0, i - 2) : i + 2]):
                continue
            # A reply speaks to one person who wrote something; a policy speaks to everyone.
            if not any(replying(k) for k in range(max(0, i - 2), i + 1)):
                continue
            for m in _RELATIONSHIP.finditer(text):
                sa, sb = cc.sentence_at(para, m.start())
                sentence = text[sa:sb]
                # Talking *about* what one must not say is not saying it.
                before = text[sa : m.start()]
                if _NEGATION.search(before) or _inside_quote(before):
                    continue
                # "If our work together has helped you…" speaks to every client, not one.
                if re.search(r"\b(?:if|whether|whenever|any)\b[^,;]*$", before, re.I):
                    continue
                if not re.search(r"\b(?:you|your)\b", sentence, re.I):
                    continue
                yield Hit(seg, para.abs(m.start()), para.abs(m.end()), f"a reply to a review confirms a therapy relationship (\"{m.group(0)}\")")
                break


_RELATIVE = r"(?:son|daughter|stepson|stepdaughter|husband|wife|spouse|partner|boyfriend|girlfriend|fianc[ée]e?|ex-husband|ex-wife|ex|mother|father|mom|dad|mum|brother|sister|child|children|kids?|grandson|granddaughter|grandmother|grandfather|aunt|uncle|cousin|roommate|boss|employer)"
_RELATIVE_POSSESSIVE = re.compile(rf"\b(?:her|his|their|the client's|my client's|the patient's) {_RELATIVE}(?:'s)?\b", re.I)
_RELATIVE_NAMED = re.compile(rf"\b(?:her|his|their|the client's|my client's|the patient's) {_RELATIVE},? {NAME}\b|\b{NAME},? (?:her|his|their) {_RELATIVE}\b")
_RELATIVE_PLACE = re.compile(
    rf"\b(?:her|his|their|the client's|my client's) {_RELATIVE}(?:'s)?\b[^.;!?]{{0,80}}?\b(?:works?|worked|working|teaches|taught|attends|attended|goes|went|is (?:a |an |the )?[\w -]{{0,30}}?(?:at|for)|studies|plays|coaches|serves|stationed)\b[^.;!?]{{0,40}}?\b(?:at|for|to|with|in) (?:the )?([A-Z][\w'&.-]+(?: (?:[A-Z][\w'&.-]+|of|and|&))*)"
)


def _third_party(post, ctx):
    # "Let's meet a fictional couple named Rachel and Henry": the names are invented, as B102 reads it.
    invented = cc.declares_invented(post) and not any(says_real_name(seg.prose) for seg in post.segments)
    for para in _specific_paras(ctx):
        text = para.text
        for m in _RELATIVE_NAMED.finditer(text) if not invented else ():
            name = m.group(1) or m.group(2)
            if not cc.is_name(name, ctx.practice) or name in ctx.memo("cited", lambda: cc.cited_names(post)):
                continue
            yield Hit(para.seg, para.abs(m.start()), para.abs(m.end()), f"a client's relative is named ({name})")
        seen = set()
        for m in _RELATIVE_PLACE.finditer(text):
            place = m.group(1)
            if place.split()[0] in cc.NAME_STOP:
                continue
            seen.add(m.start())
            yield Hit(para.seg, para.abs(m.start()), para.abs(m.end()), f"a client's relative's workplace or school is named ({place})")
        # "their daughter's second-grade teacher at Maple Grove Elementary"
        for sa, sb in para.sentences:
            sentence = text[sa:sb]
            rel = _RELATIVE_POSSESSIVE.search(sentence)
            inst = _qi("institutions", 0).search(sentence)
            if rel and inst and not any(sa <= x < sb for x in seen) and inst.start() > rel.start():
                yield Hit(para.seg, para.abs(sa + inst.start()), para.abs(sa + inst.end()), f"a client's relative's school or workplace is named ({inst.group(0).strip()})")


# --------------------------------------------------------------------------
# B103 client-date, B107 real-time-disclosure
# --------------------------------------------------------------------------

_RECENCY = re.compile(
    r"\b(?:yesterday|this (?:morning|afternoon|evening|week)|earlier today|today|tonight|last night|just now|an hour ago|minutes ago|a few hours ago|this past (?:week|weekend))\b",
    re.I,
)
_PERSON_REF = re.compile(r"\b(?:she|he|they|her|him|his|their|you|your|client|patient|couple|family|session|appointment|dad|mom|father|mother|man|woman)\b", re.I)


def _client_date(post, ctx):
    for para in _specific_paras(ctx):
        text = para.text
        for sa, sb in para.sentences:
            sentence = text[sa:sb]
            if not _PERSON_REF.search(sentence):
                continue
            cue_here = bool(cc.specific_cues(sentence)) or para.story >= 0 or para.own_specific
            if not cue_here:
                continue
            m = _DATE.search(sentence) or _WEEKDAY.search(sentence) or _TIME.search(sentence)
            if m:
                yield Hit(para.seg, para.abs(sa + m.start()), para.abs(sa + m.end()), f"\"{m.group(0).strip()}\" dates something in a client's life")
                continue
            m = _RECENCY.search(sentence) or _RELATIVE_TIME.search(sentence)
            if m and re.search(r"\b(?:session|appointment|client|patient|came in|saw)\b", sentence, re.I):
                yield Hit(para.seg, para.abs(sa + m.start()), para.abs(sa + m.end()), f"\"{m.group(0)}\" says how recently a client was seen", Severity.WARN)


_REALTIME = re.compile(
    r"\b(?:I(?:'ve| have|'m| am)? )?just (?:finished|had|ended|wrapped up|got out of|came out of|walked out of|left|closed|hung up from|logged off from|out of|back from|home from|off|done with|stepped out of) (?:a|my|an|the|another|this|that) (?:\w+ )?(?:session|appointment|intake|call with a client)|"
    r"\b(?:session|appointment) (?:I|we) (?:just|only just) (?:had|finished|ended)|"
    r"\b(?:sitting|sat) (?:with|across from|opposite) (?:a|my) (?:client|patient) (?:right now|as I (?:write|type))|"
    r"\b(?:right now|as I (?:write|type) this),? (?:a|my) (?:client|patient)|"
    r"\b(?:a|my|this morning's|today's|this afternoon's|tonight's) (?:client|patient|session) (?:this morning|this afternoon|earlier today|today|an hour ago|just now|minutes ago)\b|"
    r"\b(?:this morning|this afternoon|earlier today|an hour ago|minutes ago),? (?:a|my|one) (?:client|patient)\b|"
    r"\b(?:between|after|during) (?:sessions|my last session|a session|my session|this session|today's session|the session) (?:today|this morning|this afternoon|tonight|just now)\b",
    re.I,
)


_REALTIME_GATE = cc.Gate(_REALTIME, tree=True)


def _real_time(post, ctx):
    for seg, paras in _segment_paragraphs(ctx):
        for para in paras:
            if not _REALTIME_GATE.may_hold(para):
                continue
            for m in _REALTIME.finditer(para.text):
                sa, sb = cc.sentence_at(para, m.start())
                if _NEGATION.search(para.text[sa : m.start()]):
                    continue
                s = score(para.text)
                points = s.points - (0.5 if "gender" in s.describe() else 0)
                sev = Severity.BLOCK if points >= 1 else Severity.WARN
                extra = f"; with {s.describe()}" if sev is Severity.BLOCK else ""
                yield Hit(seg, para.abs(m.start()), para.abs(m.end()), f"\"{m.group(0)}\"{extra}", sev)


# --------------------------------------------------------------------------
# B104 quasi-identifiers, B105 case material, B106 client quote
# --------------------------------------------------------------------------


def _quasi_identifiers(post, ctx):
    lowered = ctx.case_material == "composite" or (ctx.case_material == "consented" and post.meta.get("consent_ref"))
    reported = set()
    for para in cc.context(ctx):
        if not (para.specific or para.story >= 0):
            continue
        key = ("story", para.story) if para.story >= 0 else ("para", id(para))
        if key in reported:
            continue
        reported.add(key)
        s = para_score(ctx, para)
        if s.points >= 3:
            sev = Severity.WARN if lowered else Severity.BLOCK
        elif s.points >= 2:
            sev = Severity.WARN
        else:
            continue
        first = para
        if para.story >= 0:
            first = story_scores(ctx)[para.story][0][0]
        yield Hit(first.seg, first.start, first.end, f"{s.points:g} points ({s.describe()})", sev)


_STORY = None


def _story_rx():
    global _STORY
    if _STORY is None:
        _STORY = re.compile(r"\b" + alternation("narrative.yaml", "story"), re.I)
    return _STORY


_CARE_CUE = re.compile(r"\b(?:came|come|comes) to (?:see )?me (?:for|because|after|with|about|when)\b|\b(?:was|were) referred to me\b|"
                       r"\b(?:started|began) (?:therapy|seeing me|working with me)\b", re.I)


def clinical_stories(ctx):
    """(first para, signals) for each story about one client with narrative signals."""

    def compute():
        out = []
        for sid, (paras, _s) in story_scores(ctx).items():
            signals = set()
            for p in paras:
                for m in _story_rx().finditer(p.text):
                    signals.add(m.group(0).lower())
            named = any(True for para, *_ in _named_clients(ctx) if para.story == sid) or any(
                True for para, *_ in structure.client_names(ctx) if para.story == sid
            )
            # One signal is enough where one client is the subject of it in the same sentence ("A client
            # once told me…", "One astute client said, '…'"): CHECKLIST B105 is a client cue plus narrative.
            narrated = next((w for w in map(cc.one_client_narrates, paras) if w), "")
            if narrated:
                signals.add(narrated)
            # A specific cue that is itself a narrative of care ("she came to me for anxiety", "was referred to
            # me") with one more signal is a story too.
            cued = any(_CARE_CUE.search(p.text) for p in paras)
            if len(signals) >= 2 or (signals and (named or narrated or cued)):
                out.append((paras[0], sorted(signals)))
        return out

    return ctx.memo("clinical_stories", compute)


def _case_material(post, ctx):
    cm = ctx.case_material
    if cm in ("composite", "disguised") or (cm == "consented" and post.meta.get("consent_ref")):
        return
    if cm == "consented":
        line, col = post.meta_positions.get("case_material.value", (1, 1))
        yield Hit(line=line, column=col, detail="case_material is consented but there is no consent_ref saying where the client's written consent is filed")
        return
    told = False
    for para, signals in clinical_stories(ctx):
        told = True
        yield Hit(para.seg, para.start, para.end, f"this tells a client's story ({', '.join(signals[:3])}) and case_material is none (or missing)")
    if told:
        return
    # A client's own account, published by the writer ("Here, unedited, is a client's reflections…",
    # "written by one of our clients"): the story is the client's, whoever tells it.
    for seg in post.segments:
        m = (_CLIENT_AUTHORED.search(seg.prose) or CLIENT_ACCOUNTS.search(seg.prose)) if ("client" in seg.prose or "patient" in seg.prose) else None
        if m and not negated(seg.prose, m.start(), 40):
            yield Hit(seg, m.start(), m.end(), "the post publishes a client's own account, and case_material is none (or missing)")
            return


_WHOSE = r"(?:a|one|one of (?:my|our)|my|our|this|the following|a former|a past|a current)\s+(?:former\s+|past\s+|current\s+|long-?time\s+)?(?:client|patient)s?['’]?s?"
_CLIENT_AUTHORED = re.compile(
    rf"\b(?:here(?:'s| is| are)?|below(?: is| are)?|what follows (?:is|are)|the following (?:is|are)|we(?:'re| are) sharing|I(?:'m| am) sharing|"
    rf"(?:we|I) (?:share|publish|post|print)(?:ed)?)\b[^.!?\n]{{0,60}}?\b{_WHOSE}\s+(?:own\s+)?(?:reflections?|words|story|stories|account|letter|"
    rf"journal(?: entries)?|journey|thoughts|perspective|experience|testimony|voice)\b|"
    rf"\b(?:written|shared|told|contributed|authored) by {_WHOSE}\b|\bin {_WHOSE} own words\b|\bguest post (?:from|by) {_WHOSE}\b",
    re.I,
)


#: The practice's own words, quoted ("we offered you three other times", "we're glad we could help").
_OWN_WORDS = re.compile(r"^[\"“'‘]?\s*(?:actually,?\s+)?(?:we|we're|we've|we'd|our|us)\b", re.I)


#: A speaker label naming a client before their words: "Male Client in his 40s: “When I was twelve…”".
_CLIENT_LABEL = re.compile(r"^\W*(?:[\w-]+ ){0,3}(?:client|patient)s?\b[^:“\"\n]{0,40}:\s*[“\"]", re.I)


def _client_quote(post, ctx):
    for para in cc.context(ctx):
        m = _CLIENT_LABEL.match(para.text)
        if m and not _OWN_WORDS.match(para.text[m.end() - 1 :]):
            s = para_score(ctx, para)
            sev = Severity.BLOCK if s.points >= 2 else Severity.WARN
            extra = f"; with {s.describe()}" if sev is Severity.BLOCK else ""
            yield Hit(para.seg, para.abs(m.end() - 1), para.abs(min(len(para.text), m.end() + 60)),
                      f"the client's own words are quoted under a label naming the client{extra}", sev)
    names = set()
    for para in _specific_paras(ctx):
        for a, b, _inner in attributed_quotes(para.text, names):
            attributed = re.match(r"[\s,]*(?:(?:the|her|his|their|a|one|my)\s+)?\w+\s+(?:said|says|asked|told|added|explained|replied|wrote|whispered)\b",
                                  para.text[b : b + 60], re.I)
            if _OWN_WORDS.match(para.text[a:b]) and not attributed:
                continue
            sa, _sb = cc.sentence_at(para, a)
            if re.match(r"\s*(?:if|even if|when|whenever|suppose)\b", para.text[sa:a], re.I):
                continue
            s = para_score(ctx, para)
            sev = Severity.BLOCK if s.points >= 2 else Severity.WARN
            extra = f"; with {s.describe()}" if sev is Severity.BLOCK else ""
            yield Hit(para.seg, para.abs(a), para.abs(b), f"the client's own words are quoted{extra}", sev)


# --------------------------------------------------------------------------
# B108 client-image, B111 client-surveillance
# --------------------------------------------------------------------------

_WORK = r"(?:drawings?|draw|drew|sand ?trays?|sandtray|tray|paintings?|painted|artwork|art|letters?|journal|journals|collage|notes?|poems?|genogram|worksheets?|diary|sculpture|clay|figures?|picture|photo|homework|writing|creation|made|records?|logs?|charts?|sheets?|entries|entry|exercises?|assignments?|plans?|screenshots?|messages?|texts?|emails?)"
_IMAGE_CLIENT = re.compile(
    rf"\b(?:client|patient|counselee)s?'?s?\b.*\b{_WORK}\b|\b{_WORK}\b.*\b(?:client|patient|counselee)s?'?s?\b|"
    rf"\b(?:client|patient|counselee)'s\b|\b(?:by|from) (?:a|my|one|this|our) (?:young |teen |child )?(?:client|patient|counselee|child|teen|boy|girl|kid)\b|"
    rf"\bsessions?\b.*\b{_WORK}\b|\b{_WORK}\b.*\bsessions?\b|\b(?:child|kid|teen|boy|girl) I (?:see|saw|work with|worked with|treat|treated)\b|"
    # Something a person made, left or gave the writer, or anything from a session with someone.
    r"\b(?:after|during|in|from|before|at the end of) (?:our|his|her|their|a|one|the|today's|last week's) (?:\w+ )?sessions?\b|"
    r"\b(?:he|she|they) (?:left|gave|made|drew|wrote|brought|painted|sent|handed)\b[^.]*\b(?:me|my (?:desk|office|wall|door))\b",
    re.I,
)


def _caption(post, image) -> str:
    """The caption under an image: the rest of its line, or the next short paragraph, when that is set
    apart as a caption (all in emphasis, or "Above:", "Pictured:", "Photo:")."""
    text = post.body.text
    end = text.find("\n", image.offset)
    end = len(text) if end < 0 else end
    rest = text[end:].lstrip("\n")
    nxt = rest.split("\n\n", 1)[0].strip()
    same_line = text[image.offset : end]
    same_line = same_line[same_line.find(")") + 1 :].strip() if ")" in same_line else ""
    for cand in (same_line, nxt):
        if cand and len(cand) <= 300 and (re.fullmatch(r"[*_]{1,2}[^*_\n].*[*_]{1,2}", cand) or re.match(r"(?:above|below|pictured|photo|image|caption)\s*[:—–-]", cand, re.I)):
            return cand.strip("*_ ")
    return ""


def _client_image(post, ctx):
    for image in post.images:
        stem = re.sub(r"\.[A-Za-z0-9]+$", "", image.src.rsplit("/", 1)[-1])
        name_words = re.sub(r"[-_.]+", " ", stem)
        for label, text in (("alt text", image.alt), ("title", image.title), ("file name", name_words), ("caption", _caption(post, image))):
            if text and _IMAGE_CLIENT.search(text):
                yield Hit(post.body, image.offset, image.offset + 2, f"the image's {label} (\"{text.strip()}\") points at a client or client work")
                break


_LOOKUP = re.compile(
    # "I … googled", or the last of a run of the writer's own actions ("I went home, opened my laptop and typed his name")
    r"\b(?:I|I've|I'd|I had|I have|we)(?:\b[^.;!?]{0,60}?\band)?(?: \w+){0,2}? (?:googled|google|searched(?: for)?|looked (?:her|him|them|\w+) up|looked up|found|checked|checked out|scrolled (?:through|down|back)|stalked|peeked at|browsed|came across|stumbled (?:on|onto|across)|pulled up|clicked (?:on|through)|typed (?:her|his|their|the client's|a client's) (?:full )?name|ran (?:her|his|their) name|put (?:her|his|their) name)\b",
    re.I,
)
_LOOKUP_OBJECT = re.compile(r"\b(?:her|him|them|his|their|client|patient|name)\b", re.I)
_WEB = re.compile(r"\b(?:online|internet|search engine|Google|profile|Instagram|Facebook|TikTok|LinkedIn|Twitter|YouTube|Etsy|social media|page|account|feed|posts|photos|website|shop|blog|handle|username|search)\b", re.I)


_LOOKUP_GATE = cc.Gate(_LOOKUP, tree=True)


def _surveillance(post, ctx):
    for para in cc.context(ctx):
        # A client paragraph, or a story about one person ("Then he stopped coming. … I searched his name").
        if not (para.in_context or para.story >= 0) or not _LOOKUP_GATE.may_hold(para):  # (exact, as can_match)
            continue
        for m in _LOOKUP.finditer(para.text):
            sa, sb = cc.sentence_at(para, m.start())
            if _NEGATION.search(para.text[sa : m.end()]):
                continue
            rest = para.text[m.start() : sb]
            sentence = para.text[sa:sb]
            named = re.search(r"\b(?:searched|googled|typed|ran|put|looked up)\b[^.;!?]{0,20}\b(?:her|his|their|the client's|my client's) (?:full |whole )?name\b", sentence, re.I)
            if not (_LOOKUP_OBJECT.search(sentence) and (named or _WEB.search(sentence) or re.search(r"googl|search engine", sentence, re.I))):
                continue
            yield Hit(para.seg, para.abs(m.start()), para.abs(m.end()), f"\"{rest.strip()[:80]}\"")


# --------------------------------------------------------------------------
# The rules
# --------------------------------------------------------------------------

P = "---\ntitle: \"A post\"\ndate: 2025-03-04\nsummary: \"A summary.\"\naudience: public\nrisk: low\n---\n\n"
PC = P.replace("risk: low", "risk: low\ncase_material: composite")


def rules() -> list[Rule]:
    return [
        Rule(
            "B101", "client-identifier", Severity.BLOCK,
            "A direct identifier appears in a paragraph about a client",
            "A phone number, email, web address, handle, street address, ZIP, record or plate number identifies a person outright; HIPAA Safe Harbor lists them and APA 4.07 forbids publishing identifiable client information.",
            "Delete the identifier. If it is your practice's own (phone, email, address), add it to PRACTICE in pelicanconf.py.",
            SOURCE + "; HIPAA 45 CFR 164.514(b)(2)", _client_identifier, suppressible_inline=False,
            good=(
                Example(P + "Clients can reach the office at (555) 555-0134 or hello@cedarhollow.example.org.\n"),
                Example(P + "I never look up clients online, and I will not share anyone's details.\n"),
            ),
            bad=(Example(P.replace("risk: low", "risk: low\ncase_material: disguised") + "The family lived at forty-one Alder Road, and the grandmother slept on the couch.\n"),
                  
                Example(P + "A client I saw last year sells her pottery at https://maggiespots.example.com and posts as @maggiepots.\n"),
                Example(P + "My client gave me her number, 555-201-3344, so I could call her.\n"),
                Example(P + "Every year a card comes from the same house at 42 Alder Crescent. The former patient who sends it was in a dark place when we met.\n"),
            ),
        ),
        Rule(
            "B102", "client-named", Severity.BLOCK,
            "A client is named",
            "A name ties the story to a real person (APA 4.07; ACA B.1.c). Even a first name, with the rest of a story, can identify someone to the people around them.",
            "Remove the name, or — if the story is a composite or disguised — say plainly that the name is invented and set case_material in the frontmatter.",
            SOURCE, _client_named, suppressible_inline=False,
            good=(Example(P.replace("risk: low", "risk: low\ncase_material: composite") + "This story is a composite. Thank you to my colleague Ana for letting me share her story of burnout in training.\n"),
                  Example(P + "Many clients tell me the holidays are hard.\n"), Example(P + "As Gottman (1999) says, contempt predicts divorce.\n")),
            bad=(Example(P.replace("risk: low", "risk: low\ncase_material: consented\nconsent_ref: C-2025-7") + "He could not drive for a year after the crash.\n\nWith thanks to Oskar, who let me tell his story.\n"),
                  
                Example(P + "My client Theo told me the nights were the worst.\n"),
                Example(PC + "This is a composite; the name is invented. My client Theo told me the nights were the worst.\n", severity=Severity.WARN),
            ),
        ),
        Rule(
            "B103", "client-date", Severity.BLOCK,
            "A date or time is tied to a client's life or sessions",
            "A date, weekday or time narrows a story down to one person and lets anyone who was there recognise it (HIPAA Safe Harbor lists all dates tied to an individual).",
            "Remove the date, weekday or time, or blur it (\"one autumn\", \"recently\").",
            SOURCE, _client_date,
            good=(Example(P + "Our grief workshop meets on Tuesday, March 3, at 6pm at the library.\n"),),
            bad=(
                Example(P + "My client came in on Tuesday, October 14, the anniversary of her son's death.\n"),
                Example(P + "A client I saw yesterday in session cried about her job.\n", severity=Severity.WARN),
            ),
        ),
        Rule(
            "B104", "quasi-identifiers", Severity.BLOCK,
            "Details in this story could together identify the client",
            "Ordinary details combine: age, job, town, family and an event can single out one person (Sweeney 2000; Gabbard 2000). Disguise must remove them, not just the name (APA 4.07).",
            "Remove or change details until no one who knows the person could recognise them, or declare a composite (case_material: composite).",
            SOURCE + "; Sweeney (2000); Gabbard (2000)", _quasi_identifiers,
            good=(Example(P.replace("risk: low", "risk: low\ncase_material: disguised") + "A client I worked with felt anxious before meetings. We practised slowing her breathing.\n"),),
            bad=(Example(P.replace("risk: low", "risk: low\ncase_material: disguised") + "She was in her sixties, recently widowed, and the only farrier serving three counties.\n"),
                  
                Example(P.replace("risk: low", "risk: low\ncase_material: disguised") + "A client I saw, the only surgeon at Millbrook General Hospital, is a widow in her early forties with two teenage sons.\n"),
                Example(P.replace("risk: low", "risk: low\ncase_material: disguised") + "One woman I worked with was the only woman captaining the harbour ferry, raising two boys after the pile-up that led the regional news.\n"),
            ),
        ),
        Rule(
            "B105", "case-material-without-basis", Severity.BLOCK,
            "A clinical story is told without a stated basis",
            "Writing about a client needs consent or adequate disguise (APA 4.07; ACA B.1.c); case_material records which one applies so that a reviewer can check it.",
            "Set case_material: composite or disguised (and make sure it is), or consented with a consent_ref; otherwise remove the story.",
            SOURCE, _case_material,
            good=(Example(P + "When a client begins to cry in session, it helps to slow down and make room for it.\n"),
                  
                Example(P + "Many clients tell me they dread the holidays. If that is you, you are not alone.\n"),
                Example(PC + "In this composite, a client came in because of panic attacks. We worked on breathing first.\n"),
                Example(P + "We will never publish a client's own story here, however kindly it is offered.\n"),
                Example(P + "A client who said yes to being written about in a good week may feel differently later.\n"),
            ),
            bad=(Example(P + "A new client began to cry in the middle of our second session. She turned away and hid her face.\n"),
                  Example(P + "A client came in because of panic attacks. Over several weeks we worked on breathing, and she told me it helped.\n"),
                 Example(P + "Below, unedited, is one of our former clients' own reflections on the first year of therapy.\n"),
                 Example(P + "I told clients a year ahead that I was retiring. One astute client said, \u201cThen I have a year to be happy for you.\u201d\n"),
                 Example(P + "I remember one client who initially presented as very sure of herself.\n"),
                 Example(P + "I was two years into practice. Then I met Priya. She came to me for anxiety, and she taught me to slow down.\n")),
        ),
        Rule(
            "B106", "client-quote", Severity.WARN,
            "A client's own words are quoted",
            "Verbatim words are recognisable to the person and to those who know them (APA 4.07); with other details they identify.",
            "Paraphrase instead of quoting, and remove identifying details around it.",
            SOURCE, _client_quote,
            good=(Example(P + "Clients often use words like \"stuck\" for this.\n"),
                  Example(P + "When a client reviews us, we stay quiet. If we replied (\"we're glad we could help\"), we would confirm that the reviewer came here.\n")),
            bad=(Example(PC + "A client once told me, \"I feel like a ghost in my own house.\"\n", severity=Severity.WARN),),
        ),
        Rule(
            "B107", "real-time-disclosure", Severity.WARN,
            "A session is reported as it happens",
            "Posting about a session the same day lets the client, and anyone who knows their schedule, recognise it (ACA H.6.d; NASW 1.07).",
            "Wait, generalise, and remove anything that ties the post to a particular day or person.",
            SOURCE, _real_time,
            good=(Example(P + "Sessions can leave a therapist tired too; that is why supervision matters.\n"),),
            bad=(
                Example(P + "I just finished a session where we talked about grief.\n", severity=Severity.WARN),
                Example(P + "I just finished a session with a firefighter who lost his partner.\n", severity=Severity.BLOCK),
            ),
        ),
        Rule(
            "B108", "client-image", Severity.BLOCK,
            "An image shows a client or a client's work",
            "A client's drawing, sand tray, letter or photo is their confidential material (APA 4.07; ACA B.1.c), and a file name or alt text can say whose it is.",
            "Remove the image. Use your own photo or a stock image with a neutral file name and alt text.",
            SOURCE, _client_image,
            good=(Example(P + "![Our waiting room with two armchairs](images/waiting-room.jpg)\n"),
                  Example(P + "![A dragon in crayon](images/dragon.jpg)\n\n*The art table, newly painted, waiting for Monday.*\n")),
            bad=(
                Example(P + "![A sand tray a client made](images/tray.jpg)\n"),
                Example(P + "![Figures in sand](images/client-sandtray-session.jpg)\n"),
                Example(P + "![A dragon in crayon](images/dragon.jpg)\n\n*A client's drawing from one of our sessions.*\n"),
            ),
        ),
        Rule(
            "B109", "relationship-disclosure", Severity.BLOCK,
            "The post confirms that someone is or was a client",
            "Even confirming that a person is a client discloses protected information; replying to a client's online review does exactly that (APA 4.01; ACA H.6.d; HHS OCR guidance).",
            "Do not reply to reviews with anything that confirms a relationship; remove the reply or the name.",
            SOURCE, _relationship_disclosure,
            good=(Example(P + "I never reply to online reviews, because even saying \"thank you for our work together\" would confirm you were a client.\n"),),
            bad=(Example(P + "## To the person who left us a review\n\nWe saw your review. It was a privilege to be part of that stretch of your life.\n"),
                  
                Example(P + "To the reviewer who gave us two stars: I am sorry our work together felt rushed to you.\n"),
                Example(P + "Hannah left us a Google review last month. Thank you, Hannah: we are so glad the two years of work together helped you.\n"),
                Example(P + "To the couple who wrote about our work together on the directory last week: I am sorry it felt that way to you.\n"),
                Example(P + "To the person who left us that long, generous review on Google: your year of evening appointments mattered to us too.\n"),
                Example(P + "Jane Holloway was a client of mine for three years.\n"),
                Example(P + "Last month Devin Marsh, who came to our practice with his partner, left us a one-star review.\n"),
            ),
        ),
        Rule(
            "B110", "third-party-identifiers", Severity.BLOCK,
            "A client's relative is named, or their workplace or school",
            "Naming a client's child, partner or parent, or where they work or study, identifies the family (APA 4.07; HIPAA Safe Harbor covers relatives, employers and household members).",
            "Remove the name, workplace or school.",
            SOURCE, _third_party,
            good=(Example(P + "A client I saw worried about her son starting a new school.\n"),
                  Example(P + "Let's meet a fictional couple named Rachel and Henry. In session, Rachel said her partner Henry works too much.\n")),
            bad=(
                Example(P + "A client I saw worried about her son Liam.\n"),
                Example(P + "A client I saw worried because her husband works at Millbrook Paper Mill.\n"),
            ),
        ),
        Rule(
            "B111", "client-surveillance", Severity.BLOCK,
            "The post describes looking a client up online",
            "Searching for a client online without their consent intrudes on their privacy and the therapy (ACA H.6.c; NASW 1.07(a)); writing about it also discloses what was found.",
            "Remove the passage; if a search happened, take it to supervision, not to the blog.",
            "ACA Code H.6.c; NASW Code 1.07(a); APA 4.04", _surveillance,
            good=(Example(P + "I don't search for clients online, and I won't accept friend requests from clients.\n"),),
            bad=(Example(P + "After a session with a new client, I googled her name and found her Instagram.\n"),
                 Example(P + "For most of a year he came to group on time and to individual sessions. Then he stopped coming. "
                             "One evening I searched his name.\n")),
        ),
    ]
