"""Links from figures to reference series (``data/raw/reference_links.csv``), and the reference value
each link computes.

A link names a figure, a dataset, the series' key (a country or area code, a WUP city code, or
the entity as the file names it), a year (or a range ``2015-2019`` where the document states none:
every year of the range is tried), ``how`` the reference value is obtained (:data:`HOW`), the basis
of the reference as against the document's, and the tolerance with its reason. A reference value is
never shown as what a document says: each carries its formula and the series it comes from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from citydip.core import paths
from citydip.core.csvio import read_table
from citydip.core.errors import InputError
from citydip.reference.datasets import AGGLOMERATION, RURAL, URBAN

LINKS = "reference_links.csv"
COLUMNS = ("link_id", "figure_id", "dataset", "key", "year", "how", "of_figure", "basis", "tolerance", "why")
OF_ALL_AGGLOMERATIONS = ("megacities", "megacity_share", "megacity_share_urban", "urban_below_500k")
MEGACITY = Decimal(10_000_000)  # the UN's megacity: an urban agglomeration of 10 million or more
SMALL = Decimal(500_000)


@dataclass(frozen=True)
class Link:
    link_id: str
    figure_id: str
    dataset: str
    key: str
    years: tuple[int, ...]
    how: str
    of_figure: str
    basis: str
    tolerance: Decimal
    why: str


@dataclass(frozen=True)
class Value:
    """A reference value for one year: what it is, how it was computed, from which series."""

    year: int
    value: Decimal
    formula: str
    series: str


def _years(text: str) -> tuple[int, ...]:
    first, _, last = text.partition("-")
    return tuple(range(int(first), int(last or first) + 1))


def _check_row(row: dict, figures: pd.DataFrame, path: Path) -> Link:
    where = f"line {row['_line']} ({row['link_id']})"
    if row["figure_id"] not in figures.index:
        raise InputError(path, f"unknown figure_id {row['figure_id']!r}", where=where, expected="a registered figure")
    if row["how"] not in HOW:
        raise InputError(path, f"unknown how {row['how']!r}", where=where, expected=f"one of {', '.join(HOW)}")
    if row["of_figure"] and row["of_figure"] not in figures.index:
        raise InputError(path, f"unknown of_figure {row['of_figure']!r}", where=where, expected="a registered figure")
    try:
        tolerance = Decimal(row["tolerance"])
        years = _years(row["year"]) if row["year"] else ()
    except (InvalidOperation, ValueError):
        raise InputError(
            path, f"tolerance {row['tolerance']!r}, year {row['year']!r}", where=where,
            expected="a tolerance as a number and a year as 2018 or 2015-2019",
        ) from None  # fmt: skip
    if not Decimal(0) <= tolerance <= Decimal(1):
        raise InputError(path, f"tolerance {tolerance} out of range", where=where, expected="a number from 0 to 1")
    if not row["basis"].strip() or not row["why"].strip():
        raise InputError(path, "no basis or no why", where=where, expected="the basis of the reference and the reason")
    return Link(row["link_id"], row["figure_id"], row["dataset"], row["key"], years, row["how"], row["of_figure"],
                row["basis"], tolerance, row["why"])  # fmt: skip


def load(raw_dir: str | Path, figures: pd.DataFrame, series: pd.DataFrame) -> list[Link]:
    """Every link, checked: a known figure, dataset, key and year; a tolerance from 0 to 1."""
    path = paths.resolve(raw_dir) / LINKS
    links = [
        _check_row(row, figures, path)
        for row in read_table(path, COLUMNS, key="link_id", exact=True).to_dict("records")
    ]
    index = series.groupby(["dataset", "key"])["year"].agg(lambda y: set(map(int, y)))
    for link in links:
        where = f"{link.link_id} ({link.figure_id})"
        if link.how == "none":
            continue
        if link.how in OF_ALL_AGGLOMERATIONS:  # computed over every agglomeration of File 12
            if link.dataset != "wup2018-f12" or link.key != "World" or not all(1950 <= y <= 2035 for y in link.years):
                raise InputError(path, f"{link.how} of {link.dataset} {link.key} {link.years}", where=where,
                                 expected="dataset wup2018-f12, key World, a year from 1950 to 2035")  # fmt: skip
            continue
        if (link.dataset, link.key) not in index.index:
            raise InputError(path, f"no series {link.key!r} in dataset {link.dataset!r}", where=where,
                             expected="a key of the dataset (see data/processed/reference_values.csv)")  # fmt: skip
        missing = [y for y in link.years if y not in index[(link.dataset, link.key)] and link.dataset != "wup2018-f12"]
        if missing or (not link.years and link.how != "peak_year"):
            raise InputError(path, f"no year {missing or link.years} in {link.dataset} {link.key}", where=where,
                             expected="a year the series has")  # fmt: skip
    return links


# --- how a reference value is obtained --------------------------------------------------------------


def _one(series: pd.DataFrame, dataset: str, key: str, indicator: str | None, year: int) -> Decimal:
    rows = series[(series["dataset"] == dataset) & (series["key"] == key) & (series["year"] == str(year))]
    if indicator:
        rows = rows[rows["indicator"] == indicator]
    return Decimal(rows["value"].iloc[0])


def agglomerations(series: pd.DataFrame, year: int) -> tuple[dict[str, Decimal], str]:
    """Every WUP urban agglomeration's population in ``year``: the file's value, or the straight line
    between the two years of its five-year grid around it (a value computed from the reference)."""
    table = series[(series["dataset"] == "wup2018-f12") & (series["indicator"] == AGGLOMERATION)]
    if str(year) in set(table["year"]):
        rows = table[table["year"] == str(year)]
        return dict(zip(rows["key"], map(Decimal, rows["value"]), strict=True)), f"WUP 2018 File 12, {year}"
    low, high = year - year % 5, year - year % 5 + 5
    a = table[table["year"] == str(low)].set_index("key")["value"].map(Decimal)
    b = table[table["year"] == str(high)].set_index("key")["value"].map(Decimal)
    w = Decimal(year - low) / 5
    return {k: a[k] + (b[k] - a[k]) * w for k in a.index}, (
        f"WUP 2018 File 12, interpolated: P({year}) = P({low}) + (P({high}) - P({low})) x {year - low}/5"
    )


def _value(link: Link, series: pd.DataFrame, figures: pd.DataFrame, year: int) -> Value:
    source = f"{link.dataset} {link.key} {year}"
    if link.dataset == "wup2018-f12":
        pops, formula = agglomerations(series, year)
        return Value(year, pops[link.key], f"population of the urban agglomeration ({formula})", source)
    value = _one(series, link.dataset, link.key, None, year)
    return Value(year, value, f"the series' value for {year}", source)


def _urban_share(link: Link, series: pd.DataFrame, figures: pd.DataFrame, year: int) -> Value:
    urban = _one(series, link.dataset, link.key, URBAN, year)
    rural = _one(series, link.dataset, link.key, RURAL, year)
    return Value(year, urban / (urban + rural), f"urban / (urban + rural) = {urban:,} / {urban + rural:,}",
                 f"wup2018-urban-rural {link.key} {year}")  # fmt: skip


def _megacities(link: Link, series: pd.DataFrame, figures: pd.DataFrame, year: int) -> Value:
    pops, formula = agglomerations(series, year)
    count = sum(1 for p in pops.values() if p >= MEGACITY)
    return Value(year, Decimal(count), f"agglomerations of 10 million or more ({formula})", f"wup2018-f12 {year}")


def _megacity_share(link: Link, series: pd.DataFrame, figures: pd.DataFrame, year: int) -> Value:
    """People in megacities as a share of the world population, or (``megacity_share_urban``) of its urban one."""
    pops, formula = agglomerations(series, year)
    mega = sum((p for p in pops.values() if p >= MEGACITY), Decimal(0))
    urban = _one(series, "wup2018-urban-rural", "World", URBAN, year)
    if link.how == "megacity_share_urban":
        base, label = urban, "urban population"
    else:
        base, label = urban + _one(series, "wup2018-urban-rural", "World", RURAL, year), "world population"
    return Value(year, mega / base, f"people in megacities / {label} = {mega:,.0f} / {base:,} ({formula})",
                 f"wup2018-f12 and wup2018-urban-rural World {year}")  # fmt: skip


def _urban_below(link: Link, series: pd.DataFrame, figures: pd.DataFrame, year: int) -> Value:
    pops, formula = agglomerations(series, year)
    large = sum((p for p in pops.values() if p >= SMALL), Decimal(0))
    urban = _one(series, "wup2018-urban-rural", "World", URBAN, year)
    formula = (
        f"(urban population - people in agglomerations of 500,000 or more) / urban = ({urban:,} - {large:,.0f}) "
        f"/ {urban:,} ({formula})"
    )
    return Value(year, (urban - large) / urban, formula, f"wup2018-f12 and wup2018-urban-rural World {year}")


def _share_of_world(link: Link, series: pd.DataFrame, figures: pd.DataFrame, year: int) -> Value:
    part = Decimal(figures.loc[link.of_figure, "base_value"])
    world = _one(series, link.dataset, link.key, None, year)
    return Value(year, part / world, f"{link.of_figure} ({part:,}) / world population ({world:,})",
                 f"{link.dataset} {link.key} {year}")  # fmt: skip


def _peak_year(link: Link, series: pd.DataFrame, figures: pd.DataFrame, year: int) -> Value:
    rows = series[(series["dataset"] == link.dataset) & (series["key"] == link.key)]
    best = rows.loc[rows["value"].map(Decimal).idxmax()]
    return Value(int(best["year"]), Decimal(best["year"]),
                 f"the year of the series' highest value ({Decimal(best['value']):,} in {best['year']}; years "
                 f"{', '.join(rows['year'])})", f"{link.dataset} {link.key}")  # fmt: skip


HOW: dict[str, Callable[[Link, pd.DataFrame, pd.DataFrame, int], Value] | None] = {
    "value": _value,
    "urban_share": _urban_share,
    "megacities": _megacities,
    "megacity_share": _megacity_share,
    "megacity_share_urban": _megacity_share,
    "urban_below_500k": _urban_below,
    "share_of_world_population": _share_of_world,
    "peak_year": _peak_year,
    "none": None,  # no series in the reference files for this figure: the check says which
}
"""How a link's reference value is obtained; a new derivation goes here, with its formula."""


def values(link: Link, series: pd.DataFrame, figures: pd.DataFrame) -> list[Value]:
    """The reference value of a link for each of its years (one for a peak year; none for 'none')."""
    compute = HOW[link.how]
    if compute is None:
        return []
    return [compute(link, series, figures, year) for year in (link.years or (0,))]
