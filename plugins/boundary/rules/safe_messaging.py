"""B3 — safe messaging about suicide, self-harm and eating disorders; B340 substance-use stigma.

Sources: reportingonsuicide.org; the Action Alliance framework; WHO (2023)
media guide; #chatsafe; Samaritans; NEDA/Beat media guidelines; NIDA "Words
Matter". Writing *about* suicide prevention with care is the goal, so these
rules look for detail (method, place, note), framing (solution, single cause,
sensation) and missing help, not for the topic itself.
"""

from __future__ import annotations

import re

from .. import practice as practice_mod
from .. import topics
from ..model import Example, Hit, Rule, Severity
from ..practice import digits
from ..prefilter import can_match, finditer_in_regions, may_match
from .common import compile_list, each, is_mention, lowered_prose, negated, scan, sentences

SM = "safe_messaging.yaml"
SRC = "reportingonsuicide.org; WHO (2023) Preventing suicide: a resource for media professionals; Action Alliance Framework for Successful Messaging"
P = "---\ntitle: \"A post\"\ndate: 2025-03-04\nsummary: \"A summary.\"\naudience: public\nrisk: high\ncontent_note: \"Discusses suicide.\"\n---\n\n"
RES = " If you are struggling, call or text 988.\n"

_RX: dict[tuple, re.Pattern] = {}


def rx(key: str, flags=re.I, name: str = SM) -> re.Pattern:
    k = (name, key, int(flags))
    try:
        return _RX[k]
    except KeyError:
        found = _RX[k] = compile_list(name, key, flags)
        return found


_SUICIDE = re.compile(
    r"\b(?:suicid\w*|kill(?:s|ed|ing)? (?:myself|themselves|himself|herself|yourself|themself)|(?:took|take|taking|end|ended|ending) (?:my|their|his|her|your) (?:own )?life)\b",
    re.I,
)


def _by_para(ctx):
    def compute():
        out: dict[int, list] = {}
        for x in sentences(ctx):
            out.setdefault(id(x.para), []).append(x)
        return out

    return ctx.memo("sentences_by_para", compute)


def _window(s, ctx, before: int = 1, after: int = 1) -> str:
    """The sentence with its neighbours in the same paragraph."""
    sents = _by_para(ctx)[id(s.para)]
    i = s.k
    return " ".join(x.text for x in sents[max(0, i - before) : i + after + 1])


_LEARNT = []


def _learn_words() -> None:
    """Tell the shared word set (prefilter) every word the paragraph tests below ask about, once.

    can_match learns a pattern's words the first time it sees the pattern,
    and each time the known words grow the shared per-text word sets are
    dropped and made again. The topic rules meet some patterns only in the
    first post about self-harm or eating disorders; learning them all in the
    first post drops the sets once instead of once per pattern. (Asking about
    an empty text changes no answer.)
    """
    if not _LEARNT:
        for pattern in (_SUICIDE, rx("location"), rx("place_names", 0), rx("suicide_note"), rx("solution"), rx("self_harm_implements"), rx("self_harm_acts"),
                        rx("self_harm_sites"), rx("self_harm_conceal"), _WOUND, rx("ed_numbers"), rx("ed_behaviour")):
            can_match(pattern, "")
        _LEARNT.append(True)


def _groups(ctx):
    """The sentences of each paragraph, in the order of sentences(ctx) (consecutive runs of one paragraph)."""

    def compute():
        out: list[list] = []
        last = None
        for x in sentences(ctx):
            if x.para is not last:
                out.append([])
                last = x.para
            out[-1].append(x)
        return out

    return ctx.memo("safe_messaging_groups", compute)


def _joined(ctx) -> dict[int, str]:
    """Per paragraph: its sentences joined as _window joins them.

    Every window of a sentence is a run of its paragraph's sentences joined
    with " ", so it is a substring of this text: a word a window holds, this
    text holds too. can_match(rx, joined) False therefore means that no
    window of any sentence of the paragraph can match rx (an exact skip).
    """

    def compute():
        return {id(group[0].para): " ".join(x.text for x in group) for group in _groups(ctx)}

    return ctx.memo("safe_messaging_joined", compute)


# A sentence's text is a slice of its paragraph's text (clientctx: both are
# slices of the segment's prose), so a word a sentence holds, the paragraph
# holds too: can_match(rx, para.text) False means no sentence of the paragraph
# can match rx. can_match only ever answers False when a word every match
# needs is missing (prefilter.requirement_for), so these skips are exact.


def _topics(ctx):
    if not _LEARNT:
        _learn_words()  # in the first post checked, whatever it is about
    return ctx.memo("topics", lambda: topics.detect(ctx.post, lowered_prose(ctx)))


def _mentions(ctx, name: str) -> int:
    return _topics(ctx)[name].mentions


# --------------------------------------------------------------------------
# B301 method, B302 location, B303 note
# --------------------------------------------------------------------------


def _method(post, ctx):
    if _mentions(ctx, "suicide") == 0:
        return
    # A named medicine said to be lethal, in a post about suicide, is method
    # detail wherever it stands in the post.
    for s, drug in scan(rx("drugs"), ctx):
        lethal = rx("lethality").search(s.text)
        if lethal and not re.search(r"\blethal means\b", s.text[max(0, lethal.start() - 1) : lethal.end() + 6], re.I):
            yield s.hit(drug, f"\"{drug.group(0)}\" is named as {lethal.group(0)} in a post about suicide")
    low = " ".join(x.text for x in sentences(ctx)).lower()
    if not (may_match(rx("method_act"), low) or may_match(rx("method_drug"), low)):
        return
    # Explicit acts ("hanged himself", "swallowed forty tablets") are method detail
    # anywhere in a post about suicide.
    for s, m in scan(rx("method_act"), ctx):
        if not is_mention(s.seg, s.start + m.start(), s.start + m.end()):
            yield s.hit(m, f"\"{m.group(0)}\" describes a method")
    method_drug = rx("method_drug")
    joined = _joined(ctx)
    for group in _groups(ctx):
        para = group[0].para
        # Every method_drug match holds a _DOSE_WORDS match (see there): a
        # paragraph without one has no hit.
        if not _DOSE_WORDS.search(para.text) or not can_match(_SUICIDE, joined[id(para)]):
            continue
        for s in group:
            # Only a sentence with a dose or amount can yield; the window test
            # and the advice test are pure, so testing them after is the same.
            found = list(method_drug.finditer(s.text))
            if not found:
                continue
            window = _window(s, ctx)
            if not _SUICIDE.search(window):
                continue
            advice = rx("means_advice").search(s.text)
            for m in found:
                if advice and not _SUICIDE.search(s.text):
                    continue  # lethal-means safety advice ("keep pills locked away")
                yield s.hit(m, f"\"{m.group(0)}\" gives a drug amount or dose next to suicide")


#: Every match of the method_drug list (safe_messaging.yaml) holds one of these
#: (same flags, so the same letters match): a digit (amounts in figures), a
#: number word, a container (bottle, pack, packet, box, blister pack, handful), a measure
#: (dose, amount, quantity, level) or "how many". tests/test_speed_safe.py
#: checks the list is still the one this was derived from.
_DOSE_WORDS = re.compile(
    r"\d|bottle|pack|box|handful|dose|amount|quantit|level|how many|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand",
    re.I,
)



def _location(post, ctx):
    if _mentions(ctx, "suicide") == 0:
        return
    location, places = rx("location"), rx("place_names", 0)
    for group in _groups(ctx):
        para = group[0].para
        loc_may = can_match(location, para.text)
        place_may = can_match(places, para.text)
        if not (loc_may or place_may):
            continue  # neither list can match a sentence of this paragraph
        for s in group:
            if loc_may:
                for m in location.finditer(s.text):
                    yield s.hit(m, f"\"{m.group(0)}\"")
            if not place_may:
                continue
            # The place-name hits need a place name in the sentence; the window
            # tests are pure, so testing for the name first yields the same.
            found = list(places.finditer(s.text))
            if not found:
                continue
            window = _window(s, ctx, 1, 1)
            if _SUICIDE.search(window) or _FELL.search(s.text):
                for m in found:
                    if not (_SUICIDE.search(window) and _DIED.search(window)):
                        continue
                    yield s.hit(m, f"\"{m.group(0).strip()}\" is named as a place where someone died by suicide")


_FELL = re.compile(r"\b(?:jump\w*|leap\w*|fell|fall|died|death|body was found)\b", re.I)
_DIED = re.compile(r"\b(?:jump\w*|leap\w*|died|death|fell|body|suicid\w*)\b", re.I)


def _note(post, ctx):
    if _mentions(ctx, "suicide") == 0:
        return
    note = rx("suicide_note")
    joined = _joined(ctx)
    for group in _groups(ctx):
        if not can_match(note, joined[id(group[0].para)]):
            continue  # no window of this paragraph mentions a note
        for s in group:
            window = _window(s, ctx, 2, 2)
            if not note.search(window):
                continue
            m = rx("note_content").search(s.text)
            if m and not negated(s.text, m.start()):
                yield s.hit(m, f"\"{m.group(0)}\" reports what a suicide note said")
                continue
            if re.search(r"[\"“][^\"”]{12,}[\"”]", s.raw) and note.search(s.text):
                yield s.hit((0, len(s.text)), "a suicide note is quoted")


# --------------------------------------------------------------------------
# B304 language, B305 sensational, B306 solution, B307 single cause
# --------------------------------------------------------------------------


def _language(post, ctx):
    sev = Severity.BLOCK if ctx.risk == "high" else Severity.WARN
    for s, m in each(rx("language"), ctx):
        yield s.hit(m, f"\"{m.group(0)}\"; say \"died by suicide\" or \"suicide attempt\"", sev)


def _sensational(post, ctx):
    for s, m in each(rx("sensational"), ctx, skip_negated=True):
        yield s.hit(m, f"\"{m.group(0)}\"")


_MYTH = re.compile(
    r"\b(?:myth|misconception|misunderstanding|not true|untrue|false|mistaken|wrong|actually|in fact|rarely|seldom|most people who|"
    r"common (?:belief|assumption|idea|view)|(?:belief|assumption|idea|notion) that|(?:people|many|some|we|others) (?:often |sometimes |still )?(?:think|believe|assume|say|hear)|"
    r"it(?:'s| is) (?:often |sometimes |commonly )?(?:said|thought|believed|assumed))\b",
    re.I,
)
_CORRECTION = re.compile(r"^\W*(?:more often|in fact|actually|in reality|but|however|most people|usually|the truth|research shows|in most cases)\b", re.I)


def _solution(post, ctx):
    if _mentions(ctx, "suicide") == 0:
        return
    solution = rx("solution")
    for group in _groups(ctx):
        if not can_match(solution, group[0].para.text):
            continue
        for s in group:
            yield from _solution_in(s, ctx, solution)


def _solution_in(s, ctx, solution):
    found = list(solution.finditer(s.text))
    if found:
        nxt = _window(s, ctx, 0, 1)[len(s.text) :]
        for m in found:
            if negated(s.text, m.start(), 80) or _MYTH.search(s.text) or _CORRECTION.search(nxt):
                continue
            if is_mention(s.seg, s.start + m.start(), s.start + m.end()) and _MYTH.search(_window(s, ctx)):
                continue
            if _SUICIDE.search(s.text):
                yield s.hit(m, f"\"{m.group(0)}\" in the sentence that names suicide", Severity.BLOCK)
            elif _SUICIDE.search(_window(s, ctx)):
                yield s.hit(m, f"\"{m.group(0)}\" next to a mention of suicide", Severity.WARN)


def _single_cause(post, ctx):
    for s, m in each(rx("single_cause"), ctx, skip_negated=True):
        if _MYTH.search(s.text):
            continue
        yield s.hit(m, f"\"{m.group(0)}\"")


# --------------------------------------------------------------------------
# B308 crisis resources, B309 content note
# --------------------------------------------------------------------------

_NUMBER = re.compile(
    r"(?<![\w/.-])(?:\+?1[ .-]?)?(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w-])|"
    r"(?<![\w/.-])1-\d{3}-[A-Z0-9]{3}-[A-Z0-9]{4}(?![\w-])|"
    r"(?<![\w/.$-])\d{3}(?:[ .-]\d{3}){1,2}(?![\w/%-])|(?<![\w/.$-])\d{5,6}(?![\w/%-])|(?<![\w/.$-])\d{2} \d{2} \d{2}(?![\w-])"
)
_CRISIS_WORDS = re.compile(r"\b(?:crisis|hotline|helpline|help line|lifeline|suicide|text line|warmline|support line|emergency line|24/7|24 hours|around the clock|call or text|text \w+ to|line)\b", re.I)
_RESOURCE_NAMES = re.compile(
    r"\b(?:988|741741|Crisis Text Line|Suicide (?:&|and) Crisis Lifeline|Lifeline|Samaritans|Trevor Project|TrevorLifeline|Veterans Crisis Line|Trans Lifeline|Kids Help Phone|Shout|116 123|13 11 14)\b",
    re.I,
)


#: Every _NUMBER match holds two digits in a row and no blank line (at most one
#: line break, after "(555)"), and its lookarounds see one character.
_TWO_DIGITS = re.compile(r"\d\d")


def _pair_starts(text: str) -> list[int]:
    """Where two ASCII digits in a row begin in an ASCII text, in order (overlapping pairs included)."""
    places = []
    for d in "0123456789":
        i = text.find(d)
        while i != -1:
            places.append(i)
            i = text.find(d, i + 1)
    if len(places) < 2:
        return []
    places.sort()
    return [i for i, j in zip(places, places[1:], strict=False) if j == i + 1]


def _numbers_in(text: str):
    """finditer_in_regions(_NUMBER, text, _TWO_DIGITS, "\\n\\n"), with the digit pairs found by str.find.

    In an ASCII text \\d is 0-9, so the pairs are every place _TWO_DIGITS can
    match (overlapping ones too). The region walk is finditer_in_regions':
    a pair inside a region already searched is skipped, so the extra
    overlapping pairs (always in the same region as the pair before them:
    no digit is part of a blank line) change nothing.
    """
    if not text.isascii():
        yield from finditer_in_regions(_NUMBER, text, _TWO_DIGITS, "\n\n")
        return
    pairs = _pair_starts(text)
    if not pairs:
        return
    n = len(text)
    done = 0
    last = 0
    for i in pairs:
        if i < done:
            continue
        s = text.rfind("\n\n", 0, i)
        start = 0 if s == -1 else s + 1
        e = text.find("\n\n", i)
        end = n if e == -1 else min(n, e + 2)
        for m in _NUMBER.finditer(text, max(start, done), end):
            if m.start() >= last:
                last = m.end()
                yield m
        done = end


def _numbers(post):
    for seg in post.segments:
        # Only the paragraphs with two digits in a row are searched (an exact shortcut).
        for m in _numbers_in(seg.text):
            yield seg, m


_LINES: list = [None, None]  # (practice, its derived number sets): the practice settings are frozen


def _lines(practice):
    """The number sets B308 compares with, computed once per practice object.

    Practice and CrisisLine are frozen dataclasses and the world list is read
    once per process (practice._crisis_data), so these sets never change for
    one practice object; the object itself is kept, so its id is not reused.
    """
    if _LINES[0] is not practice:
        world_crisis = practice_mod.world_line_digits(True)
        world_all = practice_mod.world_line_digits(False)
        _LINES[1] = {
            "present": frozenset(practice.crisis_line_digits | world_crisis),
            "known": frozenset(practice.crisis_digits | set(practice.phones) | world_all),
            "retired": {d: line for line in practice.retired_lines for d in line.digit_forms},
            "vanity": frozenset(digits(a.replace("TALK", "8255")) for line in practice.retired_lines for a in line.also),
        }
        _LINES[0] = practice
    return _LINES[1]


def resources_present(post, ctx) -> bool:
    # The placeholder the site fills with the region's and the practice's current lines
    # (only resources when there are lines to fill it with: an unknown region has none).
    if "[practice:crisis_lines]" in post.body.text and any(c.crisis and not c.emergency for c in ctx.practice.crisis_lines):
        return True
    known = _lines(ctx.practice)["present"]
    for seg in post.segments:
        if _RESOURCE_NAMES.search(seg.text):
            return True
    for _seg, m in _numbers(post):
        if digits(m.group(0)) in known:
            return True
    return False


_RETIRED_AS_HISTORY = re.compile(
    r"\b(?:old|former|previous|formerly|retired|replac\w+|phas\w+ out|no longer|used to be|was once|superseded|transition\w*|switch\w* (?:from|over))\b",
    re.I,
)


def _crisis_resources(post, ctx):
    practice = ctx.practice
    sets = _lines(practice)
    known, retired, vanity = sets["known"], sets["retired"], sets["vanity"]
    for seg, m in _numbers(post):
        d = digits(m.group(0).upper().replace("TALK", "8255"))
        if d in retired or d in vanity:
            line = practice.retired_lines[0]
            # Named as the number that was replaced ("began phasing out the old Lifeline number
            # (800-273-8255) and introduced 988"), in a text that gives the current one: history, not use.
            around = seg.text[max(0, m.start() - 120) : m.end() + 120]
            if _RETIRED_AS_HISTORY.search(around) and re.search(r"(?<!\d)988(?!\d)", seg.text):
                continue
            # The checklist's severity for B308: block where suicide is the topic (or risk: high) or the old
            # number is the only line given; a warning where it sits beside a current one in passing.
            t = _topics(ctx)
            central = t["suicide"].central or t["self-harm"].central
            sev = None if (ctx.risk == "high" or central or not resources_present(post, ctx)) else Severity.WARN
            yield Hit(seg, m.start(), m.end(), f"{m.group(0)} is the old {line.name}; use {line.__dict__.get('how') or '988'} instead", sev)
            continue
        if d in known or len(d) < 5:
            continue
        before = seg.text[max(0, m.start() - 90) : m.start()]
        # A postal code ("Millbrook, OR 97000", the practice's own address) or the practice's own
        # phone or fax is not offered as a crisis line.
        if (len(d) in (5, 9) and re.search(r"(?:\b[A-Z]{2}|\b(?:ZIP|zip|postcode|postal code)):?\s*$", before)) or practice.is_own_phone(m.group(0)) or (
                len(d) >= 5 and d in digits(practice.address)) or any(c.licence and d == digits(c.licence) for c in practice.clinicians) or (
                re.search(r"\blicen[cs]e\b[^.]{0,30}$", before, re.I)):
            continue
        after = seg.text[m.end() : m.end() + 40]
        if _CRISIS_WORDS.search(before) or _CRISIS_WORDS.search(after) or _RESOURCE_NAMES.search(before[-60:]):
            yield Hit(seg, m.start(), m.end(), f"{m.group(0)} is offered as a crisis line but is not one this kit knows; check the number, or add the line to crisis_lines in the practice settings if it is real")
    t = _topics(ctx)
    suicide, harm = t["suicide"], t["self-harm"]
    if not (suicide.mentions or harm.mentions):
        return
    if resources_present(post, ctx) or practice.raw.get("show_crisis_block"):
        return
    central = suicide.central or harm.central
    sev = Severity.BLOCK if (ctx.risk == "high" or central) else Severity.WARN
    first = suicide.first or harm.first
    seg, off = first if first else (post.body, post.body_start)
    yield Hit(seg, off, off + 1, "the post discusses suicide or self-harm but gives no current crisis resource (988 call or text, Crisis Text Line: text HOME to 741741, or your local line)", sev)


def _content_note(post, ctx):
    if ctx.kind != "post" or post.meta.get("risk") != "high":
        return
    note = post.meta.get("content_note")
    if not (isinstance(note, str) and note.strip()):
        line, col = post.meta_positions.get("risk.value", (1, 1))
        yield Hit(line=line, column=col, detail="risk: high posts should have a content_note")


# --------------------------------------------------------------------------
# B310 self-harm detail, B311 graphic images
# --------------------------------------------------------------------------


def _self_harm_detail(post, ctx):
    if _mentions(ctx, "self-harm") == 0:
        return
    categories: dict[str, list] = {}
    acts_rx, implements, sites, conceal = rx("self_harm_acts"), rx("self_harm_implements"), rx("self_harm_sites"), rx("self_harm_conceal")
    for group in _groups(ctx):
        text = group[0].para.text
        # A sentence adds a detail only with an implement, a concealment, or a
        # site or wound word together with an act; a paragraph that can hold
        # none of these adds nothing.
        if not (can_match(implements, text) or can_match(conceal, text) or ((can_match(sites, text) or can_match(_WOUND, text)) and can_match(acts_rx, text))):
            continue
        for s in group:
            # The same tests as one after another, each asked only when its
            # answer can change what is added (they are pure searches).
            m_impl = implements.search(s.text)
            m_site = sites.search(s.text)
            m_conc = conceal.search(s.text)
            m_wound = _WOUND.search(s.text)
            acts = acts_rx.search(s.text) if (m_impl or m_site or m_wound) else None
            m = m_impl
            # An implement counts when the sentence is about using it, not about
            # putting it away (removing razors is standard safety advice).
            if m and (acts or _USE.search(s.text) or _FOUND.search(s.text)) and not rx("means_advice").search(s.text) and not is_mention(s.seg, s.start + m.start(), s.start + m.end()):
                categories.setdefault("implement", []).append(s.hit(m, f"\"{m.group(0)}\" (implement)"))
            m = m_site
            if m and acts and not is_mention(s.seg, s.start + m.start(), s.start + m.end()):
                categories.setdefault("body site", []).append(s.hit(m, f"\"{m.group(0)}\" (body site)"))
            m = m_conc
            if m:
                categories.setdefault("concealment", []).append(s.hit(m, f"\"{m.group(0)}\" (concealment)"))
            m = m_wound
            if m and acts:
                categories.setdefault("wound", []).append(s.hit(m, f"\"{m.group(0)}\" (wound detail)"))
        # A catalogue of methods ("cutting, burning, scratching and bruising"): three or more ways of
        # self-harming named together is method detail (CHECKLIST B310: methods), however briefly put;
        # one or two given as examples ("self-harm, such as cutting") is not.
        for s in group:
            found = {_METHOD_KEY(m.group(0)): m for m in _METHODS.finditer(s.text) if not is_mention(s.seg, s.start + m.start(), s.start + m.end())}
            if len(found) >= 3 and not rx("means_advice").search(s.text):
                first = min(found.values(), key=lambda m: m.start())
                last = max(found.values(), key=lambda m: m.end())
                categories.setdefault("methods", []).append(
                    s.hit((first.start(), last.end()), f"{len(found)} ways of self-harming listed together (method)"))
    # CHECKLIST B310 blocks implements, methods, wound and concealment detail: each is the "how" of
    # doing or hiding it, even inside a list of warning signs for parents. Body sites alone ("marks
    # on the arms") warn; with any other kind of detail they block.
    block = bool({"implement", "methods", "concealment", "wound"} & categories.keys()) or len(categories) >= 2
    sev = Severity.BLOCK if block else Severity.WARN
    for hits in categories.values():
        for h in hits:
            yield Hit(h.segment, h.offset, h.end, f"{h.detail}; {len(categories)} kind(s) of detail in this post", sev)


#: Ways of self-harming, as a list names them (Samaritans 2020; CHECKLIST B310 "methods").
_METHODS = re.compile(
    r"\b(?:cutting|burning|scratching|carving|bruising|biting|pinching|poisoning|overdosing|(?:hair|skin)[- ]pulling|pulling (?:out )?(?:their |her |his )?hair|"
    r"skin[- ]picking|picking (?:at )?(?:their |her |his )?skin|head[- ]banging|banging (?:their|her|his) head|hitting (?:themselves|oneself|herself|himself)|"
    r"hitting|punching (?:walls?|things)|piercing (?:the |their )?skin|inserting objects|breaking bones|scalding|strangling|choking)\b",
    re.I,
)


def _METHOD_KEY(word: str) -> str:
    return re.sub(r"[^a-z]", "", word.lower())[:5]


#: Implements come to light ("finding razors or lighters in their room", "blades hidden in a drawer").
_FOUND = re.compile(r"\b(?:find|finds|found|finding|discover\w*|come across|came across|stash\w*|hidden|hoard\w*|missing)\b", re.I)
_WOUND = re.compile(r"\b(?:deep|gaping|bleeding|stitches|sutures|blood|bled)\b", re.I)
_USE = re.compile(
    r"\b(?:use|uses|used|using|taken out of|take apart|took apart|break|broke|removed from|pulled from|sharpen\w*|unscrew\w*|"
    # "take the blade out of a sharpener", "prise the blade from…": getting an implement out of something.
    r"(?:take|takes|took|taking|get|gets|got|getting|pry|pries|pried|prise[sd]?|pop|pops|popped|remove[sd]?|removing)\b[^.;]{0,40}?\b(?:out of|out from|from)\b)",
    re.I,
)
_GRAPHIC = re.compile(r"\b(?:blood\w*|wounds?|cuts?|scars?|noose|rope|gun|pills?|razor|blade|bridge|ledge|self-harm|injur\w+|overdose)\b", re.I)


def _graphic_image(post, ctx):
    if ctx.risk != "high":
        return
    for image in post.images:
        name = re.sub(r"[-_.]+", " ", image.src.rsplit("/", 1)[-1])
        text = f"{image.alt} {image.title} {name}"
        m = _GRAPHIC.search(text)
        if m:
            yield Hit(post.body, image.offset, image.offset + 2, f"the image ({image.src}) looks graphic: \"{m.group(0)}\"", Severity.BLOCK)
        elif not image.alt.strip():
            yield Hit(post.body, image.offset, image.offset + 2, f"the image {image.src} has no alt text", Severity.WARN)


# --------------------------------------------------------------------------
# B320-B322 eating disorders, B340 substance use
# --------------------------------------------------------------------------


def _ed_candidates(ctx, pattern):
    """In a post that mentions eating disorders: the sentences whose paragraph can hold a match of pattern."""
    if _mentions(ctx, "eating-disorders") == 0:
        return
    for group in _groups(ctx):
        if can_match(pattern, group[0].para.text):
            yield from group


def _ed_numbers(post, ctx):
    numbers = rx("ed_numbers")
    for s in _ed_candidates(ctx, numbers):
        for m in numbers.finditer(s.text):
            if is_mention(s.seg, s.start + m.start(), s.start + m.end()):
                continue
            yield s.hit(m, f"\"{m.group(0)}\"")


def _ed_behaviour(post, ctx):
    behaviour = rx("ed_behaviour")
    for s in _ed_candidates(ctx, behaviour):
        for m in behaviour.finditer(s.text):
            if is_mention(s.seg, s.start + m.start(), s.start + m.end()) or negated(s.text, m.start(), 30):
                continue
            yield s.hit(m, f"\"{m.group(0)}\"")


def _ed_language(post, ctx):
    for s, m in each(rx("ed_language", re.I, "language.yaml"), ctx):
        yield s.hit(m, f"\"{m.group(0)}\"")


def _substance(post, ctx):
    for s, m in each(rx("substance", re.I, "language.yaml"), ctx):
        yield s.hit(m, f"\"{m.group(0)}\"")


def rules() -> list[Rule]:
    return [
        Rule("B301", "suicide-method", Severity.BLOCK,
             "Suicide method or means detail",
             "Describing how someone died, or giving drugs and amounts, is linked to imitation deaths; method detail is the single most harmful element of suicide coverage.",
             "Remove the method detail. Say \"died by suicide\"; if you write about safety, talk about storing medicines and firearms safely, without amounts.",
             SRC, _method, suppressible_inline=False,
             good=(Example(P + "Lethal means counseling helps families store firearms and medications safely, locked away or out of the home." + RES),),
             bad=(Example(P + "He died by suicide after taking 40 tablets of his medication." + RES),
                  Example(P + "He died by suicide in the first week of the thaw, with the rifle he kept for the coyotes." + RES),
                  Example(P + "He died by suicide. He had used his father's hunting rifle." + RES),
                  Example(P + "In later life suicide is often planned: sleeping tablets saved up a few at a time, until there are enough." + RES))),
        Rule("B302", "suicide-location", Severity.BLOCK,
             "A place is tied to suicide",
             "Naming or describing a site, or calling it a \"hotspot\", draws vulnerable people to it (reportingonsuicide.org; Samaritans).",
             "Remove the place name and the word hotspot.",
             SRC + "; Samaritans (2020)", _location,
             good=(Example(P + "Suicide is preventable, and most people who survive a crisis go on to live." + RES),),
             bad=(Example(P + "The Millbrook Bridge has become a suicide hotspot." + RES),)),
        Rule("B303", "suicide-note", Severity.BLOCK,
             "A suicide note is quoted or paraphrased",
             "Sharing what a note said can romanticise the death and invite identification (reportingonsuicide.org; WHO 2023).",
             "Remove the content of the note.",
             SRC, _note,
             good=(Example(P + "Families are sometimes left without a note, and that absence is its own grief." + RES),),
             bad=(Example(P + "He left a note after his suicide. The note said he was sorry and tired." + RES),
                  Example(P + "After his suicide, his parents shared that the letter he left said he was sorry." + RES))),
        Rule("B304", "suicide-language", Severity.WARN,
             "Outdated language about suicide",
             "\"Committed\" suicide echoes a crime; \"successful\" or \"failed\" frames death as success (reportingonsuicide.org; AFSP).",
             "Write \"died by suicide\", \"suicide attempt\", \"survived an attempt\".",
             SRC, _language,
             good=(Example(P + "Avoid saying \"committed suicide\"; say died by suicide." + RES),),
             bad=(Example(P + "There have been two completed suicides in our county this year. Call or text 988 if you are struggling.\n", severity=Severity.BLOCK),
                  Example(P + "Her uncle committed suicide last year." + RES, severity=Severity.BLOCK),)),
        Rule("B305", "sensational-framing", Severity.WARN,
             "Sensational framing of suicide",
             "Words like epidemic or skyrocketing normalise suicide and raise risk (reportingonsuicide.org).",
             "Give the figure plainly, with its source and context.",
             SRC, _sensational,
             good=(Example(P + "Suicide rates rose by a few percent over the decade (CDC, 2023)." + RES),),
             bad=(Example(P + "We are living through a suicide epidemic." + RES),)),
        Rule("B306", "suicide-as-solution", Severity.BLOCK,
             "Suicide is presented as a way out, or as coming without warning",
             "Framing suicide as relief, peace or the only way out, or as inexplicable, hides the help that exists and the signs people can learn (WHO 2023; reportingonsuicide.org).",
             "Say that suicide is preventable, that warning signs and help exist, and how to reach it.",
             SRC, _solution,
             good=(Example(P + "Therapy can help people find other ways to escape the pain of depression. Call or text 988 if you are struggling.\n"),
                  Example(P + "It's a myth that suicide happens without warning; most people show signs." + RES),),
             bad=(Example(P + "I think his suicide finally gave him the quiet he wanted. Call or text 988 if you are struggling.\n"),
                  Example(P + "Many people I have treated made suicide attempts in order to escape the pain. Call or text 988 if you are struggling.\n"),
                  Example(P + "In the end, suicide was the only way out of his pain." + RES),)),
        Rule("B307", "single-cause", Severity.WARN,
             "Suicide is attributed to one cause",
             "Suicide is never the result of a single event; presenting it that way misleads readers who face the same event (reportingonsuicide.org).",
             "Describe the many factors involved, and the help that exists.",
             SRC, _single_cause,
             good=(Example(P + "Suicide has many causes, not one." + RES),),
             bad=(Example(P + "Bullying drove him to suicide." + RES),)),
        Rule("B308", "crisis-resources", Severity.BLOCK,
             "Crisis resources are missing, outdated or unknown",
             "Every post about suicide or self-harm should tell readers in crisis where to turn now; an old or wrong number is dangerous (reportingonsuicide.org; 988 Lifeline).",
             "Add current resources: call or text 988, Crisis Text Line (text HOME to 741741), your local line. Replace 1-800-273-8255 with 988.",
             SRC + "; 988 Suicide & Crisis Lifeline", _crisis_resources,
             good=(Example(P + "Suicide is preventable. Call or text 988 any time.\n"),
                   Example(P + "Suicide is preventable. Call or text 988 in the US; in the UK, call Samaritans on 116 123.\n"),
                   Example(P + "Suicide is preventable. Free lines you can call or text any time:\n\n[practice:crisis_lines]\n"),
                   Example(P + "Suicide is preventable. In 2022 the old Lifeline number, 1-800-273-8255, was replaced by 988: call or text 988 any time.\n")),
             bad=(Example(P.replace("risk: high", "risk: medium") + "If you are struggling, you can talk to a counselor. The National Suicide Prevention Lifeline (1-800-273-8255) and the Crisis Text Line (text HOME to 741741) are there too.\n", severity=Severity.WARN),
                  Example(P + "Suicide is preventable. Call 1-800-273-8255.\n"),
                  Example(P + "Suicide is preventable. Call 1-800-273-8255, the old Lifeline number, any time.\n"),
                  Example(P + "Suicide is preventable. In the UK, Samaritans are there day and night on 116 112.\n"),
                  Example(P + "Suicide is preventable. Call the Teen Crisis Hotline at (555) 555-0177.\n"),
                  Example(P + "Suicide is preventable. Talk to someone you trust about suicide.\n"))),
        Rule("B309", "content-note-missing", Severity.WARN,
             "A high-risk post has no content note",
             "A content note lets readers in a fragile moment choose whether to read on (#chatsafe; Samaritans).",
             "Add content_note: \"This post discusses suicide.\" to the frontmatter.",
             SRC + "; #chatsafe", _content_note,
             good=(Example(P + "Suicide is preventable." + RES),),
             bad=(Example(P.replace("content_note: \"Discusses suicide.\"\n", "") + "Suicide is preventable." + RES),)),
        Rule("B310", "self-harm-detail", Severity.BLOCK,
             "Self-harm detail: implements, body sites, wounds or concealment",
             "Detail of how self-harm is done or hidden can teach and trigger it (Samaritans 2020; #chatsafe).",
             "Describe feelings, signs and help in general terms; remove implements, body sites, wounds and hiding techniques.",
             "Samaritans (2020) Guidelines for reporting self-harm; #chatsafe (Orygen 2018)", _self_harm_detail,
             good=(Example(P + "Self-harm is a way of coping with overwhelming feelings. Notice withdrawal and stay calm." + RES),
                   Example(P + "Self-harm, such as cutting, is one way some teenagers cope with overwhelming feelings." + RES),
                   Example(P + "If your teenager is self-harming, remove razors and lock away medicines, and stay close." + RES)),
             bad=(Example(P + "Many teens who self-harm use a razor to cut their thighs and wear long sleeves in summer to hide the scars." + RES),
                  Example(P + "Signs a teen may be self-harming: wearing long sleeves even in hot weather, avoiding swimming." + RES),
                  Example(P + "Parents of teens who self-harm sometimes find lighters or blades tucked away in a bedroom." + RES),
                  Example(P + "Self-harm can take many forms, including cutting, burning, scratching and head banging." + RES))),
        Rule("B311", "graphic-image", Severity.BLOCK,
             "A graphic image in a high-risk post",
             "Images of methods, wounds or places are as harmful as words (WHO 2023).",
             "Remove the image, or use a calm image with descriptive alt text.",
             SRC, _graphic_image,
             good=(Example(P + "![Two people talking on a bench](images/bench.jpg)\n" + RES),),
             bad=(Example(P + "![Pills on a table](images/pills.jpg)\n" + RES),)),
        Rule("B320", "ed-numbers", Severity.BLOCK,
             "Numbers in an eating-disorder post (weights, calories, BMI, sizes, exercise)",
             "Numbers become targets and comparisons for readers with eating disorders (NEDA; Beat media guidelines).",
             "Remove the numbers; describe the experience instead.",
             "NEDA / Beat media guidelines", _ed_numbers,
             good=(Example(P.replace("risk: high", "risk: medium") + "Anorexia has the highest mortality of any psychiatric illness; recovery is possible.\n"),),
             bad=(Example(P + "Warning signs of anorexia include losing 15% of your body weight in a few months.\n"),
                  Example(P.replace("risk: high", "risk: medium") + "With anorexia she ate 600 calories a day and weighed 92 pounds.\n"),)),
        Rule("B321", "ed-behaviour-detail", Severity.BLOCK,
             "How-to detail of eating-disorder behaviour",
             "Descriptions of restricting, purging or hiding them work as instructions (NEDA; Beat).",
             "Describe the struggle and the signs in general terms, without techniques.",
             "NEDA / Beat media guidelines", _ed_behaviour,
             good=(Example(P.replace("risk: high", "risk: medium") + "Eating disorders often hide in plain sight; notice secrecy around food.\n"),),
             bad=(Example(P.replace("risk: high", "risk: medium") + "With bulimia, she ran the shower to hide the sound of purging.\n"),)),
        Rule("B322", "ed-language", Severity.WARN,
             "Eating-disorder or diet-culture language",
             "\"An anorexic\", \"pro-ana\" and diet-culture phrases (guilt-free, cheat day) stigmatise and reinforce disordered eating (NEDA; AED).",
             "Write \"a person with anorexia\"; describe food neutrally.",
             "NEDA; Academy for Eating Disorders", _ed_language,
             good=(Example(P.replace("risk: high", "risk: low") + "People with anorexia deserve care, not judgment.\n"),),
             bad=(Example(P.replace("risk: high", "risk: low") + "Enjoy a guilt-free dessert this weekend.\n"),)),
        Rule("B340", "substance-use-stigma", Severity.WARN,
             "Stigmatising substance-use language",
             "Words like addict, junkie or clean/dirty make people their illness and raise barriers to care (NIDA, Words Matter).",
             "Write \"person with a substance use disorder\", \"in recovery\", \"negative/positive test\".",
             "NIDA (2021) Words Matter", _substance,
             good=(Example(P.replace("risk: high", "risk: low") + "People in recovery from opioid use disorder deserve respect. He was clean-shaven.\n"),),
             bad=(Example(P.replace("risk: high", "risk: low") + "He is a recovering addict who has been clean for five years.\n"),)),
    ]
