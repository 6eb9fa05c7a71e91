"""B2 — boundaries (APA 3.05; ACA A.5.e, A.6, H.2, H.6.a–c; NASW 1.06(e–h)).

Dual relationships start small: a follow, a DM, a comment thread. These rules
look for invitations, not for the words "follow" or "message" themselves, and
skip sentences that decline (a social-media policy says "I don't accept…").
"""

from __future__ import annotations

import re

from ..model import Example, Hit, Rule, Severity
from ..practice import digits, world_line_digits
from .common import NEGATION, negated, sentences
from .language import anchor_index, anchor_words, anchored

SRC = "APA Ethics Code 3.05; ACA Code A.5.e, A.6, H.6; NASW Code 1.06(e-h)"
P = "---\ntitle: \"A post\"\ndate: 2025-03-04\nsummary: \"A summary.\"\naudience: public\nrisk: low\n---\n\n"
PCL = P.replace("audience: public", "audience: clients")

_SOCIAL = r"(?:Instagram|Insta|Facebook|FB|TikTok|Twitter|X|LinkedIn|Snapchat|WhatsApp|Threads|Bluesky|Mastodon|YouTube|Pinterest|Discord|Telegram|Signal|social media|socials)"
_INVITE = re.compile(
    rf"\b(?:follow|friend|add|connect with|find|join|like|subscribe to|DM|message|text|chat with|reach) (?:me|us|my|our)(?: \w+){{0,3}} (?:on|at|via|over|through) {_SOCIAL}\b|"
    rf"\b(?:send|sending) (?:me|us) (?:a )?(?:friend|follow|connection) requests?\b|"
    rf"\b(?:let's|let us|we can|we could|feel free to|you can|you're welcome to|please|don't be shy,? and) (?:connect|be friends|follow each other|stay in touch) (?:on|via) {_SOCIAL}\b|"
    rf"\b(?:follow|friend) (?:me|us)\b(?! on (?:this|the) (?:blog|site|feed))|"
    rf"\bjoin (?:my|our) (?:private |closed )?(?:Facebook group|Discord|WhatsApp group|group chat|Telegram|Slack)\b|"
    rf"\b{_SOCIAL} (?:handle|page|account|profile)(?: is)?:? @\w|"
    rf"\b(?:hit|click|tap|press) (?:the )?(?:follow|like|subscribe)\b|\bfollow(?:ed|ing)? along\b|\b(?:boost|like|share) (?:our|my|the) posts\b|"
    rf"\bsay (?:hi|hello) in the (?:replies|comments|DMs)\b|\bstay connected (?:on|via|between)\b|"
    rf"\b(?:my|our) (?:DMs|direct messages|inbox|messages) (?:are|is) (?:always |totally |wide )?open\b|\bslide (?:in(?:to)?|into) (?:my|our) DMs\b|\bhit (?:me|us) up\b|\bdrop (?:me|us) a (?:DM|message|line) on\b",
    re.I,
)
#: Anchors of _INVITE (see language.anchored), alternative by alternative: a network name after
#: " on/at/via/over/through " (the first and third; X only there); " request"; follow/friend me/us; "join my/our ";
#: " @" after "handle/page/account/profile( is)?:?"; hit/click/tap/press (the )?follow/like/subscribe;
#: follow(ed|ing)? along; boost/like/share our/my/the posts; say hi/hello in the; "stay connected ";
#: (my|our) DMs/direct messages/inbox/messages are/is; slide in(to); hit me/us up; drop me/us a.
_SOCIAL_NAMES = _SOCIAL[3:-1].split("|")
_INVITE_WORDS = anchor_words(
    tuple(f" {p} {name}" for p in ("on", "at", "via", "over", "through") for name in _SOCIAL_NAMES)
    + (" request", "follow me", "follow us", "friend me", "friend us", "join my ", "join our ", " @")
    + tuple(f"{v} {t}{w}" for v in ("hit", "click", "tap", "press") for t in ("", "the ") for w in ("follow", "like", "subscribe"))
    + ("follow along", "followed along", "following along")
    + tuple(f"{v} {o} posts" for v in ("boost", "like", "share") for o in ("our", "my", "the"))
    + ("say hi in the ", "say hello in the ", "stay connected ")
    + tuple(f"{b} {v}" for b in ("dms", "messages", "inbox") for v in ("are", "is"))
    + ("slide in", "hit me up", "hit us up", "drop me a ", "drop us a ")
)
#: "Clients ask whether they can follow us" reports a question; it invites nothing.
_REPORTED = re.compile(r"\b(?:ask|asks|asked|asking|wonder|wonders|wondered|question(?:s|ed)?)\b[^.!?]{0,30}\b(?:whether|if)\b[^.!?]*$", re.I)
_TO_CLIENTS = re.compile(r"\b(?:clients?|patients?|between sessions|our sessions|your sessions|your therapist|in therapy with|while we work together|during treatment)\b", re.I)


_OWN_CHANNEL = re.compile(r"\b(?:RSS|Atom|feed|feeds|newsletter|email list|mailing list|blog|website|this site|our site)\b", re.I)
_SOCIAL_RX = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in _SOCIAL_NAMES if n) + r")\b", re.I)


def _invites_connection(post, ctx):
    for s, m in anchored(_INVITE, ctx, _INVITE_WORDS):
        if negated(s.text, m.start(), 80) or _REPORTED.search(s.text[: m.start()]):
            continue
        # "If you follow us on Mastodon, that platform has its own policy": a condition, not an invitation.
        if re.search(r"\b(?:if|whether|once|when|whenever)\b[^,.;:!?]*$", s.text[: m.start()], re.I):
            continue
        # "People who want to follow along use the RSS feed": following the site itself, not a person on a network.
        if re.match(r"follow", m.group(0), re.I) and "along" in m.group(0).lower() and _OWN_CHANNEL.search(s.text) and not _SOCIAL_RX.search(s.text):
            continue
        to_clients = ctx.audience == "clients" or _TO_CLIENTS.search(s.text) or _TO_CLIENTS.search(s.para.text)
        sev = Severity.BLOCK if to_clients else Severity.WARN
        yield s.hit(m, f"\"{m.group(0)}\"" + (" is addressed to clients" if to_clients else ""), sev)


_FAMILY = r"(?:husband|wife|partner|spouse|son|daughter|kids?|children|child|boy|girl|boys|girls|toddler|teenager|teen|stepson|stepdaughter|mom|mother|dad|father|sister|brother)"
_NAME = r"([A-Z][a-z]+)"
# "My son, Theo", "our youngest, Theo": a bare youngest/oldest counts only with a name after it.
_KIN = rf"(?:(?:\d+-year-old |little |youngest |oldest |eldest |teenage )?{_FAMILY}|(?:youngest|oldest|eldest|middle one)(?=,? [A-Z][a-z]+))"
_MY_KIN = rf"(?:(?i:my) {_KIN}|(?i:our) {_KIN}(?=,? [A-Z][a-z]+))"  # "our kids" alone may be the practice's clients
_OWN_FAMILY_NAMED = re.compile(rf"\b{_MY_KIN},? {_NAME}\b|\b{_NAME},? (?i:my) (?:\d+-year-old |little |youngest |oldest |eldest )?{_FAMILY}\b")
_OWN_FAMILY_PLACE = re.compile(
    rf"\b{_MY_KIN}(?:,? [A-Z][a-z]+,?)?(?:'s)?[^.;!?]{{0,80}}?\b(?:at|attends|goes to|works (?:at|for)|teaches at|in (?:\w+ )?(?:grade|class) at) (?:the )?([A-Z][\w'&.-]+(?: [A-Z][\w'&.-]+)*)"
)
_HOME = re.compile(
    r"\b(?:we|I) (?:live|lived|just moved|moved) (?:in|on|to|near) (?:the )?[A-Z][\w'-]+(?: [A-Z][\w'-]+)*(?: (?:Street|Avenue|Road|Lane|Drive|neighbou?rhood|district|Heights|Hills|Park|Estates))?|"
    r"\bour (?:\w+ )?(?:house|home|apartment|place|flat|cottage|condo|farmhouse) (?:on|in|at) (?:\d+ )?[A-Z][\w'-]+|"
    r"\bmy (?:house|home|apartment) (?:on|at) \d*\s?[A-Z]|"
    r"\b(?:I'm|I am|we're|we are) (?:at|in) [A-Z][\w'-]+(?: [A-Z][\w'-]+)* (?:right now|today|this (?:morning|afternoon|evening|week)|until)\b",
)


_FAMILY_WORDS = _FAMILY[3:-1].replace("kids?", "kid").split("|")
#: Every match of _OWN_FAMILY_NAMED and _OWN_FAMILY_PLACE holds _MY_KIN or "<Name>, my <kin>": "my " or "our "
#: (any case) right before a family word, one of the optional adjectives, or youngest/oldest/eldest/middle one;
#: or "-year-old " (after "my 7").
_KIN_WORDS = anchor_words(
    tuple(f"{p} {w}" for p in ("my", "our") for w in _FAMILY_WORDS + ["little", "youngest", "oldest", "eldest", "teenage", "middle one"])
    + ("-year-old ",)
)
#: _HOME, alternative by alternative: we/I live/lived/just moved/moved; "<house word> on/in/at " (our … and
#: my …); I'm/I am/we're/we are at/in.
_HOME_WORDS = anchor_words(
    tuple(f"{w} {v}" for w in ("we", "i") for v in ("live", "just moved", "moved"))
    + tuple(f"{h} {p} " for h in ("house", "home", "apartment", "place", "flat", "cottage", "condo") for p in ("on", "in", "at"))
    + tuple(f"{w} {p} " for w in ("i'm", "i am", "we're", "we are") for p in ("at", "in"))
)


def _personal_disclosure(post, ctx):
    from .. import clientctx as cc

    named = [(st, m) for st, m in anchored(_OWN_FAMILY_NAMED, ctx, _KIN_WORDS) if cc.is_name(m.group(1) or m.group(2), ctx.practice)]
    placed = [(st, m) for st, m in anchored(_OWN_FAMILY_PLACE, ctx, _KIN_WORDS) if m.group(1).split()[0] not in cc.NAME_STOP]
    named_paras = {id(st.para) for st, _ in named}
    placed_paras = {id(st.para) for st, _ in placed}
    for st, m in named:
        sev = Severity.BLOCK if id(st.para) in placed_paras else Severity.WARN
        yield st.hit(m, f"your family member is named (\"{m.group(0)}\")" + (" together with a school or workplace" if sev is Severity.BLOCK else ""), sev)
    for st, m in placed:
        sev = Severity.BLOCK if id(st.para) in named_paras else Severity.WARN
        yield st.hit(m, f"your family member's school or workplace is given (\"{m.group(0)}\")", sev)
    for st, m in anchored(_HOME, ctx, _HOME_WORDS):
        yield st.hit(m, f"where you live or are right now (\"{m.group(0)}\")", Severity.WARN)


_ACUTE = re.compile(
    r"\b(?:I(?:'m| am|'ve been| have been) (?:currently |still |really |honestly )?(?:drinking (?:a lot|too much|again|every night|heavily)|relapsing|suicidal|having (?:daily )?panic attacks|in a (?:really )?dark place|falling apart|barely (?:holding on|functioning|coping)|not okay right now|struggling to get out of bed|not sleeping|self-harming)|"
    r"my (?:own )?(?:depression|anxiety|panic|drinking|PTSD|OCD|bipolar disorder|eating disorder) (?:is|has been|was) (?:really )?(?:bad|terrible|worse|awful|out of control|flaring)(?: (?:again|this week|lately|right now|these days))?|"
    r"I (?:can't|cannot|couldn't) stop crying (?:today|this week|lately)|"
    r"(?:had|have had|am on) (?:a few|several|too many|my third|my fourth) (?:drinks|glasses of wine|beers) (?:tonight|as I write|before writing|right now))",
    re.I,
)


#: _ACUTE, alternative by alternative: the state after "I'm/I've been…" (each starts with one of these);
#: "<condition> is/has been/was"; " stop crying "; the drinks.
_ACUTE_WORDS = anchor_words(
    ("drinking ", "relapsing", "suicidal", "panic attacks", "dark place", "falling apart", "barely ", "not okay right now",
     "struggling to get out of bed", "not sleeping", "self-harming")
    + tuple(f"{c} {v}" for c in ("depression", "anxiety", "panic", "drinking", "ptsd", "ocd", "bipolar disorder", "eating disorder")
            for v in ("is", "has been", "was"))
    + (" stop crying ", "drinks ", "glasses of wine ", "beers ")
)


def _acute_disclosure(post, ctx):
    for s, m in anchored(_ACUTE, ctx, _ACUTE_WORDS):
        if re.search(r"\b(?:years ago|back then|when I was (?:younger|in (?:college|school|training))|used to|in the past|once)\b", s.text, re.I):
            continue
        yield s.hit(m, f"\"{m.group(0)}\"")


_PROFILE_URL = re.compile(r"https?://(?:www\.)?(?:instagram\.com|facebook\.com|fb\.com|tiktok\.com|twitter\.com|x\.com|threads\.net|snapchat\.com|linkedin\.com/in|youtube\.com/@|bsky\.app/profile)/[^\s)\"'<>]+", re.I)


def _personal_account(post, ctx):
    for link in post.links:
        if _PROFILE_URL.match(link.url) and not ctx.practice.is_own_url(link.url) and not ctx.practice.is_own_handle(link.url.rstrip("/").rsplit("/", 1)[-1]):
            yield Hit(post.body, link.offset, link.offset + len(link.text) + 2, f"a link to a social account that is not one of the practice's ({link.url})")


_PUBLIC_SHARE = re.compile(
    r"\b(?:share|tell (?:us|me)|post|write|leave|drop) (?:\w+ ){0,3}(?:your|their) (?:own )?(?:story|stories|experiences?|struggles?|diagnos\w+|journey|thoughts about (?:suicide|self-harm|dying)|symptoms|attempts?)(?: \w+){0,4} (?:in the comments|below|in a comment|with (?:us|everyone|the community)|publicly|on (?:our|my|this) (?:page|post|blog))|"
    r"\b(?:in the comments|comment below|leave a comment|reply below|drop a comment)\b[^.!?]{0,80}\b(?:your|you've|you have|you've ever|you ever)\b[^.!?]{0,60}\b(?:story|experience|struggle|felt|thought about|attempt|diagnos\w+|self-harm|suicid\w*|depress\w*|been through)",
    re.I,
)


# "Please tell us about them in the comments below: … how it happened": a request to post, in public,
# in a sentence about the reader's own mental health or loss.
_ASK_IN_COMMENTS = re.compile(r"\b(?:share|tell (?:us|me)|post|write|describe)\b[^.!?]{0,60}?\b(?:in the comments|in a comment|comment(?:s)? below)\b", re.I)
_OWN_MH = re.compile(
    r"\b(?:suicid\w*|self-harm\w*|self harm|attempts?|diagnos\w+|depress\w*|eating disorder|overdose|lost someone|loss|grie\w+|how it happened|"
    r"struggl\w+|panic attacks?|trauma\w*|abuse|medication)\b",
    re.I,
)


#: _PUBLIC_SHARE: the first alternative ends in one of its places (in the comments, below, with us…; " on
#: our page" and the like spelled out); the second starts with one of its comment phrases.
_PUBLIC_SHARE_WORDS = anchor_words(
    ("in the comments", " below", "in a comment", " with us", " with everyone", " with the community", " publicly")
    + tuple(f" on {o} {w}" for o in ("our", "my", "this") for w in ("page", "post", "blog"))
    + ("comment below", "leave a comment", "reply below", "drop a comment")
)
_COMMENT = anchor_words(("comment",))


def _public_disclosure(post, ctx):
    sev = Severity.BLOCK if ctx.risk == "high" else Severity.WARN
    seen = set()
    for s, m in anchored(_PUBLIC_SHARE, ctx, _PUBLIC_SHARE_WORDS):
        if negated(s.text, m.start(), 60):
            continue
        seen.add((id(s.seg), s.start))
        yield s.hit(m, f"\"{m.group(0)[:80]}\"", sev)
    # Only sentences whose lower-cased text has "comment" are looked at: a sentence in which the anchor
    # "comment" does not start (language.anchored places it as scan places words) has none.
    candidates = set()
    for sa in anchor_index(ctx):
        ks = range(len(sa.sents)) if sa.present is None else sa.sentences_with(_COMMENT)
        candidates.update(id(sa.sents[k]) for k in ks)
    if not candidates:
        return
    for s in sentences(ctx):
        if id(s) not in candidates:
            continue
        if (id(s.seg), s.start) in seen or "comment" not in s.text.lower():
            continue
        m = _ASK_IN_COMMENTS.search(s.text)
        if m and _OWN_MH.search(s.text) and not negated(s.text, m.start(), 60) and not re.search(r"\b(?:don't|do not|never|please don't)\b", s.text, re.I):
            yield s.hit(m, f"\"{m.group(0)[:80]}\"", sev)


_SOCIAL_CHANNEL = r"(?:DMs?|direct messages?|private messages?|PMs?|Instagram|Facebook|Messenger|WhatsApp|TikTok|Twitter|Snapchat|Mastodon|Bluesky|Threads|social media|text(?: messages?)?|texting|SMS)"
_INVITE_MESSAGE = re.compile(
    r"\b(?:send|sending|DM|message|text|email|e-mail|write to|reach out to|contact|ping|drop)(?: \w+){0,3}? (?:me|us)\b|\b(?:send|sending) (?:me|us) (?:a |an )?(?:quick )?(?:direct message|DM|message|text|email|note)\b|"
    r"\b(?:welcome|free|invited) to (?:send|DM|message|text|email) (?:me|us)\b",
    re.I,
)
_CLINICAL_WORDS = re.compile(
    r"\b(?:symptoms?|medications?|meds|dosage|doses?|diagnos\w+|side effects|how (?:you(?:'re| are)|you've been) (?:feeling|doing)|what you(?:'re| are) going through|"
    r"(?:mental )?health (?:updates?|concerns|history|details)|rough (?:night|day|week)|panic attacks?|suicidal thoughts|urges|mood|clinical (?:details|information|questions)|crisis|"
    # the reader's own experience described to the clinician: "what your attacks feel like", "how the episodes go"
    r"(?:what|how) (?:your|you|the) (?:[\w-]+ ){0,2}?(?:feels?|felt) like|how (?:you(?:'re| are)?) (?:feel|feeling|coping|holding up)|"
    r"your (?:attacks|episodes|triggers|flashbacks|nightmares|cravings|struggles|symptoms|diagnosis))\b",
    re.I,
)
_SOCIAL_CHANNEL_RX = re.compile(rf"\b{_SOCIAL_CHANNEL}\b", re.I)
_EMAIL_RX = re.compile(r"\b(?:e-?mail|inbox)\b", re.I)


#: _INVITE_MESSAGE: every alternative starts with one of its verbs (or welcome/free/invited to …).
_INVITE_MESSAGE_WORDS = anchor_words(
    ("send", "dm", "message", "text", "email", "e-mail", "write to", "reach out to", "contact", "ping", "drop",
     "welcome to ", "free to ", "invited to ")
)
#: _CLINICAL_WORDS, which the sentence must also match (else the match is skipped below): one of these.
_CLINICAL_ANCHORS = anchor_words(
    ("symptom", "medication", "meds", "dosage", "dose", "diagnos", "side effects", "how you", "what you", "health update",
     "health concerns", "health history", "health details", "rough night", "rough day", "rough week", "panic attack",
     "suicidal thoughts", "urges", "mood", "clinical ", "crisis", "feel", "felt like", "how you", "your ")
)
#: Every _INVITE_MESSAGE match also has " me" or " us" (the pronoun after a space, in all three alternatives).
_ME_US = anchor_words((" me", " us"))


def _insecure_contact(post, ctx):
    """An invitation to message the clinician, in a sentence about clinical matters."""
    for s, m in anchored(_INVITE_MESSAGE, ctx, _INVITE_MESSAGE_WORDS, _ME_US, _CLINICAL_ANCHORS):
        if negated(s.text, m.start(), 80) or NEGATION.search(m.group(0)) or not _CLINICAL_WORDS.search(s.text):
            continue
        if re.search(r"\b(?:don't|do not|never|please don't|avoid|keep (?:\w+ )?out of)\b", s.text, re.I):
            continue
        # "Call or text 988": pointing at a crisis line is not an invitation to message the clinician.
        if any(digits(n) in world_line_digits(False) for n in re.findall(r"\d[\d -]{1,14}\d", s.text)):
            continue
        # "There" in "send us a direct message there" may point at a network named earlier.
        channel = _SOCIAL_CHANNEL_RX.search(s.text) or _SOCIAL_CHANNEL_RX.search(s.para.text)
        if channel and not _EMAIL_RX.search(m.group(0)):
            yield s.hit(m, f"clinical details by social message or text (\"{s.text.strip()[:80]}\")", Severity.BLOCK)
        elif _EMAIL_RX.search(s.text):
            yield s.hit(m, f"clinical details by email (\"{s.text.strip()[:80]}\")", Severity.WARN)


def _site_level(post, ctx):
    """Checked over the whole site by the publish audit (boundary.site)."""
    return ()


def rules() -> list[Rule]:
    return [
        Rule("B201", "invites-client-connection", Severity.BLOCK,
             "Readers or clients are invited to connect on social media",
             "Following or friending a client on social media creates a dual relationship and exposes the therapy (APA 3.05; ACA H.6.b).",
             "Remove the invitation. Link the practice's public pages in the footer instead, and keep your social-media policy.",
             SRC, _invites_connection,
             good=(Example(P + "I don't accept friend or follow requests from clients on any platform.\n"),),
             bad=(Example(PCL + "Between sessions, follow me on Instagram for daily tips.\n"),
                  Example(P + "Follow us on Instagram for more.\n", severity=Severity.WARN))),
        Rule("B202", "social-media-policy-missing", Severity.WARN,
             "The site links social accounts but has no social-media policy",
             "Clients need to know in advance how you handle follows, messages and reviews (ACA H.6.a; NASW 1.06(e)).",
             "Add content/pages/social-media-policy.md.",
             SRC, _site_level),
        Rule("B203", "personal-disclosure", Severity.WARN,
             "Personal details about you or your family",
             "Naming your family, their school or workplace, or where you live exposes them and invites clients into your private life (APA 3.05; ACA A.6).",
             "Leave out names, schools, workplaces and neighbourhoods.",
             SRC, _personal_disclosure,
             good=(Example(P + "As a parent myself, mornings can be chaotic.\n"),
                   Example(P + "Our kids' group meets at Cedar Hollow on Tuesdays.\n")),
             bad=(Example(P + "My daughter Lily, who is in third grade at Alder Creek Elementary, laughed at me.\n", severity=Severity.BLOCK),
                  Example(P + "Our youngest, Theo, starts kindergarten at Hawthorne Elementary on Monday.\n", severity=Severity.BLOCK),
                  Example(P + "My son Jonah loves this game.\n"))),
        Rule("B204", "acute-self-disclosure", Severity.WARN,
             "Disclosure of your own current crisis or symptoms",
             "Clients may feel they must look after you, and may worry whether you can look after them (APA 2.06; ACA C.2.g).",
             "Write about your own struggles, if at all, from a settled distance, and take current ones to your own support.",
             "APA Ethics Code 2.06; ACA Code C.2.g", _acute_disclosure,
             good=(Example(P + "Years ago, when I was in training, I went to therapy myself.\n"),),
             bad=(Example(P + "Honestly, I'm barely holding on this week.\n"),)),
        Rule("B205", "personal-account-link", Severity.WARN,
             "A link to a personal social account",
             "Personal accounts mix your private life with your practice and invite dual relationships (ACA H.6.a).",
             "Link only the practice's accounts, configured in PRACTICE.social.",
             SRC, _personal_account,
             good=(Example(P + "Read more on [our about page](/about/).\n"),),
             bad=(Example(P + "See my [holiday photos](https://www.instagram.com/nora.private/).\n"),)),
        Rule("B206", "invites-public-disclosure", Severity.WARN,
             "Readers are asked to share their mental-health details publicly",
             "Comments are public and permanent; asking readers, some of them clients, to disclose there puts them at risk, most of all about suicide (ACA H.6.d; #chatsafe).",
             "Invite readers to talk to someone they trust or to contact the practice privately by phone.",
             SRC + "; #chatsafe", _public_disclosure,
             good=(Example(P + "If this resonates, consider talking it over with someone you trust.\n"),
                   Example(P + "Tell us your favourite walking route in the comments below.\n")),
             bad=(Example(P.replace("risk: low", "risk: high\ncontent_note: \"x\"") + "Share your own story of suicidal thoughts in the comments below. Call or text 988.\n", severity=Severity.BLOCK),
                  Example(P.replace("risk: low", "risk: high\ncontent_note: \"x\"") + "If you have lost someone to suicide, please tell us about them in the comments below, and how it happened. Call or text 988.\n", severity=Severity.BLOCK))),
        Rule("B207", "insecure-clinical-contact", Severity.BLOCK,
             "Readers are invited to send clinical details by social message, text or email",
             "DMs, texts and ordinary email are not secure; they expose health information and create an expectation of round-the-clock care (HIPAA Security Rule; ACA H.2).",
             "Ask people to call the office; say plainly not to send clinical details by message or email.",
             SRC + "; HIPAA 45 CFR 164.312", _insecure_contact,
             good=(Example(P + "DM us your thoughts on the new podcast episode!\n"),
                  Example(P + "Please don't send symptoms or medication questions by email or DM; call the office instead.\n"),
                   Example(P + "If you are in crisis, call or text 988 any time.\n")),
             bad=(Example(P + "Send us a DM with a few lines about what your attacks feel like and we'll point you in the right direction.\n"),
                  Example(P + "Send me a DM on Instagram with your symptoms and I'll take a look.\n"),
                  Example(P + "Email me about your medication side effects any time.\n", severity=Severity.WARN))),
    ]
