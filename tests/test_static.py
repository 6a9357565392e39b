"""Static PNG and SVG copies of the charts (``citydip.tooling.static``)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from citydip.tooling import static

# --- 6. static images ----------------------------------------------------------------------------

SVG_LIKE = (
    '<svg><defs id="defs-{0}"><clipPath id="clip{1}xyplot"/></defs>'
    '<g class="trace{2} heatmap"/><g class="cb{3} colorbar" clip-path="url(#clip{1}xyplot)"/>'
    '<rect fill="#4c78a8"/><text>cbdefault tracer</text></svg>'
)
FIRST_IDS = ("1a2b3c", "a0b1c2", "0f0e0d", "3c2b1a")
OTHER_IDS = ("9f8e7d", "c2d3e4", "123abc", "fedcba")


def test_stable_svg_replaces_plotly_random_ids():
    one = static.stable_svg(SVG_LIKE.format(*FIRST_IDS), "chart")
    two = static.stable_svg(SVG_LIKE.format(*OTHER_IDS), "chart")
    assert one == two
    for random_id in (*FIRST_IDS, *OTHER_IDS):
        assert random_id not in one
    assert one != static.stable_svg(SVG_LIKE.format(*FIRST_IDS), "other chart")
    # the structure is kept: each id replaced by its own stable id, the same wherever it occurs
    stable = [hashlib.sha256(f"chart:{n}".encode()).hexdigest()[:6] for n in range(4)]
    assert one == SVG_LIKE.format(*stable)


def test_find_browser_none_when_browser_path_is_missing(monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-browser"))
    assert static.find_browser() is None


def _small_chart(folder: Path, name: str = "small") -> None:
    spec = {
        "data": [{"type": "bar", "x": ["a", "b"], "y": [1, 2], "customdata": [["X-1"], ["X-2"]]}],
        "layout": {"width": 320, "height": 240, "title": {"text": "small"}},
    }
    (folder / f"{name}.plotly.json").write_text(json.dumps(spec), encoding="utf-8")


def test_export_without_browser_skips_with_one_line(monkeypatch, capsys, tmp_path):
    _small_chart(tmp_path)
    monkeypatch.setattr(static, "find_browser", lambda: None)
    assert static.export(tmp_path) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and "static images skipped" in lines[0], lines
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.plotly.json"]


@pytest.mark.slow
def test_export_renders_png_and_svg(monkeypatch, tmp_path):
    browser = static.find_browser()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("no Chromium found on CI, which installs chromium for the static images")
        pytest.skip("no Chromium-family browser (apt-get install chromium, or set BROWSER_PATH)")
    monkeypatch.setenv("BROWSER_PATH", browser)  # export sets it otherwise, for the rest of the session
    _small_chart(tmp_path)
    logged: list[str] = []
    assert static.export(tmp_path, log=logged.append) == 1
    png = (tmp_path / "small.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    svg = (tmp_path / "small.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg")
    assert hashlib.sha256(b"small:0").hexdigest()[:6] in svg  # the random ids were replaced
    assert not list(tmp_path.glob(".*.tmp"))
    assert len(logged) == 1
    # Rendered only again once the chart's JSON is newer than its images.
    assert static.export(tmp_path, log=logged.append) == 1 and logged[-1].endswith("all 1 charts up to date")
    spec = tmp_path / "small.plotly.json"
    earlier = spec.stat().st_mtime - 10
    for image in ("small.png", "small.svg"):
        os.utime(tmp_path / image, (earlier, earlier))
    assert static.export(tmp_path, log=logged.append) == 1 and logged[-1].startswith("rendering 1 of 1 charts")
    assert all((tmp_path / image).stat().st_mtime >= spec.stat().st_mtime for image in ("small.png", "small.svg"))
