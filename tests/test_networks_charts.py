"""The charts drawn from the relation tables (citydip.networks.charts): registered years, a
deterministic layout."""

from __future__ import annotations

from decimal import Decimal

import pytest

from citydip.core import figures, paths
from citydip.networks import charts as network_charts
from citydip.networks import relations


@pytest.fixture(scope="module")
def rel():
    return relations.validate(paths.RAW)


def test_timeline_years_are_the_registered_figures(rel, figs):
    events = network_charts.timeline_events(rel, figs)
    assert events["figure_id"].is_unique
    for _, e in events.iterrows():
        assert Decimal(e["year"]) == figures.decimal(figs.loc[e["figure_id"], "base_value"])
    assert {"CL-007", "BK-015", "LD-333", "LD-334", "LD-317", "LD-335"} <= set(events["figure_id"])


def test_membership_layout_is_deterministic_and_covers_every_tie(rel):
    city_y, net_y = network_charts.membership_layout(rel.memberships)
    again = network_charts.membership_layout(rel.memberships.iloc[::-1])
    assert (city_y, net_y) == again
    assert set(city_y) == set(rel.memberships["city"]) and set(net_y) == set(rel.memberships["network_id"])
