"""The two cities' figures beside the public record: for each stated figure of a city that is linked to
a reference series, the reference value nearest to it, its year and series, labelled as computed from
the public record (``data/processed/reference_values.csv``, written by the reference stage), never as
what a document says. The verdicts are the audit's (notebook 05 and the site).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd

from citydip.compare.comparison import Comparison
from citydip.core import paths
from citydip.core.csvio import read_table
from citydip.core.text import round_half_up
from citydip.reference.values import COLUMNS as VALUE_COLUMNS
from citydip.stages import REFERENCE_VALUES

COLUMNS = ["city", "figure", "measure", "period", "stated", "reference value (computed from the public record)",
           "reference year", "series", "stated / reference"]  # fmt: skip


def table(c: Comparison, figures: pd.DataFrame, processed_dir: str | Path = "data/processed") -> pd.DataFrame:
    """One row per linked figure of either city (a figure no series holds says so)."""
    refs = read_table(paths.resolve(processed_dir) / REFERENCE_VALUES, VALUE_COLUMNS)
    rows = []
    for city in (c.a.city, c.b.city):
        mine = figures[figures["entity"] == city]
        for _, group in refs[refs["figure_id"].isin(mine["figure_id"])].groupby("link_id", sort=False):
            f = mine.loc[group["figure_id"].iloc[0]]
            as_stated = f"{f['qualifier']} {f['value']} {f['unit']}".strip()
            head = [city, f["figure_id"], f["measure"], f["period"], as_stated]
            found = group[group["reference_value"] != ""]
            if found.empty or not f["base_value"]:
                rows.append([*head, "no reference series (see the audit)", "", "", ""])
                continue
            stated = Decimal(f["base_value"])
            best = min(found.itertuples(), key=lambda r: abs(Decimal(r.reference_value) - stated))
            reference = Decimal(best.reference_value)
            ratio = str(round_half_up(stated / reference, 3)) if reference else ""
            shown = f"{round_half_up(reference, 4).normalize():,f}"
            rows.append([*head, f"{shown} {best.base_unit}", best.year, best.series, ratio])
    return pd.DataFrame(rows, columns=COLUMNS)
