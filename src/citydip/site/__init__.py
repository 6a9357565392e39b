"""Publishing: the seminar site, built from the executed notebooks and the processed data.

``python -m citydip.site`` builds it (see :mod:`citydip.site.build`). Where things go:
:mod:`~citydip.site.data` reads the inputs, :mod:`~citydip.site.markup` escapes text and writes links
and captions, :mod:`citydip.site.pages` has one module per generated page, :mod:`~citydip.site.notebooks`
copies the executed notebooks, :mod:`~citydip.site.sphinx` writes the sources and runs Sphinx, and
:mod:`~citydip.site.offline` checks the built HTML.
"""
