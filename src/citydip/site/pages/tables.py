"""The tables page (tables.md): each printed table as rebuilt, and the table of the case-study cities."""

from __future__ import annotations

from citydip.site.data import SiteData
from citydip.site.markup import (
    anchor,
    caption_block,
    figure_cell,
    figure_links,
    file_href,
    href,
    link,
    md,
    raw_anchor,
    split_ids,
    table_md,
)


def page_tables(data: SiteData) -> str:
    doc = "tables"
    lines = [
        "# Tables",
        "",
        "Each printed table as rebuilt from the registry (never from its transcription), and the table of the "
        "case-study cities. Under each title, its caption; every figure id, and every cell of a printed table, "
        f"links to its entry in the {link('Sources appendix', href(doc, 'sources'))} (a cell's hover gives its id), "
        "and from there to the line of the document that states it.",
        "",
    ]
    if any(p.docname == "notebooks/02_tables" for p in data.notebooks):
        lines += [
            f"Each cell compared with the print: {link('the tables notebook', href(doc, 'notebooks/02_tables'))}.",
            "",
        ]
    for table in data.tables:
        frame = table.frame
        lines += [f"## {md(table.title)}", "", raw_anchor(anchor("table", table.stem), "citydip-table"), ""]
        lines += caption_block(f"*{md(table.note)}* — figures: {figure_links(doc, table.figure_ids)}.")
        header = [md(c) for c in frame.columns]
        rows = []
        for i, (_, row) in enumerate(frame.iterrows()):
            cells = []
            for column in frame.columns:
                value, cell = row[column], table.cells.get((i, column))
                if column == "figure_ids":
                    cells.append(figure_links(doc, split_ids(value)))
                else:
                    cells.append(figure_cell(value, doc, cell) if cell else md(value))
            rows.append(cells)
        lines += [table_md(header, rows), "", "</div>", ""]
        lines += [
            f"Download: {link(f'{table.stem}.csv', file_href(doc, f'data/processed/tables/{table.stem}.csv'))}",
            "",
        ]
    return "\n".join(lines)
