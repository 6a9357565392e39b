"""The site's escaping (citydip.site.markup): text from the documents is never markup, and JSON in a
<script> cannot close it."""

from __future__ import annotations

import json

import pytest
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from citydip.site.markup import md, script_json
from site_support import PAYLOAD


def _render(text: str) -> str:
    return create_md_parser(MdParserConfig(), RendererHTML).render(text)


@pytest.mark.parametrize(
    "text",
    [PAYLOAD, "\\$60 billion", "1. not a list", "# not a heading", "> not a quote", "a | b", "(label)=", ":::{note}",
     "{{ substitution }}", "&amp; &lt;", "line one\nline two", "`code`", "<!-- comment -->", "__init__"],
)  # fmt: skip
def test_document_text_is_never_markup(text):
    rendered = _render(md(text))
    assert rendered.startswith("<p>") and rendered.count("<") == 2, rendered  # one paragraph, no element in it
    import html

    assert html.unescape(rendered[3:-5]) == " ".join(text.split())


def test_json_in_a_script_cannot_close_it():
    text = script_json({"title": "</script><script>alert(1)</script> & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"title": "</script><script>alert(1)</script> & \u2028"}
