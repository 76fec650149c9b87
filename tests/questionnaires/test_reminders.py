"""Reminder e-mails: once per questionnaire per day at most, in the patient's language,
and nothing clinical in them."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from ruggensteun.questionnaires.models import Assignment
from ruggensteun.questionnaires.reminders import MAX_REMINDERS, send_reminders
from tests import personas
from tests.committed import committed

send_reminders = committed(send_reminders)


def run(today=None):
    committed(call_command)(
        "send_questionnaire_reminders",
        *(["--date", str(today)] if today else []),
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )


def test_a_patient_with_questionnaires_ready_gets_one_email_with_a_link(patient):
    run()
    [message] = mail.outbox
    assert message.to == [patient.user.email]
    assert message.subject == "Er staat een vragenlijst voor u klaar"
    assert "/mijn/vragenlijsten/" in message.body
    assert patient.practice.name in message.body


def test_running_again_the_same_day_sends_nothing(patient):
    run()
    run()
    assert send_reminders() == 0
    assert len(mail.outbox) == 1
    assert set(Assignment.objects.due().values_list("reminders_sent", flat=True)) == {1}


def test_the_email_names_no_questionnaire_and_no_score(patient):
    run()
    body = mail.outbox[0].body + mail.outbox[0].subject
    for word in ("STarT", "NPRS", "QBPDS", "PSK", "pijn", "risico", "score"):
        assert word not in body


def test_the_email_is_written_in_the_patients_language(practice, therapist, patient, monkeypatch):
    from django.utils import translation

    from ruggensteun.base import mail

    english = personas.patient(practice, therapist, "Emily English", language="en")
    languages = {}
    original = mail.render_to_string

    def render(template, context):
        languages[context["user"].email] = translation.get_language()
        return original(template, context)

    monkeypatch.setattr(mail, "render_to_string", render)  # e-mails render there
    run()
    assert languages == {english.user.email: "en", patient.user.email: "nl"}


def test_reminders_repeat_weekly_and_stop_after_three(patient):
    today = timezone.localdate()
    # Three weeks and a bit: before the week-4 re-stratification questionnaires fall due.
    for day in range(0, 25):
        send_reminders(today + timedelta(days=day))
    assert len(mail.outbox) == MAX_REMINDERS


def test_nothing_is_sent_for_questionnaires_not_yet_due_or_done(no_schedule):
    Assignment.objects.create(
        patient=no_schedule,
        instrument="gpe",
        due_on=timezone.localdate() + timedelta(days=1),
        source="schedule",
        schedule_week=6,
    )
    assert send_reminders() == 0
    assert send_reminders(timezone.localdate() + timedelta(days=1)) == 1


def test_an_invited_patient_without_a_password_gets_the_invitation_not_a_reminder(patient):
    patient.user.set_unusable_password()
    patient.user.save()
    run()
    assert mail.outbox == []


def test_a_licence_restricted_questionnaire_without_licence_is_not_reminded(no_schedule):
    Assignment.objects.create(
        patient=no_schedule, instrument="odi", due_on=timezone.localdate(), source="therapist"
    )
    assert send_reminders() == 0


@pytest.mark.parametrize("bad", ["morgen", "2026-13-01"])
def test_the_command_refuses_a_bad_date(db, bad):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        run(bad)


@pytest.mark.parametrize("urgency", ["emergency", "urgent"])
def test_a_patient_with_an_open_emergency_or_urgent_red_flag_gets_no_reminder(
    patient, therapist, urgency
):
    from ruggensteun.intake.models import RedFlagAlert, TriageAssessment

    assessment = TriageAssessment.objects.create(
        patient=patient,
        trigger="intake",
        urgency=urgency,
        self_management_allowed=False,
        summary={},
        details={},
        inputs={},
    )
    alert = RedFlagAlert.objects.create(
        patient=patient, assessment=assessment, rule_id="CES", urgency=urgency
    )
    assert send_reminders() == 0
    assert mail.outbox == []

    alert.handled_at, alert.handled_by = timezone.now(), therapist
    alert.save()
    assert send_reminders() == 1
