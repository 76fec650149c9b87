import base64

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from ruggensteun.accounts.two_factor.demo import DEMO_TOTP_SECRET, ensure_demo_devices
from tests.accounts.conftest import log_in_with_password
from tests.accounts.helpers import code_for_key


def test_the_demo_secret_is_base32_as_authenticator_apps_take_it():
    assert len(base64.b32decode(DEMO_TOTP_SECRET)) == 20


def test_demo_staff_get_one_confirmed_app_with_the_shared_secret(therapist, admin):
    TOTPDevice.objects.create(user=therapist, name="Eigen app", confirmed=True)
    ensure_demo_devices([therapist, admin])
    ensure_demo_devices([therapist, admin])  # idempotent
    devices = TOTPDevice.objects.filter(user__in=[therapist, admin])
    assert devices.count() == 2
    assert {device.key for device in devices} == {base64.b32decode(DEMO_TOTP_SECRET).hex()}
    assert all(device.confirmed for device in devices)
    assert DEMO_TOTP_SECRET in devices[0].config_url


@pytest.mark.real_two_factor
def test_two_demo_staff_log_in_with_the_same_code_from_one_app(client, therapist, admin):
    ensure_demo_devices([therapist, admin])
    key = base64.b32decode(DEMO_TOTP_SECRET).hex()
    for user in (therapist, admin):
        client.logout()
        log_in_with_password(client, user.email)
        response = client.post(reverse("accounts:two_factor_verify"), {"code": code_for_key(key)})
        assert response.url == reverse("web:home")
