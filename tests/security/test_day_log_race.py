"""Issue #15: a tick and a check-in at the same moment on a day without a day log answered
500 (``UniqueViolation one_day_log_per_day``) and the patient's check-in was lost. Every
writer of a patient's day logs now takes the patient's lock first (``DayLog.objects.lock``).

Real parallel writers need PostgreSQL: SQLite lets one writer in at a time."""

import threading
import time
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from ruggensteun.diary.models import CheckIn
from ruggensteun.programme.models import DayLog
from ruggensteun.today import day as days
from ruggensteun.today.models import Tick
from tests.diary.conftest import calm_checkin, running  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor == "sqlite", reason="parallel writes need PostgreSQL"),
]

ROUNDS = 16
# The tick starts a little later each round, so the rounds sweep the check-in's request
# (about 40 ms) and some land between its reading and its writing of the day logs.
STEP_SECONDS = 0.004


def at_once(*jobs):
    """Runs the jobs in threads that start together; returns what each raised (or None)."""
    barrier = threading.Barrier(len(jobs))
    raised = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            job()
        except Exception as error:  # the test reports it
            raised[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return raised


def start_over(patient):
    DayLog.objects.filter(patient=patient).delete()
    Tick.objects.filter(patient=patient).delete()
    CheckIn.objects.filter(patient=patient).delete()


def test_a_tick_and_a_check_in_at_once_on_a_day_without_a_log_are_both_stored(
    patient,
    running,  # noqa: F811
):
    client = Client()
    client.force_login(patient.user)
    statuses = []
    for round_ in range(ROUNDS):
        start_over(patient)
        the_day = running.starts_on + timedelta(days=round_ % 7)

        def tick(the_day=the_day, wait=round_ * STEP_SECONDS):
            time.sleep(wait)
            days.tick(patient, running, the_day, Tick.Kind.WALK, "1")

        def check_in():
            response = client.post(reverse("diary:checkin"), calm_checkin(running))
            statuses.append(response.status_code)

        assert at_once(tick, check_in) == [None, None], f"round {round_}"
        checkin = CheckIn.objects.submitted().get(patient=patient)
        assert checkin.day_logs_filled, f"round {round_}: the check-in wrote no day"
        walked = Tick.objects.get(patient=patient, date=the_day).minutes
        assert DayLog.objects.get(patient=patient, date=the_day).walking_minutes >= walked
    assert statuses == [302] * ROUNDS


def test_two_check_ins_of_one_week_sent_at_once_are_both_kept(patient, running):  # noqa: F811
    """Two forms (two keys) of the same week, e.g. from a phone and a laptop."""

    def check_in(pain):
        def send():
            client = Client()
            client.force_login(patient.user)
            data = calm_checkin(running, pain=pain, submission_key=str(uuid.uuid4()))
            assert client.post(reverse("diary:checkin"), data).status_code == 302

        return send

    for round_ in range(ROUNDS // 2):
        start_over(patient)
        assert at_once(check_in(2), check_in(3)) == [None, None], f"round {round_}"
        assert CheckIn.objects.submitted().filter(patient=patient).count() == 2
        assert DayLog.objects.filter(patient=patient, pain__in=[2, 3]).count() == 7
