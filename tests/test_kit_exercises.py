"""The exercises page (citydip.kit.exercises): generated from the data, each with a solution closed until opened."""

from __future__ import annotations

import re

import pytest

from citydip.core import paths
from citydip.core.csvio import read_written
from citydip.kit.exercises import CSS, page, possessive
from citydip.site.data import load


@pytest.fixture(scope="module")
def text():
    return page(load(notebooks=False), paths.ROOT)


def test_each_exercise_has_its_solution_as_a_dropdown(text):
    labels = re.findall(r"^:label: (ex-[a-z]+-\d+)$", text, re.MULTILINE)
    assert len(labels) >= 4 and len(set(labels)) == len(labels)
    for label in labels:
        assert f":::{{solution}} {label}\n:class: dropdown\n" in text
    assert {label.split("-")[1] for label in labels} == {"growth", "survey", "coding", "public"}


def test_a_growth_exercise_gives_the_printed_table_s_values_and_its_solution_the_recomputed_one(text):
    derived = read_written(paths.ROOT / "data" / "processed" / "tables" / "derived_checks.csv")
    first = derived[derived["column"] == "% GDP Growth"].iloc[0]
    question, answer = text.split(":::{solution} ex-growth-1", 1)
    assert first["computed"].replace(".", "\\.") in answer.split(":::")[0]
    assert first["printed"].replace("%", "\\%") in question.rsplit(":label: ex-growth-1", 1)[1]


def test_printed_the_page_hides_the_solutions():
    assert re.search(r"@media print \{[^}]*\.solution[ ,]", CSS)


def test_a_city_name_takes_the_possessive_of_its_ending():
    assert possessive("Guangzhou") == "Guangzhou's"
    assert possessive("Buenos Aires") == "Buenos Aires'"


def test_exercise_titles_are_distinct_and_quotes_show_a_plain_dollar(text):
    titles = re.findall(r"^:::\{exercise\} (.+)$", text, re.MULTILINE)
    assert len(titles) == len(set(titles)) >= 6
    assert "\\\\$" not in text  # MyST's escape of '$' is '\$'; the documents' own escape is gone
    assert "\\$60 billion" in text or "60 billion" not in text


def test_no_exercise_sends_students_to_a_file_and_the_public_record_is_given(text):
    assert "data/" not in text and ".csv" not in text
    refs = read_written(paths.ROOT / "data" / "processed" / "reference_values.csv")
    question = text.split(":::{exercise} Two cities and the public record", 1)[1].split(":::")[0]
    for figure_id in set(re.findall(r"#fig-([A-Z0-9-]+)\)", question)):
        for year in refs.loc[refs["figure_id"] == figure_id, "year"]:
            assert f"\\({year}\\)" in question, (figure_id, year)
    assert "4\\.1 million people \\(2015\\)" in question  # Cape Town, WUP 2018 File 12


def test_the_kit_numbers_its_exercises():
    from citydip.kit.build import CONF

    assert CONF["numfig"] is True  # sphinx-exercise leaves the number empty without it
