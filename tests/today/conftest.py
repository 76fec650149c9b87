"""A patient whose programme runs, and helpers to tick things off as a phone would."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ruggensteun.intake.models import Intake
from ruggensteun.programme import planning
from tests.programme.conftest import classify


def set_exercises(plan, exercises, *, walking=None):
    """Give a week's plan these exercise entries (and walking goal), as a therapist might."""
    data = dict(plan.plan)
    data["exercises"] = exercises
    if walking is not None:
        data["walking"] = {**data["walking"], **walking}
    plan.replace_plan(data)
    plan.save(update_fields=["plan"])
    return plan


def entry(exercise_id, *, sets=1, reps=None, hold_seconds=None, minutes=None, days=5):
    return {
        "id": exercise_id,
        "sets": sets,
        "reps": reps,
        "hold_seconds": hold_seconds,
        "minutes": minutes,
        "days_per_week": days,
        "reason": "",
        "set_by": "therapist",
    }


@pytest.fixture
def day():
    return timezone.localdate()


@pytest.fixture
def programme(patient, therapist, day):
    classify(patient, therapist)
    Intake.objects.filter(patient=patient).update(completed_at=timezone.now())
    # Started two days ago: today is day 3 of week 1.
    return planning.start_programme(
        patient, therapist, approve_each_week=False, today=day - timedelta(days=2)
    )


@pytest.fixture
def week(programme):
    return programme.plans.get(week=1)


@pytest.fixture
def patient_client(client, patient):
    client.force_login(patient.user)
    return client


def tick(client, kind, item, *, action="done", key=None, **extra):
    data = {"key": str(key or uuid.uuid4()), "kind": kind, "item": item, "action": action}
    return client.post(reverse("today:tick"), {**data, **extra})
