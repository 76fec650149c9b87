"""Own data: the download (a real PDF, JSON with all of the patient's records and nobody
else's, FHIR R4), logged as an export; and the deletion request, carried out by an admin."""

import io
import json
import time
import zipfile

import pytest
from django.apps import apps
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from pypdf import PdfReader

from ruggensteun.accounts.reauth import SESSION_KEY
from ruggensteun.audit.models import AuditEvent
from ruggensteun.mydata.export import FILES, NOT_EXPORTED, exported_models
from ruggensteun.mydata.models import DeletionRequest, ReminderSettings
from ruggensteun.patients.models import Patient
from ruggensteun.programme.models import DayLog
from tests.mydata.conftest import give_programme, nprs, qbpds, scores
from tests.personas import PASSWORD

DOWNLOAD = reverse("mydata:download")
ASK = reverse("mydata:request_deletion")


def age_authentication(client, minutes):
    session = client.session
    session[SESSION_KEY] = int(time.time()) - minutes * 60
    session.save()


@pytest.fixture
def followed(patient, therapist):
    """Four weeks into the programme, with scores."""
    give_programme(patient, therapist, weeks=4, pains=[7, 6, 5, 4])
    scores(patient, "nprs", [7, 4], nprs)
    scores(patient, "qbpds", [60, 35], qbpds)
    ReminderSettings.objects.for_patient(patient).new_calendar_address()
    return patient


@pytest.fixture
def someone_else(outsider_patient, outsider_therapist):
    give_programme(outsider_patient, outsider_therapist, weeks=2, pains=[9, 9])
    scores(outsider_patient, "nprs", [9], nprs)
    return outsider_patient


def fetch(client, patient):
    client.force_login(patient.user)
    response = client.post(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.content))


@pytest.fixture
def download(client, followed, someone_else, monkeypatch):
    """The download, with a stand-in for the PDF (drawn in its own test: it takes seconds)."""
    from ruggensteun.mydata import export

    monkeypatch.setattr(export, "summary_pdf", lambda patient, language: b"%PDF-1.7 stand-in")
    return fetch(client, followed)


def test_the_zip_holds_a_pdf_the_json_the_fhir_and_a_readme(download):
    assert sorted(download.namelist()) == sorted(FILES.values())


def test_the_readme_names_the_therapists_own_notes_left_out(download):
    readme = " ".join(download.read(FILES["readme"]).decode().split())
    assert "de aantekeningen van uw fysiotherapeut voor zichzelf" in readme
    assert "not_included" in readme


def test_the_pdf_is_a_real_pdf_with_the_summary(client, followed):
    reader = PdfReader(io.BytesIO(fetch(client, followed).read(FILES["pdf"])))
    assert len(reader.pages) >= 2
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for expected in (
        followed.user.full_name,
        followed.practice.name,
        "Uitkomst van de intake",
        "Uw pijn is gedaald van 5 bij de intake naar 4.",  # calm intake answers: pain 5
        "Uw klachten zijn duidelijk verminderd sinds de start.",
        "Uw programma",
        "Quebec Back Pain Disability Scale",
    ):
        assert expected in text, expected


def test_the_json_has_the_patients_records_and_nobody_elses(download, followed, someone_else):
    data = json.loads(download.read(FILES["json"]))
    assert data["patient"]["email"] == followed.user.email
    records = data["records"]
    assert len(records["programme.DayLog"]) == DayLog.objects.filter(patient=followed).count()
    assert len(records["questionnaires.QuestionnaireResponse"]) == 4
    assert records["intake.Intake"][0]["answers"]
    assert len(records["programme.WeeklyPlan"]) == 4
    assert records["mydata.ReminderSettings"]
    text = json.dumps(data, ensure_ascii=False)
    assert someone_else.user.email not in text
    assert someone_else.user.full_name not in text
    other_logs = set(DayLog.objects.filter(patient=someone_else).values_list("pk", flat=True))
    assert not other_logs & {row["id"] for row in records["programme.DayLog"]}
    assert data["access_log"]


def test_the_json_holds_no_key_that_opens_anything(download, followed):
    text = download.read(FILES["json"]).decode()
    settings = ReminderSettings.objects.for_patient(followed)
    assert settings.calendar_token not in text
    assert settings.calendar_secret not in text
    assert "calendar_token_hash" not in text
    assert followed.user.password not in text


def test_the_fhir_bundle_parses_as_r4(download, followed):
    from fhir.resources.R4B.bundle import Bundle

    bundle = Bundle.model_validate_json(download.read(FILES["fhir"]))
    kinds = [entry.resource.__resource_type__ for entry in bundle.entry]
    assert kinds[0] == "Patient"
    assert kinds.count("QuestionnaireResponse") == 4
    assert "Observation" in kinds
    patient_url = bundle.entry[0].fullUrl
    for entry in bundle.entry[1:]:
        assert entry.resource.subject.reference == patient_url


def test_the_download_is_logged_as_an_export(download, followed):
    event = AuditEvent.objects.filter(patient=followed, action="export").get()
    assert event.actor == followed.user


def test_long_after_logging_in_the_download_asks_for_the_password_first(client, followed):
    client.force_login(followed.user)
    age_authentication(client, 11)
    response = client.post(DOWNLOAD, HTTP_REFERER="http://testserver/mijn/gegevens/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:reauthenticate"))
    assert not AuditEvent.objects.filter(patient=followed, action="export").exists()


def test_opening_the_download_address_leads_to_the_page(client, patient):
    client.force_login(patient.user)
    assert client.get(DOWNLOAD).url == reverse("mydata:own_data")


def test_every_model_about_a_patient_is_exported_or_named_with_a_reason():
    exported = set(exported_models())
    for model in apps.get_models():
        holds_patient = any(
            field.is_relation and field.related_model is Patient
            for field in model._meta.concrete_fields
        )
        if holds_patient:
            label = model._meta.label
            assert label in exported or label in NOT_EXPORTED, label
    assert set(NOT_EXPORTED) <= {model._meta.label for model in apps.get_models()}


# --- deletion --------------------------------------------------------------------------------


def test_the_page_says_what_is_kept_by_law(client, patient):
    client.force_login(patient.user)
    html = client.get(ASK).content.decode()
    assert "20 jaar" in html and "WGBO" in html and "7:454" in html
    assert "auditlog" in html


def test_asking_records_the_request_once_and_logs_it(client, patient):
    client.force_login(patient.user)
    assert client.post(ASK, {"message": "Ik stop ermee."}).status_code == 302
    assert client.post(ASK, {"message": "Ik stop ermee."}).status_code == 302  # double tap
    request = DeletionRequest.objects.get(patient=patient)
    assert request.is_open and request.message == "Ik stop ermee."
    assert request.requested_by == patient.user
    assert AuditEvent.objects.filter(patient=patient, action="delete").exists()
    page = client.get(reverse("mydata:own_data")).content.decode()
    assert "Uw praktijk behandelt uw verzoek" in page


def test_asking_long_after_logging_in_asks_for_the_password_first(client, patient):
    client.force_login(patient.user)
    age_authentication(client, 11)
    response = client.post(ASK, {"message": ""})
    assert response.url.startswith(reverse("accounts:reauthenticate"))
    assert not DeletionRequest.objects.exists()


@pytest.fixture
def asked(followed):
    return DeletionRequest.ask(followed, by=followed.user, message="")


def test_an_admin_closes_the_account_and_removes_the_personal_details(client, asked, admin):
    patient = asked.patient
    email = patient.user.email
    client.force_login(patient.user)
    client.get(reverse("mydata:progress"))  # something in the audit log under her address
    logs = DayLog.objects.filter(patient=patient).count()
    client.force_login(admin)
    url = reverse("mydata:handle_deletion", args=[patient.pk])
    response = client.post(url, {"outcome": "account_closed", "note": "Dossier bewaard."})
    assert response.status_code == 302
    patient = Patient.objects.select_related("user").get(pk=patient.pk)
    user = patient.user
    assert not user.is_active and not user.has_usable_password()
    assert email != user.email and "Petra" not in user.full_name
    assert patient.date_of_birth is None and patient.sex == ""
    assert not ReminderSettings.objects.filter(patient=patient).exists()
    # The medical record stays.
    assert DayLog.objects.filter(patient=patient).count() == logs
    asked.refresh_from_db()
    assert not asked.is_open and asked.handled_by == admin
    assert asked.outcome == DeletionRequest.Outcome.ACCOUNT_CLOSED
    assert AuditEvent.objects.filter(
        patient=patient, action="delete", what__startswith="mydata: account closed"
    ).exists()
    # The audit log keeps what happened before, e-mail address included.
    assert AuditEvent.objects.filter(actor_email=email).exists()


def test_after_closing_the_patient_cannot_log_in(client, asked, admin):
    from ruggensteun.mydata.deletion import close_account

    email = asked.patient.user.email
    close_account(asked, by=admin)
    assert not client.login(username=email, password=PASSWORD)
    response = client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 200  # the form again, with an error


def test_closing_ends_a_session_that_was_open(client, asked, admin):
    from ruggensteun.mydata.deletion import close_account

    client.force_login(asked.patient.user)
    close_account(asked, by=admin)
    response = client.get(reverse("mydata:progress"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_a_request_not_carried_out_needs_a_reason_for_the_patient(client, asked, admin):
    client.force_login(admin)
    url = reverse("mydata:handle_deletion", args=[asked.patient.pk])
    assert client.post(url, {"outcome": "not_carried_out", "note": ""}).status_code == 200
    assert DeletionRequest.objects.get(pk=asked.pk).is_open
    client.post(url, {"outcome": "not_carried_out", "note": "Behandeling loopt nog."})
    asked.refresh_from_db()
    assert asked.outcome == "not_carried_out" and asked.patient.user.is_active


def test_carrying_out_asks_the_admin_to_confirm_after_a_while(client, asked, admin):
    client.force_login(admin)
    age_authentication(client, 11)
    url = reverse("mydata:handle_deletion", args=[asked.patient.pk])
    response = client.post(url, {"outcome": "account_closed"})
    assert response.url.startswith(reverse("accounts:reauthenticate"))
    assert DeletionRequest.objects.get(pk=asked.pk).is_open


def test_the_tag_counts_open_requests_for_the_practice(patient, outsider_patient, admin):
    DeletionRequest.ask(patient, by=patient.user, message="")
    DeletionRequest.ask(outsider_patient, by=outsider_patient.user, message="")
    request = RequestFactory().get("/")
    request.user = admin
    html = Template("{% load mydata %}{% open_deletion_requests %}").render(
        Context({"request": request})
    )
    assert "1 patiënt vraagt om verwijdering" in html
    assert reverse("mydata:deletion_requests") in html
    request.user = patient.user
    assert "verwijdering" not in Template("{% load mydata %}{% open_deletion_requests %}").render(
        Context({"request": request})
    )
