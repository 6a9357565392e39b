"""The text against itself (citydip.audit.checks.contradicted): a duration against the period the text dates,
a cited work's year against the event's, and a claim the document says otherwise. Each kind on hand-made
figures, both ways; a row whose '~' words are in none of its figures' quotes is refused.

Expected verdicts are worked out by hand in the comments, never copied from the code's output.
"""

from __future__ import annotations

import pytest

from audit_helpers import edit, fig, frame, only
from citydip.audit.checks.relations import Relation, check_relations
from citydip.audit.model import RELATIONS
from citydip.audit.pipeline import build
from citydip.core.errors import InputError
from test_audit_checks_claims import _set


def _check(kind: str, figures, *ids: str, terms: tuple[str, ...] = ()):
    verdicts = check_relations([Relation("R-T", kind, "doc", ids, "a quote", "Context.", terms)], figures)
    return only(verdicts, ids[0])


def _year(figure_id: str, year: str, **kw):
    return fig(figure_id, year, "year", year, "year", kind="date", **kw)


def _years(figure_id: str, value: str, base: str = "", **kw):
    return fig(figure_id, value, "years", base, "years", measure="duration", **kw)


# --- duration_of ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("duration", "base", "verdict"),
    [
        ("thousands", "", "discrepancy"),  # at least 2,000 years; 1492 to 1914 is 422 years
        ("hundreds", "", "not checkable"),  # at least 200, no upper bound: fits or not, undecided
        ("400", "400", "consistent"),  # 400 years is within 422
        ("500", "500", "discrepancy"),  # longer than 422
    ],
)
def test_a_duration_against_the_period_the_text_dates(duration, base, verdict):
    figures = frame(_years("D-1", duration, base), _year("D-2", "1492"), _year("D-3", "1914"))
    v = _check("duration_of", figures, "D-1", "D-2", "D-3", terms=(f"{duration} of years",))
    assert v.verdict == verdict
    if verdict == "discrepancy" and not base:
        assert "at least 2,000" in v.computation and "422 years" in v.computation


@pytest.mark.parametrize(
    ("duration", "qualifier", "verdict"),
    [
        ("430", "over", "discrepancy"),  # more than 430: longer than 422 whatever the exact value
        ("400", "fewer than", "consistent"),  # below 400: within 422
        ("420", "about", "not checkable"),  # about 420 reaches past 422
    ],
)
def test_a_hedged_duration_is_read_through_its_qualifier(duration, qualifier, verdict):
    figures = frame(_years("D-1", duration, duration, qualifier=qualifier), _year("D-2", "1492"), _year("D-3", "1914"))
    assert _check("duration_of", figures, "D-1", "D-2", "D-3", terms=(duration,)).verdict == verdict


def test_plural_scale_words_multiply_and_a_reversed_period_is_not_checkable():
    from citydip.audit.checks.contradicted import least_of_words

    assert least_of_words("thousands of years") == 2000
    assert least_of_words("tens of thousands of people") == 20000  # not 20
    assert least_of_words("several years") is None
    figures = frame(_years("D-1", "thousands"), _year("D-2", "1914"), _year("D-3", "1492"))  # end before start
    v = _check("duration_of", figures, "D-1", "D-2", "D-3", terms=("thousands of years",))
    assert v.verdict == "not checkable" and "the end is dated before the start" in v.explanation


def test_a_duration_without_a_number_or_a_plural_scale_word_is_not_checkable():
    figures = frame(_years("D-1", "long"), _year("D-2", "1492"), _year("D-3", "1914"))
    assert _check("duration_of", figures, "D-1", "D-2", "D-3", terms=("a long time",)).verdict == "not checkable"


# --- cited_before ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "event", "verdict"),
    [
        ("(2010)", "2016", "discrepancy"),  # a 2010 article cannot report 2016
        ("(2017)", "2016", "consistent"),  # a 2017 report can
        ("(2016)", "2016", "consistent"),  # the same year: not before
    ],
)
def test_a_cited_works_year_against_the_events(printed, event, verdict):
    figures = frame(_year("C-1", event))
    assert _check("cited_before", figures, "C-1", terms=(printed,)).verdict == verdict


def test_a_planned_event_a_medieval_year_and_two_printed_years():
    planned = _year("C-1", "2028", measure="year of the planned Olympic Games")  # may be announced years before
    assert _check("cited_before", frame(planned), "C-1", terms=("(2017)",)).verdict == "not checkable"
    old = fig("C-1", "5", "count", "5", "count", period="1347-1351")  # of 1347, not 1351 nor undated
    assert _check("cited_before", frame(old), "C-1", terms=("(1348)",)).verdict == "consistent"
    v = _check("cited_before", frame(_year("C-1", "2016")), "C-1", terms=("(1990-2005)", "(2010)"))
    assert v.verdict == "not checkable" and "3 years" in v.explanation  # which is the publication year?


def test_an_event_of_a_period_is_of_its_first_year_and_a_projection_or_currently_is_not_checkable():
    growth = fig("C-1", "100", "percent", "1", "share", period="2010-2025")  # of 2010 (and a projection to 2025)
    assert _check("cited_before", frame(growth), "C-1", terms=("2012",)).verdict == "consistent"
    assert _check("cited_before", frame(growth), "C-1", terms=("2008",)).verdict == "discrepancy"
    projected = fig("C-1", "15", "count", "15", "count", period="2025 (projected)")
    assert _check("cited_before", frame(projected), "C-1", terms=("2012",)).verdict == "not checkable"
    now = fig("C-1", "38", "percent", "0.38", "share", period="currently")  # no year: the text's present
    v = _check("cited_before", frame(now), "C-1", terms=("2012",))
    assert v.verdict == "not checkable" and "'currently'" in v.explanation


# --- said_otherwise -------------------------------------------------------------------------------


@pytest.mark.parametrize(("quote", "verdict"), [("a mere 27 percent", "discrepancy"), ("27 percent", "not checkable")])
def test_a_claim_the_document_says_otherwise(quote, verdict):
    figures = frame(fig("S-1", "27", "percent", "0.27", "share", quote=quote))
    v = _check("said_otherwise_quantifier", figures, "S-1", terms=("all", "rapidly growing", "~a mere"))
    assert v.verdict == verdict
    if verdict == "discrepancy":
        assert "'a mere' (the text (S-1))" in v.explanation


def test_every_other_statement_must_say_otherwise():
    # two '~' words, one in each figure's quote: contradicted; one of them in neither: not checkable
    figures = frame(fig("S-1", "1", "count", "1", "count", quote="only"), fig("S-2", "2", "count", "2", "count"))
    assert _check("said_otherwise_base", figures, "S-1", "S-2", terms=("x", "~only")).verdict == "discrepancy"
    v = _check("said_otherwise_base", figures, "S-1", "S-2", terms=("x", "~only", "~never"))
    assert v.verdict == "not checkable" and "'never'" in v.explanation


def test_a_said_otherwise_row_needs_a_counter_word(raw_copy):
    _set(raw_copy / RELATIONS, "R06", kind="said_otherwise_quantifier", terms="lowest", figure_ids="LD-361")
    with pytest.raises(InputError, match=r"R06\).*no '~' term"):
        build(raw_copy, "data/processed")


def test_a_counter_word_no_figures_quote_holds_makes_the_claim_not_checkable(raw_copy):
    # R06 names LD-361 ('While only a 27 percent GDP growth rate'): '~only' is in it, '~a mere' is not
    _set(raw_copy / RELATIONS, "R06", kind="said_otherwise_quantifier", terms="lowest;~only", figure_ids="LD-361")
    (v,) = [v for v in build(raw_copy, "data/processed").checks if v.concerns == "R06"]
    assert v.verdict == "discrepancy"
    _set(raw_copy / RELATIONS, "R06", terms="lowest;~a mere")
    (v,) = [v for v in build(raw_copy, "data/processed").checks if v.concerns == "R06"]
    assert v.verdict == "not checkable" and "'a mere'" in v.explanation


def test_a_mutated_duration_in_a_copy_of_the_thesis_flips_the_verdict(raw_copy, tmp_path):
    # Ledna: colonisation 'for thousands of years' (at least 2,000) against her 1492-1914 (R117, discrepancy);
    # in a copy that says 'hundreds of years' (at least 200, no upper bound) the dates cannot decide
    import shutil

    from citydip.core import paths
    from citydip.ingest import pipeline as ingest
    from test_audit_checks_claims import _mutate

    processed = tmp_path / "processed"
    shutil.copytree(paths.PROCESSED, processed)

    def verdict() -> str:
        ingest.run(raw_copy, processed, log=lambda *_: None)
        (v,) = [v for v in build(raw_copy, processed).checks if v.concerns == "R117"]
        return v.verdict

    assert verdict() == "discrepancy"
    _mutate(
        raw_copy,
        "002_cc74d48a6bb02853.txt",
        "colonization for thousands of years",
        "colonization for hundreds of years",
    )
    edit(raw_copy / "figures.csv", ",thousands,years,Guangzhou", ",hundreds,years,Guangzhou")  # the value
    edit(raw_copy / RELATIONS, ",thousands of years,", ",hundreds of years,")  # the row's terms
    assert verdict() == "not checkable"
