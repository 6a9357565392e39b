"""Shared fixtures: a private copy of data/raw to break on purpose."""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import nbval.kernel
import pytest
from jupyter_client.manager import KernelManager

from citydip.core import figures, paths, sources

# Notebooks re-executed by nbval (and anything else run by the tests) write their outputs under
# this scratch folder instead of the working tree: a test run never changes committed files,
# and what the re-execution writes is still compared with the stored outputs.
if "CITYDIP_OUTPUT_ROOT" not in os.environ:
    os.environ["CITYDIP_OUTPUT_ROOT"] = tempfile.mkdtemp(prefix="citydip-test-outputs-")
    atexit.register(shutil.rmtree, os.environ["CITYDIP_OUTPUT_ROOT"], ignore_errors=True)


# nbval starts its kernels with jupyter_client's KernelManager on TCP ports, which jupyter_client
# picks by opening and closing them: a kernel started at that moment by a scratch build can take
# the port first, and the kernel dies ("Address already in use"). nbval has no setting for it, so
# its kernels get Unix sockets in a folder of their own, as citydip.tooling.runner's kernels do.
_SOCKETS = tempfile.mkdtemp(prefix="citydip-test-kernels-")
atexit.register(shutil.rmtree, _SOCKETS, ignore_errors=True)


class SocketKernelManager(KernelManager):
    """A KernelManager whose kernel talks over Unix sockets (``transport="ipc"``), never TCP ports."""

    def __init__(self, **kwargs):
        kwargs.setdefault("transport", "ipc")
        kwargs.setdefault("ip", os.path.join(tempfile.mkdtemp(dir=_SOCKETS), "kernel"))
        super().__init__(**kwargs)


nbval.kernel.KernelManager = SocketKernelManager


def snapshot(folder: Path) -> dict[str, str]:
    """SHA-256 of every file below ``folder``: to show that nothing was written there."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def figs():
    """The processed figure registry, as the later notebooks read it (one copy per test module)."""
    return figures.load(paths.PROCESSED)


@pytest.fixture(scope="module")
def docs():
    """The four documents, checked against the manifest (one copy per test module)."""
    return sources.load_documents(paths.RAW)


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A copy of data/raw that a test may alter; the real data/raw is never touched."""
    target = tmp_path / "raw"
    shutil.copytree(paths.RAW, target)
    return target


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run",
]  # fmt: skip


@pytest.fixture(scope="session")
def chromium():
    """One Chromium per test process, for every browser test (the site, the kit, the charts' labels).

    Playwright's sync API cannot be started while another of its sessions runs in the same process, so
    the test modules share this one instead of each starting their own. Missing Chromium fails on CI
    (CI is set) and skips elsewhere.
    """
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing (CI is set): the browser tests must run in a real browser")
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
