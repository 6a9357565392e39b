"""The citations of one document: where they stand, and what each entry or note says.

What belongs here: the ``Citation`` record; finding a document's citations (the entries of
its reference list, else its footnotes, else its author-year citations in the text); and
parsing one of them in its style — ``parse_apa`` (Clausen's list), ``parse_chicago_bibliography``
(Beukman's Works Cited), ``parse_note`` (Ledna's footnotes). ``citations_of`` gives a document's
citations parsed but not yet resolved or matched (that is ``citydip.networks.works``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from citydip.core.sources import Document
from citydip.networks.authors import (
    Author,
    organisation,
    parse_names_given_first,
    parse_names_surname_first,
    person_given_first,
)
from citydip.networks.normalise import clean

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)  # fmt: skip


@dataclass
class Citation:
    doc_id: str
    form: str
    line: int
    char_offset: int
    raw: str  # the entry exactly as it stands in the document, from char_offset
    authors: list[Author] = field(default_factory=list)
    year: str = ""
    title: str = ""
    venue: str = ""
    kind: str = "misc"  # article, book, chapter, web, interview, data, in_text, misc
    accessed: str = ""
    url: str = ""
    note_number: str = ""
    note: str = ""
    ref_id: str = ""
    resolves_to: str = ""
    work_id: str = ""

    @property
    def first_key(self) -> str:
        return self.authors[0].key if self.authors else ""


def _strip_period(text: str) -> str:
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


# --- finding the entries ---------------------------------------------------------------------------


_APA_START = re.compile(
    r"^(?P<authors>[^()*“”\"]{1,160}?)\s*\((?P<year>\d{4}[a-z]?|n\.d\.)(?P<date>,[^)]*)?\)\.?\s+(?=\S)"
)
_FOOTNOTE = re.compile(rf"^(?P<number>[{SUPERSCRIPT_DIGITS}]+)[ \t]*(?P<text>\S.*?)[ \t]*$", re.MULTILINE)
_EMAIL = re.compile(r"\S+@\S+")


def _list_lines(doc: Document) -> list[tuple[int, int, str, bool]]:
    """(start, end, text, bulleted) of each non-empty line of the reference list, up to any e-mail line."""
    heading = doc.meta.get("references_heading", "").strip()
    match = re.search(rf"^{re.escape(heading)}[ \t]*$", doc.text, re.MULTILINE) if heading else None
    if not match:
        return []
    lines, offset = [], match.end()
    for raw in doc.text[match.end() :].split("\n"):
        start, end = offset, offset + len(raw)
        offset = end + 1
        text = raw.strip()
        if not text:
            continue
        if _EMAIL.search(text):
            break
        start += len(raw) - len(raw.lstrip())
        bulleted = text.startswith("- ")
        if bulleted:
            start += 2
            text = text[2:].strip()
        lines.append((start, start + len(text), text, bulleted))
    return lines


def list_entries(doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, text) of each entry of the reference list; text joins an entry's lines.

    In a list with APA-style entries (author, then '(year).') a line starts an entry exactly when
    it opens that way, so that a wrapped line is joined to its entry even if it carries a bullet;
    otherwise each bulleted line starts an entry.
    """
    lines = _list_lines(doc)
    apa = any(_APA_START.match(text) for _, _, text, _ in lines)
    entries: list[list] = []
    for start, end, text, bulleted in lines:
        starts = bool(_APA_START.match(text)) if apa else bulleted or not entries
        if starts:
            entries.append([start, end, text])
        else:
            entries[-1][1] = end
            entries[-1][2] += " " + text
    return [(s, e, t) for s, e, t in entries]


def footnotes(doc: Document) -> list[tuple[int, int, str, str]]:
    """(start, end, number, text) of each footnote: a line opening with superscript digits."""
    table = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
    found = _FOOTNOTE.finditer(doc.text)
    return [(m.start("text"), m.end("text"), m["number"].translate(table), m["text"]) for m in found]


_IN_TEXT = re.compile(rf"(?P<authors>[A-Z][\w’'-]+(?: et al\.)?(?:\s+(?:and|&)\s+[A-Z][\w’'-]+)?),\s*(?P<year>{YEAR})")


def in_text_citations(doc: Document) -> list[tuple[int, int, str, str]]:
    """(start, end, authors, year) of each author-year citation in parentheses: '(Acuto, 2016)'."""
    found = []
    for paren in re.finditer(r"\(([^()]*)\)", doc.text):
        for m in _IN_TEXT.finditer(paren.group(1)):
            start = paren.start(1) + m.start()
            found.append((start, paren.start(1) + m.end(), m["authors"], m["year"]))
    return found


# --- parsing one entry ----------------------------------------------------------------------------


_URL = re.compile(r"<?(https?://[^\s>]+?)>?(?=[\s,]|\.?$|\.\s)")
_ACCESSED = re.compile(
    rf"(?:[Aa]ccessed|[Aa]ssessed|Retrieved):?\s+(?P<date>(?:{MONTHS})\s+\d{{1,2}},\s+{YEAR}|\d{{1,2}}\s+(?:{MONTHS})\s+{YEAR})"
)
_QUOTED = re.compile(r"[“\"](?P<title>.*?[,.?!])[”\"]")
_ITALIC = re.compile(r"\*(?P<title>[^*]+)\*")


def _url_and_accessed(text: str) -> tuple[str, str, str]:
    """(text without URL and access date, url, accessed)."""
    url = ""
    m = _URL.search(text)
    if m:
        url = m.group(1).rstrip(".")
        text = text[: m.start()] + text[m.end() :]
    accessed = ""
    a = _ACCESSED.search(text)
    if a:
        accessed = a["date"]
        text = text[: a.start()] + text[a.end() :]
    text = re.sub(r",?\s*from\s*$", "", text.strip())
    return text, url, accessed


def _first_year(text: str) -> str:
    m = re.search(rf"(?<!\d){YEAR}(?!\d)", text)
    return m.group(0) if m else ""


_DATED = re.compile(
    rf"(?:(?:{MONTHS})\s+(?:\d{{1,2}},\s+)?|(?:Spring|Summer|Fall|Autumn|Winter)(?:/\w+)?\s+|\((?:[^()]*\s)?)(?P<year>{YEAR})"
)


def _dated_year(text: str) -> str:
    """The year of a date ('February 2, 2012', 'Summer/Fall 2017', '(March 2016)'), not any number."""
    m = _DATED.search(text)
    return m["year"] if m else ""


def parse_apa(text: str) -> dict:
    """One APA-style list entry (Clausen)."""
    m = _APA_START.match(text)
    if not m:
        return {"title": clean(text), "note": "not in author (year) form"}
    authors = parse_names_surname_first(m["authors"])
    year = "" if m["year"] == "n.d." else m["year"][:4]
    rest, url, accessed = _url_and_accessed(text[m.end() :])
    note = "n.d." if m["year"] == "n.d." else ""
    italic = re.match(r"\*(?P<title>[^*]+)\*\.?\s*(?P<rest>.*)$", rest)
    if italic:
        title, venue, kind = italic["title"], italic["rest"], "book"
    else:
        chapter = re.search(r"(?<=[.?])\s+In:\s", rest)
        if chapter:
            title, tail, kind = rest[: chapter.start()], rest[chapter.end() :], "chapter"
        else:  # the title ends before the italic venue, else at the first full stop, else at a question mark
            end = re.search(r"\.\s+(?=\*)", rest) or re.search(r"\.\s+", rest) or re.search(r"\?\s+", rest)
            title = rest[: end.start()] + ("?" if end and end.group().startswith("?") else "") if end else rest
            tail, kind = (rest[end.end() :] if end else ""), "article"
        inner = _ITALIC.search(tail)
        venue = inner["title"] if inner else re.split(r"\*|,|\(", tail)[0]
    return {
        "authors": authors, "year": year, "title": clean(title), "venue": clean(venue), "kind": kind,
        "url": url, "accessed": accessed, "note": note,
    }  # fmt: skip


_CHICAGO_AUTHOR = re.compile(r"^(?P<authors>.+?)\.\s+(?:(?P<year>" + YEAR + r")\.\s+)?(?=[\"“*])")


def parse_chicago_bibliography(text: str) -> dict:
    """One entry of a Chicago-style bibliography (Beukman's Works Cited)."""
    m = _CHICAGO_AUTHOR.match(text)
    if not m:
        return {"title": clean(text), "note": "no author part found"}
    authors = parse_names_surname_first(m["authors"])
    rest, url, accessed = _url_and_accessed(text[m.end() :])
    quoted = _QUOTED.match(rest)
    italic = _ITALIC.match(rest)
    year = m["year"] or ""
    if quoted:
        title, tail, kind = quoted["title"], rest[quoted.end() :], "article"
    elif italic:
        title, tail, kind = italic["title"], rest[italic.end() :], "book"
    else:
        return {"authors": authors, "title": clean(rest), "note": "title not marked"}
    inner_year = re.search(rf"\(({YEAR})\)\s*$", title.strip())
    if inner_year:  # 'Hungry Cities Partnership Reports. (2016)' inside the italics
        year = year or inner_year.group(1)
        title = title.strip()[: inner_year.start()]
    journal = _ITALIC.match(tail.lstrip(". "))
    if journal:
        venue, kind = journal["title"], "article"
    else:
        venue = re.split(r"\(|,|\b[Aa]ccessed\b", tail.lstrip(". "))[0]
        if kind == "book" and re.search(rf"\b{YEAR}\b", tail) and "Online" in venue:
            kind = "article"
    if not year:
        parens = re.search(rf"\(({YEAR})\)", tail)
        year = parens.group(1) if parens else _first_year(tail)
    return {
        "authors": authors, "year": year, "title": clean(_strip_period(title.strip())), "venue": clean(venue),
        "kind": kind, "url": url, "accessed": accessed,
    }  # fmt: skip


_IBID = re.compile(r"^\*?ibid\.?\*?\s*(?:,\s*(?P<pages>.*?))?\.?$", re.IGNORECASE)
_HONORIFIC = re.compile(r"^(?:Ambassador\s*\(ret\.?\)|Dr\.?|Professor)\s+")
_DATA_NOTE = re.compile(rf"^Relies on data from the (?P<who>[A-Z][\w.&-]*)\s+(?P<year>{YEAR})")


def parse_note(text: str) -> dict:
    """One footnote in Chicago notes style (Ledna): its form, and the reference it gives."""
    if _IBID.match(text):
        return {"form": "ibid"}
    data = _DATA_NOTE.match(text)
    if data:
        return {
            "form": "data_note", "authors": [organisation(data["who"])], "year": data["year"], "kind": "data",
            "title": "", "note": "a note on the data used, not a publication",
        }  # fmt: skip
    if re.search(r"\binterview", text, re.IGNORECASE):
        with_name = re.search(r"interview with (?P<who>.+?)\.?$", text)
        by_name = re.match(r"^(?P<who>.+?)(?:,[^,]*)*,?\s+interviewed by", text)
        who = (with_name or by_name)["who"] if (with_name or by_name) else ""
        who = _HONORIFIC.sub("", who.split(",")[0].strip())
        return {
            "form": "interview", "authors": [person_given_first(who)] if who else [], "kind": "interview",
            "title": "Interview by the author", "note": "" if who else "interviewee not named (confidential)",
        }  # fmt: skip
    form = "note_full"
    body = text
    if body.startswith("See "):
        form, body = "see", body[4:]
    body, url, accessed = _url_and_accessed(body)
    note = ""
    leading = re.match(r"^\*(?P<org>[^*]+)\*,\s*(?=[“\"])", body)  # '*The Local*, “Title,” ...'
    if leading:
        author_text, body = leading["org"], body[leading.end() :]
    else:
        markers = [i for i in (body.find("“"), body.find('"'), body.find("*")) if i != -1]
        first = min(markers) if markers else -1
        closing = body.find(",”")
        if closing != -1 and (first == -1 or closing < first):  # an opening quotation mark is missing
            author_text, body = "", "“" + body
            note = "the opening quotation mark of the title is missing in the text"
        else:
            author_text = body[:first] if first > 0 else ""
            body = body[first:] if first > 0 else body
    authors = parse_names_given_first(author_text.strip(" ,")) if author_text.strip(" ,") else []
    quoted, italic = _QUOTED.match(body), _ITALIC.match(body)
    if quoted:
        title, tail, kind = quoted["title"], body[quoted.end() :], "article"
    elif italic:
        title, tail, kind = italic["title"], body[italic.end() :], "book"
    else:
        return {"form": form, "authors": authors, "title": clean(body), "url": url, "accessed": accessed, "note": note}
    title = _strip_period(title.rstrip(","))
    translated = re.match(r"^\s*translated by (?P<who>.+?)\.?$", tail)
    venue, year = "", ""
    publisher = re.match(rf"^\s*\((?P<pub>[^()]*?),?\s*(?P<year>{YEAR})\)", tail)
    if translated:
        note = f"translated by {translated['who']}"
    elif publisher:
        venue, year = publisher["pub"], publisher["year"]
    elif kind == "article":  # a quoted title: the periodical or site follows, then a date
        journal = _ITALIC.match(tail.strip(" ,"))
        kept = []
        for part in (p.strip(" .") for p in tail.split(",")):
            if not part:
                continue
            if _DATED.search(part) or re.match(r"^(?:\d|last modified|<)", part, re.IGNORECASE):
                break
            kept.append(part)
        venue = journal["title"] if journal else ", ".join(kept)
        if venue and not journal:
            kind = "web"
        year = _dated_year(tail)
    full = bool(year or url or accessed or venue)
    if form == "note_full" and not full:
        form = "note_short"
    return {
        "form": form, "authors": authors, "year": year, "title": clean(title), "venue": clean(venue),
        "kind": kind, "url": url, "accessed": accessed, "note": note,
    }  # fmt: skip


# --- citations of a document ------------------------------------------------------------------------


def citations_of(doc: Document) -> list[Citation]:
    """Every citation of one document, in document order, parsed (not yet resolved or matched)."""
    found: list[Citation] = []
    entries = list_entries(doc)
    if entries:
        apa = any(_APA_START.match(t) for _, _, t in entries)
        for start, end, text in entries:
            parsed = parse_apa(text) if apa else parse_chicago_bibliography(text)
            found.append(_citation(doc, "list_entry", start, end, parsed))
    elif notes := footnotes(doc):
        for start, end, number, text in notes:
            parsed = parse_note(text)
            found.append(_citation(doc, parsed.pop("form"), start, end, parsed, note_number=number))
    else:
        for start, end, authors, year in in_text_citations(doc):
            names = [n for n in re.split(r"\s+(?:and|&)\s+", authors.replace(" et al.", "")) if n]
            parsed = {"authors": [Author(n) for n in names], "year": year, "kind": "in_text"}
            if "et al." in authors:
                parsed["note"] = "et al."
            found.append(_citation(doc, "in_text", start, end, parsed))
    for i, citation in enumerate(found, start=1):
        citation.ref_id = f"{doc.doc_id}-{i:03d}"
    return found


def _citation(doc: Document, form: str, start: int, end: int, parsed: dict, note_number: str = "") -> Citation:
    return Citation(
        doc_id=doc.doc_id, form=form, line=doc.line_of(start), char_offset=start, raw=doc.text[start:end],
        note_number=note_number, **parsed,
    )  # fmt: skip
