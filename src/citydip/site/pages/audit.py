"""The audit page (audit.md): the verdicts per document, the register of findings, and every discrepancy."""

from __future__ import annotations

from collections import Counter

from citydip.audit.claims_view import claims, claims_grid, failing_claims
from citydip.audit.model import VERDICTS as VERDICT_ORDER
from citydip.site.data import SiteData
from citydip.site.markup import anchor, figure_link, figure_links, href, link, md, raw_anchor, split_ids, table_md


def page_audit(data: SiteData) -> str:
    doc = "audit"
    overall = data.overall().reset_index()
    lines = [
        "# Audit findings",
        "",
        "Every figure is checked where it can be: table arithmetic at the printed rounding, percentages against "
        "the survey's stated sample, values restated in the prose against the table (reading qualifiers such as "
        "*nearly* or *just over*), the same quantity in two documents, the comparisons the texts make, and "
        "units. Each figure gets one overall verdict, the worst of its checks. A discrepancy is a finding about "
        "the sources, not an error of the compendium: each is reviewed and registered in "
        "`data/raw/findings.csv`.",
        "",
    ]
    if any(p.docname == "notebooks/05_audit" for p in data.notebooks):
        lines += [
            f"Every check with its computation: {link('the audit notebook', href(doc, 'notebooks/05_audit'))}.",
            "",
        ]
    lines += [
        "## Verdicts per document",
        "",
        "One overall verdict per registered figure (`data/processed/audit.csv`).",
        "",
    ]
    rows = []
    for doc_id in data.sources["doc_id"]:
        mine = Counter(overall.loc[overall["doc_id"] == doc_id, "verdict"])
        rows.append([md(data.doc_names[doc_id]), *(md(mine.get(v, 0)) for v in VERDICT_ORDER), md(sum(mine.values()))])
    total = Counter(overall["verdict"])
    rows.append(["**all**", *(md(total.get(v, 0)) for v in VERDICT_ORDER), md(len(overall))])
    lines += [table_md(["document", *VERDICT_ORDER, "figures"], rows), ""]
    lines += claims_section(data, doc)

    lines += ["## The register of findings", "", "`data/raw/findings.csv`: each reviewed discrepancy, what it is.", ""]
    for _, f in data.findings.iterrows():
        lines += [
            raw_anchor(anchor("finding", f["finding_id"]), "citydip-finding"),
            "",
            f"**{md(f['finding_id'])}** ({md(f['status'])}; check: {md(f['check'])}). "
            f"Figures: {figure_links(doc, split_ids(f['figure_ids']))}.",
            "",
            md(f["explanation"]),
            "",
            "</div>",
            "",
        ]
    lines += [
        "## Every discrepancy",
        "",
        "Each check of a figure that does not agree, with the computation written out.",
        "",
    ]
    finding_of = findings_of(data)
    checks = data.audit[(data.audit["check"] != "overall") & (data.audit["verdict"] == "discrepancy")]
    for _, a in checks.iterrows():
        related = split_ids(a["related_figure_ids"])
        found = finding_of.get(a["figure_id"], [])
        lines += [
            f"- {figure_link(doc, a['figure_id'])} ({md(data.doc_names.get(a['doc_id'], a['doc_id']))}), "
            f"check *{md(a['check'])}*: {md(a['explanation'])}",
            f"  Computation: {md(a['computation'].rstrip('.'))}."
            + (f" Related figures: {figure_links(doc, related)}." if related else "")
            + (f" Finding: {', '.join(link(i, '#' + anchor('finding', i)) for i in found)}." if found else ""),
        ]
    lines.append("")
    return "\n".join(lines)


def findings_of(data: SiteData) -> dict[str, list[str]]:
    """For each figure id: the ids of the findings of the register that name it."""
    out: dict[str, list[str]] = {}
    for _, f in data.findings.iterrows():
        for i in split_ids(f["figure_ids"]):
            out.setdefault(i, []).append(f["finding_id"])
    return out


def claims_section(data: SiteData, doc: str) -> list[str]:
    """The claims the texts make about their numbers: per kind and document, how many and how many hold;
    then each claim that does not hold, as a seminar reads it."""
    table = claims(data.audit, data.relations)
    documents = list(data.sources["doc_id"])
    grid = claims_grid(table, documents)
    header = ["check", *(md(data.doc_names[d].split(" (")[0]) for d in documents), "all"]
    rows = [[md(check), *(md(cell) for cell in grid.loc[check])] for check in grid.index]
    lines = [
        "## The claims the texts make about their numbers",
        "",
        "A text can be wrong while every number in it is quoted correctly: a ranking its own figures contradict, "
        "a period word that does not fit the date, a quantifier the count does not bear out, a count followed by "
        "a list of another length, a share on another base, a definition applied to a case that does not meet it, "
        "a city's figure that is its country's. Each claim about a registered figure is a curated relation of "
        "`data/raw/audit_relations.csv`, with its verbatim quote, recomputed from the figures. Per check and "
        "document: how many claims, and how many hold, do not hold or cannot be checked (a claim that needs a "
        "figure no document states is recorded as not checkable, saying what is missing).",
        "",
        table_md(header, rows),
        "",
        "### The claims that do not hold",
        "",
    ]
    for _, r in failing_claims(table).iterrows():
        lines += [
            f"- **{md(r['relation'])}** ({md(data.doc_names.get(r['document'], r['document']))}; {md(r['check'])}), "
            f"figures {figure_links(doc, split_ids(r['figure_ids']))}.",
            f"  *What the text says:* “{md(r['what the text says'])}”.",
            f"  *What the numbers say:* {md(r['what the numbers say'].rstrip('.'))}. {md(r['explanation'])}",
            f"  *Why it matters:* {md(r['why it matters'])}",
        ]
    return [*lines, ""]
