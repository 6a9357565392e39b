"""Any two of the six case-study cities side by side, with nothing invented.

``build`` gathers, for two cities: every figure the sources state about each (with ids);
the derived measures (GDP per capita, annualised growth, the ratio of A to B) with their
formulas; Ledna's policy codes; the networks and partnerships the texts name for each; the
main strategic points, quoted; and an explicit list of what is stated for one city and not
the other (never shown as zero).

City names are matched case-, space-, hyphen- and accent-insensitively against
``data/raw/cases.csv``. ``python -m citydip.compare`` (:mod:`citydip.compare.cli`) runs the
comparison notebook for a pair; the charts are made by :mod:`citydip.compare.charts`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from citydip.core import paths
from citydip.core.csvio import read_table
from citydip.core.entities import ENTITY_ALIASES
from citydip.core.errors import InputError
from citydip.core.figures import Figure, decimal, records
from citydip.core.params import load_parameters
from citydip.core.registry import locate
from citydip.core.sources import NOT_STATED, Document
from citydip.tables.cases import Case, basis_summary, pick

POINTS = "case_points.csv"
POINT_COLUMNS = ("point_id", "city", "doc_id", "topic", "quote", "occurrence", "note")
NOTEBOOK = "notebooks/04_compare.ipynb"
OUT_DIR = "reports/notebooks/compare"
PAIR_SEPARATOR = "__"
PARAMS_DIR = "notebooks/params/compare"  # one YAML file per comparison that `make` builds
RATIO_MEASURES = ("population", "GDP", "GDP per capita")


# --- names ---------------------------------------------------------------------------------------


def normalise(name: str) -> str:
    """'  buenos-AIRES ' -> 'buenos aires'; accents dropped ('Île' -> 'ile')."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[-_]+", " ", plain).casefold().split())


def slug(city: str) -> str:
    """'Los Angeles' -> 'los-angeles' (file names)."""
    return normalise(city).replace(" ", "-")


def resolve(name: str, cases: list[Case], parameter: str = "city") -> Case:
    """The case-study city meant by ``name``, or a one-line error listing the valid cities."""
    if not isinstance(name, str) or "\n" in name or "\r" in name:
        raise InputError(f"parameter {parameter}", f"not a one-line name: {name!r}", expected=_valid(cases))
    wanted = normalise(name)
    for case in cases:
        if normalise(case.city) == wanted:
            return case
    raise InputError(f"parameter {parameter}", f"unknown city {name!r}", expected=_valid(cases))


def _valid(cases: list[Case]) -> str:
    return "one of the case-study cities: " + ", ".join(c.city for c in cases)


def resolve_pair(city_a: str, city_b: str, cases: list[Case]) -> tuple[Case, Case]:
    a, b = resolve(city_a, cases, "city_a"), resolve(city_b, cases, "city_b")
    if a.city == b.city:
        raise InputError(
            "parameters city_a, city_b", f"the same city twice ({a.city})", expected="two different cities"
        )
    return a, b


def pair_name(a: str, b: str) -> str:
    """File stem of a comparison: 'cape-town__tokyo'."""
    return f"{slug(a)}{PAIR_SEPARATOR}{slug(b)}"


def default_pairs(params_dir: str | Path = PARAMS_DIR) -> list[tuple[str, str]]:
    """(city_a, city_b) of every comparison `make` builds: one parameter file each, in name order."""
    pairs = []
    for path in sorted(paths.resolve(params_dir).glob("*.yaml")):
        params = load_parameters(path)
        missing = [name for name in ("city_a", "city_b") if name not in params]
        if missing:
            raise InputError(path, f"no {' or '.join(missing)}", expected='city_a: "..." and city_b: "..."')
        pairs.append((params["city_a"], params["city_b"]))
    return pairs


# --- the comparison ------------------------------------------------------------------------------


@dataclass
class Comparison:
    a: Case
    b: Case
    measures: pd.DataFrame  # every stated figure, side by side
    derived: pd.DataFrame  # per capita, growth, ratio A/B, with formulas
    one_sided: pd.DataFrame  # what is stated for one city only
    policy: pd.DataFrame  # Ledna's codes by area, with ids
    relations: pd.DataFrame  # networks and partnerships named for each city
    points: pd.DataFrame  # strategic points, quoted
    bases: dict[str, str]  # per city: the bases its figures are stated on, with ids

    @property
    def name(self) -> str:
        return pair_name(self.a.city, self.b.city)


def city_names(city: str) -> list[str]:
    """The names under which an entity of the registry may name the city: its own and the variants
    the audit unifies (``audit.ENTITY_ALIASES``: 'LA' and 'L.A.' for Los Angeles)."""
    return [city, *sorted(alias for alias, name in ENTITY_ALIASES.items() if name == city)]


def _names(text: str, names: list[str]) -> bool:
    """Whether one of ``names`` stands in ``text`` as a whole name ('Cape Town' in 'London and Cape Town')."""
    return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text) for n in names)


def pair_years(pairs: pd.DataFrame | None) -> dict[str, set[str]]:
    """Figure id of the registered year of a city pair -> the cities of the pair(s) it dates (pairs.csv)."""
    years: dict[str, set[str]] = {}
    if pairs is not None:
        for _, r in pairs[pairs["year_figure_id"] != ""].iterrows():
            years.setdefault(r["year_figure_id"], set()).update((r["city_a"], r["city_b"]))
    return years


def _about(figures: pd.DataFrame, case: Case, years: dict[str, set[str]] | None = None) -> pd.DataFrame:
    """Figures about the city, in reading order, from any document (policy codes aside).

    A figure is about the city when its entity names it as a whole name, or a variant the audit
    unifies: 'Cape Town', 'Cape Town Air Access Strategy', 'London and Cape Town (Digital Nomad
    Initiative)', 'Cape Town and Tokyo'; or when it is the stated year of a pair the city is part
    of (``years``, from pairs.csv: 1981 of Guangzhou's partnership with Los Angeles is about both).
    """
    names, years = city_names(case.city), years or {}
    named = figures["entity"].map(lambda entity: _names(entity, names))
    paired = figures["figure_id"].map(lambda figure_id: case.city in years.get(figure_id, ()))
    return figures[(named | paired) & (figures["kind"] != "policy_code")]


def _statement(f: Figure) -> str:
    """'nearly 30 people [LD-315]', '13.1 million people (2010) [LD-F01-01]', '1974 [LD-317]'."""
    unit = "" if f["unit"] in ("year", "count") else f["unit"]
    stated = " ".join(p for p in (f["qualifier"], f["value"], unit) if p)
    period = f" ({f['period']})" if f["period"] else ""
    return f"{stated}{period} [{f['figure_id']}]"


def _measure_key(f: Figure, case: Case, shared: bool) -> str:
    """The row of a figure: its measure alone if it is about the city only, else entity and measure
    (a figure about both cities, such as 'Cape Town and Tokyo: cities compared', is one row for both)."""
    if not shared and f["entity"] in city_names(case.city):
        return f["measure"]
    return f"{f['entity']}: {f['measure']}"


def measures_side_by_side(
    figures: pd.DataFrame, a: Case, b: Case, pairs: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(every measure stated for A or B with each city's statements, the measures stated for one only).

    ``pairs`` (the processed pairs.csv) makes the stated year of a pair a figure of both its cities.
    """
    years = pair_years(pairs)
    about = {case.city: _about(figures, case, years) for case in (a, b)}
    both = set(about[a.city]["figure_id"]) & set(about[b.city]["figure_id"])
    cells: dict[str, dict[str, list[str]]] = {}
    for case in (a, b):
        for f in records(about[case.city]):
            key = _measure_key(f, case, f["figure_id"] in both)
            cells.setdefault(key, {a.city: [], b.city: []})[case.city].append(_statement(f))
    rows, one_sided = [], []
    for measure, by_city in cells.items():
        rows.append({"measure": measure, **{c: "; ".join(v) if v else NOT_STATED for c, v in by_city.items()}})
        stated = [c for c, v in by_city.items() if v]
        if len(stated) == 1:
            other = b.city if stated[0] == a.city else a.city
            one_sided.append({"measure": measure, "stated for": stated[0], "not stated for": other})
    measures = pd.DataFrame(rows, columns=["measure", a.city, b.city])
    return measures, pd.DataFrame(one_sided, columns=["measure", "stated for", "not stated for"])


def _picked(long: pd.DataFrame, city: str, measure: str) -> dict[str, dict[str, str]]:
    """Per period, the value to compute with: the printed table cell, else the single text figure."""
    rows = long[(long["city"] == city) & (long["measure"] == measure) & (long["base_value"] != "")]
    by_period: dict[str, list[dict[str, str]]] = {}
    for row in records(rows):
        by_period.setdefault(row["period"], []).append(row)
    out = {}
    for period in sorted(by_period):
        chosen = pick(by_period[period], lambda r: r["origin"] == "stated in a table")
        if chosen is not None:
            out[period] = chosen
    return out


def derived_measures(long: pd.DataFrame, a: Case, b: Case) -> pd.DataFrame:
    """GDP per capita and annualised growth of each city (from the six-city table), and A / B ratios."""
    rows = []
    computed = long[long["origin"].isin(["computed", "not computable"]) & long["city"].isin([a.city, b.city])]
    for r in records(computed):
        rows.append(
            {
                "measure": r["measure"],
                "period": r["period"],
                "city": r["city"],
                "value": r["value"],
                "figure_ids": r["figure_ids"],
                "formula": r["formula"],
            }
        )
    for measure in RATIO_MEASURES:
        va, vb = _picked(long, a.city, measure), _picked(long, b.city, measure)
        name = f"{measure}: ratio {a.city} / {b.city}"
        common = sorted(set(va) & set(vb))
        for period in common:
            x, y = decimal(va[period]["base_value"]), decimal(vb[period]["base_value"])
            rows.append(
                {
                    "measure": name,
                    "period": period,
                    "city": "both",
                    "value": f"{x / y:.2f}",
                    "figure_ids": f"{va[period]['figure_ids']}; {vb[period]['figure_ids']}",
                    "formula": f"{a.city} / {b.city} = {_plain(x)} / {_plain(y)}"
                    + _approximate(va[period], vb[period]),
                }
            )
        if not common:
            periods = {c: ", ".join(v) or "none" for c, v in ((a.city, va), (b.city, vb))}
            rows.append(
                {
                    "measure": name,
                    "period": "no common period",
                    "city": "both",
                    "value": "not computable",
                    "figure_ids": "",
                    "formula": "the sources state it for " + "; ".join(f"{c}: {p}" for c, p in periods.items()),
                }
            )
    return pd.DataFrame(rows, columns=["measure", "period", "city", "value", "figure_ids", "formula"])


def _approximate(*rows: dict[str, str]) -> str:
    """A note when an input was stated with a qualifier ('almost 4 million') or is computed from one."""
    loose = [r["value"] for r in rows if re.match(r"[A-Za-z]", r["value"])]
    return f"; approximate: {', '.join(loose)}" if loose else ""


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


def policy_side_by_side(figures: pd.DataFrame, a: Case, b: Case) -> pd.DataFrame:
    """Ledna's code for each policy area and city (from her single-city tables), with the figure id."""
    codes = figures[(figures["kind"] == "policy_code") & (figures["table"] != "Figure 11")]
    areas = codes["quote"].str.split("\t").str[0]
    found: dict[tuple[str, str], list[Figure]] = {}  # (city, policy area) -> its codes
    for f, area in zip(records(codes), areas, strict=True):
        found.setdefault((f["entity"], area), []).append(f)
    rows = []
    for area in dict.fromkeys(areas):
        row = {"policy area": area}
        for case in (a, b):
            hit = found.get((case.city, area), [])
            row[case.city] = f"{hit[0]['value']} [{hit[0]['figure_id']}]" if len(hit) == 1 else NOT_STATED
        rows.append(row)
    return pd.DataFrame(rows, columns=["policy area", a.city, b.city])


def load_points(raw_dir: str | Path, documents: dict[str, Document], cities: list[str]) -> pd.DataFrame:
    """The curated strategic points (``data/raw/case_points.csv``), each quote checked against its document."""
    path = paths.resolve(raw_dir) / POINTS
    frame = read_table(path, POINT_COLUMNS, key="point_id")
    for _, row in frame.iterrows():
        where = f"line {row['_line']} ({row['point_id']})"
        if row["city"] not in cities:
            raise InputError(path, f"unknown city {row['city']!r}", where=where, expected=", ".join(cities))
        doc = documents.get(row["doc_id"])
        if doc is None:
            raise InputError(path, f"unknown doc_id {row['doc_id']!r}", where=where, expected=", ".join(documents))
        locate(doc, row["quote"], row["occurrence"], file=path, where=where, what="quote")
    return frame.drop(columns="_line")


def _processed(processed_dir: str | Path, name: str) -> pd.DataFrame | None:
    """A relations table of data/processed as text, or None where it is not built."""
    path = paths.resolve(processed_dir) / name
    return pd.read_csv(path, dtype=str, keep_default_na=False) if path.is_file() else None


def relations_of(processed_dir: str | Path, a: Case, b: Case) -> pd.DataFrame:
    """Networks and partnerships the texts name for each city (from the relations tables, if built).

    ``year`` is a pair's stated year with its figure id ('1981 [LD-333]'), or not stated in the
    sources; it is empty for a tie to a network (memberships carry no year).
    """
    rows = []
    memberships, pairs = _processed(processed_dir, "memberships.csv"), _processed(processed_dir, "pairs.csv")
    if memberships is not None:
        for _, r in memberships[memberships["city"].isin([a.city, b.city])].iterrows():
            rows.append(
                {
                    "city": r["city"],
                    "kind": f"network ({r.get('role') or 'member'})",
                    "with": r.get("network_name") or r["network_id"],
                    "year": "",
                    "id": r["membership_id"],
                    "quote": r["quote"],
                }
            )
    if pairs is not None:
        for _, r in pairs.iterrows():
            year = f"{r['year']} [{r['year_figure_id']}]" if r["year_figure_id"] else NOT_STATED
            for city, other in ((r["city_a"], r["city_b"]), (r["city_b"], r["city_a"])):
                if city in (a.city, b.city):
                    rows.append(
                        {
                            "city": city,
                            "kind": r["kind"],
                            "with": other,
                            "year": year,
                            "id": r["pair_id"],
                            "quote": r["quote"],
                        }
                    )
    return pd.DataFrame(rows, columns=["city", "kind", "with", "year", "id", "quote"])


def build(
    a: Case,
    b: Case,
    figures: pd.DataFrame,
    long: pd.DataFrame,
    points: pd.DataFrame,
    processed_dir: str | Path = "data/processed",
) -> Comparison:
    """Everything the comparison notebook shows for the pair (a, b)."""
    measures, one_sided = measures_side_by_side(figures, a, b, _processed(processed_dir, "pairs.csv"))
    relations = relations_of(processed_dir, a, b)
    policy = policy_side_by_side(figures, a, b)
    for case, other in ((a, b), (b, a)):
        if (policy[case.city] != NOT_STATED).any() and (policy[other.city] == NOT_STATED).all():
            one_sided.loc[len(one_sided)] = ["policy-area codes (Ledna)", case.city, other.city]
    for case, other in ((a, b), (b, a)):
        if relations.empty or not (relations["city"] == case.city).any():
            continue
        if not (relations["city"] == other.city).any():
            one_sided.loc[len(one_sided)] = ["networks and partnerships named", case.city, other.city]
    return Comparison(
        a=a,
        b=b,
        measures=measures,
        derived=derived_measures(long, a, b),
        one_sided=one_sided,
        policy=policy,
        relations=relations,
        points=points[points["city"].isin([a.city, b.city])].reset_index(drop=True),
        bases={case.city: basis_summary(long, case.city) for case in (a, b)},
    )


def heading(c: Comparison) -> str:
    """The comparison's title and what it draws on, as Markdown."""
    docs = sorted({c.a.doc_id, c.b.doc_id})
    return (
        f"## {c.a.city} and {c.b.city}\n\n"
        f"{c.a.city}: {c.a.doc_id} (group: {c.a.group}; basis as stated: {c.bases[c.a.city]}). "
        f"{c.b.city}: {c.b.doc_id} (group: {c.b.group}; basis as stated: {c.bases[c.b.city]}). "
        f"Documents: {', '.join(docs)}."
    )
