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

The curated tables' columns and vocabularies are in ``citydip.networks.vocabulary`` (``ROLES``,
``KINDS`` and ``ORGANISATION_ROLES`` are also found here, where notebook 06 and the data
package's schemas read them), their checks in ``citydip.networks.validate``, the comparison of
names in ``citydip.networks.names``. This module holds the processed tables' columns and builds
their rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from citydip.core import paths
from citydip.core.csvio import read_table, to_csv_text, write_if_changed
from citydip.core.errors import InputError
from citydip.core.registry import Figure, validate_registry
from citydip.core.sources import NOT_STATED, load_documents
from citydip.networks.columns import (
    MEMBERSHIP_FIELDS,
    NETWORK_FIELDS,
    ORGANISATION_FIELDS,
    PAIR_FIELDS,
)
from citydip.networks.names import flat_text, name_key, split_list
from citydip.networks.validate import (
    Quote,
    alias_index,
    validate_memberships,
    validate_networks,
    validate_organisations,
    validate_pairs,
)
from citydip.networks.vocabulary import FACT_SEPARATOR, FOLDER, NETWORK_COLUMNS, TEXT_FACTS

# re-exported (``name as name``): notebook 06 reads them as relations.ROLES ...
from citydip.networks.vocabulary import KINDS as KINDS
from citydip.networks.vocabulary import ORGANISATION_ROLES as ORGANISATION_ROLES
from citydip.networks.vocabulary import ROLES as ROLES


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


def _resolve(index: dict[str, str], name: str, file: str | Path) -> str:
    found = index.get(name_key(name))
    if found is None:
        raise InputError(
            file,
            f"unknown network name {name!r}",
            expected="a name or alias listed in networks.csv (case and spacing do not matter)",
        )
    return found


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
    return FACT_SEPARATOR.join(f"“{flat_text(q.text)}” ({q.doc_id}, line {q.line})" for q in facts)


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
    net_frame, index, net_rows = validate_networks(folder / "networks.csv", documents, figures)
    memberships = validate_memberships(folder / "memberships.csv", documents, net_frame)
    pairs = validate_pairs(folder / "pairs.csv", documents, figures)
    organisations = validate_organisations(
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
