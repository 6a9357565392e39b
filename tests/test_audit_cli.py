"""python -m citydip.audit (citydip.audit.cli): passes on the real data, prints the finding of each
discrepancy, and names a new discrepancy or a finding that no longer reproduces.
"""

from __future__ import annotations

import csv
import io
import re
import shutil

from citydip.audit.cli import main
from citydip.audit.model import FINDINGS, RESTATED
from citydip.audit.pipeline import build
from citydip.audit.register import compare_with_register
from citydip.core import paths
from citydip.ingest import pipeline as ingest


def test_the_cli_passes_on_the_real_data(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "every discrepancy is a reviewed finding" in out and "LD-306" in out


def test_the_cli_prints_the_finding_of_each_registered_discrepancy(capsys):
    # data/raw/findings.csv: F-01 explains both readings (R01, R02) of LD-306's 'equal to' Jamaica,
    # F-11 the missing scale word of LD-349; the other row of LD-349 (its comparison, R04) is F-10's
    assert main([]) == 0
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
    shutil.copytree(paths.PROCESSED / "tables", processed / "tables")  # notebook 02's tables, which the audit reads
    shutil.copy(paths.PROCESSED / "reference_values.csv", processed)  # and notebook 07's reference values
    new, stale = compare_with_register(build(raw_copy, processed), raw_copy / FINDINGS)
    assert list(zip(new["figure_id"], new["check"], strict=True)) == [("LD-999", RESTATED)]
    assert stale.empty
    assert main(["--raw", str(raw_copy), "--processed", str(processed)]) == 1
    out = capsys.readouterr().out
    # the restatement is read against Figure 1's Population 2025 cell (LD-F01-02), printed 15.2
    assert "new discrepancy not in" in out and "LD-999 (restated value, concerns LD-F01-02)" in out
    assert re.search(r"^\s+NEW\s+LD-999\s+restated value\s+LD-F01-02\s", out, re.MULTILINE)


def test_a_finding_that_no_longer_reproduces_is_reported_by_name(raw_copy, capsys):
    with (raw_copy / FINDINGS).open("a", encoding="utf-8") as handle:
        handle.write(
            "F-99,LD-305,restated value,LD-F01-06,Buenos Aires' 100% is said to differ from Figure 1.,wording\n"
        )
    assert main(["--raw", str(raw_copy)]) == 1
    out = capsys.readouterr().out
    assert "registered finding F-99 (LD-305, restated value, concerns LD-F01-06) no longer reproduces" in out
