"""The charts of the documents, in the order the charts notebook (``notebooks/03_charts.ipynb``) shows them.

A new chart of the documents is built in the module of its family (:mod:`citydip.charts.economy`,
:mod:`citydip.charts.policy`, :mod:`citydip.charts.percentages`) and added to :func:`build_all` here.
"""

from __future__ import annotations

import pandas as pd

from citydip.charts.common import Chart, document_names
from citydip.charts.economy import gdp_2010_2025, population_economy_chart, population_vs_gdp
from citydip.charts.percentages import prose_percentages, survey_charts
from citydip.charts.policy import cell_ids, policy_heatmap
from citydip.tables.coding import Coding
from citydip.tables.printed import TablesResult


def build_all(
    figures: pd.DataFrame, tables: TablesResult, long: pd.DataFrame, sources: pd.DataFrame, coding: Coding
) -> list[Chart]:
    """Every chart of the compendium, in the order the notebook shows them."""
    names = document_names(figures, sources)
    charts = []
    for spec in tables.specs:
        table = tables.rebuilt[spec.table_id]
        if spec.kind == "population_economy":
            charts.append(population_economy_chart(spec, figures, names[spec.doc_id]))
        else:
            ids = cell_ids(spec, tables.specs, figures)
            charts.append(policy_heatmap(spec, table, figures, coding, names[spec.doc_id], ids))
    charts.append(gdp_2010_2025(figures, tables.specs, names))
    charts.append(population_vs_gdp(long, figures, names))
    charts.extend(survey_charts(figures, names))
    charts.append(prose_percentages(figures, names))
    return charts
