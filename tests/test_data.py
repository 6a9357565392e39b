"""The real registry and the committed processed data."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from frictionless import Package

from citydip import stages
from citydip.core import paths
from citydip.core.errors import InputError
from citydip.core.sources import load_manifest
from citydip.ingest import pipeline as ingest
from citydip.package import build as package
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
    expected["datapackage.json"] = package.build(paths.RAW, paths.PROCESSED)
    for name, text in expected.items():
        on_disk = (paths.PROCESSED / name).read_text(encoding="utf-8")
        assert on_disk == text, f"data/processed/{name} is stale or edited by hand: run make"


def test_datapackage_is_valid():
    report = Package(str(paths.PROCESSED / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def _package_copy(folder: Path) -> Path:
    """A copy of data/processed: the data package and every table it describes; valid as copied."""
    shutil.copytree(paths.PROCESSED, folder, dirs_exist_ok=True)
    assert Package(str(folder / "datapackage.json")).validate().valid
    return folder / "datapackage.json"


def test_the_datapackage_describes_every_processed_table_with_size_hash_and_licence():
    package = json.loads((paths.PROCESSED / "datapackage.json").read_text("utf-8"))
    described = {r["path"] for r in package["resources"]}
    tables = {p.relative_to(paths.PROCESSED).as_posix() for p in paths.PROCESSED.rglob("*.csv")}
    assert described == tables and len(tables) >= 22
    assert all(r["bytes"] > 0 and r["hash"].startswith("sha256:") for r in package["resources"])
    assert package["licenses"][0]["name"] == "CC-BY-4.0" and len(package["sources"]) >= 9


def test_a_table_no_schema_describes_stops_the_package(tmp_path):
    shutil.copytree(paths.PROCESSED, tmp_path / "processed")
    (tmp_path / "processed" / "tables" / "my_notes.csv").write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"tables/my_notes\.csv: a table no schema describes"):
        package.build(paths.RAW, tmp_path / "processed")


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
        ("audit.csv", "BK-001,beukman,overall,,not checkable,", "BK-001,beukman,overall,,unclear,", "constraint-error"),
        ("audit.csv", "BK-001,beukman,overall,", "XX-001,beukman,overall,", "foreign-key"),
        ("tables/policy_claims.csv", ",holds,", ",maybe,", "constraint-error"),
        ("tables/derived_checks.csv", "192.6,192.6,192.6,yes", "192.6,192.6,192.6,perhaps", "constraint-error"),
        ("tables/six_cities.csv", "stated in the text,BK-065,", "stated in the text,BK065,", "constraint-error"),
    ],
)  # fmt: skip
def test_the_schemas_catch_a_broken_table(tmp_path, name, old, new, error):
    """Each table is checked against its schema: a key, a vocabulary, a link between tables."""
    package = _package_copy(tmp_path)
    table = tmp_path / name
    text = table.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    table.write_text(text.replace(old, new, 1), encoding="utf-8")
    report = Package(str(package)).validate()
    errors = {(task.name, e.type) for task in report.tasks for e in task.errors}
    assert (name.removesuffix(".csv").replace("/", "_"), error) in errors, errors


def test_a_column_without_a_schema_stops_the_package(monkeypatch):
    from citydip.networks import columns as network_columns
    from citydip.package import schemas

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
    declared.add(f"data/processed/{stages.DATAPACKAGE}")  # written after the chain (citydip.package)
    found = {
        p.relative_to(paths.ROOT).as_posix()
        for p in paths.PROCESSED.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }
    assert found == declared, found ^ declared
    written = {*tables.output_names(tables.load_manifest(paths.RAW)), cases.OUTPUT, tables.CLAIMS}
    assert {f"data/processed/tables/{n}" for n in written} == {d for d in declared if "/tables/" in d}
