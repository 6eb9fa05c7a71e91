"""Build the site with Pelican, in-process, and refuse to build without the gate."""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from boundary.gate import STATE_KEY, GateMissing, GateState, Withheld
from boundary.model import Severity

log = logging.getLogger(__name__)

#: Hooks the gate must have run in every build, whatever the content.
REQUIRED_HOOKS = {"post_guard", "page_guard", "unlink"}


@dataclass
class BuildResult:
    output_path: str
    settings: dict
    state: GateState
    articles: list
    pages: list
    drafts: list
    #: Built but not listed: hidden posts and pages, draft pages (the preview desk shows them too).
    hidden: list = field(default_factory=list)

    @property
    def withheld(self) -> list[Withheld]:
        return list(self.state.withheld.values())

    def manifest(self) -> set[str]:
        """Every file this build wrote (pages, feeds, static and theme files)."""
        files = set(self.state.written) | set(self.state.extra_written)
        out = self.output_path
        for sf in self.settings.get("_STATICFILES", []):
            files.add(os.path.abspath(os.path.join(out, sf)))
        theme = Path(self.settings["THEME"])
        for static in self.settings.get("THEME_STATIC_PATHS", ["static"]):
            src = theme / static
            for f in src.rglob("*") if src.is_dir() else []:
                if f.is_file():
                    rel = f.relative_to(src)
                    files.add(os.path.abspath(os.path.join(out, self.settings.get("THEME_STATIC_DIR", "theme"), rel)))
        return files


class SettingsError(Exception):
    """The site settings cannot be used; the message names the file and what is wrong."""


def read_settings(settings_file: str | os.PathLike, overrides: dict | None = None) -> dict:
    """Pelican's settings, with the practice section validated; never a traceback for a typo."""
    from pelican.settings import read_settings as pelican_read_settings

    from boundary import practice as practice_mod

    settings_file = os.path.abspath(settings_file)
    name = os.path.basename(settings_file)
    try:
        settings = pelican_read_settings(settings_file, override=dict(overrides or {}))
    except SyntaxError as exc:
        raise SettingsError(f"{name}:{exc.lineno}: the settings file is not valid Python ({exc.msg})") from None
    except Exception as exc:  # Pelican raises many kinds; all mean "cannot use these settings"
        raise SettingsError(f"{name}: the settings cannot be used ({type(exc).__name__}: {exc})") from None
    try:
        practice = practice_mod.from_mapping(settings.get("PRACTICE") or {})
    except practice_mod.ConfigError as exc:
        raise SettingsError(f"{name}: PRACTICE: {exc}") from None
    from presence import profile

    wrong = profile.problems(settings.get("PRACTICE") or {}, settings.get("PATH"))
    if wrong:
        raise SettingsError("\n".join(f"{name}: PRACTICE: {w}" for w in wrong))
    blocked = [ff for ff in practice_text_findings(settings, practice) if ff.finding.severity is Severity.BLOCK]
    if blocked:
        raise SettingsError("\n".join(_field_problem(settings_file, ff) for ff in blocked))
    return settings


def practice_text_findings(settings: dict, practice=None) -> list:
    """The checklist's findings in the texts of PRACTICE the site shows (boundary.settings_text)."""
    from boundary import practice as practice_mod
    from boundary.settings_text import check_practice_text
    from presence.profile import shown_texts

    data = settings.get("PRACTICE") or {}
    return check_practice_text(data, practice or practice_mod.from_mapping(data), shown_texts(data))


def _field_problem(settings_file: str, ff) -> str:
    """file:line: PRACTICE["welcome"]: what, why and how to fix, in the checker's words."""
    line = 0
    try:
        key = re.split(r"[.\[]", ff.field.rsplit(".", 1)[-1])[0]  # "clinicians[0].photo_alt" is found as "photo_alt"
        for n, text in enumerate(Path(settings_file).read_text(encoding="utf-8").splitlines(), 1):
            if f'"{key}"' in text or f"'{key}'" in text:
                line = n
                break
    except OSError:
        pass
    where = f"{os.path.basename(settings_file)}:{line}" if line else os.path.basename(settings_file)
    f = ff.finding
    return (f"{where}: PRACTICE[\"{ff.field}\"], shown on every page of the site: {f.code} {f.message}. "
            f"Why: {f.why} How to fix: {f.fix} ({f.source})")


def build(settings_file: str | os.PathLike = "pelicanconf.py", output_path: str | None = None, overrides: dict | None = None) -> BuildResult:
    """Run one Pelican build; raise GateMissing if the boundary gate did not run."""
    from pelican import Pelican, signals

    over = dict(overrides or {})
    if output_path:
        over["OUTPUT_PATH"] = os.path.abspath(output_path)
    settings = read_settings(settings_file, over)
    if "boundary" not in [getattr(p, "__name__", p) for p in settings.get("PLUGINS") or []]:
        raise GateMissing(
            "PLUGINS in the settings does not include \"boundary\": the checklist gate would not run. "
            "Add it back to PLUGINS in pelicanconf.py."
        )
    captured: dict = {}

    def keep_static(generators):
        for gen in generators:
            if hasattr(gen, "staticfiles"):
                captured["static"] = [sf.save_as for sf in gen.staticfiles]
        captured["generators"] = generators

    signals.all_generators_finalized.connect(keep_static, weak=False)
    try:
        pelican = Pelican(settings)
        if not isinstance(pelican.settings.get(STATE_KEY), GateState):
            raise GateMissing(
                "the boundary plugin did not load (check PLUGIN_PATHS and PLUGINS in the settings); "
                "refusing to build without the checklist gate"
            )
        pelican.run()
    finally:
        signals.all_generators_finalized.disconnect(keep_static)
        state = locals().get("pelican") and pelican.settings.get(STATE_KEY)
        if isinstance(state, GateState) and state.precheck is not None:
            state.precheck.close()
    state: GateState = pelican.settings[STATE_KEY]
    missing = REQUIRED_HOOKS - state.ran
    if missing:
        raise GateMissing(f"the boundary gate did not run in this build (missing: {', '.join(sorted(missing))})")
    pelican.settings["_STATICFILES"] = captured.get("static", [])
    articles, pages, drafts, hidden = [], [], [], []
    for gen in captured.get("generators", []):
        hidden += [c for name in ("hidden_articles", "hidden_pages", "draft_pages") for c in getattr(gen, name, None) or []]
        articles += list(getattr(gen, "articles", []) or []) + list(getattr(gen, "translations", []) or []) if hasattr(gen, "articles") else []
        pages += list(getattr(gen, "pages", []) or []) if hasattr(gen, "pages") else []
        drafts += list(getattr(gen, "drafts", []) or []) if hasattr(gen, "drafts") else []
    return BuildResult(
        output_path=pelican.settings["OUTPUT_PATH"],
        settings=pelican.settings,
        state=state,
        articles=articles,
        pages=pages,
        drafts=drafts,
        hidden=hidden,
    )
