"""The claims about numbers (citydip.audit.checks.claims): each new relation kind on hand-made figures, once
where the claim holds and once where it does not (or cannot be decided); and the terms of a row refused
where its quote does not contain them.

Expected verdicts are worked out by hand in the comments, never copied from the code's output.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from audit_helpers import fig, frame, only
from citydip.audit.checks.claims import period_range
from citydip.audit.checks.relations import Relation, check_relations
from citydip.audit.checks.restated import BORDERLINE
from citydip.audit.model import RELATIONS
from citydip.audit.pipeline import build
from citydip.core import paths
from citydip.core.errors import InputError
from citydip.ingest import pipeline as ingest


def _check(kind: str, figures, *ids: str, terms: tuple[str, ...] = ()):
    verdicts = check_relations([Relation("R-T", kind, "doc", ids, "a quote", "Context.", terms)], figures)
    return only(verdicts, ids[0])


def _pop(figure_id: str, millions: str, entity: str, **kw):
    kw = {"measure": "population", "period": "2010", **kw}
    return fig(figure_id, millions, "million people", str(Decimal(millions) * 10**6), "people", entity=entity, **kw)


def _year(figure_id: str, year: str, **kw):
    return fig(figure_id, year, "year", year, "year", kind="date", **kw)


def _share(figure_id: str, percent: str, **kw):
    return fig(figure_id, percent, "percent", str(Decimal(percent) / 100), "share", measure="share of x", **kw)


def _count(figure_id: str, n: str, **kw):
    return fig(figure_id, n, "count", n, "count", measure="cities", **kw)


# --- rankings -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("tokyo", "verdict"), [("38", "consistent"), ("12", "discrepancy")])
def test_the_largest_is_above_every_other_entity(tokyo, verdict):
    # Paris 12.5 (12.45 to 12.55) and Cairo 20 (19.5 to 20.5): 38 is above both; 12 is below both
    figures = frame(_pop("P-1", tokyo, "Tokyo"), _pop("P-2", "12.5", "Paris"), _pop("P-3", "20", "Cairo"))
    v = _check("highest_of", figures, "P-1", terms=("largest",))
    assert v.verdict == verdict
    assert set(v.related) == {"P-2", "P-3"}


def test_the_largest_with_no_other_entity_stated_is_not_checkable_and_says_what_is_missing():
    figures = frame(_pop("P-1", "38", "Tokyo"), _pop("P-2", "12.5", "Paris", period="2025"))
    v = _check("highest_of", figures, "P-1", terms=("largest",))
    assert v.verdict == "not checkable"
    assert "no other entity of doc states 'population' for 2010" in v.explanation


@pytest.mark.parametrize(
    ("kind", "claim", "verdict"),
    [
        ("earliest_of", "1956", "consistent"),  # 1956 before 1973 and 1990
        ("earliest_of", "1980", "discrepancy"),  # 1980 is after 1973
        ("earliest_of", "1973", "not checkable"),  # the same year as one of the others: undecided
        ("latest_of", "2013", "consistent"),  # after both
        ("latest_of", "1980", "discrepancy"),  # before 1990
    ],
)
def test_the_first_and_the_newest_against_the_other_dates(kind, claim, verdict):
    figures = frame(_year("Y-1", claim), _year("Y-2", "1973"), _year("Y-3", "1990"))
    assert _check(kind, figures, "Y-1", "Y-2", "Y-3").verdict == verdict


# --- chronology -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "verdict"),
    [("1956", "1973", "consistent"), ("1990", "1973", "discrepancy"), ("1973", "1973", "not checkable")],
)
def test_the_order_of_events_against_their_dates(first, second, verdict):
    figures = frame(_year("Y-1", first), _year("Y-2", second))
    assert _check("before", figures, "Y-1", "Y-2").verdict == verdict


@pytest.mark.parametrize(
    ("words", "year", "verdict"),
    [
        ("the early 1990s", "1992", "consistent"),  # early 1990s = 1990 to 1993
        ("the early 1990s", "1997", "discrepancy"),
        ("late 1990s", "1998", "consistent"),  # 1996 to 1999
        ("mid-1980s", "1989", "discrepancy"),  # 1983 to 1986
        ("the 1950s", "1956", "consistent"),  # 1950 to 1959
        ("the turn of the century", "2001", "consistent"),  # 1997 to 2003 around 2000
        ("the turn of the century", "1990", "discrepancy"),
        ("recently", "2015", "not checkable"),  # names no period of years
    ],
)
def test_a_year_against_its_period_word(words, year, verdict):
    figures = frame(_year("Y-1", year))
    assert _check("in_period", figures, "Y-1", terms=(words,)).verdict == verdict


def test_period_words_name_their_years():
    assert period_range("in the early 1990s") == (1990, 1993)
    assert period_range("the mid 1970’s") == (1973, 1976)
    assert period_range("since then") is None
    assert period_range("in the 21st century") == (2001, 2100)


def test_a_hedged_year_is_read_as_the_year_stated():
    # 'around 1995' is 1995 (read through 'around' as 10 % of the number, it would allow 1795 to 2195)
    figures = frame(_year("Y-1", "1980"), _year("Y-2", "1995", qualifier="around"), _year("Y-3", "2007"))
    assert _check("earliest_of", figures, "Y-1", "Y-2", "Y-3").verdict == "consistent"
    assert _check("before", figures, "Y-2", "Y-1").verdict == "discrepancy"


# --- quantifiers and enumerations -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "percent", "verdict"),
    [
        ("most", "62", "consistent"),  # 61.5 to 62.5% > 50%
        ("most", "46", "discrepancy"),  # 45.5 to 46.5% is not more than half
        ("most", "50", "not checkable"),  # 49.5 to 50.5%: either side of half
        ("a minority", "30", "consistent"),
        ("all", "100", "consistent"),  # 100% allows 1
        ("all", "96", "discrepancy"),
    ],
)
def test_a_quantifier_over_a_share(word, percent, verdict):
    figures = frame(_share("S-1", percent))
    assert _check("quantifier", figures, "S-1", terms=(word,)).verdict == verdict


@pytest.mark.parametrize(("part", "verdict"), [("30", "consistent"), ("20", "discrepancy")])
def test_a_quantifier_over_a_part_of_a_total(part, verdict):
    # most of 47 cities: 30/47 = 63.8% (29.5/47.5 = 62.1% at least); 20/47 = 42.6% at most 20.5/46.5 = 44.1%
    figures = frame(_count("N-1", part), _count("N-2", "47"))
    assert _check("quantifier", figures, "N-1", "N-2", terms=("most",)).verdict == verdict


@pytest.mark.parametrize(("n", "verdict"), [("2", "consistent"), ("3", "discrepancy")])
def test_both_is_a_count_of_two(n, verdict):
    assert _check("quantifier", frame(_count("N-1", n)), "N-1", terms=("both",)).verdict == verdict


def test_a_word_that_is_no_quantifier_is_not_checkable_and_says_so():
    v = _check("quantifier", frame(_share("S-1", "62")), "S-1", terms=("several",))
    assert v.verdict == "not checkable" and "'several' is not a quantifier of a share" in v.explanation


@pytest.mark.parametrize(
    ("n", "items", "verdict"),
    [
        ("3", ("municipal", "state", "federal"), "consistent"),
        ("2", ("municipal", "state", "federal"), "discrepancy"),  # three named, 'two' stated
        ("4", ("municipal", "state", "federal"), "discrepancy"),  # three named, 'four' stated
    ],
)
def test_a_count_followed_by_a_list(n, items, verdict):
    v = _check("count_of", frame(_count("N-1", n)), "N-1", terms=items)
    assert v.verdict == verdict
    assert "the text names 3" in v.computation


# --- the base of a share, definitions, scope ------------------------------------------------------


@pytest.mark.parametrize(("percent", "verdict"), [("25", "consistent"), ("10", "discrepancy")])
def test_a_share_against_its_part_and_its_base(percent, verdict):
    # 2 of 8 billion = 25%; read at their printed precision (1.5 to 2.5 of 7.5 to 8.5 billion): 17.6% to 33.3%
    figures = frame(
        _share("S-1", percent),
        fig("S-2", "2 billion", "people", "2000000000", "people"),
        fig("S-3", "8 billion", "people", "8000000000", "people"),
    )
    assert _check("share_of", figures, "S-1", "S-2", "S-3", terms=("of the world's population",)).verdict == verdict


@pytest.mark.parametrize(("second", "verdict"), [("55", "discrepancy"), ("80", "consistent")])
def test_one_share_of_two_bases(second, verdict):
    figures = frame(_share("S-1", "55"), _share("S-2", second, doc_id="other"))
    bases = ("of the world's population", "of the urban population")
    assert _check("same_share_bases", figures, "S-1", "S-2", terms=bases).verdict == verdict


@pytest.mark.parametrize(
    ("exact", "verdict", "borderline"),
    [
        ("9.6", "consistent", False),  # 'almost 10' = [9, 10); 9.6 = [9.55, 9.65): inside
        ("10", "consistent", True),  # 10 = [9.95, 10.05): overlaps [9, 10) only below the printed 10
        ("10.4", "discrepancy", False),  # [10.35, 10.45): all above 10
    ],
)
def test_a_hedged_value_against_the_exact_one(exact, verdict, borderline):
    figures = frame(_share("S-1", "10", qualifier="almost"), _share("S-2", exact, doc_id="other"))
    v = _check("hedged_vs_exact", figures, "S-1", "S-2")
    assert v.verdict == verdict
    assert (BORDERLINE in v.explanation) == borderline


@pytest.mark.parametrize(("tokyo", "verdict"), [("38", "consistent"), ("9", "discrepancy"), ("10", "not checkable")])
def test_a_definition_by_threshold_applied_to_a_value(tokyo, verdict):
    # megacity: more than 10 million; 38 meets it, 9 (8.5 to 9.5) does not, 10 (9.5 to 10.5) is on the edge
    figures = frame(
        _pop("D-2", tokyo, "Tokyo"),
        fig("D-1", "10 million", "million people", "10000000", "people", qualifier="more than", doc_id="other"),
    )
    assert _check("definition_applied", figures, "D-2", "D-1", terms=("megacities",)).verdict == verdict


def test_a_definition_against_a_value_in_other_units_is_not_checkable():
    figures = frame(
        _count("D-2", "91"), fig("D-1", "10 million", "people", "10000000", "people", qualifier="more than")
    )
    v = _check("definition_applied", figures, "D-2", "D-1", terms=("megacities",))
    assert v.verdict == "not checkable" and "the value is in count, the threshold in people" in v.explanation


@pytest.mark.parametrize(("called", "verdict"), [("20", "consistent"), ("91", "discrepancy")])
def test_no_more_cases_called_by_a_term_than_its_definition_counts(called, verdict):
    # 91 cities called megacities where the definition's source counts 33 megacities in the world
    figures = frame(_count("K-1", called), _count("K-2", "33", doc_id="other"))
    v = _check("definition_count", figures, "K-1", "K-2", terms=("megacities",))
    assert v.verdict == verdict
    assert (verdict == "discrepancy") == ("applied beyond its definition" in v.explanation)


def test_a_claim_no_figure_can_check_is_recorded_as_not_checkable_with_what_is_missing():
    figures = frame(_pop("P-1", "13.1", "Buenos Aires"))
    verdicts = check_relations(
        [
            Relation(
                "R-T", "unchecked_ranking", "doc", ("P-1",), "the second largest city", "Needs X.", ("second largest",)
            )
        ],
        figures,
    )
    (v,) = verdicts
    assert (v.verdict, v.check, v.explanation) == ("not checkable", "ranking", "Needs X.")
    assert "'second largest': needs a figure no document states" in v.computation


@pytest.mark.parametrize(("city", "verdict"), [("3", "consistent"), ("45", "discrepancy")])
def test_a_city_within_its_country(city, verdict):
    figures = frame(_pop("W-1", city, "Buenos Aires"), _pop("W-2", "44", "Argentina", doc_id="other"))
    assert _check("within", figures, "W-1", "W-2", terms=("the country",)).verdict == verdict


# --- the rows of audit_relations.csv --------------------------------------------------------------


def test_a_claim_row_without_its_terms_is_refused(raw_copy):
    _set(raw_copy / RELATIONS, "R06", kind="count_of")  # a kind that reads terms needs them
    with pytest.raises(InputError, match=r"R06\).*no terms for kind count_of"):
        build(raw_copy, "data/processed")


def _set(path, relation_id: str, **values: str) -> None:
    """Change columns of one row of audit_relations.csv in a copy."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    columns = list(rows[0])
    for row in rows:
        if row["relation_id"] == relation_id:
            row.update(values)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_a_term_missing_from_the_quote_is_refused(raw_copy):
    _set(raw_copy / RELATIONS, "R06", kind="highest_of", terms="the highest")  # not in R06's quote
    with pytest.raises(InputError, match=r"R06\).*the term 'the highest' is not in the quote"):
        build(raw_copy, "data/processed")


def test_a_kind_with_a_limit_on_its_figures_refuses_more(raw_copy):
    _set(raw_copy / RELATIONS, "R06", kind="quantifier", terms="only", figure_ids="LD-361;LD-361;LD-361")
    with pytest.raises(InputError, match=r"3 figure id\(s\) for kind quantifier.*1 or more, at most 2"):
        build(raw_copy, "data/processed")


# --- a mutated copy of a document -----------------------------------------------------------------


def _mutate(raw: Path, doc_file: str, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in a copy's document and in every curated file quoting it; record the
    document's new SHA-256 in the copy's manifest."""
    doc = raw / "documents" / doc_file
    before = hashlib.sha256(doc.read_bytes()).hexdigest()
    for path in (doc, raw / "figures.csv", raw / RELATIONS):
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {path.name}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    manifest = raw / "sources.csv"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(before, hashlib.sha256(doc.read_bytes()).hexdigest()),
        encoding="utf-8",
    )


def test_a_mutated_date_in_a_copy_of_a_document_flips_the_order_of_events(raw_copy, tmp_path):
    # Beukman: the 2013 Nairobi conference developed projects 'to be completed in 2014' (R86, consistent);
    # in a copy where they are to be completed in 2012, the order the text gives no longer fits its dates
    processed = tmp_path / "processed"
    shutil.copytree(paths.PROCESSED, processed)

    def verdict() -> str:
        ingest.run(raw_copy, processed, log=lambda *_: None)
        result = build(raw_copy, processed)
        (v,) = [v for v in result.checks if v.concerns == "R86"]
        return v.verdict

    assert verdict() == "consistent"
    _mutate(raw_copy, "000_ce3c4eb61000686a.txt", "to be completed in 2014", "to be completed in 2012")
    figures = raw_copy / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace(",2014,year,Sino", ",2012,year,Sino"), "utf-8")
    assert verdict() == "discrepancy"
