"""Where the network credentials come from, and building a real adapter from them.

``load(environ)`` reads exactly the variables listed in NAMES (the environment
wins over a ``.env`` file in the project folder).  For each network it gives
either its credentials, or None when none of that network's variables is set
(that network's posts then go to the outbox).  A network with some but not
all of its variables set is an error that names the missing variables, never
any value.

Credentials objects never show their secrets in ``repr``; ``secret_values``
lists them for the logging filter in ``publish.redact``.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv.parser import parse_stream

from . import registry

#: network -> (required variables, optional variables), from the registry
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {n: (sp.required, sp.optional) for n, sp in registry.REGISTRY.items()}

#: defaults for optional variables (the public servers)
DEFAULTS: dict[str, str] = {k: v for sp in registry.REGISTRY.values() for k, v in sp.defaults.items()}

#: variables whose values are secrets
SECRET_NAMES = frozenset().union(*(sp.secrets for sp in registry.REGISTRY.values()))


class CredentialsError(Exception):
    """Credentials are set only in part, or a .env file cannot be read. The message is plain language."""


@dataclass(frozen=True, repr=False)
class NetworkCredentials:
    network: str
    values: Mapping[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> str:
        return self.values[name]

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.values.get(name, default)

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={'[redacted]' if name in SECRET_NAMES else value!r}" for name, value in sorted(self.values.items())
        )
        return f"NetworkCredentials({self.network!r}, {shown})"

    __str__ = __repr__


# ---------------------------------------------------------------- .env


def parse_dotenv(text: str) -> dict[str, str]:
    """KEY=value lines, read by python-dotenv's parser (quotes, escapes, `export`, comments), without
    expanding ${VARIABLES}. A line it cannot read is an error naming that line, never skipped quietly:
    a credential that silently goes missing would leave a network unposted without saying why."""
    result: dict[str, str] = {}
    for binding in parse_stream(io.StringIO(text)):
        if binding.error:
            number, line = binding.original.line, binding.original.string
            name, eq, value = line.partition("=")
            if eq and value.strip()[:1] in ("'", '"'):
                raise CredentialsError(f"Line {number} of the .env file ({name.strip()}) opens a quote it never closes.")
            raise CredentialsError(f"Line {number} of the .env file is not of the form NAME=value; fix or remove it.")
        if binding.key is None:
            continue  # a blank line or a comment
        result[binding.key] = binding.value if binding.value is not None else ""
    return result


def read_dotenv(path: str | os.PathLike | None) -> dict[str, str]:
    if path is None:
        return {}
    p = Path(path)
    if not p.is_file():
        return {}
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise CredentialsError(f"The file {p} could not be read; check that it is a plain text file.") from None
    return parse_dotenv(text)


# ---------------------------------------------------------------- load


def load(environ: Mapping[str, str], dotenv_path: str | os.PathLike | None = ".env") -> dict[str, NetworkCredentials | None]:
    """Each network's credentials, or None when that network has none set.

    Raises CredentialsError naming every partly configured network and the
    variables it is missing (never their values).
    """
    file_values = read_dotenv(dotenv_path)

    def value(name: str) -> str:
        raw = environ.get(name)
        if raw is None or raw.strip() == "":
            raw = file_values.get(name, "")
        return raw.strip()

    result: dict[str, NetworkCredentials | None] = {}
    problems: list[str] = []
    for network, (required, optional) in NAMES.items():
        present = {name: value(name) for name in required if value(name)}
        if not present:
            result[network] = None
            continue
        missing = [name for name in required if name not in present]
        if missing:
            have = ", ".join(sorted(present))
            problems.append(
                f"{network_label(network)} is only partly set up: {', '.join(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} missing (set: {have})"
            )
            continue
        values = dict(present)
        for name in optional:
            values[name] = value(name) or DEFAULTS.get(name, "")
            if not values[name]:
                del values[name]
        result[network] = NetworkCredentials(network, values)
    if problems:
        raise CredentialsError(
            "; ".join(problems) + ". Add the missing settings to .env (or the environment), "
            "or remove that network's settings to send its posts to the outbox instead."
        )
    return result


def network_label(network: str) -> str:
    return registry.label(network)


def secret_values(creds) -> list[str]:
    """Every secret value in one NetworkCredentials, or in a dict of them as ``load`` returns."""
    if creds is None:
        return []
    if isinstance(creds, NetworkCredentials):
        items = [creds]
    else:
        items = [c for c in creds.values() if c is not None]
    out: list[str] = []
    for item in items:
        for name, val in item.values.items():
            if name in SECRET_NAMES and val and val not in out:
                out.append(val)
    return out


# ---------------------------------------------------------------- adapters


def make_adapter(network: str, creds: NetworkCredentials, timeout: float = 10):
    """Build the real client for a network and wrap it in its adapter (registry.py says which)."""
    return registry.spec(network).build(creds, timeout)
