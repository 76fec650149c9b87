from datetime import date

from ruggensteun.programme.models import Programme
from ruggensteun.workspace.models import Discharge


def test_a_discharge_ends_the_running_programme(patient, therapist):
    programme = Programme.objects.create(patient=patient, started_by=therapist)
    Discharge.close(
        patient,
        by=therapist,
        discharged_on=date(2026, 11, 1),
        reason="goals_reached",
        summary="Klaar.",
    )
    programme.refresh_from_db()
    assert programme.status == Programme.Status.ENDED
