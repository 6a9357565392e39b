"""Names of one entity and one measure: the variants the audit and the comparisons unify.

A figure's entity and measure are written as its document writes them; two documents (or two
sentences) may name the same city, network or quantity differently. A new variant goes into
:data:`ENTITY_ALIASES` or :data:`MEASURE_ALIASES`, mapped to the name the registry uses most.
"""

from __future__ import annotations

ENTITY_ALIASES: dict[str, str] = {
    "C40": "C40 Cities Climate Leadership Group",
    "C40 Cities": "C40 Cities Climate Leadership Group",
    "UCLG": "United Cities and Local Government (UCLG)",
    "United Cities and Local Governments": "United Cities and Local Government (UCLG)",
    "Eurocities": "EuroCities",
    "SisterCities International": "Sister Cities International",
    "SCI": "Sister Cities International",
    "Global Covenant of Mayors": "Global Covenant of Mayors for Climate and Energy",
    "LA": "Los Angeles",
    "L.A.": "Los Angeles",
}
"""Name variants of the same entity, mapped to the name the registry uses most."""

MEASURE_ALIASES: dict[str, str] = {
    "internal networks": "sub-networks",  # C40's 17 networks: Ledna's "internal networks", Beukman's "sub-networks"
}
"""Measure names that state the same quantity in different words."""


def canonical_entity(name: str) -> str:
    return ENTITY_ALIASES.get(name.strip(), name.strip())


def canonical_measure(name: str) -> str:
    return MEASURE_ALIASES.get(name.strip(), name.strip())
