"""The demo's session notes and discharges."""

from datetime import timedelta

from django.utils import timezone

from ruggensteun.workspace.demo import populate_demo
from ruggensteun.workspace.models import Discharge, SessionNote
from tests import personas
from tests.clock import TODAY


def started(practice, therapist, name, weeks_ago):
    patient = personas.patient(practice, therapist, name)
    patient.created_at = timezone.now() - timedelta(weeks=weeks_ago, days=1)
    patient.save(update_fields=["created_at"])
    return patient


def test_demo_patients_get_one_to_four_sessions_by_how_long_ago_they_started(practice, therapist):
    patients = [
        started(practice, therapist, name, weeks)
        for name, weeks in (("Nieuw", 0), ("Week Twee", 2), ("Maand", 4), ("Lang", 8))
    ]
    populate_demo(patients, TODAY)
    counts = [SessionNote.objects.for_patient(p).count() for p in patients]
    assert counts == [1, 2, 3, 4]
    kinds = list(SessionNote.objects.for_patient(patients[-1]).values_list("kind", flat=True))
    assert kinds == ["evaluation", "coaching", "exercise_review", "intake"]
    assert all(n.written_by == therapist for n in SessionNote.objects.all())
    assert not SessionNote.objects.filter(held_on__gt=TODAY).exists()


def test_some_demo_patients_who_started_long_ago_are_discharged_with_a_summary(practice, therapist):
    patients = [started(practice, therapist, f"Patient {n}", 12 + n) for n in range(6)]
    populate_demo(patients, TODAY)
    discharges = list(Discharge.objects.current())
    assert 2 <= len(discharges) <= 4
    for discharge in discharges:
        assert discharge.summary
        assert discharge.discharged_on <= TODAY
        last = SessionNote.objects.for_patient(discharge.patient).first()
        assert discharge.discharged_on == last.held_on + timedelta(days=7)


def test_the_demo_is_deterministic_and_leaves_patients_with_notes_alone(practice, therapist):
    patients = [started(practice, therapist, f"Patient {n}", 3 * n) for n in range(5)]
    populate_demo(patients, TODAY)
    first = list(
        SessionNote.objects.order_by("patient_id", "held_on").values_list(
            "patient_id", "kind", "held_on", "findings"
        )
    )
    populate_demo(patients, TODAY)
    assert SessionNote.objects.count() == len(first)
    SessionNote.objects.all().delete()
    Discharge.objects.all().delete()
    populate_demo(patients, TODAY)
    again = list(
        SessionNote.objects.order_by("patient_id", "held_on").values_list(
            "patient_id", "kind", "held_on", "findings"
        )
    )
    assert again == first
