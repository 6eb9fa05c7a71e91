"""The practice's own details, normalised so rules can tell them from a client's.

They come from the `PRACTICE` setting of pelicanconf.py, or the `practice:`
section of a YAML file given with `boundary check --config` (docs/product.md, Commands).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).with_name("data")


class ConfigError(Exception):
    """The settings cannot be used; the message says where and what."""


def digits(text: str) -> str:
    """A phone number's digits, with a leading country code 1 dropped."""
    d = re.sub(r"\D", "", str(text))
    if len(d) == 11 and d.startswith("1"):
        d = d[1:]
    return d


_LETTERS = {c: str(n) for n, cs in {2: "ABC", 3: "DEF", 4: "GHI", 5: "JKL", 6: "MNO", 7: "PQRS", 8: "TUV", 9: "WXYZ"}.items() for c in cs}


def vanity_digits(text: str) -> str:
    """1-800-273-TALK -> 8002738255."""
    return digits("".join(_LETTERS.get(c.upper(), c) for c in str(text)))


@dataclass(frozen=True)
class CrisisLine:
    name: str
    number: str
    how: str = ""
    hours: str = ""
    source: str = ""
    checked: str = ""
    crisis: bool = True
    emergency: bool = False
    local: bool = False
    also: tuple[str, ...] = ()

    @property
    def digit_forms(self) -> set[str]:
        return {digits(self.number)} | {digits(a) for a in self.also}


@dataclass(frozen=True)
class Clinician:
    name: str
    titles: tuple[str, ...] = ()
    credentials: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    licence: str = ""


@dataclass(frozen=True)
class Practice:
    name: str = ""
    phones: frozenset[str] = frozenset()  # digits
    emails: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()
    handles: frozenset[str] = frozenset()  # lowercased, without leading @
    address: str = ""
    site_url: str = ""
    region: str = "US"
    clinicians: tuple[Clinician, ...] = ()
    crisis_lines: tuple[CrisisLine, ...] = ()
    retired_lines: tuple[CrisisLine, ...] = ()
    raw: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def crisis_line_digits(self) -> set[str]:
        """Numbers that are crisis lines proper (not referral lines, not 911)."""
        out: set[str] = set()
        for line in self.crisis_lines:
            if line.crisis and not line.emergency:
                out |= line.digit_forms
        return out

    @property
    def crisis_digits(self) -> set[str]:
        out: set[str] = set()
        for line in self.crisis_lines:
            out |= line.digit_forms
        return out

    @property
    def own_texts(self) -> list[str]:
        """Literal strings of the practice's own that must never count as identifiers."""
        texts = [self.name, self.address, self.site_url, *self.emails]
        texts += [c.name for c in self.clinicians]
        texts += [c.licence for c in self.clinicians if c.licence]
        return [t for t in texts if t]

    def is_own_phone(self, text: str) -> bool:
        d = digits(text)
        return bool(d) and (d in self.phones or d in self.crisis_digits)

    def is_own_email(self, text: str) -> bool:
        return text.lower() in self.emails

    def is_own_url(self, url: str) -> bool:
        host = re.sub(r"^[a-z]+://", "", url.lower()).split("/")[0].split(":")[0]
        host = host.removeprefix("www.")
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def is_own_handle(self, handle: str) -> bool:
        return handle.lower().lstrip("@") in self.handles


def _as_list(value: Any, where: str) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, str):
        return [value]
    raise ConfigError(f"{where}: expected a list, found {type(value).__name__}")


@lru_cache(maxsize=1)
def _crisis_data() -> dict:
    with open(DATA / "crisis_lines.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _line(entry: dict, local: bool = False) -> CrisisLine:
    return CrisisLine(
        name=str(entry.get("name", "")),
        number=str(entry.get("number", "")),
        how=str(entry.get("how", "")),
        hours=str(entry.get("hours", "")),
        source=str(entry.get("source", "")),
        checked=str(entry.get("checked", "")),
        crisis=bool(entry.get("crisis", True)),
        emergency=bool(entry.get("emergency", False)),
        local=local,
        also=tuple(str(a) for a in entry.get("also", []) or []),
    )


def national_lines(region: str) -> list[CrisisLine]:
    data = _crisis_data()
    return [_line(e) for e in data["regions"].get(region.upper(), [])]


@lru_cache(maxsize=2)
def world_line_digits(crisis_only: bool) -> frozenset[str]:
    """Every known line of every region: a US practice may rightly list Samaritans for UK readers."""
    out: set[str] = set()
    for entries in _crisis_data()["regions"].values():
        for entry in entries:
            line = _line(entry)
            if crisis_only and (not line.crisis or line.emergency):
                continue
            out |= line.digit_forms
    return frozenset(out)


def retired_lines() -> list[CrisisLine]:
    return [_line(e) for e in _crisis_data().get("retired", [])]


def from_mapping(data: dict | None) -> Practice:
    """Build a Practice from the PRACTICE setting (or a YAML `practice:` section)."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"practice settings must be a mapping, found {type(data).__name__}")
    # Accept the flat spellings some documents use (practice_name, crisis_region…).
    name = str(data.get("name") or data.get("practice_name") or "")
    region = str(data.get("region") or data.get("crisis_region") or "US").upper()
    phones = {digits(p) for key in ("phone", "fax") for p in _as_list(data.get(key), key) if digits(p)}
    phones |= {digits(p) for p in _as_list(data.get("phones"), "phones") if digits(p)}
    emails = {str(e).lower() for e in _as_list(data.get("email"), "email")}
    emails |= {str(e).lower() for e in _as_list(data.get("emails"), "emails")}
    site_url = str(data.get("site_url") or "")
    domains = set()
    if site_url:
        domains.add(re.sub(r"^[a-z]+://", "", site_url.lower()).split("/")[0].removeprefix("www."))
    for e in emails:
        domains.add(e.split("@", 1)[-1])
    handles: set[str] = set()
    social = data.get("social") or {}
    if not isinstance(social, dict):
        raise ConfigError("practice.social must be a mapping of network: handle")
    for value in social.values():
        v = str(value).strip()
        if re.match(r"^[a-z]+://", v, re.I):
            domains.discard("")
            handles.add(v.lower().rstrip("/").rsplit("/", 1)[-1].lstrip("@"))
        else:
            handles.add(v.lower().lstrip("@"))
            if "@" in v.lstrip("@"):
                handles.add(v.lower().lstrip("@").split("@")[0])
    clinicians = []
    for i, c in enumerate(_as_list(data.get("clinicians"), "clinicians")):
        if not isinstance(c, dict) or not c.get("name"):
            raise ConfigError(f"practice.clinicians[{i}] needs at least a name")
        creds = [str(x) for x in _as_list(c.get("credentials"), f"clinicians[{i}].credentials")]
        clinicians.append(
            Clinician(
                name=str(c["name"]),
                titles=tuple(str(x) for x in _as_list(c.get("titles"), f"clinicians[{i}].titles")),
                credentials=tuple(creds),
                roles=tuple(str(x) for x in _as_list(c.get("roles"), f"clinicians[{i}].roles")),
                licence=str(c.get("licence") or c.get("license") or ""),
            )
        )
    lines = national_lines(region)
    for i, entry in enumerate(_as_list(data.get("crisis_lines") or data.get("local_crisis_lines"), "crisis_lines")):
        if not isinstance(entry, dict) or not entry.get("number"):
            raise ConfigError(f"practice.crisis_lines[{i}] needs a name and a number")
        lines.append(_line(entry, local=True))
    return Practice(
        name=name,
        phones=frozenset(phones),
        emails=frozenset(emails),
        domains=frozenset(d for d in domains if d),
        handles=frozenset(h for h in handles if h),
        address=str(data.get("address") or ""),
        site_url=site_url,
        region=region,
        clinicians=tuple(clinicians),
        crisis_lines=tuple(lines),
        retired_lines=tuple(retired_lines()),
        raw=dict(data),
    )


def from_yaml_file(path: str | Path) -> Practice:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the settings file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the settings file is not UTF-8") from None
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping with a `practice:` section")
    section = data.get("practice", data)
    try:
        return from_mapping(section)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def from_pelicanconf(path: str | Path) -> Practice:
    """Read PRACTICE from pelicanconf.py without importing it (no code runs).

    The settings file is Python; we evaluate only the literal PRACTICE
    assignment, which is how the kit ships it. A computed PRACTICE needs
    --config instead.
    """
    try:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"), str(path))
    except (OSError, SyntaxError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the site settings ({exc})") from None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "PRACTICE" for t in node.targets):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                raise ConfigError(
                    f"{path}:{node.lineno}: PRACTICE must be written out literally; "
                    "use `boundary check --config practice.yaml` for computed settings"
                ) from None
            return from_mapping(value)
    return from_mapping({})


def site_address(siteurl, site_url, fallback: str = "") -> str:
    """The site's absolute address, without a trailing slash: SITEURL when it is absolute, else the
    practice's `site_url`, else `fallback`. The one definition: feeds, sitemap, JSON-LD, the outbox's
    links and the publish audit all use it."""
    for url in (siteurl, site_url):
        if re.match(r"^https?://", str(url or ""), re.I):
            return str(url).rstrip("/")
    return fallback.rstrip("/")
