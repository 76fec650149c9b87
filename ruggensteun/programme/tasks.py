"""The nightly rollover as tasks (issue #14): ``manage.py advance_programmes`` queues one
task per active programme whose week has ended (``due_programmes``, chosen in SQL, issue
#15) and the workers advance them, each on its own, so one programme
the engine refuses holds up no other and several workers share the night's work.

Idempotent: ``planning.advance`` locks the programme and proposes a week once, so a task
that runs twice (or two runs of the command on one night) changes nothing twice."""

import logging
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django_tasks import task

from ruggensteun.base.fanout import enqueue_many
from ruggensteun.clinical.programme import plan_io
from ruggensteun.intake.status import programme_clearance
from ruggensteun.programme.inputs import ProfileIncomplete
from ruggensteun.programme.models import DAYS_PER_WEEK, Programme, WeeklyPlan
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


def due_programmes(today: date) -> QuerySet[Programme]:
    """The active programmes that have something to do as of ``today``, chosen in SQL by
    the rules of ``planning.advance``: no proposed week waits for the therapist, and the
    newest week (by number) has ended (``WeeklyPlan.has_ended``: it started at least 7
    days ago). Every other programme would come back "unchanged" from ``advance``, so a
    night when no week ends locks and loads nothing."""
    newest_start = Subquery(
        WeeklyPlan.objects.filter(programme=OuterRef("pk"))
        .order_by("-week")
        .values("starts_on")[:1]
    )
    waiting = WeeklyPlan.objects.filter(programme=OuterRef("pk"), status=WeeklyPlan.Status.PROPOSED)
    return (
        Programme.objects.active()
        .annotate(newest_start=newest_start)
        .filter(newest_start__lte=today - timedelta(days=DAYS_PER_WEEK))
        .exclude(Exists(waiting))
    )


def queue_advance(today: date | None = None) -> int:
    """One task per programme with a week due (``due_programmes``); returns how many were
    queued. Two queries, whatever the number of programmes (up to 1,000 tasks a batch)."""
    today = today or timezone.localdate()
    ids = due_programmes(today).order_by("pk").values_list("pk", flat=True)
    return enqueue_many(advance_programme, ((pk, today.isoformat()) for pk in ids))
