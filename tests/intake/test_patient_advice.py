"""What a patient sees while a red flag that calls for the GP is open: one advice card with
the right big button for the rule and the practice's country, "Ik heb gebeld", only the
advice while an emergency or urgent flag waits (every patient page), and the therapist's
message once it was handled."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ruggensteun.audit.models import AuditEvent
from ruggensteun.intake.models import Intake, RedFlagAlert, TriageAssessment
from ruggensteun.patients.access import OPEN_IN_LOCKDOWN
from ruggensteun.programme import planning
from tests.programme.conftest import classify
from tests.urls_walk import all_routes

ADVICE = reverse("intake:advice")
ACTED = reverse("intake:acted")


def h1_count(html):
    return len(re.findall(r"<h1[\s>]", html))


def raise_flag(patient, rule_id, urgency, **fields):
    assessment = TriageAssessment.objects.create(
        patient=patient,
        trigger="intake",
        urgency=urgency,
        self_management_allowed=False,
        summary={"rules": [rule_id]},
        details={
            "rules": [
                {
                    "id": rule_id,
                    "urgency": urgency,
                    "patient_reason": {"nl": f"Reden {rule_id}", "en": f"Reason {rule_id}"},
                }
            ]
        },
        inputs={},
    )
    return RedFlagAlert.objects.create(
        patient=patient, assessment=assessment, rule_id=rule_id, urgency=urgency, **fields
    )


def tel_links(html):
    return re.findall(r'<a class="button call[^"]*" href="(tel:[^"]+)"', html)


@pytest.fixture
def patient_client(client, patient):
    client.force_login(patient.user)
    return client


@pytest.fixture
def running(patient, therapist):
    """A patient whose programme runs: today is day 3 of week 1."""
    classify(patient, therapist)
    Intake.objects.filter(patient=patient).update(completed_at=timezone.now())
    today = timezone.localdate()
    return planning.start_programme(
        patient, therapist, approve_each_week=False, today=today - timedelta(days=2)
    )


# --- the card ------------------------------------------------------------------------------


def test_aaa_says_call_112_now_with_the_signs_and_one_big_112_button(patient_client, patient):
    patient.practice.gp_phone = "020 123 45 67"
    patient.practice.save()
    raise_flag(patient, "AAA", "emergency")

    html = patient_client.get(ADVICE).content.decode()

    assert "Bel nu 112" in html
    assert tel_links(html) == ["tel:112"]
    assert "Zeg aan de telefoon wat u merkt:" in html
    assert "Bel 112 alleen" not in html
    assert h1_count(html) == 1
    assert "Contact met uw praktijk" in html


def test_ces_calls_the_practices_gp_line_first_and_112_second(patient_client, patient):
    patient.practice.gp_phone = "020 123 45 67"
    patient.practice.save()
    raise_flag(patient, "CES", "emergency")

    html = patient_client.get(ADVICE).content.decode()

    assert "Bel nu uw huisarts" in html and "huisartsenpost" in html
    assert tel_links(html) == ["tel:0201234567", "tel:112"]
    assert "Bel de huisarts: 020 123 45 67" in html
    assert "Reden CES" in html  # why, in the patient's words


def test_ces_in_belgium_without_a_gp_line_calls_1733_then_112(client, outsider_patient):
    client.force_login(outsider_patient.user)
    raise_flag(outsider_patient, "CES", "emergency")

    html = client.get(ADVICE).content.decode()

    assert "1733" in html and "spoedgevallen" in html
    assert tel_links(html) == ["tel:1733", "tel:112"]


def test_ces_in_the_netherlands_without_a_gp_line_says_call_your_gp_and_offers_112(
    patient_client, patient
):
    raise_flag(patient, "CES", "emergency")
    html = patient_client.get(ADVICE).content.decode()
    assert "Bel uw huisarts." in html
    assert tel_links(html) == ["tel:112"]


def test_an_urgent_flag_offers_the_gp_line_and_no_112(patient_client, patient):
    patient.practice.gp_phone = "+31 (0)20 555 00 00"
    patient.practice.save()
    raise_flag(patient, "PARESIS", "urgent")

    html = patient_client.get(ADVICE).content.decode()

    assert "Neem vandaag contact op met uw huisarts" in html
    assert tel_links(html) == ["tel:+31205550000"]


def test_without_an_open_flag_the_advice_page_sends_the_patient_on(patient_client, patient):
    raise_flag(patient, "CES", "emergency", handled_at=timezone.now())
    assert patient_client.get(ADVICE).status_code == 302


# --- "Ik heb gebeld" ---------------------------------------------------------------------


def test_ik_heb_gebeld_marks_the_open_alerts_once_and_keeps_the_card(patient_client, patient):
    ces = raise_flag(patient, "CES", "emergency")
    fever = raise_flag(patient, "INFECTION", "urgent")
    old = raise_flag(patient, "MALIGNANCY", "soon", handled_at=timezone.now())
    page = patient_client.get(ADVICE).content.decode()
    assert f'action="{ACTED}"' in page and "Ik heb gebeld" in page

    response = patient_client.post(ACTED, {"next": ADVICE})

    assert response.status_code == 303 and response.url == ADVICE
    ces.refresh_from_db()
    fever.refresh_from_db()
    old.refresh_from_db()
    assert ces.patient_acted_at is not None and fever.patient_acted_at is not None
    assert old.patient_acted_at is None
    html = patient_client.get(ADVICE).content.decode()
    assert "Dank u. Uw fysiotherapeut ziet dat u gebeld heeft." in html
    assert "Bel nu uw huisarts" in html and "tel:112" in html
    event = AuditEvent.objects.get(patient=patient, detail__has_key="patient_acted")
    assert sorted(event.detail["patient_acted"]) == sorted([ces.pk, fever.pk])

    first = ces.patient_acted_at
    patient_client.post(ACTED)
    ces.refresh_from_db()
    assert ces.patient_acted_at == first
    # The second press changed nothing, so it is logged only as the request it was.
    assert AuditEvent.objects.filter(patient=patient, detail__has_key="patient_acted").count() == 1


def test_ik_heb_gebeld_needs_a_post_with_its_csrf_token(patient, patient_client):
    alert = raise_flag(patient, "CES", "emergency")
    assert patient_client.get(ACTED).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(patient.user)
    assert strict.post(ACTED).status_code == 403
    alert.refresh_from_db()
    assert alert.patient_acted_at is None


def test_ik_heb_gebeld_is_the_patients_own(client, therapist, patient, outsider_patient):
    alert = raise_flag(patient, "CES", "emergency")
    for user in (therapist, outsider_patient.user):
        client.force_login(user)
        client.post(ACTED)
    alert.refresh_from_db()
    assert alert.patient_acted_at is None


# --- lockdown ------------------------------------------------------------------------------


def patient_pages():
    """Every patient page (under /mijn/), with a value for each parameter."""
    pages = []
    for route in all_routes():
        url = reverse(route.name, kwargs=route.kwargs(0) or None)
        if url.startswith("/mijn/"):
            pages.append((route.name, url))
    return pages


@pytest.mark.parametrize("urgency", ["emergency", "urgent"])
def test_in_a_lockdown_every_patient_page_shows_only_the_advice(
    patient_client, patient, running, urgency
):
    raise_flag(patient, "PARESIS" if urgency == "urgent" else "CES", urgency)
    pages = patient_pages()
    assert len(pages) > 20  # the walk found the patient's pages

    for name, url in pages:
        if name in OPEN_IN_LOCKDOWN:
            continue
        answered = []
        for method in ("get", "post"):
            if method == "post" and name == "diary:checkin":
                continue  # a check-in sent is still saved (test_checkin)
            response = getattr(patient_client, method)(url)
            if response.status_code == 405:  # the page takes the other method only
                continue
            assert (response.status_code, response.get("Location")) == (303, ADVICE), (
                name,
                method,
            )
            answered.append(method)
        assert answered, name

    html = patient_client.get(ADVICE).content.decode()
    assert h1_count(html) == 1
    main = html[html.index("<main") : html.index("</main>")]
    assert 'class="urgent-advice' in main and "Contact met uw praktijk" in main
    for absent in ("intake af", "Verder met de vragen", "Wandel", "opstoot", "Tip voor"):
        assert absent not in main


def test_the_pages_open_in_a_lockdown_still_open(patient_client, patient, running):
    raise_flag(patient, "CES", "emergency")
    for name in ("mydata:own_data", "intake:advice"):
        assert patient_client.get(reverse(name)).status_code == 200
    assert patient_client.get(reverse("accounts:settings")).status_code == 200


def test_in_a_lockdown_nothing_is_ticked(patient_client, patient, running):
    from ruggensteun.today.models import Tick

    raise_flag(patient, "CES", "emergency")
    response = patient_client.post(
        reverse("today:tick"), {"kind": "walk", "item": "1", "action": "done", "key": "k1"}
    )
    assert response.url == ADVICE
    assert not Tick.objects.exists()


def test_with_only_a_soon_flag_the_patient_moves_on_with_the_advice_on_top(
    patient_client, patient, running
):
    raise_flag(patient, "MALIGNANCY", "soon")
    home = patient_client.get(reverse("web:patient_home")).content.decode()
    assert home.index("Maak een afspraak bij uw huisarts") < home.index("<section")
    assert h1_count(home) == 1
    assert 'name="kind"' not in home  # the programme waits
    assert "Blijf tot die tijd gewoon in beweging" in home
    assert patient_client.get(reverse("today:learn")).status_code == 200
    assert patient_client.get(reverse("today:flare_up_plan")).status_code == 200


# --- after handling ----------------------------------------------------------------------


def handle(alert, therapist, message):
    alert.handled_at = timezone.now()
    alert.handled_by = therapist
    alert.action = RedFlagAlert.Action.CALLED_PATIENT
    alert.patient_message = message
    alert.save()


def test_after_handling_today_shows_the_therapists_message_and_the_programme(
    patient_client, patient, therapist, running
):
    alert = raise_flag(patient, "CES", "emergency")
    handle(alert, therapist, "Ik heb u gesproken. U mag verder met uw programma.")

    home = patient_client.get(reverse("web:patient_home")).content.decode()

    assert "Bericht van uw fysiotherapeut" in home
    assert "U mag verder met uw programma." in home
    assert "huisarts" not in home.split("Bericht van uw fysiotherapeut")[0]
    assert 'class="urgent-advice' not in home
    assert 'name="kind" value="walk"' in home
    assert h1_count(home) == 1


def test_the_message_goes_once_read(patient_client, patient, therapist, running):
    alert = raise_flag(patient, "CES", "emergency")
    handle(alert, therapist, "U mag verder.")
    response = patient_client.post(reverse("intake:message_read"))
    assert response.url == reverse("web:patient_home")
    alert.refresh_from_db()
    assert alert.patient_message_read_at is not None
    assert "U mag verder." not in patient_client.get(reverse("web:patient_home")).content.decode()


def test_the_message_shows_for_fourteen_days(patient_client, patient, therapist, running):
    alert = raise_flag(patient, "CES", "emergency")
    handle(alert, therapist, "U mag verder.")
    home = reverse("web:patient_home")
    for days, shown in ((13, True), (15, False)):
        with time_machine.travel(timezone.now() + timedelta(days=days), tick=False):
            patient_client.force_login(patient.user)  # the session of then
            assert ("U mag verder." in patient_client.get(home).content.decode()) is shown


def test_the_card_speaks_english_to_an_english_patient(client, practice, therapist):
    from tests import personas

    english = personas.patient(practice, therapist, "Emily English", language="en")
    client.force_login(english.user)
    raise_flag(english, "AAA", "emergency")
    html = client.get(ADVICE).content.decode()
    for words in ("Call 112 now", "On the phone, say what you notice:", "I have called"):
        assert words in html


def test_in_a_lockdown_the_menu_offers_only_the_advice_and_the_account(
    patient_client, patient, running
):
    menu_links = ('href="/mijn/leren/"', 'href="/mijn/check-in/"', 'href="/mijn/opstootplan/"')
    before = patient_client.get(ADVICE, follow=True).content.decode()
    assert all(link in before for link in menu_links)

    raise_flag(patient, "AAA", "emergency")
    html = patient_client.get(ADVICE).content.decode()
    nav = html[html.index("<nav") : html.index("</nav>")]
    assert f'href="{ADVICE}"' in nav and f'href="{reverse("accounts:settings")}"' in nav
    assert not any(link in nav for link in menu_links)
