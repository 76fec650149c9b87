"""Counting a week's adherence and splitting a programme into weeks (programme.md §5)."""

from datetime import date, timedelta

from ruggensteun.clinical.programme.adherence import (
    Adherence,
    count_adherence,
    planned_days,
    split_weeks,
    stored_adherence,
)
from ruggensteun.clinical.programme.plan_io import CheckIn

MONDAY = date(2026, 3, 2)


def test_planned_days_are_the_largest_days_per_week():
    assert planned_days([3, 5, 2]) == 5
    assert planned_days([]) == 0


def test_a_day_counts_once_and_done_days_stop_at_the_planned_ones():
    days = [CheckIn(day=n, exercise_sessions=2) for n in range(1, 7)]
    counted = count_adherence(4, 20, days)
    assert (counted.exercised, counted.done) == (6, 4)


def test_a_missing_value_is_not_done_and_zero_sessions_is_not_a_session():
    days = [CheckIn(day=1), CheckIn(day=2, exercise_sessions=0, walking_minutes=19)]
    assert count_adherence(3, 20, days) == Adherence(planned=3, exercised=0, goal_met=0)


def test_the_walking_goal_is_met_at_exactly_the_goal():
    days = [CheckIn(day=1, walking_minutes=20), CheckIn(day=2, walking_minutes=21)]
    assert count_adherence(3, 20, days).goal_met == 2


def test_a_week_without_a_walking_goal_meets_it_on_no_day():
    assert count_adherence(3, None, [CheckIn(day=1, walking_minutes=30)]).goal_met == 0


def test_percentages_compare_the_done_days_with_the_planned():
    counted = Adherence(planned=5, exercised=4, goal_met=0)
    assert counted.at_least(80)
    assert not counted.at_least(81)


def test_a_stored_plan_is_read_as_the_engine_wrote_it():
    plan = {"walking": {"minutes_per_day": 15}, "exercises": [{"days_per_week": 5}]}
    days = [CheckIn(day=1, walking_minutes=15, exercise_sessions=1)]
    assert stored_adherence(plan, days) == Adherence(planned=5, exercised=1, goal_met=1)


def test_a_week_ends_where_the_next_one_starts():
    later = MONDAY + timedelta(days=4)
    first, second = split_weeks([MONDAY, later])
    assert (first.starts_on, first.ends_on) == (MONDAY, later - timedelta(days=1))
    assert (second.starts_on, second.ends_on) == (later, later + timedelta(days=6))


def test_a_week_cut_to_nothing_is_left_out_and_the_next_takes_its_number():
    weeks = split_weeks([MONDAY, MONDAY, MONDAY + timedelta(days=7)])
    assert [(week.index, week.number) for week in weeks] == [(1, 1), (2, 2)]
