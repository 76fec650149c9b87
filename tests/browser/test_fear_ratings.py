"""Fear of movement acted on (issue #12), in a real browser: the patient answers the fear
ratings from Today on a phone, saved as she goes; the therapist sees them on the patient
page and asks again."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def asked(patient, therapist):
    from django.utils import timezone

    from ruggensteun.intake.models import Intake
    from ruggensteun.programme.models import FearRatingRequest
    from tests.programme.conftest import classify

    classify(patient, therapist)
    Intake.objects.filter(patient=patient).update(completed_at=timezone.now())
    FearRatingRequest.objects.ask(patient, FearRatingRequest.Reason.FEAR_FLAG)
    return patient


def log_in_patient(page, base, patient):
    from tests.personas import PASSWORD

    page.goto(f"{base}/")
    page.get_by_label("E-mailadres").fill(patient.user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_the_patient_answers_from_today_on_a_phone(live_server, phone, asked):
    from ruggensteun.clinical.programme.exposure import load_exposure_activities
    from ruggensteun.programme.models import FearRating, FearRatingRequest
    from tests.browser.test_accessibility import violations

    total = len(load_exposure_activities())
    log_in_patient(phone, live_server.url, asked)
    card = phone.locator("#fear-ratings-card")
    card.wait_for()
    assert violations(phone) == []
    card.get_by_role("heading", name="Hoe spannend vindt u deze bewegingen?").wait_for()
    card.get_by_role("link", name="Naar de vragen").click()
    phone.get_by_role("heading", name="Hoe spannend vindt u deze bewegingen?", level=1).wait_for()
    assert phone.locator("h1").count() == 1
    assert violations(phone) == []  # axe-core, WCAG 2.1 A and AA
    # Compact on a phone: far shorter than one card per activity (9,000 px and more).
    height = phone.evaluate("document.documentElement.scrollHeight")
    assert height < 4500, height
    # Nothing on the page is wider than the phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    status = phone.locator("#fear-saved")
    assert status.inner_text().strip() == f"Nog {total} van {total} te gaan"
    first = phone.get_by_role("group", name="Stofzuigen")
    first.get_by_role("radio", name="70", exact=True).check()
    status.filter(has_text=f"Nog {total - 1} van {total} te gaan").wait_for()
    assert FearRating.objects.latest_for(asked) == {"vacuuming": 70}
    # The count and "Klaar" stay in view at the bottom of the screen.
    phone.get_by_role("group", name="Veters strikken").get_by_role(
        "radio", name="20", exact=True
    ).check()
    status.filter(has_text=f"Nog {total - 2} van {total} te gaan").wait_for()
    assert phone.get_by_role("button", name="Klaar").is_visible()

    phone.get_by_role("button", name="Klaar").click()
    phone.get_by_role("heading", name="Goedendag, Petra").wait_for()
    assert phone.locator("#fear-ratings-card").count() == 0
    assert FearRatingRequest.objects.open_for(asked) is None
    assert FearRating.objects.latest_for(asked) == {"tying_shoes": 20, "vacuuming": 70}


def test_the_therapist_sees_the_ratings_and_asks_again(live_server, laptop, asked, therapist):
    from django.conf import settings
    from django.test import Client

    from ruggensteun.programme.models import FearRating, FearRatingRequest

    FearRatingRequest.objects.answer(asked)
    FearRating.objects.record(asked, {"running": 80})
    client = Client()
    client.force_login(therapist)  # password and second factor (tests/conftest.py)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    laptop.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    laptop.goto(f"{live_server.url}/praktijk/patienten/{asked.pk}/")
    panel = laptop.locator("section", has=laptop.locator("#fear-ratings"))
    panel.get_by_role("cell", name="Hardlopen").wait_for()
    assert panel.get_by_role("row", name="Hardlopen").inner_text().split("\t")[1].strip() == "80"
    panel.get_by_role("button", name="Opnieuw vragen").click()
    laptop.get_by_text("De patiënt ziet de vraag nu op Vandaag.").wait_for()
    request = FearRatingRequest.objects.open_for(asked)
    assert request is not None and request.requested_by == therapist
    assert (
        laptop.locator("section", has=laptop.locator("#fear-ratings"))
        .get_by_role("button", name="Opnieuw vragen")
        .count()
        == 0
    )
