"""Graded exposure in the weekly plan (programme.md §6).

The first step comes in week 2: week 1 gives pain education and fear of movement first
(programme.md §2 order rules, revision 2). ``follow_from_week_2`` follows that first week on
goal, then the given weeks.
"""

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from ruggensteun.clinical.programme import exposure
from ruggensteun.clinical.programme.engine import ExposureProgress, is_mastered, propose_week
from ruggensteun.clinical.programme.exposure import load_exposure_activities
from ruggensteun.clinical.programme.settings import DEFAULTS, ProgrammeSettings
from tests.clinical.test_plan_support import follow, on_goal, patient

RATINGS = {"running": 90, "lifting_crate": 70, "tying_shoes": 40, "vacuuming": 40}


def exposure_done(done_days: int, pain: int | None = None):
    def build(plan):
        week = on_goal(pain=pain)(plan)
        return tuple(replace(c, exposure_done=c.day <= done_days) for c in week)

    return build


def follow_from_week_2(profile, *weeks):
    return follow(profile, on_goal(), *weeks)


def first_step(profile):
    return propose_week(profile, follow_from_week_2(profile)).exposure


def test_no_fear_ratings_no_exposure_step():
    assert propose_week(patient(), []).exposure is None


def test_the_first_step_is_the_least_feared_activity_with_ties_in_library_order():
    library = [activity.id for activity in load_exposure_activities()]
    assert library.index("vacuuming") < library.index("tying_shoes")
    step = first_step(patient(fear_ratings=RATINGS))
    assert step is not None
    assert (step.activity, step.first_rating) == ("vacuuming", 40)
    assert "Stofzuigen" in step.reason and "40 van de 100" in step.reason
    assert step.rule.startswith("programme.md §6")


def test_a_step_stays_until_done_on_three_days():
    profile = patient(fear_ratings={**RATINGS, "vacuuming": 20})
    history = follow_from_week_2(profile, exposure_done(2))
    step = propose_week(profile, history).exposure
    assert step is not None and step.activity == "vacuuming"
    assert "2 dagen" in step.reason


def test_a_step_not_yet_done_is_proposed_again_without_counting_days():
    profile = patient(fear_ratings=RATINGS)
    step = propose_week(profile, follow_from_week_2(profile, exposure_done(0))).exposure
    assert step is not None and step.activity == "vacuuming"
    assert "0 dagen" not in step.reason and "minstens 3 dagen" in step.reason


def test_done_on_three_days_and_rated_30_or_less_is_mastered():
    profile = patient(fear_ratings=RATINGS)
    history = follow_from_week_2(profile, exposure_done(3))
    rerated = patient(fear_ratings={**RATINGS, "vacuuming": 30})
    plan = propose_week(rerated, history)
    assert plan.exposure is not None and plan.exposure.activity == "tying_shoes"
    assert any("Goed gedaan" in reason for reason in plan.reasons)


def test_a_drop_of_30_points_from_the_first_rating_is_mastered():
    profile = patient(fear_ratings={"lifting_crate": 80, "running": 95})
    history = follow_from_week_2(profile, exposure_done(3))
    assert history[1].plan.exposure.first_rating == 80
    dropped = patient(fear_ratings={"lifting_crate": 50, "running": 95})
    assert propose_week(dropped, history).exposure.activity == "running"
    almost = patient(fear_ratings={"lifting_crate": 51, "running": 95})
    assert propose_week(almost, history).exposure.activity == "lifting_crate"


def test_days_count_across_the_weeks_that_proposed_the_step():
    profile = patient(fear_ratings={"lifting_crate": 80, "running": 95})
    history = follow_from_week_2(profile, exposure_done(2), exposure_done(1))
    assert history[2].plan.exposure.activity == "lifting_crate"
    assert history[2].plan.exposure.first_rating == 80
    dropped = patient(fear_ratings={"lifting_crate": 40, "running": 95})
    assert propose_week(dropped, history).exposure.activity == "running"


def test_after_a_flare_up_the_step_stays_the_same():
    profile = patient(fear_ratings=RATINGS)

    def flare_on_day_7(plan):
        week = exposure_done(3)(plan)
        return (*week[:6], replace(week[6], flare=True))

    history = follow_from_week_2(profile, flare_on_day_7)
    rerated = patient(fear_ratings={**RATINGS, "vacuuming": 10})
    plan = propose_week(rerated, history)
    assert plan.decision == "step_back"
    assert plan.exposure.activity == "vacuuming"
    assert "opstoot" in plan.exposure.reason


def test_when_every_step_is_mastered_there_is_no_step_and_a_note():
    profile = patient(fear_ratings={"vacuuming": 40})
    history = follow_from_week_2(profile, exposure_done(3))
    plan = propose_week(patient(fear_ratings={"vacuuming": 10}), history)
    assert plan.exposure is None
    assert any("alle activiteiten" in reason for reason in plan.reasons)


def test_a_practice_can_change_the_mastery_rule():
    profile = patient(fear_ratings={"vacuuming": 40, "running": 90})
    history = follow_from_week_2(profile, exposure_done(2))
    rerated = patient(fear_ratings={"vacuuming": 10, "running": 90})
    assert propose_week(rerated, history).exposure.activity == "vacuuming"
    easier = ProgrammeSettings(mastery_min_days=2)
    assert propose_week(rerated, history, easier).exposure.activity == "running"


@settings(deadline=None)
@given(
    done=st.integers(0, 10),
    first=st.integers(0, 100),
    latest=st.integers(0, 100),
)
def test_the_engines_mastery_rule_is_the_exposure_modules_rule_by_default(done, first, latest):
    progress = ExposureProgress(done_days=done, first_rating=first)
    assert is_mastered(latest, progress, DEFAULTS) == exposure.is_mastered(done, first, latest)
