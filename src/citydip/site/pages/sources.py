"""The Sources appendix (sources.md): every registered figure, by document, at its stable anchor
``fig-<figure id>``, with its quote, line, audit verdict, its public-record check where it has one
(reference value, source, verdict), and each table and chart that uses it."""

from __future__ import annotations

from citydip.site.data import COMPARE_DIR, SiteData
from citydip.site.markup import anchor, figure_links, file_href, href, link, md, raw_anchor, stated
from citydip.site.pages.audit import findings_of
from citydip.site.pages.document import docname


def chart_uses(data: SiteData) -> dict[str, list[tuple[str, str, str]]]:
    """For each figure id: (kind, label, docname#anchor) of each table and chart that uses it."""
    uses: dict[str, list[tuple[str, str, str]]] = {}
    for table in data.tables:
        for i in dict.fromkeys(table.figure_ids):
            uses.setdefault(i, []).append(("table", table.title, f"tables#{anchor('table', table.stem)}"))
    for chart in data.charts:
        for i in dict.fromkeys(chart.figure_ids):
            uses.setdefault(i, []).append(("chart", chart.title, f"{chart.page}#{anchor('chart', chart.name)}"))
    for page in data.notebooks:  # the comparisons' tables (the other tables are on the tables page)
        if f"/{COMPARE_DIR}/" in page.docname:
            for table in page.tables:
                label, target = f"{page.nav_title}: {table.title}", f"{page.docname}#{anchor('table', table.key)}"
                for i in table.figure_ids:
                    uses.setdefault(i, []).append(("table", label, target))
    return uses


def related(data: SiteData) -> dict[str, dict[str, set[str]]]:
    """For each figure id: the other figures the audit set it against, by check (both ways)."""
    found: dict[str, dict[str, set[str]]] = {}
    rows = data.audit[(data.audit["check"] != "overall") & (data.audit["related_figure_ids"] != "")]
    for _, row in rows.iterrows():
        for other in row["related_figure_ids"].replace(";", " ").split():
            if other != row["figure_id"]:
                found.setdefault(row["figure_id"], {}).setdefault(row["check"], set()).add(other)
                found.setdefault(other, {}).setdefault(row["check"], set()).add(row["figure_id"])
    return found


def _use_link(from_doc: str, target: str, text: str) -> str:
    doc, _, frag = target.partition("#")
    return link(text, href(from_doc, doc, frag))


def page_sources(data: SiteData) -> str:
    doc = "sources"
    uses = chart_uses(data)
    overall = data.overall()
    finding_of = findings_of(data)
    public = data.public_record()
    linked = related(data)
    example = anchor("fig", data.figures["figure_id"].iloc[0]) if len(data.figures) else "fig-"
    lines = [
        "# Sources appendix",
        "",
        f"Every registered figure ({len(data.figures)}), by document, in the order of the registry "
        "(`data/processed/figures.csv`): its value as stated, its verbatim quote, the line of the document where "
        "the quote is, the audit's verdict, and each table and chart that uses it. Each entry's address is this "
        f"page's followed by `#fig-` and the figure id (for example `sources.html#{example}`).",
        "",
    ]
    for _, s in data.sources.iterrows():
        mine = data.figures[data.figures["doc_id"] == s["doc_id"]]
        lines += [
            f"## {md(data.doc_names[s['doc_id']])}: {md(s['title'])}",
            "",
            raw_anchor(anchor("doc", s["doc_id"]), "citydip-doc"),
            "</div>",
            "",
        ]
        text_page = href(doc, docname(s["doc_id"]))
        lines += [
            f"{len(mine)} figures. The text, every number marked: {link('the document page', text_page)} (as a "
            f"file: {link(s['file'], file_href(doc, 'documents/' + s['file']))}).",
            "",
        ]
        for _, f in mine.iterrows():
            fid = f["figure_id"]
            what = ", ".join(md(f[c]) for c in ("entity", "measure", "period") if f[c])
            lines += [
                raw_anchor(anchor("fig", fid), "citydip-figure"),
                "",
                f"**{md(fid)}** — {what}: **{md(stated(f))}** ({md(f['unit'] or 'no unit')}; {md(f['kind'])}; "
                + link(f"line {f['line']}", href(doc, docname(f["doc_id"]), anchor("fig", fid)))
                + (f"; {md(f['table'])}, column {md(f['column'])}" if f["table"] else "")
                + ")",
                "",
                f"> {md(f['quote'])}",
                "",
            ]
            notes = []
            if f["note"]:
                notes.append(f"Note: {md(f['note'])}")
            if fid in overall.index:
                verdict = overall.loc[fid]
                text = f"Audit: *{md(verdict['verdict'])}*"
                if verdict["explanation"]:
                    text += f" — {md(verdict['explanation'])}"
                found = finding_of.get(fid, [])
                if found:
                    text += (
                        " (see finding "
                        + ", ".join(link(i, href(doc, "audit", anchor("finding", i))) for i in found)
                        + ")"
                    )
                notes.append(text)
            if fid in linked:
                notes.append(
                    "Related by the audit: "
                    + "; ".join(
                        f"{md(check)}: {figure_links(doc, sorted(ids))}" for check, ids in sorted(linked[fid].items())
                    )
                )
            notes += [_public_note(row) for row in public.get(fid, [])]
            used = uses.get(fid, [])
            if used:
                notes.append(
                    "Used in: " + "; ".join(f"{kind} {_use_link(doc, target, label)}" for kind, label, target in used)
                )
            else:
                notes.append("Used in no table or chart.")
            lines += ["  \n".join(notes), "", "</div>", ""]
    return "\n".join(lines)


def _public_note(row) -> str:
    """A public-record row of the audit as a line of a Sources entry, named by its link (RL..): a figure
    checked on two bases has a row for each."""
    link_id = row["computation"].split(":", 1)[0]
    return f"Public record ({md(link_id)}): *{md(row['verdict'])}* — {md(row['explanation'])}"
