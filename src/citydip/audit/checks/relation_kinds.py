"""The kinds of the curated relations of ``data/raw/audit_relations.csv``: their check, figure roles and reading.

A relation is one statement of a text about one or more of its figures. Its kind says which check
its verdict belongs to (a comparison, a percentage, text arithmetic, or one of the claims about
numbers: a ranking, a chronology, a quantifier, an enumeration, the base of a share, a definition
applied, the scope of an entity), which figures it names, in which order (:attr:`RelationKind.roles`),
and how the sentence is read. The tests live in :mod:`citydip.audit.checks.relations` (comparisons,
percentages, arithmetic) and :mod:`citydip.audit.checks.claims` (the claims); a new kind is an
entry here and a test there.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from citydip.audit.model import (
    BASE,
    CHRONOLOGY,
    COMPARISON,
    DEFINITION,
    ENUMERATION,
    PERCENT_OF_TOTAL,
    QUANTIFIER,
    RANKING,
    SCOPE,
    TEXT_ARITHMETIC,
)


@dataclass(frozen=True)
class RelationKind:
    """A kind of statement about figures: which check it belongs to, its roles and its reading."""

    check: str
    roles: tuple[str, ...]  # the figures of figure_ids, in order; the first is the statement checked
    reading: str
    band: tuple[Decimal, Decimal] | None = None  # ratio band for comparisons of size
    more: bool = False  # the last role may repeat (one or more figures)
    most: int = 0  # with more: at most this many figures (0: no limit)
    across: bool = False  # the figures after the first may be of another document
    terms: str = ""  # what the terms column holds for this kind ('' = no terms read)
    counter: bool = False  # terms marked '~' are words of the figures' own quotes (what the text says otherwise)


@dataclass(frozen=True)
class Relation:
    """One curated row of ``audit_relations.csv``: a statement of the text about several figures.

    ``terms`` are the words of the quote the check reads (each verbatim in the quote): the items
    an enumeration lists, the period word of a date, the quantifier, the bases of a share. For a kind
    with :attr:`RelationKind.counter`, a term marked '~' ('~a mere') is instead in one of its figures' quotes.
    """

    relation_id: str
    kind: str
    doc_id: str
    figure_ids: tuple[str, ...]
    quote: str
    explanation: str
    terms: tuple[str, ...] = ()


ABOUT = (Decimal("0.9"), Decimal("1.1"))
SAME_ORDER = (Decimal("0.1"), Decimal("10"))


def _size(reading: str, band: tuple[Decimal, Decimal] = ABOUT) -> RelationKind:
    return RelationKind(COMPARISON, ("comparator", "subject"), reading, band)


_COMPARISONS: dict[str, RelationKind] = {
    "equal_to": _size("'equal to' read as 'about': subject within 10 % of the comparator"),
    "comparable_to": _size("'comparable to' read as within 10 % of the comparator"),
    "size_of": _size("'the size of' read as within 10 % of the comparator"),
    "in_comparison": _size(
        "'in comparison' states no relation; set side by side, the two should at least be of the same order of "
        "magnitude (subject between a tenth and ten times the comparator)",
        SAME_ORDER,
    ),
    "greater_than": RelationKind(COMPARISON, ("larger", "smaller"), "the first is larger than the second"),
    "less_than": RelationKind(COMPARISON, ("smaller", "larger"), "the first is smaller than the second"),
    "restates": RelationKind(COMPARISON, ("words", "number"), "the words read through their qualifier"),
    "policy_claim": RelationKind(
        COMPARISON, ("claim",), "the claim about Figure 11 as citydip.coding reads it, under the default coding"
    ),
}

_PERCENTAGES_AND_ARITHMETIC: dict[str, RelationKind] = {
    "all_but_vs_percent": RelationKind(
        PERCENT_OF_TOTAL,
        ("exceptions", "percent", "total"),
        "'all except e' of a total n is the share (n - e) / n, to be compared with the percentage it is drawn from",
    ),
    "parts_of_whole": RelationKind(
        PERCENT_OF_TOTAL, ("part", "part"), "the percentages of the parts of one whole add up to 100"
    ),
    "share_of_unstated_total": RelationKind(
        PERCENT_OF_TOTAL, ("share", "part"), "a share of a total the documents do not state"
    ),
    "sum": RelationKind(TEXT_ARITHMETIC, ("total", "part", "part"), "the total is the sum of the parts"),
    "difference": RelationKind(TEXT_ARITHMETIC, ("difference", "start", "end"), "difference = end - start"),
    "growth_percent": RelationKind(
        TEXT_ARITHMETIC, ("percent", "start", "end"), "growth in percent = (end - start) / start x 100"
    ),
}

_CLAIMS: dict[str, RelationKind] = {
    "lowest_of": RelationKind(
        RANKING,
        ("claim",),
        "the lowest: below the same measure and period of every other entity of the document "
        "(a printed table cell preferred)",
    ),
    "highest_of": RelationKind(
        RANKING,
        ("claim",),
        "the largest, the most: above the same measure and period of every other entity of the document "
        "(a printed table cell preferred)",
        terms="the superlative",
    ),
    "earliest_of": RelationKind(
        RANKING, ("claim", "other"), "the first, the oldest: the date before each of the others", more=True
    ),
    "latest_of": RelationKind(
        RANKING, ("claim", "other"), "the newest, the latest: the date after each of the others", more=True
    ),
    "before": RelationKind(
        CHRONOLOGY, ("earlier", "later"), "the order of events the text gives: the first date before the second"
    ),
    "in_period": RelationKind(
        CHRONOLOGY,
        ("year",),
        "the year within the period the word names: a decade, its early (years 0-3), mid (3-6) or late "
        "(6-9) part, or the turn of a century (within 3 years of it)",
        terms="the period words",
    ),
    "quantifier": RelationKind(
        QUANTIFIER,
        ("share, count, or part then total",),
        "the quantifier over the share (or part / total): most, a majority, more than half > 1/2; all, every "
        "= 1; none, no = 0; half = 1/2; a minority, less than half < 1/2; both = 2; only one = 1",
        more=True,
        most=2,
        terms="the quantifier",
    ),
    "count_of": RelationKind(
        ENUMERATION, ("count",), "the count equals the number of items the text names", terms="the items named"
    ),
    "share_of": RelationKind(
        BASE, ("share", "part", "whole"), "the share is part / whole of the base the text names", terms="the base"
    ),
    "same_share_bases": RelationKind(
        BASE,
        ("share", "share"),
        "one share stated of two different bases: the two values may not be the same",
        across=True,
        terms="the two bases",
    ),
    "hedged_vs_exact": RelationKind(
        BASE,
        ("hedged", "exact"),
        "a hedged value ('nearly', 'almost', 'about') read through its qualifier against the exact value stated "
        "elsewhere",
        across=True,
    ),
    "definition_applied": RelationKind(
        DEFINITION,
        ("value", "threshold"),
        "a term defined by a threshold (here or in another document): the value it is applied to within the threshold",
        across=True,
        terms="the term applied",
    ),
    "definition_count": RelationKind(
        DEFINITION,
        ("called", "defined"),
        "the number of cases a text calls by a term cannot exceed the number of such cases a statement of the "
        "term's definition counts",
        across=True,
        terms="the term applied",
    ),
    "within": RelationKind(
        SCOPE,
        ("part", "whole"),
        "a city within a wider unit (its metropolitan area, its country): the part below the whole",
        across=True,
        terms="the scope words",
    ),
}

_CHRONOLOGY_OF_SOURCES: dict[str, RelationKind] = {
    "duration_of": RelationKind(
        CHRONOLOGY,
        ("duration", "start", "end"),
        "a duration the text states, no longer than the years between the start and the end it dates elsewhere (a "
        "plural scale word, 'thousands of years', is at least two of that unit)",
        terms="the duration's words",
    ),
    "cited_before": RelationKind(
        CHRONOLOGY,
        ("event",),
        "a work cannot report an event of a year after its own: the year the note prints (the quote is the note) "
        "is no earlier than the year of the event it is cited for",
        terms="the year printed in the note",
    ),
}
"""Dates against dates of the text itself: a duration against the period it spans, a cited work's year."""

_SAID_OTHERWISE = (
    "a claim the same document contradicts where it states the figures: the claim's words in the quote, the other "
    "statement's words (marked '~') in one of the figures' quotes; the first figure (the claim's own where its "
    "sentence states one) carries the verdict"
)
_CONTRADICTED: dict[str, RelationKind] = {
    f"said_otherwise_{name}": RelationKind(
        check, ("figure",), _SAID_OTHERWISE, more=True, terms="the claim's words; ~ the other statement's", counter=True
    )
    for name, check in (("quantifier", QUANTIFIER), ("chronology", CHRONOLOGY), ("base", BASE), ("scope", SCOPE))
}
"""Claims each kind of which the document itself says otherwise, where it states the figures."""

_POLICY = "the claim about Figure 11 as citydip.coding reads it, under the default coding"
_CLAIMS_OF_THE_MATRIX: dict[str, RelationKind] = {
    "policy_ranking": RelationKind(RANKING, ("cell",), f"a ranking of policy areas: {_POLICY}"),
    "policy_quantifier": RelationKind(QUANTIFIER, ("cell",), f"a quantifier over the cities: {_POLICY}"),
}
"""Claims about the policy matrix that are rankings or quantifiers; the cell is one the claim reads."""

_UNCHECKED = "a claim no stated figure (and no reference value) can check: the explanation says what is missing"
_NOT_CHECKABLE: dict[str, RelationKind] = {
    f"unchecked_{name}": RelationKind(check, ("claim",), _UNCHECKED, terms="the claim's words")
    for name, check in (
        ("ranking", RANKING),
        ("chronology", CHRONOLOGY),
        ("quantifier", QUANTIFIER),
        ("enumeration", ENUMERATION),
        ("base", BASE),
        ("scope", SCOPE),
    )
}
"""Claims of each kind that need a figure no document states: recorded, and not checkable."""

RELATION_KINDS: dict[str, RelationKind] = {
    **_COMPARISONS, **_PERCENTAGES_AND_ARITHMETIC, **_CLAIMS, **_CLAIMS_OF_THE_MATRIX, **_NOT_CHECKABLE,
    **_CHRONOLOGY_OF_SOURCES, **_CONTRADICTED,
}  # fmt: skip
"""The kinds of ``data/raw/audit_relations.csv`` and how each is recomputed."""
