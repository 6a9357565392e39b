"""The authors of a citation: persons (surname and initials) and organisations (as named).

What belongs here: the ``Author`` record, the key works are matched on, and the parsing of
author names as the styles write them — surname first (``Surname, Given & Surname, I.``: a
reference list), given name first (``Given Surname and Given Surname``: a Chicago note), and
the test that tells an organisation's name from a person's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from citydip.networks.normalise import STOPWORDS, clean, fold

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
        words = fold(self.surname).split()
        kept = words if self.corporate else [w for w in words if w not in PARTICLES] or words
        return "".join(re.sub(r"[^a-z0-9]", "", w) for w in kept if w not in STOPWORDS or not self.corporate)


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
        fold(w) in CORPORATE_WORDS for w in words
    )


def organisation(name: str) -> Author:
    """An organisation as named, without a trailing '(ed)' or '(eds.)'."""
    name = re.sub(r"\s*\((?:ed|eds|ed\.|eds\.)\)\s*$", "", name.strip())
    return Author(clean(name), corporate=True)


def parse_names_surname_first(text: str) -> list[Author]:
    """'Surname, Given & Surname, Given' or 'Surname, I., & Surname, I.' (one organisation if no comma)."""
    text = text.strip()
    if "," not in text:
        words = text.split()
        if len(words) == 2 and _is_initials(words[1]):  # 'Clerc L.'
            return [Author(words[0], words[1])]
        return [organisation(text.rstrip("."))]
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


def person_given_first(name: str) -> Author:
    """One person written 'Given Surname' (a particle such as 'van der' starts the surname)."""
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
        return [organisation(text)]
    names = [n.strip() for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", text) if n.strip()]
    return [organisation(n) if _corporate(n) else person_given_first(n) for n in names]
