"""Named rules that exclude numbers which are not figures: footnote markers,
bibliography, citations, page references, URLs, labels and names.

Each rule returns the character spans of a document it covers; a number lying
wholly inside such a span is excluded by that rule, unless the registry claims
it (a registered figure always wins). Rules are deliberately narrow: whatever
they do not cover must be registered or listed, with a reason, in
``data/raw/exclusions.csv``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from citydip.core.numbers import SUPERSCRIPTS
from citydip.core.sources import Document

Span = tuple[int, int]

YEAR = r"(?:1[5-9]\d\d|20\d\d)[a-z]?"


@dataclass(frozen=True)
class Rule:
    name: str
    description: str
    spans: Callable[[Document], list[Span]]


def _regex_spans(pattern: str, flags: int = 0) -> Callable[[Document], list[Span]]:
    compiled = re.compile(pattern, flags)
    return lambda doc: [m.span() for m in compiled.finditer(doc.text)]


def _footnote_entries(doc: Document) -> list[Span]:
    pattern = re.compile(rf"^[ \t]*(?:[1-9]\d{{0,2}}|[{SUPERSCRIPTS}]+)[ \t]+\S.*$", re.MULTILINE)
    return [m.span() for m in pattern.finditer(doc.text)]


def _reference_list(doc: Document) -> list[Span]:
    heading = doc.meta.get("references_heading", "").strip()
    if not heading:
        return []
    match = re.search(rf"^{re.escape(heading)}[ \t]*$", doc.text, re.MULTILINE)
    return [(match.start(), len(doc.text))] if match else []


_AUTHOR_YEAR = re.compile(rf"[A-Z][^(),;]*?,\s*(?:{YEAR}|n\.d\.)")
_NAME_BEFORE = re.compile(r"(?:[A-Z][\w’'.-]*|et al\.)\s*$")


def _citations(doc: Document) -> list[Span]:
    """Author-year citations: ``(Acuto, 2013)``, ``(2016, p. 20)``, ``Acuto (2013)``."""
    spans = []
    for m in re.finditer(r"\(([^()]*)\)", doc.text):
        content = m.group(1).strip()
        if not re.search(YEAR, content) and "n.d." not in content:
            continue
        author_year = _AUTHOR_YEAR.search(content)
        starts_with_year = re.match(rf"{YEAR}\b", content)
        bare_year = re.fullmatch(YEAR, content)
        named = bare_year and _NAME_BEFORE.search(doc.text[max(0, m.start() - 40) : m.start()])
        if author_year or (starts_with_year and not bare_year) or named:
            spans.append(m.span())
    return spans


RULES: tuple[Rule, ...] = (
    Rule(
        "footnote_marker",
        "a footnote marker (superscript digits, or ^{63,64})",
        _regex_spans(rf"[{SUPERSCRIPTS}]+|\^\{{[\d,\s]+\}}"),
    ),
    Rule("footnote_entry", "a footnote: the line starting with its number holds a citation", _footnote_entries),
    Rule("reference_list", "the bibliography at the end of the document (from its heading on)", _reference_list),
    Rule("citation", "an author-year citation in the text, such as (Acuto, 2013) or Acuto (2013)", _citations),
    Rule(
        "page_reference",
        "a page reference such as p. 240 or pp. 235-251",
        _regex_spans(r"\bpp?\.\s*\d+(?:\s*[-–]\s*\d+)?"),
    ),
    Rule("url", "a web address or e-mail address", _regex_spans(r"<?https?://[^\s>]+>?|\bwww\.\S+|\S+@\S+")),
    Rule(
        "section_number",
        "a numbered section heading such as '2. Themes'",
        _regex_spans(r"^\d+\.(?=[ \t]+[A-Z])", re.MULTILINE),
    ),
    Rule("figure_label", "the number of a figure label such as 'Figure 11'", _regex_spans(r"\bFigures?\s+\d+")),
    Rule(
        "ordinal",
        "an ordinal written with digits, such as 21st or 4th, that names rather than counts",
        _regex_spans(r"\b\d+(?:st|nd|rd|th)\b"),
    ),
    Rule(
        "name_with_digits",
        "digits that are part of a name or code, such as C40, G20, COP21 or 100RC",
        _regex_spans(r"\b[A-Za-z]+\d+[A-Za-z\d]*\b|\b\d+[A-Za-z]{2,}\w*"),
    ),
)
RULE_NAMES = tuple(r.name for r in RULES)
