"""Issue #12: a finished intake that waits for the therapist's review is a reason for
attention of its own, near the top of the caseload."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from ruggensteun.intake.models import ClassificationDecision, Intake, TriageAssessment
from ruggensteun.patients.models import Patient
from ruggensteun.workspace import attention
from ruggensteun.workspace.caseload import caseload_rows
from ruggensteun.workspace.models import Discharge
from tests import personas
from tests.intake.test_triage_workspace import calm_answers
from tests.patients import builders


def rows_of(*patients):
    return caseload_rows(Patient.objects.filter(pk__in=[p.pk for p in patients]))


def codes(row):
    return [reason.code for reason in row.reasons]


@pytest.fixture
def waiting(practice, therapist):
    return builders.intake_done(personas.patient(practice, therapist, "Ilse Intake"))


def test_a_finished_intake_waits_for_the_therapist(waiting):
    (row,) = rows_of(waiting)
    assert codes(row) == ["intake_done"]
    assert "Intake klaar: wacht op uw beoordeling" in row.reasons[0].text
    assert row.reasons[0].tone == "warning"


def test_it_comes_right_after_a_red_flag(practice, therapist, waiting):
    flare = builders.flare_up(personas.patient(practice, therapist, "Aad Opstoot"))
    calm = personas.patient(practice, therapist, "Aart Rustig")
    red = builders.red_flag(personas.patient(practice, therapist, "Zus Rodevlag"))
    names = [row.patient.name for row in rows_of(flare, calm, waiting, red)]
    assert names == ["Zus Rodevlag", "Ilse Intake", "Aad Opstoot", "Aart Rustig"]


def test_a_half_finished_intake_is_not_yet_a_reason(practice, therapist):
    patient = personas.patient(practice, therapist, "Half Klaar")
    Intake.objects.create(patient=patient, answers=calm_answers())
    (row,) = rows_of(patient)
    assert "intake_done" not in codes(row)


def test_a_recorded_classification_ends_the_wait(therapist, waiting):
    ClassificationDecision.objects.create(
        patient=waiting,
        assessment=TriageAssessment.objects.latest_for(waiting),
        decided_by=therapist,
        duration_class="acute",
        pain_type="nonspecific",
        pathway="exercise",
    )
    (row,) = rows_of(waiting)
    assert "intake_done" not in codes(row)


def test_after_a_discharge_it_is_no_longer_a_reason(therapist, waiting):
    Discharge.objects.create(
        patient=waiting,
        discharged_on=builders.today(),
        reason="goals_reached",
        summary="Klaar",
        discharged_by=therapist,
    )
    (row,) = rows_of(waiting)
    assert row.reasons == []


def test_the_rule_on_facts_names_the_day():
    facts = attention.CaseFacts(
        today=date(2026, 5, 4),
        episode_start=date(2026, 5, 1),
        intake_waiting=date(2026, 5, 1),
    )
    with translation.override("nl"):
        (found,) = attention.reasons(facts)
    assert found.code == "intake_done"
    assert "1 mei" in found.text


def test_the_caseload_page_shows_it_and_filters_on_it(client, therapist, practice, waiting):
    personas.patient(practice, therapist, "Aart Rustig")
    client.force_login(therapist)
    html = client.get(reverse("patients:caseload"), {"reason": "intake_done"}).content.decode()
    assert "Intake klaar: wacht op uw beoordeling" in html
    assert "Ilse Intake" in html
    assert "Aart Rustig" not in html
