"""The therapist's changes: a reason is required, the change is kept as history and in the
plan's JSON, and the next week the engine respects it."""

import pytest
from django.urls import reverse

from ruggensteun.audit.models import AuditEvent
from ruggensteun.clinical.programme.exercises import get_exercise
from ruggensteun.programme import changes, planning
from ruggensteun.programme.inputs import build_profile
from ruggensteun.programme.models import PlanChange, WeeklyPlan
from tests.programme.conftest import START, classify, log_week, next_monday


def first_exercise(plan):
    return plan.plan["exercises"][0]["id"]


def same_category_candidate(plan, exercise_id):
    candidates = changes.swap_candidates(
        plan.plan, exercise_id, build_profile(plan.programme.patient)
    )
    category, exercises = candidates[0]
    assert category == get_exercise(exercise_id).category
    return exercises[0].id


@pytest.fixture
def staff(client, therapist):
    client.force_login(therapist)
    return client


def change_url(plan, exercise_id):
    return reverse(
        "programme:change_exercise", args=[plan.programme.patient_id, plan.pk, exercise_id]
    )


def test_a_swap_without_a_reason_is_refused(staff, week_one):
    old = first_exercise(week_one)
    new = same_category_candidate(week_one, old)
    response = staff.post(
        change_url(week_one, old), {"action": "swap", "new_exercise": new, "reason": "  "}
    )
    assert response.status_code == 200
    assert "Geef een reden" in response.content.decode()
    assert not PlanChange.objects.exists()
    week_one.refresh_from_db()
    assert first_exercise(week_one) == old


def test_a_swap_is_kept_with_its_reason_and_in_the_plan_as_the_therapists(
    staff, therapist, week_one
):
    old = first_exercise(week_one)
    new = same_category_candidate(week_one, old)
    response = staff.post(
        change_url(week_one, old),
        {"action": "swap", "new_exercise": new, "reason": "Knielen gaat niet door de knie."},
    )
    assert response.status_code == 302
    change = PlanChange.objects.get()
    assert (change.kind, change.exercise_id, change.new_exercise_id) == ("swap", old, new)
    assert change.reason == "Knielen gaat niet door de knie."
    assert change.changed_by == therapist
    week_one.refresh_from_db()
    entry = week_one.plan["exercises"][0]
    assert (entry["id"], entry["set_by"]) == (new, "therapist")
    assert "Knielen gaat niet door de knie." in entry["reason"]
    assert AuditEvent.objects.filter(patient=week_one.programme.patient, what__contains="gewisseld")
    page = staff.get(reverse("programme:overview", args=[week_one.programme.patient_id]))
    assert "Knielen gaat niet door de knie." in page.content.decode()


def test_the_next_week_keeps_the_swapped_exercise(therapist, programme, week_one):
    old = first_exercise(week_one)
    new = same_category_candidate(week_one, old)
    changes.swap_exercise(week_one, old, new, "Past beter.", therapist)
    log_week(programme.patient, week_one, walking=20)
    (week_two,) = planning.advance(programme, next_monday(week_one))
    entry = next(e for e in week_two.plan["exercises"] if e["id"] == new)
    assert entry["set_by"] == "therapist"
    assert old not in {e["id"] for e in week_two.plan["exercises"]}


def test_a_dosage_change_needs_a_reason_and_the_engine_goes_on_from_it(
    staff, therapist, programme, week_one
):
    exercise_id = first_exercise(week_one)
    exercise = get_exercise(exercise_id)
    top = len(exercise.dosage) - 1
    url = change_url(week_one, exercise_id)
    refused = staff.post(url, {"action": "dosage", "step": top, "days_per_week": 3, "reason": ""})
    assert refused.status_code == 200 and not PlanChange.objects.exists()
    staff.post(url, {"action": "dosage", "step": top, "days_per_week": 3, "reason": "Dit kan al."})
    week_one.refresh_from_db()
    entry = week_one.plan["exercises"][0]
    step = exercise.dosage[top]
    assert (entry["sets"], entry["reps"], entry["hold_seconds"], entry["minutes"]) == (
        step.sets,
        step.reps,
        step.hold_seconds,
        step.minutes,
    )
    assert (entry["days_per_week"], entry["set_by"]) == (3, "therapist")
    assert PlanChange.objects.get().kind == "dosage"
    # A week of walking the goal and exercising on 3 days: the engine holds or progresses
    # from the therapist's dosage, on the therapist's days, and keeps the exercise.
    log_week(programme.patient, week_one, walking=30)
    (week_two,) = planning.advance(programme, next_monday(week_one))
    carried = week_two.plan["exercises"][0]
    assert carried["set_by"] == "therapist"
    assert carried["days_per_week"] == 3
    assert carried["id"] in {e.id for e in _chain_of(exercise)}


def _chain_of(exercise):
    from ruggensteun.clinical.programme.exercises import chain

    return chain(exercise.chain)


def test_a_walking_goal_change_needs_a_reason_and_carries_to_the_next_week(
    staff, therapist, programme, week_one
):
    # Week 2 sets the goal from the baseline; the therapist changes week 2's goal.
    log_week(programme.patient, week_one, walking=30)
    (week_two,) = planning.advance(programme, next_monday(week_one))
    url = reverse("programme:change_walking", args=[programme.patient_id, week_two.pk])
    refused = staff.post(url, {"minutes_per_day": 12, "reason": ""})
    assert refused.status_code == 200 and not PlanChange.objects.exists()
    staff.post(url, {"minutes_per_day": 12, "walks_per_day": 2, "reason": "Rustiger aan."})
    week_two.refresh_from_db()
    assert week_two.plan["walking"]["minutes_per_day"] == 12
    assert week_two.plan["walking"]["walks_per_day"] == 2
    change = PlanChange.objects.get()
    assert (change.kind, change.before["minutes_per_day"], change.after["minutes_per_day"]) == (
        "walking",
        24,
        12,
    )
    # Goal met on 3 days and half the sessions: hold, from the therapist's 12 minutes.
    log_week(programme.patient, week_two, walking=12, days=3)
    (week_three,) = planning.advance(programme, next_monday(week_two))
    assert week_three.decision == "hold"
    assert week_three.plan["walking"]["minutes_per_day"] == 12


def test_walks_left_empty_are_spread_as_the_engine_would(therapist, week_one):
    changes.change_walking(week_one, 20, None, "Iets meer.", therapist)
    week_one.refresh_from_db()
    assert week_one.plan["walking"]["walks_per_day"] == 3


def test_nerve_gliding_is_offered_for_a_swap_only_with_radicular_pain(patient, therapist, practice):
    from tests import personas

    classify(patient, therapist)
    programme = planning.start_programme(patient, therapist, approve_each_week=False, today=START)
    plan = programme.plans.get()
    categories = {
        c
        for c, _ in changes.swap_candidates(plan.plan, first_exercise(plan), build_profile(patient))
    }
    assert "nerve_gliding" not in categories

    other = personas.patient(practice, therapist, "Rob Radiculair")
    classify(other, therapist, pain_type="radicular")
    programme = planning.start_programme(other, therapist, approve_each_week=False, today=START)
    plan = programme.plans.get()
    categories = {
        c for c, _ in changes.swap_candidates(plan.plan, first_exercise(plan), build_profile(other))
    }
    assert "nerve_gliding" in categories


def test_a_past_week_cannot_be_changed(staff, therapist, programme, week_one):
    log_week(programme.patient, week_one)
    planning.advance(programme, next_monday(week_one))
    week_one.refresh_from_db()
    assert week_one.status == WeeklyPlan.Status.SUPERSEDED
    response = staff.get(change_url(week_one, first_exercise(week_one)))
    assert response.status_code == 404
    with pytest.raises(changes.ChangeRefused):
        changes.change_walking(week_one, 20, 2, "Te laat.", therapist)


def test_the_change_pages_have_one_h1_and_labelled_fields(staff, week_one):
    import re

    for url in (
        change_url(week_one, first_exercise(week_one)),
        reverse("programme:change_walking", args=[week_one.programme.patient_id, week_one.pk]),
    ):
        page = staff.get(url).content.decode()
        assert len(re.findall(r"<h1[\s>]", page)) == 1
        for field_id in re.findall(r'<(?:input|select|textarea)[^>]*id="([^"]+)"', page):
            assert f'for="{field_id}"' in page, field_id


def test_a_pregnant_patient_is_never_offered_a_prone_or_supine_exercise_to_swap_in(
    patient, therapist
):
    classify(patient, therapist, answers={"pregnant": True})
    programme = planning.start_programme(patient, therapist, approve_each_week=False, today=START)
    plan = programme.plans.get()
    offered = {
        exercise
        for _category, exercises in changes.swap_candidates(
            plan.plan, first_exercise(plan), build_profile(patient)
        )
        for exercise in exercises
    }
    assert offered
    assert not {e.id for e in offered if e.position in ("prone", "supine")}
    assert not {e.id for e in offered if e.direction == "extension"}
