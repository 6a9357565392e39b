"""Strict CSV reading and deterministic, atomic CSV writing."""

from __future__ import annotations

import csv
import glob
import io
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pandas as pd

from citydip.core import paths
from citydip.core.errors import InputError


def read_table(path: Path, required: Sequence[str], *, key: str | None = None, exact: bool = False) -> pd.DataFrame:
    """Read a UTF-8 CSV as text columns, refusing anything malformed.

    Every row must have as many fields as the header, every column of ``required`` must be
    present (with ``exact``, and no other), and ``key`` (if given) must be filled and unique.
    Row numbers in errors are the file's line numbers as an editor shows them (the header is
    line 1). A byte-order mark before the header is not part of it.
    """
    header: list[str] = []
    rows = [[*r.values()] for r in records(path, required, key=key, exact=exact, header=header)]
    frame = pd.DataFrame(rows, columns=[*header, "_line"], dtype=object)
    for column in header:
        frame[column] = frame[column].astype(str)
    return frame


def read_written(path: Path, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """A table an earlier stage wrote, read back as it was built: text cells, no ``_line``, and (given
    ``columns``) exactly those columns in that order; other columns or another order is an error."""
    frame = read_table(path, columns or []).drop(columns="_line")
    if columns is not None and list(frame.columns) != list(columns):
        raise InputError(path, f"columns {', '.join(frame.columns)}", expected=f"columns {', '.join(columns)}")
    return frame


def records(
    path: Path,
    required: Sequence[str],
    *,
    key: str | None = None,
    exact: bool = False,
    header: list[str] | None = None,
) -> Iterator[dict[str, str | int]]:
    """The rows of a CSV one at a time, checked as :func:`read_table` checks them, as dicts with ``_line``.

    A bad row stops the reading where it is, so a caller that checks each row as it comes fails
    at the first bad one without parsing the rest of a large file. ``header``, if given, is
    filled with the file's columns.
    """
    if not path.is_file():
        raise InputError(path, "file not found", expected="the file to exist")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark (Excel's "CSV UTF-8") is not data
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            path,
            f"not UTF-8 text ({exc.reason} at byte {exc.start}: {data[exc.start : exc.start + 1]!r})",
            where=f"line {line}",
            expected="UTF-8 (save the file as UTF-8)",
        ) from exc
    parsed = _parse(path, text)
    first = next(parsed, None)
    if first is None:
        raise InputError(path, "empty file", expected=f"a header with columns {', '.join(required)}")
    columns = first[0]
    _check_header(path, columns, required, exact)
    if header is not None:
        header[:] = columns
    seen: dict[str, int] = {}
    for row, line in parsed:
        if not row:
            continue
        if len(row) != len(columns):
            raise InputError(
                path,
                f"malformed CSV: {len(row)} fields",
                where=f"line {line}",
                expected=f"{len(columns)} fields as in the header"
                + ("; a field that holds a comma must be in double quotes" if len(row) > len(columns) else ""),
            )
        record: dict[str, str | int] = dict(zip(columns, row, strict=True))
        record["_line"] = line
        if key is not None:
            _check_key(path, key, row[columns.index(key)], line, seen)
        yield record


def _check_header(path: Path, header: list[str], required: Sequence[str], exact: bool) -> None:
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(
            path,
            f"missing column(s) {', '.join(missing)}",
            where="header (line 1)",
            expected=f"columns {', '.join(required)}",
        )
    dupes = sorted({c for c in header if header.count(c) > 1})
    if dupes:
        raise InputError(
            path, f"repeated column(s) {', '.join(dupes)}", where="header (line 1)", expected="each column once"
        )
    extra = [c for c in header if c not in required]
    if exact and extra:
        raise InputError(
            path,
            f"unknown column(s) {', '.join(extra)} (they would be ignored)",
            where="header (line 1)",
            expected=f"exactly the columns {', '.join(required)}",
        )


def _check_key(path: Path, key: str, value: str, line: int, seen: dict[str, int]) -> None:
    """``value`` of the ``key`` column filled and not seen before (``seen``: value -> first line)."""
    if not value.strip():
        raise InputError(path, f"empty {key}", where=f"line {line}", expected=f"a {key}")
    if value in seen:
        raise InputError(
            path,
            f"duplicate {key} {value!r} (first on line {seen[value]})",
            where=f"line {line}",
            expected=f"a unique {key}",
        )
    seen[value] = line


def _parse(path: Path, text: str) -> Iterator[tuple[list[str], int]]:
    """Each record of ``text`` with the line it starts on; a quoting error names its line."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(  # the line the record starts on: an unclosed quote runs to the end
                path,
                f"malformed CSV: {exc}",
                where=f"line {line}",
                expected="RFC 4180 quoting (a field with a comma, quote or line break in double quotes, "
                'a " inside it doubled)',
            ) from exc
        yield row, line
        line = reader.line_num + 1


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write a file so that it is either complete or absent: never half-written.

    The bytes go to a scratch file beside ``path`` (``.<name>.<pid>.<random>.tmp``) that replaces
    it in one rename. A writer killed before the rename (SIGKILL, power loss) leaves its scratch
    file behind; the next write of the same path removes it (see ``remove_orphans``).
    """
    _refuse_raw(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_orphans(path)
        fd, tmp = tempfile.mkstemp(prefix=scratch_prefix(path), suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OSError(exc.errno, f"cannot write {paths.relative(path)}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.strerror:
            raise OSError(exc.errno, f"cannot write {paths.relative(path)}: {exc.strerror}") from exc
        raise


def write_if_changed(path: Path, data: str) -> bool:
    """Write atomically unless the file already holds exactly ``data``; True if written.

    Leaving an identical file untouched keeps its modification time, so that a
    re-run with nothing changed (nbval re-executing a notebook) does not make
    ``make`` think everything downstream is out of date. Orphaned scratch files
    of ``path`` are removed either way.
    """
    encoded = data.encode("utf-8")
    if path.is_file() and path.read_bytes() == encoded:
        remove_orphans(path)
        return False
    write_atomic(path, encoded)
    return True


def _refuse_raw(path: Path) -> None:
    """The last guard: nothing is ever written under data/raw, whatever path a caller computed."""
    target = Path(path).resolve()
    raw = paths.RAW.resolve()
    if target == raw or raw in target.parents:
        raise InputError(
            path,
            "refusing to write under data/raw: raw inputs are never written",
            expected="an output under data/processed/ or reports/ (check the output folder parameters)",
        )


def scratch_prefix(path: Path) -> str:
    """How the scratch files of ``path`` written by this process begin: ``.<name>.<pid>.``."""
    return f".{path.name}.{os.getpid()}."


def replace_folder(new: Path, out: Path, spare: Path) -> None:
    """Put the folder ``new`` (built whole beside ``out``) in place of ``out``; the previous ``out`` is moved
    to ``spare`` (in the same scratch folder, removed with it) and put back if the move fails."""
    if out.exists():
        out.rename(spare)
    try:
        new.rename(out)
    except OSError:
        if spare.exists():
            spare.rename(out)
        raise


def remove_orphans(path: Path) -> list[Path]:
    """Remove the scratch files (or folders) of ``path`` whose writing process is gone.

    A scratch name is ``.<name>.<pid>.<anything>.tmp`` (``scratch_prefix``), beside ``path``.
    One whose process still runs is another writer at work and is kept; one with no pid in its
    name was left by an older version of this code and is removed. Returns what was removed.
    """
    lead = f".{path.name}."
    removed = []
    for orphan in sorted(path.parent.glob(f"{glob.escape(lead)}*.tmp")):
        pid = orphan.name[len(lead) :].split(".", 1)[0]
        if pid.isdigit() and _running(int(pid)):
            continue
        if orphan.is_dir() and not orphan.is_symlink():
            shutil.rmtree(orphan, ignore_errors=True)
        else:
            orphan.unlink(missing_ok=True)
        removed.append(orphan)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # gone, or no pid at all
        return False
    except PermissionError:
        return True  # someone else's process: running
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def to_csv_text(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text with a fixed column order, '\\n' line ends and minimal quoting."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


def frame_to_csv_text(frame) -> str:
    """A pandas DataFrame (its columns, not its index) as ``to_csv_text`` writes it."""
    return to_csv_text(list(frame.columns), frame.itertuples(index=False, name=None))
