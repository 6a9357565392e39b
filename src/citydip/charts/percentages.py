"""Charts of stated percentages: the survey results of Ledna's lost figures, and the shares stated in the prose.

A share stated exactly is drawn as a bar; a share stated with a qualifier ("just under half") as a
marker at the stated value, on the side its qualifier's reading gives.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from citydip.charts.common import Chart, layout, source_line
from citydip.core.errors import InputError
from citydip.core.figures import decimal
from citydip.core.qualifiers import reading
from citydip.core.text import wrap

# --- survey results and other percentages given in the prose ------------------------------------


MARKERS = {
    "below": ("triangle-left", "<", "below"),
    "above": ("triangle-right", ">", "above"),
    "around": ("diamond", "≈", "around"),
}
"""How a share stated with a qualifier is drawn: a marker at the stated value, pointing where the text puts it
(the qualifier's reading in ``citydip.core.qualifiers.QUALIFIERS``); no bar is drawn up to a value the text does
not state."""


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
        wrap(f"{e}: {m} [{i}]" if label == "" else f"{m} [{i}]", 64)
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
    height = max(340, 44 * len(rows) + 220)  # Chart widens it to a landscape page
    source = source_line(documents, label, ids) + (f"; title from {', '.join(title_ids)}" if title_ids else "")
    layout(fig, title, source, height=height)
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
