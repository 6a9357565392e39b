"""Small text and number helpers that several stages share: one definition each."""

from __future__ import annotations

import unicodedata
from decimal import ROUND_HALF_UP, Decimal


def plain_header(header: str) -> str:
    """A printed table header without its footnote asterisks: 'GDP** 2010' -> 'GDP 2010'."""
    return " ".join(header.replace("*", "").split())


def round_half_up(value: Decimal, places: int) -> Decimal:
    """``value`` at ``places`` decimals, halves rounded away from zero (as the documents print)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def strip_accents(text: str) -> str:
    """``text`` with its accents dropped: 'Bogotá' -> 'Bogota' (NFKD, combining marks removed)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def wrap(text: str, width: int = 48) -> str:
    """A long chart label broken into lines of at most ``width`` characters (plotly's <br>)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])
