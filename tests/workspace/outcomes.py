"""Patients with a known episode: intake, questionnaires at the start and after ~12 weeks,
session notes and a discharge."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from ruggensteun.intake.models import ClassificationDecision, Intake, TriageAssessment
from ruggensteun.questionnaires.models import Assignment
from ruggensteun.workspace.discharge import close_episode
from ruggensteun.workspace.models import Discharge
from tests.questionnaires.conftest import submitted
from tests.workspace.conftest import write_note

PSK_ACTIVITIES = {"1": "bukken", "2": "fietsen", "3": "Met mijn zus Truus dansen"}


def qbpds(total):
    """QBPDS answers adding up to ``total`` (0-100)."""
    items = [min(5, max(0, total - 5 * n)) for n in range(20)]
    assert sum(items) == total
    return {str(n + 1): value for n, value in enumerate(items)}


def at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def episode(
    patient,
    therapist,
    start,
    *,
    nprs=(7, 5),
    qbpds_scores=(50, 35),
    psk=((7, 5, 9), (4, 3, 6)),
    gpe=2,
    follow_up_days=84,
    sessions=3,
    discharged_after_days=91,
):
    """An episode starting on ``start``; the follow-up ``follow_up_days`` later (None: no
    follow-up); discharged ``discharged_after_days`` after the start (None: still running)."""
    Assignment.objects.filter(patient=patient).delete()  # no automatic schedule
    patient.created_at = at(start, 8)
    patient.save(update_fields=["created_at"])
    Intake.objects.create(patient=patient, answers={}, completed_at=at(start, 9))
    submitted(patient, "nprs", {"1": nprs[0]}, when=at(start))
    submitted(patient, "qbpds", qbpds(qbpds_scores[0]), when=at(start))
    submitted(
        patient,
        "psk",
        dict(zip("123", psk[0], strict=True)),
        activities=PSK_ACTIVITIES,
        when=at(start),
    )
    if follow_up_days is not None:
        later = start + timedelta(days=follow_up_days)
        submitted(patient, "nprs", {"1": nprs[1]}, when=at(later))
        submitted(patient, "qbpds", qbpds(qbpds_scores[1]), when=at(later))
        submitted(patient, "psk", dict(zip("123", psk[1], strict=True)), when=at(later))
        submitted(patient, "gpe", {"1": gpe}, when=at(later))
    for number in range(sessions):
        write_note(patient, therapist, held_on=start + timedelta(days=7 * number))
    if discharged_after_days is not None:
        close_episode(
            patient,
            by=therapist,
            discharged_on=start + timedelta(days=discharged_after_days),
            reason=Discharge.Reason.GOALS_REACHED,
            summary="Doelen bereikt.",
        )
    return patient


def triage(patient, proposed, decided=None, *, therapist=None):
    """A triage proposing ``proposed``; the therapist's decision ``decided`` if given."""
    assessment = TriageAssessment.objects.create(
        patient=patient,
        trigger="intake",
        urgency="none",
        self_management_allowed=True,
        summary={"pathway": proposed},
        details={},
        inputs={},
    )
    if decided is not None:
        ClassificationDecision.objects.create(
            patient=patient, assessment=assessment, decided_by=therapist, pathway=decided
        )
    return patient
