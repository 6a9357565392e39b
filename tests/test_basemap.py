"""The networks map's coastlines and borders, from the vendored plotly.js world topojson (citydip.networks.basemap)."""

from __future__ import annotations

import shutil

import pytest

from citydip.core.errors import InputError
from citydip.networks import basemap


def test_simplify_keeps_the_ends_and_the_corners_beyond_the_tolerance():
    line = [(0.0, 0.0), (1.0, 0.01), (2.0, 0.0), (3.0, 2.0), (4.0, 0.0)]
    assert basemap.simplify(line, 0.1) == [(0.0, 0.0), (2.0, 0.0), (3.0, 2.0), (4.0, 0.0)]
    assert basemap.simplify(line, 5) == [(0.0, 0.0), (4.0, 0.0)]
    assert basemap.simplify(line[:2], 5) == line[:2]


def test_coastlines_and_borders_are_drawn_in_longitude_and_latitude():
    drawn = basemap.lines()
    assert len(drawn["coastlines"]) > 100 and len(drawn["borders"]) > 100
    points = [p for kind in drawn.values() for line in kind for p in line]
    assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in points)
    # Cape Town's coast (18.4 E, 33.9 S) and the border of France and Spain (Pyrenees, about 0 E, 42.7 N)
    assert any(abs(lon - 18.4) < 1 and abs(lat + 33.9) < 1 for line in drawn["coastlines"] for lon, lat in line)
    assert any(abs(lon) < 2 and abs(lat - 42.7) < 0.7 for line in drawn["borders"] for lon, lat in line)
    lons, lats = basemap.trace_coordinates("borders")
    assert len(lons) == len(lats) == sum(len(line) + 1 for line in drawn["borders"]) and lons[-1] is None


def test_a_changed_basemap_file_stops_with_its_checksum(tmp_path, monkeypatch):
    changed = tmp_path / "basemap.json"
    shutil.copyfile(basemap.BASEMAP, changed)
    changed.write_bytes(changed.read_bytes().replace(b'"coastlines"', b'"coastlinez"', 1))
    monkeypatch.setattr(basemap, "BASEMAP", changed)
    basemap.lines.cache_clear()
    try:
        with pytest.raises(InputError, match="SHA-256"):
            basemap.lines()
    finally:
        basemap.lines.cache_clear()


def test_the_vendored_file_has_its_licence_and_origin_beside_it():
    folder = basemap.BASEMAP.parent
    assert "MIT License" in (folder / "basemap.LICENSE.txt").read_text(encoding="utf-8")
    readme = (folder / "basemap.README.md").read_text(encoding="utf-8")
    assert basemap.SHA256 in readme and "plotly.js" in readme and "4.1.1" in readme


def test_an_inset_carries_only_the_lines_of_its_region():
    box = ((-18.0, 27.0), (31.0, 66.0))  # Western Europe with a margin
    world_lons, _ = basemap.trace_coordinates("coastlines")
    lons, lats = basemap.trace_coordinates("coastlines", within=box)
    assert 0 < len(lons) < len(world_lons) / 5  # the region, not the world
    segments, current = [], []
    for x, y in zip(lons, lats, strict=True):
        if x is None:
            segments.append(current)
            current = []
        else:
            current.append((x, y))
    assert segments and all(any(-18 <= x <= 27 and 31 <= y <= 66 for x, y in seg) for seg in segments)
