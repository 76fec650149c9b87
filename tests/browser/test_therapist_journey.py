"""Issue 7, tried as a therapist would on a laptop: log in with TOTP, see who needs attention
first, open that patient, change the walking goal, write a session note, print a handout and
a report, and export the practice's outcomes."""

import base64

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP

from ruggensteun.accounts.two_factor.demo import DEMO_TOTP_SECRET
from ruggensteun.web.management.commands.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_therapist_works_through_the_patient_who_needs_attention_first(live_server, laptop):
    from ruggensteun.programme.models import PlanChange, WeeklyPlan
    from ruggensteun.workspace.models import SessionNote

    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page, base = laptop, live_server.url

    page.goto(f"{base}/")
    page.get_by_label("E-mailadres").fill("sanne@delinde.example")
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    code = f"{TOTP(base64.b32decode(DEMO_TOTP_SECRET)).token():06d}"
    page.locator("input[autocomplete=one-time-code]").first.fill(code)
    page.locator("main form button[type=submit]").first.click()
    page.get_by_role("heading", name="Patiënten", exact=True).wait_for()

    # The first row is the patient who needs attention most; open them.
    first = page.locator("main table tbody tr").first.locator("a").first
    name = first.inner_text().strip()
    first.click()
    page.get_by_role("heading", name=name, exact=True).wait_for()
    patient_url = page.url

    # Change the walking goal of a patient with a running programme, with a reason.
    plan = (
        WeeklyPlan.objects.filter(status="active", programme__status="active")
        .filter(programme__patient__therapist__email="sanne@delinde.example")
        .select_related("programme__patient")
        .first()
    )
    patient = plan.programme.patient
    page.goto(f"{base}/praktijk/patienten/{patient.pk}/programma/weken/{plan.pk}/wandelen/")
    page.get_by_label("Minuten per dag").fill("18")
    page.get_by_label("Reden").fill("Wandelen gaat goed; we bouwen rustig op.")
    page.get_by_role("button", name="Wandeldoel opslaan").click()
    page.wait_for_load_state()
    change = PlanChange.objects.get(plan=plan)
    assert change.reason == "Wandelen gaat goed; we bouwen rustig op."

    # Write a session note.
    notes_before = SessionNote.objects.filter(patient=patient).count()
    page.goto(f"{base}/praktijk/patienten/{patient.pk}/sessies/nieuw/")
    page.locator("textarea[name=findings]").fill("Loopt soepeler, buigen nog spannend.")
    page.locator("textarea[name=agreements]").fill("Over twee weken evaluatie.")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert SessionNote.objects.filter(patient=patient).count() == notes_before + 1

    # Print the home-exercise handout and the progress report: real PDFs.
    for document in ("oefenfolder", "voortgangsverslag"):
        url = f"{base}/praktijk/patienten/{patient.pk}/documenten/{document}.pdf"
        response = page.request.get(url)
        assert response.ok, document
        assert response.headers["content-type"] == "application/pdf"
        assert response.body()[:5] == b"%PDF-"

    # Export the practice's outcomes as CSV.
    page.goto(f"{base}/praktijk/uitkomsten/")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download CSV").click()
    csv = download_info.value.path().read_text(encoding="utf-8-sig")
    assert csv.splitlines()[0].count(";") >= 5
    assert patient.name not in csv
    assert patient_url.startswith(f"{base}/praktijk/patienten/")
