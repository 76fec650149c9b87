from datetime import date

from ruggensteun.programme.models import Programme
from ruggensteun.workspace.discharge import close_episode
from ruggensteun.workspace.models import Discharge


def test_a_discharge_ends_the_running_programme(patient, therapist):
    programme = Programme.objects.create(patient=patient, started_by=therapist)
    close_episode(
        patient,
        by=therapist,
        discharged_on=date(2026, 11, 1),
        reason="goals_reached",
        summary="Klaar.",
    )
    programme.refresh_from_db()
    assert programme.status == Programme.Status.ENDED


def test_a_second_discharge_while_one_is_in_force_changes_nothing(patient, therapist):
    first = close_episode(
        patient, by=therapist, discharged_on=date(2026, 11, 1), reason="referred", summary="A."
    )
    again = close_episode(
        patient, by=therapist, discharged_on=date(2026, 11, 2), reason="other", summary="B."
    )
    assert first is not None
    assert again is None
    assert list(Discharge.objects.filter(patient=patient)) == [first]
