"""The site's inputs (citydip.site.data): a missing input is one line naming the file, and the
comparisons on the site are those of the parameter files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from citydip.core import paths
from citydip.core.errors import InputError
from citydip.site.data import comparisons, load
from site_support import copy_data


def test_missing_input_is_one_line_naming_the_file(tmp_path):
    with pytest.raises(
        InputError, match=r"/data/raw/sources\.csv: file not found; expected the file to exist$"
    ) as error:
        load(tmp_path)
    assert "\n" not in str(error.value)


def test_a_comparison_run_by_hand_is_not_on_the_site(tmp_path):
    """`make compare A=... B=...` leaves its notebook and captions in reports/: the site shows the
    comparisons of the parameter files only, whatever was run before it."""
    root = copy_data(tmp_path / "root")
    shutil.copytree(paths.EXECUTED, root / "reports" / "notebooks")
    made = load(root)
    by_hand = "paris__tokyo"
    assert by_hand not in comparisons(root)
    shutil.copy(
        root / "reports/notebooks/compare/cape-town__tokyo.ipynb", root / f"reports/notebooks/compare/{by_hand}.ipynb"
    )
    figures = root / "reports" / "figures"
    shutil.copy(figures / "captions_compare_cape-town__tokyo.csv", figures / f"captions_compare_{by_hand}.csv")
    data = load(root)
    assert [p.docname for p in data.notebooks] == [p.docname for p in made.notebooks]
    assert [g.key for g in data.groups] == [g.key for g in made.groups]
    assert len([p for p in data.notebooks if "/compare/" in p.docname]) == len(comparisons(root)) > 0


def test_missing_notebook_or_plotly_names_the_file(tmp_path):
    root = copy_data(tmp_path / "root")
    with pytest.raises(InputError, match=r"reports/notebooks/01_ingest\.ipynb: file not found"):
        load(root)
    (root / "reports" / "figures" / "plotly.min.js").unlink()
    with pytest.raises(InputError, match=r"reports/figures/plotly\.min\.js: file not found"):
        load(root, notebooks=False)


def test_each_linked_table_cell_is_the_figure_printed_in_it():
    """Issue 18: a cell of a rebuilt table links to its figure; the link must name the figure of that cell
    (read back through citydip.tables.printed.printed_cell, as the table was rebuilt)."""
    from citydip.tables.printed import load_manifest, printed_cell

    data = load(notebooks=False)
    figures = data.figures.set_index("figure_id", drop=False)
    specs = {Path(s.file).stem: s for s in load_manifest(paths.RAW)}
    checked = 0
    for table in data.tables:
        for (row, column), figure_id in table.cells.items():
            assert table.frame.iloc[row][column] == printed_cell(figures.loc[figure_id]), (table.stem, row, column)
            checked += 1
        spec = specs.get(table.stem)
        if spec is not None:  # a printed table: every cell but the row labels links its figure
            numeric = [c for c in table.frame.columns if c not in spec.label_columns]
            assert {(r, c) for r in range(len(table.frame)) for c in numeric} == set(table.cells), table.stem
    assert checked and len(specs) >= 9  # every printed table was checked, cell by cell


def test_every_number_of_a_document_page_is_marked_and_every_figure_links_its_entry():
    from citydip.site.pages.document import page_document

    data = load(notebooks=False)
    for doc_id, text in data.texts.items():
        page = page_document(data, doc_id)
        mine = data.coverage[data.coverage["doc_id"] == doc_id]
        registered = mine[mine["status"] == "registered"]
        assert page.count('class="cd-fig"') == len(registered), doc_id
        assert page.count('class="cd-num"') == len(mine) - len(registered), doc_id
        assert page.count('class="cd-line"') == text.count("\n") + 1, doc_id
        for figure_id in data.figures.loc[data.figures["doc_id"] == doc_id, "figure_id"]:
            assert page.count(f'id="fig-{figure_id}"') == 1, figure_id  # #fig-<id> lands on its value or its line
        assert "<script>" not in page.replace('<script type="application/json" id="cd-quotes">', "")


def test_the_japanese_lines_of_a_document_page_are_marked_as_japanese():
    from citydip.site.pages.document import page_document

    data = load(notebooks=False)
    page = page_document(data, "clausen")
    japanese = [line for line in page.split("\n") if 'lang="ja"' in line]
    assert japanese and all("研究ノート" in line or any("\u3040" <= c <= "\u30ff" for c in line) for line in japanese)
    assert 'lang="ja"' not in page_document(data, "ledna")  # an English text has none
