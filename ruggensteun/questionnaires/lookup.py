"""Reading a patient's questionnaire answers from other apps (e.g. triage at intake)."""

from django.db.models import Q, Subquery

from ruggensteun.patients.models import Patient
from ruggensteun.questionnaires.models import QuestionnaireResponse


def latest_items_of(
    patient: Patient, instruments: tuple[str, ...]
) -> dict[str, list[int | None] | None]:
    """The raw item values of the latest submitted response to each of ``instruments``, in
    item order (None where an item was not answered), as the clinical core's scorers take
    them; None for an instrument without one. One query for all (issue #15: triage read
    them one by one), the newest response of each by a subquery."""
    submitted = QuestionnaireResponse.objects.for_patient(patient).submitted()
    wanted = Q()
    for instrument in instruments:
        newest = submitted.of(instrument).order_by("-submitted_at", "-id").values("pk")[:1]
        wanted |= Q(pk=Subquery(newest))
    found = {
        response.instrument: response for response in QuestionnaireResponse.objects.filter(wanted)
    }
    return {
        instrument: found[instrument].ordered_values() if instrument in found else None
        for instrument in instruments
    }
