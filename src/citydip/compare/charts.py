"""The charts of a comparison of two cities (``notebooks/04_compare.ipynb``): their measures side by side.

The policy codes of the two cities are drawn by :func:`citydip.charts.policy.code_heatmap`.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from citydip.charts.common import COLORS, Chart, layout, log_ticks, source_line
from citydip.charts.policy import code_heatmap
from citydip.compare.comparison import Comparison
from citydip.core.figures import decimal
from citydip.core.qualifiers import reading
from citydip.core.sources import NOT_STATED

COMPARED = (  # measure in the six-city table, axis title, scale of the plotted value
    ("population", "population (million people)", 1_000_000),
    ("GDP", "GDP (billion USD)", 1_000_000_000),
    ("GDP per capita", "GDP per capita (USD, computed)", 1),
)
LOG_ABOVE = 10
"""A panel whose largest value is more than this many times its smallest has a log axis."""
SYMBOLS = {"exact": "circle", "below": "triangle-down", "above": "triangle-up", "around": "diamond"}
"""A value's marker: a dot where it is stated exactly; where it is stated with a qualifier ("almost
4 million"), a triangle pointing to the side of the value on which the text puts it, or a diamond
for "about" (the qualifier's reading, ``citydip.core.qualifiers``); a computed value whose inputs
are qualified is approximate (a diamond), as the six-city table says ("about")."""


def direction(row: pd.Series, figures: pd.DataFrame) -> str:
    """Where the true value lies against the plotted one: exact, below, above or around."""
    ids = [i.strip() for i in row["figure_ids"].split(";")]
    readings = [reading(figures.loc[i]).direction for i in ids if i in figures.index]
    if len(ids) == 1 and readings:
        return readings[0]
    return "exact" if all(r == "exact" for r in readings) else "around"


def _exact_first(group: pd.DataFrame, figures: pd.DataFrame | None) -> pd.DataFrame:
    """The rows of one trace with the values stated without a qualifier first: plotly draws a trace's legend
    entry with its first point's marker, which must be the plain circle, not a qualifier's triangle."""
    if figures is None:
        return group
    exact = [direction(r, figures) == "exact" for _, r in group.iterrows()]
    return group.iloc[sorted(range(len(group)), key=lambda i: not exact[i])]


def _panel_rows(long: pd.DataFrame, measure: str, cities: list[str]) -> pd.DataFrame:
    rows = long[(long["measure"] == measure) & long["city"].isin(cities) & (long["base_value"] != "")]
    rows = rows[(rows["origin"] != "stated in the text") | ~rows.duplicated(["city", "period"], keep=False)]
    return rows.assign(_rank=rows["city"].map(cities.index)).sort_values(["period", "_rank"])


def comparison_dots(
    name: str, cities: list[str], long: pd.DataFrame, doc_names: list[str], figures: pd.DataFrame | None = None
) -> Chart:
    """Population, GDP and GDP per capita of two cities side by side, a marker per stated period.

    Stated values are the printed table cell where there is one (as in the six-city table);
    per capita is computed (GDP / population) and its hover says so. Values are dots, never bars:
    a panel whose values differ by more than LOG_ABOVE times has a log axis (ticks 1, 2, 5, 10 ...),
    on which a bar's length would not be its value, and its title states the ratio. A value stated
    with a qualifier is a marker pointing to its side (SYMBOLS); ``figures`` gives the qualifiers.
    """
    fig = make_subplots(rows=1, cols=len(COMPARED), subplot_titles=[title for _, title, _ in COMPARED])
    ids: list[str] = []
    for col, (measure, axis_title, scale) in enumerate(COMPARED, start=1):
        rows = _panel_rows(long, measure, cities)
        values = [float(decimal(v) / scale) for v in rows["base_value"]]
        for period, unordered in rows.groupby("period", sort=True):
            group = _exact_first(unordered, figures)  # the legend shows the first point's marker
            kinds = [direction(r, figures) if figures is not None else "exact" for _, r in group.iterrows()]
            fig.add_trace(
                go.Scatter(
                    x=list(group["city"]),
                    y=[float(decimal(v) / scale) for v in group["base_value"]],
                    mode="markers+text",
                    text=list(group["value"]),
                    textposition="middle right",
                    customdata=[[i.strip() for i in cell.split(";")] for cell in group["figure_ids"]],
                    hovertemplate="%{x}, " + period + ": %{text} (%{customdata})<extra></extra>",
                    name=period,
                    legendgroup=period,
                    showlegend=col == 1,
                    marker={"size": 14, "color": COLORS.get(period, "#54A24B"), "symbol": [SYMBOLS[k] for k in kinds]},
                    meta={
                        "value_axis": "y",
                        "scale": scale,
                        "computed": "GDP / population" if measure == "GDP per capita" else "",
                        "directions": kinds,
                    },
                ),
                row=1,
                col=col,
            )
            ids.extend(i.strip() for cell in group["figure_ids"] for i in cell.split(";"))
        _value_axis(fig, col, values, axis_title)
    ids = list(dict.fromkeys(ids))
    title = f"{cities[0]} and {cities[1]}: population, GDP and GDP per capita as stated"
    layout(fig, title, source_line(doc_names, "", ids), height=560)
    fig.update_layout(width=1280, scattermode="group", margin={"b": 80})
    fig.update_xaxes(range=[-0.5, 2.7], categoryorder="array", categoryarray=list(cities))  # room for the values
    note = (
        "GDP per capita is computed as GDP / population from the stated figures. Periods are as stated. "
        "A value stated with a qualifier is a triangle pointing to its side (▼ below, ▲ above) or a diamond "
        "(about); a panel whose values differ by more than ten times has a log axis, its ratio in its title."
    )
    return Chart(f"compare_{name}_measures", title, fig, ids, doc_names, note)


def _value_axis(fig: go.Figure, col: int, values: list[float], axis_title: str) -> None:
    """The value axis of panel ``col``: from zero, or a log axis with readable ticks and the ratio stated."""
    if values and max(values) / min(values) > LOG_ABOVE:
        fig.update_yaxes(**log_ticks(values), title_text="log scale", row=1, col=col)
        ratio = max(values) / min(values)
        fig.layout.annotations[col - 1].text = f"{axis_title}<br>largest / smallest = {ratio:.1f} (log scale)"
    else:
        top = max(values) * 1.15 if values else 1
        fig.update_yaxes(range=[0, top], row=1, col=col)


def charts_for(c: Comparison, long: pd.DataFrame, figures: pd.DataFrame, coding, doc_names: dict[str, str]):
    """The comparison's charts: paired bars, and the policy codes where Ledna gives them."""
    names = list(dict.fromkeys(doc_names[d] for d in (c.a.doc_id, c.b.doc_id)))
    out = [comparison_dots(c.name, [c.a.city, c.b.city], long, names, figures)]
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
