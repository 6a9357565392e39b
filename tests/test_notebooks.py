"""Notebook hygiene: sources without outputs, executed copies without run-specific metadata."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from citydip.core import paths

SOURCES = sorted(paths.NOTEBOOKS.glob("*.ipynb"))
EXECUTED = sorted(paths.EXECUTED.rglob("*.ipynb"))
# a notebook run once per parameter set is executed into a folder of its own
PER_PARAMETER_SET = {"04_compare.ipynb": "compare"}


def test_there_are_notebooks():
    assert SOURCES and EXECUTED


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_source_notebooks_are_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: cell {cell.id} has outputs"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_source_notebooks_have_a_parameters_cell_and_an_executed_copy(path):
    nb = nbformat.read(path, as_version=4)
    assert any("parameters" in c.metadata.get("tags", []) for c in nb.cells)
    if path.name in PER_PARAMETER_SET:
        assert list((paths.EXECUTED / PER_PARAMETER_SET[path.name]).glob("*.ipynb"))
    else:
        assert (paths.EXECUTED / path.name).is_file()


@pytest.mark.parametrize("path", EXECUTED, ids=lambda p: p.name)
def test_executed_notebooks_hold_no_timestamps_durations_or_machine_paths(path):
    text = path.read_text(encoding="utf-8")
    for marker in ('"start_time"', '"end_time"', '"duration"', "iopub.", "shell.execute"):
        assert marker not in text, f"{path.name} holds {marker}"
    assert not re.search(r"/(?:work|tmp|root|home|Users)/", text), f"{path.name} holds a machine path"
    nb = json.loads(text)
    assert nb["metadata"]["papermill"]["input_path"].startswith("notebooks/")


@pytest.mark.parametrize("path", EXECUTED, ids=lambda p: p.name)
def test_executed_notebooks_have_outputs_for_nbval_to_compare(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code)
    assert sum(bool(c.outputs) for c in code) >= len(code) // 2
