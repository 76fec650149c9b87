"""The demo staff share one authenticator secret, printed in the README, so the demo can be
tried with any authenticator app. Never use it for a real account."""

import base64
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from ruggensteun.accounts.two_factor.devices import AUTHENTICATOR_NAME

# Base32, as authenticator apps take it: 32 characters, 160 bits (RFC 4226's key size).
DEMO_TOTP_SECRET = "RUGGENSTEUNDEMOVOORTOTPAPPS23456"


def demo_key_hex() -> str:
    return base64.b32decode(DEMO_TOTP_SECRET).hex()


@transaction.atomic
def ensure_demo_devices(users: Iterable[Any]) -> None:
    """Give each user one confirmed authenticator with the demo secret (and no other).
    Idempotent: a user who already has it keeps it, with its replay protection."""
    key = demo_key_hex()
    for user in users:
        TOTPDevice.objects.filter(user=user).exclude(key=key, confirmed=True).delete()
        TOTPDevice.objects.get_or_create(
            user=user, key=key, confirmed=True, defaults={"name": AUTHENTICATOR_NAME}
        )
