"""The server side of the installable app (issue #16, ruggensteun/web/pwa.py): manifest,
service worker, offline page, and the headers that say which pages may be kept."""

import json

import pytest
from django.urls import reverse

from ruggensteun.web.pwa import OFFLINE_HEADER, SESSION_HEADER

pytestmark = pytest.mark.django_db


def test_the_manifest_meets_the_install_criteria(client):
    response = client.get(reverse("web:manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == reverse("web:patient_home")
    assert manifest["theme_color"] == "#0d5c63"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_the_manifest_speaks_the_visitors_language(client):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("web:manifest"), HTTP_ACCEPT_LANGUAGE="en")
    manifest = json.loads(response.content)
    assert manifest["lang"] == "en"
    assert manifest["description"] == "Care for your back, between appointments too."


def test_the_service_worker_is_served_from_the_root_with_its_shell(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert "__VERSION__" not in body
    assert '"/offline/"' in body and "/static/css/ruggensteun.css" in body
    for name in ("pwa/pwa.js", "diary/outbox.js", "today/today.js"):
        assert client.get(f"/static/{name}").status_code == 200


def test_the_offline_page_holds_nobodys_data(client, patient):
    client.force_login(patient.user)
    html = client.get(reverse("web:offline")).content.decode()
    assert "Geen verbinding" in html
    assert patient.user.full_name not in html
    assert "csrfmiddlewaretoken" not in html


def test_only_the_patients_today_plan_may_be_kept(client, patient, therapist):
    assert client.get(reverse("accounts:login"))[SESSION_HEADER] == "none"

    client.force_login(patient.user)
    today = client.get(reverse("web:patient_home"))
    plan = client.get(reverse("today:flare_up_plan"))
    key = today[SESSION_HEADER]
    assert len(key) == 32 and key != client.session.session_key
    assert today[OFFLINE_HEADER] == key and plan[OFFLINE_HEADER] == key
    assert OFFLINE_HEADER not in client.get(reverse("mydata:reminders"))

    client.force_login(therapist)
    caseload = client.get(reverse("patients:caseload"))
    assert caseload.status_code == 200
    assert caseload[SESSION_HEADER] not in ("none", key)
    assert OFFLINE_HEADER not in caseload


def test_another_login_has_another_session_id(client, patient):
    client.force_login(patient.user)
    first = client.get(reverse("web:patient_home"))[SESSION_HEADER]
    client.post(reverse("accounts:logout"))
    client.force_login(patient.user)
    assert client.get(reverse("web:patient_home"))[SESSION_HEADER] not in (first, "none")


def test_logout_clears_the_browsers_cache_and_storage(client, patient):
    client.force_login(patient.user)
    response = client.post(reverse("accounts:logout"))
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert response[SESSION_HEADER] == "none"


def test_while_a_red_flag_holds_the_programme_no_page_is_kept(client, patient):
    """triage.md §2: with an open urgent flag self-management stops, so the service worker
    is told to drop the kept plan pages (and keeps none) instead of showing them offline."""
    from ruggensteun.intake import assessment
    from ruggensteun.intake.models import Intake
    from ruggensteun.intake.status import safety_state
    from ruggensteun.web.pwa import HOLD_HEADER
    from tests.intake.test_triage_workspace import calm_answers

    client.force_login(patient.user)
    before = client.get(reverse("web:patient_home"))
    assert HOLD_HEADER not in before and OFFLINE_HEADER in before

    Intake.objects.create(patient=patient, answers=calm_answers(fever=True))
    assessment.assess(patient, "intake")
    assert safety_state(patient).on_hold
    for name in ("web:patient_home", "today:flare_up_plan"):
        response = client.get(reverse(name), follow=True)
        assert response[HOLD_HEADER] == "1"
        assert OFFLINE_HEADER not in response
    sw = client.get("/sw.js").content.decode()
    assert f'"holdHeader": "{HOLD_HEADER}"' in sw
