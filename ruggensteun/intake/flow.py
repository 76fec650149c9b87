"""The patient's way through the intake: which screen comes next, and when to stop.

The red-flag screens come first (the order of the intake questions data). After every
screen the answers so far are triaged: an emergency stops the intake at once and shows
what to do now; a new urgent or soon result shows its advice before the next screen.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from ruggensteun.clinical.triage.questions import Screen, load_intake_questions
from ruggensteun.intake import assessment
from ruggensteun.intake.models import Intake, RedFlagAlert, TriageAssessment
from ruggensteun.patients.models import Patient
from ruggensteun.questionnaires.schedule import schedule_questionnaires

ADVICE_URGENCIES = ("emergency", "urgent", "soon")


def screens() -> tuple[Screen, ...]:
    return load_intake_questions().screens


def screen_by_id(screen_id: str) -> Screen | None:
    return next((screen for screen in screens() if screen.id == screen_id), None)


def intake_for(patient: Patient) -> Intake:
    intake, _created = Intake.objects.get_or_create(patient=patient)
    return intake


def known_answers(intake: Intake) -> dict[str, Any]:
    """What decides which questions the patient sees: the intake answers so far, the age
    from the date of birth and, until the patient answers it, the sex from the Patient
    record. ``pregnant`` is asked of women aged 16-50 and of anyone whose sex or age is
    not known (triage.md §1); a field not known hides nothing."""
    answers = assessment.triage_answers(intake.patient, intake)
    if "sex" not in answers and intake.patient.sex:
        answers["sex"] = intake.patient.sex
    return answers


def next_screen(intake: Intake) -> Screen | None:
    return next((s for s in screens() if s.id not in intake.screens_done), None)


def previous_screen(screen: Screen) -> Screen | None:
    ordered = screens()
    position = ordered.index(screen)
    return ordered[position - 1] if position > 0 else None


def position(screen: Screen) -> int:
    return screens().index(screen) + 1


def has_open_emergency(patient: Patient) -> bool:
    return RedFlagAlert.objects.open().filter(patient=patient, urgency="emergency").exists()


@transaction.atomic
def after_screen(intake: Intake) -> tuple[TriageAssessment | None, list[str]]:
    """Triage the answers so far; store the outcome when it changed (raising alerts).

    Returns the stored assessment (None when nothing fired yet) and the ids of fired
    rules whose advice the patient has not seen yet.
    """
    result, inputs = assessment.run(intake.patient, intake)
    latest = TriageAssessment.objects.latest_for(intake.patient)
    changed = latest is None or latest.summary != result.to_dict()
    # Nothing is stored while nothing fired and nothing was stored before.
    if changed and (result.rules or latest is not None):
        latest = assessment.record(intake.patient, "intake", result, inputs)
    if any(rule.urgency == "emergency" for rule in result.rules):
        intake.stopped_for_emergency_at = timezone.now()
        intake.save(update_fields=["stopped_for_emergency_at"])
    unseen = [
        rule.id
        for rule in result.rules
        if rule.urgency in ADVICE_URGENCIES and rule.id not in intake.advice_shown
    ]
    return latest, unseen


def mark_advice_shown(intake: Intake, rule_ids: list[str]) -> None:
    intake.advice_shown = sorted({*intake.advice_shown, *rule_ids})
    intake.save(update_fields=["advice_shown"])


@transaction.atomic
def complete(intake: Intake) -> TriageAssessment:
    """Close the intake: the final triage, then the questionnaires of the intake set."""
    intake.completed_at = timezone.now()
    intake.save(update_fields=["completed_at"])
    final = assessment.assess(intake.patient, "intake")
    # The questionnaire schedule counts from the intake: move it to today's start.
    schedule_questionnaires(intake.patient)
    return final
