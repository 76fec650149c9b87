"""The week-1 plan can be changed before it starts (issue #12): the therapist prepares
week 1 instead of starting it, changes it with reasons as the change log keeps them, and
starts it; the patient sees and hears nothing until then. Once it runs, the rules of a
running week apply (tests/programme/test_changes.py)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ruggensteun.audit.models import AuditEvent
from ruggensteun.programme import planning
from ruggensteun.programme.models import PlanChange, Programme, WeeklyPlan


@pytest.fixture
def staff(client, therapist):
    client.force_login(therapist)
    return client


@pytest.fixture
def prepared(staff, ready_patient, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reverse("programme:start", args=[ready_patient.pk]), {"prepare": "1"})
    assert response.status_code == 302
    return WeeklyPlan.objects.get(programme__patient=ready_patient)


def test_preparing_week_one_makes_it_wait_and_tells_the_patient_nothing(
    staff, ready_patient, prepared, mailoutbox
):
    assert prepared.status == WeeklyPlan.Status.PROPOSED
    assert prepared.approved_by is None
    assert Programme.objects.current_for(ready_patient) is not None
    assert mailoutbox == []
    event = AuditEvent.objects.get(what="programme started", patient=ready_patient)
    assert event.detail["week_1_prepared"] is True
    page = staff.get(reverse("programme:overview", args=[ready_patient.pk])).content.decode()
    assert "De patiënt ziet week 1 pas als u hem start" in page
    assert reverse("programme:change_walking", args=[ready_patient.pk, prepared.pk]) in page


def test_today_shows_no_plan_and_no_start_notice_while_week_one_waits(
    client, ready_patient, prepared
):
    client.force_login(ready_patient.user)
    page = client.get(reverse("web:patient_home")).content.decode()
    assert "Uw programma is gestart" not in page
    assert 'id="walks"' not in page


def test_a_prepared_week_one_is_changed_with_the_reason_kept(
    staff, ready_patient, prepared, therapist
):
    url = reverse("programme:change_walking", args=[ready_patient.pk, prepared.pk])
    response = staff.post(
        url, {"minutes_per_day": "10", "walks_per_day": "2", "reason": "Rustig beginnen."}
    )
    assert response.status_code == 302
    prepared.refresh_from_db()
    assert prepared.plan["walking"]["minutes_per_day"] == 10
    assert prepared.plan["walking"]["reason"].endswith("Rustig beginnen.")
    change = PlanChange.objects.get()
    assert (change.plan, change.kind, change.changed_by) == (prepared, "walking", therapist)
    assert change.reason == "Rustig beginnen."
    overview = staff.get(reverse("programme:overview", args=[ready_patient.pk])).content.decode()
    assert "Rustig beginnen." in overview


def test_an_exercise_of_a_prepared_week_one_can_be_swapped(staff, ready_patient, prepared):
    from tests.programme.test_changes import same_category_candidate

    old = prepared.plan["exercises"][0]["id"]
    new = same_category_candidate(prepared, old)
    url = reverse("programme:change_exercise", args=[ready_patient.pk, prepared.pk, old])
    staff.post(url, {"action": "swap", "new_exercise": new, "reason": "Liever zittend."})
    prepared.refresh_from_db()
    assert prepared.plan["exercises"][0]["id"] == new
    assert PlanChange.objects.get().kind == "swap"


def test_starting_the_prepared_week_starts_the_programme_and_tells_the_patient(
    staff, client, ready_patient, prepared, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("programme:approve", args=[ready_patient.pk, prepared.pk]))
    prepared.refresh_from_db()
    assert prepared.status == WeeklyPlan.Status.ACTIVE
    assert prepared.starts_on == timezone.localdate()
    assert prepared.programme.started_at == prepared.approved_at
    assert len(mailoutbox) == 1
    client.force_login(ready_patient.user)
    assert "Uw programma is gestart" in client.get(reverse("web:patient_home")).content.decode()


def test_the_nightly_rollover_leaves_a_prepared_week_one_waiting(ready_patient, prepared):
    later = timezone.localdate() + timezone.timedelta(days=10)
    result = planning.advance_programmes(later)
    assert result.started == [] and result.waiting == []
    assert list(WeeklyPlan.objects.values_list("week", "status")) == [(1, "proposed")]


def test_a_plain_start_still_runs_week_one_at_once(staff, ready_patient):
    staff.post(reverse("programme:start", args=[ready_patient.pk]), {})
    plan = WeeklyPlan.objects.get(programme__patient=ready_patient)
    assert plan.status == WeeklyPlan.Status.ACTIVE
