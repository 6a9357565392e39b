"""The public-record check as a reader sees it: one row per link (what the text says, what the
public record gives, their ratio or difference, the verdict), the reference values with their
formulas (as ``data/processed/reference_values.csv`` holds them), and a chart of stated against reference values.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
import plotly.graph_objects as go

from citydip.audit.display import num, stated
from citydip.audit.model import PUBLIC_RECORD
from citydip.audit.result import AuditResult
from citydip.charts.common import COLORS, Chart, layout

CHARTED = ("population", "GDP", "GDP (by comparison with another economy)")


def reference_values(result: AuditResult) -> pd.DataFrame:
    """Every reference value the audit compared (link, figure, year, value), as the reference stage wrote them."""
    rows = []
    if result.public is not None:
        for link in result.public.links:
            for v in result.public.values.get(link.link_id, []):
                rows.append([link.link_id, link.figure_id, str(v.year), str(v.value), v.formula, v.series])
    return pd.DataFrame(rows, columns=["link_id", "figure_id", "year", "reference_value", "formula", "series"])


def public_record_table(result: AuditResult) -> pd.DataFrame:
    """One row per link: the figure as stated, the nearest reference value, the verdict and why."""
    table = result.table()
    checks = table[table["check"] == PUBLIC_RECORD].set_index("concerns")
    refs = reference_values(result)
    rows = []
    for link in result.public.links if result.public else []:
        figure, row = result.figures.loc[link.figure_id], checks.loc[link.link_id]
        mine = refs[refs["link_id"] == link.link_id]
        rows.append(
            {
                "link": link.link_id,
                "figure": link.figure_id,
                "entity": figure["entity"],
                "measure": figure["measure"],
                "period": figure["period"],
                "stated": stated(figure),
                "reference (computed from the public record)": _nearest(figure, mine),
                "dataset": link.dataset,
                "verdict": row["verdict"],
                "explanation": row["explanation"],
            }
        )
    return pd.DataFrame(rows)


def nearest(figure: pd.Series, mine: pd.DataFrame):
    """The row of ``mine`` (reference values of one link: ``year``, ``reference_value`` ...) nearest to the
    figure's base value, or None where there is none."""
    mine = mine[mine["reference_value"] != ""]
    if mine.empty:
        return None
    stated_value = Decimal(figure["base_value"] or 0)
    return min(mine.itertuples(), key=lambda r: abs(Decimal(r.reference_value) - stated_value))


def reference_text(figure: pd.Series, value: str) -> str:
    """A reference value in the figure's base unit as a reader reads it: '68.36%', '33', '37,256,109 people'."""
    shown = Decimal(value)
    if figure["base_unit"] == "share":
        return f"{num(shown * 100, 2)}%"
    if figure["base_unit"] in ("year", "count"):
        return num(shown, 0, grouping=figure["base_unit"] != "year")
    return f"{num(shown, 0)} {figure['base_unit']}"


def _nearest(figure: pd.Series, mine: pd.DataFrame) -> str:
    best = nearest(figure, mine)
    return "no reference series" if best is None else f"{reference_text(figure, best.reference_value)} ({best.year})"


@dataclass
class Point:
    """One row of the chart: a stated value (one or more figures stating it) over its nearest reference value."""

    label: str
    ratio: float
    verdict: str
    ids: list[str]
    tolerance: float  # a share of the reference value, either side

    @property
    def y(self) -> str:
        return f"{self.label} <span style='color:#666'>({', '.join(self.ids)})</span>"


def ratio_points(result: AuditResult) -> list[Point]:
    """The charted links, one point per stated value: a figure of a table and the prose figure that states the
    same entity, measure, period and value (e.g. LD-F09-01 and LD-357) share a row, with both ids."""
    table, refs = result.table(), reference_values(result)
    checks = table[table["check"] == PUBLIC_RECORD].set_index("concerns")
    points: dict[tuple, Point] = {}
    for link in result.public.links if result.public else []:
        figure = result.figures.loc[link.figure_id]
        mine = refs[refs["link_id"] == link.link_id]
        if figure["measure"] not in CHARTED or mine.empty or not figure["base_value"]:
            continue
        value = Decimal(figure["base_value"])
        ref = min((Decimal(v) for v in mine["reference_value"]), key=lambda v: abs(v - value))
        if not ref:
            continue  # no ratio to a reference of 0
        verdict, ratio = checks.loc[link.link_id, "verdict"], float(value / ref)
        period = figure["period"] if 0 < len(figure["period"]) < 20 else "year not stated"
        measure = "GDP (stated by comparison)" if figure["measure"] == CHARTED[2] else figure["measure"]
        label = ", ".join(part for part in (figure["entity"], measure, period) if part)
        key = (label, value, ref, verdict, link.tolerance)
        if key in points:
            points[key].ids.append(link.figure_id)
        else:
            points[key] = Point(label, ratio, verdict, [link.figure_id], float(link.tolerance))
    return list(points.values())


def ratio_chart(result: AuditResult) -> Chart:
    """Stated / reference for the case-study cities' populations and the economies the thesis compares them with:
    a dot per stated value with its ratio written beside it, on a grey bar for the tolerance of its link."""
    points = ratio_points(result)
    off = [p for p in points if not 0.4 <= p.ratio <= 2.5]
    points = [p for p in points if p not in off]
    if not points:
        raise ValueError("no linked figure of the charted measures has a reference value: nothing to chart")
    fig = go.Figure()
    band_x, band_y = [], []
    for p in points:
        band_x += [1 - p.tolerance, 1 + p.tolerance, None]
        band_y += [p.y, p.y, None]
    fig.add_trace(go.Scatter(
        x=band_x, y=band_y, mode="lines", name="tolerance of the link (either side of the reference)",
        line={"color": "#d9d9d9", "width": 12}, hoverinfo="skip",
    ))  # fmt: skip
    for verdict, color in (("consistent", COLORS["2010"]), ("discrepancy", COLORS["2025 (projected)"])):
        mine = [p for p in points if p.verdict == verdict]
        fig.add_trace(go.Scatter(
            x=[p.ratio for p in mine], y=[p.y for p in mine], mode="markers+text", name=verdict,
            text=[f"{p.ratio:.2f}" for p in mine], textposition="middle right", textfont={"size": 14},
            marker={"color": color, "size": 13}, customdata=[[", ".join(p.ids), p.tolerance] for p in mine],
            hovertemplate="%{y}<br>stated / reference = %{x:.3f}<br>tolerance ±%{customdata[1]}"
            "<extra>%{customdata[0]}</extra>",
        ))  # fmt: skip
    fig.add_vline(x=1, line_dash="dot", line_color="grey")
    # A linear axis: a tolerance is a share of the reference either side, a bar symmetric about 1 on it.
    lo = min(min(p.ratio, 1 - p.tolerance) for p in points) - 0.05
    hi = max(max(p.ratio, 1 + p.tolerance) for p in points) + 0.05
    fig.update_xaxes(range=[lo, hi], dtick=0.1, title="stated value / reference value (1 = the same)")
    # Each row's label above its bar, from the left edge (not as tick labels beside it): the plot keeps the
    # figure's whole width on a narrow page or a slide.
    fig.update_yaxes(autorange="reversed", showticklabels=False)
    for p in points:
        fig.add_annotation(x=0, xref="paper", y=p.y, yshift=19, text=p.y, showarrow=False, xanchor="left",
                           font={"size": 15})  # fmt: skip
    source = (
        "Source: the documents (figure ids in each row's label); reference: UN WUP 2018 File 12 (agglomerations), "
        "World Bank GDP (data/processed/reference_values.csv)"
    )
    layout(fig, "Stated figures against the public record: populations and GDP", source,
           height=max(460, 52 * len(points) + 220))  # fmt: skip
    fig.update_layout(font={"size": 16}, margin={"l": 20, "r": 30, "t": 110, "b": 60}, legend={"y": -0.1},
                      title_subtitle_font_size=13)  # fmt: skip
    ids = [i for p in points for i in p.ids]
    note = "; ".join(
        f"off the scale: {', '.join(p.ids)} (stated / reference = {p.ratio:.2g}, {p.verdict})" for p in off
    )
    return Chart("audit_public_record", "Stated against reference values", fig, ids, ["the public record"], note)
