"""The source manifest and the documents it lists, verified by SHA-256."""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

import pandas as pd

from citydip.core import paths
from citydip.core.csvio import read_table
from citydip.core.errors import InputError

MANIFEST_COLUMNS = (
    "doc_id", "file", "sha256", "authors", "title", "year", "venue", "doi", "url",
    "references_heading", "note", "rights", "inclusion",
)  # fmt: skip
"""``rights``: the rights the document states of itself, verbatim (checked), or 'not stated in the sources';
``inclusion``: on what basis the compendium includes it."""
NOT_STATED = "not stated in the sources"


@dataclass
class Document:
    """A source text with its manifest entry; offsets are character offsets into ``text``."""

    doc_id: str
    path: Path
    text: str
    meta: dict[str, str]
    lines: list[str] = field(init=False, repr=False)  # the text's lines, without "\n": line n is lines[n - 1]
    _line_starts: list[int] = field(init=False, repr=False)
    _captions: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.lines = self.text.split("\n")
        self._line_starts = list(accumulate((len(line) + 1 for line in self.lines[:-1]), initial=0))
        self._captions = {}

    def caption_lines(self, label: str) -> tuple[int, ...]:
        """1-based numbers of the lines starting with ``label:``: the caption of table ``label`` ('Figure 4: ...')."""
        if label not in self._captions:
            self._captions[label] = tuple(i for i, line in enumerate(self.lines, 1) if line.startswith(f"{label}:"))
        return self._captions[label]

    def line_of(self, offset: int) -> int:
        """1-based line number holding character ``offset``."""
        return bisect.bisect_right(self._line_starts, offset)

    def line_text(self, line: int) -> str:
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.text)
        return self.text[start:end]

    def line_span(self, offset: int) -> tuple[int, int]:
        line = self.line_of(offset)
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.text)
        return start, end

    def occurrences(self, snippet: str) -> list[int]:
        """Start offsets of every occurrence of ``snippet`` (overlapping ones included)."""
        found, start = [], self.text.find(snippet)
        while start != -1:
            found.append(start)
            start = self.text.find(snippet, start + 1)
        return found


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_sha256(path: Path, recorded: str, where: str, what: str) -> None:
    """Stop unless ``path`` is byte for byte the file whose SHA-256 a manifest records (documents and
    reference files alike)."""
    actual = sha256_of(path)
    if actual != recorded.strip().lower():
        raise InputError(
            path,
            f"SHA-256 is {actual}, the manifest records {recorded}",
            where=where,
            expected=f"{what} unchanged, byte for byte, as received",
        )


def load_manifest(raw_dir: Path) -> pd.DataFrame:
    return read_table(raw_dir / "sources.csv", MANIFEST_COLUMNS, key="doc_id")


def load_documents(raw_dir: Path) -> dict[str, Document]:
    """Every document of the manifest, after checking its SHA-256; stops at the first mismatch."""
    manifest_path = raw_dir / "sources.csv"
    manifest = load_manifest(raw_dir)
    documents: dict[str, Document] = {}
    for _, row in manifest.iterrows():
        where = f"line {row['_line']} (doc_id {row['doc_id']})"
        path = raw_dir / "documents" / row["file"]
        if not path.is_file():
            raise InputError(
                manifest_path,
                f"document file {row['file']} not found in {paths.relative(raw_dir / 'documents')}",
                where=where,
                expected="every listed document under data/raw/documents/",
            )
        check_sha256(path, row["sha256"], f"manifest {where}", "the document")
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                path,
                f"not UTF-8 text ({exc.reason} at byte {exc.start}: {exc.object[exc.start : exc.start + 4]!r})",
                where=f"manifest {where}",
                expected="a document saved as UTF-8 (convert it, e.g. iconv -f latin1 -t utf-8, "
                "then record its SHA-256)",
            ) from None
        if row["rights"] != NOT_STATED and row["rights"] not in text:
            raise InputError(
                manifest_path,
                f"rights {row['rights'][:60]!r} are not in {row['file']}",
                where=where,
                expected=f"the rights the document states, verbatim, or '{NOT_STATED}'",
            )
        meta = {k: row[k] for k in MANIFEST_COLUMNS}
        documents[row["doc_id"]] = Document(row["doc_id"], path, text, meta)
    listed = {row["file"] for _, row in manifest.iterrows()}
    extra = sorted(p.name for p in (raw_dir / "documents").glob("*") if p.is_file() and p.name not in listed)
    if extra:
        raise InputError(
            manifest_path,
            f"documents not in the manifest: {', '.join(extra)}",
            expected="one manifest row per file under data/raw/documents/",
        )
    return documents
