"""What the audit computed (:class:`AuditResult`) and the tables a reader is shown of it and of its readings.

:class:`AuditResult` holds the registry, every check row and one overall row per figure, and
gives the views of them (the ``audit.csv`` table, the verdicts, the discrepancies, the summaries);
:func:`readings_table` and :func:`relations_table` are the tables of the qualifier readings and
the curated relations the audit notebook shows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from citydip.audit.checks.relation_kinds import RELATION_KINDS, Relation
from citydip.audit.checks.restated import BORDERLINE
from citydip.audit.display import num
from citydip.audit.model import CHECKS, COLUMNS, CONSISTENT, DISCREPANCY, OVERALL, VERDICTS, Verdict
from citydip.audit.overall import sorted_checks
from citydip.core.qualifiers import QUALIFIERS
from citydip.reference.links import Link, Value


@dataclass(frozen=True)
class PublicRecord:
    """The links of figures to reference series and each link's reference values (as the reference
    stage wrote them: ``citydip.reference.values``)."""

    links: list[Link]
    values: dict[str, list[Value]]


@dataclass
class AuditResult:
    """Everything the audit computed: the registry, every check row, one overall row per figure."""

    figures: pd.DataFrame
    checks: list[Verdict]
    overall: list[Verdict]
    relations: list[Relation] = field(default_factory=list)
    public: PublicRecord | None = None

    def table(self) -> pd.DataFrame:
        """The audit as written to ``audit.csv``: per figure (reading order), its overall row, then its checks."""
        by_figure: dict[str, list[Verdict]] = defaultdict(list)
        for v in self.checks:
            by_figure[v.figure_id].append(v)
        first = {v.figure_id: v for v in self.overall}
        rows = []
        for figure_id, doc_id in zip(self.figures["figure_id"], self.figures["doc_id"], strict=True):
            for v in [first[figure_id], *sorted_checks(by_figure.get(figure_id, []))]:
                rows.append(v.record(doc_id))
        return pd.DataFrame(rows, columns=COLUMNS)

    def verdicts(self) -> pd.DataFrame:
        """One row per figure: its overall verdict, the worst of its checks."""
        table = self.table()
        return table[table["check"] == OVERALL].reset_index(drop=True)

    def discrepancies(self) -> pd.DataFrame:
        """Every check row whose verdict is a discrepancy."""
        table = self.table()
        return table[(table["check"] != OVERALL) & (table["verdict"] == DISCREPANCY)].reset_index(drop=True)

    def borderline(self) -> pd.DataFrame:
        """Every consistent check row that agrees only at the edge of a printed value's rounding."""
        table = self.table()
        rows = table[(table["check"] != OVERALL) & (table["verdict"] == CONSISTENT)]
        return rows[rows["explanation"].str.contains(BORDERLINE, regex=False)].reset_index(drop=True)

    def summary(self) -> pd.DataFrame:
        """Figures per document and overall verdict, with totals."""
        verdicts = self.verdicts()
        docs = list(dict.fromkeys(self.figures["doc_id"]))
        rows = []
        for doc in [*docs, "all"]:
            mine = verdicts if doc == "all" else verdicts[verdicts["doc_id"] == doc]
            rows.append(
                {"document": doc, **{v: int((mine["verdict"] == v).sum()) for v in VERDICTS}, "figures": len(mine)}
            )
        return pd.DataFrame(rows).set_index("document")

    def per_check(self) -> pd.DataFrame:
        """Check rows per check and verdict."""
        table = self.table()
        rows = []
        for check in CHECKS:
            mine = table[table["check"] == check]
            rows.append({"check": check, **{v: int((mine["verdict"] == v).sum()) for v in VERDICTS}, "rows": len(mine)})
        return pd.DataFrame(rows).set_index("check")


def readings_table() -> pd.DataFrame:
    """The qualifier semantics (:data:`citydip.core.qualifiers.QUALIFIERS`) as a table for the reader."""
    rows = [
        {
            "qualifier": q or "(none)",
            "the true value is": r.direction,
            "tolerance": "" if r.tolerance is None else f"{num(r.tolerance * 100)} %",
            "reading of 'qualifier X'": r.meaning,
        }
        for q, r in QUALIFIERS.items()
    ]
    return pd.DataFrame(rows).set_index("qualifier")


def relations_table(result: AuditResult) -> pd.DataFrame:
    """Each curated relation: its kind and reading, its figures, its verbatim quote and its verdict."""
    verdicts = {v.computation.split("]")[0][1:]: v for v in result.checks if v.computation.startswith("[")}
    rows = []
    for rel in result.relations:
        v = verdicts.get(rel.relation_id)
        rows.append(
            {
                "relation": rel.relation_id,
                "kind": rel.kind,
                "figures": "; ".join(rel.figure_ids),
                "quote": rel.quote,
                "check": RELATION_KINDS[rel.kind].check,
                "verdict": v.verdict if v else "",
            }
        )
    return pd.DataFrame(rows).set_index("relation")
