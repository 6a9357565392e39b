"""What the charts share: the names of the documents in captions."""

from __future__ import annotations

import pytest

from citydip.charts import common as charts
from citydip.core import paths, sources


@pytest.fixture(scope="module")
def manifest():
    return sources.load_manifest(paths.RAW)


def test_a_document_with_no_authors_stated_is_named_by_its_title(figs, manifest):
    changed = manifest.copy()
    changed.loc[changed["doc_id"] == "acuto", "authors"] = ""
    changed.loc[changed["doc_id"] == "clausen", "authors"] = " ; "
    names = charts.document_names(figs, changed)
    acuto = changed.set_index("doc_id").loc["acuto"]
    assert names["acuto"].startswith(f"“{acuto['title']}” (")
    assert names["clausen"].startswith("“City Diplomacy: Exploring Themes")
    assert names["ledna"] == charts.document_names(figs, manifest)["ledna"]
