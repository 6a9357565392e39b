"""How the policy codes of Ledna's Figure 11 are turned into numbers, and which cities form the thesis's groups.

Ledna's thesis (document ``ledna``) sums up its case studies in a matrix (Figure 11): one row per
policy area, one column per city, each cell one of four codes::

    +  relies on metrodiplomacy
    0  neutral reliance
    -  no reliance
    ?  not clear

Checking the thesis's claims about this matrix (:mod:`citydip.tables.claims`) needs numbers, and the
codes do not say what number a ``0`` or a ``?`` is worth. A :class:`Coding` states that choice; the
notebook parameter ``coding`` picks one (``DEFAULT`` otherwise) and :func:`codings_to_test` adds the
named :data:`ALTERNATIVES`, so that every verdict is shown under more than one reasonable coding.
:func:`score` turns the matrix of codes into a matrix of scores under a coding.

Which cities form the thesis's Global North and Global South pairs is not written here: it is read
from the group each city's document states (``data/raw/cases.csv``, quoted) and passed in as
:class:`Groups`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from citydip.core import paths
from citydip.core.errors import InputError

CODES: tuple[str, ...] = ("+", "0", "-", "?")
"""The four codes of the matrix, in the order the thesis's legend gives them."""

CODE_MEANINGS: dict[str, str] = {
    "+": "relies on metrodiplomacy",
    "0": "neutral reliance",
    "-": "no reliance",
    "?": "not clear",
}

MISSING = "missing"
"""The word that gives a code no score (the cell is left out of means and counts)."""

DEFAULT = "+:1 0:0.5 -:0 ?:missing"
"""The default value of the notebook parameter ``coding`` (papermill cannot read a default holding '=')."""

NORTH = "Global North"
SOUTH = "Global South"
"""The two groups the thesis compares, as its cities' stated groups name them."""

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_EXPECTED_CODING = (
    "each of the codes + 0 - ? exactly once, as code:number or code:missing (e.g. '+:1 0:0.5 -:0 ?:missing')"
)


def error_label(label: str) -> str:
    """A non-file label for :class:`InputError` that prints as given, whatever the working directory.

    ``InputError`` shows its ``file`` relative to the project root, resolving it first; a bare
    label would be resolved against the working directory (and printed as an absolute path when
    that lies outside the project). Anchoring the label at the root keeps it as written.
    """
    return str(paths.ROOT / label)


PARAMETER_LABEL = error_label("parameter coding")
MATRIX_LABEL = error_label("policy matrix")
_CASES = paths.ROOT / "data" / "raw" / "cases.csv"


@dataclass(frozen=True)
class Groups:
    """The cities of the thesis's Global North and Global South pairs, in matrix order."""

    north: tuple[str, ...]
    south: tuple[str, ...]


def groups_of(stated: Mapping[str, str], cities: Sequence[str]) -> Groups:
    """The two groups of the matrix's ``cities`` from each city's stated group (city -> 'Global North' ...).

    Every city of the matrix must have one of the two groups, and each group must have a city:
    a claim comparing the groups cannot be tested otherwise.
    """
    wanted = f"'{NORTH}' or '{SOUTH}' in the group column"
    for city in cities:
        group = stated.get(city)
        if group not in (NORTH, SOUTH):
            shown = "no case-study city" if group is None else f"group {group!r}"
            raise InputError(_CASES, f"{shown} for {city!r} of the policy matrix", expected=wanted)
    groups = Groups(tuple(c for c in cities if stated[c] == NORTH), tuple(c for c in cities if stated[c] == SOUTH))
    for name, members in ((NORTH, groups.north), (SOUTH, groups.south)):
        if not members:
            raise InputError(_CASES, f"no city of the policy matrix is in the {name}", expected=wanted)
    return groups


# --- codings -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coding:
    """A named choice of scores for the four codes; ``None`` means the code gets no score (missing)."""

    name: str
    scores: dict[str, float | None]

    @property
    def active(self) -> float:
        """The score of ``+``: a cell with this score counts as active."""
        value = self.scores.get("+")
        if value is None:
            raise InputError(PARAMETER_LABEL, f"coding {self.name!r} scores + as missing", expected="a number for +")
        return value

    def describe(self) -> str:
        """The scores in words, e.g. ``+ = 1, 0 = 0.5, - = 0, ? = missing``."""
        return ", ".join(f"{code} = {_format_score(self.scores[code])}" for code in CODES)


def _format_score(value: float | None) -> str:
    return MISSING if value is None else f"{value:g}"


# One part of a coding: code, ':' or '=' (spaces around it allowed), score; or a token with neither.
_PART = re.compile(r"(?P<code>[^\s,:=]*)\s*(?P<sep>[:=])\s*(?P<value>[^\s,]*)|[^\s,]+")


def parse_coding(text: str, name: str = "parameter") -> Coding:
    """Read a coding such as ``"+:1 0:0.5 -:0 ?:missing"`` (the notebook parameter ``coding``).

    Code and score are joined by ``:`` or ``=``; parts are separated by spaces or commas, and spaces
    around the joiner are allowed, so the text of
    :meth:`Coding.describe` reads back. Each of the four codes must appear exactly once with a number
    or the word ``missing``; ``+`` must have a number and no code may score higher than ``+``
    (a code scoring above "relies on metrodiplomacy" would turn every comparison upside down).
    """
    if not isinstance(text, str):
        raise InputError(PARAMETER_LABEL, f"not text: {text!r}", expected=_EXPECTED_CODING)
    parts = list(_PART.finditer(text))
    if not parts:
        raise InputError(PARAMETER_LABEL, "empty", expected=_EXPECTED_CODING)
    scores: dict[str, float | None] = {}
    for part in parts:
        code, sep, value = part.group("code", "sep", "value") if part["sep"] else (part[0], "", "")
        where = f"part {part[0]!r}"  # as typed
        if not sep:
            raise InputError(PARAMETER_LABEL, "no ':' between code and score", where=where, expected=_EXPECTED_CODING)
        if code not in CODES:
            raise InputError(PARAMETER_LABEL, f"unknown code {code!r}", where=where, expected=_EXPECTED_CODING)
        if code in scores:
            raise InputError(PARAMETER_LABEL, f"code {code!r} given twice", where=where, expected=_EXPECTED_CODING)
        if value.lower() == MISSING:
            scores[code] = None
        elif _NUMBER.fullmatch(value):
            scores[code] = float(value)
        else:
            raise InputError(
                PARAMETER_LABEL, f"score {value!r} is not a number", where=where, expected=_EXPECTED_CODING
            )
    absent = [c for c in CODES if c not in scores]
    if absent:
        raise InputError(
            PARAMETER_LABEL, f"code(s) {' '.join(absent)} not given", where=f"value {text!r}", expected=_EXPECTED_CODING
        )
    top = scores["+"]
    if top is None:
        raise InputError(
            PARAMETER_LABEL,
            "+ scored as missing",
            where=f"value {text!r}",
            expected="a number for + (it defines 'active')",
        )
    above = [c for c in CODES if (s := scores[c]) is not None and s > top]
    if above:
        raise InputError(
            PARAMETER_LABEL,
            f"code(s) {' '.join(above)} score higher than +",
            where=f"value {text!r}",
            expected="+ to have the highest score",
        )
    return Coding(name=name, scores={c: scores[c] for c in CODES})


ALTERNATIVES: list[Coding] = [
    parse_coding(DEFAULT, name="default"),
    parse_coding("+=1 0=0 -=0 ?=missing", name="neutral as none"),
    parse_coding("+=1 0=1 -=0 ?=missing", name="neutral as reliance"),
    parse_coding("+=1 0=0.5 -=0 ?=0", name="unclear as none"),
    parse_coding("+=1 0=0 -=-1 ?=missing", name="signed"),
]
"""Named codings tested next to the parameter; they differ pairwise, so at least four are always tested."""


def codings_to_test(parameter_text: str) -> list[Coding]:
    """The parameter's coding (named ``parameter``), then every alternative that scores differently."""
    chosen = parse_coding(parameter_text, name="parameter")
    return [chosen, *(alt for alt in ALTERNATIVES if alt.scores != chosen.scores)]


# --- scoring -------------------------------------------------------------------------------------


def score(matrix: pd.DataFrame, coding: Coding) -> pd.DataFrame:
    """The matrix of codes (index: policy areas, columns: cities) as scores; missing scores are NaN."""
    if matrix.shape[0] == 0 or matrix.shape[1] == 0:
        raise InputError(
            MATRIX_LABEL,
            f"empty ({matrix.shape[0]} areas x {matrix.shape[1]} cities)",
            expected="a code per area and city",
        )
    for axis, labels in (("area", matrix.index), ("city", matrix.columns)):
        repeated = sorted({str(x) for x in labels[labels.duplicated()]})
        if repeated:
            raise InputError(MATRIX_LABEL, f"repeated {axis} {', '.join(repeated)}", expected=f"each {axis} once")
    scored = pd.DataFrame(index=matrix.index.copy(), columns=matrix.columns.copy(), dtype=float)
    valid = ", ".join(f"{c} ({CODE_MEANINGS[c]})" for c in CODES)
    for area in matrix.index:
        for city in matrix.columns:
            cell = matrix.at[area, city]
            code = cell.strip() if isinstance(cell, str) else None
            if code not in CODES:
                shown = "empty cell" if code == "" or (code is None and pd.isna(cell)) else repr(cell)
                raise InputError(
                    MATRIX_LABEL,
                    f"unknown code {shown}",
                    where=f"area {area!r}, city {city!r}",
                    expected=f"one of {valid}",
                )
            value = coding.scores[code]
            scored.at[area, city] = math.nan if value is None else value
    return scored
