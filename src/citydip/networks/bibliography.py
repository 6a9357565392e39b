"""The works the four documents cite, parsed from their reference lists and notes, matched across documents.

Where a document has a reference list (``references_heading`` in ``data/raw/sources.csv``:
Beukman's *Works Cited*, Clausen's *References*), each entry of the list is one citation;
where it has none, each footnote is one (Ledna); where it has neither, each author-year
citation in the text is one (Acuto et al.'s surviving first page). Three styles occur:

- Beukman's list, Chicago bibliography style: ``Surname, Given & Surname, Given. "Title."
  *Journal*, 8, no. 1 (2011):21-36.`` or ``Author. *Title*. Place: Publisher. (2017).``;
- Clausen's list, APA style: ``Surname, I., & Surname, I. (2016). Title. *Journal*, 29(2),
  134–160.``, with entries broken over lines (a continuation line may even begin with the
  list's bullet, and the list ends at the authors' e-mail addresses);
- Ledna's footnotes, Chicago notes: full notes (``Given Surname, *Title* (Place: Publisher,
  2016), 4-5.`` or ``Given Surname, “Title,” *Journal* 29, no. 2 (March 2016): 134-136.``),
  short notes (``Surname, *Short title*, 238.``), ``Ibid.``, ``See *Title*.``, interviews and
  notes on data sources.

Each citation becomes a record: authors (surnames and initials; an organisation as named),
year, title, venue, the exact text of the entry and its line. Short notes and ``See`` notes are
resolved to the earlier full note they abbreviate (same surname, and the short title a prefix of
the full title; among several, the most recently cited). ``Ibid.`` is resolved to the citation
just before it; an Ibid. that follows nothing resolvable would be dropped and counted (in the
four documents none is). Citations of the same work — in one document or several — are then
matched into one work id: same first-author surname (particles, accents and case aside), same
year, and titles sharing at least 80% of their significant words; where neither states a
year, only identical titles match, and a citation without a title (author-year) matches nothing.
(No 'op. cit.' occurs in the documents; Beukman's Ibid. notes are in footnotes that repeat its
Works Cited list, which is what is parsed for Beukman.)

``run`` writes ``data/processed/references.csv`` (one row per citation, with its work id),
``works.csv`` (one row per work, with the documents citing it) and ``references.bib`` (a
hand-written BibTeX export, one entry per work).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from citydip.core import paths
from citydip.core.csvio import to_csv_text, write_if_changed
from citydip.core.sources import Document, load_documents
from citydip.core.text import strip_accents

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)  # fmt: skip
FORMS = {
    "list_entry": "an entry of the document's reference list",
    "note_full": "a footnote giving the full reference",
    "note_short": "a short footnote (surname, short title) resolved to an earlier full note",
    "see": "a 'See ...' footnote, resolved to an earlier note where one matches",
    "ibid": "Ibid.: resolved to the citation just before it",
    "interview": "a footnote citing an interview by the author",
    "data_note": "a footnote naming a data source",
    "in_text": "an author-year citation in the running text (the document has no list or notes)",
}
STOPWORDS = frozenset(
    {"the", "a", "an", "of", "and", "in", "on", "for", "to", "with", "at", "by", "from", "as", "is", "its"}
)
PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "da", "di", "du", "la", "le", "dos", "das", "ter", "ten"}
)
CORPORATE_WORDS = frozenset(  # words that make a name an organisation's
    {
        "united", "nations", "programme", "program", "department", "office", "council", "institute",
        "institution", "university", "government", "governments", "organization", "organisation", "cities",
        "city", "network", "partnership", "group", "project", "international", "foundation", "philanthropies",
        "bureau", "association", "agency", "commission", "ministry", "press", "house", "studio", "affairs",
        "global", "local", "society", "league", "union", "municipalities", "regions",
    }
)  # fmt: skip
MATCH_THRESHOLD = 0.8
REFERENCE_FIELDS = (
    "ref_id", "doc_id", "form", "note_number", "line", "char_offset", "authors", "year", "title", "venue",
    "accessed", "url", "work_id", "resolves_to", "raw", "note",
)  # fmt: skip
WORK_FIELDS = (
    "work_id", "kind", "authors", "year", "title", "venue", "documents", "n_documents", "n_citations",
    "corpus_doc", "ref_ids",
)  # fmt: skip
OUTPUTS = ("references.csv", "works.csv", "references.bib")


# --- records ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Author:
    surname: str  # for an organisation: its name
    initials: str = ""
    corporate: bool = False

    @property
    def display(self) -> str:
        return self.surname if self.corporate or not self.initials else f"{self.surname}, {self.initials}"

    @property
    def key(self) -> str:
        """The surname as works are matched on it: no accents, case, particles or punctuation."""
        words = _fold(self.surname).split()
        kept = words if self.corporate else [w for w in words if w not in PARTICLES] or words
        return "".join(re.sub(r"[^a-z0-9]", "", w) for w in kept if w not in STOPWORDS or not self.corporate)


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


# --- small text helpers -------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case ASCII: accents dropped, apostrophes removed, '&' read as 'and'."""
    text = strip_accents(text).casefold().replace("’", "").replace("'", "").replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def title_tokens(title: str) -> list[str]:
    return _fold(title).split()


def significant(title: str) -> set[str]:
    return {w for w in title_tokens(title) if w not in STOPWORDS}


def title_similarity(a: str, b: str) -> float:
    """Share of significant title words in common (Jaccard)."""
    sa, sb = significant(a), significant(b)
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def _clean(text: str) -> str:
    """Markdown italics removed, spaces collapsed, trailing punctuation trimmed."""
    return " ".join(text.replace("*", "").split()).strip(" ,.;:")


def _strip_period(text: str) -> str:
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


# --- names --------------------------------------------------------------------------------------------


def _initials(given: str) -> str:
    parts = [p for p in re.split(r"[\s.]+", given.strip()) if p]
    return " ".join(f"{p[0].upper()}." for p in parts if p[0].isalpha())


def _is_initials(token: str) -> bool:
    letters = re.sub(r"[\s.\-]", "", token)
    return bool(letters) and letters.isalpha() and len(letters) <= 4 and token[0].isupper() and "." in token


def _corporate(name: str) -> bool:
    """Whether a name is an organisation's: 'The ...', an organisation word, an acronym or a digit."""
    words = name.replace("(", " ").replace(")", " ").replace("-", " ").split()
    if not words:
        return False
    if name.startswith("The ") or any(c.isdigit() for c in name):
        return True
    return any(w.isalpha() and w.isupper() and len(w) > 1 for w in words) or any(
        _fold(w) in CORPORATE_WORDS for w in words
    )


def _organisation(name: str) -> Author:
    name = re.sub(r"\s*\((?:ed|eds|ed\.|eds\.)\)\s*$", "", name.strip())
    return Author(_clean(name), corporate=True)


def parse_names_surname_first(text: str) -> list[Author]:
    """'Surname, Given & Surname, Given' or 'Surname, I., & Surname, I.' (one organisation if no comma)."""
    text = text.strip()
    if "," not in text:
        words = text.split()
        if len(words) == 2 and _is_initials(words[1]):  # 'Clerc L.'
            return [Author(words[0], words[1])]
        return [_organisation(text.rstrip("."))]
    authors = []
    for part in re.split(r"\s*,?\s*&\s*", text):
        tokens = [t.strip().rstrip(".") if not _is_initials(t.strip()) else t.strip() for t in part.split(",")]
        tokens = [t for t in tokens if t]
        i = 0
        while i < len(tokens):
            surname = tokens[i]
            given = tokens[i + 1] if i + 1 < len(tokens) else ""
            initials = given if _is_initials(given) else _initials(given)
            authors.append(Author(surname, initials))
            i += 2
    return authors


def _person_given_first(name: str) -> Author:
    words = name.split()
    start = len(words) - 1
    for i in range(1, len(words) - 1):
        if words[i].lower() in PARTICLES:
            start = i
            break
    surname = " ".join(words[start:])
    return Author(surname, _initials(" ".join(words[:start])))


def parse_names_given_first(text: str) -> list[Author]:
    """'Given Surname, Given Surname, and Given Surname' (Chicago notes); an organisation as named."""
    text = re.sub(r",?\s+with\s+", ", ", text.strip().strip(",").strip())
    if _corporate(text) and "," not in text:
        return [_organisation(text)]
    names = [n.strip() for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", text) if n.strip()]
    return [_organisation(n) if _corporate(n) else _person_given_first(n) for n in names]


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
        return {"title": _clean(text), "note": "not in author (year) form"}
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
        "authors": authors, "year": year, "title": _clean(title), "venue": _clean(venue), "kind": kind,
        "url": url, "accessed": accessed, "note": note,
    }  # fmt: skip


_CHICAGO_AUTHOR = re.compile(r"^(?P<authors>.+?)\.\s+(?:(?P<year>" + YEAR + r")\.\s+)?(?=[\"“*])")


def parse_chicago_bibliography(text: str) -> dict:
    """One entry of a Chicago-style bibliography (Beukman's Works Cited)."""
    m = _CHICAGO_AUTHOR.match(text)
    if not m:
        return {"title": _clean(text), "note": "no author part found"}
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
        return {"authors": authors, "title": _clean(rest), "note": "title not marked"}
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
        "authors": authors, "year": year, "title": _clean(_strip_period(title.strip())), "venue": _clean(venue),
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
            "form": "data_note", "authors": [_organisation(data["who"])], "year": data["year"], "kind": "data",
            "title": "", "note": "a note on the data used, not a publication",
        }  # fmt: skip
    if re.search(r"\binterview", text, re.IGNORECASE):
        with_name = re.search(r"interview with (?P<who>.+?)\.?$", text)
        by_name = re.match(r"^(?P<who>.+?)(?:,[^,]*)*,?\s+interviewed by", text)
        who = (with_name or by_name)["who"] if (with_name or by_name) else ""
        who = _HONORIFIC.sub("", who.split(",")[0].strip())
        return {
            "form": "interview", "authors": [_person_given_first(who)] if who else [], "kind": "interview",
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
        return {"form": form, "authors": authors, "title": _clean(body), "url": url, "accessed": accessed, "note": note}
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
        "form": form, "authors": authors, "year": year, "title": _clean(title), "venue": _clean(venue),
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


# --- resolving notes and matching works -------------------------------------------------------------


def _prefix(short: str, full: str) -> bool:
    s, f = title_tokens(short), title_tokens(full)
    return bool(s) and f[: len(s)] == s


def _short_candidates(short: Citation, earlier: list[Citation]) -> list[Citation]:
    keys = {a.key for a in short.authors}
    found = []
    for c in earlier:
        if c.form not in ("note_full", "see") or c.resolves_to or not c.title:
            continue
        theirs = {a.key for a in c.authors}
        authors_ok = not short.authors or not c.authors or short.first_key in theirs or bool(keys & theirs)
        if authors_ok and _prefix(short.title, c.title):
            found.append(c)
    return found


@dataclass
class Resolution:
    ibid_resolved: int = 0
    ibid_dropped: int = 0
    short_resolved: int = 0
    short_unresolved: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)


def resolve_notes(citations: list[Citation]) -> Resolution:
    """Point each Ibid., short note and See note of one document at the citation it stands for."""
    stats = Resolution()
    last_cited: dict[str, int] = {}  # ref_id of a full citation -> index of its latest citation
    by_id = {c.ref_id: c for c in citations}

    def target(c: Citation) -> Citation:
        while c.resolves_to:
            c = by_id[c.resolves_to]
        return c

    for i, c in enumerate(citations):
        if c.form == "ibid":
            previous = citations[i - 1] if i else None
            if previous is None or (previous.form == "note_short" and not previous.resolves_to):
                c.note = "dropped: nothing before it to resolve to"
                stats.ibid_dropped += 1
                continue
            c.resolves_to = previous.ref_id
            stats.ibid_resolved += 1
        elif c.form in ("note_short", "see"):
            candidates = _short_candidates(c, citations[:i])
            exact = [x for x in candidates if title_tokens(x.title) == title_tokens(c.title)]
            pool = exact or candidates
            if not pool:
                if c.form == "note_short":
                    c.note = "unresolved: no earlier note has this author and title"
                    stats.short_unresolved.append(c.ref_id)
                continue  # an unmatched See note stands for itself
            chosen = max(pool, key=lambda x: last_cited.get(x.ref_id, -1))
            if len(pool) > 1:
                c.note = f"ambiguous: {len(pool)} earlier notes match; the most recently cited is taken"
                stats.ambiguous.append(c.ref_id)
            c.resolves_to = chosen.ref_id
            stats.short_resolved += 1
        root = target(c)
        last_cited[root.ref_id] = i
    return stats


def same_work(a: Citation, b: Citation) -> bool:
    """Whether two full citations are of the same work: first author, year, and title."""
    if a.kind in ("interview", "data") or b.kind in ("interview", "data"):
        return a.kind == b.kind and a.first_key == b.first_key and a.year == b.year and bool(a.authors)
    if not a.title or not b.title:
        return False
    if a.first_key != b.first_key:
        return False
    if a.year != b.year:
        return False
    if not a.year:
        return title_tokens(a.title) == title_tokens(b.title)
    return title_similarity(a.title, b.title) >= MATCH_THRESHOLD


def _name_stem(author: Author) -> str:
    """A surname as a key part; an organisation of three words or more by its initials ('uclg')."""
    name = re.sub(r"\([^)]*\)", " ", author.surname)
    if author.corporate:
        words = [w for w in _fold(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)).split() if w not in STOPWORDS]
        if len(words) >= 3:
            return "".join(w if any(ch.isdigit() for ch in w) else w[0] for w in words)
        return "".join(words)[:24]
    return re.sub(r"[^a-z0-9]", "", _fold(name))[:24]


def _stem(c: Citation) -> str:
    """The readable part of a work id: 'vanderpluijm-2007-city', 'hachigian-interview', 'politico-28-nd'."""
    if c.kind == "interview":
        return f"{_name_stem(c.authors[0]) if c.authors else 'confidential'}-interview"
    words = [w for w in title_tokens(c.title) if w not in STOPWORDS]
    year = c.year or "nd"
    if c.kind == "data":
        return f"{_name_stem(c.authors[0])}-{year}-data"
    if c.authors:
        return "-".join(x for x in (_name_stem(c.authors[0]), year, words[0][:16] if words else "") if x)
    return "-".join([*(w[:16] for w in words[:2]), year]) if words else f"anonymous-{year}"


@dataclass
class Bibliography:
    citations: list[Citation]
    works: pd.DataFrame
    references: pd.DataFrame
    bibtex: str
    resolution: dict[str, Resolution]
    work_citations: dict[str, list[Citation]]

    def cited_by(self, minimum: int) -> pd.DataFrame:
        """Works cited by at least ``minimum`` documents."""
        return self.works[self.works["n_documents"] >= minimum]


def match_works(citations: list[Citation], documents: dict[str, Document]) -> dict[str, list[Citation]]:
    """Give every citation its work id; return work id -> its citations (heads first)."""
    by_id = {c.ref_id: c for c in citations}
    heads = [c for c in citations if not c.resolves_to and c.form != "ibid" and not c.note.startswith(("unres", "dro"))]
    parent = list(range(len(heads)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # same_work needs the same first author: only citations of one first_key are compared (in the
    # order of heads), which joins the same citations as comparing every pair (0.12 s -> 0.01 s)
    by_author: dict[str, list[int]] = {}
    for i, c in enumerate(heads):
        by_author.setdefault(c.first_key, []).append(i)
    for same_author in by_author.values():
        for n, i in enumerate(same_author):
            for j in same_author[n + 1 :]:
                if find(i) != find(j) and same_work(heads[i], heads[j]):
                    parent[find(j)] = find(i)
    groups: dict[int, list[Citation]] = {}
    for i, c in enumerate(heads):
        groups.setdefault(find(i), []).append(c)
    order = {d: n for n, d in enumerate(documents)}
    ranked = sorted(groups.values(), key=lambda g: (_stem(g[0]), order[g[0].doc_id], g[0].char_offset))
    ids: dict[str, list[list[Citation]]] = {}
    for group in ranked:
        ids.setdefault(_stem(group[0]), []).append(group)
    works: dict[str, list[Citation]] = {}
    for stem, same_stem in ids.items():
        for n, group in enumerate(same_stem):
            work_id = stem if len(same_stem) == 1 else f"{stem}-{chr(ord('a') + n)}"
            for c in group:
                c.work_id = work_id
            works[work_id] = list(group)
    for c in citations:  # notes that stand for another citation take its work
        t = c
        while t.resolves_to:
            t = by_id[t.resolves_to]
        if t is not c and t.work_id:
            c.work_id = t.work_id
            works[t.work_id].append(c)
    return works


def corpus_document(work: list[Citation], documents: dict[str, Document]) -> str:
    """The doc_id of the corpus document a work is, if it is one of them (by its manifest facts)."""
    head = work[0]
    for doc in documents.values():
        meta = doc.meta
        names = [n.strip() for n in meta.get("authors", "").split(";") if n.strip()]
        probe = replace(
            head,
            authors=[_person_given_first(n) for n in names],
            year=meta.get("year", ""),
            title=meta.get("title", ""),
            kind="article",
        )
        if names and same_work(head, probe):
            return doc.doc_id
    return ""


# --- outputs ------------------------------------------------------------------------------------------


def _authors_cell(authors: list[Author]) -> str:
    return "; ".join(a.display for a in authors)


def _representative(work: list[Citation]) -> Citation:
    """The fullest citation of a work (most fields stated), the earliest on ties."""
    heads = [c for c in work if not c.resolves_to]
    return max(heads, key=lambda c: (bool(c.title), bool(c.year), bool(c.venue), len(c.authors), -heads.index(c)))


def _reference_row(c: Citation) -> list:
    return [
        c.ref_id, c.doc_id, c.form, c.note_number, c.line, c.char_offset, _authors_cell(c.authors), c.year,
        c.title, c.venue, c.accessed, c.url, c.work_id, c.resolves_to, c.raw, c.note,
    ]  # fmt: skip


def _work_row(work_id: str, cites: list[Citation], docs: list[str], corpus_doc: str) -> list:
    rep = _representative(cites)
    return [
        work_id, rep.kind, _authors_cell(rep.authors), rep.year, rep.title, rep.venue, " ".join(docs),
        len(docs), len(cites), corpus_doc, " ".join(c.ref_id for c in cites),
    ]  # fmt: skip


def build(documents: dict[str, Document]) -> Bibliography:
    """Parse, resolve and match the citations of every document."""
    citations, resolution = [], {}
    for doc in documents.values():
        mine = citations_of(doc)
        resolution[doc.doc_id] = resolve_notes(mine)
        citations.extend(mine)
    works = match_works(citations, documents)
    order = {d: n for n, d in enumerate(documents)}
    reference_rows = [_reference_row(c) for c in citations]
    work_rows = []
    for work_id in sorted(works):
        cites = sorted(works[work_id], key=lambda c: (order[c.doc_id], c.char_offset))
        docs = sorted({c.doc_id for c in cites}, key=order.__getitem__)
        work_rows.append(_work_row(work_id, cites, docs, corpus_document(cites, documents)))
    works_frame = pd.DataFrame(work_rows, columns=list(WORK_FIELDS))
    corpus = dict(zip(works_frame["work_id"], works_frame["corpus_doc"], strict=True))
    bib = bibtex({w: sorted(c, key=lambda c: (order[c.doc_id], c.char_offset)) for w, c in works.items()}, corpus)
    return Bibliography(
        citations=citations,
        works=works_frame,
        references=pd.DataFrame(reference_rows, columns=list(REFERENCE_FIELDS)),
        bibtex=bib,
        resolution=resolution,
        work_citations=works,
    )


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
        rep = _representative(cites)
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


def tables(bib: Bibliography) -> dict[str, str]:
    """The text of each output, as ``run`` writes it."""
    return {
        "references.csv": to_csv_text(REFERENCE_FIELDS, bib.references.itertuples(index=False, name=None)),
        "works.csv": to_csv_text(WORK_FIELDS, bib.works.itertuples(index=False, name=None)),
        "references.bib": bib.bibtex,
    }


def summary(bib: Bibliography) -> pd.DataFrame:
    """Per document: citations by form, works, and what became of Ibid. and short notes."""
    rows = []
    for doc_id, res in bib.resolution.items():
        mine = [c for c in bib.citations if c.doc_id == doc_id]
        rows.append(
            {
                "doc_id": doc_id,
                "citations": len(mine),
                **{form: sum(c.form == form for c in mine) for form in FORMS},
                "works": len({c.work_id for c in mine if c.work_id}),
                "ibid resolved": res.ibid_resolved,
                "ibid dropped": res.ibid_dropped,
                "short/see resolved": res.short_resolved,
                "short unresolved": len(res.short_unresolved),
            }
        )
    return pd.DataFrame(rows).set_index("doc_id")


def run(raw_dir: str | Path = "data/raw", processed_dir: str | Path = "data/processed") -> Bibliography:
    """Parse the citations of the documents listed under ``raw_dir``; write the three outputs."""
    bib = build(load_documents(paths.resolve(raw_dir)))
    out = paths.output(processed_dir)
    for name, text in tables(bib).items():
        write_if_changed(out / name, text)
    return bib
