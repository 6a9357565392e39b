"""Every generated page with its docname: the list the Sphinx sources are written from."""

from __future__ import annotations

from citydip.site.data import SiteData
from citydip.site.pages.audit import page_audit
from citydip.site.pages.charts import page_chart_group
from citydip.site.pages.document import docname, page_document
from citydip.site.pages.guide import page_guide
from citydip.site.pages.index import page_index
from citydip.site.pages.sources import page_sources
from citydip.site.pages.tables import page_tables


def pages(data: SiteData) -> dict[str, str]:
    """Every generated page: docname -> MyST Markdown."""
    out = {"index": page_index(data), "guide": page_guide(data), "tables": page_tables(data)}
    out["audit"] = page_audit(data)
    out["sources"] = page_sources(data)
    for group in data.groups:
        out[group.page] = page_chart_group(data, group)
    for doc_id in data.texts:
        out[docname(doc_id)] = page_document(data, doc_id)
    return out
