"""``python -m citydip.compare``: run the comparison notebook for two cities.

``make compare A="Cape Town" B="Tokyo"`` passes the names through the environment, so that no
value of A or B is ever read by a shell; ``make`` runs the default comparisons with
``--params notebooks/params/compare/<a>__<b>.yaml``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from citydip.compare.comparison import NOTEBOOK, OUT_DIR, PARAMS_DIR, pair_name, resolve_pair
from citydip.core import paths
from citydip.core.errors import InputError
from citydip.core.params import load_parameters
from citydip.core.sources import load_documents
from citydip.tables.cases import load_cases
from citydip.tooling import runner

PARAMETERS = ("city_a", "city_b", "coding")
"""What a comparison's parameter file may set: make builds its declared outputs, in the default folders."""


def run_pair(city_a: str, city_b: str, raw_dir: str | Path = "data/raw", params_file: Path | None = None) -> Path:
    """Resolve the two names, then execute the comparison notebook into reports/notebooks/compare/.

    With ``params_file`` (one of notebooks/params/compare/), the cities and any other parameters
    are read from it, and its name must be the comparison's, so that make's target and the
    output agree.
    """
    started = time.perf_counter()
    parameters = load_parameters(params_file) if params_file else {}
    unknown = sorted(set(parameters) - set(PARAMETERS))
    if unknown:
        raise InputError(
            params_file,
            f"sets {', '.join(unknown)}",
            expected=f"only {', '.join(PARAMETERS)}: make writes a comparison's outputs in the default folders "
            "(for an experiment elsewhere, run python -m citydip.tooling.runner with -p)",
        )
    if params_file is not None:
        city_a, city_b = parameters.get("city_a", ""), parameters.get("city_b", "")
    cases = load_cases(raw_dir, load_documents(paths.resolve(raw_dir)))
    a, b = resolve_pair(city_a, city_b, cases)
    stem = pair_name(a.city, b.city)
    if params_file is not None and Path(params_file).stem != stem:
        raise InputError(params_file, f"its cities make the comparison {stem!r}", expected=f"the file name {stem}.yaml")
    output = paths.output(OUT_DIR) / f"{stem}.ipynb"
    print(f"comparing {a.city} with {b.city} -> {paths.relative(output)}", flush=True)
    runner.execute(Path(NOTEBOOK), output, parameters | {"city_a": a.city, "city_b": b.city})
    print(f"done in {time.perf_counter() - started:.1f} s", flush=True)
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m citydip.compare", description="Compare two case-study cities.")
    parser.add_argument(
        "--params",
        type=Path,
        metavar="PARAMS.yaml",
        help=f"a parameter file such as {PARAMS_DIR}/cape-town__tokyo.yaml",
    )
    parser.add_argument(
        "--from-env",
        action="store_true",
        help="read the two names from CITYDIP_CITY_A and CITYDIP_CITY_B (how make passes A and B)",
    )
    parser.add_argument("city_a", nargs="?")
    parser.add_argument("city_b", nargs="?")
    args = parser.parse_args(argv)
    if args.from_env:
        names = os.environ.get("CITYDIP_CITY_A", ""), os.environ.get("CITYDIP_CITY_B", "")
        if not all(n.strip() for n in names):
            print('error: give two cities: make compare A="Cape Town" B="Tokyo"', file=sys.stderr)
            return 2
    elif args.params:
        names = "", ""  # read from the file by run_pair
    else:
        names = args.city_a or "", args.city_b or ""
    try:
        run_pair(*names, params_file=args.params)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
