"""Issue #11, finding 1: every date a user enters is bounded, in the form (a clear Dutch
message, never a 500) and in the database (a CHECK constraint), so a diary entry of the
year 1 can no longer be stored and take the diary pages and the own-data ZIP down."""

import uuid
from datetime import date, datetime, time, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from ruggensteun.diary.models import CheckIn, DiaryEntry
from ruggensteun.questionnaires.forms import AssignForm
from ruggensteun.questionnaires.models import Assignment
from ruggensteun.workspace.forms import DischargeForm, ExportForm, SessionNoteForm
from ruggensteun.workspace.models import SessionNote
from tests.clock import TODAY
from tests.diary.conftest import diary_post


def _aware(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def patient_client(client, patient, diary_on):
    client.force_login(patient.user)
    return client


@pytest.fixture
def diary_on(patient, therapist):
    from ruggensteun.diary.models import PainDiary

    return PainDiary.objects.create(patient=patient, is_on=True, changed_by=therapist)


# -- the pain diary -----------------------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "1000-06-15"])
def test_a_diary_day_long_ago_is_refused_in_dutch(patient_client, patient, day):
    response = patient_client.post(reverse("diary:entry_new"), diary_post(day=day, time="12:00"))
    assert response.status_code == 200
    assert "Deze datum ligt te ver in het verleden." in response.content.decode()
    assert not DiaryEntry.objects.filter(patient=patient).exists()


def test_a_diary_day_before_the_patients_birth_is_refused(patient_client, patient):
    born = patient.date_of_birth
    response = patient_client.post(
        reverse("diary:entry_new"),
        diary_post(day=(born - timedelta(days=1)).isoformat(), time="12:00"),
    )
    assert "Deze datum ligt vóór uw geboortedatum." in response.content.decode()
    assert not DiaryEntry.objects.filter(patient=patient).exists()
    # The day of birth itself is a real day.
    patient_client.post(reverse("diary:entry_new"), diary_post(day=born.isoformat(), time="12:00"))
    assert DiaryEntry.objects.filter(patient=patient).count() == 1


@pytest.mark.parametrize(
    "day, message",
    [
        ("9999-12-31", "Deze datum ligt in de toekomst."),
        ((TODAY + timedelta(days=2)).isoformat(), "Deze datum ligt in de toekomst."),
        # Tomorrow is the time's check: a phone's clock may run a little ahead at midnight.
        ((TODAY + timedelta(days=1)).isoformat(), "Dit tijdstip ligt in de toekomst."),
    ],
)
def test_a_diary_day_after_today_is_refused(patient_client, patient, day, message):
    response = patient_client.post(reverse("diary:entry_new"), diary_post(day=day, time="00:00"))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DiaryEntry.objects.filter(patient=patient).exists()


def test_editing_an_entry_to_the_year_1_is_refused(patient_client, patient):
    patient_client.post(reverse("diary:entry_new"), diary_post())
    entry = DiaryEntry.objects.get(patient=patient)
    url = reverse("diary:entry_edit", args=[entry.pk])
    response = patient_client.post(url, diary_post(day="0001-01-01", time="00:00"))
    assert "Deze datum ligt te ver in het verleden." in response.content.decode()
    entry.refresh_from_db()
    assert entry.felt_at.year == TODAY.year
    for page in (reverse("diary:diary"), url, reverse("diary:entry_delete", args=[entry.pk])):
        assert patient_client.get(page).status_code == 200


def _refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        fields.pop("model").objects.create(**fields)


def test_the_database_refuses_a_diary_moment_before_1900_or_after_2100(patient):
    for felt_at in (_aware(date(1899, 12, 30)), _aware(date(2101, 1, 2))):
        _refused(
            model=DiaryEntry,
            patient=patient,
            submission_key=uuid.uuid4(),
            felt_at=felt_at,
            pain=3,
            regions=[],
            activity="sitting",
            duration="under_10",
        )


def test_the_database_refuses_a_check_in_period_out_of_range(patient):
    for start, end in (
        (date(1899, 12, 25), date(1899, 12, 31)),
        (date(2101, 1, 1), date(2101, 1, 7)),
    ):
        _refused(
            model=CheckIn,
            patient=patient,
            submission_key=uuid.uuid4(),
            period_start=start,
            period_end=end,
        )


def test_the_database_refuses_a_due_date_out_of_range(patient):
    for due_on in (date(1899, 12, 31), date(2101, 1, 1)):
        _refused(
            model=Assignment, patient=patient, instrument="nprs", due_on=due_on, source="therapist"
        )


def test_the_database_refuses_a_session_date_out_of_range(patient, therapist):
    for held_on in (date(1, 1, 1), date(2101, 1, 1)):
        _refused(
            model=SessionNote,
            patient=patient,
            written_by=therapist,
            kind="intake",
            held_on=held_on,
            findings="x",
        )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite can switch CHECKs off")
def test_the_migration_moves_a_stored_impossible_day_to_the_day_it_was_written(patient):
    """A row stored before the constraint existed is repaired, not lost: its moment becomes
    the moment it was written down."""
    from importlib import import_module

    from django.apps import apps

    repair = import_module("ruggensteun.diary.migrations.0002_bounded_dates").repair_dates
    written = _aware(TODAY - timedelta(days=2))
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA ignore_check_constraints = ON")
    try:
        entry = DiaryEntry.objects.create(
            patient=patient,
            submission_key=uuid.uuid4(),
            felt_at=_aware(date(1800, 1, 2)),
            pain=3,
            regions=[],
            activity="sitting",
            duration="under_10",
            created_at=written,
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA ignore_check_constraints = OFF")
    repair(apps, None)
    entry.refresh_from_db()
    assert entry.felt_at == written
    assert entry.pain == 3


# -- the therapist's dates -----------------------------------------------------------------


def _note_form(patient, held_on):
    return SessionNoteForm(
        data={"kind": "intake", "held_on": held_on, "findings": "Lage rugpijn."},
        instance=SessionNote(patient=patient),
    )


@pytest.mark.parametrize("held_on", ["0001-01-01", "1899-12-31"])
def test_a_session_long_ago_is_refused_in_dutch(patient, held_on):
    patient.date_of_birth = None
    form = _note_form(patient, held_on)
    assert not form.is_valid()
    assert form.errors["held_on"] == ["Deze datum ligt te ver in het verleden."]


def test_a_session_before_the_patients_birth_is_refused(patient):
    form = _note_form(patient, (patient.date_of_birth - timedelta(days=1)).isoformat())
    assert not form.is_valid()
    assert form.errors["held_on"] == ["Deze datum ligt vóór de geboortedatum van de patiënt."]
    assert _note_form(patient, patient.date_of_birth.isoformat()).is_valid()


def test_a_session_note_of_the_year_1_is_a_message_not_a_500(client, therapist, patient):
    client.force_login(therapist)
    response = client.post(
        reverse("workspace:note_new", args=[patient.pk]),
        {"kind": "intake", "held_on": "0001-01-01", "findings": "Lage rugpijn."},
    )
    assert response.status_code == 200
    assert "Deze datum ligt te ver in het verleden." in response.content.decode()
    assert not SessionNote.objects.filter(patient=patient).exists()


def test_a_discharge_in_the_year_1_is_refused():
    form = DischargeForm(
        data={"discharged_on": "0001-01-01", "reason": "goals_reached", "summary": "x"},
        starts_on=date(1, 1, 1),
    )
    assert not form.is_valid()
    assert form.errors["discharged_on"] == ["Deze datum ligt te ver in het verleden."]


def test_an_export_period_out_of_range_is_refused():
    form = ExportForm(
        data={
            "first": "0001-01-01",
            "last": "9999-12-31",
            "scope": "ended",
            "csv_format": "standard",
        }
    )
    assert not form.is_valid()
    assert form.errors["first"] == ["Deze datum ligt te ver in het verleden."]
    assert form.errors["last"] == ["Deze datum ligt te ver in de toekomst."]


@pytest.mark.parametrize("due_on", ["0001-01-01", "9999-12-31"])
def test_a_due_date_far_away_is_refused_in_dutch(due_on):
    form = AssignForm(data={"instrument": "nprs", "due_on": due_on}, codes=["nprs"], language="nl")
    assert not form.is_valid()
    assert form.errors["due_on"]
