"""A page per document (``texts/<doc_id>.md``): its text as received, every number in its place.

The text is escaped, never executed, one element per line of the document (the line numbers of
``figures.csv``: blank lines count) with a visible number and an anchor (``#L595``). Every number the
scanner finds (``data/processed/coverage.csv``) is marked: a registered figure links to its Sources
entry (hover: id, measure, value in base units, audit verdict), a number that is not a figure shows
why (the rule, or the exclusion of ``exclusions.csv`` and its reason). Arriving at ``#fig-<id>``
scrolls to the figure's value; the page's script (``site/_static/citydip.js``) then
highlights the figure's whole quote, from the offsets in the page's JSON.
"""

from __future__ import annotations

import html
import re

import pandas as pd

from citydip.ingest.rules import RULES
from citydip.site.data import SiteData
from citydip.site.markup import anchor, attr, href, md, script_json

FENCE = "``````"  # the raw block's fence: longer than any run of backticks a document could hold
RULE_WHY = {rule.name: rule.description for rule in RULES}
_ANCHOR = re.compile(r'id="fig-([^"]+)"')


def docname(doc_id: str) -> str:
    return f"texts/{doc_id}"


def _title(data: SiteData, figures: pd.DataFrame, fid: str, overall: pd.DataFrame) -> str:
    f = figures.loc[fid]
    base = f"{f['base_value']} {f['base_unit']}".strip() if f["base_value"] else "no definite number"
    verdict = overall.loc[fid, "verdict"] if fid in overall.index else "not audited"
    return f"{fid}: {f['entity']}, {f['measure']} = {base}; audit: {verdict}"


def _marks(data: SiteData, doc_id: str) -> dict[int, tuple[int, str, str]]:
    """Start offset -> (end offset, opening tag, closing tag) of every number of the document."""
    doc = docname(doc_id)
    figures = data.figures.set_index("figure_id", drop=False)
    overall = data.overall()
    reasons = dict(zip(data.exclusions["exclusion_id"], data.exclusions["reason"], strict=True))
    marks, seen = {}, set()
    for row in data.coverage[data.coverage["doc_id"] == doc_id].itertuples():
        start = int(row.char_offset)
        end = start + len(row.number)
        by = row.accounted_by
        ids = [i for i in by.split() if i in figures.index]  # a number two figures share names both
        if row.status == "registered" and ids:
            target = href(doc, "sources", anchor("fig", ids[0]))
            anchors = "".join(f'<span id="{anchor("fig", i)}"></span>' for i in ids if i not in seen)
            seen.update(ids)
            title = " | ".join(_title(data, figures, i, overall) for i in ids)
            link = f'<a class="cd-fig" data-fig="{attr(" ".join(ids))}" href="{attr(target)}" title="{attr(title)}">'
            opening = anchors + link
            marks[start] = (end, opening, "</a>")
        else:
            why = RULE_WHY.get(by) or reasons.get(by) or by
            label = f"not a figure ({by}): {why}" if row.status == "listed" else f"not a figure: {why}"
            marks[start] = (end, f'<span class="cd-num" title="{attr(label)}">', "</span>")
    return marks


def _line_html(text: str, begin: int, marks: dict[int, tuple[int, str, str]]) -> str:
    """One line of the document (it starts at offset ``begin``), escaped, its numbers marked."""
    out, at = [], 0
    for offset in sorted(o for o in marks if begin <= o < begin + len(text)):
        end, opening, closing = marks[offset]
        if offset - begin < at or end > begin + len(text):
            continue  # overlapping or crossing the line's end: left as text
        number = html.escape(text[offset - begin : end - begin])
        out += [html.escape(text[at : offset - begin]), opening, number, closing]
        at = end - begin
    out.append(html.escape(text[at:]))
    return "".join(out)


def _unmarked(data: SiteData, doc_id: str, marks: dict[int, tuple[int, str, str]]) -> dict[int, list[str]]:
    """Line -> the figures with no marked number of their own (a policy code '+', a word), anchored at the
    start of the line their quote starts on, so that ``#fig-<id>`` lands there too."""
    marked = {i for _, opening, _ in marks.values() for i in _ANCHOR.findall(opening)}
    mine = data.figures[data.figures["doc_id"] == doc_id]
    found: dict[int, list[str]] = {}
    for _, f in mine.iterrows():
        if f["figure_id"] not in marked:
            found.setdefault(int(f["line"]), []).append(f["figure_id"])
    return found


def _quotes(data: SiteData, doc_id: str) -> dict[str, list[int]]:
    """Figure id -> [start, end] offsets of its quote in the document (for the highlight)."""
    mine = data.figures[data.figures["doc_id"] == doc_id]
    return {
        f["figure_id"]: [int(f["char_offset"]), int(f["char_offset"]) + len(f["quote"])] for _, f in mine.iterrows()
    }


_KANA = re.compile(r"[\u3040-\u30ff]")


def _lang(line: str) -> str:
    """' lang="ja"' for a line with Japanese kana (Clausen et al.'s abstract), so that a browser picks
    Japanese glyph forms from a CJK font; '' otherwise."""
    return ' lang="ja"' if _KANA.search(line) else ""


def page_document(data: SiteData, doc_id: str) -> str:
    source = data.sources.set_index("doc_id").loc[doc_id]
    text = data.texts[doc_id]
    marks = _marks(data, doc_id)
    unmarked = _unmarked(data, doc_id, marks)
    rows, begin = [], 0
    for number, line in enumerate(text.split("\n"), start=1):
        anchors = "".join(f'<span id="{anchor("fig", i)}"></span>' for i in unmarked.get(number, []))
        rows.append(
            f'<div class="cd-line" id="L{number}" data-o="{begin}"><a class="cd-ln" href="#L{number}">{number}</a>'
            f'<span class="cd-t"{_lang(line)}>{anchors}{_line_html(line, begin, marks)}</span></div>'
        )
        begin += len(line) + 1
    counts = data.coverage[data.coverage["doc_id"] == doc_id]["status"].value_counts()
    return "\n".join(
        [
            f"# {md(data.doc_names[doc_id])}: {md(source['title'])}",
            "",
            f"The text of `{source['file']}` as received (SHA-256 in `data/raw/sources.csv`), line by line; "
            f"each line's number is its anchor. Of its {int(counts.sum())} numbers, "
            f"{int(counts.get('registered', 0))} are registered figures (underlined: each links to its Sources "
            "entry, and its hover gives the id, the value in base units and the audit's verdict); the others are "
            "marked with the reason they are not figures (hover). A link to a figure here highlights its quote.",
            "",
            f"{FENCE}{{raw}} html",
            '<div class="cd-doc" id="cd-doc">',
            *rows,
            "</div>",
            f'<script type="application/json" id="cd-quotes">{script_json(_quotes(data, doc_id))}</script>',
            FENCE,
            "",
        ]
    )
