"""The two cities' figures beside the public record: for each stated population (or other figure) of a
city that the audit checked against published statistics, the reference value, its year and source,
and the verdict, labelled as computed from the reference (``data/processed/reference_values.csv``,
written by the audit), never as what a document says.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd

from citydip.audit.display import num
from citydip.audit.model import COLUMNS as AUDIT_COLUMNS
from citydip.audit.model import PUBLIC_RECORD
from citydip.audit.public_view import VALUE_COLUMNS
from citydip.compare.comparison import Comparison
from citydip.core import paths
from citydip.core.csvio import read_table
from citydip.stages import AUDIT_OUTPUT, REFERENCE_VALUES

COLUMNS = ["city", "figure", "measure", "period", "stated", "reference value (computed from the public record)",
           "reference year", "source", "verdict"]  # fmt: skip


def table(c: Comparison, figures: pd.DataFrame, processed_dir: str | Path = "data/processed") -> pd.DataFrame:
    """One row per checked figure of either city; empty where the audit has not run yet."""
    folder = paths.resolve(processed_dir)
    if not (folder / REFERENCE_VALUES).is_file() or not (folder / AUDIT_OUTPUT).is_file():
        return pd.DataFrame(columns=COLUMNS)
    refs = read_table(folder / REFERENCE_VALUES, VALUE_COLUMNS)
    audit = read_table(folder / AUDIT_OUTPUT, AUDIT_COLUMNS)
    verdicts = audit[audit["check"] == PUBLIC_RECORD].set_index("concerns")["verdict"]
    rows = []
    for city in (c.a.city, c.b.city):
        mine = figures[figures["entity"] == city]
        for link_id, group in refs[refs["figure_id"].isin(mine["figure_id"])].groupby("link_id", sort=False):
            f = mine.loc[group["figure_id"].iloc[0]]
            stated = Decimal(f["base_value"])
            best = min(group.itertuples(), key=lambda r: abs(Decimal(r.reference_value) - stated))
            as_stated = f"{f['qualifier']} {f['value']} {f['unit']}".strip()
            reference = f"{num(Decimal(best.reference_value))} {best.base_unit}"
            rows.append([city, f["figure_id"], f["measure"], f["period"], as_stated, reference, best.year, best.series,
                         verdicts.get(link_id, "")])  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS)
