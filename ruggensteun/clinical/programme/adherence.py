"""How a week's plan was followed, counted one way for every page (programme.md §5).

The plan engine decides the next week from these numbers, so the caseload, the patient's
progress page, the practice dashboard and the calendar count the same way, or a therapist
would read "4 of 5 days" where the engine saw 3:

- Planned exercise days: the largest ``days_per_week`` of the week's exercises (each
  exercise asks for days, not sessions; a day counts once).
- Exercise days done: days with ``exercise_sessions`` >= 1, at most the planned days for
  adherence (``done``); a page that praises "6 days" reads ``exercised``.
- Walking goal met: days whose ``walking_minutes`` is at least the week's goal. A missing
  day or value is not done; a week without a goal meets it on no day.

A programme's weeks (``split_weeks``): each plan starts a week of ``DAYS_PER_WEEK`` days,
cut short where the next plan starts (after a pause or an early approval).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from ruggensteun.clinical.programme.plan_io import WeekRecord

__all__ = [
    "DAYS_PER_WEEK",
    "Adherence",
    "Day",
    "WeekSpan",
    "count_adherence",
    "planned_days",
    "record_adherence",
    "split_weeks",
    "stored_adherence",
    "stored_planned_days",
    "stored_walking_goal",
]

DAYS_PER_WEEK = 7


class Day(Protocol):
    """A day's log as the counting reads it: a check-in, a day log or a row of one."""

    @property
    def exercise_sessions(self) -> int | None: ...

    @property
    def walking_minutes(self) -> int | None: ...


@dataclass(frozen=True)
class Adherence:
    """One week's counts (programme.md §5)."""

    planned: int  # exercise days the plan asks for
    exercised: int  # days with at least one session, however many the plan asked for
    goal_met: int  # days with at least the week's walking minutes

    @property
    def done(self) -> int:
        """Exercise days that count towards the plan: at most the planned days."""
        return min(self.exercised, self.planned)

    def at_least(self, percentage: int) -> bool:
        """At least ``percentage`` of the planned days done (a week planning none passes)."""
        return self.done * 100 >= percentage * self.planned


def planned_days(days_per_week: Iterable[int]) -> int:
    """The largest ``days_per_week`` of a week's exercises; 0 without exercises."""
    return max(days_per_week, default=0)


def count_adherence(planned: int, walking_goal: int | None, days: Iterable[Day]) -> Adherence:
    """The counts of one week's ``days`` (only that week's) against its plan."""
    exercised = goal_met = 0
    for day in days:
        if (day.exercise_sessions or 0) >= 1:
            exercised += 1
        minutes = day.walking_minutes
        if walking_goal and minutes is not None and minutes >= walking_goal:
            goal_met += 1
    return Adherence(planned=planned, exercised=exercised, goal_met=goal_met)


def record_adherence(record: WeekRecord) -> Adherence:
    """A week of the engine's history, counted."""
    planned = planned_days(exercise.days_per_week for exercise in record.plan.exercises)
    return count_adherence(planned, record.plan.walking.minutes_per_day, record.checkins)


def stored_planned_days(plan: Mapping[str, Any]) -> int:
    """Planned exercise days of a plan in its stored JSON form (``plan_io.plan_to_dict``),
    read without parsing the whole plan (a caseload counts hundreds of weeks)."""
    exercises = plan.get("exercises") or []
    return planned_days(int(item.get("days_per_week") or 0) for item in exercises)


def stored_walking_goal(plan: Mapping[str, Any]) -> int | None:
    """The walking minutes a day of a plan in its stored JSON form; None without a goal."""
    walking = plan.get("walking") or {}
    minutes = walking.get("minutes_per_day")
    return None if minutes is None else int(minutes)


def stored_adherence(plan: Mapping[str, Any], days: Iterable[Day]) -> Adherence:
    """A stored plan's week, counted from its ``days``."""
    return count_adherence(stored_planned_days(plan), stored_walking_goal(plan), days)


@dataclass(frozen=True)
class WeekSpan:
    """One week followed: the position of its plan in the list given, and its days."""

    index: int
    number: int  # 1 for the first week kept
    starts_on: date
    ends_on: date


def split_weeks(starts: Sequence[date]) -> list[WeekSpan]:
    """The weeks of plans starting on ``starts`` (in the order followed): each lasts
    ``DAYS_PER_WEEK`` days or ends the day before the next one starts; a plan whose week
    is cut to nothing is left out."""
    weeks: list[WeekSpan] = []
    for index, starts_on in enumerate(starts):
        ends_on = starts_on + timedelta(days=DAYS_PER_WEEK - 1)
        if index + 1 < len(starts):
            ends_on = min(ends_on, starts[index + 1] - timedelta(days=1))
        if ends_on < starts_on:
            continue
        weeks.append(WeekSpan(index, len(weeks) + 1, starts_on, ends_on))
    return weeks
