"""The built site (citydip.site.build), in a real browser.

The site is built once per session from the committed files into a temporary folder
(``python -m citydip.site``, with the network switched off where ``unshare -n`` can), and a tiny
site from a copy of the data whose document text carries markup, then the pages are opened in
Debian's Chromium through Playwright, aborting and counting every request to a non-file URL.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import json
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
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from citydip.core import paths
from citydip.core.csvio import frame_to_csv_text
from citydip.site import sphinx as site_sphinx
from citydip.site.build import build
from citydip.site.data import PLOTLY_MIME, SiteData, load
from citydip.site.errors import SiteError
from citydip.site.markup import CAPTION_CLASS
from citydip.tooling import scratch
from site_support import BOLD, PAYLOAD, PAYLOAD_FIGURE, SCRIPT, copy_data, expected_captions

KIT_PAGES = {"index.html", "exercises.html", "slides/audit.html", "handouts/seminar.pdf"}  # the site links these
NO_NETWORK = scratch.offline_prefix()


@pytest.fixture(scope="module")
def data() -> SiteData:
    return load()


def _command(out: Path, src: Path, *extra: str) -> list[str]:
    # no network but loopback (unshare -n) where the machine allows it, as for the rebuild tests
    return [*NO_NETWORK, sys.executable, "-m", "citydip.site", "--out", str(out), "--src", str(src), *extra]


def _payload_root(root: Path) -> Path:
    """A copy of the data whose document text and captions carry markup and a script."""
    copy_data(root)

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
    first = next(n for n, out in enumerate(outputs) if PLOTLY_MIME in out.get("data", {}))
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
    monkeypatch.setattr(site_sphinx, "pages", lambda data: {"index": "# Index\n\n```{toctree}\nno-such-page\n```\n"})
    with pytest.raises(SiteError, match=r"^Sphinx warning: .*no-such-page.* \(1 warning\(s\) in all: .*\.log\)$"):
        build(out, root=builds["payload-root"], src=tmp_path / "src", notebooks=False, say=lambda line: None)
    assert (out / "index.html").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "src", "src-warnings.log"]


@pytest.fixture(scope="session")
def browser(chromium):
    return chromium  # conftest's: one Chromium per test process


GRAPHS = """() => [...document.querySelectorAll('.plotly-graph-div')]
    .filter(d => d.querySelector('.main-svg') && Array.isArray(d.data) && d.data.length > 0).length"""
CAPTIONS = f"""() => [...document.querySelectorAll('.{CAPTION_CLASS}')]
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


def expected_graphs(data: SiteData) -> dict[str, int]:
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
    data = load()
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
    """Every link resolves inside the site, but those to the seminar kit, which make writes beside the site
    (reports/kit; tests/test_kit_build.py checks its pages): those name only files the kit makes."""
    result, _ = site_visit
    broken, kit = [], built_site.parent / "kit"
    for name, target, fragment in _targets(result, built_site):
        if target.is_relative_to(kit):
            if target.relative_to(kit).as_posix() not in KIT_PAGES:
                broken.append(f"{name} -> {target} (not a page of the kit)")
            continue
        if not target.is_file():
            broken.append(f"{name} -> {target}")
        elif fragment and target.suffix == ".html":
            page = target.relative_to(built_site).as_posix()
            if fragment not in result["ids"].get(page, set()):
                broken.append(f"{name} -> {page}#{fragment}")
    assert broken == []


def _static_links(browser, root: Path, data: SiteData) -> dict[str, set[str]]:
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
    data = load(root, notebooks=False)
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


@pytest.mark.slow
def test_from_a_table_cell_two_clicks_reach_its_quote_highlighted_in_the_document(browser, built_site):
    """Issue 18: a cell of a rebuilt table -> its Sources entry -> its line in the document page, where the
    figure's whole quote is highlighted and in view."""
    figure = load(notebooks=False).figures.set_index("figure_id").loc["LD-F07-01"]
    context, page, errors, external = _open(browser)
    page.goto((built_site / "tables.html").as_uri(), wait_until="load")
    page.locator('a[title="LD-F07-01"]').first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("sources.html#fig-LD-F07-01")
    page.locator('#fig-LD-F07-01 a[href$="texts/ledna.html#fig-LD-F07-01"]').first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("texts/ledna.html#fig-LD-F07-01")
    page.wait_for_function("() => CSS.highlights.has('cd-quote')", timeout=10_000)
    highlighted = page.evaluate("() => [...CSS.highlights.get('cd-quote')][0].toString()")
    assert highlighted == figure["quote"]
    assert page.evaluate(
        """() => { const r = document.getElementById('fig-LD-F07-01').nextElementSibling.getBoundingClientRect();
                   return r.top >= 0 && r.bottom <= window.innerHeight; }"""
    ), "the figure's value is not in view"
    line = page.locator(f"#L{figure['line']}")
    assert "cd-hit" in (line.get_attribute("class") or "")
    assert errors == [] and external == []
    context.close()


@pytest.mark.slow
def test_a_document_page_reads_on_a_phone_without_sideways_scrolling(browser, built_site):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    for doc_id in load(notebooks=False).texts:
        page.goto((built_site / "texts" / f"{doc_id}.html").as_uri(), wait_until="load")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), doc_id
    context.close()


@pytest.mark.slow
def test_clicking_a_chart_point_opens_its_figures_entry(browser, built_site):
    """Issue 18: from a chart point, its quote is two clicks away (the point, then the entry's line)."""
    context, page, errors, external = _open(browser)
    page.goto((built_site / "charts" / "documents.html").as_uri(), wait_until="load")
    chart = page.locator("#chart-ledna_figure_07 .plotly-graph-div").first
    page.wait_for_function("(gd) => gd && gd.data && gd.dataset.citydipLinked", arg=chart.element_handle())
    chart.scroll_into_view_if_needed()
    bar = chart.locator(".trace.bars .point path").first
    box = bar.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(r".*sources\.html#fig-LD-F07-0[12]$"), timeout=10_000)
    assert errors == [] and external == []
    context.close()
