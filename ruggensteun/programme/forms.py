from dataclasses import fields
from typing import Any, get_args

from django import forms
from django.utils.translation import gettext_lazy as _

from ruggensteun.clinical.programme import plan_io
from ruggensteun.clinical.programme.exercises import Equipment, Exercise
from ruggensteun.clinical.programme.exposure import load_exposure_activities
from ruggensteun.clinical.programme.settings import DEFAULTS, ProgrammeSettings, settings_from_dict
from ruggensteun.programme.labels import CATEGORY_NAMES, EQUIPMENT_NAMES
from ruggensteun.programme.models import Programme


class ReasonField(forms.CharField):
    """The therapist's reason for a change: required, and shown to the patient."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("Reden"),
            help_text=_(
                "Verplicht. De patiënt leest deze reden in het plan: schrijf kort en in "
                "gewone taal."
            ),
            max_length=500,
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"required": _("Geef een reden voor deze wijziging.")},
            **kwargs,
        )


class StartForm(forms.Form):
    approve_each_week = forms.BooleanField(
        label=_("Elke nieuwe week eerst zelf goedkeuren"),
        required=False,
        help_text=_("Anders start elke nieuwe week vanzelf, op basis van de dagregistraties."),
    )


class ApproveEachWeekForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["approve_each_week"]


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Programme.Status.choices)


class SwapForm(forms.Form):
    new_exercise = forms.ChoiceField(label=_("Nieuwe oefening"))
    reason = ReasonField()

    def __init__(
        self, *args: Any, candidates: list[tuple[str, list[Exercise]]], language: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_exercise"].choices = [
            (
                str(CATEGORY_NAMES[category]),
                [
                    (e.id, f"{e.name.get(language)} ({_('niveau %(level)s') % {'level': e.level}})")
                    for e in exercises
                ],
            )
            for category, exercises in candidates
        ]


class GoalForm(forms.Form):
    """Adopt one of the patient's PSK activities as a goal of the programme."""

    activity = forms.ChoiceField(
        label=_("Activiteit"),
        error_messages={"invalid_choice": _("Kies een activiteit uit de lijst van de patiënt.")},
    )
    kind = forms.ChoiceField(
        label=_("Soort doel"),
        choices=[
            ("graded_activity", _("Stap voor stap opbouwen (graded activity)")),
            ("exposure", _("Stap voor stap weer doen wat spannend is (graded exposure)")),
        ],
        initial="graded_activity",
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies wat voor doel het is.")},
    )

    def __init__(self, *args: Any, activities: list[Any], language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.activities = {activity.id: activity for activity in activities}
        self.fields["activity"].choices = [
            (activity.id, activity.name(language)) for activity in activities
        ]


class DosageForm(forms.Form):
    step = forms.TypedChoiceField(label=_("Dosering"), coerce=int)
    days_per_week = forms.IntegerField(
        label=_("Dagen per week"), min_value=1, max_value=plan_io.DAYS_PER_WEEK
    )
    reason = ReasonField()

    def __init__(self, *args: Any, exercise: Exercise, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [
            (index, f"{index + 1}. {step.label(language, per_side=exercise.per_side)}")
            for index, step in enumerate(exercise.dosage)
        ]


class WalkingForm(forms.Form):
    minutes_per_day = forms.IntegerField(
        label=_("Minuten per dag"), min_value=1, max_value=plan_io.MINUTES_PER_DAY
    )
    walks_per_day = forms.IntegerField(
        label=_("Aantal wandelingen per dag"),
        min_value=1,
        required=False,
        help_text=_("Leeg laten: het programma verdeelt de minuten over korte wandelingen."),
    )
    reason = ReasonField()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        minutes, walks = data.get("minutes_per_day"), data.get("walks_per_day")
        if minutes and walks and walks > minutes:
            self.add_error("walks_per_day", _("Niet meer wandelingen dan minuten per dag."))
        return data


# --- the practice's programme settings ([D] numbers of programme.md) -----------------------

SETTING_LABELS = {
    "first_week_minutes": _("Wandeldoel in de eerste week (minuten per dag)"),
    "walks_per_day": _("Aantal wandelingen per dag"),
    "baseline_days": _("Dagen waarover de basiswaarde van het wandelen gaat"),
    "first_goal_percent": _("Eerste doel na de basiswaarde (% van de basiswaarde)"),
    "progress_percent": _("Vooruit: wandeldoel omhoog met (%)"),
    "progress_min_minutes": _("Vooruit: wandeldoel minstens omhoog met (minuten per dag)"),
    "step_back_percent": _("Stap terug: wandeldoel omlaag met (%)"),
    "floor_percent_of_baseline": _("Stap terug: nooit lager dan (% van de basiswaarde)"),
    "max_minutes_per_day": _("Hoogste wandeldoel (minuten per dag)"),
    "max_walk_minutes": _("Langste wandeling (minuten)"),
    "min_minutes_per_day": _("Laagste wandeldoel (minuten per dag)"),
    "min_walk_minutes": _("Kortste wandeling (minuten)"),
    "progress_min_days": _("Vooruit: wandeldoel gehaald op minstens (dagen van 7)"),
    "progress_min_sessions_percent": _("Vooruit: geplande oefendagen gedaan (minstens %)"),
    "hold_min_days": _("Gelijk blijven: wandeldoel gehaald op minstens (dagen van 7)"),
    "hold_min_sessions_percent": _("Gelijk blijven: geplande oefendagen gedaan (minstens %)"),
    "flare_pain_rise": _("Opstoot: pijn hoger dan gewoonlijk met minstens (punten)"),
    "flare_min_days": _("Opstoot: op minstens (dagen)"),
    "mastery_min_days": _("Blootstelling beheerst: gedaan op minstens (dagen)"),
    "mastery_max_rating": _("Blootstelling beheerst: daarna hooguit dit angstcijfer (0-100)"),
    "mastery_min_drop": _("Blootstelling beheerst: of angstcijfer gedaald met (punten)"),
    "target_exercises": _("Aantal oefeningen in het eerste plan (3-6)"),
    "exercise_days_per_week": _("Oefendagen per week"),
    "high_pain_nprs": _("Veel pijn vanaf (NPRS)"),
    "strength_from_week": _("Acuut met veel pijn: krachtoefeningen vanaf week"),
    "core_education_weeks": _("Kernboodschappen verdeeld over (weken)"),
    "modules_per_week": _("Voorlichtingsmodules per week daarna"),
    "home_equipment": _("Materiaal dat het programma zelf mag kiezen"),
}

SETTING_GROUPS = (
    (
        _("Wandelen"),
        (
            "first_week_minutes",
            "walks_per_day",
            "baseline_days",
            "first_goal_percent",
            "progress_percent",
            "progress_min_minutes",
            "step_back_percent",
            "floor_percent_of_baseline",
            "max_minutes_per_day",
            "max_walk_minutes",
            "min_minutes_per_day",
            "min_walk_minutes",
        ),
    ),
    (
        _("Beslissing van de week"),
        (
            "progress_min_days",
            "progress_min_sessions_percent",
            "hold_min_days",
            "hold_min_sessions_percent",
            "flare_pain_rise",
            "flare_min_days",
        ),
    ),
    (
        _("Oefeningen"),
        (
            "target_exercises",
            "exercise_days_per_week",
            "high_pain_nprs",
            "strength_from_week",
            "home_equipment",
        ),
    ),
    (_("Voorlichting"), ("core_education_weeks", "modules_per_week")),
    (
        _("Stapsgewijze blootstelling"),
        ("mastery_min_days", "mastery_max_rating", "mastery_min_drop"),
    ),
)

# The settings this form edits: every whole number, and the equipment. The category fill
# orders keep the engine's defaults (shown on the page).
EDITABLE_SETTINGS = tuple(
    item.name
    for item in fields(ProgrammeSettings)
    if item.name == "home_equipment" or isinstance(getattr(DEFAULTS, item.name), int)
)


class ProgrammeSettingsForm(forms.Form):
    """The practice's values for the [D] numbers; an empty field keeps the default."""

    def __init__(self, *args: Any, current: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in EDITABLE_SETTINGS:
            default = getattr(DEFAULTS, name)
            label = SETTING_LABELS.get(name, name)
            if name == "home_equipment":
                field: forms.Field = forms.MultipleChoiceField(
                    label=label,
                    required=False,
                    choices=[(e, EQUIPMENT_NAMES[e]) for e in get_args(Equipment)],
                    widget=forms.CheckboxSelectMultiple,
                    initial=list(current.get(name, default)),
                )
            else:
                field = forms.IntegerField(
                    label=label,
                    required=False,
                    min_value=1,
                    initial=current.get(name),
                    help_text=_("Standaard: %(default)s") % {"default": default},
                    widget=forms.NumberInput(attrs={"placeholder": default}),
                )
            self.fields[name] = field

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        grouped = {name for _title, names in SETTING_GROUPS for name in names}
        result = [
            (str(title), [self[name] for name in names if name in self.fields])
            for title, names in SETTING_GROUPS
        ]
        rest = [self[name] for name in EDITABLE_SETTINGS if name not in grouped]
        if rest:
            result.append((str(_("Overig")), rest))
        return result

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values: dict[str, Any] = {}
        for name in EDITABLE_SETTINGS:
            value = data.get(name)
            default = getattr(DEFAULTS, name)
            if name == "home_equipment":
                value = tuple(e for e in get_args(Equipment) if e in (value or ()))
                if value != default:
                    values[name] = list(value)
            elif value is not None and value != default:
                values[name] = value
        try:
            settings_from_dict(values, where="settings")
        except plan_io.PlanInputError as error:
            name = error.field.removeprefix("settings.")
            self.add_error(name if name in self.fields else None, error.message)
        self.values = values
        return data


# --- the patient's pages ---------------------------------------------------------------------

FEAR_STEPS = tuple(range(0, 101, 10))


class FearRatingsForm(forms.Form):
    """One 0-100 rating (in steps of 10) per graded-exposure activity; any may stay open."""

    def __init__(self, *args: Any, language: str, current: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.activities = load_exposure_activities()
        for activity in self.activities:
            self.fields[activity.id] = forms.TypedChoiceField(
                label=activity.name.get(language),
                help_text=activity.description.get(language),
                choices=[(str(step), str(step)) for step in FEAR_STEPS],
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                initial=current.get(activity.id),
            )

    def ratings(self) -> dict[str, int]:
        return {name: value for name, value in self.cleaned_data.items() if value is not None}


EXTENSION_ANSWERS = {"yes": True, "no": False, "unknown": None}


class PreferencesForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Welke soorten oefeningen doet u graag?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # programme.md §2 revision 2: extension exercises only when they ease the pain.
    extension = forms.ChoiceField(
        label=_("Wordt uw pijn minder als u uw rug naar achteren buigt?"),
        help_text=_(
            "Bijvoorbeeld als u op uw buik ligt en op uw ellebogen steunt. Probeer het niet "
            "speciaal uit: zeg wat u al weet."
        ),
        choices=[
            ("yes", _("Ja, dan wordt de pijn minder")),
            ("no", _("Nee")),
            ("unknown", _("Weet ik niet")),
        ],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies ja, nee of weet ik niet.")},
    )

    def __init__(
        self,
        *args: Any,
        categories: list[tuple[str, str]],
        ask_extension: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = categories
        if not ask_extension:
            del self.fields["extension"]

    def extension_eases_pain(self) -> bool | None:
        return EXTENSION_ANSWERS.get(self.cleaned_data.get("extension") or "unknown")
