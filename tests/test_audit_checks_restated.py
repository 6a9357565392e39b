"""Check 3, a value restated in the same document (citydip.audit.checks.restated), read through its qualifier
against the printed value, which is the interval it rounds from.

Expected values are worked out by hand in the comments, never copied from the code's output.
"""

from __future__ import annotations

import pytest

from audit_helpers import by, fig, frame, only
from citydip.audit.checks.restated import check_restated
from citydip.audit.model import Verdict


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
    verdicts = check_restated(figures)
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
    verdicts = check_restated(figures)
    assert [only(verdicts, f).verdict for f in ("N-2", "O-2", "F-2")] == ["discrepancy"] * 3
    assert "'nearly' does not fit" in only(verdicts, "N-2").explanation
    assert "[14.95, 15.05) million people" in only(verdicts, "N-2").computation
    assert "'just over' does not fit" in only(verdicts, "O-2").explanation
    assert "further below 14.9 million than 'nearly' allows" in only(verdicts, "F-2").explanation
    assert by(verdicts, "N-1") == [] and by(verdicts, "O-1") == [] and by(verdicts, "F-1") == []
    assert by(verdicts, "L-3") == []


# --- a printed value is the interval it rounds from ------------------------------------------------


def _restated(claim: dict[str, str], printed: dict[str, str]) -> Verdict:
    claim.update(measure="m", period="p")
    printed.update(measure="m", period="p")
    return only(check_restated(frame(printed, claim)), claim["figure_id"])


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
