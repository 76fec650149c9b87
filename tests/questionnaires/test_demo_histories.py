"""The demo patients' questionnaire histories."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from ruggensteun.clinical.instruments.registry import score_answers
from ruggensteun.questionnaires.demo import populate_demo
from ruggensteun.questionnaires.models import Assignment, QuestionnaireResponse
from tests import personas


def demo_patients(practice, therapist, count=40):
    patients = []
    now = timezone.now()
    for number in range(count):
        patient = personas.patient(practice, therapist, f"Demo Patiënt {number}")
        patient.created_at = now - timedelta(weeks=(number * 7) % 30, days=1)
        patient.save(update_fields=["created_at"])
        patients.append(patient)
    return patients


def history(patients):
    return sorted(
        (r.patient.user.email, r.instrument, r.submitted_at.date(), r.answers, r.activities)
        for r in QuestionnaireResponse.objects.filter(patient__in=patients).select_related(
            "patient__user"
        )
    )


@pytest.fixture
def filled(practice, therapist):
    patients = demo_patients(practice, therapist)
    started = time.perf_counter()
    populate_demo(patients, timezone.localdate())
    return patients, time.perf_counter() - started


def test_demo_patients_get_intake_and_follow_ups_where_their_start_is_old_enough(filled):
    patients, _seconds = filled
    responses = QuestionnaireResponse.objects.filter(patient__in=patients)
    assert responses.filter(assignment__schedule_week=0).count() >= 4 * len(patients) - 8
    assert responses.filter(assignment__schedule_week=6).exists()
    assert responses.filter(assignment__schedule_week=12).exists()
    fresh = [p for p in patients if (timezone.now() - p.created_at).days < 40]
    assert not responses.filter(patient__in=fresh, assignment__schedule_week=6).exists()


def test_demo_scores_come_from_the_real_scorers(filled):
    patients, _seconds = filled
    for response in QuestionnaireResponse.objects.filter(patient__in=patients):
        assert response.scores == score_answers(response.instrument, response.answers)


def test_most_demo_patients_improve_and_some_do_not(filled):
    patients, _seconds = filled
    changes = []
    for patient in patients:
        nprs = list(
            QuestionnaireResponse.objects.filter(patient=patient, instrument="nprs").order_by(
                "submitted_at"
            )
        )
        if len(nprs) > 1:
            changes.append(nprs[0].scores["score"] - nprs[-1].scores["score"])
    assert sum(change > 0 for change in changes) > len(changes) / 2
    assert any(change <= 0 for change in changes)


def test_a_few_demo_questionnaires_are_overdue(filled):
    patients, _seconds = filled
    overdue = Assignment.objects.filter(patient__in=patients).overdue()
    assert 1 <= overdue.count() < len(patients) * 2


def test_psk_follow_ups_in_the_demo_ask_the_same_activities(filled):
    patients, _seconds = filled
    for patient in patients:
        psk = QuestionnaireResponse.objects.filter(patient=patient, instrument="psk")
        assert len({tuple(sorted(r.activities.items())) for r in psk}) <= 1


def test_the_demo_is_the_same_every_time_and_fast(practice, therapist, filled):
    patients, seconds = filled
    first = history(patients)
    QuestionnaireResponse.objects.all().delete()
    Assignment.objects.all().delete()
    populate_demo(patients, timezone.localdate())
    assert history(patients) == first
    assert seconds < 3
