"""citydip.reference: the published files checked byte for byte, read by code, and linked to figures."""

from __future__ import annotations

import csv
import hashlib
import shutil

import pandas as pd
import pytest

from citydip.core import paths
from citydip.core.errors import InputError
from citydip.reference import datasets, links, manifest


@pytest.fixture(scope="module")
def series():
    return datasets.series(manifest.load(paths.RAW))


def _copy(tmp_path):
    raw = tmp_path / "raw"
    (raw / "reference").mkdir(parents=True)
    for f in (paths.RAW / "reference").iterdir():
        shutil.copy2(f, raw / "reference" / f.name)
    shutil.copy2(paths.RAW / links.LINKS, raw / links.LINKS)
    return raw


def _rewrite(path, change):
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_the_files_are_the_shared_reference_files_unchanged():
    shared = paths.ROOT.parent / "shared" / "reference"
    if not shared.is_dir():
        pytest.skip("../shared/reference is not beside the project")
    files = manifest.load(paths.RAW)
    for name in files:
        assert (paths.RAW / "reference" / name).read_bytes() == (shared / name).read_bytes(), name


def test_a_reference_file_changed_by_one_byte_is_refused(tmp_path):
    raw = _copy(tmp_path)
    target = raw / "reference" / "world-bank-gdp.csv"
    data = bytearray(target.read_bytes())
    data[100] = ord("7") if data[100] != ord("7") else ord("8")
    target.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"world-bank-gdp\.csv, manifest line 2 \(world-bank-gdp\.csv\): SHA-256 is"):
        manifest.load(raw)


def test_a_file_the_manifest_does_not_list_is_refused(tmp_path):
    raw = _copy(tmp_path)
    (raw / "reference" / "extra.csv").write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"manifest\.csv: files not in the manifest: extra\.csv"):
        manifest.load(raw)


@pytest.mark.parametrize(
    ("name", "sheet"),
    [("WUP2018-F12-Cities_Over_300K.xls", 0), ("UN_MigrantStockTotal_2019.xlsx", "Table 1")],
)
def test_the_citation_and_licence_are_quoted_from_the_file_itself(name, sheet):
    row = manifest.load(paths.RAW)[name].row
    header = pd.read_excel(paths.RAW / "reference" / name, engine="calamine", sheet_name=sheet, header=None, nrows=15)
    cells = {str(c).strip() for c in header.to_numpy().ravel() if str(c) != "nan"}
    assert row["citation"] in cells
    assert row["licence"].removeprefix("the file states: ") in cells


def test_the_series_are_read_as_the_files_give_them(series):
    def one(dataset, key, year):
        rows = series[(series["dataset"] == dataset) & (series["key"] == key) & (series["year"] == year)]
        return rows["value"].tolist()

    # each expected value copied by hand from the file, not from the code under test
    assert one("wb-gdp", "JAM", "2018") == ["15730792876.265558"]
    assert one("wup2018-f12", "21671", "2015") == ["37256109"]  # File 12 gives 37256.109 thousand
    assert one("un-migrant-stock-2019", "900", "2019") == ["271642105"]
    assert set(series["dataset"]) == set(datasets.READERS)


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("figure_id", "XX-999", "unknown figure_id 'XX-999'"),
        ("key", "ATLANTIS", "no series 'ATLANTIS' in dataset 'wb-gdp'"),
        ("year", "1850", "no year [1850] in wb-gdp JAM"),
        ("tolerance", "five percent", "expected a tolerance as a number"),
        ("tolerance", "1.5", "tolerance 1.5 out of range; expected a number from 0 to 1"),
        ("how", "guess", "unknown how 'guess'"),
        ("basis", "", "no basis or no why"),
    ],
)
def test_a_bad_link_stops_with_one_line_naming_file_and_row(tmp_path, series, field, value, says):
    raw = _copy(tmp_path)

    def change(rows):
        row = next(r for r in rows if r["figure_id"] == "LD-306")
        row[field] = value

    _rewrite(raw / links.LINKS, change)
    figures = pd.read_csv(paths.PROCESSED / "figures.csv", dtype=str, keep_default_na=False).set_index("figure_id")
    with pytest.raises(InputError) as caught:
        links.load(raw, figures, series)
    message = str(caught.value)
    assert message.startswith("reference_links.csv") or "reference_links.csv" in message.split(":")[0]
    assert says in message and "\n" not in message
    assert "LD-306" in message or "RL28" in message or field == "figure_id"


def test_an_interpolated_year_lies_on_the_line_between_the_files_years(series):
    pops, formula = links.agglomerations(series, 2018)
    tokyo_2015, tokyo_2020 = 37256109, 37393129  # File 12, thousands x 1000
    assert pops["21671"] == tokyo_2015 + (tokyo_2020 - tokyo_2015) * 3 / 5
    assert "interpolated" in formula and "3/5" in formula
    exact, formula = links.agglomerations(series, 2015)
    assert exact["21671"] == tokyo_2015 and "interpolated" not in formula


def test_the_checksums_of_the_manifest_are_the_files_own():
    with (paths.RAW / "reference" / manifest.MANIFEST).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            data = (paths.RAW / "reference" / row["file"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == row["sha256"], row["file"]
