"""The demo programmes: weeks of history from the real engine, the same every run."""

import time
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from ruggensteun.intake import assessment
from ruggensteun.intake.models import Intake
from ruggensteun.programme.demo import populate_demo
from ruggensteun.programme.inputs import build_history, build_profile
from ruggensteun.programme.models import (
    DayLog,
    ExerciseFeedback,
    FearRating,
    PlanChange,
    Programme,
    WeeklyPlan,
)
from tests import personas
from tests.clock import TODAY
from tests.intake.test_triage_workspace import calm_answers


def demo_patients(practice, therapist, count=24):
    patients = []
    now = timezone.now()
    for number in range(count):
        patient = personas.patient(practice, therapist, f"Demo Patiënt {number}")
        patient.created_at = now - timedelta(weeks=number % 12, days=1)
        patient.save(update_fields=["created_at"])
        Intake.objects.create(
            patient=patient,
            answers=calm_answers(nprs=4 + number % 5, duration_weeks=2 + 3 * (number % 6)),
        )
        assessment.assess(patient, "intake")
        patients.append(patient)
    return patients


@pytest.fixture
def demo(practice, therapist):
    patients = demo_patients(practice, therapist)
    started = time.perf_counter()
    populate_demo(patients, TODAY)
    return patients, time.perf_counter() - started


def snapshot():
    return sorted(
        (p.programme.patient.user.email, p.week, p.status, p.starts_on, p.plan)
        for p in WeeklyPlan.objects.select_related("programme__patient__user")
    ), sorted(DayLog.objects.values_list("patient__user__email", "date", "walking_minutes", "pain"))


def test_patients_who_started_a_week_ago_get_a_running_programme(demo):
    patients, seconds = demo
    with_programme = set(Programme.objects.values_list("patient_id", flat=True))
    old_enough = {
        p.pk for p in patients if timezone.localtime(p.created_at).date() <= TODAY - timedelta(7)
    }
    assert with_programme == old_enough
    assert seconds < 10


def test_the_demo_has_weeks_of_history_with_every_story(demo):
    assert WeeklyPlan.objects.filter(week__gte=6).exists()
    decisions = Counter(WeeklyPlan.objects.values_list("decision", flat=True))
    assert decisions["progress"] > decisions["hold_low_adherence"] > 0
    assert 1 <= decisions["step_back"] <= 3
    assert Programme.objects.awaiting_approval().count() == 1
    assert Programme.objects.low_adherence().exists()
    swap = PlanChange.objects.get()
    assert swap.kind == "swap" and swap.reason
    assert DayLog.objects.filter(flare=True).exists()
    assert ExerciseFeedback.objects.filter(still_painful_next_day=True).exists()


def test_every_demo_week_is_what_the_engine_proposes_from_the_weeks_before(demo):
    from ruggensteun.clinical.programme.engine import propose_week

    checked = 0
    for programme in Programme.objects.filter(plans__week__gte=4).distinct():
        plans = list(programme.plans.order_by("week"))
        last = plans[-1]
        if last.status == WeeklyPlan.Status.PROPOSED or last.changes.exists():
            continue
        earlier = [p for p in plans[:-1] if not p.changes.exists()]
        if len(earlier) != len(plans) - 1:
            continue
        profile = build_profile(programme.patient)
        history = build_history(plans[:-1])
        assert propose_week(profile, history, language="nl") == last.engine_plan
        checked += 1
    assert checked >= 3


def test_the_demo_is_the_same_every_run(practice, therapist):
    patients = demo_patients(practice, therapist, count=10)
    populate_demo(patients, TODAY)
    first = snapshot()
    WeeklyPlan.objects.all().delete()
    for model in (Programme, DayLog, FearRating, ExerciseFeedback):
        model.objects.all().delete()
    from ruggensteun.intake.models import ClassificationDecision
    from ruggensteun.programme.models import ExercisePreference

    ClassificationDecision.objects.all().delete()
    ExercisePreference.objects.all().delete()
    populate_demo(patients, TODAY)
    assert snapshot() == first


def test_running_the_demo_again_adds_nothing(demo):
    patients, _seconds = demo
    before = WeeklyPlan.objects.count()
    populate_demo(patients, TODAY)
    assert WeeklyPlan.objects.count() == before
