"""Messages in real Chromium (issue #16): a patient writes to her practice on her phone, the
therapist reads and replies on a laptop (with the second factor), the patient sees the reply
and that her message was read; a red-flag word in a message leads to the check-in's triage
questions first, and a "yes" to the advice. axe-core finds no serious or critical problem
on the new pages. The browser's clock is real: nothing here depends on the day."""

import base64
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.oath import TOTP

from ruggensteun.accounts.two_factor.demo import DEMO_TOTP_SECRET, ensure_demo_devices
from ruggensteun.intake.models import RedFlagAlert
from ruggensteun.messaging.models import Message
from tests.browser.test_accessibility import violations
from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def running(patient, therapist):
    from ruggensteun.intake.models import Intake
    from ruggensteun.programme import planning
    from tests.programme.conftest import classify

    ensure_demo_devices([therapist])
    classify(patient, therapist)
    Intake.objects.filter(patient=patient).update(completed_at=timezone.now())
    return planning.start_programme(
        patient, therapist, approve_each_week=False, today=timezone.localdate() - timedelta(days=1)
    )


def log_in(page, base, email, *, staff=False):
    page.goto(f"{base}/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    if staff:
        code = f"{TOTP(base64.b32decode(DEMO_TOTP_SECRET)).token():06d}"
        page.locator("input[autocomplete=one-time-code]").first.fill(code)
        page.locator("main form button[type=submit]").first.click()
        page.get_by_role("heading", name="Patiënten", exact=True).wait_for()
    else:
        page.get_by_role("heading", name="Goedendag, Petra").wait_for()


def test_a_patient_and_a_therapist_exchange_messages(
    live_server, phone, laptop, patient, therapist, running
):
    base = live_server.url
    log_in(phone, base, patient.user.email)
    phone.goto(f"{base}/mijn/berichten/")
    phone.get_by_role("heading", name="Berichten", level=1).wait_for()
    assert phone.get_by_text("We antwoorden binnen 2 werkdagen.").is_visible()
    assert phone.get_by_text("Levensgevaar: bel 112.").is_visible()
    assert violations(phone) == []
    box = phone.get_by_role("textbox", name="Uw bericht")
    box.focus()
    phone.keyboard.type("Mag ik deze week gewoon gaan zwemmen?")
    phone.get_by_role("button", name="Versturen").click()
    phone.get_by_text("Uw bericht is verstuurd.").wait_for()
    assert phone.get_by_text("Nog niet gelezen").is_visible()

    log_in(laptop, base, therapist.email, staff=True)
    laptop.goto(f"{base}/praktijk/patienten/{patient.pk}/berichten/")
    laptop.get_by_text("Mag ik deze week gewoon gaan zwemmen?").wait_for()
    assert violations(laptop) == []
    laptop.get_by_role("textbox", name="Uw antwoord").fill("Ja, zwemmen is goed voor uw rug.")
    laptop.get_by_role("button", name="Antwoord versturen").click()
    laptop.get_by_text("Uw antwoord is verstuurd.").wait_for()

    phone.goto(f"{base}/mijn/berichten/")
    phone.get_by_text("Ja, zwemmen is goed voor uw rug.").wait_for()
    assert phone.get_by_text("Gelezen op").count() == 1  # her message, read by the therapist
    assert Message.objects.filter(read_at__isnull=False).count() == 2


def test_a_red_flag_word_in_a_message_leads_to_the_triage_questions(
    live_server, phone, patient, running
):
    base = live_server.url
    log_in(phone, base, patient.user.email)
    phone.goto(f"{base}/mijn/berichten/")
    phone.get_by_role("textbox", name="Uw bericht").fill(
        "Sinds gisteren heb ik koorts en rillingen."
    )
    phone.get_by_role("button", name="Versturen").click()
    phone.get_by_role("heading", name="Eerst een paar vragen over uw veiligheid").wait_for()
    assert "/mijn/veiligheidsvragen/?rules=INFECTION" in phone.url
    assert phone.locator("fieldset.red-flag").count() == 1
    assert violations(phone) == []
    phone.locator("fieldset.red-flag label:has(input[value='ja'])").click()
    phone.get_by_role("button", name="Antwoorden en bericht versturen").click()
    phone.wait_for_url(f"{base}/mijn/intake/advies/")
    assert RedFlagAlert.objects.get(patient=patient).rule_id == "INFECTION"
    message = Message.objects.get(patient=patient)
    assert message.sent_at is not None and message.safety_answers == {"fever": True}
