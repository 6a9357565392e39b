"""Claims the text's own statements contradict: a duration longer than the period the text dates
(``duration_of``), a work cited for an event of a later year than its own (``cited_before``), and a claim
the document says otherwise where it states the figures (``said_otherwise_*``).

Like :mod:`citydip.audit.checks.claims`, each test takes the relation, its figures in role order, the whole
registry and the policy (unused) and returns the verdict, the computation, the explanation and the figures
it was checked against (``None``: the relation's other figures).
"""

from __future__ import annotations

import re
from decimal import Decimal

from citydip.audit.checks.claims import when
from citydip.audit.checks.relation_kinds import RELATION_KINDS
from citydip.audit.display import num, stated, where
from citydip.audit.model import CONSISTENT, DISCREPANCY, NOT_CHECKABLE
from citydip.core.figures import Figure, decimal
from citydip.core.qualifiers import interval
from citydip.core.sources import NOT_STATED

PLURAL_SCALE = {"tens": 20, "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "millions": 2_000_000}
"""The least a plural scale word allows ('thousands of years': at least two thousand), where a figure is no number."""


def _least(figure: Figure, terms: tuple[str, ...]) -> tuple[Decimal | None, Decimal | None, str]:
    """The bounds a duration allows (None: open), and how they were read."""
    values = interval(figure)
    if values is not None:
        return values.lo, values.hi, f"{stated(figure)} ({where(figure)})"
    for word, least in PLURAL_SCALE.items():
        if any(re.search(rf"\b{word}\b", t, re.IGNORECASE) for t in terms):
            return Decimal(least), None, f"'{terms[0]}' ({where(figure)}): at least {num(Decimal(least))}"
    return None, None, ""


def _duration(rel, figs, figures, policy):
    duration, start, end = figs
    a, b = when(start), when(end)
    lo, hi, read = _least(duration, rel.terms)
    if a is None or b is None or (lo is None and hi is None):
        return (
            NOT_CHECKABLE,
            "no definite date or duration",
            f"{rel.explanation} A date or the duration is not definite.",
            None,
        )
    longest, shortest = b.hi - a.lo, b.lo - a.hi
    span = f"{stated(start)} ({where(start)}) to {stated(end)} ({where(end)}): {num(longest)} years"
    if lo is not None and lo > longest:
        verdict, tail = DISCREPANCY, f"But the text dates that period {span}: the duration is longer than the period."
    elif hi is not None and hi <= shortest:
        verdict, tail = CONSISTENT, f"The duration fits the period the text dates ({span})."
    else:
        verdict, tail = NOT_CHECKABLE, f"The duration and the period ({span}) overlap: the dates cannot decide."
    return verdict, f"{read} against {span}", f"{rel.explanation} {tail}", None


_YEAR = re.compile(r"\b(1[5-9][0-9]{2}|20[0-9]{2})\b")


_PROJECTED = re.compile(r"project|expect|forecast|plan", re.IGNORECASE)


def _event_year(event: Figure) -> Decimal | None:
    """The year an event is of: a date's year, or the first year its period names (the start of '2010-2025');
    none for a projection (it may be published before the year it is of) or for 'currently'."""
    if event["base_unit"] == "year":
        return decimal(event["base_value"])
    years = _YEAR.findall(event["period"])
    return Decimal(years[0]) if years and not _PROJECTED.search(event["period"]) else None


def _yr(year: Decimal) -> str:
    return str(int(year))  # a year, not a quantity: no thousands separator


def _cited_before(rel, figs, figures, policy):
    (event,) = figs
    printed = [y for t in rel.terms for y in _YEAR.findall(t)]
    year = _event_year(event)
    if not printed or year is None:
        why = "the note prints no year" if not printed else f"the event is dated '{event['period'] or NOT_STATED}'"
        return NOT_CHECKABLE, why, f"{rel.explanation} Not checkable: {why}.", None
    published = Decimal(printed[0])
    computation = f"work of {_yr(published)} cited for {stated(event)} ({where(event)}), of {_yr(year)}"
    if published < year:
        tail = f"But the work cited was published in {_yr(published)}, before {_yr(year)}: it cannot report the event."
        return DISCREPANCY, f"{computation}: published before", f"{rel.explanation} {tail}", None
    return CONSISTENT, f"{computation}: not before", f"{rel.explanation} The work is no older than the event.", None


def _said_otherwise(rel, figs, figures, policy):
    """A claim the document contradicts: its '~' words are found in its figures' quotes (what the text says
    otherwise), or the claim is not checkable (nothing the text says contradicts it)."""
    claim = "; ".join(f"'{t}'" for t in rel.terms if not t.startswith("~"))
    found, missing = [], []
    for term in (t[1:].strip() for t in rel.terms if t.startswith("~")):
        mine = [f for f in figs if term in f["quote"]]
        (found.append(f"'{term}' ({where(mine[0])})") if mine else missing.append(f"'{term}'"))
    if missing or not found:
        why = f"the figures' quotes do not say {', '.join(missing) or 'otherwise'}"
        return NOT_CHECKABLE, f"{claim}: {why}", f"{rel.explanation} Not checkable: {why}.", None
    said = "; ".join(found)
    return DISCREPANCY, f"{claim} against {said}", f"{rel.explanation} The document says otherwise: {said}.", None


CONTRADICTION_TESTS = {
    "duration_of": _duration,
    "cited_before": _cited_before,
    **{kind: _said_otherwise for kind in RELATION_KINDS if kind.startswith("said_otherwise_")},
}
"""The tests of the kinds whose verdict is the text against itself."""
