"""Which exercises a plan holds, and their dosage (programme.md §4, §5)."""

from dataclasses import replace

import pytest

from ruggensteun.clinical.programme.engine import WeekRecord, propose_week
from ruggensteun.clinical.programme.exercises import (
    CATEGORIES,
    Dose,
    chain,
    exercises_in_category,
    get_exercise,
    step_up,
)
from ruggensteun.clinical.programme.settings import ProgrammeSettings
from tests.clinical.test_plan_support import (
    categories,
    days,
    follow,
    ids,
    on_goal,
    patient,
    planned,
    with_exercises,
)

CORE = {"motor_control", "strength"}


@pytest.mark.parametrize("duration_class", ["acute", "subacute", "chronic"])
@pytest.mark.parametrize("pain_type", ["nonspecific", "radicular"])
def test_a_first_plan_has_mobility_and_motor_control_or_strength(duration_class, pain_type):
    plan = propose_week(patient(duration_class=duration_class, pain_type=pain_type), [])
    assert 3 <= len(plan.exercises) <= 6
    assert "mobility" in categories(plan)
    assert CORE & set(categories(plan))


def test_a_first_plan_has_the_practices_number_of_exercises():
    assert len(propose_week(patient(), []).exercises) == 4
    settings = ProgrammeSettings(target_exercises=3)
    assert len(propose_week(patient(), [], settings).exercises) == 3


def test_nerve_gliding_is_offered_for_radicular_pain():
    plan = propose_week(patient(pain_type="radicular"), [])
    assert "nerve_gliding" in categories(plan)
    gliding = next(e for e in plan.exercises if e.category == "nerve_gliding")
    assert "been" in gliding.reason
    assert "radicular" in gliding.rule


def test_nerve_gliding_is_never_chosen_for_nonspecific_pain_even_when_preferred():
    plan = propose_week(patient(preferences=("nerve_gliding",)), [])
    assert "nerve_gliding" not in categories(plan)


def test_a_therapists_nerve_gliding_leaves_the_plan_of_a_nonspecific_patient():
    history = follow(patient(), on_goal())
    glide = planned("sciatic_slider_lying", 1, reps=10, set_by="therapist")
    history[-1] = with_exercises(history[-1], *history[-1].plan.exercises, glide)
    plan = propose_week(patient(), history)
    assert "nerve_gliding" not in categories(plan)
    assert any("alleen voor pijn die uitstraalt" in reason for reason in plan.reasons)


def test_nerve_gliding_leaves_when_the_pain_is_no_longer_radicular():
    history = follow(patient(pain_type="radicular"), on_goal())
    plan = propose_week(patient(pain_type="nonspecific"), history)
    assert "nerve_gliding" not in categories(plan)
    assert len(plan.exercises) >= 3


def test_acute_high_pain_defers_strength_to_week_three_and_keeps_motor_control():
    profile = patient(duration_class="acute", nprs=7, preferences=("strength",))
    history = follow(profile, on_goal(), on_goal())
    for plan in [propose_week(profile, history[:week]) for week in (0, 1)]:
        assert "strength" not in categories(plan)
        assert "motor_control" in categories(plan)
        assert "mobility" in categories(plan)
        assert all(get_exercise(e.id).suitable_high_pain for e in plan.exercises)
        assert any("vanaf week 3" in reason for reason in plan.reasons)
    week3 = propose_week(profile, history)
    assert "strength" in categories(week3)
    assert not any("vanaf week 3" in reason for reason in week3.reasons)


def test_acute_high_pain_puts_mobility_and_relaxation_first():
    plan = propose_week(patient(duration_class="acute", nprs=8), [])
    assert categories(plan)[:2] == ["mobility", "motor_control"]
    assert "relaxation" in categories(plan)


def test_strength_is_not_added_after_high_pain_in_a_step_back_week():
    profile = patient(duration_class="acute", nprs=7)
    history = follow(profile, on_goal(), days(15, flare=True))
    assert "strength" not in categories(propose_week(profile, history))


def test_acute_pain_below_7_is_not_held_back_from_strength():
    plan = propose_week(patient(duration_class="acute", nprs=6, preferences=("strength",)), [])
    assert "strength" in categories(plan)


def test_preferred_categories_come_in_with_a_reason_that_says_so():
    plan = propose_week(patient(preferences=("relaxation", "stretching")), [])
    assert {"relaxation", "stretching"} <= set(categories(plan))
    relaxing = next(e for e in plan.exercises if e.category == "relaxation")
    assert "prettig" in relaxing.reason
    assert "preference" in relaxing.rule


def test_preferences_raise_the_number_of_exercises_only_as_far_as_needed():
    # mobility and strength are both required and preferred; stretching and posture add two.
    profile = patient(preferences=("strength", "mobility", "stretching", "posture"))
    plan = propose_week(profile, [])
    assert sorted(categories(plan)) == ["mobility", "posture", "strength", "stretching"]


def test_many_preferences_fill_the_plan_up_to_six():
    plan = propose_week(patient(preferences=CATEGORIES), [])
    assert len(plan.exercises) == 6


def test_a_preference_for_strength_chooses_strength_for_the_core_rule():
    plan = propose_week(patient(preferences=("strength",)), [])
    assert "strength" in categories(plan)


def test_chronic_pain_gets_strength_and_time_contingent_quotas():
    plan = propose_week(patient(duration_class="chronic"), [])
    assert "strength" in categories(plan)
    assert plan.time_contingent
    assert all("vaste hoeveelheid" in e.reason for e in plan.exercises)
    assert all("time-contingent" in e.rule for e in plan.exercises)
    assert any("niet als u pijn voelt" in reason for reason in plan.reasons)


def test_the_psychologically_informed_pathway_is_time_contingent():
    plan = propose_week(patient(pathway="psychologically_informed"), [])
    assert plan.time_contingent


def test_other_patients_are_pain_guided():
    plan = propose_week(patient(), [])
    assert not plan.time_contingent
    assert all("Wat pijn" in e.reason for e in plan.exercises)
    assert any("Pijn betekent geen schade" in reason for reason in plan.reasons)


def test_the_engine_never_chooses_the_walking_exercise_or_a_pool_or_bicycle():
    for duration_class in ("subacute", "chronic"):
        plan = propose_week(
            patient(duration_class=duration_class, preferences=("conditioning",)), []
        )
        chosen = [get_exercise(i) for i in ids(plan)]
        conditioning = [e for e in chosen if e.category == "conditioning"]
        assert conditioning
        assert all(e.chain != "walking" for e in chosen)
        assert all(not {"pool", "bicycle"} & set(e.equipment) for e in chosen)


def test_new_exercises_start_at_the_easiest_level_for_the_phase_and_the_first_step():
    for exercise in propose_week(patient(preferences=CATEGORIES), []).exercises:
        first_allowed = next(e for e in chain(exercise.exercise.chain) if "subacute" in e.phases)
        assert exercise.id == first_allowed.id
        assert exercise.step == 0


def test_progress_steps_each_exercise_one_dosage_step_up():
    history = follow(patient(), on_goal())
    before = history[-1].plan
    after = propose_week(patient(), history)
    assert after.decision == "progress"
    expected = [step_up(Dose(e.id, e.step or 0)) for e in before.exercises]
    assert [(e.id, e.step) for e in after.exercises] == [(d.exercise_id, d.step) for d in expected]
    assert all("iets meer" in e.reason for e in after.exercises)


def top_of(exercise_id: str) -> tuple[str, int]:
    exercise = get_exercise(exercise_id)
    return exercise_id, len(exercise.dosage) - 1


def history_with(profile, *exercises, weeks=1) -> list[WeekRecord]:
    history = follow(profile, *[on_goal()] * weeks)
    history[-1] = with_exercises(history[-1], *exercises)
    return history


def top_dose(exercise_id: str, set_by: str = "engine"):
    exercise = get_exercise(exercise_id)
    last = exercise.dosage[-1]
    return planned(
        exercise_id, last.sets, last.reps, last.hold_seconds, last.minutes, set_by=set_by
    )


def test_past_the_last_step_progress_moves_to_the_next_level():
    profile = patient()
    history = history_with(
        profile, top_dose("cat_camel"), top_dose("quadruped_arm_lift"), top_dose("bridge")
    )
    plan = propose_week(profile, history)
    assert ids(plan)[:3] == ["cat_camel", "quadruped_leg_lift", "bridge_march"]
    assert [e.step for e in plan.exercises[:3]] == [3, 0, 0]
    assert "volgende" in plan.exercises[1].reason
    assert "zo zwaar als hij gaat" in plan.exercises[0].reason  # top of a one-level chain


def test_progress_never_enters_a_level_that_is_not_for_the_patients_phase():
    profile = patient(duration_class="acute")
    history = history_with(profile, top_dose("cat_camel"), top_dose("quadruped_arm_lift"))
    plan = propose_week(profile, history)
    assert top_of("quadruped_arm_lift") in [(e.id, e.step) for e in plan.exercises]


def test_progress_never_steps_into_a_disliked_exercise():
    profile = patient(disliked_exercises=frozenset({"quadruped_leg_lift"}))
    history = history_with(profile, top_dose("cat_camel"), top_dose("quadruped_arm_lift"))
    plan = propose_week(profile, history)
    assert "quadruped_leg_lift" not in ids(plan)
    assert top_of("quadruped_arm_lift") in [(e.id, e.step) for e in plan.exercises]


def test_a_disliked_exercise_is_replaced_by_the_lower_level_of_its_chain():
    history = history_with(patient(), planned("cat_camel", 1, 8), planned("bridge_march", 2, 6))
    profile = patient(disliked_exercises=frozenset({"bridge_march"}))
    plan = propose_week(profile, history)
    assert "bridge_march" not in ids(plan)
    bridge = plan.exercises[ids(plan).index("bridge")]
    assert bridge.step == 0
    assert "te pijnlijk" in bridge.reason and "makkelijkere" in bridge.reason
    assert "disliked" in bridge.rule


def test_a_disliked_first_level_is_replaced_by_another_exercise_of_the_category():
    history = history_with(patient(), planned("cat_camel", 1, 8), planned("bridge", 2, 8))
    plan = propose_week(patient(disliked_exercises=frozenset({"cat_camel"})), history)
    assert "cat_camel" not in ids(plan)
    assert categories(plan)[0] == "mobility"
    assert plan.exercises[0].step == 0


def test_a_disliked_exercise_without_an_easier_one_leaves_with_a_note():
    profile = patient(pain_type="radicular")
    history = follow(profile, on_goal())
    slider = get_exercise("sciatic_slider_lying")
    assert slider.level == 1 and len(exercises_in_category("nerve_gliding")) == len(
        chain(slider.chain)
    )
    disliking = replace(profile, disliked_exercises=frozenset({"sciatic_slider_lying"}))
    plan = propose_week(disliking, history)
    assert "nerve_gliding" not in categories(plan)
    assert any("geen makkelijkere oefening" in reason for reason in plan.reasons)
    assert len(plan.exercises) >= 3


def test_a_disliked_exercise_is_never_in_a_first_plan():
    profile = patient(
        disliked_exercises=frozenset({"cat_camel", "abdominal_activation_heel_slide"})
    )
    plan = propose_week(profile, [])
    assert not {"cat_camel", "abdominal_activation_heel_slide"} & set(ids(plan))
    assert "mobility" in categories(plan)


def test_a_chain_whose_start_is_disliked_is_not_started_higher_up():
    profile = patient(
        preferences=("strength",),
        disliked_exercises=frozenset({"bridge"}),
        duration_class="chronic",
    )
    plan = propose_week(profile, [])
    assert not {"bridge", "bridge_march", "single_leg_bridge"} & set(ids(plan))


def test_a_therapists_exercise_stays_and_progresses_from_its_dosage():
    therapist_squat = planned("squat", 2, 8, set_by="therapist")
    assert therapist_squat.step == 0
    history = history_with(patient(), planned("cat_camel", 1, 8), therapist_squat)
    plan = propose_week(patient(), history)
    squat = plan.exercises[ids(plan).index("squat")]
    assert (squat.set_by, squat.step) == ("therapist", 1)
    assert "therapeut" in squat.reason
    assert "therapist" in squat.rule


def test_a_therapists_exercise_stays_even_outside_the_patients_phase():
    profile = patient(duration_class="acute")
    history = history_with(profile, planned("cat_camel", 1, 8), top_dose("side_plank", "therapist"))
    plan = propose_week(profile, history)
    assert "side_plank" in ids(plan)


@pytest.mark.parametrize(
    ("checkins", "expected"),
    [
        (on_goal(), ("bridge_march", 2, 6)),  # 4 x 15 is past the last step: next level
        (on_goal(met=3, sessions=3), ("bridge", 4, 15)),  # hold keeps it
        (days(15, flare=True), ("bridge", 3, 12)),  # step back: the last step with less volume
    ],
)
def test_a_therapists_dosage_outside_the_library_carries_and_steps_from_its_volume(
    checkins, expected
):
    history = follow(patient(), checkins)
    history[-1] = with_exercises(
        history[-1], planned("cat_camel", 1, 8), planned("bridge", 4, 15, set_by="therapist")
    )
    plan = propose_week(patient(), history)
    bridge = next(e for e in plan.exercises if e.category == "strength")
    assert (bridge.id, bridge.sets, bridge.reps) == expected
    assert bridge.set_by == "therapist"


def test_a_dosage_between_library_steps_steps_to_the_neighbouring_steps():
    up = history_with(patient(), planned("cat_camel", 1, 8), planned("bridge", 3, 9))
    assert planned("bridge", 3, 9).step is None
    plan = propose_week(patient(), up)
    assert ("bridge", 3, 10) in [(e.id, e.sets, e.reps) for e in plan.exercises]
    down = follow(patient(), days(15, flare=True))
    down[-1] = with_exercises(down[-1], planned("cat_camel", 1, 8), planned("bridge", 3, 9))
    plan = propose_week(patient(), down)
    assert ("bridge", 2, 10) in [(e.id, e.sets, e.reps) for e in plan.exercises]


def test_days_per_week_set_by_the_therapist_stay():
    history = history_with(
        patient(), planned("cat_camel", 1, 8, days_per_week=3), planned("bridge", 2, 8)
    )
    plan = propose_week(patient(), history)
    assert plan.exercises[0].days_per_week == 3


def test_a_plan_without_mobility_gets_mobility_back():
    history = history_with(
        patient(),
        planned("bridge", 2, 8),
        planned("quadruped_arm_lift", 2, 6),
        planned("hip_flexor_stretch_standing", 2, hold_seconds=20),
    )
    plan = propose_week(patient(), history)
    assert "mobility" in categories(plan)
    assert len(plan.exercises) == 4


def test_a_full_plan_without_motor_control_or_strength_makes_room_for_one():
    history = history_with(
        patient(),
        planned("cat_camel", 1, 8),
        planned("pelvic_tilt_lying", 1, 10),
        planned("knee_rocking", 1, 10),
        planned("single_knee_to_chest", 1, 5),
        planned("prone_on_elbows", 2, hold_seconds=30),
        planned("glute_stretch_lying", 2, hold_seconds=20),
    )
    plan = propose_week(patient(), history)
    assert len(plan.exercises) == 6
    assert CORE & set(categories(plan))
    assert "mobility" in categories(plan)


def test_a_plan_with_too_few_exercises_is_filled_to_three():
    history = history_with(patient(), planned("cat_camel", 1, 8))
    plan = propose_week(patient(), history)
    assert len(plan.exercises) == 3


def test_every_exercise_has_a_reason_and_a_rule_in_both_languages():
    for language in ("nl", "en"):
        plan = propose_week(patient(pain_type="radicular"), [], language=language)
        for exercise in plan.exercises:
            assert exercise.reason and exercise.rule.startswith("programme.md")
    english = propose_week(patient(), [], language="en")
    assert "Do this on 5 days a week" in english.exercises[0].reason
