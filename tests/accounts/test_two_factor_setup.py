"""A staff member without an authenticator app sets one up right after the password."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from ruggensteun.accounts.models import RecoveryCode, RecoveryCodes
from ruggensteun.audit.models import AuditEvent
from tests.accounts.conftest import log_in_with_password
from tests.accounts.helpers import age_throttling, allow_enrolment, app_code, wrong_code

pytestmark = pytest.mark.real_two_factor

SETUP = reverse("accounts:two_factor_setup")


def pending_device(user):
    return TOTPDevice.objects.get(user=user, confirmed=False)


def test_after_the_password_a_therapist_without_an_app_is_sent_to_set_one_up(client, therapist):
    response = log_in_with_password(client, therapist.email)
    response = client.get(response.url, follow=True)
    assert response.redirect_chain[-1][0].startswith(SETUP)
    html = response.content.decode()
    # The password alone does not set up an app: first the admin's one-time code
    # (issue #11, finding 5; tests/security/test_accounts_enrolment.py).
    assert "<h1>Code van uw beheerder</h1>" in html


def test_the_setup_page_shows_a_server_made_qr_code_and_the_secret_to_type(client, therapist):
    client.force_login(therapist)
    allow_enrolment(client, therapist)
    html = client.get(SETUP).content.decode()
    device = pending_device(therapist)
    assert re.search(r'<svg role="img"[^>]*class="qr-code"', html)
    assert "<script" not in html.split("<main", 1)[1]
    assert not re.search(r'(src|href)="https?://', html)  # nothing from the internet
    secret = device.config_url.split("secret=")[1].split("&")[0]
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in html
    assert "issuer=Ruggensteun" in device.config_url
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html


def test_reloading_the_setup_page_keeps_the_same_secret(client, therapist):
    client.force_login(therapist)
    allow_enrolment(client, therapist)
    client.get(SETUP)
    first = pending_device(therapist).key
    client.get(SETUP)
    assert pending_device(therapist).key == first


def test_the_app_counts_only_after_a_right_code_and_then_the_codes_are_shown_once(
    client, therapist
):
    client.force_login(therapist)
    allow_enrolment(client, therapist)
    client.get(SETUP)
    device = pending_device(therapist)

    wrong = client.post(SETUP, {"code": wrong_code(device)})
    assert "Deze code klopt niet" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=therapist, confirmed=True).exists()
    age_throttling(device)

    done = client.post(SETUP, {"code": app_code(device), "next": "/praktijk/patienten/"})
    html = done.content.decode()
    codes = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})</code>", html)
    assert len(codes) == len(set(codes)) == 10
    assert 'href="/praktijk/patienten/"' in html
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("patients:caseload")).status_code == 200

    stored = list(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert len(stored) == 10
    assert not any(code.replace("-", "") in value for code in codes for value in stored)
    assert AuditEvent.objects.filter(actor=therapist, what="two-factor authenticator app").exists()


def test_a_code_with_letters_or_the_wrong_length_is_refused_in_dutch(client, therapist):
    client.force_login(therapist)
    allow_enrolment(client, therapist)
    client.get(SETUP)
    html = client.post(SETUP, {"code": "12a45"}).content.decode()
    assert "Een code bestaat uit zes cijfers." in html
    assert 'aria-invalid="true"' in html


def test_a_code_typed_with_a_space_is_accepted(client, therapist):
    client.force_login(therapist)
    allow_enrolment(client, therapist)
    client.get(SETUP)
    code = app_code(pending_device(therapist))
    client.post(SETUP, {"code": f"{code[:3]} {code[3:]}"})
    assert TOTPDevice.objects.filter(user=therapist, confirmed=True).exists()


def test_a_staff_member_with_an_app_cannot_set_up_another_before_the_code(
    client, therapist_with_app
):
    therapist, _device = therapist_with_app
    client.force_login(therapist)
    response = client.get(SETUP)
    assert response.url.startswith(reverse("accounts:two_factor_verify"))
    assert TOTPDevice.objects.filter(user=therapist).count() == 1


def test_a_patient_is_never_asked_to_set_up_an_app(client, patient):
    client.force_login(patient.user)
    assert client.get(SETUP).url == reverse("web:home")
    assert not TOTPDevice.objects.exists()
    assert not RecoveryCodes.objects.exists()
