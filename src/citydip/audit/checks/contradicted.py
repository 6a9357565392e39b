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

PLURAL_SCALE = {"tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000, "millions": 1_000_000}
"""The unit of each plural scale word: 'thousands of years' is at least two thousand; 'tens of thousands' at least
two times ten thousand (the words multiply)."""
_SCALE_WORD = re.compile(rf"\b({'|'.join(PLURAL_SCALE)})\b", re.IGNORECASE)


def least_of_words(words: str) -> Decimal | None:
    """The least a run of plural scale words allows ('thousands' 2,000; 'tens of thousands' 20,000); None if none."""
    found = [PLURAL_SCALE[w.lower()] for w in _SCALE_WORD.findall(words)]
    if not found:
        return None
    least = Decimal(2)
    for unit in found:
        least *= unit
    return least


def _least(figure: Figure, terms: tuple[str, ...]) -> tuple[Decimal | None, Decimal | None, str]:
    """The bounds a duration allows (None: open), and how they were read."""
    values = interval(figure)
    if values is not None:
        return values.lo, values.hi, f"{stated(figure)} ({where(figure)})"
    least = least_of_words(terms[0]) if terms else None
    if least is None:
        return None, None, ""
    return least, None, f"'{terms[0]}' ({where(figure)}): at least {num(least)}"


def _duration(rel, figs, figures, policy):
    duration, start, end = figs
    a, b = when(start), when(end)
    lo, hi, read = _least(duration, rel.terms)
    why = ""
    if a is None or b is None or None in (a.lo, a.hi, b.lo, b.hi):
        why = "a date is not definite"
    elif lo is None and hi is None:
        why = "the duration states no number"
    elif b.lo < a.hi:
        why = "the end is dated before the start"
    if why:
        return NOT_CHECKABLE, why, f"{rel.explanation} Not checkable: {why}.", None
    longest, shortest = b.hi - a.lo, b.lo - a.hi
    span = f"{stated(start)} ({where(start)}) to {stated(end)} ({where(end)}): {num(longest)} years"
    if lo is not None and lo > longest:
        verdict, tail = DISCREPANCY, f"But the text dates that period {span}: the duration is longer than the period."
    elif hi is not None and hi <= shortest:
        verdict, tail = CONSISTENT, f"The duration fits the period the text dates ({span})."
    else:
        verdict, tail = NOT_CHECKABLE, f"The duration and the period ({span}) overlap: the dates cannot decide."
    return verdict, f"{read} against {span}", f"{rel.explanation} {tail}", None


_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")


_PROJECTED = re.compile(r"project|expect|forecast|plan", re.IGNORECASE)


def _event_year(event: Figure) -> Decimal | None:
    """The year an event is of: a date's year, or the first year its period names (the start of '2010-2025');
    none for a projection or a planned event (its period or measure says so: a work may announce it before its year)
    or for 'currently'."""
    if _PROJECTED.search(event["period"]) or _PROJECTED.search(event["measure"]):
        return None
    if event["base_unit"] == "year":
        return decimal(event["base_value"])
    years = _YEAR.findall(event["period"])
    return Decimal(years[0]) if years else None


def _yr(year: Decimal) -> str:
    return str(int(year))  # a year, not a quantity: no thousands separator


def _cited_before(rel, figs, figures, policy):
    (event,) = figs
    printed = [y for t in rel.terms for y in _YEAR.findall(t)]
    year = _event_year(event)
    if len(printed) != 1 or year is None:
        why = (
            f"the terms name {len(printed)} years, not the one year the note prints"
            if len(printed) != 1
            else f"the event is dated '{event['period'] or NOT_STATED}' (no year, or a projection)"
        )
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
        if mine:
            found.append(f"'{term}' ({where(mine[0])})")
        else:
            missing.append(f"'{term}'")
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
