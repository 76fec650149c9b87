"""Running the triage engine for a stored patient, and keeping what it found.

The rules live in the clinical core (``ruggensteun.clinical.triage``); this module only
gathers the inputs from the database, stores the result as history and raises an alert
for every red-flag rule that newly fired.
"""

from dataclasses import asdict
from types import EllipsisType
from typing import Any

from django.db import transaction
from django.utils import timezone

from ruggensteun.clinical.triage.checkin import triage_checkin
from ruggensteun.clinical.triage.engine import TriageResult, triage
from ruggensteun.intake import notify
from ruggensteun.intake.models import Intake, RedFlagAlert, TriageAssessment
from ruggensteun.patients.models import Patient
from ruggensteun.questionnaires.lookup import latest_items_of


def triage_answers(patient: Patient, intake: Intake | None) -> dict[str, Any]:
    """The intake answers as the engine reads them, with the age from the date of birth."""
    answers = dict(intake.answers) if intake is not None else {}
    age = patient.age_on(timezone.localdate())
    if age is not None:
        answers["age"] = age
    return answers


def questionnaire_items(patient: Patient) -> dict[str, list[int | None]]:
    """The newest submitted STarT Back, TSK-17 and FABQ items, for stratification (one
    query for the three)."""
    found = latest_items_of(patient, ("startback", "tsk17", "fabq"))
    return {code: items for code, items in found.items() if items is not None}


def run(patient: Patient, intake: Intake | None = None) -> tuple[TriageResult, dict[str, Any]]:
    """The engine's result for the patient's current answers, and the inputs it read."""
    inputs: dict[str, Any] = {
        "answers": triage_answers(patient, intake),
        **questionnaire_items(patient),
    }
    result = triage(
        inputs["answers"],
        startback=inputs.get("startback"),
        tsk17=inputs.get("tsk17"),
        fabq=inputs.get("fabq"),
    )
    return result, inputs


def details(result: TriageResult) -> dict[str, Any]:
    return {
        "escalated": result.escalated,
        "blocked_by": list(result.self_management_blocked_by),
        "rules": [
            {
                "id": rule.id,
                "urgency": rule.urgency,
                "suggests": rule.suggests,
                "source": rule.source,
                "patient_reason": dict(rule.patient_reason),
                "therapist_reason": dict(rule.therapist_reason),
                "answers": dict(rule.answers),
            }
            for rule in result.rules
        ],
        "yellow_flags": [asdict(flag) for flag in result.yellow_flags],
    }


@transaction.atomic
def record(
    patient: Patient, trigger: str, result: TriageResult, inputs: dict[str, Any]
) -> TriageAssessment:
    """Store the result and raise an alert for each rule that did not fire last time."""
    previous = TriageAssessment.objects.latest_for(patient)
    before = set(previous.rule_ids) if previous is not None else set()
    assessment = TriageAssessment.objects.create(
        patient=patient,
        trigger=trigger,
        urgency=result.urgency,
        self_management_allowed=result.self_management_allowed,
        summary=result.to_dict(),
        details=details(result),
        inputs=inputs,
    )
    new = RedFlagAlert.objects.bulk_create(
        RedFlagAlert(patient=patient, assessment=assessment, rule_id=rule.id, urgency=rule.urgency)
        for rule in result.rules
        if rule.id not in before
    )
    if any(alert.urgency in notify.NOTIFY_URGENCIES for alert in new):
        # The treating therapist hears of it at once, after this transaction commits.
        notify.alerts_raised(assessment)
    return assessment


def assess(patient: Patient, trigger: str, *, only_if_changed: bool = False) -> TriageAssessment:
    """Triage the patient now; with ``only_if_changed``, store only a different outcome."""
    intake = Intake.objects.filter(patient=patient).first()
    result, inputs = run(patient, intake)
    if only_if_changed:
        previous = TriageAssessment.objects.latest_for(patient)
        if previous is not None and previous.summary == result.to_dict():
            return previous
    return record(patient, trigger, result, inputs)


def assess_checkin(
    patient: Patient,
    checkin: dict[str, Any],
    *,
    weekly_pain: list[int],
    gpe_improved: bool = False,
    previous: TriageAssessment | EllipsisType | None = ...,
) -> TriageAssessment:
    """Triage a weekly check-in's short red-flag answers with the stored intake answers.

    ``weekly_pain`` is every weekly pain score since the programme started, oldest first,
    and ``gpe_improved`` whether a GPE since then said "much improved" or better (both for
    the NO_RECOVERY rule, triage.md §2). A rule that newly fires raises an alert like at
    intake; the result is stored only when it differs from the last one. ``previous``: the
    patient's latest assessment when the caller has just read it (one query less).
    """
    intake = Intake.objects.filter(patient=patient).first()
    answers = triage_answers(patient, intake)
    scores = questionnaire_items(patient)
    result = triage_checkin(
        {**checkin, "nprs_weekly": weekly_pain, "gpe_improved": gpe_improved},
        answers,
        startback=scores.get("startback"),
        tsk17=scores.get("tsk17"),
        fabq=scores.get("fabq"),
    )
    if previous is ...:
        previous = TriageAssessment.objects.latest_for(patient)
    if previous is not None and previous.summary == result.to_dict():
        return previous
    inputs = {
        "answers": answers,
        "checkin": checkin,
        "nprs_weekly": weekly_pain,
        "gpe_improved": gpe_improved,
        **scores,
    }
    return record(patient, "checkin", result, inputs)
