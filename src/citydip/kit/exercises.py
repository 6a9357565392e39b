"""The seminar's exercises with solutions (sphinx-exercise; sphinx-togglebutton keeps each solution closed
until opened), generated from the data: recompute a growth rate from a printed table; decide whether a
survey percentage can come from the stated sample; say whether a claim about the policy matrix holds under
another coding of the policy codes; compare two cities' stated figures with the public record.

Each exercise gives only what the files give (values, quotes, figure ids linked to the site's Sources
appendix) and each solution is the compendium's own computation and verdict, as the audit or the tables
stage wrote it. Printed (``@media print``), the page leaves every solution out: the students' copy.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd

from citydip.audit.display import in_terms_of
from citydip.core.csvio import read_written
from citydip.kit.content import figure, plain
from citydip.site.data import SiteData
from citydip.site.markup import figure_links, md

DOC = "kit/exercises"
SOURCES = "site/sources"
PER_KIND = 2  # exercises of each kind
CSS = """@media print {
  .solution, .toggle-button, .headerbtn, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-header, .bd-footer {
    display: none !important;
  }
}
"""


def _ids(ids: list[str]) -> str:
    return figure_links(DOC, ids, sources=SOURCES)


def possessive(name: str) -> str:
    """'Guangzhou' -> "Guangzhou's", 'Buenos Aires' -> "Buenos Aires'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _block(label: str, title: str, question: list[str], answer: list[str]) -> list[str]:
    return [
        f":::{{exercise}} {title}", f":label: {label}", "", *question, ":::", "",
        f":::{{solution}} {label}", ":class: dropdown", "", *answer, ":::", "",
    ]  # fmt: skip


def growth(data: SiteData, derived: pd.DataFrame) -> list[str]:
    """Recompute a '% GDP Growth' cell of a printed table from the table's GDP cells."""
    lines = []
    rows = derived[derived["column"] == "% GDP Growth"].head(PER_KIND)
    for k, (_, r) in enumerate(rows.iterrows(), 1):
        six = data.six[(data.six["city"] == r["row"]) & (data.six["measure"] == "GDP")]
        ids = [i for x in six[six["origin"] == "stated in a table"]["figure_ids"] for i in x.split("; ")]
        question = [
            f"Ledna's {md(r['table'])} gives {md(possessive(r['row']))} GDP (billion USD) as {md(r['inputs'])} "
            f"({_ids(ids)}). Recompute the table's '% GDP Growth' and say whether the printed {md(r['printed'])} "
            "agrees at the table's rounding.",
            "",
        ]
        answer = [
            f"{md(r['formula'])}: {md(r['computed'])}, {md(r['computed_at_printed_rounding'])} at the printed "
            f"rounding; printed: {md(r['printed'])}. Agrees: **{md(r['agrees'])}** "
            "(the compendium's check of the printed tables).",
            "",
        ]
        lines += _block(f"ex-growth-{k}", f"Recompute a growth rate: {md(r['row'])}", question, answer)
    return lines


def in_context(data: SiteData, figure_id: str, words: int = 2) -> str:
    """The figure's value with ``words`` words of its quote either side: 'found that 69% of cities'."""
    row = data.figures.set_index("figure_id").loc[figure_id]
    at = int(row["value_offset"]) - int(row["char_offset"])
    before, after = row["quote"][:at].split(), row["quote"][at:].split()
    return plain(" ".join(before[-words:] + after[: words + 1]))


def opening(text: str, words: int = 6) -> str:
    """The first ``words`` words of ``text``, with '…' where it goes on."""
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _quoted(data: SiteData, ids: list[str]) -> list[str]:
    lines = []
    for i in ids:
        f = figure(data, i)
        lines += [f"> {md(f.quote)}", "", f"— {_ids([i])}, {md(f.document)}, line {f.line}", ""]
    return lines


def survey(data: SiteData) -> list[str]:
    """Can a stated percentage be a share of the stated sample? (the audit's 'percentage of total' check)"""
    rows = data.audit[(data.audit["check"] == "percentage of total") & (data.audit["verdict"] == "discrepancy")]
    lines = []
    for k, (_, r) in enumerate(rows.head(PER_KIND).iterrows(), 1):
        ids = [r["figure_id"], *[i for i in r["related_figure_ids"].split("; ") if i]]
        question = ["Can the percentage below be a share of the sample the document states? Say which whole "
                    "numbers of answers would give it.", "", *_quoted(data, ids)]  # fmt: skip
        answer = [f"*{md(r['verdict'])}*: {md(r['computation'])}", "", md(r["explanation"]), ""]
        title = f"A survey percentage and its sample: '{md(in_context(data, r['figure_id']))}'"
        lines += _block(f"ex-survey-{k}", title, question, answer)
    return lines


def coding(claims: pd.DataFrame) -> list[str]:
    """A claim about the policy matrix that holds under one coding of the codes and not under another."""
    lines = []
    k = 0
    for claim_id, rows in claims.groupby("claim_id", sort=False):
        holds, fails = rows[rows["verdict"] == "holds"], rows[rows["verdict"] != "holds"]
        if holds.empty or fails.empty or k >= PER_KIND:
            continue
        k += 1
        a, b = holds.iloc[0], fails.iloc[0]
        question = [
            "Ledna claims:", "", f"> {md(a['claim'])}", "",
            f"Read as: {md(a['reading'])}. Under the coding '{md(a['coding'])}' ({md(a['coding_scores'])}) it "
            f"holds ({md(a['why'])}). Does it hold under the coding '{md(b['coding'])}' ({md(b['coding_scores'])})?",
            "",
        ]  # fmt: skip
        answer = [
            f"*{md(b['verdict'])}*: {md(b['why'])} (the compendium's check of the claim {md(claim_id)}).",
            "",
        ]
        lines += _block(
            f"ex-coding-{k}", f"A claim under another coding: '{md(opening(a['claim']))}'", question, answer
        )
    return lines


def reference_lines(data: SiteData, refs: pd.DataFrame, figure_id: str) -> str:
    """The public record the audit set beside a figure, in the figure's terms, for each year it tried:
    '4.1 million people (2015), … ; population of the urban agglomeration (WUP 2018 File 12, 2015)'."""
    mine = refs[refs["figure_id"] == figure_id]
    if mine.empty:
        return ""
    row = dict(data.figures.set_index("figure_id").loc[figure_id]) | {"figure_id": figure_id}
    values = [
        f"{in_terms_of(row, Decimal(v), 2)} ({y})" for v, y in zip(mine["reference_value"], mine["year"], strict=True)
    ]
    rest = (
        " (the other years interpolated by the compendium)"
        if mine["formula"].str.contains("interpolated").any()
        else ""
    )
    return f"{'; '.join(values)}; source: {mine.iloc[0]['formula']}{rest}"


def public_record(data: SiteData, refs: pd.DataFrame) -> list[str]:
    """Two cities' stated figures beside the public record (the audit's 'public record' check); the
    reference values are in the question, as the audit's reference_values gives them."""
    rows = data.audit[data.audit["check"] == "public record"]
    entity = data.figures.set_index("figure_id")["entity"]
    picked = []
    for city in data.cases["city"]:
        mine = rows[(rows["figure_id"].map(entity) == city) & rows["figure_id"].isin(refs["figure_id"])]
        if not mine.empty:
            picked.append((city, mine.iloc[0]))
        if len(picked) == 2:
            break
    if len(picked) < 2:
        return []
    ids = [r["figure_id"] for _, r in picked]
    question = [
        f"Compare the figures stated for {md(picked[0][0])} and {md(picked[1][0])} with the public record below: "
        "which agrees, within which tolerance, and why might a boundary matter?",
        "",
        *_quoted(data, ids),
        "The public record (the years the compendium tries where the document states none):",
        "",
        *[
            f"- {md(city)} ({_ids([r['figure_id']])}): {md(reference_lines(data, refs, r['figure_id']))}"
            for city, r in picked
        ],
        "",
    ]
    answer = []
    for city, r in picked:
        answer += [f"**{md(city)}** ({_ids([r['figure_id']])}): *{md(r['verdict'])}*. {md(r['computation'])}", ""]
    return _block("ex-public-1", "Two cities and the public record", question, answer)


def page(data: SiteData, root: Path) -> str:
    """The exercises page (MyST with sphinx-exercise directives)."""
    derived = read_written(root / "data" / "processed" / "tables" / "derived_checks.csv")
    claims = read_written(root / "data" / "processed" / "tables" / "policy_claims.csv")
    refs = read_written(root / "data" / "processed" / "reference_values.csv")
    lines = [
        "# Seminar exercises",
        "",
        "Exercises generated from the compendium's data. Each solution stays closed until you open it; printed, "
        "the page leaves the solutions out (the students' copy). Every figure id links to its entry in the "
        "site's Sources appendix.",
        "",
        "## Growth rates from a printed table",
        "",
        *growth(data, derived),
        "## Survey percentages and their sample",
        "",
        *survey(data),
        "## Claims under another coding of the policy codes",
        "",
        *coding(claims),
        "## Stated figures and the public record",
        "",
        *public_record(data, refs),
    ]
    return "\n".join(lines)
