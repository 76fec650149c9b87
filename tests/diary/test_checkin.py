"""The weekly check-in: saved first, written into the week's day logs without overwriting
what the patient ticked, triaged, stored once however often it is sent."""

import re
import uuid
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from ruggensteun.audit.models import AuditEvent
from ruggensteun.diary import checkins
from ruggensteun.diary.models import CheckIn
from ruggensteun.diary.views.checkin import ADVICE_HEADER
from ruggensteun.intake.models import RedFlagAlert
from ruggensteun.programme import planning
from ruggensteun.programme.inputs import checkins_for, week_logs
from ruggensteun.programme.models import DayLog
from tests.clock import AMSTERDAM
from tests.diary.conftest import calm_checkin, today
from tests.programme.conftest import classify


@pytest.fixture
def logged_in(client, patient):
    client.force_login(patient.user)
    return client


def send(client, data):
    return client.post(reverse("diary:checkin"), data)


def day(plan, number):
    return plan.starts_on + timedelta(days=number - 1)


def logs_by_day(patient, plan):
    return {
        (log.date - plan.starts_on).days + 1: log for log in DayLog.objects.filter(patient=patient)
    }


def test_the_check_in_page_asks_every_question_on_one_screen(logged_in, running):
    html = logged_in.get(reverse("diary:checkin")).content.decode()
    for words in (
        "Hoeveel pijn had u deze week gemiddeld?",
        "Hoeveel heeft u gewandeld?",
        "Op hoeveel dagen heeft u uw oefeningen gedaan?",
        "Hoe heeft u deze week geslapen?",
        "Hoeveel spanning of stress had u deze week?",
        "Had u deze week een opstoot?",
        "Heeft een arts u sinds de vorige check-in verteld dat u kanker heeft?",
    ):
        assert words in html
    assert html.count("<legend") >= 15
    assert 'name="submission_key"' in html


def test_a_check_in_is_saved_and_fills_the_gaps_of_the_weeks_day_logs(logged_in, patient, running):
    # Ticked on day 1 in the app: 25 minutes walked, exercised, pain 2.
    DayLog.objects.create(
        patient=patient, date=day(running, 1), walking_minutes=25, exercise_sessions=1, pain=2
    )

    response = send(logged_in, calm_checkin(running))

    stored = CheckIn.objects.submitted().get(patient=patient)
    assert response.url == reverse("diary:checkin_done", args=[stored.pk])
    assert (stored.pain, stored.walking_minutes_week, stored.exercise_days) == (3, 140, 4)
    assert (stored.sleep, stored.stress, stored.flare) == (4, 2, False)
    logs = logs_by_day(patient, running)
    assert sorted(logs) == [1, 2, 3, 4, 5, 6, 7]
    # Day 1 keeps what was ticked; only its open flare-up value is filled.
    assert (logs[1].walking_minutes, logs[1].exercise_sessions, logs[1].pain) == (25, 1, 2)
    assert logs[1].flare is False
    # The rest of the 140 minutes is spread evenly over the other six days.
    assert [logs[n].walking_minutes for n in range(2, 8)] == [20, 19, 19, 19, 19, 19]
    assert sum(log.walking_minutes for log in logs.values()) == 140
    # Four exercise days: day 1 ticked, three more spread over the open days.
    assert sum(1 for log in logs.values() if log.exercise_sessions) == 4
    assert {logs[n].pain for n in range(2, 8)} == {3}


def test_the_engine_reads_the_check_in_for_next_weeks_plan(logged_in, patient, running):
    send(logged_in, calm_checkin(running, walking_minutes_week=210, exercise_days=7))
    week = checkins_for(running, week_logs(running))
    assert [checkin.day for checkin in week] == [1, 2, 3, 4, 5, 6, 7]
    assert all(checkin.walking_minutes == 30 for checkin in week)
    assert all(checkin.exercise_sessions == 1 for checkin in week)
    assert all(checkin.pain == 3 and checkin.flare is False for checkin in week)


def test_walking_per_day_fills_only_the_days_given(logged_in, patient, running):
    DayLog.objects.create(patient=patient, date=day(running, 2), walking_minutes=40)
    data = calm_checkin(
        running,
        walking_mode="day",
        walking_minutes_week=None,
        **{f"walk_{day(running, 1).isoformat()}": 10, f"walk_{day(running, 3).isoformat()}": 15},
        # A field for a day that was ticked is not asked, and not used.
        **{f"walk_{day(running, 2).isoformat()}": 99},
    )
    send(logged_in, data)
    logs = logs_by_day(patient, running)
    assert logs[1].walking_minutes == 10
    assert logs[2].walking_minutes == 40
    assert logs[3].walking_minutes == 15
    assert logs[4].walking_minutes is None


def test_a_ticked_walking_day_is_shown_not_asked(logged_in, patient, running):
    DayLog.objects.create(patient=patient, date=day(running, 2), walking_minutes=40)
    html = logged_in.get(reverse("diary:checkin")).content.decode()
    assert f'name="walk_{day(running, 2).isoformat()}"' not in html
    assert f'name="walk_{day(running, 3).isoformat()}"' in html
    assert "40 minuten" in html


def test_a_newer_check_in_replaces_what_the_older_one_wrote_but_never_a_tick(
    logged_in, patient, running
):
    send(logged_in, calm_checkin(running, pain=3))
    DayLog.objects.filter(patient=patient, date=day(running, 4)).update(pain=8)  # ticked since

    send(logged_in, calm_checkin(running, pain=1, walking_minutes_week=70))

    logs = logs_by_day(patient, running)
    assert logs[4].pain == 8
    assert {logs[n].pain for n in (1, 2, 3, 5, 6, 7)} == {1}
    assert sum(log.walking_minutes for log in logs.values()) == 70


def test_a_reported_flare_up_reaches_the_engine_even_when_every_day_was_ticked_no(
    logged_in, patient, running
):
    DayLog.objects.bulk_create(
        DayLog(patient=patient, date=day(running, n), flare=False) for n in range(1, 8)
    )
    send(logged_in, calm_checkin(running, flare="ja"))
    flares = [checkin.flare for checkin in checkins_for(running, week_logs(running))]
    assert flares == [False] * 6 + [True]


def test_a_flare_up_marks_one_open_day_not_the_whole_week(logged_in, patient, running):
    send(logged_in, calm_checkin(running, flare="ja"))
    flares = [checkin.flare for checkin in checkins_for(running, week_logs(running))]
    assert flares == [None] * 6 + [True]


def test_a_red_flag_answer_shows_the_advice_at_once_and_alerts_the_therapist(
    logged_in, patient, running, therapist, client
):
    response = send(logged_in, calm_checkin(running, rf_saddle_numbness="ja"))
    page = logged_in.get(response.url)

    html = page.content.decode()
    assert page[ADVICE_HEADER] == "emergency"
    assert "Bel nu uw huisarts" in html
    assert 'href="tel:112"' in html
    assert 'role="alert"' in html
    alert = RedFlagAlert.objects.get(patient=patient)
    assert (alert.rule_id, alert.urgency, alert.handled_at) == ("CES", "emergency", None)
    stored = CheckIn.objects.get(patient=patient)
    assert stored.advice_rules == ["CES"]
    assert stored.red_flags["saddle_numbness"] is True

    client.force_login(therapist)
    page = client.get(reverse("patients:detail", args=[patient.pk])).content.decode()
    assert "1 nieuwe rode vlag" in page
    assert "Mogelijk caudasyndroom" in page  # the rule in words (issue #12), not its id


def test_fever_shows_the_advice_to_call_the_gp_today_without_112(logged_in, patient, running):
    response = send(logged_in, calm_checkin(running, rf_fever="ja"))
    html = logged_in.get(response.url).content.decode()
    assert "Neem vandaag contact op met uw huisarts" in html
    assert "tel:112" not in html
    assert RedFlagAlert.objects.get(patient=patient).rule_id == "INFECTION"


def test_a_calm_check_in_says_thank_you(logged_in, patient, running):
    response = send(logged_in, calm_checkin(running))
    page = logged_in.get(response.url)
    assert "Dank u wel!" in page.content.decode()
    assert ADVICE_HEADER not in page
    assert not RedFlagAlert.objects.filter(patient=patient).exists()


def test_a_flag_that_fired_last_week_is_not_announced_again(logged_in, patient, running):
    send(logged_in, calm_checkin(running, rf_fever="ja"))
    again = send(logged_in, calm_checkin(running, rf_fever="ja"))
    assert ADVICE_HEADER not in logged_in.get(again.url)
    assert RedFlagAlert.objects.filter(patient=patient).count() == 1


def test_a_double_submission_stores_one_check_in_and_shows_the_stored_result(
    logged_in, patient, running
):
    data = calm_checkin(running)
    first = send(logged_in, data)
    second = send(logged_in, {**data, "pain": 9})

    assert CheckIn.objects.filter(patient=patient).count() == 1
    assert second.status_code == 302 and second.url == first.url
    assert CheckIn.objects.get(patient=patient).pain == 3
    assert {log.pain for log in DayLog.objects.filter(patient=patient)} == {3}
    assert AuditEvent.objects.filter(patient=patient, action="create").count() == 1


def test_bad_input_is_refused_in_dutch_and_the_valid_answers_are_kept(logged_in, patient, running):
    data = calm_checkin(running, pain=11, walking_minutes_week=-5, rf_fever=None, sleep=2)

    response = send(logged_in, data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Kies een getal van 0 tot 10." in html
    assert "Het getal is te laag: het kleinste is 0." in html
    assert "Kies een antwoord. Deze vraag is belangrijk voor uw veiligheid." in html
    assert not CheckIn.objects.submitted().exists()
    assert not DayLog.objects.filter(patient=patient).exists()
    draft = CheckIn.objects.drafts().get(patient=patient)
    assert (draft.pain, draft.sleep, draft.stress) == (None, 2, 2)
    assert str(draft.submission_key) == data["submission_key"]
    assert "fever" not in draft.red_flags and draft.red_flags["bladder_problems"] is False

    # Coming back later, the answers given are there again, with the same key.
    again = logged_in.get(reverse("diary:checkin")).content.decode()
    assert data["submission_key"] in again
    assert re.search(r'name="sleep" value="2"[^>]*checked', again)
    assert not re.search(r'name="pain" value="\d+"[^>]*checked', again)


def test_a_draft_becomes_the_check_in_when_it_is_sent_complete(logged_in, patient, running):
    data = calm_checkin(running, pain=None)
    send(logged_in, data)
    send(logged_in, {**data, "pain": 2})
    stored = CheckIn.objects.get(patient=patient)
    assert stored.is_submitted and stored.pain == 2


def test_walking_more_than_fits_in_the_week_is_refused(logged_in, patient, running):
    response = send(logged_in, calm_checkin(running, walking_minutes_week=9000))
    assert "Het gaat om minuten, niet om stappen." in response.content.decode()
    assert not CheckIn.objects.submitted().exists()


def test_per_week_walking_must_be_filled_in(logged_in, running):
    response = send(logged_in, calm_checkin(running, walking_minutes_week=None))
    assert "Niet gewandeld? Vul 0 in." in response.content.decode()


def test_a_check_in_sent_later_lands_in_the_week_it_was_filled_in(logged_in, patient, running):
    # Filled in a week ago about the week before it, sent from the outbox today.
    last_week = (today() - timedelta(days=14), today() - timedelta(days=8))
    data = calm_checkin(
        running,
        period_start=last_week[0].isoformat(),
        period_end=last_week[1].isoformat(),
        walking_minutes_week=70,
    )
    send(logged_in, data)
    stored = CheckIn.objects.get(patient=patient)
    assert (stored.period_start, stored.period_end) == last_week
    assert {log.date for log in DayLog.objects.filter(patient=patient)} == {
        last_week[0] + timedelta(days=n) for n in range(7)
    }


def test_a_period_that_makes_no_sense_falls_back_to_this_week(logged_in, patient, running):
    send(logged_in, calm_checkin(running, period_start="2001-01-01", period_end="morgen"))
    stored = CheckIn.objects.get(patient=patient)
    assert (stored.period_start, stored.period_end) == (running.starts_on, running.ends_on)


def test_a_period_that_is_not_a_whole_ended_week_falls_back_to_the_ended_week(
    logged_in, patient, running
):
    # Days up to today, as the old form asked: today has not ended yet.
    send(logged_in, calm_checkin(running, period_end=today().isoformat()))
    stored = CheckIn.objects.get(patient=patient)
    assert (stored.period_start, stored.period_end) == (running.starts_on, running.ends_on)


def test_the_check_in_is_due_once_the_programme_week_has_ended(logged_in, patient, running):
    assert checkins.is_due(patient, today())
    # On the last day of week 1 the week has not ended yet.
    assert not checkins.is_due(patient, running.ends_on)
    send(logged_in, calm_checkin(running))
    assert not checkins.is_due(patient, today())


def test_weekly_pain_counts_the_newest_check_in_of_each_programme_week_only(
    logged_in, patient, running
):
    send(logged_in, calm_checkin(running, pain=3))
    send(logged_in, calm_checkin(running, pain=2))
    # A week before the programme started (sent late from the outbox) does not count.
    before = running.starts_on - timedelta(days=1)
    send(
        logged_in,
        calm_checkin(
            running,
            pain=1,
            period_start=(before - timedelta(days=6)).isoformat(),
            period_end=before.isoformat(),
        ),
    )
    assert CheckIn.objects.submitted().filter(patient=patient).count() == 3
    assert checkins.weekly_pain(patient) == [2]
    # Week 2, stored as the form would store it: the newest of each week, oldest week first.
    week_two = running.starts_on + timedelta(days=7)
    CheckIn.objects.create(
        patient=patient,
        submission_key=uuid.uuid4(),
        period_start=week_two,
        period_end=week_two + timedelta(days=6),
        pain=6,
        submitted_at=timezone.now(),
    )
    assert checkins.weekly_pain(patient) == [2, 6]


def test_without_a_programme_there_are_no_weekly_pain_scores(logged_in, patient):
    send(logged_in, calm_checkin(pain=7))
    assert CheckIn.objects.submitted().get(patient=patient).pain == 7
    assert checkins.weekly_pain(patient) == []


def test_a_patient_without_a_programme_checks_in_on_the_seven_days_ending_yesterday(
    logged_in, patient
):
    response = send(logged_in, calm_checkin())
    stored = CheckIn.objects.get(patient=patient)
    yesterday = today() - timedelta(days=1)
    assert (stored.period_start, stored.period_end) == (yesterday - timedelta(days=6), yesterday)
    assert logged_in.get(response.url).status_code == 200
    # Seven days, so seven exercise days fit (the calendar week so far did not always).
    assert sum(1 for log in DayLog.objects.filter(patient=patient) if log.exercise_sessions) == 4


@pytest.mark.parametrize("weekday", range(7))
def test_the_period_without_a_programme_is_seven_ended_days_on_every_weekday(patient, weekday):
    monday = date(2026, 6, 8)
    on = monday + timedelta(days=weekday)
    period = checkins.period_for(patient, on)
    assert len(period.days) == 7
    assert period.end == on - timedelta(days=1)


def test_the_check_in_does_not_open_in_the_first_programme_week(client, patient, therapist):
    classify(patient, therapist)
    started = today() - timedelta(days=3)
    planning.start_programme(patient, therapist, approve_each_week=False, today=started)
    client.force_login(patient.user)

    for on in (started, today(), started + timedelta(days=6)):
        assert checkins.period_for(patient, on) is None
        assert not checkins.is_due(patient, on)
    html = client.get(reverse("diary:checkin")).content.decode()
    first = started + timedelta(days=7)
    assert f"Uw eerste check-in is op {date_format(first, 'l j F')}." in html
    assert 'name="pain"' not in html
    # A form sent anyway (an old page) is not stored.
    send(client, calm_checkin(period_start=None, period_end=None))
    assert not CheckIn.objects.exists()
    assert checkins.period_for(patient, first).start == started


def test_a_check_in_stored_but_not_triaged_is_triaged_when_its_page_opens(
    logged_in, patient, running
):
    send(logged_in, calm_checkin(running, rf_fever="ja"))
    stored = CheckIn.objects.get(patient=patient)
    RedFlagAlert.objects.all().delete()
    stored.assessment.delete()
    CheckIn.objects.filter(pk=stored.pk).update(
        triaged_at=None, assessment=None, advice_urgency="", advice_rules=[]
    )
    page = logged_in.get(reverse("diary:checkin_done", args=[stored.pk]))
    assert page[ADVICE_HEADER] == "urgent"
    assert RedFlagAlert.objects.filter(patient=patient, rule_id="INFECTION").exists()


def test_the_check_in_is_in_the_audit_log(logged_in, patient, running):
    send(logged_in, calm_checkin(running))
    stored = CheckIn.objects.get(patient=patient)
    event = AuditEvent.objects.get(patient=patient, action="create")
    assert event.detail == {"checkin": stored.pk}


def test_three_weeks_of_pain_and_a_programme_from_today_never_send_the_patient_to_the_gp(
    client, patient, therapist
):
    """Issue #10: the episode is 3 weeks old at intake (pain 5) and the programme starts
    today. Four weeks of check-ins with the pain unchanged: no check-in tells the patient to
    see the GP, and the programme goes on week after week (NO_RECOVERY is at most a routine
    note for the therapist, counted in programme weeks, triage.md §2 revision 2)."""
    from ruggensteun.intake.status import programme_clearance, safety_state
    from ruggensteun.programme.models import Programme

    classify(patient, therapist)
    start = today()
    programme = planning.start_programme(patient, therapist, approve_each_week=False, today=start)
    client.force_login(patient.user)
    assert "Uw eerste check-in is op" in client.get(reverse("diary:checkin")).content.decode()

    for week in range(1, 5):
        day_after = start + timedelta(days=7 * week)
        with time_machine.travel(datetime.combine(day_after, time(10), tzinfo=AMSTERDAM)):
            planning.advance_programmes(day_after)
            client.force_login(patient.user)
            plan = programme.plans.get(week=week)
            page = client.get(reverse("diary:checkin")).content.decode()
            assert f'name="period_start" value="{plan.starts_on.isoformat()}"' in page
            result = client.get(send(client, calm_checkin(plan, pain=5)).url)
            assert ADVICE_HEADER not in result
            assert "huisarts" not in result.content.decode()
            assert not safety_state(patient).alerts
            assert programme_clearance(patient).allowed
    assert checkins.weekly_pain(patient) == [5, 5, 5, 5]
    programme.refresh_from_db()
    assert programme.status == Programme.Status.ACTIVE
    assert programme.plans.filter(week=5).exists()
    assert not RedFlagAlert.objects.filter(patient=patient).exclude(urgency="routine").exists()


def test_a_check_in_sent_during_a_lockdown_is_still_saved_under_the_advice(
    logged_in, patient, running
):
    first = send(logged_in, calm_checkin(running, rf_saddle_numbness="ja"))
    assert logged_in.get(reverse("web:patient_home")).url == reverse("intake:advice")
    # Filled in before, sent from the outbox now: saved, and the result shows the advice.
    second = send(logged_in, calm_checkin(running, pain=6, rf_saddle_numbness="ja"))
    assert second.url != first.url
    assert CheckIn.objects.submitted().filter(patient=patient).count() == 2
    page = logged_in.get(second.url).content.decode()
    assert "Bel nu uw huisarts" in page and "Uw check-in is bewaard." in page
    assert "Naar vandaag" not in page
