"""Check 1, table arithmetic (citydip.audit.checks.table_arithmetic), on a hand-made table.

Expected values are worked out by hand in the comments, never copied from the code's output.
"""

from __future__ import annotations

import pandas as pd
import pytest

from audit_helpers import fig, frame
from citydip.audit.checks.table_arithmetic import check_table_arithmetic
from citydip.core.errors import InputError
from citydip.tables import printed as tables

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
    return check_table_arithmetic(tables.derived_checks(_SPEC, table), cells)


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


def test_a_table_of_the_same_label_in_another_document_is_not_mixed_in():
    """Another document printing a 'Figure 99' with a Town row: only the printing document's cells count
    (found with the corpus copied by make bench-scale: three 'Figure 1' Total Growth cells)."""
    table = pd.DataFrame([["Town", "Land", "1.0", "1.5", "100.0", "150.0", "50.0", "50%"]], columns=_HEADER)

    def cell(figure_id, value, column, doc, unit="billion USD", base_unit="USD"):
        return fig(figure_id, value, unit, "0", base_unit, kind="table_cell", table="Figure 99", column=column,
                   entity="Town", doc_id=doc)  # fmt: skip

    rows = []
    for doc, prefix in (("doc", "T"), ("other", "O")):
        rows += [
            cell(f"{prefix}-3", "100.0", "GDP** 2010", doc),
            cell(f"{prefix}-4", "150.0", "GDP 2025", doc),
            cell(f"{prefix}-5", "50.0", "Total Growth", doc),
            cell(f"{prefix}-6", "50", "% GDP Growth", doc, "percent", "share"),
        ]
    derived = tables.derived_checks(_SPEC, table)
    verdicts = check_table_arithmetic(derived, frame(*rows), {"Figure 99": "doc"})
    assert [(v.figure_id, v.verdict) for v in verdicts] == [("T-5", "consistent"), ("T-6", "consistent")]
    with pytest.raises(InputError, match="2 figures for Figure 99, row 'Town', column 'Total Growth'"):
        check_table_arithmetic(derived, frame(*rows))  # without the documents of the tables: ambiguous
