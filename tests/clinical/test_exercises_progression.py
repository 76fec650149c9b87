"""The dosage and level contract with the plan engine, and the loader's own checks."""

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ruggensteun.clinical.datafiles import DataFileError
from ruggensteun.clinical.programme.exercises import (
    Dose,
    chain,
    get_exercise,
    load_exercises,
    read_exercises,
    step_down,
    step_up,
)

ALL_DOSES = [Dose(e.id, step) for e in load_exercises() for step in range(len(e.dosage))]


def _is_top(dose: Dose) -> bool:
    exercise = dose.exercise
    last_level = len(chain(exercise.chain))
    return exercise.level == last_level and dose.step == len(exercise.dosage) - 1


def _is_bottom(dose: Dose) -> bool:
    return dose.exercise.level == 1 and dose.step == 0


def test_step_up_raises_the_dosage_within_a_level():
    assert step_up(Dose("bridge", 0)) == Dose("bridge", 1)
    assert step_up(Dose("bridge", 0)).dosage.volume > Dose("bridge", 0).dosage.volume


def test_step_up_past_the_last_step_moves_to_the_next_level_first_step():
    last = len(get_exercise("bridge").dosage) - 1
    assert step_up(Dose("bridge", last)) == Dose("bridge_march", 0)


def test_step_up_at_the_top_of_a_chain_stays():
    top = Dose("single_leg_bridge", len(get_exercise("single_leg_bridge").dosage) - 1)
    assert step_up(top) == top


def test_step_down_below_the_first_step_moves_to_the_easier_level_last_step():
    easier_last = len(get_exercise("bridge").dosage) - 1
    assert step_down(Dose("bridge_march", 0)) == Dose("bridge", easier_last)


def test_step_down_at_the_bottom_of_a_chain_stays():
    assert step_down(Dose("bridge", 0)) == Dose("bridge", 0)


def test_a_single_level_chain_only_moves_through_its_dosage():
    walking_last = len(get_exercise("swimming").dosage) - 1
    assert step_up(Dose("swimming", walking_last)) == Dose("swimming", walking_last)


def test_a_stored_dose_outside_the_table_is_clamped_to_it():
    last = len(get_exercise("bridge").dosage) - 1
    assert Dose("bridge", 99).clamped() == Dose("bridge", last)
    assert Dose("bridge", -1).clamped() == Dose("bridge", 0)
    assert Dose("bridge", 1).clamped() == Dose("bridge", 1)


@pytest.mark.parametrize("dose", ALL_DOSES, ids=lambda d: f"{d.exercise_id}-{d.step}")
def test_step_down_undoes_step_up_below_the_top(dose):
    if not _is_top(dose):
        assert step_down(step_up(dose)) == dose


@given(st.sampled_from(ALL_DOSES), st.lists(st.booleans(), max_size=40))
def test_stepping_never_leaves_the_chain_or_the_dosage_table(start, moves):
    dose = start
    for up in moves:
        dose = step_up(dose) if up else step_down(dose)
        assert dose.exercise.chain == start.exercise.chain
        assert 0 <= dose.step < len(dose.exercise.dosage)


@given(st.sampled_from(ALL_DOSES))
def test_only_the_ends_of_a_chain_stand_still(dose):
    assert (step_up(dose) == dose) == _is_top(dose)
    assert (step_down(dose) == dose) == _is_bottom(dose)


# --- the loader refuses content that breaks the contract ----------------------------------

VALID = json.loads(
    (
        Path(__file__).resolve().parents[2]
        / "ruggensteun/clinical/programme/content/exercises/strength.json"
    ).read_text(encoding="utf-8")
)


def _bridge(**changes):
    exercise = json.loads(json.dumps(VALID["exercises"][0]))
    exercise.update(changes)
    return exercise


def _write(tmp_path: Path, *exercises) -> Path:
    (tmp_path / "test.json").write_text(json.dumps({"exercises": list(exercises)}), "utf-8")
    return tmp_path


def test_loader_accepts_a_valid_exercise(tmp_path):
    (exercise,) = read_exercises(_write(tmp_path, _bridge()))
    assert exercise.id == "bridge"


def test_loader_refuses_duplicate_ids(tmp_path):
    with pytest.raises(DataFileError, match="used twice: bridge"):
        read_exercises(_write(tmp_path, _bridge(), _bridge(level=2)))


def test_loader_refuses_a_gap_in_a_chain(tmp_path):
    with pytest.raises(DataFileError, match=r"chain bridge: levels must be 1\.\.2"):
        read_exercises(_write(tmp_path, _bridge(), _bridge(id="bridge_hard", level=3)))


def test_loader_refuses_a_dosage_that_falls(tmp_path):
    dosage = [
        {"sets": 3, "reps": 10, "rest_seconds": 60},
        {"sets": 2, "reps": 10, "rest_seconds": 60},
    ]
    with pytest.raises(DataFileError, match="must rise step by step"):
        read_exercises(_write(tmp_path, _bridge(dosage=dosage)))


def test_loader_refuses_a_dosage_that_mixes_repetitions_and_holds(tmp_path):
    dosage = [
        {"sets": 2, "reps": 10, "rest_seconds": 60},
        {"sets": 3, "hold_seconds": 30, "rest_seconds": 60},
    ]
    with pytest.raises(DataFileError, match="dosage mixes"):
        read_exercises(_write(tmp_path, _bridge(dosage=dosage)))


def test_loader_refuses_nerve_gliding_without_the_radicular_rule(tmp_path):
    with pytest.raises(DataFileError, match="only_for_pain_type radicular"):
        read_exercises(_write(tmp_path, _bridge(category="nerve_gliding")))


def test_loader_refuses_a_missing_english_text(tmp_path):
    with pytest.raises(DataFileError, match="purpose"):
        read_exercises(_write(tmp_path, _bridge(purpose={"nl": "Sterker worden."})))


def test_loader_refuses_an_unknown_category(tmp_path):
    with pytest.raises(DataFileError, match="category"):
        read_exercises(_write(tmp_path, _bridge(category="yoga")))


def test_loader_refuses_a_step_with_both_repetitions_and_a_hold(tmp_path):
    dosage = [{"sets": 2, "reps": 10, "hold_seconds": 5, "rest_seconds": 60}]
    with pytest.raises(DataFileError, match="dosage"):
        read_exercises(_write(tmp_path, _bridge(dosage=dosage)))
