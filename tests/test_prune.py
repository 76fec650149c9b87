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
