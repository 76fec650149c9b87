"""FHIR R4 downloads: a patient's responses as a Bundle, and each instrument's Questionnaire."""

import json

import pytest
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire

from ruggensteun.audit.models import AuditEvent
from ruggensteun.clinical.instruments.fhir import score_fhir
from ruggensteun.clinical.instruments.registry import INSTRUMENT_CODES
from tests.questionnaires.conftest import PSK_ACTIVITIES, STARTBACK_HIGH, submitted


@pytest.fixture
def answered(no_schedule):
    submitted(no_schedule, "startback", STARTBACK_HIGH)
    submitted(no_schedule, "psk", {"1": 7, "2": 5, "3": 9}, activities=PSK_ACTIVITIES)
    submitted(no_schedule, "odi", {**{str(n): 2 for n in range(1, 11)}, "8": None})
    return no_schedule


def download(client, patient):
    response = client.post(reverse("questionnaires:export_fhir", args=[patient.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def test_the_bundle_parses_as_fhir_and_holds_responses_and_observations(
    client, therapist, answered
):
    client.force_login(therapist)
    bundle = download(client, answered)
    parsed = Bundle.model_validate(bundle)
    kinds = [entry.resource.get_resource_type() for entry in parsed.entry]
    assert kinds.count("QuestionnaireResponse") == 3
    assert kinds.count("Observation") == 3 + 2 + 1  # STarT Back 3 scores, PSK 2, ODI 1
    full_urls = {entry.fullUrl for entry in parsed.entry}
    for entry in parsed.entry:
        if entry.resource.get_resource_type() == "Observation":
            assert entry.resource.derivedFrom[0].reference in full_urls
            assert entry.resource.subject.reference == f"Patient/{answered.pk}"


def test_the_exported_responses_score_the_same_again(client, therapist, answered):
    client.force_login(therapist)
    bundle = download(client, answered)
    responses = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [e for e in bundle["entry"] if e["resource"]["resourceType"] != "Observation"],
    }
    rescored = {result["instrument"]: result["scores"] for result in score_fhir(responses)}
    stored = {r.instrument: r.scores for r in answered.questionnaire_responses.all()}
    assert rescored == stored


def test_the_psk_export_names_the_chosen_activities(client, therapist, answered):
    client.force_login(therapist)
    bundle = download(client, answered)
    psk = next(
        e["resource"]
        for e in bundle["entry"]
        if e["resource"].get("questionnaire", "").endswith("/psk")
    )
    activities = [i["answer"][0] for i in psk["item"] if i["linkId"].startswith("activity-")]
    assert activities[0]["valueCoding"]["code"] == "bukken"
    assert activities[2] == {"valueString": "Tuinieren"}


def test_the_download_is_logged_as_an_export(client, therapist, answered):
    client.force_login(therapist)
    download(client, answered)
    event = AuditEvent.objects.get(patient=answered)
    assert (event.action, event.actor) == ("export", therapist)


def test_the_download_is_only_a_post(client, therapist, answered):
    client.force_login(therapist)
    url = reverse("questionnaires:export_fhir", args=[answered.pk])
    assert client.get(url).status_code == 405
    assert not AuditEvent.objects.filter(action="export").exists()


@pytest.mark.parametrize("code", INSTRUMENT_CODES)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_instrument_downloads_as_a_valid_questionnaire(client, therapist, code, language):
    client.force_login(therapist)
    url = reverse("questionnaires:questionnaire_fhir", args=[code])
    response = client.get(url, {"taal": language})
    assert response.status_code == 200
    parsed = Questionnaire.model_validate(json.loads(response.content))
    assert parsed.id == code and parsed.language == language
