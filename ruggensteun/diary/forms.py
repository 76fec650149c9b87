"""The check-in, the diary entry and the therapist's diary switch."""

from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ruggensteun.clinical.datafiles import text
from ruggensteun.clinical.triage.questions import Question, load_intake_questions
from ruggensteun.diary import bodymap
from ruggensteun.diary.checkins import Period
from ruggensteun.diary.models import SLEEP_WORDS, STRESS_WORDS, CheckIn, DiaryEntry
from ruggensteun.diary.weekfill import (
    MAX_WALKING_PER_DAY,
    DaySlot,
    open_walking_room,
    ticked_exercise_days,
)
from ruggensteun.patients.dates import EARLIEST_DAY, earliest_day

YES, NO = "ja", "nee"
RED_FLAG_PREFIX = "rf_"
WALK_PREFIX = "walk_"

NUMBER_ERRORS = {
    "invalid": _("Vul een heel getal in, bijvoorbeeld 30."),
    "min_value": _("Het getal is te laag: het kleinste is %(limit_value)s."),
    "max_value": _("Het getal is te hoog: het grootste is %(limit_value)s."),
}


def _scale(low: int, high: int) -> list[tuple[int, str]]:
    return [(n, str(n)) for n in range(low, high + 1)]


def _choice(
    label: Any, choices: list[tuple[Any, Any]], required: Any, *, scale: bool = False
) -> Any:
    """A required choice of whole numbers, as big answer rows (a row of numbers for a scale)."""
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect(attrs={"class": "scale"} if scale else None),
        error_messages={"required": required, "invalid_choice": required},
    )


def _yes_no(label: Any, required: Any, help_text: Any = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        choices=[(YES, _("Ja")), (NO, _("Nee"))],
        widget=forms.RadioSelect,
        error_messages={"required": required, "invalid_choice": required},
    )


def day_label(day: date) -> str:
    """ "maandag 2 maart" in the active language."""
    return formats.date_format(day, "l j F")


def red_flag_questions() -> tuple[Question, ...]:
    return load_intake_questions().checkin_questions


class CheckInForm(forms.Form):
    """One screen: pain, walking, exercise days, sleep, stress, flare-up, red flags.

    Walking can be given for the week or per day; per day only for the days not yet
    ticked (a ticked day is shown, not asked). The red-flag questions must be answered: an
    open one would stop the programme (triage.md §1: unknown is not "no").
    """

    pain = _choice(
        _("Hoeveel pijn had u deze week gemiddeld?"),
        _scale(0, 10),
        _("Kies een getal van 0 tot 10."),
        scale=True,
    )
    walking_mode = forms.ChoiceField(
        label=_("Hoe wilt u het invullen?"),
        choices=[
            (CheckIn.WalkingMode.WEEK, _("Voor de hele week samen")),
            (CheckIn.WalkingMode.DAY, _("Per dag")),
        ],
        initial=CheckIn.WalkingMode.WEEK,
        widget=forms.RadioSelect,
        required=False,
    )
    walking_minutes_week = forms.IntegerField(
        label=_("Minuten gewandeld deze week, alles bij elkaar"),
        help_text=_("Niet gewandeld? Vul dan 0 in."),
        min_value=0,
        required=False,
        error_messages=NUMBER_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "minutes"}),
    )
    sleep = _choice(
        _("Hoe heeft u deze week geslapen?"),
        [(n, capfirst(words)) for n, words in SLEEP_WORDS.items()],
        _("Kies hoe u heeft geslapen."),
    )
    stress = _choice(
        _("Hoeveel spanning of stress had u deze week?"),
        [(n, capfirst(words)) for n, words in STRESS_WORDS.items()],
        _("Kies hoeveel spanning u had."),
    )
    flare = _yes_no(
        _("Had u deze week een opstoot?"),
        _("Kies ja of nee."),
        _("Een opstoot is een periode waarin de pijn veel erger is dan normaal."),
    )

    def __init__(
        self, *args: Any, period: Period, days: list[DaySlot], language: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.period = period
        self.days = days
        self.ticked_walking, self.open_walking = open_walking_room(days)
        self.fields["exercise_days"] = _choice(
            _("Op hoeveel dagen heeft u uw oefeningen gedaan?"),
            _scale(0, len(days)),
            _("Kies op hoeveel dagen u heeft geoefend."),
            scale=True,
        )
        self._prefill_exercise_days()
        self.order_fields(["pain", "walking_mode", "walking_minutes_week", "exercise_days"])
        self.walk_days = [slot for slot in days if slot.is_open("walking_minutes")]
        for slot in self.walk_days:
            self.fields[WALK_PREFIX + slot.day.isoformat()] = forms.IntegerField(
                label=day_label(slot.day),
                min_value=0,
                max_value=MAX_WALKING_PER_DAY,
                required=False,
                error_messages=NUMBER_ERRORS,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "minutes"}),
            )
        if not self.walk_days:
            del self.fields["walking_mode"]
            del self.fields["walking_minutes_week"]
        self.questions = red_flag_questions()
        for question in self.questions:
            wording = question.checkin_text or question.text
            required = _("Kies een antwoord. Deze vraag is belangrijk voor uw veiligheid.")
            if question.type == "boolean":
                field: forms.Field = _yes_no(text(wording, language), required)
            else:
                field = forms.ChoiceField(
                    label=text(wording, language),
                    choices=[
                        (str(option.value), text(option.label, language))
                        for option in question.options
                    ],
                    widget=forms.RadioSelect,
                    error_messages={"required": required, "invalid_choice": required},
                )
            if question.help:
                field.help_text = text(question.help, language)
            self.fields[RED_FLAG_PREFIX + question.field] = field

    def _prefill_exercise_days(self) -> None:
        """Offer the days with an exercise ticked off on Today as the answer (the patient
        can change it), and say where the number comes from. A draft's answer wins."""
        ticked = ticked_exercise_days(self.days)
        if not ticked:
            return
        note = ngettext(
            "Bij Vandaag vinkte u op %(count)s dag een oefening af.",
            "Bij Vandaag vinkte u op %(count)s dagen een oefening af.",
            ticked,
        ) % {"count": ticked}
        if not self.is_bound and self.initial.setdefault("exercise_days", ticked) == ticked:
            note = " ".join(
                [
                    note,
                    str(_("Dat staat hier al ingevuld. Klopt het niet? Kies dan een ander getal.")),
                ]
            )
        self.fields["exercise_days"].help_text = note

    # -- for the template --

    @property
    def walking_day_fields(self) -> list[forms.BoundField]:
        return [self[WALK_PREFIX + slot.day.isoformat()] for slot in self.walk_days]

    @property
    def ticked_days(self) -> list[tuple[str, int]]:
        """Days whose walking the patient already ticked: shown, not asked."""
        return [
            (day_label(slot.day), slot.ticked_walking)
            for slot in self.days
            if slot.ticked_walking is not None
        ]

    @property
    def red_flag_fields(self) -> list[forms.BoundField]:
        return [self[RED_FLAG_PREFIX + question.field] for question in self.questions]

    @property
    def week_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("sleep", "stress", "flare")]

    # -- checking and reading --

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.walk_days:
            return cleaned
        mode = cleaned.get("walking_mode") or CheckIn.WalkingMode.WEEK
        cleaned["walking_mode"] = mode
        week = cleaned.get("walking_minutes_week")
        if mode == CheckIn.WalkingMode.WEEK and "walking_minutes_week" not in self.errors:
            if week is None:
                self.add_error(
                    "walking_minutes_week",
                    _(
                        "Vul in hoeveel minuten u deze week heeft gewandeld. "
                        "Niet gewandeld? Vul 0 in."
                    ),
                )
            elif week - self.ticked_walking > MAX_WALKING_PER_DAY * self.open_walking:
                self.add_error(
                    "walking_minutes_week",
                    _(
                        "Dat is meer dan %(hours)s uur per dag. Klopt het getal? "
                        "Het gaat om minuten, niet om stappen."
                    )
                    % {"hours": MAX_WALKING_PER_DAY // 60},
                )
        return cleaned

    def values(self, *, valid_only: bool = False) -> dict[str, Any]:
        """The answers as ``CheckIn`` fields. With ``valid_only``, the answers that passed
        their checks when others did not (to keep them in a draft)."""
        cleaned = getattr(self, "cleaned_data", {})

        def get(name: str) -> Any:
            if valid_only and name in self.errors:
                return None
            return cleaned.get(name)

        flare = get("flare")
        values: dict[str, Any] = {
            "pain": get("pain"),
            "exercise_days": get("exercise_days"),
            "sleep": get("sleep"),
            "stress": get("stress"),
            "flare": None if not flare else flare == YES,
            "walking_mode": get("walking_mode") or "",
            "walking_minutes_week": None,
            "walking_minutes_days": {},
        }
        if values["walking_mode"] == CheckIn.WalkingMode.WEEK:
            values["walking_minutes_week"] = get("walking_minutes_week")
        elif values["walking_mode"] == CheckIn.WalkingMode.DAY:
            values["walking_minutes_days"] = {
                slot.day.isoformat(): minutes
                for slot in self.walk_days
                if (minutes := get(WALK_PREFIX + slot.day.isoformat())) is not None
            }
        red_flags: dict[str, Any] = {}
        for question in self.questions:
            answer = get(RED_FLAG_PREFIX + question.field)
            if not answer:
                continue
            red_flags[question.field] = answer == YES if question.type == "boolean" else answer
        values["red_flags"] = red_flags
        return values

    @staticmethod
    def initial_from(checkin: CheckIn) -> dict[str, Any]:
        """A draft's answers as the form's initial values."""
        initial: dict[str, Any] = {
            name: getattr(checkin, name)
            for name in ("pain", "exercise_days", "sleep", "stress", "walking_minutes_week")
            if getattr(checkin, name) is not None
        }
        if checkin.walking_mode:
            initial["walking_mode"] = checkin.walking_mode
        if checkin.flare is not None:
            initial["flare"] = YES if checkin.flare else NO
        for iso, minutes in checkin.walking_minutes_days.items():
            initial[WALK_PREFIX + iso] = minutes
        for field, value in checkin.red_flags.items():
            if isinstance(value, bool):
                value = YES if value else NO
            initial[RED_FLAG_PREFIX + field] = value
        return initial


class DiaryEntryForm(forms.ModelForm):
    """A moment of pain: when, how much, where (the body map's list), after what, how long."""

    day = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Vul de datum in."), "invalid": _("Vul een datum in.")},
    )
    time = forms.TimeField(
        label=_("Tijd"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Vul de tijd in."),
            "invalid": _("Vul een tijd in, bijvoorbeeld 14:30."),
        },
    )
    pain = _choice(
        _("Hoeveel pijn heeft u?"),
        _scale(0, 10),
        _("Kies een getal van 0 tot 10."),
        scale=True,
    )
    regions = forms.MultipleChoiceField(
        label=_("Waar heeft u pijn?"),
        choices=[(region.code, region.label) for region in bodymap.REGIONS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Kies minstens één plek waar het pijn doet."),
            "invalid_choice": _("Kies een plek uit de lijst."),
        },
    )
    activity = forms.ChoiceField(
        label=_("Wat deed u vlak voordat de pijn kwam?"),
        choices=DiaryEntry.Activity.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies wat u deed."),
            "invalid_choice": _("Kies wat u deed."),
        },
    )
    duration = forms.ChoiceField(
        label=_("Hoe lang duurde de pijn?"),
        choices=DiaryEntry.Duration.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies hoe lang de pijn duurde."),
            "invalid_choice": _("Kies hoe lang de pijn duurde."),
        },
    )

    class Meta:
        model = DiaryEntry
        fields = ("pain", "regions", "activity", "activity_note", "duration", "medication")
        labels = {
            "activity_note": _("Wilt u er iets over vertellen? (mag leeg blijven)"),
            "medication": _("Heeft u medicijnen genomen? Welke? (mag leeg blijven)"),
        }
        widgets = {
            "activity_note": forms.TextInput(attrs={"maxlength": 200}),
            "medication": forms.TextInput(attrs={"maxlength": 200}),
        }
        error_messages = {
            "activity_note": {"max_length": _("Schrijf het korter: hooguit 200 tekens.")},
            "medication": {"max_length": _("Schrijf het korter: hooguit 200 tekens.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(
            [
                "day",
                "time",
                "pain",
                "regions",
                "activity",
                "activity_note",
                "duration",
                "medication",
            ]
        )
        felt_at = self.instance.felt_at if self.instance.pk else timezone.now()
        local = timezone.localtime(felt_at)
        self.fields["day"].initial = local.date()
        self.fields["time"].initial = local.time().replace(second=0, microsecond=0)

    def region_fields(self) -> list[tuple[str, Any, list[Any]]]:
        """The checkboxes by side of the body: (side, its name, [checkbox, ...])."""
        by_code = {widget.data["value"]: widget for widget in self["regions"]}
        return [
            (side, name, [by_code[region.code] for region in bodymap.regions_for(side)])
            for side, name in bodymap.SIDES
        ]

    def clean_day(self) -> date:
        """Not before the patient's birth (1900 when unknown), not after today (issue #11,
        finding 1: a day of the year 1 once took the diary pages down)."""
        day: date = self.cleaned_data["day"]
        patient = self.instance.patient if self.instance.patient_id else None
        if day < earliest_day(patient):
            if day < EARLIEST_DAY or patient is None or patient.date_of_birth is None:
                raise forms.ValidationError(
                    _("Deze datum ligt te ver in het verleden. Kies een latere datum.")
                )
            raise forms.ValidationError(
                _("Deze datum ligt vóór uw geboortedatum. Kies een latere datum.")
            )
        # Tomorrow is left to the time's check (a phone clock a little ahead at midnight).
        if day > timezone.localdate() + timedelta(days=1):
            raise forms.ValidationError(
                _("Deze datum ligt in de toekomst. Kies vandaag of een eerdere dag.")
            )
        return day

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, time = cleaned.get("day"), cleaned.get("time")
        if day is not None and time is not None:
            felt_at = timezone.make_aware(datetime.combine(day, time))
            # A few minutes of slack for a phone whose clock runs a little ahead.
            if felt_at > timezone.now() + timedelta(minutes=10):
                self.add_error(
                    "time", _("Dit tijdstip ligt in de toekomst. Kies een eerder tijdstip.")
                )
            else:
                cleaned["felt_at"] = felt_at
        return cleaned

    def changes(self) -> dict[str, Any]:
        """The entry's new values, for ``DiaryEntry.revise``."""
        cleaned = self.cleaned_data
        values = {name: cleaned[name] for name in self.Meta.fields}
        values["felt_at"] = cleaned["felt_at"]
        chosen = set(cleaned["regions"])
        values["regions"] = [region.code for region in bodymap.REGIONS if region.code in chosen]
        return values


class PainDiarySwitchForm(forms.Form):
    is_on = forms.TypedChoiceField(
        label=_("Pijndagboek"),
        choices=[("1", _("Aan: de patiënt kan het pijndagboek bijhouden")), ("0", _("Uit"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies aan of uit.")},
    )
    note = forms.CharField(
        label=_("Waarom zet u het aan of uit? (voor het dossier, mag leeg blijven)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
