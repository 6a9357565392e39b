"""The notebook runner: a failing cell gives one line and leaves no output behind."""

from __future__ import annotations

import tempfile

import nbformat
import nbval.kernel
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from citydip.core.params import load_parameters
from citydip.tooling import runner


def notebook(tmp_path, *sources, tags=()):
    cells = [new_code_cell(s) for s in sources]
    cells[0].metadata["tags"] = list(tags)
    nb = new_notebook(
        cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    )
    path = tmp_path / "source.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
def test_failing_notebook_writes_nothing_and_says_why_in_one_line(tmp_path):
    source = notebook(tmp_path, 'city = "Tokyo"', "raise ValueError(f'no such city: {city}')", tags=["parameters"])
    output = tmp_path / "out" / "executed.ipynb"
    with pytest.raises(SystemExit) as caught:
        runner.execute(source, output, {"city": "Atlantis"})
    message = str(caught.value)
    assert "\n" not in message and "ValueError: no such city: Atlantis" in message and "cell 3" in message
    assert not output.exists()


@pytest.mark.slow
def test_the_kernel_talks_over_unix_sockets_not_tcp_ports(tmp_path):
    """No TCP port to race for with kernels started at the same moment (see the runner's docstring)."""
    source = notebook(
        tmp_path,
        "import tempfile\n\nfrom ipykernel import get_connection_info",
        "info = get_connection_info(unpack=True)",
        "print(info['transport'], info['ip'].startswith(tempfile.gettempdir()))",
    )
    output = tmp_path / "executed.ipynb"
    runner.execute(source, output, {})
    printed = [o["text"] for cell in nbformat.read(output, as_version=4).cells for o in cell.get("outputs", [])]
    assert printed == ["ipc True\n"]


@pytest.mark.slow
def test_nbvals_kernels_talk_over_unix_sockets_too():
    km, kc = nbval.kernel.start_new_kernel(kernel_name=nbval.kernel.CURRENT_ENV_KERNEL_NAME)
    try:
        assert (km.transport, kc.transport) == ("ipc", "ipc")
        assert km.ip.startswith(tempfile.gettempdir())
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


@pytest.mark.slow
def test_executed_notebook_is_stripped_and_parameters_stay_strings(tmp_path):
    source = notebook(tmp_path, 'code = "x"', "print(repr(code))", tags=["parameters"])
    output = tmp_path / "executed.ipynb"
    runner.execute(source, output, {"code": "007"})
    nb = nbformat.read(output, as_version=4)
    assert nb.cells[1].id == "injected-parameters"
    assert nb.cells[2].outputs[0]["text"] == "'007'\n"
    assert set(nb.metadata["papermill"]) == {"input_path", "output_path", "parameters"}
    assert "version" not in nb.metadata.get("language_info", {})


def test_unknown_parameter_is_refused(tmp_path):
    source = notebook(tmp_path, 'city = "Tokyo"', tags=["parameters"])
    with pytest.raises(SystemExit) as caught:
        runner.execute(source, tmp_path / "x.ipynb", {"town": "Paris"})
    assert "no parameter(s) town" in str(caught.value) and "city" in str(caught.value)


def test_stream_outputs_are_coalesced_whatever_their_chunking():
    chunked = [
        {"output_type": "stream", "name": "stdout", "text": ["a\n", "b"]},
        {"output_type": "stream", "name": "stdout", "text": "\nc\n"},
        {"output_type": "stream", "name": "stderr", "text": "warn\n"},
        {"output_type": "stream", "name": "stdout", "text": "d\n"},
    ]
    whole = [
        {"output_type": "stream", "name": "stdout", "text": "a\nb\nc\n"},
        {"output_type": "stream", "name": "stderr", "text": "warn\n"},
        {"output_type": "stream", "name": "stdout", "text": "d\n"},
    ]
    assert runner.coalesce_streams(chunked) == whole


def test_parameter_file_values_stay_text(tmp_path):
    params = tmp_path / "p.yaml"
    params.write_text('# a comment\ncity_a: "Cape Town"\ncode: "007"\n', encoding="utf-8")
    assert load_parameters(params) == {"city_a": "Cape Town", "code": "007"}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("code: 007\n", "parameter 'code' is 7 (int); expected a quoted text value"),
        ("answer: NO\n", "parameter 'answer' is False (bool)"),
        ("cities: [Paris, Tokyo]\n", "(list)"),
        ("", "no parameters"),
        ("city_a: [unclosed\n", "not valid YAML"),
    ],
)
def test_a_bad_parameter_file_is_one_line_naming_the_file(tmp_path, text, problem):
    params = tmp_path / "p.yaml"
    params.write_text(text, encoding="utf-8")
    with pytest.raises(runner.InputError) as caught:
        load_parameters(params)
    message = str(caught.value)
    assert "\n" not in message and "p.yaml" in message and problem in message, message
