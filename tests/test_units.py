"""Unit conversions, each expectation derived from what the unit means (not from the code)."""

from decimal import Decimal

import pytest

from citydip.core.units import UNITS, read_number, to_base


@pytest.mark.parametrize(
    ("value", "unit", "base"),
    [
        ("13.1", "million people", Decimal("13100000")),  # 13.1 x one million persons
        ("13.1 million", "people", Decimal("13100000")),
        ("191.7", "billion USD", Decimal("191700000000")),  # 191.7 x 10^9 dollars
        ("1.6 trillion", "USD", Decimal("1600000000000")),
        ("200 Million", "ZAR", Decimal("200000000")),  # rand stay rand
        ("100", "percent", Decimal("1")),  # 100 % is the whole
        ("27", "percent", Decimal("0.27")),
        ("half", "share", Decimal("0.5")),
        ("three", "decades", Decimal("30")),  # years
        ("1986", "year", Decimal("1986")),
        ("1980s", "decade", Decimal("1980")),
        ("1990’s", "decade", Decimal("1990")),
    ],
)
def test_to_base(value, unit, base):
    assert to_base(value, unit) == base


def test_base_units_are_people_usd_and_share():
    assert UNITS["million people"].base == "people"
    assert UNITS["billion USD"].base == "USD"
    assert UNITS["percent"].base == "share"
    assert UNITS["million ZAR"].base == "ZAR"


def test_values_without_a_base_number():
    assert to_base("+", "policy code") is None
    assert to_base("80s", "decade") is None  # the century is not stated
    assert to_base("hundreds", "count") is None


@pytest.mark.parametrize(("value", "unit"), [("x", "policy code"), ("198s", "decade"), ("ten%", "percent")])
def test_unreadable_values(value, unit):
    with pytest.raises(ValueError):
        read_number(value, unit)
