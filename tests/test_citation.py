"""CITATION.cff: valid Citation File Format 1.2.0 (the schema cffconvert --validate uses, vendored in
tests/data with its origin), at the package's version, citing the four documents as sources.csv gives them."""

from __future__ import annotations

import csv
import json
import tomllib

import jsonschema
import pytest
import yaml

from citydip.core import paths

SCHEMA = paths.ROOT / "tests" / "data" / "cff-schema-1.2.0.json"


@pytest.fixture(scope="module")
def citation():
    return yaml.safe_load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_is_valid_cff(citation):
    jsonschema.Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(citation)


def test_an_invalid_citation_is_caught(citation):
    broken = dict(citation, authors=[{"given-names": 3}])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(broken)


def test_version_and_licence_are_the_packages(citation):
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert citation["version"] == project["version"]
    assert "MIT" in citation["license"] and (paths.ROOT / "LICENSE").read_text().startswith("MIT License")


def test_the_four_documents_are_cited_as_the_manifest_states_them(citation):
    with (paths.RAW / "sources.csv").open(encoding="utf-8", newline="") as handle:
        sources = list(csv.DictReader(handle))
    cited = {r["title"]: r for r in citation["references"]}
    for s in sources:
        ref = cited[s["title"]]
        names = [f"{a['given-names']} {a['family-names']}" for a in ref["authors"]]
        assert names == [a.strip() for a in s["authors"].split(";")], s["doc_id"]
        assert str(ref.get("year", "")) == s["year"], s["doc_id"]
        assert ref.get("doi", "") == s["doi"], s["doc_id"]
