"""Reading a patient's questionnaire answers from other apps (e.g. triage at intake)."""

from ruggensteun.patients.models import Patient
from ruggensteun.questionnaires.models import QuestionnaireResponse


def latest_response(patient: Patient, instrument: str) -> QuestionnaireResponse | None:
    """The patient's most recently submitted response to ``instrument``, if any."""
    return (
        QuestionnaireResponse.objects.for_patient(patient)
        .submitted()
        .of(instrument)
        .order_by("-submitted_at", "-id")
        .first()
    )


def latest_items(patient: Patient, instrument: str) -> list[int | None] | None:
    """The raw item values of the latest submitted response, in item order (None where an
    item was not answered), as the clinical core's scorers take them; None without one."""
    response = latest_response(patient, instrument)
    return None if response is None else response.ordered_values()
