"""The offline check of the built HTML: no page loads a script, style, image or frame from another
host, no style imports one, and plotly.js is not embedded in any page (it is shipped once, as
``_static/plotly.min.js``, and loaded in the head of every page).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from citydip.core import paths
from citydip.site.data import PLOTLY_JS
from citydip.site.errors import SiteError


class _Resources(HTMLParser):
    """Collects the addresses a page loads by itself (scripts, styles, images, frames)."""

    LOADS: ClassVar[dict[str, str]] = {
        **dict.fromkeys(("script", "img", "iframe", "source", "audio", "video", "embed", "input", "track"), "src"),
        "object": "data",
    }

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "link" and values.get("href"):
            self.found.append((tag, values["href"]))
        elif tag in self.LOADS and values.get(self.LOADS[tag]):
            self.found.append((tag, values[self.LOADS[tag]]))
        if values.get("srcset"):
            self.found.append((tag, values["srcset"]))


_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_CSS_EXTERNAL = re.compile(r"(?:url\(\s*['\"]?|@import\s+['\"])\s*(?:https?:)?//", re.IGNORECASE)


def check_offline(out: Path, *, plotly: bool = True) -> int:
    """No page loads anything from another host, and plotly.js is not embedded in any page.

    ``plotly=False``: a tree that ships no plotly.js (the seminar kit's decks and exercises)."""
    banner = (out / "_static" / PLOTLY_JS).read_bytes()[:300] if plotly else b""
    pages_checked = 0
    for path in sorted(out.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        parser = _Resources()
        parser.feed(text)
        for tag, url in parser.found:
            if _EXTERNAL.match(url) or url.strip().lower().startswith(("http:", "https:")):
                raise SiteError(f"{paths.relative(path)}: <{tag}> loads {url} from another host")
        if banner and banner.decode("utf-8", "replace") in text:
            raise SiteError(f"{paths.relative(path)}: embeds plotly.js (it must be loaded from _static once)")
        pages_checked += 1
    for path in sorted(out.rglob("*.css")):
        match = _CSS_EXTERNAL.search(path.read_text(encoding="utf-8", errors="replace"))
        if match:
            raise SiteError(f"{paths.relative(path)}: a style loads {match.group(0)}... from another host")
    return pages_checked
