"""The checks of the audit, one module each: a function that reads the processed registry and returns verdicts.

Each ``check_*`` function reads the registry (``data/processed/figures.csv``, every column as
text) and returns :class:`citydip.audit.model.Verdict` records: the figure, the check, the
verdict, the computation written out, a plain-language explanation and the ids of the other
figures involved.

* :mod:`.table_arithmetic` — Ledna's Total Growth and % GDP Growth, recomputed by
  :func:`citydip.tables.printed.derived_checks` at the printed rounding;
* :mod:`.percent_of_total` — every percentage (and count) of a survey against the survey's
  stated sample size, found in the data (same document, entity and period);
* :mod:`.restated` — a value stated twice in one document (same entity, measure, period), the
  restatement read through its qualifier (:data:`citydip.core.qualifiers.QUALIFIERS`) against the
  table cell or the more precise statement;
* :mod:`.across_documents` — the same entity and measure in two documents (names unified by
  :mod:`citydip.core.entities`);
* :mod:`.relations` — what the text says about two or more figures (comparisons such as "equal
  to", "comparable to", "the lowest", sums, growth rates, "all except one"): each relation is a
  curated row of ``data/raw/audit_relations.csv`` with its verbatim quote, recomputed there
  (the kinds and their readings: ``RELATION_KINDS``);
* :mod:`.units` — figures whose unit is missing or does not fit their measure, found by rules
  over the registry (``UNIT_RULES``).

A new check is a new module here, its name in :data:`citydip.audit.model.CHECKS`, and one line in
:func:`citydip.audit.pipeline.audit`.
"""
