"""A form for one intake screen, built from the intake questions in the clinical core."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ruggensteun.clinical.datafiles import text
from ruggensteun.clinical.triage.questions import Question, Screen

_TRUE, _FALSE = "ja", "nee"


def _field(question: Question, language: str) -> forms.Field:
    label = text(question.text, language)
    help_text = text(question.help, language) if question.help else ""
    if question.type == "boolean":
        choices = [
            (_TRUE if option.value else _FALSE, text(option.label, language))
            for option in question.options
        ]
        return forms.ChoiceField(
            label=label,
            help_text=help_text,
            choices=choices,
            required=False,
            widget=forms.RadioSelect,
        )
    if question.type == "choice":
        return forms.ChoiceField(
            label=label,
            help_text=help_text,
            choices=[(option.value, text(option.label, language)) for option in question.options],
            required=False,
            widget=forms.RadioSelect,
        )
    assert question.minimum is not None
    if question.anchors is not None and question.maximum is not None:
        low, high = (text(anchor, language) for anchor in question.anchors)
        choices = [(str(n), str(n)) for n in range(question.minimum, question.maximum + 1)]
        field = forms.TypedChoiceField(
            label=label,
            help_text=help_text,
            choices=choices,
            coerce=int,
            required=False,
            empty_value=None,
            widget=forms.RadioSelect(attrs={"class": "scale"}),
        )
        field.anchors = (low, high)  # type: ignore[attr-defined]
        return field
    unit = text(question.unit, language) if question.unit else ""
    return forms.IntegerField(
        label=label,
        help_text=" ".join(part for part in (help_text, unit) if part),
        min_value=question.minimum,
        max_value=question.maximum,
        required=False,
        error_messages={
            "invalid": _("Vul een heel getal in."),
            "min_value": _("Het getal is te laag: het kleinste is %(limit_value)s."),
            "max_value": _("Het getal is te hoog: het grootste is %(limit_value)s."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class IntakeScreenForm(forms.Form):
    """The questions of one screen. A question hidden by an answer on an earlier screen is
    left out, and so is one the Patient record already answers (``from_record``: asked
    once); one hidden by an answer on this screen carries its condition for the page."""

    def __init__(
        self,
        *args: Any,
        screen: Screen,
        language: str,
        earlier: dict[str, Any],
        from_record: frozenset[str] = frozenset(),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.screen = screen
        self.earlier = earlier
        self.questions = [
            question
            for question in screen.questions
            if question.field not in from_record and question.is_shown(earlier)
        ]
        for question in self.questions:
            self.fields[question.field] = _field(question, language)

    @property
    def rows(self) -> list[dict[str, Any]]:
        """Each question's bound field, with its on-screen condition and scale anchors."""
        rows = []
        for question in self.questions:
            # The page hides a question by an answer on this screen (one condition); the
            # conditions on earlier answers or on the Patient record were applied above.
            on_screen = {q.field for q in self.questions}
            condition = next(
                (
                    f"{hidden.field}:{','.join(hidden.values)}"
                    for hidden in question.hidden_when
                    if hidden.values and hidden.field in on_screen
                ),
                "",
            )
            field = self.fields[question.field]
            rows.append(
                {
                    "field": self[question.field],
                    "hidden_when": condition,
                    "anchors": getattr(field, "anchors", None),
                    "scale": question.anchors is not None,
                }
            )
        return rows

    @property
    def is_one_choice(self) -> bool:
        """One question answered by picking one answer: picking it may move on by itself."""
        return len(self.questions) == 1 and isinstance(
            self.fields[self.questions[0].field].widget, forms.RadioSelect
        )

    @classmethod
    def initial_from(cls, answers: dict[str, Any], screen: Screen) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for question in screen.questions:
            if question.field not in answers:
                continue
            value = answers[question.field]
            if question.type == "boolean":
                value = _TRUE if value else _FALSE
            initial[question.field] = value
        return initial

    def answers(self) -> dict[str, Any]:
        """The valid answers given on this screen, in the engine's types (also when another
        answer on the screen is invalid, so nothing valid is lost). An empty answer is left
        out (unanswered), and so is an answer to a question its condition hides."""
        given: dict[str, Any] = {}
        cleaned = getattr(self, "cleaned_data", {})
        for question in self.questions:
            value = cleaned.get(question.field)
            if value in (None, ""):
                continue
            if question.type == "boolean":
                value = value == _TRUE
            given[question.field] = value
        everything = {**self.earlier, **given}
        return {field: value for field, value in given.items() if self._shown(field, everything)}

    def _shown(self, field: str, answers: dict[str, Any]) -> bool:
        return next(q for q in self.questions if q.field == field).is_shown(answers)


DURATION_CLASSES = [
    ("acute", _("acuut (tot en met 6 weken)")),
    ("subacute", _("subacuut (7 tot en met 12 weken)")),
    ("chronic", _("chronisch (langer dan 12 weken of vaak terug)")),
]
PAIN_TYPES = [
    ("nonspecific", _("aspecifieke lage rugpijn")),
    ("radicular", _("lumbosacraal radiculair syndroom")),
]
PATHWAYS = [
    ("advice", _("advies")),
    ("exercise", _("oefentherapie")),
    ("psychologically_informed", _("psychologisch geïnformeerd")),
]


class ClassificationDecisionForm(forms.Form):
    """The therapist confirms or changes the proposal; a change needs a reason."""

    duration_class = forms.ChoiceField(label=_("Duur"), choices=DURATION_CLASSES)
    pain_type = forms.ChoiceField(label=_("Soort pijn"), choices=PAIN_TYPES)
    pathway = forms.ChoiceField(label=_("Zorgpad"), choices=PATHWAYS)
    reason = forms.CharField(
        label=_("Reden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht als u iets anders kiest dan het voorstel."),
    )

    def __init__(self, *args: Any, proposal: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposal = proposal

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        changed = [
            name
            for name in ("duration_class", "pain_type", "pathway")
            if self.proposal.get(name) is not None
            and cleaned.get(name)
            and cleaned.get(name) != self.proposal.get(name)
        ]
        if changed and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Geef een reden: u kiest iets anders dan het voorstel."))
        return cleaned


# What the patient reads when the therapist handled the last red flag that held them, by
# what the therapist did, unless the therapist writes something else. Our own wording [D]
# (B1 Dutch), not from a guideline; a clinician has not signed it off yet.
DEFAULT_PATIENT_MESSAGES = {
    "called_patient": _("Uw fysiotherapeut heeft u gebeld. Doe wat u samen heeft afgesproken."),
    "referred_gp": _(
        "Volg het advies van uw huisarts. Uw fysiotherapeut neemt contact met u op over "
        "het vervolg."
    ),
    "not_relevant": _("U mag verder met uw programma."),
}


class HandleAlertForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Wat heeft u gedaan?"),
        choices=[
            ("called_patient", _("Patiënt gebeld")),
            ("referred_gp", _("Verwezen naar de huisarts")),
            ("not_relevant", _("Niet relevant")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies wat u heeft gedaan.")},
    )
    reason = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Verplicht bij 'niet relevant'."),
    )
    patient_message = forms.CharField(
        label=_("Bericht aan de patiënt"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Laat u dit leeg, dan krijgt de patiënt een standaardbericht zodra alle rode "
            "vlaggen zijn afgehandeld."
        ),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("action") == "not_relevant" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Geef aan waarom deze rode vlag niet relevant is."))
        return cleaned
