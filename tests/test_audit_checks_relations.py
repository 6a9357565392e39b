"""Check 5, what the text says about several figures (citydip.audit.checks.relations): each kind of curated
relation recomputed on hand-made figures, and a bad row of audit_relations.csv refused.

Expected values are worked out by hand in the comments, never copied from the code's output.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from audit_helpers import edit, fig, frame, only
from citydip.audit.checks.relations import Policy, Relation, check_relations
from citydip.audit.model import RELATIONS, Verdict
from citydip.audit.pipeline import build
from citydip.core import paths
from citydip.core.errors import InputError
from citydip.tables import coding


def _relation(kind: str, *ids: str) -> Relation:
    return Relation("R-T", kind, "doc", ids, "a quote", "Context.")


_GDP = dict(measure="GDP")


def test_comparisons_that_fit_the_numbers_are_consistent():
    figures = frame(
        fig("C-1", "554.7 billion", "USD", "554700000000", "USD", qualifier="roughly", entity="Sweden", **_GDP),
        fig("C-2", "573.0", "billion USD", "573000000000", "USD", entity="Guangzhou", **_GDP),
        fig("C-3", "21", "tons per capita", "21", "tons per person", measure="CO2 per capita"),
        fig("C-4", "10", "tons per capita", "10", "tons per person", measure="CO2 per capita", entity="Other"),
    )
    verdicts = check_relations(
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
    verdicts = check_relations([_relation("equal_to", "J-1", "J-2"), _relation("in_comparison", "M-1", "M-2")], figures)
    # 384.3 / 15.4 = 24.95, far outside [0.9, 1.1]; 1,051,000,000,000 / 1,999.3 = 525,683,989.4 > 10
    assert only(verdicts, "J-1").verdict == "discrepancy" and "= 24.95;" in only(verdicts, "J-1").computation
    assert only(verdicts, "M-1").verdict == "discrepancy" and "525,683,989" in only(verdicts, "M-1").computation


def _one(kind: str, figures: pd.DataFrame, *ids: str) -> Verdict:
    (verdict,) = check_relations([_relation(kind, *ids)], figures)
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
    policy = Policy(matrix, coding.Groups(north=("LA", "Paris"), south=("BA", "GZ")))
    figures = frame(fig("Y-1", "one", "count", "1", "count"))
    relation = Relation("R-T", "policy_claim", "doc", ("Y-1",), _CULTURE_CLAIM, "Context.")
    (v,) = check_relations([relation], figures, policy)
    assert v.verdict == verdict
    assert ("3/4 cities active" if codes == "+0++" else "4/4 cities active") in v.computation
    (no_matrix,) = check_relations([relation], figures, None)
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
    verdict = only(check_relations([_relation("lowest_of", "W-1")], figures), "W-1")
    assert verdict.verdict == "consistent" and verdict.related == ("W-2", "W-3")
    figures.loc["W-2", "value"], figures.loc["W-2", "base_value"] = "25", "0.25"  # now Los Angeles is lower
    assert only(check_relations([_relation("lowest_of", "W-1")], figures), "W-1").verdict == "discrepancy"


def test_all_but_one_against_a_percentage():
    figures = frame(
        fig("E-1", "one", "count", "1", "count"),
        fig("E-2", "69", "percent", "0.69", "share"),
        fig("E-3", "96", "percent", "0.96", "share"),
        fig("E-4", "twenty-seven", "count", "27", "count"),
    )
    # all except 1 of 27 = 26/27 = 96.30 %: it fits 96 %, not 69 %
    verdicts = check_relations(
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
    verdicts = check_relations(
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


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('15.4 billion USD,,,"Buenos', '15.5 billion USD,,,"Buenos', r"line 2 \(R01\): quote not found"),
        ("R04,in_comparison", "R04,about_equal", r"line 5 \(R04\): unknown kind 'about_equal'"),
        ("LD-311;LD-310;LD-308", "LD-311;LD-310", r"line 10 \(R09\): 2 figure id\(s\) for kind all_but_vs_percent"),
        ("LD-328;LD-326", "LD-328;LD-999", r"line 4 \(R03\): unknown figure id 'LD-999'"),
        ("R08,restates,clausen,CL-014;CL-015", "R08,restates,clausen,CL-014;LD-310", r"LD-310 is a figure of ledna"),
    ],
)
def test_a_bad_relation_stops_with_one_line_naming_file_and_row(raw_copy, old, new, message):
    edit(raw_copy / RELATIONS, old, new)
    with pytest.raises(InputError, match=message) as info:
        build(raw_copy, paths.PROCESSED)
    assert str(info.value).startswith(f"{raw_copy / RELATIONS}") and "\n" not in str(info.value)
