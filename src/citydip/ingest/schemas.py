"""Frictionless table schemas of the relations and bibliography tables of ``data/processed``.

``notebooks/06_networks.ipynb`` writes ``networks.csv``, ``memberships.csv``, ``pairs.csv``
(``citydip.relations``) and ``references.csv``, ``works.csv`` (``citydip.bibliography``).
``resources`` describes them for ``data/processed/datapackage.json``: every column with its
type and meaning, the ids as primary keys, the closed vocabularies (roles, kinds, citation
forms, documents) as enums, and the links between tables as foreign keys (a membership's
network, a pair's year figure, a citation's work and the citation an Ibid. resolves to).
``python -m frictionless validate data/processed/datapackage.json`` checks the tables
against them, offline; so does ``tests/test_data.py``.

The column names are the modules' own (``relations.NETWORK_FIELDS`` ...): a column added to a
table without a description here stops the data package from being written.
"""

from __future__ import annotations

from citydip.core.sources import NOT_STATED
from citydip.networks import bibliography, relations

FIGURE_IDS = r"^[A-Z]{2}-[0-9A-Z-]+( [A-Z]{2}-[0-9A-Z-]+)*$"  # 'BK-031 LD-366'
STATED = f"the stated value, or '{NOT_STATED}'"
WORK_KINDS = ("article", "book", "chapter", "web", "interview", "data", "in_text", "misc")


def _location(what: str) -> dict[str, tuple]:
    return {
        "doc_id": ("string", f"Document of the {what} (data/raw/sources.csv)", "doc"),
        "line": ("integer", f"1-based line of the {what} in the document", {"required": True, "minimum": 1}),
        "char_offset": ("integer", f"0-based character offset of the {what}", {"required": True, "minimum": 0}),
    }


def _specs(doc_ids: list[str]) -> dict[str, tuple[str, str, tuple, dict, list[str], list[dict]]]:
    """file -> (resource name, title, field names, {field: (type, description, constraints)}, key, foreign keys)."""
    documents = rf"^({'|'.join(doc_ids)})( ({'|'.join(doc_ids)}))*$"
    required, unique = {"required": True}, {"required": True, "unique": True}
    networks = {
        "network_id": ("string", "Id of the network", unique | {"pattern": r"^[a-z0-9_]+$"}),
        "name": ("string", "The network's name as the documents give it", required),
        "aliases": ("string", "Every name and spelling the documents use, '; '-separated", {}),
        "documents": ("string", "The documents naming the network, space-separated", {"pattern": documents}),
        **_location("quote naming the network"),
        "quote": ("string", "Verbatim quote naming the network", required),
        "founded": ("string", f"Founding year: {STATED} (with its figure id)", required),
        "founded_figure_ids": ("string", "Figure ids of the founding year", {"pattern": FIGURE_IDS}),
        "members": ("string", f"Member counts: {STATED} (with their figure ids)", required),
        "member_figure_ids": ("string", "Figure ids of the member counts", {"pattern": FIGURE_IDS}),
        "other_figures": ("string", f"Other figures about the network: {STATED}", required),
        "other_figure_ids": ("string", "Figure ids of the other figures", {"pattern": FIGURE_IDS}),
        "scope": ("string", f"Scope, quoted with document and line: {STATED}", required),
        "focus": ("string", f"Focus, quoted with document and line: {STATED}", required),
        "funders_hosts": ("string", f"Funders, founders or hosts, quoted: {STATED}", required),
        "organisations": (
            "string",
            f"Organisations behind it (data/raw/relations/organisations.csv), 'name: role (id)': {STATED}",
            required,
        ),
        "memberships": ("integer", "Cities tied to it in memberships.csv", {"required": True, "minimum": 0}),
        "note": ("string", "Curator's note", {}),
    }
    memberships = {
        "membership_id": ("string", "Id of the membership", unique | {"pattern": r"^M[0-9]{2,}$"}),
        "city": ("string", "The city, as the document names it", required),
        "network_id": ("string", "The network (networks.csv)", required),
        "network_name": ("string", "The network's name", required),
        "role": ("string", "The city's role: " + "; ".join(f"{k}: {v}" for k, v in relations.ROLES.items()), "role"),
        **_location("quote"),
        "quote": ("string", "Verbatim quote stating the tie", required),
        "note": ("string", "Curator's note", {}),
    }
    pairs = {
        "pair_id": ("string", "Id of the pair", unique | {"pattern": r"^P[0-9]{2,}$"}),
        "city_a": ("string", "First city, as the document names it", required),
        "city_b": ("string", "Second city", required),
        "kind": ("string", "Kind: " + "; ".join(f"{k}: {v}" for k, v in relations.KINDS.items()), "kind"),
        "year": (
            "string",
            f"Year of the agreement: {STATED}",
            {"required": True, "pattern": rf"^([0-9]{{3,4}}|{NOT_STATED})$"},
        ),
        "year_figure_id": ("string", "Figure id of the year (figures.csv)", {"pattern": r"^[A-Z]{2}-[0-9A-Z-]+$"}),
        **_location("quote"),
        "quote": ("string", "Verbatim quote stating the pair", required),
        "organisations": ("string", f"Organisations behind it, 'name: role (id)': {STATED}", required),
        "note": ("string", "Curator's note", {}),
    }
    references = {
        "ref_id": ("string", "Id of the citation", unique | {"pattern": r"^[a-z]+-[0-9]{3}$"}),
        "doc_id": ("string", "Citing document", "doc"),
        "form": ("string", "Form: " + "; ".join(f"{k}: {v}" for k, v in bibliography.FORMS.items()), "form"),
        "note_number": ("integer", "Footnote number, for a footnote", {"minimum": 1}),
        "line": ("integer", "1-based line of the citation", {"required": True, "minimum": 1}),
        "char_offset": ("integer", "0-based character offset of the citation", {"required": True, "minimum": 0}),
        "authors": ("string", "Authors, '; '-separated ('Surname, I.' or an organisation)", {}),
        "year": ("string", "Year of publication, where stated", {"pattern": r"^[0-9]{4}$"}),
        "title": ("string", "Title", {}),
        "venue": ("string", "Journal, book, publisher or site", {}),
        "accessed": ("string", "Access date as stated", {}),
        "url": ("string", "URL as stated", {}),
        "work_id": ("string", "The work cited (works.csv); empty where a short note is unresolved", {}),
        "resolves_to": ("string", "For Ibid., short and See notes: the citation it resolves to", {}),
        "raw": ("string", "The citation as printed", required),
        "note": ("string", "Curator's note on the parse", {}),
    }
    works = {
        "work_id": ("string", "Id of the work: lead surname, year, first title word", unique),
        "kind": ("string", "Kind of work", {"required": True, "enum": list(WORK_KINDS)}),
        "authors": ("string", "Authors of its fullest citation", {}),
        "year": ("string", "Year, where stated", {"pattern": r"^[0-9]{4}$"}),
        "title": ("string", "Title", {}),
        "venue": ("string", "Journal, book, publisher or site", {}),
        "documents": ("string", "Documents citing it, space-separated", {"required": True, "pattern": documents}),
        "n_documents": ("integer", "Number of documents citing it", {"required": True, "minimum": 1}),
        "n_citations": ("integer", "Number of its citations (Ibid. included)", {"required": True, "minimum": 1}),
        "corpus_doc": ("string", "The document of this compendium that it is, if any", {"enum": doc_ids}),
        "ref_ids": ("string", "Its citations (references.csv), space-separated", required),
    }
    enums = {
        "doc": {"required": True, "enum": doc_ids},
        "role": {"required": True, "enum": list(relations.ROLES)},
        "kind": {"required": True, "enum": list(relations.KINDS)},
        "form": {"required": True, "enum": list(bibliography.FORMS)},
    }

    def fields(spec: dict) -> dict:
        return {name: (t, d, enums[c] if isinstance(c, str) else c) for name, (t, d, c) in spec.items()}

    def key(field: str, resource: str, target: str) -> dict:
        return {"fields": [field], "reference": {"resource": resource, "fields": [target]}}

    return {
        "networks.csv": (
            "networks", "City networks the documents name", relations.NETWORK_FIELDS, fields(networks),
            ["network_id"], [],
        ),
        "memberships.csv": (
            "memberships", "Ties of cities to networks, as stated", relations.MEMBERSHIP_FIELDS,
            fields(memberships), ["membership_id"], [key("network_id", "networks", "network_id")],
        ),
        "pairs.csv": (
            "pairs", "Sister-city, twinning and other partnerships of two cities", relations.PAIR_FIELDS,
            fields(pairs), ["pair_id"], [key("year_figure_id", "figures", "figure_id")],
        ),
        "references.csv": (
            "references", "Every citation of the documents, parsed", bibliography.REFERENCE_FIELDS,
            fields(references), ["ref_id"],
            [key("work_id", "works", "work_id"), key("resolves_to", "", "ref_id")],
        ),
        "works.csv": (
            "works", "The works cited, the same work across documents matched into one",
            bibliography.WORK_FIELDS, fields(works), ["work_id"], [],
        ),
    }  # fmt: skip


def resources(doc_ids: list[str]) -> list[dict]:
    """The Frictionless resources of the five tables, schemas only (written later than the package)."""
    out = []
    for file, (name, title, names, spec, primary_key, foreign_keys) in _specs(doc_ids).items():
        missing = [n for n in names if n not in spec]
        extra = [n for n in spec if n not in names]
        if missing or extra:
            raise ValueError(f"schema of {file}: columns without a description {missing}, described but absent {extra}")
        schema: dict = {
            "fields": [
                {"name": n, "type": spec[n][0], "description": spec[n][1], **_constraints(spec[n][2])} for n in names
            ],
            "primaryKey": primary_key,
        }
        if foreign_keys:
            schema["foreignKeys"] = foreign_keys
        out.append(
            {
                "name": name,
                "title": title,
                "description": "Written by notebooks/06_networks.ipynb after this package; described by its schema "
                "(no size or hash: ingest writes the package first).",
                "path": file,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    return out


def _constraints(constraints: dict) -> dict:
    return {"constraints": constraints} if constraints else {}
