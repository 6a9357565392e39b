"""The six-city table: stated figures, computed measures, and what the sources do not state."""

from __future__ import annotations

from decimal import Decimal

import pytest

from citydip import cases, figures, paths, sources
from citydip.errors import InputError
from citydip.sources import NOT_STATED


@pytest.fixture(scope="module")
def figs():
    return figures.load(paths.PROCESSED)


@pytest.fixture(scope="module")
def docs():
    return sources.load_documents(paths.RAW)


@pytest.fixture(scope="module")
def built(figs, docs):
    return cases.build(paths.RAW, figs, docs)


def _row(long, city, measure, period):
    rows = long[(long["city"] == city) & (long["measure"] == measure) & (long["period"] == period)]
    assert len(rows) == 1, (city, measure, period, rows)
    return rows.iloc[0]


def test_the_six_cities_and_their_documents(built):
    case_list, _ = built
    assert [(c.city, c.doc_id) for c in case_list] == [
        ("Cape Town", "beukman"),
        ("Tokyo", "beukman"),
        ("Buenos Aires", "ledna"),
        ("Guangzhou", "ledna"),
        ("Los Angeles", "ledna"),
        ("Paris", "ledna"),
    ]


def test_every_population_and_gdp_figure_of_a_city_is_listed(built, figs):
    _, long = built
    stated = long[long["origin"].str.startswith("stated")]
    expected = figs[
        figs["entity"].isin(["Cape Town", "Tokyo", "Buenos Aires", "Guangzhou", "Los Angeles", "Paris"])
        & figs["measure"].isin(["population", "GDP", "GDP growth (absolute)", "GDP growth (percent)"])
    ]
    assert sorted(stated["figure_ids"]) == sorted(expected["figure_id"])


def test_gdp_per_capita_from_the_table_cells(built):
    _, long = built
    row = _row(long, "Buenos Aires", "GDP per capita", "2010")
    # 191.7 billion USD / 13.1 million people, by hand: 191,700,000,000 / 13,100,000 = 14,633.59...
    assert Decimal(row["base_value"]) == (Decimal("191700000000") / Decimal("13100000")).quantize(Decimal("0.01"))
    assert row["value"] == "14,634 USD per person"
    assert row["figure_ids"] == "LD-F01-03; LD-F01-01"


def test_annualised_growth_over_fifteen_years(built):
    _, long = built
    row = _row(long, "Guangzhou", "GDP: annualised growth", "2010-2025")
    expected = (573.0 / 146.1) ** (1 / 15) - 1  # about 9.54 % a year
    assert abs(float(row["base_value"]) - expected) < 1e-6
    assert row["value"] == "9.54 percent per year"
    assert "(573000000000 / 146100000000) ** (1 / 15) - 1" in row["formula"]


def test_approximate_inputs_are_said_to_be_approximate(built):
    _, long = built
    row = _row(long, "Cape Town", "GDP per capita", cases.NO_YEAR)
    assert row["value"] == "about 15,000 USD per person"  # '$60 billion' over 'almost 4 million'
    assert "almost 4 million people" in row["formula"]


def test_what_the_sources_do_not_state_is_said_and_never_zero(built):
    case_list, long = built
    growth = _row(long, "Tokyo", "population: annualised growth", cases.NO_YEAR)
    assert growth["value"] == NOT_STATED and growth["base_value"] == ""
    wide = cases.overview(long, case_list)
    assert wide.loc["Cape Town", "population, 2010"] == NOT_STATED
    assert wide.loc["Paris", "population, year not stated in the sources"] == NOT_STATED
    assert wide.loc["Cape Town", "basis"] == NOT_STATED
    assert wide.loc["Los Angeles", "basis"] == "metropolitan area"
    assert not wide.isin(["0", "", None]).any().any()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("the city metropolitan area is projected", "the metropolitan area is projected", "basis_quote .* not found"),
        ("Paris,ledna,Global North", "Paris,lendna,Global North", "unknown doc_id 'lendna'"),
        ("metropolitan area,the city", ",the city", "basis and basis_quote must be given together"),
    ],
)
def test_bad_cases_file_is_a_one_line_error(raw_copy, docs, old, new, message):
    path = raw_copy / "cases.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(InputError, match=message) as caught:
        cases.load_cases(raw_copy, docs)
    assert "cases.csv, line " in str(caught.value) and "\n" not in str(caught.value)
