"""The site's inputs: what the generated pages are made of (``SiteData``), and ``load``, which reads it.

``load`` reads every input below the project root (the manifest, the registry of figures, the audit
and its register, the case-study cities, the printed tables, the chart captions, the executed
notebooks, the files offered for download, and the chapters of the documents) and stops with one
line naming the file when one is missing or malformed. A new input of the site is read here, and
carried to the pages as a field of ``SiteData``.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from citydip.audit import model as audit_model
from citydip.charts.common import CAPTION_FIELDS, PLOTLY_JS, document_names
from citydip.compare import comparison as compare
from citydip.core import figures as core_figures
from citydip.core import paths
from citydip.core.csvio import read_table
from citydip.core.errors import InputError
from citydip.core.sources import MANIFEST_COLUMNS, load_documents
from citydip.ingest import coverage
from citydip.ingest.pipeline import COVERAGE_FIELDS
from citydip.site.errors import SiteError
from citydip.site.markup import split_ids
from citydip.tables import printed as tables_printed
from citydip.tables.cases import CASE_COLUMNS as CASES_FILE_COLUMNS
from citydip.tables.cases import COLUMNS as SIX_FILE_COLUMNS
from citydip.tables.cases import Case, load_cases

NOTEBOOKS = (  # the executed notebooks of the chain (reports/notebooks/), in reading order
    "01_ingest",
    "02_tables",
    "03_charts",
    "05_audit",
    "06_networks",
    "07_reference",
)
COMPARE_DIR = "compare"
CHART_GROUPS = (  # page key, title, captions file (reports/figures/), notebook that shows the same charts
    ("documents", "the documents' tables, survey results and cities", "captions.csv", "03_charts"),
    ("networks", "networks, city pairs and the literature", "captions_networks.csv", "06_networks"),
    ("audit", "the figures against the public record", "captions_audit.csv", "05_audit"),
)  # and one group per captions_compare_<pair>.csv
PLOTLY_MIME = "application/vnd.plotly.v1+json"
RAW_DOWNLOADS = ("sources.csv", "figures.csv", "cases.csv", "case_points.csv", "findings.csv")
SIX_NOTE = "Every population and GDP figure stated for the case-study cities, and what is computed from them."


def _without(owner: Sequence[str], *unused: str) -> tuple[str, ...]:
    """The columns of ``owner`` (as the module that writes or owns the table declares them) but ``unused``."""
    return tuple(column for column in owner if column not in unused)


# The columns the site requires of each table it reads: the owner's columns, less those the site never
# reads (offsets and base values of the registry, the audit's 'concerns', the quotes' 'occurrence', ...),
# so that the site requires only what it shows; in the owner's order, as its errors list them.
FIGURE_COLUMNS = _without(
    core_figures.COLUMNS, "value_number", "base_value", "base_unit", "char_offset", "value_offset"
)  # data/processed/figures.csv: citydip.core.figures.FIGURE_FIELDS
AUDIT_COLUMNS = _without(audit_model.COLUMNS, "concerns")  # data/processed/audit.csv
FINDING_COLUMNS = _without(audit_model.FINDING_COLUMNS, "concerns")  # data/raw/findings.csv
CASE_COLUMNS = _without(CASES_FILE_COLUMNS, "member_of", "member_of_quote")  # data/raw/cases.csv
POINT_COLUMNS = _without(compare.POINT_COLUMNS, "occurrence")  # data/raw/case_points.csv
COVERAGE_COLUMNS = tuple(name for name, *_ in COVERAGE_FIELDS)  # data/processed/coverage.csv
EXCLUSION_COLUMNS = _without(coverage.EXCLUSION_COLUMNS, "context", "occurrence", "number")  # data/raw/exclusions.csv
RELATION_COLUMNS = _without(audit_model.RELATION_COLUMNS, "occurrence")  # data/raw/audit_relations.csv
SPEC_COLUMNS = _without(tables_printed.MANIFEST_COLUMNS, "kind", "label_columns", "derived_from")  # tables.csv
SIX_COLUMNS = _without(SIX_FILE_COLUMNS, "base_value", "base_unit", "basis_quote")  # tables/six_cities.csv
CAPTION_COLUMNS = _without(CAPTION_FIELDS, "html")  # reports/figures/captions*.csv


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
    cells: dict[tuple[int, str], str] = field(default_factory=dict)  # (row, column) -> the cell's figure id


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
    texts: dict[str, str] = field(default_factory=dict)  # doc_id -> the document's text, as received
    coverage: pd.DataFrame = field(default_factory=pd.DataFrame)  # data/processed/coverage.csv
    exclusions: pd.DataFrame = field(default_factory=pd.DataFrame)  # data/raw/exclusions.csv
    version: str = ""  # the compendium's version (pyproject.toml), as CITATION.cff states it too

    @property
    def charts(self) -> list[ChartRef]:
        return [c for g in self.groups for c in g.charts]

    def overall(self) -> pd.DataFrame:
        return self.audit[self.audit["check"] == "overall"].set_index("figure_id")

    def public_record(self) -> dict[str, list[pd.Series]]:
        """For each figure id: the audit's public-record rows (reference value, source, verdict)."""
        rows = self.audit[self.audit["check"] == audit_model.PUBLIC_RECORD]
        found: dict[str, list[pd.Series]] = {}
        for _, row in rows.iterrows():
            found.setdefault(row["figure_id"], []).append(row)
        return found


def _read(path: Path, columns: tuple[str, ...] | list[str], key: str | None = None) -> pd.DataFrame:
    return read_table(path, list(columns), key=key).drop(columns="_line")


def _require(path: Path, what: str) -> Path:
    if not path.is_file():
        raise InputError(path, "file not found", expected=what)
    return path


def _check_ids(ids: list[str], known: set[str], path: Path, where: str) -> list[str]:
    unknown = [i for i in ids if i not in known]
    if unknown:
        problem = f"unknown figure id(s) {', '.join(unknown)}"
        raise InputError(path, problem, where=where, expected="ids of data/processed/figures.csv")
    return ids


def _version(root: Path) -> str:
    path = _require(root / "pyproject.toml", "the compendium's version")
    return tomllib.loads(path.read_text(encoding="utf-8"))["project"]["version"]


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
    figures_dir = root / "reports" / "figures"
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
    for _, row in findings.iterrows():
        _check_ids(split_ids(row["figure_ids"]), known, raw / "findings.csv", f"finding {row['finding_id']}")
    tables = _tables(processed, specs, figures, six, names, known)

    _require(figures_dir / PLOTLY_JS, "plotly.js shipped with the charts (run make)")
    city_of_slug = {slug(c): c for c in cases["city"]}
    pairs = comparisons(root)
    groups = _chart_groups(figures_dir, pairs, city_of_slug, known)
    pages = _notebook_pages(root, groups, tables, six, pairs, city_of_slug, figures) if notebooks else []

    downloads = _downloads(root, sources, groups)
    relations = _read(raw / "audit_relations.csv", RELATION_COLUMNS, key="relation_id")
    for _, row in relations.iterrows():
        _check_ids(split_ids(row["figure_ids"]), known, raw / "audit_relations.csv", f"relation {row['relation_id']}")
    chapters = _chapters(raw, sources, cases)
    texts = {doc_id: doc.text for doc_id, doc in load_documents(raw).items()}
    coverage = _read(processed / "coverage.csv", COVERAGE_COLUMNS)
    exclusions = _read(raw / "exclusions.csv", EXCLUSION_COLUMNS, key="exclusion_id")
    return SiteData(
        root, sources, figures, audit, findings, cases, points, six, tables, groups, pages, names, downloads,
        relations, chapters, texts, coverage, exclusions, _version(root),
    )  # fmt: skip


def cell_ids(spec: pd.Series, figures: pd.DataFrame) -> dict[tuple[int, str], str]:
    """The figure of each cell of a rebuilt table, by (row, column): as ``citydip.tables.printed`` rebuilds
    it, a printed row is a line of the document (in reading order) and a cell the figure of its column; a
    derived table (Figure 11) takes its cells from the tables it is derived from."""
    cells = {}
    for label in [t.strip() for t in spec["derived_from"].split(";") if t.strip()] or [spec["label"]]:
        mine = figures[(figures["doc_id"] == spec["doc_id"]) & (figures["table"] == label)]
        mine = mine.sort_values(by="value_offset", key=lambda s: s.astype(int))
        lines = list(dict.fromkeys(mine["line"]))
        for _, f in mine.iterrows():
            cells[(lines.index(f["line"]), f["column"])] = f["figure_id"]
    return cells


def _tables(
    processed: Path,
    specs: pd.DataFrame,
    figures: pd.DataFrame,
    six: pd.DataFrame,
    names: dict[str, str],
    known: set[str],
) -> list[TableRef]:
    """The printed tables as rebuilt (data/processed/tables/), then the table of the case-study cities."""
    tables = []
    for _, spec in specs.iterrows():
        path = processed / "tables" / spec["file"]
        frame = read_table(path, []).drop(columns="_line")
        mine = figures[(figures["doc_id"] == spec["doc_id"]) & (figures["table"] == spec["label"])]
        title = f"{spec['label']}: {spec['caption']}"
        note = f"{names.get(spec['doc_id'], spec['doc_id'])}. Notes as printed: {spec['notes'].replace(' | ', ' / ')}"
        cells = cell_ids(spec, figures)
        tables.append(TableRef(Path(spec["file"]).stem, title, note, frame, list(mine["figure_id"]), cells))
    six_ids = []
    six_path = processed / "tables" / "six_cities.csv"
    for _, row in six.iterrows():
        six_ids.extend(_check_ids(split_ids(row["figure_ids"]), known, six_path, row["city"]))
    tables.append(TableRef("six_cities", "The case-study cities", SIX_NOTE, six, list(dict.fromkeys(six_ids))))
    return tables


def _chart_groups(
    figures_dir: Path, pairs: list[str], city_of_slug: dict[str, str], known: set[str]
) -> list[ChartGroup]:
    """One group per captions file (CHART_GROUPS, then one per comparison), each with its charts."""
    groups = [
        ChartGroup(key, title, figures_dir / captions, f"notebooks/{notebook}")
        for key, title, captions, notebook in CHART_GROUPS
    ]
    for pair in pairs:
        path = figures_dir / f"captions_compare_{pair}.csv"
        cities = [city_of_slug.get(s, s) for s in pair.split("__")]
        groups.append(ChartGroup(f"compare-{pair}", " and ".join(cities), path, f"notebooks/{COMPARE_DIR}/{pair}"))
    for group in groups:
        captions = _read(_require(group.captions, "the chart captions (run make)"), CAPTION_COLUMNS, "chart")
        for _, row in captions.iterrows():
            ids = _check_ids(split_ids(row["figure_ids"]), known, group.captions, f"chart {row['chart']}")
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
    return groups


def _notebook_pages(
    root: Path,
    groups: list[ChartGroup],
    tables: list[TableRef],
    six: pd.DataFrame,
    pairs: list[str],
    city_of_slug: dict[str, str],
    figures: pd.DataFrame,
) -> list[NotebookPage]:
    """The executed notebooks (reports/notebooks/), each with the captions its page gets."""
    raw, executed = root / "data" / "raw", root / "reports" / "notebooks"
    charts_of = {g.notebook: g for g in groups}
    sources_nb = [(f"notebooks/{n}", executed / f"{n}.ipynb", "") for n in NOTEBOOKS]
    for pair in pairs:
        path = executed / COMPARE_DIR / f"{pair}.ipynb"
        cities = [city_of_slug.get(s, s) for s in pair.split("__")]
        sources_nb.append((f"notebooks/{COMPARE_DIR}/{path.stem}", path, " and ".join(cities)))
    printed = [t for t in tables if t.stem != "six_cities"]
    case_objects: dict[str, Case] | None = None
    pages = []
    for docname, path, nav in sources_nb:
        nb = _notebook(path)
        group = charts_of.get(docname)
        page = NotebookPage(docname, path, nav or _title(nb, path), _n_charts(nb), group.page if group else None)
        page.charts, page.printed = (list(group.charts) if group else []), printed
        if docname == "notebooks/02_tables":
            page.tables = [TableCaption("six", "six_cities", SIX_NOTE, tables[-1].figure_ids)]
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
    return pages


def _downloads(root: Path, sources: pd.DataFrame, groups: list[ChartGroup]) -> dict[str, Path]:
    """The files copied into the site for download: site path -> file."""
    raw, processed = root / "data" / "raw", root / "data" / "processed"
    downloads = {}
    for name in RAW_DOWNLOADS:
        downloads[f"data/raw/{name}"] = _require(raw / name, "a raw input")
    for path in [*sorted(processed.glob("*.csv")), *sorted((processed / "tables").glob("*.csv"))]:
        downloads[path.relative_to(root).as_posix()] = path
    for name in ("references.bib", "documents.bib", "datapackage.json"):
        if (processed / name).is_file():
            downloads[f"data/processed/{name}"] = processed / name
    for _, row in sources.iterrows():
        downloads[f"documents/{row['file']}"] = _require(raw / "documents" / row["file"], "the document of sources.csv")
    for chart in [c for g in groups for c in g.charts]:
        for path in (chart.png, chart.svg):
            if path is not None:
                downloads[f"figures/{path.name}"] = path
        downloads[f"figures/{chart.figure_json.name}"] = chart.figure_json
    return downloads


def _chapters(raw: Path, sources: pd.DataFrame, cases: pd.DataFrame) -> dict[str, Chapter]:
    """The chapter of each case-study city in its document, where it has one (``chapter_lines``)."""
    chapters = {}
    files = dict(zip(sources["doc_id"], sources["file"], strict=True))
    for _, case in cases.iterrows():
        if case["doc_id"] not in files:
            raise InputError(raw / "cases.csv", f"unknown doc_id {case['doc_id']!r}", where=case["city"])
        text = (raw / "documents" / files[case["doc_id"]]).read_text(encoding="utf-8")
        found = chapter_lines(case["city"], text.split("\n"))
        if found:
            chapters[case["city"]] = Chapter(case["doc_id"], *found)
    return chapters


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


def read_figure(path: Path) -> dict:
    """A chart's plotly figure as JSON (reports/figures/<chart>.plotly.json), read when its page is written."""
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
