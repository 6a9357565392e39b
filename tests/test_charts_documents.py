"""The charts of the documents: every plotted number is a registered figure, every chart names its sources.

Each point of a chart carries its figure id(s) in ``customdata`` and each trace says in ``meta``
how the plotted value relates to the registry; the checks below read the charts that
``citydip.charts.documents.build_all`` makes back through these two fields and compare every number
with ``data/processed/figures.csv``.
"""

from __future__ import annotations

import csv
import html
import io
import math
import re
from decimal import Decimal
from pathlib import Path

import pytest
from plotly.offline import get_plotlyjs

from citydip.charts import common as charts
from citydip.charts.documents import build_all
from citydip.core import paths, sources
from citydip.tables import cases
from citydip.tables import coding as codings
from citydip.tables import printed as tables

FIGURES_DIR = paths.REPORTS / "figures"
REL_TOL = 1e-9  # plotly stores floats; the registry's values are exact decimals


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def manifest():
    return sources.load_manifest(paths.RAW)


@pytest.fixture(scope="module")
def rebuilt(figs, docs):
    return tables.rebuild_all(paths.RAW, figs, docs)


@pytest.fixture(scope="module")
def six(figs, docs):
    return cases.build(paths.RAW, figs, docs)[1]


@pytest.fixture(scope="module")
def default_coding():
    return codings.parse_coding(codings.DEFAULT)


@pytest.fixture(scope="module")
def built(figs, rebuilt, six, manifest, default_coding):
    """Every chart, built as the charts notebook builds them (default coding)."""
    return build_all(figs, rebuilt, six, manifest, default_coding)


def _by_name(chart_list: list[charts.Chart]) -> dict[str, charts.Chart]:
    return {c.name: c for c in chart_list}


# --- reading a chart back ------------------------------------------------------------------------


def _points(chart: charts.Chart, problems: list[str]):
    """Every plotted number of a chart as ``(where, figure_id, plotted, relation)``.

    ``relation`` is ``("scale", S)`` (plotted = base_value / S) or ``("coding", text, code_shown)``
    (plotted = score of the figure's code). Structural faults (a number without a figure id, a
    trace without ``meta``) are appended to ``problems``.
    """
    for n, trace in enumerate(chart.figure.to_dict()["data"]):
        where = f"{chart.name} trace {n} ({trace['type']})"
        meta, custom = trace.get("meta"), trace.get("customdata")
        if not meta:
            problems.append(f"{where}: no meta")
            continue
        if custom is None:
            problems.append(f"{where}: no customdata")
            continue
        custom = list(custom)
        if trace["type"] == "bar" or (trace["type"] == "scatter" and "value_axis" in meta):  # one value a point
            axis = meta.get("value_axis")
            values = list(trace.get(axis) or [])
            if axis not in ("x", "y") or len(values) != len(custom) or not values:
                problems.append(f"{where}: {len(values)} values on axis {axis!r} but {len(custom)} figure ids")
                continue
            for i, (value, ids) in enumerate(zip(values, custom, strict=True)):
                if len(ids) != 1:
                    problems.append(f"{where} point {i}: figure ids {ids!r}, expected one")
                    continue
                yield f"{where} point {i}", ids[0], value, ("scale", meta["scale"])
        elif trace["type"] == "scatter":
            xs, ys = list(trace.get("x") or []), list(trace.get("y") or [])
            if not (len(xs) == len(ys) == len(custom)) or not xs:
                problems.append(f"{where}: {len(xs)} x, {len(ys)} y but {len(custom)} figure id pairs")
                continue
            for i, (x, y, ids) in enumerate(zip(xs, ys, custom, strict=True)):
                if len(ids) != 2:
                    problems.append(f"{where} point {i}: figure ids {ids!r}, expected [population, GDP]")
                    continue
                yield f"{where} point {i} x", ids[0], x, ("scale", meta["x"]["scale"])
                yield f"{where} point {i} y", ids[1], y, ("scale", meta["y"]["scale"])
        elif trace["type"] == "heatmap":
            z, text = [list(r) for r in trace["z"]], [list(r) for r in trace["text"]]
            shape = [len(r) for r in z]
            if [len(r) for r in custom] != shape or [len(r) for r in text] != shape or not z:
                problems.append(f"{where}: z of shape {shape} but customdata {[len(r) for r in custom]}")
                continue
            for i, row in enumerate(z):
                for j, value in enumerate(row):
                    yield f"{where} cell {i},{j}", custom[i][j], value, ("coding", meta["coding"], text[i][j])
        else:
            problems.append(f"{where}: trace type not checked")


def _plotted_ids(chart: charts.Chart) -> list[str]:
    problems: list[str] = []
    ids = [figure_id for _, figure_id, _, _ in _points(chart, problems)]
    assert not problems, problems
    return ids


def _check(chart_list: list[charts.Chart], registry, coding: codings.Coding) -> tuple[list[str], int]:
    """Every plotted number compared with ``registry``: (problems, numbers checked)."""
    problems: list[str] = []
    checked = 0
    for chart in chart_list:
        before = checked
        for where, figure_id, plotted, relation in _points(chart, problems):
            checked += 1
            if figure_id not in registry.index:
                problems.append(f"{where}: {figure_id!r} is not a registered figure")
                continue
            figure = registry.loc[figure_id]
            if relation[0] == "scale":
                expected = Decimal(figure["base_value"]) / Decimal(str(relation[1]))
                if plotted is None or not math.isclose(plotted, float(expected), rel_tol=REL_TOL, abs_tol=1e-12):
                    problems.append(f"{where}: {figure_id} plotted {plotted}, registry gives {expected}")
            else:
                _, described, shown = relation
                if described != coding.describe():
                    problems.append(f"{where}: coloured under {described!r}, not {coding.describe()!r}")
                code = figure["value"]
                expected = coding.scores[code]
                missing = plotted is None or (isinstance(plotted, float) and math.isnan(plotted))
                if expected is None:
                    if not missing:
                        problems.append(f"{where}: {figure_id} code {code!r} has no score, plotted {plotted}")
                elif missing or not math.isclose(plotted, expected, rel_tol=REL_TOL, abs_tol=1e-12):
                    problems.append(f"{where}: {figure_id} code {code!r} scores {expected}, plotted {plotted}")
                if shown != code:
                    problems.append(f"{where}: {figure_id} shows code {shown!r}, registry gives {code!r}")
        if checked == before:
            problems.append(f"{chart.name}: no plotted number")
    return problems, checked


# --- 1. every plotted number is the registry's ---------------------------------------------------


def test_every_plotted_number_is_the_registered_figure(built, figs, default_coding):
    problems, checked = _check(built, figs, default_coding)
    assert not problems, "\n".join(problems)
    # 4 data tables x 4, 4 policy tables x 7, Figure 11 x 28, GDP x 8, scatter 10 x 2, surveys 3, prose >= 1
    assert checked >= 16 + 28 + 28 + 8 + 20 + 3 + 1


def test_scatter_axes_are_population_and_gdp(built, figs):
    """x is a population and y a GDP, as the axis titles say (the scale check alone allows a swap)."""
    chart = _by_name(built)["six_cities_population_vs_gdp"]
    layout = chart.figure.to_dict()["layout"]
    assert layout["xaxis"]["title"]["text"].startswith("population")
    assert layout["yaxis"]["title"]["text"].startswith("GDP")
    for trace in chart.figure.to_dict()["data"]:
        for pop_id, gdp_id in trace["customdata"]:
            assert (figs.loc[pop_id, "measure"], figs.loc[gdp_id, "measure"]) == ("population", "GDP")


SCALE_WORDS = {1_000_000: "million", 1_000_000_000: "billion", 0.01: "percent"}
BASE_UNIT_WORDS = {"people": "people", "USD": "USD", "share": "percent"}


def _axis_label(layout: dict, trace: dict, axis: str) -> str:
    """What the chart says about an axis: its title, or the title of its subplot (make_subplots)."""
    other = "x" if axis == "y" else "y"
    own_key = f"{axis}axis{trace.get(f'{axis}axis', axis)[1:]}"
    other_key = f"{other}axis{trace.get(f'{other}axis', other)[1:]}"
    texts = [(layout.get(own_key, {}).get("title") or {}).get("text", "")]
    if other == "x" and "domain" in layout.get(other_key, {}):
        low, high = layout[other_key]["domain"]
        texts += [a["text"] for a in layout.get("annotations", []) if math.isclose(a["x"], (low + high) / 2)]
    return " ".join(texts)


def test_scales_match_what_the_axes_say(built, figs):
    """A scale changed consistently in value and ``meta`` still fails: the axis would lie."""
    problems: list[str] = []
    for chart in built:
        spec = chart.figure.to_dict()
        for n, trace in enumerate(spec["data"]):
            meta = trace["meta"]
            if meta.get("value_axis") == "z":
                continue  # a heatmap: scores, no unit
            axes = {meta["value_axis"]: meta["scale"]} if "value_axis" in meta else {a: meta[a]["scale"] for a in "xy"}
            for position, (axis, scale) in enumerate(axes.items()):
                label = _axis_label(spec["layout"], trace, axis)
                word = SCALE_WORDS.get(scale)
                if word is None or word not in label:
                    problems.append(f"{chart.name} trace {n}: scale {scale} but the {axis} axis says {label!r}")
                for ids in trace["customdata"]:
                    unit = BASE_UNIT_WORDS.get(figs.loc[ids[position], "base_unit"], "?")
                    if unit not in label:
                        problems.append(f"{chart.name} trace {n}: {ids[position]} in {unit} on axis {label!r}")
    assert not problems, "\n".join(problems)


# --- 2. the check bites: the charts follow the registry ------------------------------------------


def test_charts_follow_the_registry_not_a_transcription(figs, rebuilt, six, manifest, default_coding):
    changed = figs.copy()
    real = figs.loc["LD-F01-03", "base_value"]
    changed.loc["LD-F01-03", "base_value"] = str(Decimal(real) + 100_000_000_000)
    chart_list = build_all(changed, rebuilt, six, manifest, default_coding)

    found = []
    for chart in chart_list:
        for where, figure_id, plotted, relation in _points(chart, []):
            if figure_id == "LD-F01-03":
                found.append(chart.name)
                real_plotted = float(Decimal(real) / Decimal(str(relation[1])))
                assert not math.isclose(plotted, real_plotted, rel_tol=REL_TOL), where
    assert sorted(found) == ["ledna_figure_01", "ledna_gdp_2010_2025", "six_cities_population_vs_gdp"]

    problems, _ = _check(chart_list, figs, default_coding)  # against the real registry: caught
    assert len(problems) == 3, problems
    assert all("LD-F01-03" in p for p in problems)
    assert _check(chart_list, changed, default_coding)[0] == []  # against the registry it was built from


def test_heatmaps_follow_the_registered_codes(figs, docs, six, manifest, default_coding):
    """A code changed in a copy of the registry changes the policy heatmaps, and the check sees it."""
    assert figs.loc["LD-F10-07", "value"] == "?"
    changed = figs.copy()
    changed.loc["LD-F10-07", "value"] = "+"
    chart_list = build_all(changed, tables.rebuild_all(paths.RAW, changed, docs), six, manifest, default_coding)
    problems, _ = _check(chart_list, figs, default_coding)
    assert sorted(p.split(" ")[0] for p in problems) == ["ledna_figure_10"] * 2 + ["ledna_figure_11"] * 2, problems
    assert all("LD-F10-07" in p for p in problems)
    assert _check(chart_list, changed, default_coding)[0] == []


def test_heatmaps_are_coloured_under_the_coding_given(figs, rebuilt, six, manifest):
    signed = next(c for c in codings.ALTERNATIVES if c.name == "signed")
    chart_list = build_all(figs, rebuilt, six, manifest, signed)
    assert _check(chart_list, figs, signed)[0] == []
    assert _check(chart_list, figs, codings.parse_coding(codings.DEFAULT))[0] != []


# --- 3. captions ---------------------------------------------------------------------------------


def _names_id(text: str, figure_id: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(figure_id)}(?![\w-])", text) is not None


def test_captions_list_every_plotted_figure_and_its_document(built, figs, manifest):
    names = charts.document_names(figs, manifest)
    assert len({c.name for c in built}) == len(built)
    for chart in built:
        plotted = _plotted_ids(chart)
        assert set(plotted) == set(chart.figure_ids), chart.name
        for figure_id in plotted:
            assert _names_id(chart.caption, figure_id), f"{chart.name}: {figure_id} not in the caption"
        assert chart.documents, chart.name
        assert any(name in chart.caption for name in names.values()), chart.name
        for document in chart.documents:
            assert document in names.values() and document in chart.caption, (chart.name, document)
        drawn_from = {names[figs.loc[i, "doc_id"]] for i in plotted}
        assert drawn_from == set(chart.documents), chart.name
        subtitle = chart.figure.to_dict()["layout"]["title"]["subtitle"]["text"]
        assert all(document in subtitle for document in chart.documents), chart.name


def test_ledna_figure_captions_name_ledna(built):
    for chart in built:
        if chart.name.startswith("ledna_"):
            assert "Ledna (2019)" in chart.caption, chart.name


def test_survey_charts_for_ledna_lost_figures(built):
    by_name = _by_name(built)
    assert _plotted_ids(by_name["ledna_figure_02"]) == ["LD-310"]
    assert _plotted_ids(by_name["ledna_figure_05"]) == ["LD-339", "LD-340"]
    assert "Figure 2" in by_name["ledna_figure_02"].caption
    assert "Figure 5" in by_name["ledna_figure_05"].caption


# Ledna: "conducted in 2018 by the Chicago Council" (LD-307), "after anonymously sampling twenty-seven global
# cities" (LD-308); Figure 5's paragraph: "In the same 2018 study" (LD-338).
SURVEY_TITLE_IDS = {"ledna_figure_02": ["LD-307", "LD-308"], "ledna_figure_05": ["LD-338", "LD-308"]}


@pytest.mark.parametrize("name", list(SURVEY_TITLE_IDS))
def test_survey_titles_state_the_registered_year_and_sample(built, name):
    chart = _by_name(built)[name]
    assert chart.title.endswith("(2018 survey of 27 cities)")
    assert chart.title_ids == SURVEY_TITLE_IDS[name]
    assert f"Title from: {', '.join(SURVEY_TITLE_IDS[name])}." in chart.caption
    subtitle = chart.figure.to_dict()["layout"]["title"]["subtitle"]["text"]
    assert all(i in subtitle for i in SURVEY_TITLE_IDS[name])


# The shares the prose states with a qualifier, and the side of the stated value the qualifier puts them on
# (read from the quotes: "almost 10%", "just under half", "about 8%", "over 80%", "close to half", "more than half").
BOUNDED = {
    "BK-040": "below",
    "CL-014": "below",
    "LD-026": "around",
    "LD-027": "above",
    "LD-028": "above",
    "LD-039": "around",
    "AC-001": "above",
}
SYMBOLS = {"below": "triangle-left", "above": "triangle-right", "around": "diamond"}


def test_a_share_stated_with_a_qualifier_is_marked_not_drawn_as_a_bar(built, figs):
    chart = _by_name(built)["prose_percentages"]
    bars, marked = set(), {}
    for trace in chart.figure.to_dict()["data"]:
        ids = [i for [i] in trace["customdata"]]
        if trace["type"] == "bar":
            bars |= set(ids)
        else:
            for i, text in zip(ids, trace["text"], strict=True):
                marked[i] = (trace["marker"]["symbol"], text)
    assert {i: symbol for i, (symbol, _) in marked.items()} == {i: SYMBOLS[d] for i, d in BOUNDED.items()}
    assert bars == set(chart.figure_ids) - set(BOUNDED) and "CL-015" in bars  # 46 %, stated exactly
    assert marked["CL-014"][1] == "just under half (< 50 %)"  # no bar reaches 50 for 'just under half'
    assert "CL-014 'just under half' (below 50 %)" in chart.caption


# --- 4. the written files ------------------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_write_all_ships_plotly_once_and_is_deterministic(
    built, figs, rebuilt, six, manifest, default_coding, tmp_path
):
    first, second = tmp_path / "first", tmp_path / "second"
    charts.write_all(built, first)
    charts.write_all(build_all(figs, rebuilt, six, manifest, default_coding), second)  # a fresh build

    bundle = get_plotlyjs()
    marker = bundle.lstrip("/* \n")[: len("plotly.js v")]
    assert marker == "plotly.js v" and "newPlot=" in bundle  # what marks an embedded plotly.js
    assert sorted(p.name for p in first.glob("*.js")) == [charts.PLOTLY_JS]
    assert (first / charts.PLOTLY_JS).read_text(encoding="utf-8") == bundle
    for chart in built:
        page = (first / f"{chart.name}.html").read_text(encoding="utf-8")
        assert re.search(r'<script[^>]*\ssrc="plotly\.min\.js"', page), chart.name
        assert len(page.encode()) < 100_000, chart.name
        assert "newPlot=" not in page and "plotly.js v" not in page, chart.name
        assert html.escape(chart.caption, quote=False) in page, chart.name
        assert (first / f"{chart.name}.plotly.json").is_file(), chart.name

    written = _snapshot(first)
    assert written == _snapshot(second)
    charts.write_all(built, first)  # again, into the same folder
    assert _snapshot(first) == written

    text = (first / "captions.csv").read_text(encoding="utf-8")
    assert len(list(csv.reader(io.StringIO(text, newline="")))) == len(built) + 1  # header + one row per chart
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["chart"] for r in rows] == [c.name for c in built]
    assert [r["caption"] for r in rows] == [c.caption for c in built]
    assert [r["figure_ids"].split() for r in rows] == [[*c.figure_ids, *c.title_ids] for c in built]
    assert list(rows[0]) == charts.CAPTION_FIELDS


# --- 5. the committed charts are fresh -----------------------------------------------------------


def test_committed_charts_are_what_the_code_makes_of_the_data(built, tmp_path):
    charts.write_all(built, tmp_path)
    for name in sorted(p.name for p in tmp_path.iterdir()):
        committed = FIGURES_DIR / name
        assert committed.is_file(), f"reports/figures/{name} is missing: run make"
        assert committed.read_bytes() == (tmp_path / name).read_bytes(), f"reports/figures/{name} is stale: run make"


def test_no_committed_chart_is_left_over(built):
    """Every chart file in reports/figures is listed in a captions file (a chart no longer built is not)."""
    listed = set()
    for captions in FIGURES_DIR.glob("captions*.csv"):
        with captions.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                listed |= {row["html"], row["chart"] + ".plotly.json"}
    assert {f"{c.name}.html" for c in built} <= listed
    files = {p.name for pattern in ("*.html", "*.plotly.json") for p in FIGURES_DIR.glob(pattern)}
    assert sorted(files - listed) == [], "charts no longer built are left in reports/figures: remove them"
