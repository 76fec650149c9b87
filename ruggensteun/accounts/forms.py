from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ruggensteun.accounts.models import LoginAttempt, Membership

User = get_user_model()


def client_ip(request: object) -> str | None:
    from django.conf import settings

    meta = getattr(request, "META", {})
    if settings.CLIENT_IP_HEADER:
        value = meta.get(settings.CLIENT_IP_HEADER, "")
        return value.split(",")[0].strip() or None
    return meta.get("REMOTE_ADDR") or None


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
        ip_address = client_ip(self.request)
        if email and LoginAttempt.is_throttled(email=email, ip_address=ip_address):
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": settings.LOGIN_THROTTLE_MINUTES},
            )
        if email:
            self.cleaned_data["username"] = email
        try:
            cleaned = super().clean()
        except ValidationError:
            if email:
                LoginAttempt.record(email=email, ip_address=ip_address, succeeded=False)
            raise
        LoginAttempt.record(email=email, ip_address=ip_address, succeeded=True)
        return cleaned


class AccountSettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language"]
        widgets = {"language": forms.RadioSelect}


class InviteStaffForm(forms.Form):
    full_name = forms.CharField(label=_("Naam"), max_length=150)
    email = forms.EmailField(label=_("E-mailadres"))
    role = forms.ChoiceField(label=_("Rol"), choices=Membership.Role.choices)
    language = forms.ChoiceField(
        label=_("Taal van de uitnodiging"), choices=User.Language.choices, initial="nl"
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email=email).exists():
            raise ValidationError(_("Er bestaat al een account met dit e-mailadres."))
        return email
