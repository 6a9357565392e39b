"""Shared foundations of every stage: paths, errors, CSV I/O, numbers, units, the documents and the figures."""
