"""Every kind of bad input stops ingest with one line naming the file, the row or id, and what was
expected; data/raw is never written and no processed output is left behind."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from citydip import ingest
from citydip.errors import InputError
from conftest import snapshot


def rows_of(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def first_text_row(rows: list[dict[str, str]]) -> int:
    return next(i for i, r in enumerate(rows) if r["kind"] == "text")


def edit_registry(raw: Path, change) -> dict[str, str]:
    """Apply ``change(rows)`` to the registry copy; return the row it names (for the assertions)."""
    header, rows = rows_of(raw / "figures.csv")
    target = change(header, rows)
    write_rows(raw / "figures.csv", header, rows)
    return target


def fails(raw: Path, tmp_path: Path) -> str:
    """Run ingest on the altered copy; return its one-line error after checking nothing was written."""
    before = snapshot(raw)
    out = tmp_path / "processed"
    with pytest.raises(InputError) as caught:
        ingest.run(raw, out, log=lambda *_: None)
    assert snapshot(raw) == before, "ingest wrote under its raw folder"
    assert not out.exists() or not any(out.iterdir()), "a failed ingest left output behind"
    message = str(caught.value)
    assert "\n" not in message
    assert "expected" in message
    return message


def test_tampered_document(raw_copy, tmp_path):
    doc = raw_copy / "documents" / "002_cc74d48a6bb02853.txt"
    doc.write_bytes(doc.read_bytes().replace(b"13.1", b"13.2", 1))
    message = fails(raw_copy, tmp_path)
    assert "002_cc74d48a6bb02853.txt" in message and "SHA-256" in message and "doc_id ledna" in message


def test_quote_not_found(raw_copy, tmp_path):
    def change(header, rows):
        i = first_text_row(rows)
        rows[i]["quote"] = rows[i]["quote"] + " words that the document never says"
        return rows[i]

    row = edit_registry(raw_copy, change)
    message = fails(raw_copy, tmp_path)
    assert "figures.csv" in message and row["figure_id"] in message and "quote not found" in message


def test_ambiguous_quote(raw_copy, tmp_path):
    def change(header, rows):
        i = first_text_row(rows)
        rows[i].update(quote=" the ", occurrence="")
        return rows[i]

    row = edit_registry(raw_copy, change)
    message = fails(raw_copy, tmp_path)
    assert row["figure_id"] in message and "ambiguous quote" in message and "occurrence number" in message


def test_occurrence_out_of_range(raw_copy, tmp_path):
    def change(header, rows):
        i = first_text_row(rows)
        rows[i]["occurrence"] = "99"
        return rows[i]

    row = edit_registry(raw_copy, change)
    message = fails(raw_copy, tmp_path)
    assert row["figure_id"] in message and "occurrence '99'" in message


def test_value_not_in_its_quote(raw_copy, tmp_path):
    def change(header, rows):
        i = first_text_row(rows)
        rows[i].update(value="98765", unit="count")
        return rows[i]

    row = edit_registry(raw_copy, change)
    message = fails(raw_copy, tmp_path)
    assert row["figure_id"] in message and "value '98765' is not in its quote" in message


def test_table_cell_under_the_wrong_column(raw_copy, tmp_path):
    def change(header, rows):
        i = next(i for i, r in enumerate(rows) if r["table"] == "Figure 1" and r["column"] == "Population* 2010")
        rows[i]["column"] = "Population 2025"
        return rows[i]

    row = edit_registry(raw_copy, change)
    message = fails(raw_copy, tmp_path)
    assert row["figure_id"] in message and "the cell under 'Population 2025' reads" in message


def test_unknown_unit(raw_copy, tmp_path):
    def change(header, rows):
        rows[0]["unit"] = "furlongs"
        return rows[0]

    row = edit_registry(raw_copy, change)
    message = fails(raw_copy, tmp_path)
    assert row["figure_id"] in message and "unknown unit 'furlongs'" in message and "million people" in message


def test_duplicate_id(raw_copy, tmp_path):
    def change(header, rows):
        rows.append(dict(rows[0]))
        return rows[0]

    row = edit_registry(raw_copy, change)
    message = fails(raw_copy, tmp_path)
    assert f"duplicate figure_id '{row['figure_id']}'" in message and "line 2" in message


def test_missing_column(raw_copy, tmp_path):
    def change(header, rows):
        header.remove("unit")
        for r in rows:
            del r["unit"]
        return rows[0]

    edit_registry(raw_copy, change)
    message = fails(raw_copy, tmp_path)
    assert "figures.csv" in message and "missing column(s) unit" in message


def test_malformed_csv(raw_copy, tmp_path):
    path = raw_copy / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(3, 'XX-1,ledna,"an unclosed quote,,\n')
    path.write_text("".join(lines), encoding="utf-8")
    message = fails(raw_copy, tmp_path)
    assert "figures.csv" in message and "malformed CSV" in message


def test_row_with_too_many_fields(raw_copy, tmp_path):
    path = raw_copy / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].rstrip("\n") + ",surplus\n"
    path.write_text("".join(lines), encoding="utf-8")
    message = fails(raw_copy, tmp_path)
    assert "figures.csv, line 5" in message and "malformed CSV" in message


def test_unknown_document(raw_copy, tmp_path):
    def change(header, rows):
        rows[0]["doc_id"] = "nobody"
        return rows[0]

    row = edit_registry(raw_copy, change)
    message = fails(raw_copy, tmp_path)
    assert row["figure_id"] in message and "unknown doc_id 'nobody'" in message


def test_unaccounted_number(raw_copy, tmp_path):
    def change(header, rows):
        i = first_text_row(rows)
        return rows.pop(i)

    edit_registry(raw_copy, change)
    message = fails(raw_copy, tmp_path)
    assert "unaccounted number" in message


def test_exclusion_of_a_registered_number(raw_copy, tmp_path):
    _header, rows = rows_of(raw_copy / "figures.csv")
    figure = rows[first_text_row(rows)]
    ex_header, exclusions = rows_of(raw_copy / "exclusions.csv")
    exclusions.append(
        dict(
            exclusion_id="X-TEST",
            doc_id=figure["doc_id"],
            context=figure["quote"],
            occurrence=figure["occurrence"],
            number=figure["value"],
            reason="a test",
        )
    )
    write_rows(raw_copy / "exclusions.csv", ex_header, exclusions)
    message = fails(raw_copy, tmp_path)
    assert "exclusions.csv" in message and "X-TEST" in message and figure["figure_id"] in message
