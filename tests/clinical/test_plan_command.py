"""``manage.py plan``: a thin, database-free wrapper around the plan engine."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given, settings
from hypothesis import strategies as st

from ruggensteun.clinical.programme.exercises import load_exercises
from ruggensteun.clinical.programme.plan_io import PlanInputError
from ruggensteun.programme.management.commands.plan import plan_from_request

ROOT = Path(__file__).resolve().parents[2]
PROFILE = {
    "duration_class": "subacute",
    "pain_type": "radicular",
    "pathway": "exercise",
    "nprs": 6,
    "preferences": ["strength"],
    "fear_ratings": {"lifting_crate": 70, "tying_shoes": 30},
    "disliked_exercises": [],
}
DOCUMENTED = {
    "week",
    "decision",
    "walking",
    "exercises",
    "education",
    "exposure",
    "time_contingent",
    "reasons",
}


def run(data: object, *args: str) -> dict:
    out = io.StringIO()
    call_command("plan", "-", *args, stdin=io.StringIO(json.dumps(data)), stdout=out)
    return json.loads(out.getvalue())


def run_process(text: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "plan", *(args or ("-",))],
        input=text,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ.copy(),
        timeout=60,
    )


def good_week(plan: dict) -> list[dict]:
    goal = plan["walking"]["minutes_per_day"]
    return [
        {"day": day, "walking_minutes": goal, "exercise_sessions": 1, "pain": 5}
        for day in range(1, 8)
    ]


def test_the_first_week_has_the_documented_shape():
    plan = run({"profile": PROFILE, "history": []})
    assert set(plan) >= DOCUMENTED
    assert (plan["week"], plan["decision"]) == (1, "start")
    assert plan["walking"]["minutes_per_day"] == 15
    assert plan["walking"]["walks_per_day"] == 3
    assert 3 <= len(plan["exercises"]) <= 6
    for exercise in plan["exercises"]:
        assert {"id", "category", "level", "sets", "reps", "hold_seconds", "days_per_week"} <= set(
            exercise
        )
        assert exercise["reason"]
    # Fear ratings: pain education and fear of movement first, the first step in week 2
    # (programme.md §2 order rules, revision 2).
    assert plan["exposure"] is None
    assert {"how_pain_works", "fear_of_movement"} <= set(plan["education"])
    assert plan["goals"] == []
    assert plan["time_contingent"] is False
    assert all(isinstance(reason, str) and reason for reason in plan["reasons"])


def test_printed_plans_go_back_in_as_history_week_after_week():
    history: list[dict] = []
    for week in range(1, 5):
        plan = run({"profile": PROFILE, "history": history})
        assert plan["week"] == week
        history.append({"plan": plan, "checkins": good_week(plan)})
    assert [entry["plan"]["decision"] for entry in history] == ["start", *["progress"] * 3]
    goals = [entry["plan"]["walking"]["minutes_per_day"] for entry in history]
    assert goals == [15, 12, 14, 16]


def test_the_first_exposure_step_comes_in_week_two():
    first = run({"profile": PROFILE})
    second = run({"profile": PROFILE, "history": [{"plan": first, "checkins": good_week(first)}]})
    assert second["exposure"]["activity"] == "tying_shoes"


# --- revision 2: pregnancy, stenosis and extension (programme.md §2) -----------------------

PRONE = {"prone_on_elbows", "prone_press_up", "prone_chest_lift"}
PRONE |= {"prone_opposite_arm_leg_lift", "prone_superman"}
EXTENSION = {"prone_on_elbows", "prone_press_up"}


def weeks_of(profile: dict, weeks: int) -> list[dict]:
    history: list[dict] = []
    plans = []
    for _week in range(weeks):
        plan = run({"profile": profile, "history": history})
        plans.append(plan)
        history.append({"plan": plan, "checkins": good_week(plan)})
    return plans


def exercise_ids(plans: list[dict]) -> set[str]:
    return {exercise["id"] for plan in plans for exercise in plan["exercises"]}


def test_extension_is_offered_only_when_it_eases_the_pain():
    base = {**PROFILE, "fear_ratings": {}, "preferences": []}
    assert not exercise_ids(weeks_of(base, 4)) & EXTENSION
    eases = run({"profile": {**base, "extension_eases_pain": True}})
    first = eases["exercises"][0]
    assert first["id"] == "prone_on_elbows"
    assert "extension eases the pain" in first["rule"]


def test_stenosis_takes_extension_out_even_when_it_eases_the_pain():
    profile = {**PROFILE, "extension_eases_pain": True, "tags": ["stenosis"]}
    plans = weeks_of(profile, 3)
    assert not exercise_ids(plans) & EXTENSION
    for plan in plans:
        assert any("STENOSIS" in rule and "NHG M55" in rule for rule in plan["reason_rules"])


def test_a_pregnant_patient_gets_no_prone_exercise_and_after_week_16_no_supine_one():
    supine = {e.id for e in load_exercises() if e.position == "supine"}
    profile = {**PROFILE, "extension_eases_pain": True, "tags": ["pregnant"]}
    plans = weeks_of(profile, 4)
    assert not exercise_ids(plans) & (PRONE | supine)
    for plan in plans:
        # The therapist is told: a reason line with its rule on every plan.
        assert any("pregnancy" in rule for rule in plan["reason_rules"])
        assert any("zwanger" in reason for reason in plan["reasons"])
    early = weeks_of({**profile, "pregnancy_week": 10}, 2)
    assert not exercise_ids(early) & PRONE
    assert exercise_ids(early) & supine


def test_history_may_be_left_out_and_checkins_may_be_empty():
    first = run({"profile": PROFILE})
    plan = run({"profile": PROFILE, "history": [{"plan": first, "checkins": []}]})
    assert plan["decision"] == "hold_low_adherence"
    assert plan["notify_therapist"] is True
    assert run({"profile": PROFILE, "history": [{"plan": first}]})["week"] == 2


def test_the_language_option_gives_english_reasons():
    plan = run({"profile": PROFILE, "history": []}, "--language", "en")
    assert plan["walking"]["reason"].startswith("In the first week")
    assert plan["language"] == "en"


def test_practice_settings_can_be_given_with_the_input():
    plan = run({"profile": PROFILE, "history": [], "settings": {"first_week_minutes": 20}})
    assert plan["walking"]["minutes_per_day"] == 20


def test_a_file_is_read_like_stdin(tmp_path):
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"profile": PROFILE, "history": []}), encoding="utf-8")
    out = io.StringIO()
    call_command("plan", str(case), stdout=out)
    assert json.loads(out.getvalue())["week"] == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"profile": {**PROFILE, "nprs": 11}}, "profile.nprs: must be 0 to 10, got 11"),
        ({"profile": {**PROFILE, "preferences": ["yoga"]}}, "profile.preferences[0]"),
        ({"history": []}, "profile: missing"),
        ({"profile": PROFILE, "colour": "blue"}, "colour: unknown field"),
        ([], "must be a JSON object"),
        ({"profile": PROFILE, "history": {}}, "history: must be an array"),
        ({"profile": PROFILE, "settings": {"walks_per_day": 0}}, "settings.walks_per_day"),
    ],
)
def test_invalid_input_names_the_field(data, message):
    with pytest.raises(CommandError) as caught:
        run(data)
    assert message in str(caught.value)


def test_an_unknown_exercise_in_a_history_plan_names_the_place():
    plan = run({"profile": PROFILE})
    plan["exercises"][1]["id"] = "moonwalk"
    with pytest.raises(CommandError) as caught:
        run({"profile": PROFILE, "history": [{"plan": plan, "checkins": []}]})
    assert "history[0].plan.exercises[1].id: no exercise with id 'moonwalk'" in str(caught.value)


def test_a_check_in_on_day_9_names_the_place():
    plan = run({"profile": PROFILE})
    history = [{"plan": plan, "checkins": [{"day": 1}, {"day": 9}]}]
    with pytest.raises(CommandError) as caught:
        run({"profile": PROFILE, "history": history})
    assert "history[0].checkins[1].day: must be 1 to 7, got 9" in str(caught.value)


def test_a_key_given_twice_is_refused():
    with pytest.raises(CommandError, match="given twice"):
        call_command(
            "plan",
            "-",
            stdin=io.StringIO('{"profile": {}, "profile": {}}'),
            stdout=io.StringIO(),
        )


def test_the_command_runs_as_a_process_without_a_database():
    result = run_process(json.dumps({"profile": PROFILE, "history": []}))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["week"] == 1


def test_a_process_with_bad_input_exits_non_zero_with_a_clear_message():
    result = run_process(json.dumps({"profile": {**PROFILE, "nprs": 11}}))
    assert result.returncode != 0
    assert "profile.nprs: must be 0 to 10, got 11" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("text", ["{not json", '{"profile": NaN}', ""])
def test_text_that_is_not_json_is_refused(text):
    with pytest.raises(CommandError, match="input is not valid JSON"):
        call_command("plan", "-", stdin=io.StringIO(text), stdout=io.StringIO())


def test_a_missing_file_is_a_clear_error():
    result = run_process("", "/nonexistent/plan.json")
    assert result.returncode != 0
    assert "cannot read /nonexistent/plan.json" in result.stderr
    assert "Traceback" not in result.stderr


def _leaves(value, path=()):
    """Every place in a JSON value, as a path of keys and indexes."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))


def _replaced(value, path, new):
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replaced(value[path[0]], path[1:], new)
    return copy


def _valid_request() -> dict:
    first = plan_from_request({"profile": PROFILE})
    week = [{"day": 1, "walking_minutes": 20, "exercise_sessions": 1, "pain": 4, "flare": False}]
    return {"profile": PROFILE, "history": [{"plan": first, "checkins": week}]}


VALID_REQUEST = _valid_request()
PLACES = list(_leaves(VALID_REQUEST))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 200) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=5,
)


@settings(deadline=None, max_examples=300)
@given(place=st.sampled_from(PLACES), value=json_values)
def test_any_broken_value_gives_a_named_error_or_a_plan_never_a_crash(place, value):
    request = _replaced(VALID_REQUEST, place, value)
    try:
        plan = plan_from_request(request)
    except PlanInputError as error:
        assert str(error)
    else:
        assert plan["week"] in (1, 2)
