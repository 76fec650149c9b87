"""Building the engine's input from the database: the profile and the history."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from ruggensteun.clinical.programme import plan_io
from ruggensteun.intake import assessment
from ruggensteun.intake.models import Intake
from ruggensteun.programme.inputs import (
    ProfileIncomplete,
    asks_fear_ratings,
    build_history,
    build_profile,
)
from ruggensteun.programme.models import (
    DayLog,
    ExerciseFeedback,
    ExercisePreference,
    FearRating,
)
from tests.intake.test_triage_workspace import calm_answers
from tests.programme.conftest import classify


def test_the_profile_comes_from_the_classification_and_the_intake(patient, therapist):
    classify(
        patient,
        therapist,
        answers={"nprs": 7, "work_status": "sick_leave", "recurrent": True},
        duration_class="chronic",
        pain_type="radicular",
        pathway="psychologically_informed",
    )
    profile = build_profile(patient)
    assert (profile.duration_class, profile.pain_type, profile.pathway, profile.nprs) == (
        "chronic",
        "radicular",
        "psychologically_informed",
        7,
    )
    assert {"sick_leave", "recurrent", "work"} <= profile.tags


def test_the_profile_holds_preferences_latest_fear_ratings_and_dislikes(ready_patient):
    patient = ready_patient
    ExercisePreference.objects.replace(patient, ["strength", "stretching"])
    earlier = timezone.now() - timedelta(days=7)
    FearRating.objects.create(patient=patient, activity_id="vacuuming", rating=80, rated_at=earlier)
    FearRating.objects.create(patient=patient, activity_id="vacuuming", rating=40)
    FearRating.objects.create(patient=patient, activity_id="running", rating=90)
    today = timezone.localdate()
    ExerciseFeedback.objects.create(
        patient=patient,
        exercise_id="cat_camel",
        date=today,
        kind="too_painful",
        still_painful_next_day=True,
    )
    ExerciseFeedback.objects.create(
        patient=patient,
        exercise_id="bridge",
        date=today,
        kind="too_painful",
        still_painful_next_day=False,
    )
    ExerciseFeedback.objects.create(
        patient=patient, exercise_id="pelvic_tilt_lying", date=today, kind="too_easy"
    )
    profile = build_profile(patient)
    assert profile.preferences == ("strength", "stretching")
    assert dict(profile.fear_ratings) == {"running": 90, "vacuuming": 40}
    assert profile.disliked_exercises == frozenset({"cat_camel"})


def test_the_profile_is_incomplete_without_a_pathway(patient):
    Intake.objects.create(patient=patient, answers=calm_answers())
    assessment.assess(patient, "intake")
    with pytest.raises(ProfileIncomplete) as missing:
        build_profile(patient)
    assert missing.value.missing == ("pathway",)


def test_the_profile_is_incomplete_before_the_intake_was_triaged(patient):
    with pytest.raises(ProfileIncomplete) as missing:
        build_profile(patient)
    assert missing.value.missing == ("classification",)


def test_day_logs_become_checkins_numbered_from_the_week_start(programme, week_one):
    patient = programme.patient
    start = week_one.starts_on
    DayLog.objects.create(patient=patient, date=start - timedelta(days=1), walking_minutes=99)
    DayLog.objects.create(patient=patient, date=start, walking_minutes=10, pain=5)
    DayLog.objects.create(
        patient=patient, date=start + timedelta(days=6), exercise_sessions=1, flare=True
    )
    DayLog.objects.create(patient=patient, date=start + timedelta(days=7), walking_minutes=99)
    (record,) = build_history([week_one])
    assert record.plan == week_one.engine_plan
    assert record.checkins == (
        plan_io.CheckIn(day=1, walking_minutes=10, pain=5),
        plan_io.CheckIn(day=7, exercise_sessions=1, flare=True),
    )


def test_fear_ratings_are_asked_with_fear_or_the_psychologically_informed_pathway(
    patient, therapist
):
    from ruggensteun.intake.status import Classification

    def classification(pathway, flags=()):
        return Classification("chronic", "nonspecific", pathway, "high", flags, True)

    assert asks_fear_ratings(classification("psychologically_informed"))
    assert asks_fear_ratings(classification("exercise", ({"id": "fear"},)))
    assert not asks_fear_ratings(classification("exercise", ({"id": "work"},)))
    assert not asks_fear_ratings(None)


def test_only_a_known_yes_to_pregnant_gives_the_pregnant_tag(patient, therapist):
    classify(patient, therapist, answers={"pregnant": True})
    profile = build_profile(patient)
    assert "pregnant" in profile.tags
    # The week of pregnancy is not asked: unknown, so the engine is conservative.
    assert profile.pregnancy_week is None
    intake = Intake.objects.get(patient=patient)
    for answer in (False, None):
        intake.answers = {**intake.answers, "pregnant": answer}
        intake.save()
        assert "pregnant" not in build_profile(patient).tags


def test_the_stenosis_rule_gives_the_stenosis_tag(patient, therapist):
    from ruggensteun.intake.models import TriageAssessment

    patient.date_of_birth = date(1950, 1, 1)  # over 50 on any day the tests run
    patient.save(update_fields=["date_of_birth"])
    classify(patient, therapist, answers={"walking_leg_pain_eased_by_sitting": True})
    assert "STENOSIS" in TriageAssessment.objects.latest_for(patient).rule_ids
    profile = build_profile(patient)
    assert "stenosis" in profile.tags
    assert "pregnant" not in profile.tags


def test_the_reads_of_many_profiles_at_once_are_each_patients_own(
    practice, therapist, django_assert_num_queries
):
    """The nightly rollover reads a task's profiles together (``profile_reads``, issue
    #15): the same profile as each patient's own reading, in six queries for them all."""
    from ruggensteun.programme.inputs import profile_reads
    from ruggensteun.programme.models import DirectionalPreference
    from tests import personas

    rich, plain, stenosis = (
        personas.patient(practice, therapist, name) for name in ("Rijk", "Gewoon", "Smal")
    )
    classify(rich, therapist, answers={"nprs": 6, "recurrent": True})
    ExercisePreference.objects.replace(rich, ["strength", "mobility"])
    earlier = timezone.now() - timedelta(days=7)
    FearRating.objects.create(patient=rich, activity_id="vacuuming", rating=80, rated_at=earlier)
    FearRating.objects.create(patient=rich, activity_id="vacuuming", rating=30)
    FearRating.objects.create(patient=rich, activity_id="running", rating=70)
    ExerciseFeedback.objects.create(
        patient=rich,
        exercise_id="bridge",
        date=timezone.localdate(),
        kind="too_painful",
        still_painful_next_day=True,
    )
    DirectionalPreference.record(rich, True)
    classify(plain, therapist)
    stenosis.date_of_birth = date(1950, 1, 1)
    stenosis.save(update_fields=["date_of_birth"])
    classify(stenosis, therapist, answers={"walking_leg_pain_eased_by_sitting": True})
    DirectionalPreference.record(stenosis, None)
    patients = (rich, plain, stenosis)

    with django_assert_num_queries(6):
        reads = profile_reads([patient.pk for patient in patients])
    for patient in patients:
        assert build_profile(patient, reads=reads[patient.pk]) == build_profile(patient)
    assert reads[rich.pk].fear_ratings == {"running": 70, "vacuuming": 30}
    assert reads[rich.pk].extension_eases_pain is True
    assert (reads[plain.pk].preferences, reads[plain.pk].stenosis) == ((), False)
    assert reads[stenosis.pk].stenosis
