"""Each periodic job records when it last succeeded (issue #14), so /gezond/ can say that
cron or a timer stopped before anyone misses a reminder.

The registry of periodic jobs is settings.PERIODIC_JOBS: each is a ``manage.py`` command
of the same name with its interval in minutes (an environment variable each, README,
"Scheduled jobs"). ``registered_jobs`` reads it; ``record_success`` refuses a name that is
not registered and /gezond/ watches every registered one, so a new job is one line there
and one ``record_success`` call in its command."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Min
from django.utils import timezone

from ruggensteun.base.models import PeriodicRun


def registered_jobs() -> dict[str, int]:
    """Every periodic job (its command's name) and its interval in minutes."""
    return dict(settings.PERIODIC_JOBS)


def record_success(name: str, now: datetime | None = None) -> None:
    """The job ``name`` has just done its work (for a fan-out: queued every task)."""
    if name not in registered_jobs():
        raise ValueError(f"{name} is not in settings.PERIODIC_JOBS")
    PeriodicRun.objects.update_or_create(
        name=name, defaults={"succeeded_at": now or timezone.now()}
    )


@dataclass(frozen=True)
class JobState:
    name: str
    succeeded_at: datetime | None
    late: bool


def job_states(now: datetime | None = None) -> list[JobState]:
    """Every registered job; late when it has not succeeded within twice its
    interval. A job that never ran counts from the installation (the first migration), so a
    fresh installation is not reported before its jobs could have run. Two queries."""
    now = now or timezone.now()
    jobs = registered_jobs()
    runs = dict(PeriodicRun.objects.filter(name__in=jobs).values_list("name", "succeeded_at"))
    installed = None
    if len(runs) < len(jobs):
        installed = MigrationRecorder.Migration.objects.aggregate(at=Min("applied"))["at"]
    states = []
    for name, minutes in jobs.items():
        since = runs.get(name) or installed or now
        states.append(JobState(name, runs.get(name), now - since > timedelta(minutes=2 * minutes)))
    return states
