"""Check 1, table arithmetic: Ledna's derived columns (Total Growth, % GDP Growth) against the table's GDP columns."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from citydip.audit.model import CONSISTENT, DISCREPANCY, TABLE_ARITHMETIC, Verdict, against
from citydip.core.errors import InputError
from citydip.core.figures import Figure, records
from citydip.core.text import plain_header


def _cells(figures: pd.DataFrame, docs: dict[str, str] | None) -> dict[tuple[str, str, str], list[Figure]]:
    """The table figures by (table, row, column without asterisks); with ``docs`` (table label -> doc_id),
    only those of the document that prints the table (another document may print a table of that label)."""
    cells = defaultdict(list)
    for f in records(figures):
        if f["table"] and (docs is None or docs.get(f["table"]) == f["doc_id"]):
            cells[(f["table"], f["entity"], plain_header(f["column"]))].append(f)
    return cells


def _cell(cells: dict[tuple[str, str, str], list[Figure]], table: str, row: str, column: str) -> Figure:
    mine = cells.get((table, row, column), [])
    if len(mine) != 1:
        raise InputError(
            "data/processed/figures.csv",
            f"{len(mine)} figures for {table}, row {row!r}, column {column!r}",
            expected="exactly one registered figure per table cell",
        )
    return mine[0]


def check_table_arithmetic(
    derived: pd.DataFrame, figures: pd.DataFrame, docs: dict[str, str] | None = None
) -> list[Verdict]:
    """Ledna's derived columns recomputed from the GDP columns at the printed rounding.

    ``derived`` is what :func:`citydip.tables.printed.derived_checks` returns (one row per printed Total
    Growth or % GDP Growth cell): the arithmetic is done there, not again here. Each row becomes a
    verdict of the printed cell's figure, with the GDP cells as related figures.
    """
    out = []
    cells = _cells(figures, docs)
    for row in records(derived):
        printed = _cell(cells, row["table"], row["row"], row["column"])
        start = _cell(cells, row["table"], row["row"], "GDP 2010")
        end = _cell(cells, row["table"], row["row"], "GDP 2025")
        a, b = start["value"], end["value"]
        expr = f"{b} - {a}" if row["column"] == "Total Growth" else f"({b} - {a}) / {a} x 100"
        computation = (
            f"{row['formula']} = {expr} = {row['computed']}; at the printed rounding "
            f"{row['computed_at_printed_rounding']}; printed {row['printed']}"
        )
        agrees = row["agrees"] == "yes"
        what = "growth in billions of U.S. dollars" if row["column"] == "Total Growth" else "growth in percent"
        explanation = (
            f"{row['table']} prints {row['printed']} as the {what} of {row['row']}; recomputed from its GDP "
            f"columns ({a} in 2010, {b} in 2025) it is {row['computed_at_printed_rounding']} at the same rounding"
            + (": they agree." if agrees else ": the printed value does not follow from the table's own columns.")
        )
        out.append(
            Verdict(
                printed["figure_id"],
                TABLE_ARITHMETIC,
                CONSISTENT if agrees else DISCREPANCY,
                computation,
                explanation,
                (start["figure_id"], end["figure_id"]),
                against(start["figure_id"], end["figure_id"]),
            )
        )
    return out
