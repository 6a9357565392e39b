"""Ledna's printed tables: rebuilt from the registry, compared with the transcriptions."""

from __future__ import annotations

import pytest

from citydip import stages
from citydip.core import paths
from citydip.core.errors import InputError
from citydip.tables import cases, claims, coding
from citydip.tables import printed as tables


@pytest.fixture(scope="module")
def result(figs, docs):
    return tables.rebuild_all(paths.RAW, figs, docs)


def _spec(label: str, raw=paths.RAW) -> tables.TableSpec:
    return next(s for s in tables.load_manifest(raw) if s.label == label)


def test_all_nine_printed_tables_are_listed(result):
    assert [s.label for s in result.specs] == [f"Figure {n}" for n in (1, 3, 4, 6, 7, 8, 9, 10, 11)]


def test_every_printed_table_is_rebuilt_cell_for_cell(result):
    assert result.differences().empty, result.differences()
    summary = result.summary()
    assert (summary["cells compared"] > 0).all()
    # header + 1 row of 8 cells for the data tables, header + 7 rows of 2 (or 5) for the policy tables
    assert summary.loc["Figure 1", "cells compared"] == 16
    assert summary.loc["Figure 11", "cells compared"] == 40


def test_processed_tables_are_what_the_code_makes_of_the_data(figs, docs, tmp_path):
    result = tables.run(paths.RAW, figs, docs, tmp_path)
    case_list, _ = cases.run(paths.RAW, figs, docs, tmp_path)
    matrix = tables.policy_matrix(result.rebuilt["ledna-figure-11"])
    groups = cases.groups(case_list, list(matrix.columns))
    tables.write_claims(claims.claims_table(matrix, coding.codings_to_test(coding.DEFAULT), groups), tmp_path)
    names = [*tables.output_names(result.specs), cases.OUTPUT, tables.CLAIMS]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(stages.output_names("tables")), "not as declared"
    for name in names:
        committed = (paths.PROCESSED / "tables" / name).read_text(encoding="utf-8")
        assert committed == (tmp_path / name).read_text(encoding="utf-8"), f"{name} is stale: run make"


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_changed_transcription_cell_is_shown_as_a_difference(raw_copy, figs, docs):
    _edit(raw_copy / "tables" / "ledna_figure_07.csv", "319.7", "319.8")
    diffs = tables.rebuild_all(raw_copy, figs, docs).differences()
    assert [tuple(r) for r in diffs[["table", "row", "column", "printed", "rebuilt"]].itertuples(index=False)] == [
        ("Figure 7", "row 1", 7, "319.8", "319.7")
    ]


def test_a_changed_header_is_shown_as_a_difference(raw_copy, figs, docs):
    # Figure 4 prints 'County'; a transcription that silently corrects it no longer matches the document
    _edit(raw_copy / "tables" / "ledna_figure_04.csv", "City,County", "City,Country")
    _edit(raw_copy / "tables" / "tables.csv", "City;County", "City;Country")
    with pytest.raises(InputError, match="label column 'Country' is not in the header of Figure 4"):
        tables.rebuild_all(raw_copy, figs, docs)


def test_a_changed_figure_11_transcription_cell_fails_both_checks(raw_copy, figs, docs):
    _edit(raw_copy / "tables" / "ledna_figure_11.csv", "Sports Policy,0,-,+,?", "Sports Policy,0,-,+,0")
    diffs = tables.rebuild_all(raw_copy, figs, docs).differences()
    assert sorted(diffs["table"]) == ["Figure 11", "Figure 11 (own cells)"]
    assert set(diffs["printed"]) == {"0"} and set(diffs["rebuilt"]) == {"?"}


def test_figure_11_follows_the_city_tables_not_its_own_cells(figs, docs):
    changed = figs.copy()
    changed.loc["LD-F06-02", "value"] = "+"  # Guangzhou, security policy, in Figure 6
    result = tables.rebuild_all(paths.RAW, changed, docs)
    diffs = result.differences()
    assert list(diffs["table"]) == ["Figure 6", "Figure 11"]  # not "Figure 11 (own cells)"
    assert result.rebuilt["ledna-figure-11"].iloc[1].tolist() == ["Security Policy", "0", "+", "+", "-"]


def test_a_registry_value_reaches_the_table_and_its_derived_check(figs, docs):
    changed = figs.copy()
    changed.loc["LD-F01-03", "value"] = "191.8"  # Buenos Aires GDP 2010
    result = tables.rebuild_all(paths.RAW, changed, docs)
    assert result.rebuilt["ledna-figure-01"].loc[0, "GDP** 2010"] == "191.8"
    growth = result.derived[(result.derived["table"] == "Figure 1") & (result.derived["column"] == "Total Growth")]
    assert growth["computed_at_printed_rounding"].tolist() == ["192.5"]  # 384.3 - 191.8
    assert growth["agrees"].tolist() == ["no"]  # the print says 192.6


def test_derived_columns_agree_with_the_print_as_computed_by_hand(result):
    derived = result.derived.set_index(["table", "column"])
    # worked out by hand from the printed GDP columns:
    # Figure 7: 1,051.5 - 731.8 = 319.7; 319.7 / 731.8 = 0.43687 -> 44 %
    # Figure 4: 573.0 - 146.1 = 426.9; 426.9 / 146.1 = 2.92197 -> 292 %
    assert derived.loc[("Figure 7", "Total Growth"), "computed_at_printed_rounding"] == "319.7"
    assert derived.loc[("Figure 7", "% GDP Growth"), "computed_at_printed_rounding"] == "44"
    assert derived.loc[("Figure 4", "% GDP Growth"), "computed_at_printed_rounding"] == "292"
    assert (result.derived["agrees"] == "yes").all()
    assert len(result.derived) == 8  # two derived columns in each of the four data tables


def test_derived_check_flags_a_printed_total_that_does_not_add_up(result):
    table = result.rebuilt["ledna-figure-09"].copy()
    table.loc[0, "Total Growth"] = "207.3"
    checks = tables.derived_checks(_spec("Figure 9"), table)
    assert checks.set_index("column").loc["Total Growth", "agrees"] == "no"
    assert checks.set_index("column").loc["% GDP Growth", "agrees"] == "yes"


def test_the_printed_places_of_a_cell():
    assert tables._places("1,051.5") == 1 and tables._places("44%") == 0


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("tables.csv", "population_economy,City;Country,,", "population-economy,City;Country,,", "unknown kind"),
        ("tables.csv", "ledna_figure_03.csv", "ledna_figure_3.csv", "transcription 'ledna_figure_3.csv' not found"),
        ("tables.csv", "Figure 3;Figure 6", "Figure 2;Figure 6", "derived_from names 'Figure 2'"),
        ("ledna_figure_09.csv", "Paris,France,11.8", "Paris,France,11.8,", "line 2: 9 cells; expected 8 cells"),
    ],
)
def test_bad_table_input_is_a_one_line_error_naming_the_place(raw_copy, figs, docs, file, old, new, message):
    path = raw_copy / "tables" / file
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError, match=message) as caught:
        tables.rebuild_all(raw_copy, figs, docs)
    assert "\n" not in str(caught.value)
    assert file in str(caught.value)


def test_a_table_cell_without_a_registered_figure_is_an_error(figs, docs):
    missing = figs.drop(index="LD-F09-05")
    with pytest.raises(InputError, match="Figure 9, row 'Paris': no figure for column 'Total Growth'"):
        tables.rebuild_all(paths.RAW, missing, docs)


# --- later stages read the tables back ------------------------------------------------------------


def test_the_tables_read_back_are_the_tables_built(result):
    """Charts and audit read notebook 02's tables from data/processed: the same cells, columns and order."""
    read = tables.load_built(paths.RAW)
    assert read.specs == result.specs
    for spec in result.specs:
        built, back = result.rebuilt[spec.table_id], read.rebuilt[spec.table_id]
        assert list(back.columns) == list(built.columns), spec.label
        assert back.values.tolist() == built.values.tolist(), spec.label
    assert read.derived.values.tolist() == result.derived.values.tolist()
    assert read.comparisons.values.tolist() == result.comparisons.fillna("").astype(str).values.tolist()


def test_a_processed_table_with_other_columns_is_refused(tmp_path):
    folder = tmp_path / "tables"
    folder.mkdir()
    for source in (paths.PROCESSED / "tables").glob("*.csv"):
        (folder / source.name).write_bytes(source.read_bytes())
    derived = folder / "derived_checks.csv"
    derived.write_text(derived.read_text(encoding="utf-8").replace("agrees", "agreed", 1), encoding="utf-8")
    with pytest.raises(InputError, match=r"derived_checks\.csv.*missing column\(s\) agrees"):
        tables.load_built(paths.RAW, folder)
