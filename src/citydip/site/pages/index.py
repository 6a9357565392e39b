"""The overview (index.md): what the compendium is, the documents, how to rerun it and verify a figure,
and the site's navigation (the toctrees of every other page)."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from citydip.core.sources import NOT_STATED
from citydip.site.data import SiteData
from citydip.site.markup import ID_PATTERN, anchor, figure_link, file_href, href, link, md, table_md, with_unit

DOC = "index"


def page_index(data: SiteData) -> str:
    doc = DOC
    lines = [
        "# City diplomacy: a reproducible research compendium",
        "",
        "Four documents on city diplomacy are full of figures: city populations and GDP, growth rates, survey "
        "percentages, network membership counts, policy-area matrices, founding dates. The compendium registers "
        f"every one of those figures ({len(data.figures)} in all) with its verbatim source quote, checks each "
        "against its document, rebuilds the documents' tables and charts from those figures and compares them "
        f"with the print, sets any two of the {len(data.cases)} case-study cities side by side, and audits every "
        "figure.",
        "",
        "This site is built from the compendium's files as they are: the executed notebooks are shown with their "
        "stored outputs (never re-executed), and every other page is generated from the processed data. "
        f"Each figure has an entry in the {link('Sources appendix', href(doc, 'sources'))}; every figure id "
        "in a chart or table caption links to it.",
        "",
    ]
    lines += _documents(data)
    lines += _citing(data)
    lines += _how_to()
    lines += _example(data)
    lines += _kit()
    lines += _toctrees(data)
    return "\n".join(line for line in lines if line is not None)


def _documents(data: SiteData) -> list[str]:
    """The documents' bibliographic facts as a table, then their notes."""
    doc = DOC
    counts = Counter(data.figures["doc_id"])
    lines = [
        "## The four documents" if len(data.sources) == 4 else "## The documents",
        "",
        f"Bibliographic facts as the documents state them; what they do not state is shown as *{md(NOT_STATED)}*.",
        "",
    ]
    rows = []
    for _, s in data.sources.iterrows():
        facts = [
            md(s["authors"].replace(";", ",").strip(" ,") or NOT_STATED),
            f"*{md(s['title'])}*",
            md(s["year"] or NOT_STATED),
            md(s["venue"] or NOT_STATED),
            md(s["doi"] or NOT_STATED),
            md(s["url"] or NOT_STATED),
            link(counts.get(s["doc_id"], 0), href(doc, "sources", anchor("doc", s["doc_id"]))),
            link(s["file"], file_href(doc, f"documents/{s['file']}")),
        ]
        rows.append([f"`{s['doc_id']}`" if ID_PATTERN.fullmatch(s["doc_id"]) else md(s["doc_id"]), *facts])
    header = ["doc_id", "authors", "title", "year", "venue", "DOI", "URL", "figures", "text"]
    lines += [table_md(header, rows), ""]
    for _, s in data.sources.iterrows():
        if s["note"]:
            lines += [f"- {md(data.doc_names[s['doc_id']])}: {md(s['note'])}"]
    return lines


def _kit() -> list[str]:
    """The seminar kit (reports/kit, made by `make` beside the site): decks, handouts, exercises."""
    return [
        "",
        "## Seminar kit",
        "",
        f"Made by `make` from the same files as this site, beside it in `reports/kit/`: "
        f"{link('the kit', '../kit/index.html')} has reveal.js decks (one per case-study city, one per "
        f"comparison, {link('one on the audit', '../kit/slides/audit.html')}), printable A4 handouts (one per "
        f"city and {link('one for the whole seminar', '../kit/handouts/seminar.pdf')}), and "
        f"{link('exercises with solutions', '../kit/exercises.html')}. Their figure ids link back to the "
        f"{link('Sources appendix', href(DOC, 'sources'))}.",
        "",
    ]


def _how_to() -> list[str]:
    """How to rerun everything, and how to verify a figure by hand."""
    return [
        "",
        "## How to rerun everything",
        "",
        "From the project root (Python 3.11 or newer and GNU make 4.3 or newer):",
        "",
        "```text",
        "make          # set up .venv from the pinned lock if needed, then run the whole chain",
        "make test     # run every test: lint, the audit, unit and data tests, notebook regression",
        "              # and this site in a headless Chromium",
        "make audit    # print the audit of every figure; fails on a discrepancy not in the register",
        "make book     # rebuild this site",
        "```",
        "",
        "`make book` runs `python -m citydip.site`, which builds this site from the committed executed notebooks "
        "and the processed data: nothing is executed and nothing is fetched from the network.",
        "",
        "## How to verify a figure",
        "",
        "Every registered figure names its document and a verbatim quote. Ingest refuses to run unless the "
        "document's SHA-256 matches the manifest, the quote occurs in the document (exactly once, or the row "
        "says which occurrence), and the value is one of the numbers of the quote. To check a figure by hand, "
        "find it in the Sources appendix (or in `data/processed/figures.csv`), open the document at the line "
        "given: the quote is there, and the value in it.",
        "",
    ]


def _example(data: SiteData) -> list[str]:
    """The worked example of verification: a figure, its document's line, and its quote."""
    doc = DOC
    example = _example_figure(data)
    if example is None:
        return []
    text_file = data.sources.set_index("doc_id").loc[example["doc_id"], "file"]
    return [
        f"For example, {figure_link(doc, example['figure_id'])} ({md(example['entity'])}, "
        f"{md(example['measure'])}): {md(with_unit(example))}, in "
        f"{link(text_file, file_href(doc, 'documents/' + text_file))} at line {md(example['line'])}:",
        "",
        f"> {md(example['quote'])}",
        "",
    ]


def _example_figure(data: SiteData) -> pd.Series | None:
    """The first figure of the case-study table, as the worked example of verification."""
    ids = [i for t in data.tables if t.stem == "six_cities" for i in t.figure_ids]
    if not ids:
        return None
    return data.figures.set_index("figure_id", drop=False).loc[ids[0]]


def _citing(data: SiteData) -> list[str]:
    """How to cite the compendium (CITATION.cff) and each document (the facts it states, nothing more)."""
    lines = [
        "## How to cite",
        "",
        "The compendium: *City diplomacy: a reproducible research compendium*, version "
        f"{md(data.version)} (`CITATION.cff`; code under MIT, data and reports under CC BY 4.0). Each "
        "document, as its own work, with the facts it states (what it does not state is left out; BibTeX: "
        f"{link('documents.bib', file_href(DOC, 'data/processed/documents.bib'))}, beside "
        f"{link('references.bib', file_href(DOC, 'data/processed/references.bib'))} of the works they cite):",
        "",
    ]
    for _, s in data.sources.iterrows():
        parts = [s["authors"].replace(";", ",") or None, f"({s['year']})" if s["year"] else None, f"*{md(s['title'])}*"]
        parts += [md(s["venue"]) if s["venue"] else None, md(f"doi:{s['doi']}") if s["doi"] else None]
        lines.append(f"- {' '.join(md(p) if i == 0 else p for i, p in enumerate(parts) if p)}.")
    return [*lines, ""]


def _toctree(caption: str, entries: list[str]) -> str:
    if not entries:
        return ""
    return "\n".join(["```{toctree}", f":caption: {caption}", ":maxdepth: 1", "", *entries, "```", ""])


def _toctrees(data: SiteData) -> list[str]:
    """The site's navigation: every other page, by section."""
    return [
        _toctree("Seminar", ["Seminar guide: the case-study cities <guide>"]),
        _toctree("Notebooks", [f"{p.nav_title} <{p.docname}>" for p in data.notebooks if "/compare/" not in p.docname]),
        _toctree("Comparisons", [f"{p.nav_title} <{p.docname}>" for p in data.notebooks if "/compare/" in p.docname]),
        _toctree("Charts and tables", [f"Charts: {g.title} <{g.page}>" for g in data.groups] + ["Tables <tables>"]),
        _toctree("Audit and sources", ["Audit findings <audit>", "Sources appendix <sources>"]),
        _toctree("The documents", [f"{data.doc_names[d]} <texts/{d}>" for d in data.texts]),
    ]
