"""Codings of Ledna's policy matrix (Figure 11): parsing the parameter, the codings tested, scores, the groups.

Every expected number here is worked out by hand from the matrix (the arithmetic is in the
comments), not taken from the code's output.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from citydip.core import paths, sources
from citydip.core.errors import InputError
from citydip.tables import cases
from citydip.tables.coding import (
    ALTERNATIVES,
    DEFAULT,
    Groups,
    codings_to_test,
    groups_of,
    parse_coding,
    score,
)
from policy_matrix import CITIES, CODING, CULTURE, FIGURE_11, GROUPS, MIGRATION, REAL, SECURITY, SPORTS, one_line_error

# --- parse_coding --------------------------------------------------------------------------------


def test_parse_default():
    c = parse_coding(DEFAULT)
    assert c.name == "parameter"
    assert c.scores == {"+": 1.0, "0": 0.5, "-": 0.0, "?": None}
    assert c.describe() == "+ = 1, 0 = 0.5, - = 0, ? = missing"


@pytest.mark.parametrize(
    "text",
    [
        "+=1,0=0.5,-=0,?=missing",
        "  ?=missing, -=0   0=.5 +=1.0 ",  # any order, separators mixed
        "+ = 1, 0 = 0.5, - = 0, ? = missing",  # what describe() writes
        "+=1 0=5e-1 -=0 ?=MISSING",
    ],
)
def test_parse_separators_order_and_forms(text):
    assert parse_coding(text, name="x").scores == {"+": 1.0, "0": 0.5, "-": 0.0, "?": None}


def test_parse_negative_score():
    assert parse_coding("+=1 0=0 -=-1 ?=missing").scores == {"+": 1.0, "0": 0.0, "-": -1.0, "?": None}


def test_describe_reads_back():
    for c in ALTERNATIVES:
        assert parse_coding(c.describe(), name=c.name) == c


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("+=1 0=0.5 -=0", "? not given"),  # a code missing
        ("+=1 0=0.5 -=0 ?=missing 0=1", "'0=1'"),  # a code repeated
        ("+=1 0=half -=0 ?=missing", "'0=half'"),  # not a number
        ("+=1 0=nan -=0 ?=missing", "'0=nan'"),
        ("+=1 0=0.5 -=0 ?=", "'?='"),
        ("+=1 0=0.5 -=0 x=1", "'x=1'"),  # unknown code
        ("+=1 0=0.5 -=0 ?missing", "'?missing'"),  # no '='
        ("", "empty"),
        ("+=missing 0=0.5 -=0 ?=0", "+ scored as missing"),
        ("+=1 0=2 -=0 ?=missing", "0 score higher than +"),
        ("+:1 0:x", "part '0:x': score 'x' is not a number"),  # quoted as typed, ':' and all
        ("+ : 1, 0 = x", "part '0 = x'"),
    ],
)
def test_parse_bad(text, named):
    with pytest.raises(InputError) as excinfo:
        parse_coding(text)
    message = one_line_error(excinfo)
    assert message.startswith("parameter coding")
    assert named in message
    assert "expected" in message


def test_parse_bad_names_the_parameter_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # papermill may run the kernel anywhere
    with pytest.raises(InputError) as excinfo:
        parse_coding("+=1 0=0.5 -=0 ?=0 ?=1")
    assert one_line_error(excinfo).startswith("parameter coding, part '?=1': code '?' given twice")


# --- codings to test -----------------------------------------------------------------------------


def test_alternatives_are_the_ones_asked_for():
    assert CODING["neutral as none"].scores == {"+": 1, "0": 0, "-": 0, "?": None}
    assert CODING["neutral as reliance"].scores == {"+": 1, "0": 1, "-": 0, "?": None}
    assert CODING["unclear as none"].scores == {"+": 1, "0": 0.5, "-": 0, "?": 0}
    assert CODING["signed"].scores == {"+": 1, "0": 0, "-": -1, "?": None}


def test_codings_to_test_default_leaves_out_the_same_scores():
    tested = codings_to_test(DEFAULT)
    assert [c.name for c in tested] == [
        "parameter",
        "neutral as none",
        "neutral as reliance",
        "unclear as none",
        "signed",
    ]
    assert tested[0].scores == {"+": 1, "0": 0.5, "-": 0, "?": None}


def test_codings_to_test_other_parameter_keeps_default():
    tested = codings_to_test("+=2 0=1 -=0 ?=missing")
    assert [c.name for c in tested] == ["parameter", *(c.name for c in ALTERNATIVES)]


@pytest.mark.parametrize("alternative", ALTERNATIVES, ids=lambda c: c.name)
def test_at_least_three_codings_always(alternative):
    tested = codings_to_test(alternative.describe())
    assert len(tested) >= 3
    assert alternative.name not in [c.name for c in tested]  # same scores as the parameter: not repeated
    assert len({c.describe() for c in tested}) == len(tested)


# --- score ---------------------------------------------------------------------------------------


def test_score_real_matrix_default():
    scored = score(REAL, parse_coding(DEFAULT))
    assert scored.loc[SECURITY].tolist() == [0.5, 0.0, 1.0, 0.0]
    assert scored.at[MIGRATION, "Buenos Aires"] == 0.0
    assert math.isnan(scored.at[SPORTS, "Paris"])  # ? is missing
    assert list(scored.index) == list(FIGURE_11) and list(scored.columns) == CITIES


def test_score_bad_code_names_the_cell():
    bad = REAL.copy()
    bad.at[CULTURE, "Guangzhou"] = "x"
    with pytest.raises(InputError) as excinfo:
        score(bad, parse_coding(DEFAULT))
    message = one_line_error(excinfo)
    assert "'x'" in message
    assert "'Cultural Policy'" in message and "'Guangzhou'" in message
    for code in "+0-?":
        assert f"{code} (" in message  # the valid codes are listed


def test_score_empty_cell_names_the_cell():
    bad = REAL.copy()
    bad.at[SPORTS, "Paris"] = None
    with pytest.raises(InputError, match=r"policy matrix, area 'Sports Policy', city 'Paris': unknown code empty cell"):
        score(bad, parse_coding(DEFAULT))


def test_groups_are_read_from_the_cases_file():
    case_list = cases.load_cases(paths.RAW, sources.load_documents(paths.RAW))
    assert cases.groups(case_list, CITIES) == GROUPS
    # the order of the matrix's columns is kept
    assert cases.groups(case_list, CITIES[::-1]) == Groups(GROUPS.north[::-1], GROUPS.south[::-1])


@pytest.mark.parametrize(
    ("stated", "message"),
    [
        ({"Buenos Aires": "Global South", "Guangzhou": "Global South", "Los Angeles": "Global North"}, "'Paris'"),
        (
            {"Buenos Aires": "Global South", "Guangzhou": "Global South", "Los Angeles": "Global North",
             "Paris": "not stated in the sources"},
            "group 'not stated in the sources' for 'Paris'",
        ),
        ({c: "Global North" for c in CITIES}, "no city of the policy matrix is in the Global South"),
    ],
)  # fmt: skip
def test_groups_that_cannot_be_compared_are_a_one_line_error(stated, message):
    with pytest.raises(InputError) as excinfo:
        groups_of(stated, CITIES)
    text = one_line_error(excinfo)
    assert text.startswith("data/raw/cases.csv") and message in text


# --- the real matrix -----------------------------------------------------------------------------


def test_real_matrix_matches_the_table_file():
    table = pd.read_csv(paths.RAW / "tables" / "ledna_figure_11.csv", dtype=str, keep_default_na=False)
    table = table.set_index("Policy Area")
    assert list(table.index) == list(FIGURE_11) and list(table.columns) == CITIES
    assert table.to_numpy().tolist() == REAL.to_numpy().tolist()
