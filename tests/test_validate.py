"""The checks of the curated relation tables (citydip.networks.validate): each kind of bad row
stops the relations step with one line naming file, line and id, and nothing is written."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from citydip.core import paths
from citydip.core.csvio import read_table
from citydip.core.errors import InputError
from citydip.networks import relations
from conftest import snapshot

# --- bad input ----------------------------------------------------------------------------------------


def rows_of(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def edit(raw: Path, name: str, change) -> None:
    """Apply ``change(header, rows)`` to data/raw/relations/<name> in the copy."""
    path = raw / "relations" / name
    header, rows = rows_of(path)
    header = change(header, rows) or header
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def fails(raw: Path, tmp_path: Path) -> str:
    """Run the relations step on the altered copy; return its one-line error after checking nothing was written."""
    before = snapshot(raw)
    out = tmp_path / "processed"
    with pytest.raises(InputError) as caught:
        relations.run(raw, out)
    assert snapshot(raw) == before, "the relations step wrote under its raw folder"
    assert not out.exists() or not any(out.iterdir()), "a failed run left output behind"
    message = str(caught.value)
    assert "\n" not in message and "expected" in message
    return message


def set_cell(row_id: str, column: str, value: str):
    def change(header, rows):
        key = header[0]
        for row in rows:
            if row[key] == row_id:
                row[column] = value
                return None
        raise AssertionError(f"no row {row_id}")

    return change


def line_of(raw: Path, name: str, row_id: str) -> int:
    """The line on which a row starts, as an editor shows it (a quoted field may span lines)."""
    frame = read_table(raw / "relations" / name, [])
    return int(frame.set_index(frame.columns[0]).loc[row_id, "_line"])


@pytest.mark.parametrize(
    ("name", "row_id", "column", "value", "says"),
    [
        ("memberships.csv", "M05", "doc_id", "ledna2", "unknown doc_id 'ledna2'"),
        ("networks.csv", "c40", "quote", "the C40 Cities Climate Leadership Group (a coalition of towns", "not found"),
        ("pairs.csv", "P08", "quote", "Cape Town", "ambiguous quote"),
        ("pairs.csv", "P08", "occurrence", "2", "but the quote occurs 1 time(s)"),
        ("memberships.csv", "M20", "network_id", "uclg_cu", "unknown network_id 'uclg_cu'"),
        ("networks.csv", "eurocities", "founded", "BK-999", "figure 'BK-999' is not registered"),
        ("networks.csv", "eurocities", "founded", "BK-005", "not this network"),
        ("networks.csv", "eurocities", "founded", "BK-013", "not a founding year"),
        ("networks.csv", "eurocities", "members", "BK-015", "not a member count"),
        ("pairs.csv", "P01", "year", "LD-317", "belongs to another document (ledna)"),
        ("pairs.csv", "P20", "year", "LD-334", "is not stated in the quote"),
        ("pairs.csv", "P20", "year", "LD-332", "not a year"),
        ("pairs.csv", "P02", "kind", "twinning", "unknown kind 'twinning'"),
        ("pairs.csv", "P02", "city_b", "Zhengzhou", "city_b 'Zhengzhou' is not named in beukman"),
        ("memberships.csv", "M25", "role", "president", "unknown role 'president'"),
        ("memberships.csv", "M25", "quote", "She is most noted as serving as the chair", "does not name network 'c40'"),
        ("networks.csv", "c40", "aliases", "C40 Cities; C-40", "name 'C-40' occurs in no document"),
        ("networks.csv", "c40", "focus", "a coalition of cities founded in 2005", "does not name its document"),
        ("networks.csv", "c40", "focus", "clausen: a coalition of towns", "focus quote not found"),
        ("networks.csv", "mercocities", "aliases", "Merocities; EuroCities", "also a name of network 'eurocities'"),
        ("organisations.csv", "O01", "role", "patron", "unknown role 'patron'"),
        ("organisations.csv", "O01", "network_id", "c40", "both network_id and pair_id are given"),
        ("organisations.csv", "O09", "network_id", "", "neither network_id nor pair_id is given"),
        ("organisations.csv", "O01", "pair_id", "P99", "unknown pair_id 'P99'"),
        ("organisations.csv", "O09", "network_id", "100r", "unknown network_id '100r'"),
        ("organisations.csv", "O01", "organisation", "France-Toulouse Organisation", "does not name the organisation"),
        ("organisations.csv", "O01", "pair_id", "P05", "does not name both cities of pair P05 (London, Cape Town)"),
        ("organisations.csv", "O09", "network_id", "c40", "does not name network 'c40'"),
        ("organisations.csv", "O15", "network_id", "eurocities", "network 'eurocities' is given as its own"),
        ("organisations.csv", "O08", "quote", "This two-year program was funded", "does not name the organisation"),
        ("organisations.csv", "O05", "pair_id", "P09", "the same organisation, role and pair as O03"),
        ("organisations.csv", "O07", "doc_id", "clausen", "quote not found"),
    ],
)
def test_bad_row_is_a_one_line_error_naming_file_line_and_id(raw_copy, tmp_path, name, row_id, column, value, says):
    line = line_of(raw_copy, name, row_id)
    edit(raw_copy, name, set_cell(row_id, column, value))
    message = fails(raw_copy, tmp_path)
    assert message.startswith(f"{paths.relative(raw_copy / 'relations' / name)}, line {line} ("), message
    assert f" {row_id})" in message, message
    assert says in message, message


@pytest.mark.parametrize("name", ["networks.csv", "memberships.csv", "pairs.csv", "organisations.csv"])
def test_duplicate_id(raw_copy, tmp_path, name):
    def duplicate(header, rows):
        rows.append(dict(rows[0]))

    edit(raw_copy, name, duplicate)
    message = fails(raw_copy, tmp_path)
    assert name in message and "duplicate" in message and "first on line 2" in message


@pytest.mark.parametrize(
    ("name", "column"), [("networks.csv", "aliases"), ("pairs.csv", "year"), ("organisations.csv", "role")]
)
def test_missing_column(raw_copy, tmp_path, name, column):
    edit(raw_copy, name, lambda header, rows: [c for c in header if c != column])
    message = fails(raw_copy, tmp_path)
    assert name in message and f"missing column(s) {column}" in message and "line 1" in message


def test_tampered_document_stops_the_relations_step(raw_copy, tmp_path):
    doc = raw_copy / "documents" / "002_cc74d48a6bb02853.txt"
    doc.write_bytes(doc.read_bytes().replace(b"Seville, Spain in 1974", b"Sevilla, Spain in 1974", 1))
    assert "SHA-256" in fails(raw_copy, tmp_path)
