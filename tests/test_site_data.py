"""The site's inputs (citydip.site.data): a missing input is one line naming the file, and the
comparisons on the site are those of the parameter files."""

from __future__ import annotations

import shutil

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
