"""The pipeline's stages, each declared once: its notebook, the files it reads and the files it writes.

The Makefile includes ``build/stages.mk``, which ``python -m citydip.stages`` writes from this
declaration: one rule per stage whose prerequisites are the stage's inputs and the modules its
notebook imports, directly or not (read from the import statements, so editing a site page re-runs
no notebook, and editing one audit check re-runs the audit only). The notebooks list their outputs
from it, and the tests compare what a stage writes with what it declares.

Inputs are listed by name, never by what happens to exist: a deleted document, transcription or
relations table is a missing prerequisite, not a silently shorter list. Documents are those of the
manifest ``data/raw/sources.csv``; printed tables those of ``data/raw/tables/tables.csv``.

Standard library only: make runs this module before ``.venv`` exists (``make help``, ``make clean``).
"""

from __future__ import annotations

import ast
import csv
import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "citydip"
SRC = ROOT / "src"

RAW = "data/raw"
PROCESSED = "data/processed"
TABLES = "data/processed/tables"
FIGURES = "reports/figures"
EXECUTED = "reports/notebooks"
COMPARE_PARAMS = "notebooks/params/compare"
RUNNER = "citydip.tooling.runner"  # the module make runs to execute a notebook

FIGURES_CSV = f"{PROCESSED}/figures.csv"
SOURCES_CSV = f"{RAW}/sources.csv"
TABLES_CSV = f"{RAW}/tables/tables.csv"
CASES_CSV = f"{RAW}/cases.csv"
RELATIONS_FILES = ("networks.csv", "memberships.csv", "pairs.csv", "organisations.csv")  # the curated ones

# The names of the files each stage writes: the modules that write them import these.
INGEST_OUTPUTS = ("figures.csv", "coverage.csv", "coverage_summary.csv")
DATAPACKAGE = "datapackage.json"  # written after the whole chain (citydip.package), describing every table
COMPARISON, DERIVED, SIX_CITIES, CLAIMS = "comparison.csv", "derived_checks.csv", "six_cities.csv", "policy_claims.csv"
TABLES_OUTPUTS = (COMPARISON, DERIVED, SIX_CITIES, CLAIMS)  # and each printed table rebuilt (tables.csv)
CAPTIONS, PLOTLY_JS = "captions.csv", "plotly.min.js"
RELATIONS_OUTPUTS = ("networks.csv", "memberships.csv", "pairs.csv")
BIBLIOGRAPHY_OUTPUTS = ("references.csv", "works.csv", "references.bib", "documents.bib")
NETWORK_CAPTIONS = "captions_networks.csv"
AUDIT_OUTPUT = "audit.csv"
AUDIT_CAPTIONS = "captions_audit.csv"  # the audit's chart of stated against reference values
REFERENCE_VALUES = "reference_values.csv"  # every linked reference value, with its formula (notebook 07)


class StageError(Exception):
    """A manifest the declaration reads is missing or malformed (one line: file, row, what was expected)."""


@dataclass(frozen=True)
class Stage:
    """One notebook of the chain: what it reads and writes, paths relative to the project root."""

    name: str
    notebook: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    executed: str
    entry: str = RUNNER  # the module whose import closure, with the notebook's, the stage depends on

    def output_names(self, folder: str) -> list[str]:
        """The names of the outputs this stage writes directly in ``folder``."""
        return [Path(o).name for o in self.outputs if Path(o).parent.as_posix() == folder]


def _column(path: str, column: str, root: Path) -> list[str]:
    """The values of one column of a manifest, in file order."""
    file = root / path
    try:
        with file.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        raise StageError(f"{path}: file not found (expected the manifest the build reads)") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise StageError(f"{path}: not a readable UTF-8 CSV ({exc}); expected the manifest's header and rows") from None
    values = []
    for line, row in enumerate(rows, start=2):
        value = (row.get(column) or "").strip()
        if not value or "/" in value or value.startswith("."):
            raise StageError(f"{path}, line {line}: {column} {value!r}; expected a plain file name")
        values.append(value)
    return values


def documents(root: Path = ROOT) -> tuple[str, ...]:
    """The manifest, every document it lists, and their folder (a file added there that the manifest
    does not list makes ingest run again, and stop saying so)."""
    listed = (f"{RAW}/documents/{f}" for f in _column(SOURCES_CSV, "file", root))
    return (SOURCES_CSV, *listed, f"{RAW}/documents")


def transcriptions(root: Path = ROOT) -> tuple[str, ...]:
    """The printed tables' manifest and every transcription it lists."""
    return (TABLES_CSV, *(f"{RAW}/tables/{f}" for f in _column(TABLES_CSV, "file", root)))


def references(root: Path = ROOT) -> tuple[str, ...]:
    """The reference files' manifest, every file it lists, and their folder (as for the documents)."""
    manifest = f"{RAW}/reference/manifest.csv"
    return (manifest, *(f"{RAW}/reference/{f}" for f in _column(manifest, "file", root)), f"{RAW}/reference")


def stages(root: Path = ROOT) -> list[Stage]:
    """The notebooks of the chain, in dependency order (longest path first, as make starts them)."""
    docs, printed = documents(root), transcriptions(root)
    rebuilt = tuple(f"{TABLES}/{f}" for f in _column(TABLES_CSV, "file", root))
    tables_out = (*rebuilt, *(f"{TABLES}/{f}" for f in TABLES_OUTPUTS))
    networks_out = (
        *(f"{PROCESSED}/{f}" for f in (*RELATIONS_OUTPUTS, *BIBLIOGRAPHY_OUTPUTS)),
        f"{FIGURES}/{NETWORK_CAPTIONS}",
    )

    def stage(name: str, number: str, inputs: tuple[str, ...], outputs: tuple[str, ...]) -> Stage:
        return Stage(name, f"notebooks/{number}_{name}.ipynb", inputs, outputs, f"{EXECUTED}/{number}_{name}.ipynb")

    raw_registry = (f"{RAW}/figures.csv", f"{RAW}/exclusions.csv")
    reference = references(root)
    return [
        stage(
            "ingest",
            "01",
            (*raw_registry, *docs, *reference),
            tuple(f"{PROCESSED}/{f}" for f in INGEST_OUTPUTS),
        ),
        stage(
            "reference",
            "07",
            (FIGURES_CSV, f"{RAW}/reference_links.csv", *reference),
            (f"{PROCESSED}/{REFERENCE_VALUES}",),
        ),
        stage(
            "networks",
            "06",
            (FIGURES_CSV, *(f"{RAW}/relations/{f}" for f in RELATIONS_FILES), f"{RAW}/figures.csv", CASES_CSV, *docs),
            networks_out,
        ),
        stage("tables", "02", (FIGURES_CSV, *printed, CASES_CSV, f"{RAW}/case_bases.csv", *docs), tables_out),
        stage(
            "charts",
            "03",
            (FIGURES_CSV, *tables_out, *printed, *docs),
            (f"{FIGURES}/{CAPTIONS}", f"{FIGURES}/{PLOTLY_JS}"),
        ),
        stage(
            "audit",
            "05",
            (
                FIGURES_CSV,
                f"{RAW}/audit_relations.csv",
                f"{RAW}/findings.csv",
                f"{PROCESSED}/{REFERENCE_VALUES}",
                *tables_out,
                *printed,
                CASES_CSV,
                *docs,
            ),
            (f"{PROCESSED}/{AUDIT_OUTPUT}", f"{FIGURES}/{AUDIT_CAPTIONS}"),
        ),
    ]


def output_names(name: str, root: Path = ROOT) -> list[str]:
    """The file names of what stage ``name`` writes (notebook 02 lists its tables' checksums by it)."""
    (stage,) = [s for s in stages(root) if s.name == name]
    return [Path(o).name for o in stage.outputs]


def pairs(root: Path = ROOT) -> list[str]:
    """The comparisons make builds: one parameter file each, ``<a>__<b>.yaml``, in file-name order."""
    names = []
    for path in sorted((root / COMPARE_PARAMS).glob("*.yaml")):
        if not all(c.isalnum() or c in "-_." for c in path.stem) or "__" not in path.stem:
            raise StageError(
                f"{COMPARE_PARAMS}/{path.name}: not a comparison's file name; expected <city-a>__<city-b>.yaml "
                "in lower-case letters, digits and hyphens (no spaces), e.g. cape-town__tokyo.yaml"
            )
        names.append(path.stem)
    return names


def comparison(pair: str, root: Path = ROOT) -> Stage:
    """The comparison notebook run with one parameter file (``python -m citydip.compare --params ...``)."""
    by_name = {s.name: s for s in stages(root)}
    inputs = (
        f"{COMPARE_PARAMS}/{pair}.yaml",
        FIGURES_CSV,
        f"{PROCESSED}/memberships.csv",
        f"{PROCESSED}/pairs.csv",
        *by_name["tables"].outputs,
        *transcriptions(root),
        CASES_CSV,
        f"{RAW}/case_bases.csv",
        f"{RAW}/case_points.csv",
        f"{PROCESSED}/{REFERENCE_VALUES}",  # the reference values of each city's linked figures
        *documents(root),
    )
    outputs = (f"{FIGURES}/compare_{pair}_measures.html",)
    return Stage(
        f"compare/{pair}",
        "notebooks/04_compare.ipynb",
        inputs,
        outputs,
        f"{EXECUTED}/compare/{pair}.ipynb",
        "citydip.compare.__main__",
    )


def compare_processed(root: Path = ROOT) -> list[str]:
    """What a comparison reads of earlier stages' outputs (``make compare`` builds them first)."""
    probe = comparison(pairs(root)[0], root) if pairs(root) else None
    return [i for i in (probe.inputs if probe else ()) if i.startswith(f"{PROCESSED}/")]


def site_inputs(root: Path = ROOT) -> tuple[str, ...]:
    """What the seminar site reads besides the notebooks' outputs and the static images."""
    extra = (f"{RAW}/exclusions.csv", f"{PROCESSED}/coverage.csv", "pyproject.toml")  # document pages, version
    return (f"{RAW}/findings.csv", CASES_CSV, f"{RAW}/case_points.csv", TABLES_CSV, *documents(root), *extra)


# --- dependencies on the package's modules, from the import statements ------------------------------


def module_file(name: str) -> Path | None:
    """The file of a module of the package (``citydip.core.paths`` -> src/citydip/core/paths.py)."""
    base = SRC.joinpath(*name.split("."))
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    return None


def imported(source: str, module: str = "") -> set[str]:
    """The package's modules that ``source`` imports (``module``: its own name, for relative imports)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == PACKAGE}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = module.split(".")[: -node.level] if module else []
                base = ".".join([*parent, *([base] if base else [])])
            if base.split(".")[0] != PACKAGE:
                continue
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names if module_file(f"{base}.{a.name}")}
    return found


def closure(modules: set[str]) -> list[str]:
    """The files of ``modules``, of every module they import directly or not, and of their packages."""
    seen: set[str] = set()
    todo = list(modules)
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for i in range(1, len(parts) + 1):  # importing a.b.c runs a/__init__, a/b/__init__ first
            todo += [] if ".".join(parts[:i]) in seen else [".".join(parts[:i])]
        if name in seen or module_file(name) is None:
            seen.add(name)
            continue
        seen.add(name)
        todo += imported(module_file(name).read_text(encoding="utf-8"), name) - seen
    files = set()
    for name in seen:
        path = module_file(name)
        if path is not None:
            files.add(path)
            files |= {data for data in path.parent.glob(f"{path.stem}.*") if data.suffix in (".csv", ".json")}
    return sorted(p.relative_to(ROOT).as_posix() for p in files)


def notebook_imports(notebook: Path) -> set[str]:
    """The package's modules a notebook's code cells import."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return set().union(*(imported("".join(c["source"])) for c in cells if c["cell_type"] == "code"))


def modules_of(stage: Stage, root: Path = ROOT) -> list[str]:
    """The module files a stage depends on: its notebook's imports and its entry module's, closed."""
    return closure(notebook_imports(root / stage.notebook) | {stage.entry})


# --- the include file for make ---------------------------------------------------------------------


def _words(paths: list[str] | tuple[str, ...]) -> str:
    return " \\\n    ".join(paths)


def _rule(stage: Stage, command: str, modules: list[str]) -> list[str]:
    targets = [stage.executed, *stage.outputs]
    prerequisites = [stage.notebook, *dict.fromkeys(stage.inputs), *modules, "$(SETUP)"]
    return [
        f"{_words(targets)} &: \\\n    {_words(prerequisites)}",
        f"\t@{command}",
        f"\t@touch {' '.join(targets)}",
        "",
    ]


def makefile(root: Path = ROOT) -> str:
    """The rules and lists that the Makefile includes (see the module docstring)."""
    chain, compares = stages(root), [comparison(p, root) for p in pairs(root)]
    lines = ["# Written by `python -m citydip.stages` from src/citydip/stages.py: edit that, not this.", ""]
    for stage in chain:
        lines.append(f"{stage.name.upper()}_OUT := {_words(stage.outputs)}")
    lines += [
        f"COMPARE_PAIRS := {' '.join(pairs(root))}",
        f"COMPARE_NB := {_words([c.executed for c in compares])}",
        f"COMPARE_OUT := {_words([o for c in compares for o in c.outputs])}",
        f"EXECUTED := {_words([s.executed for s in chain] + [c.executed for c in compares])}",
        f"STAGE_OUT := {' '.join(f'$({s.name.upper()}_OUT)' for s in chain)}",
        f"COMPARE_PROCESSED := {_words(compare_processed(root))}",
        f"SITE_RAW := {_words(site_inputs(root))}",
        f"SITE_MODULES := {_words(closure({'citydip.site.__main__'}))}",
        f"KIT_MODULES := {_words(closure({'citydip.kit.__main__'}))}",
        f"PACKAGE_MODULES := {_words(closure({'citydip.package.__main__'}))}",
        f"STATIC_MODULES := {_words(closure({'citydip.tooling.static'}))}",
        "",
        "# Outputs a failed or interrupted run did not write are never deleted (make's .DELETE_ON_ERROR",
        "# would remove every output of a grouped target); the runner writes each file whole or not at all.",
        f".PRECIOUS: $(EXECUTED) {' '.join(f'$({s.name.upper()}_OUT)' for s in chain)} $(COMPARE_OUT)",
        "",
    ]
    for stage in chain:
        lines += _rule(stage, f"$(RUN) {stage.notebook} {stage.executed}", modules_of(stage, root))
    for stage in compares:
        params = stage.inputs[0]
        lines += _rule(stage, f"$(PY) -m citydip.compare --params {params}", modules_of(stage, root))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m citydip.stages [OUT]``: write the include file (default: print it)."""
    args = sys.argv[1:] if argv is None else argv
    try:
        text = makefile()
    except StageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if not args:
        sys.stdout.write(text)
        return 0
    out = Path(args[0])
    out.parent.mkdir(parents=True, exist_ok=True)
    if not out.is_file() or out.read_text(encoding="utf-8") != text:
        tmp = out.with_name(f".{out.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
    else:
        out.touch()
    return 0


if __name__ == "__main__":
    sys.exit(main())
