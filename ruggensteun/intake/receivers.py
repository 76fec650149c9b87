from datetime import datetime
from typing import Any

from ruggensteun.intake import assessment
from ruggensteun.intake.models import Intake

# triage.md §4-§5: stratification reads STarT Back (risk group, items 5-8), TSK-17 and FABQ;
# a new one (at intake, or the re-stratification at weeks 4 and 12) may change the pathway.
STRATIFYING = frozenset({"startback", "tsk17", "fabq"})


def retriage_after_questionnaire(sender: type, response: Any, **kwargs: Any) -> None:
    if response.instrument not in STRATIFYING:
        return
    if not Intake.objects.filter(patient=response.patient, completed_at__isnull=False).exists():
        return  # the intake's own final triage will read it
    assessment.assess(response.patient, "questionnaire", only_if_changed=True)


def intake_completed(patient: Any) -> datetime | None:
    """When the patient completed their intake (None: not yet): week 0 of the
    questionnaire schedule (handed to questionnaires.schedule in IntakeConfig.ready)."""
    return (
        Intake.objects.filter(patient_id=patient.pk, completed_at__isnull=False)
        .values_list("completed_at", flat=True)
        .first()
    )
