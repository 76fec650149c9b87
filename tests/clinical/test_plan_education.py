"""Education for the week (programme.md §2): the first-week modules and the core first, then
chosen by the profile; the order rules of revision 2."""

import math
from dataclasses import replace

import pytest

from ruggensteun.clinical.programme.education import (
    core_modules,
    get_module,
    load_modules,
    profile_tags,
)
from ruggensteun.clinical.programme.engine import (
    BEFORE_EXPOSURE,
    WEEK_ONE_MODULES,
    WeekRecord,
    propose_week,
)
from ruggensteun.clinical.programme.settings import DEFAULTS
from tests.clinical.test_plan_support import follow, on_goal, patient

CORE_RULE = "programme.md §2 unlocking: core messages first"
FIRST_WEEK_RULE = "programme.md §2 order rules (revision 2)"
FEAR_RATINGS = {"lifting_crate": 70, "tying_shoes": 40, "vacuuming": 50}
# Profile (a) of the task: acute radicular pain, NPRS 8, fear of movement, on the
# psychologically informed pathway.
ACUTE_RADICULAR_FEAR = {
    "duration_class": "acute",
    "pain_type": "radicular",
    "pathway": "psychologically_informed",
    "nprs": 8,
    "fear_ratings": FEAR_RATINGS,
    "tags": frozenset({"fear"}),
}


def plans_of(profile, weeks: int):
    history = follow(profile, *[on_goal()] * weeks)
    return [record.plan for record in history] + [propose_week(profile, history)]


def education_by_week(profile, weeks: int) -> list[list[str]]:
    return [[item.id for item in plan.education] for plan in plans_of(profile, weeks)]


def test_the_first_week_modules_name_real_modules_with_a_reason_for_their_tag():
    for module_id, tag in WEEK_ONE_MODULES:
        module = get_module(module_id)
        module.reason("core" if tag is None else tag)
        # A first-week module must be reachable for its tag.
        assert module.is_available_for({tag} if tag else set())
    for module_id in BEFORE_EXPOSURE:
        # Exposure waits for these, so no patient may be kept from them.
        assert not get_module(module_id).unlock.only_for


def test_a_nonspecific_low_risk_patient_gets_the_gp_module_and_the_core_in_the_first_weeks():
    # Profile (b): nonspecific, subacute, low risk (advice pathway), no yellow flags.
    profile = patient(pathway="advice", nprs=3)
    first, second, third = education_by_week(profile, 2)
    core = [module.id for module in core_modules() if module.id != "when_to_contact_gp"]
    week_one = math.ceil((len(core) + 1) / 2)
    assert first == ["when_to_contact_gp", *core[: week_one - 1]]
    assert second == core[week_one - 1 :]
    assert third == []
    assert "leg_pain_and_hernia" not in first and "fear_of_movement" not in first


def test_when_to_contact_the_gp_is_in_week_one_for_everyone():
    for profile in (
        patient(),
        patient(pain_type="radicular"),
        patient(duration_class="chronic", pathway="psychologically_informed"),
        patient(**ACUTE_RADICULAR_FEAR),
    ):
        plan = propose_week(profile, [])
        gp = next(item for item in plan.education if item.id == "when_to_contact_gp")
        assert gp.reason == get_module("when_to_contact_gp").reason("core").nl
        assert gp.rule.startswith(FIRST_WEEK_RULE) and "everyone" in gp.rule


def test_week_one_of_an_acute_radicular_fear_patient_has_the_safety_net_leg_pain_and_fear():
    # Profile (a); clinical review 2026-12 finding 8 found these in weeks 2-3 or never.
    profile = patient(**ACUTE_RADICULAR_FEAR)
    week1, week2, week3 = plans_of(profile, 2)
    first = [item.id for item in week1.education]
    assert first[:4] == [
        "when_to_contact_gp",
        "leg_pain_and_hernia",
        "how_pain_works",
        "fear_of_movement",
    ]
    leg = week1.education[1]
    assert leg.reason == get_module("leg_pain_and_hernia").reason("radicular").nl
    fear = week1.education[3]
    assert fear.reason == get_module("fear_of_movement").reason("fear").nl
    assert "before exposure" in fear.rule
    # The rest of week 1 is core, in core order.
    assert all(item.rule == CORE_RULE for item in week1.education[4:])
    # Exposure waits a week for the education, then starts.
    assert week1.exposure is None
    assert week2.exposure is not None and week2.exposure.activity == "tying_shoes"
    # Every core module is met in the first two weeks.
    given = {item.id for plan in (week1, week2) for item in plan.education}
    assert {module.id for module in core_modules()} <= given
    assert len(week3.education) <= DEFAULTS.modules_per_week


def test_fear_with_exposure_in_week_one_waits_a_week_for_the_education():
    # Profile (c): fear ratings would give a step in week 1.
    profile = patient(fear_ratings=FEAR_RATINGS)
    week1, week2 = plans_of(profile, 1)
    ids = [item.id for item in week1.education]
    assert {"how_pain_works", "fear_of_movement"} <= set(ids)
    assert week1.exposure is None
    note = next(note for note in week1.notes if "exposure" in note.rule)
    assert "Volgende week" in note.reason
    assert note.rule.startswith(FIRST_WEEK_RULE)
    assert week2.exposure is not None
    assert not {"how_pain_works", "fear_of_movement"} & {item.id for item in week2.education}


def test_fear_that_appears_later_brings_the_modules_first_and_exposure_the_week_after():
    history = follow(patient(), on_goal(), on_goal())
    afraid = patient(fear_ratings=FEAR_RATINGS)
    week3 = propose_week(afraid, history)
    assert [item.id for item in week3.education][:2] == ["how_pain_works", "fear_of_movement"]
    assert week3.exposure is None
    history.append(WeekRecord(plan=week3, checkins=on_goal()(week3)))
    week4 = propose_week(afraid, history)
    assert week4.exposure is not None


@pytest.mark.parametrize(
    "profile",
    [
        patient(),
        patient(pain_type="radicular"),
        patient(fear_ratings=FEAR_RATINGS),
        patient(**ACUTE_RADICULAR_FEAR),
        patient(pain_type="radicular", tags=frozenset({"fear", "stress", "sick_leave"})),
    ],
)
def test_the_week_one_load_is_bounded(profile):
    first_week = {module_id for module_id, _tag in WEEK_ONE_MODULES}
    core = [module for module in core_modules() if module.id not in first_week]
    # First-week and core modules spread evenly over the two core weeks: at most 7.
    bound = math.ceil((len(first_week) + len(core)) / DEFAULTS.core_education_weeks)
    weeks = education_by_week(profile, 5)
    assert len(weeks[0]) <= bound <= 7
    assert all(len(week) <= DEFAULTS.modules_per_week for week in weeks[2:])


def test_core_modules_carry_the_core_reason():
    plan = propose_week(patient(), [])
    for item in plan.education:
        if item.rule == CORE_RULE:
            assert item.reason == get_module(item.id).reason("core").nl
    assert sum(item.rule == CORE_RULE for item in plan.education) >= 4


def test_no_module_is_given_twice():
    weeks = education_by_week(patient(tags=frozenset({"fear", "sick_leave", "stress"})), 8)
    given = [module for week in weeks for module in week]
    assert len(given) == len(set(given))


def test_after_the_core_one_or_two_modules_a_week():
    weeks = education_by_week(patient(tags=frozenset({"fear", "sick_leave", "stress"})), 6)
    assert all(len(week) <= 2 for week in weeks[2:])
    assert len(weeks[2]) == 2


def test_fear_brings_fear_of_movement_and_pain_education_into_week_one():
    week1 = propose_week(patient(tags=frozenset({"fear", "sick_leave"})), [])
    ids = [item.id for item in week1.education]
    assert ids[1:3] == ["how_pain_works", "fear_of_movement"]
    fear = week1.education[2]
    assert fear.reason == get_module("fear_of_movement").reason("fear").nl


def test_fear_ratings_count_as_fear_of_movement():
    week1 = propose_week(patient(fear_ratings={"lifting_crate": 60}), [])
    assert "fear_of_movement" in [item.id for item in week1.education]


def test_sick_leave_brings_the_return_to_work_module():
    weeks = education_by_week(patient(tags=frozenset({"sick_leave"})), 2)
    assert "return_to_work" in weeks[2]
    week = propose_week(
        patient(tags=frozenset({"sick_leave"})),
        follow(patient(tags=frozenset({"sick_leave"})), on_goal(), on_goal()),
    )
    item = next(item for item in week.education if item.id == "return_to_work")
    assert item.reason == get_module("return_to_work").reason("sick_leave").nl
    assert item.rule == "programme.md §2 unlocking: chosen by profile (sick_leave)"


def test_stress_brings_sleep_and_stress_modules():
    weeks = education_by_week(patient(tags=frozenset({"stress"})), 2)
    assert "sleep" in weeks[2]


def test_radicular_pain_brings_the_leg_pain_module_in_week_one_and_others_never_get_it():
    assert "leg_pain_and_hernia" in education_by_week(patient(pain_type="radicular"), 0)[0]
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
    taken_out = next(item for item in first.education if item.rule == CORE_RULE)
    kept = tuple(item for item in first.education if item != taken_out)
    history[0] = replace(history[0], plan=replace(first, education=kept))
    week3 = propose_week(profile, history)
    assert week3.education[0].id == taken_out.id
    assert week3.education[0].rule == CORE_RULE


def test_a_first_week_module_the_therapist_took_out_comes_back_first():
    profile = patient()
    history = follow(profile, on_goal())
    first = history[0].plan
    kept = tuple(item for item in first.education if item.id != "when_to_contact_gp")
    history[0] = replace(history[0], plan=replace(first, education=kept))
    week2 = propose_week(profile, history)
    assert week2.education[0].id == "when_to_contact_gp"


def test_a_patient_without_profile_tags_gets_no_more_modules_after_the_core():
    weeks = education_by_week(patient(duration_class="subacute", nprs=3), 3)
    assert weeks[2:] == [[], []]


def test_education_reasons_exist_in_english():
    plan = propose_week(patient(), [], language="en")
    assert plan.education[0].reason == get_module(plan.education[0].id).reason("core").en


# --- every module can be reached (programme.md §2 revision 2; review finding 9) ----------

WALK_WEEKS = 6


def candidate_profiles():
    """Every classification (duration, pain type, pathway, low and high pain), and the
    subacute default with each single profile tag."""
    for duration in ("acute", "subacute", "chronic"):
        for pain_type in ("nonspecific", "radicular"):
            for pathway in ("advice", "exercise", "psychologically_informed"):
                for nprs in (3, 8):
                    yield patient(
                        duration_class=duration, pain_type=pain_type, pathway=pathway, nprs=nprs
                    )
    for tag in sorted(profile_tags()):
        yield patient(tags=frozenset({tag}))


def test_every_module_is_reached_by_some_profile_in_the_first_weeks():
    found: dict[str, object] = {}
    for profile in candidate_profiles():
        for week in education_by_week(profile, WALK_WEEKS - 1):
            for module_id in week:
                found.setdefault(module_id, profile)
    missing = [module.id for module in load_modules() if module.id not in found]
    assert missing == [], f"no profile reaches {missing} in {WALK_WEEKS} weeks"
    # lifestyle was unreachable before revision 2 (review finding 9).
    assert "lifestyle" in found
