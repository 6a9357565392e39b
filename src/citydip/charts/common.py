"""Plotly charts of the documents' tables and survey results, each traceable to its figures.

Every plotted number is a registered figure: each point carries its figure id in
``customdata`` and each trace says in ``meta`` how the plotted value relates to the figure's
base value (``value_axis`` and ``scale``: plotted = base_value / scale) or, for a policy
heatmap, which coding turned the code into a score. ``tests/test_charts.py`` checks every
point of every chart against the registry through these two fields.

Each chart has a caption naming its documents and figure ids; it is shown under the chart
in the notebook, written to ``reports/figures/captions.csv``, and printed (short form) in the
chart itself so that a PNG on a slide still says where its numbers come from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs
from plotly.subplots import make_subplots

from citydip.audit.engine import reading
from citydip.core import paths
from citydip.core.csvio import to_csv_text, write_if_changed
from citydip.core.errors import InputError
from citydip.core.figures import decimal
from citydip.core.sources import NOT_STATED
from citydip.core.text import wrap
from citydip.tables.coding import Coding, score
from citydip.tables.printed import TableSpec, TablesResult, policy_matrix, table_figures

PLOTLY_JS = "plotly.min.js"
FONT = "Arial, Helvetica, sans-serif"
CAPTION_FIELDS = ["chart", "title", "caption", "documents", "figure_ids", "html", "png", "svg"]
COLORS = {"2010": "#4C78A8", "2025 (projected)": "#F58518"}
# The house style of every chart. As plotly's default template it is applied, already validated,
# when a figure is made; passed to update_layout, plotly validated a deep copy of it for each
# chart (about 25 ms a chart). The figure's JSON is the same either way.
pio.templates.default = "plotly_white"


@dataclass
class Chart:
    """One chart: its file stem, title, the figures and documents it draws on, and the figure."""

    name: str
    title: str
    figure: go.Figure
    figure_ids: list[str]  # the figures plotted
    documents: list[str]
    note: str = ""
    extra: dict = field(default_factory=dict)
    title_ids: list[str] = field(default_factory=list)  # figures whose values the title states (not plotted)

    @property
    def caption(self) -> str:
        text = f"{self.title}. Source: {'; '.join(self.documents)}. Figures: {', '.join(self.figure_ids)}."
        if self.title_ids:
            text += f" Title from: {', '.join(self.title_ids)}."
        return f"{text} {self.note}" if self.note else text


def document_names(figures: pd.DataFrame, sources: pd.DataFrame) -> dict[str, str]:
    """'Ledna (2019)', 'Beukman (year not stated in the sources)' ... from the manifest.

    The name is the first author's surname (the last word of the first of the ``;``-separated
    authors). A document whose authors are not stated is named by its title, in quotes.
    """
    names = {}
    for _, row in sources.iterrows():
        first = row["authors"].split(";")[0].split()
        name = first[-1] if first else f"“{row['title'].strip() or row['doc_id']}”"
        names[row["doc_id"]] = f"{name} ({row['year'] or 'year ' + NOT_STATED})"
    return names


def short_ids(ids: list[str]) -> str:
    """A compact id list for the caption printed inside a chart: all ids up to 6, else first-last."""
    return ", ".join(ids) if len(ids) <= 6 else f"{ids[0]} … {ids[-1]} ({len(ids)} figures)"


def _layout(fig: go.Figure, title: str, source: str, *, height: int = 460) -> go.Figure:
    """Common look; the source line is the title's subtitle, so that every export carries it."""
    fig.update_layout(
        title={
            "text": title,
            "x": 0.01,
            "xanchor": "left",
            "subtitle": {"text": source, "font": {"size": 11, "color": "#555"}},
        },
        font={"family": FONT, "size": 13},
        height=height,
        width=900,
        margin={"l": 80, "r": 30, "t": 110, "b": 60},
        legend={"orientation": "h", "y": -0.12, "x": 0},
    )
    return fig


def _source_line(doc_names: list[str], label: str, ids: list[str]) -> str:
    where = f", {label}" if label else ""
    return f"Source: {'; '.join(doc_names)}{where}. Figure ids: {short_ids(ids)}"


# --- Ledna's population and economy tables -------------------------------------------------------


def population_economy_chart(spec: TableSpec, figures: pd.DataFrame, doc_name: str) -> Chart:
    """Population and GDP in 2010 and 2025 (projected) for the city of one of Ledna's data tables."""
    mine = table_figures(figures, spec)
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Population (million people)", "GDP (billion USD)"))
    ids = []
    for col, measure, scale in ((1, "population", 1_000_000), (2, "GDP", 1_000_000_000)):
        rows = mine[mine["measure"] == measure]
        ids.extend(rows["figure_id"])
        fig.add_trace(
            go.Bar(
                x=list(rows["period"]),
                y=[float(decimal(v) / scale) for v in rows["base_value"]],
                text=list(rows["value"]),
                textposition="outside",
                customdata=[[i] for i in rows["figure_id"]],
                hovertemplate="%{x}: %{text} (%{customdata[0]})<extra></extra>",
                marker_color=[COLORS.get(p, "#888") for p in rows["period"]],
                meta={"value_axis": "y", "scale": scale},
                name=measure,
                showlegend=False,
            ),
            row=1,
            col=col,
        )
    city = mine["entity"].iloc[0]
    title = f"{city}: population and GDP, 2010 and 2025 (projected) — {spec.label}"
    _layout(fig, title, _source_line([doc_name], spec.label, ids))
    fig.update_yaxes(rangemode="tozero")
    return Chart(f"{spec.doc_id}_figure_{spec.label.split()[-1].zfill(2)}", title, fig, ids, [doc_name])


# --- policy matrices -----------------------------------------------------------------------------


def code_heatmap(
    name: str, title: str, matrix: pd.DataFrame, ids: list[list[str]], coding: Coding, documents: list[str], label: str
) -> Chart:
    """Policy codes as a heatmap: colour = score under ``coding``, text = the code, hover = figure id.

    ``matrix``: index = policy area, columns = cities, cells = codes; ``ids``: the figure id of
    each cell, in the same shape.
    """
    scored = score(matrix, coding)
    z = [[None if pd.isna(v) else float(v) for v in row] for row in scored.to_numpy()]
    values = [s for s in coding.scores.values() if s is not None]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(matrix.columns),
            y=list(matrix.index),
            text=matrix.to_numpy().tolist(),
            texttemplate="%{text}",
            textfont={"size": 18},
            customdata=ids,
            hovertemplate="%{y} — %{x}: %{text} (score %{z}; %{customdata})<extra></extra>",
            colorscale="Blues",
            zmin=min(values),
            zmax=max(values),
            colorbar={"title": {"text": "score"}},
            meta={"value_axis": "z", "coding": coding.describe()},
            xgap=2,
            ygap=2,
        )
    )
    flat = [i for row in ids for i in row]
    legend = "Codes: + relies on metrodiplomacy, 0 neutral reliance, - no reliance, ? not clear (blank colour)"
    source = f"{_source_line(documents, label, flat)}<br>{legend}.<br>Colour: score under {coding.describe()}"
    _layout(fig, title, source, height=420 if len(matrix.columns) > 1 else 400)
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(margin={"l": 280, "t": 140})
    note = f"Colour: score under the coding {coding.describe()}; the printed code is written in each cell."
    return Chart(name, title, fig, flat, documents, note)


def policy_heatmap(
    spec: TableSpec, table: pd.DataFrame, figures: pd.DataFrame, coding: Coding, doc_name: str, ids: list[list[str]]
) -> Chart:
    """The policy codes of one of Ledna's rebuilt tables as a heatmap."""
    name = f"{spec.doc_id}_figure_{spec.label.split()[-1].zfill(2)}"
    chart = code_heatmap(
        name, f"{spec.caption} — {spec.label}", policy_matrix(table), ids, coding, [doc_name], spec.label
    )
    if spec.derived_from:
        chart.note += f" Rebuilt from {', '.join(spec.derived_from)}."
    return chart


def _cell_ids(spec: TableSpec, specs: list[TableSpec], figures: pd.DataFrame) -> list[list[str]]:
    """Figure ids of each cell of a policy table (for a derived table: of its source tables)."""
    by_label = {s.label: s for s in specs if s.doc_id == spec.doc_id}
    sources = [by_label[label] for label in spec.derived_from] or [spec]
    columns = [table_figures(figures, s)["figure_id"].tolist() for s in sources]
    if len(sources) == 1:
        mine = table_figures(figures, spec)
        width = mine["column"].nunique()
        flat = mine["figure_id"].tolist()
        return [flat[i : i + width] for i in range(0, len(flat), width)]
    return [list(row) for row in zip(*columns, strict=True)]


# --- across the six cities -----------------------------------------------------------------------


def population_vs_gdp(long: pd.DataFrame, figures: pd.DataFrame, doc_names: dict[str, str]) -> Chart:
    """Each city's population against its GDP, at each period for which both are stated."""
    per_capita = long[(long["measure"] == "GDP per capita") & (long["origin"] == "computed")]
    fig = go.Figure()
    ids, docs = [], []
    for period, group in per_capita.groupby("period", sort=True):
        xs, ys, labels, custom = [], [], [], []
        for _, row in group.iterrows():
            gdp_id, pop_id = (i.strip() for i in row["figure_ids"].split(";"))
            gdp, pop = figures.loc[gdp_id], figures.loc[pop_id]
            xs.append(float(decimal(pop["base_value"]) / 1_000_000))
            ys.append(float(decimal(gdp["base_value"]) / 1_000_000_000))
            labels.append(row["city"])
            custom.append([pop_id, gdp_id])
            ids.extend([pop_id, gdp_id])
            docs.append(doc_names[row["doc_id"]])
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="markers+text",
                text=labels,
                textposition="top center",
                customdata=custom,
                name=period,
                marker={"size": 12},
                hovertemplate="%{text}: %{x} million people (%{customdata[0]}), %{y} billion USD (%{customdata[1]})"
                "<extra>" + period + "</extra>",
                meta={"x": {"scale": 1_000_000}, "y": {"scale": 1_000_000_000}},
            )
        )
    documents = list(dict.fromkeys(docs))
    title = "Population and GDP of the six case-study cities, as stated"
    _layout(fig, title, _source_line(documents, "", ids), height=520)
    fig.update_xaxes(title="population (million people, log scale)", type="log")
    fig.update_yaxes(title="GDP (billion USD, log scale)", type="log")
    note = (
        "Cape Town and Tokyo: Beukman states no year for these figures, and Cape Town's population is "
        "'almost 4 million'. Ledna's values are the printed table cells."
    )
    return Chart("six_cities_population_vs_gdp", title, fig, ids, documents, note)


def gdp_2010_2025(figures: pd.DataFrame, specs: list[TableSpec], doc_names: dict[str, str]) -> Chart:
    """GDP in 2010 and projected for 2025 for Ledna's four cities, from their printed tables."""
    fig = go.Figure()
    ids, docs = [], []
    cells = pd.concat([table_figures(figures, s) for s in specs if s.kind == "population_economy"])
    gdp = cells[cells["measure"] == "GDP"]
    for period, group in gdp.groupby("period", sort=True):
        fig.add_trace(
            go.Bar(
                x=list(group["entity"]),
                y=[float(decimal(v) / 1_000_000_000) for v in group["base_value"]],
                text=list(group["value"]),
                textposition="outside",
                customdata=[[i] for i in group["figure_id"]],
                hovertemplate="%{x}, " + period + ": %{text} billion USD (%{customdata[0]})<extra></extra>",
                name=period,
                marker_color=COLORS.get(period, "#888"),
                meta={"value_axis": "y", "scale": 1_000_000_000},
            )
        )
        ids.extend(group["figure_id"])
        docs.extend(doc_names[d] for d in group["doc_id"])
    documents = list(dict.fromkeys(docs))
    labels = ", ".join(s.label for s in specs if s.kind == "population_economy")
    title = "GDP in 2010 and projected for 2025 (billion USD)"
    _layout(fig, title, _source_line(documents, labels, ids))
    fig.update_layout(barmode="group")
    fig.update_yaxes(title="billion USD", rangemode="tozero")
    return Chart("ledna_gdp_2010_2025", title, fig, sorted(ids), documents)


# --- survey results and other percentages given in the prose ------------------------------------


MARKERS = {
    "below": ("triangle-left", "<", "below"),
    "above": ("triangle-right", ">", "above"),
    "around": ("diamond", "≈", "around"),
}
"""How a share stated with a qualifier is drawn: a marker at the stated value, pointing where the text puts it
(the qualifier's reading in ``citydip.audit.QUALIFIERS``); no bar is drawn up to a value the text does not state."""


def percentage_bars(
    name: str,
    title: str,
    rows: pd.DataFrame,
    doc_names: dict[str, str],
    *,
    label: str = "",
    note: str = "",
    title_ids: tuple[str, ...] = (),
) -> Chart:
    """Stated percentages on a 0-100 scale, one row per figure, labelled by measure.

    A share stated exactly is a bar. A share stated as below, above or around a value ("just
    under half", "more than half", "about 8%") is a marker at that value, its symbol and label
    saying which side of it the share lies, and the caption lists these bounds.
    """
    names = [
        wrap(f"{e}: {m} [{i}]" if label == "" else f"{m} [{i}]")
        for m, e, i in zip(rows["measure"], rows["entity"], rows["figure_id"], strict=True)
    ]
    directions = [reading(f).direction for _, f in rows.iterrows()]
    fig = go.Figure()
    bounds = []
    for kind in ("exact", *MARKERS):
        picked = [i for i, d in enumerate(directions) if d == kind]
        if not picked:
            continue
        part = rows.iloc[picked]
        plotted = [float(decimal(v) * 100) for v in part["base_value"]]
        stated = [f"{q + ' ' if q else ''}{v}" for q, v in zip(part["qualifier"], part["value"], strict=True)]
        common = {
            "y": [names[i] for i in picked],
            "x": plotted,
            "customdata": [[i] for i in part["figure_id"]],
            "meta": {"value_axis": "x", "scale": 0.01},
        }
        if kind == "exact":
            fig.add_trace(
                go.Bar(
                    **common,
                    orientation="h",
                    text=stated,
                    textposition="outside",
                    hovertemplate="%{y}: %{x} percent (%{customdata[0]})<extra></extra>",
                    marker_color="#4C78A8",
                    name="stated exactly",
                )
            )
            continue
        symbol, sign, words = MARKERS[kind]
        fig.add_trace(
            go.Scatter(
                **common,
                mode="markers+text",
                text=[f"{t} ({sign} {x:g} %)" for t, x in zip(stated, plotted, strict=True)],
                textposition="middle right",
                hovertemplate=f"%{{y}}: {words} %{{x}} percent (%{{customdata[0]}})<extra></extra>",
                marker={"symbol": symbol, "size": 14, "color": "#F58518"},
                name=f"stated as {words} the value marked",
            )
        )
        bounds += [f"{i} '{t}' ({words} {x:g} %)" for i, t, x in zip(part["figure_id"], stated, plotted, strict=True)]
    ids = list(rows["figure_id"])
    documents = list(dict.fromkeys(doc_names[d] for d in rows["doc_id"]))
    height = max(340, 62 * len(rows) + 200)
    source = _source_line(documents, label, ids) + (f"; title from {', '.join(title_ids)}" if title_ids else "")
    _layout(fig, title, source, height=height)
    fig.update_xaxes(range=[0, 125], title="percent", tickvals=[0, 25, 50, 75, 100])
    fig.update_yaxes(autorange="reversed", automargin=True, categoryorder="array", categoryarray=names)
    fig.update_layout(margin={"l": 40}, showlegend=bool(bounds))
    if bounds:
        marked = (
            "A share stated with a qualifier is marked at the stated value, not drawn as a bar up to it: "
            "◀ below it, ▶ above it, ◆ around it, as the text says: " + "; ".join(bounds) + "."
        )
        note = f"{note} {marked}".strip()
    return Chart(name, title, fig, ids, documents, note, title_ids=list(title_ids))


SURVEY_CHARTS = (
    # name, Ledna's lost figure, the question it showed, the figure ids whose percentages it showed,
    # the figures giving the survey's year and sample size (stated in the title), note
    (
        "ledna_figure_02",
        "Figure 2",
        "Cities reporting a dedicated international engagement plan?",
        ("LD-310",),
        ("LD-307", "LD-308"),
        "Ledna's Figure 2 image is lost; the text gives only this percentage, so no other category is drawn.",
    ),
    (
        "ledna_figure_05",
        "Figure 5",
        "City participation in international city networks?",
        ("LD-339", "LD-340"),
        ("LD-338", "LD-308"),
        "Ledna's Figure 5 image is lost; the text gives these two percentages and says no city answered no.",
    ),
)
SURVEY_FACTS = ("survey year", "sample size (cities)")
"""The measures of the figures a survey chart's title states, in the order SURVEY_CHARTS lists them."""


def survey_title(question: str, plotted: pd.DataFrame, facts: pd.DataFrame) -> str:
    """'<question> (<year> survey of <n> cities)', year and n from the survey's registered figures.

    ``facts`` are the survey-year and sample-size figures, in that order; each must be a figure
    of the survey the plotted percentages come from.
    """
    survey = set(plotted["entity"])
    for (_, fact), measure in zip(facts.iterrows(), SURVEY_FACTS, strict=True):
        if fact["measure"] != measure or {fact["entity"]} != survey:
            raise InputError(
                "data/processed/figures.csv",
                f"{fact['figure_id']} is '{fact['measure']}' of {fact['entity']!r}",
                where=f"chart title '{question}'",
                expected=f"the {measure} of {', '.join(sorted(survey))}",
            )
    year, sample = (f"{decimal(v):f}" for v in facts["base_value"])
    return f"{question} ({year} survey of {sample} cities)"


def survey_charts(figures: pd.DataFrame, doc_names: dict[str, str]) -> list[Chart]:
    charts = []
    for name, label, question, ids, facts, note in SURVEY_CHARTS:
        rows = figures.loc[list(ids)]
        title = survey_title(question, rows, figures.loc[list(facts)])
        charts.append(
            percentage_bars(name, title, rows, doc_names, label=label + " (image lost)", note=note, title_ids=facts)
        )
    return charts


def prose_percentages(figures: pd.DataFrame, doc_names: dict[str, str]) -> Chart:
    """Every other share stated in the prose (survey results, population shares ...), as percentages."""
    surveyed = {i for _, _, _, ids, _, _ in SURVEY_CHARTS for i in ids}
    rows = figures[
        figures["base_unit"].eq("share")
        & figures["kind"].eq("text")
        & ~figures["measure"].str.startswith("GDP growth")
        & ~figures["figure_id"].isin(surveyed)
        & figures["base_value"].ne("")
    ]
    note = "Shares stated in words ('half', 'one in eight') are placed at the value of the words."
    return percentage_bars(
        "prose_percentages", "Other percentages and shares stated in the prose", rows, doc_names, note=note
    )


# --- all charts, written -------------------------------------------------------------------------


def build_all(
    figures: pd.DataFrame, tables: TablesResult, long: pd.DataFrame, sources: pd.DataFrame, coding: Coding
) -> list[Chart]:
    """Every chart of the compendium, in the order the notebook shows them."""
    names = document_names(figures, sources)
    charts = []
    for spec in tables.specs:
        table = tables.rebuilt[spec.table_id]
        if spec.kind == "population_economy":
            charts.append(population_economy_chart(spec, figures, names[spec.doc_id]))
        else:
            ids = _cell_ids(spec, tables.specs, figures)
            charts.append(policy_heatmap(spec, table, figures, coding, names[spec.doc_id], ids))
    charts.append(gdp_2010_2025(figures, tables.specs, names))
    charts.append(population_vs_gdp(long, figures, names))
    charts.extend(survey_charts(figures, names))
    charts.append(prose_percentages(figures, names))
    return charts


def html(chart: Chart) -> str:
    """A standalone page for the chart that loads plotly.js from the same folder (shipped once)."""
    page = pio.to_html(
        chart.figure, include_plotlyjs="directory", full_html=True, div_id=chart.name, config={"responsive": True}
    )
    caption = f'<p class="caption" style="font-family:{FONT};max-width:900px">{_escape(chart.caption)}</p>'
    return page.replace("</body>", f"{caption}\n</body>", 1)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_all(charts: list[Chart], out_dir: str | Path, captions: str = "captions.csv") -> pd.DataFrame:
    """Write each chart as HTML and plotly JSON (for the static export), plotly.js once, and the captions."""
    out = paths.output(out_dir)
    write_if_changed(out / PLOTLY_JS, get_plotlyjs())
    rows = []
    for chart in charts:
        write_if_changed(out / f"{chart.name}.html", html(chart))
        write_if_changed(out / f"{chart.name}.plotly.json", chart.figure.to_json(pretty=False) + "\n")
        rows.append(
            [
                chart.name,
                chart.title,
                chart.caption,
                "; ".join(chart.documents),
                " ".join([*chart.figure_ids, *chart.title_ids]),
                f"{chart.name}.html",
                f"{chart.name}.png",
                f"{chart.name}.svg",
            ]
        )
    write_if_changed(out / captions, to_csv_text(CAPTION_FIELDS, rows))
    return pd.DataFrame(rows, columns=CAPTION_FIELDS).set_index("chart")


class NotebookView:
    """How a chart shows in a notebook: plotly's own mime type (JupyterLab draws it) and HTML.

    The HTML calls ``Plotly.newPlot`` on a div named after the chart and does not embed
    plotly.js: a page that shows several charts loads plotly.js once. Both parts are
    deterministic, so nbval compares them.
    """

    def __init__(self, chart: Chart) -> None:
        self.chart = chart

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        fig = self.chart.figure
        return {
            "application/vnd.plotly.v1+json": {
                "data": fig.to_plotly_json()["data"],
                "layout": fig.to_plotly_json()["layout"],
                "config": {},
            },
            "text/html": pio.to_html(fig, include_plotlyjs=False, full_html=False, div_id=self.chart.name),
            "text/plain": f"<chart {self.chart.name}: {self.chart.title}>",
        }


def notebook_view(chart: Chart) -> NotebookView:
    """What the charts notebook displays for a chart."""
    return NotebookView(chart)


# --- comparisons of two cities -------------------------------------------------------------------

COMPARED = (  # measure in the six-city table, axis title, scale of the plotted value
    ("population", "population (million people)", 1_000_000),
    ("GDP", "GDP (billion USD)", 1_000_000_000),
    ("GDP per capita", "GDP per capita (USD, computed)", 1),
)


def comparison_bars(name: str, cities: list[str], long: pd.DataFrame, doc_names: list[str]) -> Chart:
    """Paired bars of population, GDP and GDP per capita of two cities, one bar per stated period.

    Stated values are the printed table cell where there is one (as in the six-city table);
    per capita is computed (GDP / population) and its hover says so. A panel whose values
    differ by more than 10x uses a log scale.
    """
    fig = make_subplots(rows=1, cols=len(COMPARED), subplot_titles=[title for _, title, _ in COMPARED])
    ids: list[str] = []
    for col, (measure, _, scale) in enumerate(COMPARED, start=1):
        rows = long[(long["measure"] == measure) & long["city"].isin(cities) & (long["base_value"] != "")]
        rows = rows[(rows["origin"] != "stated in the text") | ~rows.duplicated(["city", "period"], keep=False)]
        rows = rows.assign(_rank=rows["city"].map(cities.index)).sort_values(["period", "_rank"])
        values = [float(decimal(v) / scale) for v in rows["base_value"]]
        for period, group in rows.groupby("period", sort=True):
            fig.add_trace(
                go.Bar(
                    x=list(group["city"]),
                    y=[float(decimal(v) / scale) for v in group["base_value"]],
                    text=list(group["value"]),
                    textposition="outside",
                    customdata=[[i.strip() for i in cell.split(";")] for cell in group["figure_ids"]],
                    hovertemplate="%{x}, " + period + ": %{text} (%{customdata})<extra></extra>",
                    name=period,
                    legendgroup=period,
                    showlegend=col == 1,
                    marker_color=COLORS.get(period, "#54A24B"),
                    meta={
                        "value_axis": "y",
                        "scale": scale,
                        "computed": "GDP / population" if measure == "GDP per capita" else "",
                    },
                ),
                row=1,
                col=col,
            )
            ids.extend(i.strip() for cell in group["figure_ids"] for i in cell.split(";"))
        if values and max(values) / min(values) > 10:
            fig.update_yaxes(type="log", title_text="log scale", row=1, col=col)
        else:
            fig.update_yaxes(rangemode="tozero", row=1, col=col)
    ids = list(dict.fromkeys(ids))
    title = f"{cities[0]} and {cities[1]}: population, GDP and GDP per capita as stated"
    _layout(fig, title, _source_line(doc_names, "", ids), height=520)
    fig.update_layout(barmode="group", width=1000)
    note = "GDP per capita is computed as GDP / population from the stated figures. Periods are as stated."
    return Chart(f"compare_{name}_measures", title, fig, ids, doc_names, note)
