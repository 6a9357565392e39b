"""``make fuzz``: every kind of bad input of :mod:`citydip.tooling.faults`, tried on a scratch copy.

    python -m citydip.tooling.fuzz [--only KIND ...] [--keep] [--no-kill]

For each fault, in a scratch copy of the project built once beforehand (the working tree is never
touched): the inputs are snapshotted, the fault applied, its command run (``make`` unless it says
otherwise), and then checked:

- **exit**: non-zero, or zero where the input is acceptable as it is (a byte-order mark ...);
- **message**: one line of the output names the file, row or parameter and what was expected
  (the fault's regular expression);
- **raw kept**: the command wrote nothing under ``data/raw`` or the parameter files;
- **outputs kept**: a failed command left every output as it was, and no scratch file;
- **repaired**: with the inputs put back, ``make`` succeeds, the outputs are byte for byte those
  of the first build and ``git status`` in the copy is clean.

A last fault kills ``make`` with SIGKILL in the middle of a notebook and checks that ``make``
again ends with the same bytes. Faults that mount a file system (a read-only folder, a full one)
need root; elsewhere they are reported as skipped, with the reason. The table of results is
printed and written to ``build/fuzz/results.md``; the exit status is 1 if any fault was not
handled.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from citydip.core import paths
from citydip.tooling import scratch
from citydip.tooling.faults import FAULTS, Fault

INPUTS = ("data/raw", "notebooks/params")
TABLES = "data/processed/tables"
RESULTS = "build/fuzz/results.md"
NO_BROWSER = "/nonexistent/chromium"  # the static export is skipped: the fuzz tests the chain


@dataclass
class Result:
    kind: str
    group: str
    what: str
    status: int | None = None
    line: str = ""
    checks: dict[str, bool] = field(default_factory=dict)
    seconds: float = 0.0
    skipped: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def handled(self) -> bool:
        return bool(self.skipped) or (bool(self.checks) and all(self.checks.values()))


def _env(root: Path) -> dict[str, str]:
    env = scratch.environment(root)
    env["BROWSER_PATH"] = NO_BROWSER
    env.pop("CI", None)
    return env


def run(root: Path, command: tuple[str, ...], timeout: float = 600) -> subprocess.CompletedProcess:
    """A command in the copy (make never runs the set-up there)."""
    if command[0] == "make":
        command = ("make", "--no-print-directory", "-o", scratch.SETUP, *command[1:])
    return subprocess.run(
        command, cwd=root, env=_env(root), capture_output=True, text=True, timeout=timeout, check=False
    )


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and modification time of every input file."""
    found = {}
    for folder in INPUTS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                found[path.relative_to(root).as_posix()] = (path.read_bytes(), path.stat().st_mtime_ns)
    return found


def restore(root: Path, saved: dict[str, tuple[bytes, int]], *, same_times: bool) -> None:
    """The inputs as they were; with ``same_times`` their old modification times too (else: now)."""
    now = snapshot(root)
    for name in now.keys() - saved.keys():
        (root / name).unlink()
    for name, (data, mtime) in saved.items():
        path = root / name
        if name not in now or now[name][0] != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if same_times:
            os.utime(path, ns=(mtime, mtime))
        elif name not in now or now[name] != (data, mtime):
            path.touch()
    (root / "build" / "stages.mk").unlink(missing_ok=True)  # written again from the inputs as they are


def leftovers(root: Path) -> list[str]:
    """Scratch files a writer left behind."""
    return sorted(p.relative_to(root).as_posix() for d in scratch.OUTPUT_DIRS for p in (root / d).rglob(".*.tmp"))


@contextlib.contextmanager
def mounted(folder: Path, how: str):
    """``folder`` read-only (a read-only bind mount) or on a full 64 KiB tmpfs, for the run; root only."""
    if how == "read-only":
        steps = [["mount", "--bind", str(folder), str(folder)], ["mount", "-o", "remount,ro,bind", str(folder)]]
    else:
        steps = [["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)]]
    done = 0
    try:
        for step in steps:
            subprocess.run(step, check=True, capture_output=True, text=True)
            done += 1
        yield
    finally:
        if done:
            subprocess.run(["umount", str(folder)], check=False, capture_output=True)


def can_mount(root: Path) -> str:
    """Why mounting is impossible here ('' if it is possible)."""
    if os.geteuid() != 0:
        return "not root: cannot mount a read-only or a full file system"
    probe = Path(tempfile.mkdtemp(dir=root / "build"))
    try:
        for how in ("full", "read-only"):
            with mounted(probe, how):
                pass
    except (OSError, subprocess.CalledProcessError) as exc:
        return f"mount refused here ({' '.join(str(exc).split())[:80]})"
    finally:
        shutil.rmtree(probe, ignore_errors=True)
    return ""


def try_fault(root: Path, fault: Fault, baseline: dict[str, str], mount_problem: str) -> Result:
    """Apply one fault to the settled copy, run its command, check, repair, check again."""
    result = Result(fault.kind, fault.group, fault.what)
    if fault.mount and mount_problem:
        result.skipped = mount_problem
        return result
    saved = snapshot(root)
    started = time.perf_counter()
    fault.apply(root)
    applied = snapshot(root)
    with mounted(root / TABLES, fault.mount) if fault.mount else contextlib.nullcontext():
        done = run(root, fault.command)
    result.seconds = time.perf_counter() - started
    result.status = done.returncode
    lines = [line for line in (done.stderr + done.stdout).splitlines() if line.strip()]
    matching = [line for line in lines if re.search(fault.says, line)] if fault.says else []
    result.line = (matching or [line for line in lines if line.startswith("error")] or lines or [""])[0][:300]
    after = scratch.digests(root)
    failed_ok = done.returncode != 0 and not fault.accepted
    result.checks["exit"] = (done.returncode == 0) if fault.accepted else (done.returncode != 0)
    result.checks["message"] = bool(matching) if fault.says else done.returncode == 0
    result.checks["raw kept"] = snapshot(root) == applied
    result.checks["outputs kept"] = (after == baseline or not failed_ok) and not leftovers(root)
    restore(root, saved, same_times=after == baseline)
    result.checks["repaired"] = _repaired(root, baseline, result)
    if not result.handled:
        result.problems.append((done.stderr or done.stdout)[-800:])
    return result


def _repaired(root: Path, baseline: dict[str, str], result: Result) -> bool:
    again = run(root, ("make",))
    if again.returncode != 0:
        result.problems.append(f"make after repair failed: {(again.stderr or again.stdout)[-400:]}")
        return False
    differences = scratch.differences(scratch.digests(root), baseline)
    status = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True).stdout
    result.problems += differences[:5] + ([f"git status: {status[:200]}"] if status.strip() else [])
    return not differences and not status.strip()


def kill_mid_run(root: Path, baseline: dict[str, str]) -> Result:
    """make killed with SIGKILL while the charts notebook writes; make again must end with the same bytes."""
    result = Result("kill-9", "machine", "make killed with SIGKILL in the middle of a notebook, then make again")
    started = time.perf_counter()
    os.utime(root / "data/raw/figures.csv")  # everything runs again
    build = subprocess.Popen(
        ["make", "--no-print-directory", "-o", scratch.SETUP],
        cwd=root,
        env=_env(root),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while not _running("notebooks/03_charts.ipynb") and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(1.5)  # in the middle of the charts notebook (its kernel is busy for two seconds or more)
    killed = build.poll() is None
    if killed:
        os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    time.sleep(2)  # the killed runner's kernels live in sessions of their own: let them notice and exit
    result.status = -9 if killed else build.returncode
    result.line = "killed while the charts notebook ran" if killed else "the build ended before the kill"
    result.checks["exit"] = killed
    result.checks["message"] = killed
    result.checks["raw kept"] = True
    result.checks["outputs kept"] = True
    result.checks["repaired"] = _repaired(root, baseline, result)
    result.seconds = time.perf_counter() - started
    return result


def _running(argument: str) -> bool:
    """Whether a process of this machine has ``argument`` on its command line (read from /proc)."""
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and argument.encode() in (entry / "cmdline").read_bytes():
                return True
        except OSError:
            continue
    return False


def table(results: list[Result]) -> str:
    """The results as a Markdown table (for the README's robustness section)."""
    checks = ("exit", "message", "raw kept", "outputs kept", "repaired")
    rows = ["| kind | group | what | status | " + " | ".join(checks) + " | the line that says so |", "|---" * 10 + "|"]
    for r in results:
        marks = [("skipped" if r.skipped else ("ok" if r.checks.get(c) else "**no**")) for c in checks]
        said = r.skipped or r.line.replace("|", "\\|")
        rows.append(f"| {r.kind} | {r.group} | {r.what} | {r.status} | " + " | ".join(marks) + f" | {said} |")
    return "\n".join(rows) + "\n"


def settle(root: Path) -> dict[str, str]:
    """The copy built once (with no browser: the static export is skipped) and its outputs' digests.

    The copy's files are committed first (in its own repository), so that ``git status`` there
    says what a command changed.
    """
    identity = ["-c", "user.name=citydip fuzz", "-c", "user.email=fuzz@localhost"]
    subprocess.run(["git", *identity, "commit", "-qm", "as copied"], cwd=root, check=True, capture_output=True)
    first = run(root, ("make",), timeout=900)
    if first.returncode != 0:
        raise SystemExit(f"error: the copy does not build before any fault:\n{first.stdout}{first.stderr}")
    status = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True).stdout
    if status.strip():
        raise SystemExit(f"error: the first build of the copy changed committed files (run make first):\n{status}")
    return scratch.digests(root)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m citydip.tooling.fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", metavar="KIND", help="only these kinds (see citydip.tooling.faults)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch copy (its path is printed)")
    parser.add_argument("--no-kill", action="store_true", help="leave out the kill -9 fault (about 30 s)")
    args = parser.parse_args(argv)
    chosen = [f for f in FAULTS if not args.only or f.kind in args.only]
    unknown = sorted(set(args.only or ()) - {f.kind for f in FAULTS} - {"kill-9"})
    if unknown:
        parser.error(f"unknown kind(s) {', '.join(unknown)}; the kinds: {', '.join(f.kind for f in FAULTS)}, kill-9")
    work = Path(tempfile.mkdtemp(prefix="citydip-fuzz-"))
    root = scratch.copy_project(work / "project")
    print(f"fuzz: a scratch copy in {root}; building it once", flush=True)
    try:
        baseline = settle(root)
        mount_problem = can_mount(root)
        results = []
        for number, fault in enumerate(chosen, start=1):
            results.append(try_fault(root, fault, baseline, mount_problem))
            _progress(number, len(chosen), results[-1])
        if not args.no_kill and (not args.only or "kill-9" in args.only):
            results.append(kill_mid_run(root, baseline))
            _progress(len(results), len(results), results[-1])
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return _report(results)


def _progress(number: int, total: int, r: Result) -> None:
    verdict = "skipped: " + r.skipped if r.skipped else ("handled" if r.handled else "NOT HANDLED")
    print(f"[{number}/{total}] {r.kind}: {verdict} ({r.seconds:.1f} s)", flush=True)
    for problem in r.problems if not r.handled else ():
        print("    " + problem.strip().replace("\n", "\n    "), flush=True)


def _report(results: list[Result]) -> int:
    text = table(results)
    out = paths.ROOT / RESULTS
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    handled = sum(r.handled for r in results)
    skipped = [r.kind for r in results if r.skipped]
    print(text)
    print(
        f"fuzz: {handled} of {len(results)} kinds handled ({len(skipped)} skipped: {', '.join(skipped) or 'none'}); "
        f"table in {RESULTS}"
    )
    return 0 if handled == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
