"""In a phone-sized Chromium: a patient fills part of the intake set, closes the browser
halfway through a questionnaire, comes back, finishes; the therapist sees the scores."""

import re

import pytest

from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, email):
    page.goto(f"{base_url}/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def choose(page, label):
    """Tap an answer: the whole row is the target."""
    page.locator("label.option", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")).click()


def next_screen(page):
    page.get_by_role("button", name="Volgende").click()


def start(page, title):
    page.get_by_role(
        "link", name=re.compile(rf"(Beginnen|Verder gaan).*{re.escape(title)}")
    ).click()


def test_a_patient_fills_the_intake_set_on_a_phone_with_a_break_and_the_therapist_sees_it(
    live_server,
    browser,
    phone,
    laptop,
    patient,
    therapist,
):
    log_in(phone, live_server.url, patient.user.email)
    phone.goto(f"{live_server.url}/mijn/vragenlijsten/")
    phone.get_by_role("heading", name="Vragenlijsten").wait_for()

    # STarT Back: nine statements, one per screen.
    start(phone, "Hoe gaat het met uw rug?")
    phone.get_by_role("button", name="Beginnen").click()
    for number in range(1, 9):
        phone.get_by_text(f"Vraag {number} van 9").wait_for()
        choose(phone, "Eens" if number in (1, 3, 5, 6, 7) else "Oneens")
        next_screen(phone)
    choose(phone, "Erg")  # bothersomeness "Very much" counts (Keele)
    next_screen(phone)
    phone.get_by_role("heading", name="Controleer uw antwoorden").wait_for()
    phone.get_by_role("button", name="Versturen").click()
    phone.get_by_role("heading", name="Dank u wel!").wait_for()

    # NPRS, then the QBPDS until question 6.
    phone.get_by_role("link", name=re.compile("Volgende vragenlijst")).click()
    phone.get_by_role("button", name="Beginnen").click()
    phone.get_by_text("Vraag 1 van 1").wait_for()
    choose(phone, "6")
    next_screen(phone)
    phone.get_by_role("button", name="Versturen").click()
    phone.get_by_role("link", name=re.compile("Volgende vragenlijst")).click()
    phone.get_by_role("button", name="Beginnen").click()
    for number in range(1, 6):
        phone.get_by_text(f"Vraag {number} van 20").wait_for()
        choose(phone, "Enige moeite")
        next_screen(phone)
    phone.get_by_text("Vraag 6 van 20").wait_for()

    # The patient closes the browser and comes back later on a fresh one.
    phone.context.close()
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    again = context.new_page()
    log_in(again, live_server.url, patient.user.email)
    again.goto(f"{live_server.url}/mijn/vragenlijsten/")
    assert again.get_by_text("U bent al begonnen. Uw antwoorden zijn bewaard.").count() == 1
    start(again, "Dagelijkse activiteiten")
    again.get_by_text("Vraag 6 van 20").wait_for()
    for number in range(6, 21):
        again.get_by_text(f"Vraag {number} van 20").wait_for()
        choose(again, "Veel moeite")
        next_screen(again)
    again.get_by_role("button", name="Versturen").click()

    # PSK: three activities, one in her own words, then a number for each.
    again.get_by_role("link", name=re.compile("Volgende vragenlijst")).click()
    again.get_by_role("button", name="Beginnen").click()
    again.get_by_label("Fietsen").check()
    again.get_by_label("Lang zitten").check()
    again.get_by_label("Eigen activiteit 1").fill("Tuinieren")
    next_screen(again)
    for score in ("7", "5", "8"):
        choose(again, score)
        next_screen(again)
    again.get_by_role("heading", name="Controleer uw antwoorden").wait_for()
    assert again.get_by_text("Lang zitten, Fietsen, Tuinieren").count() == 1
    again.get_by_role("button", name="Versturen").click()
    again.get_by_role("heading", name="Dank u wel!").wait_for()
    assert again.locator("h1").count() == 1
    context.close()

    # The therapist sees the scores and their meaning.
    log_in(laptop, live_server.url, therapist.email)
    laptop.get_by_role("heading", name="Patiënten").wait_for()
    laptop.goto(f"{live_server.url}/praktijk/patienten/{patient.pk}/vragenlijsten/")
    laptop.get_by_role("heading", name=re.compile("Vragenlijsten van")).wait_for()
    content = laptop.content()
    assert "hoog risico" in content  # STarT Back 5 / psychosocial 4
    assert "STarT Back Screening Tool" in content
    assert re.search(r"Totaalscore \(0-100\).*?>\s*55\s*<", content, re.S)  # 5x2 + 15x3
    assert "Tuinieren: 8" in content
