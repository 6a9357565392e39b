"""The seminar's printable handouts: one PDF of 2 to 4 A4 pages per case-study city (key figures with their
ids, the main claims quoted, the audit's verdicts and findings, one or two charts, the sources), and one for
the whole seminar (the six cities side by side, the findings).

Each handout is an HTML page written here with A4 ``@page`` CSS, printed to PDF by headless Chromium (the
browser the chart export already needs) through playwright. Chromium was chosen over a Sphinx PDF builder
(LaTeX: a TeX installation of several hundred MB, and tables that overflow) and Typst (a new toolchain and a
second layout language): it lays tables and images out as the site does, with the same fonts, and is
already installed. Chromium stamps each PDF with the time it was printed and a random document id; the
PDF is then rewritten by pypdf with fixed metadata and an id derived from its content
(``deterministic_pdf``), so two builds give the same bytes. Charts are the PNG copies of
``reports/figures``, embedded as they are; figure ids are text (a link in a PDF would carry the
machine's path).
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
from collections.abc import Callable
from pathlib import Path

from citydip.core.sources import NOT_STATED
from citydip.kit.content import PUBLIC_HEADER, City, Finding, emphasis_parts, png
from citydip.kit.errors import KitError
from citydip.site.data import ChartRef

PAGES = (2, 4)  # a city's handout: at least, at most
EMPTY = "—"  # a cell of the seminar's side-by-side table where the six-city table has no row
PDF_DATE = "D:20000101000000Z"  # every handout's creation and modification date (the real one varies)
CSS = """@page { size: A4; margin: 14mm 13mm 16mm 13mm; }
body { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 9pt; line-height: 1.3; color: #111; }
h1 { font-size: 17pt; margin: 0 0 2pt 0; }
h2 { font-size: 11.5pt; margin: 10pt 0 4pt 0; border-bottom: 1pt solid #444; break-after: avoid; }
h2 + * { break-before: avoid; }
p.lead { color: #444; margin-top: 0; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; }
th, td { border-bottom: 0.5pt solid #bbb; padding: 1.5pt 3pt; text-align: left; vertical-align: top; }
th { background: #eee; } tr { break-inside: avoid; }
blockquote { margin: 3pt 0 5pt 10pt; padding-left: 6pt; border-left: 2pt solid #999; font-style: italic; }
blockquote em { font-style: normal; }
.id { font-family: "DejaVu Sans Mono", monospace; font-size: 7.5pt; white-space: nowrap; }
figure { margin: 6pt 0; break-inside: avoid; } figure img { max-width: 100%; max-height: 90mm; }
figcaption { font-size: 7.5pt; color: #333; break-before: avoid; }
p.sources { font-size: 7.5pt; } p.sources .src { white-space: nowrap; }
li { break-inside: avoid; } .small { font-size: 7.5pt; }
.dense ul { padding-left: 12pt; margin: 2pt 0; } .dense li { font-size: 8pt; line-height: 1.2; margin-bottom: 1.5pt; }
"""
FOOTER = (
    '<div style="font-size:7pt; width:100%; text-align:center; color:#555;">{title} · page '
    '<span class="pageNumber"></span> of <span class="totalPages"></span></div>'
)


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def ids(values) -> str:
    return ", ".join(f'<span class="id">{esc(i)}</span>' for i in values) or esc(NOT_STATED)


def quote_html(quote: str) -> str:
    """A quote as HTML: escaped, with the document's own emphasis as <em> (upright inside the italic quote)."""
    return "".join(f"<em>{esc(t)}</em>" if em else esc(t) for t, em in emphasis_parts(quote))


def table(header: list[str], rows: list[list[str]]) -> str:
    """An HTML table; cells must already be HTML (escaped)."""
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def page(title: str, body: str) -> str:
    head = f'<meta charset="utf-8"><title>{esc(title)}</title><style>{CSS}</style>'
    return f'<!DOCTYPE html><html lang="en"><head>{head}</head><body>{body}</body></html>'


def chart_html(chart: ChartRef) -> str:
    """A chart's PNG, embedded, with its caption and figure ids."""
    path = png(chart)
    if path is None:
        return ""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    rest = [i for i in chart.figure_ids if i not in chart.caption]  # the ids the caption does not spell out
    caption = f"<b>{esc(chart.title)}.</b> {esc(chart.caption)}" + (f" Figures: {ids(rest)}." if rest else "")
    image = f'<img src="data:image/png;base64,{data}" alt="{esc(chart.title)}">'
    return f"<figure>{image}<figcaption>{caption}</figcaption></figure>"


def public_html(c: City) -> list[str]:
    """The city's figures against the public record (none where no link concerns them), and each tolerance's reason."""
    if not c.public:
        return []
    rows = [[ids([r.figure_id]), esc(r.stated), esc(r.reference), esc(r.ratio or EMPTY), f"<i>{esc(r.verdict)}</i>"]
            for r in c.public]  # fmt: skip
    tolerances = list(dict.fromkeys(r.tolerance for r in c.public if r.tolerance))
    note = "Reference values are computed from published statistics, never what a document says. Tolerance: "
    return [
        "<h2>Against the public record</h2>",
        table(PUBLIC_HEADER, rows),
        f'<p class="small">{esc(note + "; ".join(tolerances))}</p>' if tolerances else "",
    ]


def findings_html(findings: list[Finding]) -> str:
    if not findings:
        return "<p><i>No finding of the audit's register concerns this city.</i></p>"
    items = "".join(
        f"<li><b>{esc(f.finding_id)}</b> ({esc(f.check)}; {esc(f.status)}): {esc(f.explanation)} "
        f"Figures: {ids(x.figure_id for x in f.figures)}.</li>"
        for f in findings
    )
    return f"<ul>{items}</ul>"


def sources_html(figures) -> str:
    """Where each figure is stated, per document as the site names it, line by line: 'Ledna (2019): line 396:
    LD-037, LD-038 · line 440: LD-306'. One running paragraph a document: no columns to collide, no page
    left for a few lines."""
    lines: dict[str, dict[int, list[str]]] = {}
    for f in figures:
        lines.setdefault(f.document, {}).setdefault(f.line, []).append(f.figure_id)
    return "".join(
        f'<p class="sources"><b>{esc(doc)}</b>: '
        + " · ".join(f'<span class="src">line {n}: {ids(found)}</span>' for n, found in sorted(by_line.items()))
        + "</p>"
        for doc, by_line in sorted(lines.items())
    )


def city_html(c: City, charts: int, version: str) -> str:
    """The handout of one city, with its first ``charts`` charts that have a PNG copy."""
    key = [
        [esc(r["measure"]), esc(r["period"]), esc(r["value"]), esc(r["origin"]), esc(r["basis"]), ids(r["ids"])]
        for r in c.key_rows
    ]
    claims = (
        "".join(
            f"<p><b>{esc(p['topic'])}</b> · {esc(p['point_id'])} · {esc(p['document'])}</p>"
            f"<blockquote>{quote_html(p['quote'])}</blockquote>"
            + (f'<p class="small">Figures: {ids(p["figures"])}.</p>' if p["figures"] else "")
            for p in c.claims
        )
        or "<p><i>No strategic point is registered for this city.</i></p>"
    )
    verdicts = [
        [ids([f.figure_id]), esc(f.measure), esc(f.period), esc(f.stated), f"<i>{esc(f.verdict)}</i>"]
        for f in c.figures
    ]
    shown = [h for h in (chart_html(ch) for ch in c.charts) if h][:charts]
    sources = sources_html(c.figures)
    body = [
        f"<h1>{esc(c.name)}</h1>",
        f'<p class="lead">Seminar handout · a case-study city of {esc(c.document)} · '
        f"city diplomacy compendium {esc(version)}. "
        "Every value is as the compendium's files state it; figure ids refer to the site's Sources appendix.</p>",
        "<h2>Key figures</h2>",
        table(["measure", "period", "value", "origin", "basis", "figures"], key)
        if key
        else f"<p><i>{esc(NOT_STATED)}</i></p>",
        "<h2>Main claims, quoted</h2>",
        claims,
        "<h2>Audit verdicts</h2>",
        table(["figure", "measure", "period", "as stated", "verdict"], verdicts),
        *public_html(c),
        "<h2>Audit findings</h2>",
        findings_html(c.findings),
    ]
    if shown:
        body += ["<h2>Charts</h2>", *shown]
    body += [
        "<h2>Sources</h2>",
        f'<p class="small">Where each figure is stated (the site\'s Sources appendix quotes it):</p>{sources}',
    ]
    return page(f"{c.name}: seminar handout", "\n".join(body))


def side_by_side(cities: list[City]) -> str:
    """The six cities as columns: for each measure, every period's first stated value with its ids ('—' where
    the six-city table has no value; 'none' in the findings row for a city no finding concerns)."""
    measures = ["population", "GDP", "GDP per capita", "population: annualised growth", "GDP: annualised growth"]
    rows = [["document", *[esc(c.document) for c in cities]]]
    for m in measures:
        cells = []
        for c in cities:
            seen: dict[str, dict] = {}
            for r in c.key_rows:
                if r["measure"] == m and r["period"] not in seen and (r["ids"] or r["value"] != NOT_STATED):
                    seen[r["period"]] = r
            cells.append(
                "<br>".join(f"{esc(r['value'])} ({esc(r['period'])}) {ids(r['ids'])}" for r in seen.values()) or EMPTY
            )
        rows.append([esc(m), *cells])
    rows.append(["findings", *[", ".join(ids([f.finding_id]) for f in c.findings) or "none" for c in cities]])
    return table(["", *[c.name for c in cities]], rows)


def other_findings(cities: list[City], findings: list[Finding]) -> list[Finding]:
    """The findings the cities' row cites that are not among ``findings`` (the source discrepancies), in the
    order they are first cited: so that every finding id of the seminar handout is explained on it."""
    listed = {f.finding_id for f in findings}
    cited = {f.finding_id: f for c in cities for f in c.findings if f.finding_id not in listed}
    return list(cited.values())


def seminar_html(cities: list[City], findings: list[Finding], version: str) -> str:
    body = [
        "<h1>City diplomacy: the seminar</h1>",
        f'<p class="lead">The {len(cities)} case-study cities side by side, and the audit\'s findings · '
        f"compendium {esc(version)}. For each measure, each period's first value in the six-city table; figure ids "
        "refer to the site's Sources appendix.</p>",
        "<h2>The cities side by side</h2>",
        side_by_side(cities),
        f"<h2>The audit's findings ({len(findings)} source discrepancies)</h2>",
        f'<div class="dense">{findings_html(findings)}</div>',
    ]
    others = other_findings(cities, findings)
    if others:
        kinds = ", ".join(dict.fromkeys(f.check for f in others))
        body += [
            f"<h2>Other findings cited above ({len(others)}: {esc(kinds)})</h2>",
            f'<div class="dense">{findings_html(others)}</div>',
        ]
    return page("City diplomacy: seminar handout", "\n".join(body))


def deterministic_pdf(data: bytes, title: str) -> bytes:
    """The PDF with fixed metadata and a document id derived from its pages, not from the clock."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.metadata = {
        "/Title": title,
        "/Producer": "citydip.kit (Chromium, pypdf)",
        "/CreationDate": PDF_DATE,
        "/ModDate": PDF_DATE,
    }
    digest = hashlib.md5(b"".join(p.get_contents().get_data() for p in writer.pages if p.get_contents())).digest()
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])  # the trailer's /ID
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


class Printer:
    """Headless Chromium (playwright, the system's browser) printing HTML pages to A4 PDFs."""

    def __init__(self, browser: str):
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=browser, args=["--no-sandbox"])

    def pdf(self, text: str, title: str) -> bytes:
        page = self._browser.new_page()
        try:
            page.set_content(text, wait_until="load")
            raw = page.pdf(
                format="A4", print_background=True, prefer_css_page_size=True, display_header_footer=True,
                header_template="<span></span>", footer_template=FOOTER.format(title=esc(title)),
            )  # fmt: skip
        finally:
            page.close()
        return deterministic_pdf(raw, title)

    def close(self) -> None:
        self._browser.close()
        self._pw.stop()


def build(
    cities: list[City], findings: list[Finding], out: Path, printer: Printer, version: str, say: Callable
) -> dict[str, int]:
    """Print every handout into ``out``; the page count of each. A city's handout outside PAGES stops it."""
    counts = {}
    for c in cities:
        path = out / f"{c.slug}.pdf"
        for charts in (2, 1, 0):  # fewer charts if the handout runs over PAGES[1]
            path.write_bytes(printer.pdf(city_html(c, charts, version), f"{c.name}: seminar handout"))
            counts[path.name] = page_count(path)
            if counts[path.name] <= PAGES[1]:
                break
        if not PAGES[0] <= counts[path.name] <= PAGES[1]:
            raise KitError(
                f"handout {c.slug}.pdf has {counts[path.name]} pages; expected {PAGES[0]} to {PAGES[1]} A4 pages"
            )
    path = out / "seminar.pdf"
    path.write_bytes(printer.pdf(seminar_html(cities, findings, version), "City diplomacy: seminar handout"))
    counts[path.name] = page_count(path)
    say(f"kit: handouts: {', '.join(f'{k} ({v} pages)' for k, v in counts.items())}")
    return counts
