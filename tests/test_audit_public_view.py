"""The public-record chart as a slide shows it (citydip.audit.public_view.ratio_chart): one row per stated
value, its ratio to the nearest reference value written beside it, on a bar for its link's tolerance; every
ratio recomputed here from the processed files (figures.csv, reference_values.csv), not from the chart's code."""

from __future__ import annotations

from decimal import Decimal

import pytest

from citydip.audit.pipeline import build
from citydip.audit.public_view import CHARTED, ratio_chart, ratio_points
from citydip.core import paths
from citydip.core.csvio import read_written

PROCESSED = paths.ROOT / "data" / "processed"


@pytest.fixture(scope="module")
def result():
    return build(paths.ROOT / "data" / "raw", PROCESSED)


def _expected() -> dict[str, tuple[float, float]]:
    """Each charted figure's stated / nearest reference value, and its link's tolerance, from the files."""
    figures = read_written(PROCESSED / "figures.csv").set_index("figure_id")
    refs = read_written(PROCESSED / "reference_values.csv")
    out = {}
    for figure_id, mine in refs[refs["reference_value"] != ""].groupby("figure_id"):
        figure = figures.loc[figure_id]
        if figure["measure"] not in CHARTED or not figure["base_value"]:
            continue
        stated = Decimal(figure["base_value"])
        nearest = min((Decimal(v) for v in mine["reference_value"]), key=lambda v: abs(v - stated))
        out[figure_id] = (float(stated / nearest), float(mine["tolerance"].iloc[0]))
    return out


def test_each_charted_figure_is_on_one_row_with_its_ratio_and_tolerance(result):
    expected = _expected()
    points = ratio_points(result)
    shown = [i for p in points for i in p.ids]
    assert sorted(shown) == sorted(expected)  # every charted figure, once
    for p in points:
        for figure_id in p.ids:
            assert p.ratio == pytest.approx(expected[figure_id][0]), figure_id
            assert p.tolerance == pytest.approx(expected[figure_id][1]), figure_id
    assert len(points) < len(shown)  # a table's figure and its prose twin share a row (LD-F09-01, LD-357)
    assert any(set(p.ids) == {"LD-357", "LD-F09-01"} for p in points)


def test_a_row_names_its_figures_and_the_ratio_is_written_beside_its_dot(result):
    fig = ratio_chart(result).figure
    dots = [t for t in fig.data if "markers" in t.mode]
    assert dots and all(len(t.text) == len(t.x) for t in dots)
    for t in dots:
        for x, y, text in zip(t.x, t.y, t.text, strict=True):
            assert text == f"{x:.2f}"
            assert "(" in y and ("BK-" in y or "LD-" in y), y
    band = next(t for t in fig.data if t.mode == "lines")
    rows = {y for t in dots for y in t.y}
    assert {y for y in band.y if y} == rows  # a tolerance bar on every row
    assert {a.text for a in fig.layout.annotations} == rows  # and its label (figures included) above it
    assert "hover" not in fig.layout.title.subtitle.text  # a slide cannot be hovered
    lo, hi = fig.layout.xaxis.range
    assert lo <= min(x for x in band.x if x is not None) and hi >= max(x for x in band.x if x is not None)
