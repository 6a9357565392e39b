"""``make bench``: how fast the compendium rebuilds, measured in one run, in scratch copies.

    python -m citydip.bench [--skip-test] [--keep] [--rounds N]
    python -m citydip.bench --scale 1 3 10     (make bench-scale: see citydip.tooling.scale)

1. **Clean full build**: ``make clean`` then ``make`` (notebooks, static images, site) in a copy
   of the project.
2. **Chain and floor**: ``make clean; make chain`` (the notebooks alone), and the floor: the same
   notebooks, each emptied down to its parameters cell, run by the same Makefile (same runner,
   same rules, same ``-j``) from clean in a second copy: what executing that many notebooks
   costs before any of their work. Each is run ``--rounds`` times (3), alternately; the medians
   are reported, with their range.
3. Their **ratios** (target: chain <= 1.5 x floor; the full build is also divided by the floor).
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
from pathlib import Path

import nbformat

from citydip.core import paths
from citydip.tooling import scale, scratch

TARGET_RATIO = 1.5
TARGET_NOOP = 1.0
ROUNDS = 3  # the chain and its floor, alternately: this machine's timings vary by a second or two
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


def _floor_copy(work: Path) -> Path:
    """A second copy whose notebooks are empty (parameters cell only); same Makefile, runner and -j."""
    floor = scratch.copy_project(work / "floor")
    empty_notebooks(floor)
    return floor


def _clean(project: Path, folders: set[Path]) -> None:
    """``make clean``, then the folders the real notebooks make (the floor's empty ones do not, and
    make then touches their declared outputs there)."""
    scratch.make(project, "clean")
    for folder in folders:
        (project / folder).mkdir(parents=True, exist_ok=True)


def _spread(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def measure(work: Path, *, run_tests: bool = True, rounds: int = ROUNDS) -> dict:
    """Every figure of the benchmark, as a dict (seconds unless named otherwise).

    The chain and its floor are each run ``rounds`` times from clean, alternately, so that a slow
    spell of the machine falls on both; their medians give the ratio.
    """
    jobs = os.environ.get("JOBS") or str(_cpus())  # as the Makefile's default: nproc
    real = scratch.copy_project(work / "project")
    _say("bench: clean full build (make clean; make) ...")
    scratch.make(real, "clean")
    full = scratch.make(real)
    notebooks = executed_notebooks(real)
    floor = _floor_copy(work)
    folders = {p.parent.relative_to(real) for p in notebooks} | {Path("data/processed/tables"), Path("reports/figures")}
    chains, floors = [], []
    for number in range(1, rounds + 1):
        _say(f"bench: round {number} of {rounds}: the chain from clean, then the floor ({len(notebooks)} empty)")
        _clean(real, folders)
        chains.append(scratch.make(real, "chain").seconds)
        _clean(floor, folders)
        floors.append(scratch.make(floor, "chain").seconds)
        ran = len(executed_notebooks(floor))
        if ran != len(notebooks):
            raise SystemExit(f"error: the floor ran {ran} notebooks, the build {len(notebooks)}")
    chain, floor_time = _spread(chains), _spread(floors)
    figures = {
        "jobs": jobs,
        "notebooks": len(notebooks),
        "rounds": rounds,
        "full_build": full.seconds,
        "chain": chain,
        "floor": floor_time,
        "ratio_chain": chain["median"] / floor_time["median"],
        "ratio_full": full.seconds / floor_time["median"],
    }

    _say("bench: no-op make (three times) ...")
    scratch.make(real)  # the chain rounds left the static images and the site to redo
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
    spread = lambda d: f"{d['median']:7.1f} s   (median of {f['rounds']}: {d['min']:.1f} to {d['max']:.1f})"  # noqa: E731
    lines = [
        f"make bench: {f['notebooks']} notebooks, make -j{f['jobs']}, {_cpus()} CPUs",
        f"  clean full build (make clean; make: notebooks, static images, site)  {f['full_build']:7.1f} s",
        f"  notebook chain from clean (make clean; make chain)                   {spread(f['chain'])}",
        f"  floor: the same {f['notebooks']} notebooks empty, same runner and -j           {spread(f['floor'])}",
        f"  ratio chain / floor        {f['ratio_chain']:5.3f}   (target <= {TARGET_RATIO}: "
        f"{ok(f['ratio_chain'] <= TARGET_RATIO)})",
        f"  ratio full build / floor   {f['ratio_full']:5.3f}   (the static images and the site are not notebooks)",
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
    parser.add_argument("--rounds", type=int, default=ROUNDS, help=f"runs of the chain and of the floor ({ROUNDS})")
    parser.add_argument(
        "--scale",
        type=int,
        nargs="+",
        metavar="N",
        help="instead: time each step on the corpus copied N times (e.g. --scale 1 3 10)",
    )
    args = parser.parse_args(argv)
    if args.scale and (min(args.scale) < 1 or args.scale != sorted(set(args.scale))):
        parser.error("--scale takes sizes of 1 or more, in increasing order (e.g. 1 3 10)")
    work = paths.ROOT / "build" / "bench"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if args.scale:
        text = scale.measure(work, args.scale, say=_say)
        print(text)
        (work / "scale.txt").write_text(text + "\n", encoding="utf-8")
        return 0
    try:
        figures = measure(work, run_tests=not args.skip_test, rounds=args.rounds)
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
