"""What a stated value allows: the reading of its qualifier, its precision, and the interval of true values.

A figure is stated as a qualifier and a value ("nearly 426.9 billion", "more than 94", "13.1
million"). :data:`QUALIFIERS` says, for each qualifier of the registry, on which side of X the
true value lies and how far from it (:class:`Reading`); :func:`precision` is the step of the last
stated digit; :func:`interval` combines the two into the values the statement allows
(:class:`Interval`). A new qualifier's reading goes into :data:`QUALIFIERS`; how these numbers
are shown to a reader is :mod:`citydip.audit.display`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from citydip.core import units
from citydip.core.errors import InputError
from citydip.core.figures import Figure, decimal
from citydip.core.numbers import SCALES


@dataclass(frozen=True)
class Reading:
    """What a qualifier says about the true value X' of a figure stated as X."""

    direction: str  # "below", "above", "around" or "exact"
    tolerance: Decimal | None  # how far from X the true value may lie (share of X); None: no bound
    meaning: str


TEN_PERCENT = Decimal("0.1")
_EXACT = Reading("exact", None, "equal to X at the precision X is stated to")
_EMPHASIS = Reading("exact", None, "equal to X at its precision; the word stresses how small X is, it does not round")
_DATE = Reading("exact", None, "the year X itself is exact; the word places an event before, at or after it")

QUALIFIERS: dict[str, Reading] = {
    "": _EXACT,
    "almost": Reading("below", TEN_PERCENT, "below X, and within 10 % of it"),
    "nearly": Reading("below", TEN_PERCENT, "below X, and within 10 % of it"),
    "just under": Reading("below", TEN_PERCENT, "below X, and within 10 % of it"),
    "fewer than": Reading("below", None, "below X"),
    "just over": Reading("above", TEN_PERCENT, "above X, and within 10 % of it"),
    "more than": Reading("above", None, "above X"),
    "over": Reading("above", None, "above X"),
    "roughly": Reading("around", TEN_PERCENT, "within 10 % of X, either side"),
    "about": Reading("around", TEN_PERCENT, "within 10 % of X, either side"),
    "around": Reading("around", TEN_PERCENT, "within 10 % of X, either side"),
    "approximately": Reading("around", TEN_PERCENT, "within 10 % of X, either side"),
    "close to": Reading("around", TEN_PERCENT, "within 10 % of X, either side"),
    "only": _EMPHASIS,
    "mere": _EMPHASIS,
    "by": _DATE,
    "prior to": _DATE,
    "during": _DATE,
    "after": _DATE,
    "late": _DATE,
}
"""The qualifier semantics, in one table: every qualifier of the registry must be listed here."""


def reading(figure: Figure) -> Reading:
    """The reading of a figure's qualifier (case does not matter); an unknown qualifier is an error."""
    qualifier = figure["qualifier"].strip().lower()
    if qualifier not in QUALIFIERS:
        raise InputError(
            "data/processed/figures.csv",
            f"qualifier {figure['qualifier']!r} has no reading in the audit",
            where=f"figure {figure['figure_id']}",
            expected=f"one of {', '.join(repr(q) for q in QUALIFIERS)} (citydip.core.qualifiers.QUALIFIERS)",
        )
    return QUALIFIERS[qualifier]


_LEADING_NUMBER = re.compile(rf"\s*\d[\d,]*(?:\.(\d+))?(?:\s+({'|'.join(SCALES)})\b)?", re.IGNORECASE)


def scale_word(value: str) -> str:
    """The scale word written with a value in digits ('13.1 million' -> 'million'), or ''."""
    match = _LEADING_NUMBER.match(value)
    return (match.group(2) or "").lower() if match else ""


def precision(figure: Figure) -> Decimal:
    """The step of the last stated digit, in base units ('13.1 million' people -> 100000); 0 for words."""
    match = _LEADING_NUMBER.match(figure["value"])
    if not match or figure["base_unit"] == "year":
        return Decimal(0)  # a number in words ("twenty-seven", "half") and a calendar year are exact
    step = Decimal(1).scaleb(-len(match.group(1) or ""))
    if match.group(2):
        step *= SCALES[match.group(2).lower()]
    return step * (units.UNITS[figure["unit"]].factor or Decimal(1))


@dataclass(frozen=True)
class Interval:
    """The values a statement allows, in base units; None is an open end (no bound)."""

    lo: Decimal | None
    hi: Decimal | None
    lo_closed: bool = True
    hi_closed: bool = True

    def contains(self, x: Decimal) -> bool:
        if self.lo is not None and (x < self.lo or (x == self.lo and not self.lo_closed)):
            return False
        return not (self.hi is not None and (x > self.hi or (x == self.hi and not self.hi_closed)))

    def meet(self, other: Interval) -> Interval | None:
        """The values both intervals allow; None where they have none in common."""
        lows = [(i.lo, i.lo_closed) for i in (self, other) if i.lo is not None]
        highs = [(i.hi, i.hi_closed) for i in (self, other) if i.hi is not None]
        lo, lo_closed = max(lows, key=lambda t: (t[0], not t[1])) if lows else (None, True)
        hi, hi_closed = min(highs, key=lambda t: (t[0], t[1])) if highs else (None, True)
        if lo is not None and hi is not None and (lo > hi or (lo == hi and not (lo_closed and hi_closed))):
            return None
        return Interval(lo, hi, lo_closed, hi_closed)

    def overlaps(self, other: Interval) -> bool:
        return self.meet(other) is not None

    def below(self, other: Interval) -> bool:
        """Every value of this interval is below every value of ``other``."""
        if self.hi is None or other.lo is None:
            return False
        return self.hi < other.lo or (self.hi == other.lo and not (self.hi_closed and other.lo_closed))


def interval(figure: Figure) -> Interval | None:
    """The values a figure allows, read through its qualifier; None where it states no definite number."""
    value = decimal(figure["base_value"])
    if value is None or figure["unit"] == "policy code":
        return None
    meaning = reading(figure)
    tol = meaning.tolerance
    if meaning.direction == "below":
        return Interval(None if tol is None else value * (1 - tol), value, True, False)
    if meaning.direction == "above":
        return Interval(value, None if tol is None else value * (1 + tol), False, True)
    if meaning.direction == "around":
        return Interval(value * (1 - tol), value * (1 + tol))
    half = precision(figure) / 2  # round half up: X is the rounding of [X - half, X + half)
    return Interval(value - half, value + half, True, half == 0)
