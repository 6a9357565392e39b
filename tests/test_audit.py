"""The audit of every figure: each check on small hand-made inputs, then the real audit against its register.

Expected values in the hand-made tests are worked out by hand in the comments, never copied
from the code's output.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from decimal import Decimal
from fractions import Fraction

import pandas as pd
import pytest

from citydip.audit import engine as audit
from citydip.core import paths
from citydip.core.errors import InputError
from citydip.ingest import pipeline as ingest
from citydip.tables import coding
from citydip.tables import printed as tables

# --- hand-made registries --------------------------------------------------------------------------

_FIELDS = [name for name, *_ in ingest.FIGURE_FIELDS]


def fig(figure_id: str, value: str, unit: str, base_value: str, base_unit: str, **kw: str) -> dict[str, str]:
    """One registry row; every column as text, as figures.load gives it."""
    row = dict.fromkeys(_FIELDS, "")
    row.update(
        figure_id=figure_id,
        doc_id="doc",
        kind="text",
        entity="City",
        measure="m",
        value=value,
        unit=unit,
        value_number=value.replace(",", "").split(" ")[0],
        base_value=base_value,
        base_unit=base_unit,
        line="1",
        char_offset="0",
    )
    row.update(kw)
    return row


def frame(*rows: dict[str, str]) -> pd.DataFrame:
    for offset, row in enumerate(rows):
        row.setdefault("value_offset", "")
        row["value_offset"] = row["value_offset"] or str(offset * 10)
    return pd.DataFrame(list(rows), columns=_FIELDS, dtype=object).set_index("figure_id", drop=False)


def by(verdicts, figure_id: str, check: str | None = None) -> list[audit.Verdict]:
    return [v for v in verdicts if v.figure_id == figure_id and (check is None or v.check == check)]


def only(verdicts, figure_id: str, check: str | None = None) -> audit.Verdict:
    found = by(verdicts, figure_id, check)
    assert len(found) == 1, found
    return found[0]


# --- qualifiers and intervals ----------------------------------------------------------------------


def test_every_qualifier_of_the_registry_has_a_reading():
    figures = pd.read_csv(paths.PROCESSED / "figures.csv", dtype=str, keep_default_na=False)
    assert {q.lower() for q in figures["qualifier"]} <= set(audit.QUALIFIERS)


def test_qualifiers_are_read_as_ranges():
    # 'almost 10%': below 10 and within 10 % of it -> [9, 10) percent -> [0.09, 0.1) as a share
    almost = audit.interval(pd.Series(fig("A", "10", "percent", "0.1", "share", qualifier="almost")))
    assert (almost.lo, almost.hi, almost.hi_closed) == (Decimal("0.09"), Decimal("0.1"), False)
    # '13.1 million' without qualifier: the rounding of [13.05, 13.15) million
    plain = audit.interval(pd.Series(fig("B", "13.1 million", "people", "13100000", "people")))
    assert (plain.lo, plain.hi) == (Decimal("13050000"), Decimal("13150000"))
    # 'more than 94': above 94, no upper bound
    more = audit.interval(pd.Series(fig("C", "94", "count", "94", "count", qualifier="more than")))
    assert (more.lo, more.hi, more.lo_closed) == (Decimal(94), None, False)
    # 'roughly 146 billion': 131.4 to 160.6 billion
    rough = audit.interval(pd.Series(fig("D", "146 billion", "USD", "146000000000", "USD", qualifier="roughly")))
    assert (rough.lo, rough.hi) == (Decimal("131400000000"), Decimal("160600000000"))


def test_an_unknown_qualifier_is_refused_naming_the_figure():
    with pytest.raises(InputError, match=r"figure X-1: qualifier 'give or take' has no reading"):
        audit.interval(pd.Series(fig("X-1", "5", "count", "5", "count", qualifier="give or take")))


# --- check 1: table arithmetic --------------------------------------------------------------------

_SPEC = tables.TableSpec(
    table_id="t",
    doc_id="doc",
    label="Figure 99",
    caption="test",
    file="t.csv",
    kind="population_economy",
    label_columns=("City", "Country"),
    derived_from=(),
    notes=(),
    line=2,
)
_HEADER = ["City", "Country", "Population* 2010", "Population 2025", "GDP** 2010", "GDP 2025", "Total Growth"]
_HEADER = [*_HEADER, "% GDP Growth"]


def _table_case(growth: str, percent: str):
    table = pd.DataFrame([["Town", "Land", "1.0", "1.5", "100.0", "150.0", growth, f"{percent}%"]], columns=_HEADER)
    cells = frame(
        fig("T-3", "100.0", "billion USD", "100000000000", "USD", kind="table_cell", table="Figure 99",
            column="GDP** 2010", entity="Town"),
        fig("T-4", "150.0", "billion USD", "150000000000", "USD", kind="table_cell", table="Figure 99",
            column="GDP 2025", entity="Town"),
        fig("T-5", growth, "billion USD", "0", "USD", kind="table_cell", table="Figure 99", column="Total Growth",
            entity="Town"),
        fig("T-6", percent, "percent", "0", "share", kind="table_cell", table="Figure 99", column="% GDP Growth",
            entity="Town"),
    )  # fmt: skip
    return audit.check_table_arithmetic(tables.derived_checks(_SPEC, table), cells)


def test_table_arithmetic_that_adds_up_is_consistent():
    # 150.0 - 100.0 = 50.0; (150.0 - 100.0) / 100.0 x 100 = 50%
    verdicts = _table_case("50.0", "50")
    assert [(v.figure_id, v.verdict) for v in verdicts] == [("T-5", "consistent"), ("T-6", "consistent")]
    assert "150.0 - 100.0" in verdicts[0].computation and verdicts[0].related == ("T-3", "T-4")


def test_table_arithmetic_that_does_not_add_up_is_a_discrepancy():
    # printed 49.0 and 51%, but 150.0 - 100.0 = 50.0 and the growth is 50%
    verdicts = _table_case("49.0", "51")
    assert [(v.figure_id, v.verdict) for v in verdicts] == [("T-5", "discrepancy"), ("T-6", "discrepancy")]
    assert "printed 49.0" in verdicts[0].computation


# --- check 2: percentages of a stated total --------------------------------------------------------


def _survey(*members: dict[str, str]) -> pd.DataFrame:
    total = fig("S-0", "twenty-seven", "count", "27", "count", entity="Survey", measure="sample size (cities)",
                period="2018")  # fmt: skip
    return frame(total, *members)


def test_fits_lists_the_whole_shares_within_half_a_point():
    # 18/26 = 69.23 % rounds to 69; of 27, 18/27 = 66.67 % and 19/27 = 70.37 %: none
    assert audit.fits(Decimal(69), Decimal("0.5"), 26) == [18]
    assert audit.fits(Decimal(69), Decimal("0.5"), 27) == []
    # 1/8 = 12.5 %: on the edge of 12 +- 0.5, and the edge counts, above and below
    assert audit.fits(Decimal(12), Decimal("0.5"), 8) == [1]
    assert audit.fits(Decimal(13), Decimal("0.5"), 8) == [1]
    assert audit.fits(Decimal(0), Decimal("0.5"), 10) == [0]  # none of 10 is a share too


@pytest.mark.parametrize("n", [1, 3, 7, 8, 26, 27, 40])
def test_fits_is_every_k_within_the_band_by_its_definition(n):
    """Against the definition, k by k in exact fractions, over percentages in steps of a tenth."""
    for tenths in range(-20, 1021, 7):
        percent = Decimal(tenths) / 10
        for half in (Decimal("0.5"), Decimal("0.05"), Decimal(0)):
            expected = [k for k in range(n + 1) if abs(Fraction(100 * k, n) - Fraction(percent)) <= Fraction(half)]
            assert audit.fits(percent, half, n) == expected, (percent, half, n)


def test_a_percentage_that_is_a_whole_number_of_the_total_is_consistent():
    # 10/27 = 37.04 %, which rounds to 37 %; a count of 1 of 27 cities is possible
    figures = _survey(
        fig("S-1", "37", "percent", "0.37", "share", entity="Survey", measure="share of x", period="2018"),
        fig("S-2", "one", "count", "1", "count", entity="Survey", measure="cities without x", period="2018"),
    )
    verdicts = audit.check_percent_of_total(figures)
    assert only(verdicts, "S-1").verdict == "consistent" and "10/27 = 37.04%" in only(verdicts, "S-1").computation
    assert only(verdicts, "S-2").verdict == "consistent"


def test_a_percentage_that_is_no_whole_number_of_the_total_is_a_discrepancy_with_the_sizes_that_fit():
    # 69 % of 27 = 18.63 cities; sizes up to 40 that fit 69 % (worked out by hand):
    # 13 (9/13 = 69.23), 16 (11/16 = 68.75), 26 (18/26 = 69.23), 29 (20/29 = 68.97), 32 (22/32 = 68.75),
    # 35 (24/35 = 68.57), 36 (25/36 = 69.44), 39 (27/39 = 69.23)
    figures = _survey(
        fig("S-1", "69", "percent", "0.69", "share", entity="Survey", measure="share of x", period="2018"),
        fig("S-9", "69", "percent", "0.69", "share", entity="Survey", measure="share of x", period="2019"),
    )
    verdicts = audit.check_percent_of_total(figures)
    v = only(verdicts, "S-1")
    assert v.verdict == "discrepancy" and v.related == ("S-0",)
    assert "69% of 27 = 18.63 cities" in v.computation
    sizes = "13 (9/13 = 69.23%), 16 (11/16 = 68.75%), 26 (18/26 = 69.23%), 29 (20/29 = 68.97%), 32 (22/32 = 68.75%)"
    assert sizes in v.computation and "36 (25/36 = 69.44%), 39 (27/39 = 69.23%);" in v.computation
    assert by(verdicts, "S-9") == []  # another period: not a share of this total


@pytest.mark.parametrize(
    ("value", "base", "verdict"),
    [
        ("27", "27", "consistent"),  # all 27 of 27: the edge of the range is a possible count
        ("0", "0", "consistent"),  # none of 27
        ("30", "30", "discrepancy"),  # 30 of 27 cities: more than the sample
        ("2.5", "2.5", "discrepancy"),  # not a whole number of cities
    ],
)
def test_a_count_of_the_survey_must_be_a_whole_number_within_the_total(value, base, verdict):
    figures = _survey(fig("S-3", value, "count", base, "count", entity="Survey", measure="cities", period="2018"))
    v = only(audit.check_percent_of_total(figures), "S-3")
    assert (v.verdict, v.related, v.concerns) == (verdict, ("S-0",), "S-0")


# --- check 3: a value restated in the same document ------------------------------------------------


def _cell(figure_id: str, value: str, unit: str, base: str, base_unit: str, **kw: str) -> dict[str, str]:
    return fig(figure_id, value, unit, base, base_unit, kind="table_cell", table="Figure 99", column="c", **kw)


def test_restatements_that_fit_their_qualifier_are_consistent():
    figures = frame(
        # 'just under 13 million' allows [11.7, 13) million; the table says 12.9
        _cell("P-1", "12.9", "million people", "12900000", "people", measure="population", period="2010"),
        fig("P-2", "13 million", "people", "13000000", "people", measure="population", period="2010",
            qualifier="just under"),
        # 'roughly 146 billion' allows [131.4, 160.6]; the table says 146.1
        _cell("G-1", "146.1", "billion USD", "146100000000", "USD", measure="GDP", period="2010"),
        fig("G-2", "146 billion", "USD", "146000000000", "USD", measure="GDP", period="2010", qualifier="roughly"),
    )  # fmt: skip
    verdicts = audit.check_restated(figures)
    assert only(verdicts, "P-2").verdict == "consistent" and only(verdicts, "G-2").verdict == "consistent"
    assert only(verdicts, "P-1").verdict == "consistent" and only(verdicts, "P-1").related == ("P-2",)


def test_restatements_that_do_not_fit_are_discrepancies():
    figures = frame(
        # 'nearly 14.9 million' allows [13.41, 14.9); the print 15.0 stands for [14.95, 15.05): above it
        _cell("N-1", "15.0", "million people", "15000000", "people", measure="population", period="2025"),
        fig("N-2", "14.9 million", "people", "14900000", "people", measure="population", period="2025",
            qualifier="nearly"),
        # 'just over 14.9 billion' allows (14.9, 16.39]; the print 14.8 stands for [14.75, 14.85): below it
        _cell("O-1", "14.8", "billion USD", "14800000000", "USD", measure="GDP", period="2025"),
        fig("O-2", "14.9 billion", "USD", "14900000000", "USD", measure="GDP", period="2025", qualifier="just over"),
        # 'nearly 14.9' allows [13.41, 14.9); the print 13.3 stands for [13.25, 13.35): more than 10 % below
        _cell("F-1", "13.3", "million people", "13300000", "people", measure="population", period="2010"),
        fig("F-2", "14.9 million", "people", "14900000", "people", measure="population", period="2010",
            qualifier="nearly"),
        # a different period is another quantity: not compared
        fig("L-3", "900 billion", "USD", "900000000000", "USD", measure="GDP", period="2010"),
    )  # fmt: skip
    verdicts = audit.check_restated(figures)
    assert [only(verdicts, f).verdict for f in ("N-2", "O-2", "F-2")] == ["discrepancy"] * 3
    assert "'nearly' does not fit" in only(verdicts, "N-2").explanation
    assert "[14.95, 15.05) million people" in only(verdicts, "N-2").computation
    assert "'just over' does not fit" in only(verdicts, "O-2").explanation
    assert "further below 14.9 million than 'nearly' allows" in only(verdicts, "F-2").explanation
    assert by(verdicts, "N-1") == [] and by(verdicts, "O-1") == [] and by(verdicts, "F-1") == []
    assert by(verdicts, "L-3") == []


# --- a printed value is the interval it rounds from ------------------------------------------------


def _restated(claim: dict[str, str], printed: dict[str, str]) -> audit.Verdict:
    claim.update(measure="m", period="p")
    printed.update(measure="m", period="p")
    return only(audit.check_restated(frame(printed, claim)), claim["figure_id"])


@pytest.mark.parametrize(
    ("claim", "printed", "overlap"),
    [
        # Guangzhou 2025 (Ledna, F-04 before): 'nearly 14.9' = [14.9 x 0.9, 14.9) = [13.41, 14.9);
        # Figure 4 prints 14.9 at one decimal = [14.85, 14.95); in common: [14.85, 14.9)
        (fig("C", "14.9 million", "people", "14900000", "people", qualifier="nearly"),
         _cell("P", "14.9", "million people", "14900000", "people"), "[14.85, 14.9) million people"),
        # Guangzhou's growth (F-05 before): 'nearly 426.9' = [384.21, 426.9); the print [426.85, 426.95)
        (fig("C", "426.9 billion", "USD", "426900000000", "USD", qualifier="nearly"),
         _cell("P", "426.9", "billion USD", "426900000000", "USD"), "[426.85, 426.9) billion USD"),
        # Los Angeles 2025 (F-09 before): '1,051' = [1,050.5, 1,051.5); the print 1,051.5 = [1,051.45, 1,051.55)
        (fig("C", "1,051 billion", "USD", "1051000000000", "USD"),
         _cell("P", "1,051.5", "billion USD", "1051500000000", "USD"), "[1,051.45, 1,051.5) billion USD"),
        # 'just over 14.9' = (14.9, 16.39]; the print 14.9 = [14.85, 14.95); in common (14.9, 14.95)
        (fig("C", "14.9 billion", "USD", "14900000000", "USD", qualifier="just over"),
         _cell("P", "14.9", "billion USD", "14900000000", "USD"), "(14.9, 14.95) billion USD"),
    ],
)  # fmt: skip
def test_a_qualifier_that_fits_only_the_edge_of_the_printed_rounding_is_consistent_and_borderline(
    claim, printed, overlap
):
    verdict = _restated(claim, printed)
    assert verdict.verdict == "consistent"
    assert f"overlap {overlap}" in verdict.computation
    assert "borderline" in verdict.explanation and f"lies in {overlap}" in verdict.explanation


def test_a_restatement_well_inside_the_qualifier_is_not_borderline():
    # 'nearly 15 million' = [13.5, 15); the print 14.9 (14.85 to 14.95) lies wholly inside it
    verdict = _restated(
        fig("C", "15 million", "people", "15000000", "people", qualifier="nearly"),
        _cell("P", "14.9", "million people", "14900000", "people"),
    )
    assert verdict.verdict == "consistent" and "borderline" not in verdict.explanation
    # '1,052 billion' = [1,051.5, 1,052.5) holds the print 1,051.5 itself (it rounds half up to 1,052)
    verdict = _restated(
        fig("C", "1,052 billion", "USD", "1052000000000", "USD"),
        _cell("P", "1,051.5", "billion USD", "1051500000000", "USD"),
    )
    assert verdict.verdict == "consistent" and "borderline" not in verdict.explanation


def test_an_unqualified_restatement_that_cuts_the_printed_value_off_is_explained_as_truncation():
    # '1,051 billion' = [1,050.5, 1,051.5); the print 1,051.7 = [1,051.65, 1,051.75): no overlap;
    # 1,051.7 rounds to 1,052, and cut off after the units it is 1,051, the value restated
    verdict = _restated(
        fig("C", "1,051 billion", "USD", "1051000000000", "USD"),
        _cell("P", "1,051.7", "billion USD", "1051700000000", "USD"),
    )
    assert verdict.verdict == "discrepancy"
    assert "rounds to 1,052 billion USD at that precision, not 1,051 billion" in verdict.explanation
    assert "drops the last digit(s) of 1,051.7 instead of rounding them" in verdict.explanation


def test_an_unqualified_restatement_of_another_value_is_not_called_truncation():
    # '15 million' = [14.5, 15.5); the print 12.9 = [12.85, 12.95): no overlap. 12.9 rounds to 13
    # and cut off it is 12, neither is 15: another value, 15 - 12.9 = 2.1 million off, 2.1 / 12.9 = 16.28 %
    verdict = _restated(
        fig("C", "15 million", "people", "15000000", "people"),
        _cell("P", "12.9", "million people", "12900000", "people"),
    )
    assert verdict.verdict == "discrepancy" and "drops" not in verdict.explanation
    assert "rounds to 13 million people at that precision, not 15 million" in verdict.explanation
    assert "another value, 2.1 million people off (16.28 % of 12.9 million people)" in verdict.explanation
    # '1,052 billion' = [1,051.5, 1,052.5); the print 1,051.2 = [1,051.15, 1,051.25): it rounds to 1,051;
    # 1,052 is 1,051.2 rounded up, not cut off
    verdict = _restated(
        fig("C", "1,052 billion", "USD", "1052000000000", "USD"),
        _cell("P", "1,051.2", "billion USD", "1051200000000", "USD"),
    )
    assert verdict.verdict == "discrepancy" and "drops" not in verdict.explanation
    assert "rounds 1,051.2 up instead of to the nearest" in verdict.explanation
    # a restatement more precise than the print: '12.9 million' = [12.85, 12.95) against 15 = [14.5, 15.5);
    # no rounding of 15 gives 12.9: 2.1 million off, 2.1 / 15 = 14 %
    verdict = _restated(
        fig("C", "12.9 million", "people", "12900000", "people"),
        _cell("P", "15", "million people", "15000000", "people"),
    )
    assert verdict.verdict == "discrepancy" and "drops" not in verdict.explanation
    assert "another value, 2.1 million people off (14 % of 15 million people)" in verdict.explanation


# --- check 4: the same quantity in two documents ---------------------------------------------------


def test_the_same_quantity_in_two_documents_agrees_across_name_variants():
    figures = frame(
        fig("A-1", "25", "percent", "0.25", "share", doc_id="a", entity="C40", measure="share of world GDP"),
        fig("B-1", "25", "percent", "0.25", "share", doc_id="b", entity="C40 Cities Climate Leadership Group",
            measure="share of world GDP", period="at present"),
    )  # fmt: skip
    verdicts = audit.check_across_documents(figures)
    assert [(v.figure_id, v.verdict, v.related) for v in verdicts] == [
        ("A-1", "consistent", ("B-1",)),
        ("B-1", "consistent", ("A-1",)),
    ]


def test_two_documents_disagreeing_on_the_same_period_is_a_discrepancy_on_different_dates_not_checkable():
    # 91 allows [90.5, 91.5); 'more than 94' allows (94, ...): no overlap
    same = frame(
        fig("A-1", "91", "count", "91", "count", doc_id="a", measure="member cities", period="2018"),
        fig("B-1", "94", "count", "94", "count", doc_id="b", measure="member cities", period="2018",
            qualifier="more than"),
    )  # fmt: skip
    assert {v.verdict for v in audit.check_across_documents(same)} == {"discrepancy"}
    undated = same.copy()
    undated["period"] = ["", "at present"]
    assert {v.verdict for v in audit.check_across_documents(undated)} == {"not checkable"}


# --- check 5: what the text says about several figures ---------------------------------------------


def _relation(kind: str, *ids: str) -> audit.Relation:
    return audit.Relation("R-T", kind, "doc", ids, "a quote", "Context.")


_GDP = dict(measure="GDP")


def test_comparisons_that_fit_the_numbers_are_consistent():
    figures = frame(
        fig("C-1", "554.7 billion", "USD", "554700000000", "USD", qualifier="roughly", entity="Sweden", **_GDP),
        fig("C-2", "573.0", "billion USD", "573000000000", "USD", entity="Guangzhou", **_GDP),
        fig("C-3", "21", "tons per capita", "21", "tons per person", measure="CO2 per capita"),
        fig("C-4", "10", "tons per capita", "10", "tons per person", measure="CO2 per capita", entity="Other"),
    )
    verdicts = audit.check_relations(
        [_relation("comparable_to", "C-1", "C-2"), _relation("less_than", "C-4", "C-3")], figures
    )
    # 573.0 / 554.7 = 1.033, inside [0.9, 1.1]; 10 (9.5 to 10.5) is below 21 (20.5 to 21.5)
    assert only(verdicts, "C-1").verdict == "consistent" and "= 1.03;" in only(verdicts, "C-1").computation
    assert only(verdicts, "C-4").verdict == "consistent"


def test_comparisons_that_do_not_fit_the_numbers_are_discrepancies():
    figures = frame(
        fig("J-1", "15.4 billion", "USD", "15400000000", "USD", entity="Jamaica", period="2018", **_GDP),
        fig("J-2", "384.3", "billion USD", "384300000000", "USD", entity="Buenos Aires", **_GDP),
        fig("M-1", "1,999.3", "USD", "1999.3", "USD", entity="Mexico", **_GDP),
        fig("M-2", "1,051 billion", "USD", "1051000000000", "USD", entity="Los Angeles", **_GDP),
    )
    verdicts = audit.check_relations(
        [_relation("equal_to", "J-1", "J-2"), _relation("in_comparison", "M-1", "M-2")], figures
    )
    # 384.3 / 15.4 = 24.95, far outside [0.9, 1.1]; 1,051,000,000,000 / 1,999.3 = 525,683,989.4 > 10
    assert only(verdicts, "J-1").verdict == "discrepancy" and "= 24.95;" in only(verdicts, "J-1").computation
    assert only(verdicts, "M-1").verdict == "discrepancy" and "525,683,989" in only(verdicts, "M-1").computation


def _one(kind: str, figures: pd.DataFrame, *ids: str) -> audit.Verdict:
    (verdict,) = audit.check_relations([_relation(kind, *ids)], figures)
    assert verdict.figure_id == ids[0] and verdict.concerns == "R-T"
    return verdict


@pytest.mark.parametrize(
    ("kind", "comparator", "subject", "verdict", "ratio"),
    [
        # 'the size of': 971.4 / 1,000 = 0.9714, inside [0.9, 1.1]; 971.4 / 1,500 = 0.6476, outside
        ("size_of", "1,000", "971.4", "consistent", "0.97"),
        ("size_of", "1,500", "971.4", "discrepancy", "0.65"),
        # 'equal to' read as about: 15.0 / 15.4 = 0.974, inside
        ("equal_to", "15.4", "15.0", "consistent", "0.97"),
        # 'comparable to': 300 / 554.7 = 0.5408, outside [0.9, 1.1]
        ("comparable_to", "554.7", "300", "discrepancy", "0.54"),
        # 'in comparison', the same order of magnitude: 1,051 / 1,999.3 = 0.5257, inside [0.1, 10]
        ("in_comparison", "1,999.3", "1,051", "consistent", "0.53"),
    ],
)
def test_comparisons_of_size_both_ways(kind, comparator, subject, verdict, ratio):
    def gdp(figure_id: str, value: str) -> dict[str, str]:
        base = str(int(Decimal(value.replace(",", "")) * 10**9))
        return fig(figure_id, value, "billion USD", base, "USD", **_GDP)

    v = _one(kind, frame(gdp("K-1", comparator), gdp("K-2", subject)), "K-1", "K-2")
    assert v.verdict == verdict and f"= {ratio};" in v.computation and v.related == ("K-2",)


@pytest.mark.parametrize(
    ("larger", "smaller", "verdict"),
    [
        # Tokyo 'a city of 30 million' = [29.5, 30.5) against Cape Town's 'almost 4 million' = [3.6, 4)
        (("30 million", ""), ("4 million", "almost"), "consistent"),
        # 3 million = [2.5, 3.5) is below [3.6, 4): not larger
        (("3 million", ""), ("4 million", "almost"), "discrepancy"),
        # 'over 80' = (80, no bound] against 'about 8' = [7.2, 8.8]: larger
        (("80 million", "over"), ("8 million", "about"), "consistent"),
        # 'just over 5' = (5, 5.5] is below 'about 8' = [7.2, 8.8]
        (("5 million", "just over"), ("8 million", "about"), "discrepancy"),
        # 'more than 3' = (3, no bound] and 'almost 4' = [3.6, 4) overlap: the order cannot be decided
        (("3 million", "more than"), ("4 million", "almost"), "not checkable"),
    ],
)
def test_more_than_between_two_figures(larger, smaller, verdict):
    def people(figure_id: str, value: str, qualifier: str) -> dict[str, str]:
        base = str(int(value.split()[0]) * 10**6)
        return fig(figure_id, value, "people", base, "people", qualifier=qualifier, measure="population")

    figures = frame(people("G-1", *larger), people("G-2", *smaller))
    assert _one("greater_than", figures, "G-1", "G-2").verdict == verdict


def test_less_than_that_does_not_hold_is_a_discrepancy():
    # 'the C40 cities produce less': 21 tons = [20.5, 21.5) is not below 10 tons = [9.5, 10.5)
    figures = frame(
        fig("C-3", "21", "tons per capita", "21", "tons per person", measure="CO2 per capita"),
        fig("C-4", "10", "tons per capita", "10", "tons per person", measure="CO2 per capita", entity="Other"),
    )
    v = _one("less_than", figures, "C-3", "C-4")
    assert v.verdict == "discrepancy" and "21 tons per capita is not smaller than 10 tons per capita" in v.explanation


@pytest.mark.parametrize(
    ("percent", "verdict"),
    [
        ("46", "consistent"),  # 'just under half' = [45, 50)%; 46% = [45.5, 46.5)%: inside
        ("52", "discrepancy"),  # 52% = [51.5, 52.5)%: above half, not under it
        ("40", "discrepancy"),  # 40% = [39.5, 40.5)%: more than 10 % under half (below 45)
    ],
)
def test_half_in_words_against_its_percentage(percent, verdict):
    figures = frame(
        fig("H-1", "half", "share", "0.5", "share", qualifier="just under", value_number="0.5", measure="share of x"),
        fig("H-2", percent, "percent", str(Decimal(percent) / 100), "share", measure="share of x"),
    )
    assert _one("restates", figures, "H-1", "H-2").verdict == verdict


def test_a_difference_stated_in_the_text():
    # 573.0 - 146.1 = 426.9; with the rounding of each, [572.95 - 146.15, 573.05 - 146.05] = [426.8, 427]
    figures = frame(
        fig("D-1", "426.9 billion", "USD", "426900000000", "USD", qualifier="nearly"),  # [384.21, 426.9)
        fig("D-2", "146.1", "billion USD", "146100000000", "USD"),
        fig("D-3", "573.0", "billion USD", "573000000000", "USD"),
        fig("D-4", "400 billion", "USD", "400000000000", "USD", qualifier="nearly"),  # [360, 400): below 426.8
    )
    consistent = _one("difference", figures, "D-1", "D-2", "D-3")
    assert consistent.verdict == "consistent" and "573 - 146.1 = 426.9 billion USD" in consistent.computation
    assert "[426.8, 427] billion USD" in consistent.computation
    assert _one("difference", figures, "D-4", "D-2", "D-3").verdict == "discrepancy"


def test_parts_of_one_whole_add_up_to_100():
    figures = frame(
        fig("W-1", "88", "percent", "0.88", "share", measure="share engaged"),
        fig("W-2", "12", "percent", "0.12", "share", measure="share unsure"),
        fig("W-3", "10", "percent", "0.1", "share", measure="share unsure"),
    )
    # 88 + 12 = 100; 88 + 10 = 98, off by 2, more than the two half points of rounding (1)
    assert _one("parts_of_whole", figures, "W-1", "W-2").verdict == "consistent"
    v = _one("parts_of_whole", figures, "W-1", "W-3")
    assert v.verdict == "discrepancy" and "They add up to 98%, not 100%." in v.explanation


def test_a_share_of_a_total_the_documents_do_not_state_is_not_checkable_with_its_bounds():
    # 685 million people are 'almost 10%' = [9, 10)% of a total: more than 685 / 0.10 = 6,850 million,
    # at most 685 / 0.09 = 7,611.1111 million
    figures = frame(
        fig("T-1", "10", "percent", "0.1", "share", qualifier="almost", measure="share of global population"),
        fig("T-2", "685 million", "people", "685000000", "people", measure="population"),
    )
    v = _one("share_of_unstated_total", figures, "T-1", "T-2")
    assert v.verdict == "not checkable"
    assert "more than 6,850 million people and at most 7,611.1111 million people" in v.computation


_CULTURE_CLAIM = "all cities except for one were active in the realm of cultural policy"


@pytest.mark.parametrize(
    ("codes", "verdict"),
    [
        ("+0++", "consistent"),  # under the default coding (0 is not active) 3 of the 4 cities are active
        ("++++", "discrepancy"),  # all 4 active: not 'all except for one'
    ],
)
def test_a_policy_claim_is_read_under_the_default_coding(codes, verdict):
    matrix = pd.DataFrame([list(codes)], index=["Cultural Policy"], columns=["BA", "GZ", "LA", "Paris"], dtype=object)
    policy = audit.Policy(matrix, coding.Groups(north=("LA", "Paris"), south=("BA", "GZ")))
    figures = frame(fig("Y-1", "one", "count", "1", "count"))
    relation = audit.Relation("R-T", "policy_claim", "doc", ("Y-1",), _CULTURE_CLAIM, "Context.")
    (v,) = audit.check_relations([relation], figures, policy)
    assert v.verdict == verdict
    assert ("3/4 cities active" if codes == "+0++" else "4/4 cities active") in v.computation
    (no_matrix,) = audit.check_relations([relation], figures, None)
    assert no_matrix.verdict == "not checkable"


def test_the_lowest_is_checked_against_every_other_entity_of_the_same_measure():
    def growth(figure_id: str, value: str, entity: str, **kw: str) -> dict[str, str]:
        return fig(figure_id, value, "percent", str(Decimal(value) / 100), "share", entity=entity,
                   measure="GDP growth (percent)", period="2010-2025", **kw)  # fmt: skip

    cells = dict(kind="table_cell", table="F", column="c")
    figures = frame(
        growth("W-1", "27", "Paris"),
        growth("W-2", "44", "Los Angeles", **cells),
        growth("W-3", "100", "Buenos Aires", **cells),
        growth("W-4", "20", "Buenos Aires"),  # a text figure: the table cell of the same city is preferred
    )
    verdict = only(audit.check_relations([_relation("lowest_of", "W-1")], figures), "W-1")
    assert verdict.verdict == "consistent" and verdict.related == ("W-2", "W-3")
    figures.loc["W-2", "value"], figures.loc["W-2", "base_value"] = "25", "0.25"  # now Los Angeles is lower
    assert only(audit.check_relations([_relation("lowest_of", "W-1")], figures), "W-1").verdict == "discrepancy"


def test_all_but_one_against_a_percentage():
    figures = frame(
        fig("E-1", "one", "count", "1", "count"),
        fig("E-2", "69", "percent", "0.69", "share"),
        fig("E-3", "96", "percent", "0.96", "share"),
        fig("E-4", "twenty-seven", "count", "27", "count"),
    )
    # all except 1 of 27 = 26/27 = 96.30 %: it fits 96 %, not 69 %
    verdicts = audit.check_relations(
        [_relation("all_but_vs_percent", "E-1", "E-2", "E-4"), _relation("all_but_vs_percent", "E-1", "E-3", "E-4")],
        figures,
    )
    assert [v.verdict for v in verdicts] == ["discrepancy", "consistent"]
    assert "26/27 = 96.3%" in verdicts[0].computation


def test_text_arithmetic_read_through_the_qualifiers():
    figures = frame(
        fig("A-1", "146 billion", "USD", "146000000000", "USD", qualifier="roughly"),
        fig("A-2", "573.0", "billion USD", "573000000000", "USD"),
        fig("A-3", "292", "percent", "2.92", "share"),
        fig("A-4", "150", "percent", "1.5", "share"),
        fig("A-5", "200", "count", "200", "count", qualifier="almost"),
        fig("A-6", "137", "count", "137", "count"),
        fig("A-7", "47", "count", "47", "count"),
        fig("A-8", "17", "count", "17", "count"),
    )
    verdicts = audit.check_relations(
        [
            _relation("growth_percent", "A-3", "A-1", "A-2"),  # (573 - 146) / 146 = 292.47 %: fits 292
            _relation("growth_percent", "A-4", "A-1", "A-2"),  # even with 'roughly 146' (<= 160.6): >= 256.8 %
            _relation("sum", "A-5", "A-6", "A-7"),  # 137 + 47 = 184, inside [180, 200)
            _relation("sum", "A-5", "A-6", "A-8"),  # 137 + 17 = 154, below 180
        ],
        figures,
    )
    assert [v.verdict for v in verdicts] == ["consistent", "discrepancy", "consistent", "discrepancy"]
    assert "(573 - 146) / 146 x 100 = 292.4658%" in verdicts[0].computation


# --- check 6: units -------------------------------------------------------------------------------


def test_a_missing_scale_word_and_a_missing_currency_are_found():
    figures = frame(
        fig("U-1", "15.4 billion", "USD", "15400000000", "USD", measure="GDP"),
        fig("U-2", "573.0", "billion USD", "573000000000", "USD", measure="GDP"),
        fig("U-3", "1,999.3", "USD", "1999.3", "USD", measure="GDP"),  # 1,999.3 / 294,200,000,000 (median)
        fig("U-4", "billions", "count", "", "count", measure="investment in programs"),
        fig("U-5", "12", "count", "12", "count", measure="share of cities"),
    )
    verdicts = audit.check_units(figures)
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
    verdicts = audit.check_units(figures)
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
    v = only(audit.check_units(frame(row)), "V-1")
    assert (v.verdict, v.concerns) == ("discrepancy", rule) and problem in v.explanation


def test_units_that_fit_the_per_capita_date_and_share_rules_are_not_flagged():
    figures = frame(
        fig("V-1", "21", "tons per capita", "21", "tons per person", measure="CO2 production per capita"),
        fig("V-2", "1980s", "decade", "1980", "year", kind="date", measure="founding decade"),
        fig("V-3", "100", "percent", "1", "share", measure="share of cities"),  # a whole: not above it
        fig("V-4", "292", "percent", "2.92", "share", measure="GDP growth (percent)"),  # growth, not a share of
    )
    assert audit.check_units(figures) == []


# --- the overall verdict ---------------------------------------------------------------------------


def test_each_figure_gets_the_worst_of_its_checks_and_not_checkable_without_any():
    figures = frame(
        fig("O-1", "1", "count", "1", "count"),
        fig("O-2", "2", "count", "2", "count"),
        fig("O-3", "hundreds", "count", "", "count"),
        fig("O-4", "4", "count", "4", "count"),
    )
    checks = [
        audit.Verdict("O-1", audit.RESTATED, "consistent", "c", "e", ("O-4",)),
        audit.Verdict("O-1", audit.UNIT, "discrepancy", "c", "bad unit"),
        audit.Verdict("O-2", audit.UNIT, "not checkable", "c", "e"),
        audit.Verdict("O-2", audit.COMPARISON, "consistent", "c", "fine"),
    ]
    result = {v.figure_id: v for v in audit.overall(figures, checks)}
    assert [result[f].verdict for f in ("O-1", "O-2", "O-3", "O-4")] == [
        "discrepancy",
        "consistent",
        "not checkable",
        "not checkable",
    ]
    assert result["O-1"].explanation == "bad unit" and "states no definite number" in result["O-3"].explanation
    assert "O-1" in result["O-4"].explanation  # used by the check of O-1, not checked itself


# --- the real audit -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real():
    return audit.build(paths.RAW, paths.PROCESSED)


def test_every_figure_has_exactly_one_overall_verdict(real):
    table = real.table()
    overall = table[table["check"] == audit.OVERALL]
    assert list(overall["figure_id"]) == list(real.figures["figure_id"])
    assert set(table["verdict"]) <= set(audit.VERDICTS)
    with (paths.RAW / "figures.csv").open(encoding="utf-8", newline="") as registry:
        registered = sum(1 for _ in csv.DictReader(registry))  # counted apart from the code under test
    assert real.summary().loc["all", "figures"] == len(real.figures) == registered


def test_the_real_audit_reproduces_the_register_exactly(real):
    new, stale = audit.compare_with_register(real, paths.RAW / audit.FINDINGS)
    assert new.empty, new[["figure_id", "check", "explanation"]].to_string()
    assert stale.empty, stale.to_string()


def test_the_known_discrepancies_are_found(real):
    found = set(zip(real.discrepancies()["figure_id"], real.discrepancies()["check"], strict=True))
    assert ("LD-306", audit.COMPARISON) in found  # Jamaica's economy 'equal to' Buenos Aires'
    assert ("LD-349", audit.UNIT) in found and ("LD-349", audit.COMPARISON) in found  # 1,999.3 U.S. dollars
    assert {("LD-310", audit.PERCENT_OF_TOTAL), ("LD-311", audit.PERCENT_OF_TOTAL)} <= found  # 69% of 27
    # restatements that fit only the edge of the print's rounding (once F-04, F-05, F-09): Guangzhou's
    # 'nearly 14.9' (Figure 4: 14.9) and 'nearly 426.9' (426.9), Los Angeles' '1,051' (Figure 7: 1,051.5)
    table = real.table()
    for figure_id in ("LD-322", "LD-325", "LD-348"):
        (row,) = table[(table["figure_id"] == figure_id) & (table["check"] == audit.RESTATED)].itertuples()
        assert row.verdict == "consistent" and "borderline" in row.explanation, figure_id
    assert list(real.borderline()["figure_id"]) == ["LD-322", "LD-325", "LD-348"]  # and no other row
    verdicts = real.verdicts().set_index("figure_id")["verdict"]
    assert verdicts["LD-361"] == "consistent"  # Paris the lowest: 27 < 44, 100, 292
    assert verdicts["CL-014"] == "consistent"  # 'just under half (46%)'
    assert verdicts["BK-031"] == "not checkable"  # 91 vs 'more than 94' C40 members, at different dates


def test_the_audit_file_is_deterministic_and_left_alone_when_unchanged(tmp_path):
    shutil.copy(paths.PROCESSED / "figures.csv", tmp_path / "figures.csv")
    audit.run(paths.RAW, tmp_path)
    first = (tmp_path / audit.OUTPUT).read_bytes()
    stamp = (tmp_path / audit.OUTPUT).stat().st_mtime_ns
    audit.run(paths.RAW, tmp_path)
    assert (tmp_path / audit.OUTPUT).read_bytes() == first
    assert (tmp_path / audit.OUTPUT).stat().st_mtime_ns == stamp
    rows = list(csv.reader(io.StringIO(first.decode("utf-8"))))
    assert rows[0] == audit.COLUMNS and len(rows) > 296


def test_the_cli_passes_on_the_real_data(capsys):
    assert audit.main([]) == 0
    out = capsys.readouterr().out
    assert "every discrepancy is a reviewed finding" in out and "LD-306" in out


def test_the_cli_prints_the_finding_of_each_registered_discrepancy(capsys):
    # data/raw/findings.csv: F-01 explains both readings (R01, R02) of LD-306's 'equal to' Jamaica,
    # F-11 the missing scale word of LD-349; the other row of LD-349 (its comparison, R04) is F-10's
    assert audit.main([]) == 0
    lines = capsys.readouterr().out.splitlines()
    row = re.compile(r"^\s+(\S+)\s+(LD-306|LD-349)\s+(comparison|unit)\s+(\S+)\s")
    printed = {m.groups() for m in map(row.match, lines) if m}
    assert printed == {
        ("F-01", "LD-306", "comparison", "R01"),
        ("F-01", "LD-306", "comparison", "R02"),
        ("F-10", "LD-349", "comparison", "R04"),
        ("F-11", "LD-349", "unit", "magnitude"),
    }


def _append_figure(raw, **row: str) -> None:
    path = raw / "figures.csv"
    with path.open("a", encoding="utf-8", newline="") as handle:
        header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        csv.DictWriter(handle, header, lineterminator="\n").writerow(row)


def test_a_contradicting_figure_is_reported_by_name(raw_copy, tmp_path, capsys):
    # Buenos Aires' 2010 population registered again, but dated 2025: 'roughly 13.1 million'
    # allows 11.79 to 14.41 million, and Figure 1 gives 15.2 million for 2025.
    _append_figure(
        raw_copy,
        figure_id="LD-999",
        doc_id="ledna",
        quote="a population of roughly 13.1 million in 2010",
        value="13.1 million",
        unit="people",
        entity="Buenos Aires",
        measure="population",
        period="2025 (projected)",
        kind="text",
        qualifier="roughly",
    )
    processed = tmp_path / "processed"
    ingest.run(raw_copy, processed, log=lambda *_: None)
    new, stale = audit.compare_with_register(audit.build(raw_copy, processed), raw_copy / audit.FINDINGS)
    assert list(zip(new["figure_id"], new["check"], strict=True)) == [("LD-999", audit.RESTATED)]
    assert stale.empty
    assert audit.main(["--raw", str(raw_copy), "--processed", str(processed)]) == 1
    out = capsys.readouterr().out
    # the restatement is read against Figure 1's Population 2025 cell (LD-F01-02), printed 15.2
    assert "new discrepancy not in" in out and "LD-999 (restated value, concerns LD-F01-02)" in out
    assert re.search(r"^\s+NEW\s+LD-999\s+restated value\s+LD-F01-02\s", out, re.MULTILINE)


def test_a_finding_that_no_longer_reproduces_is_reported_by_name(raw_copy, capsys):
    with (raw_copy / audit.FINDINGS).open("a", encoding="utf-8") as handle:
        handle.write(
            "F-99,LD-305,restated value,LD-F01-06,Buenos Aires' 100% is said to differ from Figure 1.,wording\n"
        )
    assert audit.main(["--raw", str(raw_copy)]) == 1
    out = capsys.readouterr().out
    assert "registered finding F-99 (LD-305, restated value, concerns LD-F01-06) no longer reproduces" in out


# --- the register names each discrepancy exactly ---------------------------------------------------


def _drop_line(path, start: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(start)]
    assert len(kept) == len(lines) - 1, f"no single line of {path.name} starts with {start!r}"
    path.write_text("".join(kept), encoding="utf-8")


def test_a_finding_of_two_discrepancies_is_stale_when_one_of_them_goes(raw_copy, capsys):
    # F-01 explains two readings of one sentence (R01: GDP 2025, R02: Total Growth, against Jamaica);
    # without R02 the finding's second half no longer reproduces, though R01 still does
    _drop_line(raw_copy / audit.RELATIONS, "R02,")
    new, stale = audit.compare_with_register(audit.build(raw_copy, paths.PROCESSED), raw_copy / audit.FINDINGS)
    assert new.empty
    assert list(stale["finding_id"]) == ["F-01"] and "concerns R02 any more" in stale["why"].iloc[0]
    assert audit.main(["--raw", str(raw_copy)]) == 1
    assert "registered finding F-01 (LD-306, comparison, concerns R01;R02) no longer reproduces" in (
        capsys.readouterr().out
    )


def test_a_new_discrepancy_on_a_registered_figure_and_check_is_new(raw_copy, capsys):
    # the same 'equal to' sentence read a third way, against Buenos Aires' 2010 GDP (Figure 1: 191.7,
    # 191.7 / 15.4 = 12.4): a comparison discrepancy of LD-306 that F-01 (R01, R02) does not explain
    with (raw_copy / audit.RELATIONS).open("a", encoding="utf-8") as handle:
        quote = "Buenos Aires is projected to grow its GDP to a level currently equal to that of the entire economy "
        quote += "of the island of Jamaica—which sat at 15.4 billion USD"
        handle.write(f'R99,equal_to,ledna,LD-306;LD-F01-03,{quote},,"Read against the 2010 GDP."\n')
    new, stale = audit.compare_with_register(audit.build(raw_copy, paths.PROCESSED), raw_copy / audit.FINDINGS)
    assert list(zip(new["figure_id"], new["check"], new["concerns"], strict=True)) == [("LD-306", "comparison", "R99")]
    assert stale.empty
    assert audit.main(["--raw", str(raw_copy)]) == 1
    assert "new discrepancy not in" in capsys.readouterr().out


def test_a_finding_must_name_the_figures_its_discrepancy_was_checked_against(raw_copy, real):
    # F-02: 69% (LD-310) against the survey's 27 cities (LD-308); its figure_ids without LD-308
    _edit(raw_copy / audit.FINDINGS, "F-02,LD-310;LD-308,", "F-02,LD-310,")
    new, stale = audit.compare_with_register(real, raw_copy / audit.FINDINGS)
    assert new.empty and list(stale["finding_id"]) == ["F-02"]
    assert "leaves out LD-308" in stale["why"].iloc[0]


def _two_unit_faults() -> audit.AuditResult:
    # 'GDP per capita' in a count: no currency (rule 'currency') and no per-person unit ('per-capita')
    figures = frame(fig("U-1", "12", "count", "12", "count", measure="GDP per capita"))
    return audit.audit(figures, [], pd.DataFrame())


@pytest.mark.parametrize(
    ("concerns", "new", "stale"),
    [
        ("currency;per-capita", [], []),
        ("currency", ["per-capita"], []),  # one of the two discrepancies of U-1 / unit is not registered
        ("currency;per-capita;date-unit", [], ["F-1"]),  # U-1 is not a date: no such discrepancy
    ],
)
def test_each_unit_rule_of_one_figure_is_its_own_discrepancy(tmp_path, concerns, new, stale):
    register = tmp_path / "findings.csv"
    register.write_text(
        f"finding_id,figure_ids,check,concerns,explanation,status\nF-1,U-1,unit,{concerns},No unit.,missing unit\n",
        encoding="utf-8",
    )
    found_new, found_stale = audit.compare_with_register(_two_unit_faults(), register)
    assert list(found_new["concerns"]) == new and list(found_stale["finding_id"]) == stale


# --- bad input ------------------------------------------------------------------------------------


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('15.4 billion USD,,"Buenos', '15.5 billion USD,,"Buenos', r"line 2 \(R01\): quote not found"),
        ("R04,in_comparison", "R04,about_equal", r"line 5 \(R04\): unknown kind 'about_equal'"),
        ("LD-311;LD-310;LD-308", "LD-311;LD-310", r"line 10 \(R09\): 2 figure id\(s\) for kind all_but_vs_percent"),
        ("LD-328;LD-326", "LD-328;LD-999", r"line 4 \(R03\): unknown figure id 'LD-999'"),
        ("R08,restates,clausen,CL-014;CL-015", "R08,restates,clausen,CL-014;LD-310", r"LD-310 is a figure of ledna"),
    ],
)
def test_a_bad_relation_stops_with_one_line_naming_file_and_row(raw_copy, old, new, message):
    _edit(raw_copy / audit.RELATIONS, old, new)
    with pytest.raises(InputError, match=message) as info:
        audit.build(raw_copy, paths.PROCESSED)
    assert str(info.value).startswith(f"{raw_copy / audit.RELATIONS}") and "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("F-02,LD-310;LD-308,percentage of total,LD-308,", "F-02,LD-310;LD-308,percentage of total,,",
         r"line 3 \(F-02\): concerns empty"),
        ("F-03,LD-311;LD-310;LD-308,percentage of total,R09,", "F-03,LD-310;LD-308,percentage of total,LD-308,",
         r"line 4 \(F-03\): LD-310 / percentage of total / LD-308 already registered as F-02"),
    ],
)  # fmt: skip
def test_a_finding_without_its_discrepancy_or_with_another_findings_stops(raw_copy, real, old, new, message):
    _edit(raw_copy / audit.FINDINGS, old, new)
    with pytest.raises(InputError, match=message) as info:
        audit.compare_with_register(real, raw_copy / audit.FINDINGS)
    assert "\n" not in str(info.value)


def test_a_bad_finding_stops_with_one_line(raw_copy, real, capsys):
    _edit(raw_copy / audit.FINDINGS, "F-02,LD-310;LD-308,percentage of total", "F-02,LD-310;LD-308,percentages")
    with pytest.raises(InputError, match=r"line 3 \(F-02\): unknown check 'percentages'"):
        audit.compare_with_register(real, raw_copy / audit.FINDINGS)
    assert audit.main(["--raw", str(raw_copy)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
