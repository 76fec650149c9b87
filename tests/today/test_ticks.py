"""Ticking things off writes the day log for today, once per form and once per thing."""

import uuid
from datetime import timedelta

from django.urls import reverse

from ruggensteun.programme.models import DayLog
from ruggensteun.today.models import Tick
from tests.today.conftest import entry, set_exercises, tick


def log(patient, day):
    return DayLog.objects.get(patient=patient, date=day)


def walking_week(week):
    return set_exercises(
        week,
        [entry("cat_camel", reps=8), entry("bridge", reps=8)],
        walking={"minutes_per_day": 16, "walks_per_day": 3},
    )


def test_each_walk_adds_its_minutes_to_today(patient_client, patient, week, day):
    walking_week(week)
    response = tick(patient_client, "walk", "1")
    assert response.status_code == 303
    assert log(patient, day).walking_minutes == 6
    tick(patient_client, "walk", "3")
    assert log(patient, day).walking_minutes == 11


def test_a_tick_sent_twice_is_stored_once(patient_client, patient, week, day):
    walking_week(week)
    key = uuid.uuid4()
    tick(patient_client, "walk", "1", key=key)
    tick(patient_client, "walk", "1", key=key)
    assert log(patient, day).walking_minutes == 6
    assert Tick.objects.count() == 1


def test_the_same_walk_from_two_open_pages_counts_once(patient_client, patient, week, day):
    walking_week(week)
    tick(patient_client, "walk", "2")
    tick(patient_client, "walk", "2")  # another form, another key: still the same walk
    assert log(patient, day).walking_minutes == 5
    assert Tick.objects.standing().count() == 1


def test_undo_takes_the_minutes_off_again(patient_client, patient, week, day):
    walking_week(week)
    tick(patient_client, "walk", "1")
    tick(patient_client, "walk", "2")
    tick(patient_client, "walk", "1", action="undo")
    assert log(patient, day).walking_minutes == 5
    assert Tick.objects.filter(undone_at__isnull=False).count() == 1


def test_an_undo_sent_again_after_a_new_tick_changes_nothing(patient_client, patient, week, day):
    walking_week(week)
    tick(patient_client, "walk", "1")
    undo_key = uuid.uuid4()
    tick(patient_client, "walk", "1", action="undo", key=undo_key)
    tick(patient_client, "walk", "1")
    tick(patient_client, "walk", "1", action="undo", key=undo_key)  # a late retry
    assert log(patient, day).walking_minutes == 6


def test_minutes_written_by_the_check_in_are_kept(patient_client, patient, week, day):
    walking_week(week)
    DayLog.objects.create(patient=patient, date=day, walking_minutes=20, pain=3)
    tick(patient_client, "walk", "1")
    today = log(patient, day)
    assert (today.walking_minutes, today.pain) == (26, 3)


def test_a_walk_of_ones_own_length_adds_what_was_entered(patient_client, patient, week, day):
    walking_week(week)
    key = str(uuid.uuid4())
    url = reverse("today:own_walk")
    assert patient_client.post(url, {"key": key, "minutes": "25"}).status_code == 303
    patient_client.post(url, {"key": key, "minutes": "25"})
    assert log(patient, day).walking_minutes == 25
    page = patient_client.get(reverse("web:patient_home")).content.decode()
    assert "25 van 16 min" in page


def test_a_wrong_number_of_minutes_gets_a_dutch_message_and_stores_nothing(patient_client, week):
    response = patient_client.post(
        reverse("today:own_walk"), {"key": str(uuid.uuid4()), "minutes": "duizend"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vul een heel getal in" in page
    assert 'aria-invalid="true"' in page
    assert not DayLog.objects.exists()


def test_the_day_counts_as_an_exercise_session_once_all_exercises_are_ticked(
    patient_client, patient, week, day
):
    walking_week(week)
    tick(patient_client, "exercise", "cat_camel")
    # Half done is no session yet; the day stays open for the weekly check-in too.
    assert not DayLog.objects.filter(exercise_sessions__isnull=False).exists()
    tick(patient_client, "exercise", "bridge")
    assert log(patient, day).exercise_sessions == 1
    page = patient_client.get(reverse("web:patient_home")).content.decode()
    assert "Uw oefeningen van vandaag zijn klaar" in page


def test_undoing_an_exercise_takes_the_session_back(patient_client, patient, week, day):
    walking_week(week)
    tick(patient_client, "exercise", "cat_camel")
    tick(patient_client, "exercise", "bridge")
    tick(patient_client, "exercise", "bridge", action="undo")
    assert log(patient, day).exercise_sessions == 0
    tick(patient_client, "exercise", "bridge")
    assert log(patient, day).exercise_sessions == 1


def test_an_exercise_done_on_all_its_days_this_week_is_not_needed_today(
    patient_client, patient, week, day
):
    set_exercises(week, [entry("cat_camel", reps=8, days=7), entry("bridge", reps=8, days=2)])
    for back in (1, 2):
        Tick.objects.create(
            patient=patient, date=day - timedelta(days=back), kind="exercise", item="bridge"
        )
    page = patient_client.get(reverse("web:patient_home")).content.decode()
    assert "Deze week al 2 dagen gedaan. Extra mag." in page
    tick(patient_client, "exercise", "cat_camel")
    assert log(patient, day).exercise_sessions == 1


def test_the_exposure_step_is_ticked_off(patient_client, patient, week, day):
    data = dict(week.plan)
    data["exposure"] = {"activity": "vacuuming", "reason": "", "rule": "", "first_rating": 50}
    week.replace_plan(data)
    week.save()
    page = patient_client.get(reverse("web:patient_home")).content.decode()
    assert "Oefenstap van deze week" in page
    tick(patient_client, "exposure", "vacuuming")
    assert log(patient, day).exposure_done is True
    tick(patient_client, "exposure", "vacuuming", action="undo")
    assert log(patient, day).exposure_done is None


def test_something_outside_todays_plan_is_refused(patient_client, week):
    walking_week(week)
    for kind, item in [("exercise", "squat"), ("walk", "9"), ("walk", "x"), ("exposure", "x")]:
        response = tick(patient_client, kind, item)
        assert response.status_code == 303
    assert not DayLog.objects.exists()
    assert not Tick.objects.exists()
    page = patient_client.get(reverse("web:patient_home")).content.decode()
    assert "Dit staat niet in uw plan van vandaag." in page


def test_a_refused_tick_does_not_use_up_its_key(patient_client, patient, week, day):
    walking_week(week)
    key = uuid.uuid4()
    tick(patient_client, "exercise", "squat", key=key)
    tick(patient_client, "walk", "1", key=key)
    assert log(patient, day).walking_minutes == 6


def test_a_tick_without_a_key_is_refused(patient_client, week):
    patient_client.post(reverse("today:tick"), {"kind": "walk", "item": "1", "action": "done"})
    assert not DayLog.objects.exists()


def test_a_tick_only_goes_back_to_the_patients_own_pages(patient_client, week):
    response = tick(patient_client, "walk", "1", next="https://elders.example/")
    assert response.url == reverse("web:patient_home")
    response = tick(patient_client, "walk", "2", next="/mijn/#walks")
    assert response.url == "/mijn/#walks"


def test_with_htmx_the_card_comes_back_with_its_message_for_screen_readers(patient_client, week):
    walking_week(week)
    response = patient_client.post(
        reverse("today:tick"),
        {"key": str(uuid.uuid4()), "kind": "walk", "item": "1", "action": "done"},
        HTTP_HX_REQUEST="true",
        follow=True,
    )
    page = response.content.decode()
    status = page[page.index('id="today-status"') : page.index("</p>", page.index("today-status"))]
    assert "Wandeling 1 is afgevinkt" in status
    assert 'id="walk-1" aria-pressed="true"' in page


def test_a_tick_that_waited_offline_counts_for_the_day_it_was_made(
    patient_client, patient, week, day
):
    """today.js stamps a tick that waits in the outbox with the device's day (issue #16):
    sent the next day, it still counts for the day it was made, within the week in force."""
    walking_week(week)
    yesterday = day - timedelta(days=1)
    tick(patient_client, "walk", "1", ticked_on=yesterday.isoformat())
    assert log(patient, yesterday).walking_minutes == 6
    assert not DayLog.objects.filter(patient=patient, date=day).exists()


def test_a_tick_day_outside_the_week_or_in_the_future_counts_for_today(
    patient_client, patient, week, day
):
    walking_week(week)
    before_the_week = week.starts_on - timedelta(days=1)
    tick(patient_client, "walk", "1", ticked_on=before_the_week.isoformat())
    tick(patient_client, "walk", "2", ticked_on=(day + timedelta(days=1)).isoformat())
    assert log(patient, day).walking_minutes == 11
    assert set(Tick.objects.filter(patient=patient).values_list("date", flat=True)) == {day}
