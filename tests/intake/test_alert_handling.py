"""Handling a red flag: every page agrees afterwards (safety state, programme clearance),
the patient gets a message (the therapist's or a default by what was done) and an e-mail
that there is one; the alert shows the patient's phone and when they said they called."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ruggensteun.intake import assessment
from ruggensteun.intake.models import Intake, RedFlagAlert
from ruggensteun.intake.status import programme_clearance, safety_state
from tests.intake.test_triage_workspace import calm_answers


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def triaged(patient, **answers):
    Intake.objects.create(patient=patient, answers=calm_answers(**answers))
    assessment.assess(patient, "intake")
    return list(RedFlagAlert.objects.filter(patient=patient).by_urgency())


def handle(client, patient, alert, capture, **data):
    with capture(execute=True):
        return client.post(reverse("intake:handle_alert", args=[patient.pk, alert.pk]), data)


def test_handling_the_last_flag_clears_the_hold_and_tells_the_patient(
    client, patient, therapist, capture
):
    [alert] = triaged(patient, fever=True)
    assert safety_state(patient).lockdown and not programme_clearance(patient).allowed
    client.force_login(therapist)
    handle(client, patient, alert, capture, action="not_relevant", reason="Koorts door griep")
    state = safety_state(patient)
    assert not state.on_hold and state.urgency is None and state.rule_ids == ()
    assert programme_clearance(patient).allowed
    alert.refresh_from_db()
    assert alert.patient_message == "U mag verder met uw programma."
    [message] = mail.outbox
    assert message.to == [patient.user.email]
    assert message.subject == "Er is een bericht van uw fysiotherapeut"
    for word in ("INFECTION", "Koorts", "griep", "programma", alert.patient_message):
        assert word not in message.body
    assert settings.SITE_URL + reverse("web:home") in message.body


def test_a_referral_to_the_gp_has_its_own_default_message(client, patient, therapist, capture):
    [alert] = triaged(patient, fever=True)
    client.force_login(therapist)
    handle(client, patient, alert, capture, action="referred_gp")
    alert.refresh_from_db()
    assert alert.patient_message.startswith("Volg het advies van uw huisarts.")
    assert len(mail.outbox) == 1


def test_the_default_message_is_in_the_patients_language(client, patient, therapist, capture):
    patient.user.language = "en"
    patient.user.save()
    [alert] = triaged(patient, fever=True)
    client.force_login(therapist)
    handle(client, patient, alert, capture, action="not_relevant", reason="Griep")
    alert.refresh_from_db()
    assert alert.patient_message == "You may go on with your programme."
    assert mail.outbox[0].subject == "There is a message from your physiotherapist"


def test_the_therapists_own_message_goes_instead_of_the_default(
    client, patient, therapist, capture
):
    [alert] = triaged(patient, fever=True)
    client.force_login(therapist)
    text = "Ik bel u morgen om 10 uur. Oefen tot dan nog niet."
    handle(client, patient, alert, capture, action="called_patient", patient_message=text)
    alert.refresh_from_db()
    assert alert.patient_message == text
    assert text not in mail.outbox[0].body


def test_while_another_flag_holds_the_patient_there_is_no_default_message(
    client, patient, therapist, capture
):
    first, second = triaged(patient, fever=True, weight_loss=True)
    assert (first.urgency, second.urgency) == ("urgent", "soon")
    client.force_login(therapist)
    handle(client, patient, first, capture, action="not_relevant", reason="Griep")
    first.refresh_from_db()
    assert first.patient_message == "" and mail.outbox == []
    state = safety_state(patient)
    assert state.on_hold and not state.lockdown and state.rule_ids == ("MALIGNANCY",)
    assert not programme_clearance(patient).allowed
    handle(client, patient, second, capture, action="referred_gp")
    second.refresh_from_db()
    assert second.patient_message.startswith("Volg het advies van uw huisarts.")
    assert not safety_state(patient).on_hold and programme_clearance(patient).allowed
    assert len(mail.outbox) == 1


def test_an_alert_is_handled_once(client, patient, therapist, admin, capture):
    [alert] = triaged(patient, fever=True)
    client.force_login(therapist)
    handle(client, patient, alert, capture, action="referred_gp")
    client.force_login(admin)
    handle(client, patient, alert, capture, action="not_relevant", reason="Anders")
    alert.refresh_from_db()
    assert (alert.action, alert.handled_by) == ("referred_gp", therapist)
    assert len(mail.outbox) == 1


def test_a_patient_who_cannot_log_in_gets_no_mail(client, patient, therapist, capture):
    patient.user.set_unusable_password()
    patient.user.save()
    [alert] = triaged(patient, fever=True)
    client.force_login(therapist)
    handle(client, patient, alert, capture, action="referred_gp")
    alert.refresh_from_db()
    assert alert.patient_message and alert.handled_at is not None
    assert mail.outbox == []


def test_the_alert_shows_the_patients_phone_and_when_they_called(client, patient, therapist):
    patient.phone = "06-12345678"
    patient.save()
    [alert] = triaged(patient, fever=True)
    alert.patient_acted_at = timezone.now() - timedelta(minutes=5)
    alert.save()
    client.force_login(therapist)
    for url in (reverse("patients:caseload"), reverse("intake:triage", args=[patient.pk])):
        page = client.get(url).content.decode()
        assert '<a href="tel:0612345678">06-12345678</a>' in page
        assert "Patiënt meldt gebeld te hebben" in page
        assert f'id="alert-{alert.pk}"' in page
        assert 'name="patient_message"' in page


def test_without_a_phone_number_the_alert_says_so(client, patient, therapist):
    triaged(patient, fever=True)
    client.force_login(therapist)
    page = client.get(reverse("intake:triage", args=[patient.pk])).content.decode()
    assert "Geen telefoonnummer van de patiënt bekend." in page
    assert "Patiënt meldt gebeld te hebben" not in page


def test_the_handled_flag_shows_the_message_to_the_patient(client, patient, therapist, capture):
    [alert] = triaged(patient, fever=True)
    client.force_login(therapist)
    handle(client, patient, alert, capture, action="not_relevant", reason="Griep")
    page = client.get(reverse("intake:triage", args=[patient.pk])).content.decode()
    assert "Bericht aan de patiënt" in page and "U mag verder met uw programma." in page
