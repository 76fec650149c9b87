"""A new red flag reaches the treating therapist (and the practice's alert address) by
e-mail at once: no medical details, in each recipient's language, after the commit, and a
failing mail never loses the alert or breaks the patient's request."""

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from ruggensteun.intake import assessment
from ruggensteun.intake.models import Intake, RedFlagAlert
from tests import personas
from tests.intake.test_intake_flow import SCREENS, answer
from tests.intake.test_triage_workspace import calm_answers


class BrokenBackend(BaseEmailBackend):
    """A mail server that does not answer."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server does not answer")


# What the fever intake is about, in the words a mail could leak it by (and the patient).
MEDICAL_WORDS = ("INFECTION", "fever", "koorts", "infectie", "ontsteking")


def triage(patient, capture, **answers):
    Intake.objects.create(patient=patient, answers=calm_answers(**answers))
    with capture(execute=True):
        return assessment.assess(patient, "intake")


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_an_urgent_flag_mails_the_therapist_and_the_alert_address_once_each(
    patient, therapist, practice, other_practice, outsider_therapist, capture
):
    practice.alert_email = "alarm@anker.example"
    practice.save()
    other_practice.alert_email = "alarm@overkant.example"
    other_practice.save()
    personas.patient(other_practice, outsider_therapist, "Otto Overkant")
    triage(patient, capture, fever=True)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [therapist.email, "alarm@anker.example"]
    )
    assert all(len(message.to) == 1 for message in mail.outbox)
    alert = RedFlagAlert.objects.get(patient=patient)
    assert alert.notified_at is not None


def test_the_mail_names_no_rule_no_symptom_and_not_the_patient(patient, therapist, capture):
    triage(patient, capture, fever=True)
    [message] = mail.outbox
    text = message.subject + "\n" + message.body
    for word in (*MEDICAL_WORDS, patient.name, "Petra", patient.user.email):
        assert word.lower() not in text.lower(), word
    alert = RedFlagAlert.objects.get(patient=patient)
    assert reverse("intake:triage", args=[patient.pk]) + f"#alert-{alert.pk}" in message.body
    assert "een patiënt van u" in message.body.lower()
    assert "1 nieuwe rode vlag" in message.body and "vandaag" in message.subject


def test_two_new_flags_make_one_mail_that_counts_them(patient, therapist, capture):
    triage(patient, capture, weight_loss=True, infection_risk=True)
    assert RedFlagAlert.objects.filter(patient=patient).count() == 2
    [message] = mail.outbox
    assert "2 nieuwe rode vlaggen" in message.body
    assert "MALIGNANCY" not in message.body and "INFECTION_RISK" not in message.body
    assert RedFlagAlert.objects.filter(patient=patient, notified_at__isnull=True).count() == 0


def test_each_recipient_reads_it_in_their_own_language(
    patient, therapist, practice, admin, capture
):
    therapist.language = "en"
    therapist.save()
    practice.alert_email = admin.email  # a colleague who reads Dutch
    practice.save()
    triage(patient, capture, fever=True)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "new red flag" in by_address[therapist.email].body
    assert "nieuwe rode vlag" in by_address[admin.email].body


def test_a_routine_flag_is_not_mailed(patient, capture):
    patient.date_of_birth = patient.date_of_birth.replace(year=1960)
    patient.save()
    triage(patient, capture, walking_leg_pain_eased_by_sitting=True, recurrent=True)
    alert = RedFlagAlert.objects.get(patient=patient)
    assert (alert.rule_id, alert.urgency) == ("STENOSIS", "routine")
    assert mail.outbox == [] and alert.notified_at is None


def test_the_same_flag_at_the_next_triage_is_not_mailed_again(patient, capture):
    triage(patient, capture, fever=True)
    with capture(execute=True):
        assessment.record(patient, "checkin", *assessment.run(patient, patient.intake))
    assert len(mail.outbox) == 1


def test_no_mail_before_the_transaction_commits(patient, capture):
    Intake.objects.create(patient=patient, answers=calm_answers(fever=True))
    with capture(execute=False) as callbacks:
        assessment.assess(patient, "intake")
        assert mail.outbox == []
    assert len(callbacks) == 1


def test_without_anyone_to_mail_the_alert_stays_unnotified(patient, therapist, capture):
    therapist.is_active = False
    therapist.save()
    triage(patient, capture, fever=True)
    assert mail.outbox == []
    assert RedFlagAlert.objects.get(patient=patient).notified_at is None


def test_a_failing_mail_server_keeps_the_alert_and_the_patients_request(
    client, patient, therapist, settings, capture
):
    settings.EMAIL_BACKEND = "tests.intake.test_alert_notify.BrokenBackend"
    client.force_login(patient.user)
    with capture(execute=True):
        response = answer(client, SCREENS[0], bladder_problems="ja")
    assert response.status_code == 302 and response.url == reverse("intake:advice")
    alert = RedFlagAlert.objects.get(patient=patient, rule_id="CES")
    assert alert.urgency == "emergency" and alert.notified_at is None
    client.force_login(therapist)
    page = client.get(reverse("intake:triage", args=[patient.pk])).content.decode()
    assert "Geen e-mail verstuurd" in page


def test_the_alert_says_when_the_mail_went_out(client, patient, therapist, capture):
    triage(patient, capture, fever=True)
    client.force_login(therapist)
    page = client.get(reverse("patients:caseload")).content.decode()
    assert "E-mail verstuurd" in page and "Geen e-mail verstuurd" not in page
