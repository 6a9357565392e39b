"""The overall verdict of each figure: the worst of its checks, or not checkable where no check applies.

Discrepancy > consistent > not checkable (:data:`citydip.audit.model.SEVERITY`); a figure that
no check applies to is *not checkable*, and says so (or names the checks it is an input of).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import pandas as pd

from citydip.audit.model import CHECKS, NOT_CHECKABLE, OVERALL, SEVERITY, Verdict
from citydip.core.figures import decimal, records


def overall(figures: pd.DataFrame, verdicts: Sequence[Verdict]) -> list[Verdict]:
    """One verdict per figure: the worst of its checks; not checkable where no check applies."""
    by_figure: dict[str, list[Verdict]] = defaultdict(list)
    used_by: dict[str, list[str]] = defaultdict(list)
    for v in verdicts:
        by_figure[v.figure_id].append(v)
        for r in v.related:
            used_by[r].append(v.figure_id)
    out = []
    for f in records(figures):
        mine = by_figure.get(f["figure_id"], [])
        if not mine:
            users = list(dict.fromkeys(used_by.get(f["figure_id"], [])))
            if users:
                out.append(
                    Verdict(
                        f["figure_id"],
                        OVERALL,
                        NOT_CHECKABLE,
                        f"used in the checks of {', '.join(users)}",
                        f"The figure is not checked itself: it is the reference or input of the checks of "
                        f"{', '.join(users)} (see their rows).",
                        tuple(users),
                    )
                )
                continue
            if f["unit"] == "policy code":
                why = "no other figure states this policy code"
            elif decimal(f["base_value"]) is None:
                why = f"'{f['value']}' states no definite number"
            else:
                why = "no other figure states, totals, recomputes or compares this quantity"
            out.append(
                Verdict(
                    f["figure_id"],
                    OVERALL,
                    NOT_CHECKABLE,
                    "no check applies",
                    f"{why}; the figure is verified against its quote only (at ingest).",
                )
            )
            continue
        worst = max(mine, key=lambda v: SEVERITY[v.verdict])
        related = tuple(dict.fromkeys(r for v in mine for r in v.related))
        summary = "; ".join(f"{v.check}: {v.verdict}" for v in sorted_checks(mine))
        out.append(Verdict(f["figure_id"], OVERALL, worst.verdict, summary, worst.explanation, related))
    return out


def sorted_checks(verdicts: Iterable[Verdict]) -> list[Verdict]:
    rank = {c: i for i, c in enumerate(CHECKS)}
    return sorted(verdicts, key=lambda v: (rank[v.check], v.computation, v.related))
