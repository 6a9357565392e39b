"""The real registry and the committed processed data."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from frictionless import Package

from citydip import stages
from citydip.core import paths
from citydip.core.sources import load_manifest
from citydip.ingest import pipeline as ingest
from citydip.tables import cases
from citydip.tables import printed as tables


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
    expected["datapackage.json"] = ingest.datapackage(expected, list(result.documents))
    for name, text in expected.items():
        on_disk = (paths.PROCESSED / name).read_text(encoding="utf-8")
        assert on_disk == text, f"data/processed/{name} is stale or edited by hand: run make"


def test_datapackage_is_valid():
    report = Package(str(paths.PROCESSED / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def _package_copy(folder: Path) -> Path:
    """A copy of the data package and every table it describes; valid as copied."""
    for name in (*ingest.OUTPUTS, *PACKAGED_LATER):
        (folder / name).write_bytes((paths.PROCESSED / name).read_bytes())
    assert Package(str(folder / "datapackage.json")).validate().valid
    return folder / "datapackage.json"


PACKAGED_LATER = ("networks.csv", "memberships.csv", "pairs.csv", "references.csv", "works.csv", "reference_values.csv")


def test_the_datapackage_describes_every_processed_table():
    described = {r["path"] for r in json.loads((paths.PROCESSED / "datapackage.json").read_text("utf-8"))["resources"]}
    tables = (*ingest.OUTPUTS, *stages.RELATIONS_OUTPUTS, *stages.BIBLIOGRAPHY_OUTPUTS, stages.REFERENCE_VALUES)
    assert described == {n for n in tables if n.endswith(".csv")}
    assert set(PACKAGED_LATER) <= described


def test_the_datapackage_check_catches_an_edited_table(tmp_path):
    """The validation above can fail: a changed value breaks the recorded hash and size."""
    package = _package_copy(tmp_path)
    table = tmp_path / "figures.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("13100000", "13200000", 1), encoding="utf-8")
    assert not Package(str(package)).validate().valid


@pytest.mark.parametrize(
    ("name", "old", "new", "error"),
    [
        ("memberships.csv", "M01,Buenos Aires,uclg,", "M01,Buenos Aires,uclgx,", "foreign-key"),  # no such network
        ("memberships.csv", "Group,chair,ledna,680,", "Group,president,ledna,680,", "constraint-error"),
        ("pairs.csv", ",sister_city,1973,BK-005,", ",sister_city,1973,BK-999,", "foreign-key"),  # unregistered figure
        ("pairs.csv", ",sister_city,1973,", ",twinning,1973,", "constraint-error"),  # unknown kind
        ("networks.csv", "\nc40,", "\nC40,", "constraint-error"),  # id pattern (and memberships lose it)
        ("references.csv", "beukman-001,beukman,list_entry,", "beukman-001,beukman,footnote,", "constraint-error"),
        ("references.csv", ",100resilientcities-2016-global,,", ",100resilientcities-2061-global,,", "foreign-key"),
        ("works.csv", ",beukman,1,1,,beukman-001", ",beukman,0,1,,beukman-001", "constraint-error"),
        ("reference_values.csv", "RL28,LD-306,", "RL28,XX-999,", "foreign-key"),
        ("reference_values.csv", "RL28,LD-306,value,,wb-gdp,JAM,2018,157",
         "RL28,LD-306,value,,wb-gdp,JAM,2018,x", "type-error"),
    ],
)  # fmt: skip
def test_the_schemas_catch_a_broken_relations_or_bibliography_table(tmp_path, name, old, new, error):
    """Each table of notebook 06 is checked against its schema: a key, a vocabulary, a link between tables."""
    package = _package_copy(tmp_path)
    table = tmp_path / name
    text = table.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    table.write_text(text.replace(old, new), encoding="utf-8")
    report = Package(str(package)).validate()
    errors = {(task.name, e.type) for task in report.tasks for e in task.errors}
    assert (name.removesuffix(".csv"), error) in errors, errors


def test_a_column_without_a_schema_stops_the_package(monkeypatch):
    from citydip.ingest import schemas
    from citydip.networks import columns as network_columns

    monkeypatch.setattr(network_columns, "PAIR_FIELDS", (*network_columns.PAIR_FIELDS, "funder"))
    with pytest.raises(ValueError, match=r"schema of pairs.csv: columns without a description \['funder'\]"):
        schemas.resources(["beukman"])


def test_every_figure_points_at_its_quote(result):
    for f in result.figures:
        doc = result.documents[f.row["doc_id"]]
        assert doc.text[f.char_offset : f.char_offset + len(f.row["quote"])] == f.row["quote"]
        assert doc.line_of(f.char_offset) == f.line
        assert f.char_offset <= f.value_start < f.value_end <= f.char_offset + len(f.row["quote"])


SHARED_SOURCES = paths.ROOT.parent / "shared" / "sources"


@pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="../shared/sources is not beside this checkout")
def test_documents_are_the_shared_sources_unchanged():
    """Each of the documents received in ../shared/sources is listed, and byte for byte the same here.

    A document added later from elsewhere has nothing to be compared with there: ingest checks
    every document against the SHA-256 of its manifest row.
    """
    listed = set(load_manifest(paths.RAW)["file"])
    received = sorted(p.name for p in SHARED_SOURCES.glob("*.txt"))
    assert received, f"no documents (*.txt) in {SHARED_SOURCES}"
    for file in received:
        assert file in listed, f"{file} of {SHARED_SOURCES} is not in data/raw/sources.csv"
        ours = (paths.RAW / "documents" / file).read_bytes()
        theirs = (SHARED_SOURCES / file).read_bytes()
        assert hashlib.sha256(ours).digest() == hashlib.sha256(theirs).digest(), file


def test_no_stray_files_in_processed():
    """data/processed holds exactly what the stages declare (citydip.stages), and the code writes."""
    declared = {o for stage in stages.stages() for o in stage.outputs if o.startswith("data/processed/")}
    found = {
        p.relative_to(paths.ROOT).as_posix()
        for p in paths.PROCESSED.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }
    assert found == declared, found ^ declared
    written = {*tables.output_names(tables.load_manifest(paths.RAW)), cases.OUTPUT, tables.CLAIMS}
    assert {f"data/processed/tables/{n}" for n in written} == {d for d in declared if "/tables/" in d}
