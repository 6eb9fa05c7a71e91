"""Word and phrase lists: data files in data/, each entry with its source.

A list file maps a list name to `{source, terms}`; a term is a regular
expression fragment (matched case-insensitively at a word start) or a mapping
`{term, source}` when one entry has a source of its own. Every entry resolves
to a source, so a clinician reviewing a list can see where each word came from.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("data")


@lru_cache(maxsize=None)
def load_file(name: str) -> dict:
    with open(DATA / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def entries(name: str, key: str) -> list[tuple[str, str]]:
    """(term, source) pairs of one list."""
    group = load_file(name)[key]
    default = group.get("source", "")
    out = []
    for item in group["terms"]:
        if isinstance(item, dict) and "term" not in item:
            # YAML reads an unquoted term holding ": " ("(?: of)") as a mapping: say so, not KeyError.
            raise ValueError(f"data/{name}, list {key!r}: the entry {item!r} is not a term; put a term that contains ': ' in quotes")
        if isinstance(item, dict):
            out.append((str(item["term"]), str(item.get("source", default))))
        else:
            out.append((str(item), default))
    return out


def load_terms(name: str, key: str) -> list[str]:
    return [t for t, _ in entries(name, key)]


def alternation(name: str, key: str) -> str:
    """The list as one regex alternation, longest terms first."""
    terms = sorted(load_terms(name, key), key=len, reverse=True)
    return "(?:" + "|".join(terms) + ")"
