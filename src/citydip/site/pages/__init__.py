"""The pages the site generates from the data, one module per page (MyST Markdown).

Each module has one ``page_<name>(data)`` that returns the page's text; :mod:`citydip.site.pages.assemble`
lists every page with its docname. A new page is a new module here, added to ``assemble.pages``.
"""
