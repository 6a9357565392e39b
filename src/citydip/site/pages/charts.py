"""The chart pages (charts/<group>.md): one per captions file, each chart drawn from its plotly JSON
with its caption, and the chart's files to download."""

from __future__ import annotations

from citydip.site.data import ChartGroup, SiteData, read_figure
from citydip.site.markup import anchor, attr, caption_block, file_href, href, link, linked_caption, md, script_json

NO_STATIC = (
    "*No PNG or SVG copy of this chart was present when the site was built: they are made by `make` "
    "where a Chromium-family browser is installed.*"
)


def page_chart_group(data: SiteData, group: ChartGroup) -> str:
    doc = group.page
    lines = [
        f"# Charts: {md(group.title)}",
        "",
        "Each chart is drawn from its data file (`reports/figures/<chart>.plotly.json`); hover over a point to "
        "see its figure id. Under each chart, its caption: every figure id links to its entry in the "
        f"{link('Sources appendix', href(doc, 'sources'))}.",
        "",
    ]
    if any(p.docname == group.notebook for p in data.notebooks):
        notebook = link("the notebook page", href(doc, group.notebook))
        lines[2] += f" The same charts, as the notebook shows them: {notebook}."
    for chart in group.charts:
        figure = read_figure(chart.figure_json)
        layout = dict(figure.get("layout", {}))
        height = layout.get("height", 450)  # plotly's default height
        layout.pop("width", None)  # fit the page; the charts are responsive
        lines += [
            f"## {md(chart.title)}",
            "",
            f'<div class="citydip-chart" id="{attr(anchor("chart", chart.name))}">'
            f'<div id="{attr(chart.name)}" class="plotly-graph-div" style="height:{int(height)}px; width:100%;"></div>'
            f"<script>Plotly.newPlot({script_json(chart.name)}, {script_json(figure.get('data', []))}, "
            f'{script_json(layout)}, {{"responsive": true}});</script></div>',
            "",
            *caption_block(f"*{linked_caption(doc, chart.caption, chart.figure_ids)}*"),
        ]
        files = [link(p.suffix[1:].upper(), file_href(doc, f"figures/{p.name}")) for p in (chart.png, chart.svg) if p]
        files.append(link("plotly JSON", file_href(doc, f"figures/{chart.figure_json.name}")))
        lines += ["Download: " + " · ".join(files), ""]
        if chart.png is None:
            lines += [NO_STATIC, ""]
    return "\n".join(lines)
