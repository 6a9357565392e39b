"""Check 6, units: figures whose unit is missing or does not fit their measure, by the rules of :data:`UNIT_RULES`."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

import pandas as pd

from citydip.audit.display import groups_thousands, num, stated, where
from citydip.audit.model import CONSISTENT, DISCREPANCY, UNIT, Verdict
from citydip.core.figures import Figure, decimal, records

SHARE_WORDS = re.compile(r"^(?:share|proportion|percentage)\b|\(percent\)", re.IGNORECASE)
"""A share measure: one that starts 'share of ...' or says '(percent)'; 'year (urban population share)' is not."""
MONEY_WORDS = re.compile(r"^(?:GDP|investment|economy|budget|funding|export deals)\b", re.IGNORECASE)
"""An amount of money: a measure that starts with one of these ('investment bodies' further in is not one)."""
PER_PERSON_WORDS = re.compile(r"\bper capita\b|\bper person\b", re.IGNORECASE)
CURRENCIES = ("USD", "ZAR")
SCALED_BASES = ("USD", "ZAR", "people")
"""Base units whose values are written with scale words (million, billion): where a missing scale shows."""
MAGNITUDE = Decimal(1000)
"""A figure this many times above or below the median of its peers is flagged (a scale word looks missing)."""

UNIT_RULES: dict[str, str] = {
    "share-unit": "a measure that is a share or percentage must have a share unit (percent, share), and the other "
    "way round",
    "currency": "a measure that is an amount of money (GDP, investment, economy, budget, funding, export deals) "
    "must have a currency unit (USD, ZAR)",
    "per-capita": "a per capita measure must have a per-person unit, and the other way round",
    "date-unit": "a date must be in years or decades",
    "share-above-100": "a share of a whole ('share of ...') cannot exceed 100 %",
    "unit-from-context": "a value whose sentence states no scale word or currency that its unit has: the "
    "registry gives it from the surrounding text, and a reader of that sentence alone could not tell the unit",
    "magnitude": f"an amount of money or people must be within a factor of {MAGNITUDE:,} of the median of the "
    "other figures of the same measure and base unit in the same document",
}
"""The rules of :func:`check_units`: its id (the ``concerns`` of the check rows it gives), in words."""


def check_units(figures: pd.DataFrame) -> list[Verdict]:
    """Figures whose unit is missing or does not fit their measure, by the rules of :data:`UNIT_RULES`.

    The vocabulary rules only ever report a discrepancy. The magnitude rule compares each amount
    of money or people with the other figures of the same measure and base unit in its document
    and reports consistent or discrepancy: a value a thousand times off its peers has most likely
    lost a scale word (thousand, million, billion).
    """
    out = []
    for f in records(figures):
        measure, unit, base_unit = f["measure"], f["unit"], f["base_unit"]
        problems: list[tuple[str, str]] = []  # (rule id, what is wrong)
        is_share = bool(SHARE_WORDS.search(measure))
        if is_share and base_unit != "share":
            problems.append(("share-unit", f"the measure '{measure}' is a share, but the unit is '{unit}'"))
        if base_unit == "share" and not is_share:
            problems.append(
                ("share-unit", f"the unit is '{unit}', but the measure '{measure}' does not say it is a share")
            )
        if MONEY_WORDS.search(measure) and not is_share and base_unit not in CURRENCIES:
            problems.append(
                (
                    "currency",
                    f"the measure '{measure}' is an amount of money, but the unit is '{unit}' (no currency stated)",
                )
            )
        if bool(PER_PERSON_WORDS.search(measure)) != ("per" in unit.split()):
            problems.append(("per-capita", f"the measure '{measure}' and the unit '{unit}' disagree on 'per capita'"))
        if f["kind"] == "date" and base_unit != "year":
            problems.append(("date-unit", f"a date in '{unit}'"))
        value = decimal(f["base_value"])
        if base_unit == "share" and measure.lower().startswith("share of") and value is not None and value > 1:
            problems.append(("share-above-100", f"a share of a whole of {num(value * 100)}%, above 100%"))
        for rule, problem in problems:
            out.append(
                Verdict(
                    f["figure_id"],
                    UNIT,
                    DISCREPANCY,
                    f"{stated(f)}: {problem}",
                    f"{where(f)} states '{stated(f)}': {problem}.",
                    concerns=rule,
                )
            )
    out.extend(_magnitudes(figures))
    return out


def _magnitudes(figures: pd.DataFrame) -> list[Verdict]:
    out = []
    peers: dict[tuple[str, str, str], list[Figure]] = defaultdict(list)
    for f in records(figures):
        if f["base_unit"] in SCALED_BASES and f["base_value"] != "":
            peers[(f["doc_id"], f["measure"], f["base_unit"])].append(f)
    for group in peers.values():
        if len(group) < 2:
            continue
        for f in group:
            others = sorted(decimal(o["base_value"]) for o in group if o["figure_id"] != f["figure_id"])
            mid = len(others) // 2
            median = others[mid] if len(others) % 2 else (others[mid - 1] + others[mid]) / 2
            value = decimal(f["base_value"])
            if median == 0 or value == 0:
                continue
            ratio = value / median
            ok = 1 / MAGNITUDE < ratio < MAGNITUDE
            shown = f"{num(ratio, 2)}" if ratio >= Decimal("0.01") else f"1/{num(1 / ratio, 0)}"
            size = f"{num(ratio, 0)} times" if ratio > 1 else f"{num(1 / ratio, 0)} times smaller than"
            computation = (
                f"{stated(f)} = {num(value, grouping=groups_thousands(f))} {f['base_unit']}; median of the "
                f"{len(others)} other '{f['measure']}' "
                f"figure(s) of {f['doc_id']} = {num(median)} {f['base_unit']}; ratio {shown}; "
                f"within 1/{MAGNITUDE:,} to {MAGNITUDE:,} needed"
            )
            if ok:
                explanation = (
                    f"{stated(f)} is of the same order as the document's other '{f['measure']}' figures: "
                    "its scale word and unit look right."
                )
            else:
                explanation = (
                    f"{stated(f)} is {size} the median of the document's other '{f['measure']}' figures "
                    f"({num(median)} {f['base_unit']}): a scale word (thousand, million, billion) looks missing."
                )
            out.append(
                Verdict(
                    f["figure_id"],
                    UNIT,
                    CONSISTENT if ok else DISCREPANCY,
                    computation,
                    explanation,
                    concerns="magnitude",
                )
            )
    return out


SCALE_WORDS = ("thousand", "million", "billion", "trillion")
CURRENCY_MARKS = {
    "USD": re.compile(r"USD|US\$|\$|dollars?\b|U\.S\.", re.IGNORECASE),
    "ZAR": re.compile(r"ZAR|\bR ?\d|\brands?\b", re.IGNORECASE),
}
"""How a sentence states a currency."""
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?[¹²³⁰⁴-⁹]*\s+(?=[A-Z“\"(])|\n\s*\n")


def sentence_at(text: str, offset: int) -> str:
    """The sentence of ``text`` around ``offset``: from the end of the sentence before to the end of its own
    (a full stop, question or exclamation mark followed by a capital, or a blank line)."""
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, offset):
        start = m.end()
    m = _SENTENCE_END.search(text, offset)
    return text[start : m.start() + 1 if m else len(text)]


def check_units_from_context(figures: pd.DataFrame, texts: dict[str, str]) -> list[Verdict]:
    """Figures stated in the text whose scale word or currency their sentence does not state.

    A scale word is stated when the value itself carries it ('15.4 billion'); a currency when the
    sentence around the value names it (:data:`CURRENCY_MARKS`). Table cells take their units from
    their column headers and are left out. ``texts`` maps a document id to its text.
    """
    out = []
    for f in records(figures):
        if f["kind"] == "table_cell" or f["doc_id"] not in texts or not f["value_offset"]:
            continue
        scale = [w for w in f["unit"].split() if w in SCALE_WORDS and w not in f["value"].lower()]
        sentence = sentence_at(texts[f["doc_id"]], int(f["value_offset"]))
        mark = CURRENCY_MARKS.get(f["base_unit"])
        missing = [f"the value carries no scale word ('{w}')" for w in scale]
        if mark is not None and not mark.search(sentence):
            missing.append(f"its sentence names no currency ({f['base_unit']})")
        if not missing:
            continue
        what = " and ".join(missing)
        shown = " ".join(sentence.split())
        out.append(
            Verdict(
                f["figure_id"],
                UNIT,
                DISCREPANCY,
                f"'{f['value']}' in '{shown}': {what}; the registry reads it as {f['unit']} from the text around it",
                f"{where(f)} states '{f['value']}': {what}. The registry supplies {f['unit']} from the surrounding "
                "text, so a reader of that sentence alone could not tell the unit.",
                concerns="unit-from-context",
            )
        )
    return out
