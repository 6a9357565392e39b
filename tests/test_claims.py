"""The thesis's claims about Ledna's policy matrix (Figure 11): each claim's test, its quote, its verdicts.

Every expected verdict and number here is worked out by hand from the matrix and the meaning of the
claim (the arithmetic is in the comments), not taken from the code's output.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from citydip.core import paths
from citydip.core.errors import InputError
from citydip.tables.claims import CLAIMS, claims_summary, claims_table, verify_quotes
from citydip.tables.coding import DEFAULT, Coding, Groups, codings_to_test, parse_coding, score
from policy_matrix import (
    CODING,
    CULTURE,
    ECON,
    ENV,
    GROUPS,
    MIGRATION,
    REAL,
    SECURITY,
    SPORTS,
    TOURISM,
    grid,
    one_line_error,
)

DOCUMENT = paths.RAW / "documents" / "002_cc74d48a6bb02853.txt"


def check(
    claim_id: str, matrix: pd.DataFrame, coding_: Coding | None = None, groups: Groups = GROUPS
) -> tuple[bool, str]:
    """Run one claim on a matrix of codes under a coding (the default unless given)."""
    coding_ = coding_ or parse_coding(DEFAULT)
    claim = next(c for c in CLAIMS if c.claim_id == claim_id)
    return claim(score(matrix, coding_), coding_, groups)


# --- each claim on small hand-made matrices --------------------------------------------------------


def test_all_in_economy_and_environment():
    assert check("all_in_economy_and_environment", grid({ECON: "++++", ENV: "++++"}))[0]
    holds, why = check("all_in_economy_and_environment", grid({ECON: "++++", ENV: "++0+"}))
    assert not holds
    assert "3/4" in why and "Los Angeles" in why


def test_all_but_one_in_culture():
    assert check("all_but_one_in_culture", grid({CULTURE: "+0++"}))[0]
    assert not check("all_but_one_in_culture", grid({CULTURE: "++++"}))[0]  # all four: not "all but one"
    assert not check("all_but_one_in_culture", grid({CULTURE: "+0-+"}))[0]  # two short


def test_most_in_over_three_areas():
    areas = [ECON, SECURITY, TOURISM, CULTURE, MIGRATION]
    # active areas per city: BA 4, GZ 4, LA 4, Paris 3 -> 3 of 4 in more than three
    yes = grid(dict(zip(areas, ["++++", "+++-", "+++0", "++++", "-0-+"], strict=True)))
    assert check("most_in_over_three_areas", yes)[0]
    # BA 4, GZ 3, LA 3, Paris 4 -> only 2 of 4; exactly three areas is not "over three"
    no = grid(dict(zip(areas, ["++++", "+--+", "++++", "++++", "-0-0"], strict=True)))
    holds, why = check("most_in_over_three_areas", no)
    assert not holds
    assert "Buenos Aires 4, Guangzhou 3, Los Angeles 3, Paris 4" in why


def test_all_in_a_few_areas():
    areas = [ECON, SECURITY, TOURISM, CULTURE]
    assert check("all_in_a_few_areas", grid(dict(zip(areas, ["++++", "++++", "++++", "-0-?"], strict=True))))[0]
    # Guangzhou is active in two areas only
    holds, why = check("all_in_a_few_areas", grid(dict(zip(areas, ["++++", "+0++", "++++", "-0-?"], strict=True))))
    assert not holds
    assert "Guangzhou 2" in why


def test_security_least_active_strictly_lowest():
    # means: econ 1, security 0.25, sports 0.5
    holds, why = check("security_least_active", grid({ECON: "++++", SECURITY: "0-0-", SPORTS: "++--"}))
    assert holds
    assert "0.25" in why and "Sports Policy" in why


def test_security_least_active_tie_fails_and_names_the_other_area():
    # security (0.5+0+1+0)/4 = 0.375 = sports (0+0.5+0+1)/4
    holds, why = check("security_least_active", grid({ECON: "++++", SECURITY: "0-+-", SPORTS: "-0-+"}))
    assert not holds
    assert "ties with Sports Policy" in why


def test_security_least_active_lower_area_fails():
    holds, why = check("security_least_active", grid({ECON: "++++", SECURITY: "0-+-", SPORTS: "----"}))
    assert not holds
    assert "Sports Policy" in why


def test_security_least_active_leaves_missing_cells_out():
    # security 0.5/4 = 0.125; sports with ? left out: 0.5/3 = 0.167 -> holds; if ? were 0, 0.5/4 ties
    matrix = grid({ECON: "++++", SECURITY: "0---", SPORTS: "0--?"})
    assert check("security_least_active", matrix)[0]
    assert not check("security_least_active", matrix, CODING["unclear as none"])[0]


def test_security_only_los_angeles():
    assert check("security_only_los_angeles", grid({SECURITY: "0-+-"}))[0]
    assert not check("security_only_los_angeles", grid({SECURITY: "+-+-"}))[0]
    holds, why = check("security_only_los_angeles", grid({SECURITY: "0-0+"}))
    assert not holds
    assert "Paris" in why


def test_north_more_engaged_pooled_and_each():
    # BA 1, GZ 0, LA 1, Paris 0.75: pooled North 3.5/4 = 0.875 > South 2/4 = 0.5, but Paris < Buenos Aires
    matrix = grid({ECON: "+-++", SECURITY: "+-+0"})
    holds, why = check("north_more_engaged_pooled", matrix)
    assert holds
    assert "North 0.875" in why and "South 0.5" in why
    holds, why = check("north_more_engaged_each", matrix)
    assert not holds
    assert "Paris 0.75" in why and "Buenos Aires 1" in why
    # every North city above every South city: LA 1, Paris 0.75 > BA 0.5, GZ 0.5
    assert check("north_more_engaged_each", grid({ECON: "0-++", SECURITY: "0++0"}))[0]


def test_north_more_engaged_pooled_equal_fails():
    assert not check("north_more_engaged_pooled", grid({ECON: "+-+-", SECURITY: "00-+"}))[0]  # 2/4 each


def test_north_and_south_are_the_groups_given():
    # BA 1, GZ 1, LA 0, Paris 0: fails with the thesis's groups (North 0 < South 1), holds with BA and GZ as the North
    matrix = grid({ECON: "++--"})
    assert not check("north_more_engaged_each", matrix)[0]
    assert not check("north_more_engaged_pooled", matrix)[0]
    swapped = Groups(north=("Buenos Aires", "Guangzhou"), south=("Los Angeles", "Paris"))
    holds, why = check("north_more_engaged_each", matrix, groups=swapped)
    assert holds and "lowest North (Buenos Aires 1)" in why
    assert check("north_more_engaged_pooled", matrix, groups=swapped)[0]


def test_tourism_migration_sports_represented():
    matrix = grid({TOURISM: "0---", MIGRATION: "-+--", SPORTS: "---0"})
    assert check("tourism_migration_sports_represented", matrix)[0]
    assert not check("tourism_migration_sports_represented", matrix, CODING["neutral as none"])[0]  # 0 = none
    holds, why = check(
        "tourism_migration_sports_represented", grid({TOURISM: "+---", MIGRATION: "-+--", SPORTS: "--??"})
    )
    assert not holds
    assert "Sports Policy: 0/4" in why


def test_buenos_aires_most_frequent_areas():
    named = {ENV: "+---", ECON: "+---", CULTURE: "+---"}
    assert check("buenos_aires_most_frequent_areas", grid({**named, TOURISM: "0---"}))[0]
    assert check("buenos_aires_most_frequent_areas_strict", grid({**named, TOURISM: "0---"}))[0]
    holds, why = check("buenos_aires_most_frequent_areas_strict", grid({**named, TOURISM: "+---"}))
    assert not holds and "Tourism Development Policy 1" in why  # as high as the three named areas
    holds, why = check("buenos_aires_most_frequent_areas", grid({**named, CULTURE: "0---"}))
    assert not holds and "not active in: Cultural Policy" in why


def test_buenos_aires_security_sports_lesser():
    matrix = {ECON: "+---", TOURISM: "+---", SECURITY: "0---", SPORTS: "0---"}
    assert check("buenos_aires_security_sports_lesser", grid(matrix))[0]
    holds, why = check("buenos_aires_security_sports_lesser", grid({**matrix, SECURITY: "+---"}))
    assert not holds and "Security Policy not below" in why
    holds, why = check("buenos_aires_security_sports_lesser", grid({**matrix, SPORTS: "----"}))
    assert not holds and "Sports Policy not above '-'" in why
    assert not check("buenos_aires_security_sports_lesser", grid(matrix), CODING["neutral as none"])[0]
    assert not check("buenos_aires_security_sports_lesser", grid(matrix), CODING["neutral as reliance"])[0]


def test_guangzhou_broad_areas():
    matrix = {TOURISM: "-0--", CULTURE: "-0--", ENV: "-+--", MIGRATION: "-+--"}
    assert check("guangzhou_broad_areas", grid(matrix))[0]
    assert not check("guangzhou_broad_areas", grid(matrix), CODING["neutral as none"])[0]
    holds, why = check("guangzhou_broad_areas", grid({**matrix, MIGRATION: "+-++"}))
    assert not holds and "not above '-' in: Migration Policy" in why


def test_a_city_active_in_the_areas_named():
    assert check("guangzhou_migration_highly_active", grid({MIGRATION: "-+--"}))[0]
    assert not check("guangzhou_migration_highly_active", grid({MIGRATION: "+0++"}))[0]
    assert check("guangzhou_economic_focus", grid({ECON: "-+--"}))[0]
    holds, why = check("paris_tourism_culture_central", grid({TOURISM: "---+", CULTURE: "+++?"}))
    assert not holds and "not active in: Cultural Policy" in why


def test_paris_neutral_migration():
    assert check("paris_neutral_migration", grid({MIGRATION: "+++0"}))[0]
    assert not check("paris_neutral_migration", grid({MIGRATION: "000+"}))[0]
    assert not check("paris_neutral_migration", grid({MIGRATION: "000-"}))[0]
    assert not check("paris_neutral_migration", grid({MIGRATION: "---0"}), CODING["neutral as none"])[0]
    assert not check("paris_neutral_migration", grid({MIGRATION: "---0"}), CODING["neutral as reliance"])[0]


def test_paris_widely_engaged():
    areas = [ECON, SECURITY, TOURISM, CULTURE, MIGRATION, ENV, SPORTS]
    # Paris active in 4 of 7 (more than 3.5): holds; in 3 of 7, with a ? not counted: fails
    assert check(
        "paris_widely_engaged",
        grid(dict(zip(areas, ["---+", "---+", "---+", "---+", "---0", "---0", "---?"], strict=True))),
    )[0]
    holds, why = check(
        "paris_widely_engaged",
        grid(dict(zip(areas, ["---+", "---+", "---+", "---?", "---0", "---0", "---0"], strict=True))),
    )
    assert not holds and "active in 3 of 7 areas" in why
    # apart from migration: every other area active, and only then
    assert check("paris_widely_engaged_apart_from_migration", grid({ECON: "---+", MIGRATION: "---0", SPORTS: "---+"}))[
        0
    ]
    holds, why = check(
        "paris_widely_engaged_apart_from_migration", grid({ECON: "---+", MIGRATION: "---0", SPORTS: "---?"})
    )
    assert not holds and "not active in: Migration Policy, Sports Policy" in why


def test_los_angeles_short_only_in_tourism():
    assert check("los_angeles_short_only_in_tourism", grid({ECON: "-0+-", TOURISM: "++0+", SPORTS: "0-+?"}))[0]
    # active in tourism too: it fell short nowhere
    assert not check("los_angeles_short_only_in_tourism", grid({ECON: "-0+-", TOURISM: "+++0", SPORTS: "0-+?"}))[0]
    holds, why = check("los_angeles_short_only_in_tourism", grid({ECON: "-0+-", TOURISM: "++0+", SPORTS: "0-?+"}))
    assert not holds
    assert "Sports Policy" in why


def test_no_same_path():
    assert check("no_same_path", grid({ECON: "+++-", SECURITY: "0+-+"}))[0]
    holds, why = check("no_same_path", grid({ECON: "+-++", SECURITY: "0+-0"}))  # Buenos Aires and Paris alike
    assert not holds
    assert "Buenos Aires and Paris" in why
    assert not check("no_same_path", grid({ECON: "+-++", SECURITY: "?+-?"}))[0]  # missing in both: alike
    assert check("no_same_path", grid({ECON: "+-++", SECURITY: "?++0"}), CODING["neutral as none"])[0]  # 0 vs missing


def test_active_means_the_score_of_plus():
    # + scored 2: a 0 scored 2 as well is active, a 0 scored 1 is not
    assert "Buenos Aires, Los Angeles" in check("security_only_los_angeles", REAL, parse_coding("+=2 0=2 -=0 ?=0"))[1]
    assert check("security_only_los_angeles", REAL, parse_coding("+=2 0=1 -=0 ?=0"))[0]


def test_claims_refuse_a_matrix_without_their_area():
    with pytest.raises(InputError, match="no area 'Security Policy'"):
        check("security_only_los_angeles", grid({ECON: "++++"}))


# --- quotes --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def document() -> str:
    return DOCUMENT.read_text(encoding="utf-8")


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.claim_id)
def test_quote_is_in_the_document(claim, document):
    assert claim.quote in document


def test_verify_quotes_passes_on_the_document(document):
    verify_quotes(document)


def test_verify_quotes_fails_on_a_changed_quote(document):
    changed = [*CLAIMS]
    changed[1] = dataclasses.replace(CLAIMS[1], quote=CLAIMS[1].quote.replace("except for one", "but one"))
    with pytest.raises(InputError) as excinfo:
        verify_quotes(document, changed)
    assert one_line_error(excinfo).startswith(f"document ledna, claim {CLAIMS[1].claim_id}: quote not found")


def test_verify_quotes_fails_on_a_changed_document(document):
    with pytest.raises(InputError, match="claim no_same_path"):
        verify_quotes(document.replace("no single city follows", "no single city took"))


def test_claim_ids_unique():
    ids = [c.claim_id for c in CLAIMS]
    assert len(ids) == len(set(ids)) == 21


# Active cells per city ("+" only, or "+" and "0" under "neutral as reliance"), from FIGURE_11:
#   "+" only : BA econ tour cult env = 4; GZ econ mig env = 3; LA all but tourism = 6; Paris econ tour cult env = 4
#   "+" or 0 : BA all but migration = 6; GZ all but security, sports = 5; LA 7; Paris all but security, sports = 5
# Security and sports means (the two lowest areas under every coding):
#   default        security (.5+0+1+0)/4 = .375   sports (.5+0+1)/3 = .5      -> strictly lowest
#   neutral none   security (0+0+1+0)/4 = .25     sports (0+0+1)/3 = .333     -> strictly lowest
#   neutral rel.   security (1+0+1+0)/4 = .5      sports (1+0+1)/3 = .667     -> strictly lowest (tourism, culture 1)
#   unclear none   security .375                  sports (.5+0+1+0)/4 = .375  -> tie: fails
#   signed         security (0-1+1-1)/4 = -.25    sports (0-1+1)/3 = 0        -> strictly lowest
# Active in security: BA (0) joins LA only when 0 counts as reliance.
# City means, North LA/Paris vs South BA/GZ:
#   default        LA 6.5/7 = .929  Paris 4.5/6 = .75   BA 5/7 = .714  GZ 4/7 = .571; pooled 11/13 = .846 vs 9/14 = .643
#   neutral none   LA 6/7 = .857    Paris 4/6 = .667    BA 4/7 = .571  GZ 3/7 = .429; pooled 10/13 vs 7/14
#   neutral rel.   LA 7/7 = 1       Paris 5/6 = .833    BA 6/7 = .857  GZ 5/7 = .714; pooled 12/13 vs 11/14; Paris < BA
#   unclear none   LA 6.5/7 = .929  Paris 4.5/7 = .643  BA 5/7 = .714  GZ 4/7 = .571; pooled 11/14 vs 9/14; Paris < BA
#   signed         LA 6/7 = .857    Paris 3/6 = .5      BA 3/7 = .429  GZ 1/7 = .143; pooled 9/13 vs 4/14
# Culture: GZ is 0, so all four are active when 0 counts as reliance. LA tourism is 0, likewise.
# No two city columns are identical under any of the five (closest: BA and Paris under "neutral as none",
# differing only in sports, 0 vs missing).
# "Above '-'" (represented): + always; 0 except under "neutral as none" (0 = -); ? never (missing, or 0 = -).
# Tourism, migration and sports each have a + (BA, GZ, LA): represented under every coding.
# Buenos Aires (+ + 0 + - + 0 down the areas): environment, economy, culture all +; tourism is + as well, so the three
#   are never strictly above every other area. Security and sports (0) lie below economy and tourism (+) and
#   above - under default (.5), unclear none (.5) and signed (0 > -1); not under neutral none (0 = -) or
#   neutral reliance (0 = +).
# Guangzhou: economy and migration +; tourism and culture 0: above - except under "neutral as none".
# Paris (+ - + + 0 + ?): tourism and culture +; migration 0 is neutral (between - and +) under default, unclear
#   none, signed; not under neutral none or neutral reliance. Active in 4 of 7 areas (5 when 0 is reliance): more
#   than half. Not active in security (-) under any coding, so "every area but migration" never holds.
Y, N = "holds", "does not hold"
#                                    default neutral-none neutral-rel. unclear-none signed
EXPECTED = {
    "all_in_economy_and_environment": (Y, Y, Y, Y, Y),
    "all_but_one_in_culture": (Y, Y, N, Y, Y),
    "most_in_over_three_areas": (Y, Y, Y, Y, Y),
    "all_in_a_few_areas": (Y, Y, Y, Y, Y),
    "security_least_active": (Y, Y, Y, N, Y),
    "security_only_los_angeles": (Y, Y, N, Y, Y),
    "tourism_migration_sports_represented": (Y, Y, Y, Y, Y),
    "north_more_engaged_pooled": (Y, Y, Y, Y, Y),
    "north_more_engaged_each": (Y, Y, N, N, Y),
    "no_same_path": (Y, Y, Y, Y, Y),
    "buenos_aires_most_frequent_areas": (Y, Y, Y, Y, Y),
    "buenos_aires_most_frequent_areas_strict": (N, N, N, N, N),
    "buenos_aires_security_sports_lesser": (Y, N, N, Y, Y),
    "guangzhou_economic_focus": (Y, Y, Y, Y, Y),
    "guangzhou_broad_areas": (Y, N, Y, Y, Y),
    "guangzhou_migration_highly_active": (Y, Y, Y, Y, Y),
    "los_angeles_short_only_in_tourism": (Y, Y, N, Y, Y),
    "paris_tourism_culture_central": (Y, Y, Y, Y, Y),
    "paris_neutral_migration": (Y, N, N, Y, Y),
    "paris_widely_engaged": (Y, Y, Y, Y, Y),
    "paris_widely_engaged_apart_from_migration": (N, N, N, N, N),
}
CODING_ORDER = ["parameter", "neutral as none", "neutral as reliance", "unclear as none", "signed"]


@pytest.fixture(scope="module")
def real_table() -> pd.DataFrame:
    return claims_table(REAL, codings_to_test(DEFAULT), GROUPS)


@pytest.mark.parametrize("claim_id", list(EXPECTED))
def test_real_matrix_verdicts(claim_id, real_table):
    rows = real_table[real_table["claim_id"] == claim_id]
    assert rows["coding"].tolist() == CODING_ORDER
    assert tuple(rows["verdict"]) == EXPECTED[claim_id]


def test_real_matrix_numbers_in_why(real_table):
    why = real_table.set_index(["claim_id", "coding"])["why"]
    assert "Security Policy mean 0.375" in why["security_least_active", "parameter"]
    assert "Sports Policy mean 0.5 " in why["security_least_active", "parameter"]
    assert "ties with Sports Policy mean 0.375" in why["security_least_active", "unclear as none"]
    assert "North 0.846 (sum 11 over 13 scored cells)" in why["north_more_engaged_pooled", "parameter"]
    assert "South 0.643 (sum 9 over 14 scored cells)" in why["north_more_engaged_pooled", "parameter"]
    assert "Buenos Aires, Los Angeles" in why["security_only_los_angeles", "neutral as reliance"]
    assert "Buenos Aires 4, Guangzhou 3, Los Angeles 6, Paris 4" in why["most_in_over_three_areas", "parameter"]
    assert "Buenos Aires and Paris, differing in 1 area" in why["no_same_path", "neutral as none"]


def test_claims_table_shape_and_order(real_table):
    assert list(real_table.columns) == ["claim_id", "claim", "reading", "coding", "coding_scores", "verdict", "why"]
    assert len(real_table) == len(CLAIMS) * 5
    assert real_table["claim_id"].tolist() == [c.claim_id for c in CLAIMS for _ in range(5)]
    first = real_table.iloc[0]
    assert first["claim"] == CLAIMS[0].quote and first["reading"] == CLAIMS[0].reading
    assert first["coding_scores"] == "+ = 1, 0 = 0.5, - = 0, ? = missing"
    assert claims_table(REAL, codings_to_test(DEFAULT), GROUPS).equals(real_table)  # deterministic


def test_claims_summary(real_table):
    summary = claims_summary(real_table)
    assert list(summary.columns) == ["claim_id", *CODING_ORDER]
    assert summary["claim_id"].tolist() == list(EXPECTED)
    for row in summary.itertuples(index=False):
        assert tuple(row[1:]) == EXPECTED[row.claim_id]


def test_claims_table_refuses_repeated_coding_names():
    twice = [parse_coding(DEFAULT, name="a"), parse_coding("+=1 0=0 -=0 ?=0", name="a")]
    with pytest.raises(InputError, match="coding name"):
        claims_table(REAL, twice, GROUPS)
