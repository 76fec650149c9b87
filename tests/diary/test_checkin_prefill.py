"""The check-in offers the exercise days the patient ticked off on Today (issue #12), as it
shows the ticked walking minutes: a pre-filled answer the patient can change."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ruggensteun.diary.models import CheckIn
from ruggensteun.diary.weekfill import plan
from ruggensteun.programme.models import DayLog
from ruggensteun.today.models import Tick
from tests.diary.conftest import calm_checkin
from tests.diary.test_weekfill import by_number, checkin, week


@pytest.fixture
def logged_in(client, patient):
    client.force_login(patient.user)
    return client


def day(running, number):
    return running.starts_on + timedelta(days=number - 1)


def exercise_tick(patient, when, item="cat_camel", *, undone=False):
    return Tick.objects.create(
        patient=patient,
        date=when,
        kind=Tick.Kind.EXERCISE,
        item=item,
        undone_at=timezone.now() if undone else None,
    )


def chosen(html):
    """The exercise-days answer that is checked, or None."""
    for tag in re.findall(r"<input[^>]*>", html):
        if 'name="exercise_days"' in tag and "checked" in tag:
            return int(re.search(r'value="(\d+)"', tag).group(1))
    return None


def checkin_page(client):
    return client.get(reverse("diary:checkin")).content.decode()


def test_the_days_with_an_exercise_ticked_off_are_pre_filled_with_a_note(
    logged_in, patient, running
):
    exercise_tick(patient, day(running, 1))
    exercise_tick(patient, day(running, 1), "bridge")  # a second exercise: the same day
    exercise_tick(patient, day(running, 3))
    exercise_tick(patient, day(running, 6))
    exercise_tick(patient, day(running, 5), undone=True)  # undone: not done
    exercise_tick(patient, running.starts_on - timedelta(days=1))  # before the week
    Tick.objects.create(patient=patient, date=day(running, 2), kind=Tick.Kind.WALK, item="1")
    html = checkin_page(logged_in)
    assert chosen(html) == 3
    assert "Bij Vandaag vinkte u op 3 dagen een oefening af." in html
    assert "Dat staat hier al ingevuld. Klopt het niet? Kies dan een ander getal." in html


def test_without_ticks_nothing_is_pre_filled(logged_in, running):
    html = checkin_page(logged_in)
    assert chosen(html) is None
    assert "Bij Vandaag vinkte u" not in html


def test_a_drafts_own_answer_wins_over_the_ticks(logged_in, patient, running):
    exercise_tick(patient, day(running, 2))
    exercise_tick(patient, day(running, 4))
    logged_in.post(reverse("diary:checkin"), calm_checkin(running, exercise_days=5, pain=None))
    assert CheckIn.objects.drafts().get(patient=patient).exercise_days == 5
    html = checkin_page(logged_in)
    assert chosen(html) == 5
    assert "Bij Vandaag vinkte u op 2 dagen een oefening af." in html
    assert "Dat staat hier al ingevuld" not in html


def test_the_pre_filled_answer_can_be_changed(logged_in, patient, running):
    exercise_tick(patient, day(running, 2))
    logged_in.post(reverse("diary:checkin"), calm_checkin(running, exercise_days=4))
    assert CheckIn.objects.submitted().get(patient=patient).exercise_days == 4


def test_the_ticked_days_get_the_exercise_days_first(logged_in, patient, running):
    exercise_tick(patient, day(running, 2))
    exercise_tick(patient, day(running, 7))
    logged_in.post(reverse("diary:checkin"), calm_checkin(running, exercise_days=2))
    sessions = {
        (log.date - running.starts_on).days + 1: log.exercise_sessions
        for log in DayLog.objects.filter(patient=patient)
    }
    assert {number for number, value in sessions.items() if value} == {2, 7}


def test_weekfill_places_exercise_days_on_ticked_open_days_before_the_others():
    slots = week()
    for number in (3, 4):
        slots[number - 1].exercise_ticked = True
    writes = plan(slots, checkin(exercise_days=3))
    done = {number for number, value in by_number(writes, "exercise_sessions").items() if value}
    assert {3, 4} < done and len(done) == 3
