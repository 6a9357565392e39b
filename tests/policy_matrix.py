"""Ledna's Figure 11 copied by hand, and small matrices of codes: for tests/test_coding.py and tests/test_claims.py."""

from __future__ import annotations

import pandas as pd
import pytest

from citydip.core.errors import InputError
from citydip.tables.coding import ALTERNATIVES, Groups

CITIES = ["Buenos Aires", "Guangzhou", "Los Angeles", "Paris"]
ECON = "Economic Development and Business Policy"
SECURITY = "Security Policy"
TOURISM = "Tourism Development Policy"
CULTURE = "Cultural Policy"
MIGRATION = "Migration Policy"
ENV = "Environmental and Sustainability Policy"
SPORTS = "Sports Policy"


def grid(rows: dict[str, str], cities: list[str] = CITIES) -> pd.DataFrame:
    """A matrix of codes from one string per area, one character per city (in the order of ``cities``)."""
    return pd.DataFrame([list(codes) for codes in rows.values()], index=list(rows), columns=cities, dtype=object)


# Ledna's Figure 11, copied by hand from the thesis:        BA GZ LA Paris
FIGURE_11 = {
    ECON: "++++",
    SECURITY: "0-+-",
    TOURISM: "+00+",
    CULTURE: "+0++",
    MIGRATION: "-++0",
    ENV: "++++",
    SPORTS: "0-+?",
}
REAL = grid(FIGURE_11)
CODING = {c.name: c for c in ALTERNATIVES}
# Ledna: "Buenos Aires and Guangzhou will now be introduced as the first two Global South cities";
# "cities' in the Global North now, Los Angeles is the first"; "the second city representing the Global North, Paris"
GROUPS = Groups(north=("Los Angeles", "Paris"), south=("Buenos Aires", "Guangzhou"))


def one_line_error(excinfo: pytest.ExceptionInfo[InputError]) -> str:
    text = str(excinfo.value)
    assert "\n" not in text
    return text
