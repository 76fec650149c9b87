"""In a phone-sized Chromium: a patient fills part of the intake set, closes the browser
halfway through a questionnaire, comes back, finishes; the therapist sees the scores.

The browser runs on a thread of its own. Playwright's sync API can run only once per
thread, and the session-wide Chromium of tests/browser (whose ``phone`` and ``laptop``
fixtures this directory cannot see) may already hold the main one.
"""

import os
import re
import threading

import pytest

from tests.accounts.helpers import code_for_key, give_authenticator
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.personas import PASSWORD

PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "nl-NL"}
LAPTOP = {"viewport": {"width": 1280, "height": 800}, "locale": "nl-NL"}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, base_url, email):
    page.goto(f"{base_url}/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def choose(page, label):
    """Tap an answer: the whole row is the target. On a one-question screen the tap moves
    on by itself (issue #12), so wait until the next page is there."""
    with page.expect_navigation():
        page.locator("label.option", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")).click()


def next_screen(page):
    page.get_by_role("button", name="Volgende").click()


def start(page, title):
    page.get_by_role(
        "link", name=re.compile(rf"(Beginnen|Verder gaan).*{re.escape(title)}")
    ).click()


def in_chromium(journey):
    """Run ``journey(browser)`` in Debian's Chromium on a thread of its own."""
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    outcome: dict[str, BaseException] = {}

    def drive():
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
                )
                try:
                    journey(browser)
                finally:
                    browser.close()
        except BaseException as error:  # re-raised in the test's own thread
            outcome["error"] = error

    thread = threading.Thread(target=drive)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]


def test_a_patient_fills_the_intake_set_on_a_phone_with_a_break_and_the_therapist_sees_it(
    live_server, patient, therapist
):
    # Everything the journey needs from the database is read here, on the test's thread.
    people = {"patient": patient.user.email, "therapist": therapist.email, "pk": patient.pk}
    people["app_key"] = give_authenticator(therapist).key  # staff log in with a second factor
    in_chromium(lambda browser: journey(browser, live_server.url, people))


def journey(browser, base_url, people):
    phone = browser.new_context(**PHONE).new_page()
    log_in(phone, base_url, people["patient"])
    phone.goto(f"{base_url}/mijn/vragenlijsten/")
    phone.get_by_role("heading", name="Vragenlijsten").wait_for()

    # STarT Back: nine statements, one per screen.
    start(phone, "Hoe gaat het met uw rug?")
    phone.get_by_role("button", name="Beginnen").click()
    for number in range(1, 9):
        phone.get_by_text(f"Vraag {number} van 9").wait_for()
        choose(phone, "Eens" if number in (1, 3, 5, 6, 7) else "Oneens")
    choose(phone, "Erg")  # bothersomeness "Very much" counts (Keele)
    phone.get_by_role("heading", name="Controleer uw antwoorden").wait_for()
    phone.get_by_role("button", name="Versturen").click()

    # The next questionnaire follows at once: NPRS, then the QBPDS until question 6. The
    # high risk adds the fear questionnaire to the set: four became five.
    phone.get_by_text("Vragenlijst 2 van 5").wait_for()
    phone.get_by_role("button", name="Beginnen").click()
    phone.get_by_text("Vraag 1 van 1").wait_for()
    choose(phone, "6")
    phone.get_by_role("button", name="Versturen").click()
    phone.get_by_text("Vragenlijst 3 van 5").wait_for()
    phone.get_by_role("button", name="Beginnen").click()
    for number in range(1, 6):
        phone.get_by_text(f"Vraag {number} van 20").wait_for()
        choose(phone, "Enige moeite")
    phone.get_by_text("Vraag 6 van 20").wait_for()

    # The patient closes the browser and comes back later on a fresh one.
    phone.context.close()
    context = browser.new_context(**PHONE)
    again = context.new_page()
    log_in(again, base_url, people["patient"])
    again.goto(f"{base_url}/mijn/vragenlijsten/")
    assert again.get_by_text("U bent al begonnen. Uw antwoorden zijn bewaard.").count() == 1
    start(again, "Dagelijkse activiteiten")
    again.get_by_text("Vraag 6 van 20").wait_for()
    for number in range(6, 21):
        again.get_by_text(f"Vraag {number} van 20").wait_for()
        choose(again, "Veel moeite")
    again.get_by_role("button", name="Versturen").click()

    # PSK: three activities, one in her own words, then a number for each.
    again.get_by_text("Vragenlijst 4 van 5").wait_for()
    again.get_by_role("button", name="Beginnen").click()
    again.get_by_label("Fietsen").check()
    again.get_by_label("Lang zitten").check()
    again.get_by_label("Eigen activiteit 1").fill("Tuinieren")
    next_screen(again)
    for score in ("7", "5", "8"):
        choose(again, score)
    again.get_by_role("heading", name="Controleer uw antwoorden").wait_for()
    assert again.get_by_text("Lang zitten, Fietsen, Tuinieren").count() == 1
    again.get_by_role("button", name="Versturen").click()
    again.get_by_text("Vragenlijst 5 van 5").wait_for()
    again.get_by_role("heading", name="Gedachten over bewegen en werk").wait_for()
    assert again.locator("h1").count() == 1
    context.close()

    # The therapist sees the scores and their meaning.
    laptop = browser.new_context(**LAPTOP).new_page()
    log_in(laptop, base_url, people["therapist"])
    laptop.get_by_label("Code uit uw app").fill(code_for_key(people["app_key"]))
    laptop.get_by_role("button", name="Inloggen", exact=True).click()
    laptop.get_by_role("heading", name="Patiënten").wait_for()
    laptop.goto(f"{base_url}/praktijk/patienten/{people['pk']}/vragenlijsten/")
    laptop.get_by_role("heading", name=re.compile("Vragenlijsten van")).wait_for()
    content = laptop.content()
    assert "hoog risico" in content  # STarT Back 5 / psychosocial 4
    assert "STarT Back Screening Tool" in content
    assert re.search(r"Totaalscore \(0-100\).*?>\s*55\s*<", content, re.S)  # 5x2 + 15x3
    assert "Tuinieren: 8" in content
