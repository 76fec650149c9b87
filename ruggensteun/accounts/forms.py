import ipaddress

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ruggensteun.accounts.models import LoginAttempt, Membership, Practice
from ruggensteun.accounts.phone import validate_phone

User = get_user_model()


def client_ip(request: object) -> str | None:
    """The client's address for throttling: never what the client itself wrote.

    TRUSTED_PROXY_COUNT = 0: REMOTE_ADDR, or the whole header CLIENT_IP_HEADER when set (one
    proxy that sets it, e.g. X-Real-IP). TRUSTED_PROXY_COUNT = N: the N-th entry from the
    right of CLIENT_IP_HEADER (default X-Forwarded-For), the address the outermost of our
    N proxies saw; the entries left of it are the client's own (issue #11, finding 6).
    Anything that is not one IP address falls back to REMOTE_ADDR.
    """
    from django.conf import settings

    meta = getattr(request, "META", {})
    remote = _ip_or_none(meta.get("REMOTE_ADDR", ""))
    proxies = settings.TRUSTED_PROXY_COUNT
    header = settings.CLIENT_IP_HEADER or ("HTTP_X_FORWARDED_FOR" if proxies else "")
    if not header:
        return remote
    hops = [_ip_or_none(hop) for hop in str(meta.get(header, ""))[:2000].split(",")]
    ours = hops[-max(proxies, 1) :]  # what our proxies wrote: each must be an address
    if len(hops) < max(proxies, 1) or None in ours:
        return remote
    return ours[0]


def _ip_or_none(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


class LoginForm(AuthenticationForm):
    """Log in by e-mail, with failed tries counted per account and per address."""

    username = forms.EmailField(
        label=_("E-mailadres"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _(
            "Het e-mailadres of het wachtwoord klopt niet. Let op hoofdletters en kleine letters."
        ),
        "inactive": _("Dit account is niet actief. Neem contact op met uw praktijk."),
        "throttled": _(
            "Te veel mislukte pogingen. Wacht %(minutes)s minuten en probeer het dan opnieuw."
        ),
    }

    def clean(self) -> dict[str, object]:
        from django.conf import settings

        email = (self.cleaned_data.get("username") or "").lower()
        if not email or not self.cleaned_data.get("password"):
            return super().clean()  # nothing to check: the fields say what is missing
        # Recorded as a failure before the password is checked, in one step with the
        # check of the limits (LoginAttempt.reserve); a right password turns it around.
        attempt = LoginAttempt.reserve(email=email, ip_address=client_ip(self.request))
        if attempt is None:
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": settings.LOGIN_THROTTLE_MINUTES},
            )
        self.cleaned_data["username"] = email
        cleaned = super().clean()
        if self.get_user() is not None:
            attempt.mark_succeeded()
        return cleaned


class AccountSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language"]
        widgets = {"language": forms.RadioSelect}


def phone_field(label: str, *, help_text: str = "") -> forms.CharField:
    """An optional phone number: digits, spaces, +, - and ( ) only (accounts.phone)."""
    return forms.CharField(
        label=label,
        max_length=32,
        required=False,
        help_text=help_text,
        validators=[validate_phone],
        error_messages={"max_length": _("Dit telefoonnummer is te lang. Controleer het nummer.")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )


class PracticeContactForm(forms.ModelForm):
    """The practice's contact card, edited by a practice admin."""

    phone = phone_field(_("Telefoonnummer van de praktijk"))
    gp_phone = phone_field(
        _("Telefoonnummer huisarts of huisartsenpost"),
        help_text=_(
            "Het nummer dat patiënten bij een spoedgeval als eerste bellen, bijvoorbeeld de "
            "huisartsenpost in uw regio."
        ),
    )

    class Meta:
        model = Practice
        fields = [
            "country",
            "phone",
            "opening_hours",
            "address",
            "alert_email",
            "gp_phone",
            "out_of_hours_advice",
        ]
        widgets = {
            "opening_hours": forms.Textarea(attrs={"rows": 3}),
            "address": forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
            "out_of_hours_advice": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "country": _("Bepaalt welke spoednummers patiënten te zien krijgen."),
            "opening_hours": _("Bijvoorbeeld: maandag tot en met vrijdag 8.00 tot 18.00 uur."),
            "out_of_hours_advice": _(
                "Wat patiënten doen als de praktijk dicht is. Schrijf kort en eenvoudig."
            ),
        }
        error_messages = {
            "alert_email": {"invalid": _("Vul een geldig e-mailadres in.")},
        }

    def clean_phone(self) -> str:
        return self.cleaned_data["phone"].strip()

    def clean_gp_phone(self) -> str:
        return self.cleaned_data["gp_phone"].strip()


class ClinicalLeadForm(forms.Form):
    """Mark or unmark one team member as the practice's clinical lead."""

    membership = forms.IntegerField(widget=forms.HiddenInput)
    is_clinical_lead = forms.BooleanField(required=False)


class PatientPhoneForm(forms.Form):
    """A patient's own phone number on their account page."""

    phone = phone_field(
        _("Telefoonnummer"),
        help_text=_("Zo kan uw fysiotherapeut u bellen als dat nodig is. Dit mag leeg blijven."),
    )

    def clean_phone(self) -> str:
        return self.cleaned_data["phone"].strip()


class InviteStaffForm(forms.Form):
    full_name = forms.CharField(label=_("Naam"), max_length=150)
    email = forms.EmailField(label=_("E-mailadres"))
    role = forms.ChoiceField(label=_("Rol"), choices=Membership.Role.choices)
    language = forms.ChoiceField(
        label=_("Taal van de uitnodiging"), choices=User.Language.choices, initial="nl"
    )

    def clean_email(self) -> str:
        # Whether the address has an account is not checked here: the form must answer
        # alike either way (accounts.invitations.existing_account).
        return self.cleaned_data["email"].lower()


class MemberField(forms.CharField):
    """A team member's membership id, in ASCII digits only (web.numbers)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_length=18, **kwargs)

    def clean(self, value: object) -> int | None:  # type: ignore[override]
        from ruggensteun.base.numbers import parse_int

        text = super().clean(value)
        if text in self.empty_values:
            return None
        number = parse_int(text, minimum=1)
        if number is None:
            raise ValidationError(_("Kies een medewerker."), code="invalid")
        return number


class TeamMemberForm(forms.Form):
    """One team member, for an action on the team page."""

    membership = MemberField()


class RoleForm(TeamMemberForm):
    role = forms.ChoiceField(label=_("Rol"), choices=Membership.Role.choices)


class DeactivateForm(TeamMemberForm):
    """Deactivate a member; whoever treats patients hands them to a colleague."""

    successor = forms.TypedChoiceField(
        label=_("Wie neemt de patiënten over?"),
        choices=[],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Kies een collega uit de lijst.")},
    )

    def __init__(self, *args: object, successors: object = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Only the listed colleagues are valid: a choice is compared as text, so no
        # hostile number ever reaches the database.
        self.fields["successor"].choices = [("", "—")] + [
            (str(user.pk), user.full_name)
            for user in successors  # type: ignore[attr-defined]
        ]
