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
    next_step,
    read_exposure_activities,
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


def test_loader_refuses_duplicate_activity_ids(tmp_path: Path):
    activity = json.loads(ACTIVITIES_FILE.read_text(encoding="utf-8"))["activities"][0]
    path = tmp_path / "activities.json"
    path.write_text(json.dumps({"activities": [activity, activity]}), "utf-8")
    with pytest.raises(DataFileError, match="used twice"):
        read_exposure_activities(path)


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
