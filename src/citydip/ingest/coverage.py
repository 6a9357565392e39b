"""Coverage: every number of every document, and what accounts for it.

A number is *registered* (a figure of the registry claims it), *excluded by a
rule* (``rules.RULES``), *listed* in ``data/raw/exclusions.csv`` with a reason,
or *unaccounted*. The contract is zero unaccounted numbers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from citydip.core.csvio import read_table
from citydip.core.errors import InputError
from citydip.core.numbers import Number, find_numbers, find_value
from citydip.core.registry import Figure, locate
from citydip.core.sources import Document
from citydip.ingest.rules import RULES

EXCLUSION_COLUMNS = ("exclusion_id", "doc_id", "context", "occurrence", "number", "reason")
STATUSES = ("registered", "rule", "listed", "unaccounted")


@dataclass(frozen=True)
class Accounted:
    doc_id: str
    number: Number
    line: int
    status: str  # one of STATUSES
    by: str  # figure ids, rule name or exclusion id; '' when unaccounted


def _listed_spans(path: Path, documents: dict[str, Document]) -> dict[str, list[tuple[int, int, str]]]:
    """Spans of the numbers that exclusions.csv lists, per document, with the exclusion id."""
    frame = read_table(path, EXCLUSION_COLUMNS, key="exclusion_id")
    spans: dict[str, list[tuple[int, int, str]]] = {d: [] for d in documents}
    for row in frame.to_dict("records"):
        where = f"line {row['_line']} (exclusion_id {row['exclusion_id']})"
        doc = documents.get(row["doc_id"])
        if doc is None:
            raise InputError(
                path,
                f"unknown doc_id {row['doc_id']!r}",
                where=where,
                expected=f"one of {', '.join(sorted(documents))}",
            )
        if not row["reason"].strip():
            raise InputError(path, "empty reason", where=where, expected="why this number is not a figure")
        context = row["context"]
        if row["occurrence"].strip() == "all":
            starts = doc.occurrences(context)
            if not starts:
                locate(doc, context, "", file=path, where=where, what="context")  # raises 'not found'
        else:
            starts = [locate(doc, context, row["occurrence"], file=path, where=where, what="context")]
        if row["number"].strip():
            hits = find_value(row["number"], context)
            if len(hits) != 1:
                raise InputError(
                    path,
                    f"number {row['number']!r} occurs {len(hits)} times in its context",
                    where=where,
                    expected="a context in which the number stands exactly once",
                )
            rel = [(hits[0].start, hits[0].end)]
        else:
            rel = [(n.start, n.end) for n in find_numbers(context)]
            if not rel:
                raise InputError(
                    path,
                    "the context holds no number",
                    where=where,
                    expected="a context holding the number(s) to exclude",
                )
        spans[row["doc_id"]] += [(s + a, s + b, row["exclusion_id"]) for s in starts for a, b in rel]
    return spans


def account(documents: dict[str, Document], figures: list[Figure], exclusions: Path) -> list[Accounted]:
    """Every number of every document with its status; a listed number that a figure claims is an error."""
    listed = _listed_spans(exclusions, documents)
    result: list[Accounted] = []
    used_exclusions: set[str] = set()
    for doc_id, doc in documents.items():
        claims = [(f.value_start, f.value_end, f.figure_id) for f in figures if f.row["doc_id"] == doc_id]
        rule_spans = [(rule.name, rule.spans(doc)) for rule in RULES]
        for number in find_numbers(doc.text):
            overlapping = sorted(i for s, e, i in claims if s < number.end and number.start < e)
            inside = [i for s, e, i in listed[doc_id] if s <= number.start and number.end <= e]
            if overlapping and inside:
                raise InputError(
                    exclusions,
                    f"number {number.text!r} on line {doc.line_of(number.start)} of "
                    f"{doc.path.name} is listed by {inside[0]} but registered as {overlapping[0]}",
                    where=f"exclusion_id {inside[0]}",
                    expected="a number either registered or excluded",
                )
            if overlapping:
                status, by = "registered", " ".join(overlapping)
            elif inside:
                status, by = "listed", inside[0]
                used_exclusions.update(inside)
            else:
                rule = next(
                    (
                        name
                        for name, spans in rule_spans
                        if any(s <= number.start and number.end <= e for s, e in spans)
                    ),
                    None,
                )
                status, by = ("rule", rule) if rule else ("unaccounted", "")
            result.append(Accounted(doc_id, number, doc.line_of(number.start), status, by))
    unused = sorted({i for spans in listed.values() for *_, i in spans} - used_exclusions)
    if unused:
        raise InputError(
            exclusions,
            f"exclusion(s) that exclude no number: {', '.join(unused)}",
            expected="every exclusion to cover a number that nothing else accounts for",
        )
    return result


def summary(accounted: list[Accounted]) -> list[dict[str, object]]:
    """Counts per document and status, in a fixed order."""
    counts = Counter((a.doc_id, a.status) for a in accounted)
    docs = list(dict.fromkeys(a.doc_id for a in accounted))
    return [
        {"doc_id": d, **{s: counts[(d, s)] for s in STATUSES}, "numbers": sum(counts[(d, s)] for s in STATUSES)}
        for d in docs
    ]
