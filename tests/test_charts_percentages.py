"""Survey charts: their titles state the survey's year and sample size from the registered figures."""

from __future__ import annotations

import pytest

from citydip.charts import common as charts
from citydip.charts import percentages
from citydip.core import paths, sources
from citydip.core.errors import InputError


@pytest.fixture(scope="module")
def manifest():
    return sources.load_manifest(paths.RAW)


def _by_name(chart_list: list[charts.Chart]) -> dict[str, charts.Chart]:
    return {c.name: c for c in chart_list}


def test_survey_titles_follow_the_registry(figs, manifest):
    changed = figs.copy()
    changed.loc["LD-308", "base_value"] = "26"
    changed.loc["LD-338", "base_value"] = "2019"
    by_name = _by_name(percentages.survey_charts(changed, charts.document_names(figs, manifest)))
    assert by_name["ledna_figure_02"].title.endswith("(2018 survey of 26 cities)")
    assert by_name["ledna_figure_05"].title.endswith("(2019 survey of 26 cities)")


def test_a_survey_title_refuses_a_figure_of_another_kind(figs):
    with pytest.raises(InputError, match=r"LD-310 is 'share of cities reporting .*expected the survey year"):
        percentages.survey_title("Q?", figs.loc[["LD-339"]], figs.loc[["LD-310", "LD-308"]])
    with pytest.raises(InputError, match=r"BK-063 is 'population' of 'Tokyo'"):
        percentages.survey_title("Q?", figs.loc[["LD-339"]], figs.loc[["LD-307", "BK-063"]])
