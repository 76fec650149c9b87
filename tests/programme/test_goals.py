"""The patient's own goals: the therapist adopts a PSK activity as a goal of the programme;
the plan shows it to the patient, it carries into the next weeks, and every adoption and
removal is in the audit log."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse

from ruggensteun.audit.models import AuditEvent
from ruggensteun.programme import planning
from ruggensteun.programme.models import PlanChange, WeeklyPlan
from ruggensteun.questionnaires.models import Assignment
from tests import personas
from tests.programme.conftest import START, classify, log_week, next_monday
from tests.questionnaires.conftest import PSK_ACTIVITIES, PSK_SCORES, submitted


@pytest.fixture
def with_psk(programme):
    # The intake schedule already holds an open PSK for today; the patient filled one in.
    Assignment.objects.filter(patient=programme.patient, instrument="psk").delete()
    submitted(programme.patient, "psk", PSK_SCORES, activities=PSK_ACTIVITIES)
    return programme


def fresh(plan):
    """The stored week as it is now (``engine_plan`` is cached on an instance)."""
    return WeeklyPlan.objects.get(pk=plan.pk)


def overview(client, patient):
    return client.get(reverse("programme:overview", args=[patient.pk])).content.decode()


def adopt(client, patient, activity, kind="graded_activity"):
    return client.post(
        reverse("programme:adopt_goal", args=[patient.pk]), {"activity": activity, "kind": kind}
    )


def test_the_therapist_sees_the_psk_activities_with_their_difficulty(client, therapist, with_psk):
    client.force_login(therapist)
    page = overview(client, with_psk.patient)
    assert "Eigen doelen van de patiënt (PSK)" in page
    assert "Tuinieren" in page  # the patient's own words
    assert "<td>9</td>" in page  # its difficulty
    assert 'value="bukken"' in page


def test_adopting_a_goal_puts_it_in_the_plan_for_the_patient_and_logs_it(
    client, therapist, with_psk, week_one
):
    patient = with_psk.patient
    client.force_login(therapist)
    response = adopt(client, patient, "Tuinieren", kind="exposure")
    assert response.status_code == 302
    (goal,) = fresh(week_one).engine_plan.goals
    assert (goal.id, goal.name, goal.kind, goal.difficulty) == (
        "Tuinieren",
        "Tuinieren",
        "exposure",
        9,
    )
    # B1 Dutch for the patient: what they work towards.
    assert goal.reason.startswith("U werkt toe naar: Tuinieren.")
    assert goal.rule.startswith("programme.md §6")
    change = PlanChange.objects.get()
    assert (change.kind, change.after["id"], change.changed_by) == (
        "goal_add",
        "Tuinieren",
        therapist,
    )
    event = AuditEvent.objects.filter(patient=patient, what="programme week 1: goal adopted").get()
    assert event.detail["after"]["name"] == "Tuinieren"
    assert event.actor == therapist
    page = overview(client, patient)
    assert "U werkt toe naar: Tuinieren." in page
    assert "Werkt toe naar (eigen doelen)" in page


def test_a_goal_carries_into_the_next_week_until_it_is_removed(
    client, therapist, with_psk, week_one
):
    patient = with_psk.patient
    client.force_login(therapist)
    adopt(client, patient, "bukken")
    log_week(patient, week_one)
    (week_two,) = planning.advance(with_psk, next_monday(week_one))
    assert [goal.id for goal in week_two.engine_plan.goals] == ["bukken"]
    assert "Bukken" in week_two.engine_plan.goals[0].reason
    response = client.post(reverse("programme:remove_goal", args=[patient.pk]), {"goal": "bukken"})
    assert response.status_code == 302
    assert fresh(week_two).engine_plan.goals == ()
    assert PlanChange.objects.filter(kind="goal_end").count() == 1
    assert AuditEvent.objects.filter(patient=patient, what="programme week 2: goal removed")
    log_week(patient, week_two)
    (week_three,) = planning.advance(with_psk, next_monday(week_two))
    assert week_three.engine_plan.goals == ()


def test_an_activity_not_on_the_patients_list_is_refused_with_a_message(
    client, therapist, with_psk, week_one
):
    client.force_login(therapist)
    response = adopt(client, with_psk.patient, "skydiven")
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Kies een activiteit uit de lijst van de patiënt." in page
    assert fresh(week_one).engine_plan.goals == ()
    assert not PlanChange.objects.exists()
    # The same goal twice, or removing one that is not there: a message, no change.
    adopt(client, with_psk.patient, "bukken")
    twice = adopt(client, with_psk.patient, "bukken")
    assert "Dit doel staat al in het plan." in client.get(twice.url).content.decode()
    missing = client.post(
        reverse("programme:remove_goal", args=[with_psk.patient.pk]), {"goal": "zwemmen"}
    )
    assert "Dit doel staat niet in het plan." in client.get(missing.url).content.decode()
    assert PlanChange.objects.count() == 1


@pytest.mark.parametrize("persona", ["outsider_therapist", "outsider_admin", "patient"])
def test_another_practice_or_the_patient_gets_404_and_changes_nothing(
    client, request, persona, with_psk, week_one
):
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    assert adopt(client, with_psk.patient, "bukken").status_code == 404
    removed = client.post(
        reverse("programme:remove_goal", args=[with_psk.patient.pk]), {"goal": "bukken"}
    )
    assert removed.status_code == 404
    assert fresh(week_one).engine_plan.goals == ()
    assert not PlanChange.objects.exists()


def test_without_a_psk_the_page_says_so(client, practice, therapist):
    patient = classify(personas.patient(practice, therapist, "Noor Nieuw"), therapist)
    planning.start_programme(patient, therapist, approve_each_week=False, today=START)
    client.force_login(therapist)
    assert "nog geen PSK ingevuld" in overview(client, patient)


def test_the_patient_reads_an_adopted_goal_on_today(client, therapist, with_psk, week_one):
    patient = with_psk.patient
    client.force_login(therapist)
    adopt(client, patient, "Tuinieren", kind="exposure")
    client.force_login(patient.user)
    with time_machine.travel(datetime.combine(START + timedelta(days=2), time(9)), tick=False):
        page = client.get(reverse("web:patient_home")).content.decode()
    assert "Waar u naartoe werkt" in page
    assert "<strong>Tuinieren</strong>" in page
    assert "U werkt toe naar: Tuinieren." in page
