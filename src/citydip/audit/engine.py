"""The audit of every figure: recomputed, compared, and classed consistent / discrepancy / not checkable.

Each check below is a function that reads the processed registry (``data/processed/figures.csv``,
every column as text) and returns :class:`Verdict` records: the figure, the check, the verdict, the
computation written out, a plain-language explanation and the ids of the other figures involved.

* :func:`check_table_arithmetic` — Ledna's Total Growth and % GDP Growth, recomputed by
  :func:`citydip.tables.derived_checks` at the printed rounding;
* :func:`check_percent_of_total` — every percentage (and count) of a survey against the survey's
  stated sample size, found in the data (same document, entity and period);
* :func:`check_restated` — a value stated twice in one document (same entity, measure, period),
  the restatement read through its qualifier (:data:`QUALIFIERS`) against the table cell or the
  more precise statement;
* :func:`check_across_documents` — the same entity and measure in two documents (names unified
  by :data:`ENTITY_ALIASES` and :data:`MEASURE_ALIASES`);
* :func:`check_relations` — what the text says about two or more figures (comparisons such as
  "equal to", "comparable to", "the lowest", sums, growth rates, "all except one"): each relation is a
  curated row of ``data/raw/audit_relations.csv`` with its verbatim quote, recomputed here
  (the kinds and their readings: :data:`RELATION_KINDS`);
* :func:`check_units` — figures whose unit is missing or does not fit their measure, found by rules
  over the registry (:data:`UNIT_RULES`).

Every figure then gets one overall verdict, the worst of its checks (discrepancy > consistent >
not checkable); a figure no check applies to is *not checkable*. A discrepancy is a finding about
the sources, not an error of the compendium: each must be reviewed and listed in
``data/raw/findings.csv`` (:func:`compare_with_register` says what is new and what no longer
reproduces). ``python -m citydip.audit`` prints the audit and exits 1 on either.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd

from citydip.core import paths, units
from citydip.core.csvio import frame_to_csv_text, read_table, write_if_changed
from citydip.core.errors import InputError
from citydip.core.figures import Figure, decimal, records
from citydip.core.figures import load as load_figures
from citydip.core.numbers import SCALES
from citydip.core.registry import locate
from citydip.core.sources import Document, load_documents
from citydip.core.text import plain_header
from citydip.tables import cases, coding
from citydip.tables import printed as tables

# --- verdicts and checks ------------------------------------------------------------------------

CONSISTENT, DISCREPANCY, NOT_CHECKABLE = "consistent", "discrepancy", "not checkable"
VERDICTS = (CONSISTENT, DISCREPANCY, NOT_CHECKABLE)
SEVERITY = {NOT_CHECKABLE: 0, CONSISTENT: 1, DISCREPANCY: 2}
"""How bad a verdict is: a figure's overall verdict is the worst of its checks."""

TABLE_ARITHMETIC = "table arithmetic"
PERCENT_OF_TOTAL = "percentage of total"
RESTATED = "restated value"
ACROSS_DOCUMENTS = "across documents"
COMPARISON = "comparison"
TEXT_ARITHMETIC = "text arithmetic"
UNIT = "unit"
OVERALL = "overall"
CHECKS = (TABLE_ARITHMETIC, TEXT_ARITHMETIC, PERCENT_OF_TOTAL, RESTATED, ACROSS_DOCUMENTS, COMPARISON, UNIT)
"""The checks, in the order their rows are listed under a figure (after its overall row)."""

OUTPUT = "audit.csv"
RELATIONS = "audit_relations.csv"
FINDINGS = "findings.csv"
COLUMNS = ["figure_id", "doc_id", "check", "concerns", "verdict", "computation", "explanation", "related_figure_ids"]
RELATION_COLUMNS = ("relation_id", "kind", "doc_id", "figure_ids", "quote", "occurrence", "explanation")
FINDING_COLUMNS = ("finding_id", "figure_ids", "check", "concerns", "explanation", "status")


@dataclass(frozen=True)
class Verdict:
    """One check of one figure.

    ``concerns`` says which check row of the figure and check this is: the id of the curated
    relation it recomputes, the unit rule that fired (:data:`UNIT_RULES`), or else the figure(s) it
    was checked against, joined by ``+`` (the stated total, the table cell, the other document's
    figure, the table's GDP cells). Figure id, check and ``concerns`` name one row of the audit;
    a finding of ``data/raw/findings.csv`` names the rows it explains by them.
    """

    figure_id: str
    check: str
    verdict: str
    computation: str
    explanation: str
    related: tuple[str, ...] = ()
    concerns: str = ""

    def record(self, doc_id: str) -> dict[str, str]:
        return {
            "figure_id": self.figure_id,
            "doc_id": doc_id,
            "check": self.check,
            "concerns": self.concerns,
            "verdict": self.verdict,
            "computation": self.computation,
            "explanation": self.explanation,
            "related_figure_ids": "; ".join(self.related),
        }


def _against(*figure_ids: str) -> str:
    """The ``concerns`` of a check row made against other figures: their ids joined by '+'."""
    return "+".join(figure_ids)


# --- reading a stated value: qualifiers, precision, intervals -------------------------------------


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
            expected=f"one of {', '.join(repr(q) for q in QUALIFIERS)} (citydip.audit.QUALIFIERS)",
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

    def show(self, scale: Decimal, suffix: str, grouping: bool = True) -> str:
        """E.g. '[384.21, 426.9) billion USD', '(94, no upper bound]'."""
        lo = "no lower bound" if self.lo is None else num(self.lo / scale, grouping=grouping)
        hi = "no upper bound" if self.hi is None else num(self.hi / scale, grouping=grouping)
        if self.lo is not None and self.lo == self.hi:
            return f"exactly {lo}{_gap(suffix)}{suffix}"
        return f"{'[' if self.lo_closed else '('}{lo}, {hi}{']' if self.hi_closed else ')'}{_gap(suffix)}{suffix}"


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


# --- showing numbers ----------------------------------------------------------------------------


def num(x: Decimal | Fraction | int, places: int = 4, grouping: bool = True) -> str:
    """A computed number for people: rounded half up to ``places`` decimals, trailing zeros dropped, 1,234.5."""
    if isinstance(x, Fraction):
        x = Decimal(x.numerator) / Decimal(x.denominator)
    q = Decimal(x).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
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


def _grouping(figure: Figure) -> bool:
    return figure["base_unit"] != "year"  # 2013, not 2,013


def in_terms_of(figure: Figure, x: Decimal, places: int = 4) -> str:
    """A base value shown as the figure states its own: '427 billion USD', '27.15%'."""
    scale, suffix = display(figure)
    return f"{num(x / scale, places, _grouping(figure))}{_gap(suffix)}{suffix}"


def bare(figure: Figure, x: Decimal) -> str:
    """A base value in the figure's terms, without the unit: '427'."""
    return num(x / display(figure)[0], grouping=_grouping(figure))


def allows(figure: Figure, values: Interval) -> str:
    """An interval shown in the figure's own terms."""
    scale, suffix = display(figure)
    return values.show(scale, suffix, _grouping(figure))


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


def _ordered(figures: pd.DataFrame) -> pd.DataFrame:
    """The registry in reading order (document order as given, then position in the document)."""
    order = {d: i for i, d in enumerate(dict.fromkeys(figures["doc_id"]))}
    columns = (figures["doc_id"], figures["value_offset"], figures["figure_id"])
    keys = [(order[d], int(o or 0), f) for d, o, f in zip(*columns, strict=True)]
    return figures.iloc[sorted(range(len(figures)), key=keys.__getitem__)]


# --- check 1: table arithmetic -----------------------------------------------------------------


def _cells(figures: pd.DataFrame) -> dict[tuple[str, str, str], list[Figure]]:
    """The table figures by (table, row, column without asterisks)."""
    cells = defaultdict(list)
    for f in records(figures):
        if f["table"]:
            cells[(f["table"], f["entity"], plain_header(f["column"]))].append(f)
    return cells


def _cell(cells: dict[tuple[str, str, str], list[Figure]], table: str, row: str, column: str) -> Figure:
    mine = cells.get((table, row, column), [])
    if len(mine) != 1:
        raise InputError(
            "data/processed/figures.csv",
            f"{len(mine)} figures for {table}, row {row!r}, column {column!r}",
            expected="exactly one registered figure per table cell",
        )
    return mine[0]


def check_table_arithmetic(derived: pd.DataFrame, figures: pd.DataFrame) -> list[Verdict]:
    """Ledna's derived columns recomputed from the GDP columns at the printed rounding.

    ``derived`` is what :func:`citydip.tables.derived_checks` returns (one row per printed Total
    Growth or % GDP Growth cell): the arithmetic is done there, not again here. Each row becomes a
    verdict of the printed cell's figure, with the GDP cells as related figures.
    """
    out = []
    cells = _cells(figures)
    for row in records(derived):
        printed = _cell(cells, row["table"], row["row"], row["column"])
        start = _cell(cells, row["table"], row["row"], "GDP 2010")
        end = _cell(cells, row["table"], row["row"], "GDP 2025")
        a, b = start["value"], end["value"]
        expr = f"{b} - {a}" if row["column"] == "Total Growth" else f"({b} - {a}) / {a} x 100"
        computation = (
            f"{row['formula']} = {expr} = {row['computed']}; at the printed rounding "
            f"{row['computed_at_printed_rounding']}; printed {row['printed']}"
        )
        agrees = row["agrees"] == "yes"
        what = "growth in billions of U.S. dollars" if row["column"] == "Total Growth" else "growth in percent"
        explanation = (
            f"{row['table']} prints {row['printed']} as the {what} of {row['row']}; recomputed from its GDP "
            f"columns ({a} in 2010, {b} in 2025) it is {row['computed_at_printed_rounding']} at the same rounding"
            + (": they agree." if agrees else ": the printed value does not follow from the table's own columns.")
        )
        out.append(
            Verdict(
                printed["figure_id"],
                TABLE_ARITHMETIC,
                CONSISTENT if agrees else DISCREPANCY,
                computation,
                explanation,
                (start["figure_id"], end["figure_id"]),
                _against(start["figure_id"], end["figure_id"]),
            )
        )
    return out


# --- check 2: percentages and counts of a stated total --------------------------------------------

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
                    _against(total["figure_id"]),
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
            _against(total["figure_id"]),
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
        _against(total["figure_id"]),
    )


# --- names: one entity, one measure ---------------------------------------------------------------

ENTITY_ALIASES: dict[str, str] = {
    "C40": "C40 Cities Climate Leadership Group",
    "C40 Cities": "C40 Cities Climate Leadership Group",
    "UCLG": "United Cities and Local Government (UCLG)",
    "United Cities and Local Governments": "United Cities and Local Government (UCLG)",
    "Eurocities": "EuroCities",
    "SisterCities International": "Sister Cities International",
    "SCI": "Sister Cities International",
    "Global Covenant of Mayors": "Global Covenant of Mayors for Climate and Energy",
    "LA": "Los Angeles",
    "L.A.": "Los Angeles",
}
"""Name variants of the same entity, mapped to the name the registry uses most."""

MEASURE_ALIASES: dict[str, str] = {
    "internal networks": "sub-networks",  # C40's 17 networks: Ledna's "internal networks", Beukman's "sub-networks"
}
"""Measure names that state the same quantity in different words."""


def canonical_entity(name: str) -> str:
    return ENTITY_ALIASES.get(name.strip(), name.strip())


def canonical_measure(name: str) -> str:
    return MEASURE_ALIASES.get(name.strip(), name.strip())


# --- check 3: a value restated in the same document -----------------------------------------------


def _reference(group: list[Figure]) -> Figure:
    """The statement the others are read against: the printed table cell; else the unqualified one
    stated most precisely; else the first."""
    cells = [f for f in group if f["kind"] == "table_cell"]
    if cells:
        return cells[0]
    plain = [f for f in group if f["qualifier"] == ""]
    if plain:
        steps = [(precision(f), i) for i, f in enumerate(plain)]
        return plain[min(steps)[1]]
    return group[0]


def compare_statement(claim: Figure, ref: Figure, check: str, related: Sequence[str] = ()) -> Verdict:
    """A statement read through its qualifier against a reference figure.

    Both are read as the values they allow: the statement through its qualifier, the reference
    through its own, and an unqualified reference (a printed table cell) as the interval it
    stands for at its printed precision (14.9 printed to one decimal is [14.85, 14.95)), as
    :func:`check_across_documents` reads two documents. The two agree when these overlap. Where
    they overlap but the reference's own printed value lies outside what the statement allows
    ('nearly 14.9' against a printed 14.9), the agreement rests on the edge of the print: the
    explanation says the wording is borderline. Policy codes must be the same code.
    """
    related = tuple(related) or (ref["figure_id"],)
    concerns = _against(ref["figure_id"])
    if claim["unit"] == "policy code" or ref["unit"] == "policy code":
        same = claim["value"] == ref["value"]
        return Verdict(
            claim["figure_id"],
            check,
            CONSISTENT if same else DISCREPANCY,
            f"code {claim['value']} vs code {ref['value']} in {where(ref)}: {'same' if same else 'different'}",
            f"{claim['entity']}, {claim['measure']}: coded {claim['value']} here and {ref['value']} in {where(ref)}"
            + ("." if same else ": the two codings disagree."),
            related,
            concerns,
        )
    a, b = interval(claim), interval(ref)
    if a is None or b is None:
        vague = claim if a is None else ref
        return Verdict(
            claim["figure_id"],
            check,
            NOT_CHECKABLE,
            f"{stated(claim)} vs {stated(ref)}: '{vague['value']}' states no definite number",
            f"{where(vague)} states no definite number ('{vague['value']}'), so the two cannot be compared.",
            related,
            concerns,
        )
    meaning = reading(claim)
    common = a.meet(b)
    printed = ref["qualifier"] == ""
    how = "read at the precision it is printed to" if printed else f"read through '{ref['qualifier']}'"
    computation = (
        f"'{stated(claim)}' means {meaning.meaning.replace('X', claim['value'])}: {allows(claim, a)}; "
        f"{stated(ref)} in {where(ref)}, {how}, stands for {allows(claim, b)}: "
        + (f"overlap {allows(claim, common)}" if common else "no overlap")
    )
    if common is None:
        explanation = _disagreement(claim, ref, a, b)
    elif printed and not a.contains(decimal(ref["base_value"])):
        explanation = _borderline(claim, ref, a, b, common)
    else:
        explanation = f"'{stated(claim)}' agrees with {stated(ref)} in {where(ref)}."
    verdict = CONSISTENT if common else DISCREPANCY
    return Verdict(claim["figure_id"], check, verdict, computation, explanation, related, concerns)


BORDERLINE = "the wording is borderline"
"""What the explanation of a restatement says when it agrees only at the edge of a print's rounding."""


def _at(x: Decimal, step: Decimal, rounding: str) -> Decimal:
    """``x`` rounded to a multiple of ``step`` (ROUND_HALF_UP: to the nearest; ROUND_DOWN: cut off)."""
    return (x / step).quantize(Decimal(1), rounding=rounding) * step


def _borderline(claim: Figure, ref: Figure, a: Interval, b: Interval, common: Interval) -> str:
    """Why a statement agrees with a printed value only through the edge of the print's rounding."""
    text = (
        f"'{stated(claim)}' agrees with {stated(ref)} in {where(ref)} only at the edge of its rounding: printed to "
        f"its precision, {ref['value']} stands for {allows(claim, b)}, and '{stated(claim)}' ({allows(claim, a)}) "
        f"holds only if the true value lies in {allows(claim, common)}"
    )
    step = precision(claim)
    r = decimal(ref["base_value"])
    if reading(claim).direction == "exact" and step > precision(ref):
        nearest = _at(r, step, ROUND_HALF_UP)
        text += f" ({ref['value']} itself rounds half up to {in_terms_of(claim, nearest)})"
    return f"{text}: {BORDERLINE}, not a discrepancy."


def _disagreement(claim: Figure, ref: Figure, a: Interval, b: Interval) -> str:
    """Why a statement and its reference allow no value in common, in the terms of the statement."""
    meaning, x, q = reading(claim), claim["value"], claim["qualifier"]
    r, v = decimal(ref["base_value"]), decimal(claim["base_value"])
    ref_above = a.below(b)  # no overlap: the reference lies wholly above or wholly below the statement
    stands = f"{stated(ref)} in {where(ref)} stands for {allows(claim, b)}"
    if meaning.direction in ("below", "above"):
        side = "below" if meaning.direction == "below" else "above"
        if ref_above == (side == "below"):  # the reference is on the other side of X than the word says
            gives = f"gives exactly {ref['value']}" if b.lo == b.hi else f"stands for {allows(claim, b)}"
            return (
                f"'{q} {x}' says the value is {side} {x}, but {where(ref)} {gives}: the word '{q}' does not fit "
                "the number it qualifies."
            )
        return (
            f"'{stated(claim)}' allows {allows(claim, a)}, but {stands}: further {side} {x} than '{q}' allows "
            f"(within {num(meaning.tolerance * 100)} % of {x})."
        )
    if meaning.direction == "around":
        return (
            f"'{stated(claim)}' allows {allows(claim, a)} (within {num(meaning.tolerance * 100)} % of {x}), but "
            f"{stands}: the two are further apart than '{q}' allows."
        )
    off = f"{in_terms_of(claim, abs(v - r))} off"
    if r:
        off += f" ({num(abs(v - r) / r * 100, 2)} % of {stated(ref)})"
    step = precision(claim)
    if not (ref["qualifier"] == "" and step > precision(ref)):  # no rounding of the reference gives the statement
        return f"'{stated(claim)}' is stated without qualifier, but {stands}: it gives another value, {off}."
    nearest = _at(r, step, ROUND_HALF_UP)
    start = (
        f"'{stated(claim)}' is stated without qualifier, but {stated(ref)} in {where(ref)} rounds to "
        f"{in_terms_of(claim, nearest)} at that precision, not {x}"
    )
    if _at(r, step, ROUND_DOWN) == v:
        return f"{start}: the restatement drops the last digit(s) of {ref['value']} instead of rounding them."
    if _at(r, step, ROUND_UP) == v:
        return f"{start}: the restatement rounds {ref['value']} up instead of to the nearest."
    return f"{start}: the restatement gives another value, {off}."


def check_restated(figures: pd.DataFrame) -> list[Verdict]:
    """Each value stated more than once in a document (same entity, measure and period) against its reference.

    The reference is the printed table cell where there is one, else the unqualified statement
    stated most precisely, else the first (see :func:`_reference`). Each other statement is read
    through its qualifier (:data:`QUALIFIERS`); "nearly 426.9" against an exact 426.9 is a
    discrepancy of wording. The reference gets a consistent row naming the statements that agree.
    """
    out = []
    groups: dict[tuple[str, str, str, str], list[Figure]] = defaultdict(list)
    for f in records(figures):
        groups[(f["doc_id"], canonical_entity(f["entity"]), canonical_measure(f["measure"]), f["period"])].append(f)
    for group in groups.values():
        if len(group) < 2:
            continue
        ref = _reference(group)
        agreeing = []
        for fig in group:
            if fig["figure_id"] == ref["figure_id"]:
                continue
            verdict = compare_statement(fig, ref, RESTATED)
            out.append(verdict)
            if verdict.verdict == CONSISTENT:
                agreeing.append(fig["figure_id"])
        if agreeing:
            out.append(
                Verdict(
                    ref["figure_id"],
                    RESTATED,
                    CONSISTENT,
                    f"{stated(ref)} restated in agreement by {', '.join(agreeing)}",
                    f"{ref['entity']}, {ref['measure']}"
                    f"{', ' + ref['period'] if ref['period'] else ''}: {stated(ref)} is stated again in the same "
                    f"document ({', '.join(agreeing)}), in agreement.",
                    tuple(agreeing),
                    _against(*agreeing),
                )
            )
    return out


# --- check 4: the same quantity in two documents --------------------------------------------------


def check_across_documents(figures: pd.DataFrame) -> list[Verdict]:
    """The same entity and measure stated in two documents, compared both ways.

    Names are unified through :data:`ENTITY_ALIASES` and :data:`MEASURE_ALIASES`. Values that
    agree (their ranges, read through their qualifiers, overlap) are consistent whatever their
    dates. Values that disagree are a discrepancy only where both documents date them to the same
    stated period; otherwise the difference may be change over time, and the pair is not checkable.
    """
    out = []
    groups: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for f in records(figures):
        if f["kind"] in ("text", "table_cell"):
            groups[(canonical_entity(f["entity"]), canonical_measure(f["measure"]))].append(f)
    for group in groups.values():
        if len({f["doc_id"] for f in group}) < 2:
            continue
        for a in group:
            for b in group:
                if b["doc_id"] != a["doc_id"]:
                    out.append(_across(a, b))
    return out


def _across(a: Figure, b: Figure) -> Verdict:
    ia, ib = interval(a), interval(b)
    related = (b["figure_id"],)
    names = f"{a['doc_id']} ({a['figure_id']}) and {b['doc_id']} ({b['figure_id']})"
    if ia is None or ib is None:
        return Verdict(
            a["figure_id"],
            ACROSS_DOCUMENTS,
            NOT_CHECKABLE,
            f"{stated(a)} vs {stated(b)}: no definite number",
            f"{names} state {a['measure']} of {canonical_entity(a['entity'])}, but one gives no definite number.",
            related,
            _against(*related),
        )
    ok = ia.overlaps(ib)
    computation = (
        f"{a['doc_id']}: '{stated(a)}' allows {allows(a, ia)}; {b['doc_id']}: '{stated(b)}' allows "
        f"{allows(a, ib)}: {'overlap' if ok else 'no overlap'}; periods: "
        f"'{a['period'] or 'not stated'}' and '{b['period'] or 'not stated'}'"
    )
    subject = f"{a['measure']} of {canonical_entity(a['entity'])}"
    if ok:
        return Verdict(
            a["figure_id"],
            ACROSS_DOCUMENTS,
            CONSISTENT,
            computation,
            f"{names} agree on the {subject}.",
            related,
            _against(*related),
        )
    same_period = a["period"] != "" and a["period"] == b["period"]
    if same_period:
        return Verdict(
            a["figure_id"],
            ACROSS_DOCUMENTS,
            DISCREPANCY,
            computation,
            f"{names} give different values for the {subject} in the same period ({a['period']}).",
            related,
            _against(*related),
        )
    return Verdict(
        a["figure_id"],
        ACROSS_DOCUMENTS,
        NOT_CHECKABLE,
        computation,
        f"{names} give different values for the {subject} ({stated(a)} vs {stated(b)}), but they do not date "
        "them to the same period: the difference may be change over time, not a contradiction.",
        related,
        _against(*related),
    )


# --- check 5: what the text says about several figures (curated relations) -------------------------


@dataclass(frozen=True)
class RelationKind:
    """A kind of statement about several figures: which check it belongs to, its roles and its reading."""

    check: str
    roles: tuple[str, ...]  # the figures of figure_ids, in order; the first is the statement checked
    reading: str
    band: tuple[Decimal, Decimal] | None = None  # ratio band for comparisons of size


ABOUT = (Decimal("0.9"), Decimal("1.1"))
SAME_ORDER = (Decimal("0.1"), Decimal("10"))

RELATION_KINDS: dict[str, RelationKind] = {
    "equal_to": RelationKind(
        COMPARISON,
        ("comparator", "subject"),
        "'equal to' read as 'about': subject within 10 % of the comparator",
        ABOUT,
    ),
    "comparable_to": RelationKind(
        COMPARISON, ("comparator", "subject"), "'comparable to' read as within 10 % of the comparator", ABOUT
    ),
    "size_of": RelationKind(
        COMPARISON, ("comparator", "subject"), "'the size of' read as within 10 % of the comparator", ABOUT
    ),
    "in_comparison": RelationKind(
        COMPARISON,
        ("comparator", "subject"),
        "'in comparison' states no relation; set side by side, the two should at least be of the same order of "
        "magnitude (subject between a tenth and ten times the comparator)",
        SAME_ORDER,
    ),
    "greater_than": RelationKind(COMPARISON, ("larger", "smaller"), "the first is larger than the second"),
    "less_than": RelationKind(COMPARISON, ("smaller", "larger"), "the first is smaller than the second"),
    "lowest_of": RelationKind(
        COMPARISON,
        ("claim",),
        "the lowest: below the same measure and period of every other entity of the document "
        "(a printed table cell preferred)",
    ),
    "restates": RelationKind(COMPARISON, ("words", "number"), "the words read through their qualifier"),
    "policy_claim": RelationKind(
        COMPARISON, ("claim",), "the claim about Figure 11 as citydip.coding reads it, under the default coding"
    ),
    "all_but_vs_percent": RelationKind(
        PERCENT_OF_TOTAL,
        ("exceptions", "percent", "total"),
        "'all except e' of a total n is the share (n - e) / n, to be compared with the percentage it is drawn from",
    ),
    "parts_of_whole": RelationKind(
        PERCENT_OF_TOTAL, ("part", "part"), "the percentages of the parts of one whole add up to 100"
    ),
    "share_of_unstated_total": RelationKind(
        PERCENT_OF_TOTAL, ("share", "part"), "a share of a total the documents do not state"
    ),
    "sum": RelationKind(TEXT_ARITHMETIC, ("total", "part", "part"), "the total is the sum of the parts"),
    "difference": RelationKind(TEXT_ARITHMETIC, ("difference", "start", "end"), "difference = end - start"),
    "growth_percent": RelationKind(
        TEXT_ARITHMETIC, ("percent", "start", "end"), "growth in percent = (end - start) / start x 100"
    ),
}
"""The kinds of ``data/raw/audit_relations.csv`` and how each is recomputed."""


@dataclass(frozen=True)
class Relation:
    """One curated row of ``audit_relations.csv``: a statement of the text about several figures."""

    relation_id: str
    kind: str
    doc_id: str
    figure_ids: tuple[str, ...]
    quote: str
    explanation: str


def load_relations(raw_dir: str | Path, figures: pd.DataFrame, documents: dict[str, Document]) -> list[Relation]:
    """The curated relations, each quote checked verbatim against its document and each figure id known."""
    path = paths.resolve(raw_dir) / RELATIONS
    frame = read_table(path, RELATION_COLUMNS, key="relation_id")
    out = []
    for _, row in frame.iterrows():
        at = f"line {row['_line']} ({row['relation_id']})"
        kind = RELATION_KINDS.get(row["kind"])
        if kind is None:
            raise InputError(path, f"unknown kind {row['kind']!r}", where=at, expected=", ".join(RELATION_KINDS))
        doc = documents.get(row["doc_id"])
        if doc is None:
            raise InputError(path, f"unknown doc_id {row['doc_id']!r}", where=at, expected=", ".join(documents))
        locate(doc, row["quote"], row["occurrence"], file=path, where=at, what="quote")
        if row["kind"] == "policy_claim" and not any(c.quote == row["quote"] for c in coding.CLAIMS):
            raise InputError(
                path,
                f"no claim of citydip.coding has the quote {row['quote']!r}",
                where=at,
                expected="for kind policy_claim, the quote of one of citydip.coding.CLAIMS",
            )
        ids = tuple(i.strip() for i in row["figure_ids"].split(";") if i.strip())
        if len(ids) != len(kind.roles):
            raise InputError(
                path,
                f"{len(ids)} figure id(s) for kind {row['kind']}",
                where=at,
                expected=f"{len(kind.roles)}: {'; '.join(kind.roles)}",
            )
        for fid in ids:
            if fid not in figures.index:
                raise InputError(path, f"unknown figure id {fid!r}", where=at, expected="a registered figure id")
            if figures.loc[fid, "doc_id"] != row["doc_id"]:
                raise InputError(
                    path, f"{fid} is a figure of {figures.loc[fid, 'doc_id']}", where=at, expected=row["doc_id"]
                )
        out.append(Relation(row["relation_id"], row["kind"], row["doc_id"], ids, row["quote"], row["explanation"]))
    return out


def check_relations(
    relations: Iterable[Relation], figures: pd.DataFrame, policy: Policy | None = None
) -> list[Verdict]:
    """Each curated relation recomputed from the stated numbers; the verdict goes to its first figure.

    ``policy`` is Figure 11 as codes with the thesis's groups of its cities, needed by ``policy_claim`` relations.
    """
    out = []
    rows = records(figures)
    by_id = {f["figure_id"]: f for f in rows}
    for rel in relations:
        kind = RELATION_KINDS[rel.kind]
        figs = [by_id[i] for i in rel.figure_ids]
        verdict, computation, explanation, related = _RELATION_TESTS[rel.kind](rel, figs, rows, policy)
        out.append(
            Verdict(
                rel.figure_ids[0],
                kind.check,
                verdict,
                f"[{rel.relation_id}] {computation}",
                explanation,
                tuple(related) if related is not None else rel.figure_ids[1:],
                rel.relation_id,
            )
        )
    return out


def _size(rel: Relation, figs, figures, policy):
    comparator, subject = figs
    kind = RELATION_KINDS[rel.kind]
    c, s = decimal(comparator["base_value"]), decimal(subject["base_value"])
    if c is None or s is None or c == 0:
        return NOT_CHECKABLE, "no definite number to compare", f"{rel.explanation} One side states no number.", None
    lo, hi = kind.band
    ratio = s / c
    ok = lo <= ratio <= hi
    computation = (
        f"{stated(subject)} ({where(subject)}) / {stated(comparator)} ({where(comparator)}) = {num(ratio, 2)}; "
        f"{kind.reading}: ratio between {num(lo)} and {num(hi)} needed"
    )
    if ok:
        explanation = f"{rel.explanation} The two agree: the ratio is {num(ratio, 2)}."
    elif kind.band == SAME_ORDER:
        explanation = (
            f"{rel.explanation} As stated, {stated(subject)} is {num(ratio, 0)} times {stated(comparator)}: "
            "the comparison does not fit the numbers (a scale word looks missing)."
        )
    else:
        explanation = (
            f"{rel.explanation} As stated, {stated(subject)} is {num(ratio, 2)} times {stated(comparator)}, "
            f"so the two are not {rel.kind.replace('_', ' ')} each other."
        )
    return CONSISTENT if ok else DISCREPANCY, computation, explanation, None


def _order(rel: Relation, figs, figures, policy):
    first, second = figs
    a, b = interval(first), interval(second)
    if a is None or b is None:
        return NOT_CHECKABLE, "no definite number", f"{rel.explanation} One side states no number.", None
    want_below = rel.kind == "less_than"
    if want_below:
        ok, wrong = a.below(b), b.below(a)
    else:
        ok, wrong = b.below(a), a.below(b)
    sign = "<" if want_below else ">"
    computation = (
        f"'{stated(first)}' allows {allows(first, a)}; '{stated(second)}' allows {allows(first, b)}; "
        f"{sign} needed: {'yes' if ok else 'no' if wrong else 'the ranges overlap'}"
    )
    verdict = CONSISTENT if ok else DISCREPANCY if wrong else NOT_CHECKABLE
    word = "smaller" if want_below else "larger"
    tail = {
        CONSISTENT: f"{stated(first)} is {word} than {stated(second)}, as the text says.",
        DISCREPANCY: f"{stated(first)} is not {word} than {stated(second)}.",
        NOT_CHECKABLE: "The stated ranges overlap, so the order cannot be decided.",
    }[verdict]
    return verdict, computation, f"{rel.explanation} {tail}", None


def _lowest(rel: Relation, figs, figures, policy):
    (claim,) = figs
    key, entity = (claim["doc_id"], claim["measure"], claim["period"]), canonical_entity(claim["entity"])
    by_entity: dict[str, list[Figure]] = defaultdict(list)  # every other entity's statements, in reading order
    for f in figures:  # the registry's rows (check_relations passes them)
        if (f["doc_id"], f["measure"], f["period"]) == key and canonical_entity(f["entity"]) != entity:
            by_entity[canonical_entity(f["entity"])].append(f)
    others = []
    for group in by_entity.values():
        cells = [f for f in group if f["kind"] == "table_cell"]
        others.append((cells or group)[0])
    if not others:
        return NOT_CHECKABLE, "no other entity states this measure", rel.explanation, ()
    a = interval(claim)
    parts, ok = [], True
    for other in others:
        b = interval(other)
        below = a is not None and b is not None and a.below(b)
        ok &= below
        parts.append(f"{other['entity']} {stated(other)} ({other['figure_id']}){'' if below else ' NOT above'}")
    computation = f"{claim['entity']} {stated(claim)} against: {'; '.join(parts)}"
    if ok:
        explanation = f"{rel.explanation} {stated(claim)} is below each of the {len(others)} others: it is the lowest."
    else:
        explanation = f"{rel.explanation} {stated(claim)} is not below every other city's value."
    return CONSISTENT if ok else DISCREPANCY, computation, explanation, [o["figure_id"] for o in others]


def _restates(rel: Relation, figs, figures, policy):
    words, number = figs
    v = compare_statement(words, number, COMPARISON)
    return v.verdict, v.computation, f"{rel.explanation} {v.explanation}", None


def _policy(rel: Relation, figs, figures, policy):
    claims = [c for c in coding.CLAIMS if c.quote == rel.quote]
    if policy is None:
        return NOT_CHECKABLE, "the policy matrix was not given", rel.explanation, None
    codings = coding.codings_to_test(coding.DEFAULT)
    table = coding.claims_table(policy.matrix, codings, policy.groups, claims)
    default = table[table["coding"] == "parameter"]
    ok = bool((default["verdict"] == coding.HOLDS).all())
    parts = []
    for claim in claims:
        rows = table[table["claim_id"] == claim.claim_id]
        held = int((rows["verdict"] == coding.HOLDS).sum())
        why = rows[rows["coding"] == "parameter"]["why"].iloc[0]
        parts.append(f"{claim.claim_id} ({claim.reading}): {why}; holds under {held} of {len(rows)} codings")
    computation = f"default coding {coding.DEFAULT}: " + " | ".join(parts)
    tail = f"It {'holds' if ok else 'does not hold'} under the default coding of the policy codes"
    fails = table[table["verdict"] != coding.HOLDS]
    if len(fails):
        failing = "; ".join(f"{r.claim_id} under '{r.coding}'" for r in fails.itertuples(index=False))
        tail += f"; it fails as {failing} (see policy_claims.csv)."
    else:
        tail += " and under every alternative coding."
    return CONSISTENT if ok else DISCREPANCY, computation, f"{rel.explanation} {tail}", None


def _all_but(rel: Relation, figs, figures, policy):
    exceptions, percent, total = figs
    e, n = decimal(exceptions["base_value"]), decimal(total["base_value"])
    if e is None or n is None or n == 0 or not percent["value_number"]:
        return NOT_CHECKABLE, "no definite number", f"{rel.explanation} A figure states no number.", None
    p = Decimal(percent["value_number"])
    implied = (n - e) / n * 100
    band = interval(percent)
    ok = band.contains(implied / 100)
    stated_count = p / 100 * n
    computation = (
        f"all except {num(e)} of {num(n)} = {num(n - e)}/{num(n)} = {num(implied, 2)}%; stated {percent['value']}%; "
        f"{percent['value']}% of {num(n)} = {num(stated_count, 2)} cities, i.e. {num(n - stated_count, 2)} without"
    )
    if ok:
        explanation = f"{rel.explanation} The two agree."
    else:
        explanation = (
            f"{rel.explanation} But all except {num(e)} of {num(n)} is {num(implied, 1)}%, not {percent['value']}%: "
            f"{percent['value']}% of {num(n)} leaves about {num(n - stated_count, 0)} cities without a plan, "
            f"not {num(e)}."
        )
    return CONSISTENT if ok else DISCREPANCY, computation, explanation, None


def _parts(rel: Relation, figs, figures, policy):
    if any(not f["value_number"] for f in figs):
        return NOT_CHECKABLE, "a part states no definite number", f"{rel.explanation} A part states no number.", None
    values = [Decimal(f["value_number"]) for f in figs]
    halves = sum(precision(f) / Decimal("0.01") / 2 for f in figs)
    total = sum(values)
    ok = abs(total - 100) <= halves
    computation = f"{' + '.join(f['value'] + '%' for f in figs)} = {num(total)}%; 100% needed (within ±{num(halves)})"
    tail = "They add up to the whole." if ok else f"They add up to {num(total)}%, not 100%."
    return CONSISTENT if ok else DISCREPANCY, computation, f"{rel.explanation} {tail}", None


def _unstated_total(rel: Relation, figs, figures, policy):
    share, part = figs
    a, p = interval(share), decimal(part["base_value"])
    if a is None or p is None:
        return NOT_CHECKABLE, "no definite number", rel.explanation, None
    lo = p / a.hi if a.hi else None
    hi = p / a.lo if a.lo else None
    computation = (
        f"'{stated(share)}' of the total is {stated(part)}: the total would be "
        f"{'more than ' + in_terms_of(part, lo) if lo else 'unbounded'}"
        f"{' and at most ' + in_terms_of(part, hi) if hi else ''}; no such total is registered"
    )
    return NOT_CHECKABLE, computation, rel.explanation, None


def _arith_interval(rel: Relation, figs) -> tuple[Interval | None, Decimal | None, str]:
    """What the parts give: its interval (from each part's range), its point value, the expression written out.

    The expression shows every part in the terms of the statement checked (for a growth rate,
    of its start value), so that '573 - 146' reads in billions whatever each part was written in.
    """
    ints = [interval(f) for f in figs[1:]]
    vals = [decimal(f["base_value"]) for f in figs[1:]]
    if any(i is None or i.lo is None or i.hi is None for i in ints):
        return None, None, ""
    if rel.kind == "sum":
        expr = " + ".join(bare(figs[0], v) for v in vals)
        return Interval(sum(i.lo for i in ints), sum(i.hi for i in ints)), sum(vals), expr
    start, end = ints
    a, b = vals
    if rel.kind == "difference":
        return Interval(end.lo - start.hi, end.hi - start.lo), b - a, f"{bare(figs[0], b)} - {bare(figs[0], a)}"
    lo = (end.lo - start.hi) / start.hi  # a share: the claim's base unit
    hi = (end.hi - start.lo) / start.lo
    sa, sb = bare(figs[1], a), bare(figs[1], b)
    return Interval(lo, hi), (b - a) / a, f"({sb} - {sa}) / {sa} x 100"


def _arith(rel: Relation, figs, figures, policy):
    claim = figs[0]
    computed, point, expr = _arith_interval(rel, figs)
    a = interval(claim)
    if computed is None or a is None or point is None:
        return NOT_CHECKABLE, "a part states no definite number", f"{rel.explanation} A part states no number.", None
    ok = a.overlaps(computed)
    qualified = ", ".join(repr(f["qualifier"]) for f in figs if f["qualifier"])
    ranges = f"qualifiers {qualified} and rounding" if qualified else "rounding"
    computation = (
        f"{RELATION_KINDS[rel.kind].reading}: {expr} = {in_terms_of(claim, point)}; "
        f"with each stated value's range ({ranges}) "
        f"the parts give {allows(claim, computed)}; '{stated(claim)}' allows {allows(claim, a)}: "
        f"{'overlap' if ok else 'no overlap'}"
    )
    tail = (
        f"Recomputed from the stated values, {expr} = {in_terms_of(claim, point)}, which agrees with '{stated(claim)}'."
        if ok
        else f"Recomputed from the stated values, {expr} = {in_terms_of(claim, point)}, which does not agree "
        f"with '{stated(claim)}'."
    )
    return CONSISTENT if ok else DISCREPANCY, computation, f"{rel.explanation} {tail}", None


_RELATION_TESTS = {
    "equal_to": _size,
    "comparable_to": _size,
    "size_of": _size,
    "in_comparison": _size,
    "greater_than": _order,
    "less_than": _order,
    "lowest_of": _lowest,
    "restates": _restates,
    "policy_claim": _policy,
    "all_but_vs_percent": _all_but,
    "parts_of_whole": _parts,
    "share_of_unstated_total": _unstated_total,
    "sum": _arith,
    "difference": _arith,
    "growth_percent": _arith,
}


# --- check 6: units -------------------------------------------------------------------------------

SHARE_WORDS = re.compile(r"^(?:share|proportion|percentage)\b|\(percent\)", re.IGNORECASE)
"""A share measure: one that starts 'share of ...' or says '(percent)'; 'year (urban population share)' is not."""
MONEY_WORDS = re.compile(r"^(?:GDP|investment|economy|budget|funding|export deals)\b", re.IGNORECASE)
"""An amount of money: a measure that starts with one of these ('investment bodies' further in is not one)."""
PER_PERSON_WORDS = re.compile(r"\bper capita\b|\bper person\b", re.IGNORECASE)
CURRENCIES = ("USD", "ZAR")
SCALED_BASES = ("USD", "ZAR", "people")
"""Base units whose values are written with scale words (million, billion): where a missing scale shows."""
MAGNITUDE = Decimal(1000)
"""A figure this many times above or below the median of its peers is flagged (a scale word looks missing)."""

UNIT_RULES: dict[str, str] = {
    "share-unit": "a measure that is a share or percentage must have a share unit (percent, share), and the other "
    "way round",
    "currency": "a measure that is an amount of money (GDP, investment, economy, budget, funding, export deals) "
    "must have a currency unit (USD, ZAR)",
    "per-capita": "a per capita measure must have a per-person unit, and the other way round",
    "date-unit": "a date must be in years or decades",
    "share-above-100": "a share of a whole ('share of ...') cannot exceed 100 %",
    "magnitude": f"an amount of money or people must be within a factor of {MAGNITUDE:,} of the median of the "
    "other figures of the same measure and base unit in the same document",
}
"""The rules of :func:`check_units`: its id (the ``concerns`` of the check rows it gives), in words."""


def check_units(figures: pd.DataFrame) -> list[Verdict]:
    """Figures whose unit is missing or does not fit their measure, by the rules of :data:`UNIT_RULES`.

    The vocabulary rules only ever report a discrepancy. The magnitude rule compares each amount
    of money or people with the other figures of the same measure and base unit in its document
    and reports consistent or discrepancy: a value a thousand times off its peers has most likely
    lost a scale word (thousand, million, billion).
    """
    out = []
    for f in records(figures):
        measure, unit, base_unit = f["measure"], f["unit"], f["base_unit"]
        problems: list[tuple[str, str]] = []  # (rule id, what is wrong)
        is_share = bool(SHARE_WORDS.search(measure))
        if is_share and base_unit != "share":
            problems.append(("share-unit", f"the measure '{measure}' is a share, but the unit is '{unit}'"))
        if base_unit == "share" and not is_share:
            problems.append(
                ("share-unit", f"the unit is '{unit}', but the measure '{measure}' does not say it is a share")
            )
        if MONEY_WORDS.search(measure) and not is_share and base_unit not in CURRENCIES:
            problems.append(
                (
                    "currency",
                    f"the measure '{measure}' is an amount of money, but the unit is '{unit}' (no currency stated)",
                )
            )
        if bool(PER_PERSON_WORDS.search(measure)) != ("per" in unit.split()):
            problems.append(("per-capita", f"the measure '{measure}' and the unit '{unit}' disagree on 'per capita'"))
        if f["kind"] == "date" and base_unit != "year":
            problems.append(("date-unit", f"a date in '{unit}'"))
        value = decimal(f["base_value"])
        if base_unit == "share" and measure.lower().startswith("share of") and value is not None and value > 1:
            problems.append(("share-above-100", f"a share of a whole of {num(value * 100)}%, above 100%"))
        for rule, problem in problems:
            out.append(
                Verdict(
                    f["figure_id"],
                    UNIT,
                    DISCREPANCY,
                    f"{stated(f)}: {problem}",
                    f"{where(f)} states '{stated(f)}': {problem}.",
                    concerns=rule,
                )
            )
    out.extend(_magnitudes(figures))
    return out


def _magnitudes(figures: pd.DataFrame) -> list[Verdict]:
    out = []
    peers: dict[tuple[str, str, str], list[Figure]] = defaultdict(list)
    for f in records(figures):
        if f["base_unit"] in SCALED_BASES and f["base_value"] != "":
            peers[(f["doc_id"], f["measure"], f["base_unit"])].append(f)
    for group in peers.values():
        if len(group) < 2:
            continue
        for f in group:
            others = sorted(decimal(o["base_value"]) for o in group if o["figure_id"] != f["figure_id"])
            mid = len(others) // 2
            median = others[mid] if len(others) % 2 else (others[mid - 1] + others[mid]) / 2
            value = decimal(f["base_value"])
            if median == 0 or value == 0:
                continue
            ratio = value / median
            ok = 1 / MAGNITUDE < ratio < MAGNITUDE
            shown = f"{num(ratio, 2)}" if ratio >= Decimal("0.01") else f"1/{num(1 / ratio, 0)}"
            size = f"{num(ratio, 0)} times" if ratio > 1 else f"{num(1 / ratio, 0)} times smaller than"
            computation = (
                f"{stated(f)} = {num(value, grouping=_grouping(f))} {f['base_unit']}; median of the {len(others)} "
                f"other '{f['measure']}' "
                f"figure(s) of {f['doc_id']} = {num(median)} {f['base_unit']}; ratio {shown}; "
                f"within 1/{MAGNITUDE:,} to {MAGNITUDE:,} needed"
            )
            if ok:
                explanation = (
                    f"{stated(f)} is of the same order as the document's other '{f['measure']}' figures: "
                    "its scale word and unit look right."
                )
            else:
                explanation = (
                    f"{stated(f)} is {size} the median of the document's other '{f['measure']}' figures "
                    f"({num(median)} {f['base_unit']}): a scale word (thousand, million, billion) looks missing."
                )
            out.append(
                Verdict(
                    f["figure_id"],
                    UNIT,
                    CONSISTENT if ok else DISCREPANCY,
                    computation,
                    explanation,
                    concerns="magnitude",
                )
            )
    return out


# --- the whole audit ------------------------------------------------------------------------------


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
        summary = "; ".join(f"{v.check}: {v.verdict}" for v in _sorted_checks(mine))
        out.append(Verdict(f["figure_id"], OVERALL, worst.verdict, summary, worst.explanation, related))
    return out


def _sorted_checks(verdicts: Iterable[Verdict]) -> list[Verdict]:
    rank = {c: i for i, c in enumerate(CHECKS)}
    return sorted(verdicts, key=lambda v: (rank[v.check], v.computation, v.related))


@dataclass
class AuditResult:
    """Everything the audit computed: the registry, every check row, one overall row per figure."""

    figures: pd.DataFrame
    checks: list[Verdict]
    overall: list[Verdict]
    relations: list[Relation] = field(default_factory=list)

    def table(self) -> pd.DataFrame:
        """The audit as written to ``audit.csv``: per figure (reading order), its overall row, then its checks."""
        by_figure: dict[str, list[Verdict]] = defaultdict(list)
        for v in self.checks:
            by_figure[v.figure_id].append(v)
        first = {v.figure_id: v for v in self.overall}
        rows = []
        for figure_id, doc_id in zip(self.figures["figure_id"], self.figures["doc_id"], strict=True):
            for v in [first[figure_id], *_sorted_checks(by_figure.get(figure_id, []))]:
                rows.append(v.record(doc_id))
        return pd.DataFrame(rows, columns=COLUMNS)

    def verdicts(self) -> pd.DataFrame:
        """One row per figure: its overall verdict, the worst of its checks."""
        table = self.table()
        return table[table["check"] == OVERALL].reset_index(drop=True)

    def discrepancies(self) -> pd.DataFrame:
        """Every check row whose verdict is a discrepancy."""
        table = self.table()
        return table[(table["check"] != OVERALL) & (table["verdict"] == DISCREPANCY)].reset_index(drop=True)

    def borderline(self) -> pd.DataFrame:
        """Every consistent check row that agrees only at the edge of a printed value's rounding."""
        table = self.table()
        rows = table[(table["check"] != OVERALL) & (table["verdict"] == CONSISTENT)]
        return rows[rows["explanation"].str.contains(BORDERLINE, regex=False)].reset_index(drop=True)

    def summary(self) -> pd.DataFrame:
        """Figures per document and overall verdict, with totals."""
        verdicts = self.verdicts()
        docs = list(dict.fromkeys(self.figures["doc_id"]))
        rows = []
        for doc in [*docs, "all"]:
            mine = verdicts if doc == "all" else verdicts[verdicts["doc_id"] == doc]
            rows.append(
                {"document": doc, **{v: int((mine["verdict"] == v).sum()) for v in VERDICTS}, "figures": len(mine)}
            )
        return pd.DataFrame(rows).set_index("document")

    def per_check(self) -> pd.DataFrame:
        """Check rows per check and verdict."""
        table = self.table()
        rows = []
        for check in CHECKS:
            mine = table[table["check"] == check]
            rows.append({"check": check, **{v: int((mine["verdict"] == v).sum()) for v in VERDICTS}, "rows": len(mine)})
        return pd.DataFrame(rows).set_index("check")


def readings_table() -> pd.DataFrame:
    """The qualifier semantics (:data:`QUALIFIERS`) as a table for the reader."""
    rows = [
        {
            "qualifier": q or "(none)",
            "the true value is": r.direction,
            "tolerance": "" if r.tolerance is None else f"{num(r.tolerance * 100)} %",
            "reading of 'qualifier X'": r.meaning,
        }
        for q, r in QUALIFIERS.items()
    ]
    return pd.DataFrame(rows).set_index("qualifier")


def relations_table(result: AuditResult) -> pd.DataFrame:
    """Each curated relation: its kind and reading, its figures, its verbatim quote and its verdict."""
    verdicts = {v.computation.split("]")[0][1:]: v for v in result.checks if v.computation.startswith("[")}
    rows = []
    for rel in result.relations:
        v = verdicts.get(rel.relation_id)
        rows.append(
            {
                "relation": rel.relation_id,
                "kind": rel.kind,
                "figures": "; ".join(rel.figure_ids),
                "quote": rel.quote,
                "check": RELATION_KINDS[rel.kind].check,
                "verdict": v.verdict if v else "",
            }
        )
    return pd.DataFrame(rows).set_index("relation")


@dataclass(frozen=True)
class Policy:
    """What ``policy_claim`` relations are tested on: Figure 11 as codes, and the groups of its cities."""

    matrix: pd.DataFrame
    groups: coding.Groups


def policy_matrix_of(result: tables.TablesResult) -> pd.DataFrame | None:
    """Figure 11 (the policy table derived from the others) as a matrix of codes, if it is listed."""
    for spec in result.specs:
        if spec.kind == "policy_matrix" and spec.derived_from:
            return tables.policy_matrix(result.rebuilt[spec.table_id])
    return None


def audit(
    figures: pd.DataFrame,
    relations: Sequence[Relation],
    derived: pd.DataFrame,
    policy: Policy | None = None,
) -> AuditResult:
    """Run every check over a registry (as ``figures.load`` returns it) and class every figure."""
    figures = _ordered(figures)
    checks = [
        *check_table_arithmetic(derived, figures),
        *check_percent_of_total(figures),
        *check_restated(figures),
        *check_across_documents(figures),
        *check_relations(relations, figures, policy),
        *check_units(figures),
    ]
    return AuditResult(figures, checks, overall(figures, checks), list(relations))


def build(raw_dir: str | Path = "data/raw", processed_dir: str | Path = "data/processed") -> AuditResult:
    """The whole audit from the raw inputs and the processed registry, writing nothing."""
    figures = load_figures(processed_dir)
    documents = load_documents(paths.resolve(raw_dir))
    rebuilt = tables.rebuild_all(raw_dir, figures, documents)
    relations = load_relations(raw_dir, figures, documents)
    matrix, policy = policy_matrix_of(rebuilt), None
    if matrix is not None:
        policy = Policy(matrix, cases.groups(cases.load_cases(raw_dir, documents), list(matrix.columns)))
    return audit(figures, relations, rebuilt.derived, policy)


def to_csv_text(result: AuditResult) -> str:
    return frame_to_csv_text(result.table())


def run(raw_dir: str | Path = "data/raw", processed_dir: str | Path = "data/processed") -> AuditResult:
    """Build the audit and write ``audit.csv`` into ``processed_dir`` (unchanged files are left alone)."""
    result = build(raw_dir, processed_dir)
    write_if_changed(paths.output(processed_dir) / OUTPUT, to_csv_text(result))
    return result


# --- the register of reviewed findings ------------------------------------------------------------


def _ids(text: str) -> list[str]:
    return [i.strip() for i in text.split(";") if i.strip()]


def load_findings(path: str | Path, figures: pd.DataFrame) -> pd.DataFrame:
    """The register of reviewed discrepancies, checked: known checks and figure ids, each discrepancy once.

    A finding explains one or more check rows of the audit, all of one figure (the first of its
    ``figure_ids``) and one check; ``concerns`` names each of them (';' between rows) as the
    audit's ``concerns`` column does: the relation id, the unit rule, or the figure(s) checked
    against (joined by '+'). The result has one more column, ``figure_id`` (the first figure id).
    """
    path = paths.resolve(path)
    frame = read_table(path, FINDING_COLUMNS, key="finding_id")
    seen: dict[tuple[str, str, str], str] = {}
    firsts = []
    for _, row in frame.iterrows():
        at = f"line {row['_line']} ({row['finding_id']})"
        if row["check"] not in CHECKS:
            raise InputError(path, f"unknown check {row['check']!r}", where=at, expected=", ".join(CHECKS))
        ids = _ids(row["figure_ids"])
        if not ids:
            raise InputError(path, "no figure id", where=at, expected="the discrepant figure first, then related ones")
        for fid in ids:
            if fid not in figures.index:
                raise InputError(path, f"unknown figure id {fid!r}", where=at, expected="a registered figure id")
        for column in ("concerns", "explanation", "status"):
            if not row[column].strip() or "\n" in row[column]:
                raise InputError(path, f"{column} empty or on several lines", where=at, expected="one line")
        for concern in _ids(row["concerns"]):
            key = (ids[0], row["check"], concern)
            if key in seen:
                raise InputError(
                    path,
                    f"{ids[0]} / {row['check']} / {concern} already registered as {seen[key]}",
                    where=at,
                    expected="each discrepancy in one finding",
                )
            seen[key] = row["finding_id"]
        firsts.append(ids[0])
    frame = frame.copy()
    frame["figure_id"] = firsts
    return frame


@dataclass
class RegisterMatch:
    """The audit's discrepancies against the register of findings."""

    found: pd.DataFrame
    """Every discrepancy (:meth:`AuditResult.discrepancies`) with the ``finding_id`` that explains it ('' if none)."""
    new: pd.DataFrame
    """The discrepancies no finding explains."""
    stale: pd.DataFrame
    """The findings that no longer hold as registered (:data:`FINDING_COLUMNS`), with ``why``."""


def match_register(result: AuditResult, findings_csv: str | Path) -> RegisterMatch:
    """Each discrepancy matched to the finding that names it exactly (figure, check and ``concerns``).

    A finding is stale when one of the discrepancies it names is no longer found (a finding of two
    rows of which one has gone is stale too), or when its ``figure_ids`` leave out a figure that a
    discrepancy it explains was checked against.
    """
    findings = load_findings(findings_csv, result.figures)
    found = result.discrepancies()
    keys = list(zip(found["figure_id"], found["check"], found["concerns"], strict=True))
    related = dict(zip(keys, found["related_figure_ids"].map(lambda t: [i.strip() for i in t.split(";")]), strict=True))
    owner: dict[tuple[str, str, str], str] = {}
    stale_rows = []
    for _, f in findings.iterrows():
        mine = [(f["figure_id"], f["check"], c) for c in _ids(f["concerns"])]
        owner.update(dict.fromkeys(mine, f["finding_id"]))
        gone = [k[2] for k in mine if k not in related]
        named = set(_ids(f["figure_ids"]))
        unnamed = list(dict.fromkeys(i for k in mine if k in related for i in related[k] if i and i not in named))
        why = []
        if gone:
            why.append(f"no {f['check']} discrepancy of {f['figure_id']} concerns {', '.join(gone)} any more")
        if unnamed:
            why.append(f"figure_ids leaves out {', '.join(unnamed)}, which the discrepancy was checked against")
        if why:
            stale_rows.append({**{c: f[c] for c in FINDING_COLUMNS}, "why": "; ".join(why)})
    found = found.assign(finding_id=[owner.get(k, "") for k in keys])
    new = found[found["finding_id"] == ""].reset_index(drop=True)
    stale = pd.DataFrame(stale_rows, columns=[*FINDING_COLUMNS, "why"])
    return RegisterMatch(found, new, stale)


def compare_with_register(result: AuditResult, findings_csv: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(discrepancies not in the register, registered findings that no longer reproduce): see :func:`match_register`."""
    match = match_register(result, findings_csv)
    return match.new, match.stale


# --- command line ---------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(text.split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m citydip.audit", description=__doc__.splitlines()[0])
    parser.add_argument("--raw", default="data/raw", help="raw data folder (default: data/raw)")
    parser.add_argument("--processed", default="data/processed", help="processed folder (default: data/processed)")
    parser.add_argument("--findings", default=None, help="register of findings (default: <raw>/findings.csv)")
    args = parser.parse_args(argv)
    findings = args.findings or str(Path(args.raw) / FINDINGS)
    try:
        result = build(args.raw, args.processed)
        match = match_register(result, findings)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        f"audit: {len(result.overall)} figures, {len(result.checks)} checks, "
        f"{len(result.relations)} curated relations ({paths.relative(paths.resolve(args.raw))}, "
        f"{paths.relative(paths.resolve(args.processed))})"
    )
    print("\nfigures per document and overall verdict:")
    print(result.summary().to_string())
    print(f"\ndiscrepancies ({len(match.found)} check rows; finding, figure, check, what it concerns):")
    for _, row in match.found.iterrows():
        print(
            f"  {row['finding_id'] or 'NEW':<5} {row['figure_id']:<10} {row['check']:<20} {row['concerns']:<11} "
            f"{_one_line(row['explanation'])}"
        )
    shown = paths.relative(paths.resolve(findings))
    for _, row in match.new.iterrows():
        print(
            f"new discrepancy not in {shown}: {row['figure_id']} ({row['check']}, concerns {row['concerns']}): "
            f"{_one_line(row['explanation'])}"
        )
    for _, row in match.stale.iterrows():
        print(
            f"registered finding {row['finding_id']} ({_ids(row['figure_ids'])[0]}, {row['check']}, concerns "
            f"{row['concerns']}) no longer reproduces: {row['why']}"
        )
    if len(match.new) or len(match.stale):
        print(f"audit: {len(match.new)} new discrepancy(ies), {len(match.stale)} stale finding(s) in {shown}")
        return 1
    print(f"audit: every discrepancy is a reviewed finding of {shown}, and every finding reproduces")
    return 0


if __name__ == "__main__":
    sys.exit(main())
