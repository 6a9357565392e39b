"""Check 4, across documents: the same entity and measure stated in two documents, compared both ways."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from citydip.audit.display import allows, stated
from citydip.audit.model import ACROSS_DOCUMENTS, CONSISTENT, DISCREPANCY, NOT_CHECKABLE, Verdict, against
from citydip.core.entities import canonical_entity, canonical_measure
from citydip.core.figures import Figure, records
from citydip.core.qualifiers import interval


def check_across_documents(figures: pd.DataFrame) -> list[Verdict]:
    """The same entity and measure stated in two documents, compared both ways.

    Names are unified through :data:`citydip.core.entities.ENTITY_ALIASES` and
    :data:`citydip.core.entities.MEASURE_ALIASES`. Values that agree (their ranges, read through
    their qualifiers, overlap) are consistent whatever their dates. Values that disagree are a
    discrepancy only where both documents date them to the same stated period; otherwise the
    difference may be change over time, and the pair is not checkable.
    """
    out = []
    groups: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for f in records(figures):
        if f["kind"] in ("text", "table_cell"):
            groups[(canonical_entity(f["entity"]), canonical_measure(f["measure"]))].append(f)
    for group in groups.values():
        if len({f["doc_id"] for f in group}) < 2:
            continue
        for a in group:
            for b in group:
                if b["doc_id"] != a["doc_id"]:
                    out.append(_across(a, b))
    return out


def _across(a: Figure, b: Figure) -> Verdict:
    ia, ib = interval(a), interval(b)
    related = (b["figure_id"],)
    names = f"{a['doc_id']} ({a['figure_id']}) and {b['doc_id']} ({b['figure_id']})"
    if ia is None or ib is None:
        return Verdict(
            a["figure_id"],
            ACROSS_DOCUMENTS,
            NOT_CHECKABLE,
            f"{stated(a)} vs {stated(b)}: no definite number",
            f"{names} state {a['measure']} of {canonical_entity(a['entity'])}, but one gives no definite number.",
            related,
            against(*related),
        )
    ok = ia.overlaps(ib)
    computation = (
        f"{a['doc_id']}: '{stated(a)}' allows {allows(a, ia)}; {b['doc_id']}: '{stated(b)}' allows "
        f"{allows(a, ib)}: {'overlap' if ok else 'no overlap'}; periods: "
        f"'{a['period'] or 'not stated'}' and '{b['period'] or 'not stated'}'"
    )
    subject = f"{a['measure']} of {canonical_entity(a['entity'])}"
    if ok:
        return Verdict(
            a["figure_id"],
            ACROSS_DOCUMENTS,
            CONSISTENT,
            computation,
            f"{names} agree on the {subject}.",
            related,
            against(*related),
        )
    same_period = a["period"] != "" and a["period"] == b["period"]
    if same_period:
        return Verdict(
            a["figure_id"],
            ACROSS_DOCUMENTS,
            DISCREPANCY,
            computation,
            f"{names} give different values for the {subject} in the same period ({a['period']}).",
            related,
            against(*related),
        )
    return Verdict(
        a["figure_id"],
        ACROSS_DOCUMENTS,
        NOT_CHECKABLE,
        computation,
        f"{names} give different values for the {subject} ({stated(a)} vs {stated(b)}), but they do not date "
        "them to the same period: the difference may be change over time, not a contradiction.",
        related,
        against(*related),
    )
