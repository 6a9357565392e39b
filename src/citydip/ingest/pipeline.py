"""Ingest: verify the sources, validate and locate every figure, account for every number.

``run`` is what ``notebooks/01_ingest.ipynb`` calls. It reads only ``data/raw``
and writes only its declared outputs under ``data/processed`` (each written
whole or not at all). ``python -m citydip.ingest --check`` validates without
writing anything and lists what is unaccounted: the curator's loop.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from citydip.core import paths
from citydip.core.csvio import to_csv_text, write_if_changed
from citydip.core.errors import InputError
from citydip.core.figures import FIGURE_FIELDS
from citydip.core.numbers import format_decimal
from citydip.core.registry import Figure, validate_registry
from citydip.core.sources import Document, load_documents
from citydip.ingest.coverage import STATUSES, Accounted, account, summary
from citydip.reference import manifest as reference_files
from citydip.stages import INGEST_OUTPUTS as OUTPUTS

COVERAGE_FIELDS = (
    ("doc_id", "string", "Source document"),
    ("line", "integer", "1-based line of the number"),
    ("char_offset", "integer", "0-based character offset of the number"),
    ("number", "string", "The number as it stands in the text"),
    ("status", "string", "registered, rule, listed or unaccounted"),
    ("accounted_by", "string", "Figure id(s), rule name or exclusion id"),
)
SUMMARY_FIELDS = (
    ("doc_id", "string", "Source document"),
    *((s, "integer", f"Numbers whose status is {s}") for s in STATUSES),
    ("numbers", "integer", "All numbers found in the document"),
)


@dataclass
class IngestResult:
    documents: dict[str, Document]
    figures: list[Figure]
    accounted: list[Accounted]

    @property
    def unaccounted(self) -> list[Accounted]:
        return [a for a in self.accounted if a.status == "unaccounted"]


def validate(raw_dir: Path, *, log=print) -> IngestResult:
    """Check everything under ``raw_dir``; raise InputError at the first bad input."""
    documents = load_documents(raw_dir)
    log(f"sources: {len(documents)} documents, SHA-256 verified ({', '.join(documents)})")
    reference = reference_files.load(raw_dir)
    log(f"reference: {len(reference)} published files, SHA-256 verified (data/raw/reference/manifest.csv)")
    figures = validate_registry(raw_dir / "figures.csv", documents)
    log(f"registry: {len(figures)} figures validated and located")
    accounted = account(documents, figures, raw_dir / "exclusions.csv")
    for row in summary(accounted):
        log(
            "coverage: {doc_id}: {numbers} numbers = {registered} registered + {rule} by rule + "
            "{listed} listed + {unaccounted} unaccounted".format(**row)
        )
    return IngestResult(documents, figures, accounted)


def _figure_record(f: Figure) -> list[object]:
    r = f.row
    return [
        r["figure_id"],
        r["doc_id"],
        r["kind"],
        r["entity"],
        r["measure"],
        r["period"],
        r["value"],
        r["qualifier"],
        r["unit"],
        format_decimal(f.value_number),
        format_decimal(f.base_value),
        f.base_unit,
        f.line,
        f.char_offset,
        f.value_start,
        r["table"],
        r["column"],
        r["quote"],
        r["note"],
    ]


def tables(result: IngestResult) -> dict[str, str]:
    """The processed tables as CSV text, sorted in reading order."""
    order = {d: i for i, d in enumerate(result.documents)}
    figures = sorted(result.figures, key=lambda f: (order[f.row["doc_id"]], f.value_start, f.figure_id))
    coverage = sorted(result.accounted, key=lambda a: (order[a.doc_id], a.number.start))
    return {
        "figures.csv": to_csv_text([n for n, *_ in FIGURE_FIELDS], map(_figure_record, figures)),
        "coverage.csv": to_csv_text(
            [n for n, *_ in COVERAGE_FIELDS],
            ([a.doc_id, a.line, a.number.start, a.number.text, a.status, a.by] for a in coverage),
        ),
        "coverage_summary.csv": to_csv_text(
            [n for n, *_ in SUMMARY_FIELDS], ([row[n] for n, *_ in SUMMARY_FIELDS] for row in summary(coverage))
        ),
    }


def run(raw_dir: str | Path = "data/raw", processed_dir: str | Path = "data/processed", *, log=print) -> IngestResult:
    """Validate ``raw_dir`` and write the processed tables to ``processed_dir`` (the data package that
    describes them is written after the whole chain: ``citydip.package``).

    Stops with InputError, writing nothing, on bad input or on any unaccounted number.
    """
    raw, out = paths.resolve(raw_dir), paths.output(processed_dir)
    result = validate(raw, log=log)
    if result.unaccounted:
        first = result.unaccounted[0]
        doc = result.documents[first.doc_id]
        raise InputError(
            doc.path,
            f"{len(result.unaccounted)} unaccounted number(s), the first {first.number.text!r}",
            where=f"line {first.line}",
            expected="each number registered in figures.csv or excluded (rule or exclusions.csv)",
        )
    outputs = tables(result)
    for name in OUTPUTS:  # an identical file is left untouched (see write_if_changed)
        write_if_changed(out / name, outputs[name])
    log(f"outputs: {', '.join(f'{Path(processed_dir).as_posix()}/{n}' for n in OUTPUTS)}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m citydip.ingest", description=__doc__.splitlines()[0])
    parser.add_argument("--raw", default="data/raw", help="raw data folder (default: data/raw)")
    parser.add_argument("--out", default="data/processed", help="output folder (default: data/processed)")
    parser.add_argument("--check", action="store_true", help="validate only; list unaccounted numbers")
    parser.add_argument("--doc", help="with --check: list unaccounted numbers of this doc_id only")
    args = parser.parse_args(argv)
    try:
        if args.check:
            result = validate(paths.resolve(args.raw))
            for a in result.unaccounted:
                if args.doc in (None, a.doc_id):
                    doc = result.documents[a.doc_id]
                    context = doc.text[max(0, a.number.start - 50) : a.number.end + 30].replace("\n", " / ")
                    print(f"unaccounted {a.doc_id} line {a.line}: {a.number.text!r} | {context}")
            return 1 if result.unaccounted else 0
        run(args.raw, args.out)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
