"""The overall verdict of each figure (citydip.audit.overall): the worst of its checks."""

from __future__ import annotations

from audit_helpers import fig, frame
from citydip.audit.model import COMPARISON, RESTATED, UNIT, Verdict
from citydip.audit.overall import overall


def test_each_figure_gets_the_worst_of_its_checks_and_not_checkable_without_any():
    figures = frame(
        fig("O-1", "1", "count", "1", "count"),
        fig("O-2", "2", "count", "2", "count"),
        fig("O-3", "hundreds", "count", "", "count"),
        fig("O-4", "4", "count", "4", "count"),
    )
    checks = [
        Verdict("O-1", RESTATED, "consistent", "c", "e", ("O-4",)),
        Verdict("O-1", UNIT, "discrepancy", "c", "bad unit"),
        Verdict("O-2", UNIT, "not checkable", "c", "e"),
        Verdict("O-2", COMPARISON, "consistent", "c", "fine"),
    ]
    result = {v.figure_id: v for v in overall(figures, checks)}
    assert [result[f].verdict for f in ("O-1", "O-2", "O-3", "O-4")] == [
        "discrepancy",
        "consistent",
        "not checkable",
        "not checkable",
    ]
    assert result["O-1"].explanation == "bad unit" and "states no definite number" in result["O-3"].explanation
    assert "O-1" in result["O-4"].explanation  # used by the check of O-1, not checked itself
