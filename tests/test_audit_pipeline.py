"""The real audit (citydip.audit.pipeline): one overall verdict per figure, the known discrepancies found,
and audit.csv written deterministically.
"""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from citydip.audit.model import (
    ACROSS_DOCUMENTS,
    COLUMNS,
    COMPARISON,
    OUTPUT,
    OVERALL,
    PERCENT_OF_TOTAL,
    RESTATED,
    UNIT,
    VERDICTS,
)
from citydip.audit.pipeline import build, run
from citydip.core import paths


@pytest.fixture(scope="module")
def real():
    return build(paths.RAW, paths.PROCESSED)


def test_every_figure_has_exactly_one_overall_verdict(real):
    table = real.table()
    overall = table[table["check"] == OVERALL]
    assert list(overall["figure_id"]) == list(real.figures["figure_id"])
    assert set(table["verdict"]) <= set(VERDICTS)
    with (paths.RAW / "figures.csv").open(encoding="utf-8", newline="") as registry:
        registered = sum(1 for _ in csv.DictReader(registry))  # counted apart from the code under test
    assert real.summary().loc["all", "figures"] == len(real.figures) == registered


def test_the_known_discrepancies_are_found(real):
    found = set(zip(real.discrepancies()["figure_id"], real.discrepancies()["check"], strict=True))
    assert ("LD-306", COMPARISON) in found  # Jamaica's economy 'equal to' Buenos Aires'
    assert ("LD-349", UNIT) in found and ("LD-349", COMPARISON) in found  # 1,999.3 U.S. dollars
    assert {("LD-310", PERCENT_OF_TOTAL), ("LD-311", PERCENT_OF_TOTAL)} <= found  # 69% of 27
    # restatements that fit only the edge of the print's rounding (once F-04, F-05, F-09): Guangzhou's
    # 'nearly 14.9' (Figure 4: 14.9) and 'nearly 426.9' (426.9), Los Angeles' '1,051' (Figure 7: 1,051.5)
    table = real.table()
    for figure_id in ("LD-322", "LD-325", "LD-348"):
        (row,) = table[(table["figure_id"] == figure_id) & (table["check"] == RESTATED)].itertuples()
        assert row.verdict == "consistent" and "borderline" in row.explanation, figure_id
    assert list(real.borderline()["figure_id"]) == ["LD-322", "LD-325", "LD-348"]  # and no other row
    verdicts = real.verdicts().set_index("figure_id")["verdict"]
    assert verdicts["LD-361"] == "consistent"  # Paris the lowest: 27 < 44, 100, 292
    assert verdicts["CL-014"] == "consistent"  # 'just under half (46%)'
    across = table[(table["figure_id"] == "BK-031") & (table["check"] == ACROSS_DOCUMENTS)]
    assert list(across["verdict"]) == ["not checkable"]  # 91 vs 'more than 94' C40 members, at different dates
    assert verdicts["BK-031"] == "discrepancy"  # but 91 'megacities' where the UN counts 33 (R77)


def test_the_audit_file_is_deterministic_and_left_alone_when_unchanged(tmp_path):
    shutil.copy(paths.PROCESSED / "figures.csv", tmp_path / "figures.csv")
    shutil.copytree(paths.PROCESSED / "tables", tmp_path / "tables")  # notebook 02's tables, which the audit reads
    shutil.copy(paths.PROCESSED / "reference_values.csv", tmp_path)  # and notebook 07's reference values
    run(paths.RAW, tmp_path)
    first = (tmp_path / OUTPUT).read_bytes()
    stamp = (tmp_path / OUTPUT).stat().st_mtime_ns
    run(paths.RAW, tmp_path)
    assert (tmp_path / OUTPUT).read_bytes() == first
    assert (tmp_path / OUTPUT).stat().st_mtime_ns == stamp
    rows = list(csv.reader(io.StringIO(first.decode("utf-8"))))
    assert rows[0] == COLUMNS and len(rows) > 296
