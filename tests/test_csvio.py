"""Atomic writes: a file is complete or absent, and scratch files of killed writers do not pile up."""

from __future__ import annotations

import errno
import os
import subprocess
import sys

import pytest

from citydip.core import csvio, paths
from citydip.core.errors import InputError
from conftest import snapshot


def _dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(child.stdout)


def test_write_atomic_leaves_only_the_file(tmp_path):
    target = tmp_path / "sub" / "table.csv"
    csvio.write_atomic(target, "a,b\n1,2\n")
    assert target.read_text() == "a,b\n1,2\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["table.csv"]


def test_a_failed_write_keeps_the_old_file_and_no_scratch(tmp_path, monkeypatch):
    target = tmp_path / "table.csv"
    target.write_text("old\n")

    def refuse(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(csvio.os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        csvio.write_atomic(target, "new\n")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table.csv"]


@pytest.mark.parametrize("write", [csvio.write_atomic, csvio.write_if_changed])
@pytest.mark.parametrize("same", [True, False], ids=["same bytes", "new bytes"])
def test_the_next_write_removes_a_killed_writers_scratch(tmp_path, write, same):
    target = tmp_path / "figure.plotly.json"
    target.write_text("{}\n")
    dead = _dead_pid()
    orphan_file = tmp_path / f".figure.plotly.json.{dead}.x1y2z3.tmp"
    orphan_dir = tmp_path / f".figure.plotly.json.{dead}.tmp"
    old_style = tmp_path / ".figure.plotly.json.hamkzg55.tmp"  # the name before pids were in it
    (tmp_path / ".figure.plotly.json.99999999999999999999.tmp").write_text("")  # digits, but no pid
    orphan_file.write_text('{"half')
    (orphan_dir / "html").mkdir(parents=True)
    old_style.write_text('{"ha')
    write(target, "{}\n" if same else '{"a": 1}\n')
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figure.plotly.json"]


def test_a_running_writers_scratch_and_other_files_are_kept(tmp_path):
    target = tmp_path / "t.csv"
    parent = os.getppid()  # running: the process that started this test
    live = tmp_path / f".t.csv.{parent}.abc.tmp"
    mine = tmp_path / f"{csvio.scratch_prefix(target)}def.tmp"
    others = [tmp_path / ".t.csvx.1.tmp", tmp_path / ".u.csv.1.tmp", tmp_path / "t.csv.1.tmp"]
    for path in [live, mine, *others]:
        path.write_text("x")
    assert csvio.remove_orphans(target) == []
    csvio.write_atomic(target, "a\n")
    kept = ["t.csv", live.name, mine.name, *(p.name for p in others)]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(kept)


def test_names_with_glob_characters_are_matched_literally(tmp_path):
    target = tmp_path / "a[1].csv"
    dead = _dead_pid()
    orphan = tmp_path / f".a[1].csv.{dead}.q.tmp"
    bystander = tmp_path / f".a1.csv.{dead}.q.tmp"  # what an unescaped [1] would match
    orphan.write_text("x")
    bystander.write_text("x")
    assert csvio.remove_orphans(target) == [orphan]
    assert bystander.exists()


# --- reading: messages that say what to fix (issue 15, item 6) ----------------------------------------


def _csv(tmp_path, text: str | bytes):
    path = tmp_path / "table.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_a_byte_order_mark_before_the_header_is_not_part_of_it(tmp_path):
    frame = csvio.read_table(_csv(tmp_path, "\ufefffigure_id,value\nX-1,3\n"), ["figure_id"], key="figure_id")
    assert frame["figure_id"].tolist() == ["X-1"]


def test_an_unclosed_quote_names_the_line_it_opens_on(tmp_path):
    path = _csv(tmp_path, 'a,b\n1,2\n3,"x\n5,6\n7,8\n')
    with pytest.raises(InputError, match=r"table\.csv, line 3: malformed CSV: unexpected end of data"):
        csvio.read_table(path, ["a", "b"])


def test_a_stray_quote_names_its_line(tmp_path):
    path = _csv(tmp_path, 'a,b\n1,2\n3,"x"y\n5,6\n')
    with pytest.raises(InputError, match=r"table\.csv, line 3: malformed CSV: .*expected RFC 4180 quoting"):
        csvio.read_table(path, ["a", "b"])


def test_too_many_fields_hints_at_an_unquoted_comma(tmp_path):
    path = _csv(tmp_path, "a,b\n1,2\n\n3,more, words\n")
    with pytest.raises(InputError, match=r"line 4: malformed CSV: 3 fields.*must be in double quotes"):
        csvio.read_table(path, ["a", "b"])


def test_an_unknown_column_is_refused_where_the_columns_are_exact(tmp_path):
    path = _csv(tmp_path, "a,b,c\n1,2,3\n")
    assert list(csvio.read_table(path, ["a", "b"]).columns) == ["a", "b", "c", "_line"]
    with pytest.raises(InputError, match=r"header \(line 1\): unknown column\(s\) c \(they would be ignored\)"):
        csvio.read_table(path, ["a", "b"], exact=True)


def test_a_record_spanning_lines_keeps_the_line_numbers_of_the_next(tmp_path):
    path = _csv(tmp_path, 'id,text\nA,"two\nlines"\nA,one\n')
    with pytest.raises(InputError, match=r"line 4: duplicate id 'A' \(first on line 2\)"):
        csvio.read_table(path, ["id"], key="id")


# --- writing: never into data/raw, and a failure names the file --------------------------------------


def test_nothing_is_written_under_data_raw(raw_copy, monkeypatch):
    """The guard is tried on a copy standing in for data/raw: a regression cannot touch the real one."""
    monkeypatch.setattr(paths, "RAW", raw_copy)
    before = snapshot(raw_copy)
    for target in (raw_copy / "figures.csv", raw_copy / "tables" / "new.csv", raw_copy):
        with pytest.raises(InputError, match="refusing to write under data/raw"):
            csvio.write_atomic(target, "x\n")
    with pytest.raises(InputError, match="refusing to write under data/raw"):
        csvio.write_if_changed(raw_copy / "tables" / ".." / "cases.csv", "x\n")
    assert snapshot(raw_copy) == before


def test_a_full_disk_names_the_file(tmp_path, monkeypatch):
    target = tmp_path / "table.csv"
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fd, mode):
            self.handle = real_fdopen(fd, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(csvio.os, "fdopen", Full)
    with pytest.raises(OSError, match=r"cannot write .*table\.csv: No space left on device") as caught:
        csvio.write_atomic(target, "x\n")
    assert caught.value.errno == errno.ENOSPC
    assert list(tmp_path.iterdir()) == []


def test_a_byte_that_is_not_utf8_names_its_line(tmp_path):
    path = _csv(tmp_path, "a,b\n1,2\n3,caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"table\.csv, line 3: not UTF-8 text \(.* at byte 13: b'\\xe9'\)"):
        csvio.read_table(path, ["a", "b"])
