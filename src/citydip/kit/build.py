"""The seminar kit: ``python -m citydip.kit [--out reports/kit]`` (``make kit``, part of ``make``).

It reads what the site reads (:func:`citydip.site.data.load`), gathers what the kit shows
(:mod:`citydip.kit.content`) and writes, into a scratch folder next to ``--out``:

- ``slides/<deck>.html``: the reveal.js decks (:mod:`citydip.kit.slides`), one per case-study city, one
  per published comparison (``compare-<a>__<b>``) and ``audit`` (the strongest discrepancies);
- ``handouts/<city>.pdf`` (2 to 4 A4 pages each) and ``handouts/seminar.pdf`` (:mod:`citydip.kit.handouts`);
- ``exercises.html`` (:mod:`citydip.kit.exercises`) and ``index.html``, which lists all of it.

The scratch folder replaces ``--out`` only once everything is built and checked (no page loads anything
from another host: :func:`citydip.site.offline.check_offline`): a failure leaves the previous kit, never a
half-built one. The decks, the exercises and the index are built by Sphinx; the handouts are printed by
the Chromium that the chart export uses ($BROWSER_PATH, else the first on PATH); without one they are
skipped with one line saying so (as the PNG/SVG export is).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from citydip.core import paths
from citydip.core.csvio import remove_orphans, replace_folder, scratch_prefix
from citydip.core.errors import InputError
from citydip.kit import content, exercises, handouts, slides
from citydip.kit.errors import KitError
from citydip.site.data import load
from citydip.site.errors import SiteError
from citydip.site.markup import md
from citydip.site.offline import check_offline
from citydip.site.sphinx import run_sphinx
from citydip.tooling.static import find_browser

DEFAULT_OUT = "reports/kit"
CONF = {
    "project": "City diplomacy: seminar kit",
    "html_title": "City diplomacy: seminar kit",
    "extensions": ["myst_parser", "sphinx_exercise", "sphinx_togglebutton"],
    "myst_enable_extensions": ["colon_fence"],
    "myst_all_links_external": True,
    "myst_heading_anchors": 0,
    "smartquotes": False,
    "numfig": True,  # sphinx-exercise numbers the exercises (Exercise 1, Solution to Exercise 1) with it
    "html_theme": "sphinx_book_theme",
    "html_theme_options": {"use_download_button": False, "use_fullscreen_button": False},
    "html_context": {"default_mode": "light"},
    "html_static_path": ["_static"],
    "html_css_files": ["kit.css"],
    "html_copy_source": False,
    "html_show_sourcelink": False,
    "html_show_sphinx": False,
    "html_last_updated_fmt": None,
    "exclude_patterns": ["_build"],
    "suppress_warnings": ["toc.not_included"],
}


def index_page(decks: list[str], counts: dict[str, int], by_slug: dict[str, str]) -> str:
    """The kit's front page: the decks, the handouts (with their page counts) and the exercises."""

    def title(name: str) -> str:
        if name == slides.AUDIT_DECK:
            return "The audit's findings"
        if name.startswith("compare-"):
            a, b = name.removeprefix("compare-").split("__")
            return f"Comparison: {by_slug.get(a, a)} and {by_slug.get(b, b)}"
        return by_slug.get(name, name)

    lines = [
        "# Seminar kit",
        "",
        "Made by `make` from the same files as the [seminar site](../site/index.html); it works offline, "
        "from disk. Every figure id of a deck or an exercise links to its entry in the site's "
        "[Sources appendix](../site/sources.html).",
        "",
        "## Slides (reveal.js)",
        "",
        *[f"- [{md(title(d))}](slides/{d}.html)" for d in decks],
        "",
        "## Handouts (A4 PDF)",
        "",
        *[
            f"- [{md(by_slug.get(n.removesuffix('.pdf'), 'The whole seminar'))}](handouts/{n}) ({c} pages)"
            for n, c in counts.items()
        ],
        *([] if counts else ["*No handouts: no Chromium-family browser was found when the kit was made.*"]),
        "",
        "## Exercises",
        "",
        "- [Seminar exercises with solutions](exercises.html) (print it for the students' copy: the solutions "
        "are left out)",
        "",
        # in a toctree, so that Sphinx numbers the page's exercises (sphinx-exercise reads those numbers)
        ":::{toctree}",
        ":hidden:",
        "",
        "exercises",
        ":::",
        "",
    ]
    return "\n".join(lines)


def _build_into(tmp: Path, root: Path, say) -> dict[str, int]:
    browser = find_browser()
    data = load(root, notebooks=False)
    cities = content.cities(data)
    by_name = {c.name: c for c in cities}
    comparisons = content.comparisons(data, by_name)
    findings = content.discrepancies(data)
    work = tmp.parent
    logs = root / "build"
    logs.mkdir(exist_ok=True)
    decks = slides.build(
        cities, comparisons, findings, work / "slides-src", tmp / "slides", work, logs / "kit-slides-warnings.log"
    )
    say(f"kit: {len(decks)} decks")
    (tmp / "handouts").mkdir()
    counts: dict[str, int] = {}
    if browser is None:
        say("kit: no Chromium-family browser (apt-get install chromium, or set BROWSER_PATH): handouts skipped")
    else:
        printer = handouts.Printer(browser)
        try:
            counts = handouts.build(cities, findings, tmp / "handouts", printer, data.version, say)
        finally:
            printer.close()
    src = work / "kit-src"
    (src / "_static").mkdir(parents=True)
    (src / "_static" / "kit.css").write_text(exercises.CSS, encoding="utf-8")
    (src / "exercises.md").write_text(exercises.page(data, root), encoding="utf-8")
    (src / "index.md").write_text(index_page(decks, counts, {c.slug: c.name for c in cities}), encoding="utf-8")
    run_sphinx(src, tmp, work / "doctrees-kit", logs / "kit-warnings.log", conf=CONF)
    # searchindex.js stays: the kit pages have a search box (search.html reads it)
    for leftover in (".buildinfo", "objects.inv", "slides/.buildinfo", "slides/objects.inv"):
        (tmp / leftover).unlink(missing_ok=True)
    check_offline(tmp, plotly=False)
    return counts


def build(out: str | os.PathLike[str] = DEFAULT_OUT, *, root: Path = paths.ROOT, say=print) -> Path:
    """Build the kit into ``out``, replacing it only once everything is built and checked."""
    start = time.monotonic()
    out = paths.resolve(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_orphans(out)
    work = Path(tempfile.mkdtemp(prefix=scratch_prefix(out), suffix=".tmp", dir=out.parent))
    tmp = work / "kit"
    tmp.mkdir()
    try:
        _build_into(tmp, root, say)
        replace_folder(tmp, out, work / "previous")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    say(f"kit: {paths.relative(out)} ready ({time.monotonic() - start:.1f} s): see {paths.relative(out)}/index.html")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m citydip.kit", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    parser.add_argument("--root", default=None, help="read the data below this folder instead of the project root")
    args = parser.parse_args(argv)
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  (as citydip.site: not needed)
    root = paths.resolve(args.root) if args.root else paths.ROOT
    try:
        build(args.out, root=root)
    except (InputError, SiteError, KitError) as exc:
        print(f"kit: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
