"""Check 4, the same quantity in two documents (citydip.audit.checks.across_documents).

Expected values are worked out by hand in the comments, never copied from the code's output.
"""

from __future__ import annotations

from audit_helpers import fig, frame
from citydip.audit.checks.across_documents import check_across_documents


def test_the_same_quantity_in_two_documents_agrees_across_name_variants():
    figures = frame(
        fig("A-1", "25", "percent", "0.25", "share", doc_id="a", entity="C40", measure="share of world GDP"),
        fig("B-1", "25", "percent", "0.25", "share", doc_id="b", entity="C40 Cities Climate Leadership Group",
            measure="share of world GDP", period="at present"),
    )  # fmt: skip
    verdicts = check_across_documents(figures)
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
    assert {v.verdict for v in check_across_documents(same)} == {"discrepancy"}
    undated = same.copy()
    undated["period"] = ["", "at present"]
    assert {v.verdict for v in check_across_documents(undated)} == {"not checkable"}
