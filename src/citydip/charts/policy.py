"""Heatmaps of policy codes (+ 0 - ?): Ledna's policy tables, and any matrix of codes (the comparisons).

The colour of a cell is its code's score under a :class:`~citydip.tables.coding.Coding`, the text
is the code as printed, and the hover names the figure id of the cell.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from citydip.charts.common import Chart, layout, source_line
from citydip.tables.coding import Coding, score
from citydip.tables.printed import TableSpec, policy_matrix, table_figures

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
    source = f"{source_line(documents, label, flat)}<br>{legend}.<br>Colour: score under {coding.describe()}"
    layout(fig, title, source, height=420 if len(matrix.columns) > 1 else 400)
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


def cell_ids(spec: TableSpec, specs: list[TableSpec], figures: pd.DataFrame) -> list[list[str]]:
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
