"""The reference files read into one tidy table of series, by code (never by hand).

One row per (dataset, key, indicator, year): ``key`` is the publisher's own code (a World Bank
country code, a WUP city code, a UN area code) or, where the file has none, the entity's name as
the file writes it; ``value`` is in base units (people, USD) as text, exactly as the file gives it
(File 12's thousands multiplied by 1,000). A new dataset's reader goes here, listed in
:data:`READERS` under its ``dataset`` id of the manifest.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pandas as pd

from citydip.core.errors import InputError
from citydip.reference.manifest import ReferenceFile, of_dataset

COLUMNS = ["dataset", "key", "name", "indicator", "year", "value", "unit"]
AGGLOMERATION = "urban agglomeration population"
URBAN, RURAL = "urban population", "rural population"


def _world_bank(path: Path, dataset: str, indicator: str, unit: str) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return pd.DataFrame(
        {
            "dataset": dataset,
            "key": frame["Country Code"],
            "name": frame["Country Name"],
            "indicator": indicator,
            "year": frame["Year"],
            "value": frame["Value"],
            "unit": unit,
        }
    )


def _wb_gdp(path: Path) -> pd.DataFrame:
    return _world_bank(path, "wb-gdp", "GDP (current US$)", "USD")


def _wb_population(path: Path) -> pd.DataFrame:
    return _world_bank(path, "wb-population", "population", "people")


def _wup_urban_rural(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    parts = []
    for indicator, column in ((URBAN, frame.columns[2]), (RURAL, frame.columns[3])):
        parts.append(
            pd.DataFrame(
                {
                    "dataset": "wup2018-urban-rural",
                    "key": frame["Entity"],
                    "name": frame["Entity"],
                    "indicator": indicator,
                    "year": frame["Year"],
                    "value": frame[column],
                    "unit": "people",
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def _header_row(sheet: pd.DataFrame, first: str, path: Path) -> int:
    """The row of a UN sheet whose first cell is ``first`` (the table starts below its title block)."""
    hits = [i for i, cell in enumerate(sheet.iloc[:, 0]) if str(cell).strip() == first]
    if not hits:
        raise InputError(
            path, f"no header row starting {first!r}", expected="the UN table layout of the manifest's file"
        )
    return hits[0]


def _number_text(cell: object, scale: int = 1) -> str:
    """A cell of an Excel sheet as exact decimal text (its float as Python prints it), times ``scale``."""
    text = format(Decimal(repr(float(cell))) * scale, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _wup_f12(path: Path) -> pd.DataFrame:
    sheet = pd.read_excel(path, engine="calamine", header=None, dtype=object)
    top = _header_row(sheet, "Index", path)
    header = [str(c).strip() for c in sheet.iloc[top]]
    body = sheet.iloc[top + 1 :]
    years = [c for c in header if c.isdigit()]
    rows = []
    for cells in body.itertuples(index=False):
        record = dict(zip(header, cells, strict=True))
        name = f"{record['Urban Agglomeration']}, {record['Country or area']}"
        for year in years:
            value = _number_text(record[year], 1000)
            rows.append(("wup2018-f12", str(int(record["City Code"])), name, AGGLOMERATION, year, value, "people"))
    return pd.DataFrame(rows, columns=COLUMNS)


def _un_migrant_stock(path: Path) -> pd.DataFrame:
    sheet = pd.read_excel(path, engine="calamine", sheet_name="Table 1", header=None, dtype=object)
    top = _header_row(sheet, "Sort\norder", path)
    years = [str(int(c)) for c in sheet.iloc[top + 1, 5:12]]  # the first block: both sexes
    rows = []
    for cells in sheet.iloc[top + 2 :].itertuples(index=False):
        code, name = str(cells[3]).strip(), str(cells[1]).strip()
        for year, cell in zip(years, cells[5:12], strict=True):
            if code not in ("..", "nan") and str(cell).strip() not in ("..", "nan", ""):
                rows.append(
                    (
                        "un-migrant-stock-2019",
                        code,
                        name,
                        "international migrant stock",
                        year,
                        _number_text(cell),
                        "people",
                    )
                )
    return pd.DataFrame(rows, columns=COLUMNS)


READERS: dict[str, Callable[[Path], pd.DataFrame]] = {
    "wb-gdp": _wb_gdp,
    "wb-population": _wb_population,
    "wup2018-urban-rural": _wup_urban_rural,
    "wup2018-f12": _wup_f12,
    "un-migrant-stock-2019": _un_migrant_stock,
}


def series(files: dict[str, ReferenceFile]) -> pd.DataFrame:
    """Every series of every reference dataset, tidy (see the module docstring)."""
    frames = [READERS[dataset](of_dataset(files, dataset).path) for dataset in READERS]
    return pd.concat(frames, ignore_index=True)
