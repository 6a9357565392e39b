"""The audit of every figure: recomputed, compared, and classed consistent / discrepancy / not checkable.

``python -m citydip.audit`` (:func:`main`) builds the audit, prints its summary and every
discrepancy with the finding of ``data/raw/findings.csv`` that explains it, and exits 1 on a
discrepancy not in the register or a finding that no longer reproduces (2 on bad input). The
first line above is the command's description.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from citydip.audit.model import FINDINGS, id_list
from citydip.audit.pipeline import build
from citydip.audit.register import match_register
from citydip.core import paths
from citydip.core.errors import InputError


def _one_line(text: str) -> str:
    return " ".join(text.split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m citydip.audit", description=__doc__.splitlines()[0])
    parser.add_argument("--raw", default="data/raw", help="raw data folder (default: data/raw)")
    parser.add_argument("--processed", default="data/processed", help="processed folder (default: data/processed)")
    parser.add_argument("--findings", default=None, help="register of findings (default: <raw>/findings.csv)")
    args = parser.parse_args(argv)
    findings = args.findings or str(Path(args.raw) / FINDINGS)
    try:
        result = build(args.raw, args.processed)
        match = match_register(result, findings)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        f"audit: {len(result.overall)} figures, {len(result.checks)} checks, "
        f"{len(result.relations)} curated relations ({paths.relative(paths.resolve(args.raw))}, "
        f"{paths.relative(paths.resolve(args.processed))})"
    )
    print("\nfigures per document and overall verdict:")
    print(result.summary().to_string())
    print(f"\ndiscrepancies ({len(match.found)} check rows; finding, figure, check, what it concerns):")
    for _, row in match.found.iterrows():
        print(
            f"  {row['finding_id'] or 'NEW':<5} {row['figure_id']:<10} {row['check']:<20} {row['concerns']:<11} "
            f"{_one_line(row['explanation'])}"
        )
    shown = paths.relative(paths.resolve(findings))
    for _, row in match.new.iterrows():
        print(
            f"new discrepancy not in {shown}: {row['figure_id']} ({row['check']}, concerns {row['concerns']}): "
            f"{_one_line(row['explanation'])}"
        )
    for _, row in match.stale.iterrows():
        print(
            f"registered finding {row['finding_id']} ({id_list(row['figure_ids'])[0]}, {row['check']}, concerns "
            f"{row['concerns']}) no longer reproduces: {row['why']}"
        )
    if len(match.new) or len(match.stale):
        print(f"audit: {len(match.new)} new discrepancy(ies), {len(match.stale)} stale finding(s) in {shown}")
        return 1
    print(f"audit: every discrepancy is a reviewed finding of {shown}, and every finding reproduces")
    return 0
