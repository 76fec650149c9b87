"""The reminder senders push where the patient switched push on, and e-mail otherwise
(issue #16): the daily reminder (mydata), the questionnaire reminder and "uw programma is
gestart". The push goes to a local push service (tests/push/endpoint.py)."""

import pytest
from django.core import mail
from django.utils import timezone

from ruggensteun.mydata.reminders import send_email as send_daily_email
from ruggensteun.programme import planning
from ruggensteun.push.models import PushPreferences
from ruggensteun.questionnaires.reminders import send_reminder_email
from tests.committed import committed
from tests.programme.conftest import classify
from tests.push.test_push import Browser, subscribe

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("vapid")]


def test_the_daily_reminder_is_a_push_when_switched_on(service, patient):
    browser = Browser()
    subscribe(patient.user, service, browser)
    committed(send_daily_email)(patient, None, 1)
    assert [browser.read(r.body)["tag"] for r in service.received] == ["daily_reminder"]
    assert mail.outbox == []


def test_the_daily_reminder_falls_back_to_e_mail(service, patient):
    subscribe(patient.user, service, Browser())
    PushPreferences.objects.create(user=patient.user, daily_reminder=False)
    committed(send_daily_email)(patient, None, 1)
    assert service.received == []
    assert len(mail.outbox) == 1


def test_the_questionnaire_reminder_is_a_push_when_switched_on(service, patient):
    browser = Browser()
    subscribe(patient.user, service, browser)
    committed(send_reminder_email)(patient)
    message = browser.read(service.received[0].body)
    assert (message["tag"], message["url"]) == ("questionnaire", "/mijn/vragenlijsten/")
    assert mail.outbox == []


def test_without_a_subscription_the_questionnaire_reminder_is_an_e_mail(service, patient):
    committed(send_reminder_email)(patient)
    assert service.received == []
    assert len(mail.outbox) == 1


def test_the_programme_start_is_a_push_when_switched_on(service, patient, therapist):
    browser = Browser()
    subscribe(patient.user, service, browser)
    classify(patient, therapist)
    committed(planning.start_programme)(
        patient, therapist, approve_each_week=False, today=timezone.localdate()
    )
    assert [browser.read(r.body)["tag"] for r in service.received] == ["programme_started"]
    assert mail.outbox == []
