"""The staff member's own overview: new recovery codes, a new phone; and the reset for a
staff member who lost everything."""

import re
import time

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from ruggensteun.accounts.models import RecoveryCodes
from ruggensteun.accounts.reauth import SESSION_KEY
from ruggensteun.accounts.two_factor.devices import replace_recovery_codes
from tests.accounts.helpers import app_code, both_factors, give_authenticator

OVERVIEW = reverse("accounts:two_factor")
NEW_CODES = reverse("accounts:new_recovery_codes")
SETUP = reverse("accounts:two_factor_setup")
CONFIRM = reverse("accounts:reauthenticate")


def age_authentication(client):
    session = client.session
    session[SESSION_KEY] = int(time.time()) - 3600
    session.save()


def test_the_account_page_links_staff_to_their_two_factor_overview(client, therapist):
    client.force_login(therapist)
    assert OVERVIEW in client.get(reverse("accounts:settings")).content.decode()


def test_the_account_page_of_a_patient_has_no_such_link(client, patient):
    client.force_login(patient.user)
    assert OVERVIEW not in client.get(reverse("accounts:settings")).content.decode()
    assert client.get(OVERVIEW).status_code == 404


def test_the_overview_shows_how_many_recovery_codes_are_left(client, therapist):
    client.force_login(therapist)
    codes = replace_recovery_codes(therapist)
    RecoveryCodes.objects.get(user=therapist).verify_token(codes[0])
    html = client.get(OVERVIEW).content.decode()
    assert "Nog 9 te gebruiken" in html


def test_new_recovery_codes_need_a_recent_authentication(client, therapist):
    client.force_login(therapist)
    old = replace_recovery_codes(therapist)
    age_authentication(client)
    assert client.get(NEW_CODES).url.startswith(CONFIRM)
    assert client.post(NEW_CODES).url.startswith(CONFIRM)

    client.post(CONFIRM, both_factors(therapist))
    assert "<h1>Nieuwe herstelcodes</h1>" in client.get(NEW_CODES).content.decode()
    html = client.post(NEW_CODES).content.decode()
    new = re.findall(r"<code>([a-z2-7-]{19})</code>", html)
    assert len(new) == 10 and not set(new) & set(old)


@pytest.mark.real_two_factor
def test_a_new_phone_replaces_the_old_app_after_a_recent_authentication(client, therapist):
    from tests.accounts.helpers import pass_second_factor

    old = give_authenticator(therapist)
    replace_recovery_codes(therapist)
    client.force_login(therapist)
    pass_second_factor(client, therapist)
    age_authentication(client)
    assert client.get(SETUP).url.startswith(CONFIRM)

    client.post(CONFIRM, both_factors(therapist))
    html = client.get(SETUP).content.decode()
    assert "werkt de oude app niet meer" in html
    new = TOTPDevice.objects.get(user=therapist, confirmed=False)
    done = client.post(SETUP, {"code": app_code(new)})
    assert done.url == OVERVIEW
    assert list(TOTPDevice.objects.filter(user=therapist)) == [new]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert client.get(reverse("patients:caseload")).status_code == 200
    assert RecoveryCodes.objects.get(user=therapist).remaining() == 10  # kept


@pytest.mark.real_two_factor
def test_the_reset_command_makes_the_staff_member_set_up_anew(client, therapist):
    give_authenticator(therapist)
    replace_recovery_codes(therapist)
    call_command("reset_two_factor", therapist.email.upper(), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not TOTPDevice.objects.filter(user=therapist).exists()
    assert not RecoveryCodes.objects.filter(user=therapist).exists()
    client.force_login(therapist)
    assert client.get(reverse("patients:caseload")).url.startswith(SETUP)


def test_the_reset_command_names_an_unknown_address(db):
    with pytest.raises(CommandError, match=r"niemand@test\.example"):
        call_command("reset_two_factor", "niemand@test.example")
