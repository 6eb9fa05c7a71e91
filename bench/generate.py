"""Generate a synthetic, deterministic corpus of clinician blog posts for benchmarks.

    .venv/bin/python bench/generate.py OUT_DIR [-n 1000] [--words 900] [--seed 7] [--violation-rate 0.05]

Writes N Markdown posts with YAML frontmatter (title, date, summary, audience,
risk, tags, category, slug; content_note on high-risk posts) into OUT_DIR, plus
`_manifest.json` (which posts carry a planted violation, and of which kind).

The prose is assembled from this file's own word and phrase pools (nothing is
copied from shared/corpus): paragraphs, `##` headings, bullet and numbered
lists, inline links, occasional block quotes, general mentions of clients
("people I work with often..."), and crisis resources in high-risk posts.
`risk` follows the content: suicide and self-harm posts are `high` (with a
content note and 988 / Crisis Text Line), trauma, grief-after-loss and
eating-disorder posts `medium`, everything else `low`.

About `--violation-rate` of the posts (default 5%) carry one violation typical
of the checklist, so the checker does real work: a named client story with
`case_material` none (B102/B105), a client's phone or email (B101), a client's
session date (B103), a quasi-identifying client sketch (B104), looking a client
up online (B111), a suicide-centred post declared `risk: low` (B905), or
invalid frontmatter (B901).

Deterministic: post i depends only on (seed, i, words, violation-rate), so a
corpus of 100 posts is the first 100 files of a corpus of 5,000 made with the
same options. Not a test and not an evaluation set: it exists to make the
checker and the Pelican build do realistic amounts of work.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import sys
from pathlib import Path

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

FEELINGS = [
    "worry", "sadness", "irritability", "restlessness", "numbness", "guilt", "shame",
    "tension", "overwhelm", "loneliness", "dread", "frustration", "fatigue", "unease",
]
SMALL_PRACTICES = [
    "a short walk around the block", "slow breathing with a longer out-breath",
    "writing three lines in a notebook", "a regular time to get up", "calling a friend",
    "ten minutes of gentle stretching", "a cup of tea away from screens",
    "naming five things you can see", "a warm shower before bed", "stepping outside for daylight",
    "putting the phone in another room", "a short list of what went well today",
    "a few minutes of quiet music", "planning one small pleasant thing for the weekend",
    "eating something at regular times", "sitting with a pet", "a slow cup of coffee on the porch",
]
TIMES = [
    "in the evening", "first thing in the morning", "on Sunday nights", "during the workday",
    "after a difficult conversation", "in the middle of the night", "on the drive home",
    "before a big meeting", "around the holidays", "at the end of a long week",
]
PEOPLE = [
    "many people", "a lot of adults", "parents", "partners", "students", "people who live alone",
    "new parents", "people caring for an older relative", "couples", "people starting a new job",
    "adults of every age", "people in busy households",
]
BODY = [
    "a racing heart", "tight shoulders", "a churning stomach", "shallow breathing",
    "a clenched jaw", "restless legs", "a heavy chest", "headaches", "trouble settling at night",
]
HELPERS = [
    "a trusted friend", "your primary care doctor", "a licensed therapist", "a peer support group",
    "a family member you trust", "a spiritual or community leader you feel safe with",
]
APPROACHES = [
    "cognitive behavioural therapy", "acceptance and commitment therapy", "exposure-based work",
    "behavioural activation", "mindfulness-based approaches", "emotionally focused therapy",
    "problem-solving therapy", "interpersonal therapy", "compassion-focused work",
]
VERBS_HELP = ["helps", "can help", "often helps", "tends to help", "may help"]
OPENERS = [
    "In my experience,", "Often,", "For many people,", "It is worth saying that", "Put simply,",
    "Over time,", "At first,", "In practice,", "Quite often,", "Usually,", "Sometimes,",
]
ADJ_GENTLE = ["small", "ordinary", "gentle", "modest", "steady", "unremarkable", "patient"]

# --------------------------------------------------------------------------
# Topics: each has titles, summaries, headings, topic sentences and list items.
# `risk` is the lowest honest risk for a post centred on the topic.
# --------------------------------------------------------------------------

TOPICS = {
    "anxiety": {
        "risk": "low", "category": "Anxiety", "tags": ["anxiety", "worry", "exposure", "cbt"],
        "audience": "public",
        "nouns": ["anxiety", "worry", "anxious thinking", "nervousness", "panic"],
        "titles": ["Making room for {noun}", "What {noun} is trying to do", "A gentler way through {noun}",
                   "When {noun} shows up {time}", "Five questions about {noun}", "Living alongside {noun}"],
        "headings": ["What {noun} feels like", "Why avoidance keeps it going", "Small experiments",
                     "Working with the body", "When to ask for help", "What therapy looks like"],
        "sentences": [
            "{Opener} {noun} is the mind's attempt to keep us safe, even when the danger is small or far away.",
            "{Noun} often arrives in the body before it arrives in words: {body}, {body2}, a sense of being on edge.",
            "Avoiding what makes us anxious brings quick relief, and that relief teaches the brain to avoid again next time.",
            "{Opener} the goal is not to get rid of {noun} but to stop letting it make every decision.",
            "Approaching feared situations in small, planned steps is one of the most studied ways of loosening {noun}.",
            "{Practice} {verb_help} the nervous system settle enough to think clearly again.",
            "Worry tends to ask 'what if?' over and over; a useful reply is 'and then what would I do?'.",
            "{People} notice that {noun} is louder {time}, which is a clue worth writing down.",
            "Reassurance feels good for a moment, but asking for it again and again can keep the cycle turning.",
            "It can help to set aside a short, fixed worry time and to postpone worries until then.",
        ],
        "items": ["notice the first signs in your body", "name the worry in one sentence",
                  "ask what you would do if the feared thing happened", "take one small step toward, not away",
                  "let the wave of {noun} rise and fall without fighting it", "keep caffeine modest {time}",
                  "schedule {practice}", "track what you avoided this week and why"],
    },
    "sleep": {
        "risk": "low", "category": "Wellbeing", "tags": ["sleep", "routines", "habits", "insomnia"],
        "audience": "public",
        "nouns": ["sleep", "poor sleep", "insomnia", "restless nights", "sleeplessness"],
        "titles": ["Notes on {noun}", "Why {noun} gets worse when we try harder", "A kinder routine for {noun}",
                   "Rethinking {noun}", "What helps with {noun}"],
        "headings": ["How sleep pressure works", "The trouble with trying hard", "A wind-down routine",
                     "When the mind will not switch off", "When to see your doctor"],
        "sentences": [
            "{Opener} sleep is something we allow rather than something we can force.",
            "Lying awake in bed for long stretches can teach the body that the bed is a place for being awake.",
            "A regular wake-up time, even after a poor night, is one of the steadiest anchors for {noun}.",
            "{Practice} {time} {verb_help} mark the line between the day and the night.",
            "Cognitive behavioural therapy for insomnia is a structured, well-researched approach that many people find useful.",
            "Checking the clock at night tends to add a layer of worry about tomorrow.",
            "{People} find that writing tomorrow's list before dinner keeps it from arriving at two in the morning.",
            "Daylight early in the day helps set the body's clock for the evening.",
            "Naps are not forbidden, but long late naps can take the edge off the sleep drive we need at night.",
        ],
        "items": ["get up at the same time each day", "keep the bed for sleep and intimacy",
                  "get out of bed if you are awake and frustrated", "dim the lights an hour before bed",
                  "try {practice}", "keep a simple sleep diary for two weeks"],
    },
    "grief": {
        "risk": "medium", "category": "Grief and loss", "tags": ["grief", "loss", "holidays", "anniversaries"],
        "audience": "public",
        "nouns": ["grief", "loss", "mourning", "bereavement", "grief after a death"],
        "titles": ["Carrying {noun} through the year", "There is no schedule for {noun}",
                   "What people get wrong about {noun}", "Small rituals for {noun}", "Anniversaries and {noun}"],
        "headings": ["Grief is not a straight line", "The body remembers", "Rituals that help",
                     "What friends can say", "When grief gets stuck"],
        "sentences": [
            "{Opener} grief does not move through neat stages; it comes and goes in waves.",
            "Anniversaries, birthdays and holidays can bring {noun} back with surprising force.",
            "{People} feel guilty on the days they feel better, as though feeling better were a kind of forgetting.",
            "Continuing bonds, such as keeping a letter, a recipe or a ritual, are a normal part of mourning.",
            "{Practice} can give a hard day a little more shape.",
            "Friends often worry about saying the wrong thing and end up saying nothing, which can feel lonelier.",
            "Grief after a sudden or traumatic death can be more complicated, and it deserves particular care.",
            "When {noun} stays intense for a long time and makes daily life very hard, grief-focused therapy can help.",
            "It is common to feel {feeling} and {feeling2} in the same afternoon.",
        ],
        "items": ["say the person's name", "mark the anniversary in a way that feels right",
                  "accept help with meals and errands", "let the waves come without judging them",
                  "plan {practice} for the hardest days", "find one person who can listen without fixing"],
    },
    "depression": {
        "risk": "low", "category": "Mood", "tags": ["mood", "depression", "motivation", "behavioural activation"],
        "audience": "public",
        "nouns": ["low mood", "depression", "a long grey stretch", "feeling flat", "winter low mood"],
        "titles": ["Moving a little when {noun} says stay still", "Understanding {noun}",
                   "What behavioural activation means for {noun}", "Gentle steps out of {noun}"],
        "headings": ["How low mood narrows life", "Action before motivation", "Tiny steps count",
                     "Thoughts that drag us down", "Getting support"],
        "sentences": [
            "{Opener} {noun} tends to shrink our world, and a smaller world gives mood less to work with.",
            "Waiting to feel motivated before acting rarely works; small actions usually come first and mood follows.",
            "Behavioural activation is a practical approach built on scheduling small, meaningful activities.",
            "{Practice} counts, even when it feels too small to matter.",
            "Low mood often comes with harsh self-talk; noticing the tone of that voice is a first step.",
            "{People} find that connection, even brief, lifts the day more than they predicted.",
            "Sleep, appetite and energy often change together with mood, so it is worth talking to your doctor as well.",
            "Medication decisions belong in a conversation with your prescriber, not on a blog.",
            "It is common to feel {feeling} about not feeling better faster.",
        ],
        "items": ["choose one small task and do only that", "step outside for daylight",
                  "send one message to someone you like", "plan {practice}", "notice any lift afterwards, however slight",
                  "talk with your doctor about sleep and appetite changes"],
    },
    "couples": {
        "risk": "low", "category": "Relationships", "tags": ["relationships", "couples", "communication", "conflict"],
        "audience": "public",
        "nouns": ["conflict", "couple arguments", "repair after a fight", "distance in a relationship"],
        "titles": ["What happens in a couple's argument", "Repair after {noun}", "Turning toward each other",
                   "The same fight, again", "Listening when it is hard"],
        "headings": ["The pattern, not the topic", "Slowing things down", "What repair sounds like",
                     "When to get outside help"],
        "sentences": [
            "{Opener} partners who argue about the dishes are rarely arguing about the dishes.",
            "Most couples have a familiar pattern: one reaches for connection and the other pulls back to cool down.",
            "Taking a short, agreed break during {noun} is different from walking out, if you say when you will return.",
            "Repair attempts can be small: a softer tone, a touch on the arm, a shared joke.",
            "{Practice} together {verb_help} more than a long talk late at night.",
            "Emotionally focused therapy looks at the cycle a couple gets caught in rather than who is right.",
            "{People} find that naming the pattern out loud takes some of the heat out of it.",
            "Feeling {feeling} after an argument is normal; what matters is whether you can come back to each other.",
        ],
        "items": ["describe the pattern in neutral words", "agree on a signal for a break",
                  "start with 'I' rather than 'you always'", "say one thing you appreciated this week",
                  "plan {practice} together"],
    },
    "parenting": {
        "risk": "low", "category": "Families", "tags": ["parenting", "families", "teenagers", "routines"],
        "audience": "public",
        "nouns": ["parenting stress", "tantrums", "teenage moods", "screen-time battles", "bedtime struggles"],
        "titles": ["Staying steady through {noun}", "A calmer approach to {noun}", "Notes for parents on {noun}",
                   "When {noun} takes over the evening"],
        "headings": ["What children need from us", "Connection before correction", "Routines that help",
                     "Looking after the parent", "When to ask for support"],
        "sentences": [
            "{Opener} children borrow calm from the adults around them.",
            "A predictable routine lowers the number of decisions, and fewer decisions mean fewer battles.",
            "Naming the feeling before setting the limit helps a child feel understood even when the answer is no.",
            "{Practice} {verb_help} a tired parent come back to the moment.",
            "Teenagers often talk more side by side, in the car or while cooking, than face to face.",
            "{People} are hard on themselves; no parent gets it right every day, and repair matters more than perfection.",
            "Parent-focused programmes have good evidence for helping with behaviour at home.",
            "Feeling {feeling} in the evening is common when everyone is running on empty.",
        ],
        "items": ["keep the bedtime routine short and the same", "give a two-minute warning before transitions",
                  "name the feeling, then hold the limit", "make time for {practice}", "notice and praise effort"],
    },
    "burnout": {
        "risk": "low", "category": "Work and stress", "tags": ["burnout", "work", "stress", "boundaries"],
        "audience": "public",
        "nouns": ["burnout", "work stress", "compassion fatigue", "exhaustion at work", "overcommitment"],
        "titles": ["Noticing {noun} early", "Rest is not a reward", "When work follows you home",
                   "Recovering from {noun}"],
        "headings": ["Early signs", "Why rest keeps getting postponed", "Boundaries that hold",
                     "What recovery can look like"],
        "sentences": [
            "{Opener} {noun} builds slowly, and the early signs are easy to dismiss as a busy month.",
            "Cynicism, {feeling} and a sense that nothing you do matters are common signs of {noun}.",
            "Rest works best when it is planned rather than earned after everything else is done.",
            "{Practice} at the end of the workday {verb_help} mark the edge between work and home.",
            "{People} say yes out of habit; a short pause before agreeing to anything new can help.",
            "Talking with a supervisor or human resources about workload is often harder than it should be, and still worth it.",
            "Recovery from {noun} usually takes longer than a single holiday.",
        ],
        "items": ["notice when you dread Monday on Saturday", "set one firm finishing time",
                  "protect {practice}", "say no to one optional thing this week", "take your full lunch break"],
    },
    "trauma": {
        "risk": "medium", "category": "Trauma", "tags": ["trauma", "ptsd", "grounding", "emdr"],
        "audience": "public",
        "nouns": ["trauma", "traumatic stress", "the after-effects of trauma", "post-traumatic stress"],
        "titles": ["Understanding {noun}", "Safety first: notes on {noun}", "How {noun} lives in the body",
                   "What trauma-focused therapy involves"],
        "headings": ["Common reactions", "Why the body stays on alert", "Grounding skills",
                     "Trauma-focused treatment", "Going at your own pace"],
        "sentences": [
            "{Opener} reactions to {noun} are understandable responses to events that overwhelmed us.",
            "Feeling on guard, being easily startled and avoiding reminders are common after frightening events.",
            "Grounding skills bring attention back to the present: feet on the floor, the weight of the chair, the room around you.",
            "{Practice} {verb_help} on days when memories feel close.",
            "Trauma-focused therapies such as prolonged exposure, cognitive processing therapy and EMDR have strong research support.",
            "Good trauma care goes at a pace you can manage and starts with safety and stabilisation.",
            "{People} worry that talking about what happened will make it worse; in careful treatment the opposite is usually true.",
            "It is common to feel {feeling} or {feeling2} long after the danger has passed.",
        ],
        "items": ["press your feet into the floor", "name three things you can hear",
                  "hold something cool or textured", "plan {practice} after hard days",
                  "choose a therapist trained in a trauma-focused approach"],
    },
    "eating": {
        "risk": "medium", "category": "Eating and body image", "tags": ["eating disorders", "body image", "families", "recovery"],
        "audience": "public",
        "nouns": ["eating disorders", "disordered eating", "eating disorder recovery", "body image and eating disorders"],
        "titles": ["Myths about {noun}", "Supporting someone with {noun}", "Recovery from {noun} is possible",
                   "What families should know about {noun}"],
        "headings": ["Eating disorders affect every kind of body", "Early signs", "How to start a conversation",
                     "Treatment and support"],
        "sentences": [
            "{Opener} eating disorders are serious health conditions, not choices or phases.",
            "People of every size, gender and background can live with an eating disorder, and many are never visibly unwell.",
            "Comments about bodies, even compliments, can land hard for someone in recovery.",
            "{Practice} is one way to keep the focus on connection rather than on food.",
            "Family-based treatment and specialised cognitive behavioural therapy are well-supported approaches.",
            "Recovery usually involves a team: a therapist, a physician and often a dietitian.",
            "{People} wait a long time before asking for help, so an early, gentle conversation matters.",
            "It is common for loved ones to feel {feeling} and unsure what to say.",
        ],
        "items": ["talk about feelings, not food or weight", "avoid comments on anyone's body",
                  "share meals without commentary", "encourage a visit to a physician",
                  "learn about treatment options together"],
    },
    "suicide": {
        "risk": "high", "category": "Crisis and safety", "audience": "public",
        "tags": ["suicide prevention", "crisis resources", "supporting others"],
        "nouns": ["suicide prevention", "thoughts of suicide", "suicidal thinking", "suicide risk"],
        "titles": ["How to ask about {noun}", "Staying connected: {noun}", "What helps with {noun}",
                   "Talking openly about {noun}"],
        "headings": ["Hope is realistic", "Signs worth taking seriously", "Asking directly",
                     "Listening without fixing", "Making a safety plan", "Getting help now"],
        "sentences": [
            "{Opener} asking someone directly about suicide does not put the idea in their head, and many people are glad to be asked.",
            "Suicide is preventable, and many people who have had thoughts of suicide go on to live lives that matter to them.",
            "Thoughts of suicide usually grow out of many things at once, and they change with time, care and connection.",
            "A safety plan is a short written list of warning signs, coping steps, people to contact and crisis lines.",
            "Listening calmly, without arguing or rushing to solutions, is one of the most useful things a friend can do.",
            "{People} feel {feeling} about raising the subject, and that is understandable; asking is still caring.",
            "Staying in touch after a crisis, with a text, a call or a visit, helps people feel less alone.",
            "Therapies such as cognitive therapy for suicide prevention and dialectical behaviour therapy have good evidence.",
        ],
        "items": ["ask directly and calmly", "listen more than you speak", "stay with the person or keep in touch",
                  "help them contact 988 or a clinician", "write a safety plan together", "follow up in the days after"],
    },
    "selfharm": {
        "risk": "high", "category": "Crisis and safety", "audience": "public",
        "tags": ["self-harm", "crisis resources", "coping skills"],
        "nouns": ["self-harm", "self-injury", "supporting someone who self-harms"],
        "titles": ["Responding with care to {noun}", "Understanding {noun}", "What parents can do about {noun}",
                   "Talking about {noun} without panic"],
        "headings": ["Why people self-harm", "Responding calmly", "What helps instead", "Getting support"],
        "sentences": [
            "{Opener} self-harm is often a way of coping with overwhelming feelings rather than a wish to die.",
            "A calm, non-judgemental response makes it more likely that a person will keep talking.",
            "Shame keeps self-harm hidden; curiosity and warmth help bring it into the open.",
            "{Practice} can be part of a longer list of ways to get through intense moments.",
            "Dialectical behaviour therapy teaches skills for riding out intense emotions and has good evidence for reducing self-harm.",
            "{People} feel {feeling} when they discover a loved one is hurting themselves; getting support for yourself matters too.",
            "Any injury that worries you deserves medical care, without lectures.",
        ],
        "items": ["stay calm and listen", "ask what the self-harm does for them", "avoid ultimatums",
                  "help them reach a clinician", "keep 988 and the Crisis Text Line handy"],
    },
    "news": {
        "risk": "low", "category": "Practice news", "tags": ["practice news", "telehealth", "scheduling"],
        "audience": "clients",
        "nouns": ["schedule changes", "evening hours", "telehealth sessions", "our new waiting room", "holiday hours"],
        "titles": ["Practice update: {noun}", "News for current clients: {noun}", "Upcoming {noun}",
                   "A note about {noun}"],
        "headings": ["What is changing", "What stays the same", "Booking and cancellations", "Questions"],
        "sentences": [
            "{Opener} we want to let current and prospective clients know about {noun} at the practice.",
            "Your regular appointment time stays the same unless we contact you directly.",
            "Telehealth sessions use a secure, encrypted video platform; please join from a private space.",
            "Our cancellation policy is unchanged: please give us at least one business day's notice.",
            "Appointments can be booked through the front desk or the [contact page](/contact/).",
            "We are closed on public holidays; the crisis lines listed on every page are available at any hour.",
            "If you have questions about fees or insurance, the [fees page](/fees/) has the details.",
            "Please do not send clinical details by email; we are glad to discuss them in session.",
        ],
        "items": ["check the updated hours on the [location page](/location/)",
                  "call the front desk to change an appointment", "join telehealth sessions from a private room",
                  "read our [privacy notice](/privacy/)", "keep the crisis lines handy"],
    },
    "research": {
        "risk": "low", "category": "For colleagues", "tags": ["research", "consultation", "outcome measures", "for clinicians"],
        "audience": "professionals",
        "nouns": ["measurement-based care", "exposure therapy", "peer consultation", "outcome monitoring",
                  "behavioural activation research", "therapeutic alliance research"],
        "titles": ["Reading notes: {noun}", "What the evidence says about {noun}", "For colleagues: {noun}",
                   "Practical notes on {noun}"],
        "headings": ["What the studies ask", "What they found", "Limits of the evidence", "Implications for practice",
                     "Further reading"],
        "sentences": [
            "{Opener} the research on {noun} is more practical than its reputation suggests.",
            "Routine outcome measures give both clinician and client a shared picture of progress.",
            "Several trials suggest that feedback from brief measures helps identify clients who are not improving.",
            "The alliance between client and clinician predicts outcome across many treatment models.",
            "Consultation with peers is a safeguard for quality and for clinicians' own wellbeing.",
            "{Approach} has been studied in a wide range of settings, with effects that vary by population.",
            "Generalising from trial samples to a small private practice requires care.",
            "Any case discussion in consultation should be de-identified and kept within the consultation group.",
        ],
        "items": ["use a brief measure at every session", "review scores together with the client",
                  "bring stuck cases to consultation", "read the method section before the abstract",
                  "note the limits of each study"],
    },
}

TOPIC_WEIGHTS = {
    "anxiety": 14, "sleep": 9, "grief": 8, "depression": 10, "couples": 8, "parenting": 8,
    "burnout": 8, "trauma": 6, "eating": 5, "suicide": 5, "selfharm": 3, "news": 8, "research": 8,
}

# General sentences usable in any post (no narrative about a particular client).
GENERAL = [
    "{Opener} change tends to come from {adj} steps repeated over weeks rather than one big decision.",
    "{Practice} is not a cure for anything, but it {verb_help} on difficult days.",
    "It is normal to feel {feeling} {time}; feelings rise and fall when we let them.",
    "{People} tell themselves they should be able to manage alone, and that belief keeps them from asking.",
    "Talking things through with {helper} can make a problem feel more workable.",
    "Being kind to yourself is not the same as letting yourself off the hook; it makes change easier to sustain.",
    "Progress is rarely a straight line, and a hard week does not erase the weeks before it.",
    "{Opener} noticing a pattern is already the beginning of changing it.",
    "You do not need to wait for things to get worse before reaching out.",
    "{Approach} is one of several approaches with good research support for this kind of difficulty.",
    "Small routines give the day a shape, and shape helps when energy is low.",
    "It can help to write down what you notice, without judging it, for a week or two.",
    "There is no single right way to feel, and comparison with others rarely helps.",
    "{People} are surprised by how much {practice} changes an afternoon.",
    "Our bodies and moods are closely linked, so {body} can be worth paying attention to.",
    "If something here resonates, consider bringing it up with {helper}.",
]
# General mentions of clients: client cues without any story about one person.
CLIENT_GENERAL = [
    "Many clients find that {practice} helps more than they expected.",
    "People I work with often notice {feeling} before they can name what is wrong.",
    "Clients sometimes worry that therapy will mean talking about the past for years; much of it is practical and present-focused.",
    "In my practice, I see how much relief comes from simply putting a pattern into words.",
    "Clients often ask how long therapy takes; the honest answer is that it depends on the goals we agree on.",
    "Many of the people I see are doing far better than their inner critic allows them to believe.",
    "Clients are always welcome to ask questions about how therapy works and what the options are.",
]
QUOTES = [
    "Feelings are visitors. You can make them tea without giving them the house keys.",
    "You cannot stop the waves, but you can learn which way to swim.",
    "Rest is part of the work, not a break from it.",
    "A small step taken is worth more than a large step planned.",
    "Be as patient with yourself as you would be with a friend.",
    "What we practise grows stronger.",
]
QUOTE_SOURCES = ["a saying I keep on my desk", "an old proverb", "a line I often come back to", "a favourite fridge magnet"]

LINKS = [
    ("the National Institute of Mental Health", "https://www.nimh.nih.gov/health/topics"),
    ("the American Psychological Association", "https://www.apa.org/topics"),
    ("NAMI", "https://www.nami.org/"),
    ("our services page", "/services/"),
    ("our fees page", "/fees/"),
    ("the contact page", "/contact/"),
    ("our crisis resources page", "/crisis/"),
    ("our social media policy", "/social-media-policy/"),
]

CRISIS_TOP = (
    "**If you or someone else is in danger right now, call 911.** To talk with someone at any hour, "
    "call or text **988** (the 988 Suicide & Crisis Lifeline), or text HOME to **741741** to reach the "
    "Crisis Text Line. More resources are listed at the end of this post."
)
CRISIS_END = [
    "Call or text **988** at any time, day or night, or chat at [988lifeline.org](https://988lifeline.org).",
    "Text HOME to **741741** to reach a trained counsellor at the [Crisis Text Line](https://www.crisistextline.org).",
    "Veterans can call **988** and press 1.",
    "In an emergency, call **911** or go to the nearest emergency department.",
    "Locally, the Millbrook County Crisis Line is available 24/7 at (555) 555-0199.",
]
CONTENT_NOTES = {
    "suicide": "Discusses suicide and how to support someone at risk. Crisis lines are listed at the top and the end.",
    "selfharm": "Discusses self-harm in general terms, without detail. Crisis lines are listed at the top and the end.",
}
FOOTER = [
    "This post is general information, not therapy, and reading it does not create a therapist-client relationship.",
    "If you would like to talk about any of this, you can book a consultation through [the contact page](/contact/).",
]

TAGS = [
    "self-care", "habits", "mindfulness", "coping skills", "resilience", "loneliness", "seasons",
    "perfectionism", "self-compassion", "therapy basics", "wellbeing", "stress",
]

# --------------------------------------------------------------------------
# Violations (planted in ~5% of posts)
# --------------------------------------------------------------------------

NAMES = ["Theo", "Ana", "Marisol", "Declan", "Priya", "Jonah", "Ingrid", "Rafael", "Tamsin", "Oluwaseun", "Greta", "Malik"]
EVENTS = ["a breakup", "losing a job", "a move across the country", "a car accident", "the birth of a baby", "a long illness"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _v_named(r: random.Random, ctx: dict) -> str:
    name = r.choice(NAMES)
    pron, poss = r.choice([("she", "her"), ("he", "his")])
    opening = r.choice([
        f"My client {name} came in last winter after {r.choice(EVENTS)}.",
        f"{name}, a client I saw for about a year, came in after {r.choice(EVENTS)}.",
        f"Last winter my client {name} came to see me after {r.choice(EVENTS)}.",
        f"A client of mine, {name}, came in last winter after {r.choice(EVENTS)}.",
    ])
    return (
        f"{opening} {pron.capitalize()} told me that the {r.choice(FEELINGS)} was worst {r.choice(TIMES)}. "
        f"Over the next few weeks we worked on {r.choice(SMALL_PRACTICES)}, and by our sixth session {pron} said "
        f"{poss} sleep had started to come back."
    )


def _v_phone(r: random.Random, ctx: dict) -> str:
    num = f"(555) 555-{r.randint(150, 189):04d}"
    return (
        f"A patient I saw for several months kept calling me from {num} late at night, and "
        f"she said the calls were the only thing that helped. We talked about other ways to get through those hours."
    )


def _v_email(r: random.Random, ctx: dict) -> str:
    user = r.choice(["jonah.r", "mari.s", "dkells", "t.aubrey", "greta_h"])
    return (
        f"Last month a client wrote to me from {user}@mailbox.example.net to ask whether "
        f"{r.choice(SMALL_PRACTICES)} was really enough. He told me he had been struggling since {r.choice(EVENTS)}."
    )


def _v_date(r: random.Random, ctx: dict) -> str:
    return (
        f"On {r.choice(WEEKDAYS)}, {r.choice(MONTHS)} {r.randint(2, 27)}, a client I have been seeing came in "
        f"after {r.choice(EVENTS)}, and she told me she had not slept for days."
    )


def _v_quasi(r: random.Random, ctx: dict) -> str:
    age = r.randint(28, 61)
    job = r.choice(["the only female firefighter in Millbrook", "the head pastor at St. Brendan's",
                    "the principal of Millbrook High School", "a well-known local news anchor"])
    return (
        f"One client, a {age}-year-old who is {job}, came to see me after a recent divorce and a custody dispute "
        f"that made the local paper. She told me she was afraid of being recognised in the waiting room."
    )


def _v_surveil(r: random.Random, ctx: dict) -> str:
    site = r.choice(["Instagram", "Facebook", "LinkedIn profile", "TikTok"])
    return (
        f"Before our second session I looked up my client's {site} and scrolled through a few years of posts. "
        "It changed how I saw the story she had told me."
    )


VIOLATIONS = {
    # kind: (writer of a body paragraph or None, expected codes at block severity)
    "named-client": (_v_named, ["B102", "B105"]),
    "client-phone": (_v_phone, ["B101"]),
    "client-email": (_v_email, ["B101"]),
    "client-date": (_v_date, ["B103"]),
    "quasi-identifiers": (_v_quasi, ["B104"]),
    "client-surveillance": (_v_surveil, ["B111"]),
    "risk-understated": (None, ["B905"]),
    "frontmatter-invalid": (None, ["B901"]),
}

# --------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


class Filler:
    """Fills {slots} in a template from the pools, with one post's RNG and topic."""

    def __init__(self, r: random.Random, topic: dict):
        self.r = r
        self.topic = topic

    def __call__(self, template: str) -> str:
        r = self.r
        noun = r.choice(self.topic["nouns"])
        feelings = r.sample(FEELINGS, 2)
        body = r.sample(BODY, 2)
        values = {
            "noun": noun, "Noun": _cap(noun), "feeling": feelings[0], "feeling2": feelings[1],
            "time": r.choice(TIMES), "people": r.choice(PEOPLE), "People": _cap(r.choice(PEOPLE)),
            "body": body[0], "body2": body[1], "helper": r.choice(HELPERS), "approach": r.choice(APPROACHES),
            "Approach": _cap(r.choice(APPROACHES)), "verb_help": r.choice(VERBS_HELP), "Opener": r.choice(OPENERS),
            "adj": r.choice(ADJ_GENTLE), "practice": r.choice(SMALL_PRACTICES), "Practice": _cap(r.choice(SMALL_PRACTICES)),
        }
        return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), template)


def _words(text: str) -> int:
    return len(text.split())


def _paragraph(r: random.Random, fill: Filler, topic: dict, links_left: list) -> str:
    picked = r.sample(topic["sentences"], r.randint(2, 4)) + r.sample(GENERAL, r.randint(1, 2))
    r.shuffle(picked)
    sentences = [fill(s) for s in picked]
    if r.random() < 0.18:
        sentences.insert(r.randint(0, len(sentences)), fill(r.choice(CLIENT_GENERAL)))
    if links_left and r.random() < 0.35:
        label, url = links_left.pop(0)
        sentences.append(f"There is more on this from [{label}]({url}).")
    return " ".join(sentences)


def _list_block(r: random.Random, fill: Filler, topic: dict) -> str:
    items = r.sample(topic["items"], min(len(topic["items"]), r.randint(3, 5)))
    if r.random() < 0.3:
        return "\n".join(f"{i}. {_cap(fill(it))}." for i, it in enumerate(items, 1))
    return "\n".join(f"- {fill(it)};" if j < len(items) - 1 else f"- {fill(it)}." for j, it in enumerate(items))


def make_post(seed: int, i: int, words: int = 900, violation_rate: float = 0.05) -> tuple[str, str, dict]:
    """Return (file name, text, manifest entry) for post number i."""
    r = random.Random(f"consulting-room-bench:{seed}:{i}")
    # Decide the violation first, from its own stream, so the rate is exact-ish and stable.
    vr = random.Random(f"violation:{seed}:{i}")
    violation = vr.choice(sorted(VIOLATIONS)) if vr.random() < violation_rate else None

    topic_key = r.choices(list(TOPIC_WEIGHTS), weights=list(TOPIC_WEIGHTS.values()))[0]
    if violation == "risk-understated":
        topic_key = "suicide"
    topic = TOPICS[topic_key]
    fill = Filler(r, topic)
    noun = r.choice(topic["nouns"])
    title = _cap(fill(r.choice(topic["titles"]).replace("{noun}", noun)))
    summary = fill(r.choice(topic["sentences"]))
    if len(summary) > 220:
        summary = summary[:217].rsplit(" ", 1)[0] + "…"
    date = dt.date(2019, 1, 1) + dt.timedelta(days=(i * 37 + r.randint(0, 36)) % 2600)
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-") + f"-{i:05d}"
    risk = topic["risk"]
    audience = topic["audience"]
    if topic_key in ("anxiety", "sleep", "burnout", "couples") and r.random() < 0.1:
        audience = "professionals"
    tags = sorted(set(r.sample(topic["tags"], min(len(topic["tags"]), r.randint(1, 3))) + r.sample(TAGS, r.randint(0, 2))))

    links = r.sample(LINKS, 3)
    blocks: list[str] = []
    if risk == "high":
        blocks.append(CRISIS_TOP)
    blocks.append(_paragraph(r, fill, topic, links))
    headings = r.sample(topic["headings"], min(len(topic["headings"]), r.randint(3, 5)))
    h = 0
    target = words - 40  # footer
    while sum(_words(b) for b in blocks) < target:
        if h < len(headings) and (len(blocks) < 2 or r.random() < 0.3):
            blocks.append("## " + _cap(fill(headings[h])))
            h += 1
        roll = r.random()
        if roll < 0.15:
            blocks.append(_list_block(r, fill, topic))
        elif roll < 0.2:
            blocks.append(f"> {r.choice(QUOTES)}\n>\n> — {r.choice(QUOTE_SOURCES)}")
        else:
            blocks.append(_paragraph(r, fill, topic, links))
    if violation and VIOLATIONS[violation][0] is not None:
        para = VIOLATIONS[violation][0](r, {})
        blocks.insert(r.randint(2, max(2, len(blocks) - 1)), para)
    if risk == "high":
        blocks.append("## Help is available now")
        blocks.append("\n".join(f"- {line}" for line in CRISIS_END))
    if audience != "clients":
        blocks.extend(FOOTER)
    body = "\n\n".join(blocks) + "\n"

    fm = {
        "title": title,
        "date": date.isoformat(),
        "summary": summary,
        "audience": audience,
        "risk": "low" if violation == "risk-understated" else risk,
    }
    if risk == "high" and violation != "risk-understated":
        fm["content_note"] = CONTENT_NOTES[topic_key]
    lines = ["---"]
    for key, value in fm.items():
        if key == "date":
            lines.append(f"date: {value}")
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    if violation == "frontmatter-invalid":
        bad = r.choice(["risk", "audience"])
        lines = [ln for ln in lines if not ln.startswith(bad + ":")]
        lines.append("risk: no" if bad == "risk" else "audience: everyone")
    lines.append(f"tags: {json.dumps(tags)}")
    lines.append(f"category: {json.dumps(topic['category'])}")
    lines.append(f"slug: {slug}")
    lines.append("---")
    text = "\n".join(lines) + "\n\n" + body
    name = f"{date.isoformat()}-{slug}.md"
    entry = {"topic": topic_key, "risk": fm["risk"], "audience": audience, "words": _words(body),
             "violation": violation, "expect": VIOLATIONS[violation][1] if violation else []}
    return name, text, entry


#: Changes whenever this file changes, so a corpus made by an older generator is not reused.
GENERATOR_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def generate(out_dir: str | Path, n: int, words: int = 900, seed: int = 7, violation_rate: float = 0.05) -> list[Path]:
    """Write n posts into out_dir (created; existing *.md there are removed first). Returns their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.md"):
        old.unlink()
    manifest = {"generator": GENERATOR_VERSION, "seed": seed, "n": n, "words": words, "violation_rate": violation_rate, "posts": {}}
    paths = []
    for i in range(n):
        name, text, entry = make_post(seed, i, words, violation_rate)
        path = out / name
        path.write_text(text, encoding="utf-8")
        manifest["posts"][name] = entry
        paths.append(path)
    (out / "_manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return paths


def ensure_corpus(out_dir: str | Path, n: int, words: int = 900, seed: int = 7, violation_rate: float = 0.05) -> list[Path]:
    """Reuse out_dir if it already holds exactly this corpus (same generator and options), else generate it."""
    out = Path(out_dir)
    mf = out / "_manifest.json"
    if mf.exists():
        try:
            m = json.loads(mf.read_text(encoding="utf-8"))
            if (m.get("generator"), m["seed"], m["n"], m["words"], m["violation_rate"]) == (GENERATOR_VERSION, seed, n, words, violation_rate):
                paths = [out / name for name in m["posts"]]
                if all(p.exists() for p in paths) and len(list(out.glob("*.md"))) == n:
                    return paths
        except (ValueError, KeyError):
            pass
    return generate(out, n, words, seed, violation_rate)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0], epilog=__doc__.split("\n\n", 2)[2],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir", help="folder to write the posts into (created; old *.md there are removed)")
    ap.add_argument("-n", "--posts", type=int, default=1000, help="number of posts (default 1000)")
    ap.add_argument("--words", type=int, default=900, help="approximate words per post body (default 900)")
    ap.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    ap.add_argument("--violation-rate", type=float, default=0.05, help="fraction of posts with a planted violation (default 0.05)")
    args = ap.parse_args(argv)
    paths = generate(args.out_dir, args.posts, args.words, args.seed, args.violation_rate)
    size = sum(p.stat().st_size for p in paths)
    m = json.loads((Path(args.out_dir) / "_manifest.json").read_text(encoding="utf-8"))
    planted = sum(1 for e in m["posts"].values() if e["violation"])
    avg_words = sum(e["words"] for e in m["posts"].values()) / max(1, len(paths))
    print(f"wrote {len(paths)} posts to {args.out_dir}: {size / 1e6:.2f} MB, {avg_words:.0f} words per body on average, "
          f"{planted} with a planted violation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
