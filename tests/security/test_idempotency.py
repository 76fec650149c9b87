"""Issue #11, finding 12: a session note saved twice is one note; a Today key is the
patient's own (another patient's key no longer drops a walk); a refused check-in keeps one
draft per patient and period, not a new row each time."""

import threading
import uuid

import pytest
from django.db import connection
from django.urls import reverse

from ruggensteun.audit.models import AuditEvent
from ruggensteun.diary.models import CheckIn
from ruggensteun.programme.models import DayLog
from ruggensteun.today.models import Submission
from ruggensteun.workspace.models import SessionNote
from tests.clock import TODAY
from tests.diary.conftest import calm_checkin, running  # noqa: F401 (a fixture)
from tests.today.conftest import day, programme, week  # noqa: F401 (fixtures)


def note_data(key, **changes):
    return {
        "submission_key": str(key),
        "kind": "intake",
        "held_on": TODAY.isoformat(),
        "findings": "Lage rugpijn sinds twee weken.",
        **changes,
    }


# -- session notes -------------------------------------------------------------------------


def test_a_session_note_sent_twice_is_stored_once(client, therapist, patient):
    client.force_login(therapist)
    url = reverse("workspace:note_new", args=[patient.pk])
    key = uuid.uuid4()
    first = client.post(url, note_data(key))
    second = client.post(url, note_data(key, findings="Tweede keer verstuurd."))
    assert first.status_code == second.status_code == 302
    assert second.url == reverse("workspace:sessions", args=[patient.pk])
    note = SessionNote.objects.get(patient=patient)
    assert note.findings == "Lage rugpijn sinds twee weken."
    assert note.submission_key == key
    assert AuditEvent.objects.filter(patient=patient, action="create").count() == 1


def test_two_forms_make_two_notes_and_the_form_carries_its_key(client, therapist, patient):
    client.force_login(therapist)
    url = reverse("workspace:note_new", args=[patient.pk])
    page = client.get(url).content.decode()
    assert 'name="submission_key"' in page
    client.post(url, note_data(uuid.uuid4()))
    client.post(url, note_data(uuid.uuid4(), kind="coaching"))
    assert SessionNote.objects.filter(patient=patient).count() == 2


def test_a_refused_note_keeps_its_key_for_the_next_try(client, therapist, patient):
    client.force_login(therapist)
    key = uuid.uuid4()
    response = client.post(
        reverse("workspace:note_new", args=[patient.pk]), note_data(key, findings="")
    )
    assert response.status_code == 200
    assert str(key) in response.content.decode()
    assert not SessionNote.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="parallel writes need PostgreSQL")
def test_two_parallel_saves_store_one_note(therapist, patient):
    from django.test import Client

    key = uuid.uuid4()
    url = reverse("workspace:note_new", args=[patient.pk])
    statuses = []

    def save():
        client = Client()
        client.force_login(therapist)
        statuses.append(client.post(url, note_data(key)).status_code)
        connection.close()

    threads = [threading.Thread(target=save) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 4
    assert SessionNote.objects.filter(patient=patient).count() == 1


# -- Today ---------------------------------------------------------------------------------


def test_another_patients_key_does_not_drop_a_walk(
    client,
    patient,
    practice,
    therapist,
    outsider_patient,
    week,  # noqa: F811
):
    key = uuid.uuid4()
    assert Submission.objects.claim(outsider_patient, key)
    client.force_login(patient.user)
    response = client.post(reverse("today:own_walk"), {"key": str(key), "minutes": "25"})
    assert response.status_code == 303
    assert DayLog.objects.get(patient=patient, date=TODAY).walking_minutes == 25
    # The patient's own second arrival of the form still counts once.
    client.post(reverse("today:own_walk"), {"key": str(key), "minutes": "25"})
    assert DayLog.objects.get(patient=patient, date=TODAY).walking_minutes == 25


def test_a_key_is_claimed_once_per_patient(patient, outsider_patient):
    key = uuid.uuid4()
    assert Submission.objects.claim(patient, key)
    assert not Submission.objects.claim(patient, key)
    assert Submission.objects.claim(outsider_patient, key)
    assert not Submission.objects.claim(outsider_patient, key)


# -- the check-in --------------------------------------------------------------------------


def test_refused_check_ins_keep_one_draft_per_period(client, patient, running):  # noqa: F811
    client.force_login(patient.user)
    url = reverse("diary:checkin")
    for pain in (11, 12, 13):  # each a new form, each with its own key, each refused
        response = client.post(url, calm_checkin(running, pain=pain, sleep=2))
        assert response.status_code == 200
    client.post(url, calm_checkin(running, pain=14, submission_key=None, sleep=3))
    drafts = CheckIn.objects.drafts().filter(patient=patient)
    assert drafts.count() == 1
    assert drafts.get().sleep == 3
    # The page goes on with the draft's key, so sending it complete finishes that draft.
    key = str(drafts.get().submission_key)
    assert key in response.content.decode()
    client.post(url, calm_checkin(running, submission_key=key))
    stored = CheckIn.objects.get(patient=patient)
    assert stored.is_submitted and stored.sleep == 4


def test_a_complete_check_in_with_a_new_key_takes_over_the_draft(client, patient, running):  # noqa: F811
    client.force_login(patient.user)
    url = reverse("diary:checkin")
    client.post(url, calm_checkin(running, pain=None))
    fresh = str(uuid.uuid4())
    client.post(url, calm_checkin(running, submission_key=fresh))
    stored = CheckIn.objects.get(patient=patient)
    assert stored.is_submitted and str(stored.submission_key) == fresh
    # Sent again with that key: still one check-in.
    client.post(url, calm_checkin(running, submission_key=fresh, pain=9))
    assert CheckIn.objects.get(patient=patient).pain == 3
