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
from citydip.core.text import round_half_up
from citydip.reference import values

COLUMNS = ["city", "figure", "measure", "period", "stated", "reference value (computed from the public record)",
           "reference year", "series", "stated / reference"]  # fmt: skip


def table(c: Comparison, figures: pd.DataFrame, processed_dir: str | Path = "data/processed") -> pd.DataFrame:
    """One row per linked figure of either city (a figure no series holds says so)."""
    links, found = values.read(processed_dir)
    rows = []
    for city in (c.a.city, c.b.city):
        mine = figures[figures["entity"] == city]
        for link in (link for link in links if link.figure_id in mine.index):
            f = mine.loc[link.figure_id]
            as_stated = f"{f['qualifier']} {f['value']} {f['unit']}".strip()
            head = [city, f["figure_id"], f["measure"], f["period"], as_stated]
            if not found[link.link_id] or not f["base_value"]:
                rows.append([*head, "no reference series (see the audit)", "", "", ""])
                continue
            stated = Decimal(f["base_value"])
            best = min(found[link.link_id], key=lambda v: abs(v.value - stated))
            ratio = str(round_half_up(stated / best.value, 3)) if best.value else ""
            shown = f"{round_half_up(best.value, 4).normalize():,f}"
            rows.append([*head, f"{shown} {f['base_unit']}", str(best.year), best.series, ratio])
    return pd.DataFrame(rows, columns=COLUMNS)
