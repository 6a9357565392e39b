"""Check 7, public record: the tolerance read at its edges (both sides, with qualifiers), on constructed
figures; and a changed reference file flips a real verdict."""

from __future__ import annotations

import hashlib
import shutil
from decimal import Decimal

import pandas as pd
import pytest

from audit_helpers import fig, frame
from citydip.audit.checks.public_record import check_public_record
from citydip.audit.model import CONSISTENT, DISCREPANCY, NOT_CHECKABLE
from citydip.core import figures as processed
from citydip.core import paths
from citydip.reference import datasets, links, manifest


def _series(value: str, dataset: str = "wb-gdp") -> pd.DataFrame:
    return pd.DataFrame([[dataset, "XX", "Xland", "GDP (current US$)", "2018", value, "USD"]], columns=datasets.COLUMNS)


def _link(tolerance: str, how: str = "value", years=(2018,)) -> links.Link:
    return links.Link("T1", "A", "wb-gdp", "XX", years, how, "", "a test basis", Decimal(tolerance), "a test reason")


def _verdict(value: str, base: str, qualifier: str = "", *, unit="USD", base_unit="USD", ref="100000000000",
             tolerance="0.05") -> str:  # fmt: skip
    figures = frame(fig("A", value, unit, base, base_unit, qualifier=qualifier))
    return _check([_link(tolerance)], _series(ref), figures)[0].verdict


def _check(found_links, series, figures):
    """The check, on the values the reference stage would compute for ``found_links``."""
    found = {link.link_id: links.values(link, series, figures) for link in found_links}
    return check_public_record(found_links, found, figures)


@pytest.mark.parametrize(
    ("value", "qualifier", "expected"),
    [
        ("105", "", CONSISTENT),  # [104.5, 105.5) meets [95, 105] at its upper edge
        ("106", "", DISCREPANCY),  # [105.5, 106.5): just above
        ("95", "", CONSISTENT),  # [94.5, 95.5) meets the lower edge
        ("94", "", DISCREPANCY),  # [93.5, 94.5): just below
        ("110", "almost", CONSISTENT),  # below 110, within 10 %: [99, 110)
        ("95", "almost", DISCREPANCY),  # [85.5, 95): 95 itself is not allowed, the band starts at 95
        ("104", "over", CONSISTENT),  # (104, 114.4]
        ("105", "over", DISCREPANCY),  # (105, 115.5]: 105 itself is not allowed
        ("116", "roughly", CONSISTENT),  # [104.4, 127.6]
        ("117", "roughly", DISCREPANCY),  # [105.3, 128.7]
    ],
)
def test_the_tolerance_at_its_edges_read_through_the_qualifier(value, qualifier, expected):
    base = str(int(Decimal(value) * 1_000_000_000))
    assert _verdict(f"{value} billion", base, qualifier) == expected


@pytest.mark.parametrize(("value", "expected"), [("68", CONSISTENT), ("69", CONSISTENT), ("70", DISCREPANCY)])
def test_a_share_is_compared_in_percentage_points(value, expected):
    base = str(Decimal(value) / 100)
    verdict = _verdict(value, base, unit="percent", base_unit="share", ref="0.68", tolerance="0.01")
    assert verdict == expected


def test_no_series_or_no_definite_number_is_not_checkable_and_says_why():
    figures = frame(fig("A", "millions", "people", "", "people"), fig("B", "5 billion", "USD", "5000000000", "USD"))
    none = links.Link("T2", "B", "wb-gdp", "", (), "none", "", "no city GDP in the files", Decimal(0), "no series")
    v_none, v_indefinite = _check([none, _link("0.05")], _series("100"), figures)
    assert v_none.verdict == NOT_CHECKABLE and "no city GDP in the files" in v_none.explanation
    assert v_indefinite.verdict == NOT_CHECKABLE and "no definite number" in v_indefinite.explanation


def test_a_computed_reference_names_its_formula_and_series():
    figures = frame(fig("A", "105 billion", "USD", "105000000000", "USD"))
    (verdict,) = _check([_link("0.05")], _series("100000000000"), figures)
    assert (
        "reference (wb-gdp XX 2018)" in verdict.computation and "ratio stated / reference = 1.05" in verdict.computation
    )


def test_a_changed_reference_file_flips_the_verdict(tmp_path):
    """Jamaica's 2018 GDP changed in a copy of the World Bank file (its checksum recorded): LD-306 flips."""
    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW / "reference", raw / "reference")
    shutil.copy2(paths.RAW / links.LINKS, raw / links.LINKS)
    figures = processed.load(paths.PROCESSED)

    def verdict_of_ld306(raw_dir):
        series = datasets.series(manifest.load(raw_dir))
        mine = [link for link in links.load(raw_dir, figures, series) if link.figure_id == "LD-306"]
        return _check(mine, series, figures)[0].verdict

    assert verdict_of_ld306(raw) == CONSISTENT
    gdp = raw / "reference" / "world-bank-gdp.csv"
    text = gdp.read_text(encoding="utf-8")
    assert text.count("Jamaica,JAM,2018,15730792876.265558") == 1
    gdp.write_text(
        text.replace("Jamaica,JAM,2018,15730792876.265558", "Jamaica,JAM,2018,20000000000"), encoding="utf-8"
    )
    listed = raw / "reference" / manifest.MANIFEST
    old = hashlib.sha256((paths.RAW / "reference" / "world-bank-gdp.csv").read_bytes()).hexdigest()
    listed.write_text(listed.read_text().replace(old, hashlib.sha256(gdp.read_bytes()).hexdigest()), encoding="utf-8")
    assert verdict_of_ld306(raw) == DISCREPANCY


def test_a_tolerance_is_worded_as_the_band_applies_it():
    from decimal import Decimal

    from audit_helpers import fig
    from citydip.audit.checks.public_record import tolerance_words

    share = fig("T-1", "68", "percent", "0.68", "share")
    year = fig("T-2", "2015", "year", "2015", "year")
    people = fig("T-3", "4", "million people", "4000000", "people")
    assert tolerance_words(share, Decimal("0.02")) == "2 percentage point(s) either side"
    assert tolerance_words(year, Decimal("1")) == "1 year(s) either side"  # a year's band is +-1 year, not 100 %
    assert tolerance_words(people, Decimal("0.25")) == "25 % either side"
    assert tolerance_words(people, Decimal("0")) == "no tolerance"
