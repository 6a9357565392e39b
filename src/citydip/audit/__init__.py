"""Stage 5, audit: each check applied to each figure, and the register of findings (``python -m citydip.audit``)."""
