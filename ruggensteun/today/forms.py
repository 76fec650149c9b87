"""The patient's forms. Every form carries a one-time ``key`` (see ``models.Submission``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ruggensteun.clinical.programme.education import Question
from ruggensteun.programme.models import ExerciseFeedback
from ruggensteun.today.models import Tick

# A walk of one's own length: at most four hours in one go.
OWN_WALK_MAX_MINUTES = 240


class KeyedForm(forms.Form):
    key = forms.UUIDField(widget=forms.HiddenInput)


class TickForm(KeyedForm):
    kind = forms.ChoiceField(choices=Tick.Kind.choices)
    item = forms.CharField(max_length=64)
    action = forms.ChoiceField(choices=[("done", "done"), ("undo", "undo")], initial="done")
    # The day the patient ticked, as the device knew it: set by today.js when the tick waits
    # in the outbox of a phone without a connection (issue #16). Empty: today.
    ticked_on = forms.DateField(required=False, widget=forms.HiddenInput)


class OwnWalkForm(KeyedForm):
    minutes = forms.IntegerField(
        label=_("Hoeveel minuten heeft u gewandeld?"),
        min_value=1,
        max_value=OWN_WALK_MAX_MINUTES,
        error_messages={
            "required": _("Vul het aantal minuten in."),
            "invalid": _("Vul een heel getal in, bijvoorbeeld 10."),
            "min_value": _("Vul minstens 1 minuut in."),
            "max_value": _("Vul hoogstens %(limit_value)s minuten in."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "minutes-input"}),
    )


class FeedbackForm(KeyedForm):
    kind = forms.ChoiceField(choices=ExerciseFeedback.Kind.choices)


class NextDayForm(KeyedForm):
    still_painful = forms.ChoiceField(choices=[("yes", _("Ja")), ("no", _("Nee"))])

    @property
    def answer(self) -> bool:
        return self.cleaned_data["still_painful"] == "yes"


class AnswerForm(KeyedForm):
    """One check question: one option, or several when more than one is correct."""

    question = forms.CharField(max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: object, question: Question, language: str, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        choices = [(option.id, option.text.get(language)) for option in question.options]
        self.several = len(question.correct) > 1
        field_class = forms.MultipleChoiceField if self.several else forms.ChoiceField
        self.fields["option"] = field_class(
            choices=choices,
            error_messages={"required": _("Kies een antwoord.")},
        )

    def chosen(self) -> list[str]:
        value = self.cleaned_data["option"]
        return list(value) if self.several else [value]
