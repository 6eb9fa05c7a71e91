"""Deploy targets (docs/product.md, Publishing, step 5).

Every publish first swaps the fresh build into the local `output/` folder by
rename, so a failed build never leaves a half-written site. A practice that
hosts elsewhere adds one configured target, run from that folder:

    DEPLOY = {"target": "rsync", "destination": "me@host:/var/www/site/"}
    DEPLOY = {"target": "ghp-import", "repository": ".", "branch": "gh-pages", "push": True, "remote": "origin"}

Cross-posting only happens after the target said it succeeded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

TARGETS = ("local", "rsync", "ghp-import")


class DeployError(Exception):
    """The site could not be put live; the message says what to check."""


def settings_of(settings: dict) -> dict:
    cfg = dict(settings.get("DEPLOY") or {})
    cfg.setdefault("target", "local")
    if cfg["target"] not in TARGETS:
        raise DeployError(f"DEPLOY target {cfg['target']!r} is not one of: {', '.join(TARGETS)}")
    if cfg["target"] == "rsync" and not cfg.get("destination"):
        raise DeployError('DEPLOY target "rsync" needs a "destination", e.g. "me@host:/var/www/site/"')
    return cfg


def _restore_interrupted(output: Path) -> None:
    """If a previous deploy stopped between its two renames, put the old site back."""
    previous = output.with_name(output.name + ".previous")
    if not output.exists() and previous.exists():
        os.replace(previous, output)


def local(staging: str, output: str) -> None:
    """Swap the staged build into place: the old site is live until the new one is."""
    out = Path(output)
    _restore_interrupted(out)
    previous = out.with_name(out.name + ".previous")
    if previous.exists():
        shutil.rmtree(previous)
    if out.exists():
        os.replace(out, previous)
    os.replace(staging, out)
    if previous.exists():
        shutil.rmtree(previous)


def _run(args: list[str], cwd: str | None, what: str, timeout: int = 600) -> None:
    try:
        proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    except FileNotFoundError:
        raise DeployError(f"{what}: the program {args[0]!r} is not installed on this computer") from None
    except subprocess.TimeoutExpired:
        raise DeployError(f"{what}: no answer after {timeout} seconds; check the connection and run publish again") from None
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        tail = detail[-1] if detail else f"exit status {proc.returncode}"
        raise DeployError(f"{what} failed ({tail})")


def rsync(output: str, destination: str, extra: list[str] | None = None) -> None:
    """Mirror the built site to the destination; files the build did not write are removed there."""
    src = os.path.join(os.path.abspath(output), "")
    _run(["rsync", "--archive", "--delete", "--delay-updates", "--checksum", *(extra or []), src, destination],
         None, f"rsync to {destination}")


def ghp_import(output: str, repository: str, branch: str = "gh-pages", push: bool = False, remote: str = "origin",
               message: str = "Publish the site", cname: str | None = None) -> None:
    """Commit the built site to a branch (GitHub Pages) with ghp-import's API, and push it if asked.

    ghp-import runs git in the current folder, so the call moves into the repository and back."""
    import ghp_import as ghp

    what = f"ghp-import into {branch}" + (f" and push to {remote}" if push else "")
    here = os.getcwd()
    try:
        os.chdir(os.path.abspath(repository))
        ghp.ghp_import(os.path.abspath(output), mesg=message, branch=branch, remote=remote, push=push, nojekyll=True, cname=cname)
    except ghp.GhpError as exc:
        raise DeployError(f"{what} failed ({str(exc).strip() or 'git refused'})") from None
    except subprocess.CalledProcessError as exc:  # a git command ghp-import ran (a push, say) failed
        raise DeployError(f"{what} failed (git {' '.join(map(str, exc.cmd[1:3]))} exited with status {exc.returncode})") from None
    except FileNotFoundError:
        raise DeployError(f"{what}: git is not installed on this computer, or the repository folder does not exist") from None
    finally:
        os.chdir(here)


def deploy(cfg: dict, staging: str, output: str, root: str) -> str:
    """Put the site live; return a short description of where it went."""
    local(staging, output)
    target = cfg.get("target", "local")
    if target == "rsync":
        rsync(output, cfg["destination"], list(cfg.get("options") or []))
        return f"{os.path.basename(output)}/ and {cfg['destination']}"
    if target == "ghp-import":
        repo = os.path.join(root, cfg.get("repository") or ".")
        branch = cfg.get("branch") or "gh-pages"
        ghp_import(output, repo, branch, bool(cfg.get("push")), cfg.get("remote") or "origin",
                   cfg.get("message") or "Publish the site", cfg.get("cname"))
        return f"{os.path.basename(output)}/ and the {branch} branch" + (" (pushed)" if cfg.get("push") else "")
    return f"{os.path.basename(output)}/"
