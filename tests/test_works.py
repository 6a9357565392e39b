"""Notes resolved and works matched (citydip.networks.works): fuzzy enough for different styles of
one work, strict enough not to merge different works."""

from __future__ import annotations

import pytest

from citydip.core import paths, sources
from citydip.networks import bibliography as bib
from citydip.networks import citations as cit
from citydip.networks import works
from citydip.networks.citations import Citation


@pytest.fixture(scope="module")
def built():
    return bib.build(sources.load_documents(paths.RAW))


# --- resolution of Ibid., short notes and See notes ---------------------------------------------------------


def by_number(built, number: str) -> Citation:
    return next(c for c in built.citations if c.doc_id == "ledna" and c.note_number == number)


def test_ibid_is_resolved_to_the_citation_before_it(built):
    assert by_number(built, "14").resolves_to == by_number(built, "13").ref_id
    assert by_number(built, "14").work_id == by_number(built, "10").work_id  # Barber, through the short note
    assert by_number(built, "27").resolves_to == by_number(built, "26").ref_id  # Ibid. after Ibid.
    assert by_number(built, "27").work_id == by_number(built, "25").work_id
    res = built.resolution["ledna"]
    ibids = [c for c in built.citations if c.form == "ibid"]
    assert res.ibid_resolved == len(ibids) and res.ibid_dropped == 0
    assert all(c.work_id for c in ibids)


def test_an_ibid_with_nothing_before_it_is_dropped_and_counted():
    first = Citation("x", "ibid", 1, 0, "Ibid.", ref_id="x-001")
    second = Citation("x", "note_full", 2, 10, "A", title="A title", year="2000", ref_id="x-002")
    third = Citation("x", "ibid", 3, 20, "Ibid.", ref_id="x-003")
    res = works.resolve_notes([first, second, third])
    assert (res.ibid_dropped, res.ibid_resolved) == (1, 1)
    assert first.note.startswith("dropped") and third.resolves_to == "x-002"


def test_short_notes_resolve_to_the_full_note(built):
    assert by_number(built, "7").work_id == by_number(built, "4").work_id == "tavares-2016-paradiplomacy"
    assert by_number(built, "55").work_id == by_number(built, "47").work_id  # Man, the State, and War (not 1979)
    assert by_number(built, "198").work_id == by_number(built, "2").work_id  # Leffel and Acuto, full names
    assert by_number(built, "131").work_id == by_number(built, "33").work_id  # an organisation, no author in 33
    assert by_number(built, "75").work_id == "vanderpluijm-2007-city"  # 'See *City Diplomacy: ...*'


def test_the_short_note_that_names_another_authors_title_is_left_unresolved(built):
    """Note 105: 'Fuller, “Le Corbusier’s Vision.”' — the title is Woudstra's (note 98), Fuller's is another."""
    fuller = by_number(built, "105")
    assert fuller.work_id == "" and fuller.note.startswith("unresolved")
    assert built.resolution["ledna"].short_unresolved == [fuller.ref_id]


def test_an_ambiguous_short_title_takes_the_most_recently_cited_work(built):
    """'See *World Cities Report*, 36.' (note 135) fits the report (notes 35, 133) and its abridged edition (127)."""
    assert by_number(built, "133").work_id == by_number(built, "35").work_id  # exact title
    assert by_number(built, "135").work_id == by_number(built, "35").work_id
    assert by_number(built, "127").work_id != by_number(built, "35").work_id
    assert by_number(built, "135").note.startswith("ambiguous")


# --- matching works ----------------------------------------------------------------------------------------


def citation(doc_id: str, parsed: dict, form: str = "list_entry") -> Citation:
    parsed = {k: v for k, v in parsed.items() if k != "form"}
    return Citation(doc_id, form, 1, 0, "", **parsed)


VDP_BEUKMAN = (
    "Van der Pluijm, Rogier & Melissen, Jan. *City Diplomacy: The Expanding Role of Cities in International "
    "Politics*. Clingendael Diplomacy Papers 10. The Hague: The Netherlands Institute of International Relations. "
    "(2007). Accessed: 9 September 2017."
)
VDP_CLAUSEN = (
    "Van der Pluijm, R., & Melissen, J. (2007). *City Diplomacy: The Expanding Role of Cities in International "
    "Politics*. The Hague: Netherlands Institute of International Relations 'Clingendael.'"
)
VDP_LEDNA = (
    "Rogier van der Pluijm and Jan Melissen, *City Diplomacy: The Expanding Role of Cities in International Politics* "
    "(The Hague, Netherlands Institute of International Relations, 2007), 5-7."
)


def test_true_positive_one_work_in_three_styles():
    beukman = citation("beukman", cit.parse_chicago_bibliography(VDP_BEUKMAN))
    clausen = citation("clausen", cit.parse_apa(VDP_CLAUSEN))
    ledna = citation("ledna", cit.parse_note(VDP_LEDNA), "note_full")
    assert works.same_work(beukman, clausen) and works.same_work(clausen, ledna) and works.same_work(beukman, ledna)


def test_true_positive_apa_against_chicago_note():
    clausen = citation(
        "clausen",
        cit.parse_apa(
            "Chan, D. K.-h. (2016). City diplomacy and “glocal” governance: Revitalizing cosmopolitan democracy. "
            "*Innovation: The European Journal of Social Science Research*, 29(2), 134–160."
        ),
    )
    ledna = citation(
        "ledna",
        cit.parse_note(
            "Dan Koon-hong Chan, “City diplomacy and “glocal” governance: revitalizing cosmopolitan democracy,” "
            "*Innovation: The European Journal of Social Science Research* 29, no. 2 (March 2016): 134-136."
        ),
        "note_full",
    )
    assert works.same_work(clausen, ledna)


def test_true_negative_same_author_and_year_different_titles():
    amiri = citation(
        "clausen",
        cit.parse_apa(
            "Amiri, S. (2020). Making US MOIA Sustainable Institutions for Conducting City Diplomacy by Protecting "
            "Their Precarious Values. In: Amiri S., Sevin E. (eds.) *City Diplomacy: Current Trends and Future "
            "Prospects*. Palgrave Macmillan Series in Global Public Diplomacy. Palgrave Macmillan. (pp. 235-251)."
        ),
    )
    intro = citation(
        "clausen",
        cit.parse_apa(
            "Amiri, S. & Sevin, E. (2020). Introduction. In: Amiri S., Sevin E. (eds.) *City Diplomacy: Current "
            "Trends and Future Prospects*. Palgrave Macmillan Series in Global Public Diplomacy. Palgrave Macmillan. "
            "(pp. 1-10)."
        ),
    )
    assert not works.same_work(amiri, intro)


def test_true_negative_same_author_related_titles_different_years():
    essay = citation(
        "ledna",
        cit.parse_note(
            "Saskia Sassen, “The Global City: Introducing a Concept,” *Brown Journal of World Affairs* 11, no. 2 "
            "(Winter/Spring 2005): 27-31."
        ),
        "note_full",
    )
    book = citation(
        "ledna",
        cit.parse_note(
            "Saskia Sassen, *The Global City: New York, London, Tokyo* (Princeton: Princeton University Press, "
            "2001), 3-5."
        ),
        "note_full",
    )
    assert essay.year == "2005" and book.year == "2001"
    assert not works.same_work(essay, book)


def test_true_negative_an_author_year_citation_is_matched_to_nothing(built):
    """Acuto et al. cite '(Acuto, 2016)'; Clausen lists Acuto, Morissette, Chan & Leffel (2016): no title, no match."""
    in_text = next(c for c in built.citations if c.doc_id == "acuto" and c.year == "2016")
    listed = next(c for c in built.citations if c.doc_id == "clausen" and c.year == "2016" and c.first_key == "acuto")
    assert not works.same_work(in_text, listed) and in_text.work_id != listed.work_id


def test_true_negative_an_abridged_edition_by_another_spelling_of_the_author(built):
    assert by_number(built, "35").work_id != by_number(built, "127").work_id


def test_works_cited_by_several_documents(built):
    three = built.cited_by(3)
    two = built.works[built.works["n_documents"] == 2]
    assert list(three["work_id"]) == ["vanderpluijm-2007-city"]
    assert list(two["work_id"]) == ["chan-2016-city"]
    assert list(built.works[built.works["corpus_doc"] != ""]["work_id"]) == ["acuto-2017-city"]
    assert built.works.set_index("work_id").loc["acuto-2017-city", "corpus_doc"] == "acuto"


def test_match_works_joins_every_pair_of_citations_that_same_work_joins(built):
    # match_works compares only citations of one first author: no pair it skips may be the same work
    heads = [c for c in built.citations if c.work_id and not c.resolves_to and c.form != "ibid"]
    for i, a in enumerate(heads):
        for b in heads[i + 1 :]:
            assert a.work_id == b.work_id or not works.same_work(a, b), (a.ref_id, b.ref_id)


def test_one_organisation_never_merges_its_different_reports(built):
    uclg = built.works[built.works["authors"] == "United Cities and Local Government"]
    assert len(uclg) == 3 and uclg["year"].is_unique
