"""The thesis's claims about Ledna's policy matrix (Figure 11), each quoted verbatim and tested under every coding.

The thesis makes claims about the matrix ("the two cities in the Global North were more actively
engaged than the two in the Global South"). A :class:`Claim` quotes one, says how it is read, and
tests that reading on the matrix scored under a coding (:mod:`citydip.tables.coding`);
:func:`claims_table` gives the verdict of every claim under every coding tested. A new claim goes
into :data:`CLAIMS`, with the function that tests it here.

A city is *active* in an area when its score equals the score the coding gives to ``+``: under
"neutral as reliance" a ``0`` counts as active too. A cell is *represented* (heavily or neutrally)
when it scores above ``-``, and *neutral* when it scores above ``-`` and below ``+``: under "neutral
as none" a ``0`` is neither. Means leave missing cells out.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from citydip.core.errors import InputError
from citydip.tables.coding import (
    MATRIX_LABEL,
    MISSING,
    NORTH,
    PARAMETER_LABEL,
    SOUTH,
    Coding,
    Groups,
    error_label,
    score,
)

ECONOMIC = "Economic Development and Business Policy"
ENVIRONMENT = "Environmental and Sustainability Policy"
CULTURE = "Cultural Policy"
SECURITY = "Security Policy"
TOURISM = "Tourism Development Policy"
MIGRATION = "Migration Policy"
SPORTS = "Sports Policy"
BUENOS_AIRES = "Buenos Aires"
GUANGZHOU = "Guangzhou"
LOS_ANGELES = "Los Angeles"
PARIS = "Paris"

HOLDS = "holds"
FAILS = "does not hold"

_TOLERANCE = 1e-9  # means closer than this count as equal (float sums in another order)
_DOCUMENT = error_label("document ledna")

# --- claims --------------------------------------------------------------------------------------

Check = Callable[[pd.DataFrame, Coding, Groups], tuple[bool, str]]


@dataclass(frozen=True)
class Claim:
    """A claim of the thesis about Figure 11: its verbatim quote, how it is read, and the test of that reading."""

    claim_id: str
    quote: str
    reading: str
    check: Check

    def __call__(self, scored: pd.DataFrame, coding: Coding, groups: Groups) -> tuple[bool, str]:
        """``(holds, why)`` for a scored matrix; ``why`` gives the numbers the verdict rests on."""
        return self.check(scored, coding, groups)


def _fmt(x: float) -> str:
    return "n/a" if math.isnan(x) else f"{x:.3g}"


def _require(scored: pd.DataFrame, *, areas: Sequence[str] = (), cities: Sequence[str] = ()) -> None:
    missing = [f"area {a!r}" for a in areas if a not in scored.index]
    missing += [f"city {c!r}" for c in cities if c not in scored.columns]
    if missing:
        raise InputError(MATRIX_LABEL, f"no {', '.join(missing)}", expected="the areas and cities of Ledna's Figure 11")


def _active(scored: pd.DataFrame, coding: Coding) -> pd.DataFrame:
    """True where a cell scores what ``+`` scores (never for a missing cell)."""
    return scored.eq(coding.active)


def _represented(scored: pd.DataFrame, coding: Coding) -> pd.DataFrame:
    """True where a cell scores above ``-`` (relies on metrodiplomacy, heavily or neutrally); never when missing."""
    none = coding.scores["-"]
    return scored.notna() if none is None else scored.gt(none)


def _neutral(scored: pd.DataFrame, coding: Coding) -> pd.DataFrame:
    """True where a cell scores above ``-`` and below ``+``: neither reliance nor none."""
    return _represented(scored, coding) & scored.lt(coding.active)


def _active_cities(scored: pd.DataFrame, coding: Coding, area: str) -> list[str]:
    row = _active(scored, coding).loc[area]
    return [str(c) for c in scored.columns if row[c]]


def _not_active(scored: pd.DataFrame, coding: Coding, area: str) -> list[str]:
    row = _active(scored, coding).loc[area]
    return [str(c) for c in scored.columns if not row[c]]


def _mean(values: pd.Series | pd.DataFrame) -> tuple[float, float, int]:
    """Mean over scored cells: ``(mean, sum, number of scored cells)``; the mean is NaN with none."""
    flat = pd.Series(values.to_numpy().ravel()).dropna()
    n = len(flat)
    total = float(flat.sum())
    return (total / n if n else math.nan), total, n


def _active_counts(scored: pd.DataFrame, coding: Coding) -> pd.Series:
    return _active(scored, coding).sum(axis=0)


def _counts_text(counts: pd.Series) -> str:
    return ", ".join(f"{city} {int(n)}" for city, n in counts.items())


def _all_in_economy_and_environment(scored: pd.DataFrame, coding: Coding, groups: Groups) -> tuple[bool, str]:
    _require(scored, areas=(ECONOMIC, ENVIRONMENT))
    n = scored.shape[1]
    parts = []
    holds = True
    for area in (ECONOMIC, ENVIRONMENT):
        active = _active_cities(scored, coding, area)
        holds &= len(active) == n
        lacking = _not_active(scored, coding, area)
        parts.append(f"{area}: {len(active)}/{n} cities active" + (f" (not: {', '.join(lacking)})" if lacking else ""))
    return holds, "; ".join(parts)


def _all_but_one_in_culture(scored: pd.DataFrame, coding: Coding, groups: Groups) -> tuple[bool, str]:
    _require(scored, areas=(CULTURE,))
    n = scored.shape[1]
    active = _active_cities(scored, coding, CULTURE)
    lacking = _not_active(scored, coding, CULTURE)
    why = f"{CULTURE}: {len(active)}/{n} cities active" + (f" (not: {', '.join(lacking)})" if lacking else "")
    return len(active) == n - 1, why


def _most_in_over_three(scored: pd.DataFrame, coding: Coding, groups: Groups) -> tuple[bool, str]:
    counts = _active_counts(scored, coding)
    n = len(counts)
    over = int((counts > 3).sum())
    holds = over > n / 2
    why = f"areas active per city: {_counts_text(counts)}; {over}/{n} cities active in more than 3 areas"
    return holds, why + f" (most = more than {n / 2:g})"


def _all_in_a_few(scored: pd.DataFrame, coding: Coding, groups: Groups) -> tuple[bool, str]:
    counts = _active_counts(scored, coding)
    n = len(counts)
    enough = int((counts >= 3).sum())
    why = f"areas active per city: {_counts_text(counts)}; {enough}/{n} cities active in at least 3 areas"
    return enough == n, why


def _security_least_active(scored: pd.DataFrame, coding: Coding, groups: Groups) -> tuple[bool, str]:
    _require(scored, areas=(SECURITY,))
    means = {str(area): _mean(scored.loc[area]) for area in scored.index}
    sec_mean, sec_total, sec_n = means[SECURITY]
    sec_text = f"{SECURITY} mean {_fmt(sec_mean)} (sum {sec_total:g} over {sec_n} scored cells)"
    if sec_n == 0:
        return False, f"{SECURITY} has no scored cell"
    others = {a: m for a, m in means.items() if a != SECURITY and m[2] > 0}
    if not others:
        return True, sec_text + "; no other area has a scored cell"
    lowest = min(m[0] for m in others.values())
    closest = [a for a, m in others.items() if math.isclose(m[0], lowest, abs_tol=_TOLERANCE)]
    other_text = "; ".join(
        f"{a} mean {_fmt(others[a][0])} (sum {others[a][1]:g} over {others[a][2]} scored cells)" for a in closest
    )
    if lowest > sec_mean + _TOLERANCE:
        return True, f"{sec_text}; next lowest: {other_text}"
    if math.isclose(lowest, sec_mean, abs_tol=_TOLERANCE):
        return False, f"{sec_text} ties with {other_text}"
    return False, f"{sec_text}; lower: {other_text}"


def _security_only_los_angeles(scored: pd.DataFrame, coding: Coding, groups: Groups) -> tuple[bool, str]:
    _require(scored, areas=(SECURITY,), cities=(LOS_ANGELES,))
    active = _active_cities(scored, coding, SECURITY)
    n = scored.shape[1]
    why = f"active in {SECURITY}: {', '.join(active) if active else 'none'} ({len(active)}/{n} cities)"
    return active == [LOS_ANGELES], why


def _group_text(label: str, values: tuple[float, float, int]) -> str:
    mean, total, n = values
    return f"{label} {_fmt(mean)} (sum {total:g} over {n} scored cells)"


def _north_pooled(scored: pd.DataFrame, coding: Coding, groups: Groups) -> tuple[bool, str]:
    _require(scored, cities=(*groups.north, *groups.south))
    north = _mean(scored[list(groups.north)])
    south = _mean(scored[list(groups.south)])
    holds = north[2] > 0 and south[2] > 0 and north[0] > south[0] + _TOLERANCE
    return holds, f"mean score: {_group_text('North', north)} vs {_group_text('South', south)}"


def _north_each(scored: pd.DataFrame, coding: Coding, groups: Groups) -> tuple[bool, str]:
    _require(scored, cities=(*groups.north, *groups.south))
    means = {city: _mean(scored[city]) for city in (*groups.north, *groups.south)}
    if any(m[2] == 0 for m in means.values()):
        empty = [c for c, m in means.items() if m[2] == 0]
        return False, f"no scored cell for {', '.join(empty)}"
    lowest_north = min(groups.north, key=lambda c: means[c][0])
    highest_south = max(groups.south, key=lambda c: means[c][0])
    holds = means[lowest_north][0] > means[highest_south][0] + _TOLERANCE
    listing = "; ".join(_group_text(c, means[c]) for c in (*groups.north, *groups.south))
    verdict = "exceeds" if holds else "does not exceed"
    return holds, (
        f"mean score per city: {listing}; lowest North ({lowest_north} {_fmt(means[lowest_north][0])}) {verdict} "
        f"highest South ({highest_south} {_fmt(means[highest_south][0])})"
    )


def _areas_text(areas: Sequence[str]) -> str:
    return ", ".join(areas) if areas else "no area"


def _each_area_represented(areas: Sequence[str]) -> Check:
    """Every one of ``areas`` has at least one city that scores above ``-``."""

    def check(scored: pd.DataFrame, coding: Coding, groups: Groups) -> tuple[bool, str]:
        _require(scored, areas=areas)
        row = _represented(scored, coding)
        parts = []
        for area in areas:
            cities = [str(c) for c in scored.columns if row.at[area, c]]
            parts.append(f"{area}: {len(cities)}/{scored.shape[1]} cities above '-' ({_areas_text(cities)})")
        return all(row.loc[a].any() for a in areas), "; ".join(parts)

    return check


def _city_cells(city: str, areas: Sequence[str], test: Callable, words: str) -> Check:
    """``city`` passes ``test`` (a cell-wise mask of the scored matrix) in every one of ``areas``."""

    def check(scored: pd.DataFrame, coding: Coding, groups: Groups) -> tuple[bool, str]:
        _require(scored, areas=areas, cities=(city,))
        mask = test(scored, coding)[city]
        failing = [a for a in areas if not mask[a]]
        scores = ", ".join(f"{a} {_format_cell(scored.at[a, city])}" for a in areas)
        verdict = f"not {words} in: {_areas_text(failing)}" if failing else f"{words} in all of them"
        return not failing, f"{city} scores {scores} ('+' scores {coding.active:g}); {verdict}"

    return check


def _strictly_top(city: str, areas: Sequence[str]) -> Check:
    """``areas`` each score higher for ``city`` than every other scored area of the city."""

    def check(scored: pd.DataFrame, coding: Coding, groups: Groups) -> tuple[bool, str]:
        _require(scored, areas=areas, cities=(city,))
        column = scored[city]
        if any(math.isnan(column[a]) for a in areas):
            return False, f"{city}: a named area has no score"
        lowest = min(column[a] for a in areas)
        others = [str(a) for a in scored.index if a not in areas and not math.isnan(column[a])]
        rivals = [a for a in others if column[a] >= lowest - _TOLERANCE]
        named = f"lowest of the named areas {_format_cell(lowest)}"
        if rivals:
            listed = ", ".join(f"{a} {_format_cell(column[a])}" for a in rivals)
            return False, f"{city}: {named}; as high or higher: {listed}"
        return True, f"{city}: {named}; every other area lower ({_areas_text(others)})"

    return check


def _lesser(city: str, main: Sequence[str], lesser: Sequence[str]) -> Check:
    """``city`` is active in ``main``; ``lesser`` score below each of them, yet above ``-``."""

    def check(scored: pd.DataFrame, coding: Coding, groups: Groups) -> tuple[bool, str]:
        _require(scored, areas=(*main, *lesser), cities=(city,))
        column, represented = scored[city], _represented(scored, coding)[city]
        active = _active(scored, coding)[city]
        floor = min(column[a] for a in main)
        problems = [f"not active in {a}" for a in main if not active[a]]
        problems += [f"{a} not below the main areas" for a in lesser if not column[a] < floor - _TOLERANCE]
        problems += [f"{a} not above '-'" for a in lesser if not represented[a]]
        scores = ", ".join(f"{a} {_format_cell(column[a])}" for a in (*main, *lesser))
        return not problems, f"{city} scores {scores}" + (f": {'; '.join(problems)}" if problems else "")

    return check


def _short_only_in(city: str, areas: Sequence[str]) -> Check:
    """``city`` is not active in exactly ``areas`` (a missing cell is not active)."""

    def check(scored: pd.DataFrame, coding: Coding, groups: Groups) -> tuple[bool, str]:
        _require(scored, areas=areas, cities=(city,))
        column = _active(scored, coding)[city]
        short = [str(a) for a in scored.index if not column[a]]
        return short == list(areas), f"{city} not active in: {_areas_text(short)}"

    return check


def _active_in_most(city: str) -> Check:
    """``city`` is active in more than half of the areas (a missing cell is not active)."""

    def check(scored: pd.DataFrame, coding: Coding, groups: Groups) -> tuple[bool, str]:
        _require(scored, cities=(city,))
        column = _active(scored, coding)[city]
        active = [str(a) for a in scored.index if column[a]]
        n = scored.shape[0]
        why = f"{city} active in {len(active)} of {n} areas ({_areas_text(active)}); most = more than {n / 2:g}"
        return len(active) > n / 2, why

    return check


def _no_same_path(scored: pd.DataFrame, coding: Coding, groups: Groups) -> tuple[bool, str]:
    cities = list(scored.columns)
    if len(cities) < 2:
        return True, "fewer than two cities"
    pairs = []
    for i, a in enumerate(cities):
        for b in cities[i + 1 :]:
            differ = [
                str(area)
                for area in scored.index
                if not (
                    (math.isnan(scored.at[area, a]) and math.isnan(scored.at[area, b]))
                    or scored.at[area, a] == scored.at[area, b]
                )
            ]
            pairs.append((len(differ), str(a), str(b), differ))
    same = [(a, b) for n, a, b, _ in pairs if n == 0]
    if same:
        return False, "identical scores: " + "; ".join(f"{a} and {b}" for a, b in same)
    n, a, b, differ = min(pairs, key=lambda p: p[0])
    detail = ", ".join(
        f"{area}: {_format_cell(scored.at[area, a])} vs {_format_cell(scored.at[area, b])}" for area in differ
    )
    return True, f"no two cities score alike; closest pair: {a} and {b}, differing in {n} area(s) ({detail})"


def _format_cell(value: float) -> str:
    return MISSING if math.isnan(value) else f"{value:g}"


CLAIMS: list[Claim] = [
    Claim(
        "all_in_economy_and_environment",
        "all cities in this study utilized metrodiplomacy in the areas of economic development and business policy, "
        "as well as environmental and sustainability policy",
        f"every city is active in both {ECONOMIC} and {ENVIRONMENT}",
        _all_in_economy_and_environment,
    ),
    Claim(
        "all_but_one_in_culture",
        "all cities except for one were active in the realm of cultural policy",
        f"exactly one city (3 of 4) is not active in {CULTURE}",
        _all_but_one_in_culture,
    ),
    Claim(
        "most_in_over_three_areas",
        "most cities were active in over three policy areas",
        "more than half of the cities (at least 3 of 4) are active in more than three areas (four or more)",
        _most_in_over_three,
    ),
    Claim(
        "all_in_a_few_areas",
        "all cities utilize metrodiplomacy in at least a few key policy areas",
        "every city is active in at least three areas ('a few' read as three)",
        _all_in_a_few,
    ),
    Claim(
        "security_least_active",
        "they were least active in the area of security policy",
        f"{SECURITY} has the strictly lowest mean score of all areas (missing cells left out; a tie fails)",
        _security_least_active,
    ),
    Claim(
        "security_only_los_angeles",
        "with only Los Angeles actively engaged in this area",
        f"{LOS_ANGELES} is the only city active in {SECURITY}",
        _security_only_los_angeles,
    ),
    Claim(
        "tourism_migration_sports_represented",
        "other areas such as tourism, migration, and sports policy were also represented in this study, either "
        "heavily or neutrally",
        f"each of {TOURISM}, {MIGRATION} and {SPORTS} has at least one city scoring above '-' (relies on "
        "metrodiplomacy, heavily or neutrally)",
        _each_area_represented((TOURISM, MIGRATION, SPORTS)),
    ),
    Claim(
        "north_more_engaged_pooled",
        "the two cities in the Global North were more actively engaged than the two in the Global South",
        f"the mean score of all cells of the {NORTH} cities is higher than that of all cells of the {SOUTH} cities "
        "(groups as each city's section states them)",
        _north_pooled,
    ),
    Claim(
        "north_more_engaged_each",
        "the two cities in the Global North were more actively engaged than the two in the Global South",
        f"stricter: the mean score of each {NORTH} city is higher than that of each {SOUTH} city",
        _north_each,
    ),
    Claim(
        "no_same_path",
        "no single city follows the same path",
        "no two cities have identical scores in every area (two missing cells count as alike)",
        _no_same_path,
    ),
    # --- what each city's section says of the areas its table (Figures 3, 6, 8, 10) then codes;
    # tested on the city's column of Figure 11, which is rebuilt from those tables
    Claim(
        "buenos_aires_most_frequent_areas",
        "the city utilizes metrodiplomacy most frequently in matters of the environment and sustainability policy, "
        "economic development policy, and cultural policy",
        f"{BUENOS_AIRES} is active in {ENVIRONMENT}, {ECONOMIC} and {CULTURE}",
        _city_cells(BUENOS_AIRES, (ENVIRONMENT, ECONOMIC, CULTURE), _active, "active"),
    ),
    Claim(
        "buenos_aires_most_frequent_areas_strict",
        "the city utilizes metrodiplomacy most frequently in matters of the environment and sustainability policy, "
        "economic development policy, and cultural policy",
        f"stricter ('most frequently'): each of these three areas scores higher for {BUENOS_AIRES} than every other "
        "area (missing cells left out)",
        _strictly_top(BUENOS_AIRES, (ENVIRONMENT, ECONOMIC, CULTURE)),
    ),
    Claim(
        "buenos_aires_security_sports_lesser",
        "the development of areas such as economics and tourism—and to a lesser degree, security and sports—are able "
        "to be covered",
        f"{BUENOS_AIRES} is active in {ECONOMIC} and {TOURISM}; {SECURITY} and {SPORTS} score lower than both, "
        "and above '-' (covered, to a lesser degree)",
        _lesser(BUENOS_AIRES, (ECONOMIC, TOURISM), (SECURITY, SPORTS)),
    ),
    Claim(
        "guangzhou_economic_focus",
        "shaped the metrodiplomacy of Guangzhou to be largely economically-focused",
        f"{GUANGZHOU} is active in {ECONOMIC}",
        _city_cells(GUANGZHOU, (ECONOMIC,), _active, "active"),
    ),
    Claim(
        "guangzhou_broad_areas",
        "work in areas as broad as tourism development, cultural policy, sustainability, and even migration",
        f"{GUANGZHOU} scores above '-' (relies on metrodiplomacy, heavily or neutrally) in {TOURISM}, {CULTURE}, "
        f"{ENVIRONMENT} and {MIGRATION}",
        _city_cells(GUANGZHOU, (TOURISM, CULTURE, ENVIRONMENT, MIGRATION), _represented, "above '-'"),
    ),
    Claim(
        "guangzhou_migration_highly_active",
        "Specifically in the area of migration policy, which is rarely engaged in at the municipal level, the city is "
        "highly active",
        f"{GUANGZHOU} is active in {MIGRATION} (that migration is rarely engaged in at the municipal level is said of "
        "cities in general, not of the matrix, and is not tested)",
        _city_cells(GUANGZHOU, (MIGRATION,), _active, "active"),
    ),
    Claim(
        "los_angeles_short_only_in_tourism",
        "About the only area in which L.A. fell short in its utilization of metrodiplomacy was tourism development",
        f"{LOS_ANGELES} is not active in {TOURISM} and active in every other area (a missing cell is not active)",
        _short_only_in(LOS_ANGELES, (TOURISM,)),
    ),
    Claim(
        "paris_tourism_culture_central",
        "Tourism and cultural policy, which in Paris are very closely aligned, also are central aspects of the "
        "metrodiplomacy of the city",
        f"{PARIS} is active in {TOURISM} and {CULTURE}",
        _city_cells(PARIS, (TOURISM, CULTURE), _active, "active"),
    ),
    Claim(
        "paris_neutral_migration",
        "The final mentionable area in which Paris has neutral metrodiplomatic involvement is the area of migration "
        "policy",
        f"{PARIS} scores above '-' and below '+' in {MIGRATION} (neutral: neither reliance nor none)",
        _city_cells(PARIS, (MIGRATION,), _neutral, "neutral"),
    ),
    Claim(
        "paris_widely_engaged",
        "Apart from this area of improvement, however, Paris appears to be widely engaged in metrodiplomacy overall",
        f"{PARIS} is active in more than half of the areas (a missing cell is not active)",
        _active_in_most(PARIS),
    ),
    Claim(
        "paris_widely_engaged_apart_from_migration",
        "Apart from this area of improvement, however, Paris appears to be widely engaged in metrodiplomacy overall",
        f"stricter: {PARIS} is active in every area but {MIGRATION}, 'this area of improvement' (a missing cell is "
        "not active)",
        _short_only_in(PARIS, (MIGRATION,)),
    ),
]
"""The thesis's claims about Figure 11, in the order the checks are reported."""


def verify_quotes(doc_text: str, claims: Sequence[Claim] = CLAIMS) -> None:
    """Refuse any claim whose quote is not, character for character, in the document's text."""
    for claim in claims:
        if claim.quote not in doc_text:
            raise InputError(
                _DOCUMENT,
                f"quote not found: {claim.quote!r}",
                where=f"claim {claim.claim_id}",
                expected="the quote verbatim in the thesis text",
            )


# --- tables --------------------------------------------------------------------------------------

TABLE_COLUMNS: tuple[str, ...] = ("claim_id", "claim", "reading", "coding", "coding_scores", "verdict", "why")


def claims_table(
    matrix: pd.DataFrame, codings: Sequence[Coding], groups: Groups, claims: Sequence[Claim] = CLAIMS
) -> pd.DataFrame:
    """One row per claim and coding (claims in order, then codings in the order given).

    ``groups``: the thesis's Global North and South cities (:func:`groups_of`).
    """
    names = [c.name for c in codings]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise InputError(PARAMETER_LABEL, f"coding name(s) {', '.join(repeated)} used twice", expected="distinct names")
    scored = {c.name: score(matrix, c) for c in codings}
    rows = []
    for claim in claims:
        for coding in codings:
            holds, why = claim(scored[coding.name], coding, groups)
            rows.append(
                {
                    "claim_id": claim.claim_id,
                    "claim": claim.quote,
                    "reading": claim.reading,
                    "coding": coding.name,
                    "coding_scores": coding.describe(),
                    "verdict": HOLDS if holds else FAILS,
                    "why": why,
                }
            )
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


def claims_summary(table: pd.DataFrame) -> pd.DataFrame:
    """One row per claim (``claim_id`` column), one column per coding, each cell the verdict."""
    claim_ids = list(dict.fromkeys(table["claim_id"]))
    coding_names = list(dict.fromkeys(table["coding"]))
    verdict = {(r.claim_id, r.coding): r.verdict for r in table.itertuples(index=False)}
    rows = [{"claim_id": cid, **{name: verdict.get((cid, name), "") for name in coding_names}} for cid in claim_ids]
    return pd.DataFrame(rows, columns=["claim_id", *coding_names])
