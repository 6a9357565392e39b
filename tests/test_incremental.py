"""Incremental builds: touching one input re-runs exactly the notebooks that depend on it.

The check runs the real Makefile in a copy of the project with ``PY`` set to a stub that,
instead of executing a notebook, logs which one it was asked for and touches its output.
(``make -n`` cannot be used: GNU make 4.3's dry run does not mark the siblings of a grouped
target as remade.) Nothing runs in, or touches, the working tree.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from citydip.core import paths
from citydip.tooling import scratch

SETUP = scratch.SETUP
INGEST, TABLES, CHARTS, AUDIT, NETWORKS = "01_ingest", "02_tables", "03_charts", "05_audit", "06_networks"
REFERENCE = "07_reference"
PAIRS = {"compare/cape-town__tokyo", "compare/buenos-aires__paris", "compare/guangzhou__los-angeles"}
PAIRS |= {"compare/buenos-aires__guangzhou"}
EVERYTHING = {INGEST, TABLES, CHARTS, AUDIT, NETWORKS, REFERENCE, *PAIRS}

STUB = """#!{python}
# Stands in for the project's python in make's recipes: logs the notebook asked for, touches its output.
import os, pathlib, sys
args = sys.argv[1:]
log = pathlib.Path(__file__).with_name("ran.log")
if args[:2] == ["-m", "citydip.tooling.runner"]:
    out = pathlib.Path(args[3])
    name = out.as_posix().split("reports/notebooks/")[1].removesuffix(".ipynb")
elif args[:2] == ["-m", "citydip.compare"]:
    name = "compare/" + pathlib.Path(args[args.index("--params") + 1]).stem
    out = pathlib.Path("reports/notebooks/compare") / (name.split("/")[1] + ".ipynb")
elif args[:2] == ["-m", "citydip.tooling.static"]:
    # like citydip.tooling.static: the stamp says whether a browser was found (here: only $BROWSER_PATH counts)
    name, out = "static", pathlib.Path(args[args.index("--stamp") + 1])
    browser = os.environ.get("BROWSER_PATH", "")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("rendered\\n" if browser and pathlib.Path(browser).is_file() else "skipped\\n")
elif args[:2] == ["-m", "citydip.package"]:
    name, out = "package", pathlib.Path("data/processed/datapackage.json")
elif args[:2] == ["-m", "citydip.kit"]:
    name, out = "kit", pathlib.Path(args[args.index("--out") + 1]) / "index.html"
elif args[:2] == ["-m", "citydip.site"]:
    name, out = "site", pathlib.Path(args[args.index("--out") + 1]) / "index.html"
else:
    sys.exit("stub: unexpected command " + " ".join(args))
if os.environ.get("STUB_FAIL") == name:  # stands for a notebook that fails: it writes nothing
    sys.exit("error: " + name + " failed in cell 2: InputError: stub")
out.parent.mkdir(parents=True, exist_ok=True)
out.touch()
with log.open("a") as handle:
    handle.write(name + "\\n")
"""


NO_BROWSER = "/nonexistent/chromium"  # BROWSER_PATH set, but to nothing: no browser found


def _env(browser: str = NO_BROWSER) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    env["BROWSER_PATH"] = browser
    return env


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the committed files, built once with the stub."""
    if not (paths.ROOT / SETUP).is_file():
        pytest.skip("no .venv: run make first")
    copy = scratch.copy_project(tmp_path_factory.mktemp("project"))
    stub = copy / "stub" / "python"
    stub.parent.mkdir()
    stub.write_text(STUB.format(python=sys.executable), encoding="utf-8")
    stub.chmod(0o755)
    _run(copy)  # settle: everything built (by the stub)
    return copy


def _make(project: Path, *args: str, browser: str = NO_BROWSER, **env: str) -> subprocess.CompletedProcess:
    """make in the copy, with the stub as the project's python."""
    (project / "stub" / "ran.log").unlink(missing_ok=True)
    return subprocess.run(
        ["make", "--no-print-directory", "-o", SETUP, f"PY={project / 'stub' / 'python'}", *args],
        cwd=project,
        env=_env(browser) | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _run(project: Path, *, browser: str = NO_BROWSER, steps: bool = False) -> set[str]:
    """Run make with the stub; the notebooks it executed (and, with ``steps``, the static and site steps)."""
    log = project / "stub" / "ran.log"
    done = _make(project, browser=browser)
    assert done.returncode == 0, done.stdout + done.stderr
    ran = set(log.read_text().split()) if log.is_file() else set()
    return ran if steps else ran - {"static", "site", "package", "kit"}


def _reruns(project: Path, changed: str) -> set[str]:
    assert _run(project) == set(), "not settled"
    os.utime(project / changed)  # touch: now, later than every output so far
    return _run(project)


@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        ("data/raw/figures.csv", EVERYTHING),
        ("data/raw/exclusions.csv", EVERYTHING),
        ("src/citydip/core/units.py", EVERYTHING),
        ("src/citydip/ingest/coverage.py", EVERYTHING),
        ("src/citydip/tables/printed.py", {TABLES, CHARTS, AUDIT, *PAIRS}),
        ("src/citydip/charts/economy.py", {CHARTS}),
        ("src/citydip/compare/cli.py", PAIRS),
        ("src/citydip/audit/checks/restated.py", {AUDIT}),
        ("src/citydip/networks/citations.py", {NETWORKS, *PAIRS}),
        ("src/citydip/site/pages/guide.py", set()),
        ("src/citydip/tooling/bench.py", set()),
        ("notebooks/01_ingest.ipynb", EVERYTHING),
        ("notebooks/02_tables.ipynb", {TABLES, CHARTS, AUDIT, *PAIRS}),  # they read its tables
        ("notebooks/03_charts.ipynb", {CHARTS}),
        ("notebooks/04_compare.ipynb", PAIRS),
        ("notebooks/05_audit.ipynb", {AUDIT}),
        ("notebooks/06_networks.ipynb", {NETWORKS, *PAIRS}),
        ("data/raw/tables/ledna_figure_07.csv", {TABLES, CHARTS, AUDIT, *PAIRS}),
        ("data/raw/cases.csv", {TABLES, CHARTS, AUDIT, NETWORKS, *PAIRS}),
        ("data/raw/case_bases.csv", {TABLES, CHARTS, AUDIT, *PAIRS}),
        ("data/raw/case_points.csv", PAIRS),
        ("data/raw/findings.csv", {AUDIT}),
        ("data/raw/audit_relations.csv", {AUDIT}),
        ("data/raw/reference_links.csv", {REFERENCE, AUDIT, *PAIRS}),
        ("data/raw/reference/world-bank-gdp.csv", EVERYTHING),  # ingest checks every reference file
        ("src/citydip/reference/links.py", {REFERENCE, AUDIT, *PAIRS}),  # they read its output
        ("data/raw/relations/pairs.csv", {NETWORKS, *PAIRS}),
        ("notebooks/params/compare/buenos-aires__paris.yaml", {"compare/buenos-aires__paris"}),
    ],
)
def test_touching_an_input_reruns_exactly_what_depends_on_it(project, changed, expected):
    assert (project / changed).is_file(), changed
    assert _reruns(project, changed) == expected


@pytest.mark.parametrize(
    ("changed", "steps"),
    [
        ("src/citydip/site/pages/guide.py", {"site", "kit"}),  # the kit reads which findings concern a city
        ("src/citydip/kit/slides.py", {"kit"}),
        ("src/citydip/tooling/static.py", {"static", "site", "kit"}),
        ("src/citydip/tooling/bench.py", set()),
        ("src/citydip/package/build.py", {"package", "site", "kit"}),
    ],
)
def test_a_module_that_no_notebook_imports_reruns_only_its_step(project, changed, steps):
    """Editing a site page re-runs no notebook (issue 14): dependencies are those of the imports."""
    assert _run(project, steps=True) == set()
    os.utime(project / changed)
    assert _run(project, steps=True) == steps


def test_nothing_to_do_when_nothing_changed(project):
    assert _reruns(project, "README.md") == set()


def test_a_skipped_static_export_runs_again_once_a_browser_is_found_and_the_site_follows(project):
    assert _run(project, steps=True) == set()  # settled without a browser: the export was skipped
    assert (project / "reports/figures/.static-done").read_text() == "skipped\n"
    assert _run(project, steps=True) == set()  # still no browser: nothing to do
    browser = sys.executable  # any existing file stands for the browser in the stub
    assert _run(project, browser=browser, steps=True) == {"static", "site", "kit"}
    assert (project / "reports/figures/.static-done").read_text() == "rendered\n"
    assert _run(project, browser=browser, steps=True) == set()
    assert _run(project, steps=True) == set()  # the browser gone again: the images made stay


def test_a_changed_chart_rebuilds_the_static_images_and_then_the_site(project):
    assert _run(project, steps=True) == set()
    os.utime(project / "notebooks/03_charts.ipynb")
    assert _run(project, steps=True) == {CHARTS, "static", "site", "kit"}


def test_the_check_can_fail(project):
    """A notebook that re-ran needlessly, or did not re-run, would show here."""
    assert _reruns(project, "data/raw/findings.csv") != {AUDIT, TABLES}


# --- deleted inputs and failed steps (issue 15, items 1 and 2) ---------------------------------------


@pytest.mark.parametrize(
    "deleted",
    [
        "data/raw/documents/003_14bd0c3d561109a5.txt",
        "data/raw/tables/ledna_figure_03.csv",
        "data/raw/relations/pairs.csv",
        "data/raw/case_points.csv",
    ],
)
def test_a_deleted_input_stops_make_with_one_line_naming_it(project, deleted):
    """Before: make said "Nothing to be done" and `make -q` was 0 (inputs were listed by $(wildcard))."""
    _run(project)  # settle: a document deleted and restored by the case before leaves its folder newer
    assert _run(project) == set()
    kept = (project / deleted).read_bytes()
    (project / deleted).unlink()
    try:
        assert _make(project, "-q").returncode != 0, "the outputs of a deleted input count as up to date"
        done = _make(project)
        assert done.returncode != 0
        assert f"error: {deleted} is missing" in done.stderr, done.stderr
    finally:
        (project / deleted).write_bytes(kept)
        os.utime(project / deleted, (1, 1))  # as old as can be: restoring it re-runs nothing


@pytest.mark.parametrize(("failing", "outputs"), [(TABLES, "TABLES_OUT"), (NETWORKS, "NETWORKS_OUT")])
def test_a_failed_step_leaves_every_output_it_did_not_write(project, failing, outputs):
    """Before: .DELETE_ON_ERROR removed all 13 declared outputs of notebook 02 (and git showed them deleted)."""
    assert _run(project) == set()
    declared = _make(project, "-s", f"--eval=print-outputs: ; @echo $({outputs})", "print-outputs")
    names = declared.stdout.split()
    assert len(names) >= 7, declared.stdout + declared.stderr
    before = {n: (project / n).read_bytes() for n in names}
    os.utime(project / "data/raw/cases.csv")
    done = _make(project, STUB_FAIL=failing)
    assert done.returncode != 0 and "failed in cell 2" in done.stderr
    assert "Deleting file" not in done.stdout + done.stderr
    assert {n: (project / n).read_bytes() for n in names if (project / n).is_file()} == before
    assert _run(project) >= {failing}  # the failed step runs again next time
