"""FHIR R4 Bundles, as plain dicts: the one wrapper every export puts its resources in.

A Bundle of type "collection" (FHIR R4 4.0.1, Bundle.type) is a set of resources with no
further meaning: the own-data download, the questionnaire export and the practice's outcome
export are each one. Every entry is named by a ``urn:uuid`` full URL, so references between
the resources resolve inside the Bundle (FHIR R4 Bundle, "Resolving references in Bundles").

    from ruggensteun.clinical.fhir import bundle, entry, urn

    patient_url = urn(patient_id)
    document = bundle([entry(patient_url, patient_resource)], timestamp=now)
"""

import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any


def urn(value: uuid.UUID | str) -> str:
    """The ``urn:uuid:`` full URL of a resource whose id is ``value``."""
    return f"urn:uuid:{value}"


def entry(full_url: str, resource: dict[str, Any]) -> dict[str, Any]:
    """One Bundle entry: the resource and the full URL that references to it use."""
    return {"fullUrl": full_url, "resource": resource}


def bundle(
    entries: Iterable[dict[str, Any]],
    *,
    timestamp: datetime,
    bundle_id: uuid.UUID | str | None = None,
    meta: Mapping[str, Any] | None = None,
    bundle_type: str = "collection",
) -> dict[str, Any]:
    """A Bundle of ``entries`` (made by ``entry``), assembled at ``timestamp``.

    ``bundle_id`` defaults to a new random UUID: each export is a document of its own.
    ``meta`` (e.g. security labels of a pseudonymised export) goes in as given. The keys
    come in one fixed order, so the JSON of the same data is always the same text.
    """
    document: dict[str, Any] = {
        "resourceType": "Bundle",
        "id": str(bundle_id if bundle_id is not None else uuid.uuid4()),
    }
    if meta is not None:
        document["meta"] = dict(meta)
    document["type"] = bundle_type
    document["timestamp"] = timestamp.isoformat()
    document["entry"] = list(entries)
    return document
