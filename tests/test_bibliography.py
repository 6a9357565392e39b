"""The bibliography: real entries of each style parsed, notes resolved, works matched across documents
(fuzzy enough for different styles of one work, strict enough not to merge different works)."""

from __future__ import annotations

import re

import pytest

from citydip.core import paths, sources
from citydip.networks import bibliography as bib
from citydip.networks.bibliography import Author, Citation


@pytest.fixture(scope="module")
def docs():
    return sources.load_documents(paths.RAW)


@pytest.fixture(scope="module")
def built(docs):
    return bib.build(docs)


def surnames(parsed: dict) -> list[str]:
    return [a.surname for a in parsed["authors"]]


# --- Beukman: Chicago bibliography ------------------------------------------------------------------


def test_beukman_journal_article_with_two_authors():
    entry = (
        'Milani, Carlos Roberto Sanchez & Ribeiro, Maria Clotilde Meirelles. "International relations and the '
        'paradiplomacy of Brazilian cities: crafting the concept of local international management." *BAR - '
        "Brazilian Administration Review*, 8, no. 1 (2011):21-36."
    )
    p = bib.parse_chicago_bibliography(entry)
    assert surnames(p) == ["Milani", "Ribeiro"] and p["authors"][0].initials == "C. R. S."
    assert p["year"] == "2011" and p["kind"] == "article"
    assert p["title"].startswith("International relations and the paradiplomacy") and p["title"].endswith("management")
    assert p["venue"] == "BAR - Brazilian Administration Review"


def test_beukman_report_of_an_organisation_with_year_in_the_italics():
    entry = (
        "Crush, Jonathan. *Hungry Cities of the Global South. Hungry Cities Partnership Reports. (2016)*. "
        "Accessed 10 September 2017."
    )
    p = bib.parse_chicago_bibliography(entry)
    assert surnames(p) == ["Crush"] and p["year"] == "2016"
    assert p["title"] == "Hungry Cities of the Global South. Hungry Cities Partnership Reports"
    assert p["accessed"] == "10 September 2017"
    org = bib.parse_chicago_bibliography(
        "United Cities and Local Government (ed). *Gold IV 2016 Fourth Global Report on Decentralization and Local "
        "Democracy. Co-Creating the Urban Future. The Agenda of Metropolises, Cities and Territories*. Barcelona: "
        "UCLG. (2016)."
    )
    assert org["authors"] == [Author("United Cities and Local Government", corporate=True)]
    assert org["year"] == "2016" and org["venue"] == "Barcelona: UCLG"  # the 2016 of the title is not the year


def test_beukman_year_after_the_author_and_a_stray_full_stop_in_a_name():
    kangas = bib.parse_chicago_bibliography(
        'Kangas, Anni. 2017. "Global Cities, International and the Fabrication of the World." *Global Society*, '
        "31(4):531-550."
    )
    assert kangas["year"] == "2017" and kangas["venue"] == "Global Society"
    lille = bib.parse_chicago_bibliography(
        "De Lille, Patricia. & Kesson, Craig. *View From City Hall, Reflections On Governing Cape Town*. Cape Town: "
        "Jonathan Ball Publishers. (2017)."
    )
    assert surnames(lille) == ["De Lille", "Kesson"] and lille["venue"] == "Cape Town: Jonathan Ball Publishers"


# --- Clausen: APA -----------------------------------------------------------------------------------------


def test_clausen_apa_article():
    p = bib.parse_apa(
        "Chan, D. K.-h. (2016). City diplomacy and “glocal” governance: Revitalizing cosmopolitan democracy. "
        "*Innovation: The European Journal of Social Science Research*, 29(2), 134–160."
    )
    assert p["authors"] == [Author("Chan", "D. K.-h.")]
    assert p["year"] == "2016" and p["kind"] == "article"
    assert p["title"] == "City diplomacy and “glocal” governance: Revitalizing cosmopolitan democracy"
    assert p["venue"] == "Innovation: The European Journal of Social Science Research"


def test_clausen_apa_chapters_and_a_question_mark():
    amiri = bib.parse_apa(
        "Amiri, S. & Sevin, E. (2020). Introduction. In: Amiri S., Sevin E. (eds.) *City Diplomacy: Current Trends "
        "and Future Prospects*. Palgrave Macmillan Series in Global Public Diplomacy. Palgrave Macmillan. (pp. 1-10)."
    )
    assert surnames(amiri) == ["Amiri", "Sevin"] and amiri["title"] == "Introduction" and amiri["kind"] == "chapter"
    assert amiri["venue"] == "City Diplomacy: Current Trends and Future Prospects"
    lara = bib.parse_apa(
        "Lara, R. (2020). How Are Cities Inserting Themselves in the International System? In: Amiri S., Sevin E. "
        "(eds) In: Amiri S., Sevin E. (eds) *City Diplomacy: Current Trends and Future Prospects*. Palgrave "
        "Macmillan Series in Global Public Diplomacy. Palgrave Macmillan. (pp. 189-214)."
    )
    assert lara["title"] == "How Are Cities Inserting Themselves in the International System?"
    clerc = bib.parse_apa(
        "Clerc L. (2020) Turku (Finland) as a Case Study in the City Diplomacy of Small Urban Centers, 1971–2011. "
        "In: Amiri S., Sevin E. (eds) *City Diplomacy. Palgrave Macmillan Series in Global Public Diplomacy*. "
        "Palgrave Macmillan. (pp. 331-358)."
    )
    assert clerc["authors"] == [Author("Clerc", "L.")] and clerc["year"] == "2020"


def test_clausen_no_date_and_retrieved():
    p = bib.parse_apa(
        "Council of European Municipalities and Regions. (n.d.). *CEMR: Introducing CEMR*. Retrieved October 25, "
        "2022, from https://www.ccre.org/en/article/introducing_cemr"
    )
    assert p["authors"] == [Author("Council of European Municipalities and Regions", corporate=True)]
    assert p["year"] == "" and p["note"] == "n.d."
    assert p["title"] == "CEMR: Introducing CEMR" and p["accessed"] == "October 25, 2022"
    assert p["url"] == "https://www.ccre.org/en/article/introducing_cemr" and p["venue"] == ""


def test_clausen_list_entries_broken_over_lines(docs):
    entries = bib.list_entries(docs["clausen"])
    assert len(entries) == 33
    texts = [t for _, _, t in entries]
    assert texts[0] == "Acuto, M. (2013). *Global Cities, Governance and Diplomacy*. New York City, NY: Routledge."
    curtis = next(t for t in texts if t.startswith("Curtis, S. (2016)"))  # its second line begins with '- '
    assert curtis.endswith("Millennium – Journal of International Studies*, 44(3), 455–477.")
    muscat = next(t for t in texts if t.startswith("Muscat"))
    assert muscat.endswith("Soft Power. e-International Relations.")
    assert texts[-1].endswith("Netherlands Institute of International Relations 'Clingendael.'")  # not the e-mails
    assert not any("@" in t for t in texts)


def test_beukman_list_has_one_entry_per_bullet(docs):
    entries = bib.list_entries(docs["beukman"])
    assert len(entries) == 38
    assert entries[0][2].startswith("100ResilientCities.") and entries[-1][2].startswith("Zelinsky, Wilbur.")


# --- Ledna: Chicago notes ---------------------------------------------------------------------------------


def test_ledna_book_note():
    p = bib.parse_note("Philip M. Seib, *The Future of Diplomacy* (Cambridge: Polity Press, 2016), 4-5.")
    assert p["form"] == "note_full" and p["authors"] == [Author("Seib", "P. M.")]
    assert (p["title"], p["venue"], p["year"], p["kind"]) == ("The Future of Diplomacy", "Cambridge: Polity Press",
                                                             "2016", "book")  # fmt: skip


def test_ledna_article_note_with_quotes_inside_the_title():
    p = bib.parse_note(
        "Dan Koon-hong Chan, “City diplomacy and “glocal” governance: revitalizing cosmopolitan democracy,” "
        "*Innovation: The European Journal of Social Science Research* 29, no. 2 (March 2016): 134-136."
    )
    assert p["authors"] == [Author("Chan", "D. K.")]
    assert p["title"] == "City diplomacy and “glocal” governance: revitalizing cosmopolitan democracy"
    assert p["venue"] == "Innovation: The European Journal of Social Science Research" and p["year"] == "2016"


def test_ledna_web_page_notes():
    politico = bib.parse_note(
        "“Politico 28: Sadiq Khan,” Politico, accessed January 7, 2019, "
        "<https://www.politico.eu/list/politico-28-class-of-2017-ranking/sadiq-khan/>."
    )
    assert politico["authors"] == [] and politico["title"] == "Politico 28: Sadiq Khan"
    assert politico["year"] == "" and politico["accessed"] == "January 7, 2019" and politico["venue"] == "Politico"
    assert politico["url"] == "https://www.politico.eu/list/politico-28-class-of-2017-ranking/sadiq-khan/"
    local = bib.parse_note(
        "*The Local*, “France sees Brexit as tool to weaken London: leaked memo,” *The Local*, July 16, 2017, "
        "<https://www.thelocal.fr/20170716/france-sees-brexit-as-tool-to-weaken-london-leaked-memo>."
    )
    assert local["authors"] == [Author("The Local", corporate=True)] and local["year"] == "2017"
    missing = bib.parse_note(
        "The Paris Convention and Visitors Bureau: About us,” Paris, Official Website of the Convention and Visitors "
        "Bureau, accessed January 22, 2019, <https://en.parisinfo.com/footer/full/1457>."
    )
    assert missing["title"] == "The Paris Convention and Visitors Bureau: About us" and missing["authors"] == []
    assert "opening quotation mark" in missing["note"]
    sdg = bib.parse_note(
        "“Sustainable Development Goals,” The 2030 Agenda for Sustainable Development, United Nations, accessed "
        "January 3, 2019, <https://sustainabledevelopment.un.org/sdgs>."
    )
    assert sdg["year"] == ""  # 2030 names the agenda; it is no date


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("Ibid.", "ibid"),
        ("*Ibid.*", "ibid"),
        ("*Ibid.*, 22-23.", "ibid"),
        ("*Ibid*, 2-5.", "ibid"),
        ("Tavares, *Paradiplomacy*, 238-240.", "note_short"),
        ("Rodrigo Tavares, *Paradiplomacy*, fourth cover.", "note_short"),
        ("Fuller, “Le Corbusier’s Vision.”", "note_short"),
        ("See *World Cities Report 2016*.", "see"),
        ("Ambassador (ret) Nina Hachigian interviewed by author.", "interview"),
        ("This information relies on a confidential interview by the author.", "interview"),
        ("Relies on data from the IMF 2018, rounded to a single decimal place.", "data_note"),
    ],
)
def test_ledna_note_forms(text, form):
    assert bib.parse_note(text)["form"] == form


def test_ledna_interviewees():
    hachigian = bib.parse_note(
        "This paragraph relies on information obtained during an interview with Ambassador (ret) Nina Hachigian."
    )
    williams = bib.parse_note(
        "Robert E. Williams, professor of political science at Pepperdine University, interviewed by author."
    )
    assert hachigian["authors"] == [Author("Hachigian", "N.")] and williams["authors"] == [Author("Williams", "R. E.")]


def test_ledna_footnotes_are_numbered_one_to_the_last(docs):
    numbers = [int(n) for _, _, n, _ in bib.footnotes(docs["ledna"])]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) == 198


def test_acuto_has_author_year_citations_only(docs):
    found = [(a, y) for _, _, a, y in bib.in_text_citations(docs["acuto"])]
    assert found == [("Bloomberg", "2015"), ("Acuto", "2016")]


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
    res = bib.resolve_notes([first, second, third])
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
    beukman = citation("beukman", bib.parse_chicago_bibliography(VDP_BEUKMAN))
    clausen = citation("clausen", bib.parse_apa(VDP_CLAUSEN))
    ledna = citation("ledna", bib.parse_note(VDP_LEDNA), "note_full")
    assert bib.same_work(beukman, clausen) and bib.same_work(clausen, ledna) and bib.same_work(beukman, ledna)


def test_true_positive_apa_against_chicago_note():
    clausen = citation(
        "clausen",
        bib.parse_apa(
            "Chan, D. K.-h. (2016). City diplomacy and “glocal” governance: Revitalizing cosmopolitan democracy. "
            "*Innovation: The European Journal of Social Science Research*, 29(2), 134–160."
        ),
    )
    ledna = citation(
        "ledna",
        bib.parse_note(
            "Dan Koon-hong Chan, “City diplomacy and “glocal” governance: revitalizing cosmopolitan democracy,” "
            "*Innovation: The European Journal of Social Science Research* 29, no. 2 (March 2016): 134-136."
        ),
        "note_full",
    )
    assert bib.same_work(clausen, ledna)


def test_true_negative_same_author_and_year_different_titles():
    amiri = citation(
        "clausen",
        bib.parse_apa(
            "Amiri, S. (2020). Making US MOIA Sustainable Institutions for Conducting City Diplomacy by Protecting "
            "Their Precarious Values. In: Amiri S., Sevin E. (eds.) *City Diplomacy: Current Trends and Future "
            "Prospects*. Palgrave Macmillan Series in Global Public Diplomacy. Palgrave Macmillan. (pp. 235-251)."
        ),
    )
    intro = citation(
        "clausen",
        bib.parse_apa(
            "Amiri, S. & Sevin, E. (2020). Introduction. In: Amiri S., Sevin E. (eds.) *City Diplomacy: Current "
            "Trends and Future Prospects*. Palgrave Macmillan Series in Global Public Diplomacy. Palgrave Macmillan. "
            "(pp. 1-10)."
        ),
    )
    assert not bib.same_work(amiri, intro)


def test_true_negative_same_author_related_titles_different_years():
    essay = citation(
        "ledna",
        bib.parse_note(
            "Saskia Sassen, “The Global City: Introducing a Concept,” *Brown Journal of World Affairs* 11, no. 2 "
            "(Winter/Spring 2005): 27-31."
        ),
        "note_full",
    )
    book = citation(
        "ledna",
        bib.parse_note(
            "Saskia Sassen, *The Global City: New York, London, Tokyo* (Princeton: Princeton University Press, "
            "2001), 3-5."
        ),
        "note_full",
    )
    assert essay.year == "2005" and book.year == "2001"
    assert not bib.same_work(essay, book)


def test_true_negative_an_author_year_citation_is_matched_to_nothing(built):
    """Acuto et al. cite '(Acuto, 2016)'; Clausen lists Acuto, Morissette, Chan & Leffel (2016): no title, no match."""
    in_text = next(c for c in built.citations if c.doc_id == "acuto" and c.year == "2016")
    listed = next(c for c in built.citations if c.doc_id == "clausen" and c.year == "2016" and c.first_key == "acuto")
    assert not bib.same_work(in_text, listed) and in_text.work_id != listed.work_id


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
            assert a.work_id == b.work_id or not bib.same_work(a, b), (a.ref_id, b.ref_id)


def test_one_organisation_never_merges_its_different_reports(built):
    uclg = built.works[built.works["authors"] == "United Cities and Local Government"]
    assert len(uclg) == 3 and uclg["year"].is_unique


# --- outputs -----------------------------------------------------------------------------------------------


def test_every_citation_is_the_text_at_its_place(built, docs):
    for c in built.citations:
        doc = docs[c.doc_id]
        assert doc.text[c.char_offset : c.char_offset + len(c.raw)] == c.raw, c.ref_id
        assert doc.line_of(c.char_offset) == c.line, c.ref_id


def test_every_citation_has_a_work_but_the_unresolved_one(built):
    missing = [c.ref_id for c in built.citations if not c.work_id]
    assert missing == built.resolution["ledna"].short_unresolved
    assert set(built.references["work_id"]) - {""} == set(built.works["work_id"])
    assert built.works["n_citations"].sum() == len(built.citations) - len(missing)


def test_ids_are_unique_and_bibtex_safe(built):
    assert built.references["ref_id"].is_unique and built.works["work_id"].is_unique
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", w) for w in built.works["work_id"])


def test_latex_escape():
    assert bib.latex_escape("68% & $5 #1 a_b {x} ~ ^ \\") == (
        r"68\% \& \$5 \#1 a\_b \{x\} \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )
    assert bib.latex_escape("Ossenbrügge — São Paulo") == "Ossenbrügge — São Paulo"  # UTF-8 kept


def test_bibtex_one_entry_per_work_escaped_and_balanced(built):
    text = built.bibtex
    keys = re.findall(r"^@\w+\{([^,]+),$", text, re.MULTILINE)
    assert keys == sorted(built.works["work_id"])
    for entry in text.split("\n@")[1:]:
        depth = 0
        for i, ch in enumerate(entry):
            if ch in "{}" and (i == 0 or entry[i - 1] != "\\"):
                depth += 1 if ch == "{" else -1
                assert depth >= 0, entry[:60]
        assert depth == 0, entry[:60]
        body = re.sub(r"\\[%&$#_{}]|\\text\w+\{\}", "", re.sub(r"url = \{[^}]*\}", "", entry))
        assert not re.search(r"[%&$#_]", body), entry[:80]
    assert "title = {{68\\% of the world population" in text
    assert "title = {{Civilization \\& Barbarism}}" in text
    assert "Document acuto of this compendium" in text


def test_outputs_are_deterministic_and_written_once(docs, tmp_path):
    first, second = bib.tables(bib.build(docs)), bib.tables(bib.build(docs))
    assert first == second
    out = tmp_path / "processed"
    bib.run(paths.RAW, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(bib.OUTPUTS)
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    bib.run(paths.RAW, out)
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps
    for name, text in first.items():
        assert (out / name).read_text(encoding="utf-8") == text
