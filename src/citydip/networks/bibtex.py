"""The BibTeX exports: the works the documents cite (``data/processed/references.bib``) and the four
documents themselves (``data/processed/documents.bib``), written by hand.

What belongs here: how a work becomes a BibTeX entry (entry type, fields, the note on where it
is cited) and how a value is made safe in a BibTeX field (``latex_escape``).
"""

from __future__ import annotations

from citydip.core.sources import Document
from citydip.networks.authors import Author
from citydip.networks.citations import Citation
from citydip.networks.works import representative

_LATEX = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
    "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}  # fmt: skip


def latex_escape(text: str) -> str:
    """Text safe inside a BibTeX field: LaTeX's special characters escaped (UTF-8 letters kept)."""
    return "".join(_LATEX.get(ch, ch) for ch in text)


def _url_escape(url: str) -> str:
    """A URL for the url field (read verbatim by url.sty/biblatex): only braces and backslashes escaped."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


BIB_TYPES = {"article": "article", "book": "book", "chapter": "incollection", "web": "misc"}


def _bib_author(a: Author) -> str:
    if a.corporate or not a.initials:
        return "{" + latex_escape(a.surname) + "}"
    return f"{latex_escape(a.surname)}, {latex_escape(a.initials)}"


def bibtex(works: dict[str, list[Citation]], corpus: dict[str, str] | None = None) -> str:
    """One BibTeX entry per work, sorted by key; every value escaped; deterministic."""
    lines = [
        "% The works cited by the four documents, one entry per work (key = work_id of works.csv).",
        "% Written by citydip.bibliography from data/raw/documents; encoding UTF-8. Do not edit.",
        "",
    ]
    for work_id in sorted(works):
        cites = works[work_id]
        rep = representative(cites)
        entry_type = BIB_TYPES.get(rep.kind, "misc")
        fields: list[tuple[str, str]] = []
        if rep.authors:
            fields.append(("author", " and ".join(_bib_author(a) for a in rep.authors)))
        if rep.title:
            fields.append(("title", "{" + latex_escape(rep.title) + "}"))
        if rep.venue:
            venue_field = {"article": "journal", "chapter": "booktitle", "book": "publisher"}.get(
                rep.kind, "howpublished"
            )
            fields.append((venue_field, latex_escape(rep.venue)))
        if rep.year:
            fields.append(("year", rep.year))
        if rep.url:
            fields.append(("url", _url_escape(rep.url)))
        if rep.accessed:
            fields.append(("urldate", latex_escape(rep.accessed)))
        docs = list(dict.fromkeys(c.doc_id for c in cites))
        where = "; ".join(
            f"{d} ({', '.join(_place(c) for c in cites if c.doc_id == d)})" for d in docs
        )  # fmt: skip
        extra = {"interview": "Interview by the author", "data": "Data source named in a note", "in_text": ""}
        itself = f"Document {corpus[work_id]} of this compendium" if corpus and corpus.get(work_id) else ""
        note = "; ".join(x for x in (extra.get(rep.kind, ""), itself, f"Cited in: {where}") if x)
        fields.append(("note", latex_escape(note)))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        lines.append(f"@{entry_type}{{{work_id},\n{body}\n}}")
        lines.append("")
    return "\n".join(lines)


def _place(c: Citation) -> str:
    return f"note {c.note_number}" if c.note_number else f"line {c.line}"


def documents_bibtex(documents: dict[str, Document]) -> str:
    """One entry per document (key = doc_id), with only the facts its manifest row states (``@misc``:
    the kind of publication is not always stated); what is not stated is left out, never guessed."""
    lines = [
        "% The four documents of the compendium, as data/raw/sources.csv states them (only the facts each",
        "% document states itself). Written by citydip.bibliography; encoding UTF-8. Do not edit.",
        "",
    ]
    for doc_id, doc in documents.items():
        meta = doc.meta
        fields = [("author", " and ".join(latex_escape(a.strip()) for a in meta["authors"].split(";") if a.strip()))]
        fields += [("title", "{" + latex_escape(meta["title"]) + "}"), ("year", meta["year"])]
        fields += [("howpublished", latex_escape(meta["venue"])), ("doi", latex_escape(meta["doi"]))]
        fields += [("url", _url_escape(meta["url"])), ("note", latex_escape(f"Compendium document {doc_id}"))]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        lines += [f"@misc{{{doc_id},\n{body}\n}}", ""]
    return "\n".join(lines)
