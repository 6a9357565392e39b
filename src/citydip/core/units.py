"""Known units and their conversion to base units.

A stated value is kept as stated; ``to_base`` gives it in the base unit used for
computation. No conversion here crosses currencies or fills a gap: rand stay
rand, and a unit whose base value cannot be known (a policy code, an indefinite
"hundreds") converts to nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from citydip.core.numbers import parse_value


@dataclass(frozen=True)
class Unit:
    name: str
    base: str
    factor: Decimal | None  # None: the value is a category or a calendar label, not a quantity
    description: str


def _u(name: str, base: str, factor: str | None, description: str) -> Unit:
    return Unit(name, base, None if factor is None else Decimal(factor), description)


UNITS: dict[str, Unit] = {
    u.name: u
    for u in (
        _u("people", "people", "1", "a number of persons"),
        _u("million people", "people", "1000000", "millions of persons"),
        _u("count", "count", "1", "a number of things: the measure says what is counted"),
        _u("USD", "USD", "1", "US dollars"),
        _u("billion USD", "USD", "1000000000", "billions of US dollars"),
        _u("trillion USD", "USD", "1000000000000", "trillions of US dollars"),
        _u("ZAR", "ZAR", "1", "South African rand (R); not converted to USD"),
        _u("million ZAR", "ZAR", "1000000", "millions of South African rand (R); not converted to USD"),
        _u("percent", "share", "0.01", "a percentage, as a share of 1"),
        _u("share", "share", "1", "a fraction stated in words (half, one in eight)"),
        _u("tons per capita", "tons per person", "1", "tons (of CO2) per inhabitant"),
        _u("year", "year", "1", "a calendar year"),
        _u("decade", "year", None, "a calendar decade such as 1980s; its base value is its first year"),
        _u("years", "years", "1", "a duration in years"),
        _u("decades", "years", "10", "a duration in decades"),
        _u("weeks", "weeks", "1", "a duration in weeks"),
        _u("policy code", "policy code", None, "Ledna's code: + relies on, 0 neutral, - no reliance, ? not clear"),
    )
}
POLICY_CODES = {"+": "relies on metrodiplomacy", "0": "neutral reliance", "-": "no reliance", "?": "not clear"}


def read_number(value: str, unit: str) -> Decimal | None:
    """The number a stated value stands for in its own unit (``"13.1"`` -> 13.1).

    Raises ValueError where the value cannot be read in that unit.
    """
    if unit == "policy code":
        if value not in POLICY_CODES:
            raise ValueError(f"{value!r} is not a policy code ({' '.join(POLICY_CODES)})")
        return None
    if unit == "decade":
        match = re.fullmatch(r"(\d{2}|\d{4})[’']?s", value)
        if not match:
            raise ValueError(f"{value!r} is not a calendar decade such as 1980s")
        digits = match.group(1)
        return Decimal(digits) if len(digits) == 4 else None  # "80s": the century is not stated
    return parse_value(value)


def to_base(value: str, unit: str) -> Decimal | None:
    """The stated value in its unit's base unit, or None where it has no numeric base value."""
    spec = UNITS[unit]
    number = read_number(value, unit)
    if number is None:
        return None
    if spec.factor is None:
        return number
    return number * spec.factor
