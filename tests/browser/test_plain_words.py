"""Issue #12 in real Chromium: a therapist opens the page of a patient with a red flag,
reads it in words, and opens "Waarom?" with the keyboard alone to see the guideline."""

import base64
from datetime import date

import pytest
from django.utils import timezone
from django_otp.oath import TOTP

from ruggensteun.accounts.two_factor.demo import DEMO_TOTP_SECRET, ensure_demo_devices
from ruggensteun.intake import assessment
from ruggensteun.intake.models import Intake
from tests import personas
from tests.browser.test_red_flag_journeys import log_in
from tests.intake.test_triage_workspace import calm_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def flagged(db):
    practice = personas.practice("Fysiotherapie De Brug")
    therapist = personas.therapist(practice, "Thijs Therapeut")
    ensure_demo_devices([therapist])
    patient = personas.patient(practice, therapist, "Paula Patiënt")
    today = timezone.localdate()
    patient.date_of_birth = date(today.year - 45, 1, 1)
    patient.save()
    Intake.objects.create(
        patient=patient,
        answers=calm_answers(leg_pain="below_knee", leg_pain_sides="both", leg_weakness="some"),
    )
    assessment.assess(patient, "intake")
    return therapist, patient


def test_the_therapist_opens_why_with_the_keyboard(live_server, laptop, flagged):
    therapist, patient = flagged
    base = live_server.url
    log_in(laptop, base, therapist.email)
    laptop.locator("input[autocomplete=one-time-code]").first.fill(
        f"{TOTP(base64.b32decode(DEMO_TOTP_SECRET)).token():06d}"
    )
    laptop.locator("main form button[type=submit]").first.click()
    laptop.get_by_role("heading", name="Patiënten", exact=True).wait_for()
    laptop.goto(f"{base}/praktijk/patienten/{patient.pk}/")

    card = laptop.locator("article.alert-card[data-rule=CES_BILATERAL]")
    assert "Mogelijk caudasyndroom: klachten in beide benen" in card.inner_text()
    assert "Kracht in been of voet: wat minder kracht" in card.inner_text()
    why = card.locator("details.why")
    source = why.get_by_text("NHG-Standaard Lumbosacraal radiculair syndroom", exact=False)
    assert not source.is_visible()

    # Tab through the page until "Waarom?" has the focus, then open it with Enter.
    for _ in range(100):
        laptop.keyboard.press("Tab")
        if laptop.evaluate(
            "document.activeElement.tagName === 'SUMMARY' && "
            "document.activeElement.closest('article.alert-card') !== null"
        ):
            break
    else:
        pytest.fail("'Waarom?' cannot be reached with the Tab key")
    assert laptop.evaluate("document.activeElement.textContent.trim()") == "Waarom?"
    laptop.keyboard.press("Enter")
    assert why.get_attribute("open") is not None
    assert source.is_visible()
