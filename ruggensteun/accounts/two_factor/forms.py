from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from ruggensteun.accounts.two_factor.devices import check_code, wait_message


class _CodeForm(forms.Form):
    """One code checked against one device, under that device's throttling. After
    ``is_valid()``, ``accepted_device`` is the device that took the code."""

    field_name = ""
    wrong_code = ""

    def __init__(self, device: Device | None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.device = device
        self.accepted_device: Device | None = None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        code = cleaned.get(self.field_name)
        if not code:
            return cleaned
        if self.device is None:
            self.add_error(self.field_name, self.wrong_code)
            return cleaned
        check = check_code(self.device, code)
        if check.wait is not None:
            self.add_error(self.field_name, wait_message(check.wait))
        elif not check.accepted:
            self.add_error(self.field_name, self.wrong_code)
        self.accepted_device = check.device
        return cleaned


class AuthenticatorCodeForm(_CodeForm):
    field_name = "code"
    wrong_code = _(
        "Deze code klopt niet. Gebruik de nieuwste code uit uw app en probeer het opnieuw."
    )

    code = forms.CharField(
        label=_("Code uit uw app"),
        help_text=_("Zes cijfers. Uw app toont elke 30 seconden een nieuwe code."),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={"required": _("Vul de code uit uw app in.")},
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (len(code) == 6 and code.isascii() and code.isdigit()):
            raise ValidationError(_("Een code bestaat uit zes cijfers."))
        return code


class RecoveryCodeForm(_CodeForm):
    field_name = "recovery_code"
    wrong_code = _("Deze herstelcode klopt niet of is al gebruikt.")

    recovery_code = forms.CharField(
        label=_("Herstelcode"),
        help_text=_("Een van de tien codes die u bij het instellen hebt bewaard."),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
        error_messages={"required": _("Vul een herstelcode in.")},
    )


class EnrolmentCodeForm(forms.Form):
    """The one-time code an admin gives a staff member to set up a first app
    (``manage.py reset_two_factor``). Each code is used once (``EnrolmentCode.redeem``)."""

    enrolment_code = forms.CharField(
        label=_("Code van uw beheerder"),
        help_text=_("Zestien letters en cijfers, bijvoorbeeld abcd-efgh-ijkl-mnop."),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
        error_messages={"required": _("Vul de code van uw beheerder in.")},
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_enrolment_code(self) -> str:
        from ruggensteun.accounts.models import EnrolmentCode

        code = self.cleaned_data["enrolment_code"]
        if not EnrolmentCode.redeem(self.user, code):
            raise ValidationError(
                _(
                    "Deze code klopt niet, is al gebruikt of is verlopen. Vraag uw beheerder "
                    "om een nieuwe code."
                )
            )
        return code
