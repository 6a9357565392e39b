"""`make lab` (and Binder): every notebook of notebooks/ runs from top to bottom as it is, in the folder
JupyterLab starts its kernels in (the notebook's own, notebooks/), with its default parameters. Outputs go
to the test run's scratch root (conftest.py), never into the working tree."""

from __future__ import annotations

import os

import nbformat
import pytest
from nbclient import NotebookClient
from traitlets.config import Config

from citydip.core import paths

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("*.ipynb"))


def test_every_notebook_of_the_chain_is_tried():
    assert [p.stem[:2] for p in NOTEBOOKS] == ["01", "02", "03", "04", "05", "06", "07"]


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_notebook_runs_top_to_bottom_in_its_own_folder(notebook, tmp_path):
    assert os.environ.get("CITYDIP_OUTPUT_ROOT"), "outputs must go to the scratch root"
    nb = nbformat.read(notebook, as_version=4)
    sockets = Config({"KernelManager": {"transport": "ipc", "ip": str(tmp_path / "kernel")}})
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}, config=sockets
    )
    client.execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
