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
