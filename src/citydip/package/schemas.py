"""Frictionless table schemas of the tables the later stages write into ``data/processed``.

The relations and bibliography tables (notebook 06), the reference values (notebook 07), the audit
(notebook 05) and the tables of notebook 02: ``specs`` describes each for
``data/processed/datapackage.json``: every column with its type and meaning, the ids as primary
keys, the closed vocabularies (roles, kinds, citation forms, documents, checks, verdicts) as enums,
and the links between tables as foreign keys (a membership's network, a pair's year figure, a
citation's work, an audit row's figure ...).
``python -m frictionless validate data/processed/datapackage.json`` checks the tables
against them, offline; so does ``tests/test_data.py``.

The column names are the modules' own (``columns.NETWORK_FIELDS`` ...); each column's type,
description and constraints are in :mod:`citydip.package.specs`: a column added to a table
without a description there stops the data package from being written.
"""

from __future__ import annotations

from citydip.audit.model import CHECKS, OVERALL, VERDICTS
from citydip.audit.model import COLUMNS as AUDIT_COLUMNS
from citydip.networks import columns, vocabulary
from citydip.package.specs import (
    AUDIT,
    COMPARISON,
    DERIVED,
    MEMBERSHIPS,
    NETWORKS,
    PAIRS,
    POLICY_CLAIMS,
    REFERENCE_VALUES,
    REFERENCES,
    SIX_CITIES,
    WORKS,
)


def _specs(doc_ids: list[str]) -> dict[str, tuple[str, str, tuple, dict, list[str], list[dict]]]:
    """file -> (resource name, title, field names, {field: (type, description, constraints)}, key, foreign keys)."""
    documents = rf"^({'|'.join(doc_ids)})( ({'|'.join(doc_ids)}))*$"
    named = {  # the constraints schema_specs names: they depend on the documents or on a vocabulary
        "doc": {"required": True, "enum": doc_ids},
        "documents": {"pattern": documents},
        "required documents": {"required": True, "pattern": documents},
        "corpus doc": {"enum": doc_ids},
        "role": {"required": True, "enum": list(vocabulary.ROLES)},
        "kind": {"required": True, "enum": list(vocabulary.KINDS)},
        "form": {"required": True, "enum": list(columns.FORMS)},
        "check": {"required": True, "enum": [OVERALL, *CHECKS]},
        "verdict": {"required": True, "enum": list(VERDICTS)},
    }

    def fields(spec: dict) -> dict:
        return {name: (t, d, named[c] if isinstance(c, str) else c) for name, (t, d, c) in spec.items()}

    def key(field: str, resource: str, target: str) -> dict:
        return {"fields": [field], "reference": {"resource": resource, "fields": [target]}}

    return {
        "networks.csv": (
            "networks", "City networks the documents name", columns.NETWORK_FIELDS, fields(NETWORKS),
            ["network_id"], [],
        ),
        "memberships.csv": (
            "memberships", "Ties of cities to networks, as stated", columns.MEMBERSHIP_FIELDS,
            fields(MEMBERSHIPS), ["membership_id"], [key("network_id", "networks", "network_id")],
        ),
        "pairs.csv": (
            "pairs", "Sister-city, twinning and other partnerships of two cities", columns.PAIR_FIELDS,
            fields(PAIRS), ["pair_id"], [key("year_figure_id", "figures", "figure_id")],
        ),
        "references.csv": (
            "references", "Every citation of the documents, parsed", columns.REFERENCE_FIELDS,
            fields(REFERENCES), ["ref_id"],
            [key("work_id", "works", "work_id"), key("resolves_to", "", "ref_id")],
        ),
        "works.csv": (
            "works", "The works cited, the same work across documents matched into one",
            columns.WORK_FIELDS, fields(WORKS), ["work_id"], [],
        ),
        "reference_values.csv": (
            "reference_values", "Reference values computed from published statistics, one per link and year",
            tuple(REFERENCE_VALUES), fields(REFERENCE_VALUES), [], [key("figure_id", "figures", "figure_id")],
        ),
        "audit.csv": (
            "audit", "Each check applied to each figure, and one overall verdict per figure", tuple(AUDIT_COLUMNS),
            fields(AUDIT), [], [key("figure_id", "figures", "figure_id")],
        ),
        "tables/comparison.csv": (
            "tables_comparison", "Every cell of every printed table, rebuilt against its transcription",
            tuple(COMPARISON), fields(COMPARISON), [], [],
        ),
        "tables/derived_checks.csv": (
            "tables_derived_checks", "The printed tables' derived columns recomputed at the printed rounding",
            tuple(DERIVED), fields(DERIVED), [], [],
        ),
        "tables/six_cities.csv": (
            "tables_six_cities", "Every population and GDP figure of the six case-study cities, and what follows",
            tuple(SIX_CITIES), fields(SIX_CITIES), [], [],
        ),
        "tables/policy_claims.csv": (
            "tables_policy_claims", "The thesis's claims about its policy matrix, under each coding tested",
            tuple(POLICY_CLAIMS), fields(POLICY_CLAIMS), [], [],
        ),
    }  # fmt: skip


WRITTEN_BY = {  # by default: notebooks/06_networks.ipynb
    "reference_values.csv": "notebooks/07_reference.ipynb",
    "audit.csv": "notebooks/05_audit.ipynb",
    "tables/": "notebooks/02_tables.ipynb",
}


def written_by(file: str) -> str:
    return WRITTEN_BY.get(file) or WRITTEN_BY.get(file.split("/")[0] + "/") or "notebooks/06_networks.ipynb"


def resources(doc_ids: list[str]) -> list[dict]:
    """The Frictionless resources of the tables later notebooks write, schemas only (written after the package)."""
    out = []
    for file, (name, title, names, spec, primary_key, foreign_keys) in _specs(doc_ids).items():
        missing = [n for n in names if n not in spec]
        extra = [n for n in spec if n not in names]
        if missing or extra:
            raise ValueError(f"schema of {file}: columns without a description {missing}, described but absent {extra}")
        schema: dict = {
            "fields": [
                {"name": n, "type": spec[n][0], "description": spec[n][1], **_constraints(spec[n][2])} for n in names
            ],
        }
        if primary_key:
            schema["primaryKey"] = primary_key
        if foreign_keys:
            schema["foreignKeys"] = foreign_keys
        out.append(
            {
                "name": name,
                "title": title,
                "description": f"Written by {written_by(file)}.",
                "path": file,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    return out


def _constraints(constraints: dict) -> dict:
    return {"constraints": constraints} if constraints else {}
