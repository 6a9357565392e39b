"""The six case-study cities: every population and GDP figure stated for them, and what follows.

Cape Town and Tokyo come from Beukman, Buenos Aires, Guangzhou, Los Angeles and Paris from
Ledna. ``data/raw/cases.csv`` names each city's document and, where the document states them,
its group (Global South/North), the registry entity of a group of cities it belongs to (Ledna's
"case study cities", whose figures are stated for all four together) and the data source of its
figures, each with a verbatim quote that is checked against the document.

The basis of a figure (city proper, metropolitan area ...) is recorded per figure, never per city:
``data/raw/case_bases.csv`` gives it, quoted, for the figures whose document states one, and may
note why another has none; every other figure's basis is "not stated in the sources".

Stated values come from ``data/processed/figures.csv``: every figure of :data:`STATED_MEASURES`
whose entity is the city (or a group it belongs to). Two measures are computed, each row
carrying its formula and the ids of its inputs:

* GDP per capita = GDP / population, for a period where both are stated (a printed table cell
  is preferred to the same figure restated in the text);
* annualised growth = (value at end / value at start) ** (1 / years) - 1, between the two
  dated values of a measure.

Where the sources give nothing to compute from, the row says "not stated in the sources".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TypeVar

import pandas as pd

from citydip.core import paths
from citydip.core.csvio import frame_to_csv_text, read_table, read_written, write_if_changed
from citydip.core.errors import InputError
from citydip.core.figures import Figure, decimal, records
from citydip.core.numbers import format_decimal
from citydip.core.registry import locate
from citydip.core.sources import NOT_STATED, Document
from citydip.core.text import round_half_up
from citydip.stages import SIX_CITIES as OUTPUT
from citydip.tables.coding import Groups, groups_of

CASES = "cases.csv"
BASES = "case_bases.csv"
CASE_COLUMNS = (
    "city", "doc_id", "group", "group_quote", "member_of", "member_of_quote", "data_source_quote", "note",
)  # fmt: skip
BASIS_COLUMNS = ("figure_id", "basis", "basis_quote", "note")
STATED_MEASURES = (
    "population",
    "share of migrant population",  # Guangzhou's migrants as a share of its population (LD-323): a share, no count
    "GDP",
    "GDP (by comparison with another economy)",  # 'equal to', 'comparable to', 'the size of' another economy
    "GDP growth (absolute)",
    "GDP growth (percent)",
)
"""The measures of the six-city table, in the order the overview shows them."""
NO_YEAR = "year not stated in the sources"
COLUMNS = [
    "city",
    "doc_id",
    "measure",
    "period",
    "value",
    "base_value",
    "base_unit",
    "origin",
    "figure_ids",
    "basis",
    "basis_quote",
    "formula",
    "note",
]


@dataclass(frozen=True)
class Case:
    city: str
    doc_id: str
    group: str
    data_source: str
    note: str
    member_of: str = ""  # registry entity of a group of cities whose figures are the city's too


@dataclass(frozen=True)
class Basis:
    """The basis a document states for one figure (empty with ``quote`` empty: none stated), and a note."""

    basis: str
    quote: str
    note: str


SHARED = "stated of the {entity} together"
"""The note of a six-city row whose figure is stated of several cities together ('these cities all boast
populations in the millions'): the value is not the city's own."""


def shared(note: str) -> bool:
    """Whether a six-city row's note says its figure is stated of several cities together."""
    prefix, suffix = SHARED.split("{entity}")
    return any(part.startswith(prefix) and part.endswith(suffix) for part in note.split("; "))


def load_cases(raw_dir: str | Path, documents: dict[str, Document]) -> list[Case]:
    """The case-study cities, with every quote checked against its document."""
    path = paths.resolve(raw_dir) / CASES
    frame = read_table(path, CASE_COLUMNS, key="city")
    cases = []
    for _, row in frame.iterrows():
        where = f"line {row['_line']} ({row['city']})"
        doc = documents.get(row["doc_id"])
        if doc is None:
            raise InputError(path, f"unknown doc_id {row['doc_id']!r}", where=where, expected=", ".join(documents))
        for fact, quote in (("group", "group_quote"), ("member_of", "member_of_quote"), (None, "data_source_quote")):
            if fact and bool(row[fact].strip()) != bool(row[quote].strip()):
                raise InputError(
                    path, f"{fact} and {quote} must be given together", where=where, expected="both or neither"
                )
            if row[quote] and not doc.occurrences(row[quote]):
                raise InputError(
                    path,
                    f"{quote} {row[quote]!r} not found in {doc.path.name}",
                    where=where,
                    expected="a verbatim quote from the document",
                )
        if row["group"] and row["group"] not in row["group_quote"]:
            raise InputError(
                path, f"group {row['group']!r} is not in its group_quote", where=where, expected="the group as quoted"
            )
        if row["member_of"] and row["city"] not in row["member_of_quote"]:
            raise InputError(
                path,
                f"member_of_quote does not name {row['city']}",
                where=where,
                expected=f"a quote naming {row['city']} among the {row['member_of']}",
            )
        cases.append(
            Case(
                city=row["city"],
                doc_id=row["doc_id"],
                group=row["group"] or NOT_STATED,
                data_source=row["data_source_quote"] or NOT_STATED,
                note=row["note"],
                member_of=row["member_of"],
            )
        )
    return cases


def stated_groups(cases: list[Case]) -> dict[str, str]:
    """Each city's group as its document states it ('Global South' ...), "not stated in the sources" else."""
    return {case.city: case.group for case in cases}


def groups(cases: list[Case], cities: Sequence[str]) -> Groups:
    """The Global North and South groups of ``cities`` (a policy matrix's, in its order), as stated.

    Each city's group is the one its document states (:func:`stated_groups`); ``coding.groups_of``
    refuses a city with no stated group and a group with no city.
    """
    return groups_of(stated_groups(cases), cities)


def load_bases(
    raw_dir: str | Path, figures: pd.DataFrame, documents: dict[str, Document], stated_ids: set[str]
) -> dict[str, Basis]:
    """The basis stated for each figure that has one (``case_bases.csv``), each quote checked against its document.

    A row names a figure of the six-city table (``stated_ids``); ``basis`` and ``basis_quote`` come
    together, and a row with neither must say in ``note`` why it is there.
    """
    path = paths.resolve(raw_dir) / BASES
    frame = read_table(path, BASIS_COLUMNS, key="figure_id")
    bases = {}
    for _, row in frame.iterrows():
        figure_id = row["figure_id"]
        where = f"line {row['_line']} ({figure_id})"
        if figure_id not in stated_ids:
            raise InputError(
                path,
                f"{figure_id} is not a population or GDP figure of the case-study cities",
                where=where,
                expected="the id of a figure of the six-city table",
            )
        if bool(row["basis"].strip()) != bool(row["basis_quote"].strip()):
            raise InputError(
                path, "basis and basis_quote must be given together", where=where, expected="both or neither"
            )
        if not row["basis"].strip() and not row["note"].strip():
            raise InputError(path, "no basis and no note", where=where, expected="a basis with its quote, or a note")
        if row["basis_quote"]:
            doc = documents[figures.loc[figure_id, "doc_id"]]
            locate(doc, row["basis_quote"], "", file=path, where=where, what="basis_quote")
        bases[figure_id] = Basis(row["basis"], row["basis_quote"], row["note"])
    return bases


def _year(period: str) -> int | None:
    match = re.match(r"\s*(\d{4})\b", period)
    return int(match.group(1)) if match else None


def stated(figures: pd.DataFrame, case: Case) -> pd.DataFrame:
    """Every population and GDP figure stated for the city (or its group) in its document, in reading order."""
    entities = [case.city, case.member_of] if case.member_of else [case.city]
    mine = figures[
        (figures["doc_id"] == case.doc_id)
        & (figures["entity"].isin(entities))
        & (figures["measure"].isin(STATED_MEASURES))
    ]
    return mine.sort_values(by="value_offset", key=lambda s: s.astype(int))


def _as_stated(figure: Figure) -> str:
    parts = [figure["qualifier"], figure["value"], figure["unit"]]
    return " ".join(p for p in parts if p)


Row = TypeVar("Row", bound=Mapping[str, str])


def pick(rows: list[Row], printed: Callable[[Row], bool]) -> Row | None:
    """The one value to compute from: the printed table cell if there is exactly one, else the
    only value; None when there is none or the choice is not clear (several, none printed)."""
    cells = [r for r in rows if printed(r)]
    if len(cells) == 1:
        return cells[0]
    return rows[0] if len(rows) == 1 else None


def _pick(figs: list[Figure]) -> Figure | None:
    """The figure to compute from (:func:`pick`, a table cell counting as printed)."""
    return pick(figs, lambda f: f["kind"] == "table_cell")


def _round(value: Decimal, places: int) -> str:
    """A computed value at a fixed number of decimals, as plain digits (for the CSV)."""
    return format_decimal(round_half_up(value, places))


def _show(value: Decimal, places: int) -> str:
    """A computed value for people: fixed decimals, thousands separated."""
    return f"{value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):,.{places}f}"


def _qualified(*figs: Figure) -> str:
    qualified = [f"'{_as_stated(f)}' ({f['figure_id']})" for f in figs if f["qualifier"]]
    return f"; inputs are approximate: {', '.join(qualified)}" if qualified else ""


def _basis_of(ids: list[str], bases: dict[str, Basis]) -> str:
    """A computed value's basis: its inputs' basis if they share one, else each input's."""
    each = [bases[i].basis if i in bases and bases[i].basis else NOT_STATED for i in ids]
    if len(set(each)) == 1:
        return each[0]
    return "; ".join(f"{i}: {b}" for i, b in zip(ids, each, strict=True))


def computed(figures: pd.DataFrame, case: Case, bases: dict[str, Basis] | None = None) -> list[dict[str, str]]:
    """GDP per capita and annualised growth for the city, or why they cannot be computed."""
    return _computed(case, records(stated(figures, case)), bases or {})


def _computed(case: Case, mine: list[Figure], bases: dict[str, Basis]) -> list[dict[str, str]]:
    """:func:`computed` from the city's stated figures (as :func:`stated` gives them, one dict each)."""
    mine = [f for f in mine if f["base_value"] != ""]  # 'populations in the millions' states no number to compute with
    rows = []

    def period_of(f: Figure) -> str:
        return f["period"] or NO_YEAR

    pop = [f for f in mine if f["measure"] == "population"]
    gdp = [f for f in mine if f["measure"] == "GDP"]
    periods = sorted({period_of(f) for f in pop} | {period_of(f) for f in gdp})
    for period in periods or [NO_YEAR]:
        p = _pick([f for f in pop if period_of(f) == period])
        g = _pick([f for f in gdp if period_of(f) == period])
        row = {"city": case.city, "doc_id": case.doc_id, "measure": "GDP per capita", "period": period}
        if p is None or g is None:
            row.update(value=NOT_STATED, origin="not computable", figure_ids="", formula="needs GDP and population")
        else:
            value = decimal(g["base_value"]) / decimal(p["base_value"])
            row.update(
                basis=_basis_of([g["figure_id"], p["figure_id"]], bases),
                value=f"{'about ' if _qualified(g, p) else ''}{_show(value, 0)} USD per person",
                base_value=_round(value, 2),
                base_unit="USD per person",
                origin="computed",
                figure_ids=f"{g['figure_id']}; {p['figure_id']}",
                formula=f"GDP / population = {g['base_value']} / {p['base_value']}{_qualified(g, p)}",
            )
        rows.append(row)
    for measure, figs in (("population", pop), ("GDP", gdp)):
        dated = {}
        for f in figs:
            year = _year(f["period"])
            if year is not None:
                dated.setdefault(year, []).append(f)
        name = f"{measure}: annualised growth"
        row = {"city": case.city, "doc_id": case.doc_id, "measure": name}
        if len(dated) < 2:
            row.update(
                period=NO_YEAR if not dated else str(next(iter(dated))),
                value=NOT_STATED,
                origin="not computable",
                formula="needs the measure at two stated years",
            )
            rows.append(row)
            continue
        start, end = min(dated), max(dated)
        a = _pick(dated[start])
        b = _pick(dated[end])
        years = end - start
        ratio = float(decimal(b["base_value"]) / decimal(a["base_value"]))
        rate = Decimal(repr(ratio ** (1 / years) - 1)) * 100
        row.update(
            basis=_basis_of([a["figure_id"], b["figure_id"]], bases),
            period=f"{start}-{end}",
            value=f"{'about ' if _qualified(a, b) else ''}{_show(rate, 2)} percent per year",
            base_value=_round(rate / 100, 6),
            base_unit="share per year",
            origin="computed",
            figure_ids=f"{a['figure_id']}; {b['figure_id']}",
            formula=(
                f"(end / start) ** (1 / years) - 1 = ({b['base_value']} / {a['base_value']}) ** (1 / {years}) - 1"
                f"{_qualified(a, b)}"
            ),
        )
        rows.append(row)
    return rows


def long_table(figures: pd.DataFrame, cases: list[Case], bases: dict[str, Basis] | None = None) -> pd.DataFrame:
    """Every stated figure and every computed measure of the six cities, one row each.

    A stated figure carries its basis as ``bases`` gives it (quoted), else "not stated in the
    sources"; a computed one the basis of its inputs.
    """
    bases = bases or {}
    rows = []
    for case in cases:
        mine = records(stated(figures, case))
        for f in mine:
            basis = bases.get(f["figure_id"], Basis("", "", ""))
            notes = [basis.note]
            if f["entity"] != case.city:
                notes.append(SHARED.format(entity=f["entity"]))
            rows.append(
                {
                    "city": case.city,
                    "doc_id": case.doc_id,
                    "measure": f["measure"],
                    "period": f["period"] or NO_YEAR,
                    "value": _as_stated(f),
                    "base_value": f["base_value"],
                    "base_unit": f["base_unit"],
                    "origin": "stated in a table" if f["kind"] == "table_cell" else "stated in the text",
                    "figure_ids": f["figure_id"],
                    "basis": basis.basis or NOT_STATED,
                    "basis_quote": basis.quote,
                    "formula": "",
                    "note": "; ".join(n for n in notes if n),
                }
            )
        for row in _computed(case, mine, bases):
            row.setdefault("basis", "" if row["origin"] == "not computable" else NOT_STATED)
            rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS).fillna("")


def basis_summary(long: pd.DataFrame, city: str) -> str:
    """The bases the documents state for a city's figures, with their ids, or "not stated in the sources"."""
    mine = long[(long["city"] == city) & long["origin"].str.startswith("stated")]
    given = mine[mine["basis"] != NOT_STATED]
    if given.empty:
        return NOT_STATED
    text = "; ".join(f"{b} [{i}]" for b, i in zip(given["basis"], given["figure_ids"], strict=True))
    return f"{text}; other figures: {NOT_STATED}" if len(given) < len(mine) else text


def overview(long: pd.DataFrame, cases: list[Case]) -> pd.DataFrame:
    """One row per city: its group, the bases and data source as stated, and each measure by period.

    A cell holds the value with its figure id(s); "not stated in the sources" where the
    documents give nothing for that measure and period.
    """
    keep = long[long["origin"] != "stated in the text"].copy()  # text restatements are in the long table
    # a measure stated only in the text (Beukman) is kept: its first statement for each period
    texts = long[long["origin"] == "stated in the text"]
    seen = set(zip(keep["city"], keep["measure"], keep["period"], strict=True))
    first = []
    for key in zip(texts["city"], texts["measure"], texts["period"], strict=True):
        first.append(key not in seen)
        seen.add(key)
    if any(first):
        keep = pd.concat([keep, texts[first]], ignore_index=True)
    keep["column"] = keep["measure"] + ", " + keep["period"]
    keep["cell"] = [v if not ids else f"{v} [{ids}]" for v, ids in zip(keep["value"], keep["figure_ids"], strict=True)]
    measures = [*STATED_MEASURES, "GDP per capita", "population: annualised growth", "GDP: annualised growth"]
    keep = keep[~((keep["origin"] == "not computable") & keep["measure"].str.contains("growth"))]
    rank = {
        column: (measures.index(m), p != NO_YEAR, p)
        for column, m, p in zip(keep["column"], keep["measure"], keep["period"], strict=True)
    }
    order = sorted(rank, key=rank.__getitem__)
    wide = keep.pivot_table(index="city", columns="column", values="cell", aggfunc="first").reindex(columns=order)
    wide = wide.reindex([c.city for c in cases]).fillna(NOT_STATED)
    facts = pd.DataFrame(
        [
            {
                "city": c.city,
                "document": c.doc_id,
                "group": c.group,
                "basis as stated": basis_summary(long, c.city),
                "data source": c.data_source,
            }
            for c in cases
        ]
    ).set_index("city")
    return facts.join(wide)


def build(raw_dir: str | Path, figures: pd.DataFrame, documents: dict[str, Document]):
    """The cases and the six-city table, writing nothing; returns (cases, long table)."""
    cases = load_cases(raw_dir, documents)
    stated_ids = {i for case in cases for i in stated(figures, case)["figure_id"]}
    bases = load_bases(raw_dir, figures, documents, stated_ids)
    return cases, long_table(figures, cases, bases)


def run(raw_dir: str | Path, figures: pd.DataFrame, documents: dict[str, Document], out_dir: str | Path):
    """Build the six-city table and write ``six_cities.csv``; returns (cases, long table)."""
    cases, long = build(raw_dir, figures, documents)
    write_if_changed(paths.output(out_dir) / OUTPUT, frame_to_csv_text(long))
    return cases, long


def load_built(
    raw_dir: str | Path, documents: dict[str, Document], tables_dir: str | Path = "data/processed/tables"
) -> tuple[list[Case], pd.DataFrame]:
    """The cases and the six-city table notebook 02 wrote, read back: later stages never rebuild it.

    Returns what :func:`build` returns; the table's cells are the text it was written with.
    """
    return load_cases(raw_dir, documents), read_written(paths.resolve(tables_dir) / OUTPUT, COLUMNS)
