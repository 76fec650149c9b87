"""Importing an instrument's official text: only the clinical lead, every bad file refused
with a clear reason, history kept, and the patient reads the imported words."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ruggensteun.audit.models import AuditEvent
from ruggensteun.clinical.instruments.official_text import MAX_BYTES, file_sha256
from ruggensteun.questionnaires.models import Assignment
from ruggensteun.signoff.models import ImportedText
from tests.signoff.conftest import OFFICIAL_NPRS, official_file

IMPORT_NPRS = reverse("signoff:import", args=["nprs"])


def upload(client, file, language=""):
    return client.post(IMPORT_NPRS, {"file": file, "language": language})


def test_the_clinical_lead_imports_an_official_text(client, lead, practice):
    client.force_login(lead)
    file = official_file()
    data = file.read()
    file.seek(0)
    response = upload(client, file)
    assert response.status_code == 302
    assert response.url == reverse("signoff:review", args=["instrument-nprs"])
    imported = ImportedText.objects.get()
    assert (imported.practice, imported.instrument, imported.language) == (practice, "nprs", "nl")
    assert imported.imported_by == lead
    assert imported.file_sha256 == file_sha256(data)
    assert imported.official.items["1"].text == OFFICIAL_NPRS
    event = AuditEvent.objects.get(what="official questionnaire text")
    assert (event.action, event.actor, event.practice) == ("create", lead, practice)
    assert event.detail["imported_text_id"] == imported.pk


@pytest.mark.parametrize("who", ["therapist", "admin"])
def test_only_the_clinical_lead_may_import(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(IMPORT_NPRS).status_code == 403
    assert upload(client, official_file()).status_code == 403
    assert not ImportedText.objects.exists()


def test_a_lead_of_another_practice_is_no_lead_here(client, outsider_lead, practice):
    client.force_login(outsider_lead)
    upload(client, official_file())
    assert not ImportedText.objects.filter(practice=practice).exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"dit is geen json", "Dit bestand is geen geldige JSON (regel 1, teken 1)."),
        (
            json.dumps({"resourceType": "Patient"}).encode(),
            "Dit is een FHIR Patient, geen Questionnaire.",
        ),
        (
            b" " * (MAX_BYTES + 10),
            "Het bestand is groter dan 1 MB.",
        ),
    ],
)
def test_a_bad_file_is_refused_with_its_reason_and_nothing_is_stored(client, lead, content, reason):
    client.force_login(lead)
    response = upload(client, SimpleUploadedFile("vragenlijst.json", content))
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert "Dit bestand is niet ingelezen" in response.content.decode()
    assert not ImportedText.objects.exists()


def test_a_changed_answer_value_is_refused_on_the_page(client, lead):
    from ruggensteun.clinical.instruments.fhir import questionnaire_resource
    from ruggensteun.clinical.instruments.registry import get_instrument

    resource = questionnaire_resource(get_instrument("nprs"), "nl")
    resource["item"][0]["extension"][1]["valueInteger"] = 100
    client.force_login(lead)
    response = upload(client, SimpleUploadedFile("nprs.json", json.dumps(resource).encode()))
    assert "zijn anders dan de waarden waarmee de score berekend wordt" in response.content.decode()
    assert not ImportedText.objects.exists()


def test_an_empty_upload_gets_a_message_not_an_error(client, lead):
    client.force_login(lead)
    response = client.post(IMPORT_NPRS, {"language": ""})
    assert response.status_code == 200
    assert "Kies een bestand." in response.content.decode()


def test_the_english_page_gives_the_reason_in_english(client, lead):
    lead.language = "en"
    lead.save()
    client.force_login(lead)
    response = upload(client, SimpleUploadedFile("x.json", b"{"))
    assert "This file is not valid JSON (line 1, column 2)." in response.content.decode()


def test_a_newer_import_replaces_the_older_and_both_are_kept(client, lead, practice):
    client.force_login(lead)
    upload(client, official_file(text="Eerste versie."))
    upload(client, official_file(text="Tweede versie."))
    assert ImportedText.objects.count() == 2
    page = client.get(reverse("signoff:review", args=["instrument-nprs"])).content.decode()
    assert "Tweede versie." in page
    assert "Eerste versie." not in page
    assert page.count("Ingelezen: nprs-officieel.json") == 2


def _open_first_screen(client, patient):
    Assignment.objects.filter(patient=patient).delete()
    assignment = Assignment.objects.create(
        patient=patient,
        instrument="nprs",
        due_on=timezone.localdate(),
        source=Assignment.Source.THERAPIST,
    )
    client.force_login(patient.user)
    client.post(reverse("questionnaires:start", args=[assignment.pk]))
    return client.get(reverse("questionnaires:step", args=[assignment.pk, 1])).content.decode()


def test_the_patient_reads_the_imported_words(client, lead, patient):
    client.force_login(lead)
    upload(client, official_file())
    screen = _open_first_screen(client, patient)
    assert OFFICIAL_NPRS in screen
    assert "Hoeveel pijn had u gemiddeld in de afgelopen 24 uur? Kies" not in screen


def test_another_practices_import_does_not_reach_our_patient(client, outsider_lead, patient):
    client.force_login(outsider_lead)
    upload(client, official_file())
    assert ImportedText.objects.count() == 1
    screen = _open_first_screen(client, patient)
    assert OFFICIAL_NPRS not in screen
    assert "Hoeveel pijn had u gemiddeld in de afgelopen 24 uur?" in screen
