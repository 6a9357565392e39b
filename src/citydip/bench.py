"""``make bench``: how fast the compendium rebuilds, measured in one run, in scratch copies.

    python -m citydip.bench [--skip-test] [--keep]

1. **Clean full build**: ``make clean`` then ``make`` (notebooks, static images, site) in a copy
   of the project; the notebook chain's share is read off the time its last notebook was written.
2. **Floor**: the same notebooks, each emptied down to its parameters cell, run by the same
   Makefile (same runner, same rules, same ``-j``) from clean in a second copy: what executing
   that many notebooks costs before any of their work.
3. Their **ratios** (target: chain <= 1.5 x floor).
4. A **no-op** ``make`` (median of three; target < 1 s).
5. The rebuild after touching one comparison's parameter file.
6. ``make test`` in the copy (``--skip-test`` leaves it out).

Nothing in the working tree is touched; the copies live under ``build/bench/`` and are removed
afterwards unless ``--keep``. The figures are also written to ``build/bench/bench.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

import nbformat

from . import paths, scratch

TARGET_RATIO = 1.5
TARGET_NOOP = 1.0
PARAMS = "notebooks/params/compare/cape-town__tokyo.yaml"


def empty_notebooks(project: Path) -> int:
    """Cut every notebook of ``project`` down to its parameters cell; returns how many."""
    count = 0
    for path in sorted((project / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        nb.cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        nbformat.write(nb, path)
        count += 1
    return count


def executed_notebooks(project: Path) -> list[Path]:
    return sorted((project / "reports" / "notebooks").rglob("*.ipynb"))


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _say(text: str) -> None:
    print(text, flush=True)


def measure(work: Path, *, run_tests: bool = True) -> dict[str, float | int | str]:
    """Every figure of the benchmark, as a dict (seconds unless named otherwise)."""
    jobs = os.environ.get("JOBS") or str(_cpus())  # as the Makefile's default: nproc
    real = scratch.copy_project(work / "project")
    scratch.make(real, "clean")
    _say("bench: clean full build (make clean; make) ...")
    started_wall = time.time()
    full = scratch.make(real)
    notebooks = executed_notebooks(real)
    chain = max(p.stat().st_mtime for p in notebooks) - started_wall
    figures = {"jobs": jobs, "notebooks": len(notebooks), "full_build": full.seconds, "chain": chain}

    _say(f"bench: floor ({len(notebooks)} empty notebooks, same Makefile and runner) ...")
    floor = scratch.copy_project(work / "floor")
    empty_notebooks(floor)
    scratch.make(floor, "clean")
    for path in notebooks:  # the folders the real notebooks would have made for the touched outputs
        (floor / path.relative_to(real)).parent.mkdir(parents=True, exist_ok=True)
    for folder in ("data/processed/tables", "reports/figures"):
        (floor / folder).mkdir(parents=True, exist_ok=True)
    floor_run = scratch.make(floor, "chain")
    ran = len(executed_notebooks(floor))
    if ran != len(notebooks):
        raise SystemExit(f"error: the floor ran {ran} notebooks, the build {len(notebooks)}")
    figures["floor"] = floor_run.seconds
    figures["ratio_chain"] = chain / floor_run.seconds
    figures["ratio_full"] = full.seconds / floor_run.seconds

    _say("bench: no-op make (three times) ...")
    noops = [scratch.make(real) for _ in range(3)]
    if not all("Nothing to be done" in r.output or not r.output.strip() for r in noops):
        raise SystemExit("error: a second make was not a no-op:\n" + noops[-1].output)
    figures["noop"] = statistics.median(r.seconds for r in noops)

    _say(f"bench: rebuild after touching {PARAMS} ...")
    os.utime(real / PARAMS)
    figures["touch_params"] = scratch.make(real).seconds

    if run_tests:
        _say("bench: make test ...")
        figures["make_test"] = scratch.make(real, "test", timeout=1800).seconds
    return figures


def report(f: dict) -> str:
    ok = lambda good: "ok" if good else "MISSED"  # noqa: E731
    lines = [
        f"make bench: {f['notebooks']} notebooks, make -j{f['jobs']}, {_cpus()} CPUs",
        f"  clean full build (make clean; make: notebooks, static images, site)  {f['full_build']:7.1f} s",
        f"    of which the notebook chain (until its last notebook was written)   {f['chain']:7.1f} s",
        f"  floor: the same {f['notebooks']} notebooks empty, same runner and -j           {f['floor']:7.1f} s",
        f"  ratio chain / floor        {f['ratio_chain']:5.2f}   (target <= {TARGET_RATIO}: "
        f"{ok(f['ratio_chain'] <= TARGET_RATIO)})",
        f"  ratio full build / floor   {f['ratio_full']:5.2f}   (the static images and the site are not notebooks)",
        f"  no-op make (median of 3)                                            {f['noop']:7.2f} s   "
        f"(target < {TARGET_NOOP:.0f} s: {ok(f['noop'] < TARGET_NOOP)})",
        f"  rebuild after touching {PARAMS}  {f['touch_params']:5.1f} s",
    ]
    if "make_test" in f:
        lines.append(f"  make test                                                           {f['make_test']:7.1f} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m citydip.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--skip-test", action="store_true", help="do not time make test")
    parser.add_argument("--keep", action="store_true", help="keep the scratch copies under build/bench/")
    args = parser.parse_args(argv)
    work = paths.ROOT / "build" / "bench"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        figures = measure(work, run_tests=not args.skip_test)
    finally:
        if not args.keep:
            for child in work.iterdir():
                shutil.rmtree(child, ignore_errors=True)
    text = report(figures)
    print(text)
    (work / "bench.json").write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
