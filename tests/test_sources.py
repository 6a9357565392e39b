"""A document's line bookkeeping, and the registry read as one dict per figure."""

from __future__ import annotations

from pathlib import Path

from citydip.core import figures, paths
from citydip.core.sources import Document

TEXT = "Figure 1: Cities\n\nCity\tGDP\nParis\t1\nFigure 10: Codes\n"
"""Lines 1-6: a caption, a blank line, a header, a row, another caption, the empty line after the last '\\n'."""


def test_a_document_knows_its_lines_and_where_each_starts():
    doc = Document("doc", Path("doc.txt"), TEXT, {})
    assert doc.lines == ["Figure 1: Cities", "", "City\tGDP", "Paris\t1", "Figure 10: Codes", ""]
    # 'Figure 1: Cities\n' is 17 characters, '\n' 1, 'City\tGDP\n' 9, 'Paris\t1\n' 8, 'Figure 10: Codes\n' 17
    assert doc._line_starts == [0, 17, 18, 27, 35, 52]
    assert [doc.line_of(o) for o in (0, 16, 17, 18, 27, 51, 52)] == [1, 1, 2, 3, 4, 5, 6]
    assert doc.line_text(4) == "Paris\t1"
    assert doc.line_span(30) == (27, 34)


def test_a_caption_is_found_by_its_label_and_colon():
    doc = Document("doc", Path("doc.txt"), TEXT, {})
    assert doc.caption_lines("Figure 1") == (1,)  # not 'Figure 10: ...'
    assert doc.caption_lines("Figure 10") == (5,)
    assert doc.caption_lines("Figure 2") == ()
    assert doc.caption_lines("Figure 1") == (1,)  # asked again: the same answer


def test_records_are_the_rows_of_the_registry_in_order():
    registry = figures.load(paths.PROCESSED)
    subset = registry.iloc[[5, 0, 3]]  # any order, any index
    for frame in (registry, subset):
        assert figures.records(frame) == [row.to_dict() for _, row in frame.iterrows()]
