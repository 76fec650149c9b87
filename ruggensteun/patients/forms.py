from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruggensteun.accounts.forms import phone_field
from ruggensteun.accounts.models import Membership, Practice
from ruggensteun.patients.models import Patient

User = get_user_model()


class InvitePatientForm(forms.Form):
    full_name = forms.CharField(label=_("Naam"), max_length=150)
    email = forms.EmailField(label=_("E-mailadres"))
    date_of_birth = forms.DateField(
        label=_("Geboortedatum"), widget=forms.DateInput(attrs={"type": "date"})
    )
    sex = forms.ChoiceField(label=_("Geslacht"), choices=Patient.Sex.choices, required=False)
    phone = phone_field(
        _("Telefoonnummer"),
        help_text=_("Niet verplicht. Zo kunt u de patiënt bellen bij een rode vlag."),
    )
    language = forms.ChoiceField(
        label=_("Taal"),
        choices=User.Language.choices,
        initial="nl",
        help_text=_("De taal van de uitnodiging en van de app voor deze patiënt."),
    )
    therapist = forms.ModelChoiceField(
        label=_("Behandelend therapeut"), queryset=User.objects.none()
    )

    def __init__(self, *args: object, practice: Practice, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # A deactivated therapist (accounts.team) gets no new patients.
        self.fields["therapist"].queryset = User.objects.filter(
            is_active=True,
            memberships__practice=practice,
            memberships__role=Membership.Role.THERAPIST,
        ).order_by("full_name")

    def clean_email(self) -> str:
        # Whether the address has an account is not checked here: the form must answer
        # alike either way (accounts.invitations.existing_account).
        return self.cleaned_data["email"].lower()

    def clean_phone(self) -> str:
        return self.cleaned_data["phone"].strip()

    def clean_date_of_birth(self) -> object:
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise ValidationError(_("De geboortedatum ligt in de toekomst."))
        if today.year - born.year > 120:
            raise ValidationError(_("Controleer het geboortejaar."))
        return born


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoek op naam"), required=False)
    scope = forms.ChoiceField(
        label=_("Toon"),
        choices=[("mine", _("Mijn patiënten")), ("practice", _("Hele praktijk"))],
        required=False,
    )
