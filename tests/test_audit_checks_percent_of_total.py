"""Check 2, percentages and counts of a stated total (citydip.audit.checks.percent_of_total).

Expected values are worked out by hand in the comments, never copied from the code's output.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pandas as pd
import pytest

from audit_helpers import by, fig, frame, only
from citydip.audit.checks.percent_of_total import check_percent_of_total, fits


def _survey(*members: dict[str, str]) -> pd.DataFrame:
    total = fig("S-0", "twenty-seven", "count", "27", "count", entity="Survey", measure="sample size (cities)",
                period="2018")  # fmt: skip
    return frame(total, *members)


def test_fits_lists_the_whole_shares_within_half_a_point():
    # 18/26 = 69.23 % rounds to 69; of 27, 18/27 = 66.67 % and 19/27 = 70.37 %: none
    assert fits(Decimal(69), Decimal("0.5"), 26) == [18]
    assert fits(Decimal(69), Decimal("0.5"), 27) == []
    # 1/8 = 12.5 %: on the edge of 12 +- 0.5, and the edge counts, above and below
    assert fits(Decimal(12), Decimal("0.5"), 8) == [1]
    assert fits(Decimal(13), Decimal("0.5"), 8) == [1]
    assert fits(Decimal(0), Decimal("0.5"), 10) == [0]  # none of 10 is a share too


@pytest.mark.parametrize("n", [1, 3, 7, 8, 26, 27, 40])
def test_fits_is_every_k_within_the_band_by_its_definition(n):
    """Against the definition, k by k in exact fractions, over percentages in steps of a tenth."""
    for tenths in range(-20, 1021, 7):
        percent = Decimal(tenths) / 10
        for half in (Decimal("0.5"), Decimal("0.05"), Decimal(0)):
            expected = [k for k in range(n + 1) if abs(Fraction(100 * k, n) - Fraction(percent)) <= Fraction(half)]
            assert fits(percent, half, n) == expected, (percent, half, n)


def test_a_percentage_that_is_a_whole_number_of_the_total_is_consistent():
    # 10/27 = 37.04 %, which rounds to 37 %; a count of 1 of 27 cities is possible
    figures = _survey(
        fig("S-1", "37", "percent", "0.37", "share", entity="Survey", measure="share of x", period="2018"),
        fig("S-2", "one", "count", "1", "count", entity="Survey", measure="cities without x", period="2018"),
    )
    verdicts = check_percent_of_total(figures)
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
    verdicts = check_percent_of_total(figures)
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
    v = only(check_percent_of_total(figures), "S-3")
    assert (v.verdict, v.related, v.concerns) == (verdict, ("S-0",), "S-0")
