"""The size and SHA-256 of the files a notebook wrote, shown at its end: any change in the data shows."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from citydip.core import paths


def table(folder: str | Path, names: Iterable[str]) -> pd.DataFrame:
    """One row per file of ``names`` in ``folder`` (as the notebook wrote it): bytes and SHA-256."""
    where = paths.output(folder)
    rows = []
    for name in names:
        data = (where / name).read_bytes()
        rows.append({"file": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    return pd.DataFrame(rows).set_index("file")
