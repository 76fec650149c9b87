"""The message box, the safety questions and the practice's message settings."""

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ruggensteun.clinical.datafiles import text
from ruggensteun.clinical.triage.questions import Question
from ruggensteun.messaging.models import MAX_BODY_CHARS, PracticeMessageSettings

YES, NO = "ja", "nee"
PREFIX = "rf_"


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Uw bericht"),
        max_length=MAX_BODY_CHARS,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Schrijf eerst een bericht."),
            "max_length": _(
                "Uw bericht is te lang: hooguit %(limit_value)s tekens. U heeft er %(show_value)s."
            ),
        },
    )
    key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def clean_key(self) -> uuid.UUID:
        # A form without a (valid) key still sends once: it gets a new key.
        return self.cleaned_data.get("key") or uuid.uuid4()


class ReplyForm(MessageForm):
    body = forms.CharField(
        label=_("Uw antwoord"),
        max_length=MAX_BODY_CHARS,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages=MessageForm.base_fields["body"].error_messages,
    )


class SafetyForm(forms.Form):
    """The check-in's questions for the named rules, in its wording; each needs an answer
    (an open red-flag question is unknown, never "no")."""

    def __init__(self, *args: Any, questions: tuple[Question, ...], language: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.questions = questions
        required = _("Kies een antwoord. Deze vraag is belangrijk voor uw veiligheid.")
        for question in questions:
            label = text(question.checkin_text or question.text, language)
            if question.type == "boolean":
                choices = [(YES, _("Ja")), (NO, _("Nee"))]
            else:
                choices = [(str(o.value), text(o.label, language)) for o in question.options]
            field = forms.ChoiceField(
                label=label,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": required, "invalid_choice": required},
            )
            if question.help:
                field.help_text = text(question.help, language)
            self.fields[PREFIX + question.field] = field

    def answers(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for question in self.questions:
            answer = self.cleaned_data[PREFIX + question.field]
            found[question.field] = answer == YES if question.type == "boolean" else answer
        return found


class SettingsForm(forms.ModelForm):
    class Meta:
        model = PracticeMessageSettings
        fields = ["answer_days", "out_of_hours_advice"]
        help_texts = {
            "answer_days": _("Patiënten lezen: 'We antwoorden binnen ... werkdagen.'"),
            "out_of_hours_advice": _(
                "Bijvoorbeeld: 'Buiten kantoortijd lezen we geen berichten. Heeft u snel hulp "
                "nodig? Bel dan de huisartsenpost.'"
            ),
        }
        error_messages = {
            "answer_days": {
                "min_value": _("Kies 1 werkdag of meer."),
                "max_value": _("Kies hooguit 10 werkdagen."),
                "invalid": _("Vul een heel getal in."),
                "required": _("Vul het aantal werkdagen in."),
            }
        }
