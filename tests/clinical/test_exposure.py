"""Graded-exposure activities and the steps through them (programme.md §6)."""

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ruggensteun.clinical.datafiles import DataFileError
from ruggensteun.clinical.programme.exercises import EXERCISE_SCHEMA
from ruggensteun.clinical.programme.exposure import (
    ACTIVITIES_FILE,
    ACTIVITIES_SCHEMA,
    get_exposure_activity,
    hierarchy,
    is_mastered,
    load_exposure_activities,
    load_exposure_guidance,
    next_step,
    read_exposure_activities,
    read_exposure_guidance,
)
from tests.clinical.test_education_plain_language import (
    MAX_WORDS_EN,
    MAX_WORDS_NL,
    long_sentences,
)

ACTIVITIES = load_exposure_activities()
IDS = [activity.id for activity in ACTIVITIES]

KNOWN_IDS = frozenset(
    {
        "bending_to_pick_up",
        "lifting_crate",
        "carrying_shopping",
        "vacuuming",
        "twisting_to_reach_behind",
        "running",
        "sitting_long",
        "weeding",
        "raking",
        "tying_shoes",
        "putting_on_socks",
        "climbing_stairs",
        "reaching_high_shelf",
        "getting_down_to_the_floor",
        "cycling_outdoors",
    }
)


def test_there_are_about_fifteen_activities_with_unique_snake_case_ids():
    assert 12 <= len(ACTIVITIES) <= 20
    assert len(set(IDS)) == len(IDS)
    assert all(re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", id_) for id_ in IDS)


def test_known_activity_ids_are_never_removed_or_renamed():
    assert not KNOWN_IDS - set(IDS)


def test_the_activities_named_in_the_programme_are_there():
    for id_ in ("bending_to_pick_up", "lifting_crate", "vacuuming", "carrying_shopping"):
        assert get_exposure_activity(id_)
    for id_ in ("twisting_to_reach_behind", "running", "sitting_long", "tying_shoes"):
        assert get_exposure_activity(id_)


@pytest.mark.parametrize("activity", ACTIVITIES, ids=lambda a: a.id)
def test_every_activity_has_name_description_and_alt_text_in_both_languages(activity):
    for field in ("name", "description", "alt"):
        text = getattr(activity, field)
        assert text.nl.strip() and text.en.strip() and text.nl != text.en, field


def test_activity_and_exercise_schemas_share_one_figure_definition():
    exercise = json.loads(EXERCISE_SCHEMA.read_text(encoding="utf-8"))["$defs"]
    exposure = json.loads(ACTIVITIES_SCHEMA.read_text(encoding="utf-8"))["$defs"]
    for name in ("text", "figure", "pose", "limb", "prop", "angle"):
        assert exposure[name] == exercise[name], name


def _raw():
    return json.loads(ACTIVITIES_FILE.read_text(encoding="utf-8"))


def _write(tmp_path: Path, raw) -> Path:
    path = tmp_path / "activities.json"
    path.write_text(json.dumps(raw), "utf-8")
    return path


def test_loader_refuses_duplicate_activity_ids(tmp_path: Path):
    raw = _raw()
    raw["activities"] = [raw["activities"][0], raw["activities"][0]]
    with pytest.raises(DataFileError, match="used twice"):
        read_exposure_activities(_write(tmp_path, raw))


# --- the small steps through each activity (clinical review 2026-12, finding 13) ------------


@pytest.mark.parametrize("activity", ACTIVITIES, ids=lambda a: a.id)
def test_every_activity_has_three_to_five_small_steps_in_both_languages(activity):
    assert 3 <= len(activity.steps) <= 5
    for step in activity.steps:
        assert step.nl.strip() and step.en.strip() and step.nl != step.en
    assert len({step.nl for step in activity.steps}) == len(activity.steps), "a step repeats"


@pytest.mark.parametrize("activity", ACTIVITIES, ids=lambda a: a.id)
def test_the_steps_are_short_sentences_that_say_u(activity):
    assert long_sentences([step.nl for step in activity.steps], MAX_WORDS_NL) == []
    assert long_sentences([step.en for step in activity.steps], MAX_WORDS_EN) == []
    for step in activity.steps:
        assert not re.search(r"\b(je|jij|jouw)\b", step.nl.lower()), step.nl


def test_lifting_a_crate_builds_up_from_empty_to_half_full_to_full():
    steps = [step.nl.lower() for step in get_exposure_activity("lifting_crate").steps]
    empty = next(i for i, s in enumerate(steps) if "lege krat" in s)
    half = next(i for i, s in enumerate(steps) if "halfvolle krat" in s)
    full = next(i for i, s in enumerate(steps) if "volle krat" in s and "halfvolle" not in s)
    assert empty < half < full


@pytest.mark.parametrize("count", [2, 6])
def test_an_activity_with_too_few_or_too_many_steps_is_refused(tmp_path: Path, count):
    raw = _raw()
    step = raw["activities"][0]["steps"][0]
    raw["activities"][0]["steps"] = [step] * count
    with pytest.raises(DataFileError, match="steps"):
        read_exposure_activities(_write(tmp_path, raw))


def test_an_activity_without_steps_is_refused(tmp_path: Path):
    raw = _raw()
    del raw["activities"][0]["steps"]
    with pytest.raises(DataFileError, match="steps"):
        read_exposure_activities(_write(tmp_path, raw))


def test_after_each_step_the_patient_compares_expectation_with_what_happened():
    guidance = load_exposure_guidance()
    assert guidance.question.nl == "Wat verwachtte u, en wat gebeurde er?"
    assert guidance.question.en == "What did you expect, and what happened?"
    assert guidance.after_each_step.nl.strip() and guidance.after_each_step.en.strip()


def test_exposure_is_agreed_with_the_therapist_and_done_without_tricks():
    # KNGF 2021 C.3 (clinical review 2026-12, finding 13): exposure is led by the therapist;
    # the patient does the activity normally, without avoiding (no safety behaviour).
    guidance = load_exposure_guidance()
    assert "fysiotherapeut" in guidance.agree_with_therapist.nl
    assert "physiotherapist" in guidance.agree_with_therapist.en
    assert "zonder trucjes" in guidance.without_tricks.nl
    assert "without tricks" in guidance.without_tricks.en
    texts = [guidance.agree_with_therapist, guidance.without_tricks, guidance.after_each_step]
    assert long_sentences([text.nl for text in texts], MAX_WORDS_NL) == []


def test_guidance_without_the_question_is_refused(tmp_path: Path):
    raw = _raw()
    del raw["guidance"]["question"]
    with pytest.raises(DataFileError, match="question"):
        read_exposure_guidance(_write(tmp_path, raw))


def test_our_own_wording_is_marked_unverified_and_names_its_source():
    raw = _raw()
    assert raw["text_verified"] is False
    assert any(
        source.get("year") == 2021 and source["section"].startswith("C.3")
        for source in raw["sources"]
    )


def test_the_hierarchy_runs_from_least_to_most_feared():
    ratings = {"running": 90, "vacuuming": 20, "lifting_crate": 70, "tying_shoes": 40}
    assert hierarchy(ratings) == ("vacuuming", "tying_shoes", "lifting_crate", "running")


def test_equal_ratings_keep_the_order_of_the_list():
    ratings = {"running": 50, "bending_to_pick_up": 50}
    assert hierarchy(ratings) == ("bending_to_pick_up", "running")


def test_ratings_outside_zero_to_hundred_or_for_unknown_activities_are_refused():
    with pytest.raises(ValueError):
        hierarchy({"running": 101})
    with pytest.raises(KeyError):
        hierarchy({"skydiving": 50})


def test_the_next_step_is_the_least_feared_activity_not_yet_mastered():
    ratings = {"running": 90, "vacuuming": 20, "lifting_crate": 70}
    assert next_step(ratings, mastered=set()) == "vacuuming"
    assert next_step(ratings, mastered={"vacuuming"}) == "lifting_crate"
    assert next_step(ratings, mastered=set(ratings)) is None


def test_a_step_is_mastered_after_three_days_with_a_rating_of_thirty_or_less():
    assert is_mastered(days_done=3, first_rating=50, latest_rating=30)
    assert not is_mastered(days_done=3, first_rating=50, latest_rating=31)


def test_a_step_is_mastered_after_three_days_with_a_drop_of_thirty_points():
    assert is_mastered(days_done=4, first_rating=90, latest_rating=60)
    assert not is_mastered(days_done=4, first_rating=90, latest_rating=61)


def test_a_step_done_on_fewer_than_three_days_is_not_mastered():
    assert not is_mastered(days_done=2, first_rating=80, latest_rating=0)


@given(st.dictionaries(st.sampled_from(IDS), st.integers(0, 100), min_size=1))
def test_the_hierarchy_holds_every_rated_activity_once_in_rising_order(ratings):
    order = hierarchy(ratings)
    assert sorted(order) == sorted(ratings)
    assert [ratings[id_] for id_ in order] == sorted(ratings.values())
