"""The patient's day: what this week's plan asks of today, what has been ticked off, and
how a tick writes the programme's ``DayLog`` (which the weekly plan engine reads).

Choices where issue 6 is silent:

- **Walks.** The day's goal (``minutes_per_day`` in ``walks_per_day`` walks) is split into
  walks of whole minutes, the longer ones first (16 minutes in 3 walks: 6, 5, 5). Each walk
  has its own tick, which adds its minutes to ``DayLog.walking_minutes``. A walk of the
  patient's own length ("ik heb anders gewandeld") adds the minutes they give.
- **Exercises.** The day's exercises are the plan's exercises that still need days this
  week: done on fewer days than their ``days_per_week`` before today. When every one of
  them is ticked, the day counts as one exercise session (``DayLog.exercise_sessions``
  + 1), as the engine counts it: "doing the day's exercises once; a day counts once".
  Exercises whose days are all done this week may still be done and ticked ("extra").
- **Exposure step.** Ticking it sets ``DayLog.exposure_done``.
- **Undo.** A tick can be undone the same day; the row stays with ``undone_at`` set, and
  the day log is changed back (minutes taken off, the session taken back when the day's
  exercises are no longer all ticked, the exposure step unknown again).
- The day log is changed by adding and subtracting in the database (``F`` expressions),
  never overwritten, so what the weekly check-in wrote for the same day is kept.
"""

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from ruggensteun.base.numbers import parse_int
from ruggensteun.clinical.programme import plan_io
from ruggensteun.clinical.programme.exercises import Exercise
from ruggensteun.clinical.programme.exposure import (
    ExposureActivity,
    ExposureGuidance,
    get_exposure_activity,
    load_exposure_guidance,
)
from ruggensteun.patients.models import Patient
from ruggensteun.programme.models import DayLog, ExerciseFeedback, WeeklyPlan
from ruggensteun.today.models import Tick

MINUTES_PER_DAY = 24 * 60
# "Asked the next day": a "too painful" stays open for this many days, then it is let go.
NEXT_DAY_QUESTION_DAYS = 7


class NotInPlan(ValueError):
    """The thing to tick is not part of today's plan."""


def split_walks(minutes_per_day: int, walks_per_day: int) -> tuple[int, ...]:
    """Whole-minute walks that add up to the goal, the longer ones first."""
    base, longer = divmod(minutes_per_day, walks_per_day)
    return tuple(base + 1 if number < longer else base for number in range(walks_per_day))


@dataclass(frozen=True)
class Walk:
    number: int
    minutes: int
    done: bool


@dataclass(frozen=True)
class DayExercise:
    planned: plan_io.PlannedExercise
    name: str
    dose: str  # e.g. "3 x 10 keer, 60 seconden rust" (with a real multiplication sign)
    short_dose: str  # the same without the rest: "3 x 10 keer"
    done_today: bool
    # Days it was done this week, today included.
    days_done: int
    # Still needed this week (so part of today's session).
    due: bool

    @property
    def exercise(self) -> Exercise:
        return self.planned.exercise

    @property
    def id(self) -> str:
        return self.planned.id


@dataclass(frozen=True)
class ExposureToday:
    activity: ExposureActivity
    name: str
    # The activity's small steps, easiest first, in the patient's language.
    steps: tuple[str, ...]
    # How each step is done (agreed with the therapist, without tricks, the question after it).
    guidance: ExposureGuidance
    done: bool


@dataclass(frozen=True)
class Day:
    date: date
    plan: WeeklyPlan
    day_number: int | None
    walks: tuple[Walk, ...]
    own_walk_minutes: int
    exercises: tuple[DayExercise, ...]
    exposure: ExposureToday | None

    @property
    def engine_plan(self) -> plan_io.WeeklyPlan:
        return self.plan.engine_plan

    @property
    def walking_goal(self) -> int:
        return self.engine_plan.walking.minutes_per_day

    @property
    def walked_minutes(self) -> int:
        return sum(walk.minutes for walk in self.walks if walk.done) + self.own_walk_minutes

    @property
    def walked_percent(self) -> int:
        """How much of the walking goal is done, 0-100."""
        return min(100, round(100 * self.walked_minutes / self.walking_goal))

    @property
    def walks_done(self) -> int:
        return sum(1 for walk in self.walks if walk.done)

    @property
    def walk_lengths(self) -> tuple[int, int]:
        """The shortest and the longest planned walk."""
        lengths = [walk.minutes for walk in self.walks]
        return min(lengths), max(lengths)

    @property
    def due_exercises(self) -> tuple[DayExercise, ...]:
        return tuple(e for e in self.exercises if e.due)

    @property
    def due_done(self) -> int:
        return sum(1 for e in self.exercises if e.due and e.done_today)

    @property
    def session_done(self) -> bool:
        return _complete({e.id for e in self.exercises if e.done_today}, self._due_ids())

    def _due_ids(self) -> set[str]:
        return {e.id for e in self.exercises if e.due}

    def exercise(self, exercise_id: str) -> DayExercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)


def _complete(ticked: set[str], due: set[str]) -> bool:
    return bool(ticked) and due <= ticked


def current_plan(patient: Patient) -> WeeklyPlan | None:
    """The week in force (of an active or paused programme)."""
    return WeeklyPlan.objects.current_for(patient)


def _days_done_before(patient: Patient, plan: WeeklyPlan, day: date) -> Counter[str]:
    rows = (
        Tick.objects.standing()
        .filter(
            patient=patient,
            kind=Tick.Kind.EXERCISE,
            date__gte=plan.starts_on,
            date__lt=day,
        )
        .values("item")
        .annotate(days=Count("date", distinct=True))
        .order_by()
    )
    return Counter({row["item"]: row["days"] for row in rows})


def load_day(patient: Patient, plan: WeeklyPlan, day: date, language: str) -> Day:
    """Today's plan with what has been ticked (two queries, whatever the plan's size)."""
    engine_plan = plan.engine_plan
    ticks = list(Tick.objects.on(patient, day))
    done = {(tick.kind, tick.item) for tick in ticks}
    before = _days_done_before(patient, plan, day)
    lengths = split_walks(engine_plan.walking.minutes_per_day, engine_plan.walking.walks_per_day)
    walks = tuple(
        Walk(number=n, minutes=minutes, done=(Tick.Kind.WALK, str(n)) in done)
        for n, minutes in enumerate(lengths, start=1)
    )
    own = sum(
        tick.minutes or 0
        for tick in ticks
        if tick.kind == Tick.Kind.WALK and tick.item.startswith("extra-")
    )
    exercises = []
    for planned in engine_plan.exercises:
        ticked = (Tick.Kind.EXERCISE, planned.id) in done
        exercises.append(
            DayExercise(
                planned=planned,
                name=planned.exercise.name.get(language),
                dose=planned.dosage.label(language, per_side=planned.exercise.per_side),
                short_dose=replace(planned.dosage, rest_seconds=0).label(
                    language, per_side=planned.exercise.per_side
                ),
                done_today=ticked,
                days_done=before[planned.id] + (1 if ticked else 0),
                due=before[planned.id] < planned.days_per_week,
            )
        )
    exposure = None
    if engine_plan.exposure is not None:
        activity = get_exposure_activity(engine_plan.exposure.activity)
        exposure = ExposureToday(
            activity=activity,
            name=activity.name.get(language),
            steps=tuple(step.get(language) for step in activity.steps),
            guidance=load_exposure_guidance(),
            done=(Tick.Kind.EXPOSURE, activity.id) in done,
        )
    return Day(
        date=day,
        plan=plan,
        day_number=plan.day_number(day),
        walks=walks,
        own_walk_minutes=own,
        exercises=tuple(exercises),
        exposure=exposure,
    )


# --- ticking off --------------------------------------------------------------------------


def _planned_minutes(plan: WeeklyPlan, item: str) -> int:
    walking = plan.engine_plan.walking
    lengths = split_walks(walking.minutes_per_day, walking.walks_per_day)
    number = parse_int(item, minimum=1, maximum=len(lengths))
    if number is None:
        raise NotInPlan(item)
    return lengths[number - 1]


def check_in_plan(plan: WeeklyPlan, kind: str, item: str) -> None:
    """NotInPlan unless ``item`` is a walk, exercise or exposure step of the plan."""
    engine_plan = plan.engine_plan
    if kind == Tick.Kind.WALK:
        if not item.startswith("extra-"):
            _planned_minutes(plan, item)
    elif kind == Tick.Kind.EXERCISE:
        if item not in {e.id for e in engine_plan.exercises}:
            raise NotInPlan(item)
    elif kind == Tick.Kind.EXPOSURE:
        if engine_plan.exposure is None or engine_plan.exposure.activity != item:
            raise NotInPlan(item)
    else:
        raise NotInPlan(kind)


def _change_day_log(patient: Patient, day: date, **changes: Any) -> None:
    DayLog.objects.get_or_create(patient=patient, date=day)
    DayLog.objects.filter(patient=patient, date=day).update(**changes, updated_at=timezone.now())


def _add_minutes(patient: Patient, day: date, minutes: int) -> None:
    current = Coalesce(F("walking_minutes"), Value(0))
    if minutes >= 0:
        value = Least(current + minutes, Value(MINUTES_PER_DAY))
    else:
        value = Greatest(current + minutes, Value(0))
    _change_day_log(patient, day, walking_minutes=value)


def _add_session(patient: Patient, day: date, change: int) -> None:
    current = Coalesce(F("exercise_sessions"), Value(0))
    _change_day_log(patient, day, exercise_sessions=Greatest(current + change, Value(0)))


def _session_complete(patient: Patient, plan: WeeklyPlan, day: date) -> bool:
    before = _days_done_before(patient, plan, day)
    due = {e.id for e in plan.engine_plan.exercises if before[e.id] < e.days_per_week}
    ticked = set(
        Tick.objects.on(patient, day).filter(kind=Tick.Kind.EXERCISE).values_list("item", flat=True)
    )
    return _complete(ticked, due)


@transaction.atomic
def tick(
    patient: Patient,
    plan: WeeklyPlan,
    day: date,
    kind: str,
    item: str,
    *,
    minutes: int | None = None,
) -> Tick | None:
    """Tick a thing off and write the day log; None when it was already ticked today.

    ``minutes`` is for a walk of the patient's own length (``item`` "extra-...").
    """
    check_in_plan(plan, kind, item)
    DayLog.objects.lock(patient)
    if kind == Tick.Kind.WALK:
        minutes = minutes if item.startswith("extra-") else _planned_minutes(plan, item)
        if minutes is None or not 1 <= minutes <= MINUTES_PER_DAY:
            raise NotInPlan(item)
    else:
        minutes = None
    was_complete = kind == Tick.Kind.EXERCISE and _session_complete(patient, plan, day)
    try:
        with transaction.atomic():
            row = Tick.objects.create(
                patient=patient, date=day, kind=kind, item=item, minutes=minutes
            )
    except IntegrityError:
        return None  # ticked before, e.g. in another tab
    _write(patient, plan, day, row, was_complete, undo=False)
    return row


@transaction.atomic
def undo(patient: Patient, plan: WeeklyPlan, day: date, kind: str, item: str) -> Tick | None:
    """Undo today's tick of a thing; None when there was none."""
    DayLog.objects.lock(patient)
    row = Tick.objects.on(patient, day).filter(kind=kind, item=item).select_for_update().first()
    if row is None:
        return None
    was_complete = kind == Tick.Kind.EXERCISE and _session_complete(patient, plan, day)
    row.undone_at = timezone.now()
    row.save(update_fields=["undone_at"])
    _write(patient, plan, day, row, was_complete, undo=True)
    return row


def _write(
    patient: Patient, plan: WeeklyPlan, day: date, row: Tick, was_complete: bool, *, undo: bool
) -> None:
    if row.kind == Tick.Kind.WALK:
        minutes = row.minutes or 0
        _add_minutes(patient, day, -minutes if undo else minutes)
    elif row.kind == Tick.Kind.EXERCISE:
        is_complete = _session_complete(patient, plan, day)
        if is_complete != was_complete:
            _add_session(patient, day, 1 if is_complete else -1)
    else:
        _change_day_log(patient, day, exposure_done=None if undo else True)


# --- "too painful" and "too easy" ---------------------------------------------------------


def give_feedback(patient: Patient, exercise_id: str, day: date, kind: str) -> ExerciseFeedback:
    """The patient's "too painful" or "too easy" for an exercise today (once a day each)."""
    feedback, _created = ExerciseFeedback.objects.get_or_create(
        patient=patient, exercise_id=exercise_id, date=day, kind=kind
    )
    return feedback


def next_day_questions(patient: Patient, day: date) -> list[ExerciseFeedback]:
    """The "too painful" answers of the last days whose next day we have not asked about
    yet: one per exercise, the newest. Answering "still painful" makes the engine swap the
    exercise for an easier one next week (programme.md §4)."""
    rows = ExerciseFeedback.objects.filter(
        patient=patient,
        kind=ExerciseFeedback.Kind.TOO_PAINFUL,
        still_painful_next_day__isnull=True,
        date__lt=day,
        date__gte=day - timedelta(days=NEXT_DAY_QUESTION_DAYS),
    ).order_by("-date", "-id")
    newest: dict[str, ExerciseFeedback] = {}
    for row in rows:
        newest.setdefault(row.exercise_id, row)
    return sorted(newest.values(), key=lambda row: (row.date, row.id))


def answer_next_day(patient: Patient, feedback: ExerciseFeedback, still_painful: bool) -> int:
    """Record the next-day answer on this and any earlier open "too painful" of the same
    exercise; the number of rows answered."""
    return ExerciseFeedback.objects.filter(
        patient=patient,
        exercise_id=feedback.exercise_id,
        kind=ExerciseFeedback.Kind.TOO_PAINFUL,
        still_painful_next_day__isnull=True,
        date__lte=feedback.date,
    ).update(still_painful_next_day=still_painful)
