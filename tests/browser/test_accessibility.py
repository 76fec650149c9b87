"""Every main page, as a patient on a phone and a therapist on a laptop, checked with axe-core
(WCAG 2.1 A and AA) on the demo practice: no violation of impact serious or critical."""

import base64
from pathlib import Path

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP

from ruggensteun.accounts.two_factor.demo import DEMO_TOTP_SECRET
from ruggensteun.web.management.commands.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe-4.14.1.min.js").read_text()
SERIOUS = {"serious", "critical"}


def violations(page) -> list[str]:
    # Evaluated through the DevTools protocol: the page's Content-Security-Policy forbids an
    # inline <script>, which add_script_tag would add.
    page.evaluate(AXE)
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return result.violations.map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    return [f"{v['id']} ({v['impact']}): {v['nodes']}" for v in found if v["impact"] in SERIOUS]


def log_in(page, base_url, email, *, staff=False):
    page.goto(f"{base_url}/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    if staff:
        code = f"{TOTP(base64.b32decode(DEMO_TOTP_SECRET)).token():06d}"
        page.locator("input[autocomplete=one-time-code]").first.fill(code)
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def check(page, base_url, paths) -> dict[str, list[str]]:
    problems = {}
    for path in paths:
        response = page.goto(f"{base_url}{path}")
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        found = violations(page)
        if found:
            problems[path] = found
    return problems


def test_the_main_pages_have_no_serious_accessibility_problems(live_server, phone, laptop):
    from ruggensteun.patients.models import Patient
    from ruggensteun.programme.models import Programme, WeeklyPlan

    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    programme = Programme.objects.active().order_by("patient__user__email").first()
    patient = programme.patient
    plan = WeeklyPlan.objects.current_for(patient)
    exercise = plan.plan["exercises"][0]["id"]
    module = plan.plan["education"][0] if plan.plan["education"] else "hurt_is_not_harm"

    log_in(phone, live_server.url, patient.user.email)
    patient_pages = [
        "/mijn/",
        f"/mijn/oefeningen/{exercise}/",
        "/mijn/check-in/",
        "/mijn/leren/",
        f"/mijn/leren/{module}/",
        "/mijn/voortgang/",
        "/mijn/gegevens/",
        "/mijn/opstootplan/",
        "/mijn/vragenlijsten/",
        "/account/",
    ]
    problems = check(phone, live_server.url, patient_pages)

    therapist = patient.therapist
    log_in(laptop, live_server.url, therapist.email, staff=True)
    other = Patient.objects.filter(practice=patient.practice).exclude(pk=patient.pk).first()
    staff_pages = [
        "/praktijk/",
        f"/praktijk/patienten/{patient.pk}/",
        f"/praktijk/patienten/{patient.pk}/tijdlijn/?vanaf=0",
        f"/praktijk/patienten/{patient.pk}/triage/",
        f"/praktijk/patienten/{patient.pk}/programma/",
        f"/praktijk/patienten/{patient.pk}/vragenlijsten/",
        f"/praktijk/patienten/{other.pk}/",
        f"/praktijk/patienten/{patient.pk}/sessies/",
        f"/praktijk/patienten/{patient.pk}/sessies/nieuw/",
        f"/praktijk/patienten/{patient.pk}/documenten/",
        "/praktijk/oefeningen/",
        "/praktijk/vragenlijsten/",
        "/praktijk/uitkomsten/",
    ]
    problems.update(check(laptop, live_server.url, staff_pages))
    assert not problems, problems


def test_the_check_finds_a_picture_without_a_text_alternative(phone):
    page = '<html lang="nl"><body><main><h1>T</h1><img src="x.png"></main></body></html>'
    phone.set_content(page)
    assert any(problem.startswith("image-alt") for problem in violations(phone))
