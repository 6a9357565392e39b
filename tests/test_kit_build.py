"""The built seminar kit (citydip.kit.build): built once into a temporary folder from the project's files,
then its decks opened in Debian's Chromium (every request to a non-file URL counted), its figure ids checked
against the registry, its handouts' pages counted, its exercises printed, and its bytes compared with the
kit `make` wrote (two builds give the same bytes)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

from citydip.core import paths
from citydip.core.csvio import read_written
from citydip.kit.handouts import PAGES, page_count
from citydip.kit.slides import AUDIT_DECK
from citydip.site.data import load

ID = re.compile(r"\b(?:BK|CL|LD|AC)-[A-Z0-9]+(?:-[0-9]+)*\b")
SOURCES_LINK = re.compile(r'href="\.\./\.\./site/sources\.html#fig-([^"]+)"')


def _build(out: Path) -> Path:
    done = subprocess.run(
        [sys.executable, "-m", "citydip.kit", "--out", str(out)], cwd=paths.ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def kit(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("kit") / "kit")


@pytest.fixture(scope="module")
def figure_ids() -> set[str]:
    return set(read_written(paths.ROOT / "data" / "processed" / "figures.csv")["figure_id"])


def _decks(kit: Path) -> list[Path]:
    return sorted(p for p in (kit / "slides").glob("*.html") if p.name != "index.html")


def test_a_deck_per_city_per_comparison_and_one_on_the_audit(kit):
    data = load(notebooks=False)
    names = {p.stem for p in _decks(kit)}
    expected = {c.lower().replace(" ", "-") for c in data.cases["city"]} | {AUDIT_DECK}
    expected |= {f"compare-{g.key.removeprefix('compare-')}" for g in data.groups if g.key.startswith("compare-")}
    assert names == expected


def test_every_figure_id_on_a_slide_exists_and_links_to_its_sources_entry(kit, figure_ids):
    for deck in _decks(kit):
        text = deck.read_text(encoding="utf-8")
        linked = set(SOURCES_LINK.findall(text))
        assert linked, deck.name
        assert linked <= figure_ids, (deck.name, sorted(linked - figure_ids))
        assert "](../../site/" not in text, f"{deck.name}: a link left as markdown text"
        shown = set(ID.findall(re.sub(r"<[^>]+>", " ", text)))
        assert shown <= figure_ids, (deck.name, sorted(shown - figure_ids))
        assert shown <= linked | shown  # every id shown is text of the page
    site = paths.ROOT / "reports" / "site" / "sources.html"
    if site.is_file():  # the site make built: each linked anchor is there
        anchors = set(re.findall(r'id="fig-([^"]+)"', site.read_text(encoding="utf-8")))
        for deck in _decks(kit):
            assert set(SOURCES_LINK.findall(deck.read_text(encoding="utf-8"))) <= anchors, deck.name


def test_a_chart_caption_on_a_slide_lists_its_figures_once_and_links_them(kit):
    captions = 0
    for deck in _decks(kit):
        for block in re.findall(r'<div class="kit-small">(.*?)</div>', deck.read_text(encoding="utf-8"), re.S):
            text = re.sub(r"<[^>]+>", "", block)
            ids = re.findall(r"\b[A-Z]{2}-(?:F\d+-)?\d+\b", text)
            if not ids:
                continue
            captions += 1
            assert text.count("Figures:") <= 1, f"{deck.name}: the figures listed twice in {text.strip()[:120]!r}"
            linked = set(SOURCES_LINK.findall(block))  # the chart's own figures (a caption may cite others)
            assert linked and linked <= set(ids), deck.name
    assert captions >= 10


def test_each_city_handout_has_two_to_four_pages(kit):
    handouts = sorted((kit / "handouts").glob("*.pdf"))
    data = load(notebooks=False)
    assert {p.stem for p in handouts} == {c.lower().replace(" ", "-") for c in data.cases["city"]} | {"seminar"}
    for pdf in handouts:
        if pdf.stem != "seminar":
            assert PAGES[0] <= page_count(pdf) <= PAGES[1], pdf.name


def test_the_kit_is_the_same_bytes_as_makes(kit, tmp_path_factory):
    """Against the kit make wrote where there is one; on a clean checkout (CI), against a second build."""
    made = paths.ROOT / "reports" / "kit"
    if not (made / "index.html").is_file():
        made = _build(tmp_path_factory.mktemp("again") / "kit")
    mine = {p.relative_to(kit): p.read_bytes() for p in sorted(kit.rglob("*")) if p.is_file()}
    theirs = {p.relative_to(made): p.read_bytes() for p in sorted(made.rglob("*")) if p.is_file()}
    assert sorted(mine) == sorted(theirs)
    assert [k for k in mine if mine[k] != theirs[k]] == []


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium  # conftest's: one Chromium per test process


def test_the_decks_load_nothing_from_another_host(kit, browser):
    page = browser.new_page()
    outside, missing = [], []
    page.route(re.compile(r"^(?!file:).*"), lambda route: (outside.append(route.request.url), route.abort()))
    page.on("requestfailed", lambda request: missing.append(request.url))
    for deck in _decks(kit):
        page.goto(deck.as_uri())
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        assert page.evaluate("Reveal.getTotalSlides()") > 1, deck.name
    page.close()
    assert outside == []
    assert [unquote(u) for u in missing if u not in outside] == []


def test_printed_the_exercises_leave_the_solutions_out(kit, browser):
    page = browser.new_page()
    page.goto((kit / "exercises.html").as_uri())
    solutions = page.locator(".solution")
    assert solutions.count() >= 4
    assert page.locator(".exercise").count() == solutions.count()
    body = page.locator(".solution > :not(.admonition-title)").first
    assert body.count() == 1 and not body.is_visible()  # closed until opened
    page.locator(".solution .admonition-title, .solution button").first.click()
    body.wait_for(state="visible")
    page.emulate_media(media="print")
    assert all(not solutions.nth(i).is_visible() for i in range(solutions.count()))
    assert page.locator(".exercise").first.is_visible()
    page.close()


# Every slide, horizontal or vertical, shown in turn (reveal.js hides the slides far from the current one):
# its height as laid out, against the deck's height (reveal.js scales that box to the window).
SLIDE_HEIGHTS = """() => {
  const leaves = [...document.querySelectorAll('.reveal .slides > section')]
    .flatMap(s => { const inner = [...s.querySelectorAll(':scope > section')]; return inner.length ? inner : [s]; });
  return leaves.map((s, i) => {
    const parent = s.parentElement.closest('section');
    const saved = [s.style.display, parent ? parent.style.display : ''];
    s.style.display = 'block';
    if (parent) parent.style.display = 'block';
    const h = s.scrollHeight;
    s.style.display = saved[0];
    if (parent) parent.style.display = saved[1];
    return [i, h, (s.querySelector('h1, h2, h3') || {}).textContent || ''];
  });
}"""


def test_every_slide_fits_the_decks_height(kit, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    too_tall = []
    for deck in _decks(kit):
        page.goto(deck.as_uri())
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        page.evaluate("document.fonts.ready")
        height = page.evaluate("Reveal.getConfig().height")
        heights = page.evaluate(SLIDE_HEIGHTS)
        assert len(heights) >= page.evaluate("Reveal.getTotalSlides()"), deck.name
        too_tall += [f"{deck.stem} #{i} {title.strip()!r}: {h} > {height}" for i, h, title in heights if h > height]
    page.close()
    assert too_tall == []


def test_no_handout_page_ends_with_a_heading(kit):
    from pypdf import PdfReader

    headings = {"Key figures", "Main claims, quoted", "Audit verdicts", "Audit findings", "Charts", "Sources"}
    headings |= {"The cities side by side"}
    for pdf in sorted((kit / "handouts").glob("*.pdf")):
        for n, p in enumerate(PdfReader(pdf).pages[:-1], 1):
            lines = [line.strip() for line in p.extract_text().splitlines() if line.strip()]
            last = lines[-2] if len(lines) > 1 else ""  # the line above the footer
            assert last not in headings and not last.startswith("The audit's findings ("), (pdf.name, n, last)


def test_no_handout_ends_on_a_nearly_empty_page(kit):
    """A teacher printing the guide found 'many half-empty pages': a handout's last page holds a chart or at
    least a quarter of the text of its average page (the seminar's once ran onto a third page for one item)."""
    from pypdf import PdfReader

    for pdf in sorted((kit / "handouts").glob("*.pdf")):
        pages = PdfReader(pdf).pages
        chars = [len(p.extract_text() or "") for p in pages]
        last = pages[-1]
        assert len(last.images) or chars[-1] >= sum(chars) / len(chars) / 4, f"{pdf.name}: last page {chars}"


def test_the_exercises_are_numbered_with_distinct_titles(kit):
    text = (kit / "exercises.html").read_text(encoding="utf-8")
    titles = re.findall(r'<span class="caption-number">Exercise (\d+) </span> \(([^<]+)\)</p>', text)
    assert [int(n) for n, _ in titles] == list(range(1, len(titles) + 1)) and len(titles) >= 6
    assert len({t for _, t in titles}) == len(titles)
    assert "Exercise  (" not in text and "\\$" not in text


def test_the_kits_search_finds_a_page(kit, browser):
    assert (kit / "searchindex.js").is_file()  # the search box of every kit page reads it
    page = browser.new_page()
    missing = []
    page.on("requestfailed", lambda request: missing.append(request.url))
    page.goto((kit / "search.html").as_uri() + "?q=Tokyo")
    page.wait_for_selector("#search-results li a", timeout=15000)
    assert "exercises.html" in page.locator("#search-results li a").first.get_attribute("href")
    page.close()
    # Sphinx's search then fetches each page found for a summary, which Chromium refuses from file://
    # (the results are listed all the same); the index itself must load
    assert not [u for u in missing if u.endswith(".js")]
