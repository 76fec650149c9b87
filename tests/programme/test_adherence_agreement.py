"""Every page counts a week's adherence as the plan engine does (issue #13).

The engine decides the next week from the planned exercise days, the days done (at most the
planned ones) and the days the walking goal was met. The caseload, the patient's progress
page, the practice dashboard and the calendar each read the same week from the stored plan
and the day logs; for random weeks of day logs their figures must be the engine's.
"""

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from ruggensteun.clinical.programme.engine import CheckIn, WeekRecord, propose_week, week_facts
from ruggensteun.clinical.programme.plan_io import plan_to_dict
from ruggensteun.mydata import calendar, progress
from ruggensteun.programme.models import DayLog, WeeklyPlan
from ruggensteun.workspace import caseload, dashboard
from tests.clinical.test_plan_support import patient

START = date(2026, 3, 2)  # a Monday; no test reads today's date
PROFILE = patient()
FIRST_PLAN = propose_week(PROFILE, ())

# One day's values: no log at all, or a log where any value may be missing.
day_logs = st.one_of(
    st.none(),
    st.tuples(
        st.one_of(st.none(), st.integers(0, 90)),  # walking minutes
        st.one_of(st.none(), st.integers(0, 3)),  # exercise sessions
    ),
)
weeks = st.tuples(
    # days_per_week of each exercise (a plan holds 3 or more different exercises)
    st.lists(st.integers(1, 7), min_size=3, max_size=len(FIRST_PLAN.exercises)),
    st.integers(1, 60),  # walking goal
    st.lists(day_logs, min_size=7, max_size=7),
    # Logs of the days just before and after the week, which no page may count.
    st.tuples(day_logs, day_logs),
)


def _stored_plan(days_per_week, goal):
    exercises = tuple(
        replace(exercise, days_per_week=days)
        for exercise, days in zip(FIRST_PLAN.exercises, days_per_week, strict=False)
    )
    walking = replace(FIRST_PLAN.walking, minutes_per_day=goal, walks_per_day=1)
    plan = replace(FIRST_PLAN, exercises=exercises, walking=walking)
    return WeeklyPlan(week=1, starts_on=START, status="active", plan=plan_to_dict(plan))


def _log(day, values):
    minutes, sessions = values
    return DayLog(date=day, walking_minutes=minutes, exercise_sessions=sessions)


@settings(max_examples=200, deadline=None)
@given(weeks)
def test_every_page_counts_a_week_as_the_engine_does(week):
    days_per_week, goal, values, (before, after) = week
    row = _stored_plan(days_per_week, goal)
    checkins = tuple(
        CheckIn(day=number, walking_minutes=day[0], exercise_sessions=day[1])
        for number, day in enumerate(values, start=1)
        if day is not None
    )
    engine = week_facts(PROFILE, (WeekRecord(plan=row.engine_plan, checkins=checkins),))
    logs = [
        _log(START + timedelta(days=offset), day)
        for offset, day in [(-1, before), *enumerate(values), (7, after)]
        if day is not None
    ]
    expected = (engine.sessions_planned, engine.sessions_done, engine.goal_met_days)

    listed = caseload.week_adherence(row, logs)
    assert (listed.exercise_days_planned, listed.exercise_days, listed.walking_days) == expected

    [shown] = progress._weeks([row], START + timedelta(days=6))
    progress._fill([shown], logs)
    assert (
        shown.planned_days,
        min(shown.exercise_days, shown.planned_days),
        shown.goal_met_days,
    ) == expected

    counted = dashboard.week_adherence(row, logs)
    assert (counted.planned, counted.done, counted.goal_met) == expected

    assert calendar.planned_days(row) == engine.sessions_planned


def test_a_week_with_more_exercise_days_than_planned_counts_the_planned_ones():
    """An example the property covers, written out: 6 days done of 3 planned."""
    row = _stored_plan([3] * len(FIRST_PLAN.exercises), 20)
    logs = [_log(START + timedelta(days=offset), (20, 1)) for offset in range(6)]
    assert caseload.week_adherence(row, logs).exercise_days == 3
    assert dashboard.week_adherence(row, logs).done == 3
    [shown] = progress._weeks([row], START + timedelta(days=6))
    progress._fill([shown], logs)
    # The progress page tells the patient every day done ("6 days: your plan was 3").
    assert (shown.exercise_days, shown.planned_days) == (6, 3)
