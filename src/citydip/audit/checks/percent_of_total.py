"""Check 2, percentage of total: each percentage and count of a survey against the survey's stated sample size."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction

import pandas as pd

from citydip.audit.display import num, where
from citydip.audit.model import CONSISTENT, DISCREPANCY, PERCENT_OF_TOTAL, Verdict, against
from citydip.core.entities import canonical_entity
from citydip.core.figures import Figure, decimal, records
from citydip.core.qualifiers import precision

SAMPLE_SIZE = re.compile(r"^sample size\b", re.IGNORECASE)
"""A figure whose measure starts so is the total of the other figures of its entity and period."""
MAX_SAMPLE = 40
"""The largest sample size tried when a percentage does not fit its stated total."""


def fits(percent: Decimal, half: Decimal, n: int) -> list[int]:
    """Every whole k of n whose share k/n x 100 lies within ``half`` points of ``percent`` (closed)."""
    p, h = Fraction(percent), Fraction(half)
    # |100 k / n - p| <= h  <=>  n (p - h) / 100 <= k <= n (p + h) / 100
    return list(range(max(0, math.ceil(n * (p - h) / 100)), min(n, math.floor(n * (p + h) / 100)) + 1))


def _share_text(k: int, n: int) -> str:
    return f"{k}/{n} = {num(Fraction(100 * k, n), 2)}%"


def check_percent_of_total(figures: pd.DataFrame) -> list[Verdict]:
    """Each percentage of a survey against the survey's stated sample size; each count against it too.

    The total is the figure whose measure starts with "sample size"; the figures it totals are
    found in the data: same document, entity and period. A percentage stated to whole points
    (a precision of 1) means a true share within ±0.5 points, so it fits a sample of n when some
    whole k of n lies within that band. Where the stated total does not fit, the sample sizes up
    to :data:`MAX_SAMPLE` that would fit are listed, and those that fit every percentage of the total.
    A count of cities must lie between 0 and the total.
    """
    out = []
    rows = records(figures)
    for total in [f for f in rows if SAMPLE_SIZE.match(f["measure"])]:
        n_value = decimal(total["base_value"])
        if n_value is None or n_value != int(n_value) or n_value <= 0:
            continue
        n = int(n_value)
        entity = canonical_entity(total["entity"])
        mine = [
            f
            for f in rows
            if f["doc_id"] == total["doc_id"]
            and canonical_entity(f["entity"]) == entity
            and f["period"] == total["period"]
            and f["figure_id"] != total["figure_id"]
        ]
        percents = [f for f in mine if f["unit"] == "percent" and f["value_number"] != ""]
        every = set(range(1, MAX_SAMPLE + 1))
        for fig in percents:
            p, h = Decimal(fig["value_number"]), precision(fig) / Decimal("0.01") / 2
            every &= {m for m in range(1, MAX_SAMPLE + 1) if fits(p, h, m)}
        for fig in percents:
            out.append(_percent_verdict(fig, total, n, sorted(every)))
        for fig in [f for f in mine if f["unit"] == "count"]:
            c = decimal(fig["base_value"])
            if c is None:
                continue
            ok = 0 <= c <= n and c == int(c)
            out.append(
                Verdict(
                    fig["figure_id"],
                    PERCENT_OF_TOTAL,
                    CONSISTENT if ok else DISCREPANCY,
                    f"{num(c)} of {n} = {num(Fraction(int(c), n) * 100, 2)}%; a whole number between 0 and {n}"
                    + ("" if ok else ": no"),
                    f"{fig['measure'].capitalize()}: {num(c)} of the {n} cities of {where(total)}, "
                    + ("a possible count." if ok else "which cannot be a count of that sample."),
                    (total["figure_id"],),
                    against(total["figure_id"]),
                )
            )
    return out


def _percent_verdict(fig: Figure, total: Figure, n: int, every: list[int]) -> Verdict:
    p = Decimal(fig["value_number"])
    h = precision(fig) / Decimal("0.01") / 2
    ks = fits(p, h, n)
    exact = Fraction(p) * n / 100
    below, above = int(exact), int(exact) + 1
    computation = (
        f"{fig['value']}% of {n} = {num(exact, 2)} cities; "
        f"{'; '.join(_share_text(k, n) for k in sorted({below, min(above, n)}))}; "
        f"a share within {num(p - h, 2)}% to {num(p + h, 2)}% is needed"
    )
    if ks:
        return Verdict(
            fig["figure_id"],
            PERCENT_OF_TOTAL,
            CONSISTENT,
            computation + f": {_share_text(ks[0], n)} fits",
            f"{fig['value']}% of the {n} cities of {where(total)} is a whole number of cities ({ks[0]}).",
            (total["figure_id"],),
            against(total["figure_id"]),
        )
    alternatives = [m for m in range(1, MAX_SAMPLE + 1) if fits(p, h, m)]
    shown = ", ".join(f"{m} ({_share_text(fits(p, h, m)[0], m)})" for m in alternatives)
    common = ", ".join(str(m) for m in every) or "none"
    nearest = (
        f"{min(alternatives, key=lambda m: (abs(m - n), m))} answers" if alternatives else f"none up to {MAX_SAMPLE}"
    )
    return Verdict(
        fig["figure_id"],
        PERCENT_OF_TOTAL,
        DISCREPANCY,
        computation + f": no whole number of {n} fits; sample sizes up to {MAX_SAMPLE} that fit: {shown}; "
        f"sizes up to {MAX_SAMPLE} that fit every percentage of this total: {common}",
        f"{fig['value']}% cannot be a share of the {n} cities the survey sampled ({where(total)}): no whole "
        f"number of {n} cities rounds to {fig['value']}%, so the percentage must rest on another number of "
        f"answers (the nearest that fits: {nearest})",
        (total["figure_id"],),
        against(total["figure_id"]),
    )
