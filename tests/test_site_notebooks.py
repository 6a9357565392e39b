"""The notebook copies (citydip.site.notebooks): every stored output is kept, and every caption
links each of its figures to the Sources appendix."""

from __future__ import annotations

import json
from collections import Counter

import pandas as pd
import pytest

from citydip.compare import comparison as compare
from citydip.core import paths
from citydip.site.data import NOTEBOOKS, SiteData, load
from citydip.site.markup import CAPTION_CLASS
from citydip.site.notebooks import HIDE_INPUT, notebook_copy
from site_support import caption_ids, expected_captions, html_links_as_md


@pytest.fixture(scope="module")
def data() -> SiteData:
    return load()


def test_notebook_copies_keep_every_output(data):
    """The copy adds one note cell, an HTML form to caption outputs and caption outputs under tables:
    nothing stored is changed or removed."""
    assert len(data.notebooks) == len(NOTEBOOKS) + len(list((paths.ROOT / compare.PARAMS_DIR).glob("*.yaml")))
    for page in data.notebooks:
        original = json.loads(page.source.read_text(encoding="utf-8"))
        copy = json.loads(notebook_copy(page))
        added = [c for c in copy["cells"] if c.get("id") == "citydip-site-note"]
        assert len(added) == 1 and len(copy["cells"]) == len(original["cells"]) + 1
        kept = [c for c in copy["cells"] if c.get("id") != "citydip-site-note"]
        for old, new in zip(original["cells"], kept, strict=True):
            if new["cell_type"] == "code":  # its code is folded under a toggle on the site: the only change
                tags = new["metadata"]["tags"]
                assert tags == [*old.get("metadata", {}).get("tags", []), HIDE_INPUT]
                new = {**new, "metadata": {**new["metadata"], "tags": tags[:-1]}}
                if not new["metadata"]["tags"] and "tags" not in old.get("metadata", {}):
                    new["metadata"] = {k: v for k, v in new["metadata"].items() if k != "tags"}
            assert {k: v for k, v in old.items() if k != "outputs"} == {k: v for k, v in new.items() if k != "outputs"}
            outputs = iter(new.get("outputs", []))
            for out in old.get("outputs", []):
                now = next(outputs)
                while now != out and _is_added_caption(now):
                    now = next(outputs)
                extra = {k: v for k, v in now.get("data", {}).items() if k not in out.get("data", {})}
                if extra:  # a caption's HTML form, beside what was stored
                    assert set(extra) == {"text/html"} and CAPTION_CLASS in extra["text/html"]
                    now = {**now, "data": {k: v for k, v in now["data"].items() if k not in extra}}
                assert now == out
            assert all(_is_added_caption(now) for now in outputs)


def _is_added_caption(output: dict) -> bool:
    data = output.get("data", {})
    return set(data) == {"text/html", "text/plain"} and data["text/html"].startswith(f'<p class="{CAPTION_CLASS}"')


def test_notebook_captions_link_every_figure(data):
    """Each chart caption of a notebook page links the ids of its captions file's row; each printed
    table's caption its registry ids; each comparison table's caption the ids of every figure in it."""
    registry = pd.read_csv(paths.PROCESSED / "figures.csv", dtype=str, keep_default_na=False)
    by_page = expected_captions(data)
    for page in data.notebooks:
        copy = json.loads(notebook_copy(page))
        found = [
            caption_ids(html_links_as_md(out["data"]["text/html"]))
            for cell in copy["cells"]
            for out in cell.get("outputs", [])
            if CAPTION_CLASS in str(out.get("data", {}).get("text/html", ""))
        ]
        assert Counter(map(frozenset, found)) == by_page.get(f"{page.docname}.html", Counter()), page.docname
        assert {i for ids in found for i in ids} <= set(registry["figure_id"])


def test_a_comparison_table_links_the_figure_ids_of_its_rows_and_keeps_their_text(data):
    """Issue 18: each row of a comparison's tables links its figures ('30 million [BK-063]'); with the
    links taken out, every stored output is as it was."""
    import re

    link = re.compile(r'<a href="[^"]*">([A-Z]{2}-[A-Z0-9-]+)</a>')

    def html(nb):  # every output's HTML as one string (stored as lines either way)
        return [["".join(o.get("data", {}).get("text/html", "")) for o in c.get("outputs", [])] for c in nb["cells"]]

    page = next(p for p in data.notebooks if p.docname.endswith("compare/cape-town__tokyo"))
    linked = html(json.loads(notebook_copy(page, set(data.figures["figure_id"]))))
    plain = html(json.loads(notebook_copy(page)))
    assert any('[<a href="../../sources.html#fig-BK-063">BK-063</a>]' in h for cell in linked for h in cell)
    unlink = [[link.sub(r"\1", h) for h in cell] for cell in linked]
    assert unlink == [[link.sub(r"\1", h) for h in cell] for cell in plain]  # only links were added
    assert linked != plain


def test_the_code_of_every_notebook_page_is_hidden_behind_a_toggle(data):
    """Every code cell of a copy is tagged hide-input; where the site is built, each notebook page folds
    as many code cells under myst-nb's toggle ("Show code cell source") as its notebook has."""
    for page in data.notebooks:
        copy = json.loads(notebook_copy(page))
        code = [c for c in copy["cells"] if c["cell_type"] == "code"]
        assert code and all(HIDE_INPUT in c["metadata"]["tags"] for c in code), page.docname
        built = paths.ROOT / "reports" / "site" / f"{page.docname}.html"
        if built.is_file():
            html = built.read_text(encoding="utf-8")
            assert html.count('<details class="admonition hide above-input"') == len(code), page.docname
            assert html.count("Show code cell source") >= len(code)
