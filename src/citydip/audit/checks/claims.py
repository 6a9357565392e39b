"""The claims a text makes about its own numbers: rankings, chronology, quantifiers, enumerations, the
base of a share, definitions applied, the scope of an entity.

Each is a curated relation of ``data/raw/audit_relations.csv`` (its kind in
:data:`citydip.audit.checks.relation_kinds.RELATION_KINDS`) recomputed here from the registered
figures, read through their qualifiers (:func:`citydip.core.qualifiers.interval`). A test takes the
relation, its figures in role order, the whole registry and the policy (unused here) and returns the
verdict, the computation written out, the explanation and the figures it was checked against
(``None``: the relation's other figures).
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

from citydip.audit.checks.relation_kinds import RELATION_KINDS
from citydip.audit.checks.restated import compare_statement
from citydip.audit.display import allows, num, stated, where
from citydip.audit.model import BASE, CONSISTENT, DISCREPANCY, NOT_CHECKABLE
from citydip.core.entities import canonical_entity
from citydip.core.figures import Figure, decimal
from citydip.core.qualifiers import Interval, interval

# --- dates --------------------------------------------------------------------------------------


def when(figure: Figure) -> Interval | None:
    """The values a date allows: a year is read as the year stated, whatever its hedge ('around 1995' is
    1995: no document says by how much it may be off, and a share of the year number, as
    :func:`citydip.core.qualifiers.interval` reads 'around', would allow centuries); any other figure
    through its qualifier."""
    if figure["base_unit"] == "year":
        year = decimal(figure["base_value"])
        return None if year is None else Interval(year, year)
    return interval(figure)


# --- rankings -----------------------------------------------------------------------------------


def _peers(claim: Figure, figures: list[Figure]) -> list[Figure]:
    """Every other entity's statement of the claim's measure and period in its document, one per entity
    (its printed table cell if it has one, else its first statement in reading order)."""
    key, entity = (claim["doc_id"], claim["measure"], claim["period"]), canonical_entity(claim["entity"])
    by_entity: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        if (f["doc_id"], f["measure"], f["period"]) == key and canonical_entity(f["entity"]) != entity:
            by_entity[canonical_entity(f["entity"])].append(f)
    return [next((f for f in group if f["kind"] == "table_cell"), group[0]) for group in by_entity.values()]


def _extreme(rel, figs, figures, policy):
    """lowest_of, highest_of: the claim's value below (above) every other entity's of its measure and period."""
    (claim,) = figs
    lowest = rel.kind == "lowest_of"
    others = _peers(claim, figures)
    if not others:
        missing = (
            f"no other entity of {claim['doc_id']} states '{claim['measure']}' for {claim['period'] or 'its period'}"
        )
        return NOT_CHECKABLE, missing, f"{rel.explanation} Not checkable: {missing}.", ()
    a = interval(claim)
    parts, ok = [], True
    for other in others:
        b = interval(other)
        beyond = a is not None and b is not None and (a.below(b) if lowest else b.below(a))
        ok &= beyond
        flag = "" if beyond else " NOT above" if lowest else " NOT below"
        parts.append(f"{other['entity']} {stated(other)} ({other['figure_id']}){flag}")
    computation = f"{claim['entity']} {stated(claim)} against: {'; '.join(parts)}"
    word, side = ("lowest", "below") if lowest else ("highest", "above")
    if ok:
        tail = f"{stated(claim)} is {side} each of the {len(others)} others: it is the {word}."
    else:
        tail = f"{stated(claim)} is not {side} every other entity's value: it is not the {word}."
    return CONSISTENT if ok else DISCREPANCY, computation, f"{rel.explanation} {tail}", [o["figure_id"] for o in others]


def _first_last(rel, figs, figures, policy):
    """earliest_of, latest_of: the claim's date before (after) each of the other dates named."""
    claim, *others = figs
    first = rel.kind == "earliest_of"
    verdicts, parts = [], []
    for other in others:
        verdict = _order(claim, other) if first else _order(other, claim)
        verdicts.append(verdict or NOT_CHECKABLE)
        answer = _ANSWER[verdict] if verdict else "no definite date"
        parts.append(f"{stated(other)} ({where(other)}): {answer}")
    word = "before" if first else "after"
    computation = f"{stated(claim)} {word} each of: " + "; ".join(parts)
    verdict = _worst(verdicts)
    tail = {
        CONSISTENT: f"{stated(claim)} is {word} each of the other dates the text gives.",
        DISCREPANCY: f"{stated(claim)} is not {word} every other date the text gives: the ranking does not hold.",
        NOT_CHECKABLE: "The dates do not decide the order (the same year, or no definite date).",
    }[verdict]
    return verdict, computation, f"{rel.explanation} {tail}", None


def _order(earlier: Figure, later: Figure) -> str | None:
    """Whether ``earlier`` is dated before ``later``: consistent, discrepancy (after), not checkable (the
    same year); None where either states no definite date."""
    a, b = when(earlier), when(later)
    if a is None or b is None:
        return None
    return CONSISTENT if a.below(b) else DISCREPANCY if b.below(a) else NOT_CHECKABLE


_ANSWER = {CONSISTENT: "yes", DISCREPANCY: "no", NOT_CHECKABLE: "the same year"}


def _worst(verdicts: list[str]) -> str:
    if DISCREPANCY in verdicts:
        return DISCREPANCY
    return NOT_CHECKABLE if NOT_CHECKABLE in verdicts else CONSISTENT


# --- chronology ---------------------------------------------------------------------------------


def _before(rel, figs, figures, policy):
    earlier, later = figs
    verdict = _order(earlier, later)
    if verdict is None:
        return NOT_CHECKABLE, "no definite date", f"{rel.explanation} One date is not definite.", None
    computation = f"{stated(earlier)} ({where(earlier)}) before {stated(later)} ({where(later)}): {_ANSWER[verdict]}"
    tail = {
        CONSISTENT: "The dates the text gives put the events in the order it tells them.",
        DISCREPANCY: f"But {stated(earlier)} is after {stated(later)}: the dates contradict the order of events.",
        NOT_CHECKABLE: "Both fall in the same year, so the dates cannot decide the order.",
    }[verdict]
    return verdict, computation, f"{rel.explanation} {tail}", None


_DECADE = re.compile(r"\b(?:(?P<part>early|mid|late)[\s-]*)?(?P<decade>1[0-9]{2}0|20[0-9]0)['’]?s\b", re.IGNORECASE)
_CENTURY = re.compile(r"\b(?P<n>[12]?[0-9])(?:st|nd|rd|th) century\b", re.IGNORECASE)
_TURN = re.compile(r"\bturn of the (?:century|millennium)\b", re.IGNORECASE)
_PARTS = {"": (0, 9), "early": (0, 3), "mid": (3, 6), "late": (6, 9)}


def period_range(words: str, year: Decimal | None = None) -> tuple[int, int] | None:
    """The years a period phrase names ('the early 1990s' -> (1990, 1993)); None if it names none.

    'the 21st century' names 2001 to 2100; 'the turn of the century' names the three years either side of
    the century nearest ``year``.
    """
    m = _DECADE.search(words)
    if m:
        start = int(m["decade"])
        lo, hi = _PARTS[(m["part"] or "").lower()]
        return start + lo, start + hi
    m = _CENTURY.search(words)
    if m:
        start = (int(m["n"]) - 1) * 100
        return start + 1, start + 100
    if _TURN.search(words) and year is not None:
        century = int((year + 50) // 100 * 100)
        return century - 3, century + 3
    return None


def _in_period(rel, figs, figures, policy):
    (year,) = figs
    words = rel.terms[0]
    value = decimal(year["base_value"])
    span = period_range(words, value)
    if value is None or span is None:
        what = "no definite year" if value is None else f"'{words}' names no period of years"
        return NOT_CHECKABLE, what, f"{rel.explanation} Not checkable: {what}.", None
    lo, hi = span
    ok = lo <= value <= hi
    computation = f"'{words}' = {lo} to {hi}; {stated(year)} ({where(year)}): {'within' if ok else 'outside'}"
    tail = (
        f"{stated(year)} is within '{words}'."
        if ok
        else f"But {stated(year)} is not in '{words}' ({lo} to {hi}): the period word does not fit the date."
    )
    return CONSISTENT if ok else DISCREPANCY, computation, f"{rel.explanation} {tail}", None


# --- quantifiers and enumerations ---------------------------------------------------------------

_SHARE_WORDS: dict[str, tuple[str, Fraction]] = {
    "most": (">", Fraction(1, 2)),
    "majority": (">", Fraction(1, 2)),
    "more than half": (">", Fraction(1, 2)),
    "all": ("=", Fraction(1)),
    "every": ("=", Fraction(1)),
    "none": ("=", Fraction(0)),
    "no": ("=", Fraction(0)),
    "half": ("=", Fraction(1, 2)),
    "minority": ("<", Fraction(1, 2)),
    "less than half": ("<", Fraction(1, 2)),
}
"""What a quantifier says of a share (part / total): its relation to a fraction."""
_COUNT_WORDS = {"both": 2, "only one": 1, "one": 1, "none": 0, "no": 0}
"""What a quantifier says of a count."""


def _quantifier_rule(word: str, figs) -> tuple[str, Fraction] | str:
    """The relation the word states of the share (or count): ('>', 1/2), or an error in words."""
    is_count = len(figs) == 1 and figs[0]["base_unit"] == "count"
    table = {w: ("=", Fraction(n)) for w, n in _COUNT_WORDS.items()} if is_count else _SHARE_WORDS
    rule = table.get(word.lower().removeprefix("the ").removeprefix("a ").strip())
    if rule is None:
        return f"'{word}' is not a quantifier of {'a count' if is_count else 'a share'} ({', '.join(table)})"
    return rule


def _quantity(figs) -> tuple[Interval | None, str]:
    """The values the figures allow for the quantity: a share, a count (exact), or part / total; in words too."""
    if len(figs) == 1:
        f = figs[0]
        n = decimal(f["base_value"])
        if f["base_unit"] == "count" and n is not None:
            return Interval(n, n), stated(f)
        return interval(f), stated(f)
    part, total = interval(figs[0]), interval(figs[1])
    if part is None or total is None or not total.lo or part.lo is None or part.hi is None:
        return None, ""
    return Interval(part.lo / total.hi if total.hi else Decimal(0), part.hi / total.lo), (
        f"{stated(figs[0])} / {stated(figs[1])}"
    )


def _quantifier(rel, figs, figures, policy):
    word = rel.terms[0]
    rule = _quantifier_rule(word, figs)
    if isinstance(rule, str):
        return NOT_CHECKABLE, rule, f"{rel.explanation} Not checkable: {rule}.", None
    sign, bound = rule
    values, expr = _quantity(figs)
    if values is None:
        return NOT_CHECKABLE, "no definite number", f"{rel.explanation} A figure states no number.", None
    x = Decimal(bound.numerator) / Decimal(bound.denominator)
    if sign == "=":
        ok = values.contains(x)
        wrong = not ok
    else:
        meet = values.meet(Interval(x, None, lo_closed=False) if sign == ">" else Interval(None, x, hi_closed=False))
        ok, wrong = meet == values, meet is None
    verdict = CONSISTENT if ok else DISCREPANCY if wrong else NOT_CHECKABLE
    share = len(figs) > 1 or figs[0]["base_unit"] == "share"
    need = f"{num(x * 100)}%" if share else num(x)
    shown = _percent(values) if len(figs) > 1 else allows(figs[0], values)
    computation = f"'{word}' needs {sign} {need}; {expr} allows {shown}"
    tail = {
        CONSISTENT: f"The numbers bear out '{word}'.",
        DISCREPANCY: f"The numbers contradict '{word}'.",
        NOT_CHECKABLE: f"The stated values allow both readings of '{word}'.",
    }[verdict]
    return verdict, computation, f"{rel.explanation} {tail}", None


def _percent(values: Interval) -> str:
    lo = "" if values.lo is None else f"{num(values.lo * 100, 1)}%"
    hi = "" if values.hi is None else f"{num(values.hi * 100, 1)}%"
    return f"{lo} to {hi}" if lo and hi else lo or hi


def _count(rel, figs, figures, policy):
    (count,) = figs
    n, items = decimal(count["base_value"]), rel.terms
    if n is None:
        return NOT_CHECKABLE, "no definite count", f"{rel.explanation} The count states no number.", None
    ok = n == len(items)
    computation = f"{stated(count)} ({where(count)}); the text names {len(items)}: {'; '.join(items)}"
    tail = (
        f"The text names {len(items)}, as it says." if ok else f"But the text names {len(items)}, not {stated(count)}."
    )
    return CONSISTENT if ok else DISCREPANCY, computation, f"{rel.explanation} {tail}", None


# --- the base of a share, definitions, scope ----------------------------------------------------


def _share_of(rel, figs, figures, policy):
    share, part, whole = figs
    s, p, w = interval(share), interval(part), interval(whole)
    if s is None or p is None or w is None or not w.lo or p.lo is None or p.hi is None:
        return NOT_CHECKABLE, "no definite number", f"{rel.explanation} A figure states no number.", None
    computed = Interval(p.lo / w.hi if w.hi else Decimal(0), p.hi / w.lo)
    point = decimal(part["base_value"]) / decimal(whole["base_value"])
    ok = s.overlaps(computed)
    base = rel.terms[0]
    computation = (
        f"{stated(part)} / {stated(whole)} = {num(point * 100, 2)}% (with rounding {_percent(computed)}); "
        f"'{stated(share)} {base}' allows {_percent(s)}: {'overlap' if ok else 'no overlap'}"
    )
    tail = (
        f"The share agrees with its base, {base}."
        if ok
        else f"But {stated(part)} of {stated(whole)} is {num(point * 100, 1)}%, not {stated(share)}: the share "
        "does not fit the base the text names."
    )
    return CONSISTENT if ok else DISCREPANCY, computation, f"{rel.explanation} {tail}", None


def _same_share(rel, figs, figures, policy):
    first, second = figs
    a, b = interval(first), interval(second)
    if a is None or b is None:
        return NOT_CHECKABLE, "no definite number", f"{rel.explanation} A share states no number.", None
    same = a.overlaps(b)
    bases = " and ".join(f"'{t}'" for t in rel.terms)
    computation = f"{stated(first)} ({where(first)}) and {stated(second)} ({where(second)}) of {bases}: " + (
        "the same share" if same else "different shares"
    )
    tail = (
        f"The same share is given of two different bases ({bases}): both cannot be right unless the bases are "
        "the same size."
        if same
        else "The two bases have different shares, as they should."
    )
    return DISCREPANCY if same else CONSISTENT, computation, f"{rel.explanation} {tail}", None


def _hedged(rel, figs, figures, policy):
    hedged, exact = figs
    v = compare_statement(hedged, exact, BASE)
    return v.verdict, v.computation, f"{rel.explanation} {v.explanation}", None


def _definition(rel, figs, figures, policy):
    value, threshold = figs
    t, v = interval(threshold), interval(value)
    term = rel.terms[0]
    if t is None or v is None:
        return NOT_CHECKABLE, "no definite number", f"{rel.explanation} A figure states no number.", None
    if value["base_unit"] != threshold["base_unit"]:
        why = f"the value is in {value['base_unit']}, the threshold in {threshold['base_unit']}"
        return NOT_CHECKABLE, why, f"{rel.explanation} Not checkable: {why}.", None
    meet = v.meet(t)
    verdict = CONSISTENT if meet == v else DISCREPANCY if meet is None else NOT_CHECKABLE
    computation = (
        f"'{term}': {stated(threshold)} ({where(threshold)}); {value['entity']} {stated(value)} ({where(value)}): "
        f"{_IN_WORDS[verdict]}"
    )
    tail = {
        CONSISTENT: f"{stated(value)} meets the definition ({stated(threshold)}).",
        DISCREPANCY: f"But {stated(value)} does not meet the definition ({stated(threshold)}, {where(threshold)}).",
        NOT_CHECKABLE: "The value lies on the edge of the threshold, so the definition cannot decide.",
    }[verdict]
    return verdict, computation, f"{rel.explanation} {tail}", None


def _unchecked(rel, figs, figures, policy):
    """A claim that needs a figure no document states: not checkable, and the explanation says what is missing."""
    words = "; ".join(f"'{t}'" for t in rel.terms)
    return NOT_CHECKABLE, f"{words}: needs a figure no document states", rel.explanation, None


_IN_WORDS = {CONSISTENT: "meets it", DISCREPANCY: "does not meet it", NOT_CHECKABLE: "on the edge"}


def _within(rel, figs, figures, policy):
    """within, definition_count: the part (the cases called by a term) below the whole (all such cases)."""
    part, whole = figs
    a, b = interval(part), interval(whole)
    if a is None or b is None or part["base_unit"] != whole["base_unit"]:
        why = "no definite number" if a is None or b is None else "the two are in different units"
        return NOT_CHECKABLE, why, f"{rel.explanation} Not checkable: {why}.", None
    ok = a.below(b)
    wrong = not ok and decimal(part["base_value"]) >= decimal(whole["base_value"])
    verdict = CONSISTENT if ok else DISCREPANCY if wrong else NOT_CHECKABLE
    computation = f"{stated(part)} ({where(part)}) below {stated(whole)} ({where(whole)}): " + (
        "yes" if ok else "no" if wrong else "the ranges overlap"
    )
    scope = " / ".join(rel.terms)
    if rel.kind == "definition_count":
        ok_words = f"No more cases are called '{scope}' than the definition counts."
        wrong_words = (
            f"But {stated(part)} are called '{scope}' where {where(whole)} counts {stated(whole)} such cases: the "
            "term is applied beyond its definition."
        )
    else:
        ok_words = "The part is smaller than the whole it belongs to."
        wrong_words = (
            f"But the part is not smaller than its whole ({scope}): one of the two figures is of another unit than "
            "the text says (a city, its metropolitan area, its country)."
        )
    tail = {
        CONSISTENT: ok_words,
        DISCREPANCY: wrong_words,
        NOT_CHECKABLE: "The stated ranges overlap, so the order cannot be decided.",
    }[verdict]
    return verdict, computation, f"{rel.explanation} {tail}", None


CLAIM_TESTS = {
    "lowest_of": _extreme,
    "highest_of": _extreme,
    "earliest_of": _first_last,
    "latest_of": _first_last,
    "before": _before,
    "in_period": _in_period,
    "quantifier": _quantifier,
    "count_of": _count,
    "share_of": _share_of,
    "same_share_bases": _same_share,
    "hedged_vs_exact": _hedged,
    "definition_applied": _definition,
    "definition_count": _within,
    "within": _within,
    **{kind: _unchecked for kind in RELATION_KINDS if kind.startswith("unchecked_")},
}
"""The test of each claim kind of :data:`citydip.audit.checks.relation_kinds.RELATION_KINDS`."""
