"""Every path of the compendium, resolved from the project root in one place.

papermill runs kernels in the caller's directory and nbval in the notebook's
folder, so nothing else in the package builds paths from the working directory.
"""

from __future__ import annotations

import os
from pathlib import Path


def _find_root() -> Path:
    override = os.environ.get("CITYDIP_ROOT")
    if override:
        return Path(override).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file() and (parent / "data" / "raw").is_dir():
            return parent
    raise RuntimeError(
        f"cannot find the project root above {here}: expected a folder holding "
        "pyproject.toml and data/raw (or set CITYDIP_ROOT)"
    )


ROOT = _find_root()
RAW = ROOT / "data" / "raw"
PROCESSED = ROOT / "data" / "processed"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
EXECUTED = REPORTS / "notebooks"


def resolve(path: str | os.PathLike[str]) -> Path:
    """A path given relative to the project root (as notebook parameters are), made absolute."""
    p = Path(path)
    return p if p.is_absolute() else ROOT / p


def output(path: str | os.PathLike[str]) -> Path:
    """Where a notebook writes an output given relative to the project root.

    Normally the same as ``resolve``. The test suite sets ``CITYDIP_OUTPUT_ROOT`` to a
    scratch folder, so that nbval's re-execution of the notebooks writes there and a
    test run never changes the working tree (see tests/conftest.py).
    """
    p = Path(path)
    scratch = os.environ.get("CITYDIP_OUTPUT_ROOT")
    if scratch and not p.is_absolute():
        return Path(scratch) / p
    return resolve(p)


def relative(path: str | os.PathLike[str]) -> str:
    """A path as shown to people: relative to the project root where it lies inside it.

    A relative path (or a label such as "parameter coding") is shown as given.
    """
    if not Path(path).is_absolute():
        return Path(path).as_posix()
    p = Path(path).resolve()
    try:
        return p.relative_to(ROOT).as_posix()
    except ValueError:
        return p.as_posix()
