"""A patient's submitted questionnaires as one FHIR R4 Bundle (type "collection").

Each response becomes a QuestionnaireResponse and each of its scores an Observation
derived from it, all built by the clinical core (``ruggensteun.clinical.instruments.fhir``).
Entries are named by ``urn:uuid`` full URLs, so references resolve inside the Bundle.
"""

import uuid
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from ruggensteun.clinical.instruments.fhir import (
    observation_resources,
    questionnaire_response_resource,
)
from ruggensteun.patients.models import Patient
from ruggensteun.questionnaires.models import QuestionnaireResponse


def _urn(value: uuid.UUID) -> str:
    return f"urn:uuid:{value}"


def response_entries(
    response: QuestionnaireResponse, subject: str, language: str
) -> list[dict[str, Any]]:
    assert response.submitted_at is not None
    authored = response.submitted_at.isoformat()
    key = response.submission_key
    resource = questionnaire_response_resource(
        response.instrument,
        {link_id: value for link_id, value in response.answers.items() if value is not None},
        response.language,
        response_id=str(key),
        subject=subject,
        authored=authored,
        activities=response.activities or None,
    )
    entries = [{"fullUrl": _urn(key), "resource": resource}]
    for observation in observation_resources(
        response.instrument,
        response.scores or {},
        language,
        subject=subject,
        effective=authored,
        derived_from=_urn(key),
    ):
        coding = observation["code"]["coding"][-1]["code"]
        observation_id = uuid.uuid5(key, coding)
        observation["id"] = str(observation_id)
        entries.append({"fullUrl": _urn(observation_id), "resource": observation})
    return entries


def patient_bundle(
    patient: Patient, responses: Iterable[QuestionnaireResponse], language: str
) -> dict[str, Any]:
    subject = f"Patient/{patient.pk}"
    entries: list[dict[str, Any]] = []
    for response in responses:
        entries += response_entries(response, subject, language)
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "collection",
        "timestamp": timezone.now().isoformat(),
        "entry": entries,
    }
