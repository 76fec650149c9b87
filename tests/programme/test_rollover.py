"""The weekly rollover: idempotent; a week starts by itself or waits for approval."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from ruggensteun.audit.models import AuditEvent
from ruggensteun.intake.models import RedFlagAlert
from ruggensteun.programme import planning
from ruggensteun.programme.models import Programme, WeeklyPlan
from tests.programme.conftest import log_week, next_monday


def test_nothing_happens_before_the_week_has_ended(programme, week_one):
    assert planning.advance(programme, week_one.ends_on) == []
    assert programme.plans.count() == 1


def test_the_next_week_starts_by_itself_from_the_day_logs(programme, week_one):
    log_week(programme.patient, week_one, walking=30)
    (week_two,) = planning.advance(programme, next_monday(week_one))
    week_one.refresh_from_db()
    assert (week_two.week, week_two.status, week_two.starts_on) == (
        2,
        WeeklyPlan.Status.ACTIVE,
        next_monday(week_one),
    )
    assert week_two.approved_by is None and week_two.started_by_itself
    assert week_one.status == WeeklyPlan.Status.SUPERSEDED
    # Walked 30 minutes on 7 days: the goal becomes 80% of that baseline.
    assert week_two.plan["walking"]["minutes_per_day"] == 24
    assert week_two.decision == "progress"
    assert AuditEvent.objects.filter(what="programme: week started", actor__isnull=True).exists()


def test_running_the_rollover_twice_proposes_a_week_once(programme, week_one):
    log_week(programme.patient, week_one)
    monday = next_monday(week_one)
    out = StringIO()
    call_command("advance_programmes", "--date", monday.isoformat(), stdout=out)
    call_command("advance_programmes", "--date", monday.isoformat(), stdout=out)
    call_command(
        "advance_programmes", "--date", (monday + timedelta(days=1)).isoformat(), stdout=out
    )
    assert programme.plans.count() == 2
    # One task for the programme whose week ended (run at once in the tests); the runs
    # after it find nothing due (issue #15: only programmes with a week due are queued).
    assert out.getvalue().count("1 programme(s) queued") == 1
    assert out.getvalue().count("0 programme(s) queued") == 2
    assert AuditEvent.objects.filter(what="programme: week started").count() == 1


def test_a_week_waits_for_approval_when_the_therapist_asked(programme, week_one):
    programme.approve_each_week = True
    programme.save()
    log_week(programme.patient, week_one)
    monday = next_monday(week_one)
    (proposed,) = planning.advance(programme, monday)
    assert proposed.status == WeeklyPlan.Status.PROPOSED
    assert planning.advance(programme, monday + timedelta(days=8)) == []
    assert list(WeeklyPlan.objects.awaiting_approval()) == [proposed]
    assert list(Programme.objects.awaiting_approval()) == [programme]
    week_one.refresh_from_db()
    assert week_one.status == WeeklyPlan.Status.ACTIVE
    assert WeeklyPlan.objects.current_for(programme.patient) == week_one


def test_approving_starts_the_week_on_the_day_of_approval(client, therapist, programme, week_one):
    programme.approve_each_week = True
    programme.save()
    (proposed,) = planning.advance(programme, next_monday(week_one))
    client.force_login(therapist)
    page = client.get(reverse("programme:overview", args=[programme.patient_id])).content.decode()
    assert "wacht op uw goedkeuring" in page
    response = client.post(reverse("programme:approve", args=[programme.patient_id, proposed.pk]))
    assert response.status_code == 302
    proposed.refresh_from_db()
    week_one.refresh_from_db()
    assert proposed.status == WeeklyPlan.Status.ACTIVE
    assert proposed.approved_by == therapist
    assert proposed.starts_on >= next_monday(week_one)
    assert week_one.status == WeeklyPlan.Status.SUPERSEDED


def test_an_active_week_cannot_be_approved_again(client, therapist, programme, week_one):
    client.force_login(therapist)
    response = client.post(reverse("programme:approve", args=[programme.patient_id, week_one.pk]))
    assert response.status_code == 404


def test_missed_weeks_are_caught_up_when_weeks_start_by_themselves(programme, week_one):
    created = planning.advance(programme, week_one.starts_on + timedelta(days=22))
    assert [plan.week for plan in created] == [2, 3, 4]
    assert [plan.starts_on for plan in created] == [
        week_one.starts_on + timedelta(days=7 * n) for n in (1, 2, 3)
    ]
    assert programme.plans.filter(status=WeeklyPlan.Status.ACTIVE).get().week == 4
    # Nothing was logged: the goal holds, and the therapist is told.
    assert created[-1].decision == "hold_low_adherence"


def test_low_adherence_two_weeks_running_is_found(programme, week_one):
    planning.advance(programme, week_one.starts_on + timedelta(days=15))
    assert list(Programme.objects.low_adherence()) == [programme]
    assert not Programme.objects.low_adherence(weeks=3).exists()


def test_no_new_week_while_a_red_flag_is_open(programme, week_one, therapist):
    from ruggensteun.intake.models import TriageAssessment

    RedFlagAlert.objects.create(
        patient=programme.patient,
        assessment=TriageAssessment.objects.latest_for(programme.patient),
        rule_id="INFECTION",
        urgency="urgent",
    )
    result = planning.advance_programmes(next_monday(week_one))
    assert result.held and not result.started
    assert programme.plans.count() == 1


def test_a_paused_programme_waits_and_resumes_today(programme, week_one):
    planning.set_status(programme, Programme.Status.PAUSED, week_one.starts_on)
    later = week_one.starts_on + timedelta(days=20)
    assert planning.advance_programmes(later).started == []
    (week_two,) = planning.set_status(programme, Programme.Status.ACTIVE, later)
    assert week_two.starts_on == later


def test_an_ended_programme_gets_no_weeks_and_a_new_one_may_start(programme, week_one, therapist):
    planning.set_status(programme, Programme.Status.ENDED, week_one.starts_on)
    assert planning.advance_programmes(next_monday(week_one)).started == []
    assert WeeklyPlan.objects.current_for(programme.patient) is None
    again = planning.start_programme(
        programme.patient, therapist, approve_each_week=False, today=next_monday(week_one)
    )
    assert again.plans.get().week == 1


def test_the_therapist_toggles_approving_each_week(client, therapist, programme):
    client.force_login(therapist)
    url = reverse("programme:approve_each_week", args=[programme.patient_id])
    client.post(url, {"approve_each_week": "on"})
    programme.refresh_from_db()
    assert programme.approve_each_week is True
    client.post(url, {"approve_each_week": ""})
    programme.refresh_from_db()
    assert programme.approve_each_week is False


def test_the_therapist_pauses_and_ends_from_the_page(client, therapist, programme):
    client.force_login(therapist)
    url = reverse("programme:status", args=[programme.patient_id])
    client.post(url, {"status": "paused"})
    programme.refresh_from_db()
    assert programme.status == Programme.Status.PAUSED
    client.post(url, {"status": "ended"})
    programme.refresh_from_db()
    assert programme.status == Programme.Status.ENDED and programme.ended_at
