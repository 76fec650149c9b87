"""A staff member with an authenticator app enters its code (or a recovery code) after the
password; patients log in as before."""

import pytest
from django.urls import reverse

from ruggensteun.accounts.models import RecoveryCodes
from ruggensteun.accounts.two_factor.devices import replace_recovery_codes
from ruggensteun.audit.models import AuditEvent
from tests.accounts.conftest import log_in_with_password
from tests.accounts.helpers import age_throttling, app_code, wrong_code

pytestmark = pytest.mark.real_two_factor

VERIFY = reverse("accounts:two_factor_verify")
CASELOAD = reverse("patients:caseload")


def test_after_the_password_the_therapist_is_asked_for_the_code_and_then_sees_the_caseload(
    client, therapist_with_app
):
    therapist, device = therapist_with_app
    log_in_with_password(client, therapist.email)
    asked = client.get(CASELOAD)
    assert asked.status_code == 302
    assert asked.url == f"{VERIFY}?next={CASELOAD}"
    page = client.get(asked.url).content.decode()
    assert "<h1>Code invullen</h1>" in page
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page

    done = client.post(VERIFY, {"code": app_code(device), "next": CASELOAD})
    assert done.url == CASELOAD
    assert client.get(CASELOAD).status_code == 200


def test_passing_the_second_factor_gives_a_new_session_key(client, therapist_with_app):
    therapist, device = therapist_with_app
    log_in_with_password(client, therapist.email)
    before = client.session.session_key
    client.post(VERIFY, {"code": app_code(device)})
    assert client.session.session_key != before


def test_a_wrong_code_is_refused_in_plain_dutch(client, therapist_with_app):
    therapist, device = therapist_with_app
    log_in_with_password(client, therapist.email)
    response = client.post(VERIFY, {"code": wrong_code(device)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Deze code klopt niet. Gebruik de nieuwste code uit uw app" in html
    assert client.get(CASELOAD).status_code == 302


def test_a_code_is_accepted_only_once(client, therapist_with_app):
    therapist, device = therapist_with_app
    code = app_code(device)
    log_in_with_password(client, therapist.email)
    client.post(VERIFY, {"code": code})
    client.logout()
    log_in_with_password(client, therapist.email)
    assert "Deze code klopt niet" in client.post(VERIFY, {"code": code}).content.decode()


def test_after_failures_even_the_right_code_must_wait(client, therapist_with_app):
    therapist, device = therapist_with_app
    log_in_with_password(client, therapist.email)
    for _ in range(4):
        age_throttling(device)  # each try after the wait of the one before
        client.post(VERIFY, {"code": wrong_code(device)})
    refused = client.post(VERIFY, {"code": app_code(device)})
    assert "Te veel onjuiste codes. Wacht 8 seconden" in refused.content.decode()
    assert client.get(CASELOAD).status_code == 302

    age_throttling(device, seconds=9)
    assert client.post(VERIFY, {"code": app_code(device)}).url == reverse("web:home")


def test_the_wait_doubles_with_each_failure(client, therapist_with_app):
    therapist, device = therapist_with_app
    log_in_with_password(client, therapist.email)
    for _ in range(9):
        age_throttling(device, seconds=10**6)
        client.post(VERIFY, {"code": wrong_code(device)})
    html = client.post(VERIFY, {"code": app_code(device)}).content.decode()
    assert "Te veel onjuiste codes. Wacht 5 minuten" in html  # 256 seconds


def test_a_recovery_code_works_once(client, therapist_with_app):
    therapist, _device = therapist_with_app
    codes = replace_recovery_codes(therapist)
    log_in_with_password(client, therapist.email)
    response = client.post(
        VERIFY, {"recovery_code": codes[3].upper().replace("-", " "), "next": CASELOAD}
    )
    assert response.url == CASELOAD
    assert "nog 9" in client.get(CASELOAD).content.decode()
    assert AuditEvent.objects.filter(actor=therapist, what="two-factor recovery code used")

    client.logout()
    log_in_with_password(client, therapist.email)
    again = client.post(VERIFY, {"recovery_code": codes[3]})
    assert "Deze herstelcode klopt niet of is al gebruikt." in again.content.decode()
    assert client.get(CASELOAD).status_code == 302


def test_wrong_recovery_codes_are_throttled_too(client, therapist_with_app):
    therapist, _device = therapist_with_app
    codes = replace_recovery_codes(therapist)
    log_in_with_password(client, therapist.email)
    client.post(VERIFY, {"recovery_code": "aaaa-bbbb-cccc-dddd"})
    html = client.post(VERIFY, {"recovery_code": codes[0]}).content.decode()
    assert "Te veel onjuiste codes" in html
    assert RecoveryCodes.objects.get(user=therapist).remaining() == 10


def test_new_recovery_codes_replace_the_old_ones(therapist):
    old = replace_recovery_codes(therapist)
    new = replace_recovery_codes(therapist)
    device = RecoveryCodes.objects.get(user=therapist)
    assert not set(old) & set(new)
    assert not device.verify_token(old[0])
    age_throttling(device)
    device.refresh_from_db()
    assert device.verify_token(new[0])


def test_logging_out_ends_the_second_factor_too(client, therapist_with_app):
    therapist, device = therapist_with_app
    log_in_with_password(client, therapist.email)
    client.post(VERIFY, {"code": app_code(device)})
    client.post(reverse("accounts:logout"))
    log_in_with_password(client, therapist.email)
    assert client.get(CASELOAD).url.startswith(VERIFY)


def test_an_admin_needs_the_second_factor_as_well(client, admin):
    log_in_with_password(client, admin.email)
    assert client.get(reverse("web:practice")).url.startswith(reverse("accounts:two_factor_setup"))


def test_a_patient_logs_in_with_the_password_alone(client, patient):
    log_in_with_password(client, patient.user.email)
    assert client.get("/").url == reverse("web:patient_home")
    assert client.get(reverse("questionnaires:mine")).status_code == 200


def test_the_code_page_sends_a_patient_home(client, patient):
    client.force_login(patient.user)
    assert client.get(VERIFY).url == reverse("web:home")


def test_the_code_page_sends_a_staff_member_without_an_app_to_the_setup(client, therapist):
    client.force_login(therapist)
    assert client.get(VERIFY).url.startswith(reverse("accounts:two_factor_setup"))


def test_the_code_page_offers_a_way_out(client, therapist_with_app):
    therapist, _device = therapist_with_app
    client.force_login(therapist)
    html = client.get(VERIFY).content.decode()
    assert "Uitloggen" in html
    assert "Patiënten</a>" not in html  # no menu that only leads back here


def test_the_code_page_speaks_english_to_who_chose_it(client, therapist_with_app):
    therapist, _device = therapist_with_app
    therapist.language = "en"
    therapist.save()
    client.force_login(therapist)
    html = client.get(VERIFY).content.decode()
    assert "<h1>Enter your code</h1>" in html
    assert "Code from your app" in html
