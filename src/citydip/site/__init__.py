"""Publishing: the seminar site, built from the executed notebooks and the processed data.

``python -m citydip.site`` builds it (see :mod:`citydip.site.build`).
"""
