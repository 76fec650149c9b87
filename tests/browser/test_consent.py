"""The privacy statement at the first login, on a phone: read it, agree, and land on
Today; a second login does not ask again."""

import os

import pytest

from tests.browser.test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("CONSENT_SHOTS", "")


def log_in(page, base_url, email, password):
    page.goto(f"{base_url}/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def shoot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_first_login_shows_the_statement_then_today(live_server, phone, practice, therapist):
    from ruggensteun.mydata.models import PrivacyConsent
    from tests import personas

    patient = personas.patient(practice, therapist, "Fenna Fietsers", agreed_to_privacy=False)
    log_in(phone, live_server.url, patient.user.email, personas.PASSWORD)
    phone.get_by_role("heading", name="Privacyverklaring", level=1).wait_for()
    assert phone.get_by_role("heading", name="Wie ziet uw gegevens?").is_visible()
    assert phone.locator("h1").count() == 1
    # Nothing wider than the phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert violations(phone) == []
    shoot(phone, "statement-phone")

    button = phone.get_by_role("button", name="Ik heb dit gelezen en ga akkoord")
    button.scroll_into_view_if_needed()
    button.focus()
    phone.keyboard.press("Enter")
    phone.get_by_text("Dank u. U kunt Ruggensteun nu gebruiken.").wait_for()
    phone.get_by_role("heading", name="Goedendag, Fenna").wait_for()
    assert PrivacyConsent.objects.filter(patient=patient).count() == 1

    phone.context.clear_cookies()  # a new session: the agreement is in the database
    log_in(phone, live_server.url, patient.user.email, personas.PASSWORD)
    phone.get_by_role("heading", name="Goedendag, Fenna").wait_for()


def test_declining_shows_what_happens_and_the_practice(live_server, phone, practice, therapist):
    from tests import personas

    practice.phone = "020 123 4567"
    practice.save()
    patient = personas.patient(practice, therapist, "Dirk Twijfel", agreed_to_privacy=False)
    log_in(phone, live_server.url, patient.user.email, personas.PASSWORD)
    phone.get_by_role("link", name="Ik ga niet akkoord").click()
    phone.get_by_role("heading", name="U gaat niet akkoord", level=1).wait_for()
    assert phone.get_by_role("link", name="020 123 4567").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert violations(phone) == []
    shoot(phone, "decline-phone")
    phone.get_by_role("main").get_by_role("button", name="Uitloggen").click()
    phone.get_by_role("heading", name="Inloggen").wait_for()
