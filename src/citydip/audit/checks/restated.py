"""Check 3, restated value: a value stated more than once in one document, read through its qualifier.

Also :func:`compare_statement`, the reading of one statement against a reference figure that the
relations check uses for ``restates`` too, and how a disagreement or a borderline agreement
(:data:`BORDERLINE`) is explained.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

import pandas as pd

from citydip.audit.display import allows, in_terms_of, num, stated, where
from citydip.audit.model import CONSISTENT, DISCREPANCY, NOT_CHECKABLE, RESTATED, Verdict, against
from citydip.core.entities import canonical_entity, canonical_measure
from citydip.core.figures import Figure, decimal, records
from citydip.core.qualifiers import Interval, interval, precision, reading


def _reference(group: list[Figure]) -> Figure:
    """The statement the others are read against: the printed table cell; else the unqualified one
    stated most precisely; else the first."""
    cells = [f for f in group if f["kind"] == "table_cell"]
    if cells:
        return cells[0]
    plain = [f for f in group if f["qualifier"] == ""]
    if plain:
        steps = [(precision(f), i) for i, f in enumerate(plain)]
        return plain[min(steps)[1]]
    return group[0]


def compare_statement(claim: Figure, ref: Figure, check: str, related: Sequence[str] = ()) -> Verdict:
    """A statement read through its qualifier against a reference figure.

    Both are read as the values they allow: the statement through its qualifier, the reference
    through its own, and an unqualified reference (a printed table cell) as the interval it
    stands for at its printed precision (14.9 printed to one decimal is [14.85, 14.95)), as
    :func:`citydip.audit.checks.across_documents.check_across_documents` reads two documents.
    The two agree when these overlap. Where they overlap but the reference's own printed value
    lies outside what the statement allows ('nearly 14.9' against a printed 14.9), the agreement
    rests on the edge of the print: the explanation says the wording is borderline. Policy codes
    must be the same code.
    """
    related = tuple(related) or (ref["figure_id"],)
    concerns = against(ref["figure_id"])
    if claim["unit"] == "policy code" or ref["unit"] == "policy code":
        same = claim["value"] == ref["value"]
        return Verdict(
            claim["figure_id"],
            check,
            CONSISTENT if same else DISCREPANCY,
            f"code {claim['value']} vs code {ref['value']} in {where(ref)}: {'same' if same else 'different'}",
            f"{claim['entity']}, {claim['measure']}: coded {claim['value']} here and {ref['value']} in {where(ref)}"
            + ("." if same else ": the two codings disagree."),
            related,
            concerns,
        )
    a, b = interval(claim), interval(ref)
    if a is None or b is None:
        vague = claim if a is None else ref
        return Verdict(
            claim["figure_id"],
            check,
            NOT_CHECKABLE,
            f"{stated(claim)} vs {stated(ref)}: '{vague['value']}' states no definite number",
            f"{where(vague)} states no definite number ('{vague['value']}'), so the two cannot be compared.",
            related,
            concerns,
        )
    meaning = reading(claim)
    common = a.meet(b)
    printed = ref["qualifier"] == ""
    how = "read at the precision it is printed to" if printed else f"read through '{ref['qualifier']}'"
    computation = (
        f"'{stated(claim)}' means {meaning.meaning.replace('X', claim['value'])}: {allows(claim, a)}; "
        f"{stated(ref)} in {where(ref)}, {how}, stands for {allows(claim, b)}: "
        + (f"overlap {allows(claim, common)}" if common else "no overlap")
    )
    if common is None:
        explanation = _disagreement(claim, ref, a, b)
    elif printed and not a.contains(decimal(ref["base_value"])):
        explanation = _borderline(claim, ref, a, b, common)
    else:
        explanation = f"'{stated(claim)}' agrees with {stated(ref)} in {where(ref)}."
    verdict = CONSISTENT if common else DISCREPANCY
    return Verdict(claim["figure_id"], check, verdict, computation, explanation, related, concerns)


BORDERLINE = "the wording is borderline"
"""What the explanation of a restatement says when it agrees only at the edge of a print's rounding."""


def _at(x: Decimal, step: Decimal, rounding: str) -> Decimal:
    """``x`` rounded to a multiple of ``step`` (ROUND_HALF_UP: to the nearest; ROUND_DOWN: cut off)."""
    return (x / step).quantize(Decimal(1), rounding=rounding) * step


def _borderline(claim: Figure, ref: Figure, a: Interval, b: Interval, common: Interval) -> str:
    """Why a statement agrees with a printed value only through the edge of the print's rounding."""
    text = (
        f"'{stated(claim)}' agrees with {stated(ref)} in {where(ref)} only at the edge of its rounding: printed to "
        f"its precision, {ref['value']} stands for {allows(claim, b)}, and '{stated(claim)}' ({allows(claim, a)}) "
        f"holds only if the true value lies in {allows(claim, common)}"
    )
    step = precision(claim)
    r = decimal(ref["base_value"])
    if reading(claim).direction == "exact" and step > precision(ref):
        nearest = _at(r, step, ROUND_HALF_UP)
        text += f" ({ref['value']} itself rounds half up to {in_terms_of(claim, nearest)})"
    return f"{text}: {BORDERLINE}, not a discrepancy."


def _disagreement(claim: Figure, ref: Figure, a: Interval, b: Interval) -> str:
    """Why a statement and its reference allow no value in common, in the terms of the statement."""
    meaning, x, q = reading(claim), claim["value"], claim["qualifier"]
    r, v = decimal(ref["base_value"]), decimal(claim["base_value"])
    ref_above = a.below(b)  # no overlap: the reference lies wholly above or wholly below the statement
    stands = f"{stated(ref)} in {where(ref)} stands for {allows(claim, b)}"
    if meaning.direction in ("below", "above"):
        side = "below" if meaning.direction == "below" else "above"
        if ref_above == (side == "below"):  # the reference is on the other side of X than the word says
            gives = f"gives exactly {ref['value']}" if b.lo == b.hi else f"stands for {allows(claim, b)}"
            return (
                f"'{q} {x}' says the value is {side} {x}, but {where(ref)} {gives}: the word '{q}' does not fit "
                "the number it qualifies."
            )
        return (
            f"'{stated(claim)}' allows {allows(claim, a)}, but {stands}: further {side} {x} than '{q}' allows "
            f"(within {num(meaning.tolerance * 100)} % of {x})."
        )
    if meaning.direction == "around":
        return (
            f"'{stated(claim)}' allows {allows(claim, a)} (within {num(meaning.tolerance * 100)} % of {x}), but "
            f"{stands}: the two are further apart than '{q}' allows."
        )
    off = f"{in_terms_of(claim, abs(v - r))} off"
    if r:
        off += f" ({num(abs(v - r) / r * 100, 2)} % of {stated(ref)})"
    step = precision(claim)
    if not (ref["qualifier"] == "" and step > precision(ref)):  # no rounding of the reference gives the statement
        return f"'{stated(claim)}' is stated without qualifier, but {stands}: it gives another value, {off}."
    nearest = _at(r, step, ROUND_HALF_UP)
    start = (
        f"'{stated(claim)}' is stated without qualifier, but {stated(ref)} in {where(ref)} rounds to "
        f"{in_terms_of(claim, nearest)} at that precision, not {x}"
    )
    if _at(r, step, ROUND_DOWN) == v:
        return f"{start}: the restatement drops the last digit(s) of {ref['value']} instead of rounding them."
    if _at(r, step, ROUND_UP) == v:
        return f"{start}: the restatement rounds {ref['value']} up instead of to the nearest."
    return f"{start}: the restatement gives another value, {off}."


def check_restated(figures: pd.DataFrame) -> list[Verdict]:
    """Each value stated more than once in a document (same entity, measure and period) against its reference.

    The reference is the printed table cell where there is one, else the unqualified statement
    stated most precisely, else the first (see :func:`_reference`). Each other statement is read
    through its qualifier (:data:`citydip.core.qualifiers.QUALIFIERS`); "nearly 426.9" against an
    exact 426.9 is a discrepancy of wording. The reference gets a consistent row naming the
    statements that agree.
    """
    out = []
    groups: dict[tuple[str, str, str, str], list[Figure]] = defaultdict(list)
    for f in records(figures):
        groups[(f["doc_id"], canonical_entity(f["entity"]), canonical_measure(f["measure"]), f["period"])].append(f)
    for group in groups.values():
        if len(group) < 2:
            continue
        ref = _reference(group)
        agreeing = []
        for fig in group:
            if fig["figure_id"] == ref["figure_id"]:
                continue
            verdict = compare_statement(fig, ref, RESTATED)
            out.append(verdict)
            if verdict.verdict == CONSISTENT:
                agreeing.append(fig["figure_id"])
        if agreeing:
            out.append(
                Verdict(
                    ref["figure_id"],
                    RESTATED,
                    CONSISTENT,
                    f"{stated(ref)} restated in agreement by {', '.join(agreeing)}",
                    f"{ref['entity']}, {ref['measure']}"
                    f"{', ' + ref['period'] if ref['period'] else ''}: {stated(ref)} is stated again in the same "
                    f"document ({', '.join(agreeing)}), in agreement.",
                    tuple(agreeing),
                    against(*agreeing),
                )
            )
    return out
