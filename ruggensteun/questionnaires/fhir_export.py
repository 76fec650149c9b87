"""A patient's submitted questionnaires as one FHIR R4 Bundle (type "collection").

Each response becomes a QuestionnaireResponse and each of its scores an Observation
derived from it, all built by the clinical core (``ruggensteun.clinical.instruments.fhir``).
Entries are named by ``urn:uuid`` full URLs, so references resolve inside the Bundle.

A score whose instrument text the practice has not signed off goes out as a "preliminary"
Observation, not "final" (FHIR R4 ObservationStatus: "the result may be changed").
"""

import uuid
from collections.abc import Collection, Iterable
from typing import Any

from django.utils import timezone

from ruggensteun.clinical.fhir import bundle, entry, urn
from ruggensteun.clinical.instruments.fhir import (
    observation_resources,
    questionnaire_response_resource,
)
from ruggensteun.patients.models import Patient
from ruggensteun.questionnaires.models import QuestionnaireResponse
from ruggensteun.signoff.status import signed_off_codes


def response_entries(
    response: QuestionnaireResponse,
    subject: str,
    language: str,
    *,
    signed_off: Collection[str] | None = None,
    response_id: uuid.UUID | None = None,
) -> list[dict[str, Any]]:
    """``signed_off``: the practice's ``signed_off_codes``, fetched once by the caller;
    looked up for this response's patient when None.

    ``response_id`` names the QuestionnaireResponse (its Observations are uuid5 of it):
    the submission key by default; a pseudonymised export passes an id of its own, so
    nothing in it matches a named export (issue #11, finding 2)."""
    assert response.submitted_at is not None
    if signed_off is None:
        signed_off = signed_off_codes(response.patient.practice_id)
    authored = response.submitted_at.isoformat()
    key = response_id or response.submission_key
    resource = questionnaire_response_resource(
        response.instrument,
        {link_id: value for link_id, value in response.answers.items() if value is not None},
        response.language,
        response_id=str(key),
        subject=subject,
        authored=authored,
        activities=response.activities or None,
    )
    entries = [entry(urn(key), resource)]
    for observation in observation_resources(
        response.instrument,
        response.scores or {},
        language,
        subject=subject,
        effective=authored,
        derived_from=urn(key),
    ):
        coding = observation["code"]["coding"][-1]["code"]
        observation_id = uuid.uuid5(key, coding)
        observation["id"] = str(observation_id)
        if response.instrument not in signed_off:
            observation["status"] = "preliminary"
        entries.append(entry(urn(observation_id), observation))
    return entries


def patient_bundle(
    patient: Patient, responses: Iterable[QuestionnaireResponse], language: str
) -> dict[str, Any]:
    subject = f"Patient/{patient.pk}"
    signed_off = signed_off_codes(patient.practice_id)
    entries: list[dict[str, Any]] = []
    for response in responses:
        entries += response_entries(response, subject, language, signed_off=signed_off)
    return bundle(entries, timestamp=timezone.now())
