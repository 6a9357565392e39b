"""Scratch copies of the project, to build, time or break without touching the working tree.

``copy_project`` copies the project's files (what a fresh clone holds, with the working tree's
changes: edited files as they are now, new files that git does not ignore even if not yet added,
and no deleted ones) into a new folder, with a git index of its own, and links the
project's ``.venv`` into it. ``make``
then runs the copy's own code: ``PYTHONPATH`` puts the copy's ``src/`` ahead of the editable
install of the original. Used by ``make bench`` (:mod:`citydip.bench`) and by the tests of
determinism, faults and incremental builds.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from citydip.core import paths

SETUP = ".venv/.setup-done"
SETUP_INPUTS = ("requirements.lock", "pyproject.toml")  # what the Makefile's set-up is made from
# What the chain writes and the determinism and fault checks compare byte for byte (the static
# images in reports/figures are not the chain's: they depend on the browser and its fonts).
OUTPUT_DIRS = ("data/processed", "reports/notebooks", "reports/figures")
NOT_COMPARED = (".png", ".svg", ".static-done")
# Variables of an enclosing make or test run that must not leak into a scratch build.
_LEAKY = ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES", "CITYDIP_OUTPUT_ROOT", "CITYDIP_ROOT", "PYTHONPATH")


def project_files(root: Path = paths.ROOT) -> list[str]:
    """The project's files: those git tracks and those it does not ignore (a new document not yet added)."""
    command = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    try:
        listed = subprocess.run(command, cwd=root, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SystemExit(f"error: cannot list the project's files with git in {root}: {exc}") from None
    return [name for name in listed.decode().split("\0") if name and (root / name).is_file()]


def copy_project(dest: Path, root: Path = paths.ROOT) -> Path:
    """Copy the project's files into ``dest`` (time stamps kept) and link its ``.venv``; returns ``dest``."""
    if not (root / SETUP).is_file():
        raise SystemExit(f"error: {root / '.venv'} is not set up: run make first")
    stale = [name for name in SETUP_INPUTS if (root / name).stat().st_mtime > (root / SETUP).stat().st_mtime]
    if stale:
        raise SystemExit(f"error: {root / '.venv'} is older than {' and '.join(stale)}: run make setup first")
    dest.mkdir(parents=True, exist_ok=True)
    for name in project_files(root):
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, target)
    (dest / ".venv").symlink_to((root / ".venv").resolve())
    # A git index of the same files, so that what lists the project's files (tests, copies of
    # the copy) sees what a fresh clone would show.
    subprocess.run(["git", "init", "-q"], cwd=dest, check=True, capture_output=True)
    (dest / ".git" / "info").mkdir(exist_ok=True)
    (dest / ".git" / "info" / "exclude").write_text(".venv\n", encoding="utf-8")  # a link, not the .venv/ folder
    subprocess.run(["git", "add", "-A"], cwd=dest, check=True, capture_output=True)
    return dest


def environment(project: Path) -> dict[str, str]:
    """The environment for make in ``project``: its own ``src/`` first, nothing of an enclosing run."""
    env = {k: v for k, v in os.environ.items() if k not in _LEAKY}
    env["PYTHONPATH"] = str(project / "src")
    return env


def offline_prefix() -> list[str]:
    """A command prefix that runs its command with no network but loopback, or [] where that is impossible.

    ``unshare -n`` gives the command a network namespace of its own, with no interface but a
    loopback one, which is brought up (nbval's kernels talk over 127.0.0.1; the runner's use Unix sockets). It
    needs root (or user namespaces) and ``ip``; where either is missing, this returns [].
    """
    unshare, ip = shutil.which("unshare"), shutil.which("ip")
    if not unshare or not ip:
        return []
    prefix = [unshare, "-n", "sh", "-c", f'{ip} link set lo up && exec "$@"', "offline"]
    try:
        works = subprocess.run([*prefix, "true"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        works = False
    return prefix if works else []


@dataclass
class Run:
    seconds: float
    returncode: int
    output: str


def make(project: Path, *args: str, timeout: float = 900, check: bool = True, prefix: list[str] = ()) -> Run:
    """Run ``make ARGS`` in ``project`` (after ``prefix``, e.g. ``offline_prefix()``); with ``check``,
    a failure stops with make's output."""
    started = time.perf_counter()
    done = subprocess.run(
        # -o: a copy never runs the set-up, which would re-install the shared .venv from the copy
        [*prefix, "make", "--no-print-directory", "-o", SETUP, *args],
        cwd=project,
        env=environment(project),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
    )
    run = Run(time.perf_counter() - started, done.returncode, done.stdout)
    if check and done.returncode != 0:
        raise RuntimeError(f"make {' '.join(args)} failed in {project} (exit {done.returncode}):\n{done.stdout}")
    return run


def digests(project: Path, folders: tuple[str, ...] = OUTPUT_DIRS) -> dict[str, str]:
    """SHA-256 of every file under ``folders`` of ``project``, by path relative to it."""
    found = {}
    for folder in folders:
        for path in sorted((project / folder).rglob("*")):
            if path.is_file() and not path.name.endswith(NOT_COMPARED):
                found[path.relative_to(project).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def differences(a: dict[str, str], b: dict[str, str]) -> list[str]:
    """What differs between two ``digests``: files only in one, files whose bytes differ."""
    lines = [f"only in the first: {name}" for name in sorted(a.keys() - b.keys())]
    lines += [f"only in the second: {name}" for name in sorted(b.keys() - a.keys())]
    lines += [f"differs: {name}" for name in sorted(a.keys() & b.keys()) if a[name] != b[name]]
    return lines
