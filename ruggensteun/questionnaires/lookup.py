"""Reading a patient's questionnaire answers from other apps (e.g. triage at intake)."""

from django.db.models import Q, QuerySet, Subquery

from ruggensteun.patients.models import Patient
from ruggensteun.questionnaires.models import QuestionnaireResponse


def _latest(patient: Patient, instrument: str) -> QuerySet[QuestionnaireResponse]:
    return (
        QuestionnaireResponse.objects.for_patient(patient)
        .submitted()
        .of(instrument)
        .order_by("-submitted_at", "-id")
    )


def latest_response(patient: Patient, instrument: str) -> QuestionnaireResponse | None:
    """The patient's most recently submitted response to ``instrument``, if any."""
    return _latest(patient, instrument).first()


def latest_items(patient: Patient, instrument: str) -> list[int | None] | None:
    """The raw item values of the latest submitted response, in item order (None where an
    item was not answered), as the clinical core's scorers take them; None without one."""
    response = latest_response(patient, instrument)
    return None if response is None else response.ordered_values()


def latest_items_of(
    patient: Patient, instruments: tuple[str, ...]
) -> dict[str, list[int | None] | None]:
    """``latest_items`` of several instruments in one query (issue #15: triage read them one
    by one): the row each instrument's ``latest_response`` would read, by a subquery each."""
    wanted = Q()
    for instrument in instruments:
        wanted |= Q(pk=Subquery(_latest(patient, instrument).values("pk")[:1]))
    found = {
        response.instrument: response for response in QuestionnaireResponse.objects.filter(wanted)
    }
    return {
        instrument: found[instrument].ordered_values() if instrument in found else None
        for instrument in instruments
    }
