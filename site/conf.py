"""Sphinx configuration of the seminar site (built by ``python -m citydip.site``).

``citydip.site`` copies this folder into the scratch source folder (build/site-src) next to
the pages it generates from the data, and the committed executed notebooks; this file is
then read from there. Everything the site needs is local: no intersphinx, no theme or font
download, plotly.js shipped once in ``_static`` and loaded on every page, no MathJax.
"""

from docutils.nodes import SkipNode

project = "City diplomacy: a reproducible research compendium"
author = ""
copyright = ""
html_title = "City diplomacy compendium"

extensions = ["myst_nb"]

# Render the committed executed notebooks as they are; never execute them.
nb_execution_mode = "off"
nb_ipywidgets_js = {}  # no widget outputs; never load require.js or the widget manager from a CDN
nb_output_stderr = "show"
# Expected: the plotly JSON output beside each chart's HTML output (the HTML one is shown), and
# headings that start at H3 in the comparison notebooks. citydip.site fails on any other warning.
suppress_warnings = ["mystnb.unknown_mime_type", "myst.header"]

# Generated pages write every link as its final relative HTML address (anchors such as
# sources.html#fig-LD-F01-03 are raw ids the generator controls), so MyST resolves none.
myst_all_links_external = True
myst_heading_anchors = 0

exclude_patterns = ["_build", "_extra", "jupyter_execute", "**.ipynb_checkpoints"]
smartquotes = False  # quotes are verbatim: never turn ' and " into typographic quotes
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}

html_theme = "sphinx_book_theme"
html_theme_options = {
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "footer_content_items": [],
    "navigation_with_keys": False,
}
html_context = {"default_mode": "light"}  # the theme's light/dark switch starts light (the charts are light)
html_static_path = ["_static"]
html_extra_path = ["_extra"]  # the downloads (data, document texts, chart files), at their own paths
# plotly.js once for the whole site, loaded in <head> (not deferred): the notebook outputs and the
# chart pages call Plotly.newPlot inline as the page is parsed.
html_js_files = ["plotly.min.js", "citydip.js"]
html_css_files = ["citydip.css"]
html_copy_source = False
html_show_sourcelink = False
html_show_sphinx = False
html_show_copyright = False
html_last_updated_fmt = None

# No MathJax (it would come from a CDN): any math is shown as its source text, escaped.
html_math_renderer = "citydip_plain"


def _visit_math(self, node):
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate") + self.encode(node.astext()) + "</span>")
    raise SkipNode


def _visit_displaymath(self, node):
    self.body.append(self.starttag(node, "div", "", CLASS="math notranslate") + self.encode(node.astext()) + "</div>\n")
    raise SkipNode


def setup(app):
    from citydip.site.notebooks import markdown_html_as_text

    app.add_html_math_renderer("citydip_plain", (_visit_math, None), (_visit_displaymath, None))
    # On notebook pages, HTML written in Markdown (cells, text/markdown outputs) is shown as text.
    app.connect("doctree-resolved", markdown_html_as_text)
