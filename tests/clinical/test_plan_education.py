"""Education for the week (programme.md §2): core first, then chosen by the profile."""

from dataclasses import replace

from ruggensteun.clinical.programme.education import core_modules, get_module, load_modules
from ruggensteun.clinical.programme.engine import propose_week
from tests.clinical.test_plan_support import follow, on_goal, patient


def education_by_week(profile, weeks: int) -> list[list[str]]:
    history = follow(profile, *[on_goal()] * weeks)
    plans = [record.plan for record in history] + [propose_week(profile, history)]
    return [[item.id for item in plan.education] for plan in plans]


def test_the_core_modules_are_spread_over_the_first_two_weeks_in_core_order():
    core = [module.id for module in core_modules()]
    first, second = education_by_week(patient(), 1)
    half = (len(core) + 1) // 2
    assert first == core[:half]
    assert second == core[half:]


def test_core_modules_carry_the_core_reason():
    plan = propose_week(patient(), [])
    for item in plan.education:
        assert item.reason == get_module(item.id).reason("core").nl
        assert item.rule == "programme.md §2 unlocking: core messages first"


def test_no_module_is_given_twice():
    weeks = education_by_week(patient(tags=frozenset({"fear", "sick_leave", "stress"})), 8)
    given = [module for week in weeks for module in week]
    assert len(given) == len(set(given))


def test_after_the_core_one_or_two_modules_a_week():
    weeks = education_by_week(patient(tags=frozenset({"fear", "sick_leave", "stress"})), 6)
    assert all(len(week) <= 2 for week in weeks[2:])
    assert len(weeks[2]) == 2


def test_fear_brings_fear_of_movement_and_pain_education_first():
    week3 = propose_week(
        patient(tags=frozenset({"fear", "sick_leave"})), follow(patient(), on_goal(), on_goal())
    )
    assert [item.id for item in week3.education] == ["fear_of_movement", "how_pain_works"]
    fear = week3.education[0]
    assert fear.reason == get_module("fear_of_movement").reason("fear").nl
    assert fear.rule == "programme.md §2 unlocking: chosen by profile (fear)"


def test_fear_ratings_count_as_fear_of_movement():
    profile = patient(fear_ratings={"lifting_crate": 60})
    week3 = propose_week(profile, follow(profile, on_goal(), on_goal()))
    assert "fear_of_movement" in [item.id for item in week3.education]


def test_sick_leave_brings_the_return_to_work_module():
    weeks = education_by_week(patient(tags=frozenset({"sick_leave"})), 2)
    assert "return_to_work" in weeks[2]
    week = propose_week(
        patient(tags=frozenset({"sick_leave"})),
        follow(patient(tags=frozenset({"sick_leave"})), on_goal(), on_goal()),
    )
    item = next(item for item in week.education if item.id == "return_to_work")
    assert item.reason == get_module("return_to_work").reason("sick_leave").nl


def test_stress_brings_sleep_and_stress_modules():
    weeks = education_by_week(patient(tags=frozenset({"stress"})), 2)
    assert "sleep" in weeks[2]


def test_radicular_pain_brings_the_leg_pain_module_and_others_never_get_it():
    radicular = [m for week in education_by_week(patient(pain_type="radicular"), 4) for m in week]
    assert "leg_pain_and_hernia" in radicular
    for profile in (patient(), patient(tags=frozenset({"fear", "stress", "sick_leave"}))):
        given = [m for week in education_by_week(profile, 8) for m in week]
        assert "leg_pain_and_hernia" not in given


def test_a_module_outside_only_for_is_never_offered():
    only_for = {m.id: m.unlock.only_for for m in load_modules() if m.unlock.only_for}
    profile = patient(tags=frozenset({"fear", "work", "stress", "low_mood"}))
    given = {m for week in education_by_week(profile, 8) for m in week}
    assert not {module for module in only_for if module in given}


def test_core_modules_the_therapist_took_out_come_first_later():
    profile = patient(tags=frozenset({"fear"}))
    history = follow(profile, on_goal(), on_goal())
    first = history[0].plan
    history[0] = replace(history[0], plan=replace(first, education=first.education[1:]))
    week3 = propose_week(profile, history)
    assert week3.education[0].id == first.education[0].id
    assert week3.education[0].rule == "programme.md §2 unlocking: core messages first"


def test_a_patient_without_profile_tags_gets_no_more_modules_after_the_core():
    weeks = education_by_week(patient(duration_class="subacute", nprs=3), 3)
    assert weeks[2:] == [[], []]


def test_education_reasons_exist_in_english():
    plan = propose_week(patient(), [], language="en")
    assert plan.education[0].reason == get_module(plan.education[0].id).reason("core").en
