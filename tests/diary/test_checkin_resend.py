"""A form sent again under a key already stored shows what was stored and stores nothing,
whatever else it says (issue #15: the key is now looked up with the row the check-in is
written to, under the patient's lock, after the period; these keep the old behaviour)."""

import uuid
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from ruggensteun.diary.models import CheckIn
from ruggensteun.programme.models import DayLog
from tests.diary.conftest import calm_checkin, today


def post(client, data):
    return client.post(reverse("diary:checkin"), data)


def stored_checkin(patient, start, **values):
    return CheckIn.objects.create(
        patient=patient,
        submission_key=uuid.uuid4(),
        period_start=start,
        period_end=start + timedelta(days=6),
        submitted_at=timezone.now(),
        pain=3,
        **values,
    )


def test_a_resent_key_with_answers_now_refused_shows_the_stored_check_in(client, patient, running):
    client.force_login(patient.user)
    first = post(client, calm_checkin(running))
    stored = CheckIn.objects.get(patient=patient)
    data = calm_checkin(running, submission_key=str(stored.submission_key), pain=11)
    again = post(client, data)
    assert (again.status_code, again.url) == (302, first.url)
    assert list(CheckIn.objects.filter(patient=patient)) == [stored]
    assert CheckIn.objects.get(patient=patient).pain == 3


def test_a_resent_key_of_another_week_shows_the_stored_check_in(client, patient, running):
    """The key decides, not the period: a check-in stored for an older week."""
    stored = stored_checkin(patient, running.starts_on - timedelta(days=14))
    client.force_login(patient.user)
    again = post(client, calm_checkin(running, submission_key=str(stored.submission_key)))
    assert again.status_code == 302
    assert again.url == reverse("diary:checkin_done", args=[stored.pk])
    assert list(CheckIn.objects.filter(patient=patient)) == [stored]
    assert not DayLog.objects.filter(patient=patient).exists()


def test_a_resent_key_while_no_week_is_open_shows_the_stored_check_in(client, patient, therapist):
    from ruggensteun.programme import planning
    from tests.programme.conftest import classify

    classify(patient, therapist)
    started = today() - timedelta(days=3)
    planning.start_programme(patient, therapist, approve_each_week=False, today=started)
    stored = stored_checkin(patient, started - timedelta(days=7))
    client.force_login(patient.user)
    data = calm_checkin(
        submission_key=str(stored.submission_key), period_start=None, period_end=None
    )
    again = post(client, data)
    assert (again.status_code, again.url) == (302, reverse("diary:checkin_done", args=[stored.pk]))
    assert post(client, {**data, "submission_key": str(uuid.uuid4())}).status_code == 200
    assert list(CheckIn.objects.filter(patient=patient)) == [stored]
