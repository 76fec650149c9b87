"""The nightly rollover as tasks (issue #14): ``manage.py advance_programmes`` queues one
task per active programme and the workers advance them, each on its own, so one programme
the engine refuses holds up no other and several workers share the night's work.

Idempotent: ``planning.advance`` locks the programme and proposes a week once, so a task
that runs twice (or two runs of the command on one night) changes nothing twice."""

import logging
from datetime import date

from django.utils import timezone
from django_tasks import task

from ruggensteun.clinical.programme import plan_io
from ruggensteun.intake.status import programme_clearance
from ruggensteun.programme.inputs import ProfileIncomplete
from ruggensteun.programme.models import Programme, WeeklyPlan
from ruggensteun.programme.planning import advance

logger = logging.getLogger(__name__)


@task()
def advance_programme(programme_id: int, today: str) -> str:
    """Advance one programme as of ``today`` (ISO date); returns what happened in a word:
    "started", "waiting", "unchanged", "held" or "gone"."""
    programme = (
        Programme.objects.active()
        .select_related("patient__user", "patient__practice")
        .filter(pk=programme_id)
        .first()
    )
    if programme is None:
        return "gone"  # ended or paused since the fan-out
    if not programme_clearance(programme.patient).allowed:
        return "held"
    try:
        plans = advance(programme, date.fromisoformat(today))
    except ProfileIncomplete:
        return "held"
    except plan_io.PlanInputError:
        logger.exception("programme %s: the engine refused the input", programme.pk)
        return "held"
    if not plans:
        return "unchanged"
    return "waiting" if plans[-1].status == WeeklyPlan.Status.PROPOSED else "started"


def queue_advance(today: date | None = None) -> int:
    """One task per active programme; returns how many were queued."""
    today = today or timezone.localdate()
    ids = list(Programme.objects.active().order_by("pk").values_list("pk", flat=True))
    for programme_id in ids:
        advance_programme.enqueue(programme_id, today.isoformat())
    return len(ids)
