"""The therapist's side of triage: alerts, the summary, and confirming the classification."""

import pytest
from django.urls import reverse

from ruggensteun.audit.models import AuditEvent
from ruggensteun.intake import assessment
from ruggensteun.intake.models import ClassificationDecision, Intake, RedFlagAlert
from tests.intake.test_intake_flow import CALM_CHOICES, CALM_NUMBERS, SCREENS


def calm_answers(**changes):
    answers = {}
    for screen in SCREENS:
        for question in screen.questions:
            if question.type == "boolean":
                answers[question.field] = False
            elif question.type == "choice":
                answers[question.field] = CALM_CHOICES[question.field]
            else:
                answers[question.field] = CALM_NUMBERS[question.field]
    answers.update(changes)
    return answers


@pytest.fixture
def triaged(patient):
    Intake.objects.create(patient=patient, answers=calm_answers(fever=True))
    return assessment.assess(patient, "intake")


def test_fever_raises_an_urgent_infection_alert(triaged, patient):
    alert = RedFlagAlert.objects.get(patient=patient)
    assert (alert.rule_id, alert.urgency) == ("INFECTION", "urgent")
    assert alert.fired_rule["answers"] == {"fever": True}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("therapist", 200), ("admin", 200), ("patient", 404), ("outsider_therapist", 404)],
)
def test_triage_summary_permission_matrix(client, request, triaged, patient, persona, expected):
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    assert client.get(reverse("intake:triage", args=[patient.pk])).status_code == expected


def test_the_summary_shows_the_classification_and_the_reasons(client, therapist, triaged, patient):
    client.force_login(therapist)
    page = client.get(reverse("intake:triage", args=[patient.pk])).content.decode()
    assert "Mogelijk infectie van de wervelkolom (koorts)" in page
    assert "acuut (tot en met 6 weken)" in page and "aspecifieke lage rugpijn" in page


def test_handling_an_alert_records_who_did_what(client, therapist, triaged, patient):
    alert = RedFlagAlert.objects.get(patient=patient)
    client.force_login(therapist)
    client.post(
        reverse("intake:handle_alert", args=[patient.pk, alert.pk]), {"action": "referred_gp"}
    )
    alert.refresh_from_db()
    assert alert.action == "referred_gp" and alert.handled_by == therapist
    assert AuditEvent.objects.filter(patient=patient, what="red flag INFECTION handled").exists()
    page = client.get(reverse("patients:caseload")).content.decode()
    assert 'id="alerts-heading"' not in page


def test_not_relevant_needs_a_reason(client, therapist, triaged, patient):
    alert = RedFlagAlert.objects.get(patient=patient)
    client.force_login(therapist)
    response = client.post(
        reverse("intake:handle_alert", args=[patient.pk, alert.pk]),
        {"action": "not_relevant"},
        follow=True,
    )
    alert.refresh_from_db()
    assert alert.handled_at is None
    assert "Geef aan waarom" in response.content.decode()


def test_an_outsider_cannot_handle_an_alert(client, outsider_therapist, triaged, patient):
    alert = RedFlagAlert.objects.get(patient=patient)
    client.force_login(outsider_therapist)
    response = client.post(
        reverse("intake:handle_alert", args=[patient.pk, alert.pk]),
        {"action": "not_relevant", "reason": "x"},
    )
    assert response.status_code == 404
    alert.refresh_from_db()
    assert alert.handled_at is None


def test_changing_the_proposed_pathway_needs_a_reason_and_is_kept(
    client, therapist, triaged, patient
):
    client.force_login(therapist)
    url = reverse("intake:triage", args=[patient.pk])
    choice = {"duration_class": "acute", "pain_type": "radicular", "pathway": "exercise"}
    refused = client.post(url, choice)
    assert "Geef een reden" in refused.content.decode()
    assert not ClassificationDecision.objects.exists()
    client.post(url, {**choice, "reason": "Uitstraling tot in de voet bij onderzoek"})
    decision = ClassificationDecision.objects.get(patient=patient)
    assert decision.pain_type == "radicular" and decision.decided_by == therapist
    assert "pain_type" in decision.changed_fields
    assert "afwijkend van voorstel" in client.get(url).content.decode()


def test_a_new_flag_at_a_later_triage_raises_a_new_alert(patient, triaged):
    intake = patient.intake
    intake.answers = {**intake.answers, "weight_loss": True}
    intake.save()
    assessment.assess(patient, "checkin")
    assert set(RedFlagAlert.objects.values_list("rule_id", flat=True)) == {
        "INFECTION",
        "MALIGNANCY",
    }


def test_the_alert_shows_the_answers_that_raised_it_in_words(client, therapist, patient):
    Intake.objects.create(patient=patient, answers=calm_answers(fever=True))
    patient.date_of_birth = patient.date_of_birth.replace(year=2010)
    patient.save()
    assessment.assess(patient, "intake")
    client.force_login(therapist)
    page = client.get(reverse("patients:caseload")).content.decode()
    assert "Koorts, koude rillingen of erg ziek: ja" in page
    assert "Leeftijd: 16 jaar" in page or "Leeftijd: 15 jaar" in page
