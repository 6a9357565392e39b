"""The seminar site: the compendium as an offline HTML book (Sphinx + myst-nb + sphinx-book-theme).

``python -m citydip.site [--out reports/site]`` writes the page sources to a scratch folder
(``build/site-src``): the Sphinx configuration of ``site/``, pages generated here from the data
(overview, seminar guide, charts, tables, audit, Sources appendix), and copies of the committed
executed notebooks, which are rendered as they are and never executed. Sphinx then builds the
HTML into a temporary folder next to ``--out``, which replaces ``--out`` only once the build and
its checks have passed: a failure leaves the previous site, never a half-built one.

Provenance: every figure of ``data/processed/figures.csv`` has an entry in the Sources appendix
with a stable anchor ``fig-<figure id>`` (its quote, document, line, audit verdict, and links to
each table and chart that uses it), and every chart and table caption written here links each of
its figure ids to that entry. Text from the documents and the data is escaped (every ASCII
punctuation character backslash-escaped in MyST, ``html.escape`` in raw HTML, ``<``, ``>`` and
``&`` as ``\\u`` escapes in JSON inside ``<script>``): a quote is always text, never markup. On the
notebook pages, raw HTML in Markdown (cells and outputs) is shown as text (``markdown_html_as_text``).

Offline: plotly.js is shipped once (``_static/plotly.min.js``, loaded in the head of every page)
and never embedded in a page; the build makes no request (no intersphinx, no theme download); and
the built HTML is checked for script, style and image sources on other hosts.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import os
import posixpath
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pandas as pd

from citydip.charts.common import document_names
from citydip.compare import comparison as compare
from citydip.core import paths
from citydip.core.csvio import read_table, remove_orphans, scratch_prefix
from citydip.core.errors import InputError
from citydip.core.sources import MANIFEST_COLUMNS, NOT_STATED, load_documents
from citydip.tables.cases import Case, basis_summary, load_cases

SITE_CONF = paths.ROOT / "site"
"""The hand-written part of the site: Sphinx's conf.py and static files (copied into the sources)."""
DEFAULT_OUT = "reports/site"
DEFAULT_SRC = "build/site-src"

NOTEBOOKS = (  # the executed notebooks of the chain (reports/notebooks/), in reading order
    "01_ingest",
    "02_tables",
    "03_charts",
    "05_audit",
    "06_networks",
)
COMPARE_DIR = "compare"
CHART_GROUPS = (  # page key, title, captions file (reports/figures/), notebook that shows the same charts
    ("documents", "the documents' tables, survey results and cities", "captions.csv", "03_charts"),
    ("networks", "networks, city pairs and the literature", "captions_networks.csv", "06_networks"),
)  # and one group per captions_compare_<pair>.csv
PLOTLY_JS = "plotly.min.js"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
FIGURE_COLUMNS = ("figure_id", "doc_id", "kind", "entity", "measure", "period", "value", "qualifier", "unit")
FIGURE_COLUMNS += ("line", "table", "column", "quote", "note")
AUDIT_COLUMNS = ("figure_id", "doc_id", "check", "verdict", "computation", "explanation", "related_figure_ids")
FINDING_COLUMNS = ("finding_id", "figure_ids", "check", "explanation", "status")
CASE_COLUMNS = ("city", "doc_id", "group", "group_quote", "data_source_quote", "note")
POINT_COLUMNS = ("point_id", "city", "doc_id", "topic", "quote", "note")
RELATION_COLUMNS = ("relation_id", "kind", "doc_id", "figure_ids", "quote", "explanation")
SPEC_COLUMNS = ("table_id", "doc_id", "label", "caption", "file", "notes")
SIX_COLUMNS = ("city", "doc_id", "measure", "period", "value", "origin", "figure_ids", "basis", "formula", "note")
CAPTION_COLUMNS = ("chart", "title", "caption", "documents", "figure_ids", "png", "svg")
VERDICT_ORDER = ("consistent", "discrepancy", "not checkable")
CAPTION_CLASS = "citydip-caption"  # every chart and table caption of every page: the browser tests find them by it
RAW_DOWNLOADS = ("sources.csv", "figures.csv", "cases.csv", "case_points.csv", "findings.csv")

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_URL = re.compile(r"[A-Za-z0-9_./#%-]+")


class SiteError(Exception):
    """The site cannot be built: one line saying why."""


# --- escaping and links --------------------------------------------------------------------------


def md(text: object) -> str:
    """Text from the documents or the data as MyST inline text that cannot be markup.

    Every ASCII punctuation character is backslash-escaped (CommonMark allows it for all of
    them), so no HTML, link, role, emphasis, math or substitution can start; each run of
    whitespace, newlines included, becomes one space.
    """
    return _PUNCT.sub(r"\\\1", re.sub(r"\s+", " ", str(text)))


def attr(text: object) -> str:
    """A value for an HTML attribute or element in raw HTML."""
    return html.escape(str(text), quote=True)


def script_json(obj: object) -> str:
    """JSON that is safe inside <script>: no '<', '>' or '&' (as \\u escapes), so no '</script>'."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escape)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def anchor(kind: str, key: str) -> str:
    """A stable HTML id: 'fig-LD-F01-03', 'chart-ledna_figure_01', 'table-six_cities' ..."""
    if not _ID.fullmatch(key):
        raise SiteError(f"cannot make an anchor of {key!r}: expected letters, digits, '-', '_' or '.'")
    return f"{kind}-{key}"


def href(from_doc: str, to_doc: str, fragment: str = "") -> str:
    """Relative address of page ``to_doc`` (a docname such as 'charts/documents') from ``from_doc``."""
    if to_doc == from_doc and fragment:
        return f"#{fragment}"
    target = posixpath.relpath(f"{to_doc}.html", posixpath.dirname(from_doc) or ".")
    return f"{target}#{fragment}" if fragment else target


def file_href(from_doc: str, path: str) -> str:
    """Relative address of a file copied into the site (e.g. 'data/processed/figures.csv')."""
    return posixpath.relpath(path, posixpath.dirname(from_doc) or ".")


def link(text: object, url: str) -> str:
    if not _URL.fullmatch(url):
        raise SiteError(f"unexpected characters in a link address: {url!r}")
    return f"[{md(text)}]({url})"


def html_link(text: object, url: str) -> str:
    """``link`` in raw HTML: the text escaped, the address checked."""
    if not _URL.fullmatch(url):
        raise SiteError(f"unexpected characters in a link address: {url!r}")
    return f'<a href="{attr(url)}">{attr(text)}</a>'


def figure_link(from_doc: str, figure_id: str, *, as_html: bool = False) -> str:
    """A figure id linked to its entry in the Sources appendix (MyST, or raw HTML)."""
    return (html_link if as_html else link)(figure_id, href(from_doc, "sources", anchor("fig", figure_id)))


def figure_links(from_doc: str, ids: list[str], *, as_html: bool = False) -> str:
    return ", ".join(figure_link(from_doc, i, as_html=as_html) for i in ids)


def split_ids(text: str) -> list[str]:
    """'LD-306;LD-F01-04', 'BK-066; BK-065' or 'LD-F01-01 LD-F01-02' as a list of ids."""
    return [part for part in re.split(r"[;\s]+", text) if part]


def table_md(header: list[str], rows: list[list[str]]) -> str:
    """A MyST pipe table; cells must already be MyST (escaped text or links)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def raw_anchor(ident: str, css: str) -> str:
    """Opening of a raw HTML block with a stable id (close with '</div>'); a blank line must follow."""
    return f'<div class="{attr(css)}" id="{attr(ident)}">'


def caption_block(text: str) -> list[str]:
    """A caption paragraph (MyST) inside a block of class CAPTION_CLASS, as page lines."""
    return [f'<div class="{CAPTION_CLASS}">', "", text, "", "</div>", ""]


def caption_html(text_html: str, ident: str = "") -> str:
    """A caption as raw HTML (for a notebook output); ``text_html`` must already be escaped."""
    ident = f' id="{attr(ident)}"' if ident else ""
    return f'<p class="{CAPTION_CLASS}"{ident}>{text_html}</p>'


# --- the inputs ------------------------------------------------------------------------------------


@dataclass
class ChartRef:
    """One chart of a captions file, with where the site shows it."""

    name: str
    title: str
    caption: str
    figure_ids: list[str]
    page: str  # docname of the chart page
    figure_json: Path
    png: Path | None
    svg: Path | None


@dataclass
class ChartGroup:
    """The charts of one captions file: one chart page."""

    key: str
    title: str
    captions: Path
    notebook: str  # docname of the notebook page that shows the same charts
    charts: list[ChartRef] = field(default_factory=list)

    @property
    def page(self) -> str:
        return f"charts/{self.key}"


@dataclass
class TableRef:
    """A processed table shown on the tables page, with the figures it is made of."""

    stem: str
    title: str
    note: str
    frame: pd.DataFrame
    figure_ids: list[str]


@dataclass
class TableCaption:
    """A caption the site adds under a table that a notebook shows: what the table is, and its figures."""

    cell: str  # the last line of the code cell whose output is the table ('comparison.measures')
    key: str  # its anchor on the page: 'table-<key>'
    title: str
    figure_ids: list[str]


@dataclass
class NotebookPage:
    docname: str
    source: Path
    nav_title: str
    n_charts: int
    charts_page: str | None
    charts: list[ChartRef] = field(default_factory=list)  # the captions file's charts, in the notebook's order
    printed: list[TableRef] = field(default_factory=list)  # printed tables whose caption an output may be
    tables: list[TableCaption] = field(default_factory=list)  # the captions added under its tables


@dataclass(frozen=True)
class Chapter:
    """The lines of a document (1-based, inclusive) that make a case-study city's chapter."""

    doc_id: str
    first: int  # the heading: the city's name in capitals on a line of its own
    last: int


@dataclass
class SiteData:
    """Everything the generated pages are made of, read from the project's files."""

    root: Path
    sources: pd.DataFrame
    figures: pd.DataFrame
    audit: pd.DataFrame
    findings: pd.DataFrame
    cases: pd.DataFrame
    points: pd.DataFrame
    six: pd.DataFrame
    tables: list[TableRef]
    groups: list[ChartGroup]
    notebooks: list[NotebookPage]
    doc_names: dict[str, str]
    downloads: dict[str, Path]  # site path -> file
    relations: pd.DataFrame = field(default_factory=pd.DataFrame)  # data/raw/audit_relations.csv
    chapters: dict[str, Chapter] = field(default_factory=dict)  # city -> its chapter, where it has one

    @property
    def charts(self) -> list[ChartRef]:
        return [c for g in self.groups for c in g.charts]

    def overall(self) -> pd.DataFrame:
        return self.audit[self.audit["check"] == "overall"].set_index("figure_id")


def _read(path: Path, columns: tuple[str, ...] | list[str], key: str | None = None) -> pd.DataFrame:
    return read_table(path, list(columns), key=key).drop(columns="_line")


def _require(path: Path, what: str) -> Path:
    if not path.is_file():
        raise InputError(path, "file not found", expected=what)
    return path


def slug(city: str) -> str:
    """'Los Angeles' -> 'los-angeles', as the comparison files are named."""
    return compare.slug(city)


def comparisons(root: Path = paths.ROOT) -> list[str]:
    """File stems of the comparisons on the site: those `make` builds, one per parameter file of
    notebooks/params/compare/. One run by hand (``make compare A=... B=...``) is left out, so that
    the site is the same whatever was run before it."""
    return [compare.pair_name(a, b) for a, b in compare.default_pairs(root / compare.PARAMS_DIR)]


def load(root: Path = paths.ROOT, *, notebooks: bool = True) -> SiteData:
    """Read every input of the site below ``root``; a missing file stops with one line naming it.

    ``notebooks=False`` leaves the executed notebooks out (a small site, for tests).
    """
    raw, processed = root / "data" / "raw", root / "data" / "processed"
    executed, figures_dir = root / "reports" / "notebooks", root / "reports" / "figures"
    sources = _read(raw / "sources.csv", MANIFEST_COLUMNS, key="doc_id")
    figures = _read(processed / "figures.csv", FIGURE_COLUMNS, key="figure_id")
    audit = _read(processed / "audit.csv", AUDIT_COLUMNS)
    findings = _read(raw / "findings.csv", FINDING_COLUMNS, key="finding_id")
    cases = _read(raw / "cases.csv", CASE_COLUMNS, key="city")
    points = _read(raw / "case_points.csv", POINT_COLUMNS, key="point_id")
    six = _read(processed / "tables" / "six_cities.csv", SIX_COLUMNS)
    specs = _read(raw / "tables" / "tables.csv", SPEC_COLUMNS, key="table_id")
    names = document_names(figures, sources)  # 'Ledna (2019)': as the chart captions name the documents
    known = set(figures["figure_id"])

    def check_ids(ids: list[str], path: Path, where: str) -> list[str]:
        unknown = [i for i in ids if i not in known]
        if unknown:
            problem = f"unknown figure id(s) {', '.join(unknown)}"
            raise InputError(path, problem, where=where, expected="ids of data/processed/figures.csv")
        return ids

    for _, row in findings.iterrows():
        check_ids(split_ids(row["figure_ids"]), raw / "findings.csv", f"finding {row['finding_id']}")

    tables = []
    for _, spec in specs.iterrows():
        path = processed / "tables" / spec["file"]
        frame = read_table(path, []).drop(columns="_line")
        mine = figures[(figures["doc_id"] == spec["doc_id"]) & (figures["table"] == spec["label"])]
        title = f"{spec['label']}: {spec['caption']}"
        note = f"{names.get(spec['doc_id'], spec['doc_id'])}. Notes as printed: {spec['notes'].replace(' | ', ' / ')}"
        tables.append(TableRef(Path(spec["file"]).stem, title, note, frame, list(mine["figure_id"])))
    six_ids = []
    for _, row in six.iterrows():
        six_ids.extend(check_ids(split_ids(row["figure_ids"]), processed / "tables" / "six_cities.csv", row["city"]))
    six_note = "Every population and GDP figure stated for the case-study cities, and what is computed from them."
    tables.append(TableRef("six_cities", "The case-study cities", six_note, six, list(dict.fromkeys(six_ids))))

    _require(figures_dir / PLOTLY_JS, "plotly.js shipped with the charts (run make)")
    groups = [
        ChartGroup(key, title, figures_dir / captions, f"notebooks/{notebook}")
        for key, title, captions, notebook in CHART_GROUPS
    ]
    city_of_slug = {slug(c): c for c in cases["city"]}
    pairs = comparisons(root)
    for pair in pairs:
        path = figures_dir / f"captions_compare_{pair}.csv"
        cities = [city_of_slug.get(s, s) for s in pair.split("__")]
        groups.append(ChartGroup(f"compare-{pair}", " and ".join(cities), path, f"notebooks/{COMPARE_DIR}/{pair}"))
    for group in groups:
        captions = _read(_require(group.captions, "the chart captions (run make)"), CAPTION_COLUMNS, "chart")
        for _, row in captions.iterrows():
            ids = check_ids(split_ids(row["figure_ids"]), group.captions, f"chart {row['chart']}")
            found = [figures_dir / row[kind] for kind in ("png", "svg")]
            group.charts.append(
                ChartRef(
                    row["chart"],
                    row["title"],
                    row["caption"],
                    ids,
                    group.page,
                    _require(figures_dir / f"{row['chart']}.plotly.json", "the chart's plotly JSON (run make)"),
                    *(p if p.is_file() else None for p in found),
                )
            )

    pages = []
    if notebooks:
        charts_of = {g.notebook: g for g in groups}
        sources_nb = [(f"notebooks/{n}", executed / f"{n}.ipynb", "") for n in NOTEBOOKS]
        for pair in pairs:
            path = executed / COMPARE_DIR / f"{pair}.ipynb"
            cities = [city_of_slug.get(s, s) for s in pair.split("__")]
            sources_nb.append((f"notebooks/{COMPARE_DIR}/{path.stem}", path, " and ".join(cities)))
        printed = [t for t in tables if t.stem != "six_cities"]
        case_objects: dict[str, Case] | None = None
        for docname, path, nav in sources_nb:
            nb = _notebook(path)
            group = charts_of.get(docname)
            page = NotebookPage(docname, path, nav or _title(nb, path), _n_charts(nb), group.page if group else None)
            page.charts, page.printed = (list(group.charts) if group else []), printed
            if docname == "notebooks/02_tables":
                page.tables = [TableCaption("six", "six_cities", six_note, tables[-1].figure_ids)]
            elif docname.startswith(f"notebooks/{COMPARE_DIR}/"):
                if case_objects is None:  # the cities as the comparison notebook loads them
                    case_objects = {c.city: c for c in load_cases(raw, load_documents(raw))}
                page.tables = comparison_tables(figures, six, case_objects, path.stem.split("__"), city_of_slug)
            pages.append(page)
        for group in groups:
            if group.notebook not in {p.docname for p in pages}:
                missing = executed / f"{group.notebook.removeprefix('notebooks/')}.ipynb"
                expected = f"the executed notebook of the charts of {paths.relative(group.captions)}"
                raise InputError(missing, "file not found", expected=expected)

    downloads = {}
    for name in RAW_DOWNLOADS:
        downloads[f"data/raw/{name}"] = _require(raw / name, "a raw input")
    for path in [*sorted(processed.glob("*.csv")), *sorted((processed / "tables").glob("*.csv"))]:
        downloads[path.relative_to(root).as_posix()] = path
    for name in ("references.bib", "datapackage.json"):
        if (processed / name).is_file():
            downloads[f"data/processed/{name}"] = processed / name
    for _, row in sources.iterrows():
        downloads[f"documents/{row['file']}"] = _require(raw / "documents" / row["file"], "the document of sources.csv")
    for chart in [c for g in groups for c in g.charts]:
        for path in (chart.png, chart.svg):
            if path is not None:
                downloads[f"figures/{path.name}"] = path
        downloads[f"figures/{chart.figure_json.name}"] = chart.figure_json
    relations = _read(raw / "audit_relations.csv", RELATION_COLUMNS, key="relation_id")
    for _, row in relations.iterrows():
        check_ids(split_ids(row["figure_ids"]), raw / "audit_relations.csv", f"relation {row['relation_id']}")
    chapters = {}
    files = dict(zip(sources["doc_id"], sources["file"], strict=True))
    for _, case in cases.iterrows():
        if case["doc_id"] not in files:
            raise InputError(raw / "cases.csv", f"unknown doc_id {case['doc_id']!r}", where=case["city"])
        text = (raw / "documents" / files[case["doc_id"]]).read_text(encoding="utf-8")
        found = chapter_lines(case["city"], text.split("\n"))
        if found:
            chapters[case["city"]] = Chapter(case["doc_id"], *found)
    return SiteData(
        root, sources, figures, audit, findings, cases, points, six, tables, groups, pages, names, downloads,
        relations, chapters,
    )  # fmt: skip


def _is_heading(line: str) -> bool:
    """A line in capitals ('GUANGZHOU', 'FINDINGS AND CONCLUSION'): four letters or more, none lower-case."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def chapter_lines(city: str, lines: list[str]) -> tuple[int, int] | None:
    """The chapter of ``city`` in a document's ``lines``: from the first line that is the city's name
    in capitals (Ledna's 'BUENOS AIRES') to the line before the next line in capitals, or to the end
    (1-based, inclusive); None where no line is its name in capitals (Beukman has no such headings)."""
    heading = city.upper()
    for first, line in enumerate(lines, 1):
        if line.strip() == heading:
            after = (n for n in range(first + 1, len(lines) + 1) if _is_heading(lines[n - 1]))
            return first, next(after, len(lines) + 1) - 1
    return None


def concerns(data: SiteData, city: str, ids: list[str]) -> bool:
    """Whether a finding or a relation with figures ``ids`` (the first is the one it is about, the others
    related) concerns a case-study city: one of its figures is about the city (its entity is the city,
    or one of its bodies, as in 'Cape Town Air Access Strategy'), or its first figure stands in the
    city's chapter (``data.chapters``), as the Jamaica comparison and the survey's 69 % stand in Ledna's
    chapter on Buenos Aires. A related figure of another chapter (the survey's sample size, stated for
    Buenos Aires and used for Guangzhou's 88 %) does not bring a finding into that chapter."""
    figures = data.figures.set_index("figure_id")
    about = [i for i in ids if figures.loc[i, "entity"] == city or figures.loc[i, "entity"].startswith(city + " ")]
    chapter = data.chapters.get(city)
    if about or chapter is None or not ids:
        return bool(about)
    first = figures.loc[ids[0]]
    return first["doc_id"] == chapter.doc_id and chapter.first <= int(first["line"]) <= chapter.last


def comparison_tables(
    figures: pd.DataFrame, six: pd.DataFrame, cases: dict[str, Case], slugs: list[str], city_of_slug: dict[str, str]
) -> list[TableCaption]:
    """The captions of the tables of a comparison notebook that show figures, with the ids of every figure
    each shows, computed as the notebook computes the tables (``citydip.compare``): its stored output
    shortens long cells, so the ids are not all in it."""
    if len(slugs) != 2 or not all(s in city_of_slug for s in slugs):
        known = ", ".join(sorted(city_of_slug))
        raise SiteError(f"comparison {'__'.join(slugs)!r}: expected two city slugs joined by '__' ({known})")
    a, b = (cases[city_of_slug[s]] for s in slugs)
    measures, _ = compare.measures_side_by_side(figures, a, b)
    derived = compare.derived_measures(six, a, b)
    policy = compare.policy_side_by_side(figures, a, b)

    def bracketed(frame: pd.DataFrame) -> list[str]:  # '13.1 million people (2010) [LD-F01-01]'
        cells = [cell for city in (a.city, b.city) for cell in frame[city]]
        return [i for cell in cells for i in re.findall(r"\[([A-Za-z0-9][A-Za-z0-9_.-]*)\]", cell)]

    pair, both = "__".join(slugs), f"{a.city} and {b.city}"
    found = [
        TableCaption(
            "comparison.measures",
            f"{pair}-measures",
            f"Every figure the sources state for {a.city} or {b.city}",
            bracketed(measures),
        ),
        TableCaption(
            "comparison.derived",
            f"{pair}-derived",
            f"Derived measures of {both}, with their formulas",
            [i for cell in derived["figure_ids"] for i in split_ids(cell)],
        ),
        TableCaption("comparison.policy", f"{pair}-policy", f"Ledna's policy-area codes for {both}", bracketed(policy)),
    ]
    known = set(figures["figure_id"])
    for table in found:
        table.figure_ids = list(dict.fromkeys(table.figure_ids))
        unknown = [i for i in table.figure_ids if i not in known]
        if unknown:
            raise SiteError(f"comparison {pair}: unknown figure id(s) {', '.join(unknown)} in {table.cell}")
    return [table for table in found if table.figure_ids]


def _notebook(path: Path) -> dict:
    if not path.is_file():
        raise InputError(path, "file not found", expected="the executed notebook (run make)")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, f"not a notebook: {exc}", expected="an .ipynb file (JSON)") from exc


def _figure(path: Path) -> dict:
    try:
        figure = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, f"not JSON: {exc}", expected="a plotly figure as JSON") from exc
    if not isinstance(figure, dict) or not isinstance(figure.get("data"), list):
        raise InputError(path, "no 'data' list", expected="a plotly figure as JSON")
    return figure


def _title(nb: dict, path: Path) -> str:
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", [])).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise InputError(path, "no title", expected="a first markdown cell with a '# ' heading")


def _n_charts(nb: dict) -> int:
    """The number of plotly charts among a notebook's stored outputs."""
    return sum(PLOTLY_MIME in out.get("data", {}) for cell in nb.get("cells", []) for out in cell.get("outputs", []))


# --- the generated pages -------------------------------------------------------------------------


def chart_uses(data: SiteData) -> dict[str, list[tuple[str, str, str]]]:
    """For each figure id: (kind, label, docname#anchor) of each table and chart that uses it."""
    uses: dict[str, list[tuple[str, str, str]]] = {}
    for table in data.tables:
        for i in dict.fromkeys(table.figure_ids):
            uses.setdefault(i, []).append(("table", table.title, f"tables#{anchor('table', table.stem)}"))
    for chart in data.charts:
        for i in dict.fromkeys(chart.figure_ids):
            uses.setdefault(i, []).append(("chart", chart.title, f"{chart.page}#{anchor('chart', chart.name)}"))
    for page in data.notebooks:  # the comparisons' tables (the other tables are on the tables page)
        if f"/{COMPARE_DIR}/" in page.docname:
            for table in page.tables:
                label, target = f"{page.nav_title}: {table.title}", f"{page.docname}#{anchor('table', table.key)}"
                for i in table.figure_ids:
                    uses.setdefault(i, []).append(("table", label, target))
    return uses


def _use_link(from_doc: str, target: str, text: str) -> str:
    doc, _, frag = target.partition("#")
    return link(text, href(from_doc, doc, frag))


def stated(row: pd.Series) -> str:
    """'almost 200', '13.1': the value as the document states it, with its qualifier."""
    return " ".join(p for p in (row["qualifier"], row["value"]) if p)


def with_unit(row: pd.Series) -> str:
    """'almost 200 (count)', '13.1 (million people)'."""
    return f"{stated(row)} ({row['unit']})" if row["unit"] else stated(row)


def linked_caption(from_doc: str, caption: str, ids: list[str], *, as_html: bool = False) -> str:
    """A caption as MyST (or raw HTML) with each figure id of ``ids`` that occurs in it linked to the
    appendix; the rest of its text escaped.

    Ids of the chart that the caption does not spell out (a shortened list) are listed after it.
    """
    escape = attr if as_html else md
    alternatives = "|".join(map(re.escape, sorted(set(ids), key=len, reverse=True)))
    pattern = re.compile(rf"(?<![A-Za-z0-9-])({alternatives})(?![A-Za-z0-9-])") if ids else None
    out, seen, last = [], set(), 0
    if pattern is not None:
        for match in pattern.finditer(caption):
            out.append(escape(caption[last : match.start()]))
            out.append(figure_link(from_doc, match.group(1), as_html=as_html))
            seen.add(match.group(1))
            last = match.end()
    out.append(escape(caption[last:]))
    text = "".join(out)
    rest = [i for i in ids if i not in seen]
    if rest:
        text += " Figures: " + figure_links(from_doc, rest, as_html=as_html) + "."
    return text


def _toctree(caption: str, entries: list[str]) -> str:
    if not entries:
        return ""
    return "\n".join(["```{toctree}", f":caption: {caption}", ":maxdepth: 1", "", *entries, "```", ""])


def page_index(data: SiteData) -> str:
    doc = "index"
    counts = Counter(data.figures["doc_id"])
    lines = [
        "# City diplomacy: a reproducible research compendium",
        "",
        "Four documents on city diplomacy are full of figures: city populations and GDP, growth rates, survey "
        "percentages, network membership counts, policy-area matrices, founding dates. The compendium registers "
        f"every one of those figures ({len(data.figures)} in all) with its verbatim source quote, checks each "
        "against its document, rebuilds the documents' tables and charts from those figures and compares them "
        f"with the print, sets any two of the {len(data.cases)} case-study cities side by side, and audits every "
        "figure.",
        "",
        "This site is built from the compendium's files as they are: the executed notebooks are shown with their "
        "stored outputs (never re-executed), and every other page is generated from the processed data. "
        f"Each figure has an entry in the {link('Sources appendix', href(doc, 'sources'))}; every figure id "
        "in a chart or table caption links to it.",
        "",
        "## The four documents" if len(data.sources) == 4 else "## The documents",
        "",
        f"Bibliographic facts as the documents state them; what they do not state is shown as *{md(NOT_STATED)}*.",
        "",
    ]
    rows = []
    for _, s in data.sources.iterrows():
        facts = [
            md(s["authors"].replace(";", ",").strip(" ,") or NOT_STATED),
            f"*{md(s['title'])}*",
            md(s["year"] or NOT_STATED),
            md(s["venue"] or NOT_STATED),
            md(s["doi"] or NOT_STATED),
            md(s["url"] or NOT_STATED),
            link(counts.get(s["doc_id"], 0), href(doc, "sources", anchor("doc", s["doc_id"]))),
            link(s["file"], file_href(doc, f"documents/{s['file']}")),
        ]
        rows.append([f"`{s['doc_id']}`" if _ID.fullmatch(s["doc_id"]) else md(s["doc_id"]), *facts])
    header = ["doc_id", "authors", "title", "year", "venue", "DOI", "URL", "figures", "text"]
    lines += [table_md(header, rows), ""]
    for _, s in data.sources.iterrows():
        if s["note"]:
            lines += [f"- {md(data.doc_names[s['doc_id']])}: {md(s['note'])}"]
    lines += [
        "",
        "## How to rerun everything",
        "",
        "From the project root (Python 3.11 or newer and GNU make 4.3 or newer):",
        "",
        "```text",
        "make          # set up .venv from the pinned lock if needed, then run the whole chain",
        "make test     # run every test: lint, the audit, unit and data tests, notebook regression",
        "              # and this site in a headless Chromium",
        "make audit    # print the audit of every figure; fails on a discrepancy not in the register",
        "make book     # rebuild this site",
        "```",
        "",
        "`make book` runs `python -m citydip.site`, which builds this site from the committed executed notebooks "
        "and the processed data: nothing is executed and nothing is fetched from the network.",
        "",
        "## How to verify a figure",
        "",
        "Every registered figure names its document and a verbatim quote. Ingest refuses to run unless the "
        "document's SHA-256 matches the manifest, the quote occurs in the document (exactly once, or the row "
        "says which occurrence), and the value is one of the numbers of the quote. To check a figure by hand, "
        "find it in the Sources appendix (or in `data/processed/figures.csv`), open the document at the line "
        "given: the quote is there, and the value in it.",
        "",
    ]
    example = _example_figure(data)
    if example is not None:
        text_file = data.sources.set_index("doc_id").loc[example["doc_id"], "file"]
        lines += [
            f"For example, {figure_link(doc, example['figure_id'])} ({md(example['entity'])}, "
            f"{md(example['measure'])}): {md(with_unit(example))}, in "
            f"{link(text_file, file_href(doc, 'documents/' + text_file))} at line {md(example['line'])}:",
            "",
            f"> {md(example['quote'])}",
            "",
        ]
    lines += [
        _toctree("Seminar", ["Seminar guide: the case-study cities <guide>"]),
        _toctree("Notebooks", [f"{p.nav_title} <{p.docname}>" for p in data.notebooks if "/compare/" not in p.docname]),
        _toctree("Comparisons", [f"{p.nav_title} <{p.docname}>" for p in data.notebooks if "/compare/" in p.docname]),
        _toctree("Charts and tables", [f"Charts: {g.title} <{g.page}>" for g in data.groups] + ["Tables <tables>"]),
        _toctree("Audit and sources", ["Audit findings <audit>", "Sources appendix <sources>"]),
    ]
    return "\n".join(line for line in lines if line is not None)


def _example_figure(data: SiteData) -> pd.Series | None:
    """The first figure of the case-study table, as the worked example of verification."""
    ids = [i for t in data.tables if t.stem == "six_cities" for i in t.figure_ids]
    if not ids:
        return None
    return data.figures.set_index("figure_id", drop=False).loc[ids[0]]


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
        figure = _figure(chart.figure_json)
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
            lines += [_NO_STATIC, ""]
    return "\n".join(lines)


_NO_STATIC = (
    "*No PNG or SVG copy of this chart was present when the site was built: they are made by `make` "
    "where a Chromium-family browser is installed.*"
)


def page_tables(data: SiteData) -> str:
    doc = "tables"
    lines = [
        "# Tables",
        "",
        "Each printed table as rebuilt from the registry (never from its transcription), and the table of the "
        "case-study cities. Under each title, its caption; every figure id links to its entry in the "
        f"{link('Sources appendix', href(doc, 'sources'))}.",
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
        for _, row in frame.iterrows():
            cells = []
            for column in frame.columns:
                value = row[column]
                cells.append(figure_links(doc, split_ids(value)) if column == "figure_ids" else md(value))
            rows.append(cells)
        lines += [table_md(header, rows), "", "</div>", ""]
        lines += [
            f"Download: {link(f'{table.stem}.csv', file_href(doc, f'data/processed/tables/{table.stem}.csv'))}",
            "",
        ]
    return "\n".join(lines)


def page_audit(data: SiteData) -> str:
    doc = "audit"
    overall = data.overall().reset_index()
    lines = [
        "# Audit findings",
        "",
        "Every figure is checked where it can be: table arithmetic at the printed rounding, percentages against "
        "the survey's stated sample, values restated in the prose against the table (reading qualifiers such as "
        "*nearly* or *just over*), the same quantity in two documents, the comparisons the texts make, and "
        "units. Each figure gets one overall verdict, the worst of its checks. A discrepancy is a finding about "
        "the sources, not an error of the compendium: each is reviewed and registered in "
        "`data/raw/findings.csv`.",
        "",
    ]
    if any(p.docname == "notebooks/05_audit" for p in data.notebooks):
        lines += [
            f"Every check with its computation: {link('the audit notebook', href(doc, 'notebooks/05_audit'))}.",
            "",
        ]
    lines += [
        "## Verdicts per document",
        "",
        "One overall verdict per registered figure (`data/processed/audit.csv`).",
        "",
    ]
    rows = []
    for doc_id in data.sources["doc_id"]:
        mine = Counter(overall.loc[overall["doc_id"] == doc_id, "verdict"])
        rows.append([md(data.doc_names[doc_id]), *(md(mine.get(v, 0)) for v in VERDICT_ORDER), md(sum(mine.values()))])
    total = Counter(overall["verdict"])
    rows.append(["**all**", *(md(total.get(v, 0)) for v in VERDICT_ORDER), md(len(overall))])
    lines += [table_md(["document", *VERDICT_ORDER, "figures"], rows), ""]

    lines += ["## The register of findings", "", "`data/raw/findings.csv`: each reviewed discrepancy, what it is.", ""]
    for _, f in data.findings.iterrows():
        lines += [
            raw_anchor(anchor("finding", f["finding_id"]), "citydip-finding"),
            "",
            f"**{md(f['finding_id'])}** ({md(f['status'])}; check: {md(f['check'])}). "
            f"Figures: {figure_links(doc, split_ids(f['figure_ids']))}.",
            "",
            md(f["explanation"]),
            "",
            "</div>",
            "",
        ]
    lines += [
        "## Every discrepancy",
        "",
        "Each check of a figure that does not agree, with the computation written out.",
        "",
    ]
    finding_of = _findings_of(data)
    checks = data.audit[(data.audit["check"] != "overall") & (data.audit["verdict"] == "discrepancy")]
    for _, a in checks.iterrows():
        related = split_ids(a["related_figure_ids"])
        found = finding_of.get(a["figure_id"], [])
        lines += [
            f"- {figure_link(doc, a['figure_id'])} ({md(data.doc_names.get(a['doc_id'], a['doc_id']))}), "
            f"check *{md(a['check'])}*: {md(a['explanation'])}",
            f"  Computation: {md(a['computation'].rstrip('.'))}."
            + (f" Related figures: {figure_links(doc, related)}." if related else "")
            + (f" Finding: {', '.join(link(i, '#' + anchor('finding', i)) for i in found)}." if found else ""),
        ]
    lines.append("")
    return "\n".join(lines)


def _findings_of(data: SiteData) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for _, f in data.findings.iterrows():
        for i in split_ids(f["figure_ids"]):
            out.setdefault(i, []).append(f["finding_id"])
    return out


def page_sources(data: SiteData) -> str:
    doc = "sources"
    uses = chart_uses(data)
    overall = data.overall()
    finding_of = _findings_of(data)
    example = anchor("fig", data.figures["figure_id"].iloc[0]) if len(data.figures) else "fig-"
    lines = [
        "# Sources appendix",
        "",
        f"Every registered figure ({len(data.figures)}), by document, in the order of the registry "
        "(`data/processed/figures.csv`): its value as stated, its verbatim quote, the line of the document where "
        "the quote is, the audit's verdict, and each table and chart that uses it. Each entry's address is this "
        f"page's followed by `#fig-` and the figure id (for example `sources.html#{example}`).",
        "",
    ]
    for _, s in data.sources.iterrows():
        mine = data.figures[data.figures["doc_id"] == s["doc_id"]]
        lines += [
            f"## {md(data.doc_names[s['doc_id']])}: {md(s['title'])}",
            "",
            raw_anchor(anchor("doc", s["doc_id"]), "citydip-doc"),
            "</div>",
            "",
        ]
        lines += [f"{len(mine)} figures. The text: {link(s['file'], file_href(doc, 'documents/' + s['file']))}.", ""]
        for _, f in mine.iterrows():
            fid = f["figure_id"]
            what = ", ".join(md(f[c]) for c in ("entity", "measure", "period") if f[c])
            lines += [
                raw_anchor(anchor("fig", fid), "citydip-figure"),
                "",
                f"**{md(fid)}** — {what}: **{md(stated(f))}** ({md(f['unit'] or 'no unit')}; {md(f['kind'])}; "
                f"line {md(f['line'])}" + (f"; {md(f['table'])}, column {md(f['column'])}" if f["table"] else "") + ")",
                "",
                f"> {md(f['quote'])}",
                "",
            ]
            notes = []
            if f["note"]:
                notes.append(f"Note: {md(f['note'])}")
            if fid in overall.index:
                verdict = overall.loc[fid]
                text = f"Audit: *{md(verdict['verdict'])}*"
                if verdict["explanation"]:
                    text += f" — {md(verdict['explanation'])}"
                found = finding_of.get(fid, [])
                if found:
                    text += (
                        " (see finding "
                        + ", ".join(link(i, href(doc, "audit", anchor("finding", i))) for i in found)
                        + ")"
                    )
                notes.append(text)
            used = uses.get(fid, [])
            if used:
                notes.append(
                    "Used in: " + "; ".join(f"{kind} {_use_link(doc, target, label)}" for kind, label, target in used)
                )
            else:
                notes.append("Used in no table or chart.")
            lines += ["  \n".join(notes), "", "</div>", ""]
    return "\n".join(lines)


def page_guide(data: SiteData) -> str:
    doc = "guide"
    figures = data.figures.set_index("figure_id", drop=False)
    overall = data.overall()
    lines = [
        "# Seminar guide: the case-study cities",
        "",
        f"For each of the {len(data.cases)} case-study cities: the document that studies it, its key figures "
        "(`data/processed/tables/six_cities.csv`: stated values, and values computed from them with their "
        "formula), the claims the document makes about it, quoted verbatim (`data/raw/case_points.csv`), the "
        "audit's verdict on each of its figures, every finding of the audit's register about its figures "
        "(`data/raw/findings.csv`), and the comparisons and restatements the document draws from them, quoted "
        "(`data/raw/audit_relations.csv`). A finding or a comparison concerns a city if one of its figures is "
        "about the city, or if the figure it is about stands in the city's chapter of its document (from the "
        "heading that is the city's name in capitals to the next heading). Every figure id links to its entry "
        "in the "
        f"{link('Sources appendix', href(doc, 'sources'))}. Downloads of the data and of the charts are at the "
        f"{link('end of this page', '#downloads')}.",
        "",
    ]
    pair_pages = [p for p in data.notebooks if "/compare/" in p.docname]
    for _, case in data.cases.iterrows():
        city = case["city"]
        lines += [f"## {md(city)}", "", raw_anchor(anchor("city", slug(city)), "citydip-city"), "</div>", ""]
        facts = [f"Document: {md(data.doc_names.get(case['doc_id'], case['doc_id']))}"]
        for label, value, quote in (
            ("group", case["group"], case["group_quote"]),
            ("data source", "", case["data_source_quote"]),
        ):
            if value and quote:
                facts.append(f"{label}: {md(value)} (“{md(quote)}”)")
            elif value or quote:
                facts.append(f"{label}: {md(value)}" if value else f"{label}: “{md(quote)}”")
            else:
                facts.append(f"{label}: *{md(NOT_STATED)}*")
        facts.append(f"basis as stated: {md(basis_summary(data.six, city))} (per figure in the table below)")
        lines += ["; ".join(facts) + ".", ""]
        if case["note"]:
            lines += [f"*{md(case['note'])}*", ""]

        lines += ["### Key figures", ""]
        mine = data.six[data.six["city"] == city]
        rows = [
            [
                md(r["measure"]),
                md(r["period"]),
                md(r["value"]),
                md(r["origin"]),
                md(r["basis"]),
                figure_links(doc, split_ids(r["figure_ids"])),
                md("; ".join(x for x in (r["formula"], r["note"]) if x)),
            ]
            for _, r in mine.iterrows()
        ]
        lines += [
            table_md(["measure", "period", "value", "origin", "basis", "figures", "formula or note"], rows)
            if rows
            else f"*{md(NOT_STATED)}*",
            "",
        ]

        lines += ["### What the documents claim", ""]
        claims = data.points[data.points["city"] == city]
        if claims.empty:
            lines += ["*No strategic point is registered for this city.*", ""]
        for _, p in claims.iterrows():
            head = f"**{md(p['topic'])}** ({md(p['point_id'])}, {md(data.doc_names.get(p['doc_id'], p['doc_id']))})"
            lines += [f"{head}" + (f" — {md(p['note'])}" if p["note"] else ""), "", f"> {md(p['quote'])}", ""]

        lines += ["### Audit verdicts of its figures", ""]
        ids = [i for r in mine["figure_ids"] for i in split_ids(r)]
        ids += list(data.figures.loc[data.figures["entity"] == city, "figure_id"])
        ids = list(dict.fromkeys(ids))
        rows = []
        for i in ids:
            f = figures.loc[i]
            verdict = overall.loc[i] if i in overall.index else None
            rows.append(
                [
                    figure_link(doc, i),
                    md(f["measure"]),
                    md(f["period"]),
                    md(with_unit(f)),
                    f"*{md(verdict['verdict'])}*" if verdict is not None else "",
                    md(verdict["explanation"]) if verdict is not None else "",
                ]
            )
        lines += [table_md(["figure", "measure", "period", "as stated", "verdict", "why"], rows) if rows else "", ""]

        chapter = data.chapters.get(city)
        lines += ["### Audit findings about its figures", ""]
        scope = f"of {md(city)}"
        if chapter is not None:
            text_file = data.sources.set_index("doc_id").loc[chapter.doc_id, "file"]
            scope += (
                f" or of its chapter ({link(text_file, file_href(doc, 'documents/' + text_file))}, "
                f"lines {chapter.first}–{chapter.last})"
            )
        found = [f for _, f in data.findings.iterrows() if concerns(data, city, split_ids(f["figure_ids"]))]
        if found:
            lines += [
                f"Each finding of the register about a figure {scope}, or that relates one of its figures; the "
                f"{link('audit page', href(doc, 'audit'))} has them all.",
                "",
            ]
        else:
            lines += [f"*No finding of the register concerns a figure {scope}.*", ""]
        for f in found:
            lines.append(
                f"- {link(f['finding_id'], href(doc, 'audit', anchor('finding', f['finding_id'])))} "
                f"({md(f['status'])}; check: {md(f['check'])}): {md(f['explanation'])} "
                f"Figures: {figure_links(doc, split_ids(f['figure_ids']))}."
            )
        lines.append("")
        claims = [r for _, r in data.relations.iterrows() if concerns(data, city, split_ids(r["figure_ids"]))]
        if claims:
            lines += [
                "### Comparisons and restatements drawn from its figures",
                "",
                "The statements about several figures that the audit recomputes, quoted; each figure's verdict is "
                "in its appendix entry.",
                "",
            ]
        for r in claims:
            lines += [
                f"**{md(r['relation_id'])}** ({md(r['kind'].replace('_', ' '))}; figures: "
                f"{figure_links(doc, split_ids(r['figure_ids']))}) — {md(r['explanation'])}",
                "",
                f"> {md(r['quote'])}",
                "",
            ]

        charts = [c for c in data.charts if set(c.figure_ids) & set(ids)]
        pairs = [p for p in pair_pages if slug(city) in p.docname.rsplit("/", 1)[-1].split("__")]
        if charts or pairs:
            lines += ["### Charts and comparisons", ""]
        for c in charts:
            files = [link(p.suffix[1:].upper(), file_href(doc, f"figures/{p.name}")) for p in (c.png, c.svg) if p]
            lines += [
                f"- {link(c.title, href(doc, c.page, anchor('chart', c.name)))}"
                + (f" ({', '.join(files)})" if files else "")
            ]
        for p in pairs:
            lines += [f"- Comparison: {link(p.nav_title, href(doc, p.docname))}"]
        lines.append("")

    lines += [
        "## Downloads",
        "",
        raw_anchor("downloads", "citydip-downloads"),
        "</div>",
        "",
        "### Data",
        "",
        "The compendium's inputs and processed tables (CSV, UTF-8), the BibTeX export, and the four document "
        "texts (open one at a figure's line to verify it).",
        "",
    ]
    for target in sorted(t for t in data.downloads if not t.startswith("figures/")):
        lines.append(f"- {link(target, file_href(doc, target))}")
    lines += ["", "### Charts (PNG and SVG)", ""]
    static = [c for c in data.charts if c.png or c.svg]
    if not static:
        lines += [_NO_STATIC.replace("this chart", "any chart"), ""]
    for c in static:
        files = [link(p.name, file_href(doc, f"figures/{p.name}")) for p in (c.png, c.svg) if p]
        lines.append(f"- {md(c.title)}: {', '.join(files)}")
    missing = [c for c in data.charts if not (c.png and c.svg)]
    if static and missing:
        lines += ["", f"*{len(missing)} chart(s) had no PNG or SVG copy when the site was built.*"]
    lines.append("")
    return "\n".join(lines)


def pages(data: SiteData) -> dict[str, str]:
    """Every generated page: docname -> MyST Markdown."""
    out = {"index": page_index(data), "guide": page_guide(data), "tables": page_tables(data)}
    out["audit"] = page_audit(data)
    out["sources"] = page_sources(data)
    for group in data.groups:
        out[group.page] = page_chart_group(data, group)
    return out


def notebook_copy(page: NotebookPage) -> str:
    """The executed notebook as committed, with one markdown cell after its title saying what it is, and
    its captions linked (``link_captions``).

    No stored output is changed or removed; the notebook is rendered, never executed.
    """
    nb = json.loads(page.source.read_text(encoding="utf-8"))
    link_captions(page, nb)
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


# --- writing the sources and building -----------------------------------------------------------------


def write_sources(data: SiteData, src: Path, conf_dir: Path = SITE_CONF) -> int:
    """The scratch source folder: conf and static files, generated pages, notebooks, downloads."""
    if not (conf_dir / "conf.py").is_file():
        raise InputError(conf_dir / "conf.py", "file not found", expected="the site's Sphinx configuration")
    if src.exists():
        shutil.rmtree(src)
    shutil.copytree(conf_dir, src, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    static = src / "_static"
    static.mkdir(exist_ok=True)
    shutil.copyfile(data.root / "reports" / "figures" / PLOTLY_JS, static / PLOTLY_JS)
    generated = pages(data)
    for docname, text in generated.items():
        path = src / f"{docname}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for page in data.notebooks:
        path = src / f"{page.docname}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(notebook_copy(page), encoding="utf-8")
    extra = src / "_extra"
    for target, source in data.downloads.items():
        path = extra / target
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
    extra.mkdir(exist_ok=True)
    return len(generated)


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


def run_sphinx(src: Path, out: Path, doctrees: Path, log: Path) -> None:
    """Build the HTML of ``src`` into ``out``; any warning (but the expected ones) is an error."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    warnings = io.StringIO()
    try:
        with patch_docutils(src), docutils_namespace():
            app = Sphinx(src, src, out, doctrees, "html", status=None, warning=warnings, freshenv=True)
            app.build(force_all=True)
    except Exception as exc:
        log.write_text(warnings.getvalue(), encoding="utf-8")
        raise SiteError(f"Sphinx failed: {' '.join(str(exc).split())}") from exc
    text = warnings.getvalue().strip()
    if text or app.statuscode:
        log.write_text(text + "\n", encoding="utf-8")
        first = text.splitlines()[0] if text else f"status {app.statuscode}"
        count = sum("WARNING" in line or "ERROR" in line for line in text.splitlines())
        raise SiteError(f"Sphinx warning: {first} ({count} warning(s) in all: {paths.relative(log)})")


class _Resources(HTMLParser):
    """Collects the addresses a page loads by itself (scripts, styles, images, frames)."""

    LOADS: ClassVar[dict[str, str]] = {
        **dict.fromkeys(("script", "img", "iframe", "source", "audio", "video", "embed", "input", "track"), "src"),
        "object": "data",
    }

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "link" and values.get("href"):
            self.found.append((tag, values["href"]))
        elif tag in self.LOADS and values.get(self.LOADS[tag]):
            self.found.append((tag, values[self.LOADS[tag]]))
        if values.get("srcset"):
            self.found.append((tag, values["srcset"]))


_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_CSS_EXTERNAL = re.compile(r"(?:url\(\s*['\"]?|@import\s+['\"])\s*(?:https?:)?//", re.IGNORECASE)


def check_offline(out: Path) -> int:
    """No page loads anything from another host, and plotly.js is not embedded in any page."""
    banner = (out / "_static" / PLOTLY_JS).read_bytes()[:300]
    pages_checked = 0
    for path in sorted(out.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        parser = _Resources()
        parser.feed(text)
        for tag, url in parser.found:
            if _EXTERNAL.match(url) or url.strip().lower().startswith(("http:", "https:")):
                raise SiteError(f"{paths.relative(path)}: <{tag}> loads {url} from another host")
        if banner and banner.decode("utf-8", "replace") in text:
            raise SiteError(f"{paths.relative(path)}: embeds plotly.js (it must be loaded from _static once)")
        pages_checked += 1
    for path in sorted(out.rglob("*.css")):
        match = _CSS_EXTERNAL.search(path.read_text(encoding="utf-8", errors="replace"))
        if match:
            raise SiteError(f"{paths.relative(path)}: a style loads {match.group(0)}... from another host")
    return pages_checked


@dataclass
class BuildResult:
    out: Path
    pages: int
    seconds: float


def build(
    out: str | os.PathLike[str] = DEFAULT_OUT,
    *,
    root: Path = paths.ROOT,
    src: str | os.PathLike[str] | None = None,
    notebooks: bool = True,
    say=print,
) -> BuildResult:
    """Build the site into ``out`` (relative paths from the project root), replacing it only on success."""
    start = time.monotonic()
    out = paths.resolve(out)
    src = paths.resolve(src) if src is not None else root / DEFAULT_SRC
    data = load(root, notebooks=notebooks)
    say(
        f"site: read {len(data.figures)} figures, {len(data.findings)} findings, {len(data.cases)} cities, "
        f"{len(data.charts)} charts, {len(data.tables)} tables, {len(data.notebooks)} notebooks"
    )
    n = write_sources(data, src)
    say(
        f"site: wrote {n} generated pages, {len(data.notebooks)} notebook copies and {len(data.downloads)} "
        f"downloads to {paths.relative(src)}"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    # Sphinx works in a folder next to ``out`` (myst-nb writes its jupyter_execute folder beside the
    # HTML, the doctrees go there too); the HTML replaces ``out`` only once built and checked.
    # A build killed midway leaves its folder behind: remove_orphans clears those of dead processes.
    remove_orphans(out)
    work = Path(tempfile.mkdtemp(prefix=scratch_prefix(out), suffix=".tmp", dir=out.parent))
    tmp = work / "html"
    try:
        run_sphinx(src, tmp, work / "doctrees", src.parent / f"{src.name}-warnings.log")
        (tmp / ".buildinfo").unlink(missing_ok=True)  # Sphinx's incremental-build record: not part of the site
        html_pages = len([p for p in tmp.rglob("*.html") if p.relative_to(tmp).parts[0] != "_static"])
        say(f"site: sphinx built {html_pages} HTML pages")
        check_offline(tmp)
        say("site: checked: nothing loaded from another host, plotly.js only in _static")
        old = work / "previous"
        if out.exists():
            out.rename(old)
        try:
            tmp.rename(out)
        except OSError:
            if old.exists():
                old.rename(out)
            raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    seconds = time.monotonic() - start
    say(
        f"site: {paths.relative(out)} ready ({html_pages} pages, {seconds:.1f} s): see {paths.relative(out)}/index.html"
    )
    return BuildResult(out, html_pages, seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m citydip.site", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    parser.add_argument("--src", default=None, help=f"scratch folder for the page sources (default {DEFAULT_SRC})")
    parser.add_argument("--root", default=None, help="read the data below this folder instead of the project root")
    parser.add_argument("--no-notebooks", action="store_true", help="leave the executed notebooks out (small site)")
    args = parser.parse_args(argv)
    # nbformat validates with jsonschema, whose optional IRI format checker compiles lark grammars at
    # import (~2.5 s here); notebooks have no IRI fields, so this process does without it.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    root = paths.resolve(args.root) if args.root else paths.ROOT
    try:
        build(args.out, root=root, src=args.src, notebooks=not args.no_notebooks)
    except (InputError, SiteError) as exc:
        print(f"site: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
