"""The nightly rollover as tasks (issue #14): ``manage.py advance_programmes`` queues the
active programmes whose week has ended (``due_programmes``, chosen in SQL, issue #15),
PROGRAMMES_PER_TASK to a task, and the workers advance them, each programme on its own,
so one programme the engine refuses or that fails holds up no other, and several workers
share the night's work.

Idempotent: ``planning.advance`` locks the programme and proposes a week once, so a task
that runs twice (or two runs of the command on one night) changes nothing twice."""

import logging
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django_tasks import task

from ruggensteun.base.fanout import enqueue_many
from ruggensteun.clinical.programme import plan_io
from ruggensteun.intake.models import TriageAssessment
from ruggensteun.intake.status import current_classification, programme_clearance
from ruggensteun.programme.inputs import (
    ProfileIncomplete,
    ProfileReads,
    build_profile,
    profile_reads,
)
from ruggensteun.programme.models import DAYS_PER_WEEK, Programme, WeeklyPlan
from ruggensteun.programme.planning import advance

logger = logging.getLogger(__name__)

# Programmes per task (issue #15, the night every week ends at 100,000 patients): a task's
# own bookkeeping in the queue (claiming it, recording its result) cost about 8 ms, a third
# of advancing one programme (24 ms); shared by 25 it is a fraction of a millisecond each,
# and the 62,125 programmes of that night are still 2,485 tasks for the workers to share.
PROGRAMMES_PER_TASK = 25
OUTCOMES = ("started", "waiting", "unchanged", "held", "gone")


class RolloverFailed(Exception):
    """Some programmes of a task failed in a way the rollover does not expect (each is
    logged with its traceback); the others were advanced."""

    def __init__(self, failed: list[int], outcomes: dict[str, int]) -> None:
        super().__init__(f"programmes {failed} failed; the others: {outcomes}")
        self.failed = failed


@task()
def advance_programmes_task(programme_ids: list[int], today: str) -> dict[str, int]:
    """Advance each of ``programme_ids`` as of ``today`` (ISO date), each in transactions
    of its own; returns how many ended how (OUTCOMES). A programme that raises is logged
    and the others go on; the task then fails naming it (RolloverFailed), and the next
    night's run queues it again."""
    outcomes = dict.fromkeys(OUTCOMES, 0)
    failed = []
    # What each programme needs that does not change with the week, read together.
    programmes = active_programmes(programme_ids)
    reads = profile_reads([programme.patient_id for programme in programmes.values()])
    for programme_id in programme_ids:
        programme = programmes.get(programme_id)
        patient_reads = reads.get(programme.patient_id) if programme else None
        try:
            outcomes[advance_one(programme, today, patient_reads)] += 1
        except Exception:
            logger.exception("programme %s: the rollover failed", programme_id)
            failed.append(programme_id)
    if failed:
        raise RolloverFailed(failed, outcomes)
    return outcomes


@task()
def advance_programme(programme_id: int, today: str) -> str:
    """One programme (``advance_one``): the task as it was queued before
    PROGRAMMES_PER_TASK, for tasks still waiting in the queue when that version landed."""
    return advance_one(active_programmes([programme_id]).get(programme_id), today)


def active_programmes(programme_ids: list[int]) -> dict[int, Programme]:
    """Those of ``programme_ids`` still active, by id, with their patients."""
    return (
        Programme.objects.active()
        .select_related("patient__user", "patient__practice")
        .in_bulk(programme_ids)
    )


def advance_one(programme: Programme | None, today: str, reads: ProfileReads | None = None) -> str:
    """Advance one programme (None: no longer active) as of ``today`` (ISO date); returns
    what happened in a word (OUTCOMES): "started", "waiting", "unchanged", "held" or
    "gone". ``reads``: the patient's ``profile_reads``, when the caller has them."""
    if programme is None:
        return "gone"  # ended or paused since the fan-out
    # The latest assessment, read once for the clearance and the classification.
    patient = programme.patient
    latest = TriageAssessment.objects.latest_for(patient)
    if not programme_clearance(patient, latest=latest).allowed:
        return "held"
    try:
        profile = build_profile(patient, current_classification(patient, latest=latest), reads)
        plans = advance(programme, date.fromisoformat(today), profile=profile)
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


def queue_advance(today: date | None = None, per_task: int = PROGRAMMES_PER_TASK) -> int:
    """A task per ``per_task`` programmes with a week due (``due_programmes``); returns how
    many programmes were queued. Two queries, whatever the number of programmes (up to
    1,000 tasks a batch)."""
    today = today or timezone.localdate()
    ids = list(due_programmes(today).order_by("pk").values_list("pk", flat=True))
    chunks = (ids[start : start + per_task] for start in range(0, len(ids), per_task))
    enqueue_many(advance_programmes_task, ((chunk, today.isoformat()) for chunk in chunks))
    return len(ids)
