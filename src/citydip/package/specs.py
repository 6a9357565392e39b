"""The columns of the relations and bibliography tables: type, description and constraints of each.

Data for :mod:`citydip.package.schemas`, one dict per table: column -> (Frictionless type,
description, constraints). The constraints are a dict, or the name of one that depends on the
documents of the run or on a table's vocabulary (``"doc"``, ``"documents"``, ``"required documents"``,
``"corpus doc"``, ``"role"``, ``"kind"``, ``"form"``), which :mod:`citydip.package.schemas` fills in.
A column added to one of the tables gets its line here.
"""

from __future__ import annotations

from citydip.core.sources import NOT_STATED
from citydip.networks import columns, vocabulary

FIGURE_IDS = r"^[A-Z]{2}-[0-9A-Z-]+( [A-Z]{2}-[0-9A-Z-]+)*$"  # 'BK-031 LD-366'
STATED = f"the stated value, or '{NOT_STATED}'"
WORK_KINDS = ("article", "book", "chapter", "web", "interview", "data", "in_text", "misc")
REQUIRED = {"required": True}
UNIQUE = {"required": True, "unique": True}


def _location(what: str) -> dict[str, tuple]:
    """The columns locating a quote or citation in its document."""
    return {
        "doc_id": ("string", f"Document of the {what} (data/raw/sources.csv)", "doc"),
        "line": ("integer", f"1-based line of the {what} in the document", {"required": True, "minimum": 1}),
        "char_offset": ("integer", f"0-based character offset of the {what}", {"required": True, "minimum": 0}),
    }


NETWORKS: dict[str, tuple] = {
    "network_id": ("string", "Id of the network", UNIQUE | {"pattern": r"^[a-z0-9_]+$"}),
    "name": ("string", "The network's name as the documents give it", REQUIRED),
    "aliases": ("string", "Every name and spelling the documents use, '; '-separated", {}),
    "documents": ("string", "The documents naming the network, space-separated", "documents"),
    **_location("quote naming the network"),
    "quote": ("string", "Verbatim quote naming the network", REQUIRED),
    "founded": ("string", f"Founding year: {STATED} (with its figure id)", REQUIRED),
    "founded_figure_ids": ("string", "Figure ids of the founding year", {"pattern": FIGURE_IDS}),
    "members": ("string", f"Member counts: {STATED} (with their figure ids)", REQUIRED),
    "member_figure_ids": ("string", "Figure ids of the member counts", {"pattern": FIGURE_IDS}),
    "other_figures": ("string", f"Other figures about the network: {STATED}", REQUIRED),
    "other_figure_ids": ("string", "Figure ids of the other figures", {"pattern": FIGURE_IDS}),
    "scope": ("string", f"Scope, quoted with document and line: {STATED}", REQUIRED),
    "focus": ("string", f"Focus, quoted with document and line: {STATED}", REQUIRED),
    "funders_hosts": ("string", f"Funders, founders or hosts, quoted: {STATED}", REQUIRED),
    "organisations": (
        "string",
        f"Organisations behind it (data/raw/relations/organisations.csv), 'name: role (id)': {STATED}",
        REQUIRED,
    ),
    "memberships": ("integer", "Cities tied to it in memberships.csv", {"required": True, "minimum": 0}),
    "note": ("string", "Curator's note", {}),
}
MEMBERSHIPS: dict[str, tuple] = {
    "membership_id": ("string", "Id of the membership", UNIQUE | {"pattern": r"^M[0-9]{2,}$"}),
    "city": ("string", "The city, as the document names it", REQUIRED),
    "network_id": ("string", "The network (networks.csv)", REQUIRED),
    "network_name": ("string", "The network's name", REQUIRED),
    "role": ("string", "The city's role: " + "; ".join(f"{k}: {v}" for k, v in vocabulary.ROLES.items()), "role"),
    **_location("quote"),
    "quote": ("string", "Verbatim quote stating the tie", REQUIRED),
    "note": ("string", "Curator's note", {}),
}
PAIRS: dict[str, tuple] = {
    "pair_id": ("string", "Id of the pair", UNIQUE | {"pattern": r"^P[0-9]{2,}$"}),
    "city_a": ("string", "First city, as the document names it", REQUIRED),
    "city_b": ("string", "Second city", REQUIRED),
    "kind": ("string", "Kind: " + "; ".join(f"{k}: {v}" for k, v in vocabulary.KINDS.items()), "kind"),
    "year": (
        "string",
        f"Year of the agreement: {STATED}",
        {"required": True, "pattern": rf"^([0-9]{{3,4}}|{NOT_STATED})$"},
    ),
    "year_figure_id": ("string", "Figure id of the year (figures.csv)", {"pattern": r"^[A-Z]{2}-[0-9A-Z-]+$"}),
    **_location("quote"),
    "quote": ("string", "Verbatim quote stating the pair", REQUIRED),
    "organisations": ("string", f"Organisations behind it, 'name: role (id)': {STATED}", REQUIRED),
    "note": ("string", "Curator's note", {}),
}
REFERENCES: dict[str, tuple] = {
    "ref_id": ("string", "Id of the citation", UNIQUE | {"pattern": r"^[a-z]+-[0-9]{3}$"}),
    "doc_id": ("string", "Citing document", "doc"),
    "form": ("string", "Form: " + "; ".join(f"{k}: {v}" for k, v in columns.FORMS.items()), "form"),
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
    "raw": ("string", "The citation as printed", REQUIRED),
    "note": ("string", "Curator's note on the parse", {}),
}
WORKS: dict[str, tuple] = {
    "work_id": ("string", "Id of the work: lead surname, year, first title word", UNIQUE),
    "kind": ("string", "Kind of work", {"required": True, "enum": list(WORK_KINDS)}),
    "authors": ("string", "Authors of its fullest citation", {}),
    "year": ("string", "Year, where stated", {"pattern": r"^[0-9]{4}$"}),
    "title": ("string", "Title", {}),
    "venue": ("string", "Journal, book, publisher or site", {}),
    "documents": ("string", "Documents citing it, space-separated", "required documents"),
    "n_documents": ("integer", "Number of documents citing it", {"required": True, "minimum": 1}),
    "n_citations": ("integer", "Number of its citations (Ibid. included)", {"required": True, "minimum": 1}),
    "corpus_doc": ("string", "The document of this compendium that it is, if any", "corpus doc"),
    "ref_ids": ("string", "Its citations (references.csv), space-separated", REQUIRED),
}

REFERENCE_VALUES: dict[str, tuple] = {  # data/processed/reference_values.csv (notebook 07); its column order
    "link_id": (
        "string",
        "Id of the link (data/raw/reference_links.csv)",
        {"required": True, "pattern": r"^RL[0-9]{2,}$"},
    ),
    "figure_id": ("string", "The figure the reference value is set against (figures.csv)", REQUIRED),
    "how": ("string", "How the value is computed from the reference (citydip.reference.links.HOW)", REQUIRED),
    "of_figure": ("string", "For a share of a total: the figure whose value is the part", {}),
    "dataset": ("string", "The reference dataset (data/raw/reference/manifest.csv)", {}),
    "key": ("string", "The series' key: country or area code, WUP city code, or the entity as the file names it", {}),
    "year": ("integer", "The year of the reference value (empty: no series holds the figure)", {}),
    "reference_value": ("number", "The reference value in the figure's base unit (computed, never stated)", {}),
    "base_unit": ("string", "Base unit of the value (people, USD, share, count, year)", REQUIRED),
    "formula": ("string", "How the value was computed, with the numbers used", {}),
    "series": ("string", "The dataset, key and year read", {}),
    "basis": ("string", "The basis of the reference as against the document's", REQUIRED),
    "tolerance": (
        "number",
        "Tolerance of the comparison: a share of the value, or points for a share",
        {"required": True, "minimum": 0, "maximum": 1},
    ),
    "why": ("string", "Why that tolerance", REQUIRED),
}

AUDIT: dict[str, tuple] = {  # data/processed/audit.csv (notebook 05)
    "figure_id": ("string", "The figure checked (figures.csv)", REQUIRED),
    "doc_id": ("string", "Its document", "doc"),
    "check": ("string", "The check ('overall': the figure's verdict, the worst of its checks)", "check"),
    "concerns": (
        "string",
        "Which row of the check: a relation id, a unit rule, a link id, or the figures compared",
        {},
    ),
    "verdict": ("string", "consistent, discrepancy or not checkable", "verdict"),
    "computation": ("string", "The computation, with the numbers used", REQUIRED),
    "explanation": ("string", "The verdict in plain words", REQUIRED),
    "related_figure_ids": ("string", "The other figures the check set it against, '; '-separated", {}),
}
COMPARISON: dict[str, tuple] = {  # data/processed/tables/comparison.csv (notebook 02)
    "table": ("string", "The printed table (a derived table's own cells: '(own cells)')", REQUIRED),
    "row": ("string", "'header', or the row's number from 1", REQUIRED),
    "column": ("integer", "The column's number from 1", {"required": True, "minimum": 1}),
    "printed": ("string", "The cell as transcribed from the print", {}),
    "rebuilt": ("string", "The cell as rebuilt from the registry", {}),
    "status": ("string", "same, different or missing", {"required": True, "enum": ["same", "different", "missing"]}),
}
DERIVED: dict[str, tuple] = {  # data/processed/tables/derived_checks.csv (notebook 02)
    "table": ("string", "The printed table", REQUIRED),
    "row": ("string", "The row (city)", REQUIRED),
    "column": ("string", "The derived column (Total Growth, % GDP Growth)", REQUIRED),
    "formula": ("string", "How the column is computed from the GDP columns", REQUIRED),
    "inputs": ("string", "The printed GDP cells used", REQUIRED),
    "computed": ("number", "The exact result (billion USD, or percent)", REQUIRED),
    "computed_at_printed_rounding": ("number", "The result at the printed cell's number of decimals", REQUIRED),
    "printed": ("string", "The printed cell", REQUIRED),
    "agrees": (
        "string",
        "Whether the printed cell is the computed one at its rounding",
        {"required": True, "enum": ["yes", "no"]},
    ),
}
SIX_CITIES: dict[str, tuple] = {  # data/processed/tables/six_cities.csv (notebook 02)
    "city": ("string", "The case-study city (data/raw/cases.csv)", REQUIRED),
    "doc_id": ("string", "The document of the city", "doc"),
    "measure": ("string", "population, GDP, GDP per capita, annualised growth ...", REQUIRED),
    "period": ("string", f"The period as stated, or '{NOT_STATED}'", REQUIRED),
    "value": ("string", f"The value as stated or computed, with its unit, or '{NOT_STATED}'", REQUIRED),
    "base_value": ("number", "The value in its base unit (people, USD, share, per year); empty where none", {}),
    "base_unit": ("string", "The base unit", {}),
    "origin": (
        "string",
        "Where the value comes from: stated in a table or the text, computed, not computable",
        REQUIRED,
    ),
    "figure_ids": (
        "string",
        "The figures the value is or is computed from",
        {"pattern": r"^$|^[A-Z]{2}-[0-9A-Z-]+(; [A-Z]{2}-[0-9A-Z-]+)*$"},
    ),
    "basis": ("string", "The boundary the document states for the figure (city proper, metropolitan area ...)", {}),
    "basis_quote": ("string", "The basis, quoted", {}),
    "formula": ("string", "For a computed value: its formula with the numbers used", {}),
    "note": ("string", "Curator's note", {}),
}
POLICY_CLAIMS: dict[str, tuple] = {  # data/processed/tables/policy_claims.csv (notebook 02)
    "claim_id": ("string", "Id of the claim", REQUIRED),
    "claim": ("string", "The claim, quoted from the thesis", REQUIRED),
    "reading": ("string", "How the claim is read against the matrix", REQUIRED),
    "coding": ("string", "The coding of the policy codes tested", REQUIRED),
    "coding_scores": ("string", "The scores of that coding", REQUIRED),
    "verdict": ("string", "holds or does not hold", {"required": True, "enum": ["holds", "does not hold"]}),
    "why": ("string", "The computation behind the verdict", REQUIRED),
}
