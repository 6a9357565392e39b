"""Check 6, units (citydip.audit.checks.units): each rule of UNIT_RULES finds its fault, and fitting units
are not flagged.

Expected values are worked out by hand in the comments, never copied from the code's output.
"""

from __future__ import annotations

import pytest

from audit_helpers import fig, frame, only
from citydip.audit.checks.units import check_units, check_units_from_context, sentence_at


def test_a_missing_scale_word_and_a_missing_currency_are_found():
    figures = frame(
        fig("U-1", "15.4 billion", "USD", "15400000000", "USD", measure="GDP"),
        fig("U-2", "573.0", "billion USD", "573000000000", "USD", measure="GDP"),
        fig("U-3", "1,999.3", "USD", "1999.3", "USD", measure="GDP"),  # 1,999.3 / 294,200,000,000 (median)
        fig("U-4", "billions", "count", "", "count", measure="investment in programs"),
        fig("U-5", "12", "count", "12", "count", measure="share of cities"),
    )
    verdicts = check_units(figures)
    assert only(verdicts, "U-3").verdict == "discrepancy"
    assert "looks missing" in only(verdicts, "U-3").explanation
    assert only(verdicts, "U-4").verdict == "discrepancy" and "no currency" in only(verdicts, "U-4").explanation
    assert only(verdicts, "U-5").verdict == "discrepancy" and "is a share" in only(verdicts, "U-5").explanation


def test_units_that_fit_are_not_flagged():
    figures = frame(
        fig("U-1", "15.4 billion", "USD", "15400000000", "USD", measure="GDP"),
        fig("U-2", "573.0", "billion USD", "573000000000", "USD", measure="GDP"),  # 573 / 15.4 = 37.2 < 1,000
        fig("U-3", "Two", "count", "2", "count", measure="key investment promotion initiatives"),
        fig("U-4", "46", "percent", "0.46", "share", measure="share of cities"),
        fig("U-5", "2018", "year", "2018", "year", kind="date", measure="founding year"),
    )
    verdicts = check_units(figures)
    assert {v.verdict for v in verdicts} == {"consistent"}
    assert sorted(v.figure_id for v in verdicts) == ["U-1", "U-2"]  # the peers; no rule fires on the others


@pytest.mark.parametrize(
    ("row", "rule", "problem"),
    [
        (fig("V-1", "21", "count", "21", "count", measure="CO2 per capita"), "per-capita", "disagree on 'per capita'"),
        (fig("V-1", "21", "tons per capita", "21", "tons per person", measure="CO2 production"), "per-capita",
         "disagree on 'per capita'"),
        (fig("V-1", "3", "years", "3", "years", kind="date", measure="founding"), "date-unit", "a date in 'years'"),
        (fig("V-1", "120", "percent", "1.2", "share", measure="share of cities"), "share-above-100",
         "a share of a whole of 120%, above 100%"),
        (fig("V-1", "46", "percent", "0.46", "share", measure="cities asked"), "share-unit",
         "does not say it is a share"),
    ],
)  # fmt: skip
def test_each_unit_rule_finds_its_fault(row, rule, problem):
    v = only(check_units(frame(row)), "V-1")
    assert (v.verdict, v.concerns) == ("discrepancy", rule) and problem in v.explanation


def test_units_that_fit_the_per_capita_date_and_share_rules_are_not_flagged():
    figures = frame(
        fig("V-1", "21", "tons per capita", "21", "tons per person", measure="CO2 production per capita"),
        fig("V-2", "1980s", "decade", "1980", "year", kind="date", measure="founding decade"),
        fig("V-3", "100", "percent", "1", "share", measure="share of cities"),  # a whole: not above it
        fig("V-4", "292", "percent", "2.92", "share", measure="GDP growth (percent)"),  # growth, not a share of
    )
    assert check_units(figures) == []


# --- units supplied from context ------------------------------------------------------------------

_TEXT = (
    "Intro. With a GDP of roughly 146 billion U.S. dollars in 2010, the city will grow by 426.9 billion to "
    "become 573.0 by 2025.¹⁵¹ Its budget was 12 billion in 2018. The fund holds $3 million.\n\nNext."
)


def _at(figure_id: str, value: str, unit: str, base_unit: str, kind: str = "text"):
    return fig(figure_id, value, unit, "1", base_unit, kind=kind, value_offset=str(_TEXT.index(value)), doc_id="d")


@pytest.mark.parametrize(
    ("row", "flagged", "why"),
    [
        (_at("U-1", "573.0", "billion USD", "USD"), True, "the value carries no scale word ('billion')"),
        (_at("U-2", "426.9 billion", "USD", "USD"), False, ""),  # 'U.S. dollars' is in its sentence
        (_at("U-3", "12 billion", "USD", "USD"), True, "its sentence names no currency (USD)"),  # next sentence
        (_at("U-4", "$3 million", "USD", "USD"), False, ""),
        (_at("U-5", "573.0", "billion USD", "USD", kind="table_cell"), False, ""),  # the header gives it
    ],
)
def test_a_unit_the_sentence_does_not_state_is_said_to_come_from_context(row, flagged, why):
    verdicts = check_units_from_context(frame(row), {"d": _TEXT})
    assert bool(verdicts) == flagged
    if flagged:
        (v,) = verdicts
        assert v.concerns == "unit-from-context" and v.verdict == "discrepancy" and why in v.explanation


def test_a_sentence_ends_at_its_full_stop_and_footnote_not_inside_a_number():
    assert sentence_at(_TEXT, _TEXT.index("573.0")).endswith("by 2025.")
    assert sentence_at(_TEXT, _TEXT.index("12 billion")) == "Its budget was 12 billion in 2018."
    assert sentence_at("It was 1,999.3 U.S. dollars. Next", 8) == "It was 1,999.3 U.S. dollars."
