"""The JSON form of plans and inputs: round trip, documented keys, errors that name the field."""

import json
from dataclasses import replace

import pytest

from ruggensteun.clinical.programme.engine import PlanInputError, WeekRecord, propose_week
from ruggensteun.clinical.programme.exercises import CATEGORIES
from ruggensteun.clinical.programme.plan_io import (
    Goal,
    checkin_from_dict,
    history_from_list,
    plan_from_dict,
    plan_to_dict,
    profile_from_dict,
)
from ruggensteun.clinical.programme.settings import ProgrammeSettings, settings_from_dict
from tests.clinical.test_plan_support import days, follow, on_goal, patient

DOCUMENTED = [
    "week",
    "decision",
    "walking",
    "exercises",
    "education",
    "exposure",
    "time_contingent",
    "reasons",
]
EXTRA = [
    "education_details",
    "reason_rules",
    "flare_up_plan",
    "notify_therapist",
    "language",
    "goals",
]
EXERCISE_KEYS = [
    "id",
    "category",
    "level",
    "sets",
    "reps",
    "hold_seconds",
    "days_per_week",
    "reason",
]
PROFILE = {"duration_class": "acute", "pain_type": "nonspecific", "pathway": "advice", "nprs": 4}


GOAL = Goal(
    id="tillen",
    name="Tillen",
    kind="graded_activity",
    difficulty=7,
    reason="U werkt toe naar: Tillen.",
    rule="programme.md §5 graded activity: the patient's own goal (PSK)",
)


def sample_plans():
    """Weeks 1-4 of a radicular patient with fear (the first exposure step in week 2) and
    the English week 4; week 2 holds a goal the therapist adopted."""
    profile = patient(pain_type="radicular", fear_ratings={"lifting_crate": 60})
    history = follow(profile, on_goal())
    week2 = replace(propose_week(profile, history), goals=(GOAL,))
    history.append(WeekRecord(plan=week2, checkins=days(15, flare=True)))
    week3 = propose_week(profile, history)
    history.append(WeekRecord(plan=week3, checkins=on_goal(met=1)(week3)))
    plans = [record.plan for record in history] + [propose_week(profile, history)]
    return [*plans, propose_week(profile, history, language="en")]


# Week 2: the first plan with an exposure step, and with a goal.
WITH_EXPOSURE = 1


@pytest.mark.parametrize("plan", sample_plans(), ids=lambda plan: f"week{plan.week}")
def test_a_plan_survives_the_json_round_trip(plan):
    data = json.loads(json.dumps(plan_to_dict(plan)))
    assert plan_from_dict(data) == plan


def test_the_json_has_the_documented_keys_then_the_engines_own():
    data = plan_to_dict(sample_plans()[WITH_EXPOSURE])
    assert sorted(data) == sorted(DOCUMENTED + EXTRA)
    assert list(data["walking"])[:2] == ["minutes_per_day", "walks_per_day"]
    assert set(EXERCISE_KEYS) <= set(data["exercises"][0])
    assert set(data["exposure"]) >= {"activity", "reason"}
    assert all(isinstance(reason, str) for reason in data["reasons"])


def test_a_plan_with_only_the_documented_keys_can_be_read():
    data = plan_to_dict(sample_plans()[WITH_EXPOSURE])
    minimal = {key: data[key] for key in DOCUMENTED}
    minimal["walking"] = {key: data["walking"][key] for key in ("minutes_per_day", "walks_per_day")}
    minimal["exercises"] = [{key: e[key] for key in EXERCISE_KEYS} for e in data["exercises"]]
    minimal["exposure"] = {key: data["exposure"][key] for key in ("activity", "reason")}
    plan = plan_from_dict(minimal)
    assert [e.set_by for e in plan.exercises] == ["engine"] * len(plan.exercises)
    assert plan.exposure is not None and plan.exposure.first_rating is None
    assert plan.goals == ()


def test_a_goal_carries_into_the_next_weeks_and_survives_the_json():
    plans = sample_plans()
    assert plans[0].goals == ()
    assert all(plan.goals == (GOAL,) for plan in plans[1:])
    data = json.loads(json.dumps(plan_to_dict(plans[2])))
    assert data["goals"] == [
        {
            "id": "tillen",
            "name": "Tillen",
            "kind": "graded_activity",
            "difficulty": 7,
            "reason": "U werkt toe naar: Tillen.",
            "rule": "programme.md §5 graded activity: the patient's own goal (PSK)",
        }
    ]


def error_of(function, data) -> str:
    with pytest.raises(PlanInputError) as caught:
        function(data)
    return str(caught.value)


def broken_plan(change) -> dict:
    data = plan_to_dict(sample_plans()[WITH_EXPOSURE])
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["exercises"][0].update(id="moonwalk"), "plan.exercises[0].id: no exercise"),
        (lambda d: d["exercises"][0].update(category="strength"), "plan.exercises[0].category"),
        (lambda d: d["exercises"][0].update(level=3), "plan.exercises[0].level"),
        (
            lambda d: d["exercises"][0].update(reps=None, hold_seconds=20),
            "plan.exercises[0].reps: cat_camel is dosed in reps",
        ),
        (lambda d: d["exercises"][0].update(days_per_week=8), "plan.exercises[0].days_per_week"),
        (lambda d: d["exercises"][0].update(set_by="robot"), "plan.exercises[0].set_by"),
        (
            lambda d: d["exercises"][0].pop("hold_seconds"),
            "plan.exercises[0].hold_seconds: missing",
        ),
        (
            lambda d: d["exercises"].extend([d["exercises"][0]]),
            "plan.exercises[4].id: exercise given",
        ),
        (lambda d: d.update(decision="panic"), "plan.decision"),
        (
            lambda d: d.update(education=["astrology"], education_details=[]),
            "plan.education[0]: no education module",
        ),
        (
            lambda d: d.update(education=[]),
            "plan.education_details[0].id: 'walking' is not in education",
        ),
        (lambda d: d["exposure"].update(activity="skydiving"), "plan.exposure.activity"),
        (lambda d: d["walking"].update(minutes_per_day=0), "plan.walking.minutes_per_day"),
        (lambda d: d["walking"].update(minutes_per_day="15"), "plan.walking.minutes_per_day"),
        (lambda d: d.update(time_contingent="yes"), "plan.time_contingent"),
        (lambda d: d.update(colour="blue"), "plan: unknown field 'colour'"),
        (lambda d: d.pop("reasons"), "plan.reasons: missing"),
        (lambda d: d.update(reason_rules=[]), "plan.reason_rules"),
        (lambda d: d["goals"][0].update(kind="wish"), "plan.goals[0].kind"),
        (lambda d: d["goals"][0].update(difficulty=11), "plan.goals[0].difficulty"),
        (lambda d: d["goals"][0].update(name=" "), "plan.goals[0].name: must not be empty"),
        (lambda d: d["goals"][0].pop("id"), "plan.goals[0].id: missing"),
        (lambda d: d["goals"].append(d["goals"][0]), "plan.goals[1].id: goal given twice"),
        (lambda d: d["goals"][0].update(colour=1), "plan.goals[0]: unknown field 'colour'"),
    ],
)
def test_a_broken_plan_is_refused_naming_the_field(change, message):
    assert message in error_of(plan_from_dict, broken_plan(change))


def test_more_than_six_exercises_is_refused():
    data = plan_to_dict(propose_week(patient(preferences=CATEGORIES), []))
    assert len(data["exercises"]) == 6
    seventh = {**data["exercises"][0], "id": "knee_rocking", "sets": 1, "reps": 10}
    data["exercises"].append(seventh)
    assert "plan.exercises: at most 6" in error_of(plan_from_dict, data)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"nprs": 11}, "profile.nprs: must be 0 to 10, got 11"),
        ({"nprs": True}, "profile.nprs: must be a whole number"),
        ({"duration_class": "eternal"}, "profile.duration_class"),
        ({"pain_type": "sharp"}, "profile.pain_type"),
        ({"pathway": "surgery"}, "profile.pathway"),
        ({"preferences": ["yoga"]}, "profile.preferences[0]"),
        ({"preferences": ["strength", "strength"]}, "profile.preferences"),
        ({"fear_ratings": {"skydiving": 50}}, "profile.fear_ratings.skydiving"),
        ({"fear_ratings": {"running": 101}}, "profile.fear_ratings.running"),
        ({"fear_ratings": [1]}, "profile.fear_ratings: must be a JSON object"),
        ({"disliked_exercises": ["moonwalk"]}, "profile.disliked_exercises"),
        ({"tags": ["grumpy"]}, "profile.tags"),
        ({"tags": ["pregnant"], "pregnancy_week": 0}, "profile.pregnancy_week: must be 1 to 42"),
        ({"tags": ["pregnant"], "pregnancy_week": 50}, "profile.pregnancy_week"),
        ({"pregnancy_week": 20}, "profile.pregnancy_week: given without the tag 'pregnant'"),
        ({"extension_eases_pain": "yes"}, "profile.extension_eases_pain: must be true or false"),
        ({"age": 40}, "profile: unknown field 'age'"),
    ],
)
def test_a_broken_profile_is_refused_naming_the_field(change, message):
    assert message in error_of(profile_from_dict, {**PROFILE, **change})


def test_the_revision_2_profile_fields_are_read():
    data = {
        **PROFILE,
        "tags": ["pregnant", "stenosis"],
        "pregnancy_week": 12,
        "extension_eases_pain": False,
    }
    profile = profile_from_dict(data)
    assert profile.tags == frozenset({"pregnant", "stenosis"})
    assert (profile.pregnancy_week, profile.extension_eases_pain) == (12, False)
    unknown = profile_from_dict(PROFILE)
    assert (unknown.pregnancy_week, unknown.extension_eases_pain) == (None, None)


def test_a_profile_without_a_required_field_is_refused():
    data = dict(PROFILE)
    del data["pathway"]
    assert error_of(profile_from_dict, data) == "profile.pathway: missing"


@pytest.mark.parametrize(
    ("checkin", "message"),
    [
        ({"day": 9}, "checkins[0].day: must be 1 to 7, got 9"),
        ({"day": 0}, "checkins[0].day"),
        ({"pain": -1}, "checkins[0].pain"),
        ({"walking_minutes": 2000}, "checkins[0].walking_minutes"),
        ({"walking_minutes": 12.5}, "checkins[0].walking_minutes: must be a whole number"),
        ({"exercise_sessions": -1}, "checkins[0].exercise_sessions"),
        ({"flare": "no"}, "checkins[0].flare: must be true or false"),
        ({"mood": 3}, "checkins[0]: unknown field 'mood'"),
    ],
)
def test_a_broken_check_in_is_refused_naming_the_field(checkin, message):
    data = [{"plan": plan_to_dict(sample_plans()[0]), "checkins": [checkin]}]
    assert f"history[0].{message}" in error_of(history_from_list, data)


def test_a_week_with_a_day_twice_or_more_than_seven_days_is_refused():
    plan = plan_to_dict(sample_plans()[0])
    twice = [{"plan": plan, "checkins": [{"day": 2}, {"day": 2}]}]
    assert "history[0].checkins[0].day: day 2 given twice" in error_of(history_from_list, twice)
    eight = [{"plan": plan, "checkins": [{}] * 8}]
    assert "history[0].checkins: at most 7 days" in error_of(history_from_list, eight)


def test_check_in_fields_may_all_be_missing():
    assert checkin_from_dict({}, "checkins[0]").walking_minutes is None


def test_history_weeks_must_count_up_from_one():
    history = follow(patient(), on_goal(), on_goal())
    with pytest.raises(PlanInputError, match=r"history\[0\]\.plan\.week: must be 1"):
        propose_week(patient(), list(reversed(history)))


def test_settings_refuse_nonsense_naming_the_setting():
    with pytest.raises(PlanInputError, match="target_exercises"):
        ProgrammeSettings(target_exercises=7)
    with pytest.raises(PlanInputError, match="first_goal_percent"):
        ProgrammeSettings(first_goal_percent=120)
    with pytest.raises(PlanInputError, match="max_minutes_per_day"):
        ProgrammeSettings(max_minutes_per_day=0)
    with pytest.raises(PlanInputError, match="fill_order_acute"):
        ProgrammeSettings(fill_order_acute=("nerve_gliding",))
    assert "settings: unknown setting 'colour'" in error_of(settings_from_dict, {"colour": 1})
    assert "settings.walks_per_day" in error_of(settings_from_dict, {"walks_per_day": "3"})


def test_settings_from_json_override_only_what_is_given():
    settings = settings_from_dict({"first_week_minutes": 20, "fill_order_acute": ["mobility"]})
    assert settings == ProgrammeSettings(first_week_minutes=20, fill_order_acute=("mobility",))
