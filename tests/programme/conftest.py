"""Patients ready for the programme, and helpers to give them weeks of day logs."""

from datetime import date, timedelta

import pytest

from ruggensteun.intake import assessment
from ruggensteun.intake.models import ClassificationDecision, Intake
from ruggensteun.programme import planning
from ruggensteun.programme.models import DayLog
from tests.intake.test_triage_workspace import calm_answers

START = date(2026, 3, 2)  # a Monday


def classify(patient, therapist, *, answers=None, **decision):
    """Triage the patient's intake and record the therapist's classification."""
    Intake.objects.create(patient=patient, answers=calm_answers(**(answers or {})))
    triaged = assessment.assess(patient, "intake")
    values = {"duration_class": "subacute", "pain_type": "nonspecific", "pathway": "exercise"}
    values.update(decision)
    ClassificationDecision.objects.create(
        patient=patient, assessment=triaged, decided_by=therapist, reason="", **values
    )
    return patient


def log_week(patient, plan, *, walking=None, sessions=1, pain=4, flare=False, days=7):
    """Day logs for the first ``days`` days of a plan's week; walking defaults to the goal."""
    minutes = plan.plan["walking"]["minutes_per_day"] if walking is None else walking
    DayLog.objects.bulk_create(
        DayLog(
            patient=patient,
            date=plan.starts_on + timedelta(days=offset),
            walking_minutes=minutes,
            exercise_sessions=sessions,
            pain=pain,
            flare=flare and offset == 2,
        )
        for offset in range(days)
    )


def next_monday(plan):
    return plan.starts_on + timedelta(days=7)


@pytest.fixture
def ready_patient(patient, therapist):
    return classify(patient, therapist)


@pytest.fixture
def programme(ready_patient, therapist):
    return planning.start_programme(ready_patient, therapist, approve_each_week=False, today=START)


@pytest.fixture
def week_one(programme):
    return programme.plans.get(week=1)
