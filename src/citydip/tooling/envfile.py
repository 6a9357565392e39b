"""environment.yml for conda and Binder users, derived from requirements.lock.

    python -m citydip.tooling.envfile requirements.lock > environment.yml

The lock is the single list of pins; environment.yml carries the same pins
(installed by pip inside the conda environment) and a test checks that the two agree.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;]+)(?:\s*;\s*(?P<marker>.+))?$")


def read_pins(lock_text: str) -> list[str]:
    """The requirement lines of a lock (``name==version`` with any marker), in order."""
    pins = []
    for raw in lock_text.splitlines():
        line = raw.split(" #")[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        if not PIN.match(line):
            raise ValueError(f"not an exact pin in the lock: {line!r}")
        pins.append(line)
    return pins


def environment_yml(lock_text: str) -> str:
    lines = [
        "# Generated from requirements.lock by `make lock` (python -m citydip.tooling.envfile); do not edit.",
        "# The same exact pins as the lock, installed by pip inside a conda environment.",
        "name: citydip",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        "  - python=3.11",
        "  - pip",
        "  - pip:",
        *(f'    - "{pin}"' for pin in read_pins(lock_text)),
        "    - -e .",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    lock = Path(args[0] if args else "requirements.lock")
    sys.stdout.write(environment_yml(lock.read_text(encoding="utf-8")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
