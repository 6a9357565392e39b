"""Static PNG and SVG copies of the charts (``citydip.tooling.static``)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from citydip.charts import common as charts
from citydip.core import paths
from citydip.tooling import static

# --- 6. static images ----------------------------------------------------------------------------

SVG_LIKE = (
    '<svg><defs id="defs-{0}"><clipPath id="clip{1}xyplot"/></defs>'
    '<g class="trace{2} heatmap"/><g class="cb{3} colorbar" clip-path="url(#clip{1}xyplot)"/>'
    '<rect fill="#4c78a8"/><text>cbdefault tracer</text></svg>'
)
FIRST_IDS = ("1a2b3c", "a0b1c2", "0f0e0d", "3c2b1a")
OTHER_IDS = ("9f8e7d", "c2d3e4", "123abc", "fedcba")


def test_stable_svg_replaces_plotly_random_ids():
    one = static.stable_svg(SVG_LIKE.format(*FIRST_IDS), "chart")
    two = static.stable_svg(SVG_LIKE.format(*OTHER_IDS), "chart")
    assert one == two
    for random_id in (*FIRST_IDS, *OTHER_IDS):
        assert random_id not in one
    assert one != static.stable_svg(SVG_LIKE.format(*FIRST_IDS), "other chart")
    # the structure is kept: each id replaced by its own stable id, the same wherever it occurs
    stable = [hashlib.sha256(f"chart:{n}".encode()).hexdigest()[:6] for n in range(4)]
    assert one == SVG_LIKE.format(*stable)


def test_find_browser_none_when_browser_path_is_missing(monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-browser"))
    assert static.find_browser() is None


def _small_chart(folder: Path, name: str = "small") -> None:
    spec = {
        "data": [{"type": "bar", "x": ["a", "b"], "y": [1, 2], "customdata": [["X-1"], ["X-2"]]}],
        "layout": {"width": 320, "height": 240, "title": {"text": "small"}},
    }
    (folder / f"{name}.plotly.json").write_text(json.dumps(spec), encoding="utf-8")


def test_export_without_browser_skips_with_one_line(monkeypatch, capsys, tmp_path):
    _small_chart(tmp_path)
    monkeypatch.setattr(static, "find_browser", lambda: None)
    assert static.export(tmp_path) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and "static images skipped" in lines[0], lines
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.plotly.json"]


@pytest.mark.slow
def test_export_renders_png_and_svg(monkeypatch, tmp_path):
    browser = static.find_browser()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("no Chromium found on CI, which installs chromium for the static images")
        pytest.skip("no Chromium-family browser (apt-get install chromium, or set BROWSER_PATH)")
    monkeypatch.setenv("BROWSER_PATH", browser)  # export sets it otherwise, for the rest of the session
    _small_chart(tmp_path)
    logged: list[str] = []
    assert static.export(tmp_path, log=logged.append) == 1
    png = (tmp_path / "small.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    svg = (tmp_path / "small.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg")
    assert hashlib.sha256(b"small:0").hexdigest()[:6] in svg  # the random ids were replaced
    assert not list(tmp_path.glob(".*.tmp"))
    assert len(logged) == 1
    # Rendered only again once the chart's JSON is newer than its images.
    assert static.export(tmp_path, log=logged.append) == 1 and logged[-1].endswith("all 1 charts up to date")
    spec = tmp_path / "small.plotly.json"
    earlier = spec.stat().st_mtime - 10
    for image in ("small.png", "small.svg"):
        os.utime(tmp_path / image, (earlier, earlier))
    assert static.export(tmp_path, log=logged.append) == 1 and logged[-1].startswith("rendering 1 of 1 charts")
    assert all((tmp_path / image).stat().st_mtime >= spec.stat().st_mtime for image in ("small.png", "small.svg"))


# --- slide-ready: landscape, nothing clipped ------------------------------------------------------

FIGURES = paths.ROOT / "reports" / "figures"


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def test_every_chart_is_landscape():
    """Each chart's layout (the committed ``.plotly.json``, the size the PNG is rendered at) is landscape,
    and each PNG rendered from it (only where make ran with Chromium: PNGs are not committed) has that
    size times the export's scale."""
    specs = sorted(FIGURES.glob("*.plotly.json"))
    assert specs, "no charts in reports/figures: run make"
    sizes = {}
    for spec in specs:
        layout = json.loads(spec.read_text(encoding="utf-8"))["layout"]
        sizes[spec.name.removesuffix(".plotly.json")] = (layout.get("width"), layout.get("height"))
    unsized = [name for name, (w, h) in sizes.items() if not (w and h)]
    assert not unsized, f"no width or height in the layout: {unsized}"
    portrait = [f"{name} {w}x{h}" for name, (w, h) in sizes.items() if w < h * charts.LANDSCAPE]
    assert not portrait, f"not landscape (width >= {charts.LANDSCAPE:.2f} x height): {portrait}"
    pngs = {p.name.removesuffix(".png"): _png_size(p) for p in FIGURES.glob("*.png")}
    wrong = [
        f"{name}.png {pngs[name]} != {w * static.SCALE}x{h * static.SCALE}"
        for name, (w, h) in sizes.items()
        if name in pngs and pngs[name] != (w * static.SCALE, h * static.SCALE)
    ]
    assert not wrong, f"PNG not at its layout's size: {wrong}"
    assert not set(pngs) - set(sizes), f"PNG without a chart: {sorted(set(pngs) - set(sizes))}"


# Every text of a rendered chart as [chart, kind, text, box, bounds]: the title, subtitle, axis titles,
# tick labels, legend and annotations against the figure; a data label against its subplot's plot area
# (plotly clips it there); a map's labels against the figure.
MEASURE = r"""async ([spec, name]) => {
  const div = document.createElement('div');
  document.body.appendChild(div);
  await Plotly.newPlot(div, spec.data, spec.layout, {staticPlot: true});
  const svg = div.querySelector('.main-svg').getBoundingClientRect();
  const fig = [svg.left, svg.top, svg.right, svg.bottom];
  const out = [];
  const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const shown = el => el.textContent.trim() && el.getBoundingClientRect().width > 0;
  for (const el of div.querySelectorAll('.infolayer text, .xtick text, .ytick text, .g-xtitle text, .g-ytitle text,'
                                        + ' .legendtext, .annotation-text, .geolayer .textpoint text'))
    if (shown(el)) out.push([name, el.getAttribute('class') || 'text', el.textContent, box(el), fig]);
  for (const sub of div.querySelectorAll('.cartesianlayer .subplot')) {
    const [, x, y] = [...sub.classList].find(c => c !== 'subplot').match(/^(x\d*)(y\d*)$/);
    const xa = div._fullLayout[x.replace('x', 'xaxis')], ya = div._fullLayout[y.replace('y', 'yaxis')];
    const area = [svg.left + xa._offset, svg.top + ya._offset, svg.left + xa._offset + xa._length,
                  svg.top + ya._offset + ya._length];
    for (const el of sub.querySelectorAll('.textpoint text'))
      if (shown(el)) out.push([name, 'data label', el.textContent, box(el), area]);
  }
  Plotly.purge(div); div.remove();
  return out;
}"""


@pytest.mark.slow
def test_no_text_of_any_chart_is_clipped(chromium):
    """Each chart of reports/figures drawn by plotly.js in Chromium at its layout size: every text box lies
    within the figure, and every data label within its plot area (1 px of slack for rounding)."""
    specs = sorted(FIGURES.glob("*.plotly.json"))
    assert specs, "no charts: run make"
    page_html = FIGURES / "plotly.min.js"
    page = chromium.new_page()  # conftest's: one Chromium per test process
    page.set_content("<html><body style='margin:0'></body></html>")
    page.add_script_tag(path=str(page_html))
    texts = []
    for spec in specs:
        figure = json.loads(spec.read_text(encoding="utf-8"))
        texts += page.evaluate(MEASURE, [figure, spec.name.removesuffix(".plotly.json")])
    page.close()
    clipped = [
        f"{name}: {kind} {text[:40]!r} at {[round(v) for v in b]} outside {[round(v) for v in a]}"
        for name, kind, text, b, a in texts
        if b[0] < a[0] - 1 or b[1] < a[1] - 1 or b[2] > a[2] + 1 or b[3] > a[3] + 1
    ]
    assert len(texts) > 10 * len(specs), f"only {len(texts)} texts measured in {len(specs)} charts"
    assert not clipped, "\n".join(clipped)


def test_a_cjk_font_is_installed_and_named_for_the_static_images():
    """The documents' Japanese (Clausen et al.'s note, 研究ノート) needs a font with CJK glyphs: the charts'
    font list names Noto Sans CJK, which .ci/run installs (Debian's fonts-noto-cjk) with Chromium."""
    import shutil as sh
    import subprocess

    assert "Noto Sans CJK JP" in charts.FONT
    assert "fonts-noto-cjk" in (paths.ROOT / ".ci" / "run").read_text(encoding="utf-8")
    if sh.which("fc-list") is None:
        pytest.skip("no fontconfig (fc-list) on this machine")
    families = subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True).stdout
    if "Noto Sans CJK JP" not in families:
        if os.environ.get("CI"):
            pytest.fail("no Noto Sans CJK JP on CI, which installs fonts-noto-cjk for the static images")
        pytest.skip("Noto Sans CJK JP is not installed (apt-get install fonts-noto-cjk)")


GLYPHS = r"""([chars, font]) => {
  const canvas = document.createElement('canvas');
  canvas.width = 48; canvas.height = 48;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  return chars.map(ch => {
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, 48, 48);
    ctx.fillStyle = '#000'; ctx.font = '36px ' + font; ctx.textBaseline = 'top';
    ctx.fillText(ch, 4, 4);
    const px = ctx.getImageData(0, 0, 48, 48).data;
    let dark = 0, sig = '';
    for (let i = 0; i < px.length; i += 4) { const d = px[i] < 128; dark += d; sig += d ? '1' : '0'; }
    return [ch, dark, sig];
  });
}"""


@pytest.mark.slow
def test_the_documents_japanese_renders_as_distinct_glyphs_in_the_charts_font(chromium):
    """Clausen et al.'s Japanese drawn in Chromium with the charts' font list: by Noto Sans CJK (as Chromium's
    DevTools protocol reports the fonts it used), each character a glyph of its own. Where no font has the
    glyphs, every character is the same empty box (tofu), and this fails."""
    import re

    from citydip.core.sources import load_documents

    texts = [d.text for d in load_documents(paths.ROOT / "data" / "raw").values()]
    chars = sorted(set(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]", "".join(texts))))[:60]
    assert len(chars) >= 20, "the documents hold Japanese (研究ノート in Clausen et al.'s note)"
    page = chromium.new_page()
    page.set_content(f"<div id='ja' style=\"font-family: {charts.FONT}\">{''.join(chars)}</div>")
    cdp = page.context.new_cdp_session(page)  # which installed font Chromium drew the characters with
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    node = cdp.send("DOM.querySelector", {"nodeId": cdp.send("DOM.getDocument")["root"]["nodeId"], "selector": "#ja"})
    used = {f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]}
    assert any("Noto Sans CJK" in f for f in used), f"drawn with {used}, not the charts' Noto Sans CJK"
    drawn = page.evaluate(GLYPHS, [chars, charts.FONT])
    tofu = page.evaluate(GLYPHS, [["\U000f0000", "\U000f0001"], "monospace"])  # private use: no font has them
    page.close()
    assert all(dark > 0 for _, dark, _ in drawn), [ch for ch, dark, _ in drawn if not dark]
    shapes = {sig for _, _, sig in drawn}
    assert len(shapes) == len(chars), f"{len(chars) - len(shapes)} characters drawn as the same shape"
    assert not shapes & {sig for _, _, sig in tofu}, "a character drawn as the missing-glyph box"
