"""The executed notebooks as the site shows them: each copied as committed, its code cells folded under a
toggle (``hide_code``), with a note cell after its title and its captions linked to the Sources appendix
(``notebook_copy``, ``link_captions``), and the Sphinx handler that shows raw HTML written in Markdown on
a notebook page as text (``markdown_html_as_text``, connected in site/conf.py).

No stored value is changed or removed (the figure ids in a table's cells become links to their
Sources entries, and read as before), and the notebooks are rendered, never executed.
"""

from __future__ import annotations

import json
import re

from citydip.core import paths
from citydip.site.data import PLOTLY_MIME, NotebookPage
from citydip.site.errors import SiteError
from citydip.site.markup import anchor, attr, caption_html, figure_links, href, link, linked_caption, md


def notebook_copy(page: NotebookPage, known: frozenset[str] | set[str] = frozenset()) -> str:
    """The executed notebook as committed, with one markdown cell after its title saying what it is, its
    captions linked (``link_captions``), and the figure ids ``known`` in its tables' cells linked
    (``link_cell_ids``).

    No stored value is changed or removed (a linked id still reads as the id); the notebook is
    rendered, never executed.
    """
    nb = json.loads(page.source.read_text(encoding="utf-8"))
    hide_code(nb)
    link_captions(page, nb)
    link_cell_ids(page, nb, known)
    rel = paths.relative(page.source) if page.source.is_absolute() else page.source.as_posix()
    shown = f"`{rel}`" if "`" not in rel else md(rel)  # a code span shows its text literally
    text = f"*This page shows {shown} as committed, with its stored outputs; the site never re-executes it."
    if page.charts or page.printed or page.tables:
        text += (
            " Every figure id in the captions of its charts and tables links to its entry in the "
            f"{link('Sources appendix', href(page.docname, 'sources'))}."
        )
    if page.charts_page:
        chart_page = link("the chart page", href(page.docname, page.charts_page))
        text += f" Its {page.n_charts} chart(s) are also on {chart_page}."
    if page.docname.endswith("02_tables"):
        text += f" The rebuilt tables on one page: {link('Tables', href(page.docname, 'tables'))}."
    text += "*"
    cell = {"cell_type": "markdown", "id": "citydip-site-note", "metadata": {}, "source": [text]}
    cells = nb.get("cells", [])
    at = 1 if cells and cells[0].get("cell_type") == "markdown" else 0
    nb["cells"] = [*cells[:at], cell, *cells[at:]]
    return json.dumps(nb, ensure_ascii=False, indent=1) + "\n"


HIDE_INPUT = "hide-input"
"""myst-nb's cell tag: the cell's code is folded under a "Show code cell source" toggle, its outputs shown."""


def hide_code(nb: dict) -> None:
    """Tag every code cell of ``nb`` ``hide-input`` (in place): on the site a notebook page shows its
    outputs, and each cell's code only when its toggle is opened. The cell's source is not changed."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            tags = cell.setdefault("metadata", {}).setdefault("tags", [])
            if HIDE_INPUT not in tags:
                tags.append(HIDE_INPUT)


_TD = re.compile(r"(<td[^>]*>)(.*?)(</td>)", re.DOTALL)
_FIGURE_ID = re.compile(r"(?<![\w-])([A-Z]{2}-[A-Z0-9]+(?:-[A-Z0-9]+)*)(?![\w-])")


def link_cell_ids(page: NotebookPage, nb: dict, known: frozenset[str] | set[str]) -> None:
    """In the HTML form of each stored table (pandas' ``<td>`` cells), every known figure id becomes a
    link to its Sources entry (in place): a comparison's row links its figures ("30 million [BK-063]")."""

    def cell(match: re.Match) -> str:
        def one(m: re.Match) -> str:
            fid = m.group(1)
            return (
                f'<a href="{attr(href(page.docname, "sources", anchor("fig", fid)))}">{fid}</a>'
                if fid in known
                else fid
            )

        return match.group(1) + _FIGURE_ID.sub(one, match.group(2)) + match.group(3)

    for c in nb.get("cells", []):
        for out in c.get("outputs", []):
            data = out.get("data", {})
            html = _joined(data.get("text/html", ""))
            if "<table" in html and (linked := _TD.sub(cell, html)) != html:
                data["text/html"] = linked.splitlines(keepends=True)  # stored as lines, as nbformat stores it


def _joined(value: object) -> str:
    """A notebook source or output text, stored as one string or a list of lines."""
    return value if isinstance(value, str) else "".join(value or [])


def link_captions(page: NotebookPage, nb: dict) -> None:
    """Give each caption of ``nb`` an HTML form with its figure ids linked to the appendix (in place).

    - The output after each plotly chart must be the chart's caption as its captions file has it
      (``*caption*``, Markdown); it gets a ``text/html`` form, which the site shows instead.
    - An output that starts with a printed table's title in bold (``**Figure 1: ...**``) gets one
      too, with the table's figure ids.
    - Under the table output of each cell that ``page.tables`` names (by its last line), a caption
      output is added: what the table is, and the ids of every figure it shows.

    Every text in these forms is escaped: a caption is always text. A notebook whose outputs do not
    match its captions file stops the build with one line (its outputs are stale: run make).
    """
    doc, where = page.docname, paths.relative(page.source)
    charts, wanted, done = list(page.charts), {t.cell: t for t in page.tables}, set()
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        outputs = cell.get("outputs", [])
        pending = None  # the chart whose caption the next output must be
        for out in outputs:
            data = out.get("data", {})
            markdown = _joined(data.get("text/markdown", ""))
            if pending is not None:
                if markdown != f"*{pending.caption}*":
                    raise SiteError(f"{where}: the output after chart {pending.name} is not its caption (run make)")
                text = linked_caption(doc, pending.caption, pending.figure_ids, as_html=True)
                data["text/html"] = caption_html(f"<em>{text}</em>")
                pending = None
            elif PLOTLY_MIME in data:
                if not charts:
                    raise SiteError(f"{where}: a chart that no captions file lists (run make)")
                pending = charts.pop(0)
            elif markdown:
                for table in page.printed:
                    head = f"**{table.title}**"
                    if markdown.startswith(head):
                        ids = figure_links(doc, table.figure_ids, as_html=True)
                        text = f"<strong>{attr(table.title)}</strong>{attr(markdown[len(head) :])} — figures: {ids}."
                        data["text/html"] = caption_html(text, anchor("table", table.stem))
                        break
        if pending is not None:
            raise SiteError(f"{where}: chart {pending.name} has no caption after it (run make)")
        lines = [line.strip() for line in _joined(cell.get("source", "")).splitlines() if line.strip()]
        table = wanted.get(lines[-1] if lines else "")
        if table is not None and table.cell not in done:
            if not any("text/html" in out.get("data", {}) for out in outputs):
                raise SiteError(f"{where}: the cell {table.cell!r} shows no table (run make)")
            text = f"{table.title} — figures: {', '.join(table.figure_ids)}."
            shown = f"{attr(table.title)} — figures: {figure_links(doc, table.figure_ids, as_html=True)}."
            data = {"text/html": caption_html(shown, anchor("table", table.key)), "text/plain": text}
            outputs.append({"data": data, "metadata": {}, "output_type": "display_data"})
            done.add(table.cell)
    if charts:
        raise SiteError(f"{where}: no chart output for {', '.join(c.name for c in charts)} (run make)")
    missing = [t.cell for t in page.tables if t.cell not in done]
    if missing:
        raise SiteError(f"{where}: no cell ending in {', '.join(map(repr, missing))}: its table has no caption")


def markdown_html_as_text(app, doctree, docname: str) -> None:
    """Sphinx handler of 'doctree-resolved' (connected in site/conf.py): on a notebook page, raw HTML
    that comes from Markdown (a markdown cell, or a text/markdown output, which may quote a document)
    is shown as its text, never as markup, so a ``<script>`` there is not run. Only the notebook's HTML
    outputs stay HTML: pandas tables (which escape their cells), plotly charts, and the captions of
    ``link_captions`` (escaped)."""
    from docutils import nodes

    if not docname.startswith("notebooks/"):
        return
    for node in list(doctree.findall(nodes.raw)):
        if "html" not in node.get("format", "").split() or "output" in node.get("classes", []):
            continue
        text = nodes.Text(node.astext())
        inline = isinstance(node.parent, nodes.TextElement)
        node.replace_self(text if inline else nodes.paragraph("", "", text, classes=["citydip-raw-text"]))
