"""The caseload's stored rows (issue #15): a row comes from the patient's stored summary
while none of their data changed since and it was made today; any write to the data it is
made of, by whatever path, makes the next view work it out again."""

import importlib
import re
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.db.models import PROTECT, F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ruggensteun.diary.models import CheckIn
from ruggensteun.intake.models import RedFlagAlert
from ruggensteun.patients.models import Patient
from ruggensteun.programme.models import DayLog
from ruggensteun.questionnaires.models import InstrumentLicence
from ruggensteun.workspace import caseload
from ruggensteun.workspace.caseload import caseload_rows
from ruggensteun.workspace.models import CaseChanges, CaseSummary, Discharge
from tests import personas
from tests.patients import builders

WATCHED = importlib.import_module("ruggensteun.workspace.migrations.0003_case_summaries").WATCHED
MODELS = {model._meta.db_table: model for model in apps.get_models()}
# Read by the caseload on every view and never stored, or the summaries themselves.
READ_FRESH = {
    "patients_patient",  # the name, practice and therapist come with the summary
    "accounts_user",
    "accounts_invitation",
    "intake_redflagalert",
    "workspace_casesummary",
    "workspace_casechanges",
}


def changes(patient) -> int:
    found = CaseChanges.objects.filter(patient_id=patient.pk).first()
    return found.changes if found else 0


def of_practice(table, practice):
    """The rows of ``table`` that belong to ``practice``, as the trigger finds the patient."""
    model = MODELS[table]
    path = {
        "id": "practice",
        "patient_id": "patient__practice",
        "programme": "programme__patient__practice",
        "practice": "practice",
    }[WATCHED[table]]
    return model.objects.filter(**{path: practice}).order_by("pk")


def patient_of(table, row):
    how = WATCHED[table]
    if how == "id":
        return row
    if how == "programme":
        return row.programme.patient
    if how == "practice":
        return Patient.objects.filter(practice=row.practice).first()
    return row.patient


@pytest.fixture
def everything(practice, therapist):
    """One patient per reason, plus what those lack: a check-in, a discharge, a licence."""
    made = builders.one_per_reason(practice, therapist)
    calm = made[None]
    CheckIn.objects.create(
        patient=calm,
        submission_key=uuid.uuid4(),
        period_start=builders.today() - timedelta(days=8),
        period_end=builders.today() - timedelta(days=1),
        submitted_at=builders.days_ago(1),
    )
    Discharge.objects.create(
        patient=calm,
        discharged_on=builders.today(),
        reason=Discharge.Reason.GOALS_REACHED,
        summary="Klaar.",
        discharged_by=therapist,
    )
    InstrumentLicence.objects.create(practice=practice, instrument="odi")
    return made


@pytest.mark.parametrize("table", sorted(WATCHED))
def test_every_kind_of_write_to_a_watched_table_counts_as_a_change(
    practice, therapist, everything, table
):
    """A ``QuerySet.update``, a delete and an insert (no model signal needed): each
    counts for the patient of the row (on PostgreSQL once per statement)."""
    model = MODELS[table]
    # A row no other row protects from deletion.
    row = next(
        (
            row
            for row in of_practice(table, practice)
            if not any(
                getattr(row, rel.get_accessor_name()).exists()
                for rel in model._meta.related_objects
                if rel.on_delete is PROTECT and not rel.many_to_many and not rel.one_to_one
            )
        ),
        None,
    )
    assert row is not None, f"no {table} row to write"
    patient = patient_of(table, row)
    field = next(f for f in model._meta.concrete_fields if not f.primary_key)

    before = changes(patient)
    model.objects.filter(pk=row.pk).update(**{field.attname: F(field.attname)})
    updated = changes(patient)
    assert updated > before

    if table == "patients_patient":
        return  # deleting the patient deletes what it would count for
    pk = row.pk
    model.objects.filter(pk=pk).delete()
    deleted = changes(patient)
    assert deleted > updated
    row.pk = pk
    model.objects.bulk_create([row])
    assert changes(patient) > deleted


def test_a_write_to_another_table_counts_nothing(practice, therapist, everything):
    patient = everything["red_flag"]
    before = changes(patient)
    RedFlagAlert.objects.filter(patient=patient).update(urgency=F("urgency"))
    assert changes(patient) == before


def test_every_table_the_rows_are_made_of_is_watched(practice, therapist, everything):
    """Working the rows out reads only watched tables (and those read fresh on every
    view): a new kind of data in the caseload without a trigger fails here."""
    with CaptureQueriesContext(connection) as working_out:
        caseload_rows(Patient.objects.filter(practice=practice))
    read = {
        table
        for query in working_out.captured_queries
        for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])
    }
    assert "programme_daylog" in read  # the capture saw the working out
    assert read - READ_FRESH <= set(WATCHED), read - READ_FRESH - set(WATCHED)


def test_a_current_row_reads_none_of_the_patients_data(practice, therapist, everything):
    patients = Patient.objects.filter(practice=practice)
    first = caseload_rows(patients)
    assert CaseSummary.objects.filter(patient__practice=practice).count() == len(first)
    with CaptureQueriesContext(connection) as again:
        second = caseload_rows(patients)
    read = " ".join(query["sql"] for query in again.captured_queries)
    for table in ("programme_daylog", "diary_checkin", "questionnaires_questionnaireresponse"):
        assert table not in read
    assert len(again.captured_queries) == 2  # the patients with their summaries, the alerts
    assert [(r.patient.pk, [x.code for x in r.reasons]) for r in second] == [
        (r.patient.pk, [x.code for x in r.reasons]) for r in first
    ]
    assert {code for row in second for code in row.codes} >= {
        "red_flag",
        "flare_up",
        "worse",
        "unread_message",
        "questionnaire_overdue",
    }


def test_a_change_by_a_bulk_update_shows_on_the_next_view(client, practice, therapist):
    patient = personas.patient(practice, therapist, "Olga Opstoot")
    DayLog.objects.create(patient=patient, date=builders.today() - timedelta(days=1), pain=3)
    client.force_login(therapist)
    assert "Opstoot gemeld" not in client.get(reverse("patients:caseload")).content.decode()
    DayLog.objects.filter(patient=patient).update(flare=True)  # no signal is sent
    assert "Opstoot gemeld" in client.get(reverse("patients:caseload")).content.decode()


def test_a_red_flag_is_never_taken_from_a_summary(practice, therapist):
    """The alerts are read on every view: a row from a current summary shows a new one."""
    patient = personas.patient(practice, therapist, "Rian Rodevlag")
    caseload_rows(Patient.objects.filter(pk=patient.pk))
    builders.red_flag(patient)
    CaseChanges.objects.filter(patient_id=patient.pk).delete()  # as if nothing counted
    stored = CaseSummary.objects.get(patient=patient)
    stored.data["made"][1] = 0
    stored.save()
    (row,) = caseload_rows(Patient.objects.filter(pk=patient.pk))
    assert row.reasons[0].code == "red_flag"


def test_a_change_while_a_row_is_worked_out_leaves_it_outdated(practice, therapist):
    """The count is read before the data: a write in between makes the stored summary
    look old (worked out again next time), never a stale summary look current."""
    patient = personas.patient(practice, therapist, "Olga Opstoot")
    (person,) = caseload._patients(Patient.objects.filter(pk=patient.pk))
    builders.flare_up(patient)  # after the count was read, before the data
    caseload._summarise([person], builders.today(), caseload.timezone.get_current_timezone())
    caseload._store([person], builders.today(), str(caseload.timezone.get_current_timezone()))
    (again,) = caseload._patients(Patient.objects.filter(pk=patient.pk))
    assert again.stored["row"] is not None
    assert not again.current(builders.today(), str(caseload.timezone.get_current_timezone()))
    (row,) = caseload_rows(Patient.objects.filter(pk=patient.pk))
    assert "flare_up" in row.codes


def test_a_summary_is_of_one_day(practice, therapist):
    """Ten days without a check-in show on the tenth day, with no data changed."""
    with time_machine.travel("2026-11-02 09:00 +01:00", tick=False):
        patient = personas.patient(practice, therapist, "Stijn Stil")
        builders.running(patient, therapist, started_days_ago=9)
        (row,) = caseload_rows(Patient.objects.filter(pk=patient.pk))
        assert "no_checkin" not in row.codes
        assert CaseSummary.objects.get(patient=patient).data["made"][2] == "2026-11-02"
    with time_machine.travel("2026-11-03 09:00 +01:00", tick=False):
        (row,) = caseload_rows(Patient.objects.filter(pk=patient.pk))
        assert "no_checkin" in row.codes
        assert CaseSummary.objects.get(patient=patient).data["made"][2] == "2026-11-03"


def test_a_report_of_an_earlier_day_is_not_kept(practice, therapist):
    patient = personas.patient(practice, therapist, "Rob Rustig")
    caseload_rows(Patient.objects.filter(pk=patient.pk), builders.today() - timedelta(days=30))
    assert not CaseSummary.objects.filter(patient=patient).exists()


def test_a_summary_of_an_older_format_is_worked_out_again(practice, therapist):
    patient = personas.patient(practice, therapist, "Olga Opstoot")
    caseload_rows(Patient.objects.filter(pk=patient.pk))
    builders.flare_up(patient)
    stored = CaseSummary.objects.get(patient=patient)
    stored.data["made"][:2] = [caseload.SUMMARY_FORMAT - 1, changes(patient)]
    stored.save()
    (row,) = caseload_rows(Patient.objects.filter(pk=patient.pk))
    assert "flare_up" in row.codes
    assert CaseSummary.objects.get(patient=patient).data["made"][0] == caseload.SUMMARY_FORMAT


def test_no_count_is_left_of_a_deleted_patient(practice, therapist, everything):
    """The patient's rows are deleted before them, each counting once more; the patient's
    own deletion takes the count away (the demo's reset leaves no trace)."""
    patient = everything["flare_up"]
    assert changes(patient) > 0
    Patient.objects.get(pk=patient.pk).delete()
    assert not CaseChanges.objects.filter(patient_id=patient.pk).exists()
    assert CaseChanges.objects.filter(patient_id=everything["worse"].pk).exists()
