"""The claims the texts make about their numbers, as a seminar reads them: per kind and document, how
many there are and how many hold; and each claim that does not hold, worded as what the text says,
what the numbers say and why it matters.

Both tables are made from the audit's rows (``audit.csv``, or ``AuditResult.table()``) and the curated
relations (``data/raw/audit_relations.csv``), so that notebook 05 and the site's audit page show the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from citydip.audit.checks.relation_kinds import RELATION_KINDS, Relation
from citydip.audit.model import (
    BASE,
    CHRONOLOGY,
    COMPARISON,
    CONSISTENT,
    DEFINITION,
    DISCREPANCY,
    ENUMERATION,
    NOT_CHECKABLE,
    OVERALL,
    PERCENT_OF_TOTAL,
    QUANTIFIER,
    RANKING,
    SCOPE,
    TEXT_ARITHMETIC,
)

WHY: dict[str, str] = {
    RANKING: "A ranking word ('the largest', 'the first', 'the newest') tells the reader where a city stands "
    "among others; when the text's own figures put it elsewhere, the reader is misled though every number "
    "is quoted correctly.",
    CHRONOLOGY: "The order of events is part of the argument (what led to what); a period word or an order "
    "that the text's own dates contradict breaks the story the dates are meant to support.",
    QUANTIFIER: "'Most', 'all' or 'both' turn a count into a general statement; if the count does not bear it "
    "out, the generalisation is the author's, not the evidence's.",
    ENUMERATION: "A count followed by a list invites the reader to trust both; when they disagree, one of the "
    "two is wrong and the reader cannot tell which.",
    BASE: "A share means nothing without its base (of the population, of the urban population, of the planet); "
    "the same number on two bases, or a hedge on an exact value, changes what the figure says.",
    DEFINITION: "A term defined by a threshold (a size, a date) must fit every case it is applied to, or the "
    "category the argument rests on does not hold.",
    SCOPE: "A city, its metropolitan area and its country are different units; a figure of one placed on "
    "another makes comparisons between cities meaningless.",
    COMPARISON: "A comparison ('equal to', 'comparable to', 'the size of') is how a reader grasps a large number; "
    "a comparison the numbers do not support gives a wrong sense of scale.",
    PERCENT_OF_TOTAL: "A percentage must be a possible share of the total it is drawn from; otherwise the survey "
    "or the count behind it is misreported.",
    TEXT_ARITHMETIC: "A total, a difference or a growth rate in the prose must follow from the numbers it is "
    "computed from; if it does not, one of them is wrong.",
}
"""Why each kind of claim matters, in a seminar's words (one sentence per check)."""

HOLDS_WORDS = {CONSISTENT: "holds", DISCREPANCY: "does not hold", NOT_CHECKABLE: "not checkable"}
_RELATION = re.compile(r"^\[(?P<id>[^\]]+)\]\s*")
CLAIM_COLUMNS = [
    "relation", "document", "check", "kind", "figure_ids", "verdict", "what the text says", "what the numbers say",
    "explanation", "why it matters",
]  # fmt: skip


def claims(audit: pd.DataFrame, relations: pd.DataFrame | Iterable[Relation]) -> pd.DataFrame:
    """One row per curated relation, in the order of ``audit_relations.csv``: its check and kind, its verdict,
    the quote, the computation written out, the explanation and why its kind matters.

    ``audit`` has the columns of ``audit.csv`` (a relation's row names it in its computation, '[R01] ...');
    ``relations`` those of ``audit_relations.csv`` (or are the relations the audit loaded).
    """
    rows = audit[audit["check"] != OVERALL]
    by_relation = {}
    for computation, verdict, explanation in zip(
        rows["computation"], rows["verdict"], rows["explanation"], strict=True
    ):
        m = _RELATION.match(computation)
        if m:
            by_relation[m["id"]] = (verdict, computation[m.end() :], explanation)
    out = []
    for rel in relations.itertuples(index=False) if isinstance(relations, pd.DataFrame) else relations:
        check = RELATION_KINDS[rel.kind].check
        verdict, computation, explanation = by_relation.get(rel.relation_id, ("", "", ""))
        out.append(
            [
                rel.relation_id,
                rel.doc_id,
                check,
                rel.kind,
                rel.figure_ids if isinstance(rel.figure_ids, str) else "; ".join(rel.figure_ids),
                verdict,
                rel.quote,
                computation,
                explanation,
                WHY.get(check, ""),
            ]
        )
    return pd.DataFrame(out, columns=CLAIM_COLUMNS)


def claims_by_kind(table: pd.DataFrame, documents: list[str]) -> pd.DataFrame:
    """How many claims of each check there are per document, and how many hold, do not hold or cannot be
    checked; a row 'all' per check. ``table`` is what :func:`claims` returns."""
    rows = []
    checks = list(dict.fromkeys(RELATION_KINDS[k].check for k in RELATION_KINDS))
    for check in checks:
        mine = table[table["check"] == check]
        if mine.empty:
            continue
        for doc in [*documents, "all"]:
            part = mine if doc == "all" else mine[mine["document"] == doc]
            if part.empty:
                continue
            counts = {HOLDS_WORDS[v]: int((part["verdict"] == v).sum()) for v in HOLDS_WORDS}
            kinds = ", ".join(dict.fromkeys(part["kind"]))
            rows.append({"check": check, "document": doc, "kinds": kinds, "claims": len(part), **counts})
    return pd.DataFrame(rows, columns=["check", "document", "kinds", "claims", *HOLDS_WORDS.values()])


def failing_claims(table: pd.DataFrame) -> pd.DataFrame:
    """The claims that do not hold, for a seminar: what the text says, what the numbers say, why it matters."""
    return table[table["verdict"] == DISCREPANCY].reset_index(drop=True)


def failing_markdown(table: pd.DataFrame) -> str:
    """The claims that do not hold as Markdown, one block each: what the text says, what the numbers say,
    why it matters (what notebook 05 shows; the site's page adds links to the figures)."""
    blocks = []
    for _, row in failing_claims(table).iterrows():
        blocks.append(
            f"**{row['relation']}** ({row['document']}, {row['check']}: `{row['kind']}`, "
            f"figures {row['figure_ids']})\n\n"
            f"- *What the text says:* “{row['what the text says']}”\n"
            f"- *What the numbers say:* {row['what the numbers say']}. {row['explanation']}\n"
            f"- *Why it matters:* {row['why it matters']}"
        )
    return "\n\n".join(blocks) if blocks else "Every claim holds or cannot be checked."


def claims_grid(table: pd.DataFrame, documents: list[str]) -> pd.DataFrame:
    """The counts of :func:`claims_by_kind` as a grid to read at a glance: a row per check, a column per
    document and 'all', each cell '17 claims: 13 hold, 4 do not hold' ('—' for none)."""
    counts = claims_by_kind(table, documents)
    grid = pd.DataFrame("—", index=list(dict.fromkeys(counts["check"])), columns=[*documents, "all"])
    for _, r in counts.iterrows():
        parts = [f"{r[w]} {_PLURAL[w] if r[w] > 1 else w}" for w in HOLDS_WORDS.values() if r[w]]
        grid.loc[r["check"], r["document"]] = f"{r['claims']} {'claims' if r['claims'] > 1 else 'claim'}: " + ", ".join(
            parts
        )
    return grid


_PLURAL = {"holds": "hold", "does not hold": "do not hold", "not checkable": "not checkable"}
