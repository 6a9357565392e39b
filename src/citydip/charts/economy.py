"""Charts of the population and GDP figures: Ledna's data tables, her four cities' GDP, the six cities.

Each chart draws its values from the registered figures (``figures.csv``), scaled to the unit its
axis names (million people, billion USD), with the figure ids in ``customdata``.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from citydip.charts.common import COLORS, Chart, layout, log_ticks, source_line
from citydip.core.figures import decimal
from citydip.core.qualifiers import reading
from citydip.tables.printed import TableSpec, table_figures

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
    layout(fig, title, source_line([doc_name], spec.label, ids))
    fig.update_yaxes(rangemode="tozero")
    return Chart(f"{spec.doc_id}_figure_{spec.label.split()[-1].zfill(2)}", title, fig, ids, [doc_name])


# --- across the six cities -----------------------------------------------------------------------


def population_vs_gdp(long: pd.DataFrame, figures: pd.DataFrame, doc_names: dict[str, str]) -> Chart:
    """Each city's population against its GDP, at each period for which both are stated."""
    per_capita = long[(long["measure"] == "GDP per capita") & (long["origin"] == "computed")]
    fig = go.Figure()
    ids, docs = [], []
    for period, group in per_capita.groupby("period", sort=True):
        xs, ys, labels, custom, symbols = [], [], [], [], []
        for _, row in group.iterrows():
            gdp_id, pop_id = (i.strip() for i in row["figure_ids"].split(";"))
            gdp, pop = figures.loc[gdp_id], figures.loc[pop_id]
            xs.append(float(decimal(pop["base_value"]) / 1_000_000))
            ys.append(float(decimal(gdp["base_value"]) / 1_000_000_000))
            labels.append(row["city"])
            custom.append([pop_id, gdp_id])
            symbols.append(point_symbol(pop, gdp))
            ids.extend([pop_id, gdp_id])
            docs.append(doc_names[row["doc_id"]])
        order = sorted(range(len(xs)), key=lambda i: symbols[i] != "circle")  # the legend shows the first marker
        xs, ys, labels, custom, symbols = ([values[i] for i in order] for values in (xs, ys, labels, custom, symbols))
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="markers+text",
                text=labels,
                textposition="top center",
                customdata=custom,
                name=period,
                marker={"size": 12, "symbol": symbols},
                hovertemplate="%{text}: %{x} million people (%{customdata[0]}), %{y} billion USD (%{customdata[1]})"
                "<extra>" + period + "</extra>",
                meta={"x": {"scale": 1_000_000}, "y": {"scale": 1_000_000_000}},
            )
        )
    documents = list(dict.fromkeys(docs))
    title = "Population and GDP of the six case-study cities, as stated"
    layout(fig, title, source_line(documents, "", ids), height=520)
    xs = [x for trace in fig.data for x in trace.x]
    ys = [y for trace in fig.data for y in trace.y]
    fig.update_xaxes(title="population (million people, log scale)", **log_ticks(xs))
    fig.update_yaxes(title="GDP (billion USD, log scale)", **log_ticks(ys))
    note = (
        "Cape Town and Tokyo: Beukman states no year for these figures, and Cape Town's population is "
        "'almost 4 million', drawn as a triangle pointing left (below the value marked). Ledna's values are the "
        "printed table cells."
    )
    return Chart("six_cities_population_vs_gdp", title, fig, ids, documents, note)


POINT_SYMBOLS = {
    ("below", "exact"): "triangle-left",
    ("above", "exact"): "triangle-right",
    ("exact", "below"): "triangle-down",
    ("exact", "above"): "triangle-up",
    ("exact", "exact"): "circle",
}


def point_symbol(population: pd.Series, gdp: pd.Series) -> str:
    """A city's marker: a dot, or a triangle pointing to the side where a qualifier puts the value
    (left for a population stated as 'almost', down for such a GDP); a diamond where both are qualified
    or a qualifier says 'about'."""
    return POINT_SYMBOLS.get((reading(population).direction, reading(gdp).direction), "diamond")


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
    layout(fig, title, source_line(documents, labels, ids))
    fig.update_layout(barmode="group")
    fig.update_yaxes(title="billion USD", rangemode="tozero")
    return Chart("ledna_gdp_2010_2025", title, fig, sorted(ids), documents)
