"""Names found in text and compared: the rules by which a city, a network or an organisation
named in a curated row counts as named in a quote or a document, and by which two spellings of
a network's name are the same name.

What belongs here: any rule about comparing names (case, spacing, line breaks, apostrophes,
plurals), for the relation tables and their checks.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def name_key(name: str) -> str:
    """A name as ``network_of`` compares it: case, spaces and the apostrophe's shape ignored."""
    text = unicodedata.normalize("NFKC", name).replace("’", "'").casefold()
    return "".join(text.split())


@lru_cache(maxsize=256)
def flat_text(text: str) -> str:
    """Whitespace (line breaks included) collapsed to single spaces (cached: documents are searched often)."""
    return " ".join(text.split())


def _words(text: str) -> list[str]:
    """Words for loose comparison: lower case, letters and digits only, a plural or possessive s dropped."""
    words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", text).casefold())
    return [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words]


def contains_words(haystack: str, needle: str) -> bool:
    """Whether the words of ``needle`` stand together in ``haystack`` (compared as ``_words`` gives them)."""
    hay, need = _words(haystack), _words(needle)
    return bool(need) and any(hay[i : i + len(need)] == need for i in range(len(hay) - len(need) + 1))


def names_in(text: str, names: list[str]) -> bool:
    """Whether one of ``names`` stands in ``text`` as a whole name (spacing and line breaks aside)."""
    flat = flat_text(text)
    for name in map(flat_text, names):
        # the pattern is tried at each place the name stands (the lookbehind still sees the character
        # before it): searching the whole text with a pattern that starts with a lookbehind is slow
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
        start = flat.find(name)
        while start != -1:
            if pattern.match(flat, start):
                return True
            start = flat.find(name, start + 1)
    return False


def split_list(cell: str, sep: str = ";") -> list[str]:
    return [part.strip() for part in cell.split(sep) if part.strip()]
