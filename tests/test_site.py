"""The seminar site (citydip.site): the page generator, and the built site in a real browser.

The unit tests read the project's data and check the generated MyST pages without Sphinx. The
slow tests build the site once per session from the committed files into a temporary folder
(``python -m citydip.site``, with the network switched off where ``unshare -n`` can), and a tiny
site from a copy of the data whose document text carries markup, then open the pages in
Debian's Chromium through Playwright, aborting and counting every request to a non-file URL.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from citydip.compare import comparison as compare
from citydip.core import paths
from citydip.core.csvio import frame_to_csv_text
from citydip.core.errors import InputError
from citydip.core.sources import load_documents
from citydip.site import build as site
from citydip.tables.cases import load_cases
from citydip.tooling import scratch

CHROMIUM = Path("/usr/bin/chromium")
NO_NETWORK = scratch.offline_prefix()
# The launch arguments of DESIGN.md section 10: nothing in the browser itself reaches the network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip
SCRIPT = "<script>window.__pwned = 1</script>"
BOLD = "<b>bold</b>"
PAYLOAD = f"{SCRIPT} and {BOLD} & [link](https://example.org) *em* {{role}}`x` $x$"
PAYLOAD_FIGURE = "LD-F01-03"  # a table cell: used by a table and by charts, so its links are exercised too
FIG_LINK = re.compile(r"\]\(((?:\.\./)*)sources\.html#fig-([^)]+)\)")


# --- the page generator ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def data() -> site.SiteData:
    return site.load()


@pytest.fixture(scope="module")
def generated(data) -> dict[str, str]:
    return site.pages(data)


def _render(text: str) -> str:
    return create_md_parser(MdParserConfig(), RendererHTML).render(text)


@pytest.mark.parametrize(
    "text",
    [PAYLOAD, "\\$60 billion", "1. not a list", "# not a heading", "> not a quote", "a | b", "(label)=", ":::{note}",
     "{{ substitution }}", "&amp; &lt;", "line one\nline two", "`code`", "<!-- comment -->", "__init__"],
)  # fmt: skip
def test_document_text_is_never_markup(text):
    rendered = _render(site.md(text))
    assert rendered.startswith("<p>") and rendered.count("<") == 2, rendered  # one paragraph, no element in it
    import html

    assert html.unescape(rendered[3:-5]) == " ".join(text.split())


def test_json_in_a_script_cannot_close_it():
    text = site.script_json({"title": "</script><script>alert(1)</script> & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"title": "</script><script>alert(1)</script> & \u2028"}


def test_every_figure_has_one_appendix_anchor(data, generated):
    anchors = re.findall(r'<div class="citydip-figure" id="fig-([^"]+)">', generated["sources"])
    assert anchors == list(data.figures["figure_id"])


def test_every_figure_link_points_at_an_appendix_anchor(data, generated):
    known = set(data.figures["figure_id"])
    for docname, text in generated.items():
        depth = docname.count("/")
        for prefix, figure_id in FIG_LINK.findall(text):
            assert figure_id in known, (docname, figure_id)
            assert prefix == "../" * depth, (docname, prefix)


def _caption_ids(text: str) -> set[str]:
    return {figure_id for _, figure_id in FIG_LINK.findall(text)}


def test_every_chart_caption_links_each_of_its_figures(data, generated):
    charts = 0
    for group in data.groups:
        page = generated[group.page]
        rows = list(csv.DictReader(group.captions.open(encoding="utf-8")))
        assert [c.name for c in group.charts] == [r["chart"] for r in rows]
        for row in rows:
            start = page.index(f'id="chart-{row["chart"]}"')
            block, caption = page[start:].split("\n\n")[1:3]  # the caption block after the chart's raw block
            assert block == f'<div class="{site.CAPTION_CLASS}">', row["chart"]
            assert caption.startswith("*") and _caption_ids(caption) == set(row["figure_ids"].split()), row["chart"]
            charts += 1
    assert charts == len(data.charts) > 0


def test_every_table_caption_links_each_of_its_figures(data, generated):
    page = generated["tables"]
    registry = pd.read_csv(paths.PROCESSED / "figures.csv", dtype=str, keep_default_na=False)
    specs = pd.read_csv(paths.RAW / "tables" / "tables.csv", dtype=str, keep_default_na=False)
    for _, spec in specs.iterrows():
        stem = Path(spec["file"]).stem
        expected = set(
            registry.loc[(registry["doc_id"] == spec["doc_id"]) & (registry["table"] == spec["label"]), "figure_id"]
        )
        block, caption = page[page.index(f'id="table-{stem}"') :].split("\n\n")[1:3]
        assert block == f'<div class="{site.CAPTION_CLASS}">' and expected and _caption_ids(caption) == expected, stem
    six = pd.read_csv(paths.PROCESSED / "tables" / "six_cities.csv", dtype=str, keep_default_na=False)
    expected = {i for cell in six["figure_ids"] for i in re.split(r"[;\s]+", cell) if i}
    caption = page[page.index('id="table-six_cities"') :].split("\n\n")[2]
    assert _caption_ids(caption) == expected


def test_appendix_entry_links_to_the_tables_and_charts_using_it(data, generated):
    entry = generated["sources"].split(f'id="fig-{PAYLOAD_FIGURE}"')[1].split("</div>")[0]
    assert "](tables.html#table-ledna_figure_01)" in entry
    assert "](tables.html#table-six_cities)" in entry
    captions = pd.read_csv(paths.ROOT / "reports" / "figures" / "captions.csv", dtype=str, keep_default_na=False)
    using = [
        c for c, ids in zip(captions["chart"], captions["figure_ids"], strict=True) if PAYLOAD_FIGURE in ids.split()
    ]
    assert using
    for chart in using:
        assert f"](charts/documents.html#chart-{chart})" in entry


def test_appendix_entry_links_to_the_comparison_tables_using_it(data, generated):
    """A figure shown in a comparison's table (and in no chart or printed table) is 'used in' it."""
    stems = site.comparisons()
    registry = pd.read_csv(paths.PROCESSED / "figures.csv", dtype=str, keep_default_na=False)
    staff = registry[(registry["entity"] == "Buenos Aires") & registry["measure"].str.startswith("staff")]
    assert len(staff) == 1  # 'nearly 30 people': shown in the measures of each comparison of Buenos Aires
    entry = generated["sources"].split(f'id="fig-{staff["figure_id"].iloc[0]}"')[1].split("</div>")[0]
    with_ba = [s for s in stems if "buenos-aires" in s.split("__")]
    assert with_ba
    for stem in stems:
        target = f"](notebooks/compare/{stem}.html#table-{stem}-measures)"
        assert (target in entry) == (stem in with_ba), stem


def test_a_document_with_no_authors_stated_says_so(data):
    import dataclasses

    sources = data.sources.copy()
    sources.loc[sources["doc_id"] == "acuto", "authors"] = ""
    index = site.page_index(dataclasses.replace(data, sources=sources))
    row = next(line for line in index.splitlines() if line.startswith("| `acuto` |"))
    assert row.startswith(f"| `acuto` | {site.md(site.NOT_STATED)} | *City Diplomacy"), row


def test_overview_says_how_to_rerun_audit_and_rebuild(generated):
    rerun = generated["index"].split("## How to rerun everything")[1].split("\n## ")[0]
    for command in ("make ", "make test ", "make audit ", "make book "):
        assert f"\n{command}" in rerun, command


def test_guide_has_every_city_its_claims_and_verdicts(data, generated):
    guide = generated["guide"]
    points = pd.read_csv(paths.RAW / "case_points.csv", dtype=str, keep_default_na=False)
    for city in data.cases["city"]:
        assert f'id="city-{site.slug(city)}"' in guide
    for quote in points["quote"]:
        assert f"> {site.md(quote)}\n" in guide
    for figure_id in data.six["figure_ids"].str.split(r"[;\s]+", regex=True).explode().dropna():
        if figure_id:
            assert f"[{site.md(figure_id)}](sources.html#fig-{figure_id})" in guide


def _chapter(city: str, text: str) -> tuple[int, int] | None:
    """Lines of the city's chapter: from its name in capitals on a line of its own to the next line
    in capitals (a heading), as Ledna's 'BUENOS AIRES' ... 'GUANGZHOU'."""
    lines = [line.strip() for line in text.split("\n")]
    if city.upper() not in lines:
        return None
    start = lines.index(city.upper()) + 1
    for n in range(start + 1, len(lines) + 1):
        if lines[n - 1] == lines[n - 1].upper() and len(re.findall(r"[A-Z]", lines[n - 1])) >= 4:
            return start, n - 1
    return start, len(lines)


def test_guide_shows_every_finding_about_each_city(generated):
    """Each finding of the register is in the section of each case city it concerns, and in no other:
    one of its figures is about the city, or its first figure (the one it is about) stands in the
    city's chapter. Derived from findings.csv, the figures' entities and lines, and the documents."""
    registry = pd.read_csv(paths.PROCESSED / "figures.csv", dtype=str, keep_default_na=False).set_index("figure_id")
    findings = pd.read_csv(paths.RAW / "findings.csv", dtype=str, keep_default_na=False)
    cases = pd.read_csv(paths.RAW / "cases.csv", dtype=str, keep_default_na=False)
    files = pd.read_csv(paths.RAW / "sources.csv", dtype=str, keep_default_na=False).set_index("doc_id")["file"]
    expected, shown = {}, {}
    for _, case in cases.iterrows():
        city = case["city"]
        chapter = _chapter(city, (paths.RAW / "documents" / files[case["doc_id"]]).read_text(encoding="utf-8"))
        expected[city] = set()
        for _, finding in findings.iterrows():
            ids = finding["figure_ids"].split(";")
            entities = registry.loc[ids, "entity"]
            first = registry.loc[ids[0]]
            in_chapter = (
                chapter is not None
                and first["doc_id"] == case["doc_id"]
                and chapter[0] <= int(first["line"]) <= chapter[1]
            )
            if (entities == city).any() or entities.str.startswith(city + " ").any() or in_chapter:
                expected[city].add(finding["finding_id"])
        section = generated["guide"].split(f"\n## {site.md(city)}\n")[1].split("\n## ")[0]
        part = section.split("### Audit findings about its figures")[1].split("\n### ")[0]
        shown[city] = set(re.findall(r"\]\(audit\.html#finding-([^)]+)\)", part))
    # as the review found by hand: the Jamaica comparison and the survey of her Buenos Aires chapter,
    # the Guangzhou chapter's investment and survey, the Mexican economy beside Los Angeles
    assert expected["Buenos Aires"] >= {"F-01", "F-02", "F-03"} and expected["Los Angeles"] >= {"F-10", "F-11"}
    assert expected["Guangzhou"] >= {"F-06", "F-07", "F-08"}
    assert shown == expected


def test_png_and_svg_are_linked_only_where_they_exist(tmp_path):
    data = site.load()
    for chart in data.charts:
        chart.png = chart.svg = None
    guide = site.pages(data)["guide"]
    assert "No PNG or SVG copy of any chart was present when the site was built" in guide
    assert ".png)" not in guide and ".svg)" not in guide
    first = data.charts[0]
    first.png, first.svg = tmp_path / f"{first.name}.png", tmp_path / f"{first.name}.svg"
    generated = site.pages(data)
    assert f"[{site.md(first.name)}\\.png](figures/{first.name}.png)" in generated["guide"]
    assert f"[PNG](../figures/{first.name}.png)" in generated[first.page]
    assert "No PNG or SVG copy of any chart" not in generated["guide"]


def test_notebook_copies_keep_every_output(data):
    """The copy adds one note cell, an HTML form to caption outputs and caption outputs under tables:
    nothing stored is changed or removed."""
    assert len(data.notebooks) == len(site.NOTEBOOKS) + len(list((paths.ROOT / compare.PARAMS_DIR).glob("*.yaml")))
    for page in data.notebooks:
        original = json.loads(page.source.read_text(encoding="utf-8"))
        copy = json.loads(site.notebook_copy(page))
        added = [c for c in copy["cells"] if c.get("id") == "citydip-site-note"]
        assert len(added) == 1 and len(copy["cells"]) == len(original["cells"]) + 1
        kept = [c for c in copy["cells"] if c.get("id") != "citydip-site-note"]
        for old, new in zip(original["cells"], kept, strict=True):
            assert {k: v for k, v in old.items() if k != "outputs"} == {k: v for k, v in new.items() if k != "outputs"}
            outputs = iter(new.get("outputs", []))
            for out in old.get("outputs", []):
                now = next(outputs)
                while now != out and _is_added_caption(now):
                    now = next(outputs)
                extra = {k: v for k, v in now.get("data", {}).items() if k not in out.get("data", {})}
                if extra:  # a caption's HTML form, beside what was stored
                    assert set(extra) == {"text/html"} and site.CAPTION_CLASS in extra["text/html"]
                    now = {**now, "data": {k: v for k, v in now["data"].items() if k not in extra}}
                assert now == out
            assert all(_is_added_caption(now) for now in outputs)


def _is_added_caption(output: dict) -> bool:
    data = output.get("data", {})
    return set(data) == {"text/html", "text/plain"} and data["text/html"].startswith(f'<p class="{site.CAPTION_CLASS}"')


def test_notebook_captions_link_every_figure(data):
    """Each chart caption of a notebook page links the ids of its captions file's row; each printed
    table's caption its registry ids; each comparison table's caption the ids of every figure in it."""
    registry = pd.read_csv(paths.PROCESSED / "figures.csv", dtype=str, keep_default_na=False)
    by_page = expected_captions(data)
    for page in data.notebooks:
        copy = json.loads(site.notebook_copy(page))
        found = [
            _caption_ids(_html_links_as_md(out["data"]["text/html"]))
            for cell in copy["cells"]
            for out in cell.get("outputs", [])
            if site.CAPTION_CLASS in str(out.get("data", {}).get("text/html", ""))
        ]
        assert Counter(map(frozenset, found)) == by_page.get(f"{page.docname}.html", Counter()), page.docname
        assert {i for ids in found for i in ids} <= set(registry["figure_id"])


def _html_links_as_md(text: str) -> str:
    """'<a href="../sources.html#fig-X">X</a>' as '[X](../sources.html#fig-X)', for FIG_LINK."""
    return re.sub(r'<a href="([^"]*)">([^<]*)</a>', r"[\2](\1)", text)


def expected_captions(data: site.SiteData) -> dict[str, Counter]:
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
    for stem in site.comparisons():
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


def test_missing_input_is_one_line_naming_the_file(tmp_path):
    with pytest.raises(
        InputError, match=r"/data/raw/sources\.csv: file not found; expected the file to exist$"
    ) as error:
        site.load(tmp_path)
    assert "\n" not in str(error.value)


def test_a_comparison_run_by_hand_is_not_on_the_site(tmp_path):
    """`make compare A=... B=...` leaves its notebook and captions in reports/: the site shows the
    comparisons of the parameter files only, whatever was run before it."""
    root = _copy_data(tmp_path / "root")
    shutil.copytree(paths.EXECUTED, root / "reports" / "notebooks")
    made = site.load(root)
    by_hand = "paris__tokyo"
    assert by_hand not in site.comparisons(root)
    shutil.copy(
        root / "reports/notebooks/compare/cape-town__tokyo.ipynb", root / f"reports/notebooks/compare/{by_hand}.ipynb"
    )
    figures = root / "reports" / "figures"
    shutil.copy(figures / "captions_compare_cape-town__tokyo.csv", figures / f"captions_compare_{by_hand}.csv")
    data = site.load(root)
    assert [p.docname for p in data.notebooks] == [p.docname for p in made.notebooks]
    assert [g.key for g in data.groups] == [g.key for g in made.groups]
    assert len([p for p in data.notebooks if "/compare/" in p.docname]) == len(site.comparisons(root)) > 0


def test_missing_notebook_or_plotly_names_the_file(tmp_path):
    root = _copy_data(tmp_path / "root")
    with pytest.raises(InputError, match=r"reports/notebooks/01_ingest\.ipynb: file not found"):
        site.load(root)
    (root / "reports" / "figures" / "plotly.min.js").unlink()
    with pytest.raises(InputError, match=r"reports/figures/plotly\.min\.js: file not found"):
        site.load(root, notebooks=False)


def test_offline_check_catches_an_external_script(tmp_path):
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "plotly.min.js").write_text("/* plotly */")
    (tmp_path / "ok.html").write_text(
        '<a href="https://example.org">a link is fine</a><script src="_static/x.js"></script>'
    )
    assert site.check_offline(tmp_path) == 1
    (tmp_path / "bad.html").write_text('<script src="https://cdn.example.org/mathjax.js"></script>')
    with pytest.raises(site.SiteError, match=re.escape("bad.html: <script> loads https://cdn.example.org/mathjax.js")):
        site.check_offline(tmp_path)


# --- building ----------------------------------------------------------------------------------------


def _copy_data(root: Path) -> Path:
    """The files a site is made of, without the executed notebooks and the PNG/SVG copies."""
    shutil.copytree(paths.RAW, root / "data" / "raw")
    shutil.copytree(paths.PROCESSED, root / "data" / "processed")
    shutil.copytree(paths.ROOT / compare.PARAMS_DIR, root / compare.PARAMS_DIR)
    shutil.copytree(
        paths.REPORTS / "figures",
        root / "reports" / "figures",
        ignore=shutil.ignore_patterns("*.png", "*.svg", "*.html"),
    )
    return root


def _command(out: Path, src: Path, *extra: str) -> list[str]:
    # no network but loopback (unshare -n) where the machine allows it, as for the rebuild tests
    return [*NO_NETWORK, sys.executable, "-m", "citydip.site", "--out", str(out), "--src", str(src), *extra]


def _payload_root(root: Path) -> Path:
    """A copy of the data whose document text and captions carry markup and a script."""
    _copy_data(root)

    def alter(path: Path, value: str, **columns: str) -> None:
        """Set ``columns`` in the row whose first column is ``value`` (the first row if empty)."""
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        row = frame.index[frame[frame.columns[0]] == value] if value else frame.index[:1]
        for column, text in columns.items():
            frame.loc[row, column] = text
        path.write_text(frame_to_csv_text(frame), encoding="utf-8")

    processed, raw, figures = root / "data" / "processed", root / "data" / "raw", root / "reports" / "figures"
    alter(processed / "figures.csv", PAYLOAD_FIGURE, quote=f"quoted {PAYLOAD}", note=PAYLOAD)
    alter(raw / "case_points.csv", "", quote=f"claimed {PAYLOAD}")
    alter(raw / "findings.csv", "", explanation=f"found {PAYLOAD}")
    alter(figures / "captions.csv", "ledna_figure_01", caption=f"captioned {PAYLOAD} LD-F01-01")
    chart = figures / "ledna_figure_01.plotly.json"
    figure = json.loads(chart.read_text(encoding="utf-8"))
    figure["layout"]["title"]["text"] = f"</script>{SCRIPT}<b>bold</b>"
    chart.write_text(json.dumps(figure), encoding="utf-8")
    _payload_notebooks(root)
    for name, kinds in STATIC.items():  # stand-ins for the copies that make renders with Chromium
        for kind in kinds:
            (figures / f"{name}.{kind}").write_bytes(STATIC_BYTES[kind])
    return root


# PNG and SVG stand-ins in the payload copy: a PNG and an SVG of one chart, an SVG only of another
STATIC = {"ledna_figure_01": ("png", "svg"), "networks_timeline": ("svg",)}
STATIC_BYTES = {
    "png": base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
    ),  # a 1 x 1 transparent PNG
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n',
}


NOTEBOOK_PAYLOAD = f"{SCRIPT} and {BOLD}"  # MyST roles or math in a markdown cell would be markup by design


def _payload_notebooks(root: Path) -> None:
    """The executed notebooks, two of them carrying markup: in a markdown cell, a printed line, a
    Markdown output and a table output (01_ingest), and in a chart's caption (03_charts, as the
    captions file of ``_payload_root`` has it)."""
    executed = root / "reports" / "notebooks"
    shutil.copytree(paths.EXECUTED, executed)
    ingest = executed / "01_ingest.ipynb"
    nb = json.loads(ingest.read_text(encoding="utf-8"))
    nb["cells"][0]["source"].append(f"\n\nA markdown cell: {NOTEBOOK_PAYLOAD}.\n\n{SCRIPT}\n")
    code = next(c for c in nb["cells"] if c["cell_type"] == "code" and c["outputs"])
    table = pd.DataFrame({"quote": [f"a table cell: {NOTEBOOK_PAYLOAD}"]}).to_html()  # as a notebook shows it
    code["outputs"] += [
        {"name": "stdout", "output_type": "stream", "text": [f"printed: {NOTEBOOK_PAYLOAD}\n"]},
        {"data": {"text/markdown": [f"A Markdown output: {NOTEBOOK_PAYLOAD}"], "text/plain": ["<Markdown>"]},
         "metadata": {}, "output_type": "display_data"},
        {"data": {"text/html": [table], "text/plain": ["<table>"]}, "metadata": {}, "output_type": "display_data"},
    ]  # fmt: skip
    ingest.write_text(json.dumps(nb), encoding="utf-8")
    charts = executed / "03_charts.ipynb"
    nb = json.loads(charts.read_text(encoding="utf-8"))
    outputs = next(c["outputs"] for c in nb["cells"] if c["cell_type"] == "code" and c["outputs"])
    first = next(n for n, out in enumerate(outputs) if site.PLOTLY_MIME in out.get("data", {}))
    outputs[first + 1]["data"]["text/markdown"] = [f"*captioned {PAYLOAD} LD-F01-01*"]
    charts.write_text(json.dumps(nb), encoding="utf-8")


@pytest.fixture(scope="session")
def builds(tmp_path_factory) -> dict[str, Path]:
    """Built once per session, at the same time: the whole site from the project's committed files
    ('site'), and twice a site from a copy of the data and notebooks carrying markup ('payload',
    'payload-again'; 'payload-root' is that copy)."""
    tmp = tmp_path_factory.mktemp("sites")
    root = _payload_root(tmp / "payload-root")
    small = ("--root", str(root))
    commands = {
        "site": _command(tmp / "site", tmp / "site-src"),
        "payload": _command(tmp / "payload", tmp / "payload-src", *small),
        "payload-again": _command(tmp / "payload-again", tmp / "payload-again-src", *small),
    }
    start = time.monotonic()
    running = {
        name: subprocess.Popen(command, cwd=paths.ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for name, command in commands.items()
    }
    for name, process in running.items():
        output, _ = process.communicate()
        assert process.returncode == 0, f"{name}: {output}"
        print(f"{name} built ({time.monotonic() - start:.1f} s since the start):\n{output}")
    return {"payload-root": root, **{name: tmp / name for name in commands}}


@pytest.fixture(scope="session")
def built_site(builds) -> Path:
    return builds["site"]


@pytest.fixture(scope="session")
def payload_site(builds) -> Path:
    return builds["payload"]


@pytest.mark.slow
def test_build_is_deterministic(builds):
    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    first, second = files(builds["payload"]), files(builds["payload-again"])
    assert len(first) > 100 and first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


@pytest.mark.slow
def test_failed_build_leaves_the_previous_site(builds, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("previous")
    broken = tmp_path / "root"
    shutil.copytree(builds["payload-root"], broken)
    (broken / "data" / "raw" / "cases.csv").unlink()
    command = [
        sys.executable,
        "-m",
        "citydip.site",
        "--out",
        str(out),
        "--src",
        str(tmp_path / "src"),
        "--root",
        str(broken),
        "--no-notebooks",
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=paths.ROOT)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"site: error: {broken / 'data/raw/cases.csv'}: file not found; expected the file to exist"
    ]
    assert (out / "index.html").read_text() == "previous" and sorted(p.name for p in tmp_path.iterdir()) == [
        "root",
        "site",
    ]


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:.*Check CHANGES for Sphinx API modifications")  # inside sphinx-book-theme
def test_a_sphinx_warning_fails_the_build_and_keeps_the_previous_site(builds, tmp_path, monkeypatch):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("previous")
    monkeypatch.setattr(site, "pages", lambda data: {"index": "# Index\n\n```{toctree}\nno-such-page\n```\n"})
    with pytest.raises(site.SiteError, match=r"^Sphinx warning: .*no-such-page.* \(1 warning\(s\) in all: .*\.log\)$"):
        site.build(out, root=builds["payload-root"], src=tmp_path / "src", notebooks=False, say=lambda line: None)
    assert (out / "index.html").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "src", "src-warnings.log"]


# --- in the browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing (CI is set): the site must be tested in a real browser")
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to test the site in a browser")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


GRAPHS = """() => [...document.querySelectorAll('.plotly-graph-div')]
    .filter(d => d.querySelector('.main-svg') && Array.isArray(d.data) && d.data.length > 0).length"""


CAPTIONS = f"""() => [...document.querySelectorAll('.{site.CAPTION_CLASS}')]
    .map(c => [...c.querySelectorAll('a[href]')].map(a => a.href))"""


NOT_FILE = re.compile(r"^(?!file:)")  # every request that is not for a local file


def _open(browser):
    """A context whose requests to anything but a local file are aborted and counted, and one page
    whose errors (uncaught exceptions and console errors) are collected."""
    context = browser.new_context()
    external: list[str] = []
    context.route(NOT_FILE, lambda route: (external.append(route.request.url), route.abort()))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    return context, page, errors, external


def html_pages(root: Path) -> list[Path]:
    """The site's pages (not the theme's template fragments in _static)."""
    return [p for p in sorted(root.rglob("*.html")) if p.relative_to(root).parts[0] != "_static"]


def visit(browser, root: Path, expected_graphs: dict[str, int]) -> dict:
    """Open every page of ``root``: errors, external requests, ids, links and rendered graphs."""
    context, page, errors, external = _open(browser)
    result = {"errors": {}, "ids": {}, "links": {}, "graphs": {}, "captions": {}, "external": external}
    for path in html_pages(root):
        name = path.relative_to(root).as_posix()
        errors.clear()
        page.goto(path.as_uri(), wait_until="load")
        wanted = expected_graphs.get(name, 0)
        if wanted:
            with contextlib.suppress(PlaywrightTimeout):  # the count below says what is missing
                page.wait_for_function(f"({GRAPHS})() >= {wanted}", timeout=20_000)
        result["graphs"][name] = page.evaluate(GRAPHS)
        result["ids"][name] = set(page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)"))
        result["links"][name] = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
        result["captions"][name] = page.evaluate(CAPTIONS)
        result["errors"][name] = list(errors)
    context.close()
    return result


def expected_graphs(data: site.SiteData) -> dict[str, int]:
    """Charts each page must show: a notebook page as many as its stored plotly outputs, a chart page
    as many as its captions file lists (and the two agree)."""
    wanted = {}
    for group in data.groups:
        rows = list(csv.DictReader(group.captions.open(encoding="utf-8")))
        wanted[f"{group.page}.html"] = len(rows)
    for page in data.notebooks:
        nb = json.loads(page.source.read_text(encoding="utf-8"))
        n = sum(
            "application/vnd.plotly.v1+json" in o.get("data", {}) for c in nb["cells"] for o in c.get("outputs", [])
        )
        wanted[f"{page.docname}.html"] = n
        if page.charts_page:
            assert n == wanted[f"{page.charts_page}.html"], page.docname
    return wanted


@pytest.fixture(scope="session")
def site_visit(browser, built_site):
    data = site.load()
    wanted = expected_graphs(data)
    return visit(browser, built_site, wanted), wanted


@pytest.mark.slow
def test_every_page_loads_without_errors(site_visit, built_site):
    result, _ = site_visit
    assert len(result["errors"]) >= 20
    assert {name: errors for name, errors in result["errors"].items() if errors} == {}


@pytest.mark.slow
def test_every_chart_renders(site_visit):
    result, wanted = site_visit
    assert sum(wanted.values()) > 0
    assert {name: result["graphs"].get(name) for name in wanted} == wanted
    assert {n: g for n, g in result["graphs"].items() if n not in wanted and g} == {}


@pytest.mark.slow
def test_no_request_leaves_the_machine(site_visit):
    result, _ = site_visit
    assert result["external"] == []


def _targets(result: dict, root: Path):
    for name, links in result["links"].items():
        for url in links:
            parts = urlsplit(url)
            if parts.scheme == "file":
                yield name, Path(unquote(parts.path)), unquote(parts.fragment)


@pytest.mark.slow
def test_every_appendix_link_resolves(site_visit, built_site):
    result, _ = site_visit
    checked, broken = 0, []
    for name, target, fragment in _targets(result, built_site):
        if fragment.startswith("fig-"):
            checked += 1
            page = target.relative_to(built_site).as_posix()
            if fragment not in result["ids"].get(page, set()):
                broken.append(f"{name} -> {page}#{fragment}")
    figures = pd.read_csv(paths.PROCESSED / "figures.csv", dtype=str, keep_default_na=False)
    assert {f"fig-{i}" for i in figures["figure_id"]} <= result["ids"]["sources.html"]
    assert checked > len(figures) and broken == []


@pytest.mark.slow
def test_every_caption_links_its_figures_to_the_appendix(site_visit, built_site, data):
    """Every chart and table caption of every page (chart pages, tables, notebooks, comparisons) links
    each id of its figures, and each link resolves to the figure's entry in the Sources appendix."""
    result, _ = site_visit
    found, broken = {}, []
    for name, captions in result["captions"].items():
        linked = []
        for links in captions:
            ids = set()
            for url in links:
                parts = urlsplit(url)
                fragment = unquote(parts.fragment)
                if fragment.startswith("fig-"):
                    target = Path(unquote(parts.path))
                    if target != built_site / "sources.html" or fragment not in result["ids"]["sources.html"]:
                        broken.append(f"{name} -> {url}")
                    ids.add(fragment.removeprefix("fig-"))
            linked.append(frozenset(ids))
        if linked:
            found[name] = Counter(linked)
    expected = {name: captions for name, captions in expected_captions(data).items() if captions}
    assert broken == [] and found == expected
    assert {f"{g.page}.html" for g in data.groups} | {f"{g.notebook}.html" for g in data.groups} <= found.keys()


@pytest.mark.slow
def test_every_local_link_resolves(site_visit, built_site):
    result, _ = site_visit
    broken = []
    for name, target, fragment in _targets(result, built_site):
        if not target.is_file():
            broken.append(f"{name} -> {target}")
        elif fragment and target.suffix == ".html":
            page = target.relative_to(built_site).as_posix()
            if fragment not in result["ids"].get(page, set()):
                broken.append(f"{name} -> {page}#{fragment}")
    assert broken == []


def _static_links(browser, root: Path, data: site.SiteData) -> dict[str, set[str]]:
    """For the guide and each chart page of the built site ``root``: the PNG and SVG files it links."""
    context, page, _, _ = _open(browser)
    found = {}
    for name in ["guide.html", *(f"{g.page}.html" for g in data.groups)]:
        page.goto((root / name).as_uri(), wait_until="load")
        links = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
        paths_ = [Path(unquote(urlsplit(url).path)) for url in links if urlsplit(url).scheme == "file"]
        found[name] = {p.relative_to(root).as_posix() for p in paths_ if p.suffix in (".png", ".svg")}
    context.close()
    return found


@pytest.mark.slow
@pytest.mark.parametrize("which", ["payload", "site"])
def test_png_and_svg_are_linked_where_they_exist(browser, builds, which):
    """Where a chart's PNG or SVG copy exists when the site is built, the guide and the chart's page
    link it and the site holds it, byte for byte; where none exists, nothing is linked. The payload
    copy has stand-ins for two charts; the project's own copies exist where make found Chromium."""
    root = builds["payload-root"] if which == "payload" else paths.ROOT
    figures = root / "reports" / "figures"
    data = site.load(root, notebooks=False)
    present = {
        f"figures/{chart.name}.{kind}": chart
        for chart in data.charts
        for kind in ("png", "svg")
        if (figures / f"{chart.name}.{kind}").is_file()
    }
    if which == "payload":
        assert set(present) == {f"figures/{name}.{kind}" for name, kinds in STATIC.items() for kind in kinds}
    found = _static_links(browser, builds[which], data)
    assert found["guide.html"] == set(present)
    for group in data.groups:
        mine = {target for target, chart in present.items() if chart.page == group.page}
        assert found[f"{group.page}.html"] == mine, group.page
    for target in present:
        assert (builds[which] / target).read_bytes() == (figures / Path(target).name).read_bytes(), target


@pytest.mark.slow
def test_document_text_shows_as_text(browser, payload_site):
    """Markup in document text, captions, chart titles, and a notebook's markdown cell, printed line,
    Markdown output and table is shown as text: no script runs, no element is made of it."""
    context, page, errors, external = _open(browser)
    full = (SCRIPT, BOLD, "[link](https://example.org)")
    shown = {  # where the altered text is, and what must be read there
        "sources.html": full,
        "guide.html": full,
        "audit.html": full,
        "charts/documents.html": full,
        "notebooks/03_charts.html": (f"captioned {SCRIPT}", *full),
        "notebooks/01_ingest.html": tuple(
            f"{where}: {NOTEBOOK_PAYLOAD}"
            for where in ("A markdown cell", "printed", "A Markdown output", "a table cell")
        ),
    }
    for name, texts in shown.items():
        errors.clear()
        page.goto((payload_site / name).as_uri(), wait_until="load")
        assert page.evaluate("() => typeof window.__pwned") == "undefined", name
        assert errors == [], name
        bold = page.evaluate(
            "() => [...document.querySelectorAll('main b')].filter(b => b.textContent === 'bold').length"
        )
        assert bold == 0, name
        text = page.inner_text("main")
        assert [t for t in texts if t not in text] == [], name
    assert external == []
    context.close()
