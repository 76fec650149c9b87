from datetime import time
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ruggensteun.mydata.models import DeletionRequest, ReminderSettings


class ReminderForm(forms.ModelForm):
    class Meta:
        model = ReminderSettings
        fields = ["programme_email", "questionnaire_email", "send_at"]
        widgets = {
            "send_at": forms.TimeInput(
                attrs={"type": "time", "step": 900, "class": "time-input"}, format="%H:%M"
            )
        }
        help_texts = {
            "programme_email": _("Uw wandelingen en oefeningen van de dag."),
            "questionnaire_email": _("Alleen op de dagen dat er een vragenlijst klaarstaat."),
            "send_at": _("U krijgt de e-mail op dit tijdstip of kort daarna."),
        }
        error_messages = {"send_at": {"invalid": _("Vul een tijd in, bijvoorbeeld 09:00.")}}

    def clean_send_at(self) -> time:
        value: time = self.cleaned_data["send_at"]
        return value.replace(second=0, microsecond=0)


class DeletionRequestForm(forms.ModelForm):
    class Meta:
        model = DeletionRequest
        fields = ["message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}


class HandleDeletionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Wat doet de praktijk?"),
        choices=[
            (
                DeletionRequest.Outcome.ACCOUNT_CLOSED,
                _("Account sluiten en persoonsgegevens verwijderen"),
            ),
            (DeletionRequest.Outcome.NOT_CARRIED_OUT, _("Niet uitvoeren (zeg hieronder waarom)")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Toelichting voor de patiënt"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld wat de praktijk moet bewaren en hoe lang."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("outcome") == DeletionRequest.Outcome.NOT_CARRIED_OUT
            and not data.get("note", "").strip()
        ):
            self.add_error("note", _("Schrijf op waarom het verzoek niet wordt uitgevoerd."))
        return data
