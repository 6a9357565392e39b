"""The six case-study cities: every population and GDP figure stated for them, and what follows.

Cape Town and Tokyo come from Beukman, Buenos Aires, Guangzhou, Los Angeles and Paris from
Ledna. ``data/raw/cases.csv`` names each city's document and, where the document states them,
its group (Global South/North), the basis of its figures (city proper, metropolitan area) and
their data source, each with a verbatim quote that is checked against the document.

Stated values come from ``data/processed/figures.csv``. Two measures are computed, each row
carrying its formula and the ids of its inputs:

* GDP per capita = GDP / population, for a period where both are stated (a printed table cell
  is preferred to the same figure restated in the text);
* annualised growth = (value at end / value at start) ** (1 / years) - 1, between the two
  dated values of a measure.

Where the sources give nothing to compute from, the row says "not stated in the sources".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from . import paths
from .csvio import frame_to_csv_text, read_table, write_if_changed
from .errors import InputError
from .figures import decimal
from .numbers import format_decimal
from .sources import NOT_STATED, Document

CASES = "cases.csv"
OUTPUT = "six_cities.csv"
CASE_COLUMNS = ("city", "doc_id", "group", "group_quote", "basis", "basis_quote", "data_source_quote", "note")
STATED_MEASURES = ("population", "GDP", "GDP growth (absolute)", "GDP growth (percent)")
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
    "formula",
]


@dataclass(frozen=True)
class Case:
    city: str
    doc_id: str
    group: str
    basis: str
    data_source: str
    note: str


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
        for fact, quote in (("group", "group_quote"), ("basis", "basis_quote"), (None, "data_source_quote")):
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
        cases.append(
            Case(
                city=row["city"],
                doc_id=row["doc_id"],
                group=row["group"] or NOT_STATED,
                basis=row["basis"] or NOT_STATED,
                data_source=row["data_source_quote"] or NOT_STATED,
                note=row["note"],
            )
        )
    return cases


def _year(period: str) -> int | None:
    match = re.match(r"\s*(\d{4})\b", period)
    return int(match.group(1)) if match else None


def stated(figures: pd.DataFrame, case: Case) -> pd.DataFrame:
    """Every population and GDP figure stated for the city in its document, in reading order."""
    mine = figures[
        (figures["doc_id"] == case.doc_id)
        & (figures["entity"] == case.city)
        & (figures["measure"].isin(STATED_MEASURES))
    ]
    return mine.sort_values(by="value_offset", key=lambda s: s.astype(int))


def _as_stated(figure: pd.Series) -> str:
    parts = [figure["qualifier"], figure["value"], figure["unit"]]
    return " ".join(p for p in parts if p)


def _pick(figs: pd.DataFrame) -> pd.Series | None:
    """The figure to compute from: the printed table cell if there is one, else a single text figure."""
    if figs.empty:
        return None
    cells = figs[figs["kind"] == "table_cell"]
    if len(cells) == 1:
        return cells.iloc[0]
    return figs.iloc[0] if len(figs) == 1 else None


def _round(value: Decimal, places: int) -> str:
    """A computed value at a fixed number of decimals, as plain digits (for the CSV)."""
    return format_decimal(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _show(value: Decimal, places: int) -> str:
    """A computed value for people: fixed decimals, thousands separated."""
    return f"{value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):,.{places}f}"


def _qualified(*figs: pd.Series) -> str:
    qualified = [f"'{_as_stated(f)}' ({f['figure_id']})" for f in figs if f["qualifier"]]
    return f"; inputs are approximate: {', '.join(qualified)}" if qualified else ""


def computed(figures: pd.DataFrame, case: Case) -> list[dict[str, str]]:
    """GDP per capita and annualised growth for the city, or why they cannot be computed."""
    mine = stated(figures, case)
    rows = []

    def period_of(f: pd.Series) -> str:
        return f["period"] or NO_YEAR

    pop = mine[mine["measure"] == "population"]
    gdp = mine[mine["measure"] == "GDP"]
    periods = sorted({period_of(f) for _, f in pop.iterrows()} | {period_of(f) for _, f in gdp.iterrows()})
    for period in periods or [NO_YEAR]:
        p = _pick(pop[pop["period"].map(lambda x, period=period: (x or NO_YEAR) == period)])
        g = _pick(gdp[gdp["period"].map(lambda x, period=period: (x or NO_YEAR) == period)])
        row = {"city": case.city, "doc_id": case.doc_id, "measure": "GDP per capita", "period": period}
        if p is None or g is None:
            row.update(value=NOT_STATED, origin="not computable", figure_ids="", formula="needs GDP and population")
        else:
            value = decimal(g["base_value"]) / decimal(p["base_value"])
            row.update(
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
        for _, f in figs.iterrows():
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
        a = _pick(pd.DataFrame(dated[start]))
        b = _pick(pd.DataFrame(dated[end]))
        years = end - start
        ratio = float(decimal(b["base_value"]) / decimal(a["base_value"]))
        rate = Decimal(repr(ratio ** (1 / years) - 1)) * 100
        row.update(
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


def long_table(figures: pd.DataFrame, cases: list[Case]) -> pd.DataFrame:
    """Every stated figure and every computed measure of the six cities, one row each."""
    rows = []
    for case in cases:
        for _, f in stated(figures, case).iterrows():
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
                    "formula": "",
                }
            )
        rows.extend(computed(figures, case))
    return pd.DataFrame(rows, columns=COLUMNS).fillna("")


def overview(long: pd.DataFrame, cases: list[Case]) -> pd.DataFrame:
    """One row per city: its group, basis and data source as stated, and each measure by period.

    A cell holds the value with its figure id(s); "not stated in the sources" where the
    documents give nothing for that measure and period.
    """
    keep = long[long["origin"] != "stated in the text"].copy()  # text restatements are in the long table
    # a measure stated only in the text (Beukman) is kept
    texts = long[long["origin"] == "stated in the text"]
    for _, row in texts.iterrows():
        same = keep[(keep["city"] == row["city"]) & (keep["measure"] == row["measure"])]
        if (same["period"] == row["period"]).sum() == 0:
            keep = pd.concat([keep, row.to_frame().T], ignore_index=True)
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
            {"city": c.city, "document": c.doc_id, "group": c.group, "basis": c.basis, "data source": c.data_source}
            for c in cases
        ]
    ).set_index("city")
    return facts.join(wide)


def build(raw_dir: str | Path, figures: pd.DataFrame, documents: dict[str, Document]):
    """The cases and the six-city table, writing nothing; returns (cases, long table)."""
    cases = load_cases(raw_dir, documents)
    return cases, long_table(figures, cases)


def run(raw_dir: str | Path, figures: pd.DataFrame, documents: dict[str, Document], out_dir: str | Path):
    """Build the six-city table and write ``six_cities.csv``; returns (cases, long table)."""
    cases, long = build(raw_dir, figures, documents)
    write_if_changed(paths.output(out_dir) / OUTPUT, frame_to_csv_text(long))
    return cases, long
