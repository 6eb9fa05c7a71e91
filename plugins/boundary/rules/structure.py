"""Rules on sentence structure: what the word patterns of each family cannot see.

Each function here reads spaCy parses (`..nlp`) of the paragraphs that can
matter and yields hits under an existing rule's code; `engine.all_rules()` runs
them after that rule's own matcher (`EXTRA`). They look at how words hang
together, not at which words stand side by side, so a modifier, an apposition
or a pronoun does not hide what a sentence says:

- B102: a personal name tied to a client noun ("my newest client, Leo,",
  "my nine-year-old client Leo") or the subject of a narrative of care
  ("Leo came to see me", "Leo told me in session", "I have been seeing Leo").
- B601: a diagnosis predicated of a pronoun whose antecedent, one or two
  sentences back, is a named public figure.
- B503: a request addressed to the reader whose object is a review, a rating,
  a testimonial or a few words about the practice on a review site.
- B501: money back or a refund promised on the outcome of therapy.
- B502: outcome figures about the practice's own clients, with no source.
- B604: a medication change given as an instruction, a habit or "what I tell
  people".

Negation, questions, hypotheticals and quotation are read from the parse
(a `neg` dependent, a conditional clause, quotation marks around the words).
"""

from __future__ import annotations

import re

from .. import clientctx as cc
from .. import nlp
from ..model import Example, Hit, Severity
from .common import OTHER_PERSON, OTHERS_PROMISE, in_quotes, quotable

# --------------------------------------------------------------------------
# Which paragraphs to parse
# --------------------------------------------------------------------------

#: Lower-case strings, one of which a paragraph must hold to be parsed for a rule.
CUES = {
    "client": ("client", "patient", "counselee", "caseload", "session", "came to see", "came in", "come in", "told me", "tells me", "seeing",
               "saw ", "treated", "treating", "my office", "our office", "therapy with", "counseling with", "counselling with",
               "intake", "first visit", "first appointment", "referred", "worked with", "working with"),
    "public": ("president", "governor", "senator", "mayor", "minister", "ceo", "congress", "candidate", "celebrity", "actor", "actress",
               "singer", "star", "billionaire", "politician", "chancellor", "premier", "founder", "rapper", "athlete", "host",
               "livestream", "broadcast", "interview", "album", "tour", "hearing", "rally", "campaign", "famous", "fans", "followers",
               "televised", "on tv", "press conference", "podcast", "headline", "fame", "mr. ", "ms. ", "mrs. "),
    "review": ("review", "rating", "rate us", "testimonial", "stars", "google", "yelp", "healthgrades", "psychology today", "zocdoc",
               "few words", "feedback", "recommend us", "listing", "profile"),
    "channel": ("dm", "inbox", "instagram", "facebook", "messenger", "whatsapp", "tiktok", "snapchat", "twitter", "threads", "mastodon",
                "bluesky", "signal", "telegram", "text us", "text me", "message us", "message me", "direct message", "private message"),
    "refund": ("refund", "money back", "money-back", "pay you back", "reimburse", "your money", "fee back", "fee comes back", "fees back",
               "comes back to you", "returned in full", "hand back", "give back", "pay back", "back every", "back all", "on us",
               "on the house", "you nothing"),
    "figures": ("%", "percent", " out of ", " in ten ", " in 10 "),
    "meds": ("pill", "tablet", "dose", "dosage", "medication", "meds", "prescription", "antidepressant", "ssri", "snri", "lithium",
             "stimulant", "adderall", "ritalin", "benzo", "xanax", "zoloft", "prozac", "lexapro", "sertraline", "fluoxetine", "mg"),
}


def _wants(para, key: str) -> bool:
    low = para.low
    return any(w in low for w in CUES[key])


#: Sentences before and after a cue sentence that are parsed with it (a pronoun and its antecedent).
_BEFORE = {"public": 2}
_AFTER: dict[str, int] = {}


class _Lazy:
    """A pattern built on first use (it names words defined further down this module)."""

    def __init__(self, build):
        self.build, self.rx = build, None

    def search(self, text, a=0, b=None):
        if self.rx is None:
            self.rx = self.build()
        return self.rx.search(text, a, len(text) if b is None else b)


class _NameShape:
    """A capitalised word (any script) that is not just a sentence's ordinary first word."""

    _later = re.compile(r"[^\W_][,;:)\]'’]? +([^\W\d_])")
    _first = re.compile(r"[\s\"“(*_-]*([^\W\d_]+)")

    def search(self, text, a=0, b=None):
        b = len(text) if b is None else b
        for m in self._later.finditer(text, a, b):
            if m.group(1).isupper():
                return m
        f = self._first.match(text, a, b)
        return f if f is not None and f.group(1)[:1].isupper() and f.group(1) not in cc.NAME_STOP else None


#: What each rule needs in the very sentence it reads; a sentence without it is not parsed for it.
_MUST = {
    # A name: a capitalised word that is not just a sentence's ordinary first word.
    "client": _Lazy(lambda: _NameShape()),
    # The diagnosis sentence itself (its antecedent is within the sentences before it).
    "public": _Lazy(lambda: _DX),
    "meds": _Lazy(lambda: re.compile(r"\b(?:" + "|".join(sorted(_CHANGE_VERBS)) + r")\w*|\b(?:half|quarter|every other|every second|alternate)\b", re.I)),
    "review": _Lazy(lambda: re.compile(r"\b(?:" + "|".join(sorted(_REVIEW_OBJECTS | _REVIEW_SITES)) + r"|rate|review|recommend|words|lines|thoughts|experience)\b", re.I)),
    "channel": _Lazy(lambda: _CLINICAL_ASK),
}


def windows(para, words, before: int = 0, after: int = 0, must=None) -> list[tuple[int, int]]:
    """Spans of para.text to parse: each sentence holding one of `words` (lower case; None: any
    sentence) and a match of `must` (what the rule itself needs in the sentence), with `before`
    sentences before it and `after` after it, overlapping spans merged. Only these are parsed."""
    spans = cc.sentences(para.text) or [(0, len(para.text))]
    low = para.low
    text = para.text
    marks = [
        i for i, (a, b) in enumerate(spans)
        if (words is None or any(w in low[a:b] for w in words)) and (must is None or must.search(text, a, b) is not None)
    ]
    out: list[tuple[int, int]] = []
    for i in marks:
        a = spans[max(0, i - before)][0]
        b = spans[min(len(spans) - 1, i + after)][1]
        if out and a <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    # Windows are bounded in size, never cut short: a long run of marked sentences becomes several
    # windows (nlp.parse splits a long one at sentence ends), so no padding can push a sentence out.
    bounded: list[tuple[int, int]] = []
    for a, b in out:
        while b - a > MAX_WINDOW:
            cut = max((x for x, _y in spans if a < x <= a + MAX_WINDOW), default=a + MAX_WINDOW)
            bounded.append((a, cut))
            a = cut
        bounded.append((a, b))
    return bounded


#: The longest window handed to the parser at once (characters).
MAX_WINDOW = 3_000


def parse_windows(para, spans) -> list[tuple[int, object]]:
    return [(a + off, doc) for a, b in spans for off, doc in nlp.parse(para.text[a:b])]


def _parsed(ctx, key: str):
    """[(para, offset of the parsed piece in para.text, Doc)] for the sentences holding a cue for `key` (memoised)."""

    def compute():
        must = _MUST.get(key)
        if key == "client":
            # A client's story may go on in paragraphs without a cue word; a name is capitalised.
            todo = [(p, windows(p, None if (p.own_specific or p.story >= 0) else CUES[key], 0, 0, must))
                    for p in cc.context(ctx) if _wants(p, key) or p.own_specific or p.story >= 0]
        elif key == "public":
            # The diagnosis sentence need not name anyone: its antecedent is in the sentences before.
            todo = [(p, windows(p, None, _BEFORE["public"], 0, must)) for p in cc.context(ctx) if _wants(p, key)]
        else:
            todo = [(p, windows(p, CUES[key], _BEFORE.get(key, 0), _AFTER.get(key, 0), must)) for p in cc.context(ctx) if _wants(p, key)]
        nlp.parse_many([p.text[a:b] for p, spans in todo for a, b in spans])
        return [(p, off, doc) for p, spans in todo for off, doc in parse_windows(p, spans)]

    return ctx.memo(f"parsed:{key}", compute)


def _hit(para, off, a: int, b: int, detail: str, severity: Severity | None = None) -> Hit:
    return Hit(para.seg, para.start + off + a, para.start + off + b, detail, severity)


# --------------------------------------------------------------------------
# Shared readings of a parse
# --------------------------------------------------------------------------

_NEG_WORDS = {"not", "never", "n't", "no", "nobody", "nothing", "nor", "neither", "without"}
_HYPOTHETICAL_MARKS = {"if", "imagine", "suppose", "supposing", "say", "unless", "whether", "pretend"}
_MODAL_HYPOTHETICAL = {"might", "could", "would", "may"}


def negated(tok) -> bool:
    """A negation on the token, on a verb above it, or on an auxiliary of that verb."""
    t = tok
    for _ in range(4):
        if any(c.dep_ == "neg" or c.lower_ in _NEG_WORDS and c.dep_ in ("advmod", "det", "neg", "preconj") for c in t.children):
            return True
        if t.head.i == t.i:
            break
        t = t.head
    return False


def hypothetical(sent) -> bool:
    first = [t.lower_ for t in sent[:3]]
    if any(w in _HYPOTHETICAL_MARKS for w in first):
        return True
    return any(t.dep_ == "mark" and t.lower_ in ("if", "unless", "whether") and t.head.dep_ in ("advcl", "ROOT") and t.head.head == sent.root for t in sent) and \
        any(t.lower_ in _MODAL_HYPOTHETICAL for t in sent)


def question(sent) -> bool:
    return sent.text.rstrip().endswith("?")


def _quoted(para, off, tok) -> bool:
    a = para.start + off + tok.idx
    return in_quotes(quotable(para.seg), a, a + len(tok.text))


def _subtree_span(tok) -> tuple[int, int]:
    left = tok.left_edge.idx
    right = tok.right_edge.idx + len(tok.right_edge.text)
    return left, right


# --------------------------------------------------------------------------
# B102: a name tied to a client, however it is modified
# --------------------------------------------------------------------------

_CLIENT_NOUNS = {"client", "patient", "counselee", "analysand", "clients", "patients"}
_CARE_VERBS_WITH_ME = {"see", "visit", "call", "email", "text", "message", "tell", "confide", "admit", "disclose", "describe", "explain",
                       "show", "ask", "bring", "write"}
_CONFIDE_VERBS = {"disclose", "confide", "admit", "confess", "come", "open", "reveal", "whisper", "describe", "explain", "report"}
_I_CARE_VERBS = {"treat", "counsel", "see", "assess", "evaluate", "diagnose", "meet", "work"}
_SESSION_WORDS = {"session", "sessions", "therapy", "counseling", "counselling", "appointment", "appointments", "office", "intake", "treatment",
                  "rooms", "clinic", "surgery", "consulting"}
_TIME_WORDS = {"week", "weeks", "month", "months", "year", "years", "tuesday", "tuesdays", "monday", "mondays", "wednesday", "wednesdays",
               "thursday", "thursdays", "friday", "fridays", "weekly", "fortnightly", "since", "ago", "spring", "summer", "autumn", "fall",
               "winter"}


def title_case(sent) -> bool:
    """A title-like sentence in which most longer words are capitalised ("Are the Interventions You
    Are Using Congruent with Where the Client Is?"): its capitals say nothing about names.
    (The first word and the model's person names are not counted.)"""
    words = [t for t in sent[1:] if t.is_alpha and len(t.text) > 3 and t.ent_type_ != "PERSON"]
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) >= 0.75 * len(words)


#: Entity labels the small model gives some first names ("Leo" as an ORG); accepted only where the
#: structure itself says a person is meant (in apposition to "client", say).
_NAME_LIKE_ENTS = ("", "PERSON", "ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART", "LOC", "FAC")


def _is_person_name(tok, ctx, cited, strong: bool = False) -> bool:
    """A token read as (part of) a person's name, not a capitalised word of another kind.

    `strong`: the sentence's structure already ties the word to a person (apposition to a
    client noun), so the model's entity label may be any name-like one.
    """
    if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or title_case(tok.sent):
        return False
    if not cc.is_name(tok.text, ctx.practice) or tok.text in cited:
        return False
    if tok.ent_type_ == "PERSON":
        return True
    if strong:
        return tok.ent_type_ in _NAME_LIKE_ENTS
    return tok.ent_type_ == ""


def person_at(ctx, para, start: int, end: int) -> bool:
    """Does the model read the words at para.text[start:end] as a person's name?

    The word patterns of B102 and B109 propose names by their shape; this confirms
    them, so that "Essentially, a client…" or a heading "…Where the Client Is" is
    not taken for a name.
    """
    if para.kind == "heading":
        return False
    sent = next(((a, b) for a, b in cc.sentences(para.text) if a <= start < b), (0, len(para.text)))
    for off, doc in parse_windows(para, [sent]):
        if not off <= start < off + len(doc.text):
            continue
        toks = [t for t in doc if t.idx + off < end and t.idx + off + len(t.text) > start]
        return any(_is_person_name(t, ctx, (), strong=True) for t in toks)
    return False


def _name_span(tok) -> tuple[int, int]:
    """The whole name a name token belongs to (compound first names, surnames)."""
    left = tok
    while left.i > 0 and left.nbor(-1).dep_ == "compound" and left.nbor(-1).pos_ == "PROPN" and left.nbor(-1).head == left:
        left = left.nbor(-1)
    return left.idx, tok.idx + len(tok.text)


def _client_noun_of(tok):
    """A client noun this name is tied to by apposition, compound or predication, or None."""
    # Right after the noun ("patient Tomas", "client, Leo,"), however the parser attached it.
    doc = tok.doc
    for back in (1, 2):
        j = tok.i - back
        if j >= 0 and doc[j].lower_ in _CLIENT_NOUNS and doc[j].pos_ in ("NOUN", "PROPN") and (back == 1 or doc[tok.i - 1].text == ","):
            return doc[j]
    cands = [tok.head] + list(tok.children)
    for n in cands:
        if n.lower_ in _CLIENT_NOUNS and n.pos_ in ("NOUN", "PROPN"):
            if n.i == tok.head.i and tok.dep_ in ("appos", "compound", "npadvmod", "attr", "nmod", "dep"):
                return n
            if n.head.i == tok.i and n.dep_ in ("appos", "compound", "nmod", "dep", "amod"):
                return n
    # "Leo is one of my clients", "Leo, one of my newest clients,"
    for n in cands:
        if n.lower_ in ("one", "some", "two", "three", "another") and (n.head.i == tok.i or tok.head.i == n.i):
            for c in n.subtree:
                if c.lower_ in _CLIENT_NOUNS:
                    return c
    # "Leo is my client" / "my client is Leo": both hang on the copula
    head = tok.head
    if head.lemma_ == "be" and tok.dep_ in ("nsubj", "attr"):
        for c in head.children:
            if c.i != tok.i and c.dep_ in ("attr", "nsubj") and c.lower_ in _CLIENT_NOUNS:
                return c
    return None


def _owned_or_told(noun) -> bool:
    """"my/our client", "a client of mine", "a client I saw": the writer's own client."""
    for c in noun.children:
        if c.lower_ in ("my", "our") or (c.dep_ == "relcl" and any(x.lower_ in ("i", "we") for x in c.children)):
            return True
        if c.dep_ == "prep" and any(x.lower_ in ("mine", "ours") for x in c.children):
            return True
    # one of my clients
    h = noun.head
    if h.dep_ == "prep" and h.head.lower_ in ("one", "some", "another", "two", "three"):
        return any(c.lower_ in ("my", "our") for c in noun.children)
    return False


def _care_subject(tok, sent) -> str:
    """How this name is the subject or object of a narrative of care with the writer, or ''."""
    verb = tok.head
    if _writer_relative(tok):
        return ""
    if tok.dep_ in ("nsubj", "nsubjpass"):
        lemma = verb.lemma_
        kids = list(verb.children)
        words = {c.lower_ for c in verb.subtree}
        # "Steve … called my office", "she emailed our practice": a person contacting the writer's practice
        if lemma in ("call", "phone", "ring", "email", "text", "contact", "visit", "message") and any(
            c.dep_ == "dobj" and c.lower_ in ("office", "practice", "clinic", "rooms") and any(x.lower_ in ("my", "our") for x in c.children)
            for c in kids
        ):
            return "contacted the writer's practice"
        # "Joe and I discussed …", "she and I worked on …" in a session: the writer and one person, at work
        if any(c.dep_ == "conj" and c.lower_ == "i" for c in tok.children) and ({t.lower_ for t in sent} & (_SESSION_WORDS | {"assessment", "goals"})):
            return f"{verb.text} with the writer in a session"
        if lemma == "come" and (
            any(c.lower_ == "in" and c.dep_ in ("prt", "advmod") for c in kids)
            or "me" in words or "us" in words or words & _SESSION_WORDS or any(c.lemma_ == "see" for c in kids)
        ):
            return "came to see the writer"
        if lemma in _CARE_VERBS_WITH_ME and any(c.lower_ in ("me", "us") for c in verb.subtree) and ({t.lower_ for t in sent} & _SESSION_WORDS):
            return f"{verb.text} the writer in a session"
        # "a teenager disclosed to me", "he confided in me", "she came out to me": what a person in
        # the writer's care tells them (a relative or friend of the writer's is excluded above).
        if lemma in _CONFIDE_VERBS and any(c.dep_ == "prep" and c.lower_ in ("to", "in") and any(x.lower_ == "me" for x in c.children) for c in kids):
            return f"{verb.text} to the writer"
        if lemma in ("start", "begin", "stop", "finish", "end", "quit", "leave") and ({c.lower_ for c in verb.subtree} & _SESSION_WORDS) and \
                any(c.lower_ in ("me", "us") for c in verb.subtree):
            return f"{verb.text} therapy with the writer"
        if lemma == "book" and ({c.lower_ for c in verb.subtree} & _SESSION_WORDS):
            return "booked a session"
        # "A mother and father sat across from me", "he sat opposite me and wept"
        if lemma in ("sit", "cry", "weep", "wait", "perch", "slump") and any(
            c.lower_ in ("across", "opposite", "beside", "with", "facing") for c in kids
        ) and any(c.dep_ == "prep" and any(x.lower_ in ("me", "us") and x.dep_ == "pobj" for x in c.children) for c in kids):
            return f"{verb.text} with the writer"
        # "Tracy walked into my office", "he arrived for his first session"
        if lemma in ("walk", "arrive", "sit", "step", "return", "show", "turn", "come") and (
            {c.lower_ for c in verb.subtree} & _SESSION_WORDS
        ) and any(c.lower_ in ("my", "our", "his", "her", "their", "first") for c in verb.subtree):
            return f"{verb.text} into a session with the writer"
    if tok.dep_ in ("dobj", "pobj"):
        v = verb if tok.dep_ == "dobj" else verb.head
        # "I buzzed Tracy in", "I met her on the stairs to my office", "I greeted him in the waiting room"
        if v.lemma_ in ("buzz", "greet", "welcome", "let", "usher", "meet", "collect", "call") and any(
            c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in v.children
        ) and ({t.lower_ for t in sent} & (_SESSION_WORDS | {"waiting", "room", "stairs", "door", "buzzer"})):
            return f"the writer {v.text} them for a session"
        if v.lemma_ in _I_CARE_VERBS and any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in v.children):
            around = {t.lower_ for t in sent}
            aux = {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}
            ongoing = v.tag_ == "VBG" or "been" in aux
            if around & _SESSION_WORDS or (v.lemma_ in ("treat", "counsel", "assess", "evaluate", "diagnose")) or (ongoing and around & _TIME_WORDS):
                if v.lemma_ == "work" and tok.dep_ == "pobj" and verb.lower_ != "with":
                    return ""
                if v.lemma_ == "meet" and not (around & _SESSION_WORDS):
                    return ""
                return f"the writer {v.text} them"
    return ""


_TITLES = {"dr.", "dr", "professor", "prof.", "mr.", "mrs.", "ms.", "mx.", "rev.", "reverend", "judge", "senator", "governor", "president",
           "mayor", "author", "poet", "writer", "researcher", "psychologist", "psychiatrist", "therapist", "colleague"}


#: Nouns a first name can modify and still be a person ("Leo's mum" aside, "client Leo" is apposition).
_PERSON_HEADS = {"client", "patient", "family", "mother", "father", "mum", "mom", "dad", "sister", "brother", "wife", "husband", "partner"}


def _aged_subject(tok) -> bool:
    """A proper noun the small model does not tag as a person ("Priya", "Ines"), but that the sentence
    makes one: an age ("Priya was a 29-year-old architect", "Oluwaseun, 34, …") or "a woman called Ines"."""
    if tok.pos_ != "PROPN" or tok.ent_type_ not in _NAME_LIKE_ENTS:
        return False
    # "a woman called Ines", "a boy named Teo"
    if tok.dep_ in ("oprd", "attr", "dobj", "npadvmod") and tok.head.lemma_ in ("call", "name") and tok.head.head.lower_ in _PERSON_NOUNS:
        return True
    if tok.dep_ == "nsubj":
        for attr in (c for c in tok.head.children if c.dep_ == "attr"):
            if re.search(r"\d{1,2}[- ]year[- ]old|\baged? \d", tok.doc[attr.left_edge.i : attr.right_edge.i + 1].text):
                return True
    nxt = tok.doc[tok.i + 1 : tok.i + 4].text
    return bool(re.match(r",\s*(?:aged )?\d{1,2}\s*,", nxt))


def _story_name(tok, ctx, cited) -> bool:
    """A lone first name (no surname, no title) that the model tags as a person."""
    structured = _aged_subject(tok)
    if not (tok.ent_type_ == "PERSON" or structured) or not _is_person_name(tok, ctx, cited, strong=structured):
        return False
    doc = tok.doc
    prev = doc[tok.i - 1] if tok.i > 0 else None
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if prev is not None and (prev.lower_ in _TITLES or prev.pos_ == "PROPN" or prev.lower_ in ("my", "our") and False):
        return False
    if nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper():
        return False  # a full name: an author, a public figure or a colleague, read by other rules
    if tok.dep_ in ("compound", "amod", "nmod") and tok.head.pos_ == "NOUN" and tok.head.lower_ not in _PERSON_HEADS:
        return False  # a word that modifies a thing ("Zoom session", "Calm app"), not a person
    if _writer_relative(tok) or any(t.lower_ in _OFFICE_WORDS for t in doc[max(0, tok.i - 3) : tok.i]):
        return False
    # A surname or first name that the post also gives as part of a full name ("Irvin Yalom" … "Yalom")
    # belongs to an author or another named person, and a sentence about books quotes one.
    if tok.text in _full_name_parts(ctx) or _BOOKISH.search(tok.sent.text):
        return False
    return True


_BOOKISH = re.compile(r"\b(?:wrote|writes|written|book|books|author|memoir|novel|essay|chapter|podcast|quote[sd]?|says in|argues|according to)\b", re.I)
_FULL_NAME_RX = re.compile(r"\b([A-Z][a-z]+)(?: [A-Z]\.)? ([A-Z][a-z]{2,})\b")


def _full_name_parts(ctx) -> frozenset:
    return ctx.memo("full_name_parts", lambda: frozenset(
        w for seg in ctx.post.segments for m in _FULL_NAME_RX.finditer(seg.prose) for w in m.groups()
    ))


def client_names(ctx):
    """(para, off, start, end, name, how) for each name tied to a client by structure (memoised)."""

    def compute():
        cited = ctx.memo("cited", lambda: cc.cited_names(ctx.post))
        out = []
        for para, off, doc in _parsed(ctx, "client"):
            if para.kind == "heading":
                continue
            for sent in doc.sents:
                if hypothetical(sent):
                    continue
                for tok in sent:
                    if tok.pos_ != "PROPN" or tok.dep_ == "compound" and tok.head.pos_ == "PROPN" or _quoted(para, off, tok):
                        continue
                    how = ""
                    noun = _client_noun_of(tok)
                    if noun is not None and (_owned_or_told(noun) or para.specific or para.story >= 0):
                        if _is_person_name(tok, ctx, cited, strong=True):
                            how = f"is called the writer's {noun.lower_}"
                    elif para.generic or para.specific or para.story >= 0 or ({t.lower_ for t in sent} & _SESSION_WORDS):
                        if _is_person_name(tok, ctx, cited):
                            how = _care_subject(tok, sent)
                    # In a paragraph that tells one client's story, a first name the model reads as a
                    # person's is that person's (authors are cited by full name, colleagues by title).
                    if not how and (para.own_specific or para.story >= 0) and _story_name(tok, ctx, cited):
                        how = "is named in a client's story"
                    if how and not negated(tok.head if tok.dep_ != "ROOT" else tok):
                        a, b = _name_span(tok)
                        out.append((para, off, a, b, tok.text, how))
        return out

    return ctx.memo("structure:client_names", compute)


def b102_structural(post, ctx):
    from .confidentiality import says_real_name

    from .confidentiality import para_score

    invented = cc.declares_invented(post) and not any(says_real_name(seg.prose) for seg in post.segments)
    lowered = invented and ctx.case_material != "none"
    for para, off, a, b, _name, how in client_names(ctx):
        full = para.text[off + a : off + b]
        if not lowered:
            yield _hit(para, off, a, b, f"\"{full}\" {how}, and nothing says the name is invented")
            continue
        # An invented first name in a declared composite is what the checklist asks for. A full
        # name together with a named school, employer or institution is not made safe by the label.
        if " " in full.strip():
            score = para_score(ctx, para)
            named_place = [d for d in score.details if d.startswith("a named employer") or "street" in d]
            if named_place:
                yield _hit(para, off, a, b, f"\"{full}\" is a full name given together with {named_place[0]}; calling the story a composite does not "
                                            "make that safe")
                continue
        # The checklist's B102 for a name the post says is invented: a warning, so that the writer checks it is.
        yield _hit(para, off, a, b, f"\"{full}\" {how} (the post says the name is invented)", Severity.WARN)


_NARRATIVE_CUES = ("disclosed to me", "confided in me", "admitted to me", "confessed to me", "out to me", "opened up to me",
                   "revealed to me", "across from me", "opposite me", "came to see me", "came in", "come in", "told me", "tells me", "seeing", "in session", "our session", "first session",
                   "my office", "therapy with me", "counseling with me", "counselling with me", "came to me", "started therapy",
                   "began therapy", "started seeing", "intake", "i saw", "i treated", "i see", "i work with", "i worked with", "i treat",
                   "admitted", "referred", "hospitali", "called me", "brought", "met with", "i assessed", "i counsel",
                   "first met", "i met", "we met", "the office", "my practice", "assessment", "consultation", "called my", "phoned my",
                   "emailed my", " and i ", "attending therapy", "he came to", "she came to", "they came to", "came to group",
                   "came to every", "came back to")
#: Initials or a first name with an age in apposition: the shape of a case presentation ("J.R., 16,").
_CASE_SHAPE = re.compile(r"\b(?:[A-Z]\.\s?){1,3},? (?:aged )?\d{1,2}\b|\b[A-Z][a-z]+, (?:aged )?\d{1,2},|\b[A-Z][a-z]+ \((?:aged )?\d{1,2}\)|"
                         r"\b[A-Z][a-z]+ (?:is|was) an? \d{1,2}[- ]year[- ]old\b")
_FIRST_PERSON = re.compile(r"\b(?:I|me|my|we|us|our)\b")
_CARE_WORDS = re.compile(r"\b(?:admitted|referred|hospitali[sz]ed|unit|ward|session|therapy|treatment|diagnos\w+|assessment|intake|appointment|clinic)\b", re.I)
_RELATIVES = {"sister", "brother", "mother", "father", "mom", "mum", "dad", "friend", "husband", "wife", "partner", "son", "daughter",
              "grandmother", "grandfather", "aunt", "uncle", "cousin", "neighbor", "neighbour", "colleague", "boss", "kids", "children"}


def _writer_relative(tok) -> bool:
    """"my sister", "my sister Clara", "Clara, my sister,": someone in the writer's own life, not in their care."""

    def own(t) -> bool:
        return t.lower_ in _RELATIVES and any(c.lower_ in ("my", "our") for c in t.children)

    return own(tok) or own(tok.head) or any(own(c) for c in tok.children if c.dep_ in ("appos", "compound", "nmod"))


def _seen_by_writer(tok) -> bool:
    """"a man I've been seeing on Tuesdays", "a teenager I treated last year": a person noun whose
    relative clause has the writer caring for them."""
    for c in tok.children:
        if c.dep_ == "relcl" and c.lemma_ in _I_CARE_VERBS and any(x.dep_ == "nsubj" and x.lower_ in ("i", "we") for x in c.children):
            if c.lemma_ == "meet":
                continue
            if c.lemma_ == "work" and not any(x.lower_ == "with" for x in c.children):
                continue
            if c.lemma_ == "see":
                aux = {x.lower_ for x in c.children if x.dep_ == "aux"}
                around = {t.lower_ for t in c.subtree} | {t.lower_ for t in tok.sent}
                if not ("been" in aux or c.tag_ == "VBG" or around & (_SESSION_WORDS | _TIME_WORDS)):
                    continue
            return True
    return False


def has_care_narrative(para) -> bool:
    """Does this paragraph tell of a person in the writer's care ("she came to see me", "told me in session",
    "a man I've been seeing on Tuesdays", "J.R., 16, was admitted…")?

    Used by the client-context analysis for stories that never say "client".
    """
    low = para.low
    shaped = _CASE_SHAPE.search(para.text) is not None
    if not shaped and not any(w in low for w in _NARRATIVE_CUES):
        return False
    if shaped and _FIRST_PERSON.search(para.text) and _CARE_WORDS.search(para.text):
        return True
    # "I started seeing a man about my father's age": the writer's care of one person, however the
    # parser attaches the rest of the sentence.
    # ("Seeing" is also dating: the paragraph must be about the writer's work.)
    for m in _SEEING.finditer(para.text) if _WORK_WORDS.search(para.text) else ():
        if not cc.is_hypothetical(para.text, m.start(), m.end()):
            return True
    parses = parse_windows(para, [(0, len(para.text))] if shaped else windows(para, _NARRATIVE_CUES))
    for _off, doc in parses:
        for sent in doc.sents:
            if hypothetical(sent) or question(sent) or title_case(sent):
                continue
            for tok in sent:
                if tok.pos_ == "NOUN" and tok.lower_ in _PERSON_NOUNS and _seen_by_writer(tok) and not negated(tok):
                    return True
                if tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj") or _writer_relative(tok):
                    continue
                # "who" in "Steve was an executive who called my office" stands for the person it follows
                ante = tok.head.head if tok.lower_ == "who" and tok.head.dep_ == "relcl" else tok
                third = ante.lower_ in ("he", "she", "they", "him", "her", "them") or ante.pos_ == "PROPN" or (
                    ante.pos_ == "NOUN" and (ante.lower_ in _PERSON_NOUNS or _said_of_person(ante))
                )
                if third and _care_subject(tok, sent) and not negated(tok.head):
                    return True
    return False


def _said_of_person(noun) -> bool:
    """"executive" in "Steve was a 40-year-old executive": a noun predicated of a named person or "he"/"she"."""
    return noun.dep_ == "attr" and any(
        c.dep_ == "nsubj" and (c.pos_ == "PROPN" or c.lower_ in ("he", "she")) for c in noun.head.children
    )


_SEEING = re.compile(
    r"\b(?:I|we)(?:'ve| have| had|'d)?(?: (?:started|begun|began|been|was|were|am|are|first|recently|once))* "
    r"(?:seeing|treating|counsel+ing|working with|assessing) (?:a|an|one)(?: [\w-]+){0,3}? "
    r"(?:man|woman|boy|girl|teen|teenager|child|kid|mother|father|mom|mum|dad|couple|family|student|veteran|widow|widower|"
    r"nurse|teacher|person|gentleman|lady|adolescent|retiree)\b",
    re.I,
)


_WORK_WORDS = re.compile(r"\b(?:sessions?|placement|practicum|internship|therapy|counsel+ing|caseload|intake|referr\w+|assessment|supervis\w+|"
                         r"clinic|practice|office|consulting room|treatment|appointments?)\b", re.I)


_PERSON_NOUNS = {"man", "woman", "boy", "girl", "teen", "teenager", "mother", "father", "mom", "dad", "nurse", "teacher", "veteran",
                 "student", "widow", "widower", "couple", "husband", "wife", "partner", "child", "kid", "son", "daughter", "person",
                 "adolescent", "gentleman", "lady", "mum", "parent", "family", "youngster", "retiree", "officer", "soldier", "firefighter"}


# --------------------------------------------------------------------------
# B601: a diagnosis given to a pronoun that stands for a named public figure
# --------------------------------------------------------------------------

_OFFICE_WORDS = {"president", "governor", "senator", "mayor", "minister", "ceo", "congressman", "congresswoman", "representative",
                 "candidate", "chancellor", "premier", "judge", "sheriff", "commissioner", "king", "queen", "prince", "princess", "founder",
                 "billionaire", "celebrity", "actor", "actress", "singer", "rapper", "star", "athlete", "host", "politician", "chairman",
                 "secretary", "councillor", "councilmember", "anchor"}
_DX = re.compile(
    r"\b(?:narcissis(?:t|tic|m)|psychopath(?:ic|y)?|sociopath(?:ic|y)?|schizophreni[ac]|bipolar|(?:hypo)?mani[ac]|paranoi[ad]|delusional|psychotic|"
    r"borderline|histrionic|antisocial|dementia|senile|demented|alzheimer'?s|cognitive decline|personality disorder|NPD|BPD|ADHD|OCD|PTSD|"
    r"on the (?:autism )?spectrum|mentally (?:ill|unstable)|unhinged|deranged)\b",
    re.I,
)
_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "they", "them", "their"}
_DISCLOSED = re.compile(
    r"\b(?:disclos\w*|reveal\w*|announc\w*|shared|spoke|speaks|spoken|written|wrote|writes|talk\w*|opened up|been (?:open|candid))"
    r"(?: \w+){0,3} (?:about |of )?(?:his|her|their) (?:own )?(?:\w+ ){0,2}(?:diagnosis|condition|illness|struggles?|experience|history|health|"
    r"depression|anxiety|bipolar|ADHD|OCD|PTSD|autism|addiction|recovery|treatment|disorder)|\b(?:in|from) (?:his|her|their) (?:own )?(?:memoir|book|autobiography|interview|essay)|"
    r"\b(?:has|have|had) (?:publicly |openly )?(?:said|stated|confirmed) (?:that )?(?:he|she|they) (?:has|had|lives|was diagnosed)|\b(?:was|were) diagnosed (?:in|at|when|as a|years)|"
    r"\b(?:spoke|speaks|spoken|talked|talks|written|wrote|writes)(?: \w+){0,4} about (?:living with|having|being diagnosed with|(?:his|her|their) (?:own )?life with)",
    re.I,
)
_HEDGE = re.compile(r"\b(?:can(?:no|')t|cannot|could not|couldn't|won't|will not|don't|do not|refuse|never|no way to know|impossible to|"
                    r"shouldn't|should not|wouldn't|would not|not (?:able|possible|ethical|appropriate)|Goldwater|without (?:an )?examin)", re.I)


_PUBLIC_CONTEXT = re.compile(
    r"\b(?:livestream|stream|interview|press conference|hearing|rally|speech|campaign|tweets?|posts?|feed|album|tour|concert|show|film|movie|"
    r"series|match|game|season|podcast|episode of|on (?:TV|television|camera|stage|air)|televised|broadcast|headlines?|followers|fans|celebrity|famous|fame|wealth)\b",
    re.I,
)


def _public_antecedent(doc, sent_index: int, sents) -> str:
    """A public figure's name in this sentence or the two before it ('' if none): a person named
    with an office or public role, or named where the text speaks of their public life."""
    for j in range(sent_index, max(-1, sent_index - 3), -1):
        s = sents[j]
        if _PUBLIC_CONTEXT.search(s.text):
            for ent in s.ents:
                if ent.label_ == "PERSON" and " " in ent.text.strip():
                    return ent.text
        for ent in s.ents:
            if ent.label_ != "PERSON":
                continue
            before = {t.lower_ for t in doc[max(0, ent.start - 3) : ent.start]}
            after = {t.lower_ for t in doc[ent.end : min(len(doc), ent.end + 4)]}
            head_words = {ent.root.head.lower_} | {c.lower_ for c in ent.root.children}
            if (before | after | head_words) & _OFFICE_WORDS:
                return ent.text
        for tok in s:
            if tok.lower_ in _OFFICE_WORDS and tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN" and doc[tok.i + 1].text[:1].isupper():
                return f"{tok.text} {doc[tok.i + 1].text}"
            # "Mr. West": a person named with an honorific where the text speaks of public life.
            if tok.text in ("Mr.", "Ms.", "Mrs.", "Mx.") and tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN" and (
                _PUBLIC_CONTEXT.search(doc.text) or any(w in doc.text.lower() for w in ("fame", "famous", "celebrit"))
            ):
                return f"{tok.text} {doc[tok.i + 1].text}"
    return ""


#: Offices whose holder is one identifiable person ("the mayor", "our governor", "the person occupying the
#: mayor's office"): described, not named, they are as identifiable as by name.
_OFFICES = {"president", "governor", "senator", "mayor", "minister", "premier", "chancellor", "congressman", "congresswoman",
            "sheriff", "commissioner", "councillor", "councilmember", "councilman", "councilwoman", "king", "queen", "prince", "princess",
            "ceo", "chairman", "chairwoman", "superintendent", "taoiseach", "judge", "candidate", "nominee"}


def _described_office_holder(sent) -> str | None:
    """'the mayor' when the subject of the sentence is the holder of a single office, described rather
    than named: a definite or possessive phrase ("the mayor", "our governor", "the person occupying the
    mayor's office", "the current prime minister"); None for the generic ("a president", "politicians")."""
    for tok in sent:
        if tok.dep_ not in ("nsubj", "nsubjpass", "csubj"):
            continue
        for w in tok.subtree:
            if w.lower_ not in _OFFICES or w.tag_ in ("NNS", "NNPS"):
                continue
            dets = {c.lower_ for c in w.children if c.dep_ in ("det", "poss")}
            if dets & {"the", "this", "that", "our", "your", "my", "their"} or any(c.dep_ == "case" for c in w.children):
                return f"\"{' '.join(x.text for x in tok.subtree)[:60]}\""
    return None


_INFER = re.compile(
    r"\b(?:is|was|'s|are|has|had|have|seems?|appears?|shows?|showing|displays?|exhibits?|fits?|meets?|looks? like|sounds? like|case of|"
    r"textbook|classic|clearly|obviously|definitely|surely|bet|sign of|signs of|symptoms? of|picture of|in (?:a |the middle of a |full )?(?:\w+ )?episode)\b",
    re.I,
)


def public_figure_pronoun(post, ctx):
    for para, off, doc in _parsed(ctx, "public"):
        sents = list(doc.sents)
        for k, sent in enumerate(sents):
            text = sent.text
            m = _DX.search(text)
            if m is None or question(sent) or hypothetical(sent) or _HEDGE.search(text) or _DISCLOSED.search(text):
                continue
            dx_tok = next((t for t in sent if t.idx - sent.start_char <= m.start() < t.idx - sent.start_char + len(t.text) + 1), None)
            if dx_tok is None or _quoted(para, off, dx_tok) or negated(dx_tok):
                continue
            # The diagnosis is said of a person through a pronoun ("he has…", "watching him, a textbook
            # case of…", "she's in a manic episode"), with an inference or predication in the sentence.
            pron = next((t for t in sent if t.lower_ in _PRONOUNS and t.lower_ not in ("they", "them", "their")), None)
            if not _INFER.search(text):
                continue
            if pron is None:
                office = _described_office_holder(sent)
                if office is None:
                    continue
                from .public_statements import REPORTED

                window = " ".join(x.text for x in sents[max(0, k - 2) : k + 1])
                if _DISCLOSED.search(window) or _HEDGE.search(window) or REPORTED.search(text):
                    continue
                a = dx_tok.idx
                yield _hit(para, off, a, a + len(dx_tok.text),
                           f"\"{text.strip()[:80]}\" gives a diagnosis to {office}, a public office-holder the writer has not examined")
                continue
            window = " ".join(x.text for x in sents[max(0, k - 2) : k + 1])
            if _DISCLOSED.search(window) or _HEDGE.search(window):
                continue
            from .public_statements import REPORTED

            if REPORTED.search(text):
                continue
            name = _public_antecedent(doc, k, sents)
            if not name:
                continue
            # "My father was a veteran, and he had PTSD": someone else came in after the name.
            lead = doc.text[sents[max(0, k - 2)].start_char : pron.idx]
            if OTHER_PERSON.search(lead, max(0, lead.rfind(name.split()[-1]))):
                continue
            a = dx_tok.idx
            yield _hit(para, off, a, a + len(dx_tok.text),
                       f"\"{text.strip()[:80]}\" gives a diagnosis to \"{pron.text}\", that is {name}, whom the writer has not examined")


# --------------------------------------------------------------------------
# B503: asking the reader for a review, however politely
# --------------------------------------------------------------------------

_REVIEW_OBJECTS = {"review", "reviews", "rating", "ratings", "testimonial", "testimonials", "star", "stars", "recommendation",
                   "endorsement", "endorsements", "shout-out", "shoutout"}
_REVIEW_SITES = {"google", "yelp", "healthgrades", "zocdoc", "facebook", "psychology", "today", "listing", "profile", "directory", "page",
                 "therapyden", "goodtherapy", "maps"}
_GIVE_VERBS = {"leave", "write", "post", "give", "share", "drop", "submit", "add", "put", "jot", "say", "type", "pen", "rate", "review",
               "recommend", "spare", "offer"}
_POLITE = re.compile(
    r"\b(?:please|would you|could you|will you|can you|would mean|would help|would be (?:so |very |really |truly )?(?:grateful|thankful|wonderful|great|lovely|kind|helpful)|"
    r"mean (?:so much|a lot|the world)|grateful if|appreciate (?:it )?if|if you (?:have|could|would|feel|get|find)|we(?:'d| would) (?:love|appreciate|be)|"
    r"I(?:'d| would) (?:love|appreciate|be)|consider|invite you|encourage you|don't forget|do not forget|take a (?:moment|minute)|"
    r"only takes|a (?:moment|minute) of your time|why not|how about|feel free|if you(?:'re| are) (?:happy|willing|comfortable))\b",
    re.I,
)


#: What a review "would do" when it is asked for without a verb of giving: "a line on Google would mean
#: a great deal to us", "even a star rating helps others find us", "a review is always appreciated".
_BENEFIT = {"mean", "help", "matter", "appreciate", "go", "make", "support", "brighten", "thrill", "delight"}
_WORDS_OF = {"line", "lines", "word", "words", "sentence", "sentences", "note", "comment", "comments"}


def _verb_of(tok):
    """The nearest verb above a word: "review" in "put a date in…, and treat the review as…" belongs to
    "treat", not to "put" (whose subtree holds the whole coordination)."""
    head = tok.head
    while head is not head.head and head.pos_ not in ("VERB", "AUX"):
        head = head.head
    return head


#: A link to a review or map listing: there, "a few words here" means a review.
_REVIEW_LINK = re.compile(r"(?:\]\(|href=[\"']?)(?:https?://)?[^)\s\"']*(?:maps|google|g\.page|yelp|healthgrades|zocdoc|psychologytoday|review)", re.I)
_HERE = {"here", "there", "below", "link"}


def _nominal_review_request(sent, link_is_review: bool = False):
    """The verb of a sentence whose subject is a review, a rating or a few words on a review site and whose
    predicate is what that would do for the practice: a request made without asking ("a line or two on
    Google would mean a great deal to us"). A general remark ("reviews help people choose") has no
    "would", no "us" and no "even"; a negated one says nothing is wanted."""
    for tok in sent:
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.lemma_ not in _BENEFIT:
            continue
        sub = list(tok.subtree)
        words = {c.lower_ for c in sub}
        sites = words & _REVIEW_SITES or (link_is_review and words & _HERE)
        if not (words & _REVIEW_OBJECTS or (words & _WORDS_OF and sites) or (words & _REVIEW_SITES and "review" in sent.text.lower())):
            continue
        verb = tok.head
        if negated(verb):
            continue
        around = {c.lower_ for c in verb.subtree} - words
        modal = any(c.lower_ in ("would", "'d", "could") for c in verb.children)
        for_us = bool(around & {"us", "me", "our", "practice", "others", "other", "people", "someone"})
        even = any(c.lower_ in ("even", "just", "only") for c in sub)
        passive = tok.dep_ == "nsubjpass" and verb.lemma_ == "appreciate"
        if (modal and for_us) or (even and for_us) or passive:
            return verb
    return None


def review_request(post, ctx):
    for para, off, doc in _parsed(ctx, "review"):
        link_is_review = _REVIEW_LINK.search(para.seg.text, para.start, para.end) is not None
        for sent in doc.sents:
            text = sent.text
            low = text.lower()
            # About reviews, not asking for one: a negation anywhere on the request ("we never ask for
            # reviews"), a question, or reported speech ("some therapists ask clients to…").
            if question(sent) and not re.search(r"\b(?:would|could|will|can) you\b", low):
                continue
            verb = None
            for tok in sent:
                if tok.lemma_ in _GIVE_VERBS and tok.pos_ in ("VERB", "AUX"):
                    objs = [c for c in tok.subtree if c.lower_ in _REVIEW_OBJECTS and _verb_of(c) is tok]
                    sites = [c for c in tok.subtree if c.lower_ in _REVIEW_SITES and _verb_of(c) is tok]
                    words_about = any(c.lower_ in ("words", "lines", "sentences", "thoughts", "note", "experience") for c in tok.subtree) and (
                        sites or any(c.lower_ in ("us", "our", "practice", "work") for c in tok.subtree)
                    )
                    rating_verb = tok.lemma_ in ("rate", "review", "recommend") and any(c.lower_ in ("us", "me", "practice") for c in tok.children)
                    if objs or words_about or rating_verb:
                        verb = tok
                        break
            if verb is None:
                nominal = _nominal_review_request(sent, link_is_review)
                if nominal is not None and not _quoted(para, off, nominal) and not re.search(
                    r"\b(?:never|won't|will not|don't|do not|not)\b[^.]*\b(?:ask|request|solicit)|\b(?:some|many|other) (?:therapists|clinicians|practices)\b", low
                ):
                    a, b = _subtree_span(nominal)
                    yield _hit(para, off, a, min(b, a + 120), f"\"{text.strip()[:100]}\" asks readers for a review or testimonial")
                continue
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            addressed = (not subj and verb.tag_ == "VB") or any(c.lower_ == "you" for c in subj)
            if not addressed and verb.dep_ in ("xcomp", "ccomp", "advcl", "conj"):
                addressed = any(c.lower_ == "you" for c in verb.head.children) or verb.head.tag_ == "VB"
            if not (addressed and (_POLITE.search(text) or (not subj and verb.tag_ == "VB" and verb.i == sent.start))):
                continue
            if negated(verb) or re.search(r"\b(?:never|won't|will not|don't|do not|not)\b[^.]*\b(?:ask|request|solicit)", low):
                continue
            if re.search(r"\b(?:some|many|other) (?:therapists|clinicians|practices|counsel+ors)\b|\bwhy (?:we|I)\b", low):
                continue
            if _quoted(para, off, verb):
                continue
            a, b = _subtree_span(verb)
            yield _hit(para, off, a, min(b, a + 120), f"\"{text.strip()[:100]}\" asks readers for a review or testimonial")


# --------------------------------------------------------------------------
# B501 / B502: refunds on outcomes; outcome figures about "our" clients
# --------------------------------------------------------------------------

_REFUND = re.compile(
    r"\b(?:refund|refunded|refunds|money back|money-back|pay (?:you|it) back|reimburse|return (?:your|the) (?:fee|money|payment)|"
    r"(?:fee|fees|money|payment|deposit)s? (?:comes?|goes|is|are|will be|gets?) (?:back|returned|refunded|credited)|(?:fee|money|payment) back|"
    r"(?:hand|give|pay|send) (?:you )?back (?:every|all|the full|your|what you)|(?:hand|give|pay|send) (?:every|all|the full) \w+ back|"
    # the session given free when the outcome fails: "the second day is on us", "costs you nothing"
    r"(?:is|are|will be|'s) on (?:us|the house)|(?:costs?|charge) you nothing)",
    re.I,
)
_OUTCOME_IF = re.compile(
    r"\b(?:if|unless|when)\b[^.]{0,80}(?:\bnot\b|n't\b|\bno\b|\bnever\b)[^.]{0,60}\b(?:better|improve|improved|improvement|results?|progress|work|worked|works|help|helped|"
    r"difference|change|calmer|happier|free|cured|satisfied|relief|succeed|success|lift|lifted|eased|gone|resolved|fixed|closer|connected|lighter|relieved|hopeful|confident|"
    r"stronger|healthier|less anxious|less stressed|in love)|"
    r"\b(?:you(?:'ll| will) (?:leave|walk away|go home|finish)|or your (?:fee|money|payment)|or (?:we|I)(?:'ll| will) (?:refund|return|give you back|pay you back))\b|"
    r"\b(?:if|unless)\b[^.]{0,60}\b(?:still|continue to|keep)\b[^.]{0,40}\b(?:anxious|depressed|panic|struggl|argu|fight)",
    re.I,
)


def refund_promise(post, ctx):
    for para, off, doc in _parsed(ctx, "refund"):
        for sent in doc.sents:
            text = sent.text
            m = _REFUND.search(text)
            if m is None or not _OUTCOME_IF.search(text):
                continue
            tok = next((t for t in sent if t.idx - sent.start_char >= m.start()), sent.root)
            # "We don't offer refunds", "beware of anyone who promises your money back": about refunds, not one.
            if question(sent) or negated(tok) or OTHERS_PROMISE.search(text):
                continue
            if _quoted(para, off, tok):
                continue
            yield _hit(para, off, tok.idx, tok.idx + len(tok.text), f"\"{text.strip()[:100]}\" promises money back on the outcome of therapy")


_OUR_PEOPLE = re.compile(
    r"\b(?:(?:the )?(?:clients|patients|couples|families|people|adults|teens|kids|children|parents|veterans|men|women)(?: \w+){0,2} (?:we|I) "
    r"(?:see|saw|treat|treated|work with|worked with|have seen|'ve seen|counsel)|(?:our|my) (?:clients|patients|couples|families|graduates|participants)|"
    r"(?:clients|patients|couples|people) (?:who|that) (?:come to|work with|see|complete|finish|start|begin) (?:us|me|our|my))\b",
    re.I,
)
_FIGURE = re.compile(r"\b\d{1,3}(?:\.\d)? ?(?:%|percent|per cent)|\b(?:nine|eight|seven|six|\d) (?:out of|in) (?:ten|10)\b|\b(?:most|almost all|nearly all|virtually all|every one) of (?:our|my|the)\b", re.I)
_IMPROVE = re.compile(
    r"\b(?:improv|better|less|fewer|reduc|recover|no longer|free of|symptom-free|succe|stop(?:ped|s)? (?:argu|fight|panick|drink)|sleep|calmer|happier|"
    r"report|feel|relief|resolv|reach|achiev|goal|remission|lower|drop|cut)", re.I)
_SOURCE = re.compile(r"\((?:[^()]*\b(?:19|20)\d\d[a-z]?)\)|\bet al\.|\bdoi\b|https?://|\baccording to\b|\bpublished\b|\bjournal\b|\bstudy\b|\btrial\b|"
                     r"\bmeta-analysis\b|\bsurvey (?:by|of|from)\b|\bdata (?:from|by)\b|\bresearch(?:ers)? (?:at|from|by)\b|\bour (?:own )?(?:audit|outcome data|outcome measures)\b", re.I)


def outcome_figures(post, ctx):
    for para, off, doc in _parsed(ctx, "figures"):
        para_raw = para.seg.text[para.start : para.end]
        for sent in doc.sents:
            text = sent.text
            fm = _FIGURE.search(text)
            if fm is None or not _OUR_PEOPLE.search(text) or not _IMPROVE.search(text[fm.end() :]):
                continue
            if question(sent) or hypothetical(sent) or _SOURCE.search(text) or _SOURCE.search(para_raw):
                continue
            if re.search(r"\b(?:nationally|in general|across studies|in studies|research (?:shows|suggests|finds))\b", text, re.I):
                continue
            tok = next((t for t in sent if t.idx - sent.start_char >= fm.start()), sent.root)
            yield _hit(para, off, tok.idx, tok.idx + len(tok.text), f"\"{text.strip()[:100]}\" states an outcome figure for the practice's clients with no source")


# --------------------------------------------------------------------------
# B604: a medication change as advice, habit or "what I tell people"
# --------------------------------------------------------------------------

_MED_NOUNS = {"pill", "pills", "tablet", "tablets", "dose", "doses", "dosage", "medication", "medications", "meds", "prescription",
              "antidepressant", "antidepressants", "ssri", "ssris", "snri", "lithium", "stimulant", "stimulants", "adderall", "ritalin",
              "benzo", "benzos", "xanax", "zoloft", "prozac", "lexapro", "sertraline", "fluoxetine", "escitalopram", "citalopram", "mg",
              "capsule", "capsules", "medicine", "medicines", "insulin", "wellbutrin", "bupropion", "effexor", "venlafaxine", "klonopin",
              "ativan", "seroquel", "quetiapine", "lamictal", "lamotrigine", "antipsychotic", "antipsychotics"}
_CHANGE_VERBS = {"skip", "stop", "halve", "cut", "taper", "reduce", "lower", "double", "increase", "quit", "drop", "split", "wean", "miss",
                 "decrease", "raise", "ditch", "alternate", "space", "trim", "break"}
_ADVICE_FRAME = re.compile(
    r"\b(?:my (?:usual |standard |general |go-to |own |honest )?(?:advice|suggestion|recommendation|rule of thumb|tip)|what I (?:usually |always |often )?(?:tell|suggest|recommend|advise)|"
    r"I (?:usually |always |often |generally |typically )?(?:tell|advise|suggest|recommend|encourage) (?:people|clients|patients|everyone|folks|them|you)|"
    r"most (?:people|clients|patients|of my clients) (?:find|do (?:fine|well)|are fine|feel better)|works? (?:best|well|fine)|you (?:can|could|should|might want to|may want to)|"
    r"(?:try|consider|just|simply|feel free to|it's (?:fine|okay|ok|safe) to|it is (?:fine|okay|safe) to|there's no harm in|no need to)\b)",
    re.I,
)
_PRESCRIBER_OK = re.compile(r"\b(?:with|ask|talk(?:ing)? (?:to|with)|check(?:ing)? with|call|consult|speak(?:ing)? (?:to|with)|only (?:if|when)|under) (?:your |a |the )?"
                            r"(?:prescriber|doctor|psychiatrist|physician|GP|pharmacist|provider|nurse practitioner|care team)", re.I)


_PARTIAL_DOSE = re.compile(r"\b(?:half|halves|a quarter|quarter of|every other|every second|alternate days?|only on)\b", re.I)


def medication_advice(post, ctx):
    for para, off, doc in _parsed(ctx, "meds"):
        for sent in doc.sents:
            text = sent.text
            verb = None
            for tok in sent:
                if tok.lemma_ in _CHANGE_VERBS and tok.pos_ in ("VERB", "NOUN", "ADJ") and any(c.lower_ in _MED_NOUNS for c in tok.subtree):
                    verb = tok
                    break
                # "taking half your usual dose", "a quarter of a tablet every other day"
                if tok.lemma_ in ("take", "start", "try", "go", "drop", "move") and any(c.lower_ in _MED_NOUNS for c in tok.subtree) and \
                        _PARTIAL_DOSE.search(" ".join(c.text for c in tok.subtree)):
                    verb = tok
                    break
            if verb is None:
                continue
            if question(sent) or _PRESCRIBER_OK.search(text) or negated(verb):
                continue
            if re.search(r"\b(?:never|don't|do not|not|shouldn't|should not|avoid|dangerous|risky|unsafe|myth|without (?:talking|asking|checking))\b", text, re.I):
                continue
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            imperative = not subj and verb.tag_ == "VB" and verb.dep_ in ("ROOT", "conj") and verb.i - sent.start <= 2
            framed = _ADVICE_FRAME.search(text) is not None
            # Reported or research-like ("patients in the trial stopped…", "she skipped doses") is not advice.
            if subj and all(c.lower_ not in ("you",) for c in subj) and not framed:
                continue
            if not (imperative or framed):
                continue
            a, b = _subtree_span(verb)
            yield _hit(para, off, verb.idx, min(b, verb.idx + 100), f"\"{text.strip()[:100]}\" tells readers to change their medication", Severity.BLOCK)


# --------------------------------------------------------------------------
# B207: clinical details asked for through a social channel, however it is put
# --------------------------------------------------------------------------

_CHANNEL = re.compile(r"\b(?:DMs?|direct messages?|private messages?|PMs?|inbox|Instagram|Facebook|Messenger|WhatsApp|TikTok|Snapchat|"
                      r"Twitter|Threads|Mastodon|Bluesky|Signal|Telegram|text (?:us|me)|message (?:us|me))\b", re.I)
_CLINICAL_ASK = re.compile(
    r"\b(?:symptoms?|medications?|meds|dosage|diagnos\w+|side effects|what you(?:'re| are|'ve been| have been) (?:feeling|going through|experiencing|noticing|struggling with|dealing with|living with)|"
    r"how you(?:'re| are| have been|'ve been) (?:feeling|doing|sleeping|coping)|what(?:'s| has) been (?:happening|going on)|panic attacks?|"
    r"suicidal|self-harm|urges|mood|trauma|history|how long it has been|what you(?:'re| are) taking|(?:your |the )?nights?|sleep\w*|"
    r"what wakes you|what(?:'s| is) (?:wrong|going on)|feelings?)\b",
    re.I,
)
_DIRECTIVE = re.compile(r"\b(?:just|simply|please|feel free to|you can|you could|you're welcome to|you are welcome to|go ahead and|don't hesitate to|"
                        r"the (?:easiest|best|simplest|quickest) (?:thing|way|option|step) (?:is|would be) (?:to|just)|why not|all you (?:need|have) to do is)\b", re.I)


def social_clinical_contact(post, ctx):
    for para, off, doc in _parsed(ctx, "channel"):
        for sent in doc.sents:
            text = sent.text
            ch = _CHANNEL.search(text)
            if ch is None or not _CLINICAL_ASK.search(text) or question(sent):
                continue
            root = sent.root
            imperative = root.tag_ == "VB" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children)
            directive = _DIRECTIVE.search(text)
            if not (imperative or directive):
                continue
            # "If you're on the fence, the easiest thing is to send us a DM…": a condition on a request is
            # still a request; a condition with no directive ("if you DM us your symptoms, we…") is not.
            if hypothetical(sent) and not directive:
                continue
            if negated(root) or re.search(r"\b(?:don't|do not|never|please don't|avoid|not (?:a|the) (?:place|way)|isn't (?:secure|private)|"
                                          r"aren't (?:secure|private))\b", text, re.I):
                continue
            # "Instead of DMing us your symptoms, call": the channel is what to avoid.
            if re.search(r"\b(?:instead of|rather than|not by|not through|not over)\b[^,;.]{0,30}$", text[: ch.start()], re.I):
                continue
            tok = next((t for t in sent if t.idx - sent.start_char >= ch.start()), root)
            yield _hit(para, off, tok.idx, tok.idx + len(tok.text),
                       f"clinical details by social message (\"{text.strip()[:80]}\")", Severity.BLOCK)


# --------------------------------------------------------------------------
# Examples: shown in docs/rules.md with each rule's own, and run as tests
# --------------------------------------------------------------------------

_P = "---\ntitle: \"A post\"\ndate: 2025-03-04\nsummary: \"A summary.\"\naudience: public\nrisk: low\n---\n\n"

EXAMPLES = {
    "B102": (
        (Example(_P + "My brother Felix came to see me last month and we went sailing.\n"),
         Example(_P + "My brother and I discussed the assessment he had at work.\n"),
         Example(_P + "After my divorce I started seeing a man from my running club, and it was lovely.\n")),
        (Example(_P + "My newest and youngest client, Wren, brought her sketchbook to our session.\n"),
         Example(_P + "Priya was a 29-year-old architect who phoned my office asking about panic attacks.\n"),
         Example(_P + "During the assessment, Tomas and I discussed what he wanted from therapy.\n"),
         Example(_P + "In my first placement I started seeing a woman called Ines, who rarely spoke in our sessions.\n"),
         Example(_P + "I have been seeing Casimir on Wednesday afternoons since January, and he rarely misses a session.\n")),
    ),
    "B207": (
        (Example(_P + "Please do not message us symptoms on Instagram; call the office instead.\n"),),
        (Example(_P + "Just drop into our Instagram inbox and tell us what you are feeling and which medications you take.\n"),),
    ),
    "B501": (
        (Example(_P + "Be wary of anyone who offers your money back if you are not cured.\n"),),
        (Example(_P + "Come to all eight sessions, and if you still feel anxious we will refund every penny.\n"),),
    ),
    "B503": (
        (Example(_P + "We do not ask clients for reviews: it would put them in an awkward position.\n"),
         Example(_P + "Online reviews can help people compare therapists, but a star rating tells you little about fit.\n")),
        (Example(_P + "It would help other families find us if you could spare a minute to leave a review on our Google listing.\n"),
         Example(_P + "If our sessions have helped, a few words on Google would mean the world to us.\n")),
    ),
    "B601": (
        (Example(_P + "Senator Ilse Marrow wrote about her own depression in her memoir, and she calls treatment a turning point.\n"),
         Example(_P + "A president with untreated bipolar disorder would be a worry, but no one can diagnose from a distance.\n")),
        (Example(_P + "Senator Ilse Marrow shouted through the hearing again. Watching her, it is obvious she has borderline personality disorder.\n"),
         Example(_P + "Whoever sits in the governor's chair this year clearly shows every sign of antisocial personality disorder.\n")),
    ),
    "B604": (
        (Example(_P + "Never halve a dose on your own; plan any change with your prescriber.\n"),),
        (Example(_P + "What I usually tell people is to skip the morning tablet whenever they feel jittery.\n", severity=Severity.BLOCK),),
    ),
}


#: code -> matchers run after that rule's own matcher.
EXTRA = {
    "B102": (b102_structural,),
    "B207": (social_clinical_contact,),
    "B501": (refund_promise,),
    "B502": (outcome_figures,),
    "B503": (review_request,),
    "B601": (public_figure_pronoun,),
    "B604": (medication_advice,),
}
