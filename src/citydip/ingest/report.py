"""Small tables that the notebooks display (the notebooks only call these)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from citydip.core import checksums, paths
from citydip.core.numbers import format_decimal
from citydip.core.registry import KINDS
from citydip.core.sources import NOT_STATED
from citydip.ingest.coverage import summary
from citydip.ingest.pipeline import OUTPUTS, IngestResult


def sources_table(result: IngestResult) -> pd.DataFrame:
    """The four documents: id, file, checksum (verified), and the bibliographic facts they state."""
    rows = []
    for doc in result.documents.values():
        m = doc.meta
        rows.append(
            {
                "doc_id": doc.doc_id,
                "file": m["file"],
                "sha256 (verified)": m["sha256"][:16] + "…",
                "authors": m["authors"],
                "title": m["title"],
                "year": m["year"] or NOT_STATED,
                "venue": m["venue"] or NOT_STATED,
            }
        )
    return pd.DataFrame(rows).set_index("doc_id")


def figure_counts(result: IngestResult) -> pd.DataFrame:
    """Registered figures per document and kind, with totals."""
    counts = Counter((f.row["doc_id"], f.row["kind"]) for f in result.figures)
    frame = pd.DataFrame([{"doc_id": d, **{k: counts[(d, k)] for k in KINDS}} for d in result.documents]).set_index(
        "doc_id"
    )
    frame["all figures"] = frame.sum(axis=1)
    frame.loc["all documents"] = frame.sum(axis=0)
    return frame


def coverage_table(result: IngestResult) -> pd.DataFrame:
    """Every number found per document and how it is accounted for."""
    return pd.DataFrame(summary(result.accounted)).set_index("doc_id")


def rule_counts(result: IngestResult) -> pd.DataFrame:
    """How many numbers each exclusion rule covers, per document."""
    counts = Counter((a.by, a.doc_id) for a in result.accounted if a.status == "rule")
    rules = sorted({r for r, _ in counts})
    return pd.DataFrame([{"rule": r, **{d: counts[(r, d)] for d in result.documents}} for r in rules]).set_index("rule")


def figures_about(result: IngestResult, entity: str) -> pd.DataFrame:
    """The registered figures about one entity, with value, unit, base value and where they stand."""
    rows = [
        {
            "figure_id": f.figure_id,
            "doc_id": f.row["doc_id"],
            "line": f.line,
            "measure": f.row["measure"],
            "period": f.row["period"],
            "stated": (f.row["qualifier"] + " " + f.row["value"]).strip(),
            "unit": f.row["unit"],
            "base value": format_decimal(f.base_value),
            "base unit": f.base_unit,
            "quote": f.row["quote"].replace("\t", " | "),
        }
        for f in result.figures
        if f.row["entity"] == entity
    ]
    return pd.DataFrame(rows).set_index("figure_id")


def output_checksums(processed_dir: str | Path = paths.PROCESSED, names: Iterable[str] = OUTPUTS) -> pd.DataFrame:
    """Size and SHA-256 of each file ingest wrote (see :func:`citydip.core.checksums.table`)."""
    return checksums.table(processed_dir, names)
