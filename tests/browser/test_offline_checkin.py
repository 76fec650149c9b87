"""On a phone-sized Chromium: the connection drops while a patient sends her weekly check-in
and a diary entry; both wait on the device, arrive when the connection returns, and are
stored exactly once."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from ruggensteun.diary.models import CheckIn, DiaryEntry, PainDiary
from ruggensteun.programme import planning
from ruggensteun.programme.models import DayLog
from tests.personas import PASSWORD
from tests.programme.conftest import classify

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAITING = "Wacht op verbinding — uw invoer is bewaard op dit toestel"
SENT = re.compile(r"^Verstuurd")


@pytest.fixture
def running(patient, therapist):
    classify(patient, therapist)
    start = timezone.localdate() - timedelta(days=7)  # week 1 has ended: its check-in is open
    return planning.start_programme(patient, therapist, approve_each_week=False, today=start)


def log_in(page, base_url, email):
    page.goto(f"{base_url}/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r".*/mijn/.*"))


def choose(page, question, answer):
    page.get_by_role("group", name=question).get_by_text(answer, exact=True).click()


def fill_checkin(page):
    choose(page, "Hoeveel pijn had u deze week gemiddeld?", "2")
    page.get_by_label("Minuten gewandeld deze week, alles bij elkaar").fill("150")
    choose(page, "Op hoeveel dagen heeft u uw oefeningen gedaan?", "5")
    choose(page, "Hoe heeft u deze week geslapen?", "Goed")
    choose(page, "Hoeveel spanning of stress had u deze week?", "Een beetje")
    choose(page, "Had u deze week een opstoot?", "Nee")
    for group in page.locator("fieldset.red-flag").all():
        group.locator("label.option").filter(has_text=re.compile(r"^\s*Nee\s*$")).click()


def test_a_check_in_sent_offline_waits_on_the_phone_and_arrives_once(
    live_server, phone, patient, running
):
    log_in(phone, live_server.url, patient.user.email)
    phone.goto(f"{live_server.url}/mijn/check-in/")
    fill_checkin(phone)

    phone.context.set_offline(True)
    phone.get_by_role("button", name="Check-in versturen").click()
    status = phone.get_by_role("status").filter(has_text=WAITING)
    status.wait_for()
    assert CheckIn.objects.submitted().count() == 0
    # Tapping again while offline keeps one entry waiting, not two.
    phone.get_by_role("button", name="Check-in versturen").click()
    phone.wait_for_timeout(300)
    assert phone.evaluate("JSON.parse(localStorage.getItem('ruggensteun.outbox.v1')).length") == 1

    phone.context.set_offline(False)
    phone.get_by_role("status").filter(has_text=SENT).wait_for(timeout=30000)

    stored = CheckIn.objects.submitted().get(patient=patient)
    assert (stored.pain, stored.walking_minutes_week, stored.exercise_days) == (2, 150, 5)
    assert sum(log.walking_minutes for log in DayLog.objects.filter(patient=patient)) == 150
    assert phone.evaluate("JSON.parse(localStorage.getItem('ruggensteun.outbox.v1')).length") == 0

    # The same form sent once more (the patient taps again) still stores nothing new.
    phone.get_by_role("button", name="Check-in versturen").click()
    phone.get_by_role("heading", name="Dank u wel!").wait_for()
    assert CheckIn.objects.count() == 1


def test_a_diary_entry_sent_offline_is_sent_when_the_next_page_loads_online(
    live_server, phone, patient, therapist
):
    PainDiary.objects.create(patient=patient, is_on=True, changed_by=therapist)
    log_in(phone, live_server.url, patient.user.email)
    phone.goto(f"{live_server.url}/mijn/pijndagboek/nieuw/")
    choose(phone, "Hoeveel pijn heeft u?", "5")
    # A tap on the body map ticks the box in the list.
    phone.locator('.region[data-region="lower_back_middle"]').click()
    assert phone.get_by_label("Onderrug midden").is_checked()
    choose(phone, "Wat deed u vlak voordat de pijn kwam?", "Bukken")
    choose(phone, "Hoe lang duurde de pijn?", "10 tot 30 minuten")

    phone.context.set_offline(True)
    phone.get_by_role("button", name="Meting bewaren").click()
    phone.get_by_role("status").filter(has_text=WAITING).wait_for()
    assert DiaryEntry.objects.count() == 0

    phone.context.set_offline(False)
    phone.goto(f"{live_server.url}/mijn/pijndagboek/")
    phone.get_by_role("status").filter(has_text=SENT).wait_for(timeout=30000)
    entry = DiaryEntry.objects.get(patient=patient)
    assert (entry.pain, entry.regions, entry.activity) == (5, ["lower_back_middle"], "bending")

    # Online, the entry is saved and the diary says so.
    phone.get_by_role("link", name="Nieuwe meting").click()
    choose(phone, "Hoeveel pijn heeft u?", "3")
    phone.get_by_label("Bil links").check()
    choose(phone, "Wat deed u vlak voordat de pijn kwam?", "Zitten")
    choose(phone, "Hoe lang duurde de pijn?", "Korter dan 10 minuten")
    phone.get_by_role("button", name="Meting bewaren").click()
    phone.get_by_text("Uw meting is bewaard.").wait_for()
    assert phone.url.endswith("/mijn/pijndagboek/")
    assert DiaryEntry.objects.filter(patient=patient).count() == 2


def test_a_red_flag_sent_when_the_connection_returns_opens_the_advice_at_once(
    live_server, phone, patient, running
):
    log_in(phone, live_server.url, patient.user.email)
    phone.goto(f"{live_server.url}/mijn/check-in/")
    fill_checkin(phone)
    fever = phone.get_by_role("group", name=re.compile("koorts of koude rillingen"))
    fever.get_by_text("Ja", exact=True).click()

    phone.context.set_offline(True)
    phone.get_by_role("button", name="Check-in versturen").click()
    phone.get_by_role("status").filter(has_text=WAITING).wait_for()
    phone.context.set_offline(False)

    phone.get_by_role("heading", name="Neem vandaag contact op met uw huisarts").wait_for(
        timeout=30000
    )
    assert CheckIn.objects.get(patient=patient).advice_rules == ["INFECTION"]
