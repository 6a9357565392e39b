"""The whole audit: every check over the registry (:func:`audit`), built from the raw inputs and written.

:func:`build` reads the processed registry and the raw inputs (documents, printed tables, the
curated relations, the case cities) and runs :func:`audit`; :func:`run` also writes ``audit.csv``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from citydip.audit.checks.across_documents import check_across_documents
from citydip.audit.checks.percent_of_total import check_percent_of_total
from citydip.audit.checks.public_record import check_public_record
from citydip.audit.checks.relations import Policy, Relation, check_relations, load_relations
from citydip.audit.checks.restated import check_restated
from citydip.audit.checks.table_arithmetic import check_table_arithmetic
from citydip.audit.checks.units import check_units, check_units_from_context
from citydip.audit.model import OUTPUT
from citydip.audit.overall import overall
from citydip.audit.result import AuditResult, PublicRecord
from citydip.core import paths
from citydip.core.csvio import frame_to_csv_text, write_if_changed
from citydip.core.figures import load as load_figures
from citydip.core.sources import load_documents
from citydip.reference import values as reference_values
from citydip.tables import cases
from citydip.tables import printed as tables


def _ordered(figures: pd.DataFrame) -> pd.DataFrame:
    """The registry in reading order (document order as given, then position in the document)."""
    order = {d: i for i, d in enumerate(dict.fromkeys(figures["doc_id"]))}
    columns = (figures["doc_id"], figures["value_offset"], figures["figure_id"])
    keys = [(order[d], int(o or 0), f) for d, o, f in zip(*columns, strict=True)]
    return figures.iloc[sorted(range(len(figures)), key=keys.__getitem__)]


def policy_matrix_of(result: tables.TablesResult) -> pd.DataFrame | None:
    """Figure 11 (the policy table derived from the others) as a matrix of codes, if it is listed."""
    for spec in result.specs:
        if spec.kind == "policy_matrix" and spec.derived_from:
            return tables.policy_matrix(result.rebuilt[spec.table_id])
    return None


def audit(
    figures: pd.DataFrame,
    relations: Sequence[Relation],
    derived: pd.DataFrame,
    policy: Policy | None = None,
    public: PublicRecord | None = None,
    table_docs: dict[str, str] | None = None,
    texts: dict[str, str] | None = None,
) -> AuditResult:
    """Run every check over a registry (as ``figures.load`` returns it) and class every figure.

    ``texts`` (a document id to its text) lets the unit check read the sentence around each value.
    """
    figures = _ordered(figures)
    checks = [
        *check_table_arithmetic(derived, figures, table_docs),
        *check_percent_of_total(figures),
        *check_restated(figures),
        *check_across_documents(figures),
        *check_relations(relations, figures, policy),
        *check_units(figures),
        *check_units_from_context(figures, texts or {}),
        *(check_public_record(public.links, public.values, figures) if public else []),
    ]
    return AuditResult(figures, checks, overall(figures, checks), list(relations), public)


def build(raw_dir: str | Path = "data/raw", processed_dir: str | Path = "data/processed") -> AuditResult:
    """The whole audit from the raw inputs, the processed registry and tables, writing nothing."""
    figures = load_figures(processed_dir)
    documents = load_documents(paths.resolve(raw_dir))
    rebuilt = tables.load_built(raw_dir, Path(processed_dir) / "tables")  # as notebook 02 wrote them
    relations = load_relations(raw_dir, figures, documents)
    matrix, policy = policy_matrix_of(rebuilt), None
    if matrix is not None:
        policy = Policy(matrix, cases.groups(cases.load_cases(raw_dir, documents), list(matrix.columns)))
    links, found = reference_values.read(processed_dir)  # as the reference stage computed them
    table_docs = {spec.label: spec.doc_id for spec in rebuilt.specs}
    texts = {doc_id: doc.text for doc_id, doc in documents.items()}
    return audit(figures, relations, rebuilt.derived, policy, PublicRecord(links, found), table_docs, texts)


def to_csv_text(result: AuditResult) -> str:
    return frame_to_csv_text(result.table())


def run(raw_dir: str | Path = "data/raw", processed_dir: str | Path = "data/processed") -> AuditResult:
    """Build the audit and write ``audit.csv`` into ``processed_dir`` (unchanged files are left alone)."""
    result = build(raw_dir, processed_dir)
    write_if_changed(paths.output(processed_dir) / OUTPUT, to_csv_text(result))
    return result
