"""On a narrow phone (320 and 390 px wide): the 0-10 and 0-6 answer scales of the intake, a
questionnaire and the check-in stay on one line with their end words under their end
numbers; the menu shows every item without a page that scrolls sideways."""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 390)
# Set LAYOUT_SHOTS=<folder> to keep a screenshot of every page checked.
SHOTS = os.environ.get("LAYOUT_SHOTS")

# Where the text of an end word starts and ends (its span is wider than its text).
TEXT_BOX = """span => {
  const range = document.createRange();
  range.selectNodeContents(span);
  const rects = Array.from(range.getClientRects());
  return {left: Math.min(...rects.map(r => r.left)), right: Math.max(...rects.map(r => r.right))};
}"""


@pytest.fixture
def narrow(browser, request):
    contexts = {}

    def open_at(width):
        context = browser.new_context(viewport={"width": width, "height": 740}, locale="nl-NL")
        contexts[width] = context
        return context.new_page()

    yield open_at
    for context in contexts.values():
        context.close()


def log_in(page, base_url, email):
    page.goto(f"{base_url}/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r".*/(mijn|praktijk)/.*"))


def log_in_as_staff(page, base_url, user):
    """Staff pass a second factor: the test client's login (tests/conftest.py gives it both
    factors) is handed to the browser as its session cookie."""
    from django.conf import settings

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}]
    )


def shoot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"]
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)


def assert_no_sideways_scroll(page):
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{page.url}: the page is {scroll} px wide in a {inner} px window"


def assert_scales_fit(page):
    scales = page.locator(".options.scale")
    assert scales.count() >= 1, page.url
    for scale in scales.all():
        options = [label.bounding_box() for label in scale.locator("label.option").all()]
        first, last = options[0], options[-1]
        assert abs(first["y"] - last["y"]) < 1, "the scale wraps onto a second line"
        assert last["x"] + last["width"] <= page.viewport_size["width"]
        for box in options:
            # WCAG 2.5.8 (target size, minimum): 24 px; as high as a normal target.
            assert box["width"] >= 24 and box["height"] >= 44, box
        # Each radio is inside its answer's box, and really there (keyboard, label).
        radios = scale.locator("input[type=radio]")
        assert radios.count() == len(options)
        anchors = scale.locator("xpath=following-sibling::p[contains(@class, 'anchors')][1]")
        if anchors.count():
            words = anchors.locator("span")
            left = words.first.evaluate(TEXT_BOX)
            right = words.last.evaluate(TEXT_BOX)
            # The low end's word starts under the first number, the high end's word ends
            # under the last one.
            assert first["x"] - 2 <= left["left"] <= first["x"] + first["width"], (left, first)
            assert last["x"] <= right["right"] <= last["x"] + last["width"] + 2, (right, last)


def shown(nav, label):
    """The item as shown: on a phone a "Meer" item has a copy in the hidden bar."""
    return nav.get_by_text(label, exact=True).locator("visible=true")


def assert_menu_reachable(page, labels):
    assert_no_sideways_scroll(page)
    nav = page.locator("nav.site-nav")
    overflow = nav.locator(".nav-bar").evaluate("ul => ul.scrollWidth - ul.clientWidth")
    assert overflow <= 0
    width = page.viewport_size["width"]
    hidden = [label for label in labels if not shown(nav, label).count()]
    assert len(hidden) < len(labels), "the bar shows some items"
    if hidden:
        more = nav.locator("summary", has_text="Meer")
        more.focus()
        page.keyboard.press("Enter")  # the keyboard opens it, as a tap does
        for label in labels:
            item = shown(nav, label)
            assert item.count() == 1, label
            box = item.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (label, box)
        assert_no_sideways_scroll(page)
        shoot(page, "menu-open")
        page.keyboard.press("Enter")


@pytest.fixture
def running(patient, therapist):
    from ruggensteun.diary.models import PainDiary
    from ruggensteun.programme import planning
    from tests.programme.conftest import classify

    classify(patient, therapist)
    PainDiary.objects.create(patient=patient, is_on=True)  # the longest patient menu
    start = timezone.localdate() - timedelta(days=7)  # week 1 has ended: its check-in is open
    return planning.start_programme(patient, therapist, approve_each_week=False, today=start)


def questionnaire_step(patient, instrument):
    from ruggensteun.questionnaires.models import Assignment

    assignment, _ = Assignment.objects.get_or_create(
        patient=patient,
        instrument=instrument,
        due_on=timezone.localdate(),
        defaults={"source": Assignment.Source.THERAPIST},
    )
    client = Client()
    client.force_login(patient.user)
    client.post(reverse("questionnaires:start", args=[assignment.pk]))
    return reverse("questionnaires:step", args=[assignment.pk, 1])


PATIENT_MENU = [
    "Vandaag",
    "Leren",
    "Check-in",
    "Voortgang",
    "Pijndagboek",
    "Vragenlijsten",
    "Opstootplan",
    "Account",
    "Uitloggen",
]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_patient_on_a_narrow_phone_sees_whole_scales_and_every_menu_item(
    live_server, narrow, patient, running, width
):
    page = narrow(width)
    log_in(page, live_server.url, patient.user.email)
    shoot(page, "today")
    assert_menu_reachable(page, PATIENT_MENU)
    # The flare-up plan stays one tap away.
    assert page.locator("nav.site-nav").get_by_role("link", name="Opstootplan").is_visible()

    page.goto(live_server.url + reverse("diary:checkin"))
    shoot(page, "checkin")
    assert_scales_fit(page)
    assert_menu_reachable(page, PATIENT_MENU)
    for instrument in ("nprs", "fabq"):  # a 0-10 and a 0-6 scale
        page.goto(live_server.url + questionnaire_step(patient, instrument))
        shoot(page, instrument)
        assert_scales_fit(page)
        assert_no_sideways_scroll(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_intake_pain_scale_fits_a_narrow_phone(live_server, narrow, patient, width):
    from ruggensteun.clinical.triage.questions import load_intake_questions
    from tests.intake.test_intake_flow import calm_post

    client = Client()
    client.force_login(patient.user)
    client.get(reverse("intake:start"))
    for screen in load_intake_questions().screens:
        if screen.id == "back_pain":
            break
        client.post(reverse("intake:screen", args=[screen.id]), calm_post(screen))
    page = narrow(width)
    log_in(page, live_server.url, patient.user.email)
    page.goto(live_server.url + reverse("intake:screen", args=["back_pain"]))
    shoot(page, "intake")
    assert_scales_fit(page)
    assert_no_sideways_scroll(page)


STAFF_MENU = [
    "Patiënten",
    "Uitnodigen",
    "Oefeningen",
    "Vragenlijsten",
    "Uitkomsten",
    "Klinische teksten",
    "Praktijk",
    "Account",
    "Uitloggen",
]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_practice_admin_on_a_phone_reaches_every_menu_item(live_server, narrow, admin, width):
    page = narrow(width)
    log_in_as_staff(page, live_server.url, admin)
    page.goto(live_server.url + reverse("patients:caseload"))
    shoot(page, "caseload")
    assert_menu_reachable(page, STAFF_MENU)


def test_on_a_laptop_the_whole_menu_is_in_the_bar(live_server, laptop, admin):
    log_in_as_staff(laptop, live_server.url, admin)
    laptop.goto(live_server.url + reverse("patients:caseload"))
    nav = laptop.locator("nav.site-nav")
    for label in STAFF_MENU:
        assert shown(nav, label).count() == 1, label
    assert nav.locator("summary").is_hidden()
