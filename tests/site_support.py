"""Shared by the site's tests (tests/test_site_*.py): what the site must show, derived from the project's
files and citydip.compare, not from citydip.site's own lists, a copy of the data to build a site from,
and the markup the payload site carries in its document text."""

from __future__ import annotations

import csv
import re
import shutil
from collections import Counter
from pathlib import Path

import pandas as pd

from citydip.compare import comparison as compare
from citydip.core import paths
from citydip.core.sources import load_documents
from citydip.site.data import SiteData, comparisons
from citydip.tables.cases import load_cases

SCRIPT = "<script>window.__pwned = 1</script>"
BOLD = "<b>bold</b>"
PAYLOAD = f"{SCRIPT} and {BOLD} & [link](https://example.org) *em* {{role}}`x` $x$"
PAYLOAD_FIGURE = "LD-F01-03"  # a table cell: used by a table and by charts, so its links are exercised too
FIG_LINK = re.compile(r"\]\(((?:\.\./)*)sources\.html#fig-([^)\s]+)(?: \"[^\"]*\")?\)")  # a title may follow


def caption_ids(text: str) -> set[str]:
    return {figure_id for _, figure_id in FIG_LINK.findall(text)}


def html_links_as_md(text: str) -> str:
    """'<a href="../sources.html#fig-X">X</a>' as '[X](../sources.html#fig-X)', for FIG_LINK."""
    return re.sub(r'<a href="([^"]*)">([^<]*)</a>', r"[\2](\1)", text)


def expected_captions(data: SiteData) -> dict[str, Counter]:
    """For each page: the figure ids each caption must link (a multiset of sets), from the captions
    files, the registry (a printed table's cells), the six-city table and the comparisons as
    citydip.compare builds them; not from the site's own lists."""
    registry = pd.read_csv(paths.PROCESSED / "figures.csv", dtype=str, keep_default_na=False)
    specs = pd.read_csv(paths.RAW / "tables" / "tables.csv", dtype=str, keep_default_na=False)
    six = pd.read_csv(paths.PROCESSED / "tables" / "six_cities.csv", dtype=str, keep_default_na=False)
    printed = [
        frozenset(registry.loc[(registry["doc_id"] == s["doc_id"]) & (registry["table"] == s["label"]), "figure_id"])
        for _, s in specs.iterrows()
    ]
    six_ids = frozenset(i for cell in six["figure_ids"] for i in re.split(r"[;\s]+", cell) if i)
    out = {"tables.html": Counter([*printed, six_ids]), "notebooks/02_tables.html": Counter([*printed, six_ids])}
    for group in data.groups:
        rows = list(csv.DictReader(group.captions.open(encoding="utf-8")))
        charts = Counter(frozenset(r["figure_ids"].split()) for r in rows)
        out[f"{group.page}.html"] = charts
        out[f"{group.notebook}.html"] = out.get(f"{group.notebook}.html", Counter()) + charts
    case_of = {compare.slug(c.city): c for c in load_cases(paths.RAW, load_documents(paths.RAW))}
    for stem in comparisons():
        a, b = (case_of[s] for s in stem.split("__"))
        measures, _ = compare.measures_side_by_side(registry, a, b)
        derived = compare.derived_measures(six, a, b)
        tables = [
            {i for city in (a.city, b.city) for cell in frame[city] for i in re.findall(r"\[([^\]]+)\]", cell)}
            for frame in (measures, compare.policy_side_by_side(registry, a, b))
        ]
        tables.append({i for cell in derived["figure_ids"] for i in re.split(r"[;\s]+", cell) if i})
        out[f"notebooks/compare/{stem}.html"] += Counter(frozenset(ids) for ids in tables if ids)
    return out


def copy_data(root: Path) -> Path:
    """The files a site is made of, without the executed notebooks and the PNG/SVG copies."""
    shutil.copytree(paths.RAW, root / "data" / "raw")
    shutil.copytree(paths.PROCESSED, root / "data" / "processed")
    shutil.copytree(paths.ROOT / compare.PARAMS_DIR, root / compare.PARAMS_DIR)
    shutil.copy(paths.ROOT / "pyproject.toml", root / "pyproject.toml")  # the version the front page states
    shutil.copytree(
        paths.REPORTS / "figures",
        root / "reports" / "figures",
        ignore=shutil.ignore_patterns("*.png", "*.svg", "*.html"),
    )
    return root
