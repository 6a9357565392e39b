"""Publishing the data: the Frictionless data package of every table the chain writes.

``python -m citydip.package`` writes ``data/processed/datapackage.json`` (see :mod:`citydip.package.build`).
"""
