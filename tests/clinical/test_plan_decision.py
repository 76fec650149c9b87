"""The week's decision (programme.md §5): step back, progress, hold, hold and tell the therapist."""

from fractions import Fraction

import pytest

from ruggensteun.clinical.programme.engine import (
    CheckIn,
    WeekFacts,
    decide,
    propose_week,
    week_facts,
)
from ruggensteun.clinical.programme.exercises import Dose, step_down
from ruggensteun.clinical.programme.settings import ProgrammeSettings
from tests.clinical.test_plan_support import days, follow, on_goal, patient


def decision_after(*weeks, profile=None) -> str:
    profile = profile or patient()
    return propose_week(profile, follow(profile, *weeks)).decision


def test_the_first_week_is_a_start():
    plan = propose_week(patient(), [])
    assert (plan.week, plan.decision) == (1, "start")
    assert not plan.flare_up_plan and not plan.notify_therapist


@pytest.mark.parametrize(
    ("met", "sessions", "decision"),
    [
        (7, 7, "progress"),
        (5, 4, "progress"),  # 4 of 5 planned sessions is 80%
        (5, 3, "hold"),  # 60% is under 70%
        (4, 5, "hold"),  # 4 days is under 5
        (3, 2, "hold"),  # exactly 3 days and 40%
        (3, 1, "hold_low_adherence"),  # 20%
        (2, 5, "hold_low_adherence"),
        (0, 0, "hold_low_adherence"),
    ],
)
def test_the_thresholds_of_the_decision(met, sessions, decision):
    assert decision_after(on_goal(met=met, sessions=sessions)) == decision


def test_a_week_without_check_ins_is_low_adherence():
    plan = propose_week(patient(), follow(patient(), ()))
    assert plan.decision == "hold_low_adherence"
    assert plan.notify_therapist


def test_exercise_sessions_count_once_per_day():
    week = days(*[15] * 7, sessions=0)
    week = (*(CheckIn(day=d, walking_minutes=15, exercise_sessions=3) for d in (1, 2)), *week[2:])
    facts = week_facts(patient(), follow(patient(), week))
    assert (facts.sessions_done, facts.sessions_planned) == (2, 5)
    assert decision_after(week) == "hold"  # 2 of 5 days: 40%, not 70%


def test_done_sessions_are_counted_at_most_to_the_planned_number():
    facts = week_facts(patient(), follow(patient(), on_goal(sessions=7)))
    assert (facts.sessions_done, facts.sessions_planned) == (5, 5)


def test_a_missing_exercise_sessions_value_counts_as_not_done():
    week = days(*[15] * 7, sessions=None)
    assert decision_after(week) == "hold_low_adherence"


def test_pain_two_points_above_the_intake_score_on_two_days_is_a_flare_up_in_week_one():
    profile = patient(nprs=5)
    assert decision_after(on_goal(pain=5), profile=profile) == "progress"
    week = days(*[15] * 7, pain=[7, 7, 5, 5, 5, 5, 5])
    assert decision_after(week, profile=profile) == "step_back"
    week = days(*[15] * 7, pain=[7, 5, 5, 5, 5, 5, 5])
    assert decision_after(week, profile=profile) == "progress"  # one day is not enough
    week = days(*[15] * 7, pain=[6, 6, 6, 6, 6, 6, 6])
    assert decision_after(week, profile=profile) == "progress"  # one point is not enough


def test_after_week_one_usual_pain_is_the_median_of_the_week_before():
    profile = patient(nprs=8)
    first = days(*[15] * 7, pain=[2, 2, 2, 3, 9, 9, 2])  # median 2
    second = on_goal(pain=4)  # below the intake score, 2 above the usual level
    assert decision_after(first, second, profile=profile) == "step_back"


def test_the_median_of_an_even_number_of_scores_is_the_mean_of_the_middle_two():
    profile = patient(nprs=8)
    first = days(15, 15, pain=[2, 3])  # median 2.5: a flare-up needs 4.5 or more
    history = follow(profile, first, on_goal(pain=4))
    assert week_facts(profile, history).usual_pain == Fraction(5, 2)
    assert propose_week(profile, history).decision != "step_back"
    history = follow(profile, first, on_goal(pain=5))
    assert propose_week(profile, history).decision == "step_back"


def test_a_week_without_pain_scores_passes_the_usual_level_on():
    profile = patient(nprs=8)
    weeks = (days(*[15] * 7, pain=2), on_goal(), on_goal(pain=4))
    assert decision_after(*weeks, profile=profile) == "step_back"


def test_a_reported_flare_up_steps_back_even_after_a_good_week():
    week = (*on_goal()(propose_week(patient(), []))[:6], CheckIn(day=7, flare=True))
    plan = propose_week(patient(), follow(patient(), week))
    assert plan.decision == "step_back"
    assert plan.flare_up_plan
    assert any("opstootplan" in reason for reason in plan.reasons)
    assert any(note.rule.startswith("programme.md §7") for note in plan.notes)


def test_flare_false_is_no_flare_up():
    assert decision_after(days(*[15] * 7, flare=False)) == "progress"


def test_a_step_back_takes_each_exercise_one_dosage_step_down():
    history = follow(patient(), on_goal(), on_goal(), on_goal())
    before = propose_week(patient(), history)
    history = follow(patient(), on_goal(), on_goal(), on_goal(), days(15, flare=True))
    after = propose_week(patient(), history)
    assert after.decision == "step_back"
    expected = [step_down(Dose(e.id, e.step or 0)) for e in before.exercises]
    assert [(e.id, e.step) for e in after.exercises] == [(d.exercise_id, d.step) for d in expected]


def test_the_decision_reason_tells_the_days_and_sessions():
    plan = propose_week(patient(), follow(patient(), on_goal(met=6, sessions=5)))
    assert plan.reasons[0].startswith(
        "Vorige week haalde u uw wandeldoel op 6 van de 7 dagen en deed u uw oefeningen op 5 "
        "van de 5 geplande dagen."
    )
    assert plan.notes[0].rule == "programme.md §5 decision 2: progress [D]"


def test_low_adherence_tells_the_therapist_and_keeps_the_plan():
    history = follow(patient(), on_goal(), on_goal(met=1, sessions=0))
    before = history[-1].plan
    plan = propose_week(patient(), history)
    assert plan.decision == "hold_low_adherence"
    assert plan.notify_therapist
    assert [(e.id, e.sets, e.reps, e.hold_seconds) for e in plan.exercises] == [
        (e.id, e.sets, e.reps, e.hold_seconds) for e in before.exercises
    ]


def test_the_order_is_step_back_then_progress_then_hold():
    settings = ProgrammeSettings()
    facts = WeekFacts(
        goal_met_days=7,
        sessions_done=5,
        sessions_planned=5,
        usual_pain=Fraction(3),
        flare_days=2,
        flare_reported=False,
    )
    assert decide(facts, settings) == "step_back"


def test_a_practice_can_change_the_thresholds():
    settings = ProgrammeSettings(progress_min_days=4)
    history = follow(patient(), on_goal(met=4), settings=settings)
    assert propose_week(patient(), history, settings).decision == "progress"
