"""Nightly work that scales (issue #15): the three periodic commands choose in SQL whom they
queue a task for, so their query count does not grow with the number of patients, and they
leave out who has nothing to do: a programme in the middle of its week or waiting for
approval, a discharged patient, a blocked account, a patient whose chosen time has not come
(or passed more than SEND_WINDOW ago). The tasks go to the database backend, as in
production, and are not run here: what is measured is the command's own work."""

from datetime import time, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from ruggensteun.mydata.models import ReminderSettings
from ruggensteun.mydata.reminders import queue_daily_reminders
from ruggensteun.programme import planning
from ruggensteun.programme.models import WeeklyPlan
from ruggensteun.questionnaires.models import Assignment
from ruggensteun.questionnaires.reminders import queue_reminders
from ruggensteun.workspace.discharge import close_episode
from tests import personas
from tests.committed import committed
from tests.mydata.conftest import at
from tests.programme.conftest import START, classify


@pytest.fixture
def db_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queued(task_path):
    return DBTaskResult.objects.filter(task_path=task_path)


def patients(practice, therapist, count, name="Patiënt"):
    return [personas.patient(practice, therapist, f"{name} {n}") for n in range(count)]


def programmes(practice, therapist, count, **options):
    made = []
    for patient in patients(practice, therapist, count):
        classify(patient, therapist)
        made.append(
            planning.start_programme(
                patient, therapist, approve_each_week=False, today=START, **options
            )
        )
    return made


def rollover(day):
    out = StringIO()
    call_command("advance_programmes", "--date", day.isoformat(), stdout=out)
    return out.getvalue()


ADVANCE = "ruggensteun.programme.tasks.advance_programmes_task"
REMIND = "ruggensteun.questionnaires.reminders.remind_patient_task"
DAILY = "ruggensteun.mydata.reminders.remind_task"


# --- advance_programmes -------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 10])
def test_the_rollover_queues_every_due_programme_in_a_fixed_number_of_queries(
    practice, therapist, db_queue, django_assert_num_queries, count
):
    made = programmes(practice, therapist, count)
    # Select the due programmes, insert the tasks (one batch), record the run (2 queries
    # and 4 savepoints of update_or_create).
    with django_assert_num_queries(8):
        assert f"{count} programme(s) queued" in rollover(START + timedelta(days=7))
    assert [task.args_kwargs["args"][0] for task in queued(ADVANCE)] == [
        [programme.pk for programme in made]
    ]


def test_the_rollover_shares_the_programmes_out_as_asked(practice, therapist, db_queue):
    from django.core.management.base import CommandError

    made = programmes(practice, therapist, 3)
    monday = (START + timedelta(days=7)).isoformat()
    with pytest.raises(CommandError, match="--per-task must be 1 or more"):
        call_command("advance_programmes", "--date", monday, "--per-task", "0")
    call_command("advance_programmes", "--date", monday, "--per-task", "2", stdout=StringIO())
    assert sorted(task.args_kwargs["args"][0] for task in queued(ADVANCE)) == [
        [made[0].pk, made[1].pk],
        [made[2].pk],
    ]


def test_a_programme_in_the_middle_of_its_week_is_not_queued(practice, therapist, db_queue):
    [programme] = programmes(practice, therapist, 1)
    for day in range(7):  # days 1-7 of week 1: the week has not ended
        assert "0 programme(s) queued" in rollover(START + timedelta(days=day))
    assert not queued(ADVANCE).exists()
    assert "1 programme(s) queued" in rollover(START + timedelta(days=7))
    assert queued(ADVANCE).get().args_kwargs["args"] == [[programme.pk], "2026-03-09"]


def test_a_programme_weeks_behind_is_queued_and_one_waiting_for_approval_is_not(
    practice, therapist, db_queue
):
    behind, waiting = programmes(practice, therapist, 2)
    WeeklyPlan.objects.create(
        programme=waiting,
        week=2,
        starts_on=START + timedelta(days=7),
        status=WeeklyPlan.Status.PROPOSED,
        plan=waiting.plans.get(week=1).plan,
        decision=WeeklyPlan.Decision.HOLD,
    )
    assert "1 programme(s) queued" in rollover(START + timedelta(days=30))
    assert queued(ADVANCE).get().args_kwargs["args"][0] == [behind.pk]


@pytest.mark.parametrize("count", [1, 3])
def test_a_task_reads_its_programmes_and_their_profiles_once_for_all(practice, therapist, count):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ruggensteun.programme.tasks import advance_programmes_task

    made = programmes(practice, therapist, count)
    with CaptureQueriesContext(connection) as captured:
        answers = advance_programmes_task.call(
            [programme.pk for programme in made], (START + timedelta(days=7)).isoformat()
        )
    assert answers["started"] == count
    read_once = (
        '"programme_programme"."approve_each_week"',  # the active programmes with patients
        'FROM "intake_intake"',
        'FROM "programme_exercisepreference"',
        'FROM "programme_fearrating"',
        'FROM "programme_exercisefeedback"',
        'FROM "programme_directionalpreference"',
    )
    selects = [query["sql"] for query in captured if query["sql"].startswith("SELECT")]
    assert [sum(part in sql and "IN (" in sql for sql in selects) for part in read_once] == [
        1
    ] * len(read_once)


# --- send_questionnaire_reminders ---------------------------------------------------------


@pytest.mark.parametrize("count", [2, 10])
def test_questionnaire_reminders_are_queued_in_a_fixed_number_of_queries(
    practice, therapist, db_queue, django_assert_num_queries, count
):
    patients(practice, therapist, count)
    # Select what is due (one query, lockdowns and discharges as subqueries), insert (1).
    with django_assert_num_queries(2):
        assert queue_reminders() == count
    assert queued(REMIND).count() == count


def test_a_discharged_patient_is_neither_scheduled_nor_reminded(practice, therapist, patient):
    other = personas.patient(practice, therapist, "Bert Blijft")
    close_episode(
        patient, by=therapist, discharged_on=START, reason="goals_reached", summary="Klaar."
    )
    Assignment.objects.filter(patient=patient).delete()
    committed(call_command)("send_questionnaire_reminders", stdout=StringIO())
    assert [message.to for message in mail.outbox] == [[other.user.email]]
    assert not Assignment.objects.filter(patient=patient).exists()  # not scheduled again

    # Reopening the episode brings the patient back the next run.
    patient.discharges.get().reopen(by=therapist, reason="Terug met klachten.")
    committed(call_command)("send_questionnaire_reminders", stdout=StringIO())
    assert mail.outbox[-1].to == [patient.user.email]


def test_a_blocked_account_is_not_scheduled(practice, therapist, patient):
    Assignment.objects.filter(patient=patient).delete()
    patient.user.is_active = False
    patient.user.save()
    committed(call_command)("send_questionnaire_reminders", stdout=StringIO())
    assert not Assignment.objects.filter(patient=patient).exists()
    assert not mail.outbox


# --- send_daily_reminders -----------------------------------------------------------------


def choose_all(people, send_at=time(8, 0)):
    for person in people:
        ReminderSettings.objects.for_patient(person).choose(
            programme_email=True, questionnaire_email=True, send_at=send_at
        )


@pytest.mark.parametrize("count", [2, 10])
def test_daily_reminders_are_queued_in_a_fixed_number_of_queries(
    practice, therapist, db_queue, django_assert_num_queries, count
):
    people = patients(practice, therapist, count)
    choose_all(people)
    choose_all(patients(practice, therapist, count, "Later"), send_at=time(12, 0))  # not yet
    with django_assert_num_queries(2):  # select in SQL, insert (1)
        assert queue_daily_reminders(at(8, 30)) == count
    assert queued(DAILY).count() == count


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ((7, 59), 0),  # before the chosen time
        ((8, 0), 1),  # at it
        ((10, 59), 1),  # within SEND_WINDOW (3 hours)
        ((11, 0), 0),  # the window has passed
    ],
)
def test_the_send_time_is_chosen_in_sql(patient, db_queue, now, expected):
    choose_all([patient])
    assert queue_daily_reminders(at(*now)) == expected


def test_a_window_does_not_run_past_midnight(patient, db_queue):
    choose_all([patient], send_at=time(23, 0))
    assert queue_daily_reminders(at(23, 30)) == 1
    assert queue_daily_reminders(at(0, 30, days=1)) == 0
    assert queue_daily_reminders(at(1, 0)) == 0


def test_a_discharged_patient_gets_no_daily_reminder(patient, therapist, db_queue):
    choose_all([patient])
    close_episode(
        patient, by=therapist, discharged_on=START, reason="goals_reached", summary="Klaar."
    )
    assert queue_daily_reminders(at(8, 30)) == 0
