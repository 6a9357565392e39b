"""What the curated relation tables under ``data/raw/relations/`` hold: their columns, and the
values their cells may take (a city's role in a network, the kind of a city pair, an
organisation's role, the figures and quoted facts of a network).

What belongs here: a new column of a curated table, or a new role or kind (with the line that
says what it means: the data package's schemas and notebook 06 show these descriptions).
``citydip.networks.validate`` checks the rows against them.
"""

from __future__ import annotations

FOLDER = "relations"
NETWORK_COLUMNS = (
    "network_id", "name", "aliases", "doc_id", "quote", "occurrence", "founded", "members", "other_figures",
    "scope", "focus", "funders_hosts", "note",
)  # fmt: skip
MEMBERSHIP_COLUMNS = ("membership_id", "city", "network_id", "doc_id", "quote", "occurrence", "role", "note")
PAIR_COLUMNS = ("pair_id", "city_a", "city_b", "kind", "year", "doc_id", "quote", "occurrence", "note")
ORGANISATION_COLUMNS = (
    "organisation_id", "organisation", "role", "network_id", "pair_id", "doc_id", "quote", "occurrence", "note",
)  # fmt: skip
ROLES = {
    "member": "takes part in the network (involved, affiliated, participating, as stated)",
    "chair": "the city (its mayor) chairs the network",
    "co-president": "the city was elected co-president of the network",
    "founder": "the city (or its mayor) founded, launched or created the network",
    "initiator": "the city proposed the network",
    "host": "the city hosts an office or a meeting of the network",
    "leader": "the city is said to lead in the network",
    "former member": "the city left the network",
}
KINDS = {
    "sister_city": "a sister-city, twinning or town-affiliation agreement",
    "formal_relationship": "an early formalized relationship between two cities",
    "economic_alliance": "an economic alliance signed between cities",
    "agreement": "another agreement between two cities (tourism, port-to-port, unspecified)",
    "exchange": "an exchange programme (cultural, sports, healthcare, business, entrepreneurs)",
    "knowledge_partnership": "aid, best practice or a programme in a policy area",
    "joint_initiative": "two cities launching an initiative together",
}
ORGANISATION_ROLES = {
    "funder": "funds it ('funded by', 'founded with funding from')",
    "sponsor": "sponsors it ('sponsored by')",
    "founder": "formed, founded or established it ('formed', 'founded by', 'efforts to establish')",
    "facilitator": "facilitates it ('facilitated by')",
    "parent": "the network sits within it or is presented as its own ('within', 'its', 'the WHO's network')",
    "organiser": "leads forums or missions through which the partnership works ('has led to forums', 'lead missions')",
    "event": "the pair hosted an event bearing its name (who organised the event is not stated)",
}
FIGURE_FACTS = {  # column of networks.csv -> (what it holds, the units allowed)
    "founded": ("a founding year", {"year", "decade"}),
    "members": ("a member count", {"count"}),
    "other_figures": ("another figure about the network", None),
}
TEXT_FACTS = ("scope", "focus", "funders_hosts")
FACT_SEPARATOR = " | "
