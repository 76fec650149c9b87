"""The nightly rollover as a fan-out (issue #14): ``advance_programmes`` queues one task
per active programme on the database task backend, the real worker runs them, a task run
twice (or two runs of the command) changes nothing twice, and the run is recorded.
Transactional tests: the worker checks its connection the way it does in production, which
a test inside one never-committed transaction cannot allow."""

from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from ruggensteun.audit.models import AuditEvent
from ruggensteun.base.models import PeriodicRun
from ruggensteun.programme.models import Programme
from ruggensteun.programme.tasks import advance_programme
from tests.committed import work
from tests.programme.conftest import log_week, next_monday

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def db_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def advance_tasks():
    # (The programme's start also queued its e-mail.)
    return DBTaskResult.objects.filter(task_path="ruggensteun.programme.tasks.advance_programme")


def rollover(day):
    out = StringIO()
    call_command("advance_programmes", "--date", day.isoformat(), stdout=out)
    return out.getvalue()


def test_one_task_per_programme_and_the_worker_does_the_work(programme, week_one):
    log_week(programme.patient, week_one)
    monday = next_monday(week_one)
    assert "1 programme(s) queued" in rollover(monday)
    assert programme.plans.count() == 1  # nothing yet: the worker does it
    [task] = advance_tasks()
    assert task.args_kwargs["args"] == [programme.pk, monday.isoformat()]
    work()
    assert programme.plans.count() == 2
    task.refresh_from_db()
    assert (task.status, task.return_value) == ("SUCCESSFUL", "started")
    assert PeriodicRun.objects.filter(name="advance_programmes").exists()


def test_two_runs_and_a_task_run_twice_start_the_week_once(programme, week_one):
    log_week(programme.patient, week_one)
    monday = next_monday(week_one)
    rollover(monday)
    rollover(monday)
    advance_programme.enqueue(programme.pk, monday.isoformat())
    assert advance_tasks().count() == 3
    work()
    assert programme.plans.count() == 2
    assert AuditEvent.objects.filter(what="programme: week started").count() == 1
    assert sorted(advance_tasks().values_list("return_value", flat=True)) == [
        "started",
        "unchanged",
        "unchanged",
    ]


def test_a_programme_paused_after_the_fan_out_is_left_alone(programme, week_one):
    log_week(programme.patient, week_one)
    rollover(next_monday(week_one))
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.PAUSED)
    work()
    assert programme.plans.count() == 1
    assert advance_tasks().get().return_value == "gone"
