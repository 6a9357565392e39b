"""Every kind of bad input stops ingest with one line naming the file, the row or id, and what was
expected; data/raw is never written and no processed output is left behind."""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

import pytest

from citydip.core import paths
from citydip.core.errors import InputError
from citydip.ingest import pipeline as ingest
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
    return next(i for i, r in enumerate(rows) if is_text(r))


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


def test_a_document_that_is_not_utf8_names_the_file_and_byte(raw_copy, tmp_path):
    """A new document saved as Latin-1, with its true SHA-256 recorded: one line, no traceback (issue 15, item 5)."""
    doc = raw_copy / "documents" / "002_cc74d48a6bb02853.txt"
    doc.write_bytes("Caf\u00e9 diplomacy\n".encode("latin-1") + doc.read_bytes())
    header, rows = rows_of(raw_copy / "sources.csv")
    for row in rows:
        if row["file"] == doc.name:
            row["sha256"] = hashlib.sha256(doc.read_bytes()).hexdigest()
    write_rows(raw_copy / "sources.csv", header, rows)
    message = fails(raw_copy, tmp_path)
    assert doc.name in message and "not UTF-8 text" in message and "at byte 3" in message and "doc_id ledna" in message


def test_a_missing_document_is_named_without_machine_paths(raw_copy, tmp_path, monkeypatch):
    """Paths inside the project are shown relative to its root, in every part of the message."""
    monkeypatch.setattr(paths, "ROOT", tmp_path)  # the copy lies in the project, as data/raw does
    (raw_copy / "documents" / "002_cc74d48a6bb02853.txt").unlink()
    message = fails(raw_copy, tmp_path)
    assert "document file 002_cc74d48a6bb02853.txt not found in raw/documents" in message
    assert str(tmp_path) not in message


def is_text(row):
    return row["kind"] == "text"


def is_figure_1_population(row):
    return row["table"] == "Figure 1" and row["column"] == "Population* 2010"


def set_fields(raw: Path, pick, **fields) -> dict[str, str]:
    """Change ``fields`` of the first registry row that ``pick`` accepts (a callable on the row
    that may use its current values); return the changed row."""

    def change(header, rows):
        row = next(r for r in rows if pick(r))
        row.update({k: v(row) if callable(v) else v for k, v in fields.items()})
        return row

    return edit_registry(raw, change)


@pytest.mark.parametrize(
    ("pick", "fields", "says"),
    [
        (is_text, {"quote": lambda r: r["quote"] + " words that the document never says"}, "quote not found"),
        (is_text, {"quote": " the ", "occurrence": ""}, "ambiguous quote"),
        (is_text, {"occurrence": "99"}, "occurrence '99'"),
        (is_text, {"value": "98765", "unit": "count"}, "value '98765' is not in its quote"),
        (is_text, {"qualifier": "at most ever"}, "qualifier 'at most ever' is not in its quote"),
        (is_text, {"unit": "furlongs"}, "unknown unit 'furlongs'"),
        (is_text, {"kind": "rumour"}, "unknown kind 'rumour'"),
        (is_text, {"doc_id": "nobody"}, "unknown doc_id 'nobody'"),
        (is_figure_1_population, {"column": "Population 2025"}, "the cell under 'Population 2025' reads"),
    ],
    ids=[
        "quote-not-found",
        "ambiguous-quote",
        "occurrence-out-of-range",
        "value-not-in-quote",
        "qualifier-not-in-quote",
        "unknown-unit",
        "unknown-kind",
        "unknown-document",
        "table-cell-wrong-column",
    ],
)
def test_bad_registry_row(raw_copy, tmp_path, pick, fields, says):
    row = set_fields(raw_copy, pick, **fields)
    message = fails(raw_copy, tmp_path)
    assert "figures.csv" in message
    assert "line " in message and row["figure_id"] in message and says in message


@pytest.mark.parametrize(
    ("inside", "qualifier"),
    [("government", "over"), ("almost", "most")],
    ids=["over-inside-government", "most-inside-almost"],
)
def test_a_qualifier_found_only_inside_another_word_is_refused(raw_copy, tmp_path, inside, qualifier):
    """'over' in 'government', 'most' in 'almost': not the qualifier the quote states (issue 15, item 4)."""
    word = re.compile(rf"(?<!\w){qualifier}(?!\w)", re.IGNORECASE)

    def pick(row):
        return is_text(row) and inside in row["quote"].lower() and not word.search(row["quote"])

    row = set_fields(raw_copy, pick, qualifier=qualifier)
    message = fails(raw_copy, tmp_path)
    assert row["figure_id"] in message
    assert f"qualifier {qualifier!r} is not in its quote as a word (only inside" in message


def test_a_straight_quote_for_a_curly_one_names_the_closest_passage_and_the_character(raw_copy, tmp_path):
    """Issue 18: a straight " typed where the text has a curly one gave only 'quote not found'."""
    row = set_fields(raw_copy, lambda r: r["figure_id"] == "LD-005", quote='The three "levels of analysis"')
    message = fails(raw_copy, tmp_path)
    assert row["figure_id"] in message and "quote not found" in message
    assert "the closest passage (line " in message and "'The three " in message
    assert (
        "the first difference is character 11 of the quote, '\"' (U+0022) in the quote, '“' (U+201C) in the document"
        in message
    )


@pytest.mark.parametrize(
    ("figure_id", "fields", "says"),
    [
        ("BK-013", {"unit": "count"}, "the quote has '%' after '80', but the unit is 'count'; expected unit percent"),
        (
            "BK-028",
            {"value": "244", "unit": "people"},
            "value '244' is not in its quote as a whole number: the quote "
            "has '244 million' (the scale word is part of the value",
        ),
    ],
    ids=["percent-as-count", "scale-word-dropped"],
)
def test_a_unit_the_quote_contradicts_is_refused_at_check(raw_copy, tmp_path, figure_id, fields, says):
    """Issue 18: a percentage registered as a share or count passed --check and failed later in the audit."""
    set_fields(raw_copy, lambda r: r["figure_id"] == figure_id, **fields)
    message = fails(raw_copy, tmp_path)
    assert figure_id in message and says in message


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


def test_rights_that_the_document_does_not_state_verbatim_are_refused(raw_copy, tmp_path):
    """Issue 20: a document's rights are quoted from it, or 'not stated in the sources'; never claimed."""
    header, rows = rows_of(raw_copy / "sources.csv")
    row = next(r for r in rows if r["doc_id"] == "beukman")
    row["rights"] = "Creative Commons Attribution 4.0"
    write_rows(raw_copy / "sources.csv", header, rows)
    message = fails(raw_copy, tmp_path)
    assert "sources.csv, line 2 (doc_id beukman): rights 'Creative Commons Attribution 4.0' are not in" in message


def test_the_rights_of_each_document_are_quoted_from_it():
    _, rows = rows_of(paths.RAW / "sources.csv")
    stated = {r["doc_id"]: r["rights"] for r in rows}
    assert stated["beukman"] == stated["clausen"] == "not stated in the sources"
    for doc_id in ("ledna", "acuto"):
        file = next(r["file"] for r in rows if r["doc_id"] == doc_id)
        assert stated[doc_id] in (paths.RAW / "documents" / file).read_text(encoding="utf-8"), doc_id
