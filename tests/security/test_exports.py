"""Issue #11, findings 2, 4 and the export half of 11: exports that cannot be linked back,
an own-data download without the therapist's notes, and exports of many patients in each
patient's access log."""

import csv
import io
import json
import re
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from ruggensteun.audit.models import AuditEvent
from ruggensteun.diary.models import PainDiary
from ruggensteun.intake.models import ClassificationDecision, RedFlagAlert, TriageAssessment
from ruggensteun.mydata.export import EXPORTED, NOT_EXPORTED, fhir_bundle, patient_records
from ruggensteun.patients.models import Patient
from ruggensteun.workspace.models import PracticeExportKey
from tests import personas
from tests.clock import TODAY
from tests.workspace.outcomes import episode, triage

START = TODAY - timedelta(weeks=20)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# A moment to the second or finer (2026-01-21T10:00:00...), as ``authored`` used to be.
MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@pytest.fixture
def treated(patient, therapist):
    return episode(patient, therapist, START)


def pseudonymised(client, fmt):
    data = {
        "first": START.isoformat(),
        "last": TODAY.isoformat(),
        "scope": "ended",
        "csv_format": "standard",
        "format": fmt,
    }
    response = client.post(reverse("workspace:export_download"), data)
    assert response.status_code == 200, response.content[:300]
    return response.content.decode("utf-8")


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


# --- finding 2: the pseudonymised export cannot be linked to a named one ------------------


def test_no_identifier_of_a_named_export_appears_in_the_pseudonymised_one(
    client, therapist, treated
):
    client.force_login(therapist)
    own_records = json.dumps(patient_records(treated), default=str)
    own_fhir = json.dumps(fhir_bundle(treated, "nl"))
    response = client.post(reverse("questionnaires:export_fhir", args=[treated.pk]))
    assert response.status_code == 200
    staff_fhir = response.content.decode()
    named = own_records + own_fhir + staff_fhir
    identifiers = set(UUID.findall(named))
    submission_keys = {str(r.submission_key) for r in treated.questionnaire_responses.all()}
    assert submission_keys and submission_keys <= identifiers  # the named ones carry them
    moments = set(MOMENT.findall(own_fhir + staff_fhir))
    assert moments  # ``authored`` to the second in the named exports

    for fmt in ("csv", "fhir"):
        text = pseudonymised(client, fmt)
        leaked = {value for value in identifiers if value in text}
        assert not leaked, (fmt, leaked)
        assert not MOMENT.search(text.replace(_bundle_timestamp(text, fmt), "")), fmt


def _bundle_timestamp(text, fmt):
    """The Bundle's own ``timestamp`` (when the file was made) is no patient's moment."""
    return json.loads(text)["timestamp"] if fmt == "fhir" else "\0"


def test_times_are_to_the_day_and_episode_dates_to_the_iso_week(client, therapist, treated):
    client.force_login(therapist)
    (row,) = csv_rows(pseudonymised(client, "csv"))
    end = START + timedelta(days=91)  # the discharge in tests.workspace.outcomes.episode
    start_year, start_week, _day = START.isocalendar()
    end_year, end_week, _day = end.isocalendar()
    assert row["episode_start_week"] == f"{start_year}-W{start_week:02d}"
    assert row["episode_end_week"] == f"{end_year}-W{end_week:02d}"
    assert START.isoformat() not in row.values()

    data = json.loads(pseudonymised(client, "fhir"))
    Bundle.model_validate(data)
    tags = {tag["code"] for tag in data["meta"]["tag"]}
    assert {"times-to-day", "episode-to-iso-week"} <= tags
    assert data["meta"]["security"][0]["code"] == "PSEUDED"
    monday = START - timedelta(days=START.weekday())
    resources = [entry["resource"] for entry in data["entry"]]
    periods = [r["effectivePeriod"] for r in resources if "effectivePeriod" in r]
    assert periods and all(p["start"] == monday.isoformat() for p in periods)
    authored = [r["authored"] for r in resources if r["resourceType"] == "QuestionnaireResponse"]
    assert START.isoformat() in authored
    assert all(len(value) == 10 for value in authored)
    effective = [r["effectiveDateTime"] for r in resources if "effectiveDateTime" in r]
    assert effective and all(date.fromisoformat(value) for value in effective)


def test_export_ids_come_from_the_practice_key_stable_and_resolving(client, therapist, treated):
    client.force_login(therapist)
    first = json.loads(pseudonymised(client, "fhir"))
    again = json.loads(pseudonymised(client, "fhir"))
    ids = [entry["fullUrl"] for entry in first["entry"]]
    assert ids == [entry["fullUrl"] for entry in again["entry"]]
    assert len(set(ids)) == len(ids)
    for entry in first["entry"]:
        assert entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}"
        for source in entry["resource"].get("derivedFrom", []):
            assert source["reference"] in ids
    # A new practice key (another practice, or a key replaced) gives other ids.
    PracticeExportKey.objects.filter(practice=treated.practice).update(secret="0" * 64)
    changed = json.loads(pseudonymised(client, "fhir"))
    assert not set(ids) & {entry["fullUrl"] for entry in changed["entry"]}


# --- finding 4: the patient's download leaves out the therapist's notes -------------------


@pytest.fixture
def noted(patient, therapist):
    """Notes the therapist wrote about Petra, and what was decided and told to her."""
    triage(patient, "exercise")
    assessment = TriageAssessment.objects.get(patient=patient)
    ClassificationDecision.objects.create(
        patient=patient,
        assessment=assessment,
        decided_by=therapist,
        pathway="advice",
        reason="WERKNOTITIE-KLASSE denkt aan iets psychisch",
    )
    RedFlagAlert.objects.create(
        patient=patient,
        assessment=assessment,
        rule_id="CES",
        urgency="emergency",
        action=RedFlagAlert.Action.NOT_RELEVANT,
        reason="WERKNOTITIE-ALARM overdrijft graag",
        patient_message="BERICHT-VOOR-PETRA u mag verder met uw oefeningen",
    )
    PainDiary.objects.create(
        patient=patient,
        is_on=True,
        note="WERKNOTITIE-DAGBOEK voor het dossier",
        changed_by=therapist,
    )
    return patient


def test_the_own_data_leaves_out_the_therapists_notes_and_keeps_the_record(noted):
    data = patient_records(noted)
    text = json.dumps(data, default=str)
    assert "WERKNOTITIE" not in text
    records = data["records"]
    (decision,) = records["intake.ClassificationDecision"]
    assert decision["pathway"] == "advice" and "reason" not in decision
    (alert,) = records["intake.RedFlagAlert"]
    assert alert["rule_id"] == "CES" and alert["action"] == "not_relevant"
    assert alert["patient_message"].startswith("BERICHT-VOOR-PETRA")
    (diary,) = records["diary.PainDiary"]
    assert diary["is_on"] is True and "note" not in diary
    # What was left out is named with the reason, field by field.
    assert "reason" in data["not_included"]["intake.RedFlagAlert"]
    assert "note" in data["not_included"]["diary.PainDiary"]


def test_the_zip_leaves_out_the_therapists_notes(client, noted, monkeypatch):
    import zipfile

    from ruggensteun.mydata import export

    monkeypatch.setattr(export, "summary_pdf", lambda patient, language: b"%PDF-1.7 stand-in")
    client.force_login(noted.user)
    response = client.post(reverse("mydata:download"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    for name in archive.namelist():
        assert b"WERKNOTITIE" not in archive.read(name), name
    assert b"BERICHT-VOOR-PETRA" in archive.read(export.FILES["json"])


def _holds_patient(model):
    return any(f.is_relation and f.related_model is Patient for f in model._meta.concrete_fields)


def test_every_field_of_every_model_about_a_patient_is_decided_once():
    for model in apps.get_models():
        label = model._meta.label
        if not _holds_patient(model) and label not in EXPORTED:
            continue
        assert label in EXPORTED, f"{label}: add it to mydata.export.EXPORTED"
        policy = EXPORTED[label]
        if policy.whole_model:
            continue
        fields = {
            f.name
            for f in model._meta.concrete_fields
            if not (f.is_relation and f.related_model is Patient)
        }
        decided = set(policy.fields) | set(policy.left_out)
        assert not set(policy.fields) & set(policy.left_out), label
        assert fields == decided, (label, fields ^ decided)
    assert set(NOT_EXPORTED) <= {model._meta.label for model in apps.get_models()}


def test_the_own_data_page_says_which_notes_are_not_in_the_download(client, patient):
    client.force_login(patient.user)
    html = client.get(reverse("mydata:own_data")).content.decode()
    assert "werkaantekeningen" in html and "WGBO" in html


# --- finding 11 (exports): an export of many patients is in each patient's log -------------


def test_an_outcome_export_writes_one_audit_row_per_patient(
    client, therapist, admin, practice, treated
):
    other = episode(personas.patient(practice, therapist, "Rob Tweede"), therapist, START)
    client.force_login(therapist)
    pseudonymised(client, "csv")
    exported = AuditEvent.objects.filter(action="export")
    for person in (treated, other):
        (row,) = exported.filter(patient=person)
        assert row.actor == therapist and row.practice == practice
        assert row.what == "workspace: outcome export"
    (summary,) = exported.filter(patient__isnull=True)
    assert sorted(summary.detail["patient_ids"]) == sorted([treated.pk, other.pk])
    # The admin's log, filtered on a patient's name, shows the export.
    client.force_login(admin)
    html = client.get(reverse("audit:log"), {"patient": "Rob Tweede", "action": "export"})
    assert html.status_code == 200
    assert "workspace: outcome export" in html.content.decode()
    # The patient's own access log (in their download) shows it too.
    log = patient_records(other)["access_log"]
    assert any(line["action"] == "export" and line["who"] == therapist.email for line in log)
