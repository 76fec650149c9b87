"""Builders shared by the plan engine tests: patients, check-in weeks and histories in code.

(Named test_plan_* so that it sits with the plan tests; it holds no tests itself.)
"""

from collections.abc import Callable, Iterable
from dataclasses import replace

from ruggensteun.clinical.programme.engine import (
    CheckIn,
    Profile,
    WalkingGoal,
    WeeklyPlan,
    WeekRecord,
    propose_week,
)
from ruggensteun.clinical.programme.plan_io import PlannedExercise
from ruggensteun.clinical.programme.settings import DEFAULTS, ProgrammeSettings

Week = tuple[CheckIn, ...] | Callable[[WeeklyPlan], tuple[CheckIn, ...]]


def patient(**changes: object) -> Profile:
    """A subacute, nonspecific patient on the exercise pathway with intake NPRS 5."""
    values: dict[str, object] = {
        "duration_class": "subacute",
        "pain_type": "nonspecific",
        "pathway": "exercise",
        "nprs": 5,
    }
    values.update(changes)
    return Profile(**values)  # type: ignore[arg-type]


def days(
    *walking: int | None,
    sessions: int | None = 1,
    pain: int | Iterable[int | None] | None = None,
    flare: bool | None = None,
    exposure_done: bool | None = None,
) -> tuple[CheckIn, ...]:
    """Check-ins for days 1, 2, ... with these walking minutes (None: not filled in)."""
    pains = list(pain) if isinstance(pain, Iterable) else [pain] * len(walking)
    return tuple(
        CheckIn(
            day=index + 1,
            walking_minutes=minutes,
            exercise_sessions=sessions,
            pain=pains[index],
            flare=flare,
            exposure_done=exposure_done,
        )
        for index, minutes in enumerate(walking)
    )


def on_goal(met: int = 7, sessions: int = 7, pain: int | None = None) -> Week:
    """A week where the walking goal was met on ``met`` days (short of it on the others) and
    the exercises were done on ``sessions`` days."""

    def build(plan: WeeklyPlan) -> tuple[CheckIn, ...]:
        goal = plan.walking.minutes_per_day
        return tuple(
            CheckIn(
                day=day,
                walking_minutes=goal if day <= met else goal - 1,
                exercise_sessions=1 if day <= sessions else 0,
                pain=pain,
            )
            for day in range(1, 8)
        )

    return build


def follow(
    profile: Profile, *weeks: Week, settings: ProgrammeSettings = DEFAULTS
) -> list[WeekRecord]:
    """The history after the patient followed the engine's plans through these weeks."""
    history: list[WeekRecord] = []
    for week in weeks:
        plan = propose_week(profile, history, settings)
        checkins = week(plan) if callable(week) else week
        history.append(WeekRecord(plan=plan, checkins=checkins))
    return history


def with_goal(record: WeekRecord, minutes: int) -> WeekRecord:
    """The same week with a walking goal the therapist set."""
    plan = replace(record.plan, walking=WalkingGoal(minutes_per_day=minutes, walks_per_day=3))
    return replace(record, plan=plan)


def with_exercises(record: WeekRecord, *exercises: PlannedExercise) -> WeekRecord:
    return replace(record, plan=replace(record.plan, exercises=exercises))


def planned(
    exercise_id: str,
    sets: int,
    reps: int | None = None,
    hold_seconds: int | None = None,
    minutes: int | None = None,
    set_by: str = "engine",
    days_per_week: int = 5,
) -> PlannedExercise:
    return PlannedExercise(
        id=exercise_id,
        sets=sets,
        reps=reps,
        hold_seconds=hold_seconds,
        minutes=minutes,
        days_per_week=days_per_week,
        set_by=set_by,  # type: ignore[arg-type]
    )


def ids(plan: WeeklyPlan) -> list[str]:
    return [exercise.id for exercise in plan.exercises]


def categories(plan: WeeklyPlan) -> list[str]:
    return [exercise.category for exercise in plan.exercises]
