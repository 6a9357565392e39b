"""The reference values of every link, computed once (``notebooks/07_reference.ipynb``) and written to
``data/processed/reference_values.csv``, which the audit and the comparisons read: one row per link and
year (one row with no value for a link to no series), with its formula, series, basis, tolerance and why.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd

from citydip.core import paths
from citydip.core.csvio import frame_to_csv_text, read_written, write_if_changed
from citydip.core.figures import load as load_figures
from citydip.core.text import round_half_up
from citydip.package.specs import REFERENCE_VALUES
from citydip.reference import datasets, manifest
from citydip.reference.links import Link, Value, values
from citydip.reference.links import load as load_links
from citydip.stages import REFERENCE_VALUES as OUTPUT

COLUMNS = list(REFERENCE_VALUES)  # the column order, with each column's description: ingest.schema_specs


def _text(value: Decimal) -> str:
    """A reference value as plain digits, at most six decimals (a share 0.683612 ...)."""
    text = format(round_half_up(value, 6), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def table(links: list[Link], series: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Every link's reference values (see the module docstring)."""
    rows = []
    for link in links:
        head = [link.link_id, link.figure_id, link.how, link.of_figure, link.dataset, link.key]
        tail = [link.basis, str(link.tolerance), link.why]
        unit = figures.loc[link.figure_id, "base_unit"]
        found = values(link, series, figures)
        for v in found:
            rows.append([*head, str(v.year), _text(v.value), unit, v.formula, v.series, *tail])
        if not found:
            rows.append([*head, "", "", unit, "", "", *tail])
    return pd.DataFrame(rows, columns=COLUMNS)


def run(raw_dir: str | Path = "data/raw", processed_dir: str | Path = "data/processed") -> pd.DataFrame:
    """Read the reference files (checked), the links (checked), compute and write every reference value."""
    files = manifest.load(raw_dir)
    series = datasets.series(files)
    figures = load_figures(processed_dir)
    frame = table(load_links(raw_dir, figures, series), series, figures)
    write_if_changed(paths.output(processed_dir) / OUTPUT, frame_to_csv_text(frame))
    return frame


def read(processed_dir: str | Path = "data/processed") -> tuple[list[Link], dict[str, list[Value]]]:
    """The links and their values as written by :func:`run` (the audit and the comparisons read these)."""
    frame = read_written(paths.resolve(processed_dir) / OUTPUT, COLUMNS)
    links, found = [], {}
    for link_id, rows in frame.groupby("link_id", sort=False):
        r = rows.iloc[0]
        years = tuple(int(y) for y in rows["year"] if y)
        links.append(Link(link_id, r["figure_id"], r["dataset"], r["key"], years, r["how"], r["of_figure"], r["basis"],
                          Decimal(r["tolerance"]), r["why"]))  # fmt: skip
        found[link_id] = [
            Value(int(x.year), Decimal(x.reference_value), x.formula, x.series) for x in rows.itertuples() if x.year
        ]
    return links, found
