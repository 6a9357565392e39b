"""Atomic writes: a file is complete or absent, and scratch files of killed writers do not pile up."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from citydip.core import csvio


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
