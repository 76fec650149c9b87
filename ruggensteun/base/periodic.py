"""Each periodic job records when it last succeeded (issue #14), so /gezond/ can say that
cron or a timer stopped before anyone misses a reminder. The jobs and their intervals are
settings.PERIODIC_JOBS (README, "Scheduled jobs")."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Min
from django.utils import timezone

from ruggensteun.base.models import PeriodicRun


def record_success(name: str, now: datetime | None = None) -> None:
    """The job ``name`` has just done its work (for a fan-out: queued every task)."""
    if name not in settings.PERIODIC_JOBS:
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
    """Every job of settings.PERIODIC_JOBS; late when it has not succeeded within twice its
    interval. A job that never ran counts from the installation (the first migration), so a
    fresh installation is not reported before its jobs could have run. Two queries."""
    now = now or timezone.now()
    runs = dict(PeriodicRun.objects.values_list("name", "succeeded_at"))
    installed = None
    if len(runs) < len(settings.PERIODIC_JOBS):
        installed = MigrationRecorder.Migration.objects.aggregate(at=Min("applied"))["at"]
    states = []
    for name, minutes in settings.PERIODIC_JOBS.items():
        since = runs.get(name) or installed or now
        states.append(JobState(name, runs.get(name), now - since > timedelta(minutes=2 * minutes)))
    return states
