"""Issue #10 in real Chromium: a patient answers a red-flag question in the intake on her
phone (CES, AAA, PARESIS), sees the advice card with the right big button, presses
"Ik heb gebeld", and every page shows only the advice; her therapist gets an e-mail
without medical details, sees the alert with her phone number and that she called,
handles it with a message on a laptop, and the patient's pages clear.

The browser's clock is real, so nothing is frozen: the data built here holds on any day
(the patient's date of birth is counted back from today)."""

import base64
import re
from datetime import date

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.oath import TOTP

from ruggensteun.accounts.two_factor.demo import DEMO_TOTP_SECRET, ensure_demo_devices
from ruggensteun.intake.models import RedFlagAlert
from tests import personas
from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GP_PHONE = "020 123 45 67"
PATIENT_PHONE = "06 12345678"
MESSAGE = "Ik heb u gesproken. De huisarts heeft gekeken: u mag verder met uw programma."


@pytest.fixture
def people(db):
    practice = personas.practice("Fysiotherapie De Brug")
    practice.gp_phone = GP_PHONE
    practice.phone = "020 765 43 21"
    practice.save()
    therapist = personas.therapist(practice, "Thijs Therapeut")
    ensure_demo_devices([therapist])
    patient = personas.patient(practice, therapist, "Paula Patiënt")
    today = timezone.localdate()
    # 60 years old whatever day this runs (AAA reads age > 40, triage.md §2).
    patient.date_of_birth = date(today.year - 60, 1, 1)
    patient.phone = PATIENT_PHONE
    patient.save()
    return practice, therapist, patient


def log_in(page, base, email):
    page.goto(f"{base}/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def answer_screen(page, **answers):
    """Answer every visible question of the screen: "nee", or the first choice, unless
    ``answers`` names the value; then save."""
    for fieldset in page.locator("main fieldset.question").all():
        if not fieldset.is_visible():
            continue
        radios = fieldset.locator("input[type=radio]")
        if radios.count() == 0:
            continue
        name = radios.first.get_attribute("name")
        value = answers.get(name)
        if value is None:
            values = [radio.get_attribute("value") for radio in radios.all()]
            value = "nee" if "nee" in values else values[0]
        fieldset.locator(f"label:has(input[value='{value}'])").click()
    page.get_by_role("button", name="Opslaan en verder").click()
    page.wait_for_load_state()


def tel_buttons(page):
    return [link.get_attribute("href") for link in page.locator("#advice-card a.button.call").all()]


JOURNEYS = {
    # name: (screens to answer, in order, with the red-flag answer last; card heading; buttons)
    "CES": (
        [{"saddle_numbness": "ja"}],
        "Bel nu uw huisarts",
        ["tel:0201234567", "tel:112"],
    ),
    "AAA": (
        [{}, {"leg_pain": "none"}, {"leg_weakness": "none"}, {"sudden_severe_constant_pain": "ja"}],
        "Bel nu 112",
        ["tel:112"],
    ),
    "PARESIS": (
        [{}, {"leg_pain": "none"}, {"leg_weakness": "severe"}],
        "Neem vandaag contact op met uw huisarts",
        ["tel:0201234567"],
    ),
}


@pytest.mark.parametrize("rule_id", list(JOURNEYS))
def test_a_red_flag_from_the_patients_answer_to_the_therapists_handling(
    live_server, browser, people, rule_id
):
    _practice, therapist, patient = people
    screens, heading, buttons = JOURNEYS[rule_id]
    base = live_server.url
    phone_context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    laptop_context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
    try:
        phone = phone_context.new_page()
        log_in(phone, base, patient.user.email)
        phone.wait_for_url(re.compile(r".*/mijn/.*"))

        # The intake, red-flag questions first, up to the answer that raises the flag.
        phone.goto(f"{base}/mijn/intake/")
        for answers in screens:
            answer_screen(phone, **answers)
        phone.wait_for_url(f"{base}/mijn/intake/advies/")
        phone.get_by_role("heading", level=1, name=heading).wait_for()
        assert tel_buttons(phone) == buttons
        assert phone.locator("h1").count() == 1
        assert phone.get_by_role("heading", name="Contact met uw praktijk").is_visible()
        assert "Bel 112 alleen" not in phone.content()
        # Big enough to hit with a thumb (WCAG 2.5.5 asks 44 px).
        box = phone.locator("#advice-card a.button.call").first.bounding_box()
        assert box["height"] >= 44

        alert = RedFlagAlert.objects.get(patient=patient)
        assert alert.rule_id == rule_id

        # The therapist was e-mailed at once, without medical details.
        [to_therapist] = [m for m in mail.outbox if m.to == [therapist.email]]
        assert to_therapist.subject.startswith("Ruggensteun: nieuwe rode vlag")
        for secret in (rule_id, patient.name, "plassen", "buik", "been"):
            assert secret not in to_therapist.subject + to_therapist.body

        # "Ik heb gebeld".
        phone.get_by_role("button", name="Ik heb gebeld").click()
        phone.get_by_text("Dank u. Uw fysiotherapeut ziet dat u gebeld heeft.").wait_for()
        assert tel_buttons(phone) == buttons  # the card stays
        alert.refresh_from_db()
        assert alert.patient_acted_at is not None

        # Every other page shows only the advice now.
        for path in ("/mijn/", "/mijn/leren/", "/mijn/check-in/", "/mijn/opstootplan/"):
            phone.goto(f"{base}{path}")
            phone.wait_for_url(f"{base}/mijn/intake/advies/")
        assert phone.get_by_text("Maak de intake af").count() == 0

        # The therapist, on a laptop, with the second factor.
        laptop = laptop_context.new_page()
        log_in(laptop, base, therapist.email)
        code = f"{TOTP(base64.b32decode(DEMO_TOTP_SECRET)).token():06d}"
        laptop.locator("input[autocomplete=one-time-code]").first.fill(code)
        laptop.locator("main form button[type=submit]").first.click()
        laptop.get_by_role("heading", name="Patiënten", exact=True).wait_for()
        laptop.goto(f"{base}/praktijk/patienten/{patient.pk}/triage/")
        card = laptop.locator(f"#alert-{alert.pk}")
        assert PATIENT_PHONE in card.inner_text()
        assert "Patiënt meldt gebeld te hebben" in card.inner_text()
        card.get_by_text("Patiënt gebeld", exact=True).click()
        card.get_by_label("Bericht aan de patiënt").fill(MESSAGE)
        card.get_by_role("button", name="Vastleggen").click()
        laptop.get_by_text("Vastgelegd wat er met deze rode vlag is gedaan.").wait_for()
        alert.refresh_from_db()
        assert alert.handled_at is not None and alert.patient_message == MESSAGE
        assert any(m.to == [patient.user.email] for m in mail.outbox)

        # The patient's pages clear: the message instead of the advice.
        phone.goto(f"{base}/mijn/")
        phone.get_by_role("heading", name="Bericht van uw fysiotherapeut").wait_for()
        assert phone.get_by_text(MESSAGE).is_visible()
        assert phone.locator(".urgent-advice").count() == 0
        phone.get_by_role("button", name="Gelezen").click()
        phone.wait_for_load_state()
        assert phone.get_by_text(MESSAGE).count() == 0
    finally:
        phone_context.close()
        laptop_context.close()
