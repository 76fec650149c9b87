"""Issue #12: starting the programme tells the patient, by e-mail (no medical details, a
link to log in, in the patient's language) and on Today ("Uw programma is gestart"), shown
until read or for a week."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from ruggensteun.audit.models import AuditEvent
from ruggensteun.programme import planning, start_notice
from ruggensteun.programme.models import Programme
from tests import personas
from tests.programme.conftest import classify


def start(patient, therapist, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return planning.start_programme(
            patient, therapist, approve_each_week=False, today=timezone.localdate()
        )


@pytest.fixture
def started(ready_patient, therapist, django_capture_on_commit_callbacks, mailoutbox):
    programme = start(ready_patient, therapist, django_capture_on_commit_callbacks)
    return programme


def today_page(client, patient):
    client.force_login(patient.user)
    response = client.get(reverse("web:patient_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_patient_gets_one_email_without_medical_details(started, ready_patient, mailoutbox):
    (mail,) = mailoutbox
    assert mail.to == [ready_patient.user.email]
    assert mail.subject == "Uw programma is gestart"
    assert settings.SITE_URL + reverse("web:home") in mail.body
    assert "gestart" in mail.body
    week = started.plans.get(week=1)
    for medical in ("pijn", "oefentherapie", "wandel", *week.plan["walking"].keys()):
        assert medical not in mail.body.lower(), medical
    for exercise in week.plan.get("exercises", []):
        assert exercise["id"] not in mail.body


def test_a_refused_start_sends_no_email(
    ready_patient, therapist, django_capture_on_commit_callbacks, mailoutbox
):
    Programme.objects.create(patient=ready_patient)  # one is running already
    with pytest.raises(planning.ProgrammeCannotStart):
        start(ready_patient, therapist, django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_an_english_patient_gets_it_in_english(
    practice, therapist, django_capture_on_commit_callbacks, mailoutbox
):
    patient = personas.patient(practice, therapist, "Emma English", language="en")
    classify(patient, therapist)
    start(patient, therapist, django_capture_on_commit_callbacks)
    (mail,) = mailoutbox
    assert mail.subject == "Your programme has started"
    assert mail.body.startswith("Dear Emma,")
    assert "Log in to see what you can do today:" in mail.body


def test_today_tells_the_patient_until_read(client, started, ready_patient):
    html = today_page(client, ready_patient)
    assert "Uw programma is gestart" in html
    response = client.post(reverse("today:start_notice_read"))
    assert response.status_code == 303
    assert "Uw programma is gestart" not in today_page(client, ready_patient)
    started.refresh_from_db()
    assert started.start_notice_read_at is not None
    assert AuditEvent.objects.filter(
        patient_id=ready_patient.pk, action="update", detail__start_notice_read=True
    ).exists()


def test_reading_twice_changes_and_logs_nothing_more(client, started, ready_patient):
    client.force_login(ready_patient.user)
    client.post(reverse("today:start_notice_read"))
    client.post(reverse("today:start_notice_read"))
    assert (
        AuditEvent.objects.filter(
            patient_id=ready_patient.pk, detail__start_notice_read=True
        ).count()
        == 1
    )


def test_the_notice_goes_after_seven_days(client, started, ready_patient):
    now = timezone.now()
    Programme.objects.filter(pk=started.pk).update(started_at=now - timedelta(days=6, hours=23))
    assert start_notice.start_notice(ready_patient, now) is not None
    Programme.objects.filter(pk=started.pk).update(started_at=now - timedelta(days=7, minutes=1))
    assert start_notice.start_notice(ready_patient, now) is None
    assert "Uw programma is gestart" not in today_page(client, ready_patient)


def test_an_ended_or_paused_programme_is_not_announced(started, ready_patient):
    for status in (Programme.Status.PAUSED, Programme.Status.ENDED):
        Programme.objects.filter(pk=started.pk).update(status=status)
        assert start_notice.start_notice(ready_patient) is None


def test_a_patient_of_another_practice_marks_nothing_of_ours(client, started, outsider_patient):
    client.force_login(outsider_patient.user)
    client.post(reverse("today:start_notice_read"))
    started.refresh_from_db()
    assert started.start_notice_read_at is None


def test_a_therapist_cannot_use_the_patients_button(client, started, therapist):
    client.force_login(therapist)
    response = client.post(reverse("today:start_notice_read"))
    assert response.status_code in (403, 404)
    started.refresh_from_db()
    assert started.start_notice_read_at is None
