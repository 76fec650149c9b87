"""The exercise player paces repetitions by itself: a tone and a count per repetition at the
tempo the patient chose, a pause by tap or Space, a stop; tapping after each repetition stays
possible. A test-only fast tempo (data-test-seconds-per-rep) keeps the test short."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAST = "0.3"  # seconds per repetition in these tests
REPS = 5
BEFORE_START = f"1 \N{MULTIPLICATION SIGN} {REPS}"  # the dose the player shows

# Counts the tones the player starts, without playing them through a speaker, and records every
# count the big number shows (in the page, so a busy test machine cannot miss a short one).
COUNT_TONES = """
window.__tones = 0;
window.__shown = [];
document.addEventListener("DOMContentLoaded", () => {
  const big = document.querySelector("[data-big]");
  if (!big) return;
  new MutationObserver(() => window.__shown.push(big.textContent)).observe(
    big, {childList: true, characterData: true, subtree: true}
  );
});
const original = window.AudioContext.prototype.createOscillator;
window.AudioContext.prototype.createOscillator = function () {
  window.__tones += 1;
  return original.call(this);
};
"""


@pytest.fixture
def running(patient, therapist):
    from ruggensteun.intake.models import Intake
    from ruggensteun.programme import planning
    from tests.programme.conftest import classify
    from tests.today.conftest import entry, set_exercises

    classify(patient, therapist)
    Intake.objects.filter(patient=patient).update(completed_at=timezone.now())
    programme = planning.start_programme(
        patient, therapist, approve_each_week=False, today=timezone.localdate() - timedelta(days=1)
    )
    return set_exercises(programme.plans.get(), [entry("bridge", sets=1, reps=REPS)])


def open_player(page, base_url, patient):
    from tests.personas import PASSWORD

    page.goto(f"{base_url}/")
    page.get_by_label("E-mailadres").fill(patient.user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Goedendag, Petra").wait_for()
    page.goto(base_url + reverse("today:exercise", args=["bridge"]))
    player = page.locator("#player")
    player.wait_for(state="visible", timeout=5000)
    return player


def wait_until_shown(page, count):
    """Waits until the big number has shown `count` since the last `forget_shown`."""
    page.wait_for_function("(count) => window.__shown.includes(count)", arg=count)


def forget_shown(page):
    page.evaluate("window.__shown = []")


def fast_tempo(page, seconds=FAST):
    page.evaluate(
        "(s) => { document.querySelector('[data-player]').dataset.testSecondsPerRep = s; }",
        str(seconds),
    )


def test_the_player_counts_the_repetitions_itself_pauses_and_stops(
    live_server, phone, patient, running
):
    errors = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.add_init_script(COUNT_TONES)
    player = open_player(phone, live_server.url, patient)

    # The instructions come before the player.
    how = phone.get_by_role("heading", name="Zo doet u het").bounding_box()
    assert how["y"] < player.bounding_box()["y"]

    # The tempo is remembered on this device.
    assert player.get_by_label("Rustig", exact=False).is_checked()
    player.get_by_label("Langzaam", exact=False).check()
    phone.reload()
    player.wait_for(state="visible")
    assert player.get_by_label("Langzaam", exact=False).is_checked()

    fast_tempo(phone)
    big = player.locator("[data-big]")
    player.get_by_role("button", name="Start met oefenen").click()
    assert player.locator("[data-tempo]").is_hidden()
    player.locator("[data-say]").filter(has_text="Maak u klaar").wait_for()
    player.get_by_role("button", name="Overslaan").click()  # no need to wait 5 seconds
    player.locator("[data-say]").filter(has_text=f"{REPS} keer. Bij elke toon").wait_for()

    # A tap on the big button pauses: the count stands still before the end.
    wait_until_shown(phone, f"2/{REPS}")
    player.get_by_role("button", name="Pauze").click()
    standing = big.inner_text()
    assert standing in {f"{count}/{REPS}" for count in range(2, REPS + 1)}
    phone.wait_for_timeout(1000)  # more than three repetitions at the fast tempo
    assert big.inner_text() == standing
    assert player.locator("[data-say]").inner_text() == "Gepauzeerd"

    # Space (away from any button) goes on again, up to the last repetition and the end.
    phone.evaluate("document.activeElement.blur()")
    phone.keyboard.press("Space")
    player.get_by_role("button", name="Pauze").wait_for()
    player.locator("[data-say]").filter(has_text="Goed gedaan! De oefening is klaar.").wait_for(
        timeout=5000
    )
    assert player.locator("[data-count]").inner_text() == "Laatste keer"
    assert phone.evaluate("window.__tones") >= REPS

    # With the sound off, the count goes on without a tone; Stop starts over.
    player.get_by_role("button", name="Geluid: aan").click()
    tones = phone.evaluate("window.__tones")
    forget_shown(phone)
    fast_tempo(phone, "1")  # slow enough that Stop comes before the end on a busy machine
    player.get_by_role("button", name="Nog een keer").click()
    player.get_by_role("button", name="Overslaan").click()
    wait_until_shown(phone, f"2/{REPS}")
    assert phone.evaluate("window.__tones") == tones
    player.get_by_role("button", name="Stoppen").click()
    assert big.inner_text() == BEFORE_START
    assert "Gestopt" in player.locator("[data-say]").inner_text()
    assert player.locator("[data-tempo]").is_visible()
    phone.wait_for_timeout(600)
    assert big.inner_text() == BEFORE_START  # nothing counts on after a stop
    assert errors == []


def test_tapping_after_each_repetition_still_works(live_server, phone, patient, running):
    player = open_player(phone, live_server.url, patient)
    player.get_by_label("Zelf tikken na elke herhaling").check()
    player.get_by_role("button", name="Start met oefenen").click()
    done = player.get_by_role("button", name="Herhaling gedaan")
    for count in range(1, REPS):
        done.click()
        assert player.locator("[data-big]").inner_text() == f"{count}/{REPS}"
    phone.wait_for_timeout(700)  # the player does not count by itself
    assert player.locator("[data-big]").inner_text() == f"{REPS - 1}/{REPS}"
    done.click()
    player.locator("[data-say]").filter(has_text="Goed gedaan!").wait_for()
