"""Before an export or a deletion the user authenticates again (the password; staff also a
fresh code from their app)."""

import time

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from ruggensteun.accounts.models import LoginAttempt
from ruggensteun.accounts.reauth import SESSION_KEY, recent_auth_required
from ruggensteun.audit.models import AuditEvent
from tests.accounts.conftest import log_in_with_password
from tests.accounts.helpers import app_code, both_factors, pass_second_factor
from tests.personas import PASSWORD

CONFIRM = reverse("accounts:reauthenticate")


@pytest.fixture
def scores_url(patient):
    return reverse("questionnaires:scores", args=[patient.pk])


@pytest.fixture
def export_url(patient):
    return reverse("questionnaires:export_fhir", args=[patient.pk])


@pytest.fixture
def rf_user_view(db):
    """A request past the middleware, with a session authenticated long ago."""
    from django.contrib.sessions.backends.db import SessionStore

    def make(user, path, *, method="get", **headers):
        request = getattr(RequestFactory(), method)(path, **headers)
        request.user = user
        request.session = SessionStore()
        request.session[SESSION_KEY] = int(time.time()) - 3600
        return request

    return make


def age_authentication(client, minutes):
    session = client.session
    session[SESSION_KEY] = int(time.time()) - minutes * 60
    session.save()


def test_right_after_logging_in_the_export_needs_nothing_more(client, therapist, export_url):
    client.force_login(therapist)
    assert client.post(export_url).status_code == 200


def test_after_ten_minutes_the_export_asks_to_confirm_and_exports_nothing(
    client, therapist, export_url, scores_url
):
    client.force_login(therapist)
    age_authentication(client, 11)
    response = client.post(export_url, HTTP_REFERER=f"http://testserver{scores_url}")
    assert response.status_code == 302
    assert response.url.startswith(CONFIRM)
    assert not AuditEvent.objects.filter(action="export").exists()

    page = client.get(response.url)
    html = page.content.decode()
    assert "<h1>Bevestig dat u het bent</h1>" in html
    assert 'autocomplete="current-password"' in html

    confirmed = client.post(
        CONFIRM, {**both_factors(therapist), "next": page.context["next"], "opnieuw": "1"}
    )
    assert confirmed.url == scores_url
    assert "Kies de actie nog een keer" in client.get(scores_url).content.decode()
    assert client.post(export_url).status_code == 200
    assert AuditEvent.objects.filter(action="export", actor=therapist).exists()


@pytest.mark.real_two_factor
def test_a_fresh_code_from_the_app_confirms_as_well(client, therapist_with_app, export_url):
    therapist, device = therapist_with_app
    log_in_with_password(client, therapist.email)
    client.post(reverse("accounts:two_factor_verify"), {"code": app_code(device)})
    age_authentication(client, 11)
    assert client.post(export_url).url.startswith(CONFIRM)

    html = client.get(CONFIRM).content.decode()
    assert "Code uit uw app" in html and 'inputmode="numeric"' in html
    used_again = client.post(CONFIRM, {"password": PASSWORD, "code": app_code(device)})
    assert "Deze code klopt niet" in used_again.content.decode()  # a fresh one, not reused

    device.refresh_from_db()
    device.throttling_failure_timestamp = None
    device.save()
    confirmed = client.post(
        CONFIRM, {"password": PASSWORD, "code": app_code(device, steps_ahead=1)}
    )
    assert confirmed.status_code == 302
    assert client.post(export_url).status_code == 200


def test_a_wrong_password_is_refused_and_counts_towards_the_lock(client, therapist):
    client.force_login(therapist)
    age_authentication(client, 11)
    html = client.post(CONFIRM, {"password": "fout"}).content.decode()
    assert "Dit wachtwoord klopt niet." in html
    for _ in range(4):
        client.post(CONFIRM, {"password": "fout"})
    locked = client.post(CONFIRM, {"password": PASSWORD}).content.decode()
    assert "Te veel mislukte pogingen" in locked
    assert LoginAttempt.objects.filter(email=therapist.email, succeeded=False).count() == 5


def test_a_get_comes_back_to_the_same_address(rf_user_view, therapist):
    request = rf_user_view(therapist, "/praktijk/iets/?x=1")
    response = recent_auth_required(minutes=10)(lambda request: HttpResponse("ok"))(request)
    assert response.url == f"{CONFIRM}?next=%2Fpraktijk%2Fiets%2F%3Fx%3D1"


def test_an_htmx_request_is_sent_to_the_whole_confirm_page(rf_user_view, therapist):
    request = rf_user_view(therapist, "/praktijk/iets/", method="post", HTTP_HX_REQUEST="true")
    response = recent_auth_required(minutes=10)(lambda request: HttpResponse("ok"))(request)
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(CONFIRM)


def test_the_confirm_page_never_sends_back_to_another_site(client, therapist):
    client.force_login(therapist)
    response = client.post(CONFIRM, {**both_factors(therapist), "next": "https://elders.example/"})
    assert response.url == reverse("web:home")


def test_a_patient_confirms_with_the_password(client, patient):
    client.force_login(patient.user)
    html = client.get(CONFIRM).content.decode()
    assert "Code uit uw app" not in html
    assert client.post(CONFIRM, {"password": PASSWORD}).status_code == 302


def test_pass_second_factor_leaves_patients_alone(client, patient):
    client.force_login(patient.user)
    pass_second_factor(client, patient.user)
    assert "otp_device_id" not in client.session
