"""manage.py prune: expired sessions and old login attempts go; the audit log stays."""

from datetime import timedelta
from io import StringIO

import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command

from ruggensteun.accounts.management.commands import prune
from ruggensteun.accounts.models import LoginAttempt
from ruggensteun.audit.log import Action, record
from ruggensteun.audit.models import AuditEvent
from tests.clock import NOW


def run() -> str:
    out = StringIO()
    call_command("prune", stdout=out)
    return out.getvalue()


def session(expires_in: timedelta) -> str:
    store = SessionStore()
    store["_auth_user_id"] = "1"
    store.set_expiry(NOW + expires_in)
    store.create()
    return store.session_key


def test_expired_sessions_go_and_live_ones_stay(db):
    expired = session(-timedelta(minutes=1))
    live = session(timedelta(minutes=20))

    out = run()

    assert list(Session.objects.values_list("session_key", flat=True)) == [live]
    assert expired != live
    assert "Removed 1 expired sessions." in out


def test_login_attempts_go_after_the_throttle_window_and_a_day(db, settings):
    settings.LOGIN_THROTTLE_MINUTES = 15
    keep_until = timedelta(minutes=15) + timedelta(hours=24)

    def attempt(age: timedelta, email: str) -> None:
        LoginAttempt.objects.create(email=email, ip_address="192.0.2.7", at=NOW - age)

    attempt(timedelta(minutes=3), "counting@example.org")  # still counts for the throttle
    attempt(keep_until - timedelta(minutes=1), "margin@example.org")  # within the margin
    attempt(keep_until + timedelta(minutes=1), "old@example.org")
    attempt(timedelta(days=400), "ancient@example.org")

    out = run()

    assert sorted(LoginAttempt.objects.values_list("email", flat=True)) == [
        "counting@example.org",
        "margin@example.org",
    ]
    assert "Removed 2 login attempts." in out

    # Two days later the rest has gone too: the clock decides, not the number of runs.
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        run()
    assert not LoginAttempt.objects.exists()


def test_a_longer_throttle_window_keeps_attempts_longer(db, settings):
    settings.LOGIN_THROTTLE_MINUTES = 60 * 24
    LoginAttempt.objects.create(email="a@example.org", at=NOW - timedelta(hours=30))
    run()
    assert LoginAttempt.objects.count() == 1


def test_the_audit_log_is_kept(db, practice):
    with time_machine.travel(NOW - timedelta(days=3 * 365), tick=False):
        record(None, Action.VIEW, "an old entry", practice=practice)
    record(None, Action.VIEW, "a new entry", practice=practice)

    run()

    assert AuditEvent.objects.count() == 2


def test_another_app_registers_its_own_step(db, monkeypatch):
    seen = []

    def finished_tasks(now):
        seen.append(now)
        return "finished task records", 7

    monkeypatch.setattr(prune, "_registered", [])
    prune.register(finished_tasks)
    prune.register(finished_tasks)  # once only

    out = run()

    assert "Removed 7 finished task records." in out
    assert len(seen) == 1 and abs(seen[0] - NOW) < timedelta(minutes=1)


def finished_task(status, finished_ago, *, task_path="ruggensteun.base.mail.send_email_task"):
    from django_tasks_db.models import DBTaskResult, get_date_max

    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path=task_path,
        backend_name="default",
        run_after=get_date_max(),
        finished_at=None if finished_ago is None else NOW - finished_ago,
    ).pk


def test_finished_task_records_go_after_the_days_set_and_waiting_ones_stay(db, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASK_RESULTS_KEEP_DAYS = 14
    keep = [
        finished_task("SUCCESSFUL", timedelta(days=13, hours=23)),
        finished_task("FAILED", timedelta(days=13)),
        finished_task("READY", None),
        finished_task("RUNNING", None),
    ]
    finished_task("SUCCESSFUL", timedelta(days=14, minutes=1))
    finished_task("FAILED", timedelta(days=90))

    out = run()

    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == set(keep)
    assert "Removed 2 finished task records." in out

    settings.TASK_RESULTS_KEEP_DAYS = 1
    run()
    assert DBTaskResult.objects.count() == 2  # the waiting and the running one


def test_a_run_is_recorded_for_the_health_check(db):
    from ruggensteun.base.models import PeriodicRun

    run()
    assert PeriodicRun.objects.filter(name="prune").exists()
