"""Escaping, links and captions: the pieces of MyST and raw HTML that every page is written with.

Text from the documents and the data is escaped (every ASCII punctuation character backslash-escaped
in MyST, ``html.escape`` in raw HTML, ``<``, ``>`` and ``&`` as ``\\u`` escapes in JSON inside
``<script>``): a quote is always text, never markup. Links are written as their final relative HTML
address (``href``), and every figure id in a caption links to its entry in the Sources appendix
(``figure_link``, ``linked_caption``), at the stable anchor ``fig-<figure id>``.

A new helper that turns text or ids into page markup goes here; what a page says goes in
:mod:`citydip.site.pages`.
"""

from __future__ import annotations

import html
import json
import posixpath
import re

import pandas as pd

from citydip.site.errors import SiteError

CAPTION_CLASS = "citydip-caption"  # every chart and table caption of every page: the browser tests find them by it

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
"""What an id must look like to be an anchor, or a code span on a page ('LD-F01-03', 'acuto')."""
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_URL = re.compile(r"[A-Za-z0-9_./#%-]+")


def md(text: object) -> str:
    """Text from the documents or the data as MyST inline text that cannot be markup.

    Every ASCII punctuation character is backslash-escaped (CommonMark allows it for all of
    them), so no HTML, link, role, emphasis, math or substitution can start; each run of
    whitespace, newlines included, becomes one space.
    """
    return _PUNCT.sub(r"\\\1", re.sub(r"\s+", " ", str(text)))


def attr(text: object) -> str:
    """A value for an HTML attribute or element in raw HTML."""
    return html.escape(str(text), quote=True)


def script_json(obj: object) -> str:
    """JSON that is safe inside <script>: no '<', '>' or '&' (as \\u escapes), so no '</script>'."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escape)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def anchor(kind: str, key: str) -> str:
    """A stable HTML id: 'fig-LD-F01-03', 'chart-ledna_figure_01', 'table-six_cities' ..."""
    if not ID_PATTERN.fullmatch(key):
        raise SiteError(f"cannot make an anchor of {key!r}: expected letters, digits, '-', '_' or '.'")
    return f"{kind}-{key}"


def href(from_doc: str, to_doc: str, fragment: str = "") -> str:
    """Relative address of page ``to_doc`` (a docname such as 'charts/documents') from ``from_doc``."""
    if to_doc == from_doc and fragment:
        return f"#{fragment}"
    target = posixpath.relpath(f"{to_doc}.html", posixpath.dirname(from_doc) or ".")
    return f"{target}#{fragment}" if fragment else target


def figure_cell(text: object, from_doc: str, figure_id: str) -> str:
    """A table cell that links to its figure's Sources entry; its hover (the link's title) is the id."""
    if not ID_PATTERN.fullmatch(figure_id):
        raise SiteError(f"not a figure id: {figure_id!r}")
    return f'[{md(text)}]({href(from_doc, "sources", anchor("fig", figure_id))} "{figure_id}")'


def file_href(from_doc: str, path: str) -> str:
    """Relative address of a file copied into the site (e.g. 'data/processed/figures.csv')."""
    return posixpath.relpath(path, posixpath.dirname(from_doc) or ".")


def link(text: object, url: str) -> str:
    if not _URL.fullmatch(url):
        raise SiteError(f"unexpected characters in a link address: {url!r}")
    return f"[{md(text)}]({url})"


def html_link(text: object, url: str) -> str:
    """``link`` in raw HTML: the text escaped, the address checked."""
    if not _URL.fullmatch(url):
        raise SiteError(f"unexpected characters in a link address: {url!r}")
    return f'<a href="{attr(url)}">{attr(text)}</a>'


def figure_link(from_doc: str, figure_id: str, *, as_html: bool = False, sources: str = "sources") -> str:
    """A figure id linked to its entry in the Sources appendix (MyST, or raw HTML).

    ``sources`` is the appendix's docname in the tree ``from_doc`` is named in: the seminar kit, outside
    the site, names its pages from ``reports/`` ('kit/slides/tokyo') and the appendix 'site/sources'."""
    return (html_link if as_html else link)(figure_id, href(from_doc, sources, anchor("fig", figure_id)))


def figure_links(from_doc: str, ids: list[str], *, as_html: bool = False, sources: str = "sources") -> str:
    return ", ".join(figure_link(from_doc, i, as_html=as_html, sources=sources) for i in ids)


def split_ids(text: str) -> list[str]:
    """'LD-306;LD-F01-04', 'BK-066; BK-065' or 'LD-F01-01 LD-F01-02' as a list of ids."""
    return [part for part in re.split(r"[;\s]+", text) if part]


def table_md(header: list[str], rows: list[list[str]]) -> str:
    """A MyST pipe table; cells must already be MyST (escaped text or links)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def raw_anchor(ident: str, css: str) -> str:
    """Opening of a raw HTML block with a stable id (close with '</div>'); a blank line must follow."""
    return f'<div class="{attr(css)}" id="{attr(ident)}">'


def caption_block(text: str) -> list[str]:
    """A caption paragraph (MyST) inside a block of class CAPTION_CLASS, as page lines."""
    return [f'<div class="{CAPTION_CLASS}">', "", text, "", "</div>", ""]


def caption_html(text_html: str, ident: str = "") -> str:
    """A caption as raw HTML (for a notebook output); ``text_html`` must already be escaped."""
    ident = f' id="{attr(ident)}"' if ident else ""
    return f'<p class="{CAPTION_CLASS}"{ident}>{text_html}</p>'


def stated(row: pd.Series) -> str:
    """'almost 200', '13.1': the value as the document states it, with its qualifier."""
    return " ".join(p for p in (row["qualifier"], row["value"]) if p)


def with_unit(row: pd.Series) -> str:
    """'almost 200 (count)', '13.1 (million people)'."""
    return f"{stated(row)} ({row['unit']})" if row["unit"] else stated(row)


def linked_caption(
    from_doc: str, caption: str, ids: list[str], *, as_html: bool = False, sources: str = "sources"
) -> str:
    """A caption as MyST (or raw HTML) with each figure id of ``ids`` that occurs in it linked to the
    appendix; the rest of its text escaped.

    Ids of the chart that the caption does not spell out (a shortened list) are listed after it.
    ``sources`` is the appendix's docname, as for :func:`figure_link`.
    """
    escape = attr if as_html else md
    alternatives = "|".join(map(re.escape, sorted(set(ids), key=len, reverse=True)))
    pattern = re.compile(rf"(?<![A-Za-z0-9-])({alternatives})(?![A-Za-z0-9-])") if ids else None
    out, seen, last = [], set(), 0
    if pattern is not None:
        for match in pattern.finditer(caption):
            out.append(escape(caption[last : match.start()]))
            out.append(figure_link(from_doc, match.group(1), as_html=as_html, sources=sources))
            seen.add(match.group(1))
            last = match.end()
    out.append(escape(caption[last:]))
    text = "".join(out)
    rest = [i for i in ids if i not in seen]
    if rest:
        text += " Figures: " + figure_links(from_doc, rest, as_html=as_html, sources=sources) + "."
    return text
