"""``python -m citydip.package``: ``data/processed/datapackage.json``, the Frictionless data package of
every CSV the chain writes under ``data/processed/`` (each with its size, SHA-256 and schema), with
the licence of the data (CC BY 4.0) and its sources (the four documents, the reference files).

Written by make after every stage; a CSV under ``data/processed/`` that no schema describes stops it
with one line naming the file. ``frictionless validate data/processed/datapackage.json`` checks every
table against its schema, offline (``tests/test_data.py`` does).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from citydip.core import paths
from citydip.core.csvio import read_table, write_if_changed
from citydip.core.errors import InputError
from citydip.core.figures import FIGURE_FIELDS
from citydip.core.sources import load_manifest
from citydip.ingest.pipeline import COVERAGE_FIELDS, SUMMARY_FIELDS
from citydip.package.schemas import resources as later_resources
from citydip.reference import manifest as reference_files
from citydip.tables.printed import load_manifest as printed_tables

OUTPUT = "datapackage.json"
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


def _schema(fields, primary_key) -> dict:
    return {"fields": [{"name": n, "type": t, "description": d} for n, t, d in fields], "primaryKey": primary_key}


def _ingest() -> list[dict]:
    """Ingest's three tables (notebook 01)."""
    specs = (
        ("figures.csv", "figures", "Every registered figure, located and converted to base units", FIGURE_FIELDS,
         ["figure_id"]),
        ("coverage.csv", "coverage", "Every number found in the documents and what accounts for it", COVERAGE_FIELDS,
         ["doc_id", "char_offset"]),
        ("coverage_summary.csv", "coverage_summary", "Numbers per document and status", SUMMARY_FIELDS, ["doc_id"]),
    )  # fmt: skip
    return [
        {"name": name, "title": title, "description": "Written by notebooks/01_ingest.ipynb.", "path": file,
         "schema": _schema(fields, key)}
        for file, name, title, fields, key in specs
    ]  # fmt: skip


def _printed(raw_dir: Path, processed: Path) -> list[dict]:
    """Each printed table as rebuilt (notebook 02): its columns as printed, every cell as text."""
    out = []
    for spec in printed_tables(raw_dir):
        header = [c for c in read_table(processed / "tables" / spec.output_name, []).columns if c != "_line"]
        fields = [{"name": c, "type": "string", "description": f"The column '{c}' as printed"} for c in header]
        out.append(
            {
                "name": f"tables_{Path(spec.output_name).stem}",
                "title": f"{spec.label}: {spec.caption} ({spec.doc_id}), rebuilt from the registry",
                "description": "Written by notebooks/02_tables.ipynb; each cell is its figure's value as printed.",
                "path": f"tables/{spec.output_name}",
                "schema": {"fields": fields},
            }
        )
    return out


def _sources(raw_dir: Path) -> list[dict]:
    documents = [
        {"title": r["title"], "path": f"data/raw/documents/{r['file']}"} for _, r in load_manifest(raw_dir).iterrows()
    ]
    files = reference_files.load(raw_dir).values()
    published = [{"title": f.row["title"], "path": f"data/raw/reference/{f.path.name}"} for f in files
                 if not f.path.name.endswith(".json")]  # fmt: skip
    return documents + published


def build(raw_dir: str | Path = "data/raw", processed_dir: str | Path = "data/processed") -> str:
    """The data package as JSON text (see the module docstring)."""
    raw, processed = paths.resolve(raw_dir), paths.resolve(processed_dir)
    doc_ids = list(load_manifest(raw)["doc_id"])
    resources = [*_ingest(), *later_resources(doc_ids), *_printed(raw, processed)]
    described = {r["path"] for r in resources}
    for csv_file in sorted(processed.rglob("*.csv")):
        name = csv_file.relative_to(processed).as_posix()
        if not csv_file.name.startswith(".") and name not in described:
            raise InputError(
                csv_file, "a table no schema describes", expected="its schema in citydip.package (schemas.py, specs.py)"
            )
    for resource in resources:
        data = (processed / resource["path"]).read_bytes()
        resource.update(format="csv", mediatype="text/csv", encoding="utf-8", bytes=len(data),
                        hash=f"sha256:{hashlib.sha256(data).hexdigest()}")  # fmt: skip
    package = {
        "name": "city-diplomacy-figures",
        "title": "Figures of four documents on city diplomacy, with provenance, audit and public record",
        "description": "Written by `python -m citydip.package` after every notebook of the chain; do not edit by hand.",
        "licenses": [LICENCE],
        "sources": _sources(raw),
        "resources": resources,
    }
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


def run(raw_dir: str | Path = "data/raw", processed_dir: str | Path = "data/processed") -> Path:
    out = paths.output(processed_dir) / OUTPUT
    write_if_changed(out, build(raw_dir, processed_dir))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m citydip.package", description=__doc__.splitlines()[0])
    parser.add_argument("--raw", default="data/raw", help="raw data folder (default: data/raw)")
    parser.add_argument("--processed", default="data/processed", help="processed folder (default: data/processed)")
    args = parser.parse_args(argv)
    try:
        out = run(args.raw, args.processed)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"data package: {paths.relative(out)}")
    return 0
