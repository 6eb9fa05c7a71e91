"""B9 — metadata and checker hygiene: the frontmatter schema of docs/product.md, Frontmatter."""

from __future__ import annotations

import datetime as dt
import difflib
import re

from .. import topics
from ..model import AUDIENCES, CASE_MATERIAL, RISKS, STATUSES, Example, Hit, Rule, Severity
from .common import lowered_prose

SOURCE = "Consulting Room frontmatter schema (docs/product.md)"

__all__ = ["AUDIENCES", "CASE_MATERIAL", "RISKS", "STATUSES"]  # defined in model.py; read here by the schema
#: The networks a post may name (publish/registry.py is the one list; the checker does not import publish,
#: so tests/test_credentials.py checks the two agree).
NETWORKS = ("x", "mastodon", "bluesky", "linkedin")

POST_REQUIRED = ("title", "date", "summary", "audience", "risk")
PAGE_REQUIRED = ("title",)
KNOWN = frozenset(
    {
        "title", "date", "summary", "audience", "risk", "content_note", "case_material",
        "consent_ref", "crosspost", "social", "boundary_allow", "slug", "tags", "category",
        "status", "modified", "lang", "translation", "author", "authors", "template",
        "save_as", "url", "image",
    }
)

FIELD_HELP = {
    "title": "the post's title, as text",
    "date": "a date like 2025-03-04 (or 2025-03-04 09:30)",
    "summary": "one or two sentences of plain text; it is cross-posted and used as the page description",
    "audience": "one of: public, clients, professionals",
    "risk": "one of: low, medium, high",
    "content_note": "a short text shown above the post",
    "case_material": "one of: none, composite, disguised, consented",
    "consent_ref": "an opaque reference to where written consent is filed, e.g. CONSENT-2025-014",
    "crosspost": "a list of networks (x, mastodon, bluesky, linkedin), or false",
    "social": "a map from network to text, e.g. social: {mastodon: \"…\"}",
    "boundary_allow": "a list of {code: B402, reason: \"…\"} entries",
    "tags": "a list of words, e.g. [anxiety, sleep], or \"anxiety, sleep\"",
    "category": "a single word or phrase",
    "slug": "lower-case words joined by hyphens, e.g. worry-time",
    "status": "one of: published, draft, hidden, retracted",
    "modified": "a date like 2025-03-04",
    "lang": "a language code such as en or es",
    "translation": "true or false",
}


def _yaml_kind(value) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the YAML boolean {str(value).lower()} (YAML reads yes/no/on/off/true/false as booleans)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a map of fields"
    return f"\"{value}\""


def _suggest(value, allowed) -> str:
    if isinstance(value, str):
        close = difflib.get_close_matches(value.lower().strip(), allowed, n=1, cutoff=0.6)
        if close:
            return f" Did you mean \"{close[0]}\"?"
    return ""


def _is_date(value) -> bool:
    if isinstance(value, (dt.date, dt.datetime)):
        return True
    if isinstance(value, str):
        try:
            dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            return True
        except ValueError:
            return False
    return False


#: What `invoke new` writes where the clinician's own words go (publish/scaffold.py uses these): a post
#: that still holds them is unfinished, and would publish the template's words under their name.
SUMMARY_PLACEHOLDER = "Write one or two sentences about the post here."
BODY_PLACEHOLDER = "Start writing here. Use ## for section headings."


def schema_problems(meta: dict, kind: str = "post"):
    """(field, message) for every invalid or missing field. Pure: used by rule and tests."""
    required = POST_REQUIRED if kind == "post" else PAGE_REQUIRED
    for key in required:
        if key not in meta or meta[key] is None or (isinstance(meta[key], str) and not meta[key].strip()):
            yield key, f"the required field `{key}` is missing or empty; add {key}: {FIELD_HELP[key]}"
    for key in ("title", "summary", "content_note", "consent_ref", "category", "lang"):
        if key in meta and meta[key] is not None and not isinstance(meta[key], str):
            yield key, f"`{key}` must be text, but it is {_yaml_kind(meta[key])}; put the value in quotes"
    for key, allowed in (("audience", AUDIENCES), ("risk", RISKS), ("case_material", CASE_MATERIAL), ("status", STATUSES)):
        if key not in meta or meta[key] is None:
            continue
        value = meta[key]
        if not isinstance(value, str) or value not in allowed:
            yield key, (
                f"`{key}` is {_yaml_kind(value)}, which is not allowed; {key} must be one of: "
                f"{', '.join(allowed)}.{_suggest(value, allowed)}"
            )
    for key in ("date", "modified"):
        if key in meta and meta[key] is not None and not _is_date(meta[key]):
            yield key, f"`{key}` is {_yaml_kind(meta[key])}, which is not a date; write {FIELD_HELP[key]}"
    if "tags" in meta and meta["tags"] is not None:
        tags = meta["tags"]
        if not (isinstance(tags, str) or (isinstance(tags, list) and all(isinstance(t, (str, int)) and not isinstance(t, bool) for t in tags))):
            yield "tags", f"`tags` is {_yaml_kind(tags)}; write {FIELD_HELP['tags']}"
    if "slug" in meta and meta["slug"] is not None:
        slug = meta["slug"]
        if not isinstance(slug, str) or not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
            yield "slug", f"`slug` is {_yaml_kind(slug)}; a slug is {FIELD_HELP['slug']}"
    if "translation" in meta and not isinstance(meta["translation"], bool):
        yield "translation", f"`translation` is {_yaml_kind(meta['translation'])}; write true or false"
    if "crosspost" in meta and meta["crosspost"] is not None:
        value = meta["crosspost"]
        if value is False:
            pass
        elif isinstance(value, list) and all(isinstance(n, str) for n in value):
            unknown = [n for n in value if n.lower() not in NETWORKS]
            if unknown:
                yield "crosspost", (
                    f"`crosspost` names {', '.join(unknown)}, which is not a network this kit knows; "
                    f"use {', '.join(NETWORKS)}.{_suggest(unknown[0], NETWORKS)}"
                )
        else:
            yield "crosspost", f"`crosspost` is {_yaml_kind(value)}; write {FIELD_HELP['crosspost']}"
    if "social" in meta and meta["social"] is not None:
        value = meta["social"]
        if not isinstance(value, dict):
            yield "social", f"`social` is {_yaml_kind(value)}; write {FIELD_HELP['social']}"
        else:
            for net, text in value.items():
                if str(net).lower() not in NETWORKS:
                    yield "social", f"`social` has an entry for {net!r}, which is not a network this kit knows; use {', '.join(NETWORKS)}"
                elif not isinstance(text, str) or not text.strip():
                    yield "social", f"`social.{net}` is {_yaml_kind(text)}; it must be the text to post"
    if "boundary_allow" in meta and meta["boundary_allow"] is not None:
        value = meta["boundary_allow"]
        if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
            yield "boundary_allow", f"`boundary_allow` is {_yaml_kind(value)}; write {FIELD_HELP['boundary_allow']}"
        else:
            for entry in value:
                code = str(entry.get("code", ""))
                if not re.fullmatch(r"B\d{3}", code):
                    yield "boundary_allow", f"`boundary_allow` has code {code!r}; a code looks like B402"
    ref = meta.get("consent_ref")
    if isinstance(ref, str) and re.fullmatch(r"(?:[A-Z][a-z]+\.? ){1,3}[A-Z][a-z]+", ref.strip()):
        yield "consent_ref", (
            "`consent_ref` looks like a person's name; it must be an opaque reference "
            "(e.g. CONSENT-2025-014), never the client's name"
        )
    summary = meta.get("summary")
    if isinstance(summary, str) and summary.strip() == SUMMARY_PLACEHOLDER:
        yield "summary", "`summary` is still the template's placeholder; write one or two sentences about this post"
    # consented without consent_ref is B105 (confidentiality), not a schema error.


def _frontmatter_invalid(post, ctx):
    for key, line, col in post.duplicate_keys:
        yield Hit(line=line, column=col, detail=f"the field `{key}` is given twice; keep one")
    at = post.body.text.find(BODY_PLACEHOLDER)
    if at >= 0:
        yield Hit(post.body, at, at + len(BODY_PLACEHOLDER),
                  "the post still holds the template's placeholder text (\"Start writing here…\"); write the post, or delete that line")
    for key, message in schema_problems(post.meta, ctx.kind):
        line, col = (
            post.meta_positions.get(key + ".value")
            or post.meta_positions.get(key)
            or post.meta_positions.get("case_material" if key == "consent_ref" else "")
            or (1, 1)  # a missing field: point at the frontmatter's opening line
        )
        yield Hit(line=line, column=col, detail=message)


def _unknown_field(post, ctx):
    for key in post.meta:
        if str(key) in KNOWN:
            continue
        line, col = post.field_position(str(key))
        close = difflib.get_close_matches(str(key), sorted(KNOWN), n=1, cutoff=0.7)
        hint = f" Did you mean `{close[0]}`?" if close else " It is ignored."
        yield Hit(line=line, column=col, detail=f"`{key}` is not a field this kit knows.{hint}")


def _risk_understated(post, ctx):
    declared = post.meta.get("risk")
    if declared not in topics.RISK_ORDER:
        return  # B901 already says so
    for topic in ctx.memo("topics", lambda: topics.detect(post, lowered_prose(ctx))).values():
        if not topic.central:
            continue
        if topics.RISK_ORDER[declared] < topics.RISK_ORDER[topic.needs]:
            line, col = post.meta_positions.get("risk.value", (1, 1))
            yield Hit(
                line=line,
                column=col,
                detail=(
                    f"the post is about {topic.name.replace('-', ' ')} "
                    f"({topic.mentions} mention{'s' if topic.mentions != 1 else ''}"
                    f"{', including the title or summary' if topic.in_headline else ''}) "
                    f"but declares risk: {declared}; it needs risk: {topic.needs}"
                ),
            )


def _engine_reported(post, ctx):
    """Reported by the engine while it applies suppressions or catches errors."""
    return ()


POST = "---\ntitle: \"Worry time\"\ndate: 2025-03-04\nsummary: \"A small experiment.\"\naudience: public\nrisk: low\n---\n\n"


def rules() -> list[Rule]:
    return [
        Rule(
            code="B901",
            name="frontmatter-invalid",
            severity=Severity.BLOCK,
            message="The post's frontmatter cannot be used",
            why="The checker and the site decide who sees a post and how careful it must be from its frontmatter; a missing or mistyped field would otherwise be silently guessed (docs/product.md, Frontmatter).",
            fix="Correct the field named above. Text with a colon goes in quotes; audience is public, clients or professionals; risk is low, medium or high.",
            source=SOURCE,
            matcher=_frontmatter_invalid,
            suppressible_inline=False,
            good=(Example(POST + "Body.\n"),),
            bad=(
                Example(POST.replace("risk: low", "risk: no") + "Body.\n"),
                Example(POST.replace("risk: low", "risk: meduim") + "Body.\n"),
                Example(POST.replace("audience: public\n", "") + "Body.\n"),
                Example(POST + "Start writing here. Use ## for section headings.\n"),
            ),
        ),
        Rule(
            code="B902",
            name="suppression-without-reason",
            severity=Severity.BLOCK,
            message="A suppression gives no reason",
            why="Switching a check off must be a deliberate, explained decision that a colleague can review (docs/product.md, The gate).",
            fix='Add a reason: <!-- boundary: allow B402 reason="quoting the DSM title" -->, or remove the comment.',
            source=SOURCE,
            matcher=_engine_reported,
            suppressible_inline=False,
            good=(Example(POST + '<!-- boundary: allow B904 reason="example" -->\nBody.\n'),),
            bad=(Example(POST + "<!-- boundary: allow B402 -->\nBody.\n"),),
        ),
        Rule(
            code="B903",
            name="suppression-not-allowed",
            severity=Severity.BLOCK,
            message="This check cannot be switched off",
            why="Direct client identifiers and suicide-method detail are never safe to publish, whatever the reason (docs/product.md, The gate).",
            fix="Remove the suppression and change the text the finding points at.",
            source=SOURCE,
            matcher=_engine_reported,
            suppressible_inline=False,
            good=(Example(POST + "Body.\n"),),
            bad=(Example(POST + '<!-- boundary: allow B101 reason="it is fine" -->\nBody.\n'),),
        ),
        Rule(
            code="B904",
            name="suppression-unused",
            severity=Severity.WARN,
            message="A suppression matched nothing",
            why="An allow comment that hides nothing today could hide a real problem after the next edit.",
            fix="Remove the suppression.",
            source=SOURCE,
            matcher=_engine_reported,
            good=(Example(POST + "Body.\n"),),
            bad=(Example(POST + '<!-- boundary: allow B402 reason="quoting a title" -->\nA calm paragraph.\n', severity=Severity.WARN),),
        ),
        Rule(
            code="B905",
            name="risk-understated",
            severity=Severity.BLOCK,
            message="The post's risk level is lower than its topic needs",
            why="Posts about suicide and self-harm must be `risk: high` (and eating disorders at least `medium`) so the crisis resources, content note and stricter safe-messaging rules apply (reportingonsuicide.org; WHO 2023).",
            fix="Raise `risk:` in the frontmatter as the message says, and add a content_note.",
            source="reportingonsuicide.org; WHO (2023) media guide; Consulting Room audience and risk (docs/product.md)",
            matcher=_risk_understated,
            good=(
                Example(POST + "I treat anxiety, depression and suicidal thinking, among other things.\n"),
                Example(POST.replace("risk: low", "risk: high").replace('title: "Worry time"', 'title: "Asking about suicide"') + "Body.\n"),
            ),
            bad=(
                Example(POST.replace('title: "Worry time"', 'title: "Talking about suicide with a friend"') + "Body.\n"),
                Example(POST + "Suicide is preventable. Asking about suicide does not plant the idea. Suicidal thoughts pass.\n"),
            ),
        ),
        Rule(
            code="B906",
            name="unknown-field",
            severity=Severity.WARN,
            message="The frontmatter has a field this kit does not know",
            why="A misspelt field (say `sumary`) is silently ignored, so the post may go out without what you meant to set.",
            fix="Correct the spelling or remove the field.",
            source=SOURCE,
            matcher=_unknown_field,
            good=(Example(POST + "Body.\n"),),
            bad=(Example(POST.replace("risk: low", "risk: low\ncontnet_note: \"x\"") + "Body.\n", severity=Severity.WARN),),
        ),
        Rule(
            code="B907",
            name="checker-error",
            severity=Severity.BLOCK,
            message="The checker could not finish on this post",
            why="A post the checker cannot read is never published: the gate fails closed (docs/product.md, The gate).",
            fix="Report this to the kit's maintainers with the message; meanwhile the post is held back. If it says the post "
            "could not be checked in time, look for unusual input (thousands of unclosed brackets or comments, a pasted "
            "export or log) and remove or repair it.",
            source=SOURCE,
            matcher=_engine_reported,
            suppressible_inline=False,
        ),
    ]


#: The rules the engine reports itself, by code.
SUPPRESSION_RULES = {r.code: r for r in rules() if r.code in ("B901", "B902", "B903", "B904", "B907")}
