"""Execute notebooks with papermill, reproducibly.

    python -m citydip.tooling.runner SOURCE.ipynb OUTPUT.ipynb [-f PARAMS.yaml] [-p NAME VALUE ...]

- The kernel runs in the project root, with the kernel of this environment.
- Parameter values are passed as strings, never coerced (papermill's ``-p``
  would turn ``007`` into 7); notebooks validate them.
- The executed notebook is written atomically, after papermill's timestamps,
  durations and machine paths are stripped, so an unchanged re-run leaves git clean.
- On a failing cell, nothing is written and one line says which cell failed and why.
- The kernel talks to papermill over Unix sockets in a folder of its own (``KernelManager.transport
  = "ipc"``), never TCP ports: jupyter_client picks a TCP port by opening and closing it, and a
  kernel started at the same moment elsewhere can take it first ("Address already in use", the
  kernel dies before replying to kernel_info; seen once with make -j2 next to a test run).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from citydip.core import outputs, paths
from citydip.core.csvio import write_atomic
from citydip.core.errors import InputError
from citydip.core.params import load_parameters

if TYPE_CHECKING:
    import nbformat

KEEP_NOTEBOOK_METADATA = ("kernelspec", "language_info", "papermill")


def coalesce_streams(outputs: list) -> list:
    """Join consecutive stdout (or stderr) outputs into one.

    How printed text is split into messages depends on timing; joined, the stored
    notebook is the same from run to run.
    """
    merged: list = []
    for out in outputs:
        previous = merged[-1] if merged else None
        if (
            out.get("output_type") == "stream"
            and previous is not None
            and previous.get("output_type") == "stream"
            and previous.get("name") == out.get("name")
        ):
            previous["text"] = _text(previous["text"]) + _text(out["text"])
        else:
            if out.get("output_type") == "stream":
                out["text"] = _text(out["text"])
            merged.append(out)
    return merged


def _text(text: str | list[str]) -> str:
    return text if isinstance(text, str) else "".join(text)


def strip(nb: nbformat.NotebookNode, source: Path, output: Path) -> nbformat.NotebookNode:
    """Remove what changes from run to run or machine to machine, keep what documents the run."""
    meta = nb.metadata
    pm = meta.get("papermill", {})
    meta["papermill"] = {
        "input_path": paths.relative(source),
        "output_path": paths.relative(output),
        "parameters": pm.get("parameters", {}),
    }
    if "language_info" in meta:
        meta["language_info"] = {k: v for k, v in meta["language_info"].items() if k in ("name", "file_extension")}
    for key in list(meta):
        if key not in KEEP_NOTEBOOK_METADATA:
            del meta[key]
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
        elif "id" not in cell:
            cell["id"] = f"cell-{index}"
    return nb


def execute(source: Path, output: Path, parameters: dict[str, str]) -> None:
    """Run ``source`` with ``parameters`` and write the stripped, executed notebook to ``output``."""
    # nbformat validates with jsonschema, whose optional IRI format checker compiles lark grammars
    # at import (about 1 s of every runner process); notebooks have no IRI fields: do without it.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError
    from traitlets.config import Config

    source, output = paths.resolve(source), paths.resolve(output)
    if not source.is_file():
        raise SystemExit(f"error: notebook {paths.relative(source)} not found")
    try:  # before anything runs: no parameter may point a notebook's writes at inputs or code
        outputs.check(output, "the executed notebook's path")
        outputs.check_parameters(parameters)
    except InputError as exc:
        raise SystemExit(f"error: {exc}") from None
    known = papermill.inspect_notebook(str(source))
    unknown = sorted(set(parameters) - set(known))
    if unknown:
        raise SystemExit(
            f"error: {paths.relative(source)} has no parameter(s) {', '.join(unknown)}; "
            f"its parameters are: {', '.join(known) or 'none'}"
        )
    with tempfile.TemporaryDirectory(prefix="citydip-run-") as tmp:
        scratch = Path(tmp) / output.name
        sockets = Config({"KernelManager": {"transport": "ipc", "ip": str(Path(tmp) / "kernel")}})
        try:
            papermill.execute_notebook(
                str(source),
                str(scratch),
                parameters=parameters,
                kernel_name="python3",
                cwd=str(paths.ROOT),
                progress_bar=False,
                request_save_on_cell_execute=False,
                # Every output has arrived once the last cell is done: stop the kernel there. Asked
                # to shut down gracefully, ipykernel 7.4 at times did not exit, and jupyter_client
                # waited 2.5 s before terminating it (3.2 s lost on one notebook in ten here).
                # So notebooks must not rely on atexit hooks or unclosed files: they write through
                # csvio.write_atomic / write_if_changed, done before their cell ends.
                shutdown_kernel="immediate",
                extra_arguments=["--IPKernelApp.log_level=CRITICAL"],  # no start-up log noise
                config=sockets,
            )
        except PapermillExecutionError as exc:
            evalue = " ".join(str(exc.evalue).split())
            raise SystemExit(
                f"error: {paths.relative(source)} failed in cell {exc.exec_count}: {exc.ename}: {evalue}"
            ) from None
        nb = nbformat.read(scratch, as_version=4)
    strip(nb, source, output)
    write_atomic(output, nbformat.writes(nb) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m citydip.tooling.runner", description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument(
        "-f",
        "--parameters-file",
        type=Path,
        metavar="PARAMS.yaml",
        help="parameters from a YAML file (values as quoted text); -p overrides them",
    )
    parser.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="a parameter, passed as a string",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    print(
        f"running {paths.relative(paths.resolve(args.source))} -> {paths.relative(paths.resolve(args.output))}",
        flush=True,
    )
    try:
        parameters = load_parameters(args.parameters_file) if args.parameters_file else {}
    except InputError as exc:
        raise SystemExit(f"error: {exc}") from None
    execute(args.source, args.output, parameters | dict(args.parameter))
    print(f"done in {time.perf_counter() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
