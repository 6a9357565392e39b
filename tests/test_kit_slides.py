"""The decks' MyST sources (citydip.kit.slides) and what they are made of (citydip.kit.content)."""

from __future__ import annotations

import re

import pytest

from citydip.kit import content
from citydip.kit.errors import KitError
from citydip.kit.handouts import city_html
from citydip.kit.slides import (
    ROWS_PER_SLIDE,
    audit_deck,
    city_deck,
    comparison_deck,
    decks,
    finding_slide,
    quoted_once,
)
from citydip.site.data import load
from citydip.site.markup import md, split_ids


@pytest.fixture(scope="module")
def data():
    return load(notebooks=False)


LINK = re.compile(r"\[([A-Z]{2}-[A-Z0-9-]+)\]\(\.\./\.\./site/sources\.html#fig-([A-Z0-9-]+)\)")


def test_every_figure_id_of_a_city_deck_links_to_its_sources_entry(data):
    for name in data.cases["city"]:
        city = content.city(data, name)
        text = city_deck(city, {}).replace("\\-", "-")  # MyST escapes the link text
        links = LINK.findall(text)
        assert links and all(a == b for a, b in links)
        ids = {i for r in city.key_rows for i in r["ids"]} | {f.figure_id for f in city.figures}
        assert ids <= {a for a, _ in links}, name


def test_a_key_figures_slide_has_at_most_rows_per_slide_rows(data):
    city = content.city(data, "Buenos Aires")
    text = city_deck(city, {})
    for slide in text.split("\n## ")[1:]:
        if "key figures" in slide.splitlines()[0]:
            assert 0 < sum(line.startswith("| ") for line in slide.splitlines()) - 1 <= ROWS_PER_SLIDE


def test_markup_in_a_quote_stays_text_on_a_slide(data):
    city = content.city(data, "Tokyo")
    city.claims.append(
        {
            "point_id": "X-1",
            "topic": "t",
            "quote": "<script>x</script> [a](http://e.org)",
            "document": "d",
            "figures": [],
        }
    )
    text = city_deck(city, {})
    assert "<script>" not in text and "\\<script\\>" in text and "](http" not in text


def test_the_audit_deck_has_each_source_discrepancy_with_quote_and_arithmetic(data):
    found = content.discrepancies(data)
    assert found and {f.status for f in found} == {content.DISCREPANCY}
    assert len(found) == (data.findings["status"] == content.DISCREPANCY).sum()
    text = audit_deck(found)
    for f in found:
        assert f"**{f.finding_id}**" in text.replace("\\-", "-")
        assert f.figures and f.figures[0].figure_id in split_ids(
            data.findings.set_index("finding_id").loc[f.finding_id, "figure_ids"]
        )
    assert text.count("Arithmetic:") >= len(found)


def test_one_deck_per_city_per_comparison_and_the_audit(data):
    cities = content.cities(data)
    comparisons = content.comparisons(data, {c.name: c for c in cities})
    names = set(decks(cities, comparisons, content.discrepancies(data), {}))
    assert len(names) == len(cities) + len(comparisons) + 1


def test_a_quote_shared_by_several_figures_of_a_finding_is_shown_once(data):
    f = next(f for f in content.discrepancies(data) if f.finding_id == "F-15")
    assert [x.figure_id for x in f.figures][:2] == ["LD-037", "LD-038"] and f.figures[0].quote == f.figures[1].quote
    text = "\n".join(finding_slide("kit/slides/audit", f, "F-15")).replace("\\-", "-")
    assert text.count(f"> {f.figures[0].quote}") == 1
    assert "[LD-037](../../site/sources.html#fig-LD-037), [LD-038](../../site/sources.html#fig-LD-038), Ledna" in text
    assert text.index("### F-15: the audit's arithmetic") < text.index("Arithmetic:")  # on the slide below
    assert quoted_once([]) == []


def test_a_claims_quote_lists_the_registered_figures_inside_it(data):
    ba = content.city(data, "Buenos Aires")
    claim = next(p for p in ba.claims if p["point_id"] == "BA-02")
    assert claim["figures"] == ["LD-315"]  # 'nearly 30 bureaucrats'
    figs = data.figures.set_index("figure_id")
    text = data.texts["ledna"]
    start = text.index(claim["quote"])
    for p in ba.claims:  # every figure listed lies inside its quote, and every figure inside is listed
        at = text.index(p["quote"])
        inside = [
            i
            for i, r in figs.iterrows()
            if r["doc_id"] == "ledna" and at <= int(r["value_offset"]) < at + len(p["quote"])
        ]
        assert sorted(p["figures"]) == sorted(inside), p["point_id"]
    assert start >= 0 and content.figures_in_quote(data, "ledna", claim["quote"][:20]) == []
    deck = city_deck(ba, {}).replace("\\-", "-")
    after = deck[deck.index("· BA-02 ·") :]
    assert after.index("Figures: [LD-315](../../site/sources.html#fig-LD-315)") < after.index("BA-03")
    with pytest.raises(KitError):
        content.figures_in_quote(data, "ledna", "no such sentence in the thesis")


def test_a_handouts_claim_quote_lists_its_figures_as_plain_ids(data):
    html = city_html(content.city(data, "Los Angeles"), 0, "v")
    assert 'Figures: <span class="id">LD-352</span>, <span class="id">LD-353</span>.' in html
    assert "sources.html" not in html


def test_a_comparison_deck_has_both_cities_claims_and_its_findings_or_says_there_are_none(data):
    cities = content.cities(data)
    comparisons = content.comparisons(data, {c.name: c for c in cities})
    for comp in comparisons:
        text = comparison_deck(comp, {}).replace("\\-", "-").replace("\\:", ":")
        for c in comp.cities:
            assert f"## {c.name}: what the documents claim" in text, comp.key
            for p in c.claims:
                assert f"· {p['point_id']} ·" in text, (comp.key, p["point_id"])
        found = {f.finding_id for c in comp.cities for f in c.findings}
        for f in found:
            assert f"**{f}**" in text, (comp.key, f)
        assert ("findings\n\n*No finding of the audit's register concerns" in text) == (not found), comp.key
    assert any(comp.key == "cape-town__tokyo" for comp in comparisons)


def test_a_figure_stated_of_the_cities_together_is_not_shown_as_one_citys_value(data):
    # Ledna: 'these cities all boast populations in the millions' (LD-021) is in each of her cities' rows
    ba = content.city(data, "Buenos Aires")
    (row,) = [r for r in ba.key_rows if r["ids"] == ["LD-021"]]
    assert row["value"] == "millions people (stated of the case study cities together)"
    (own,) = [r for r in ba.key_rows if r["ids"] == ["LD-301"]]
    assert "together" not in own["value"]


def test_a_shared_note_is_recognised_in_a_list_of_notes():
    from citydip.tables.cases import SHARED, shared

    assert shared(SHARED.format(entity="case study cities"))
    assert shared("Figure 7 states no basis; " + SHARED.format(entity="four cities"))
    assert not shared("stated as 'equal to' the economy of Jamaica")


def test_a_city_has_a_public_record_row_per_link_and_not_the_all_cities_chart(data):
    """Each public-record row of the audit about a city's figures is on its deck and handout, with the ratio of
    the stated value to the nearest reference value of the link (recomputed here from reference_values.csv)."""
    from decimal import Decimal

    from citydip.core.csvio import read_written

    refs = read_written(data.root / "data" / "processed" / "reference_values.csv")
    audit = data.audit[data.audit["check"] == "public record"]
    figures = data.figures.set_index("figure_id")
    for name in data.cases["city"]:
        city = content.city(data, name)
        assert "audit_public_record" not in {c.name for c in city.charts}, name
        mine = audit[audit["figure_id"].isin({f.figure_id for f in city.figures})]
        assert sorted(r.figure_id for r in city.public) == sorted(mine["figure_id"]), name
        assert sorted((r.figure_id, r.verdict) for r in city.public) == sorted(
            zip(mine["figure_id"], mine["verdict"], strict=True)
        )
        deck, handout = city_deck(city, {}), city_html(city, 0, "v")
        assert ("against the public record" in deck) == bool(city.public), name
        for r in city.public:
            values = refs.loc[(refs["figure_id"] == r.figure_id) & (refs["reference_value"] != ""), "reference_value"]
            if values.empty:
                assert r.ratio == "" and r.verdict == "not checkable", r
                continue
            base = Decimal(figures.loc[r.figure_id, "base_value"])
            best = min((Decimal(v) for v in values), key=lambda v: abs(v - base))
            assert r.ratio == f"{base / best:.2f}", r
            assert f"| {md(r.ratio)} |" in deck and f"<td>{r.ratio}</td>" in handout, r
    assert any(content.city(data, n).public for n in data.cases["city"])


def test_the_public_record_slides_have_at_most_their_rows(data):
    from citydip.kit.slides import PUBLIC_ROWS_PER_SLIDE

    text = city_deck(content.city(data, "Paris"), {})
    slides = [s for s in text.split("\n## ")[1:] if "public record" in s.splitlines()[0]]
    assert len(slides) == 2  # Paris has six links
    for slide in slides:
        assert 0 < sum(line.startswith("| ") for line in slide.splitlines()) - 1 <= PUBLIC_ROWS_PER_SLIDE


def test_a_quotes_own_emphasis_is_italic_on_slides_and_handouts_and_a_lone_asterisk_stays(data):
    from citydip.kit.handouts import quote_html
    from citydip.kit.slides import quote_md

    assert content.emphasis_parts("the *Secretaría General* of") == [
        ("the ", False),
        ("Secretaría General", True),
        (" of", False),
    ]
    assert content.emphasis_parts("5 * 3 and a *b") == [("5 * 3 and a *b", False)]
    assert quote_md("a *b<c* d") == "a *b\\<c* d"  # italic, the rest escaped
    assert quote_html("a *b<c* d") == "a <em>b&lt;c</em> d"
    ba = content.city(data, "Buenos Aires")
    assert any("*Secretaría General*" in p["quote"] for p in ba.claims)  # the one quote with emphasis
    deck, handout = city_deck(ba, {}), city_html(ba, 0, "v")
    assert "\\*Secretar" not in deck and "*Secretaría General*" in deck
    assert "<em>Secretaría General</em>" in handout and "*Secretar" not in handout
