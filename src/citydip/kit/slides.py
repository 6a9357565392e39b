"""The seminar's reveal.js decks, built by Sphinx with sphinx-revealjs (which ships reveal.js: nothing is
loaded from another host): one per case-study city, one per published comparison, one on the audit's
strongest discrepancies.

Each deck is a MyST page written here (``city_deck``, ``comparison_deck``, ``audit_deck``): a level-2
heading is a slide. Text from the documents and the data is escaped (:func:`citydip.site.markup.md`); each
figure id links to its entry in the site's Sources appendix (``reports/site/sources.html#fig-<id>``, with
:func:`citydip.site.markup.figure_link`); charts are the PNG copies of ``reports/figures`` as they are.
"""

from __future__ import annotations

import html
import shutil
from collections.abc import Sequence
from pathlib import Path

from citydip.core.sources import NOT_STATED
from citydip.kit.content import PUBLIC_HEADER, City, Comparison, Finding, emphasis_parts, png
from citydip.site.data import ChartRef
from citydip.site.markup import figure_links, linked_caption, md, table_md
from citydip.site.sphinx import run_sphinx

SLIDES = "kit/slides"  # the decks' folder, named from reports/ (as the links to site/sources are)
SOURCES = "site/sources"  # the site's Sources appendix, named from reports/
AUDIT_DECK = "audit"
ROWS_PER_SLIDE = 6  # of a table: a slide stays readable on a projector
CLAIMS_PER_SLIDE = 2
PUBLIC_ROWS_PER_SLIDE = 4
QUOTES_PER_FINDING = 2  # distinct quotes on a finding's slide
CONF = {
    "project": "City diplomacy: seminar decks",
    "extensions": ["myst_parser", "sphinx_revealjs"],
    "myst_all_links_external": True,  # every link is written as its final relative address
    "myst_heading_anchors": 0,
    "smartquotes": False,  # quotes are verbatim
    "revealjs_style_theme": "white",  # its fonts are shipped with reveal.js (some themes load web fonts)
    "revealjs_static_path": ["_static"],
    "revealjs_css_files": ["kit.css"],
    "revealjs_script_conf": {"controls": True, "progress": True, "hash": True, "center": False},
    "html_copy_source": False,
    "exclude_patterns": ["_build"],
    "suppress_warnings": ["toc.not_included"],  # each deck is a page of its own, in no toctree
}
CSS = """.reveal { font-size: 28px; }
.reveal table { font-size: 0.55em; }
.reveal table a { white-space: nowrap; }
.reveal blockquote { font-size: 0.8em; width: 90%; }
.reveal blockquote em { font-style: normal; }
.reveal .slides section { text-align: left; }
.reveal h1, .reveal h2, .reveal h3 { text-transform: none; }
.reveal p.kit-small, .reveal .kit-small p { font-size: 0.6em; }
.reveal img { max-height: 360px; }
.reveal .kit-small code { font-size: 0.9em; }
"""


def quote_md(quote: str) -> str:
    """A quote as MyST text: escaped, but with the document's own emphasis in italics."""
    return "".join(f"*{md(t)}*" if em else md(t) for t, em in emphasis_parts(quote))


def _ids(doc: str, ids: Sequence[str]) -> str:
    return figure_links(doc, list(ids), sources=SOURCES) if ids else md(NOT_STATED)


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def _titled(title: str, n: int, k: int) -> str:
    return f"## {md(title)}" + (f" ({k + 1}/{n})" if n > 1 else "")


def key_figures(doc: str, c: City) -> list[str]:
    """Slides of the city's rows of the six-city table, ROWS_PER_SLIDE a slide."""
    chunks = _chunks(c.key_rows, ROWS_PER_SLIDE)
    lines = []
    for k, chunk in enumerate(chunks):
        rows = [
            [md(r["measure"]), md(r["period"]), md(r["value"]), md(r["origin"]), _ids(doc, r["ids"])] for r in chunk
        ]
        body = table_md(["measure", "period", "value", "origin", "figures"], rows) if rows else f"*{md(NOT_STATED)}*"
        lines += [_titled(f"{c.name}: key figures", len(chunks), k), "", body, ""]
    return lines


def claims(doc: str, c: City) -> list[str]:
    """Slides of the city's strategic points, quoted, each followed by the figures its quote holds (linked)."""
    chunks = _chunks(c.claims, CLAIMS_PER_SLIDE)
    lines = []
    for k, chunk in enumerate(chunks):
        lines += [_titled(f"{c.name}: what the documents claim", len(chunks), k), ""]
        for p in chunk:
            lines += [
                f"**{md(p['topic'])}** · {md(p['point_id'])} · {md(p['document'])}",
                "",
                f"> {quote_md(p['quote'])}",
                "",
            ]
            if p["figures"]:
                # markdown inside a div of its own (MyST leaves markdown in a one-line HTML block as text)
                lines += ['<div class="kit-small">', "", f"Figures: {_ids(doc, p['figures'])}", "", "</div>", ""]
        if not chunk:
            lines += ["*No strategic point is registered for this city.*", ""]
    return lines


def verdicts(doc: str, c: City) -> list[str]:
    chunks = _chunks(c.figures, ROWS_PER_SLIDE)
    lines = []
    for k, chunk in enumerate(chunks):
        rows = [
            [_ids(doc, [f.figure_id]), md(f.measure), md(f.period), md(f.stated), f"*{md(f.verdict)}*"] for f in chunk
        ]
        body = table_md(["figure", "measure", "period", "as stated", "audit verdict"], rows) if rows else ""
        lines += [_titled(f"{c.name}: audit verdicts", len(chunks), k), "", body, ""]
    return lines


def public_record(doc: str, c: City) -> list[str]:
    """Slides of the city's figures against the public record: the nearest reference value of each link (computed
    from published statistics, never what a document says), the ratio, the verdict, and each tolerance's reason."""
    chunks = [] if not c.public else _chunks(c.public, PUBLIC_ROWS_PER_SLIDE)
    lines = []
    for k, chunk in enumerate(chunks):
        rows = [
            [_ids(doc, [r.figure_id]), md(r.stated), md(r.reference), md(r.ratio or "—"), f"*{md(r.verdict)}*"]
            for r in chunk
        ]
        header = PUBLIC_HEADER
        lines += [_titled(f"{c.name}: against the public record", len(chunks), k), "", table_md(header, rows), ""]
        tolerances = list(dict.fromkeys(r.tolerance for r in chunk if r.tolerance))
        if tolerances:
            lines += [
                '<div class="kit-small">',
                "",
                "Tolerance: " + "; ".join(md(t) for t in tolerances),
                "",
                "</div>",
                "",
            ]
    return lines


def quoted_once(figures: Sequence) -> list[tuple[str, str, int, list[str]]]:
    """The figures' quotes, each once: (quote, document, line, the ids of the figures it is the quote of)."""
    groups: dict[tuple[str, str, int], list[str]] = {}
    for fig in figures:
        groups.setdefault((fig.quote, fig.document, fig.line), []).append(fig.figure_id)
    return [(q, d, line, ids) for (q, d, line), ids in groups.items()]


def finding_slide(doc: str, f: Finding, title: str) -> list[str]:
    """One finding: what it says and its figures' quotes (a quote shared by several figures once); the
    audit's arithmetic on a vertical slide below it (reveal.js: down arrow), so that each fits the deck."""
    lines = [f"## {md(title)}", "", f"**{md(f.finding_id)}** ({md(f.check)}; {md(f.status)}): {md(f.explanation)}", ""]
    for quote, document, line, ids in quoted_once(f.figures)[:QUOTES_PER_FINDING]:
        lines += [f"> {quote_md(quote)}", "", f"— {_ids(doc, ids)}, {md(document)}, line {line}", ""]
    if f.arithmetic:
        lines += [f"### {md(f.finding_id)}: the audit's arithmetic", ""]
    for a in f.arithmetic:
        lines += [f'<p class="kit-small">Arithmetic: <code>{_html(a)}</code></p>', ""]
    return lines


def _html(text: str) -> str:
    return html.escape(text, quote=True)


def chart_slide(doc: str, chart: ChartRef, images: dict[str, str]) -> list[str]:
    """A chart's PNG (as it is in reports/figures) with its title, caption and linked figure ids."""
    lines = [f"## {md(chart.title)}", ""]
    if chart.name in images:
        lines += [f"![{md(chart.title)}]({images[chart.name]})", ""]
    else:
        lines += ["*No PNG copy of this chart was made (no Chromium-family browser when `make` ran).*", ""]
    lines += [
        '<div class="kit-small">',
        "",
        linked_caption(doc, chart.caption, list(chart.figure_ids), sources=SOURCES),
        "",
        "</div>",
        "",
    ]
    return lines


def city_deck(c: City, images: dict[str, str]) -> str:
    doc = f"{SLIDES}/{c.slug}"
    lines = [f"# {md(c.name)}", "", f"A case-study city of {md(c.document)}: its key figures, what the documents "
             "claim about it, the audit's verdicts and findings, and its charts. Each figure id links to its "
             "entry in the site's Sources appendix.", ""]  # fmt: skip
    lines += key_figures(doc, c) + claims(doc, c) + verdicts(doc, c) + public_record(doc, c)
    for f in c.findings:
        lines += finding_slide(doc, f, f"{c.name}: finding {f.finding_id}")
    if not c.findings:
        lines += [f"## {md(c.name)}: findings", "", "*No finding of the audit's register concerns this city.*", ""]
    for chart in c.charts:
        lines += chart_slide(doc, chart, images)
    return "\n".join(lines)


def comparison_deck(comp: Comparison, images: dict[str, str]) -> str:
    """Both cities' key figures and claims, the comparison's charts, the findings about either city (or a
    slide saying that none concerns their figures)."""
    a, b = comp.cities
    doc = f"{SLIDES}/compare-{comp.key}"
    source = md(a.document) if a.document == b.document else f"{md(a.document)} and {md(b.document)}"
    intro = (
        f"The published comparison of {md(a.name)} and {md(b.name)}, from {source}: their key figures, what the "
        "documents claim about them, the comparison's charts and the audit's findings about their figures."
    )
    lines = [f"# {md(a.name)} and {md(b.name)}", "", intro, ""]
    for c in comp.cities:
        lines += key_figures(doc, c)
    for c in comp.cities:
        lines += claims(doc, c)
    for chart in comp.charts:
        lines += chart_slide(doc, chart, images)
    found = {f.finding_id: (c, f) for c in reversed(comp.cities) for f in c.findings}
    for c, f in sorted(found.values(), key=lambda cf: comp.cities.index(cf[0])):
        lines += finding_slide(doc, f, f"{c.name}: finding {f.finding_id}")
    if not found:
        none = f"No finding of the audit's register concerns {md(a.name)}'s or {md(b.name)}'s figures."
        lines += [f"## {md(a.name)} and {md(b.name)}: findings", "", f"*{none}*", ""]
    return "\n".join(lines)


def audit_deck(findings: list[Finding]) -> str:
    doc = f"{SLIDES}/{AUDIT_DECK}"
    lines = ["# The audit's findings", "", f"The {len(findings)} findings of the register whose status is "
             "'source discrepancy': numbers of the documents that do not hold, each with its quote and the "
             "audit's arithmetic.", ""]  # fmt: skip
    for f in findings:
        lines += finding_slide(doc, f, f"{f.finding_id}: {f.check}")
    return "\n".join(lines)


def decks(cities: list[City], comparisons: list[Comparison], findings: list[Finding], images) -> dict[str, str]:
    """Every deck's MyST source by docname."""
    out = {c.slug: city_deck(c, images) for c in cities}
    out |= {f"compare-{comp.key}": comparison_deck(comp, images) for comp in comparisons}
    out[AUDIT_DECK] = audit_deck(findings)
    return out


def build(cities, comparisons, findings, src: Path, out: Path, work: Path, log: Path) -> list[str]:
    """Write the decks' sources into ``src`` and build them into ``out``; the decks' names."""
    charts = {ch.name: ch for c in cities for ch in c.charts} | {ch.name: ch for k in comparisons for ch in k.charts}
    (src / "_static").mkdir(parents=True, exist_ok=True)
    (src / "_static" / "kit.css").write_text(CSS, encoding="utf-8")
    images = {}
    for name, chart in sorted(charts.items()):
        path = png(chart)
        if path is not None:
            (src / "figures").mkdir(exist_ok=True)
            shutil.copyfile(path, src / "figures" / path.name)
            images[name] = f"figures/{path.name}"
    sources = decks(cities, comparisons, findings, images)
    for name, text in sources.items():
        (src / f"{name}.md").write_text(text, encoding="utf-8")
    toc = "\n".join(f"- [{md(name)}]({name}.html)" for name in sources)
    (src / "index.md").write_text(f"# Decks\n\n{toc}\n", encoding="utf-8")
    run_sphinx(src, out, work / "doctrees-slides", log, builder="revealjs", conf=CONF)
    # sphinx-revealjs copies every theme of reveal.js; some load web fonts from another host: only the
    # theme the decks use is kept (and the offline check reads every style sheet that is left).
    for theme in (out / "_static" / "revealjs" / "dist" / "theme").glob("*.css"):
        if theme.stem != CONF["revealjs_style_theme"]:
            theme.unlink()
    return list(sources)
