"""The offline check of the built HTML (citydip.site.offline)."""

from __future__ import annotations

import re

import pytest

from citydip.site.errors import SiteError
from citydip.site.offline import check_offline


def test_offline_check_catches_an_external_script(tmp_path):
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "plotly.min.js").write_text("/* plotly */")
    (tmp_path / "ok.html").write_text(
        '<a href="https://example.org">a link is fine</a><script src="_static/x.js"></script>'
    )
    assert check_offline(tmp_path) == 1
    (tmp_path / "bad.html").write_text('<script src="https://cdn.example.org/mathjax.js"></script>')
    with pytest.raises(SiteError, match=re.escape("bad.html: <script> loads https://cdn.example.org/mathjax.js")):
        check_offline(tmp_path)
