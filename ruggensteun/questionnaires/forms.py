from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ruggensteun.base.numbers import parse_int
from ruggensteun.clinical.datafiles import text
from ruggensteun.clinical.instruments.registry import INSTRUMENT_CODES, Item, get_instrument
from ruggensteun.questionnaires import catalog
from ruggensteun.questionnaires.flow import Step
from ruggensteun.questionnaires.models import (
    DEFAULT_FOLLOW_UP,
    FEAR_INSTRUMENTS,
    FOLLOW_UP_ALWAYS,
    PracticeSchedule,
    QuestionnaireResponse,
)

CHOOSE_AN_ANSWER = _("Kies een antwoord om verder te gaan.")
NOT_AN_ANSWER = _("Dit antwoord kunnen we niet gebruiken. Kies een van de antwoorden.")
OWN_ACTIVITIES = 3


def item_field_name(item: Item) -> str:
    return f"item_{item.link_id}"


class StepForm(forms.Form):
    """The answers on one screen. Browser validation is off: the patient gets our own
    plain Dutch message instead of the browser's."""

    use_required_attribute = False

    def __init__(
        self, *args: Any, step: Step, response: QuestionnaireResponse, language: str, **kwargs: Any
    ) -> None:
        self.step = step
        self.response = response
        self.language = language
        self.definition = response.definition
        kwargs.setdefault("initial", self._initial())
        super().__init__(*args, **kwargs)
        if step.kind == "activities":
            self._add_activity_fields()
        for item in step.items:
            self.fields[item_field_name(item)] = self._item_field(item)

    # --- fields ---------------------------------------------------------------------------

    def _item_field(self, item: Item) -> forms.Field:
        if self.step.kind == "ticks":
            return forms.BooleanField(required=False, label=text(item.text, self.language))
        if item.options is not None:
            choices = [(str(o.value), text(o.label, self.language)) for o in item.options]
        else:
            # A number scale: the numbers are the answers; its anchors are shown beneath.
            choices = [(str(value), str(value)) for value in item.values]
        return forms.ChoiceField(
            choices=choices,
            widget=forms.RadioSelect,
            required=item.required,
            error_messages={"required": CHOOSE_AN_ANSWER, "invalid_choice": NOT_AN_ANSWER},
        )

    def _add_activity_fields(self) -> None:
        self.fields["activities"] = forms.MultipleChoiceField(
            label=_("Kies uit de lijst"),
            choices=[
                (activity.code, text(activity.text, self.language))
                for activity in self.definition.activity_list
            ],
            widget=forms.CheckboxSelectMultiple,
            required=False,
            error_messages={"invalid_choice": NOT_AN_ANSWER},
        )
        if self.definition.free_text_allowed:
            for number in range(1, OWN_ACTIVITIES + 1):
                self.fields[f"own_{number}"] = forms.CharField(
                    label=_("Eigen activiteit %(number)s") % {"number": number},
                    max_length=80,
                    required=False,
                    error_messages={"max_length": _("Gebruik hoogstens %(limit_value)d tekens.")},
                )

    def _initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        answers = self.response.answers
        for item in self.step.items:
            if item.link_id in answers and answers[item.link_id] is not None:
                value = answers[item.link_id]
                initial[item_field_name(item)] = (
                    bool(value) if self.step.kind == "ticks" else str(value)
                )
        if self.step.kind == "activities":
            codes = {activity.code for activity in self.response.definition.activity_list}
            chosen = [
                self.response.activities[key] for key in sorted(self.response.activities, key=int)
            ]
            initial["activities"] = [activity for activity in chosen if activity in codes]
            own = [activity for activity in chosen if activity not in codes]
            for number, activity in enumerate(own[:OWN_ACTIVITIES], start=1):
                initial[f"own_{number}"] = activity
        return initial

    # --- validation -----------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.step.kind == "activities" and not self.errors:
            chosen = self.chosen_activities()
            low, high = self.definition.min_answers, self.definition.max_answers
            if len(chosen) < low:
                raise ValidationError(
                    ngettext(
                        "Kies ten minste %(low)d activiteiten. U heeft er nu %(count)d gekozen.",
                        "Kies ten minste %(low)d activiteiten. U heeft er nu %(count)d gekozen.",
                        len(chosen),
                    )
                    % {"low": low, "count": len(chosen)}
                )
            if len(chosen) > high:
                raise ValidationError(
                    _("Kies hoogstens %(high)d activiteiten. U heeft er nu %(count)d gekozen.")
                    % {"high": high, "count": len(chosen)}
                )
        return cleaned

    def chosen_activities(self) -> list[str]:
        """The activities in list order, then the patient's own words; no duplicates."""
        data = self.cleaned_data
        picked = set(data.get("activities") or [])
        chosen = [a.code for a in self.definition.activity_list if a.code in picked]
        seen = {
            text(a.text, self.language).casefold()
            for a in self.definition.activity_list
            if a.code in picked
        }
        for number in range(1, OWN_ACTIVITIES + 1):
            own = " ".join((data.get(f"own_{number}") or "").split())
            if own and own.casefold() not in seen and own not in chosen:
                chosen.append(own)
                seen.add(own.casefold())
        return chosen

    # --- results --------------------------------------------------------------------------

    def answers(self, *, valid_only: bool = False) -> dict[str, int | None]:
        """linkId -> value from the cleaned data. With ``valid_only`` (going back from a
        screen with an error) only the answers that are valid and given are returned."""
        data = getattr(self, "cleaned_data", {})
        result: dict[str, int | None] = {}
        for item in self.step.items:
            name = item_field_name(item)
            if name not in data:
                continue
            value = data[name]
            if self.step.kind == "ticks":
                # Tick format: a statement left unticked does not apply (Roland & Morris).
                result[item.link_id] = 1 if value else 0
            elif value in ("", None):
                if not valid_only:
                    result[item.link_id] = None
            else:
                result[item.link_id] = int(value)
        return result

    def activities(self) -> dict[str, str] | None:
        if self.step.kind != "activities":
            return None
        return {str(n): activity for n, activity in enumerate(self.chosen_activities(), start=1)}

    def item_fields(self) -> list[tuple[Item, forms.BoundField]]:
        return [(item, self[item_field_name(item)]) for item in self.step.items]


# --- staff --------------------------------------------------------------------------------


class AssignForm(forms.Form):
    instrument = forms.ChoiceField(label=_("Vragenlijst"))
    due_on = forms.DateField(
        label=_("In te vullen vóór"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("De patiënt ziet de vragenlijst vanaf vandaag."),
    )

    def __init__(self, *args: Any, codes: list[str], language: str, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"due_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = [
            (code, catalog.name(get_instrument(code), language)) for code in codes
        ]

    def clean_due_on(self) -> date:
        due_on: date = self.cleaned_data["due_on"]
        today = timezone.localdate()
        if due_on < today:
            raise ValidationError(_("Deze datum ligt in het verleden."))
        if (due_on - today).days > 366:
            raise ValidationError(_("Kies een datum binnen een jaar."))
        return due_on


class ScopeForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Toon"),
        choices=[("mine", _("Mijn patiënten")), ("practice", _("Hele praktijk"))],
        required=False,
    )


# --- practice admin -----------------------------------------------------------------------


def _instrument_choices(codes: list[str], language: str) -> list[tuple[str, str]]:
    return [(code, catalog.name(get_instrument(code), language)) for code in codes]


class ScheduleForm(forms.Form):
    """Which questionnaires at the intake and at each follow-up week."""

    follow_up_weeks = forms.CharField(
        label=_("Vervolgmetingen in week"),
        help_text=_("Weken na de start, gescheiden door komma's, bijvoorbeeld: 6, 12, 26."),
        max_length=60,
    )
    fear_instrument = forms.ChoiceField(
        label=_("Extra bij een gemiddeld of hoog risico (STarT Back) bij de intake"),
        required=False,
    )

    MAX_MOMENTS = 8
    MAX_WEEK = 104

    def __init__(
        self, *args: Any, schedule: PracticeSchedule, language: str, **kwargs: Any
    ) -> None:
        plan = schedule.plan()
        kwargs.setdefault(
            "initial",
            {
                "follow_up_weeks": ", ".join(str(week) for week in schedule.follow_up_weeks),
                "fear_instrument": schedule.fear_instrument,
                **{f"week_{week}": codes for week, codes in plan},
            },
        )
        super().__init__(*args, **kwargs)
        self.weeks = [week for week, _codes in plan] or [0]
        if 0 not in self.weeks:
            self.weeks.insert(0, 0)
        self.fields["fear_instrument"].choices = [
            ("", _("geen")),
            *_instrument_choices(list(FEAR_INSTRUMENTS), language),
        ]
        for week in self.weeks:
            codes = [c for c in INSTRUMENT_CODES if (c != FOLLOW_UP_ALWAYS or week > 0)]
            label = _("Intake (week 0)") if week == 0 else _("Week %(week)s") % {"week": week}
            self.fields[f"week_{week}"] = forms.MultipleChoiceField(
                label=label,
                choices=_instrument_choices(codes, language),
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )

    def clean_follow_up_weeks(self) -> list[int]:
        raw = self.cleaned_data["follow_up_weeks"]
        weeks: set[int] = set()
        for part in raw.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            week = parse_int(part, minimum=1, maximum=self.MAX_WEEK)
            if week is None:
                raise ValidationError(
                    _("Gebruik hele weken van 1 tot en met %(max)d, gescheiden door komma's.")
                    % {"max": self.MAX_WEEK}
                )
            weeks.add(week)
        if len(weeks) > self.MAX_MOMENTS:
            raise ValidationError(
                _("Kies hoogstens %(max)d vervolgmetingen.") % {"max": self.MAX_MOMENTS}
            )
        return sorted(weeks)

    def moments(self) -> dict[str, list[str]]:
        """The schedule to store; a new follow-up week starts with the default set."""
        data = self.cleaned_data
        moments = {"0": list(data.get("week_0") or [])}
        for week in data["follow_up_weeks"]:
            field = f"week_{week}"
            moments[str(week)] = list(data[field]) if field in data else list(DEFAULT_FOLLOW_UP)
        return moments

    def moment_fields(self) -> list[forms.BoundField]:
        return [self[f"week_{week}"] for week in self.weeks]
