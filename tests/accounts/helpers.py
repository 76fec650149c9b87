"""Second factors for tests: devices with a known secret, and the codes an app would show."""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ruggensteun.accounts.two_factor.devices import authenticator_of, requires_two_factor


def give_authenticator(user) -> TOTPDevice:
    """A confirmed authenticator app for ``user`` (the one they have, if any)."""
    return authenticator_of(user) or TOTPDevice.objects.create(
        user=user, name="Authenticator-app", confirmed=True
    )


def app_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the app shows now (or ``steps_ahead`` periods of 30 s later: a second
    fresh code within one period, since a code is accepted only once)."""
    return code_for_key(device.key, steps_ahead=steps_ahead, step=device.step)


def code_for_key(key_hex: str, *, steps_ahead: int = 0, step: int = 30) -> str:
    totp = TOTP(bytes.fromhex(key_hex), step=step)
    totp.time = time.time() + steps_ahead * step
    return f"{totp.token():06d}"


def pass_second_factor(client, user) -> None:
    """Mark the client's session as verified by ``user``'s authenticator app, as the
    code page does after a right code."""
    if not requires_two_factor(user):
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = give_authenticator(user).persistent_id
    session.save()


def wrong_code(device: TOTPDevice) -> str:
    """A well-formed code that the app does not show now, nor just before or after."""
    valid = {app_code(device, steps_ahead=steps) for steps in (-1, 0, 1)}
    return next(code for code in ("123456", "654321", "111111", "999999") if code not in valid)


def age_throttling(device, *, seconds: int = 3600) -> None:
    """Move the last failure back in time, as if the user waited."""
    from datetime import timedelta

    from django.utils import timezone

    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=seconds)
    )


def both_factors(user, *, steps_ahead: int = 1) -> dict[str, str]:
    """What a staff member fills in on the confirm page: password and a fresh app code
    (issue #11, finding 5)."""
    from tests.personas import PASSWORD

    return {
        "password": PASSWORD,
        "code": app_code(give_authenticator(user), steps_ahead=steps_ahead),
    }


def allow_enrolment(client, user) -> None:
    """As in the session in which ``user`` accepted their invitation: they may set up a
    first authenticator app (ruggensteun.accounts.two_factor.enrolment)."""
    from ruggensteun.accounts.two_factor.enrolment import SESSION_KEY

    session = client.session
    session[SESSION_KEY] = user.pk
    session.save()
