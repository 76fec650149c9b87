"""A patient with a running programme follows today's plan on a phone: opens an exercise,
lets the player time a hold, ticks it off, ticks off a walk, and finds both stored."""

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def running(patient, therapist):
    from ruggensteun.intake.models import Intake
    from ruggensteun.programme import planning
    from tests.programme.conftest import classify
    from tests.today.conftest import entry, set_exercises

    classify(patient, therapist)
    Intake.objects.filter(patient=patient).update(completed_at=timezone.now())
    day = timezone.localdate()
    programme = planning.start_programme(
        patient, therapist, approve_each_week=False, today=day - timedelta(days=1)
    )
    # A short hold, so the test does not wait long: 1 x 2 seconds.
    return set_exercises(
        programme.plans.get(),
        [entry("prone_on_elbows", sets=1, hold_seconds=2)],
        walking={"minutes_per_day": 15, "walks_per_day": 3},
    )


def test_a_patient_follows_todays_plan_with_the_hold_timer(live_server, phone, patient, running):
    from ruggensteun.programme.models import DayLog
    from ruggensteun.today.models import Tick
    from tests.personas import PASSWORD

    errors = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.goto(f"{live_server.url}/")
    phone.get_by_label("E-mailadres").fill(patient.user.email)
    phone.get_by_label("Wachtwoord").fill(PASSWORD)
    phone.get_by_role("button", name="Inloggen").click()
    phone.get_by_role("heading", name="Goedendag, Petra").wait_for()
    assert phone.locator("h1").count() == 1
    assert phone.get_by_role("link", name="Opstootplan", exact=True).is_visible()

    phone.get_by_role("link", name="Op de ellebogen").first.click()
    phone.get_by_role("heading", name="Op de ellebogen", level=1).wait_for()
    player = phone.locator("#player")
    # The player is shown by its deferred script: wait for it rather than race it.
    player.wait_for(state="visible", timeout=5000)
    phone.get_by_role("button", name="Start met oefenen").click()
    say = player.locator("[data-say]")
    say.filter(has_text="Maak u klaar").wait_for()
    player.get_by_role("button", name="Overslaan").click()  # no need to wait 5 seconds
    say.filter(has_text="Houd 2 seconden vast.").wait_for()
    assert player.locator("[data-big]").inner_text() in {"1", "2"}
    say.filter(has_text="Goed gedaan! De oefening is klaar.").wait_for(timeout=6000)
    assert not Tick.objects.exists()  # nothing is stored until the patient says so

    player.get_by_role("button", name="Klaar: oefening gedaan").click()
    phone.get_by_text("U heeft deze oefening vandaag gedaan.").wait_for()
    today = timezone.localdate()
    assert Tick.objects.get().item == "prone_on_elbows"
    assert DayLog.objects.get(patient=patient, date=today).exercise_sessions == 1

    phone.get_by_role("link", name="Vandaag").first.click()
    walk = phone.get_by_role("button", name="Wandeling 1")
    walk.click()
    phone.locator("#walk-1[aria-pressed=true]").wait_for()
    assert "5 van 15 min" in phone.locator("#walks").inner_text()
    assert DayLog.objects.get(patient=patient, date=today).walking_minutes == 5
    exercise = phone.locator("#exercise-prone_on_elbows")
    assert exercise.get_attribute("aria-pressed") == "true"

    # Without a connection the tick waits on the phone (the outbox, issue #16) and is sent
    # when the connection returns; it counts once.
    phone.context.set_offline(True)
    phone.get_by_role("button", name="Wandeling 2").click()
    phone.get_by_role("status").filter(has_text="Wacht op verbinding").wait_for()
    assert DayLog.objects.get(patient=patient, date=today).walking_minutes == 5
    phone.context.set_offline(False)
    phone.get_by_role("status").filter(has_text="Verstuurd").wait_for(timeout=30000)
    # The page and the service worker's Background Sync may both send it (the key makes it
    # count once): wait until the server has it before the page is loaded anew.
    for _ in range(60):
        if DayLog.objects.get(patient=patient, date=today).walking_minutes == 10:
            break
        phone.wait_for_timeout(500)
    phone.reload()
    phone.locator("#walk-2[aria-pressed=true]").wait_for()
    assert phone.locator("#today-not-saved").is_hidden()
    assert DayLog.objects.get(patient=patient, date=today).walking_minutes == 10
    assert errors == []
