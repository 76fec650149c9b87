"""The practice's schedule turned into a patient's questionnaires, idempotently."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ruggensteun.intake.models import Intake
from ruggensteun.questionnaires.models import Assignment, PracticeSchedule
from ruggensteun.questionnaires.schedule import schedule_questionnaires, schedule_start
from tests import personas
from tests.committed import committed
from tests.questionnaires.conftest import STARTBACK_HIGH, STARTBACK_LOW, STARTBACK_MEDIUM


def plan_of(patient):
    return sorted(
        (a.schedule_week, a.instrument, a.due_on, a.source)
        for a in Assignment.objects.filter(patient=patient)
    )


def started_weeks_ago(patient, weeks):
    patient.created_at = timezone.now() - timedelta(weeks=weeks)
    patient.save(update_fields=["created_at"])
    return timezone.localdate(patient.created_at)


def test_a_new_patient_gets_the_intake_set_at_once_and_the_follow_ups_planned(patient):
    start = timezone.localdate(patient.created_at)
    week = {w: start + timedelta(weeks=w) for w in (0, 4, 6, 12, 26)}
    assert plan_of(patient) == sorted(
        [(0, code, week[0], "intake") for code in ("startback", "nprs", "qbpds", "psk")]
        # Re-stratification (triage.md §5): STarT Back and NPRS at weeks 4 and 12.
        + [(4, code, week[4], "schedule") for code in ("startback", "nprs", "gpe")]
        + [
            (w, code, week[w], "schedule")
            for w in (6, 12, 26)
            for code in ("nprs", "qbpds", "psk", "gpe")
        ]
        + [(12, "startback", week[12], "schedule")]
    )


def test_scheduling_again_changes_nothing(patient):
    before = plan_of(patient)
    assert schedule_questionnaires(patient) == 0
    assert schedule_questionnaires(patient) == 0
    assert plan_of(patient) == before


def test_week_0_is_the_completed_intake_when_there_is_one(patient):
    started_weeks_ago(patient, 3)
    completed = timezone.now() - timedelta(days=2)
    Intake.objects.create(patient=patient, completed_at=completed)
    assert schedule_start(patient) == timezone.localdate(completed)
    schedule_questionnaires(patient)
    nprs = Assignment.objects.get(patient=patient, instrument="nprs", schedule_week=6)
    assert nprs.due_on == timezone.localdate(completed) + timedelta(weeks=6)


def test_a_moment_overtaken_by_a_later_one_is_not_asked(practice, therapist):
    patient = personas.patient(practice, therapist, "Late Lotte")
    Assignment.objects.filter(patient=patient).delete()
    started_weeks_ago(patient, 13)
    schedule_questionnaires(patient)
    weeks = {a.schedule_week for a in Assignment.objects.filter(patient=patient)}
    assert weeks == {12, 26}


def test_an_untouched_questionnaire_is_withdrawn_when_the_next_moment_is_due(patient):
    start = started_weeks_ago(patient, 3)
    schedule_questionnaires(patient, today=start + timedelta(weeks=3))
    intake_nprs = Assignment.objects.get(patient=patient, instrument="nprs", schedule_week=0)
    assert intake_nprs.is_overdue(start + timedelta(weeks=3))
    schedule_questionnaires(patient, today=start + timedelta(weeks=6))
    intake_nprs.refresh_from_db()
    assert intake_nprs.withdrawn_at is not None
    open_weeks = {a.schedule_week for a in Assignment.objects.filter(patient=patient).open()}
    assert open_weeks == {6, 12, 26}


def test_a_questionnaire_the_patient_began_is_never_withdrawn(patient):
    from ruggensteun.questionnaires.models import QuestionnaireResponse

    start = started_weeks_ago(patient, 3)
    intake_nprs = Assignment.objects.get(patient=patient, instrument="nprs", schedule_week=0)
    QuestionnaireResponse.start(intake_nprs, "nl")
    schedule_questionnaires(patient, today=start + timedelta(weeks=6))
    intake_nprs.refresh_from_db()
    assert intake_nprs.withdrawn_at is None


@pytest.mark.parametrize(
    ("answers", "extra"),
    [(STARTBACK_LOW, False), (STARTBACK_MEDIUM, True), (STARTBACK_HIGH, True)],
    ids=["low", "medium", "high"],
)
def test_a_medium_or_high_startback_at_intake_adds_the_fabq(client, patient, answers, extra):
    startback = Assignment.objects.get(patient=patient, instrument="startback", schedule_week=0)
    client.force_login(patient.user)
    client.post(reverse("questionnaires:start", args=[startback.pk]))
    for number in range(1, 10):
        client.post(
            reverse("questionnaires:step", args=[startback.pk, number]),
            {f"item_{number}": str(answers[str(number)]), "richting": "verder"},
        )
    key = startback.response.submission_key
    client.post(reverse("questionnaires:review", args=[startback.pk]), {"submission_key": key})
    fabq = Assignment.objects.filter(patient=patient, instrument="fabq", schedule_week=0)
    assert fabq.exists() == extra
    if extra:
        assert fabq.get().source == "intake" and fabq.get().due_on == timezone.localdate()


def test_the_practice_chooses_the_fear_questionnaire(patient):
    schedule = PracticeSchedule.default(patient.practice)
    schedule.fear_instrument = "tsk11"
    schedule.save()
    from tests.questionnaires.conftest import submitted

    Assignment.objects.filter(patient=patient, instrument="startback").delete()
    submitted(patient, "startback", STARTBACK_HIGH, schedule_week=0)
    schedule_questionnaires(patient)
    assert Assignment.objects.filter(patient=patient, instrument="tsk11").exists()
    assert not Assignment.objects.filter(patient=patient, instrument="fabq").exists()


def test_an_admin_edits_the_schedule_and_every_patient_follows(client, admin, patient):
    client.force_login(admin)
    url = reverse("questionnaires:practice_settings")
    data = {
        "action": "schedule",
        "follow_up_weeks": "5, 12",
        "fear_instrument": "",
        "week_0": ["startback", "nprs", "rmdq"],
        "week_12": ["nprs"],
    }
    assert client.post(url, data).status_code == 302
    schedule = PracticeSchedule.objects.get(practice=patient.practice)
    assert schedule.plan() == [
        (0, ["startback", "nprs", "rmdq"]),
        (5, ["nprs", "qbpds", "psk", "gpe"]),
        (12, ["nprs", "gpe"]),
    ]
    weeks = {
        (a.schedule_week, a.instrument) for a in Assignment.objects.filter(patient=patient).open()
    }
    assert (0, "rmdq") in weeks and (26, "nprs") not in weeks and (12, "gpe") in weeks
    assert (0, "qbpds") not in weeks  # untouched and due today: withdrawn
    html = client.get(url).content.decode()
    assert 'value="5, 12"' in html


@pytest.mark.parametrize("weeks", ["zes", "0", "200", "1,2,3,4,5,6,7,8,9"])
def test_impossible_follow_up_weeks_are_refused_in_dutch(client, admin, weeks):
    client.force_login(admin)
    page = client.post(
        reverse("questionnaires:practice_settings"),
        {"action": "schedule", "follow_up_weeks": weeks, "week_0": ["nprs"]},
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Gebruik hele weken" in html or "Kies hoogstens 8 vervolgmetingen" in html
    assert not PracticeSchedule.objects.exists()


def test_the_reminder_command_keeps_every_schedule_up_to_date(patient):
    Assignment.objects.filter(patient=patient).delete()
    committed(call_command)("send_questionnaire_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Assignment.objects.filter(patient=patient, schedule_week=0).count() == 4
    assert len(mail.outbox) == 1
