"""Asking the patient for the fear ratings (programme.md §6 graded exposure).

A request opens when a triage newly raises the ``fear`` flag (triage.md §4: TSK-17 > 37,
FABQ-PA > 14 or STarT Back item 5), at intake or when a later questionnaire raises it, and
when the therapist asks again. Today shows a card with a link until the patient answers.
"""

from typing import Any

from ruggensteun.clinical.programme.exposure import load_exposure_activities
from ruggensteun.intake.models import TriageAssessment
from ruggensteun.patients.models import Patient
from ruggensteun.programme.models import FearRating, FearRatingRequest

FEAR_FLAG = "fear"
# Design choice [D]: about 20 seconds to look at a picture and tap a number.
SECONDS_PER_ACTIVITY = 20


def _fear_flagged(assessment: TriageAssessment | None) -> bool:
    return assessment is not None and FEAR_FLAG in (assessment.summary or {}).get(
        "yellow_flags", []
    )


def ask_when_fear_is_raised(
    sender: type, instance: TriageAssessment, created: bool, **kwargs: Any
) -> None:
    """A new triage with the ``fear`` flag that the triage before it did not have opens a
    request (a flag that stays raised asks nothing new)."""
    if not created or not _fear_flagged(instance):
        return
    previous = (
        TriageAssessment.objects.filter(patient_id=instance.patient_id)
        .exclude(pk=instance.pk)
        .order_by("-created_at", "-id")
        .first()
    )
    if _fear_flagged(previous):
        return
    FearRatingRequest.objects.ask(instance.patient, FearRatingRequest.Reason.FEAR_FLAG)


def minutes_needed() -> int:
    """How long the ratings take, rounded up to whole minutes (for the Today card)."""
    seconds = len(load_exposure_activities()) * SECONDS_PER_ACTIVITY
    return max(1, -(-seconds // 60))


def ratings_for_therapist(patient: Patient, language: str) -> list[dict[str, Any]]:
    """Each activity with its newest rating and when it was given, most feared first;
    activities not rated come last. One query."""
    newest: dict[str, tuple[int, Any]] = {}
    for activity_id, rating, rated_at in (
        FearRating.objects.filter(patient=patient)
        .order_by("activity_id", "-rated_at", "-id")
        .values_list("activity_id", "rating", "rated_at")
    ):
        newest.setdefault(activity_id, (rating, rated_at))
    lines = [
        {
            "id": activity.id,
            "name": activity.name.get(language),
            "rating": newest[activity.id][0] if activity.id in newest else None,
            "rated_at": newest[activity.id][1] if activity.id in newest else None,
        }
        for activity in load_exposure_activities()
    ]
    return sorted(lines, key=lambda line: (line["rating"] is None, -(line["rating"] or 0)))
