"""The generated pages (citydip.site.pages), read from the project's data and checked as MyST text
without Sphinx: every figure has one appendix anchor, every caption links each of its figures, and
the overview and the seminar guide say what they must."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

from citydip.core import paths
from citydip.core.sources import NOT_STATED
from citydip.site.data import SiteData, comparisons, load, slug
from citydip.site.markup import CAPTION_CLASS, md
from citydip.site.pages.assemble import pages
from citydip.site.pages.index import page_index
from site_support import FIG_LINK, PAYLOAD_FIGURE, caption_ids


@pytest.fixture(scope="module")
def data() -> SiteData:
    return load()


@pytest.fixture(scope="module")
def generated(data) -> dict[str, str]:
    return pages(data)


def test_every_figure_has_one_appendix_anchor(data, generated):
    anchors = re.findall(r'<div class="citydip-figure" id="fig-([^"]+)">', generated["sources"])
    assert anchors == list(data.figures["figure_id"])


def test_every_figure_link_points_at_an_appendix_anchor(data, generated):
    known = set(data.figures["figure_id"])
    for docname, text in generated.items():
        depth = docname.count("/")
        for prefix, figure_id in FIG_LINK.findall(text):
            assert figure_id in known, (docname, figure_id)
            assert prefix == "../" * depth, (docname, prefix)


def test_every_chart_caption_links_each_of_its_figures(data, generated):
    charts = 0
    for group in data.groups:
        page = generated[group.page]
        rows = list(csv.DictReader(group.captions.open(encoding="utf-8")))
        assert [c.name for c in group.charts] == [r["chart"] for r in rows]
        for row in rows:
            start = page.index(f'id="chart-{row["chart"]}"')
            block, caption = page[start:].split("\n\n")[1:3]  # the caption block after the chart's raw block
            assert block == f'<div class="{CAPTION_CLASS}">', row["chart"]
            assert caption.startswith("*") and caption_ids(caption) == set(row["figure_ids"].split()), row["chart"]
            charts += 1
    assert charts == len(data.charts) > 0


def test_every_table_caption_links_each_of_its_figures(data, generated):
    page = generated["tables"]
    registry = pd.read_csv(paths.PROCESSED / "figures.csv", dtype=str, keep_default_na=False)
    specs = pd.read_csv(paths.RAW / "tables" / "tables.csv", dtype=str, keep_default_na=False)
    for _, spec in specs.iterrows():
        stem = Path(spec["file"]).stem
        expected = set(
            registry.loc[(registry["doc_id"] == spec["doc_id"]) & (registry["table"] == spec["label"]), "figure_id"]
        )
        block, caption = page[page.index(f'id="table-{stem}"') :].split("\n\n")[1:3]
        assert block == f'<div class="{CAPTION_CLASS}">' and expected and caption_ids(caption) == expected, stem
    six = pd.read_csv(paths.PROCESSED / "tables" / "six_cities.csv", dtype=str, keep_default_na=False)
    expected = {i for cell in six["figure_ids"] for i in re.split(r"[;\s]+", cell) if i}
    caption = page[page.index('id="table-six_cities"') :].split("\n\n")[2]
    assert caption_ids(caption) == expected


def test_appendix_entry_links_to_the_tables_and_charts_using_it(data, generated):
    entry = generated["sources"].split(f'id="fig-{PAYLOAD_FIGURE}"')[1].split("</div>")[0]
    assert "](tables.html#table-ledna_figure_01)" in entry
    assert "](tables.html#table-six_cities)" in entry
    captions = pd.read_csv(paths.ROOT / "reports" / "figures" / "captions.csv", dtype=str, keep_default_na=False)
    using = [
        c for c, ids in zip(captions["chart"], captions["figure_ids"], strict=True) if PAYLOAD_FIGURE in ids.split()
    ]
    assert using
    for chart in using:
        assert f"](charts/documents.html#chart-{chart})" in entry


def test_appendix_entry_links_to_the_comparison_tables_using_it(data, generated):
    """A figure shown in a comparison's table (and in no chart or printed table) is 'used in' it."""
    stems = comparisons()
    registry = pd.read_csv(paths.PROCESSED / "figures.csv", dtype=str, keep_default_na=False)
    staff = registry[(registry["entity"] == "Buenos Aires") & registry["measure"].str.startswith("staff")]
    assert len(staff) == 1  # 'nearly 30 people': shown in the measures of each comparison of Buenos Aires
    entry = generated["sources"].split(f'id="fig-{staff["figure_id"].iloc[0]}"')[1].split("</div>")[0]
    with_ba = [s for s in stems if "buenos-aires" in s.split("__")]
    assert with_ba
    for stem in stems:
        target = f"](notebooks/compare/{stem}.html#table-{stem}-measures)"
        assert (target in entry) == (stem in with_ba), stem


def test_a_document_with_no_authors_stated_says_so(data):
    import dataclasses

    sources = data.sources.copy()
    sources.loc[sources["doc_id"] == "acuto", "authors"] = ""
    index = page_index(dataclasses.replace(data, sources=sources))
    row = next(line for line in index.splitlines() if line.startswith("| `acuto` |"))
    assert row.startswith(f"| `acuto` | {md(NOT_STATED)} | *City Diplomacy"), row


def test_overview_says_how_to_rerun_audit_and_rebuild(generated):
    rerun = generated["index"].split("## How to rerun everything")[1].split("\n## ")[0]
    for command in ("make ", "make test ", "make audit ", "make book "):
        assert f"\n{command}" in rerun, command


def test_guide_has_every_city_its_claims_and_verdicts(data, generated):
    guide = generated["guide"]
    points = pd.read_csv(paths.RAW / "case_points.csv", dtype=str, keep_default_na=False)
    for city in data.cases["city"]:
        assert f'id="city-{slug(city)}"' in guide
    for quote in points["quote"]:
        assert f"> {md(quote)}\n" in guide
    for figure_id in data.six["figure_ids"].str.split(r"[;\s]+", regex=True).explode().dropna():
        if figure_id:
            assert f"[{md(figure_id)}](sources.html#fig-{figure_id})" in guide


def _chapter(city: str, text: str) -> tuple[int, int] | None:
    """Lines of the city's chapter: from its name in capitals on a line of its own to the next line
    in capitals (a heading), as Ledna's 'BUENOS AIRES' ... 'GUANGZHOU'."""
    lines = [line.strip() for line in text.split("\n")]
    if city.upper() not in lines:
        return None
    start = lines.index(city.upper()) + 1
    for n in range(start + 1, len(lines) + 1):
        if lines[n - 1] == lines[n - 1].upper() and len(re.findall(r"[A-Z]", lines[n - 1])) >= 4:
            return start, n - 1
    return start, len(lines)


def test_guide_shows_every_finding_about_each_city(generated):
    """Each finding of the register is in the section of each case city it concerns, and in no other:
    one of its figures is about the city, or its first figure (the one it is about) stands in the
    city's chapter. Derived from findings.csv, the figures' entities and lines, and the documents."""
    registry = pd.read_csv(paths.PROCESSED / "figures.csv", dtype=str, keep_default_na=False).set_index("figure_id")
    findings = pd.read_csv(paths.RAW / "findings.csv", dtype=str, keep_default_na=False)
    cases = pd.read_csv(paths.RAW / "cases.csv", dtype=str, keep_default_na=False)
    files = pd.read_csv(paths.RAW / "sources.csv", dtype=str, keep_default_na=False).set_index("doc_id")["file"]
    expected, shown = {}, {}
    for _, case in cases.iterrows():
        city = case["city"]
        chapter = _chapter(city, (paths.RAW / "documents" / files[case["doc_id"]]).read_text(encoding="utf-8"))
        expected[city] = set()
        for _, finding in findings.iterrows():
            ids = finding["figure_ids"].split(";")
            entities = registry.loc[ids, "entity"]
            first = registry.loc[ids[0]]
            in_chapter = (
                chapter is not None
                and first["doc_id"] == case["doc_id"]
                and chapter[0] <= int(first["line"]) <= chapter[1]
            )
            if (entities == city).any() or entities.str.startswith(city + " ").any() or in_chapter:
                expected[city].add(finding["finding_id"])
        section = generated["guide"].split(f"\n## {md(city)}\n")[1].split("\n## ")[0]
        part = section.split("### Audit findings about its figures")[1].split("\n### ")[0]
        shown[city] = set(re.findall(r"\]\(audit\.html#finding-([^)]+)\)", part))
    # as the review found by hand: the Jamaica comparison and the survey of her Buenos Aires chapter,
    # the Guangzhou chapter's investment and survey, the Mexican economy beside Los Angeles
    assert expected["Buenos Aires"] >= {"F-01", "F-02", "F-03"} and expected["Los Angeles"] >= {"F-10", "F-11"}
    assert expected["Guangzhou"] >= {"F-06", "F-07", "F-08"}
    assert shown == expected


def test_png_and_svg_are_linked_only_where_they_exist(tmp_path):
    data = load()
    for chart in data.charts:
        chart.png = chart.svg = None
    guide = pages(data)["guide"]
    assert "No PNG or SVG copy of any chart was present when the site was built" in guide
    assert ".png)" not in guide and ".svg)" not in guide
    first = data.charts[0]
    first.png, first.svg = tmp_path / f"{first.name}.png", tmp_path / f"{first.name}.svg"
    generated = pages(data)
    assert f"[{md(first.name)}\\.png](figures/{first.name}.png)" in generated["guide"]
    assert f"[PNG](../figures/{first.name}.png)" in generated[first.page]
    assert "No PNG or SVG copy of any chart" not in generated["guide"]


def test_a_sources_entry_lists_the_figures_the_audit_related_it_to_both_ways():
    """Issue 18: the cross-document view (restatements, comparisons, public record) of a Sources entry."""
    from citydip.site.pages.sources import page_sources

    page = page_sources(load(notebooks=False))
    entry = page.split('id="fig-LD-306"')[1].split("</div>")[0]
    assert "Related by the audit: comparison: " in entry
    assert "sources.html#fig-LD-F01-04" in entry or "#fig-LD-F01-04" in entry
    back = page.split('id="fig-LD-F01-04"')[1].split("</div>")[0]
    assert "#fig-LD-306" in back  # and the other way round
    assert (
        re.search(r"Public record \(RL\d+\): \*consistent\*", entry) and "15\\.73 billion USD" in entry
    )  # md() escapes .
    # a figure checked on two bases (one in eight: of all people, of the urban population) names each link
    ld037 = page.split('id="fig-LD-037"')[1].split("</div>")[0]
    assert "Public record (RL40): *discrepancy*" in ld037 and "Public record (RL45): *consistent*" in ld037
