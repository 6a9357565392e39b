"""The audit's vocabulary: the verdicts, the names of the checks, the files and columns, and :class:`Verdict`.

Every check returns :class:`Verdict` records, one per check row of ``audit.csv`` (:data:`COLUMNS`).
A new check's name goes into :data:`CHECKS` (the order its rows are listed under a figure).
"""

from __future__ import annotations

from dataclasses import dataclass

from citydip.stages import AUDIT_OUTPUT

OUTPUT = AUDIT_OUTPUT  # the file name, declared with the stage

# --- verdicts and checks ------------------------------------------------------------------------

CONSISTENT, DISCREPANCY, NOT_CHECKABLE = "consistent", "discrepancy", "not checkable"
VERDICTS = (CONSISTENT, DISCREPANCY, NOT_CHECKABLE)
SEVERITY = {NOT_CHECKABLE: 0, CONSISTENT: 1, DISCREPANCY: 2}
"""How bad a verdict is: a figure's overall verdict is the worst of its checks."""

TABLE_ARITHMETIC = "table arithmetic"
PERCENT_OF_TOTAL = "percentage of total"
RESTATED = "restated value"
ACROSS_DOCUMENTS = "across documents"
COMPARISON = "comparison"
TEXT_ARITHMETIC = "text arithmetic"
UNIT = "unit"
PUBLIC_RECORD = "public record"
# the claims a text makes about its own numbers (curated relations of the kinds of citydip.audit.checks.claims)
RANKING = "ranking"
CHRONOLOGY = "chronology"
QUANTIFIER = "quantifier"
ENUMERATION = "enumeration"
BASE = "base of a share"
DEFINITION = "definition"
SCOPE = "scope"
OVERALL = "overall"
CLAIM_CHECKS = (RANKING, CHRONOLOGY, QUANTIFIER, ENUMERATION, BASE, DEFINITION, SCOPE)
"""The checks of the claims about numbers that are not comparisons, percentages or arithmetic."""
CHECKS = (
    TABLE_ARITHMETIC, TEXT_ARITHMETIC, PERCENT_OF_TOTAL, RESTATED, ACROSS_DOCUMENTS, COMPARISON, *CLAIM_CHECKS, UNIT,
    PUBLIC_RECORD,
)  # fmt: skip
"""The checks, in the order their rows are listed under a figure (after its overall row)."""

RELATIONS = "audit_relations.csv"
FINDINGS = "findings.csv"
COLUMNS = ["figure_id", "doc_id", "check", "concerns", "verdict", "computation", "explanation", "related_figure_ids"]
RELATION_COLUMNS = ("relation_id", "kind", "doc_id", "figure_ids", "quote", "occurrence", "terms", "explanation")
FINDING_COLUMNS = ("finding_id", "figure_ids", "check", "concerns", "explanation", "status")


@dataclass(frozen=True)
class Verdict:
    """One check of one figure.

    ``concerns`` says which check row of the figure and check this is: the id of the curated
    relation it recomputes, the unit rule that fired (:data:`citydip.audit.checks.units.UNIT_RULES`),
    or else the figure(s) it was checked against, joined by ``+`` (the stated total, the table
    cell, the other document's figure, the table's GDP cells). Figure id, check and ``concerns``
    name one row of the audit; a finding of ``data/raw/findings.csv`` names the rows it explains
    by them.
    """

    figure_id: str
    check: str
    verdict: str
    computation: str
    explanation: str
    related: tuple[str, ...] = ()
    concerns: str = ""

    def record(self, doc_id: str) -> dict[str, str]:
        return {
            "figure_id": self.figure_id,
            "doc_id": doc_id,
            "check": self.check,
            "concerns": self.concerns,
            "verdict": self.verdict,
            "computation": self.computation,
            "explanation": self.explanation,
            "related_figure_ids": "; ".join(self.related),
        }


def against(*figure_ids: str) -> str:
    """The ``concerns`` of a check row made against other figures: their ids joined by '+'."""
    return "+".join(figure_ids)


def id_list(text: str) -> list[str]:
    """The ids of a ';'-separated list ('LD-310; LD-308' -> ['LD-310', 'LD-308']), empty items dropped."""
    return [i.strip() for i in text.split(";") if i.strip()]
