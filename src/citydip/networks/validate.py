"""The checks of the curated relation tables: each row against the documents and the registry.

Every row must name its document and quote it verbatim (once, or at the stated occurrence); a
network's names must occur in the documents and belong to it alone; its figures must be
registered figures about it, in the right unit; a membership, pair or organisation row must
name what it ties together. The first bad row stops the step with a one-line ``InputError``
naming the file, the line and the id.

What belongs here: a new check on a row of a curated table (its columns and vocabularies are in
``citydip.networks.vocabulary``; ``citydip.networks.relations.validate`` runs the checks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from citydip.core.csvio import read_table
from citydip.core.errors import InputError
from citydip.core.registry import Figure, locate
from citydip.core.sources import Document
from citydip.networks.names import contains_words, name_key, names_in, split_list
from citydip.networks.vocabulary import (
    FACT_SEPARATOR,
    FIGURE_FACTS,
    KINDS,
    MEMBERSHIP_COLUMNS,
    NETWORK_COLUMNS,
    ORGANISATION_COLUMNS,
    ORGANISATION_ROLES,
    PAIR_COLUMNS,
    ROLES,
    TEXT_FACTS,
)

_FACT = re.compile(r"^(?P<doc>[a-z][a-z0-9_]*)(?:#(?P<occurrence>\d+))?:\s+(?P<quote>\S.*)$", re.DOTALL)


@dataclass(frozen=True)
class Quote:
    """A quote of a row (or of a fact) as located in its document."""

    doc_id: str
    text: str
    line: int
    char_offset: int


def _where(rec: dict, key: str) -> str:
    return f"line {rec['_line']} ({key} {rec[key]})"


def _document(rec: dict, documents: dict[str, Document], file: Path, where: str, doc_id: str | None = None) -> Document:
    doc_id = rec["doc_id"] if doc_id is None else doc_id
    doc = documents.get(doc_id)
    if doc is None:
        raise InputError(file, f"unknown doc_id {doc_id!r}", where=where, expected=f"one of {', '.join(documents)}")
    return doc


def _quote(rec: dict, documents: dict[str, Document], file: Path, where: str) -> Quote:
    doc = _document(rec, documents, file, where)
    start = locate(doc, rec["quote"], rec["occurrence"], file=file, where=where, what="quote")
    return Quote(doc.doc_id, rec["quote"], doc.line_of(start), start)


def alias_index(frame: pd.DataFrame, file: Path) -> dict[str, str]:
    """name_key of every name and alias -> network_id; a name claimed by two networks is an error."""
    index: dict[str, str] = {}
    for rec in frame.to_dict("records"):
        where = _where(rec, "network_id")
        if not rec["name"].strip():
            raise InputError(file, "empty name", where=where, expected="the network's name as the documents give it")
        for name in [rec["name"], *split_list(rec["aliases"])]:
            key = name_key(name)
            other = index.get(key)
            if other is not None and other != rec["network_id"]:
                raise InputError(
                    file,
                    f"name {name!r} is also a name of network {other!r}",
                    where=where,
                    expected="each name or alias to belong to one network",
                )
            index[key] = rec["network_id"]
    return index


def _text_facts(cell: str, documents: dict[str, Document], file: Path, where: str, column: str) -> list[Quote]:
    facts = []
    for part in split_list(cell, FACT_SEPARATOR.strip()):
        match = _FACT.match(part)
        if not match:
            raise InputError(
                file,
                f"{column} entry {part[:50]!r} does not name its document",
                where=where,
                expected=f"'doc_id: verbatim quote' (or 'doc_id#2: quote'), entries joined by '{FACT_SEPARATOR}'",
            )
        doc = _document({}, documents, file, where, doc_id=match["doc"])
        start = locate(doc, match["quote"], match["occurrence"] or "", file=file, where=where, what=f"{column} quote")
        facts.append(Quote(doc.doc_id, match["quote"], doc.line_of(start), start))
    return facts


def _figure(
    figure_id: str, figures: dict[str, Figure], file: Path, where: str, column: str
) -> Figure:  # registered at all
    figure = figures.get(figure_id)
    if figure is None:
        raise InputError(
            file,
            f"{column}: figure {figure_id!r} is not registered",
            where=where,
            expected="the id of a row of data/raw/figures.csv (see data/processed/figures.csv)",
        )
    return figure


def _network_figures(
    rec: dict, names: list[str], named_in: list[str], figures: dict[str, Figure], file: Path, where: str
) -> dict[str, list[Figure]]:
    found: dict[str, list[Figure]] = {}
    for column, (what, units) in FIGURE_FACTS.items():
        found[column] = []
        for figure_id in split_list(rec[column]):
            figure = _figure(figure_id, figures, file, where, column)
            row = figure.row
            if units is not None and row["unit"] not in units:
                raise InputError(
                    file,
                    f"{column}: figure {figure_id} is in {row['unit']!r}, not {what}",
                    where=where,
                    expected=f"a figure in {' or '.join(sorted(units))}",
                )
            subject = f"{row['entity']} {row['measure']}"
            if not any(contains_words(subject, n) for n in names):
                raise InputError(
                    file,
                    f"{column}: figure {figure_id} is about {row['entity']!r} ({row['measure']}), not this network",
                    where=where,
                    expected="a figure whose entity or measure names the network (its name or an alias)",
                )
            if row["doc_id"] not in named_in:
                raise InputError(
                    file,
                    f"{column}: figure {figure_id} belongs to {row['doc_id']}, which does not name the network",
                    where=where,
                    expected=f"a figure of a document naming it ({', '.join(named_in)})",
                )
            found[column].append(figure)
    return found


def validate_networks(
    file: Path, documents: dict[str, Document], figures: dict[str, Figure]
) -> tuple[pd.DataFrame, dict[str, str], list[dict]]:
    frame = read_table(file, NETWORK_COLUMNS, key="network_id")
    index = alias_index(frame, file)
    rows = []
    for rec in frame.to_dict("records"):
        where = _where(rec, "network_id")
        names = [rec["name"], *split_list(rec["aliases"])]
        for name in names:
            if not any(names_in(doc.text, [name]) for doc in documents.values()):
                raise InputError(
                    file,
                    f"name {name!r} occurs in no document",
                    where=where,
                    expected="names and aliases spelled as in the documents (spacing and line breaks aside)",
                )
        quote = _quote(rec, documents, file, where)
        if not names_in(rec["quote"], names):
            raise InputError(
                file,
                "the quote does not name the network",
                where=where,
                expected=f"a quote containing one of its names ({'; '.join(names)})",
            )
        named_in = [d for d, doc in documents.items() if names_in(doc.text, names)]
        facts = {c: _text_facts(rec[c], documents, file, where, c) for c in TEXT_FACTS}
        numbers = _network_figures(rec, names, named_in, figures, file, where)
        rows.append({"rec": rec, "quote": quote, "named_in": named_in, "facts": facts, "figures": numbers})
    return frame, index, rows


def validate_memberships(
    file: Path, documents: dict[str, Document], networks: pd.DataFrame
) -> list[tuple[dict, Quote]]:
    frame = read_table(file, MEMBERSHIP_COLUMNS, key="membership_id")
    by_id = {r["network_id"]: r for r in networks.to_dict("records")}
    rows = []
    for rec in frame.to_dict("records"):
        where = _where(rec, "membership_id")
        network = by_id.get(rec["network_id"])
        if network is None:
            raise InputError(
                file,
                f"unknown network_id {rec['network_id']!r}",
                where=where,
                expected="a network_id of data/raw/relations/networks.csv",
            )
        if rec["role"] not in ROLES:
            raise InputError(file, f"unknown role {rec['role']!r}", where=where, expected=f"one of {', '.join(ROLES)}")
        doc = _document(rec, documents, file, where)
        _city_in(rec["city"], doc, file, where, "city")
        quote = _quote(rec, documents, file, where)
        names = [network["name"], *split_list(network["aliases"])]
        if not names_in(rec["quote"], names):
            raise InputError(
                file,
                f"the quote does not name network {rec['network_id']!r}",
                where=where,
                expected=f"a quote containing one of its names ({'; '.join(names)})",
            )
        rows.append((rec, quote))
    return rows


def _city_in(city: str, doc: Document, file: Path, where: str, column: str) -> None:
    if not city.strip():
        raise InputError(file, f"empty {column}", where=where, expected="a city named in the document")
    if not names_in(doc.text, [city]):
        raise InputError(
            file,
            f"{column} {city!r} is not named in {doc.doc_id}",
            where=where,
            expected="the city's name as the document writes it",
        )


def validate_pairs(
    file: Path, documents: dict[str, Document], figures: dict[str, Figure]
) -> list[tuple[dict, Quote, Figure | None]]:
    frame = read_table(file, PAIR_COLUMNS, key="pair_id")
    rows = []
    for rec in frame.to_dict("records"):
        where = _where(rec, "pair_id")
        if rec["kind"] not in KINDS:
            raise InputError(file, f"unknown kind {rec['kind']!r}", where=where, expected=f"one of {', '.join(KINDS)}")
        doc = _document(rec, documents, file, where)
        for column in ("city_a", "city_b"):
            _city_in(rec[column], doc, file, where, column)
        if rec["city_a"] == rec["city_b"]:
            raise InputError(file, "city_a and city_b are the same city", where=where, expected="two different cities")
        quote = _quote(rec, documents, file, where)
        if not names_in(rec["quote"], [rec["city_a"], rec["city_b"]]):
            raise InputError(
                file, "the quote names neither city", where=where, expected="a quote naming at least one of the two"
            )
        year = None
        if rec["year"].strip():
            year = _figure(rec["year"].strip(), figures, file, where, "year")
            if year.row["doc_id"] != rec["doc_id"]:
                raise InputError(
                    file,
                    f"year: figure {year.figure_id} belongs to another document ({year.row['doc_id']})",
                    where=where,
                    expected=f"a figure of {rec['doc_id']}",
                )
            if year.row["unit"] != "year":
                raise InputError(
                    file,
                    f"year: figure {year.figure_id} is in {year.row['unit']!r}, not a year",
                    where=where,
                    expected="a registered year",
                )
            if not quote.char_offset <= year.value_start < year.value_end <= quote.char_offset + len(quote.text):
                raise InputError(
                    file,
                    f"year: figure {year.figure_id} ({year.row['value']}) is not stated in the quote",
                    where=where,
                    expected="a quote that states the year it is given",
                )
        rows.append((rec, quote, year))
    return rows


def validate_organisations(
    file: Path, documents: dict[str, Document], networks: pd.DataFrame, index: dict[str, str], pairs: list[dict]
) -> list[tuple[dict, Quote, str]]:
    """(row, located quote, the organisation's own network_id or '') for each organisation row."""
    frame = read_table(file, ORGANISATION_COLUMNS, key="organisation_id")
    nets = {r["network_id"]: r for r in networks.to_dict("records")}
    by_pair = {r["pair_id"]: r for r in pairs}
    names_of = {n: [r["name"], *split_list(r["aliases"])] for n, r in nets.items()}
    seen: dict[tuple[str, str, str, str], str] = {}
    rows = []
    for rec in frame.to_dict("records"):
        where = _where(rec, "organisation_id")
        if not rec["organisation"].strip():
            raise InputError(file, "empty organisation", where=where, expected="the organisation's name as stated")
        if rec["role"] not in ORGANISATION_ROLES:
            raise InputError(
                file, f"unknown role {rec['role']!r}", where=where, expected=f"one of {', '.join(ORGANISATION_ROLES)}"
            )
        network_id, pair_id = rec["network_id"].strip(), rec["pair_id"].strip()
        if bool(network_id) == bool(pair_id):
            raise InputError(
                file,
                "both network_id and pair_id are given" if network_id else "neither network_id nor pair_id is given",
                where=where,
                expected="the network_id of the network or the pair_id of the pair it is about (one of the two)",
            )
        if network_id and network_id not in nets:
            raise InputError(
                file, f"unknown network_id {network_id!r}", where=where, expected="a network_id of networks.csv"
            )
        if pair_id and pair_id not in by_pair:
            raise InputError(file, f"unknown pair_id {pair_id!r}", where=where, expected="a pair_id of pairs.csv")
        quote = _quote(rec, documents, file, where)
        own = index.get(name_key(rec["organisation"]), "")
        if not names_in(rec["quote"], [rec["organisation"], *names_of.get(own, [])]):
            raise InputError(
                file,
                f"the quote does not name the organisation {rec['organisation']!r}",
                where=where,
                expected="a quote containing its name (or, for a network, one of the network's names)",
            )
        if own and own == network_id:
            raise InputError(
                file, f"network {own!r} is given as its own organisation", where=where, expected="another body"
            )
        if network_id and not names_in(rec["quote"], names_of[network_id]):
            raise InputError(
                file,
                f"the quote does not name network {network_id!r}",
                where=where,
                expected=f"a quote containing one of its names ({'; '.join(names_of[network_id])})",
            )
        pair = by_pair.get(pair_id)
        if pair and not all(names_in(rec["quote"], [pair[c]]) for c in ("city_a", "city_b")):
            raise InputError(
                file,
                f"the quote does not name both cities of pair {pair_id} ({pair['city_a']}, {pair['city_b']})",
                where=where,
                expected="a quote naming the organisation and both cities",
            )
        key = (name_key(rec["organisation"]), rec["role"], network_id, pair_id)
        if key in seen:
            raise InputError(
                file,
                f"the same organisation, role and {'network' if network_id else 'pair'} as {seen[key]}",
                where=where,
                expected="each organisation's role in a network or pair once",
            )
        seen[key] = rec["organisation_id"]
        rows.append((rec, quote, own))
    return rows
