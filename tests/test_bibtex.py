"""The BibTeX export (citydip.networks.bibtex): values escaped, one balanced entry per work."""

from __future__ import annotations

import re

import pytest

from citydip.core import paths, sources
from citydip.networks import bibliography as bib
from citydip.networks import bibtex


@pytest.fixture(scope="module")
def built():
    return bib.build(sources.load_documents(paths.RAW))


def test_latex_escape():
    assert bibtex.latex_escape("68% & $5 #1 a_b {x} ~ ^ \\") == (
        r"68\% \& \$5 \#1 a\_b \{x\} \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )
    assert bibtex.latex_escape("Ossenbrügge — São Paulo") == "Ossenbrügge — São Paulo"  # UTF-8 kept


def test_bibtex_one_entry_per_work_escaped_and_balanced(built):
    text = built.bibtex
    keys = re.findall(r"^@\w+\{([^,]+),$", text, re.MULTILINE)
    assert keys == sorted(built.works["work_id"])
    for entry in text.split("\n@")[1:]:
        depth = 0
        for i, ch in enumerate(entry):
            if ch in "{}" and (i == 0 or entry[i - 1] != "\\"):
                depth += 1 if ch == "{" else -1
                assert depth >= 0, entry[:60]
        assert depth == 0, entry[:60]
        body = re.sub(r"\\[%&$#_{}]|\\text\w+\{\}", "", re.sub(r"url = \{[^}]*\}", "", entry))
        assert not re.search(r"[%&$#_]", body), entry[:80]
    assert "title = {{68\\% of the world population" in text
    assert "title = {{Civilization \\& Barbarism}}" in text
    assert "Document acuto of this compendium" in text


def test_the_documents_bibtex_states_only_what_each_document_states():
    """Issue 20: documents.bib cites the four documents with the facts of sources.csv, nothing guessed."""
    from citydip.core import paths, sources
    from citydip.networks.bibtex import documents_bibtex

    docs = sources.load_documents(paths.RAW)
    text = documents_bibtex(docs)
    entries = {e.split(",", 1)[0]: e for e in text.split("@misc{")[1:]}
    assert set(entries) == set(docs)
    assert text.count("{") == text.count("}")
    assert "year" not in entries["beukman"] and "howpublished" not in entries["clausen"]  # not stated: left out
    assert "year = {2019}" in entries["ledna"] and "doi = {10.1111/1758-5899.12382}" in entries["acuto"]
    assert (paths.PROCESSED / "documents.bib").read_text(encoding="utf-8") == text
