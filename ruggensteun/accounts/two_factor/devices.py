"""Authenticator apps and recovery codes: who needs them, setting them up, checking codes."""

import base64
import math
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import segno
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from ruggensteun.accounts.models import Practice, RecoveryCodes
from ruggensteun.audit.log import Action, record

AUTHENTICATOR_NAME = "Authenticator-app"


def requires_two_factor(user: Any) -> bool:
    """Everyone who works in a practice, and anyone with Django's own staff flags.

    Any membership counts, even for a user who is also a patient: when in doubt, ask for
    the second factor. Patients have no memberships and are never asked.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or user.is_superuser or user.memberships.exists())


def authenticator_of(user: Any) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-id").first()


def pending_authenticator(user: Any) -> TOTPDevice:
    """The app being set up: the same secret until it is confirmed, so reloading the page
    does not invalidate a QR code that was already scanned."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def recovery_codes_of(user: Any) -> RecoveryCodes | None:
    return RecoveryCodes.objects.filter(user=user).first()


def base32_secret(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed in, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The otpauth URI as a QR code: an inline SVG made on the server, nothing loaded."""
    code = segno.make(device.config_url, error="m")
    svg = code.svg_inline(
        scale=5, dark="#000", light="#fff", svgclass="qr-code", title=_("QR-code om te scannen")
    )
    # Safe: segno escapes the title, and the rest is its own path data.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of one code: the device that accepted it, or how long to wait."""

    device: Device | None = None
    wait: timedelta | None = None

    @property
    def accepted(self) -> bool:
        return self.device is not None


def check_code(device: Device, code: str) -> CodeCheck:
    """Try ``code`` on ``device`` under django-otp's throttling: after each failure the
    device refuses every code (even the right one) for 1, 2, 4, 8 … seconds."""
    with transaction.atomic():
        locked = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, details = locked.verify_is_allowed()
        if not allowed:
            return CodeCheck(wait=max(details["locked_until"] - timezone.now(), timedelta(0)))
        if locked.verify_token(code.strip()):
            return CodeCheck(device=locked)
        return CodeCheck()


def confirm_authenticator(device: TOTPDevice) -> list[str]:
    """Make a just-verified app the user's only one. On the first setup this also makes
    the recovery codes, returned to show once; when an app is replaced, the codes stay."""
    user = device.user
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes_device, created = RecoveryCodes.objects.get_or_create(
            user=user, defaults={"name": "Herstelcodes"}
        )
        new_codes = codes_device.replace_codes() if created else []
    record(user, Action.CREATE, "two-factor authenticator app", practice=practice_of(user))
    return new_codes


def replace_recovery_codes(user: Any) -> list[str]:
    with transaction.atomic():
        codes_device, _created = RecoveryCodes.objects.get_or_create(
            user=user, defaults={"name": "Herstelcodes"}
        )
        codes = codes_device.replace_codes()
    record(user, Action.UPDATE, "two-factor recovery codes", practice=practice_of(user))
    return codes


def remove_two_factor(user: Any) -> None:
    """Forget the user's app and recovery codes: at the next login they set up anew."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        RecoveryCodes.objects.filter(user=user).delete()
    record(user, Action.DELETE, "two-factor authentication", practice=practice_of(user))


def wait_message(wait: timedelta) -> str:
    seconds = max(1, math.ceil(wait.total_seconds()))
    if seconds < 120:
        return ngettext(
            "Te veel onjuiste codes. Wacht %(count)s seconde en probeer het opnieuw.",
            "Te veel onjuiste codes. Wacht %(count)s seconden en probeer het opnieuw.",
            seconds,
        ) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return _("Te veel onjuiste codes. Wacht %(count)s minuten en probeer het opnieuw.") % {
        "count": minutes
    }


def practice_of(user: Any) -> Practice | None:
    membership = user.memberships.select_related("practice").order_by("created_at", "id").first()
    return membership.practice if membership else None
