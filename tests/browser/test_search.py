"""Search on a phone (issue #16): a patient types a question in their own words in the box
on Learn, with the keyboard only, reads the answers, opens one; a question with red-flag
words leads to the safety questions. axe-core finds no serious or critical problem."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def running(patient, therapist):
    from ruggensteun.intake.models import Intake
    from ruggensteun.programme import planning
    from ruggensteun.search.index import refresh
    from tests.programme.conftest import classify

    refresh()  # a transactional test before this one may have emptied the index
    classify(patient, therapist)
    Intake.objects.filter(patient=patient).update(completed_at=timezone.now())
    return planning.start_programme(
        patient,
        therapist,
        approve_each_week=False,
        today=timezone.localdate() - timedelta(days=1),
    )


def log_in(phone, live_server, patient):
    from tests.personas import PASSWORD

    phone.goto(f"{live_server.url}/")
    phone.get_by_label("E-mailadres").fill(patient.user.email)
    phone.get_by_label("Wachtwoord").fill(PASSWORD)
    phone.get_by_role("button", name="Inloggen").click()
    phone.get_by_role("heading", name="Goedendag, Petra").wait_for()


def test_a_patient_finds_an_answer_in_their_own_words(live_server, phone, patient, running):
    log_in(phone, live_server, patient)
    phone.goto(f"{live_server.url}/mijn/leren/")
    box = phone.get_by_label("Zoek een antwoord op uw vraag")
    box.focus()
    phone.keyboard.type("wat moet ik doen als ik ineens meer pijn heb?")
    phone.keyboard.press("Enter")
    phone.get_by_role("heading", name="Zoek een antwoord", level=1).wait_for()
    assert "/mijn/zoeken/?q=" in phone.url
    assert phone.locator("h1").count() == 1
    results = phone.locator("ol.search-results > li")
    assert results.count() >= 1
    assert phone.locator("ol.search-results mark").count() >= 1
    assert violations(phone) == []
    # Keyboard to the first result and open it.
    first = results.first.locator("h3 a")
    title = first.inner_text()
    first.focus()
    phone.keyboard.press("Enter")
    phone.wait_for_load_state()
    assert phone.locator("h1").first.inner_text().strip() != ""
    assert title in phone.content()

    phone.goto(f"{live_server.url}/mijn/zoeken/?q=xylofoon")
    phone.get_by_role("heading", name="Geen antwoord gevonden").wait_for()
    assert violations(phone) == []


def test_a_question_with_red_flag_words_leads_to_the_triage_questions(
    live_server, phone, patient, running
):
    log_in(phone, live_server, patient)
    phone.goto(f"{live_server.url}/mijn/leren/")
    phone.get_by_label("Zoek een antwoord op uw vraag").fill("ik kan mijn plas niet ophouden")
    phone.get_by_role("button", name="Zoeken").click()
    alert = phone.get_by_role("alert").filter(has_text="Eerst even checken")
    alert.wait_for()
    assert violations(phone) == []
    alert.get_by_role("link", name="Naar de vragen").click()
    phone.wait_for_load_state()
    assert "/mijn/veiligheidsvragen/" in phone.url
    assert "from=search" in phone.url
    assert "CES" in phone.url
    # The question is not lost: back on the search page it is in the box.
    phone.goto(f"{live_server.url}/mijn/zoeken/")
    assert phone.get_by_label("Zoek een antwoord op uw vraag").input_value() == (
        "ik kan mijn plas niet ophouden"
    )
