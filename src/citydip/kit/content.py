"""What the seminar kit shows, gathered once from the site's inputs (:func:`citydip.site.data.load`) for the
decks, the handouts and the exercises: per case-study city (``city``), per published comparison
(``comparisons``), and the audit's strongest discrepancies (``discrepancies``).

Every value is a cell of a file the chain wrote or of a curated raw file (the six-city table, the registry,
the audit, the register of findings, the strategic points, the chart captions); nothing is computed here
but selections. Where the sources are silent the kit says so (``NOT_STATED``). A finding concerns a city
as it does on the site's seminar guide (:func:`citydip.site.pages.guide.concerns`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd

from citydip.audit.checks.public_record import tolerance_words
from citydip.audit.public_view import nearest, reference_text
from citydip.core.csvio import read_written
from citydip.core.sources import NOT_STATED
from citydip.kit.errors import KitError
from citydip.site.data import ChartRef, SiteData, slug
from citydip.site.markup import split_ids, stated, with_unit
from citydip.site.pages.guide import concerns
from citydip.tables import cases

# Charts a city's deck and handout leave out: the public-record chart draws every city at once (too small to
# read on a slide); a city's own rows are its public-record table (``public_rows``).
NOT_FOR_A_CITY = ("audit_public_record",)
DISCREPANCY = "source discrepancy"  # the register's status of a finding about the sources' own numbers
KEY_COLUMNS = ("measure", "period", "value", "origin", "basis")  # of the six-city table, as the slides show them


@dataclass(frozen=True)
class Figure:
    """One registered figure as the kit quotes it."""

    figure_id: str
    document: str  # 'Ledna (2019)'
    file: str  # the document's text under data/raw/documents/
    line: int
    measure: str
    period: str
    stated: str  # 'almost 200 (count)'
    quote: str
    verdict: str  # the audit's overall verdict, or NOT_STATED where the audit has none
    why: str


@dataclass(frozen=True)
class Finding:
    """A finding of the register with its figures (quoted) and the audit's arithmetic for its first figure."""

    finding_id: str
    check: str
    status: str
    explanation: str
    figures: tuple[Figure, ...]
    arithmetic: tuple[str, ...]  # the audit's computations of that check for the finding's first figure


PUBLIC_HEADER = [
    "figure",
    "as stated",
    "the public record (nearest reference value)",
    "stated / reference (a share or a year: the difference)",
    "verdict",
]


@dataclass(frozen=True)
class PublicRow:
    """One figure of a city against the public record: the nearest reference value of its link, as
    ``data/processed/reference_values.csv`` gives it (computed from published statistics, never what a
    document says), the ratio, and the audit's verdict."""

    figure_id: str
    stated: str
    reference: str  # '37,256,109 people: population of the urban agglomeration (WUP 2018 File 12, 2015)'
    ratio: str  # '0.81', or '' where there is no reference value
    tolerance: str  # 'within 25 % either side: a city's population differs widely with its boundary ...'
    verdict: str


@dataclass
class City:
    """One case-study city: its document, key figures, claims, verdicts, findings, charts."""

    name: str
    slug: str
    document: str
    key_rows: list[dict[str, str]]  # six-city rows: KEY_COLUMNS, 'ids' (list) and 'formula or note'
    claims: list[dict]  # point_id, topic, quote, document, figures (the ids of the figures inside the quote)
    figures: list[Figure]
    findings: list[Finding]
    charts: list[ChartRef]
    public: list[PublicRow] = field(default_factory=list)


@dataclass
class Comparison:
    """One published comparison (a parameter file of notebooks/params/compare): two cities and its charts."""

    key: str  # 'cape-town__tokyo'
    cities: tuple[City, City]
    charts: list[ChartRef] = field(default_factory=list)


def plain(quote: str) -> str:
    """A quote as a reader sees it: the documents are markdown and escape a dollar sign ('\\$60 billion')."""
    return quote.replace("\\$", "$")


EMPHASIS = re.compile(r"(?<![*\\])\*(?=\S)([^*]+?)(?<=\S)\*(?!\*)")


def emphasis_parts(quote: str) -> list[tuple[str, bool]]:
    """A quote split where the document marks emphasis (markdown ``*Secretaría General*``, a title or a foreign
    term in italics): (text, emphasised) pairs, so that a slide or handout shows the italics instead of the
    asterisks. Nothing else of the quote is read as markup; a lone asterisk stays text."""
    parts, at = [], 0
    for m in EMPHASIS.finditer(quote):
        parts += [(quote[at : m.start()], False), (m.group(1), True)]
        at = m.end()
    return [p for p in [*parts, (quote[at:], False)] if p[0]]


def figure(data: SiteData, figure_id: str) -> Figure:
    """The registry's row of ``figure_id`` with its document and the audit's overall verdict."""
    row = data.figures.set_index("figure_id").loc[figure_id]
    overall = data.overall()
    verdict = overall.loc[figure_id] if figure_id in overall.index else None
    file = data.sources.set_index("doc_id").loc[row["doc_id"], "file"]
    unit = f" ({row['unit']})" if row["unit"] else ""
    return Figure(
        figure_id,
        data.doc_names.get(row["doc_id"], row["doc_id"]),
        file,
        int(row["line"]),
        row["measure"],
        row["period"] or NOT_STATED,
        stated(row) + unit,
        plain(row["quote"]),
        verdict["verdict"] if verdict is not None else NOT_STATED,
        verdict["explanation"] if verdict is not None else "",
    )


def finding(data: SiteData, row: pd.Series) -> Finding:
    ids = split_ids(row["figure_ids"])
    audit = data.audit
    mine = audit[(audit["figure_id"] == ids[0]) & (audit["check"] == row["check"])] if ids else audit.iloc[0:0]
    return Finding(
        row["finding_id"],
        row["check"],
        row["status"],
        row["explanation"],
        tuple(figure(data, i) for i in ids),
        tuple(dict.fromkeys(mine["computation"])),
    )


def figures_in_quote(data: SiteData, doc_id: str, quote: str) -> list[str]:
    """The registered figures whose value lies inside ``quote`` where the document states it, in reading order.

    The quote is found in the document's text as ingest found it (verbatim; case_points.csv's quotes are
    unique in their document, which the comparison stage checks); one it does not hold stops the kit."""
    text = data.texts.get(doc_id, "")
    start = text.find(quote) if quote else -1
    if start < 0 or text.find(quote, start + 1) >= 0:
        raise KitError(f"the quote {quote[:60]!r} is not once in {doc_id}'s text: its figures cannot be placed")
    mine = data.figures[data.figures["doc_id"] == doc_id]
    found = [(int(at), i) for at, i in zip(mine["value_offset"], mine["figure_id"], strict=True)]
    return [i for at, i in sorted(found) if start <= at < start + len(quote)]


def city(data: SiteData, name: str) -> City:
    """Everything the kit shows of the case-study city ``name``."""
    case = data.cases.set_index("city").loc[name]
    mine = data.six[data.six["city"] == name]
    key_rows = [
        {
            **{c: r[c] for c in KEY_COLUMNS},
            "value": f"{r['value']} ({r['note']})" if cases.shared(r["note"]) else r["value"],  # not the city's own
            "ids": split_ids(r["figure_ids"]),
            "formula or note": "; ".join(x for x in (r["formula"], r["note"]) if x),
        }
        for _, r in mine.iterrows()
    ]
    points = data.points[data.points["city"] == name]
    claims = [
        {
            "point_id": p["point_id"],
            "topic": p["topic"],
            "quote": p["quote"],
            "document": data.doc_names.get(p["doc_id"], p["doc_id"]),
            "figures": figures_in_quote(data, p["doc_id"], p["quote"]),
        }
        for _, p in points.iterrows()
    ]
    ids = [i for r in key_rows for i in r["ids"]]
    ids += list(data.figures.loc[data.figures["entity"] == name, "figure_id"])
    ids = list(dict.fromkeys(ids))
    found = [finding(data, f) for _, f in data.findings.iterrows() if concerns(data, name, split_ids(f["figure_ids"]))]
    charts = [
        c
        for c in data.charts
        if set(c.figure_ids) & set(ids) and not c.page.startswith("charts/compare-") and c.name not in NOT_FOR_A_CITY
    ]
    return City(
        name,
        slug(name),
        data.doc_names.get(case["doc_id"], case["doc_id"]),
        key_rows,
        claims,
        [figure(data, i) for i in ids],
        found,
        charts,
        public_rows(data, ids),
    )


def public_rows(data: SiteData, ids: list[str]) -> list[PublicRow]:
    """The public-record rows of the figures ``ids`` (the audit's, one per link), with the nearest reference
    value of each link and its tolerance as the reference stage wrote them."""
    refs = read_written(data.root / "data" / "processed" / "reference_values.csv")
    figures = data.figures.set_index("figure_id", drop=False)
    public = data.public_record()
    rows = []
    for i in ids:
        for r in public.get(i, []):
            figure, mine = figures.loc[i], refs[refs["link_id"] == r["concerns"]]
            best = nearest(figure, mine)
            if best is None:  # no series: the audit's sentence says why
                rows.append(PublicRow(i, with_unit(figure), r["explanation"], "", "", r["verdict"]))
                continue
            reference = f"{reference_text(figure, best.reference_value)}: {best.formula}; series {best.series}"
            why = f"within {tolerance_words(figure, Decimal(best.tolerance))}: {best.why}"
            rows.append(
                PublicRow(i, with_unit(figure), reference, _ratio(figure, best.reference_value), why, r["verdict"])
            )
    return rows


def _ratio(figure: pd.Series, reference: str) -> str:
    """stated / reference to two decimals; for a share, the difference in percentage points; '' where the figure
    states no definite number or the reference is 0."""
    if not figure["base_value"]:
        return ""
    stated_value, value = Decimal(figure["base_value"]), Decimal(reference)
    if figure["base_unit"] == "share":
        return f"{(stated_value - value) * 100:+.1f} points"
    if figure["base_unit"] == "year":
        return f"{stated_value - value:+} year(s)"
    return f"{stated_value / value:.2f}" if value else ""


def cities(data: SiteData) -> list[City]:
    return [city(data, name) for name in data.cases["city"]]


def comparisons(data: SiteData, by_name: dict[str, City]) -> list[Comparison]:
    """The published comparisons, in the order of their chart groups (one per parameter file)."""
    out = []
    for group in data.groups:
        if not group.key.startswith("compare-"):
            continue
        a, b = group.title.split(" and ", 1)
        out.append(Comparison(group.key.removeprefix("compare-"), (by_name[a], by_name[b]), list(group.charts)))
    return out


def discrepancies(data: SiteData) -> list[Finding]:
    """The register's findings of status 'source discrepancy': numbers of the sources that do not hold."""
    return [finding(data, f) for _, f in data.findings.iterrows() if f["status"] == DISCREPANCY]


def png(chart: ChartRef) -> Path | None:
    """The chart's PNG copy (reports/figures, made by the static export where Chromium is installed)."""
    return chart.png if chart.png is not None and chart.png.is_file() else None
