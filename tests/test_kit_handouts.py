"""The handouts' HTML and PDF post-processing (citydip.kit.handouts), without a browser."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader, PdfWriter

from citydip.kit import content
from citydip.kit.errors import KitError
from citydip.kit.handouts import PDF_DATE, build, city_html, deterministic_pdf, other_findings, seminar_html
from citydip.site.data import load


@pytest.fixture(scope="module")
def data():
    return load(notebooks=False)


def _pdf(pages: int, date: str) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    writer.add_metadata({"/CreationDate": date, "/ModDate": date, "/Producer": "Skia/PDF"})
    writer._ID = None  # pypdf derives one of its own, as Chromium stamps one
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_pdf_printed_at_another_time_gives_the_same_bytes():
    first, second = _pdf(2, "D:20260101120000Z"), _pdf(2, "D:20270202130000Z")
    assert first != second
    assert deterministic_pdf(first, "T") == deterministic_pdf(second, "T")
    meta = PdfReader(io.BytesIO(deterministic_pdf(first, "T"))).metadata
    assert meta["/CreationDate"] == meta["/ModDate"] == PDF_DATE and meta["/Title"] == "T"


def test_text_from_the_data_is_escaped_in_a_handout(data):
    city = content.city(data, data.cases["city"].iloc[0])
    city.claims.append(
        {"point_id": "X-1", "topic": "t", "quote": "<script>alert(1)</script>", "document": "d", "figures": []}
    )
    text = city_html(city, 0, "0")
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_a_handout_shows_every_key_figure_and_claim_of_its_city(data):
    for name in data.cases["city"]:
        city = content.city(data, name)
        text = city_html(city, 0, "0")
        for row in city.key_rows:
            for i in row["ids"]:
                assert f'<span class="id">{i}</span>' in text, (name, i)
        assert text.count("<blockquote>") == len(city.claims)
    assert "The cities side by side" in seminar_html(content.cities(data), content.discrepancies(data), "0")


class _Printer:
    def __init__(self, pages: int):
        self.pages = pages

    def pdf(self, text: str, title: str) -> bytes:
        return _pdf(self.pages, PDF_DATE)


def test_a_city_handout_outside_two_to_four_pages_stops_the_kit(data, tmp_path):
    cities = content.cities(data)[:1]
    with pytest.raises(KitError, match=r"handout .*\.pdf has 5 pages; expected 2 to 4 A4 pages"):
        build(cities, [], tmp_path, _Printer(5), "0", say=lambda _: None)
    with pytest.raises(KitError, match="has 1 pages"):
        build(cities, [], tmp_path, _Printer(1), "0", say=lambda _: None)
    assert build(cities, [], tmp_path, _Printer(3), "0", say=lambda _: None)[f"{cities[0].slug}.pdf"] == 3


def test_the_seminar_handout_explains_every_finding_it_cites_and_says_none_and_dash(data):
    cities = content.cities(data)
    findings = content.discrepancies(data)
    html = seminar_html(cities, findings, "v")
    row = re.search(r"<tr><td>findings</td>(.*?)</tr>", html).group(1)
    assert "not stated" not in row
    assert row.count("<td>none</td>") == sum(not c.findings for c in cities) > 0
    explained = set(re.findall(r"<li><b>(F-\d+)</b>", html))
    assert set(re.findall(r"F-\d+", row)) <= explained
    others = other_findings(cities, findings)
    assert others and {f.status for f in others}.isdisjoint({content.DISCREPANCY})
    heading = re.search(rf"<h2>Other findings cited above \({len(others)}: ([^)]*)\)</h2>", html)
    assert heading and set(heading.group(1).split(", ")) == {f.check for f in others}  # unit, quantifier ...
    growth = re.search(r"<tr><td>population: annualised growth</td>(.*?)</tr>", html).group(1)
    assert "not stated" not in growth and "<td>—</td>" in growth


def test_a_handouts_sources_name_the_document_and_line_not_the_file(data):
    city = content.city(data, "Paris")
    html = city_html(city, 0, "v")
    sources = html[html.index("<h2>Sources</h2>") :]
    assert ".txt" not in sources and "<ul" not in sources  # no hashed file name, no columns
    for f in city.figures:
        assert f"line {f.line}: " in sources and f.figure_id in sources
    assert '<p class="sources"><b>Ledna (2019)</b>: <span class="src">line ' in sources
    assert "break-after: avoid" in html and "figure { margin: 6pt 0; break-inside: avoid; }" in html
