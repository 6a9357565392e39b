"""The public-record check as a reader sees it: one row per link (what the text says, what the
public record gives, their ratio or difference, the verdict), the reference values with their
formulas (as ``data/processed/reference_values.csv`` holds them), and a chart of stated against reference values.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import plotly.graph_objects as go

from citydip.audit.display import num, stated
from citydip.audit.model import PUBLIC_RECORD
from citydip.audit.result import AuditResult
from citydip.charts.common import COLORS, Chart, layout, log_ticks

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


def _nearest(figure: pd.Series, mine: pd.DataFrame) -> str:
    if mine.empty:
        return "no reference series"
    stated_value = Decimal(figure["base_value"] or 0)
    best = min(mine.itertuples(), key=lambda r: abs(Decimal(r.reference_value) - stated_value))
    shown = Decimal(best.reference_value)
    if figure["base_unit"] == "share":
        text = f"{num(shown * 100, 2)}%"
    elif figure["base_unit"] in ("year", "count"):
        text = num(shown, 0, grouping=figure["base_unit"] != "year")
    else:
        text = f"{num(shown, 0)} {figure['base_unit']}"
    return f"{text} ({best.year})"


def ratio_chart(result: AuditResult) -> Chart:
    """Stated / reference for the case-study cities' populations and the economies the thesis compares them with."""
    table, refs = result.table(), reference_values(result)
    checks = table[table["check"] == PUBLIC_RECORD].set_index("concerns")
    points = []
    for link in result.public.links if result.public else []:
        figure = result.figures.loc[link.figure_id]
        mine = refs[refs["link_id"] == link.link_id]
        if figure["measure"] not in CHARTED or mine.empty or not figure["base_value"]:
            continue
        ref = min((Decimal(v) for v in mine["reference_value"]), key=lambda v: abs(v - Decimal(figure["base_value"])))
        ratio = float(Decimal(figure["base_value"]) / ref)
        period = figure["period"] if len(figure["period"]) < 20 else "year not stated"
        label = f"{figure['entity']}, {figure['measure']} {period} ({link.figure_id})".replace("  ", " ")
        points.append((label, ratio, checks.loc[link.link_id, "verdict"], link.figure_id, float(link.tolerance)))
    off = [p for p in points if not 0.4 <= p[1] <= 2.5]
    points = [p for p in points if p not in off]
    fig = go.Figure()
    for verdict, color in (("consistent", COLORS["2010"]), ("discrepancy", COLORS["2025 (projected)"])):
        mine = [p for p in points if p[2] == verdict]
        fig.add_trace(go.Scatter(
            x=[p[1] for p in mine], y=[p[0] for p in mine], mode="markers", name=verdict,
            marker={"color": color, "size": 10}, customdata=[[p[3], p[4]] for p in mine],
            hovertemplate="%{y}<br>stated / reference = %{x:.3f}<br>tolerance ±%{customdata[1]}"
            "<extra>%{customdata[0]}</extra>",
        ))  # fmt: skip
    fig.add_vline(x=1, line_dash="dot", line_color="grey")
    fig.update_xaxes(**log_ticks([0.4, 2.5], pad=0), title="stated value / reference value (log scale; 1 = the same)")
    source = (
        "Source: the documents (figure ids in the hover); reference: WUP 2018 File 12, World Bank GDP "
        "(data/processed/reference_values.csv)"
    )
    layout(fig, "Stated against reference: city populations and the economies compared", source,
           height=max(420, 26 * len(points) + 160))  # fmt: skip
    ids = [p[3] for p in points]
    note = "; ".join(f"off the scale: {p[3]} (stated / reference = {p[1]:.2g}, {p[2]})" for p in off)
    return Chart("audit_public_record", "Stated against reference values", fig, ids, ["the public record"], note)
