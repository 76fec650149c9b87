"""The safety exclusions of revision 2 (programme.md §2): pregnancy, the STENOSIS flag and
extension exercises only when extension eases the pain."""

import pytest

from ruggensteun.clinical.programme.engine import propose_week
from ruggensteun.clinical.programme.exercises import get_exercise, load_exercises
from ruggensteun.clinical.programme.selection import (
    RULE_EXTENSION_ONLY_IF_EASES,
    RULE_PREGNANT_EXTENSION,
    RULE_PREGNANT_PRONE,
    RULE_PREGNANT_SUPINE,
    RULE_STENOSIS_EXTENSION,
    exclusion,
)
from tests.clinical.test_plan_support import (
    days,
    follow,
    ids,
    on_goal,
    patient,
    planned,
    with_exercises,
)

PREGNANT = frozenset({"pregnant"})


def test_the_position_field_agrees_with_the_starting_position_text():
    for exercise in load_exercises():
        text = exercise.starting_position.nl.lower()
        lies_on_belly = "lig op uw buik" in text or "op uw buik liggen" in text
        lies_on_back = "lig op uw rug" in text or "op uw rug liggen" in text
        assert (exercise.position == "prone") == lies_on_belly, exercise.id
        assert (exercise.position == "supine") == lies_on_back, exercise.id


def test_every_prone_exercise_is_found_by_its_position_and_the_two_extensions_by_direction():
    prone = {e.id for e in load_exercises() if e.position == "prone"}
    # The review counted five prone exercises (clinical review 2026-12, §4 pregnancy).
    assert prone == {
        "prone_on_elbows",
        "prone_press_up",
        "prone_chest_lift",
        "prone_opposite_arm_leg_lift",
        "prone_superman",
    }
    assert {e.id for e in load_exercises() if e.direction == "extension"} == {
        "prone_on_elbows",
        "prone_press_up",
    }


@pytest.mark.parametrize(
    ("exercise_id", "profile", "rule"),
    [
        ("prone_chest_lift", patient(tags=PREGNANT), RULE_PREGNANT_PRONE),
        (
            "prone_on_elbows",
            patient(tags=PREGNANT, extension_eases_pain=True),
            RULE_PREGNANT_EXTENSION,
        ),
        ("bridge", patient(tags=PREGNANT), RULE_PREGNANT_SUPINE),
        ("bridge", patient(tags=PREGNANT, pregnancy_week=17), RULE_PREGNANT_SUPINE),
        ("bridge", patient(tags=PREGNANT, pregnancy_week=16), None),
        ("prone_chest_lift", patient(tags=PREGNANT, pregnancy_week=8), RULE_PREGNANT_PRONE),
        ("side_plank_knees", patient(tags=PREGNANT), None),
        (
            "prone_press_up",
            patient(tags=frozenset({"stenosis"}), extension_eases_pain=True),
            RULE_STENOSIS_EXTENSION,
        ),
        ("prone_chest_lift", patient(tags=frozenset({"stenosis"})), None),
        ("prone_on_elbows", patient(), RULE_EXTENSION_ONLY_IF_EASES),
        ("prone_on_elbows", patient(extension_eases_pain=False), RULE_EXTENSION_ONLY_IF_EASES),
        ("prone_on_elbows", patient(extension_eases_pain=True), None),
        ("bridge", patient(), None),
    ],
)
def test_each_exclusion_names_its_rule(exercise_id, profile, rule):
    found = exclusion(get_exercise(exercise_id), profile)
    assert (found.rule if found else None) == rule
    if found:
        assert found.reason.nl and found.reason.en
        assert found.rule.startswith("programme.md §2 revision 2")


def test_the_stenosis_rule_names_its_guideline():
    assert "NHG M55" in RULE_STENOSIS_EXTENSION


def test_a_pregnancy_week_after_16_stops_supine_exercises_in_the_following_plans():
    early = patient(tags=PREGNANT, pregnancy_week=15)
    history = follow(early, on_goal())
    assert any(get_exercise(i).position == "supine" for i in ids(history[0].plan))
    later = patient(tags=PREGNANT, pregnancy_week=17)
    plan = propose_week(later, history)
    assert all(get_exercise(i).position != "supine" for i in ids(plan))
    removed = [note for note in plan.notes if note.rule == RULE_PREGNANT_SUPINE]
    assert any("uit uw plan gehaald" in note.reason for note in removed)


def test_a_therapists_prone_exercise_leaves_the_plan_of_a_pregnant_patient_with_a_reason():
    history = follow(patient(), on_goal())
    chosen = planned("prone_chest_lift", 1, reps=8, set_by="therapist")
    history[0] = with_exercises(history[0], *history[0].plan.exercises, chosen)
    assert "prone_chest_lift" in ids(propose_week(patient(), history))
    plan = propose_week(patient(tags=PREGNANT, pregnancy_week=10), history)
    assert "prone_chest_lift" not in ids(plan)
    name = get_exercise("prone_chest_lift").name.nl
    note = next(note for note in plan.notes if name in note.reason)
    assert note.rule == RULE_PREGNANT_PRONE
    assert "zwanger" in note.reason


def test_an_extension_exercise_from_an_older_plan_leaves_when_extension_is_not_known_to_help():
    eases = patient(extension_eases_pain=True)
    history = follow(eases, on_goal())
    assert ids(history[0].plan)[0] == "prone_on_elbows"
    plan = propose_week(patient(extension_eases_pain=False), history)
    assert "prone_on_elbows" not in ids(plan)
    assert any(note.rule == RULE_EXTENSION_ONLY_IF_EASES for note in plan.notes)
    assert any(e.category == "mobility" for e in plan.exercises)


def test_a_step_back_never_steps_into_an_excluded_easier_level():
    # deep_activation: level 1 (heel slide) lies on the back, level 2 (quadruped) does not.
    profile = patient(tags=PREGNANT)
    history = follow(profile, on_goal())
    assert "quadruped_activation" in ids(history[0].plan)
    flare = days(15, 15, 15, flare=True)
    history = follow(profile, flare)
    plan = propose_week(profile, history)
    assert plan.decision == "step_back"
    assert "quadruped_activation" in ids(plan)
    assert "abdominal_activation_heel_slide" not in ids(plan)


def test_a_pregnant_plan_tells_the_therapist_in_english_too():
    plan = propose_week(patient(tags=PREGNANT), [], language="en")
    assert any("pregnant" in note.reason for note in plan.notes)
