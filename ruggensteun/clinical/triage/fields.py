"""The intake fields of triage.md §1, and the check that answers fit them.

The field names are the stable interface between the intake form, the stored data, the
triage engine, the FHIR export and the ``triage`` command. An answer that is missing, or
``None``, is unknown; it is never read as "no" (instruments.md 1.3.2, rule 2).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

FieldKind = Literal["integer", "boolean", "choice", "integer_list"]


class TriageInputError(ValueError):
    """An answer does not fit its field. ``field`` names the field."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


@dataclass(frozen=True)
class Field:
    name: str
    kind: FieldKind
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()
    # Asked only in the weekly check-in (it describes the time since the last one); an
    # intake answer to it is an error.
    checkin_only: bool = False


def _boolean(name: str) -> Field:
    return Field(name, "boolean")


def _choice(name: str, *choices: str) -> Field:
    return Field(name, "choice", choices=choices)


# In the order of triage.md §1; results list fields in this order.
FIELDS: tuple[Field, ...] = (
    # The age comes from the date of birth; 130 only stops a mistyped year.
    Field("age", "integer", minimum=0, maximum=130),
    _choice("sex", "female", "male", "other"),
    Field("duration_weeks", "integer", minimum=0),
    _boolean("recurrent"),
    _choice("leg_pain", "none", "buttock_thigh", "below_knee"),
    _choice("leg_pain_sides", "one", "both"),
    # Check-in only: pain, tingling, numbness or weakness in both legs now. The check-in's
    # way to ask the "both" of CES_BILATERAL of everyone (README, "Check-in").
    Field("both_legs_symptoms", "boolean", checkin_only=True),
    _boolean("leg_pain_worse_than_back"),
    _boolean("leg_tingling_numbness"),
    _choice("leg_weakness", "none", "some", "severe"),
    _boolean("weakness_worsening"),
    _boolean("pain_cough_sneeze"),
    _boolean("saddle_numbness"),
    _boolean("bladder_problems"),
    _boolean("bowel_incontinence"),
    _boolean("recent_spinal_procedure"),
    _boolean("sudden_severe_constant_pain"),
    _boolean("known_aortic_aneurysm"),
    _boolean("fever"),
    _boolean("infection_risk"),
    _boolean("history_of_cancer"),
    _boolean("weight_loss"),
    _boolean("constant_night_pain"),
    _boolean("major_trauma"),
    # Check-in only (triage.md §2 notes, revision 2): a fall or accident since the last
    # check-in.
    Field("new_trauma", "boolean", checkin_only=True),
    _boolean("minor_trauma"),
    _boolean("osteoporosis_or_steroids"),
    # Asked of women aged 16-50 (and whoever's sex or age is unknown); not a red flag.
    _boolean("pregnant"),
    _boolean("painkillers_no_relief"),
    _boolean("morning_stiffness_30min"),
    _boolean("wakes_second_half_night"),
    _boolean("better_with_movement"),
    _boolean("alternating_buttock_pain"),
    _boolean("nsaid_good_response"),
    _boolean("spa_related_history"),
    _boolean("walking_leg_pain_eased_by_sitting"),
    Field("recovery_expectation", "integer", minimum=0, maximum=10),
    Field("nprs", "integer", minimum=0, maximum=10),
    # The weekly pain scores since the programme started, oldest first (not a question).
    Field("nprs_weekly", "integer_list", minimum=0, maximum=10),
    # Not a question: true when a GPE since the programme started said "much improved" or
    # better. Absent means no such GPE (like nprs_weekly: absent means no scores).
    _boolean("gpe_improved"),
    _choice("work_status", "working", "sick_leave", "not_employed", "retired", "student"),
    _choice("work_physical_load", "sedentary", "light", "moderate", "heavy"),
)

FIELDS_BY_NAME: Mapping[str, Field] = {field.name: field for field in FIELDS}
FIELD_ORDER: Mapping[str, int] = {field.name: index for index, field in enumerate(FIELDS)}

# Fields asked only in the weekly check-in, in field order.
CHECKIN_ONLY_FIELDS: tuple[str, ...] = tuple(field.name for field in FIELDS if field.checkin_only)

# Not questions but records the app passes in: none given means none recorded (no weekly
# score, no improved GPE), so they are never listed as unanswered.
RECORD_FIELDS: tuple[str, ...] = ("nprs_weekly", "gpe_improved")


def _check_range(field: Field, value: int, where: str = "") -> None:
    if field.minimum is not None and value < field.minimum:
        raise TriageInputError(field.name, f"{where}{value} is below the minimum {field.minimum}")
    if field.maximum is not None and value > field.maximum:
        raise TriageInputError(field.name, f"{where}{value} is above the maximum {field.maximum}")


def check_value(field: Field, value: object) -> object:
    """Return ``value`` if it fits ``field``; raise TriageInputError naming the field if not."""
    name = field.name
    if field.kind == "boolean":
        if not isinstance(value, bool):
            raise TriageInputError(name, f"must be true or false, not {value!r}")
        return value
    if field.kind == "choice":
        if not isinstance(value, str) or value not in field.choices:
            allowed = ", ".join(field.choices)
            raise TriageInputError(name, f"must be one of {allowed}, not {value!r}")
        return value
    # bool is a subclass of int in Python, but "true" is not an age.
    if field.kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            raise TriageInputError(name, f"must be a whole number, not {value!r}")
        _check_range(field, value)
        return value
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
        raise TriageInputError(name, f"must be a list of whole numbers, not {value!r}")
    scores: list[int] = []
    for position, item in enumerate(value, start=1):
        if not isinstance(item, int) or isinstance(item, bool):
            raise TriageInputError(name, f"item {position} must be a whole number, not {item!r}")
        _check_range(field, item, f"item {position}: ")
        scores.append(item)
    return tuple(scores)


@dataclass(frozen=True)
class Answers:
    """Checked intake answers; a field that is absent here is unknown."""

    known: Mapping[str, object]

    @classmethod
    def check(cls, answers: Mapping[str, object], *, checkin: bool = False) -> Answers:
        """Check every answer against triage.md §1; raise TriageInputError on the first misfit.

        Unknown field names are errors too (a misspelt red-flag field must not vanish
        silently), and so is a check-in-only field outside a check-in. ``None`` means "not
        answered".
        """
        if not isinstance(answers, Mapping):
            raise TriageInputError("answers", "must be a mapping of field names to answers")
        for name in answers:
            if not isinstance(name, str) or name not in FIELDS_BY_NAME:
                raise TriageInputError(str(name), "is not an intake field (triage.md §1)")
            if FIELDS_BY_NAME[name].checkin_only and not checkin:
                raise TriageInputError(name, "is asked only in the weekly check-in")
        known: dict[str, object] = {}
        for field in FIELDS:
            value = answers.get(field.name)
            if value is not None:
                known[field.name] = check_value(field, value)
        return cls(known)

    def is_known(self, name: str) -> bool:
        return name in self.known

    def boolean(self, name: str) -> bool | None:
        value = self.known.get(name)
        assert value is None or isinstance(value, bool)
        return value

    def integer(self, name: str) -> int | None:
        value = self.known.get(name)
        assert value is None or (isinstance(value, int) and not isinstance(value, bool))
        return value

    def choice(self, name: str) -> str | None:
        value = self.known.get(name)
        assert value is None or isinstance(value, str)
        return value

    def weekly_scores(self) -> tuple[int, ...]:
        """The weekly pain scores; none given means no check-in yet, not "unknown"."""
        value = self.known.get("nprs_weekly", ())
        assert isinstance(value, tuple)
        return value

    def gpe_improved(self) -> bool:
        """Whether a GPE since the programme started said "much improved" or better; none
        given means no such GPE, not "unknown"."""
        return self.boolean("gpe_improved") is True
