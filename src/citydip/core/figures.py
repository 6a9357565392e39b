"""The processed figure registry (``data/processed/figures.csv``) as the later notebooks read it.

Everything downstream of ingest (tables, cases, charts) reads figures through ``load``,
never from ``data/raw/figures.csv`` and never from a transcription: a number shown
anywhere is a registered, located, verified figure or is computed from such figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

import pandas as pd

from citydip.core import paths
from citydip.core.csvio import read_table
from citydip.core.errors import InputError

FIGURE_FIELDS = (
    ("figure_id", "string", "Registry id of the figure"),
    ("doc_id", "string", "Source document (data/raw/sources.csv)"),
    ("kind", "string", "text, table_cell, policy_code or date"),
    ("entity", "string", "What the figure is about (city, network, survey ...)"),
    ("measure", "string", "What is measured"),
    ("period", "string", "Reference period as stated; empty where none is stated"),
    ("value", "string", "The value exactly as stated"),
    ("qualifier", "string", "Qualifier as stated (almost, more than, nearly ...)"),
    ("unit", "string", "Unit of the stated value"),
    ("value_number", "number", "The stated value read as a number, in its own unit"),
    ("base_value", "number", "The value in its base unit; empty where it has none"),
    ("base_unit", "string", "Base unit (people, USD, share, count, year ...)"),
    ("line", "integer", "1-based line of the quote in the document"),
    ("char_offset", "integer", "0-based character offset of the quote in the document"),
    ("value_offset", "integer", "0-based character offset of the value in the document"),
    ("table", "string", "Printed table holding the figure, if any"),
    ("column", "string", "Column header of the table cell, if any"),
    ("quote", "string", "Verbatim quote from the document"),
    ("note", "string", "Curator's note"),
)
"""The columns of ``data/processed/figures.csv`` (written by ingest): name, type, description."""
COLUMNS = tuple(name for name, *_ in FIGURE_FIELDS)
Figure = Mapping[str, str]
"""One figure: a row of ``load`` (a Series, or a dict of its columns as ``records`` gives them)."""


def load(processed_dir: str | Path = "data/processed") -> pd.DataFrame:
    """The processed figures, indexed by figure id, every column as text (``_line``: the CSV line)."""
    path = paths.resolve(processed_dir) / "figures.csv"
    frame = read_table(path, COLUMNS, key="figure_id")
    return frame.set_index("figure_id", drop=False)


def records(figures: pd.DataFrame) -> list[Figure]:
    """The figures as one dict per figure (column -> cell), in the frame's order; any other frame's rows too.

    Much quicker to loop over than ``DataFrame.iterrows``, which builds a Series for every row.
    """
    columns = list(figures.columns)
    return [dict(zip(columns, row, strict=True)) for row in figures.to_numpy(dtype=object).tolist()]


def decimal(value: str) -> Decimal | None:
    """A number column of the processed table read exactly; None where the cell is empty."""
    value = value.strip()
    return Decimal(value) if value else None


def get(figures: pd.DataFrame, figure_id: str) -> pd.Series:
    """One figure by id, with an error naming the id when it is not registered."""
    if figure_id not in figures.index:
        raise InputError("data/processed/figures.csv", f"no figure {figure_id!r}", expected="a registered figure id")
    return figures.loc[figure_id]
