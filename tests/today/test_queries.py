"""Today and the exercise page use a fixed number of queries, however big the plan."""

from django.urls import reverse

from ruggensteun.programme.models import ExerciseFeedback
from ruggensteun.today.models import ModuleRead
from tests.today.conftest import entry, set_exercises, tick

# 22: the weekly check-in card asks whether a check-in is due (issue #12).
# 23: the message card asks whether a reply of the practice is unread (issue #16).
MAX_QUERIES = 23
# A plan holds 3 to 6 exercises (plan_io.MAX_EXERCISES); 1 and 6 are the extremes a
# therapist's changes can leave.
SIX = ["cat_camel", "bridge", "pelvic_tilt_lying", "knee_rocking", "dead_bug_heel_tap", "squat"]


def busy_day(client, patient, week, day, exercises):
    set_exercises(week, [entry(e, reps=6) for e in exercises])
    for exercise_id in exercises:
        tick(client, "exercise", exercise_id)
        ExerciseFeedback.objects.create(
            patient=patient, exercise_id=exercise_id, date=day, kind="too_painful"
        )
    tick(client, "walk", "1")
    for module_id in week.plan["education"]:
        ModuleRead.objects.create(patient=patient, module_id=module_id)


def queries(client, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_today_has_the_same_number_of_queries_for_one_and_six_exercises(
    patient_client, patient, week, day, django_assert_max_num_queries
):
    url = reverse("web:patient_home")
    busy_day(patient_client, patient, week, day, SIX[:1])
    one = queries(patient_client, url, django_assert_max_num_queries)
    ExerciseFeedback.objects.all().delete()
    ModuleRead.objects.all().delete()
    busy_day(patient_client, patient, week, day, SIX)
    six = queries(patient_client, url, django_assert_max_num_queries)
    assert one == six


def test_the_exercise_page_has_a_fixed_number_of_queries(
    patient_client, patient, week, day, django_assert_max_num_queries
):
    busy_day(patient_client, patient, week, day, SIX[:1])
    one = queries(
        patient_client, reverse("today:exercise", args=["cat_camel"]), django_assert_max_num_queries
    )
    ExerciseFeedback.objects.all().delete()
    ModuleRead.objects.all().delete()
    busy_day(patient_client, patient, week, day, SIX)
    six = queries(
        patient_client, reverse("today:exercise", args=["cat_camel"]), django_assert_max_num_queries
    )
    assert one == six
