"""The citations of each document: real entries of each style parsed (citydip.networks.citations),
the reference lists, footnotes and author-year citations found."""

from __future__ import annotations

import pytest

from citydip.networks import citations as cit
from citydip.networks.authors import Author


def surnames(parsed: dict) -> list[str]:
    return [a.surname for a in parsed["authors"]]


# --- Beukman: Chicago bibliography ------------------------------------------------------------------


def test_beukman_journal_article_with_two_authors():
    entry = (
        'Milani, Carlos Roberto Sanchez & Ribeiro, Maria Clotilde Meirelles. "International relations and the '
        'paradiplomacy of Brazilian cities: crafting the concept of local international management." *BAR - '
        "Brazilian Administration Review*, 8, no. 1 (2011):21-36."
    )
    p = cit.parse_chicago_bibliography(entry)
    assert surnames(p) == ["Milani", "Ribeiro"] and p["authors"][0].initials == "C. R. S."
    assert p["year"] == "2011" and p["kind"] == "article"
    assert p["title"].startswith("International relations and the paradiplomacy") and p["title"].endswith("management")
    assert p["venue"] == "BAR - Brazilian Administration Review"


def test_beukman_report_of_an_organisation_with_year_in_the_italics():
    entry = (
        "Crush, Jonathan. *Hungry Cities of the Global South. Hungry Cities Partnership Reports. (2016)*. "
        "Accessed 10 September 2017."
    )
    p = cit.parse_chicago_bibliography(entry)
    assert surnames(p) == ["Crush"] and p["year"] == "2016"
    assert p["title"] == "Hungry Cities of the Global South. Hungry Cities Partnership Reports"
    assert p["accessed"] == "10 September 2017"
    org = cit.parse_chicago_bibliography(
        "United Cities and Local Government (ed). *Gold IV 2016 Fourth Global Report on Decentralization and Local "
        "Democracy. Co-Creating the Urban Future. The Agenda of Metropolises, Cities and Territories*. Barcelona: "
        "UCLG. (2016)."
    )
    assert org["authors"] == [Author("United Cities and Local Government", corporate=True)]
    assert org["year"] == "2016" and org["venue"] == "Barcelona: UCLG"  # the 2016 of the title is not the year


def test_beukman_year_after_the_author_and_a_stray_full_stop_in_a_name():
    kangas = cit.parse_chicago_bibliography(
        'Kangas, Anni. 2017. "Global Cities, International and the Fabrication of the World." *Global Society*, '
        "31(4):531-550."
    )
    assert kangas["year"] == "2017" and kangas["venue"] == "Global Society"
    lille = cit.parse_chicago_bibliography(
        "De Lille, Patricia. & Kesson, Craig. *View From City Hall, Reflections On Governing Cape Town*. Cape Town: "
        "Jonathan Ball Publishers. (2017)."
    )
    assert surnames(lille) == ["De Lille", "Kesson"] and lille["venue"] == "Cape Town: Jonathan Ball Publishers"


# --- Clausen: APA -----------------------------------------------------------------------------------------


def test_clausen_apa_article():
    p = cit.parse_apa(
        "Chan, D. K.-h. (2016). City diplomacy and “glocal” governance: Revitalizing cosmopolitan democracy. "
        "*Innovation: The European Journal of Social Science Research*, 29(2), 134–160."
    )
    assert p["authors"] == [Author("Chan", "D. K.-h.")]
    assert p["year"] == "2016" and p["kind"] == "article"
    assert p["title"] == "City diplomacy and “glocal” governance: Revitalizing cosmopolitan democracy"
    assert p["venue"] == "Innovation: The European Journal of Social Science Research"


def test_clausen_apa_chapters_and_a_question_mark():
    amiri = cit.parse_apa(
        "Amiri, S. & Sevin, E. (2020). Introduction. In: Amiri S., Sevin E. (eds.) *City Diplomacy: Current Trends "
        "and Future Prospects*. Palgrave Macmillan Series in Global Public Diplomacy. Palgrave Macmillan. (pp. 1-10)."
    )
    assert surnames(amiri) == ["Amiri", "Sevin"] and amiri["title"] == "Introduction" and amiri["kind"] == "chapter"
    assert amiri["venue"] == "City Diplomacy: Current Trends and Future Prospects"
    lara = cit.parse_apa(
        "Lara, R. (2020). How Are Cities Inserting Themselves in the International System? In: Amiri S., Sevin E. "
        "(eds) In: Amiri S., Sevin E. (eds) *City Diplomacy: Current Trends and Future Prospects*. Palgrave "
        "Macmillan Series in Global Public Diplomacy. Palgrave Macmillan. (pp. 189-214)."
    )
    assert lara["title"] == "How Are Cities Inserting Themselves in the International System?"
    clerc = cit.parse_apa(
        "Clerc L. (2020) Turku (Finland) as a Case Study in the City Diplomacy of Small Urban Centers, 1971–2011. "
        "In: Amiri S., Sevin E. (eds) *City Diplomacy. Palgrave Macmillan Series in Global Public Diplomacy*. "
        "Palgrave Macmillan. (pp. 331-358)."
    )
    assert clerc["authors"] == [Author("Clerc", "L.")] and clerc["year"] == "2020"


def test_clausen_no_date_and_retrieved():
    p = cit.parse_apa(
        "Council of European Municipalities and Regions. (n.d.). *CEMR: Introducing CEMR*. Retrieved October 25, "
        "2022, from https://www.ccre.org/en/article/introducing_cemr"
    )
    assert p["authors"] == [Author("Council of European Municipalities and Regions", corporate=True)]
    assert p["year"] == "" and p["note"] == "n.d."
    assert p["title"] == "CEMR: Introducing CEMR" and p["accessed"] == "October 25, 2022"
    assert p["url"] == "https://www.ccre.org/en/article/introducing_cemr" and p["venue"] == ""


def test_clausen_list_entries_broken_over_lines(docs):
    entries = cit.list_entries(docs["clausen"])
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
    entries = cit.list_entries(docs["beukman"])
    assert len(entries) == 38
    assert entries[0][2].startswith("100ResilientCities.") and entries[-1][2].startswith("Zelinsky, Wilbur.")


# --- Ledna: Chicago notes ---------------------------------------------------------------------------------


def test_ledna_book_note():
    p = cit.parse_note("Philip M. Seib, *The Future of Diplomacy* (Cambridge: Polity Press, 2016), 4-5.")
    assert p["form"] == "note_full" and p["authors"] == [Author("Seib", "P. M.")]
    assert (p["title"], p["venue"], p["year"], p["kind"]) == ("The Future of Diplomacy", "Cambridge: Polity Press",
                                                             "2016", "book")  # fmt: skip


def test_ledna_article_note_with_quotes_inside_the_title():
    p = cit.parse_note(
        "Dan Koon-hong Chan, “City diplomacy and “glocal” governance: revitalizing cosmopolitan democracy,” "
        "*Innovation: The European Journal of Social Science Research* 29, no. 2 (March 2016): 134-136."
    )
    assert p["authors"] == [Author("Chan", "D. K.")]
    assert p["title"] == "City diplomacy and “glocal” governance: revitalizing cosmopolitan democracy"
    assert p["venue"] == "Innovation: The European Journal of Social Science Research" and p["year"] == "2016"


def test_ledna_web_page_notes():
    politico = cit.parse_note(
        "“Politico 28: Sadiq Khan,” Politico, accessed January 7, 2019, "
        "<https://www.politico.eu/list/politico-28-class-of-2017-ranking/sadiq-khan/>."
    )
    assert politico["authors"] == [] and politico["title"] == "Politico 28: Sadiq Khan"
    assert politico["year"] == "" and politico["accessed"] == "January 7, 2019" and politico["venue"] == "Politico"
    assert politico["url"] == "https://www.politico.eu/list/politico-28-class-of-2017-ranking/sadiq-khan/"
    local = cit.parse_note(
        "*The Local*, “France sees Brexit as tool to weaken London: leaked memo,” *The Local*, July 16, 2017, "
        "<https://www.thelocal.fr/20170716/france-sees-brexit-as-tool-to-weaken-london-leaked-memo>."
    )
    assert local["authors"] == [Author("The Local", corporate=True)] and local["year"] == "2017"
    missing = cit.parse_note(
        "The Paris Convention and Visitors Bureau: About us,” Paris, Official Website of the Convention and Visitors "
        "Bureau, accessed January 22, 2019, <https://en.parisinfo.com/footer/full/1457>."
    )
    assert missing["title"] == "The Paris Convention and Visitors Bureau: About us" and missing["authors"] == []
    assert "opening quotation mark" in missing["note"]
    sdg = cit.parse_note(
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
    assert cit.parse_note(text)["form"] == form


def test_ledna_interviewees():
    hachigian = cit.parse_note(
        "This paragraph relies on information obtained during an interview with Ambassador (ret) Nina Hachigian."
    )
    williams = cit.parse_note(
        "Robert E. Williams, professor of political science at Pepperdine University, interviewed by author."
    )
    assert hachigian["authors"] == [Author("Hachigian", "N.")] and williams["authors"] == [Author("Williams", "R. E.")]


def test_ledna_footnotes_are_numbered_one_to_the_last(docs):
    numbers = [int(n) for _, _, n, _ in cit.footnotes(docs["ledna"])]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) == 198


def test_acuto_has_author_year_citations_only(docs):
    found = [(a, y) for _, _, a, y in cit.in_text_citations(docs["acuto"])]
    assert found == [("Bloomberg", "2015"), ("Acuto", "2016")]
