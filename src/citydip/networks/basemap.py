"""The networks map's coastlines and country borders, drawn offline from plotly.js's own world topojson.

plotly.js draws a geo subplot's land, coastlines and borders from a topojson file it downloads
from its CDN; the Python package does not ship it. ``basemap.json`` beside this module is that
file, vendored unchanged: the ``world_110m`` topology of ``dist/plotly-geo-assets.js`` in the npm
package ``plotly.js`` 4.1.1 (the version of the plotly.js the pinned plotly package ships), under
plotly.js's MIT licence (``basemap.LICENSE.txt``); ``basemap.README.md`` says where it comes from
and how it was taken out. Its SHA-256 is checked on reading (``SHA256``).

The map does not switch plotly's base layers on (they would fetch the file): :func:`lines` turns
the topology into plain longitude/latitude lines, which the map draws as ``scattergeo`` traces,
so the figure carries its own base map and renders the same in a page opened from disk, on the
site, in JupyterLab and in the static export, with no network. Lines are simplified to
``TOLERANCE`` degrees (Douglas-Peucker) and rounded to hundredths: at slide size a degree is about
two pixels, and the figure's JSON stays small. The output is deterministic.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import cache
from pathlib import Path

from citydip.core.sources import check_sha256

BASEMAP = Path(__file__).with_name("basemap.json")
SHA256 = "e1bf51740ad28396265e52123ea7315d692f112664ab2cb0f1ea76a96fe1bb0a"
ORIGIN = "plotly.js 4.1.1 world_110m topojson (UN geodata and Natural Earth; MIT licence)"
TOLERANCE = 0.2  # degrees

Line = list[tuple[float, float]]  # (lon, lat) points


def _decoded(topology: dict) -> list[Line]:
    """Every arc of a quantized, delta-encoded topology in longitude and latitude."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _arc_ids(nested) -> list[int]:
    """The arc indices of a geometry's (nested) arc lists, flattened; ~i means arc i reversed."""
    if isinstance(nested, int):
        return [nested]
    return [i for part in nested for i in _arc_ids(part)]


def simplify(points: Line, tolerance: float) -> Line:
    """Douglas-Peucker: the points of ``points`` that keep it within ``tolerance`` of the original."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x0, y0), (x1, y1) = points[first], points[last]
        dx, dy = x1 - x0, y1 - y0
        norm = (dx * dx + dy * dy) ** 0.5
        best, at = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            d = abs(dy * (px - x0) - dx * (py - y0)) / norm if norm else ((px - x0) ** 2 + (py - y0) ** 2) ** 0.5
            if d > best:
                best, at = d, i
        if best > tolerance:
            keep[at] = True
            stack += [(first, at), (at, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


@cache
def lines() -> dict[str, list[Line]]:
    """``coastlines`` and ``borders`` (arcs shared by two countries) as simplified lon/lat lines."""
    check_sha256(BASEMAP, SHA256, "citydip.networks.basemap", "the vendored plotly.js world topojson")
    topology = json.loads(BASEMAP.read_text(encoding="utf-8"))
    arcs = _decoded(topology)
    coast = sorted({i if i >= 0 else ~i for g in topology["objects"]["coastlines"]["geometries"]
                    for i in _arc_ids(g["arcs"])})  # fmt: skip
    owners: dict[int, set[int]] = defaultdict(set)
    for n, g in enumerate(topology["objects"]["countries"]["geometries"]):
        for i in _arc_ids(g.get("arcs", [])):
            owners[i if i >= 0 else ~i].add(n)
    borders = sorted(i for i, who in owners.items() if len(who) > 1)

    def drawn(ids: list[int]) -> list[Line]:
        out = [[(round(x, 2), round(y, 2)) for x, y in simplify(arcs[i], TOLERANCE)] for i in ids]
        return [line for line in out if len(line) > 1]

    return {"coastlines": drawn(coast), "borders": drawn(borders)}


Box = tuple[tuple[float, float], tuple[float, float]]  # ((west, east), (south, north)) in degrees


def _touches(line: Line, box: Box) -> bool:
    (w, e), (south, north) = box
    return any(w <= x <= e and south <= y <= north for x, y in line)


def trace_coordinates(kind: str, within: Box | None = None) -> tuple[list[float | None], list[float | None]]:
    """Longitudes and latitudes of every line of ``kind`` (coastlines or borders), lines separated by None;
    with ``within``, only the lines with a point in that box (an inset carries its region, not the world)."""
    lons: list[float | None] = []
    lats: list[float | None] = []
    for line in lines()[kind]:
        if within is not None and not _touches(line, within):
            continue
        lons += [x for x, _ in line] + [None]
        lats += [y for _, y in line] + [None]
    return lons, lats
