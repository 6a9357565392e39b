"""The bibliography's outputs (citydip.networks.bibliography): every citation at its place and with
its work, unique ids, deterministic tables written once. The parsing, resolution, matching and
BibTeX export are tested in test_citations, test_works and test_bibtex."""

from __future__ import annotations

import re

import pytest

from citydip import stages
from citydip.core import paths
from citydip.networks import bibliography as bib


@pytest.fixture(scope="module")
def built(docs):
    return bib.build(docs)


# --- outputs -----------------------------------------------------------------------------------------------


def test_every_citation_is_the_text_at_its_place(built, docs):
    for c in built.citations:
        doc = docs[c.doc_id]
        assert doc.text[c.char_offset : c.char_offset + len(c.raw)] == c.raw, c.ref_id
        assert doc.line_of(c.char_offset) == c.line, c.ref_id


def test_every_citation_has_a_work_but_the_unresolved_one(built):
    missing = [c.ref_id for c in built.citations if not c.work_id]
    assert missing == built.resolution["ledna"].short_unresolved
    assert set(built.references["work_id"]) - {""} == set(built.works["work_id"])
    assert built.works["n_citations"].sum() == len(built.citations) - len(missing)


def test_ids_are_unique_and_bibtex_safe(built):
    assert built.references["ref_id"].is_unique and built.works["work_id"].is_unique
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", w) for w in built.works["work_id"])


def test_outputs_are_deterministic_and_written_once(docs, tmp_path):
    first, second = bib.tables(bib.build(docs)), bib.tables(bib.build(docs))
    assert first == second
    out = tmp_path / "processed"
    bib.run(paths.RAW, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(stages.BIBLIOGRAPHY_OUTPUTS)
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    bib.run(paths.RAW, out)
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps
    for name, text in first.items():
        assert (out / name).read_text(encoding="utf-8") == text
