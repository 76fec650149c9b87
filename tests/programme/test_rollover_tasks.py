"""The nightly rollover as a fan-out (issues #14, #15): ``advance_programmes`` queues the
due programmes, PROGRAMMES_PER_TASK to a task, on the database task backend, the real
worker runs them, a task run twice (or two runs of the command) changes nothing twice, a
programme that fails holds up no other, and the run is recorded. Transactional tests: the
worker checks its connection the way it does in production, which a test inside one
never-committed transaction cannot allow."""

from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from ruggensteun.audit.models import AuditEvent
from ruggensteun.base.models import PeriodicRun
from ruggensteun.programme import planning
from ruggensteun.programme.models import Programme
from ruggensteun.programme.tasks import (
    OUTCOMES,
    advance_programme,
    advance_programmes_task,
    queue_advance,
)
from tests import personas
from tests.committed import work
from tests.programme.conftest import START, classify, log_week, next_monday

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def db_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def advance_tasks():
    # (The programme's start also queued its e-mail.)
    return DBTaskResult.objects.filter(
        task_path="ruggensteun.programme.tasks.advance_programmes_task"
    )


def outcomes(**counts):
    return {**dict.fromkeys(OUTCOMES, 0), **counts}


def rollover(day):
    out = StringIO()
    call_command("advance_programmes", "--date", day.isoformat(), stdout=out)
    return out.getvalue()


def test_a_task_for_the_due_programmes_and_the_worker_does_the_work(programme, week_one):
    log_week(programme.patient, week_one)
    monday = next_monday(week_one)
    assert "1 programme(s) queued" in rollover(monday)
    assert programme.plans.count() == 1  # nothing yet: the worker does it
    [task] = advance_tasks()
    assert task.args_kwargs["args"] == [[programme.pk], monday.isoformat()]
    work()
    assert programme.plans.count() == 2
    task.refresh_from_db()
    assert (task.status, task.return_value) == ("SUCCESSFUL", outcomes(started=1))
    assert PeriodicRun.objects.filter(name="advance_programmes").exists()


def test_two_runs_and_a_task_run_twice_start_the_week_once(programme, week_one):
    log_week(programme.patient, week_one)
    monday = next_monday(week_one)
    rollover(monday)
    rollover(monday)
    advance_programmes_task.enqueue([programme.pk], monday.isoformat())
    assert advance_tasks().count() == 3
    work()
    assert programme.plans.count() == 2
    assert AuditEvent.objects.filter(what="programme: week started").count() == 1
    answers = [task.return_value for task in advance_tasks()]
    assert sorted(answer["started"] for answer in answers) == [0, 0, 1]
    assert sorted(answer["unchanged"] for answer in answers) == [0, 1, 1]


def test_a_task_queued_before_the_tasks_took_many_programmes_still_runs(programme, week_one):
    log_week(programme.patient, week_one)
    task = advance_programme.enqueue(programme.pk, next_monday(week_one).isoformat())
    work()
    assert programme.plans.count() == 2
    assert DBTaskResult.objects.get(pk=task.id).return_value == "started"


def test_a_programme_paused_after_the_fan_out_is_left_alone(programme, week_one):
    log_week(programme.patient, week_one)
    rollover(next_monday(week_one))
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.PAUSED)
    work()
    assert programme.plans.count() == 1
    assert advance_tasks().get().return_value == outcomes(gone=1)


def started_programmes(practice, therapist, count):
    made = []
    for number in range(count):
        patient = personas.patient(practice, therapist, f"Patiënt {number}")
        classify(patient, therapist)
        made.append(
            planning.start_programme(patient, therapist, approve_each_week=False, today=START)
        )
    return made


def test_the_due_programmes_are_shared_out_in_tasks_of_a_few(practice, therapist):
    made = started_programmes(practice, therapist, 5)
    monday = START + timedelta(days=7)
    assert queue_advance(monday, per_task=2) == 5
    ids = [programme.pk for programme in made]
    assert sorted(task.args_kwargs["args"][0] for task in advance_tasks()) == [
        ids[0:2],
        ids[2:4],
        ids[4:5],
    ]
    work()
    assert all(programme.plans.count() == 2 for programme in made)
    totals = Counter()
    for task in advance_tasks():
        totals.update(task.return_value)
    assert totals == Counter(outcomes(started=5))


def test_a_programme_that_fails_holds_up_none_of_the_others(practice, therapist, monkeypatch):
    first, broken, last = started_programmes(practice, therapist, 3)
    # A fault the rollover does not expect (no real input makes the engine raise anything
    # but PlanInputError, which is "held"): the proposal of one programme's week raises.
    propose = planning.propose_next

    def failing(programme, *args, **kwargs):
        if programme.pk == broken.pk:
            raise RuntimeError("disk full")
        return propose(programme, *args, **kwargs)

    monkeypatch.setattr(planning, "propose_next", failing)
    queue_advance(START + timedelta(days=7))
    work()
    assert [first.plans.count(), broken.plans.count(), last.plans.count()] == [2, 1, 2]
    task = advance_tasks().get()
    assert task.status == "FAILED"
    assert f"programmes [{broken.pk}] failed" in task.exception_class_path + str(task.traceback)
