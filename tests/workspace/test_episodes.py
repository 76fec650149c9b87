"""The episode and its measurements: the pathway in force, the final and the 12-week
measurement."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ruggensteun.intake.status import current_classification
from ruggensteun.patients.models import Patient
from ruggensteun.workspace.discharge import close_episode
from ruggensteun.workspace.episodes import age_band, episodes_for, pathway_of, with_pathway
from tests import personas
from tests.clock import TODAY
from tests.questionnaires.conftest import submitted
from tests.workspace.outcomes import at, episode, triage

START = TODAY - timedelta(weeks=30)


def only_episode(patient):
    (found,) = episodes_for(Patient.objects.filter(pk=patient.pk), TODAY)
    return found


@pytest.mark.parametrize(
    ("proposed", "decided", "expected"),
    [
        (None, None, None),
        ("advice", None, "advice"),
        ("advice", "psychologically_informed", "psychologically_informed"),
        ("exercise", "", None),  # a decision that leaves the pathway open
    ],
)
def test_the_pathway_agrees_with_the_classification_in_force(
    patient, therapist, proposed, decided, expected
):
    if proposed is not None:
        triage(patient, proposed, decided, therapist=therapist)
    annotated = with_pathway(Patient.objects.filter(pk=patient.pk)).get()
    classification = current_classification(patient)
    assert pathway_of(annotated) == expected
    assert pathway_of(annotated) == (classification.pathway if classification else None)


def test_the_episode_runs_from_the_intake_to_the_discharge_or_today(patient, therapist):
    episode(patient, therapist, START, discharged_after_days=None)
    running = only_episode(patient)
    assert (running.start, running.end, running.closed) == (START, TODAY, False)
    close_episode(
        patient,
        by=therapist,
        discharged_on=START + timedelta(weeks=10),
        reason="other",
        summary=".",
    )
    closed = only_episode(patient)
    assert closed.closed and closed.end == START + timedelta(weeks=10)
    assert closed.duration_weeks == 10


def test_without_an_intake_the_episode_starts_when_the_patient_was_added(patient):
    assert only_episode(patient).start == timezone.localdate(patient.created_at)


def test_the_final_measurement_is_the_last_one_up_to_two_weeks_after_the_discharge(
    patient, therapist
):
    episode(patient, therapist, START, follow_up_days=60, discharged_after_days=70)
    submitted(patient, "nprs", {"1": 3}, when=at(START + timedelta(days=80)))  # 10 days after
    submitted(patient, "nprs", {"1": 1}, when=at(START + timedelta(days=100)))  # too late
    outcome = only_episode(patient).final_outcome("nprs")
    assert (outcome.baseline_value, outcome.follow_up_value) == (7, 3)
    assert outcome.change.improvement == 4


def test_the_12_week_measurement_is_the_one_closest_to_week_12_within_weeks_9_to_15(
    patient, therapist
):
    episode(patient, therapist, START, follow_up_days=None, discharged_after_days=None)
    for days, score in ((60, 6), (80, 5), (90, 4), (110, 2)):
        submitted(patient, "nprs", {"1": score}, when=at(START + timedelta(days=days)))
    found = only_episode(patient).at_twelve_weeks("nprs")
    assert found.score("score") == 5  # day 80 is 4 days from day 84; day 90 is 6
    assert only_episode(patient).twelve_week_outcome("nprs").change.mic_met is True


def test_nothing_between_weeks_9_and_15_means_no_12_week_measurement(patient, therapist):
    episode(patient, therapist, START, follow_up_days=42, discharged_after_days=None)
    assert only_episode(patient).at_twelve_weeks("nprs") is None


def test_episodes_cost_four_queries_for_any_number_of_patients(
    practice, therapist, django_assert_num_queries
):
    for number in range(3):
        episode(personas.patient(practice, therapist, f"P {number}"), therapist, START)
    with django_assert_num_queries(4):
        found = episodes_for(Patient.objects.filter(practice=practice), TODAY)
    assert [e.sessions for e in found] == [3, 3, 3]


@pytest.mark.parametrize(
    ("age", "band"), [(None, ""), (19, "10-19"), (40, "40-49"), (79, "70-79"), (86, "80+")]
)
def test_ages_are_exported_as_ten_year_bands(age, band):
    assert age_band(age) == band
