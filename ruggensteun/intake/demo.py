"""Demo intakes and triage: most patients calm, a few with red flags (mostly handled)."""

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.utils import timezone

from ruggensteun.clinical.triage.questions import load_intake_questions
from ruggensteun.intake import assessment
from ruggensteun.intake.models import Intake, RedFlagAlert, TriageAssessment
from ruggensteun.patients.models import Patient
from ruggensteun.questionnaires.models import QuestionnaireResponse

# Calm answers to the questions that are not yes/no.
CALM = {"leg_pain": "none", "leg_weakness": "none", "duration_weeks": 4, "nprs": 5}

# A few patients with a red flag: (position in the practice's list, changes, how handled).
FLAGGED: tuple[tuple[int, dict[str, Any], tuple[str, str] | None], ...] = (
    (3, {"history_of_cancer": True}, ("referred_gp", "Huisarts: geen aanwijzing voor uitzaaiing.")),
    (7, {"fever": True}, ("called_patient", "Koorts door griep, nu over; huisarts akkoord.")),
    (11, {"weight_loss": True, "constant_night_pain": True}, None),
    (18, {"walking_leg_pain_eased_by_sitting": True}, None),
)


def complete_answers(given: dict[str, Any]) -> dict[str, Any]:
    """Every intake question answered: the given answers, and calm ones for the rest."""
    answers: dict[str, Any] = {}
    for question in load_intake_questions().questions:
        if question.type == "boolean":
            answers[question.field] = False
        elif question.field in CALM:
            answers[question.field] = CALM[question.field]
        elif question.options:
            answers[question.field] = question.options[0].value
        elif question.minimum is not None:
            answers[question.field] = question.minimum
    answers.update(given)
    if answers.get("leg_pain") == "none":
        answers.pop("leg_pain_sides", None)
        answers.pop("painkillers_no_relief", None)
    return answers


def _intake_pain(patient: Patient) -> dict[str, int]:
    """The intake's pain score is the intake set's NPRS (the same question, asked once:
    intake.flow.REUSED_IN_QUESTIONNAIRES), so the demo's two agree and the NPRS is marked as
    answered in the intake. Nothing for a patient without one."""
    nprs = (
        QuestionnaireResponse.objects.filter(
            patient=patient,
            instrument="nprs",
            assignment__schedule_week=0,
            status=QuestionnaireResponse.Status.SUBMITTED,
        )
        .order_by("submitted_at")
        .first()
    )
    if nprs is None or not isinstance(nprs.answers.get("1"), int):
        return {}
    nprs.answered_in = QuestionnaireResponse.AnsweredIn.INTAKE
    nprs.save(update_fields=["answered_in"])
    return {"nprs": nprs.answers["1"]}


def populate_demo(patients: Iterable[Patient]) -> None:
    """Complete each demo intake, triage it as of its date, and handle most flags."""
    flagged = {position: (changes, handling) for position, changes, handling in FLAGGED}
    for position, patient in enumerate(patients):
        intake = Intake.objects.filter(patient=patient).first()
        if intake is None:
            continue
        changes, handling = flagged.get(position, ({}, None))
        intake.answers = complete_answers({**intake.answers, **_intake_pain(patient), **changes})
        intake.screens_done = [screen.id for screen in load_intake_questions().screens]
        intake.save(update_fields=["answers", "screens_done"])
        result, inputs = assessment.run(patient, intake)
        triaged = assessment.record(patient, "intake", result, inputs)
        TriageAssessment.objects.filter(pk=triaged.pk).update(created_at=intake.completed_at)
        alerts = RedFlagAlert.objects.filter(patient=patient)
        alerts.update(raised_at=intake.completed_at)
        if handling is None:
            # A routine note (AGE for an older patient with a new episode) was discussed at
            # the first session; any other flag the GP has looked at.
            handling = ("referred_gp", "Huisarts heeft gekeken: geen specifieke oorzaak.")
            if position in flagged:
                continue
        action, reason = handling
        alerts.update(
            handled_at=(intake.completed_at or timezone.now()) + timedelta(hours=20),
            handled_by=patient.therapist,
            action=action,
            reason=reason,
        )
