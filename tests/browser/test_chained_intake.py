"""Issue #12 in real Chromium, on a phone: a new patient reads what the intake and the
questionnaires after it take, goes through the intake (her sex is on the record, so it is
not asked; a one-question screen moves on when she taps), and goes straight on into the
questionnaires: "Vragenlijst 1 van 3" (the intake's pain score filled the NPRS). On a
one-question screen a tap, Space or Enter moves on; the arrow keys only change the answer;
"Vorige" goes back with the answer kept.

The browser's clock is real, so nothing is frozen."""

import re

import pytest

from ruggensteun.questionnaires import catalog
from ruggensteun.questionnaires.models import QuestionnaireResponse
from tests import personas
from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CALM = {"nprs": "5", "recovery_expectation": "7", "work_status": "retired"}


@pytest.fixture
def patient(db):
    practice = personas.practice("Fysiotherapie De Keten")
    therapist = personas.therapist(practice, "Karel Keten")
    return personas.patient(practice, therapist, "Pien Patiënt")


def log_in(page, base, email):
    page.goto(f"{base}/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r".*/mijn/.*|.*/privacy/.*"))


def answer_intake_screen(page):
    """Answer every visible question calmly: "nee", the first choice or CALM's value."""
    one_choice = page.locator("form[data-auto-advance]").count() == 1
    for fieldset in page.locator("main fieldset.question").all():
        if not fieldset.is_visible():
            continue
        number = fieldset.locator("input[type=number]")
        if number.count():
            number.fill("3")
            continue
        radios = fieldset.locator("input[type=radio]")
        name = radios.first.get_attribute("name")
        values = [radio.get_attribute("value") for radio in radios.all()]
        value = CALM.get(name) or ("nee" if "nee" in values else values[0])
        label = fieldset.locator(f"label:has(input[value='{value}'])")
        if one_choice:
            with page.expect_navigation():
                label.click()  # the tap moves on by itself
            return
        label.click()
    page.get_by_role("button", name="Opslaan en verder").click()
    page.wait_for_load_state()


def question_number(page):
    return page.locator("#progress-label").inner_text()


def test_a_new_patient_goes_from_the_intake_through_the_chained_questionnaires(
    live_server, phone, patient
):
    base = live_server.url
    log_in(phone, base, patient.user.email)

    # The first screen says honestly what the whole takes; the NPRS is not counted.
    phone.goto(f"{base}/mijn/intake/")
    left = sum(catalog.minutes(code) for code in ("startback", "qbpds", "psk"))
    total = catalog.about_minutes(catalog.INTAKE_MINUTES + left)
    phone.get_by_role("heading", name=f"Dit duurt ongeveer {total} minuten").wait_for()
    assert phone.get_by_text(f"Daarna 3 korte vragenlijsten: samen ongeveer {left}").count() == 1

    # The intake, screen by screen; the record says she is a woman: never asked.
    seen_auto_advance = False
    for _screen in range(20):
        if "/mijn/intake/klaar/" in phone.url:
            break
        assert phone.get_by_text("Wat is uw geslacht?").count() == 0
        seen_auto_advance |= phone.locator("form[data-auto-advance]").count() == 1
        answer_intake_screen(phone)
    phone.get_by_role("heading", name="Dank u wel, de intake is klaar").wait_for()
    assert seen_auto_advance  # the leg-pain details screen, left with one question
    nprs = QuestionnaireResponse.objects.get(patient=patient, instrument="nprs")
    assert nprs.answers == {"1": 5} and nprs.answered_in == "intake"

    # Straight on into the questionnaires, without a list.
    assert phone.get_by_text("Er staan nog 3 korte vragenlijsten voor u klaar").count() == 1
    phone.get_by_role("link", name="Verder met de vragenlijsten").click()
    phone.get_by_text(f"Vragenlijst 1 van 3 · nog ongeveer {left} minuten").wait_for()
    phone.get_by_role("button", name="Beginnen").click()
    phone.get_by_text("Vraag 1 van 9").wait_for()
    assert phone.locator("#auto-advance-hint").is_visible()

    # Keyboard: the arrow keys change the answer and never send it; Space does.
    first = phone.locator("input[type=radio]").first
    first.focus()
    phone.keyboard.press("ArrowDown")
    phone.wait_for_timeout(800)
    assert question_number(phone) == "Vraag 1 van 9"
    assert phone.locator("input[type=radio][value='1']").is_checked()
    phone.keyboard.press("ArrowUp")
    phone.wait_for_timeout(800)
    assert question_number(phone) == "Vraag 1 van 9"
    assert phone.locator("input[type=radio][value='0']").is_checked()
    with phone.expect_navigation():
        phone.keyboard.press("Space")
    phone.get_by_text("Vraag 2 van 9").wait_for()

    # A tap moves on; "Vorige" goes back with the answer kept.
    with phone.expect_navigation():
        phone.locator("label.option", has_text="Oneens").click()
    phone.get_by_text("Vraag 3 van 9").wait_for()
    phone.get_by_role("button", name="Vorige").click()
    phone.get_by_text("Vraag 2 van 9").wait_for()
    assert phone.locator("input[type=radio][value='0']").is_checked()

    # Enter on the focused answer chooses it and moves on.
    phone.locator("input[type=radio][value='0']").focus()
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    phone.get_by_text("Vraag 3 van 9").wait_for()
    for number in range(3, 9):
        phone.get_by_text(f"Vraag {number} van 9").wait_for()
        with phone.expect_navigation():
            phone.locator("label.option", has_text="Oneens").click()
    with phone.expect_navigation():
        phone.locator("label.option", has_text="Een beetje").click()
    phone.get_by_role("heading", name="Controleer uw antwoorden").wait_for()
    phone.get_by_role("button", name="Versturen").click()

    # The next one follows at once, with the count and the minutes left.
    rest = catalog.minutes("qbpds") + catalog.minutes("psk")
    phone.get_by_text(f"Vragenlijst 2 van 3 · nog ongeveer {rest} minuten").wait_for()
    phone.get_by_text("Uw antwoorden zijn bewaard en verstuurd").wait_for()
    assert phone.locator("h1").count() == 1
    phone.get_by_role("button", name="Beginnen").click()
    phone.get_by_text("Vraag 1 van 20").wait_for()
    with phone.expect_navigation():
        phone.locator("label.option", has_text="Geen moeite").click()
    phone.get_by_text("Vraag 2 van 20").wait_for()

    # A pause keeps the place: back later, she resumes at question 2.
    phone.goto(f"{base}/mijn/")
    phone.goto(f"{base}/mijn/vragenlijsten/")
    phone.get_by_role("link", name=re.compile("Verder gaan")).click()
    phone.get_by_text("Vraag 2 van 20").wait_for()
    assert phone.get_by_text("Vragenlijst 2 van 3").count() == 1
