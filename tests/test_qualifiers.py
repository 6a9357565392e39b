"""The readings of the qualifiers (citydip.core.qualifiers): every qualifier of the registry has one, and each
is read as the interval of values it allows.

Expected values are worked out by hand in the comments, never copied from the code's output.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from audit_helpers import fig
from citydip.core import paths
from citydip.core.errors import InputError
from citydip.core.qualifiers import QUALIFIERS, interval


def test_every_qualifier_of_the_registry_has_a_reading():
    figures = pd.read_csv(paths.PROCESSED / "figures.csv", dtype=str, keep_default_na=False)
    assert {q.lower() for q in figures["qualifier"]} <= set(QUALIFIERS)


def test_qualifiers_are_read_as_ranges():
    # 'almost 10%': below 10 and within 10 % of it -> [9, 10) percent -> [0.09, 0.1) as a share
    almost = interval(pd.Series(fig("A", "10", "percent", "0.1", "share", qualifier="almost")))
    assert (almost.lo, almost.hi, almost.hi_closed) == (Decimal("0.09"), Decimal("0.1"), False)
    # '13.1 million' without qualifier: the rounding of [13.05, 13.15) million
    plain = interval(pd.Series(fig("B", "13.1 million", "people", "13100000", "people")))
    assert (plain.lo, plain.hi) == (Decimal("13050000"), Decimal("13150000"))
    # 'more than 94': above 94, no upper bound
    more = interval(pd.Series(fig("C", "94", "count", "94", "count", qualifier="more than")))
    assert (more.lo, more.hi, more.lo_closed) == (Decimal(94), None, False)
    # 'roughly 146 billion': 131.4 to 160.6 billion
    rough = interval(pd.Series(fig("D", "146 billion", "USD", "146000000000", "USD", qualifier="roughly")))
    assert (rough.lo, rough.hi) == (Decimal("131400000000"), Decimal("160600000000"))


def test_an_unknown_qualifier_is_refused_naming_the_figure():
    with pytest.raises(InputError, match=r"figure X-1: qualifier 'give or take' has no reading"):
        interval(pd.Series(fig("X-1", "5", "count", "5", "count", qualifier="give or take")))
