""" "Too painful" and "too easy", and the next day's question that turns a "too painful"
into a dislike the engine acts on (programme.md §4)."""

import uuid
from datetime import timedelta

from django.urls import reverse

from ruggensteun.programme.models import ExerciseFeedback
from tests.today.conftest import entry, set_exercises


def say(client, exercise_id, kind, key=None):
    return client.post(
        reverse("today:feedback", args=[exercise_id]),
        {"key": str(key or uuid.uuid4()), "kind": kind},
    )


def answer(client, feedback, still_painful, key=None):
    return client.post(
        reverse("today:next_day", args=[feedback.pk]),
        {"key": str(key or uuid.uuid4()), "still_painful": still_painful},
    )


def two_exercises(week):
    return set_exercises(week, [entry("cat_camel", reps=8), entry("bridge", reps=8)])


def test_too_painful_is_stored_for_today(patient_client, patient, week, day):
    two_exercises(week)
    response = say(patient_client, "bridge", "too_painful")
    assert response.status_code == 303
    (row,) = ExerciseFeedback.objects.all()
    assert (row.patient, row.exercise_id, row.date, row.kind) == (
        patient,
        "bridge",
        day,
        "too_painful",
    )
    assert row.still_painful_next_day is None
    page = patient_client.get(reverse("today:exercise", args=["bridge"])).content.decode()
    assert "Morgen vragen we of u er nog last van heeft" in page
    assert "te pijnlijk" in page


def test_feedback_said_twice_is_stored_once(patient_client, week):
    two_exercises(week)
    key = uuid.uuid4()
    say(patient_client, "bridge", "too_painful", key)
    say(patient_client, "bridge", "too_painful", key)
    say(patient_client, "bridge", "too_painful")  # tapped again today: still one
    assert ExerciseFeedback.objects.count() == 1


def test_too_easy_is_stored_and_never_becomes_a_dislike(patient_client, patient, week):
    two_exercises(week)
    say(patient_client, "cat_camel", "too_easy")
    assert ExerciseFeedback.objects.get().kind == "too_easy"
    assert ExerciseFeedback.objects.disliked_exercise_ids(patient) == frozenset()


def test_feedback_on_an_exercise_outside_the_plan_is_refused(patient_client, week):
    two_exercises(week)
    assert say(patient_client, "squat", "too_painful").status_code == 404
    assert not ExerciseFeedback.objects.exists()


def test_too_painful_alone_is_no_dislike(patient_client, patient, week):
    two_exercises(week)
    say(patient_client, "bridge", "too_painful")
    assert ExerciseFeedback.objects.disliked_exercise_ids(patient) == frozenset()


def painful_yesterday(patient, day, exercise_id="bridge"):
    return ExerciseFeedback.objects.create(
        patient=patient, exercise_id=exercise_id, date=day - timedelta(days=1), kind="too_painful"
    )


def test_the_next_day_today_asks_whether_it_still_hurts(patient_client, patient, week, day):
    two_exercises(week)
    painful_yesterday(patient, day)
    page = patient_client.get(reverse("web:patient_home")).content.decode()
    assert "Heeft u nog last van de oefening van gisteren?" in page
    assert "Gisteren vond u <strong>Bruggetje</strong> te pijnlijk." in page


def test_the_question_is_not_asked_on_the_same_day(patient_client, week):
    two_exercises(week)
    say(patient_client, "bridge", "too_painful")
    page = patient_client.get(reverse("web:patient_home")).content.decode()
    assert "Heeft u nog last" not in page


def test_still_painful_the_next_day_makes_it_a_dislike(patient_client, patient, week, day):
    two_exercises(week)
    row = painful_yesterday(patient, day)
    assert answer(patient_client, row, "yes").status_code == 303
    row.refresh_from_db()
    assert row.still_painful_next_day is True
    assert ExerciseFeedback.objects.disliked_exercise_ids(patient) == {"bridge"}
    page = patient_client.get(reverse("web:patient_home")).content.decode()
    assert "Heeft u nog last" not in page
    assert "lichtere oefening" in page


def test_better_the_next_day_is_no_dislike(patient_client, patient, week, day):
    two_exercises(week)
    row = painful_yesterday(patient, day)
    answer(patient_client, row, "no")
    row.refresh_from_db()
    assert row.still_painful_next_day is False
    assert ExerciseFeedback.objects.disliked_exercise_ids(patient) == frozenset()


def test_an_answer_sent_twice_counts_once(patient_client, patient, week, day):
    two_exercises(week)
    row = painful_yesterday(patient, day)
    key = uuid.uuid4()
    answer(patient_client, row, "no", key)
    row.refresh_from_db()
    row.still_painful_next_day = None
    row.save()
    answer(patient_client, row, "yes", key)  # the retry of the first answer changes nothing
    row.refresh_from_db()
    assert row.still_painful_next_day is None


def test_an_old_too_painful_is_let_go_after_a_week(patient_client, patient, week, day):
    two_exercises(week)
    ExerciseFeedback.objects.create(
        patient=patient, exercise_id="bridge", date=day - timedelta(days=8), kind="too_painful"
    )
    page = patient_client.get(reverse("web:patient_home")).content.decode()
    assert "Heeft u nog last" not in page


def test_a_later_question_names_the_day(patient_client, patient, week, day):
    two_exercises(week)
    ExerciseFeedback.objects.create(
        patient=patient, exercise_id="bridge", date=day - timedelta(days=3), kind="too_painful"
    )
    page = patient_client.get(reverse("web:patient_home")).content.decode()
    assert "Heeft u nog last van deze oefening?" in page
    assert "vond u <strong>Bruggetje</strong> te pijnlijk" in page


def test_the_exercise_page_asks_too(patient_client, patient, week, day):
    two_exercises(week)
    painful_yesterday(patient, day)
    page = patient_client.get(reverse("today:exercise", args=["bridge"])).content.decode()
    assert "Heeft u nog last van de oefening van gisteren?" in page
    page = patient_client.get(reverse("today:exercise", args=["cat_camel"])).content.decode()
    assert "Heeft u nog last" not in page


def test_another_patients_question_cannot_be_answered(
    client, patient, week, day, practice, therapist
):
    from tests import personas

    row = painful_yesterday(patient, day)
    neighbour = personas.patient(practice, therapist, "Nina Naaste")
    client.force_login(neighbour.user)
    assert answer(client, row, "yes").status_code == 404
    row.refresh_from_db()
    assert row.still_painful_next_day is None
