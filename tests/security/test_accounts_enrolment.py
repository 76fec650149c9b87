"""Finding 5 of issue #11: a staff account without an authenticator app does not enrol one
with the password alone, and staff re-authentication asks the second factor too."""

import re
import time
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from ruggensteun.accounts.invitations import invite_staff
from ruggensteun.accounts.models import EnrolmentCode
from ruggensteun.accounts.reauth import SESSION_KEY
from ruggensteun.accounts.two_factor.devices import pending_authenticator
from tests.accounts.conftest import log_in_with_password
from tests.accounts.helpers import app_code, give_authenticator
from tests.personas import PASSWORD

pytestmark = pytest.mark.real_two_factor

SETUP = reverse("accounts:two_factor_setup")
CONFIRM = reverse("accounts:reauthenticate")
NEW_PASSWORD = "mijn-nieuwe-rug-2026"


def shows_a_secret(response):
    html = response.content.decode()
    return 'class="qr-code"' in html or "Geheime sleutel" in html


def test_the_password_alone_does_not_show_the_secret_of_a_new_app(client, therapist):
    log_in_with_password(client, therapist.email)
    page = client.get(SETUP)
    assert page.status_code == 200
    assert not shows_a_secret(page)
    assert "Code van uw beheerder" in page.content.decode()
    assert not TOTPDevice.objects.filter(user=therapist).exists()


def test_a_code_posted_to_the_setup_page_with_the_password_alone_enrols_nothing(client, therapist):
    # An app half set up earlier (its secret shown before the reset), with its right code.
    pending = pending_authenticator(therapist)
    log_in_with_password(client, therapist.email)
    client.post(SETUP, {"code": app_code(pending)})
    assert not TOTPDevice.objects.filter(user=therapist, confirmed=True).exists()
    assert not client.session.get("otp_device_id")


def test_right_after_accepting_the_invitation_the_new_colleague_sets_up_the_app(
    client, admin, practice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite_staff(
            practice=practice,
            full_name="Nieuwe Collega",
            email="collega@test.example",
            role="therapist",
            language="nl",
            invited_by=admin,
        )
    link = next(word for word in mail.outbox[0].body.split() if "/uitnodiging/" in word)
    path = link.split("127.0.0.1:8000")[-1]
    client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert shows_a_secret(client.get(SETUP))

    # The same account in another session (the password alone) does not.
    other = Client()
    log_in_with_password(other, "collega@test.example", NEW_PASSWORD)
    assert not shows_a_secret(other.get(SETUP))


def test_reset_two_factor_prints_a_one_time_code_that_opens_the_setup_once(client, therapist):
    give_authenticator(therapist)
    out = StringIO()
    call_command("reset_two_factor", therapist.email, stdout=out)
    [code] = re.findall(r"[a-z2-7]{4}(?:-[a-z2-7]{4}){3}", out.getvalue())
    assert not TOTPDevice.objects.filter(user=therapist).exists()

    log_in_with_password(client, therapist.email)
    assert not shows_a_secret(client.get(SETUP))
    wrong = client.post(SETUP, {"enrolment_code": "aaaa-bbbb-cccc-dddd"})
    assert "klopt niet" in wrong.content.decode()
    assert client.post(SETUP, {"enrolment_code": code.upper()}).status_code == 302
    page = client.get(SETUP)
    assert shows_a_secret(page)
    device = TOTPDevice.objects.get(user=therapist, confirmed=False)
    client.post(SETUP, {"code": app_code(device)})
    assert TOTPDevice.objects.get(user=therapist).confirmed

    # Used once: another session cannot use it again.
    other = Client()
    log_in_with_password(other, therapist.email, ip="10.0.0.2")
    other.post(SETUP, {"enrolment_code": code})
    assert not EnrolmentCode.objects.open().exists()


def test_the_command_gives_a_code_to_an_account_that_never_had_an_app(therapist):
    out = StringIO()
    call_command("reset_two_factor", therapist.email, stdout=out)
    assert EnrolmentCode.objects.open().filter(user=therapist).count() == 1
    call_command("reset_two_factor", therapist.email, stdout=StringIO())
    assert EnrolmentCode.objects.open().filter(user=therapist).count() == 1  # old one revoked


# --- re-authentication before exports ---------------------------------------------------


@pytest.fixture
def export_url(patient):
    return reverse("questionnaires:export_fhir", args=[patient.pk])


def staff_session_long_ago(client, therapist):
    device = give_authenticator(therapist)
    log_in_with_password(client, therapist.email)
    client.post(reverse("accounts:two_factor_verify"), {"code": app_code(device)})
    session = client.session
    session[SESSION_KEY] = int(time.time()) - 3600
    session.save()
    device.refresh_from_db()
    device.throttling_failure_timestamp = None
    device.save()
    return device


def test_staff_cannot_confirm_an_export_with_the_password_alone(client, therapist, export_url):
    staff_session_long_ago(client, therapist)
    response = client.post(CONFIRM, {"password": PASSWORD})
    assert response.status_code == 200
    assert client.post(export_url).url.startswith(CONFIRM)


def test_staff_confirm_an_export_with_password_and_code(client, therapist, export_url):
    device = staff_session_long_ago(client, therapist)
    html = client.get(CONFIRM).content.decode()
    assert 'name="password"' in html and 'name="code"' in html
    response = client.post(CONFIRM, {"password": PASSWORD, "code": app_code(device, steps_ahead=1)})
    assert response.status_code == 302
    assert client.post(export_url).status_code == 200


def test_staff_cannot_confirm_with_a_code_and_a_wrong_password(client, therapist, export_url):
    device = staff_session_long_ago(client, therapist)
    client.post(CONFIRM, {"password": "fout", "code": app_code(device, steps_ahead=1)})
    assert client.post(export_url).url.startswith(CONFIRM)


def test_a_patient_still_confirms_with_the_password(client, patient):
    client.force_login(patient.user)
    session = client.session
    session[SESSION_KEY] = int(time.time()) - 3600
    session.save()
    assert client.post(CONFIRM, {"password": PASSWORD}).status_code == 302
