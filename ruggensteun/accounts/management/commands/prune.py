"""Remove what must not be kept (issue #14); a periodic job, daily (README, "Scheduled jobs").

- Expired sessions (Django's ``clearsessions``): a session row holds who is logged in.
- Login attempts (e-mail and IP addresses) older than the throttle window
  (LOGIN_THROTTLE_MINUTES) plus LOGIN_ATTEMPTS_MARGIN: the throttle counts only the window;
  the margin leaves the operator a day to look into a burst of failed logins.

Kept on purpose: the audit log (append-only by design; it lives as long as the records it
describes, docs/deployment.md) and everything of the medical record.

Other apps add their own step with ``register``, e.g. the task engine's finished task
records (django-tasks-db's ``prune_db_task_results``), from their AppConfig.ready, so that
one command and one timer prune everything.
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

from ruggensteun.accounts.models import LoginAttempt

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


def steps() -> list[Step]:
    return [prune_sessions, prune_login_attempts, *_registered]


class Command(BaseCommand):
    help = "Remove expired sessions and old login attempts (and what other apps register)."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        for step in steps():
            with transaction.atomic():
                what, count = step(now)
            self.stdout.write(f"Removed {count} {what}.")
