"""The tables notebook 06 writes into ``data/processed/``: their names and columns, and the forms of
a citation. Data only (the file names come from ``citydip.stages``): the data package's schemas
(``citydip.package.schemas``) read these without depending on the code that fills the tables.

What belongs here: a new column of a processed relations or bibliography table (its description
goes into ``citydip.package.specs``), or a new form of citation.
"""

from __future__ import annotations

from citydip.stages import BIBLIOGRAPHY_OUTPUTS as BIBLIOGRAPHY_OUTPUTS
from citydip.stages import RELATIONS_OUTPUTS as RELATIONS_OUTPUTS

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

FORMS = {
    "list_entry": "an entry of the document's reference list",
    "note_full": "a footnote giving the full reference",
    "note_short": "a short footnote (surname, short title) resolved to an earlier full note",
    "see": "a 'See ...' footnote, resolved to an earlier note where one matches",
    "ibid": "Ibid.: resolved to the citation just before it",
    "interview": "a footnote citing an interview by the author",
    "data_note": "a footnote naming a data source",
    "in_text": "an author-year citation in the running text (the document has no list or notes)",
}
REFERENCE_FIELDS = (
    "ref_id", "doc_id", "form", "note_number", "line", "char_offset", "authors", "year", "title", "venue",
    "accessed", "url", "work_id", "resolves_to", "raw", "note",
)  # fmt: skip
WORK_FIELDS = (
    "work_id", "kind", "authors", "year", "title", "venue", "documents", "n_documents", "n_citations",
    "corpus_doc", "ref_ids",
)  # fmt: skip
