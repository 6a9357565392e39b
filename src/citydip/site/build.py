"""The seminar site: the compendium as an offline HTML book (Sphinx + myst-nb + sphinx-book-theme).

``python -m citydip.site [--out reports/site]`` writes the page sources to a scratch folder
(``build/site-src``): the Sphinx configuration of ``site/``, pages generated here from the data
(overview, seminar guide, charts, tables, audit, Sources appendix), and copies of the committed
executed notebooks, which are rendered as they are and never executed. Sphinx then builds the
HTML into a temporary folder next to ``--out``, which replaces ``--out`` only once the build and
its checks have passed: a failure leaves the previous site, never a half-built one.

Provenance: every figure of ``data/processed/figures.csv`` has an entry in the Sources appendix
with a stable anchor ``fig-<figure id>`` (its quote, document, line, audit verdict, and links to
each table and chart that uses it), and every chart and table caption written here links each of
its figure ids to that entry. Text from the documents and the data is escaped
(:mod:`citydip.site.markup`): a quote is always text, never markup. On the notebook pages, raw HTML
in Markdown (cells and outputs) is shown as text (:func:`citydip.site.notebooks.markdown_html_as_text`).

Offline: plotly.js is shipped once (``_static/plotly.min.js``, loaded in the head of every page)
and never embedded in a page; the build makes no request (no intersphinx, no theme download); and
the built HTML is checked for script, style and image sources on other hosts (:mod:`citydip.site.offline`).

The parts: :mod:`citydip.site.data` reads the inputs, :mod:`citydip.site.pages` writes the pages,
:mod:`citydip.site.notebooks` the notebook copies, :mod:`citydip.site.sphinx` the sources and the
HTML; this module runs them in order (``build``) and is the command line (``main``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from citydip.core import paths
from citydip.core.csvio import remove_orphans, replace_folder, scratch_prefix
from citydip.core.errors import InputError
from citydip.site.data import load
from citydip.site.errors import SiteError
from citydip.site.offline import check_offline
from citydip.site.sphinx import run_sphinx, write_sources

DEFAULT_OUT = "reports/site"
DEFAULT_SRC = "build/site-src"


@dataclass
class BuildResult:
    out: Path
    pages: int
    seconds: float


def build(
    out: str | os.PathLike[str] = DEFAULT_OUT,
    *,
    root: Path = paths.ROOT,
    src: str | os.PathLike[str] | None = None,
    notebooks: bool = True,
    say=print,
) -> BuildResult:
    """Build the site into ``out`` (relative paths from the project root), replacing it only on success."""
    start = time.monotonic()
    out = paths.resolve(out)
    src = paths.resolve(src) if src is not None else root / DEFAULT_SRC
    data = load(root, notebooks=notebooks)
    say(
        f"site: read {len(data.figures)} figures, {len(data.findings)} findings, {len(data.cases)} cities, "
        f"{len(data.charts)} charts, {len(data.tables)} tables, {len(data.notebooks)} notebooks"
    )
    n = write_sources(data, src)
    say(
        f"site: wrote {n} generated pages, {len(data.notebooks)} notebook copies and {len(data.downloads)} "
        f"downloads to {paths.relative(src)}"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    # Sphinx works in a folder next to ``out`` (myst-nb writes its jupyter_execute folder beside the
    # HTML, the doctrees go there too); the HTML replaces ``out`` only once built and checked.
    # A build killed midway leaves its folder behind: remove_orphans clears those of dead processes.
    remove_orphans(out)
    work = Path(tempfile.mkdtemp(prefix=scratch_prefix(out), suffix=".tmp", dir=out.parent))
    tmp = work / "html"
    try:
        run_sphinx(src, tmp, work / "doctrees", src.parent / f"{src.name}-warnings.log")
        (tmp / ".buildinfo").unlink(missing_ok=True)  # Sphinx's incremental-build record: not part of the site
        html_pages = len([p for p in tmp.rglob("*.html") if p.relative_to(tmp).parts[0] != "_static"])
        say(f"site: sphinx built {html_pages} HTML pages")
        check_offline(tmp)
        say("site: checked: nothing loaded from another host, plotly.js only in _static")
        replace_folder(tmp, out, work / "previous")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    seconds = time.monotonic() - start
    say(
        f"site: {paths.relative(out)} ready ({html_pages} pages, {seconds:.1f} s): see {paths.relative(out)}/index.html"
    )
    return BuildResult(out, html_pages, seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m citydip.site", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    parser.add_argument("--src", default=None, help=f"scratch folder for the page sources (default {DEFAULT_SRC})")
    parser.add_argument("--root", default=None, help="read the data below this folder instead of the project root")
    parser.add_argument("--no-notebooks", action="store_true", help="leave the executed notebooks out (small site)")
    args = parser.parse_args(argv)
    # nbformat validates with jsonschema, whose optional IRI format checker compiles lark grammars at
    # import (~2.5 s here); notebooks have no IRI fields, so this process does without it.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    root = paths.resolve(args.root) if args.root else paths.ROOT
    try:
        build(args.out, root=root, src=args.src, notebooks=not args.no_notebooks)
    except (InputError, SiteError) as exc:
        print(f"site: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
