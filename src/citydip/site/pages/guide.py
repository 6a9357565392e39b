"""The seminar guide (guide.md): one section per case-study city (its document, key figures, claims,
audit verdicts, findings, comparisons drawn from its figures, charts), and the downloads.

Which findings and comparisons concern a city is decided here (``concerns``).
"""

from __future__ import annotations

import pandas as pd

from citydip.core.sources import NOT_STATED
from citydip.site.data import NotebookPage, SiteData, slug
from citydip.site.markup import (
    anchor,
    figure_link,
    figure_links,
    file_href,
    href,
    link,
    md,
    raw_anchor,
    split_ids,
    table_md,
    with_unit,
)
from citydip.site.pages.charts import NO_STATIC
from citydip.tables.cases import basis_summary

DOC = "guide"


def page_guide(data: SiteData) -> str:
    doc = DOC
    lines = [
        "# Seminar guide: the case-study cities",
        "",
        f"For each of the {len(data.cases)} case-study cities: the document that studies it, its key figures "
        "(`data/processed/tables/six_cities.csv`: stated values, and values computed from them with their "
        "formula), the claims the document makes about it, quoted verbatim (`data/raw/case_points.csv`), the "
        "audit's verdict on each of its figures, every finding of the audit's register about its figures "
        "(`data/raw/findings.csv`), and the comparisons and restatements the document draws from them, quoted "
        "(`data/raw/audit_relations.csv`). A finding or a comparison concerns a city if one of its figures is "
        "about the city, or if the figure it is about stands in the city's chapter of its document (from the "
        "heading that is the city's name in capitals to the next heading). Every figure id links to its entry "
        "in the "
        f"{link('Sources appendix', href(doc, 'sources'))}. Downloads of the data and of the charts are at the "
        f"{link('end of this page', '#downloads')}.",
        "",
    ]
    pair_pages = [p for p in data.notebooks if "/compare/" in p.docname]
    for _, case in data.cases.iterrows():
        lines += _city(data, case, pair_pages)
    lines += _downloads(data)
    return "\n".join(lines)


def concerns(data: SiteData, city: str, ids: list[str]) -> bool:
    """Whether a finding or a relation with figures ``ids`` (the first is the one it is about, the others
    related) concerns a case-study city: one of its figures is about the city (its entity is the city,
    or one of its bodies, as in 'Cape Town Air Access Strategy'), or its first figure stands in the
    city's chapter (``data.chapters``), as the Jamaica comparison and the survey's 69 % stand in Ledna's
    chapter on Buenos Aires. A related figure of another chapter (the survey's sample size, stated for
    Buenos Aires and used for Guangzhou's 88 %) does not bring a finding into that chapter."""
    figures = data.figures.set_index("figure_id")
    about = [i for i in ids if figures.loc[i, "entity"] == city or figures.loc[i, "entity"].startswith(city + " ")]
    chapter = data.chapters.get(city)
    if about or chapter is None or not ids:
        return bool(about)
    first = figures.loc[ids[0]]
    return first["doc_id"] == chapter.doc_id and chapter.first <= int(first["line"]) <= chapter.last


def _city(data: SiteData, case: pd.Series, pair_pages: list[NotebookPage]) -> list[str]:
    """The section of one case-study city."""
    city = case["city"]
    lines = [f"## {md(city)}", "", raw_anchor(anchor("city", slug(city)), "citydip-city"), "</div>", ""]
    lines += _facts(data, case)
    mine = data.six[data.six["city"] == city]
    lines += _key_figures(mine)
    lines += _claims(data, city)
    ids = [i for r in mine["figure_ids"] for i in split_ids(r)]
    ids += list(data.figures.loc[data.figures["entity"] == city, "figure_id"])
    ids = list(dict.fromkeys(ids))
    lines += _verdicts(data, ids)
    lines += _public_record(data, ids)
    lines += _findings(data, city)
    lines += _relations(data, city)
    lines += _charts(data, city, ids, pair_pages)
    return lines


def _facts(data: SiteData, case: pd.Series) -> list[str]:
    """The city's document, group, data source and basis, in one paragraph; its note."""
    city = case["city"]
    facts = [f"Document: {md(data.doc_names.get(case['doc_id'], case['doc_id']))}"]
    for label, value, quote in (
        ("group", case["group"], case["group_quote"]),
        ("data source", "", case["data_source_quote"]),
    ):
        if value and quote:
            facts.append(f"{label}: {md(value)} (“{md(quote)}”)")
        elif value or quote:
            facts.append(f"{label}: {md(value)}" if value else f"{label}: “{md(quote)}”")
        else:
            facts.append(f"{label}: *{md(NOT_STATED)}*")
    facts.append(f"basis as stated: {md(basis_summary(data.six, city))} (per figure in the table below)")
    lines = ["; ".join(facts) + ".", ""]
    if case["note"]:
        lines += [f"*{md(case['note'])}*", ""]
    return lines


def _key_figures(mine: pd.DataFrame) -> list[str]:
    """The city's rows of the six-city table."""
    doc = DOC
    lines = ["### Key figures", ""]
    rows = [
        [
            md(r["measure"]),
            md(r["period"]),
            md(r["value"]),
            md(r["origin"]),
            md(r["basis"]),
            figure_links(doc, split_ids(r["figure_ids"])),
            md("; ".join(x for x in (r["formula"], r["note"]) if x)),
        ]
        for _, r in mine.iterrows()
    ]
    lines += [
        table_md(["measure", "period", "value", "origin", "basis", "figures", "formula or note"], rows)
        if rows
        else f"*{md(NOT_STATED)}*",
        "",
    ]
    return lines


def _claims(data: SiteData, city: str) -> list[str]:
    """The strategic points registered for the city, quoted."""
    lines = ["### What the documents claim", ""]
    claims = data.points[data.points["city"] == city]
    if claims.empty:
        lines += ["*No strategic point is registered for this city.*", ""]
    for _, p in claims.iterrows():
        head = f"**{md(p['topic'])}** ({md(p['point_id'])}, {md(data.doc_names.get(p['doc_id'], p['doc_id']))})"
        lines += [f"{head}" + (f" — {md(p['note'])}" if p["note"] else ""), "", f"> {md(p['quote'])}", ""]
    return lines


def _verdicts(data: SiteData, ids: list[str]) -> list[str]:
    """The overall audit verdict of each of the city's figures ``ids``."""
    doc = DOC
    figures = data.figures.set_index("figure_id", drop=False)
    overall = data.overall()
    lines = ["### Audit verdicts of its figures", ""]
    rows = []
    for i in ids:
        f = figures.loc[i]
        verdict = overall.loc[i] if i in overall.index else None
        rows.append(
            [
                figure_link(doc, i),
                md(f["measure"]),
                md(f["period"]),
                md(with_unit(f)),
                f"*{md(verdict['verdict'])}*" if verdict is not None else "",
                md(verdict["explanation"]) if verdict is not None else "",
            ]
        )
    lines += [table_md(["figure", "measure", "period", "as stated", "verdict", "why"], rows) if rows else "", ""]
    return lines


def _public_record(data: SiteData, ids: list[str]) -> list[str]:
    """The city's figures that published statistics can check: the reference value, its source, the verdict."""
    public = data.public_record()
    figures = data.figures.set_index("figure_id", drop=False)
    rows = [
        [figure_link(DOC, i), md(with_unit(figures.loc[i])), f"*{md(r['verdict'])}*", md(r["explanation"])]
        for i in ids
        for r in public.get(i, [])
    ]
    if not rows:
        return []
    lines = ["### Against the public record", ""]
    lines += [
        "Reference values are computed from published statistics (`data/raw/reference/`), never what a "
        "document says; a boundary the document does not state is part of the comparison's tolerance.",
        "",
        table_md(["figure", "as stated", "verdict", "the reference value, its source and why"], rows),
        "",
    ]
    return lines


def _findings(data: SiteData, city: str) -> list[str]:
    """Each finding of the register that concerns the city (``concerns``)."""
    doc = DOC
    chapter = data.chapters.get(city)
    lines = ["### Audit findings about its figures", ""]
    scope = f"of {md(city)}"
    if chapter is not None:
        text_file = data.sources.set_index("doc_id").loc[chapter.doc_id, "file"]
        scope += (
            f" or of its chapter ({link(text_file, file_href(doc, 'documents/' + text_file))}, "
            f"lines {chapter.first}–{chapter.last})"
        )
    found = [f for _, f in data.findings.iterrows() if concerns(data, city, split_ids(f["figure_ids"]))]
    if found:
        lines += [
            f"Each finding of the register about a figure {scope}, or that relates one of its figures; the "
            f"{link('audit page', href(doc, 'audit'))} has them all.",
            "",
        ]
    else:
        lines += [f"*No finding of the register concerns a figure {scope}.*", ""]
    for f in found:
        lines.append(
            f"- {link(f['finding_id'], href(doc, 'audit', anchor('finding', f['finding_id'])))} "
            f"({md(f['status'])}; check: {md(f['check'])}): {md(f['explanation'])} "
            f"Figures: {figure_links(doc, split_ids(f['figure_ids']))}."
        )
    lines.append("")
    return lines


def _relations(data: SiteData, city: str) -> list[str]:
    """The comparisons and restatements of data/raw/audit_relations.csv that concern the city, quoted."""
    doc = DOC
    lines = []
    claims = [r for _, r in data.relations.iterrows() if concerns(data, city, split_ids(r["figure_ids"]))]
    if claims:
        lines += [
            "### Comparisons and restatements drawn from its figures",
            "",
            "The statements about several figures that the audit recomputes, quoted; each figure's verdict is "
            "in its appendix entry.",
            "",
        ]
    for r in claims:
        lines += [
            f"**{md(r['relation_id'])}** ({md(r['kind'].replace('_', ' '))}; figures: "
            f"{figure_links(doc, split_ids(r['figure_ids']))}) — {md(r['explanation'])}",
            "",
            f"> {md(r['quote'])}",
            "",
        ]
    return lines


def _charts(data: SiteData, city: str, ids: list[str], pair_pages: list[NotebookPage]) -> list[str]:
    """The charts that show one of the city's figures ``ids``, and the comparisons of the city."""
    doc = DOC
    lines = []
    charts = [c for c in data.charts if set(c.figure_ids) & set(ids)]
    pairs = [p for p in pair_pages if slug(city) in p.docname.rsplit("/", 1)[-1].split("__")]
    if charts or pairs:
        lines += ["### Charts and comparisons", ""]
    for c in charts:
        files = [link(p.suffix[1:].upper(), file_href(doc, f"figures/{p.name}")) for p in (c.png, c.svg) if p]
        lines += [
            f"- {link(c.title, href(doc, c.page, anchor('chart', c.name)))}"
            + (f" ({', '.join(files)})" if files else "")
        ]
    for p in pairs:
        lines += [f"- Comparison: {link(p.nav_title, href(doc, p.docname))}"]
    lines.append("")
    return lines


def _downloads(data: SiteData) -> list[str]:
    """The data and the chart files to download, at the end of the page."""
    doc = DOC
    lines = [
        "## Downloads",
        "",
        raw_anchor("downloads", "citydip-downloads"),
        "</div>",
        "",
        "### Data",
        "",
        "The compendium's inputs and processed tables (CSV, UTF-8), the BibTeX export, and the four document "
        "texts (open one at a figure's line to verify it).",
        "",
    ]
    for target in sorted(t for t in data.downloads if not t.startswith("figures/")):
        lines.append(f"- {link(target, file_href(doc, target))}")
    lines += ["", "### Charts (PNG and SVG)", ""]
    static = [c for c in data.charts if c.png or c.svg]
    if not static:
        lines += [NO_STATIC.replace("this chart", "any chart"), ""]
    for c in static:
        files = [link(p.name, file_href(doc, f"figures/{p.name}")) for p in (c.png, c.svg) if p]
        lines.append(f"- {md(c.title)}: {', '.join(files)}")
    missing = [c for c in data.charts if not (c.png and c.svg)]
    if static and missing:
        lines += ["", f"*{len(missing)} chart(s) had no PNG or SVG copy when the site was built.*"]
    lines.append("")
    return lines
