"""Stored payloads: script and formula text in every free-text field a user can fill, shown
everywhere it goes (pages, PDFs, the CSV and FHIR exports, the own-data download, e-mails,
the calendar feed): never unescaped, never a 500.

The values are stored the way the forms store them (as plain strings on the models); what is
tested is every place that shows them. A new free-text field on a model fails
``test_every_free_text_field_is_covered`` until it is filled here (or named as not written
by users, with the reason).
"""

import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.db import models
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from ruggensteun.diary.models import PainDiary
from ruggensteun.intake import notify
from ruggensteun.intake.models import ClassificationDecision, RedFlagAlert
from ruggensteun.mydata.models import DeletionRequest, ReminderSettings
from ruggensteun.programme.models import PlanChange
from ruggensteun.reports.documents import DOCUMENTS
from ruggensteun.workspace.models import Discharge
from tests.committed import committed
from tests.questionnaires.conftest import PSK_SCORES, submitted
from tests.security.test_matrix import ROUTES, kwargs_for

PAYLOADS = {
    "script": "<script>alert({n})</script>",
    "img": '"><img src=x onerror=alert({n})>',
    "formula": '=HYPERLINK("http://x.test/{n}","k")',
}
# What must never reach an HTML page as it was typed.
RAW = ("<script>alert(", "<img src=x onerror=")

# Free-text fields that no user types: hashes, codes, identifiers the app sets itself.
NOT_USER_TEXT = {
    "accounts.User.password": "a hash",
    "accounts.User.email": "an EmailField, validated as an address",
    "accounts.Practice.alert_email": "an EmailField, validated as an address",
    "accounts.Invitation.token_hash": "a hash",
    "accounts.LoginAttempt.email": "the login form's address, only counted, never shown",
    "accounts.EnrolmentCode.code_hash": "a hash",
    "accounts.RecoveryCodes.name": "set by the app",
    "accounts.RecoveryCode.code_hash": "a hash",
    "audit.AuditEvent.actor_email": "copied from the account",
    "audit.AuditEvent.what": "the view name, set by the app",
    "base.MailFailure.recipient": "copied from the account or the practice's alert address",
    "base.MailFailure.kind": "a code set by the app",
    "base.MailFailure.detail": "the mail server's answer, shown escaped to the admin only",
    "base.PeriodicRun.name": "a job name set by the app",
    "questionnaires.PracticeSchedule.fear_instrument": "a choice of instrument codes",
    "questionnaires.InstrumentLicence.instrument": "an instrument code",
    "questionnaires.Assignment.instrument": "an instrument code",
    "questionnaires.QuestionnaireResponse.instrument": "an instrument code",
    "questionnaires.QuestionnaireResponse.instrument_version": "from the definition",
    "questionnaires.QuestionnaireResponse.language": "a language code",
    "intake.RedFlagAlert.rule_id": "a rule id of the engine",
    "intake.ClassificationDecision.duration_class": "a choice of the form",
    "intake.ClassificationDecision.pain_type": "a choice of the form",
    "intake.ClassificationDecision.pathway": "a choice of the form",
    "programme.PlanChange.exercise_id": "an exercise id of the library",
    "programme.PlanChange.new_exercise_id": "an exercise id of the library",
    "programme.ExerciseFeedback.exercise_id": "an exercise id of the plan",
    "programme.FearRating.activity_id": "an activity id of the list",
    "workspace.ExerciseVideo.exercise_id": "an exercise id of the library",
    "workspace.ExerciseVideo.content_type": "detected from the file",
    "today.Tick.item": "an item of the plan",
    "today.ModuleAnswer.module_id": "a module id",
    "today.ModuleAnswer.question_id": "a question id",
    "today.ModuleRead.module_id": "a module id",
    "diary.CheckIn.advice_urgency": "set by the triage engine",
    "mydata.ReminderSettings.calendar_secret": "a random key",
    "mydata.ReminderSettings.calendar_token_hash": "a hash",
    "mydata.PrivacyConsent.version": "a version id of mydata.privacy.STATEMENTS",
    "signoff.ImportedText.instrument": "an instrument code",
    "push.PushSubscription.endpoint": "a push service's address, checked, never shown",
    "push.PushSubscription.p256dh": "a browser's public key, never shown",
    "push.PushSubscription.auth": "a browser's secret, never shown",
    "search.Passage.page": "made from the content files of the repository",
    "search.Passage.anchor": "made from the content files of the repository",
    "search.Passage.title": "made from the content files of the repository",
    "search.Passage.heading": "made from the content files of the repository",
    "search.Passage.body": "made from the content files of the repository",
    "search.Passage.language": "a language code",
    "search.IndexState.fingerprint": "a hash of the content files",
    "outcomes.EpisodeCase.startback": "a STarT Back group code, set by the app",
    "outcomes.OutcomeSharing.consent_text": "the consent text the app showed, copied",
    "signoff.ImportedText.language": "a language code",
    "signoff.ImportedText.file_sha256": "a hash",
    "signoff.ImportedText.imported_by_email": "copied from the account",
    "signoff.SignOff.text_set": "a key of the text sets",
    "signoff.SignOff.text_hash": "a hash",
    "signoff.SignOff.signed_by_name": "copied from the account's full_name (covered there)",
    "signoff.SignOff.signed_by_email": "copied from the account",
    "messaging.Message.safety_urgency": "set by the triage engine",
}
# Filled by ``fill`` below (and the PSK activities, free text in a JSON field).
USER_TEXT = (
    "accounts.User.full_name",
    "accounts.Practice.name",
    "accounts.Practice.phone",
    "accounts.Practice.opening_hours",
    "accounts.Practice.address",
    "accounts.Practice.gp_phone",
    "accounts.Practice.out_of_hours_advice",
    "patients.Patient.phone",
    "intake.RedFlagAlert.reason",
    "intake.RedFlagAlert.patient_message",
    "intake.ClassificationDecision.reason",
    "programme.PlanChange.reason",
    "workspace.SessionNote.findings",
    "workspace.SessionNote.explanation",
    "workspace.SessionNote.agreements",
    "workspace.ExerciseVideo.description",
    "workspace.Discharge.summary",
    "workspace.Discharge.reopen_reason",
    "diary.PainDiary.note",
    "diary.DiaryEntry.activity_note",
    "diary.DiaryEntry.medication",
    "mydata.DeletionRequest.message",
    "mydata.DeletionRequest.note",
    "signoff.ImportedText.file_name",
    "messaging.Message.body",
    "messaging.PracticeMessageSettings.out_of_hours_advice",
)


def free_text_fields() -> set[str]:
    found = set()
    for model in apps.get_models():
        if not model.__module__.startswith("ruggensteun."):
            continue
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.CharField | models.TextField)
                and not field.choices
                and field.editable
            ):
                found.add(f"{model._meta.label}.{field.name}")
    return found


def test_every_free_text_field_is_covered():
    fields = free_text_fields()
    assert set(USER_TEXT).isdisjoint(NOT_USER_TEXT)
    assert fields - set(USER_TEXT) - set(NOT_USER_TEXT) == set(), "a new free-text field"
    assert set(USER_TEXT) <= fields, "a field of USER_TEXT is gone"


def fill(world, kind: str) -> dict[str, str]:
    """Every user-filled text of practice A's patient and practice: {field: its payload},
    each payload with a number of its own (so a leak names its field)."""
    values = {}
    for number, name in enumerate(USER_TEXT, start=1):
        payload = PAYLOADS[kind].format(n=number)
        if name.endswith(("phone", "gp_phone")):
            payload = payload[:32]  # the fields hold 32 characters
        values[name] = payload
    v = values.__getitem__
    patient, practice, therapist = world.patient, world.practice, world.therapist
    patient.user.full_name = v("accounts.User.full_name")
    patient.user.save(update_fields=["full_name"])
    for field in ("name", "phone", "opening_hours", "address", "gp_phone", "out_of_hours_advice"):
        setattr(practice, field, v(f"accounts.Practice.{field}"))
    practice.save()
    patient.phone = v("patients.Patient.phone")
    patient.save(update_fields=["phone"])
    # The open alert handled, so the patient's pages show more than the advice card.
    RedFlagAlert.objects.filter(pk=world.ids["alert_id"]).update(
        handled_at=timezone.now(), handled_by=therapist, action="not_relevant"
    )
    alert = RedFlagAlert.objects.get(pk=world.ids["alert_id"])
    RedFlagAlert.objects.create(
        patient=patient,
        assessment=alert.assessment,
        rule_id=alert.rule_id,
        urgency="routine",
        handled_at=timezone.now(),
        handled_by=therapist,
        action="called_patient",
        reason=v("intake.RedFlagAlert.reason"),
        patient_message=v("intake.RedFlagAlert.patient_message"),
    )
    ClassificationDecision.objects.filter(patient=patient).update(
        reason=v("intake.ClassificationDecision.reason")
    )
    plan = patient.programmes.get().plans.get(week=1)
    PlanChange.objects.create(
        plan=plan,
        kind="walking",
        reason=v("programme.PlanChange.reason"),
        changed_by=therapist,
        before={},
        after={},
    )
    patient.session_notes.update(
        findings=v("workspace.SessionNote.findings"),
        explanation=v("workspace.SessionNote.explanation"),
        agreements=v("workspace.SessionNote.agreements"),
    )
    patient.exercise_videos.update(description=v("workspace.ExerciseVideo.description"))
    Discharge.objects.create(
        patient=patient,
        discharged_on=timezone.localdate() - timedelta(days=20),
        reason="other",
        summary=v("workspace.Discharge.summary"),
        discharged_by=therapist,
        reopened_at=timezone.now() - timedelta(days=19),
        reopened_by=therapist,
        reopen_reason=v("workspace.Discharge.reopen_reason"),
    )
    PainDiary.objects.filter(patient=patient).update(note=v("diary.PainDiary.note"))
    patient.diary_entries.update(
        activity_note=v("diary.DiaryEntry.activity_note"),
        medication=v("diary.DiaryEntry.medication"),
    )
    DeletionRequest.objects.filter(patient=patient).update(
        message=v("mydata.DeletionRequest.message"), note=v("mydata.DeletionRequest.note")
    )
    from ruggensteun.messaging.models import Message, PracticeMessageSettings

    Message.objects.create(
        patient=patient,
        author=patient.user,
        from_patient=True,
        body=v("messaging.Message.body"),
        sent_at=timezone.now(),
    )
    PracticeMessageSettings.objects.create(
        practice=practice,
        out_of_hours_advice=v("messaging.PracticeMessageSettings.out_of_hours_advice"),
    )
    activities = {"1": PAYLOADS[kind].format(n=100), "2": "fietsen", "3": "tuinieren"}
    submitted(
        patient, "psk", PSK_SCORES, activities=activities, when=timezone.now() - timedelta(days=5)
    )
    values["psk.activity"] = activities["1"]
    return values


def import_official_text(client, world, kind):
    """The clinical lead reads in an official text whose file name is the payload."""
    from ruggensteun.accounts.models import Membership
    from ruggensteun.signoff.models import ImportedText
    from tests.signoff.conftest import official_file

    Membership.objects.filter(user=world.therapist).update(is_clinical_lead=True)
    payload = PAYLOADS[kind].format(n=24)
    client.force_login(world.therapist)
    client.post(
        reverse("signoff:import", args=["nprs"]),
        {"file": official_file(name=payload.replace("/", "_") + ".json")},
    )
    imported = ImportedText.objects.get(practice=world.practice)
    return imported.file_name


def assert_no_raw_html(content: bytes, where: str) -> None:
    text = content.decode("utf-8", errors="replace")
    for raw in RAW:
        assert raw not in text, f"{where} shows {raw!r} unescaped"


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(body(response)))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture(params=list(PAYLOADS))
def filled(request, client, world):
    kind = request.param
    values = fill(world, kind)
    values["signoff.ImportedText.file_name"] = import_official_text(client, world, kind)
    client.logout()
    return kind, values


def test_no_page_shows_a_payload_unescaped(client, world, filled):
    """Every page of the patient, her therapist and the admin, GET: the payloads are
    escaped, and every page-shown field is shown escaped somewhere (the test sees them)."""
    kind, values = filled
    seen = ""
    for user in (world.therapist, world.admin, world.patient.user):
        client.logout()
        client.force_login(user)
        for route in ROUTES:
            if route.name in ("reports:pdf", "reports:my_handout", "mydata:download"):
                continue  # PDFs and the ZIP: below
            url = reverse(route.name, kwargs=kwargs_for(route, world))
            response = client.get(url)
            assert response.status_code != 500, f"GET {url} as {user.email}"
            if response.streaming or "html" not in response.get("Content-Type", ""):
                continue
            assert_no_raw_html(response.content, f"GET {url} as {user.email}")
            seen += response.content.decode()
    if kind != "formula":
        shown = [name for name, value in values.items() if escaped(value) in seen]
        # The fields that reach a page at all: most of them, and the ones people read.
        for name in (
            "accounts.User.full_name",
            "intake.RedFlagAlert.reason",
            "workspace.SessionNote.findings",
            "diary.DiaryEntry.medication",
            "mydata.DeletionRequest.message",
            "psk.activity",
        ):
            assert name in shown, f"{name} is on no page: the test no longer sees it"


def escaped(value: str) -> str:
    from django.utils.html import escape

    return str(escape(value))


def test_the_pdfs_show_the_payload_as_text(
    client, world, filled, django_capture_on_commit_callbacks
):
    """WeasyPrint renders HTML: a payload that reached it unescaped would vanish into
    markup. In the extracted text it reads exactly as typed, or not at all."""
    kind, values = filled

    def drawn(url):
        """The PDF: the first request queues its drawing (run here), the next serves it."""
        with django_capture_on_commit_callbacks(execute=True):
            client.get(url)
        response = client.get(url)
        assert response.status_code == 200, url
        return pdf_text(response)

    client.force_login(world.therapist)
    texts = [drawn(reverse("reports:pdf", args=[world.patient.pk, name])) for name in DOCUMENTS]
    client.force_login(world.patient.user)
    texts.append(drawn(reverse("reports:my_handout")))
    everything = "\n".join(texts)
    for name, value in values.items():
        number = value.split("alert(")[-1].split(")")[0] if kind != "formula" else None
        if number and f"alert({number})" in everything.replace("\n", ""):
            assert value in everything.replace("\n", ""), f"{name} rendered as markup"
    assert world.patient.user.full_name in everything.replace("\n", "")


def test_the_exports_keep_payloads_as_data(client, world, filled, monkeypatch):
    _kind, values = filled
    client.force_login(world.therapist)
    # The patient's FHIR bundle: JSON served as JSON, the texts come back exactly.
    response = client.post(reverse("questionnaires:export_fhir", args=[world.patient.pk]))
    assert response.status_code == 200
    assert "json" in response["Content-Type"]
    bundle = json.loads(response.content)
    activity = json.dumps(values["psk.activity"], ensure_ascii=False)[1:-1]
    assert activity in json.dumps(bundle, ensure_ascii=False)
    # The practice's outcome CSV: pseudonymised, so no free text at all, and no cell that a
    # spreadsheet would run as a formula.
    client.force_login(world.admin)
    period = {"first": "2026-01-01", "last": "2026-12-31", "scope": "active"}
    response = client.post(
        reverse("workspace:export_download"), {**period, "csv_format": "standard"}
    )
    assert response.status_code == 200
    assert "csv" in response["Content-Type"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) >= 2, "the patient's episode is in the export"
    for value in values.values():
        assert value not in text
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            assert not (cell.startswith("-") and not cell[1:2].isdigit()), cell
    # The pseudonymised FHIR export: no free text either.
    response = client.post(
        reverse("workspace:export_download"),
        {**period, "csv_format": "standard", "format": "fhir"},
    )
    assert response.status_code == 200
    dumped = json.dumps(json.loads(response.content), ensure_ascii=False)
    for value in values.values():
        assert json.dumps(value, ensure_ascii=False)[1:-1] not in dumped


def test_the_own_data_download_keeps_payloads_as_data(client, world, filled, monkeypatch):
    from ruggensteun.mydata import export

    _kind, values = filled
    monkeypatch.setattr(export, "summary_pdf", lambda patient, language: b"%PDF-1.7 stand-in")
    client.force_login(world.patient.user)
    response = client.post(reverse("mydata:download"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    for name in archive.namelist():
        content = archive.read(name)
        if name.endswith(".json"):
            json.loads(content)  # still valid JSON
        if name.endswith((".html", ".htm")):
            assert_no_raw_html(content, name)
    records = "".join(
        json.dumps(json.loads(archive.read(name)), ensure_ascii=False)
        for name in archive.namelist()
        if name.endswith(".json")
    )
    # The texts are in the data exactly as typed (JSON-escaped, not lost, not mangled).
    assert json.dumps(values["diary.DiaryEntry.medication"], ensure_ascii=False) in records


def test_emails_and_the_calendar_carry_no_payload_as_markup(client, world, filled):
    _kind, values = filled
    mail.outbox.clear()
    RedFlagAlert.objects.filter(pk=world.ids["alert_id"]).update(handled_at=None, action="")
    alert = RedFlagAlert.objects.get(pk=world.ids["alert_id"])
    assert committed(notify.notify_therapists)(alert.assessment_id)
    committed(notify.notify_patient)(world.patient.pk)
    client.force_login(world.therapist)
    committed(client.post)(reverse("patients:resend_invitation", args=[world.patient.pk]))
    assert len(mail.outbox) >= 2
    for message in mail.outbox:
        assert not getattr(message, "alternatives", None), "an HTML e-mail: check its escaping"
        for header in (message.subject, *message.to):
            assert "\n" not in header and "\r" not in header
    # The calendar feed: fixed titles and a link, nothing typed by anyone.
    reminders = ReminderSettings.objects.for_patient(world.patient)
    reminders.new_calendar_address()
    client.logout()
    response = client.get(reverse("mydata:calendar_feed", args=[reminders.calendar_token]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "BEGIN:VCALENDAR" in body
    for value in values.values():
        assert value not in body
