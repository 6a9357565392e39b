"""Hand-made registry rows and small helpers shared by the audit's tests (tests/test_audit_*.py)."""

from __future__ import annotations

import pandas as pd

from citydip.audit.model import Verdict
from citydip.ingest import pipeline as ingest

_FIELDS = [name for name, *_ in ingest.FIGURE_FIELDS]


def fig(figure_id: str, value: str, unit: str, base_value: str, base_unit: str, **kw: str) -> dict[str, str]:
    """One registry row; every column as text, as figures.load gives it."""
    row = dict.fromkeys(_FIELDS, "")
    row.update(
        figure_id=figure_id,
        doc_id="doc",
        kind="text",
        entity="City",
        measure="m",
        value=value,
        unit=unit,
        value_number=value.replace(",", "").split(" ")[0],
        base_value=base_value,
        base_unit=base_unit,
        line="1",
        char_offset="0",
    )
    row.update(kw)
    return row


def frame(*rows: dict[str, str]) -> pd.DataFrame:
    for offset, row in enumerate(rows):
        row.setdefault("value_offset", "")
        row["value_offset"] = row["value_offset"] or str(offset * 10)
    return pd.DataFrame(list(rows), columns=_FIELDS, dtype=object).set_index("figure_id", drop=False)


def by(verdicts, figure_id: str, check: str | None = None) -> list[Verdict]:
    return [v for v in verdicts if v.figure_id == figure_id and (check is None or v.check == check)]


def only(verdicts, figure_id: str, check: str | None = None) -> Verdict:
    found = by(verdicts, figure_id, check)
    assert len(found) == 1, found
    return found[0]


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")
