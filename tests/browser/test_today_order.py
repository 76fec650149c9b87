"""Today on a phone, in order (issue #12): a patient whose programme week has ended and who
has a questionnaire waiting sees the questionnaire first, then the check-in, then today's
plan; nothing is wider than the screen; the keyboard meets the cards in the same order;
the check-in offers the exercise days she ticked off."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def week_ended(patient, therapist):
    from ruggensteun.intake.models import Intake
    from ruggensteun.programme import planning
    from ruggensteun.questionnaires.models import Assignment
    from ruggensteun.today.models import Tick
    from tests.programme.conftest import classify

    classify(patient, therapist)
    Intake.objects.filter(patient=patient).update(completed_at=timezone.now())
    day = timezone.localdate()
    programme = planning.start_programme(
        patient, therapist, approve_each_week=False, today=day - timedelta(days=8)
    )
    plan = programme.plans.get()
    for offset in (0, 2):  # two days of week 1 with an exercise ticked off
        Tick.objects.create(
            patient=patient,
            date=plan.starts_on + timedelta(days=offset),
            kind="exercise",
            item="cat_camel",
        )
    Assignment.objects.create(patient=patient, instrument="nprs", due_on=date(2020, 1, 1))
    return plan


def top(page, selector):
    return page.locator(selector).first.bounding_box()["y"]


def test_today_on_a_phone_shows_what_comes_next_in_order(live_server, phone, patient, week_ended):
    from tests.personas import PASSWORD

    errors = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.goto(f"{live_server.url}/")
    phone.get_by_label("E-mailadres").fill(patient.user.email)
    phone.get_by_label("Wachtwoord").fill(PASSWORD)
    phone.get_by_role("button", name="Inloggen").click()
    phone.get_by_role("heading", name="Goedendag, Petra").wait_for()
    assert phone.locator("h1").count() == 1

    order = [
        "#due-questionnaires",
        "#checkin-card",
        "#walks",
        "#learn",
        "#flare-title",
        "#tip-title",
    ]
    tops = [top(phone, selector) for selector in order]
    assert tops == sorted(tops), dict(zip(order, tops, strict=True))
    # Nothing sideways: the page is no wider than the phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    # The keyboard meets the check-in before the first walk's tick.
    checkin_link = phone.get_by_role("link", name="Naar de check-in")
    first_walk = phone.locator("#walk-1")
    reached = []
    for _ in range(80):
        phone.keyboard.press("Tab")
        if checkin_link.evaluate("element => element === document.activeElement"):
            reached.append("checkin")
        if first_walk.evaluate("element => element === document.activeElement"):
            reached.append("walk")
            break
    assert reached == ["checkin", "walk"]

    checkin_link.focus()
    phone.keyboard.press("Enter")
    phone.get_by_role("heading", name="Hoe ging uw week?").wait_for()
    assert phone.locator('input[name="exercise_days"][value="2"]').is_checked()
    assert phone.get_by_text("Bij Vandaag vinkte u op 2 dagen een oefening af.").is_visible()
    assert errors == []
