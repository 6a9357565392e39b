"""The reference files of ``data/raw/reference/`` and their manifest: each file's SHA-256, publisher,
title, vintage, where it was obtained (repository, path, commit), licence and citation as stated.

A reference file is refused when its bytes differ from the manifest, exactly as a changed document
is; a file in the folder that the manifest does not list is refused too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from citydip.core import paths
from citydip.core.csvio import read_table
from citydip.core.errors import InputError
from citydip.core.sources import check_sha256

FOLDER = "reference"
MANIFEST = "manifest.csv"
COLUMNS = (
    "file", "sha256", "dataset", "publisher", "title", "vintage", "repository", "path", "commit", "licence",
    "citation",
)  # fmt: skip


@dataclass(frozen=True)
class ReferenceFile:
    path: Path
    row: dict[str, str]

    @property
    def dataset(self) -> str:
        return self.row["dataset"]


def load(raw_dir: str | Path = "data/raw") -> dict[str, ReferenceFile]:
    """Every reference file of the manifest (by file name), after checking its SHA-256."""
    folder = paths.resolve(raw_dir) / FOLDER
    manifest = folder / MANIFEST
    frame = read_table(manifest, COLUMNS, key="file", exact=True)
    files = {}
    for row in frame.to_dict("records"):
        where = f"line {row['_line']} ({row['file']})"
        path = folder / row["file"]
        if not path.is_file():
            raise InputError(manifest, f"reference file {row['file']} not found", where=where, expected="the file")
        check_sha256(path, row["sha256"], f"manifest {where}", "the reference file")
        files[row["file"]] = ReferenceFile(path, {k: str(row[k]) for k in COLUMNS})
    extra = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name != MANIFEST and p.name not in files)
    if extra:
        raise InputError(manifest, f"files not in the manifest: {', '.join(extra)}", expected="one row per file")
    return files


def of_dataset(files: dict[str, ReferenceFile], dataset: str) -> ReferenceFile:
    """The data file of a dataset (not its metadata)."""
    (found,) = [f for f in files.values() if f.dataset == dataset and not f.path.name.endswith(".json")]
    return found
