"""The documents' relational facts: city networks, city-network memberships, city pairs, and the
organisations behind them.

Four curated tables under ``data/raw/relations/`` carry the same provenance as the figure
registry: every row names its document (``doc_id``) and a verbatim ``quote`` that must occur in
it exactly once, or the row's ``occurrence`` says which occurrence is meant.

- ``networks.csv``: one row per network the documents name, with every name and spelling seen
  (``aliases``, ';'-separated) and, where the documents state them, its founding year, member
  counts, scope, focus and funders/founders/hosts. Numbers are never typed here: ``founded``,
  ``members`` and ``other_figures`` hold ids of registered figures (``data/raw/figures.csv``).
  ``scope``, ``focus`` and ``funders_hosts`` hold verbatim quotes, each written
  ``doc_id: quote`` (or ``doc_id#2: quote`` for the second occurrence), several joined by
  ``' | '``. An empty cell means the sources do not state it.
- ``memberships.csv``: a city's tie to a network as stated, with its ``role``.
- ``pairs.csv``: sister-city, twinning and other partnerships between two cities, with their
  ``kind`` and, where stated, the figure id of the registered year (``year``).
- ``organisations.csv``: an organisation that funds, sponsors, founds, facilitates or contains a
  network (``network_id``), or carries a pair (``pair_id``), with its ``role``; the quote names
  the organisation (or, for one that is itself a network, one of its names) and the network or
  both cities of the pair.

``run`` validates the four tables (stopping at the first bad row with a one-line
``InputError`` naming the file, the line and the id) and writes their located, resolved forms
to ``data/processed/{networks,memberships,pairs}.csv``; the organisations of each network and
pair are the column ``organisations`` of the first and the last. ``network_of`` resolves any
name or alias of a network, whatever its case or spacing, to its ``network_id``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from citydip.core import paths
from citydip.core.csvio import read_table, to_csv_text, write_if_changed
from citydip.core.errors import InputError
from citydip.core.registry import Figure, locate, validate_registry
from citydip.core.sources import NOT_STATED, Document, load_documents

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
OUTPUTS = ("networks.csv", "memberships.csv", "pairs.csv")
NETWORK_FIELDS = (
    "network_id", "name", "aliases", "documents", "doc_id", "line", "char_offset", "quote",
    "founded", "founded_figure_ids", "members", "member_figure_ids", "other_figures", "other_figure_ids",
    "scope", "focus", "funders_hosts", "organisations", "memberships", "note",
)  # fmt: skip
MEMBERSHIP_FIELDS = (
    "membership_id", "city", "network_id", "network_name", "role", "doc_id", "line", "char_offset", "quote", "note",
)  # fmt: skip
PAIR_FIELDS = (
    "pair_id", "city_a", "city_b", "kind", "year", "year_figure_id", "doc_id", "line", "char_offset", "quote",
    "organisations", "note",
)  # fmt: skip
ORGANISATION_FIELDS = (
    "organisation_id", "organisation", "organisation_network_id", "role", "network_id", "pair_id", "doc_id", "line",
    "char_offset", "quote", "note",
)  # fmt: skip
FACT_SEPARATOR = " | "
_FACT = re.compile(r"^(?P<doc>[a-z][a-z0-9_]*)(?:#(?P<occurrence>\d+))?:\s+(?P<quote>\S.*)$", re.DOTALL)


# --- names ----------------------------------------------------------------------------------------


def name_key(name: str) -> str:
    """A name as ``network_of`` compares it: case, spaces and the apostrophe's shape ignored."""
    text = unicodedata.normalize("NFKC", name).replace("’", "'").casefold()
    return "".join(text.split())


@lru_cache(maxsize=256)
def _flat(text: str) -> str:
    """Whitespace (line breaks included) collapsed to single spaces (cached: documents are searched often)."""
    return " ".join(text.split())


def _words(text: str) -> list[str]:
    """Words for loose comparison: lower case, letters and digits only, a plural or possessive s dropped."""
    words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", text).casefold())
    return [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words]


def _contains_words(haystack: str, needle: str) -> bool:
    hay, need = _words(haystack), _words(needle)
    return bool(need) and any(hay[i : i + len(need)] == need for i in range(len(hay) - len(need) + 1))


def names_in(text: str, names: list[str]) -> bool:
    """Whether one of ``names`` stands in ``text`` as a whole name (spacing and line breaks aside)."""
    flat = _flat(text)
    for name in map(_flat, names):
        # the pattern is tried at each place the name stands (the lookbehind still sees the character
        # before it): searching the whole text with a pattern that starts with a lookbehind is slow
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
        start = flat.find(name)
        while start != -1:
            if pattern.match(flat, start):
                return True
            start = flat.find(name, start + 1)
    return False


def split_list(cell: str, sep: str = ";") -> list[str]:
    return [part.strip() for part in cell.split(sep) if part.strip()]


# --- loading and validation -----------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    doc_id: str
    text: str
    line: int
    char_offset: int


@dataclass
class Relations:
    """The four tables, validated and located; the first three as written to data/processed."""

    networks: pd.DataFrame
    memberships: pd.DataFrame
    pairs: pd.DataFrame
    organisations: pd.DataFrame  # also summed up in the column organisations of networks and pairs
    aliases: dict[str, str]  # name_key -> network_id

    def network_of(self, name: str) -> str:
        return _resolve(self.aliases, name, "data/raw/relations/networks.csv")


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


def _resolve(index: dict[str, str], name: str, file: str | Path) -> str:
    found = index.get(name_key(name))
    if found is None:
        raise InputError(
            file,
            f"unknown network name {name!r}",
            expected="a name or alias listed in networks.csv (case and spacing do not matter)",
        )
    return found


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
            if not any(_contains_words(subject, n) for n in names):
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


def _validate_networks(
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


def _validate_memberships(
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


def _validate_pairs(
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


def _validate_organisations(
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


# --- the processed tables -------------------------------------------------------------------------


def _figure_text(figure: Figure) -> str:
    row = figure.row
    qualifier = f"{row['qualifier']} " if row["qualifier"] else ""
    unit = "" if row["unit"] in ("count", "year", "decade") else f" {row['unit']}"
    return f"{qualifier}{row['value']}{unit}: {row['measure']} ({figure.figure_id}, {row['doc_id']})"


def _figures_cell(figures: list[Figure]) -> tuple[str, str]:
    if not figures:
        return NOT_STATED, ""
    return "; ".join(_figure_text(f) for f in figures), " ".join(f.figure_id for f in figures)


def _facts_cell(facts: list[Quote]) -> str:
    if not facts:
        return NOT_STATED
    return FACT_SEPARATOR.join(f"“{_flat(q.text)}” ({q.doc_id}, line {q.line})" for q in facts)


def _membership_row(rec: dict, q: Quote, network_name: str) -> list:
    return [
        rec["membership_id"], rec["city"], rec["network_id"], network_name, rec["role"],
        q.doc_id, q.line, q.char_offset, rec["quote"], rec["note"],
    ]  # fmt: skip


def _pair_row(rec: dict, q: Quote, year: Figure | None, organisations: str) -> list:
    return [
        rec["pair_id"], rec["city_a"], rec["city_b"], rec["kind"],
        year.row["value"] if year else NOT_STATED, year.figure_id if year else "",
        q.doc_id, q.line, q.char_offset, rec["quote"], organisations, rec["note"],
    ]  # fmt: skip


def _organisation_row(rec: dict, q: Quote, own: str) -> list:
    return [
        rec["organisation_id"], rec["organisation"], own, rec["role"], rec["network_id"].strip(),
        rec["pair_id"].strip(), q.doc_id, q.line, q.char_offset, rec["quote"], rec["note"],
    ]  # fmt: skip


def _organisations_cell(rows: list[tuple[dict, Quote, str]]) -> str:
    """'Rockefeller Foundation: funder (O09)'; several joined by '; '; none: not stated in the sources."""
    if not rows:
        return NOT_STATED
    return "; ".join(f"{rec['organisation']}: {rec['role']} ({rec['organisation_id']})" for rec, _, _ in rows)


def validate(raw_dir: str | Path) -> Relations:
    """Check the four relation tables against the documents and the registry; raise at the first bad row."""
    raw = paths.resolve(raw_dir)
    folder = raw / FOLDER
    documents = load_documents(raw)
    figures = {f.figure_id: f for f in validate_registry(raw / "figures.csv", documents)}
    net_frame, index, net_rows = _validate_networks(folder / "networks.csv", documents, figures)
    memberships = _validate_memberships(folder / "memberships.csv", documents, net_frame)
    pairs = _validate_pairs(folder / "pairs.csv", documents, figures)
    organisations = _validate_organisations(
        folder / "organisations.csv", documents, net_frame, index, [rec for rec, _, _ in pairs]
    )
    behind: dict[tuple[str, str], list] = {}
    for item in sorted(organisations, key=lambda o: o[0]["organisation_id"]):
        rec = item[0]
        target = ("network", rec["network_id"].strip()) if rec["network_id"].strip() else ("pair", rec["pair_id"])
        behind.setdefault(target, []).append(item)
    names = dict(zip(net_frame["network_id"], net_frame["name"], strict=True))
    counts = pd.Series([rec["network_id"] for rec, _ in memberships], dtype=object).value_counts()

    net_out = []
    for item in net_rows:
        rec, quote, numbers = item["rec"], item["quote"], item["figures"]
        founded, founded_ids = _figures_cell(numbers["founded"])
        members, member_ids = _figures_cell(numbers["members"])
        other, other_ids = _figures_cell(numbers["other_figures"])
        net_out.append(
            [
                rec["network_id"], rec["name"], "; ".join(split_list(rec["aliases"])), " ".join(item["named_in"]),
                quote.doc_id, quote.line, quote.char_offset, rec["quote"],
                founded, founded_ids, members, member_ids, other, other_ids,
                *(_facts_cell(item["facts"][c]) for c in TEXT_FACTS),
                _organisations_cell(behind.get(("network", rec["network_id"]), [])),
                int(counts.get(rec["network_id"], 0)), rec["note"],
            ]
        )  # fmt: skip
    mem_out = [_membership_row(rec, q, names[rec["network_id"]]) for rec, q in memberships]
    pair_out = [
        _pair_row(rec, q, year, _organisations_cell(behind.get(("pair", rec["pair_id"]), []))) for rec, q, year in pairs
    ]
    org_out = [_organisation_row(rec, q, own) for rec, q, own in organisations]
    return Relations(
        networks=pd.DataFrame(sorted(net_out, key=lambda r: r[0]), columns=list(NETWORK_FIELDS)),
        memberships=pd.DataFrame(sorted(mem_out, key=lambda r: r[0]), columns=list(MEMBERSHIP_FIELDS)),
        pairs=pd.DataFrame(sorted(pair_out, key=lambda r: r[0]), columns=list(PAIR_FIELDS)),
        organisations=pd.DataFrame(sorted(org_out, key=lambda r: r[0]), columns=list(ORGANISATION_FIELDS)),
        aliases=index,
    )


def tables(result: Relations) -> dict[str, str]:
    """The text of each processed table, as ``run`` writes it."""
    return {
        "networks.csv": to_csv_text(NETWORK_FIELDS, result.networks.itertuples(index=False, name=None)),
        "memberships.csv": to_csv_text(MEMBERSHIP_FIELDS, result.memberships.itertuples(index=False, name=None)),
        "pairs.csv": to_csv_text(PAIR_FIELDS, result.pairs.itertuples(index=False, name=None)),
    }


def run(raw_dir: str | Path = "data/raw", processed_dir: str | Path = "data/processed") -> Relations:
    """Validate the relation tables, then write the processed networks, memberships and pairs
    (the organisations are their column ``organisations``)."""
    result = validate(raw_dir)
    out = paths.output(processed_dir)
    for name, text in tables(result).items():
        write_if_changed(out / name, text)
    return result


_INDEX: dict[tuple[str, int, int], dict[str, str]] = {}


def network_of(name: str, raw_dir: str | Path = "data/raw") -> str:
    """The network_id of a network's name or alias, whatever its case or spacing.

    Reads only ``networks.csv`` (its names and aliases, checked for clashes); an unknown name
    is a one-line InputError.
    """
    file = paths.resolve(raw_dir) / FOLDER / "networks.csv"
    stat = file.stat() if file.is_file() else None
    key = (str(file), stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)
    if key not in _INDEX:
        _INDEX[key] = alias_index(read_table(file, NETWORK_COLUMNS, key="network_id"), file)
    return _resolve(_INDEX[key], name, file)
