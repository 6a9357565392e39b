"""A scaled corpus for ``make bench-scale``: how each stage's cost grows with the number of documents.

``scale_corpus(project, n)`` turns a scratch copy's four documents into ``4 n``: every document is
copied ``n - 1`` times under a new file name and doc_id (``<doc_id>_s<k>``), and every registry and
exclusion row of it is copied with the new doc_id and an id of its own (``S<k>-<id>``), so that
ingest finds every number accounted for, exactly as in the four documents. Nothing else is copied
(the printed tables, the cases, the relations and the audit's curated tables stay those of the
four documents), so the later stages see ``n`` times the figures, documents and citations.

``stage_times(project)`` builds the chain from clean, one notebook at a time (``make -j1``), and
reads how long each took from the runner's lines; the static images and the site (``make book``)
are timed together. Only ever run in a scratch copy: it rewrites ``data/raw``.
"""

from __future__ import annotations

import csv
import io
import math
import re
import shutil
import time
from pathlib import Path

from citydip.tooling import scratch

SCALED_TABLES = ("figures.csv", "exclusions.csv")
SUPERLINEAR = 1.25  # a stage whose cost grows as N^b with b above this is named as growing faster than N


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def scale_corpus(project: Path, n: int) -> int:
    """Copy each document of ``project`` ``n - 1`` times with its registry and exclusion rows; returns the documents."""
    raw = project / "data" / "raw"
    header, manifest = _rows(raw / "sources.csv")
    originals = list(manifest)
    tables = {name: _rows(raw / name) for name in SCALED_TABLES}
    for k in range(1, n):
        for doc in originals:
            new_id, new_file = f"{doc['doc_id']}_s{k}", f"s{k}_{doc['file']}"
            (raw / "documents" / new_file).write_bytes((raw / "documents" / doc["file"]).read_bytes())
            manifest.append(doc | {"doc_id": new_id, "file": new_file})
            for _, (_, rows) in tables.items():
                key = next(iter(rows[0]))  # the id column comes first
                rows += [
                    r | {key: f"S{k}-{r[key]}", "doc_id": new_id} for r in list(rows) if r["doc_id"] == doc["doc_id"]
                ]
    _write(raw / "sources.csv", header, manifest)
    for name, (columns, rows) in tables.items():
        _write(raw / name, columns, rows)
    return len(manifest)


_RUNNING = re.compile(r"^(?:running notebooks/\S+ -> (\S+)|comparing .* -> (\S+))$")
_DONE = re.compile(r"^done in ([0-9.]+) s$")


def stage_times(project: Path) -> dict[str, float]:
    """Seconds per notebook (and for the site) of a build from clean, one step at a time."""
    scratch.make(project, "clean")
    chain = scratch.make(project, "-j1", "chain", timeout=3600)
    times: dict[str, float] = {}
    current = None
    for line in chain.output.splitlines():
        if match := _RUNNING.match(line.strip()):
            current = Path(match.group(1) or match.group(2)).stem
            current = "compare (each)" if "__" in current else current
        elif (match := _DONE.match(line.strip())) and current:
            times[current] = max(times.get(current, 0.0), float(match.group(1)))
            current = None
    started = time.perf_counter()
    scratch.make(project, "book", timeout=3600)
    times["static images and site"] = time.perf_counter() - started
    return times


def growth(sizes: list[int], times: list[float]) -> float:
    """The exponent b of t ~ N^b between the two largest sizes (1: linear)."""
    (n1, t1), (n2, t2) = list(zip(sizes, times, strict=True))[-2:]
    return math.log(t2 / t1) / math.log(n2 / n1) if t1 > 0 and t2 > 0 and n2 > n1 else float("nan")


def report(sizes: list[int], documents: list[int], by_size: list[dict[str, float]]) -> str:
    """The table of seconds per stage and size, with each stage's growth."""
    stages = list(by_size[0])
    head = "  stage              " + "".join(
        f"  N={n:<3d} ({d:3d} docs)" for n, d in zip(sizes, documents, strict=True)
    )
    lines = ["make bench-scale: seconds per step of a build from clean (make -j1), by corpus size", head]
    for stage in stages:
        times = [t.get(stage, float("nan")) for t in by_size]
        b = growth(sizes, times) if len(sizes) > 1 else float("nan")
        flag = "  grows faster than N" if b > SUPERLINEAR else ""
        cells = "".join(f"  {t:16.1f} s" for t in times)
        lines.append(f"  {stage:18s}{cells}   N^{b:.2f}{flag}")
    return "\n".join(lines)


def measure(work: Path, sizes: list[int], say=print) -> str:
    """Build a scaled copy for each size in turn and time its steps; returns the report."""
    documents, by_size = [], []
    for n in sizes:
        copy = scratch.copy_project(work / f"scale-{n}")
        documents.append(scale_corpus(copy, n))
        say(f"bench: corpus x{n} ({documents[-1]} documents): building from clean, one step at a time ...")
        by_size.append(stage_times(copy))
        shutil.rmtree(copy, ignore_errors=True)
    return report(sizes, documents, by_size)
