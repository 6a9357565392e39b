"""Sphinx: the scratch source folder the site is built from (``write_sources``), and the HTML build
(``run_sphinx``), in which any warning but the expected ones is an error.

The source folder holds the hand-written configuration and static files of ``site/`` (SITE_CONF),
the pages generated from the data (:mod:`citydip.site.pages`), copies of the executed notebooks
(:mod:`citydip.site.notebooks`) and the files offered for download.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from citydip.core import paths
from citydip.core.errors import InputError
from citydip.site.data import PLOTLY_JS, SiteData
from citydip.site.errors import SiteError
from citydip.site.notebooks import notebook_copy
from citydip.site.pages.assemble import pages

SITE_CONF = paths.ROOT / "site"
"""The hand-written part of the site: Sphinx's conf.py and static files (copied into the sources)."""


def write_sources(data: SiteData, src: Path, conf_dir: Path = SITE_CONF) -> int:
    """The scratch source folder: conf and static files, generated pages, notebooks, downloads."""
    if not (conf_dir / "conf.py").is_file():
        raise InputError(conf_dir / "conf.py", "file not found", expected="the site's Sphinx configuration")
    if src.exists():
        shutil.rmtree(src)
    shutil.copytree(conf_dir, src, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    static = src / "_static"
    static.mkdir(exist_ok=True)
    shutil.copyfile(data.root / "reports" / "figures" / PLOTLY_JS, static / PLOTLY_JS)
    generated = pages(data)
    for docname, text in generated.items():
        path = src / f"{docname}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for page in data.notebooks:
        path = src / f"{page.docname}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(notebook_copy(page, set(data.figures["figure_id"])), encoding="utf-8")
    extra = src / "_extra"
    for target, source in data.downloads.items():
        path = extra / target
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
    extra.mkdir(exist_ok=True)
    return len(generated)


def run_sphinx(
    src: Path, out: Path, doctrees: Path, log: Path, *, builder: str = "html", conf: dict | None = None
) -> None:
    """Build the HTML of ``src`` into ``out``; any warning (but the expected ones) is an error.

    ``conf``: the configuration as a dict instead of ``src/conf.py`` (the seminar kit's decks and exercises);
    ``builder``: 'html', or 'revealjs' for the kit's decks."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    warnings = io.StringIO()
    confdir = None if conf is not None else src
    try:
        with patch_docutils(src), docutils_namespace():
            app = Sphinx(
                src, confdir, out, doctrees, builder, confoverrides=conf or {}, status=None, warning=warnings,
                freshenv=True,
            )  # fmt: skip
            app.build(force_all=True)
    except Exception as exc:
        log.write_text(warnings.getvalue(), encoding="utf-8")
        raise SiteError(f"Sphinx failed: {' '.join(str(exc).split())}") from exc
    text = warnings.getvalue().strip()
    if text or app.statuscode:
        log.write_text(text + "\n", encoding="utf-8")
        first = text.splitlines()[0] if text else f"status {app.statuscode}"
        count = sum("WARNING" in line or "ERROR" in line for line in text.splitlines())
        raise SiteError(f"Sphinx warning: {first} ({count} warning(s) in all: {paths.relative(log)})")
