"""Check 7, public record: each linked figure against published statistics (``citydip.reference``).

For each link of ``data/raw/reference_links.csv`` the reference value is computed for the link's
year (or each year of its range), widened by the link's tolerance (a share of the reference, or
percentage points for a share), and set against the values the figure allows, read through its
qualifier and printed precision as the restatement check reads them. The verdict is *consistent*
where the two meet for some year, *discrepancy* where they do not, and *not checkable* where the
figure states no definite number or no reference series holds it (the link says which). A
reference value is never what a document says: the computation names its series and formula.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from citydip.audit.display import allows, in_terms_of, num, stated
from citydip.audit.model import CONSISTENT, DISCREPANCY, NOT_CHECKABLE, PUBLIC_RECORD, Verdict
from citydip.core.figures import Figure
from citydip.core.qualifiers import Interval, interval
from citydip.reference.links import Link, Value


def _band(figure: Figure, value: Value, tolerance: Decimal) -> Interval:
    """The reference value with its tolerance: points for a share or a year, else a share of the value."""
    if figure["base_unit"] in ("share", "year") or tolerance == 0:
        return Interval(value.value - tolerance, value.value + tolerance)
    return Interval(value.value * (1 - tolerance), value.value * (1 + tolerance))


def tolerance_words(figure: Figure, tolerance: Decimal) -> str:
    """A link's tolerance as :func:`_band` applies it: points for a share, years for a year, else a share of the
    reference value."""
    if tolerance == 0:
        return "no tolerance"
    if figure["base_unit"] == "share":
        return f"{num(tolerance * 100)} percentage point(s) either side"
    if figure["base_unit"] == "year":
        return f"{num(tolerance)} year(s) either side"
    return f"{num(tolerance * 100)} % either side"


def _gap(figure: Figure, stated_value: Decimal, value: Value) -> str:
    """How far the stated value is from the reference: a ratio, or percentage points for a share."""
    if figure["base_unit"] == "share":
        return f"difference {num((stated_value - value.value) * 100, 2)} percentage points"
    if figure["base_unit"] == "year":
        return f"difference {num(stated_value - value.value)} year(s)"
    if not value.value:
        return "reference is 0"
    ratio = stated_value / value.value
    return f"ratio stated / reference = {num(ratio, 3) if abs(ratio) >= Decimal('0.001') else f'{ratio:.3g}'}"


def _one(link: Link, figure: Figure, found: list[Value]) -> Verdict:
    allowed = interval(figure)
    head = f"{link.link_id}: {stated(figure)} ({link.figure_id})"
    if not found:
        return Verdict(link.figure_id, PUBLIC_RECORD, NOT_CHECKABLE, f"{head}; no reference series",
                       f"Not checkable against the public record: {link.basis}.", (), link.link_id)  # fmt: skip
    if allowed is None:
        return Verdict(link.figure_id, PUBLIC_RECORD, NOT_CHECKABLE, f"{head}; the figure states no definite number",
                       "Not checkable: the text gives no definite number to compare.", (), link.link_id)  # fmt: skip
    meets = [v for v in found if _band(figure, v, link.tolerance).overlaps(allowed)]
    stated_value = Decimal(figure["base_value"])
    shown = meets[0] if meets else min(found, key=lambda v: abs(v.value - stated_value))
    reference = in_terms_of(figure, shown.value, 2)
    computation = (
        f"{head} allows {allows(figure, allowed)}; reference ({shown.series}): {reference}, {shown.formula}; "
        f"{_gap(figure, stated_value, shown)}; tolerance {tolerance_words(figure, link.tolerance)} "
        f"({len(found)} year(s) tried: {', '.join(str(v.year) for v in found)})"
    )
    related = tuple(i for i in (link.of_figure,) if i)
    if meets:
        why = f"{stated(figure)} agrees with the public record ({reference} in {shown.year}; {link.basis})."
        return Verdict(link.figure_id, PUBLIC_RECORD, CONSISTENT, computation, why, related, link.link_id)
    allowed_gap = "exactly" if link.tolerance == 0 else f"within {tolerance_words(figure, link.tolerance)}"
    why = (
        f"The text says {stated(figure)}; the public record gives {reference} ({shown.year}; {link.basis}), "
        f"and the two do not agree {allowed_gap} ({link.why})."
    )
    return Verdict(link.figure_id, PUBLIC_RECORD, DISCREPANCY, computation, why, related, link.link_id)


def check_public_record(links: list[Link], found: dict[str, list[Value]], figures: pd.DataFrame) -> list[Verdict]:
    """One check row per link (``concerns``: the link id); ``found``: each link's reference values
    (``citydip.reference.values.read``)."""
    return [_one(link, figures.loc[link.figure_id], found.get(link.link_id, [])) for link in links]
