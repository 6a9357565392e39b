"""Static PNG and SVG copies of the charts, for slides: ``python -m citydip.tooling.static reports/figures``.

The charts notebook writes each chart as ``<name>.plotly.json``; this step renders each with
kaleido, which drives a Chromium-family browser. The images depend on the browser and the
fonts of the machine, so they are build products (ignored by git), not committed results;
the interactive HTML and the JSON are the committed, byte-stable outputs.

Where no browser is found, the step prints one line and renders nothing, so that ``make``
still completes; installing Debian's ``chromium`` (``apt-get install chromium``) or setting
``BROWSER_PATH`` turns it on. The stamp file (``--stamp``) says which happened, ``rendered`` or
``skipped``: the Makefile reruns a skipped export once a browser appears.

Only charts whose JSON is newer than their PNG or SVG are rendered again.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import sys
from pathlib import Path

from citydip.core import paths
from citydip.core.csvio import remove_orphans, scratch_prefix, write_atomic, write_if_changed

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
SCALE = 2  # PNG pixels per layout pixel: sharp on a projector


def find_browser() -> str | None:
    """The browser kaleido will use: $BROWSER_PATH if set, else the first Chromium-family one on PATH."""
    explicit = os.environ.get("BROWSER_PATH")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


_RANDOM_ID = re.compile(r"(?:defs-|trace|cb|clip)([0-9a-f]{6})(?![0-9a-f])")


def stable_svg(svg: str, name: str) -> str:
    """The SVG with plotly.js's random 6-hex-digit ids replaced by ids derived from the chart name.

    plotly.js names definitions, clip paths, traces and colour bars after random ids per
    render; without this, two renders of the same chart differ.
    """
    stable = {
        random_id: hashlib.sha256(f"{name}:{number}".encode()).hexdigest()[:6]
        for number, random_id in enumerate(dict.fromkeys(_RANDOM_ID.findall(svg)))
    }
    return _RANDOM_ID.sub(lambda m: m.group(0)[: -len(m.group(1))] + stable[m.group(1)], svg)


def _up_to_date(spec: Path) -> bool:
    """Both images of a chart exist and are newer than its JSON."""
    name = spec.name.removesuffix(".plotly.json")
    images = [spec.with_name(f"{name}.{fmt}") for fmt in ("png", "svg")]
    return all(i.is_file() and i.stat().st_mtime >= spec.stat().st_mtime for i in images)


def export(folder: Path, *, log=print) -> int:
    """Render every ``*.plotly.json`` under ``folder`` as PNG and SVG; returns how many charts."""
    import plotly.io as pio

    specs = sorted(folder.glob("*.plotly.json"))
    if not specs:
        raise SystemExit(f"error: no charts (*.plotly.json) in {paths.relative(folder)}; run the charts notebook first")
    for spec in specs:  # scratch images of an export that was killed
        for fmt in ("png", "svg"):
            remove_orphans(spec.with_name(spec.name.replace(".plotly.json", f".{fmt}")))
    browser = find_browser()
    if browser is None:
        log(
            "static images skipped: no Chromium found (apt-get install chromium, or set BROWSER_PATH); "
            "the HTML charts are complete"
        )
        return 0
    stale = [p for p in specs if not _up_to_date(p)]
    if not stale:
        log(f"static images: all {len(specs)} charts up to date")
        return len(specs)
    figures = [pio.from_json(p.read_text(encoding="utf-8")) for p in stale]
    names = [p.name.removesuffix(".plotly.json") for p in stale]
    log(f"rendering {len(stale)} of {len(specs)} charts as PNG and SVG with {browser}")
    jobs = [(fig, name, fmt) for fig, name in zip(figures, names, strict=True) for fmt in ("png", "svg")]
    scratch = [folder / f"{scratch_prefix(folder / f'{name}.{fmt}')}tmp" for _, name, fmt in jobs]
    previous = os.environ.get("BROWSER_PATH")
    os.environ["BROWSER_PATH"] = browser  # kaleido's browser finder reads it; restored below
    try:
        pio.write_images(
            [fig for fig, _, _ in jobs],
            scratch,
            format=[fmt for _, _, fmt in jobs],
            scale=[SCALE if fmt == "png" else 1 for _, _, fmt in jobs],
            width=[fig.layout.width for fig, _, _ in jobs],  # kaleido ignores the layout's size otherwise
            height=[fig.layout.height for fig, _, _ in jobs],
        )
        for (_, name, fmt), tmp in zip(jobs, scratch, strict=True):
            target = folder / f"{name}.{fmt}"
            if fmt == "svg":
                changed = write_if_changed(target, stable_svg(tmp.read_text(encoding="utf-8"), name))
            else:
                changed = not target.is_file() or target.read_bytes() != tmp.read_bytes()
                if changed:
                    write_atomic(target, tmp.read_bytes())
            if not changed:
                target.touch()  # rendered again, same bytes: now newer than its JSON
    finally:
        for tmp in scratch:
            tmp.unlink(missing_ok=True)
        if previous is None:
            os.environ.pop("BROWSER_PATH", None)
        else:
            os.environ["BROWSER_PATH"] = previous
    return len(specs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m citydip.tooling.static", description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", default="reports/figures", help="folder of the charts (*.plotly.json)")
    parser.add_argument("--stamp", help="file to write when done: 'rendered' or 'skipped' (no browser)")
    args = parser.parse_args(argv)
    rendered = export(paths.resolve(args.folder))
    if args.stamp:
        stamp = paths.resolve(args.stamp)
        write_if_changed(stamp, ("rendered" if rendered else "skipped") + "\n")
        stamp.touch()  # make compares times: the step is done now
    return 0


if __name__ == "__main__":
    sys.exit(main())
