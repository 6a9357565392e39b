"""Stage 4, compare: two case-study cities side by side (``python -m citydip.compare``)."""
