"""The claims as a seminar reads them (citydip.audit.claims_view): counts per kind and document, and the
claims that do not hold with what the text says, what the numbers say and why it matters."""

from __future__ import annotations

import pandas as pd

from citydip.audit.claims_view import WHY, claims, claims_by_kind, claims_grid, failing_claims
from citydip.audit.model import COLUMNS, RELATION_COLUMNS

_AUDIT = pd.DataFrame(
    [
        ["A-1", "a", "overall", "", "discrepancy", "ranking: discrepancy", "worst", ""],
        ["A-1", "a", "ranking", "R1", "discrepancy", "[R1] 12 against: 38", "Not the largest.", "A-2"],
        ["A-3", "a", "chronology", "R2", "consistent", "[R2] 1956 before 1973: yes", "In order.", ""],
        ["B-1", "b", "ranking", "R3", "not checkable", "[R3] no other entity", "Missing.", ""],
        ["B-2", "b", "unit", "currency", "discrepancy", "no currency", "Not a relation.", ""],
    ],
    columns=COLUMNS,
)
_RELATIONS = pd.DataFrame(
    [
        ["R1", "highest_of", "a", "A-1", "the largest city", "", "largest", "Read as a ranking."],
        ["R2", "before", "a", "A-3;A-4", "founded in 1956, then in 1973", "", "", "Order."],
        ["R3", "highest_of", "b", "B-1", "the biggest port", "", "biggest", "Ranking."],
    ],
    columns=list(RELATION_COLUMNS),
)


def test_each_relation_gets_its_verdict_quote_and_computation():
    table = claims(_AUDIT, _RELATIONS)
    assert list(table["relation"]) == ["R1", "R2", "R3"]
    r1 = table.iloc[0]
    assert (r1["check"], r1["verdict"], r1["what the text says"]) == ("ranking", "discrepancy", "the largest city")
    assert r1["what the numbers say"] == "12 against: 38"  # the '[R1] ' prefix is dropped
    assert r1["why it matters"] == WHY["ranking"]


def test_counts_per_kind_and_document_and_what_holds():
    counts = claims_by_kind(claims(_AUDIT, _RELATIONS), ["a", "b"]).set_index(["check", "document"])
    assert counts.loc[("ranking", "a"), ["claims", "holds", "does not hold"]].tolist() == [1, 0, 1]
    assert counts.loc[("ranking", "all"), ["claims", "not checkable"]].tolist() == [2, 1]
    assert counts.loc[("chronology", "a"), "holds"] == 1
    assert ("chronology", "b") not in counts.index  # no claim of that kind in b


def test_only_claims_that_do_not_hold_are_listed_as_failing():
    assert list(failing_claims(claims(_AUDIT, _RELATIONS))["relation"]) == ["R1"]


def test_the_grid_has_a_row_per_check_and_a_cell_per_document():
    grid = claims_grid(claims(_AUDIT, _RELATIONS), ["a", "b"])
    assert list(grid.index) == ["ranking", "chronology"]
    assert grid.loc["ranking", "a"] == "1 claim: 1 does not hold"
    assert grid.loc["ranking", "all"] == "2 claims: 1 does not hold, 1 not checkable"
    assert grid.loc["chronology", "b"] == "—"
