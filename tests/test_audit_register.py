"""The register of reviewed findings (citydip.audit.register): the real audit reproduces it exactly, it names
each discrepancy exactly, and a bad finding stops with one line.
"""

from __future__ import annotations

import pandas as pd
import pytest

from audit_helpers import edit, fig, frame
from citydip.audit.cli import main
from citydip.audit.model import FINDINGS, RELATIONS
from citydip.audit.pipeline import audit, build
from citydip.audit.register import compare_with_register
from citydip.audit.result import AuditResult
from citydip.core import paths
from citydip.core.errors import InputError


@pytest.fixture(scope="module")
def real():
    return build(paths.RAW, paths.PROCESSED)


def test_the_real_audit_reproduces_the_register_exactly(real):
    new, stale = compare_with_register(real, paths.RAW / FINDINGS)
    assert new.empty, new[["figure_id", "check", "explanation"]].to_string()
    assert stale.empty, stale.to_string()


# --- the register names each discrepancy exactly ---------------------------------------------------


def _drop_line(path, start: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(start)]
    assert len(kept) == len(lines) - 1, f"no single line of {path.name} starts with {start!r}"
    path.write_text("".join(kept), encoding="utf-8")


def test_a_finding_of_two_discrepancies_is_stale_when_one_of_them_goes(raw_copy, capsys):
    # F-01 explains two readings of one sentence (R01: GDP 2025, R02: Total Growth, against Jamaica);
    # without R02 the finding's second half no longer reproduces, though R01 still does
    _drop_line(raw_copy / RELATIONS, "R02,")
    new, stale = compare_with_register(build(raw_copy, paths.PROCESSED), raw_copy / FINDINGS)
    assert new.empty
    assert list(stale["finding_id"]) == ["F-01"] and "concerns R02 any more" in stale["why"].iloc[0]
    assert main(["--raw", str(raw_copy)]) == 1
    assert "registered finding F-01 (LD-306, comparison, concerns R01;R02) no longer reproduces" in (
        capsys.readouterr().out
    )


def test_a_new_discrepancy_on_a_registered_figure_and_check_is_new(raw_copy, capsys):
    # the same 'equal to' sentence read a third way, against Buenos Aires' 2010 GDP (Figure 1: 191.7,
    # 191.7 / 15.4 = 12.4): a comparison discrepancy of LD-306 that F-01 (R01, R02) does not explain
    with (raw_copy / RELATIONS).open("a", encoding="utf-8") as handle:
        quote = "Buenos Aires is projected to grow its GDP to a level currently equal to that of the entire economy "
        quote += "of the island of Jamaica—which sat at 15.4 billion USD"
        handle.write(f'R999,equal_to,ledna,LD-306;LD-F01-03,{quote},,,"Read against the 2010 GDP."\n')
    new, stale = compare_with_register(build(raw_copy, paths.PROCESSED), raw_copy / FINDINGS)
    assert list(zip(new["figure_id"], new["check"], new["concerns"], strict=True)) == [("LD-306", "comparison", "R999")]
    assert stale.empty
    assert main(["--raw", str(raw_copy)]) == 1
    assert "new discrepancy not in" in capsys.readouterr().out


def test_a_finding_must_name_the_figures_its_discrepancy_was_checked_against(raw_copy, real):
    # F-02: 69% (LD-310) against the survey's 27 cities (LD-308); its figure_ids without LD-308
    edit(raw_copy / FINDINGS, "F-02,LD-310;LD-308,", "F-02,LD-310,")
    new, stale = compare_with_register(real, raw_copy / FINDINGS)
    assert new.empty and list(stale["finding_id"]) == ["F-02"]
    assert "leaves out LD-308" in stale["why"].iloc[0]


def _two_unit_faults() -> AuditResult:
    # 'GDP per capita' in a count: no currency (rule 'currency') and no per-person unit ('per-capita')
    figures = frame(fig("U-1", "12", "count", "12", "count", measure="GDP per capita"))
    return audit(figures, [], pd.DataFrame())


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
    found_new, found_stale = compare_with_register(_two_unit_faults(), register)
    assert list(found_new["concerns"]) == new and list(found_stale["finding_id"]) == stale


# --- bad input ------------------------------------------------------------------------------------


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
    edit(raw_copy / FINDINGS, old, new)
    with pytest.raises(InputError, match=message) as info:
        compare_with_register(real, raw_copy / FINDINGS)
    assert "\n" not in str(info.value)


def test_a_bad_finding_stops_with_one_line(raw_copy, real, capsys):
    edit(raw_copy / FINDINGS, "F-02,LD-310;LD-308,percentage of total", "F-02,LD-310;LD-308,percentages")
    with pytest.raises(InputError, match=r"line 3 \(F-02\): unknown check 'percentages'"):
        compare_with_register(real, raw_copy / FINDINGS)
    assert main(["--raw", str(raw_copy)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
