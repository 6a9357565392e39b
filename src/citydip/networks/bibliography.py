"""The works the four documents cite, parsed from their reference lists and notes, matched across documents.

Where a document has a reference list (``references_heading`` in ``data/raw/sources.csv``:
Beukman's *Works Cited*, Clausen's *References*), each entry of the list is one citation;
where it has none, each footnote is one (Ledna); where it has neither, each author-year
citation in the text is one (Acuto et al.'s surviving first page). Three styles occur:

- Beukman's list, Chicago bibliography style: ``Surname, Given & Surname, Given. "Title."
  *Journal*, 8, no. 1 (2011):21-36.`` or ``Author. *Title*. Place: Publisher. (2017).``;
- Clausen's list, APA style: ``Surname, I., & Surname, I. (2016). Title. *Journal*, 29(2),
  134–160.``, with entries broken over lines (a continuation line may even begin with the
  list's bullet, and the list ends at the authors' e-mail addresses);
- Ledna's footnotes, Chicago notes: full notes (``Given Surname, *Title* (Place: Publisher,
  2016), 4-5.`` or ``Given Surname, “Title,” *Journal* 29, no. 2 (March 2016): 134-136.``),
  short notes (``Surname, *Short title*, 238.``), ``Ibid.``, ``See *Title*.``, interviews and
  notes on data sources.

Each citation becomes a record: authors (surnames and initials; an organisation as named),
year, title, venue, the exact text of the entry and its line. Short notes and ``See`` notes are
resolved to the earlier full note they abbreviate (same surname, and the short title a prefix of
the full title; among several, the most recently cited). ``Ibid.`` is resolved to the citation
just before it; an Ibid. that follows nothing resolvable would be dropped and counted (in the
four documents none is). Citations of the same work — in one document or several — are then
matched into one work id: same first-author surname (particles, accents and case aside), same
year, and titles sharing at least 80% of their significant words; where neither states a
year, only identical titles match, and a citation without a title (author-year) matches nothing.
(No 'op. cit.' occurs in the documents; Beukman's Ibid. notes are in footnotes that repeat its
Works Cited list, which is what is parsed for Beukman.)

``run`` writes ``data/processed/references.csv`` (one row per citation, with its work id),
``works.csv`` (one row per work, with the documents citing it) and ``references.bib`` (a
hand-written BibTeX export, one entry per work).

The steps live in their own modules: ``authors`` (names), ``citations`` (finding and parsing
the citations of one document), ``works`` (resolving notes, matching works), ``bibtex`` (the
BibTeX export). This module runs them (``build``), and holds the outputs' columns and what
``run`` writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from citydip.core import paths
from citydip.core.csvio import to_csv_text, write_if_changed
from citydip.core.sources import Document, load_documents
from citydip.networks.authors import Author
from citydip.networks.bibtex import bibtex, documents_bibtex
from citydip.networks.citations import Citation, citations_of
from citydip.networks.columns import FORMS, REFERENCE_FIELDS, WORK_FIELDS
from citydip.networks.works import Resolution, corpus_document, match_works, representative, resolve_notes


@dataclass
class Bibliography:
    citations: list[Citation]
    works: pd.DataFrame
    references: pd.DataFrame
    bibtex: str
    resolution: dict[str, Resolution]
    work_citations: dict[str, list[Citation]]
    documents_bib: str = ""  # the four documents themselves (documents.bib)

    def cited_by(self, minimum: int) -> pd.DataFrame:
        """Works cited by at least ``minimum`` documents."""
        return self.works[self.works["n_documents"] >= minimum]


# --- outputs ------------------------------------------------------------------------------------------


def _authors_cell(authors: list[Author]) -> str:
    return "; ".join(a.display for a in authors)


def _reference_row(c: Citation) -> list:
    return [
        c.ref_id, c.doc_id, c.form, c.note_number, c.line, c.char_offset, _authors_cell(c.authors), c.year,
        c.title, c.venue, c.accessed, c.url, c.work_id, c.resolves_to, c.raw, c.note,
    ]  # fmt: skip


def _work_row(work_id: str, cites: list[Citation], docs: list[str], corpus_doc: str) -> list:
    rep = representative(cites)
    return [
        work_id, rep.kind, _authors_cell(rep.authors), rep.year, rep.title, rep.venue, " ".join(docs),
        len(docs), len(cites), corpus_doc, " ".join(c.ref_id for c in cites),
    ]  # fmt: skip


def build(documents: dict[str, Document]) -> Bibliography:
    """Parse, resolve and match the citations of every document."""
    citations, resolution = [], {}
    for doc in documents.values():
        mine = citations_of(doc)
        resolution[doc.doc_id] = resolve_notes(mine)
        citations.extend(mine)
    works = match_works(citations, documents)
    order = {d: n for n, d in enumerate(documents)}
    reference_rows = [_reference_row(c) for c in citations]
    work_rows = []
    for work_id in sorted(works):
        cites = sorted(works[work_id], key=lambda c: (order[c.doc_id], c.char_offset))
        docs = sorted({c.doc_id for c in cites}, key=order.__getitem__)
        work_rows.append(_work_row(work_id, cites, docs, corpus_document(cites, documents)))
    works_frame = pd.DataFrame(work_rows, columns=list(WORK_FIELDS))
    corpus = dict(zip(works_frame["work_id"], works_frame["corpus_doc"], strict=True))
    bib = bibtex({w: sorted(c, key=lambda c: (order[c.doc_id], c.char_offset)) for w, c in works.items()}, corpus)
    return Bibliography(
        citations=citations,
        works=works_frame,
        references=pd.DataFrame(reference_rows, columns=list(REFERENCE_FIELDS)),
        bibtex=bib,
        resolution=resolution,
        work_citations=works,
        documents_bib=documents_bibtex(documents),
    )


def tables(bib: Bibliography) -> dict[str, str]:
    """The text of each output, as ``run`` writes it."""
    return {
        "references.csv": to_csv_text(REFERENCE_FIELDS, bib.references.itertuples(index=False, name=None)),
        "works.csv": to_csv_text(WORK_FIELDS, bib.works.itertuples(index=False, name=None)),
        "references.bib": bib.bibtex,
        "documents.bib": bib.documents_bib,
    }


def summary(bib: Bibliography) -> pd.DataFrame:
    """Per document: citations by form, works, and what became of Ibid. and short notes."""
    rows = []
    for doc_id, res in bib.resolution.items():
        mine = [c for c in bib.citations if c.doc_id == doc_id]
        rows.append(
            {
                "doc_id": doc_id,
                "citations": len(mine),
                **{form: sum(c.form == form for c in mine) for form in FORMS},
                "works": len({c.work_id for c in mine if c.work_id}),
                "ibid resolved": res.ibid_resolved,
                "ibid dropped": res.ibid_dropped,
                "short/see resolved": res.short_resolved,
                "short unresolved": len(res.short_unresolved),
            }
        )
    return pd.DataFrame(rows).set_index("doc_id")


def run(raw_dir: str | Path = "data/raw", processed_dir: str | Path = "data/processed") -> Bibliography:
    """Parse the citations of the documents listed under ``raw_dir``; write the outputs (``tables``)."""
    bib = build(load_documents(paths.resolve(raw_dir)))
    out = paths.output(processed_dir)
    for name, text in tables(bib).items():
        write_if_changed(out / name, text)
    return bib
