"""What every chart of the compendium shares: the chart record, the house style, and how charts are written.

A chart family (the documents' tables, the survey percentages, the comparisons, the networks)
lives in a module of its own and builds :class:`Chart` objects with :func:`layout` and
:func:`source_line`; this module names the documents, writes the charts as offline HTML and
plotly JSON with a captions file, and shows them in a notebook.

Every plotted number is a registered figure: each point carries its figure id in
``customdata`` and each trace says in ``meta`` how the plotted value relates to the figure's
base value (``value_axis`` and ``scale``: plotted = base_value / scale) or, for a policy
heatmap, which coding turned the code into a score. ``tests/test_charts_documents.py`` checks every
point of every chart against the registry through these two fields.

Each chart has a caption naming its documents and figure ids; it is shown under the chart
in the notebook, written to ``reports/figures/captions.csv``, and printed (short form) in the
chart itself so that a PNG on a slide still says where its numbers come from.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from citydip.core import paths
from citydip.core.csvio import to_csv_text, write_if_changed
from citydip.core.sources import NOT_STATED
from citydip.stages import CAPTIONS, PLOTLY_JS

# Arial where it exists; Noto Sans CJK (Debian's fonts-noto-cjk, which .ci/run installs with Chromium) for
# the Japanese and Chinese of the documents' names and notes, which the Latin fonts have no glyphs for.
FONT = "Arial, Helvetica, 'Noto Sans CJK JP', 'Noto Sans CJK SC', sans-serif"
LANDSCAPE = 4 / 3
"""Every chart is at least this much wider than high (width / height), so that its PNG fills a 16:9 slide
better than a portrait one would: :class:`Chart` widens a chart that is narrower."""
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

    def __post_init__(self) -> None:
        landscape(self.figure)

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


def layout(fig: go.Figure, title: str, source: str, *, height: int = 460) -> go.Figure:
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


def landscape(fig: go.Figure) -> go.Figure:
    """Widen ``fig`` (in place) to at least LANDSCAPE times its height, in whole tens of pixels."""
    width, height = fig.layout.width or 900, fig.layout.height or 460
    if width < height * LANDSCAPE:
        fig.update_layout(width=int(math.ceil(height * LANDSCAPE / 10) * 10))
    return fig


def log_ticks(values: list[float], *, pad: float = 0.15) -> dict:
    """A log axis whose ticks read as numbers: 1, 2, 5, 10, 20, 50 ... spanning ``values``.

    Returns axis settings for ``update_yaxes``/``update_xaxes``: a range padded by ``pad`` decades
    on each side, and tick values on the 1-2-5 sequence within it (plotly's own log ticks label
    every minor tick, 2 3 4 ... 9, or only the powers of ten). A span of more than four decades
    keeps the powers of ten alone.
    """
    positive = [v for v in values if v > 0]
    if not positive:
        raise ValueError("a log axis needs at least one positive value")
    lo, hi = math.log10(min(positive)) - pad, math.log10(max(positive)) + pad
    steps = (1,) if hi - lo > 4 else (1, 2, 5)
    ticks = [
        m * 10.0**e
        for e in range(math.floor(lo), math.ceil(hi) + 1)
        for m in steps
        if lo <= math.log10(m * 10.0**e) <= hi
    ]
    return {
        "type": "log",
        "range": [lo, hi],
        "tickvals": ticks,
        "ticktext": [f"{t:,.10g}" for t in ticks],
        "minor": {"showgrid": False, "ticks": ""},
    }


def source_line(doc_names: list[str], label: str, ids: list[str]) -> str:
    """'Source: <documents>, <label>. Figure ids: <ids>', the subtitle line of a chart."""
    where = f", {label}" if label else ""
    return f"Source: {'; '.join(doc_names)}{where}. Figure ids: {short_ids(ids)}"


def html(chart: Chart) -> str:
    """A standalone page for the chart that loads plotly.js from the same folder (shipped once)."""
    page = pio.to_html(
        chart.figure, include_plotlyjs="directory", full_html=True, div_id=chart.name, config={"responsive": True}
    )
    caption = f'<p class="caption" style="font-family:{FONT};max-width:900px">{_escape(chart.caption)}</p>'
    return page.replace("</body>", f"{caption}\n</body>", 1)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_all(charts: list[Chart], out_dir: str | Path, captions: str = CAPTIONS) -> pd.DataFrame:
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
