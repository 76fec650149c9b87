"""The installable app on a phone-sized Chromium (issue #16): the install criteria (manifest
and an active service worker), the today plan offline, entries made offline that arrive once
(also after a reload, and a tick on Today), and a device emptied at logout: no kept page is
served after logout or to another user.

Headless Chromium here has no push service (pushManager.subscribe fails without one), so
the subscription endpoint and the sending are tested with a subscription made in the test
(tests/push/test_push.py); the reminders page's push switches are checked here."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from ruggensteun.diary.models import CheckIn
from ruggensteun.programme import planning
from ruggensteun.programme.models import DayLog
from tests import personas
from tests.browser.test_accessibility import violations
from tests.browser.test_offline_checkin import SENT, WAITING, fill_checkin, log_in
from tests.programme.conftest import classify
from tests.push.conftest import PRIVATE, PUBLIC

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUTBOX = "ruggensteun.outbox.v1"


@pytest.fixture
def running(patient, therapist):
    classify(patient, therapist)
    start = timezone.localdate() - timedelta(days=7)  # week 1 has ended: its check-in is open
    return planning.start_programme(patient, therapist, approve_each_week=False, today=start)


def controlled(page):
    """Wait until the service worker is active and controls this page."""
    page.evaluate("navigator.serviceWorker.ready")
    if not page.evaluate("Boolean(navigator.serviceWorker.controller)"):
        page.reload()
    page.wait_for_function("Boolean(navigator.serviceWorker.controller)")


def page_caches(page) -> list[str]:
    return page.evaluate("caches.keys()")


def outbox(page) -> list:
    return page.evaluate(f"JSON.parse(localStorage.getItem('{OUTBOX}') || '[]')")


def test_the_app_meets_the_install_criteria(live_server, phone, patient):
    log_in(phone, live_server.url, patient.user.email)
    assert phone.locator("link[rel=manifest]").get_attribute("href") == "/manifest.webmanifest"
    controlled(phone)
    assert phone.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")

    cdp = phone.context.new_cdp_session(phone)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == [], manifest["errors"]
    assert json.loads(manifest["data"])["start_url"] == "/mijn/"
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # A Playwright context is an incognito profile, where Chromium never offers to install;
    # every criterion that concerns the app (manifest, icons, service worker) is met.
    assert [error["errorId"] for error in errors if error["errorId"] != "in-incognito"] == []


def test_the_today_plan_opens_offline_but_other_pages_say_there_is_no_connection(
    live_server, phone, patient, running
):
    log_in(phone, live_server.url, patient.user.email)
    controlled(phone)
    phone.goto(f"{live_server.url}/mijn/")
    phone.goto(f"{live_server.url}/mijn/opstootplan/")

    phone.context.set_offline(True)
    phone.goto(f"{live_server.url}/mijn/")
    phone.get_by_role("heading", name="Goedendag, Petra", level=1).wait_for()
    phone.goto(f"{live_server.url}/mijn/opstootplan/")
    assert "/mijn/opstootplan/" in phone.url
    phone.goto(f"{live_server.url}/mijn/herinneringen/")
    phone.get_by_role("heading", name="Geen verbinding", level=1).wait_for()
    assert violations(phone) == []


def test_a_red_flag_drops_the_kept_plan_so_offline_shows_no_exercises(
    live_server, phone, patient, running
):
    """triage.md §2: with a red flag open, self-management stops; a phone that goes offline
    afterwards must not show the plan it kept before."""
    from ruggensteun.intake import assessment
    from ruggensteun.intake.models import Intake
    from tests.intake.test_triage_workspace import calm_answers

    log_in(phone, live_server.url, patient.user.email)
    controlled(phone)
    phone.goto(f"{live_server.url}/mijn/opstootplan/")
    phone.goto(f"{live_server.url}/mijn/")

    Intake.objects.update_or_create(patient=patient, defaults={"answers": calm_answers(fever=True)})
    assessment.assess(patient, "intake")
    phone.goto(f"{live_server.url}/mijn/")  # online: the page says the programme waits

    phone.context.set_offline(True)
    phone.goto(f"{live_server.url}/mijn/opstootplan/")
    phone.get_by_role("heading", name="Geen verbinding", level=1).wait_for()


def test_a_check_in_made_offline_arrives_once_after_a_reload(live_server, phone, patient, running):
    log_in(phone, live_server.url, patient.user.email)
    controlled(phone)
    phone.goto(f"{live_server.url}/mijn/check-in/")
    fill_checkin(phone)

    phone.context.set_offline(True)
    phone.get_by_role("button", name="Check-in versturen").click()
    phone.get_by_role("status").filter(has_text=WAITING).wait_for()
    # The page is reloaded while still offline: the service worker answers, the entry waits.
    phone.reload()
    phone.get_by_role("heading", name="Geen verbinding", level=1).wait_for()
    assert len(outbox(phone)) == 1
    # Chromium's offline emulation does not hold back the service worker: in the moment of
    # the reload, with no page of the app open, it may already send its copy (Background
    # Sync). So at most one here; exactly one once the page is back online.
    assert CheckIn.objects.submitted().count() <= 1

    phone.context.set_offline(False)
    phone.goto(f"{live_server.url}/mijn/")
    phone.get_by_role("status").filter(has_text=SENT).wait_for(timeout=30000)
    phone.wait_for_timeout(1000)  # the service worker's copy may be sent too: still once
    assert CheckIn.objects.submitted().filter(patient=patient).count() == 1
    assert outbox(phone) == []


def test_a_tick_made_offline_goes_through_the_outbox(live_server, phone, patient, running):
    log_in(phone, live_server.url, patient.user.email)
    controlled(phone)
    phone.goto(f"{live_server.url}/mijn/")
    tick = phone.locator("#walk-1")
    tick.wait_for()

    phone.context.set_offline(True)
    tick.click()
    phone.get_by_role("status").filter(has_text=WAITING).wait_for()
    assert not DayLog.objects.filter(patient=patient, walking_minutes__gt=0).exists()
    assert len(outbox(phone)) == 1

    phone.context.set_offline(False)
    phone.get_by_role("status").filter(has_text=SENT).wait_for(timeout=30000)
    assert outbox(phone) == []
    assert DayLog.objects.get(patient=patient, date=timezone.localdate()).walking_minutes > 0


def test_logout_empties_the_device_and_no_kept_page_is_served_after_it(
    live_server, phone, patient, running
):
    log_in(phone, live_server.url, patient.user.email)
    controlled(phone)
    phone.goto(f"{live_server.url}/mijn/")
    assert any(name.startswith("rs-pages-") for name in page_caches(phone))
    # An entry still waiting on this shared phone.
    phone.evaluate(
        f"localStorage.setItem('{OUTBOX}', JSON.stringify([{{id: 'x', url: '/mijn/check-in/',"
        f" fields: [['pain', '7']], user: '{patient.user.pk}', queuedAt: 1}}]))"
    )

    phone.locator(".nav-more summary").click()  # on a phone, logging out is under "Meer"
    phone.locator(".nav-more").get_by_role("button", name="Uitloggen").click()
    phone.get_by_label("E-mailadres").wait_for()

    assert outbox(phone) == []
    assert not any(name.startswith("rs-pages-") for name in page_caches(phone))
    controlled(phone)  # Clear-Site-Data removed the service worker; the login page adds it again
    phone.context.set_offline(True)
    phone.goto(f"{live_server.url}/mijn/")
    phone.get_by_role("heading", name="Geen verbinding", level=1).wait_for()
    assert "Goedendag" not in phone.content()


def test_another_user_never_gets_a_kept_page(live_server, phone, patient, therapist, running):
    log_in(phone, live_server.url, patient.user.email)
    controlled(phone)
    phone.goto(f"{live_server.url}/mijn/")
    first = [name for name in page_caches(phone) if name.startswith("rs-pages-")]
    assert len(first) == 1

    # Her session ends without a logout (an expired session); someone else logs in.
    phone.context.clear_cookies()
    other = personas.patient(patient.practice, therapist, "Karel Klant")
    log_in(phone, live_server.url, other.user.email)
    phone.goto(f"{live_server.url}/mijn/")
    now = [name for name in page_caches(phone) if name.startswith("rs-pages-")]
    assert len(now) == 1 and now != first

    phone.context.set_offline(True)
    phone.goto(f"{live_server.url}/mijn/")
    phone.get_by_role("heading", name="Goedendag, Karel", level=1).wait_for()
    assert "Petra" not in phone.content()


def test_the_reminders_page_offers_push_per_kind(live_server, phone, patient, settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = PUBLIC, PRIVATE
    log_in(phone, live_server.url, patient.user.email)
    phone.goto(f"{live_server.url}/mijn/herinneringen/")
    phone.get_by_role("heading", name="Pushberichten op dit toestel").wait_for()
    phone.get_by_label(re.compile("Bericht van uw praktijk")).uncheck()
    phone.locator("#push button[value=push-opslaan]").click()
    phone.get_by_text("Uw keuze is bewaard.").wait_for()
    assert phone.get_by_label(re.compile("Bericht van uw praktijk")).is_checked() is False
    assert patient.user.push_preferences.message_reply is False
    assert violations(phone) == []


def test_without_keys_the_reminders_page_says_push_is_off(live_server, phone, patient, settings):
    settings.VAPID_PUBLIC_KEY = ""
    log_in(phone, live_server.url, patient.user.email)
    phone.goto(f"{live_server.url}/mijn/herinneringen/")
    phone.get_by_text("Pushberichten zijn in deze installatie niet ingeschakeld.").wait_for()
