"""The reminder commands as a fan-out (issue #14): one task per patient on the database
task backend, the real worker sends, a second run or a task run twice sends nothing twice,
and each run is recorded. Transactional: the worker checks its connection as in
production."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ruggensteun.base.models import PeriodicRun
from ruggensteun.mydata.models import ReminderSettings
from ruggensteun.mydata.reminders import remind_task
from tests.committed import work
from tests.mydata.conftest import at
from tests.mydata.test_reminders import choose
from tests.mydata.test_reminders import exercising as exercising  # a fixture

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def db_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def daily(now):
    call_command(
        "send_daily_reminders",
        "--now",
        timezone.localtime(now).strftime("%Y-%m-%dT%H:%M"),
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )


def tasks(path):
    return DBTaskResult.objects.filter(task_path=path)


def test_daily_reminders_one_task_per_patient_and_one_email_however_often(exercising):
    reminders = choose(exercising)
    daily(at(8, 30))
    daily(at(8, 30))
    remind_task.enqueue(reminders.pk, at(8, 30).isoformat())
    assert tasks("ruggensteun.mydata.reminders.remind_task").count() == 3
    assert mail.outbox == []  # the command only queues
    work()  # the three reminder tasks, then the e-mail they queued
    daily_mails = [m for m in mail.outbox if "List-Unsubscribe" in m.extra_headers]
    assert [message.to for message in daily_mails] == [[exercising.user.email]]
    assert sorted(
        tasks("ruggensteun.mydata.reminders.remind_task").values_list("return_value", flat=True)
    ) == [False, False, True]
    assert ReminderSettings.objects.get(pk=reminders.pk).last_sent_on is not None
    assert PeriodicRun.objects.filter(name="send_daily_reminders").exists()


def test_questionnaire_reminders_one_task_per_patient_and_one_email(patient):
    for _ in range(2):
        call_command("send_questionnaire_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    queued = tasks("ruggensteun.questionnaires.reminders.remind_patient_task")
    # Both runs queue the patient's task (the claim is the task's): the second finds
    # nothing left to claim.
    assert queued.count() == 2
    work()
    assert [message.subject for message in mail.outbox] == ["Er staat een vragenlijst voor u klaar"]
    assert sorted(queued.values_list("return_value", flat=True)) == [False, True]
    assert PeriodicRun.objects.filter(name="send_questionnaire_reminders").exists()
