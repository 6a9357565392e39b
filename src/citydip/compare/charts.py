"""The charts of a comparison of two cities (``notebooks/04_compare.ipynb``): their measures side by side.

The policy codes of the two cities are drawn by :func:`citydip.charts.policy.code_heatmap`.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from citydip.charts.common import COLORS, Chart, layout, source_line
from citydip.charts.policy import code_heatmap
from citydip.compare.comparison import Comparison
from citydip.core.figures import decimal
from citydip.core.sources import NOT_STATED

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
    layout(fig, title, source_line(doc_names, "", ids), height=520)
    fig.update_layout(barmode="group", width=1000)
    note = "GDP per capita is computed as GDP / population from the stated figures. Periods are as stated."
    return Chart(f"compare_{name}_measures", title, fig, ids, doc_names, note)


def charts_for(c: Comparison, long: pd.DataFrame, figures: pd.DataFrame, coding, doc_names: dict[str, str]):
    """The comparison's charts: paired bars, and the policy codes where Ledna gives them."""
    names = list(dict.fromkeys(doc_names[d] for d in (c.a.doc_id, c.b.doc_id)))
    out = [comparison_bars(c.name, [c.a.city, c.b.city], long, names)]
    coded = [city for city in (c.a.city, c.b.city) if (c.policy[city] != NOT_STATED).any()]
    if coded:
        matrix = pd.DataFrame({city: c.policy[city].str.split(" ").str[0] for city in coded}).set_index(
            c.policy["policy area"]
        )
        ids = [[cell.split("[")[1].rstrip("]") for cell in row] for row in c.policy[coded].to_numpy()]
        title = f"Policy areas in which {' and '.join(coded)} use metrodiplomacy (Ledna)"
        missing = [city for city in (c.a.city, c.b.city) if city not in coded]
        chart = code_heatmap(f"compare_{c.name}_policy", title, matrix, ids, coding, [doc_names["ledna"]], "")
        if missing:
            chart.note += f" {', '.join(missing)}: not stated in the sources."
        out.append(chart)
    return out
