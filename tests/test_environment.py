"""requirements.lock is the one list of pins; environment.yml must carry the same ones."""

from __future__ import annotations

import re

from citydip.core import paths
from citydip.tooling.envfile import environment_yml

PIN = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\"]+)")


def pins(text: str) -> set[tuple[str, str]]:
    found = set()
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        match = PIN.search(line)
        if match:
            found.add((match.group(1).lower(), match.group(2)))
    return found


def test_environment_yml_pins_equal_the_lock():
    lock = (paths.ROOT / "requirements.lock").read_text(encoding="utf-8")
    env = (paths.ROOT / "environment.yml").read_text(encoding="utf-8")
    assert pins(lock), "no pins found in requirements.lock"
    assert pins(env) == pins(lock), sorted(pins(env) ^ pins(lock))


def test_environment_yml_is_generated_from_the_lock():
    lock = (paths.ROOT / "requirements.lock").read_text(encoding="utf-8")
    env = (paths.ROOT / "environment.yml").read_text(encoding="utf-8")
    assert env == environment_yml(lock), "environment.yml is stale: run make lock"


def test_every_direct_dependency_is_pinned():
    direct = [
        line.strip().lower()
        for line in (paths.ROOT / "requirements.in").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    locked = {name for name, _ in pins((paths.ROOT / "requirements.lock").read_text(encoding="utf-8"))}
    assert set(direct) <= locked, set(direct) - locked


def test_a_changed_pin_is_noticed():
    lock = (paths.ROOT / "requirements.lock").read_text(encoding="utf-8")
    env = (paths.ROOT / "environment.yml").read_text(encoding="utf-8")
    name, version = sorted(pins(lock))[0]
    assert pins(env.replace(f"{name}=={version}", f"{name}==0.0.0", 1)) != pins(lock)
