from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ruggensteun.clinical.instruments.official_text import MAX_BYTES


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("FHIR-bestand (Questionnaire, JSON)"),
        help_text=_("Het bestand van de licentiehouder of de auteurs; hoogstens 1 MB."),
        error_messages={
            "required": _("Kies een bestand."),
            "empty": _("Dit bestand is leeg."),
            "invalid": _("Kies een bestand."),
        },
    )
    language = forms.ChoiceField(
        label=_("Taal van de tekst"),
        choices=[
            ("", _("zoals in het bestand staat")),
            ("nl", _("Nederlands")),
            ("en", _("Engels")),
        ],
        required=False,
    )

    def read(self) -> bytes:
        """The file's bytes, at most one byte past the limit (so a huge file is never read
        into memory whole; the core then refuses it as too large)."""
        upload: Any = self.cleaned_data["file"]
        upload.seek(0)
        data: bytes = upload.read(MAX_BYTES + 1)
        return data


class SignOffForm(forms.Form):
    text_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)
    confirm = forms.BooleanField(
        label=_("Ik heb de hele tekst gelezen en keur hem goed voor de patiënten van de praktijk."),
        error_messages={"required": _("Vink aan dat u de hele tekst hebt gelezen.")},
    )
