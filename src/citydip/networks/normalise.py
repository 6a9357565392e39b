"""Citation text normalised: folded for comparing names and titles, cleaned for the parsed fields.

What belongs here: the text rules the citation modules share (``authors``, ``citations``,
``works``). A rule one module alone uses stays in that module.
"""

from __future__ import annotations

import re

from citydip.core.text import strip_accents

STOPWORDS = frozenset(
    {"the", "a", "an", "of", "and", "in", "on", "for", "to", "with", "at", "by", "from", "as", "is", "its"}
)


def fold(text: str) -> str:
    """Lower case ASCII: accents dropped, apostrophes removed, '&' read as 'and'."""
    text = strip_accents(text).casefold().replace("’", "").replace("'", "").replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def clean(text: str) -> str:
    """Markdown italics removed, spaces collapsed, trailing punctuation trimmed."""
    return " ".join(text.replace("*", "").split()).strip(" ,.;:")
