"""Where commands may write: checked before anything runs, and again at every write.

Inside the project only ``data/processed/`` and ``reports/`` (and the scratch folder ``build/``)
are outputs; ``data/raw``, the code and the notebooks are never written by any command or
parameter. A path outside the project is an experiment's (the README's "try another coding")
and is allowed.
"""

from __future__ import annotations

import os
from pathlib import Path

from citydip.core import paths
from citydip.core.errors import InputError

ROOTS = ("data/processed", "reports", "build")
OUTPUT_PARAMETERS = ("processed_dir", "tables_dir", "figures_dir")
"""The notebook parameters that name a folder a notebook writes into (``raw_dir`` is only read)."""


def _under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check(path: str | os.PathLike[str], what: str) -> Path:
    """``path`` (relative to the project root) resolved, if a command may write there; else a one-line error.

    ``what`` names the path for the message: a parameter, a command-line argument, a file.
    """
    target = paths.resolve(path).resolve()
    root = paths.ROOT.resolve()
    shown = paths.relative(path) if Path(path).is_absolute() else Path(path).as_posix()
    if _under(target, paths.RAW.resolve()):
        raise InputError(
            what,
            f"{shown!r} lies under data/raw, which is never written",
            expected="an output folder under data/processed/ or reports/ (or outside the project, for an experiment)",
        )
    if _under(target, root) and not any(_under(target, root / r) for r in ROOTS):
        raise InputError(
            what,
            f"{shown!r} lies in {'the project root' if target == root else target.relative_to(root).as_posix()}, "
            "which holds inputs or code",
            expected="an output folder under data/processed/ or reports/ (or outside the project, for an experiment)",
        )
    return target


def check_parameters(parameters: dict[str, str]) -> None:
    """Every output-folder parameter of a notebook run checked (see :data:`OUTPUT_PARAMETERS`)."""
    for name in OUTPUT_PARAMETERS:
        if name in parameters:
            check(parameters[name], f"parameter {name}")
