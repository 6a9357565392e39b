"""Ledna's printed tables: rebuilt from the figure registry and compared with their transcriptions.

``data/raw/tables/tables.csv`` lists each printed table (label, caption, the columns that hold
labels rather than figures, the tables it is derived from, its printed notes) and names its
transcription: a CSV holding the table exactly as printed, header text included.

A table is *rebuilt* from ``data/processed/figures.csv`` alone: the header line is read from the
document (under the table's caption), each figure cell from the value of the registered figure
whose column is that header, and each label cell (city, country, policy area) from the verbatim
row quote of those figures. The rebuilt table is then compared cell by cell with the
transcription. A derived table (Figure 11, from Figures 3, 6, 8 and 10) is rebuilt from the
tables it is derived from. Derived columns (Total Growth, % GDP Growth) are recomputed from
their inputs and compared with the printed values at the printed rounding.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from citydip.core import paths
from citydip.core.csvio import frame_to_csv_text, read_table, read_written, write_if_changed
from citydip.core.errors import InputError
from citydip.core.figures import Figure, records
from citydip.core.numbers import format_decimal
from citydip.core.sources import Document
from citydip.core.text import plain_header, round_half_up
from citydip.stages import CLAIMS, COMPARISON, DERIVED

MANIFEST = "tables/tables.csv"
MANIFEST_COLUMNS = ("table_id", "doc_id", "label", "caption", "file", "kind", "label_columns", "derived_from", "notes")
KINDS = ("population_economy", "policy_matrix")
FIGURE_KINDS = ("table_cell", "policy_code")


@dataclass(frozen=True)
class TableSpec:
    """One printed table, as listed in ``data/raw/tables/tables.csv``."""

    table_id: str
    doc_id: str
    label: str
    caption: str
    file: str
    kind: str
    label_columns: tuple[str, ...]
    derived_from: tuple[str, ...]
    notes: tuple[str, ...]
    line: int  # line of the manifest, for errors

    @property
    def output_name(self) -> str:
        return self.file  # the rebuilt table keeps the transcription's file name


def _split(text: str, sep: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(sep) if part.strip())


def load_manifest(raw_dir: str | Path = "data/raw") -> list[TableSpec]:
    """The printed tables, in manifest order, checked for known kinds and resolvable sources."""
    path = paths.resolve(raw_dir) / MANIFEST
    frame = read_table(path, MANIFEST_COLUMNS, key="table_id")
    specs = []
    for _, row in frame.iterrows():
        where = f"line {row['_line']} ({row['table_id']})"
        if row["kind"] not in KINDS:
            raise InputError(path, f"unknown kind {row['kind']!r}", where=where, expected=" or ".join(KINDS))
        if not (paths.resolve(raw_dir) / "tables" / row["file"]).is_file():
            raise InputError(path, f"transcription {row['file']!r} not found", where=where, expected="a CSV in tables/")
        specs.append(
            TableSpec(
                table_id=row["table_id"],
                doc_id=row["doc_id"],
                label=row["label"],
                caption=row["caption"],
                file=row["file"],
                kind=row["kind"],
                label_columns=_split(row["label_columns"], ";"),
                derived_from=_split(row["derived_from"], ";"),
                notes=_split(row["notes"], " | "),
                line=int(row["_line"]),
            )
        )
    labels = {(s.doc_id, s.label) for s in specs}
    for s in specs:
        for source in s.derived_from:
            if (s.doc_id, source) not in labels:
                raise InputError(
                    path,
                    f"derived_from names {source!r}, which is not listed",
                    where=f"line {s.line} ({s.table_id})",
                    expected="labels of tables listed in the same manifest",
                )
    return specs


def read_transcription(raw_dir: str | Path, spec: TableSpec) -> pd.DataFrame:
    """A transcription as printed: every cell text, the first row as header."""
    path = paths.resolve(raw_dir) / "tables" / spec.file
    text = path.read_text(encoding="utf-8")
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise InputError(path, f"malformed CSV: {exc}", expected="RFC 4180 quoting") from exc
    rows = [r for r in rows if r]
    if len(rows) < 2:
        raise InputError(path, "no rows under the header", expected="a header line and at least one row")
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(rows[0]):
            raise InputError(
                path, f"{len(row)} cells", where=f"line {number}", expected=f"{len(rows[0])} cells as in the header"
            )
    return pd.DataFrame(rows[1:], columns=rows[0], dtype=object)


def header_line(doc: Document, label: str) -> list[str]:
    """The header of the table captioned ``label`` in the document: the first non-empty line after the caption."""
    captions = doc.caption_lines(label)
    if len(captions) != 1:
        raise InputError(
            doc.path, f"{len(captions)} captions for {label!r}", expected=f"exactly one line starting with '{label}:'"
        )
    header = next((line for line in doc.lines[captions[0] :] if line.strip()), "")  # lines[n]: the line after n
    if "\t" not in header:
        raise InputError(doc.path, f"no tab-separated header under {label!r}", expected="a table header line")
    return header.split("\t")


def printed_cell(figure: Figure) -> str:
    """How a registered table figure is printed in its cell: its value, with '%' for a percentage."""
    return figure["value"] + ("%" if figure["unit"] == "percent" else "")


def table_figures(figures: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    """The registered figures printed in one table, in reading order."""
    mine = figures[
        (figures["doc_id"] == spec.doc_id) & (figures["table"] == spec.label) & figures["kind"].isin(FIGURE_KINDS)
    ]
    return mine.sort_values(by="value_offset", key=lambda s: s.astype(int))


def rebuild(spec: TableSpec, figures: pd.DataFrame, doc: Document) -> pd.DataFrame:
    """The table rebuilt from the registry (see the module docstring); every cell as text."""
    header = header_line(doc, spec.label)
    for column in spec.label_columns:
        if column not in header:
            raise InputError(
                paths.RAW / MANIFEST,
                f"label column {column!r} is not in the header of {spec.label} ({' | '.join(header)})",
                where=f"line {spec.line} ({spec.table_id})",
                expected="label columns exactly as printed",
            )
    mine = table_figures(figures, spec)
    if mine.empty:
        raise InputError(
            "data/processed/figures.csv", f"no figure registered in {spec.doc_id} {spec.label}", expected="its cells"
        )
    lines: dict[str, list[Figure]] = {}  # the figures of each printed row, rows in reading order
    for figure in records(mine):
        lines.setdefault(figure["line"], []).append(figure)
    rows: list[list[str | None]] = []
    for group in lines.values():
        quote_cells = group[0]["quote"].split("\t")
        cells: list[str | None] = [None] * len(header)
        for column in spec.label_columns:
            cells[header.index(column)] = quote_cells[header.index(column)]
        for figure in group:
            cells[header.index(figure["column"])] = printed_cell(figure)
        for index, cell in enumerate(cells):
            if cell is None:
                raise InputError(
                    "data/processed/figures.csv",
                    f"{spec.label}, row {quote_cells[0]!r}: no figure for column {header[index]!r}",
                    expected="every figure cell of a printed table registered",
                )
        rows.append(cells)
    return pd.DataFrame(rows, columns=header, dtype=object)


def rebuild_derived(spec: TableSpec, specs: list[TableSpec], figures: pd.DataFrame, doc: Document) -> pd.DataFrame:
    """A matrix derived from single-column tables (Figure 11 from 3, 6, 8, 10), side by side.

    Rows follow the first source table; each source contributes its one figure column,
    headed by that column's header (the city). A row missing from a source is an error.
    """
    by_label = {s.label: s for s in specs if s.doc_id == spec.doc_id}
    parts = [rebuild(by_label[label], figures, doc) for label in spec.derived_from]
    first = parts[0]
    key = first.columns[0]
    merged = first.copy()
    for label, part in zip(spec.derived_from[1:], parts[1:], strict=True):
        if list(part[part.columns[0]]) != list(first[key]):
            raise InputError(
                paths.RAW / MANIFEST,
                f"{label} does not list the same rows as {spec.derived_from[0]}",
                where=f"line {spec.line} ({spec.table_id})",
                expected="source tables with the same row labels in the same order",
            )
        for column in part.columns[1:]:
            merged[column] = list(part[column])
    return merged


def build(spec: TableSpec, specs: list[TableSpec], figures: pd.DataFrame, doc: Document) -> pd.DataFrame:
    """The rebuilt table as the compendium publishes it: derived tables from their sources."""
    return rebuild_derived(spec, specs, figures, doc) if spec.derived_from else rebuild(spec, figures, doc)


def compare(rebuilt: pd.DataFrame, printed: pd.DataFrame) -> pd.DataFrame:
    """Cell-by-cell comparison: one row per header cell and body cell, with status same/different/missing."""
    out = []
    width = max(len(rebuilt.columns), len(printed.columns))
    for j in range(width):
        r = rebuilt.columns[j] if j < len(rebuilt.columns) else None
        p = printed.columns[j] if j < len(printed.columns) else None
        out.append(("header", j + 1, p, r))
    for i in range(max(len(rebuilt), len(printed))):
        for j in range(width):
            r = rebuilt.iat[i, j] if i < len(rebuilt) and j < len(rebuilt.columns) else None
            p = printed.iat[i, j] if i < len(printed) and j < len(printed.columns) else None
            out.append((f"row {i + 1}", j + 1, p, r))
    frame = pd.DataFrame(out, columns=["row", "column", "printed", "rebuilt"])
    frame["status"] = [
        "same" if p == r else ("missing in rebuilt" if r is None else "missing in print" if p is None else "different")
        for p, r in zip(frame["printed"], frame["rebuilt"], strict=True)
    ]
    return frame


# --- derived columns -------------------------------------------------------------------------

_GDP_2010, _GDP_2025, _GROWTH, _PERCENT = "GDP 2010", "GDP 2025", "Total Growth", "% GDP Growth"


def _number(cell: str) -> Decimal:
    return Decimal(cell.replace(",", "").rstrip("%"))


def _places(cell: str) -> int:
    digits = cell.replace(",", "").rstrip("%")
    return len(digits.split(".")[1]) if "." in digits else 0


def derived_checks(spec: TableSpec, table: pd.DataFrame) -> pd.DataFrame:
    """Total Growth and % GDP Growth recomputed from the GDP columns of each row, at the printed rounding."""
    if spec.kind != "population_economy":
        return pd.DataFrame(columns=DERIVED_COLUMNS)
    plain = {plain_header(c): c for c in table.columns}
    missing = [c for c in (_GDP_2010, _GDP_2025, _GROWTH, _PERCENT) if c not in plain]
    if missing:
        raise InputError(
            paths.RAW / MANIFEST,
            f"{spec.label} lacks column(s) {', '.join(missing)}",
            where=f"line {spec.line} ({spec.table_id})",
            expected="the population and economy columns as printed in Ledna's tables",
        )
    out = []
    for _, row in table.iterrows():
        start, end = _number(row[plain[_GDP_2010]]), _number(row[plain[_GDP_2025]])
        for column, formula, exact in (
            (_GROWTH, "GDP 2025 - GDP 2010", end - start),
            (_PERCENT, "(GDP 2025 - GDP 2010) / GDP 2010 x 100", (end - start) / start * 100),
        ):
            printed = row[plain[column]]
            rounded = round_half_up(exact, _places(printed))
            out.append(
                {
                    "table": spec.label,
                    "row": row.iloc[0],
                    "column": column,
                    "formula": formula,
                    "inputs": f"GDP 2010 = {row[plain[_GDP_2010]]}; GDP 2025 = {row[plain[_GDP_2025]]}",
                    "computed": format_decimal(round_half_up(exact, 4)),
                    "computed_at_printed_rounding": format_decimal(rounded),
                    "printed": printed,
                    "agrees": "yes" if rounded == _number(printed) else "no",
                }
            )
    return pd.DataFrame(out, columns=DERIVED_COLUMNS)


DERIVED_COLUMNS = [
    "table",
    "row",
    "column",
    "formula",
    "inputs",
    "computed",
    "computed_at_printed_rounding",
    "printed",
    "agrees",
]


# --- the whole step -----------------------------------------------------------------------------


@dataclass
class TablesResult:
    specs: list[TableSpec]
    rebuilt: dict[str, pd.DataFrame]  # table_id -> rebuilt table
    printed: dict[str, pd.DataFrame]  # table_id -> transcription
    comparisons: pd.DataFrame  # every cell of every table
    derived: pd.DataFrame  # derived-column checks

    def summary(self) -> pd.DataFrame:
        """One row per table: how it was rebuilt and how many cells differ from the print."""
        rows = []
        for spec, label, source in self._variants():
            cells = self.comparisons[self.comparisons["table"] == label]
            checks = self.derived[self.derived["table"] == label]
            rows.append(
                {
                    "table": label,
                    "caption": spec.caption,
                    "rebuilt from": source,
                    "cells compared": len(cells),
                    "cells differing": int((cells["status"] != "same").sum()),
                    "derived values checked": len(checks),
                    "derived values disagreeing": int((checks["agrees"] != "yes").sum()),
                    "output": f"data/processed/tables/{spec.output_name}",
                }
            )
        return pd.DataFrame(rows).set_index("table")

    def _variants(self):
        for spec in self.specs:
            if spec.derived_from:
                yield spec, spec.label, ", ".join(spec.derived_from)
                yield spec, f"{spec.label} (own cells)", "its own registered figures (not published)"
            else:
                yield spec, spec.label, "its registered figures"

    def differences(self) -> pd.DataFrame:
        return self.comparisons[self.comparisons["status"] != "same"]


def rebuild_all(raw_dir: str | Path, figures: pd.DataFrame, documents: dict[str, Document]) -> TablesResult:
    """Rebuild and compare every printed table, writing nothing."""
    specs = load_manifest(raw_dir)
    rebuilt, printed, comparisons, derived = {}, {}, [], []
    for spec in specs:
        if spec.doc_id not in documents:
            raise InputError(
                paths.resolve(raw_dir) / MANIFEST, f"unknown doc_id {spec.doc_id!r}", where=f"line {spec.line}"
            )
        table = build(spec, specs, figures, documents[spec.doc_id])
        transcription = read_transcription(raw_dir, spec)
        rebuilt[spec.table_id], printed[spec.table_id] = table, transcription
        compared = compare(table, transcription)
        compared.insert(0, "table", spec.label)
        comparisons.append(compared)
        if spec.derived_from:  # the table's own registered cells must agree with the print too
            own = compare(rebuild(spec, figures, documents[spec.doc_id]), transcription)
            own.insert(0, "table", f"{spec.label} (own cells)")
            comparisons.append(own)
        derived.append(derived_checks(spec, table))
    return TablesResult(
        specs, rebuilt, printed, pd.concat(comparisons, ignore_index=True), pd.concat(derived, ignore_index=True)
    )


def run(
    raw_dir: str | Path, figures: pd.DataFrame, documents: dict[str, Document], out_dir: str | Path
) -> TablesResult:
    """Rebuild, compare and write every printed table; returns everything the notebook shows."""
    result = rebuild_all(raw_dir, figures, documents)
    specs = result.specs
    out = paths.output(out_dir)
    for spec in specs:
        write_if_changed(out / spec.output_name, frame_to_csv_text(result.rebuilt[spec.table_id]))
    write_if_changed(out / COMPARISON, frame_to_csv_text(result.comparisons))
    write_if_changed(out / DERIVED, frame_to_csv_text(result.derived))
    return result


OUTPUTS = (COMPARISON, DERIVED)


def policy_matrix(table: pd.DataFrame) -> pd.DataFrame:
    """A rebuilt policy table as a matrix: index = policy area, columns = cities, cells = codes."""
    return table.set_index(table.columns[0])


def write_claims(claims: pd.DataFrame, out_dir: str | Path) -> None:
    """The verdicts of the documents' claims about the policy matrix, under each coding tested."""
    write_if_changed(paths.output(out_dir) / CLAIMS, frame_to_csv_text(claims))


def output_names(specs: list[TableSpec]) -> list[str]:
    """Every file ``run`` writes under the tables folder."""
    return [s.output_name for s in specs] + list(OUTPUTS)


def load_built(raw_dir: str | Path, tables_dir: str | Path = "data/processed/tables") -> TablesResult:
    """The tables notebook 02 wrote, read back (later stages read them; they never rebuild them).

    The specs and transcriptions come from ``raw_dir``; the rebuilt tables, the cell comparison and
    the derived-column checks from ``tables_dir``, as text, exactly as :func:`rebuild_all` built them.
    """
    specs = load_manifest(raw_dir)
    folder = paths.resolve(tables_dir)
    rebuilt, printed = {}, {}
    for spec in specs:
        printed[spec.table_id] = read_transcription(raw_dir, spec)
        rebuilt[spec.table_id] = read_written(folder / spec.output_name).astype(object)
    comparisons = read_written(folder / OUTPUTS[0], ["table", "row", "column", "printed", "rebuilt", "status"])
    derived = read_written(folder / OUTPUTS[1], DERIVED_COLUMNS)
    comparisons, derived = comparisons.astype(object), derived.astype(object)
    return TablesResult(specs, rebuilt, printed, comparisons, derived)
