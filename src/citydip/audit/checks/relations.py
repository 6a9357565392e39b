"""Check 5, relations: what the text says about several figures, from the curated ``audit_relations.csv``.

Each row of ``data/raw/audit_relations.csv`` is a statement of the text about two or more
figures, with its verbatim quote (checked against its document by :func:`load_relations`). Its
kind (:data:`RELATION_KINDS`) says which check it belongs to (comparison, percentage of total,
text arithmetic), the roles of its figures and how it is read; :func:`check_relations`
recomputes it with the test of its kind (``_RELATION_TESTS``). A new kind is an entry in both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from citydip.audit.checks.claims import CLAIM_TESTS
from citydip.audit.checks.contradicted import CONTRADICTION_TESTS
from citydip.audit.checks.relation_kinds import RELATION_KINDS, SAME_ORDER, Relation, RelationKind
from citydip.audit.checks.restated import compare_statement
from citydip.audit.display import allows, bare, in_terms_of, num, stated, where
from citydip.audit.model import (
    COMPARISON,
    CONSISTENT,
    DISCREPANCY,
    NOT_CHECKABLE,
    RELATION_COLUMNS,
    RELATIONS,
    Verdict,
    id_list,
)
from citydip.core import paths
from citydip.core.csvio import read_table
from citydip.core.errors import InputError
from citydip.core.figures import decimal, records
from citydip.core.qualifiers import Interval, interval, precision
from citydip.core.registry import locate
from citydip.core.sources import Document
from citydip.tables import coding
from citydip.tables.claims import CLAIMS, HOLDS, claims_table


@dataclass(frozen=True)
class Policy:
    """What ``policy_claim`` relations are tested on: Figure 11 as codes, and the groups of its cities."""

    matrix: pd.DataFrame
    groups: coding.Groups


def load_relations(raw_dir: str | Path, figures: pd.DataFrame, documents: dict[str, Document]) -> list[Relation]:
    """The curated relations, each quote checked verbatim against its document and each figure id known.

    The terms of a row (';'-separated) must each occur in its quote; a kind that reads terms
    (:attr:`RelationKind.terms`) needs at least one.
    """
    path = paths.resolve(raw_dir) / RELATIONS
    frame = read_table(path, RELATION_COLUMNS, key="relation_id")
    out = []
    for _, row in frame.iterrows():
        at = f"line {row['_line']} ({row['relation_id']})"
        kind = RELATION_KINDS.get(row["kind"])
        if kind is None:
            raise InputError(path, f"unknown kind {row['kind']!r}", where=at, expected=", ".join(RELATION_KINDS))
        doc = documents.get(row["doc_id"])
        if doc is None:
            raise InputError(path, f"unknown doc_id {row['doc_id']!r}", where=at, expected=", ".join(documents))
        locate(doc, row["quote"], row["occurrence"], file=path, where=at, what="quote")
        if row["kind"].startswith("policy_") and not any(c.quote == row["quote"] for c in CLAIMS):
            raise InputError(
                path,
                f"no claim of citydip.coding has the quote {row['quote']!r}",
                where=at,
                expected=f"for kind {row['kind']}, the quote of one of citydip.tables.claims.CLAIMS",
            )
        ids = tuple(id_list(row["figure_ids"]))
        _check_figures(path, at, row["kind"], row["doc_id"], ids, figures)
        terms = _terms(path, at, row["kind"], row["terms"], row["quote"])
        _counter_terms(path, at, kind, terms)
        out.append(
            Relation(row["relation_id"], row["kind"], row["doc_id"], ids, row["quote"], row["explanation"], terms)
        )
    return out


def _check_figures(path: Path, at: str, kind_name: str, doc_id: str, ids: tuple[str, ...], figures) -> None:
    """Stop unless the row names as many known figures as its kind's roles, of its document (or, for a
    kind that compares across documents, at least one of its document)."""
    kind = RELATION_KINDS[kind_name]
    n = len(kind.roles)
    fits = n <= len(ids) <= (kind.most or len(ids)) if kind.more else len(ids) == n
    if not fits:
        count = f"{n} or more" + (f", at most {kind.most}" if kind.most else "") if kind.more else str(n)
        raise InputError(
            path,
            f"{len(ids)} figure id(s) for kind {kind_name}",
            where=at,
            expected=f"{count}: {'; '.join(kind.roles)}",
        )
    for fid in ids:
        if fid not in figures.index:
            raise InputError(path, f"unknown figure id {fid!r}", where=at, expected="a registered figure id")
    foreign = [fid for fid in ids if figures.loc[fid, "doc_id"] != doc_id]
    if foreign and not (kind.across and len(foreign) < len(ids)):
        fid = foreign[0]
        expected = f"at least one figure of {doc_id}" if kind.across else doc_id
        raise InputError(path, f"{fid} is a figure of {figures.loc[fid, 'doc_id']}", where=at, expected=expected)


def _terms(path: Path, at: str, kind_name: str, text: str, quote: str) -> tuple[str, ...]:
    """The row's terms, each found verbatim in its quote; at least one where the kind reads them."""
    terms = tuple(t.strip() for t in text.split(";") if t.strip())
    wanted = RELATION_KINDS[kind_name].terms
    if wanted and not terms:
        raise InputError(path, f"no terms for kind {kind_name}", where=at, expected=f"{wanted}, as quoted")
    for term in terms:
        if RELATION_KINDS[kind_name].counter and term.startswith("~"):
            continue  # in a figure's quote: _counter_terms
        if term not in quote:
            raise InputError(
                path, f"the term {term!r} is not in the quote", where=at, expected="terms copied from the quote"
            )
    return terms


def _counter_terms(path: Path, at: str, kind: RelationKind, terms: tuple[str, ...]) -> None:
    """Stop unless a kind that reads '~' terms has one. Whether each is in one of the figures' quotes is the
    check's to say (where a quote no longer holds them, the claim is not checkable: the verdict changes)."""
    if kind.counter and not any(t.startswith("~") and t[1:].strip() for t in terms):
        raise InputError(path, "no '~' term", where=at, expected="the other statement's words, marked '~'")


def check_relations(
    relations: Iterable[Relation], figures: pd.DataFrame, policy: Policy | None = None
) -> list[Verdict]:
    """Each curated relation recomputed from the stated numbers; the verdict goes to its first figure.

    ``policy`` is Figure 11 as codes with the thesis's groups of its cities, needed by ``policy_claim`` relations.
    """
    out = []
    rows = records(figures)
    by_id = {f["figure_id"]: f for f in rows}
    for rel in relations:
        kind = RELATION_KINDS[rel.kind]
        figs = [by_id[i] for i in rel.figure_ids]
        verdict, computation, explanation, related = _RELATION_TESTS[rel.kind](rel, figs, rows, policy)
        out.append(
            Verdict(
                rel.figure_ids[0],
                kind.check,
                verdict,
                f"[{rel.relation_id}] {computation}",
                explanation,
                tuple(related) if related is not None else rel.figure_ids[1:],
                rel.relation_id,
            )
        )
    return out


def _size(rel: Relation, figs, figures, policy):
    comparator, subject = figs
    kind = RELATION_KINDS[rel.kind]
    c, s = decimal(comparator["base_value"]), decimal(subject["base_value"])
    if c is None or s is None or c == 0:
        return NOT_CHECKABLE, "no definite number to compare", f"{rel.explanation} One side states no number.", None
    lo, hi = kind.band
    ratio = s / c
    ok = lo <= ratio <= hi
    computation = (
        f"{stated(subject)} ({where(subject)}) / {stated(comparator)} ({where(comparator)}) = {num(ratio, 2)}; "
        f"{kind.reading}: ratio between {num(lo)} and {num(hi)} needed"
    )
    if ok:
        explanation = f"{rel.explanation} The two agree: the ratio is {num(ratio, 2)}."
    elif kind.band == SAME_ORDER:
        explanation = (
            f"{rel.explanation} As stated, {stated(subject)} is {num(ratio, 0)} times {stated(comparator)}: "
            "the comparison does not fit the numbers (a scale word looks missing)."
        )
    else:
        explanation = (
            f"{rel.explanation} As stated, {stated(subject)} is {num(ratio, 2)} times {stated(comparator)}, "
            f"so the two are not {rel.kind.replace('_', ' ')} each other."
        )
    return CONSISTENT if ok else DISCREPANCY, computation, explanation, None


def _order(rel: Relation, figs, figures, policy):
    first, second = figs
    a, b = interval(first), interval(second)
    if a is None or b is None:
        return NOT_CHECKABLE, "no definite number", f"{rel.explanation} One side states no number.", None
    want_below = rel.kind == "less_than"
    if want_below:
        ok, wrong = a.below(b), b.below(a)
    else:
        ok, wrong = b.below(a), a.below(b)
    sign = "<" if want_below else ">"
    computation = (
        f"'{stated(first)}' allows {allows(first, a)}; '{stated(second)}' allows {allows(first, b)}; "
        f"{sign} needed: {'yes' if ok else 'no' if wrong else 'the ranges overlap'}"
    )
    verdict = CONSISTENT if ok else DISCREPANCY if wrong else NOT_CHECKABLE
    word = "smaller" if want_below else "larger"
    tail = {
        CONSISTENT: f"{stated(first)} is {word} than {stated(second)}, as the text says.",
        DISCREPANCY: f"{stated(first)} is not {word} than {stated(second)}.",
        NOT_CHECKABLE: "The stated ranges overlap, so the order cannot be decided.",
    }[verdict]
    return verdict, computation, f"{rel.explanation} {tail}", None


def _restates(rel: Relation, figs, figures, policy):
    words, number = figs
    v = compare_statement(words, number, COMPARISON)
    return v.verdict, v.computation, f"{rel.explanation} {v.explanation}", None


def _policy(rel: Relation, figs, figures, policy):
    claims = [c for c in CLAIMS if c.quote == rel.quote]
    if policy is None:
        return NOT_CHECKABLE, "the policy matrix was not given", rel.explanation, None
    codings = coding.codings_to_test(coding.DEFAULT)
    table = claims_table(policy.matrix, codings, policy.groups, claims)
    default = table[table["coding"] == "parameter"]
    ok = bool((default["verdict"] == HOLDS).all())
    parts = []
    for claim in claims:
        rows = table[table["claim_id"] == claim.claim_id]
        held = int((rows["verdict"] == HOLDS).sum())
        why = rows[rows["coding"] == "parameter"]["why"].iloc[0]
        parts.append(f"{claim.claim_id} ({claim.reading}): {why}; holds under {held} of {len(rows)} codings")
    computation = f"default coding {coding.DEFAULT}: " + " | ".join(parts)
    tail = f"It {'holds' if ok else 'does not hold'} under the default coding of the policy codes"
    fails = table[table["verdict"] != HOLDS]
    if len(fails):
        failing = "; ".join(f"{r.claim_id} under '{r.coding}'" for r in fails.itertuples(index=False))
        tail += f"; it fails as {failing} (see policy_claims.csv)."
    else:
        tail += " and under every alternative coding."
    return CONSISTENT if ok else DISCREPANCY, computation, f"{rel.explanation} {tail}", None


def _all_but(rel: Relation, figs, figures, policy):
    exceptions, percent, total = figs
    e, n = decimal(exceptions["base_value"]), decimal(total["base_value"])
    if e is None or n is None or n == 0 or not percent["value_number"]:
        return NOT_CHECKABLE, "no definite number", f"{rel.explanation} A figure states no number.", None
    p = Decimal(percent["value_number"])
    implied = (n - e) / n * 100
    band = interval(percent)
    ok = band.contains(implied / 100)
    stated_count = p / 100 * n
    computation = (
        f"all except {num(e)} of {num(n)} = {num(n - e)}/{num(n)} = {num(implied, 2)}%; stated {percent['value']}%; "
        f"{percent['value']}% of {num(n)} = {num(stated_count, 2)} cities, i.e. {num(n - stated_count, 2)} without"
    )
    if ok:
        explanation = f"{rel.explanation} The two agree."
    else:
        explanation = (
            f"{rel.explanation} But all except {num(e)} of {num(n)} is {num(implied, 1)}%, not {percent['value']}%: "
            f"{percent['value']}% of {num(n)} leaves about {num(n - stated_count, 0)} cities without a plan, "
            f"not {num(e)}."
        )
    return CONSISTENT if ok else DISCREPANCY, computation, explanation, None


def _parts(rel: Relation, figs, figures, policy):
    if any(not f["value_number"] for f in figs):
        return NOT_CHECKABLE, "a part states no definite number", f"{rel.explanation} A part states no number.", None
    values = [Decimal(f["value_number"]) for f in figs]
    halves = sum(precision(f) / Decimal("0.01") / 2 for f in figs)
    total = sum(values)
    ok = abs(total - 100) <= halves
    computation = f"{' + '.join(f['value'] + '%' for f in figs)} = {num(total)}%; 100% needed (within ±{num(halves)})"
    tail = "They add up to the whole." if ok else f"They add up to {num(total)}%, not 100%."
    return CONSISTENT if ok else DISCREPANCY, computation, f"{rel.explanation} {tail}", None


def _unstated_total(rel: Relation, figs, figures, policy):
    share, part = figs
    a, p = interval(share), decimal(part["base_value"])
    if a is None or p is None:
        return NOT_CHECKABLE, "no definite number", rel.explanation, None
    lo = p / a.hi if a.hi else None
    hi = p / a.lo if a.lo else None
    computation = (
        f"'{stated(share)}' of the total is {stated(part)}: the total would be "
        f"{'more than ' + in_terms_of(part, lo) if lo else 'unbounded'}"
        f"{' and at most ' + in_terms_of(part, hi) if hi else ''}; no such total is registered"
    )
    return NOT_CHECKABLE, computation, rel.explanation, None


def _arith_interval(rel: Relation, figs) -> tuple[Interval | None, Decimal | None, str]:
    """What the parts give: its interval (from each part's range), its point value, the expression written out.

    The expression shows every part in the terms of the statement checked (for a growth rate,
    of its start value), so that '573 - 146' reads in billions whatever each part was written in.
    """
    ints = [interval(f) for f in figs[1:]]
    vals = [decimal(f["base_value"]) for f in figs[1:]]
    if any(i is None or i.lo is None or i.hi is None for i in ints):
        return None, None, ""
    if rel.kind == "sum":
        expr = " + ".join(bare(figs[0], v) for v in vals)
        return Interval(sum(i.lo for i in ints), sum(i.hi for i in ints)), sum(vals), expr
    start, end = ints
    a, b = vals
    if rel.kind == "difference":
        return Interval(end.lo - start.hi, end.hi - start.lo), b - a, f"{bare(figs[0], b)} - {bare(figs[0], a)}"
    lo = (end.lo - start.hi) / start.hi  # a share: the claim's base unit
    hi = (end.hi - start.lo) / start.lo
    sa, sb = bare(figs[1], a), bare(figs[1], b)
    return Interval(lo, hi), (b - a) / a, f"({sb} - {sa}) / {sa} x 100"


def _arith(rel: Relation, figs, figures, policy):
    claim = figs[0]
    computed, point, expr = _arith_interval(rel, figs)
    a = interval(claim)
    if computed is None or a is None or point is None:
        return NOT_CHECKABLE, "a part states no definite number", f"{rel.explanation} A part states no number.", None
    ok = a.overlaps(computed)
    qualified = ", ".join(repr(f["qualifier"]) for f in figs if f["qualifier"])
    ranges = f"qualifiers {qualified} and rounding" if qualified else "rounding"
    computation = (
        f"{RELATION_KINDS[rel.kind].reading}: {expr} = {in_terms_of(claim, point)}; "
        f"with each stated value's range ({ranges}) "
        f"the parts give {allows(claim, computed)}; '{stated(claim)}' allows {allows(claim, a)}: "
        f"{'overlap' if ok else 'no overlap'}"
    )
    tail = (
        f"Recomputed from the stated values, {expr} = {in_terms_of(claim, point)}, which agrees with '{stated(claim)}'."
        if ok
        else f"Recomputed from the stated values, {expr} = {in_terms_of(claim, point)}, which does not agree "
        f"with '{stated(claim)}'."
    )
    return CONSISTENT if ok else DISCREPANCY, computation, f"{rel.explanation} {tail}", None


_RELATION_TESTS = {
    **CLAIM_TESTS,
    **CONTRADICTION_TESTS,
    "equal_to": _size,
    "comparable_to": _size,
    "size_of": _size,
    "in_comparison": _size,
    "greater_than": _order,
    "less_than": _order,
    "restates": _restates,
    "policy_claim": _policy,
    "policy_ranking": _policy,
    "policy_quantifier": _policy,
    "all_but_vs_percent": _all_but,
    "parts_of_whole": _parts,
    "share_of_unstated_total": _unstated_total,
    "sum": _arith,
    "difference": _arith,
    "growth_percent": _arith,
}
