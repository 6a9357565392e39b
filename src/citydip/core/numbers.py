"""What counts as a number in a document, and how a stated value is read.

One definition serves the coverage scanner (every number in a text) and the
registry (a figure's value must be one of the numbers of its quote), so the two
can never disagree about what a number is.

A number is
- a run of digits, with thousands separators and a decimal point (``7,477``,
  ``1,051.5``, ``38.01``), together with a scale word that follows it
  (``13.1 million``, ``R200 Million``);
- a run of superscript digits (footnote markers such as ``¹²``);
- a cardinal number word (``ten``, ``eighteen``, ``twenty-seven``), a scale word
  standing alone (``hundreds``, ``thousands``), or ``half``, ``quarter``,
  ``dozen``, ``twice``.

Ordinal words (first, second, third, ...) are not numbers here: in these texts
they rank or sequence (``the first case study``) rather than state a quantity.
Ordinals written with digits (``21st``) are found, and then excluded by a rule.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 10**2, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
FRACTIONS = {"half": Decimal("0.5"), "quarter": Decimal("0.25")}
MULTIPLES = {"twice": 2, "dozen": 12}

_ONE_TO_NINE = "|".join(w for w, n in ONES.items() if 1 <= n <= 9)
_TENS = "|".join(TENS)
_SCALE = "|".join(SCALES)
_WORD = (
    rf"(?:(?:{_TENS})(?:-(?:{_ONE_TO_NINE}))?"
    rf"|{'|'.join(sorted(ONES, key=len, reverse=True))}"
    rf"|(?:{_SCALE}|dozen)s?"
    rf"|{'|'.join(FRACTIONS)}|twice)"
)
DIGITS = r"\d+(?:[.,]\d+)*"
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

NUMBER_RE = re.compile(
    rf"(?P<digits>{DIGITS}(?:\s+(?:{_SCALE})\b)?)"
    rf"|(?P<super>[{SUPERSCRIPTS}]+)"
    rf"|(?P<word>\b{_WORD}\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Number:
    """One number found in a text: its span, its text and its kind (digits, super, word)."""

    start: int
    end: int
    text: str
    kind: str


def find_numbers(text: str) -> list[Number]:
    """Every number in ``text``, left to right, with character offsets."""
    return [Number(m.start(), m.end(), m.group(), m.lastgroup or "") for m in NUMBER_RE.finditer(text)]


def find_value(value: str, text: str) -> list[Number]:
    """The numbers of ``text`` that are exactly the stated ``value``.

    ``value`` is itself read as a sequence of numbers (``"one in eight"`` is two),
    and it matches where the same sequence of numbers stands in ``text`` with the
    same words in between. Matching is on whole numbers: ``"10"`` does not match
    inside ``"100"`` or ``"10.5"``.
    """
    wanted = find_numbers(value)
    if not wanted:
        return []
    found = find_numbers(text)
    glue = [value[a.end : b.start] for a, b in itertools.pairwise(wanted)]
    hits = []
    for i in range(len(found) - len(wanted) + 1):
        window = found[i : i + len(wanted)]
        if any(f.text.lower() != w.text.lower() for f, w in zip(window, wanted, strict=False)):
            continue
        if any(text[a.end : b.start] != g for a, b, g in zip(window, window[1:], glue, strict=False)):
            continue
        hits.append(Number(window[0].start, window[-1].end, text[window[0].start : window[-1].end], "value"))
    return hits


def _word_value(word: str) -> Decimal | None:
    w = word.lower()
    if w in ONES:
        return Decimal(ONES[w])
    if w in TENS:
        return Decimal(TENS[w])
    if "-" in w:
        tens, _, ones = w.partition("-")
        if tens in TENS and ones in ONES:
            return Decimal(TENS[tens] + ONES[ones])
    if w in SCALES:
        return Decimal(SCALES[w])
    if w in FRACTIONS:
        return FRACTIONS[w]
    if w in MULTIPLES:
        return Decimal(MULTIPLES[w])
    return None  # plural scale words ("hundreds") state no definite number


def parse_value(value: str) -> Decimal | None:
    """The number a stated value stands for, or None where it states none.

    ``"7,477"`` -> 7477; ``"13.1"`` -> 13.1; ``"ten"`` -> 10; ``"twenty-seven"`` -> 27;
    ``"half"`` -> 0.5; ``"one in eight"`` -> 0.125; ``"13.1 million"`` -> 13100000;
    ``"hundreds"`` -> None (indefinite).
    Raises ValueError where ``value`` is not a number at all.
    """
    text = value.strip()
    ratio = re.fullmatch(rf"({_WORD}|{DIGITS})\s+in\s+({_WORD}|{DIGITS})", text, re.IGNORECASE)
    if ratio:
        num, den = parse_value(ratio.group(1)), parse_value(ratio.group(2))
        if num is None or den is None or den == 0:
            raise ValueError(f"{value!r} is not a ratio of two definite numbers")
        return num / den
    scaled = re.fullmatch(rf"({DIGITS}|{_WORD})\s+({_SCALE})", text, re.IGNORECASE)
    if scaled:
        number = parse_value(scaled.group(1))
        if number is None:
            raise ValueError(f"{value!r} is not a definite number")
        return number * SCALES[scaled.group(2).lower()]
    if re.fullmatch(DIGITS, text):
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", text) is None:
            raise ValueError(f"{value!r} has misplaced separators")
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation as exc:  # pragma: no cover - the pattern above rules it out
            raise ValueError(f"{value!r} is not a number") from exc
    if re.fullmatch(_WORD, text, re.IGNORECASE):
        return _word_value(text)
    raise ValueError(f"{value!r} is not a number in digits or words")


def format_decimal(number: Decimal | None) -> str:
    """A stable text form: no exponent, no trailing zeros, '' for None."""
    if number is None:
        return ""
    text = format(number.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
