"""The real registry and the committed processed data."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from frictionless import Package

from citydip import audit, bibliography, cases, ingest, paths, relations, tables
from citydip.sources import load_manifest


@pytest.fixture(scope="module")
def result():
    return ingest.validate(paths.RAW, log=lambda *_: None)


@pytest.mark.parametrize("doc_id", list(load_manifest(paths.RAW)["doc_id"]))
def test_every_number_of_every_document_is_accounted_for(result, doc_id):
    left = [(a.line, a.number.text) for a in result.unaccounted if a.doc_id == doc_id]
    assert left == [], f"unaccounted numbers in {doc_id} (line, number): {left[:10]}"


@pytest.mark.parametrize("doc_id", list(load_manifest(paths.RAW)["doc_id"]))
def test_every_document_has_registered_figures(result, doc_id):
    assert any(f.row["doc_id"] == doc_id for f in result.figures)


def test_processed_tables_are_what_ingest_makes_of_the_raw_data(result):
    expected = ingest.tables(result)
    expected["datapackage.json"] = ingest.datapackage(expected)
    for name, text in expected.items():
        on_disk = (paths.PROCESSED / name).read_text(encoding="utf-8")
        assert on_disk == text, f"data/processed/{name} is stale or edited by hand: run make"


def test_datapackage_is_valid():
    report = Package(str(paths.PROCESSED / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_datapackage_check_catches_an_edited_table(tmp_path):
    """The validation above can fail: a changed value breaks the recorded hash and size."""
    for name in ingest.OUTPUTS:
        (tmp_path / name).write_bytes((paths.PROCESSED / name).read_bytes())
    table = tmp_path / "figures.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("13100000", "13200000", 1), encoding="utf-8")
    assert not Package(str(tmp_path / "datapackage.json")).validate().valid


def test_every_figure_points_at_its_quote(result):
    for f in result.figures:
        doc = result.documents[f.row["doc_id"]]
        assert doc.text[f.char_offset : f.char_offset + len(f.row["quote"])] == f.row["quote"]
        assert doc.line_of(f.char_offset) == f.line
        assert f.char_offset <= f.value_start < f.value_end <= f.char_offset + len(f.row["quote"])


SHARED_SOURCES = paths.ROOT.parent / "shared" / "sources"


@pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="../shared/sources is not beside this checkout")
def test_documents_are_the_shared_sources_unchanged():
    manifest = load_manifest(paths.RAW)
    for file in manifest["file"]:
        ours = (paths.RAW / "documents" / file).read_bytes()
        theirs = (SHARED_SOURCES / file).read_bytes()
        assert hashlib.sha256(ours).digest() == hashlib.sha256(theirs).digest(), file


def test_no_stray_files_in_processed():
    names = {p.name for p in Path(paths.PROCESSED).iterdir() if not p.name.startswith(".")}
    expected = {*ingest.OUTPUTS, "tables", audit.OUTPUT, *relations.OUTPUTS, *bibliography.OUTPUTS}
    assert names <= expected, names - expected
    written = {*tables.output_names(tables.load_manifest(paths.RAW)), cases.OUTPUT, tables.CLAIMS}
    found = {p.name for p in (paths.PROCESSED / "tables").iterdir() if not p.name.startswith(".")}
    assert found == written, found ^ written
