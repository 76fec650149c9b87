"""Remove what must not be kept (issue #14); a periodic job, daily (README, "Scheduled jobs").

- Expired sessions (Django's ``clearsessions``): a session row holds who is logged in.
- Login attempts (e-mail and IP addresses) older than the throttle window
  (LOGIN_THROTTLE_MINUTES) plus LOGIN_ATTEMPTS_MARGIN: the throttle counts only the window;
  the margin leaves the operator a day to look into a burst of failed logins.
- Finished task records (done or failed; their arguments name patients and e-mail
  addresses) TASK_RESULTS_KEEP_DAYS after they finished. A task still waiting or running is
  never touched, and a failed e-mail stays on the admin's page (base.MailFailure).

Kept on purpose: the audit log (append-only by design; it lives as long as the records it
describes, docs/deployment.md) and everything of the medical record.

Other apps add their own step with ``register`` from their AppConfig.ready, so that one
command and one timer prune everything. A run records its success (``prune`` is a periodic
job that /gezond/ watches).
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ruggensteun.accounts.models import LoginAttempt
from ruggensteun.base.periodic import record_success

LOGIN_ATTEMPTS_MARGIN = timedelta(hours=24)

# A step gets "now" and answers (what it removed, how many).
Step = Callable[[datetime], tuple[str, int]]
_registered: list[Step] = []


def register(step: Step) -> Step:
    """Add a pruning step of another app (call it from that app's AppConfig.ready)."""
    if step not in _registered:
        _registered.append(step)
    return step


def prune_sessions(now: datetime) -> tuple[str, int]:
    expired = 0
    if settings.SESSION_ENGINE in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ):
        expired = Session.objects.filter(expire_date__lt=now).count()
    # What `manage.py clearsessions` does, for any session engine.
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return "expired sessions", expired


def prune_login_attempts(now: datetime) -> tuple[str, int]:
    cutoff = now - timedelta(minutes=settings.LOGIN_THROTTLE_MINUTES) - LOGIN_ATTEMPTS_MARGIN
    removed, _ = LoginAttempt.objects.filter(at__lt=cutoff).delete()
    return "login attempts", removed


def prune_task_results(now: datetime) -> tuple[str, int]:
    cutoff = now - timedelta(days=settings.TASK_RESULTS_KEEP_DAYS)
    removed, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return "finished task records", removed


def steps() -> list[Step]:
    return [prune_sessions, prune_login_attempts, prune_task_results, *_registered]


class Command(BaseCommand):
    help = (
        "Remove expired sessions, old login attempts and old finished task records "
        "(and what other apps register)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        for step in steps():
            with transaction.atomic():
                what, count = step(now)
            self.stdout.write(f"Removed {count} {what}.")
        record_success("prune")
