"""The one FHIR Bundle wrapper (``ruggensteun.clinical.fhir``) that every export uses."""

import json
import uuid
from datetime import UTC, datetime, timedelta, timezone

from fhir.resources.R4B.bundle import Bundle

from ruggensteun.clinical.fhir import bundle, entry, urn

PATIENT_ID = uuid.UUID("0b5c3a4e-6d1f-4c2a-9e8b-7a6f5d4c3b2a")
ASSEMBLED = datetime(2026, 3, 2, 9, 30, 15, tzinfo=timezone(timedelta(hours=1)))


def _patient() -> dict[str, object]:
    return {"resourceType": "Patient", "id": str(PATIENT_ID), "active": True}


def test_urn_names_a_resource_by_its_uuid():
    assert urn(PATIENT_ID) == "urn:uuid:0b5c3a4e-6d1f-4c2a-9e8b-7a6f5d4c3b2a"
    assert urn("abc") == "urn:uuid:abc"


def test_entry_carries_the_full_url_and_the_resource():
    resource = _patient()
    made = entry(urn(PATIENT_ID), resource)
    assert made == {"fullUrl": f"urn:uuid:{PATIENT_ID}", "resource": resource}
    assert made["resource"] is resource


def test_bundle_is_a_collection_of_the_entries_in_order_at_the_given_time():
    first = entry(urn(PATIENT_ID), _patient())
    second = entry("urn:uuid:1", {"resourceType": "Observation", "status": "final"})
    document = bundle(iter([first, second]), timestamp=ASSEMBLED, bundle_id="b-1")
    assert list(document) == ["resourceType", "id", "type", "timestamp", "entry"]
    assert document["resourceType"] == "Bundle"
    assert document["id"] == "b-1"
    assert document["type"] == "collection"
    assert document["timestamp"] == "2026-03-02T09:30:15+01:00"
    assert document["entry"] == [first, second]
    assert [item["fullUrl"] for item in document["entry"]] == [
        f"urn:uuid:{PATIENT_ID}",
        "urn:uuid:1",
    ]


def test_bundle_puts_meta_after_the_id_as_given():
    meta = {"security": [{"code": "PSEUDED"}], "tag": []}
    document = bundle([], timestamp=ASSEMBLED, bundle_id=PATIENT_ID, meta=meta)
    assert list(document) == ["resourceType", "id", "meta", "type", "timestamp", "entry"]
    assert document["id"] == str(PATIENT_ID)
    assert document["meta"] == meta
    assert document["entry"] == []


def test_each_bundle_without_an_id_gets_a_new_random_uuid():
    ids = {bundle([], timestamp=ASSEMBLED)["id"] for _ in range(3)}
    assert len(ids) == 3
    assert all(uuid.UUID(value).version == 4 for value in ids)


def test_bundle_is_valid_fhir_r4_and_plain_json():
    document = bundle(
        [entry(urn(PATIENT_ID), _patient())], timestamp=datetime(2026, 3, 2, tzinfo=UTC)
    )
    parsed = Bundle.model_validate(json.loads(json.dumps(document)))
    assert parsed.type == "collection"
    assert parsed.entry[0].fullUrl == f"urn:uuid:{PATIENT_ID}"
