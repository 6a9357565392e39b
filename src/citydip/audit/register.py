"""The register of reviewed findings (``data/raw/findings.csv``) against the audit's discrepancies.

A discrepancy is a finding about the sources, not an error of the compendium: each must be
reviewed and listed in the register. :func:`match_register` says which finding explains each
discrepancy, which discrepancies are new and which findings no longer reproduce.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from citydip.audit.model import CHECKS, FINDING_COLUMNS, id_list
from citydip.audit.result import AuditResult
from citydip.core import paths
from citydip.core.csvio import read_table
from citydip.core.errors import InputError


def load_findings(path: str | Path, figures: pd.DataFrame) -> pd.DataFrame:
    """The register of reviewed discrepancies, checked: known checks and figure ids, each discrepancy once.

    A finding explains one or more check rows of the audit, all of one figure (the first of its
    ``figure_ids``) and one check; ``concerns`` names each of them (';' between rows) as the
    audit's ``concerns`` column does: the relation id, the unit rule, or the figure(s) checked
    against (joined by '+'). The result has one more column, ``figure_id`` (the first figure id).
    """
    path = paths.resolve(path)
    frame = read_table(path, FINDING_COLUMNS, key="finding_id")
    seen: dict[tuple[str, str, str], str] = {}
    firsts = []
    for _, row in frame.iterrows():
        at = f"line {row['_line']} ({row['finding_id']})"
        if row["check"] not in CHECKS:
            raise InputError(path, f"unknown check {row['check']!r}", where=at, expected=", ".join(CHECKS))
        ids = id_list(row["figure_ids"])
        if not ids:
            raise InputError(path, "no figure id", where=at, expected="the discrepant figure first, then related ones")
        for fid in ids:
            if fid not in figures.index:
                raise InputError(path, f"unknown figure id {fid!r}", where=at, expected="a registered figure id")
        for column in ("concerns", "explanation", "status"):
            if not row[column].strip() or "\n" in row[column]:
                raise InputError(path, f"{column} empty or on several lines", where=at, expected="one line")
        for concern in id_list(row["concerns"]):
            key = (ids[0], row["check"], concern)
            if key in seen:
                raise InputError(
                    path,
                    f"{ids[0]} / {row['check']} / {concern} already registered as {seen[key]}",
                    where=at,
                    expected="each discrepancy in one finding",
                )
            seen[key] = row["finding_id"]
        firsts.append(ids[0])
    frame = frame.copy()
    frame["figure_id"] = firsts
    return frame


@dataclass
class RegisterMatch:
    """The audit's discrepancies against the register of findings."""

    found: pd.DataFrame
    """Every discrepancy (:meth:`AuditResult.discrepancies`) with the ``finding_id`` that explains it ('' if none)."""
    new: pd.DataFrame
    """The discrepancies no finding explains."""
    stale: pd.DataFrame
    """The findings that no longer hold as registered (:data:`FINDING_COLUMNS`), with ``why``."""


def match_register(result: AuditResult, findings_csv: str | Path) -> RegisterMatch:
    """Each discrepancy matched to the finding that names it exactly (figure, check and ``concerns``).

    A finding is stale when one of the discrepancies it names is no longer found (a finding of two
    rows of which one has gone is stale too), or when its ``figure_ids`` leave out a figure that a
    discrepancy it explains was checked against.
    """
    findings = load_findings(findings_csv, result.figures)
    found = result.discrepancies()
    keys = list(zip(found["figure_id"], found["check"], found["concerns"], strict=True))
    related = dict(zip(keys, found["related_figure_ids"].map(lambda t: [i.strip() for i in t.split(";")]), strict=True))
    owner: dict[tuple[str, str, str], str] = {}
    stale_rows = []
    for _, f in findings.iterrows():
        mine = [(f["figure_id"], f["check"], c) for c in id_list(f["concerns"])]
        owner.update(dict.fromkeys(mine, f["finding_id"]))
        gone = [k[2] for k in mine if k not in related]
        named = set(id_list(f["figure_ids"]))
        unnamed = list(dict.fromkeys(i for k in mine if k in related for i in related[k] if i and i not in named))
        why = []
        if gone:
            why.append(f"no {f['check']} discrepancy of {f['figure_id']} concerns {', '.join(gone)} any more")
        if unnamed:
            why.append(f"figure_ids leaves out {', '.join(unnamed)}, which the discrepancy was checked against")
        if why:
            stale_rows.append({**{c: f[c] for c in FINDING_COLUMNS}, "why": "; ".join(why)})
    found = found.assign(finding_id=[owner.get(k, "") for k in keys])
    new = found[found["finding_id"] == ""].reset_index(drop=True)
    stale = pd.DataFrame(stale_rows, columns=[*FINDING_COLUMNS, "why"])
    return RegisterMatch(found, new, stale)


def compare_with_register(result: AuditResult, findings_csv: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(discrepancies not in the register, registered findings that no longer reproduce): see :func:`match_register`."""
    match = match_register(result, findings_csv)
    return match.new, match.stale
