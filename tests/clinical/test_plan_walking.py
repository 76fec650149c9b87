"""The walking goal (programme.md §5): first week, baseline, progress, hold, step back, limits."""

from dataclasses import replace
from fractions import Fraction

import pytest

from ruggensteun.clinical.programme.engine import CheckIn, WalkingGoal, WeekRecord, propose_week
from ruggensteun.clinical.programme.settings import DEFAULTS, ProgrammeSettings
from ruggensteun.clinical.programme.walking import round_half_up, walks_per_day
from tests.clinical.test_plan_support import days, follow, on_goal, patient, with_goal


def goal_after(history: list[WeekRecord]) -> int:
    return propose_week(patient(), history).walking.minutes_per_day


def week_with_goal(history: list[WeekRecord], minutes: int, *checkins: CheckIn) -> WeekRecord:
    """The next week as the engine proposed it, with the therapist's walking goal."""
    plan = propose_week(patient(), history)
    plan = replace(plan, walking=WalkingGoal(minutes_per_day=minutes, walks_per_day=3))
    return WeekRecord(plan=plan, checkins=checkins)


def test_the_first_week_walks_15_minutes_a_day_in_3_walks():
    walking = propose_week(patient(), []).walking
    assert (walking.minutes_per_day, walking.walks_per_day) == (15, 3)
    assert walking.rule.startswith("programme.md §5 first week")
    assert "15 minuten" in walking.reason


def test_the_first_goal_after_the_baseline_is_80_percent_of_it():
    history = follow(patient(), days(20, 25, 30, 60))
    assert goal_after(history) == 20  # mean of 20, 25, 30 is 25; 80% is 20
    assert "gemiddeld 25 minuten" in propose_week(patient(), history).walking.reason


def test_the_baseline_takes_the_first_three_days_by_day_number():
    checkins = (
        CheckIn(day=5, walking_minutes=90),
        CheckIn(day=1, walking_minutes=10),
        CheckIn(day=2, walking_minutes=20),
        CheckIn(day=3, walking_minutes=30),
    )
    assert goal_after(follow(patient(), checkins)) == 16  # 80% of 20


def test_days_without_walking_minutes_do_not_count_for_the_baseline():
    assert goal_after(follow(patient(), days(None, 30, None, 30, 30))) == 24


def test_the_baseline_waits_for_three_recorded_days_across_weeks():
    history = follow(patient(), days(20, 20))
    plan = propose_week(patient(), history)
    assert plan.walking.minutes_per_day == 15
    assert "nog niet" in plan.walking.reason
    history = follow(patient(), days(20, 20), days(30, 90))
    assert goal_after(history) == 19  # 80% of 70/3 = 18.67


def test_the_first_goal_follows_the_baseline_even_when_it_is_below_the_default():
    history = follow(patient(), days(5, 5, 5))  # low adherence, but the baseline decides
    assert goal_after(history) == 4


def test_progress_raises_the_goal_by_at_least_2_minutes():
    history = follow(patient(), on_goal(), on_goal())  # baseline 15, goal 12
    plan = propose_week(patient(), history)
    assert plan.decision == "progress"
    assert plan.walking.minutes_per_day == 14  # 10% of 12 is 1.2; at least +2
    assert plan.walking.reason.startswith(
        "Vorige week haalde u uw wandeldoel op 7 van de 7 dagen, dus we verhogen het van 12 "
        "naar 14 minuten per dag."
    )


def test_progress_adds_10_percent_rounded_half_up():
    history = follow(patient(), on_goal())
    history.append(week_with_goal(history, 25, *days(*[25] * 7)))
    assert goal_after(history) == 28  # 10% of 25 is 2.5, rounded up to 3


def test_the_goal_never_passes_60_minutes_a_day():
    history = follow(patient(), on_goal())
    history.append(week_with_goal(history, 58, *days(*[58] * 7)))
    assert goal_after(history) == 60
    history[-1] = week_with_goal(history[:-1], 60, *days(*[60] * 7))
    plan = propose_week(patient(), history)
    assert plan.walking.minutes_per_day == 60
    assert "hoogste doel" in plan.walking.reason


def flare_week(history: list[WeekRecord], goal: int) -> WeekRecord:
    return week_with_goal(history, goal, *days(*[goal] * 7, flare=True))


@pytest.mark.parametrize(
    ("previous", "expected"),
    [
        (30, 24),  # -20%
        (22, 20),  # 17.6 would pass the floor of 50% of 40
        (20, 20),  # at the floor: no lower
    ],
)
def test_a_flare_up_steps_the_walking_goal_back_to_no_less_than_half_the_baseline(
    previous, expected
):
    history = follow(patient(), days(*[40] * 7))  # baseline 40
    history.append(flare_week(history, previous))
    plan = propose_week(patient(), history)
    assert plan.decision == "step_back"
    assert plan.walking.minutes_per_day == expected
    assert "bed" in plan.walking.reason


def test_a_therapists_goal_over_the_limit_comes_back_to_60_even_after_a_flare_up():
    history = follow(patient(), days(*[40] * 7))
    history.append(flare_week(history, 76))
    assert goal_after(history) == 60  # 80% of 76 would be 61
    history[-1] = week_with_goal(history[:-1], 76, *days(*[30] * 7))
    assert goal_after(history) == 60


def test_the_floor_is_half_the_baseline_rounded_up():
    history = follow(patient(), days(15, 15, 16))  # baseline 46/3; half is 7.67
    history.append(flare_week(history, 9))
    assert goal_after(history) == 8  # 80% of 9 is 7, but never below 7.67


def test_a_flare_up_in_the_baseline_week_does_not_raise_the_goal():
    history = follow(patient(), days(*[40] * 7, flare=True))
    plan = propose_week(patient(), history)
    assert plan.decision == "step_back"
    assert plan.walking.minutes_per_day == 15  # 80% of 40 would be a rise after a flare-up


def test_a_flare_up_in_the_baseline_week_still_lowers_to_80_percent_of_a_low_baseline():
    history = follow(patient(), days(10, 10, 10, flare=True))
    assert goal_after(history) == 8


def test_a_flare_up_before_any_baseline_keeps_the_default():
    history = follow(patient(), days(20, flare=True))
    plan = propose_week(patient(), history)
    assert plan.decision == "step_back"
    assert plan.walking.minutes_per_day == 15


def test_low_adherence_does_not_lower_the_goal():
    history = follow(patient(), on_goal(), on_goal(met=1, sessions=1))
    plan = propose_week(patient(), history)
    assert plan.decision == "hold_low_adherence"
    assert plan.walking.minutes_per_day == 12
    assert "therapeut" in plan.walking.reason


def test_a_hold_keeps_the_goal():
    history = follow(patient(), on_goal(), on_goal(met=3, sessions=2))
    plan = propose_week(patient(), history)
    assert (plan.decision, plan.walking.minutes_per_day) == ("hold", 12)


def test_a_therapists_goal_is_where_the_next_week_starts():
    history = follow(patient(), on_goal(), on_goal())
    history[-1] = with_goal(history[-1], 20)
    history[-1] = replace(history[-1], checkins=days(*[20] * 7))
    assert goal_after(history) == 22


def test_a_day_without_walking_minutes_does_not_count_as_goal_met():
    history = follow(patient(), on_goal())
    goal = propose_week(patient(), history).walking.minutes_per_day
    history = follow(patient(), on_goal(), days(goal, goal, goal, goal, None, None, None))
    plan = propose_week(patient(), history)
    assert plan.decision == "hold"  # 4 days met, not 5


@pytest.mark.parametrize(
    ("minutes", "walks"), [(2, 1), (9, 1), (10, 2), (14, 2), (15, 3), (45, 3), (60, 3)]
)
def test_walks_are_few_when_short_and_never_longer_than_30_minutes(minutes, walks):
    assert walks_per_day(minutes, DEFAULTS) == walks
    assert minutes <= walks * DEFAULTS.max_walk_minutes


def test_a_practice_with_a_higher_limit_gets_more_walks_of_at_most_30_minutes():
    settings = ProgrammeSettings(max_minutes_per_day=120)
    assert walks_per_day(120, settings) == 4


def test_a_practice_can_change_the_first_week_default():
    settings = ProgrammeSettings(first_week_minutes=20)
    walking = propose_week(patient(), [], settings).walking
    assert (walking.minutes_per_day, walking.walks_per_day) == (20, 3)


@pytest.mark.parametrize(
    ("value", "rounded"),
    [(Fraction(5, 2), 3), (Fraction(7, 2), 4), (Fraction(12, 10), 1), (Fraction(26, 10), 3)],
)
def test_minutes_round_half_up(value, rounded):
    assert round_half_up(value) == rounded


def test_the_walking_reason_exists_in_english():
    walking = propose_week(patient(), [], language="en").walking
    assert walking.reason.startswith("In the first week you walk 15 minutes every day.")
