"""How the audit shows numbers to a reader: in a figure's own terms, as stated, and where it stands.

:func:`num` writes a computed number; :func:`in_terms_of`, :func:`bare` and :func:`allows` show
base values and intervals as the figure states its own ('427 billion USD', '27.15%');
:func:`stated` and :func:`where` name a figure in a computation or explanation. Every check
writes its computations and explanations with these.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from citydip.core import units
from citydip.core.figures import Figure
from citydip.core.numbers import SCALES
from citydip.core.qualifiers import Interval, scale_word
from citydip.core.text import round_half_up


def num(x: Decimal | Fraction | int, places: int = 4, grouping: bool = True) -> str:
    """A computed number for people: rounded half up to ``places`` decimals, trailing zeros dropped, 1,234.5."""
    if isinstance(x, Fraction):
        x = Decimal(x.numerator) / Decimal(x.denominator)
    q = round_half_up(Decimal(x), places)
    text = format(q.normalize(), ",f" if grouping else "f")
    return "0" if text == "-0" else text


def _gap(suffix: str) -> str:
    return "" if suffix in ("%", "") else " "


UNITLESS = ("count", "year", "decade")
"""Units shown as bare numbers (the measure says what is counted; a year needs no unit)."""


def display(figure: Figure) -> tuple[Decimal, str]:
    """How to show base values in the figure's own terms: (divisor, unit label); shares as percent."""
    base_unit = figure["base_unit"]
    if base_unit == "share":
        return Decimal("0.01"), "%"
    word = scale_word(figure["value"])
    unit = units.UNITS[figure["unit"]]
    label = "" if unit.name in UNITLESS else unit.name
    if word:
        return SCALES[word] * (unit.factor or 1), f"{word} {label}".strip()
    return unit.factor or Decimal(1), label


def groups_thousands(figure: Figure) -> bool:
    """Whether the figure's numbers are written with thousands separators (a year is not)."""
    return figure["base_unit"] != "year"  # 2013, not 2,013


def in_terms_of(figure: Figure, x: Decimal, places: int = 4) -> str:
    """A base value shown as the figure states its own: '427 billion USD', '27.15%'."""
    scale, suffix = display(figure)
    return f"{num(x / scale, places, groups_thousands(figure))}{_gap(suffix)}{suffix}"


def bare(figure: Figure, x: Decimal) -> str:
    """A base value in the figure's terms, without the unit: '427'."""
    return num(x / display(figure)[0], grouping=groups_thousands(figure))


def show(values: Interval, scale: Decimal, suffix: str, grouping: bool = True) -> str:
    """E.g. '[384.21, 426.9) billion USD', '(94, no upper bound]'."""
    lo = "no lower bound" if values.lo is None else num(values.lo / scale, grouping=grouping)
    hi = "no upper bound" if values.hi is None else num(values.hi / scale, grouping=grouping)
    if values.lo is not None and values.lo == values.hi:
        return f"exactly {lo}{_gap(suffix)}{suffix}"
    return f"{'[' if values.lo_closed else '('}{lo}, {hi}{']' if values.hi_closed else ')'}{_gap(suffix)}{suffix}"


def allows(figure: Figure, values: Interval) -> str:
    """An interval shown in the figure's own terms."""
    scale, suffix = display(figure)
    return show(values, scale, suffix, groups_thousands(figure))


def stated(figure: Figure) -> str:
    """The figure as the document states it: qualifier, value, unit ('nearly 426.9 billion USD', '69%')."""
    unit = figure["unit"]
    if unit == "percent":
        text = f"{figure['value']}%"
    elif unit in ("count", "policy code", "year", "decade", "share"):
        text = figure["value"]
    else:
        text = f"{figure['value']} {unit}"
    return f"{figure['qualifier']} {text}".strip()


def where(figure: Figure) -> str:
    """Where a figure stands: 'Figure 4, Total Growth (LD-F04-05)' or 'the text (LD-325)'."""
    if figure["table"]:
        return f"{figure['table']}, {' '.join(figure['column'].replace('*', '').split())} ({figure['figure_id']})"
    return f"the text ({figure['figure_id']})"
