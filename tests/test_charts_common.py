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


def test_log_ticks_read_as_numbers_on_the_1_2_5_sequence():
    axis = charts.log_ticks([60, 1600])  # Cape Town and Tokyo's GDP in billion USD
    assert axis["type"] == "log"
    assert axis["tickvals"] == [50, 100, 200, 500, 1000, 2000]
    assert axis["ticktext"] == ["50", "100", "200", "500", "1,000", "2,000"]
    lo, hi = axis["range"]
    assert lo < 1.778 < 3.204 < hi  # log10 of 60 and 1600 inside the range
    assert charts.log_ticks([0.4, 2.5], pad=0)["ticktext"] == ["0.5", "1", "2"]
    assert charts.log_ticks([1, 10**6])["tickvals"] == [1, 10, 100, 1000, 10**4, 10**5, 10**6]  # wide: decades
    with pytest.raises(ValueError):
        charts.log_ticks([0, -1])


def test_a_chart_is_widened_to_landscape():
    import plotly.graph_objects as go

    tall = charts.layout(go.Figure(), "t", "s", height=1200)
    chart = charts.Chart("tall", "t", tall, [], [])
    assert chart.figure.layout.width >= 1200 * charts.LANDSCAPE
    wide = charts.Chart("wide", "t", charts.layout(go.Figure(), "t", "s", height=300), [], [])
    assert wide.figure.layout.width == 900  # already landscape: unchanged
