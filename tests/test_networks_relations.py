"""The relation tables (networks, memberships, city pairs): every quote validates, every number is a
registered figure, names resolve (citydip.networks.relations). The checks of bad rows are tested in
test_validate, the comparison of names in test_networks_names."""

from __future__ import annotations

import csv
import re

import pytest

from citydip import stages
from citydip.core import paths
from citydip.core.errors import InputError
from citydip.core.sources import NOT_STATED
from citydip.networks import relations
from citydip.networks.names import names_in, split_list

# --- the real tables --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rel():
    return relations.validate(paths.RAW)


def test_every_quote_of_every_table_is_where_the_processed_table_says(rel, docs):
    tables = (rel.networks, "network_id"), (rel.memberships, "membership_id"), (rel.pairs, "pair_id")
    for frame, key in (*tables, (rel.organisations, "organisation_id")):
        assert frame[key].is_unique
        for _, row in frame.iterrows():
            doc = docs[row["doc_id"]]
            start = int(row["char_offset"])
            assert doc.text[start : start + len(row["quote"])] == row["quote"], row[key]
            assert doc.line_of(start) == int(row["line"]), row[key]


def test_the_tables_are_not_empty_and_ordered_by_id(rel):
    assert len(rel.networks) >= 30 and len(rel.memberships) >= 25 and len(rel.pairs) >= 20
    for frame, key in ((rel.networks, "network_id"), (rel.memberships, "membership_id"), (rel.pairs, "pair_id")):
        assert list(frame[key]) == sorted(frame[key])


def test_numbers_are_registered_figures_never_typed(rel, figs):
    """Founding years, member counts and pair years are figure ids; the processed value is the registry's."""
    for _, n in rel.networks.iterrows():
        for column, ids in (("founded", "founded_figure_ids"), ("members", "member_figure_ids")):
            if not n[ids]:
                assert n[column] == NOT_STATED, n["network_id"]
            for fid in n[ids].split():
                assert f"{figs.loc[fid, 'value']}" in n[column] and f"({fid}, " in n[column]
    for _, p in rel.pairs.iterrows():
        if p["year_figure_id"]:
            figure = figs.loc[p["year_figure_id"]]
            assert p["year"] == figure["value"] and figure["doc_id"] == p["doc_id"]
            assert figure["unit"] == "year"
        else:
            assert p["year"] == NOT_STATED
    with (paths.RAW / "relations" / "networks.csv").open(encoding="utf-8", newline="") as handle:
        raw = list(csv.DictReader(handle))
    for row in raw:
        for column in ("founded", "members", "other_figures"):
            assert all(part.strip()[:3] in ("BK-", "CL-", "LD-", "AC-") for part in row[column].split(";") if part)


def test_known_facts(rel):
    """A few statements checked by hand against the documents."""
    nets = rel.networks.set_index("network_id")
    assert nets.loc["c40", "founded_figure_ids"] == "CL-007"
    assert set(nets.loc["c40", "member_figure_ids"].split()) == {"BK-031", "LD-366"}
    assert nets.loc["eurocities", "founded_figure_ids"] == "BK-015"
    assert "Rockefeller Foundation" in nets.loc["100rc", "funders_hosts"]
    assert nets.loc["uclg", "founded"] == NOT_STATED  # no document states when UCLG was founded
    assert set(nets.loc["c40", "documents"].split()) == {"beukman", "clausen", "ledna"}
    m = rel.memberships
    assert set(m[m["city"] == "Guangzhou"]["network_id"]) == {"uclg", "metropolis", "uclg_cui"}
    assert ((m["city"] == "Paris") & (m["network_id"] == "c40") & (m["role"] == "chair")).any()
    assert ((m["city"] == "Tokyo") & (m["network_id"] == "anmc21")).any()
    assert ((m["city"] == "Cape Town") & (m["network_id"] == "wecp")).any()
    ba = set(m[(m["city"] == "Buenos Aires") & (m["role"] == "member")]["network_id"])
    assert {"uclg", "c40", "mercocities", "uiacc", "iclei", "wamm"} <= ba
    pairs = {(p["city_a"], p["city_b"], p["kind"]): p["year"] for _, p in rel.pairs.iterrows()}
    assert pairs[("Guangzhou", "Los Angeles", "sister_city")] == "1981"
    assert pairs[("Guangzhou", "Auckland", "sister_city")] == "1989"
    assert pairs[("Buenos Aires", "Seville", "sister_city")] == "1974"
    assert pairs[("Seattle", "Tashkent", "sister_city")] == "1973"
    assert pairs[("London", "Cape Town", "exchange")] == NOT_STATED
    assert pairs[("Cape Town", "New York", "agreement")] == NOT_STATED


@pytest.mark.parametrize(("one", "other"), [("ucci", "uiacc"), ("metropolis", "wamm")])
def test_suspected_duplicates_are_kept_apart_and_each_note_says_why(rel, docs, one, other):
    """No document says that UCCI is the Union of Ibero-American Capital Cities, or that Metropolis is
    the World Association of Major Metropolises (checked by reading the documents): two networks, and
    each row names the other and says why they are not merged."""
    nets = rel.networks.set_index("network_id")
    assert rel.network_of(nets.loc[one, "name"]) == one and rel.network_of(nets.loc[other, "name"]) == other
    for this, that in ((one, other), (other, one)):
        note = nets.loc[this, "note"]
        assert f"({that})" in note and "no document" in note, this
    for doc in docs.values():  # never named together in one sentence that could state it
        for sentence in re.split(r"(?<=[.!?])\s+", doc.text):
            names = [nets.loc[n, "name"] for n in (one, other)]
            assert not all(names_in(sentence, [n]) for n in names), sentence[:120]


def test_networks_found_missing_in_review(rel):
    """Beukman, line 79: 'An award winning program sponsored by SCI is the Sino-Africa Initiative. This
    two-year program was funded by the Bill and Melinda Gates Foundation'; Ledna, line 629: 'the
    Electric Vehicle Purchasing Collaborative, a collaborative in which cities can bid together'."""
    nets = rel.networks.set_index("network_id")
    assert rel.network_of("Sino-Africa Initiative") == "sino_africa"
    assert nets.loc["sino_africa", "other_figure_ids"].split() == ["BK-008", "BK-009", "BK-010"]
    assert "Bill and Melinda Gates Foundation" in nets.loc["sino_africa", "funders_hosts"]
    assert nets.loc["sino_africa", "founded"] == NOT_STATED
    assert rel.network_of("electric vehicle purchasing collaborative") == "evpc"
    assert nets.loc["evpc", "documents"] == "ledna" and "Climate Mayors" in nets.loc["evpc", "funders_hosts"]


def test_organisations_behind_networks_and_pairs(rel):
    """Checked by hand against the documents: Beukman lines 65 (France-Atlanta Organisation), 63 (the
    Sister Cities International Bowl), 79 (Sino-Africa Initiative), 103 and 199 (within EuroCities),
    197 (Rockefeller Foundation), 285 (Invest Cape Town and Wesgro lead missions)."""
    o = rel.organisations
    behind = {
        (r["network_id"] or r["pair_id"], r["organisation"], r["role"], r["organisation_network_id"])
        for _, r in o.iterrows()
    }
    assert {
        ("sino_africa", "Sister Cities International", "sponsor", "sci"),
        ("sino_africa", "Bill and Melinda Gates Foundation", "funder", ""),
        ("100rc", "Rockefeller Foundation", "funder", ""),
        ("solidaritycities", "Eurocities", "parent", "eurocities"),
        ("P04", "France-Atlanta Organisation", "organiser", ""),
        ("P03", "Sister Cities International", "event", "sci"),
        ("P09", "Invest Cape Town", "organiser", ""),
        ("P09", "Wesgro", "organiser", ""),
        ("P10", "Invest Cape Town", "organiser", ""),
        ("P10", "Wesgro", "organiser", ""),
    } <= behind
    pairs, nets = rel.pairs.set_index("pair_id"), rel.networks.set_index("network_id")
    assert pairs.loc["P04", "organisations"] == "France-Atlanta Organisation: organiser (O01)"
    assert pairs.loc["P20", "organisations"] == NOT_STATED  # Guangzhou and Los Angeles: none stated
    assert nets.loc["sino_africa", "organisations"] == (
        "Sister Cities International: sponsor (O07); Bill and Melinda Gates Foundation: funder (O08)"
    )
    assert nets.loc["c40", "organisations"] == NOT_STATED
    assert set(o["role"]) <= set(relations.ORGANISATION_ROLES)


def test_case_cities_are_spelled_as_in_cases_csv(rel):
    """citydip.compare matches the relations to the six case-study cities by their exact names."""
    with (paths.RAW / "cases.csv").open(encoding="utf-8", newline="") as handle:
        six = {row["city"] for row in csv.DictReader(handle)}
    named = set(rel.memberships["city"]) | set(rel.pairs["city_a"]) | set(rel.pairs["city_b"])
    assert six <= named


# --- names --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "network_id"),
    [
        ("United Cities and Local Government (UCLG)", "uclg"),  # Beukman's spelling
        ("United Cities and Local Governments", "uclg"),  # Clausen's and Ledna's
        ("uclg", "uclg"),
        ("  C40   cities ", "c40"),
        ("C40Cities", "c40"),
        ("100 Resilient Cities", "100rc"),
        ("100ResilientCities", "100rc"),
        ("Merocities", "mercocities"),  # Beukman's misspelling
        ("World Health Organization’s (WHO) Healthy Cities network", "who_healthy_cities"),
        ("ICLEI", "iclei"),
        ("Local Governments for Sustainability", "iclei"),
        ("World Cities Energy Partnership", "wecp"),
    ],
)
def test_network_of_any_name_case_or_spacing(name, network_id, rel):
    assert relations.network_of(name) == network_id
    assert rel.network_of(name) == network_id


def test_network_of_an_unknown_name_is_a_one_line_error():
    with pytest.raises(InputError) as caught:
        relations.network_of("League of Imaginary Cities")
    message = str(caught.value)
    assert "\n" not in message and "networks.csv" in message and "League of Imaginary Cities" in message


def test_every_alias_is_spelled_as_in_a_document(rel, docs):
    for _, n in rel.networks.iterrows():
        for alias in [n["name"], *split_list(n["aliases"])]:
            assert any(names_in(d.text, [alias]) for d in docs.values()), alias


# --- running ------------------------------------------------------------------------------------------


def test_run_writes_the_three_tables_once(tmp_path):
    out = tmp_path / "processed"
    result = relations.run(paths.RAW, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(stages.RELATIONS_OUTPUTS)
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    texts = relations.tables(result)
    relations.run(paths.RAW, out)  # nothing changed: nothing rewritten
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps
    for name, text in texts.items():
        assert (out / name).read_text(encoding="utf-8") == text


def test_committed_processed_tables_are_fresh(rel):
    expected = relations.tables(rel)
    present = [name for name in expected if (paths.PROCESSED / name).is_file()]
    if not present:
        pytest.skip("the relations tables are not built yet (make runs notebooks/06_networks.ipynb)")
    for name in present:
        assert (paths.PROCESSED / name).read_text(encoding="utf-8") == expected[name], f"{name} is stale: run make"
