"""citydip.core.outputs: no command or parameter writes into data/raw, the code or the notebooks."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from citydip.core import outputs, paths
from citydip.core.errors import InputError
from citydip.tooling import runner
from conftest import snapshot


@pytest.mark.parametrize(
    "path",
    ["data/processed", "data/processed/tables", "reports/figures", "reports/notebooks/x.ipynb", "build/bench"],
)
def test_the_output_folders_are_allowed(path):
    assert outputs.check(path, "parameter x") == (paths.ROOT / path).resolve()


def test_a_folder_outside_the_project_is_an_experiments_and_allowed(tmp_path):
    assert outputs.check(tmp_path / "tables", "parameter tables_dir") == (tmp_path / "tables").resolve()


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("data/raw", "lies under data/raw, which is never written"),
        ("data/raw/tables", "lies under data/raw"),
        ("data/processed/../raw", "lies under data/raw"),
        ("src/citydip", "lies in src/citydip, which holds inputs or code"),
        ("notebooks", "lies in notebooks, which holds inputs or code"),
        (".", "lies in the project root"),
    ],
)
def test_inputs_and_code_are_refused_with_the_parameter_named(path, says):
    with pytest.raises(InputError, match=rf"^parameter figures_dir: '{path}' {says}.*expected an output folder"):
        outputs.check(path, "parameter figures_dir")


def test_only_the_output_folder_parameters_are_checked():
    outputs.check_parameters({"raw_dir": "data/raw", "findings": "data/raw/findings.csv", "tables_dir": "/tmp/t"})
    with pytest.raises(InputError, match="parameter tables_dir: 'data/raw/tables'"):
        outputs.check_parameters({"raw_dir": "data/raw", "tables_dir": "data/raw/tables"})


@pytest.mark.parametrize(
    ("parameters", "output", "says"),
    [
        ({"tables_dir": "data/raw/tables"}, "/tmp/x.ipynb", "parameter tables_dir: 'data/raw/tables' lies under"),
        ({}, "data/raw/x.ipynb", "the executed notebook's path: 'data/raw/x.ipynb' lies under data/raw"),
    ],
)
def test_the_runner_refuses_before_anything_runs(tmp_path, parameters, output, says):
    """Issue 15, item 3: `-p tables_dir data/raw/tables` wrote four CSVs into data/raw.

    The notebook run is a harmless stand-in (it writes nothing), so a regression cannot touch data/raw.
    """
    cell = new_code_cell('tables_dir = "data/processed/tables"')
    cell.metadata["tags"] = ["parameters"]
    source = tmp_path / "standin.ipynb"
    nbformat.write(
        new_notebook(cells=[cell], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}}), source
    )
    before = snapshot(paths.RAW)
    with pytest.raises(SystemExit, match=f"^error: {says}"):
        runner.execute(source, paths.resolve(output), parameters)
    assert snapshot(paths.RAW) == before
