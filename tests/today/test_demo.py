"""The demo of the patient's day, on top of the programme demo."""

from collections import Counter

import pytest

from ruggensteun.programme import demo as programme_demo
from ruggensteun.programme.models import DayLog, ExerciseFeedback, WeeklyPlan
from ruggensteun.today import demo as today_demo
from ruggensteun.today.day import next_day_questions
from ruggensteun.today.models import ModuleAnswer, ModuleRead, Tick
from tests.clock import TODAY
from tests.programme.test_demo import demo_patients


@pytest.fixture
def demo(practice, therapist):
    patients = demo_patients(practice, therapist, count=12)
    programme_demo.populate_demo(patients, TODAY)
    today_demo.populate_demo(patients, TODAY)
    return patients


def snapshot():
    return (
        sorted(Tick.objects.values_list("patient__user__email", "date", "kind", "item")),
        sorted(ModuleAnswer.objects.values_list("patient__user__email", "question_id", "correct")),
    )


def test_the_weeks_exercise_days_match_the_day_logs(demo):
    for plan in WeeklyPlan.objects.filter(status="active").select_related("programme__patient"):
        patient = plan.programme.patient
        logged = set(
            DayLog.objects.filter(
                patient=patient,
                date__gte=plan.starts_on,
                date__lt=TODAY,
                exercise_sessions__gte=1,
            ).values_list("date", flat=True)
        )
        ticked = set(
            Tick.objects.filter(patient=patient, date__lt=TODAY).values_list("date", flat=True)
        )
        assert ticked <= logged


def test_earlier_modules_are_read_and_answered(demo):
    assert ModuleRead.objects.exists()
    answers = Counter(ModuleAnswer.objects.values_list("correct", flat=True))
    assert answers[True] > answers[False] > 0


def test_one_patient_is_asked_about_yesterdays_painful_exercise(demo):
    asked = [p for p in demo if next_day_questions(p, TODAY)]
    assert len(asked) == 1
    assert ExerciseFeedback.objects.disliked_exercise_ids(asked[0]) == frozenset()


def test_todays_first_walks_are_in_the_day_logs(demo):
    walked = Tick.objects.filter(date=TODAY, kind="walk")
    assert walked.exists()
    for tick in walked:
        assert DayLog.objects.get(patient=tick.patient, date=TODAY).walking_minutes == tick.minutes


def test_the_demo_is_the_same_every_run(practice, therapist):
    patients = demo_patients(practice, therapist, count=8)
    programme_demo.populate_demo(patients, TODAY)
    today_demo.populate_demo(patients, TODAY)
    first = snapshot()
    Tick.objects.all().delete()
    ModuleAnswer.objects.all().delete()
    ModuleRead.objects.all().delete()
    DayLog.objects.filter(date=TODAY).delete()
    today_demo.populate_demo(patients, TODAY)
    assert snapshot() == first
