"""Stage 5, audit: each check applied to each figure, and the register of findings (``python -m citydip.audit``).

Every figure of the registry is recomputed, compared and classed consistent / discrepancy / not
checkable. Where things live:

* :mod:`.model` — the verdicts, the names of the checks, the audit's files and columns, ``Verdict``;
* :mod:`.display` — how numbers, intervals and figures are written in computations and explanations;
* :mod:`.names` — name variants of one entity or measure, unified before figures are compared;
* :mod:`.checks` — one module per check (table arithmetic, percentage of total, restated value,
  across documents, relations, units);
* :mod:`.overall` — each figure's overall verdict, the worst of its checks;
* :mod:`.result` — ``AuditResult`` and the tables the notebook shows of it;
* :mod:`.pipeline` — the whole audit: every check over the registry, built from the raw inputs, written;
* :mod:`.register` — the register of reviewed findings (``data/raw/findings.csv``) against the discrepancies;
* :mod:`.cli` — ``python -m citydip.audit``: prints the audit, exits 1 on a new discrepancy or a stale finding.

What a qualifier says about a stated value (readings, precision, intervals) is shared with the
charts and lives in :mod:`citydip.core.qualifiers`.
"""
