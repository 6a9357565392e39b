"""The figure registry: every figure the documents state, located by its verbatim quote.

Each row of ``data/raw/figures.csv`` is checked against its document: the quote
must occur (exactly once, or the row names which occurrence), the value must be
one of the numbers of the quote (for a table cell: the cell under its column),
the unit must be known and the value readable in it. Ingest computes the line
and character offsets itself; nothing about location is typed by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from citydip.core.csvio import read_table, records
from citydip.core.errors import InputError
from citydip.core.numbers import find_numbers, find_value
from citydip.core.sources import Document
from citydip.core.units import UNITS, read_number, to_base

FIGURE_COLUMNS = (
    "figure_id", "doc_id", "quote", "occurrence", "value", "unit", "entity", "measure",
    "period", "kind", "qualifier", "table", "column", "note",
)  # fmt: skip
KINDS = {
    "text": "a figure stated in the running text",
    "table_cell": "a number in a printed table",
    "policy_code": "a policy-area code (+ 0 - ?) in one of Ledna's matrices",
    "date": "a year or decade at which something happened (founding, signing, event)",
}
TABLE_KINDS = {"table_cell", "policy_code"}


@dataclass(frozen=True)
class Figure:
    row: dict[str, str]
    line: int  # 1-based line of the quote's first character
    char_offset: int  # 0-based character offset of the quote in the document
    value_start: int  # character offsets of the value itself in the document
    value_end: int
    value_number: Decimal | None
    base_value: Decimal | None

    @property
    def figure_id(self) -> str:
        return self.row["figure_id"]

    @property
    def base_unit(self) -> str:
        return UNITS[self.row["unit"]].base


def load_registry(path: Path) -> pd.DataFrame:
    return read_table(path, FIGURE_COLUMNS, key="figure_id", exact=True)


def locate(doc: Document, snippet: str, occurrence: str, *, file: Path, where: str, what: str) -> int:
    """Offset of ``snippet`` in ``doc``: the only occurrence, or the one ``occurrence`` names."""
    if not snippet:
        raise InputError(file, f"empty {what}", where=where, expected=f"a verbatim {what} from {doc.path.name}")
    hits = doc.occurrences(snippet)
    if not hits:
        raise InputError(
            file,
            f"{what} not found in {doc.path.name}: {snippet[:60]!r}{closest(doc, snippet)}",
            where=where,
            expected="a verbatim substring of the document (same characters, quotes and spaces)",
        )
    occurrence = occurrence.strip()
    if not occurrence:
        if len(hits) > 1:
            raise InputError(
                file,
                f"ambiguous {what}: it occurs {len(hits)} times in {doc.path.name}",
                where=where,
                expected=f"a longer {what}, or an occurrence number from 1 to {len(hits)}",
            )
        return hits[0]
    if not occurrence.isdigit() or not 1 <= int(occurrence) <= len(hits):
        raise InputError(
            file,
            f"occurrence {occurrence!r}, but the {what} occurs {len(hits)} time(s)",
            where=where,
            expected=f"an occurrence number from 1 to {len(hits)}"
            if len(hits) > 1
            else "an empty occurrence (the quote is unique)",
        )
    if len(hits) == 1:
        raise InputError(
            file,
            f"occurrence {occurrence} given for a {what} that occurs once",
            where=where,
            expected="an empty occurrence",
        )
    return hits[int(occurrence) - 1]


def closest(doc: Document, snippet: str) -> str:
    """Where the document parts from a quote it does not hold: the longest start of the quote it has,
    and the first character that differs, with both code points ('' if not even the first character)."""
    lo, hi = 0, len(snippet)  # the longest prefix found is lo characters
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if snippet[:mid] in doc.text:
            lo = mid
        else:
            hi = mid - 1
    if lo < 3:
        return ""
    at = doc.text.find(snippet[:lo])
    theirs = doc.text[at + lo] if at + lo < len(doc.text) else ""
    ours = snippet[lo]
    passage = doc.text[at : at + lo + 20].replace("\n", " / ")
    what = f"{theirs!r} (U+{ord(theirs):04X})" if theirs else "the end of the document"
    return (
        f"; the closest passage (line {doc.line_of(at)}) is {passage!r}: the first difference is character "
        f"{lo + 1} of the quote, {ours!r} (U+{ord(ours):04X}) in the quote, {what} in the document"
    )


def _scaled(value: str, quote: str) -> str:
    """Why a value is not found where the quote has it with a scale word: '244' in '244 million'."""
    longer = [n.text for n in find_numbers(quote) if n.text.lower().startswith(f"{value.lower()} ")]
    if not longer:
        return ""
    return (
        f" as a whole number: the quote has {longer[0]!r} (the scale word is part of the value: write it in the "
        "value, or use a unit of that scale such as 'million people')"
    )


def check_unit_in_quote(row: dict[str, str], after: str, file: Path, where: str) -> None:
    """A unit the quote contradicts: '%' right after the value with a unit other than percent. (A scale
    word right after it is part of the number the scanner reads: see ``_scaled``.)"""
    value, unit = row["value"], row["unit"]
    if after.lstrip().startswith("%") and unit != "percent":
        raise InputError(
            file, f"the quote has '%' after {value!r}, but the unit is {unit!r}", where=where, expected="unit percent"
        )


def _table_cell(doc: Document, row: dict[str, str], start: int, file: Path, where: str) -> tuple[int, int]:
    """Document span of the cell ``row['column']`` in the table row quoted at ``start``."""
    table, column, quote = row["table"].strip(), row["column"].strip(), row["quote"]
    if not table or not column:
        raise InputError(
            file,
            f"kind {row['kind']} without table and column",
            where=where,
            expected="the table label (e.g. 'Figure 1') and the column header",
        )
    captions = doc.caption_lines(table)
    if len(captions) != 1:
        raise InputError(
            file,
            f"table {table!r} has {len(captions)} captions in {doc.path.name}",
            where=where,
            expected=f"exactly one line starting with '{table}:'",
        )
    line = captions[0] + 1
    while not doc.line_text(line).strip():
        line += 1
    header = doc.line_text(line).split("\t")
    if header.count(column) != 1:
        raise InputError(
            file,
            f"column {column!r} is not a header of {table} ({' | '.join(header)})",
            where=where,
            expected="the column header exactly as printed",
        )
    rows_start, _ = doc.line_span(doc._line_starts[line])  # the line after the header
    block_end = doc.text.find("\n\n", rows_start)
    line_start, line_end = doc.line_span(start)
    if not (rows_start <= start < (block_end if block_end != -1 else len(doc.text))):
        raise InputError(file, f"the quote is not a row of {table}", where=where, expected=f"a row of {table}")
    if start != line_start or start + len(quote) != line_end:
        raise InputError(
            file, "a table quote must be one whole row", where=where, expected=f"the full row line of {table}"
        )
    cells = quote.split("\t")
    index = header.index(column)
    if index >= len(cells):
        raise InputError(
            file,
            f"the row has {len(cells)} cells, none under {column!r}",
            where=where,
            expected=f"a row with a cell under {column!r}",
        )
    cell_start = start + sum(len(c) + 1 for c in cells[:index])
    cell = cells[index]
    value = row["value"]
    if row["kind"] == "policy_code":
        if cell.strip() != value:
            raise InputError(
                file,
                f"value {value!r} but the cell under {column!r} reads {cell!r}",
                where=where,
                expected="the code exactly as printed",
            )
    else:
        hits = find_value(value, cell)
        rest = cell.replace(value, "", 1).strip() if hits else cell
        if len(hits) != 1 or rest not in ("", "%"):
            raise InputError(
                file,
                f"value {value!r} but the cell under {column!r} reads {cell!r}",
                where=where,
                expected="the number exactly as printed in that cell",
            )
    offset = cell_start + (len(cell) - len(cell.lstrip()))
    return offset, offset + len(cell.strip())


def validate_row(row: dict[str, str], documents: dict[str, Document], file: Path) -> Figure:
    where = f"line {row['_line']} (figure_id {row['figure_id']})"
    doc = documents.get(row["doc_id"])
    if doc is None:
        raise InputError(
            file, f"unknown doc_id {row['doc_id']!r}", where=where, expected=f"one of {', '.join(sorted(documents))}"
        )
    if row["kind"] not in KINDS:
        raise InputError(file, f"unknown kind {row['kind']!r}", where=where, expected=f"one of {', '.join(KINDS)}")
    unit = row["unit"]
    if unit not in UNITS:
        raise InputError(file, f"unknown unit {unit!r}", where=where, expected=f"one of {', '.join(UNITS)}")
    if (row["kind"] == "policy_code") != (unit == "policy code"):
        raise InputError(
            file,
            f"kind {row['kind']} with unit {unit!r}",
            where=where,
            expected="unit 'policy code' exactly for kind policy_code",
        )
    value = row["value"]
    try:
        number = read_number(value, unit)
        base = to_base(value, unit)
    except ValueError as exc:
        raise InputError(
            file, f"value cannot be read: {exc}", where=where, expected=f"a number as stated, readable in unit {unit!r}"
        ) from exc
    quote = row["quote"]
    start = locate(doc, quote, row["occurrence"], file=file, where=where, what="quote")
    if row["kind"] in TABLE_KINDS:
        value_start, value_end = _table_cell(doc, row, start, file, where)
    else:
        if row["table"].strip() or row["column"].strip():
            raise InputError(
                file,
                f"table/column given for kind {row['kind']}",
                where=where,
                expected="table and column only for table_cell and policy_code",
            )
        hits = find_value(value, quote)
        if len(hits) != 1:
            problem = (
                f"value {value!r} is not in its quote{_scaled(value, quote)}"
                if not hits
                else f"value {value!r} occurs {len(hits)} times in its quote"
            )
            raise InputError(
                file, problem, where=where, expected="a quote in which the value stands exactly once, as a whole number"
            )
        value_start, value_end = start + hits[0].start, start + hits[0].end
        check_unit_in_quote(row, quote[hits[0].end :], file, where)
    qualifier = row["qualifier"].strip()
    if qualifier and not re.search(rf"(?<!\w){re.escape(qualifier)}(?!\w)", quote, re.IGNORECASE):
        inside = re.search(re.escape(qualifier), quote, re.IGNORECASE)
        raise InputError(
            file,
            f"qualifier {qualifier!r} is not in its quote"
            + (f" as a word (only inside {_word_at(quote, inside.start())!r})" if inside else ""),
            where=where,
            expected="a qualifier worded as in the quote, as whole words (almost, more than, nearly ...)",
        )
    return Figure(row, doc.line_of(start), start, value_start, value_end, number, base)


def _word_at(text: str, index: int) -> str:
    """The whole word of ``text`` around ``index``."""
    start = index
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    end = index
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end]


def validate_registry(path: Path, documents: dict[str, Document]) -> list[Figure]:
    """Every row of the registry, checked and located as it is read; stops at the first bad row."""
    return [validate_row(row, documents, path) for row in records(path, FIGURE_COLUMNS, key="figure_id", exact=True)]
