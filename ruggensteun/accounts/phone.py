"""Telephone numbers as people type them (the practice's, the GP post's, a patient's):
checked for the characters a number may have, and turned into a ``tel:`` link."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ALLOWED = re.compile(r"^[0-9 +\-()]+$")
# The shortest number a patient may need to call: 112, 1733 (Belgian GP service).
MIN_DIGITS = 3
MAX_DIGITS = 15  # ITU-T E.164: at most 15 digits


def validate_phone(value: str) -> None:
    """Digits, spaces, +, - and ( ) only; a + only at the start; 3 to 15 digits."""
    value = value.strip()
    if not value:
        return
    if not _ALLOWED.match(value):
        raise ValidationError(
            _("Een telefoonnummer mag alleen cijfers, spaties en de tekens + - ( ) bevatten."),
            code="phone_characters",
        )
    if "+" in value[1:]:
        raise ValidationError(
            _("Het plusteken (+) mag alleen aan het begin van het nummer staan."),
            code="phone_plus",
        )
    digits = sum(character.isdigit() for character in value)
    if digits < MIN_DIGITS:
        raise ValidationError(
            _("Dit telefoonnummer is te kort. Controleer het nummer."), code="phone_short"
        )
    if digits > MAX_DIGITS:
        raise ValidationError(
            _("Dit telefoonnummer is te lang. Controleer het nummer."), code="phone_long"
        )


def tel_href(value: str) -> str:
    """``tel:`` and the number with only its digits and a leading +; the "(0)" of
    "+31 (0)20 ..." is dropped, since it is not dialled after the country code."""
    value = (value or "").strip()
    if value.startswith("+"):
        value = value.replace("(0)", "")
    number = re.sub(r"[^0-9]", "", value)
    if not number:
        return ""
    return "tel:" + ("+" if value.startswith("+") else "") + number
