"""Starting the programme: only when triage allows, with the engine's first week."""

import re

import pytest
from django.urls import reverse

from ruggensteun.audit.models import AuditEvent
from ruggensteun.clinical.programme.engine import propose_week
from ruggensteun.clinical.programme.plan_io import plan_to_dict
from ruggensteun.intake.models import RedFlagAlert
from ruggensteun.programme import planning
from ruggensteun.programme.inputs import build_profile
from ruggensteun.programme.models import Programme, WeeklyPlan
from tests.programme.conftest import START, classify


@pytest.fixture
def flagged_patient(patient, therapist):
    classify(patient, therapist, answers={"fever": True})
    assert RedFlagAlert.objects.open().filter(patient=patient).exists()
    return patient


def test_no_start_while_the_clearance_refuses(flagged_patient, therapist):
    with pytest.raises(planning.ProgrammeCannotStart):
        planning.start_programme(flagged_patient, therapist, approve_each_week=False, today=START)
    assert not Programme.objects.exists()


def test_the_page_says_why_and_offers_no_start_while_a_red_flag_is_open(
    client, therapist, flagged_patient
):
    client.force_login(therapist)
    page = client.get(reverse("programme:overview", args=[flagged_patient.pk])).content.decode()
    assert "rode vlag" in page
    assert reverse("programme:start", args=[flagged_patient.pk]) not in page


def test_posting_start_while_a_red_flag_is_open_starts_nothing(client, therapist, flagged_patient):
    client.force_login(therapist)
    client.post(reverse("programme:start", args=[flagged_patient.pk]))
    assert not Programme.objects.exists()


def test_the_page_asks_for_the_pathway_when_triage_left_it_open(client, therapist, patient):
    from ruggensteun.intake import assessment
    from ruggensteun.intake.models import Intake
    from tests.intake.test_triage_workspace import calm_answers

    Intake.objects.create(patient=patient, answers=calm_answers())
    assessment.assess(patient, "intake")
    client.force_login(therapist)
    page = client.get(reverse("programme:overview", args=[patient.pk])).content.decode()
    assert "het zorgpad" in page
    assert reverse("intake:triage", args=[patient.pk]) in page
    assert reverse("programme:start", args=[patient.pk]) not in page


def test_the_page_shows_the_proposed_first_week_with_every_reason(client, therapist, ready_patient):
    client.force_login(therapist)
    page = client.get(reverse("programme:overview", args=[ready_patient.pk])).content.decode()
    plan = propose_week(build_profile(ready_patient), ())
    assert plan.walking.reason in page
    for exercise in plan.exercises:
        assert exercise.reason in page
        assert exercise.exercise.name.nl in page
    for note in plan.notes:
        assert note.reason in page
    for item in plan.education:
        assert item.reason in page
    # Start and end pictures of every exercise (a strip each, titled by its alt text).
    assert page.count('role="img"') >= len(plan.exercises)
    assert reverse("programme:start", args=[ready_patient.pk]) in page
    assert len(re.findall(r"<h1[\s>]", page)) == 1


def test_starting_stores_week_one_from_the_engine_with_its_reasons(
    client, therapist, ready_patient
):
    client.force_login(therapist)
    response = client.post(
        reverse("programme:start", args=[ready_patient.pk]), {"approve_each_week": "on"}
    )
    assert response.status_code == 302
    programme = Programme.objects.get(patient=ready_patient)
    assert programme.started_by == therapist
    assert programme.approve_each_week is True
    week = programme.plans.get()
    assert (week.week, week.status, week.decision) == (1, WeeklyPlan.Status.ACTIVE, "start")
    assert week.approved_by == therapist
    expected = plan_to_dict(propose_week(build_profile(ready_patient), ()))
    assert week.plan == expected
    assert week.plan["reasons"] and all(e["reason"] for e in week.plan["exercises"])
    assert AuditEvent.objects.filter(what="programme started", patient=ready_patient).exists()


def test_a_second_start_is_refused(programme, therapist):
    with pytest.raises(planning.ProgrammeCannotStart):
        planning.start_programme(programme.patient, therapist, approve_each_week=False, today=START)
    assert Programme.objects.count() == 1


def test_the_plan_is_written_in_the_patients_language(practice, therapist):
    from tests import personas

    english = personas.patient(practice, therapist, "Emily English", language="en")
    classify(english, therapist)
    programme = planning.start_programme(english, therapist, approve_each_week=False, today=START)
    plan = programme.plans.get().plan
    assert plan["language"] == "en"
    assert "first week" in plan["reasons"][0]
