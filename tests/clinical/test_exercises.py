"""The exercise library as content: complete, bilingual, stable, and safe (programme.md §3)."""

import re
from collections import Counter

import pytest

from ruggensteun.clinical.programme.exercises import (
    CATEGORIES,
    PHASES,
    Exercise,
    chain,
    chain_ids,
    exercises_in_category,
    get_exercise,
    load_exercises,
)

# Ids are referenced by stored plans and logs: they may be added to, never removed or renamed.
KNOWN_IDS = frozenset(
    {
        "abdominal_activation_heel_slide",
        "belly_breathing",
        "bird_dog",
        "bird_dog_elbow_to_knee",
        "breathing_break_seated",
        "bridge",
        "bridge_march",
        "brisk_walking",
        "cat_camel",
        "cycling",
        "dead_bug",
        "dead_bug_heel_tap",
        "dead_bug_leg_extension",
        "farmer_carry",
        "getting_up_from_floor",
        "glute_stretch_lying",
        "hamstring_stretch_lying",
        "hamstring_stretch_standing",
        "hip_flexor_stretch_kneeling",
        "hip_flexor_stretch_standing",
        "hip_hinge",
        "knee_rocking",
        "knees_to_chest",
        "lifting_dry_practice",
        "lifting_heavier",
        "lifting_light_box",
        "lumbar_rotation_lying",
        "lunge",
        "neutral_position_seated",
        "neutral_position_standing",
        "pelvic_tilt_lying",
        "pelvic_tilt_seated",
        "piriformis_stretch_lying",
        "piriformis_stretch_seated",
        "progressive_relaxation",
        "prone_chest_lift",
        "prone_on_elbows",
        "prone_opposite_arm_leg_lift",
        "prone_press_up",
        "prone_superman",
        "quadruped_activation",
        "quadruped_arm_lift",
        "quadruped_leg_lift",
        "reaching_overhead",
        "relaxed_posture_seated",
        "relaxed_posture_standing",
        "rest_position_legs_on_chair",
        "sciatic_slider_lying",
        "sciatic_slider_seated",
        "sciatic_tensioner_seated",
        "side_plank",
        "side_plank_knees",
        "single_knee_to_chest",
        "single_leg_bridge",
        "sit_to_stand",
        "small_and_big_back_movements",
        "split_squat",
        "squat",
        "stair_climbing",
        "suitcase_carry",
        "swimming",
        "walking",
    }
)

EXERCISES = load_exercises()


def _texts(exercise: Exercise):
    yield "name", exercise.name
    yield "purpose", exercise.purpose
    yield "starting_position", exercise.starting_position
    yield "feel", exercise.feel
    yield "alt", exercise.alt
    for field in ("steps", "mistakes", "cautions"):
        for index, text in enumerate(getattr(exercise, field)):
            yield f"{field}[{index}]", text


def _sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.?!])\s+", text.strip()) if part]


def test_library_has_at_least_44_exercises():
    assert len(EXERCISES) >= 44


def test_known_exercise_ids_are_never_removed_or_renamed():
    missing = KNOWN_IDS - {exercise.id for exercise in EXERCISES}
    assert not missing, f"ids removed or renamed: {sorted(missing)}"


def test_ids_are_unique_and_snake_case():
    counts = Counter(exercise.id for exercise in EXERCISES)
    assert [id_ for id_, n in counts.items() if n > 1] == []
    for exercise in EXERCISES:
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", exercise.id), exercise.id


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_every_text_is_filled_in_dutch_and_english(exercise):
    for field, text in _texts(exercise):
        assert text.nl.strip(), f"{exercise.id}.{field} has no Dutch"
        assert text.en.strip(), f"{exercise.id}.{field} has no English"
        assert text.nl != text.en, f"{exercise.id}.{field} is not translated"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_every_exercise_has_steps_mistakes_cautions_phase_equipment_and_dosage(exercise):
    assert len(exercise.steps) >= 3
    assert exercise.mistakes
    assert exercise.cautions
    assert exercise.phases
    assert exercise.equipment
    assert exercise.dosage


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_patient_sentences_are_short(exercise):
    # B1 Dutch: short sentences. 20 words is a generous ceiling; steps stay shorter. An alt
    # text describes a picture in one sentence for a screen reader and may run a little longer.
    limits = {"steps": 18, "alt": 26}
    for field, text in _texts(exercise):
        for sentence in _sentences(text.nl):
            limit = limits.get(field.split("[")[0], 20)
            assert len(sentence.split()) <= limit, f"{exercise.id}.{field}: {sentence}"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_patient_text_says_u_not_je(exercise):
    for field, text in _texts(exercise):
        words = set(re.findall(r"\b\w+\b", text.nl.lower()))
        assert not words & {"je", "jij", "jouw", "jou"}, f"{exercise.id}.{field}"


def test_every_category_has_at_least_three_exercises():
    for category in CATEGORIES:
        assert len(exercises_in_category(category)) >= 3, category


def test_every_phase_has_mobility_and_motor_control_or_strength():
    # programme.md §4: every plan needs a mobility and a motor-control or strength exercise.
    for phase in PHASES:
        in_phase = [e for e in EXERCISES if phase in e.phases]
        assert any(e.category == "mobility" for e in in_phase), phase
        assert any(e.category in ("motor_control", "strength") for e in in_phase), phase


def test_acute_high_pain_patients_have_mobility_and_relaxation_to_choose_from():
    # programme.md §4: acute with NPRS >= 7: mobility, relaxation and walking first.
    gentle = [e for e in EXERCISES if e.suitable_high_pain and "acute" in e.phases]
    categories = Counter(e.category for e in gentle)
    assert categories["mobility"] >= 3
    assert categories["relaxation"] >= 2
    assert get_exercise("walking") in gentle


def test_nerve_gliding_is_only_for_radicular_pain():
    nerve_gliding = exercises_in_category("nerve_gliding")
    assert nerve_gliding
    for exercise in nerve_gliding:
        assert exercise.only_for_pain_type == "radicular"
        assert exercise.allowed_for("radicular")
        assert not exercise.allowed_for("nonspecific")


def test_only_nerve_gliding_is_restricted_by_pain_type():
    restricted = {e.id for e in EXERCISES if e.only_for_pain_type is not None}
    assert restricted == {e.id for e in exercises_in_category("nerve_gliding")}


def test_equipment_none_stands_alone():
    for exercise in EXERCISES:
        if "none" in exercise.equipment:
            assert exercise.equipment == ("none",), exercise.id


def test_chain_levels_run_from_one_without_gaps_in_one_category():
    for chain_id in chain_ids():
        levels = chain(chain_id)
        assert [e.level for e in levels] == list(range(1, len(levels) + 1)), chain_id
        assert len({e.category for e in levels}) == 1, chain_id


def test_several_chains_have_two_to_four_levels():
    lengths = Counter(len(chain(chain_id)) for chain_id in chain_ids())
    assert sum(n for length, n in lengths.items() if length >= 2) >= 8
    assert max(lengths) <= 4


def test_the_bridge_chain_goes_bridge_march_single_leg():
    assert [e.id for e in chain("bridge")] == ["bridge", "bridge_march", "single_leg_bridge"]


def test_lifting_is_practised_dry_first_then_light_then_heavier():
    # programme.md §3: "dry" practice in slow motion, then faster and heavier.
    ids = [e.id for e in chain("lifting")]
    assert ids == ["lifting_dry_practice", "lifting_light_box", "lifting_heavier"]
    assert get_exercise("lifting_dry_practice").equipment == ("none",)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_dosage_volume_never_falls_from_step_to_step(exercise):
    volumes = [step.volume for step in exercise.dosage]
    assert volumes == sorted(volumes)
    assert len(set(volumes)) == len(volumes), "a step up must add something"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_dosage_counts_one_kind_per_exercise(exercise):
    assert len({step.kind for step in exercise.dosage}) == 1


TIMES = "\N{MULTIPLICATION SIGN}"


def test_dosage_labels_read_naturally():
    bridge_march = get_exercise("bridge_march")
    assert bridge_march.dosage[2].label("nl", bridge_march.per_side) == (
        f"3 {TIMES} 8 keer per kant, 60 seconden rust"
    )
    assert get_exercise("prone_on_elbows").dosage[0].label("en") == (
        f"2 {TIMES} 30 seconds hold, 30 seconds rest"
    )
    assert get_exercise("walking").dosage[0].label("nl") == f"3 {TIMES} 5 minuten"


def test_get_exercise_names_a_missing_id():
    with pytest.raises(KeyError, match="no exercise with id 'handstand'"):
        get_exercise("handstand")


def test_the_library_is_loaded_once():
    assert load_exercises() is load_exercises()
