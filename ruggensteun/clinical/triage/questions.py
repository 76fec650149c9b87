"""The intake questions as data (intake_questions.json), loaded into typed objects.

The file gives every field of triage.md §1 a patient question in plain Dutch (B1, "u")
and English, grouped into short screens with the red-flag questions first. Questions only
the weekly check-in asks (new_trauma, both_legs_symptoms) are listed apart. Fields the app
computes (age from the date of birth, nprs_weekly from the check-ins, gpe_improved from the
questionnaires) are listed as not asked. ``text_verified`` is one flag for the whole file:
false, because the wording is ours and not a validated instrument's.

Besides its schema, the file must agree with the engine's field table: the same fields,
types, ranges and answer values. Loading checks this, so the form and the triage engine
cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from ruggensteun.clinical.datafiles import DataFileError, load_validated
from ruggensteun.clinical.triage.checkin import CHECKIN_FIELDS
from ruggensteun.clinical.triage.fields import FIELDS, FIELDS_BY_NAME
from ruggensteun.clinical.triage.texts import Text

HERE = Path(__file__).resolve().parent
QUESTIONS_PATH = HERE / "intake_questions.json"
QUESTIONS_SCHEMA_PATH = HERE / "intake_questions.schema.json"

QuestionType = Literal["boolean", "choice", "integer"]


@dataclass(frozen=True)
class Option:
    value: bool | str
    label: Text


@dataclass(frozen=True)
class HiddenWhen:
    """The question is hidden when ``field`` is answered with one of ``values``, or (with
    ``outside``) when ``field`` is a number below its minimum or above its maximum."""

    field: str
    values: tuple[str, ...] = ()
    outside: tuple[int, int] | None = None

    def applies(self, answers: Mapping[str, object]) -> bool:
        # An unanswered field does not hide the question: unknown is not "none".
        value = answers.get(self.field)
        if self.outside is not None:
            low, high = self.outside
            if not isinstance(value, int) or isinstance(value, bool):
                return False
            return value < low or value > high
        return value in self.values


@dataclass(frozen=True)
class Question:
    field: str
    type: QuestionType
    text: Text
    help: Text | None
    options: tuple[Option, ...]
    minimum: int | None
    maximum: int | None
    unit: Text | None
    anchors: tuple[Text, Text] | None
    # Hidden when any of these holds; empty: always shown.
    hidden_when: tuple[HiddenWhen, ...]
    checkin: bool
    checkin_text: Text | None

    def is_shown(self, answers: Mapping[str, object]) -> bool:
        return not any(condition.applies(answers) for condition in self.hidden_when)


@dataclass(frozen=True)
class Screen:
    id: str
    title: Text
    intro: Text | None
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class NotAsked:
    """A field the app fills itself: ``derived_from`` says from what."""

    field: str
    type: Literal["integer", "integer_list", "boolean"]
    minimum: int | None
    maximum: int | None
    derived_from: Literal["date_of_birth", "checkins", "questionnaires"]
    note: Text


@dataclass(frozen=True)
class IntakeQuestions:
    text_verified: bool
    screens: tuple[Screen, ...]
    not_asked: tuple[NotAsked, ...]
    # Asked only in the weekly check-in: (the check-in question it follows, the question).
    checkin_only: tuple[tuple[str, Question], ...] = ()

    @property
    def questions(self) -> tuple[Question, ...]:
        """Every question in the order shown."""
        return tuple(question for screen in self.screens for question in screen.questions)

    def question(self, field: str) -> Question:
        """The question of ``field``, an intake or a check-in-only one."""
        for question in (*self.questions, *(item for _after, item in self.checkin_only)):
            if question.field == field:
                return question
        raise KeyError(field)

    @property
    def checkin_questions(self) -> tuple[Question, ...]:
        """The short red-flag set of the weekly check-in, in the order shown: the intake's
        check-in questions, each check-in-only question right after the one it follows."""
        ordered: list[Question] = []
        for question in self.questions:
            if question.checkin:
                ordered.append(question)
                ordered.extend(item for after, item in self.checkin_only if after == question.field)
        return tuple(ordered)


def _text(raw: Any) -> Text | None:
    return None if raw is None else dict(raw)


def _hidden_when(raw: Any) -> tuple[HiddenWhen, ...]:
    if raw is None:
        return ()
    conditions = raw if isinstance(raw, list) else [raw]
    return tuple(
        HiddenWhen(
            field=item["field"],
            values=tuple(item.get("in", ())),
            outside=(
                None
                if "outside" not in item
                else (item["outside"]["minimum"], item["outside"]["maximum"])
            ),
        )
        for item in conditions
    )


def _question(raw: Any) -> Question:
    anchors = raw.get("anchors")
    return Question(
        field=raw["field"],
        type=raw["type"],
        text=dict(raw["text"]),
        help=_text(raw.get("help")),
        options=tuple(
            Option(item["value"], dict(item["label"])) for item in raw.get("options", [])
        ),
        minimum=raw.get("minimum"),
        maximum=raw.get("maximum"),
        unit=_text(raw.get("unit")),
        anchors=None if anchors is None else (dict(anchors["minimum"]), dict(anchors["maximum"])),
        hidden_when=_hidden_when(raw.get("hidden_when")),
        checkin=raw.get("checkin", False),
        checkin_text=_text(raw.get("checkin_text")),
    )


def _check_condition(condition: HiddenWhen, earlier: set[str], computed: set[str]) -> str | None:
    trigger = FIELDS_BY_NAME.get(condition.field)
    if trigger is None or (trigger.name not in earlier and trigger.name not in computed):
        return "hidden_when must name a question asked before it, or a field the app computes"
    if condition.outside is not None:
        low, high = condition.outside
        if trigger.kind != "integer" or low > high:
            return "hidden_when 'outside' needs a number field and minimum <= maximum"
        return None
    if not set(condition.values) <= set(trigger.choices):
        return "hidden_when names answers its field does not allow"
    return None


def _check_question(
    question: Question, earlier: set[str], computed: set[str], *, checkin_only: bool = False
) -> str | None:
    """The first way ``question`` disagrees with the engine's field table, or None."""
    field = FIELDS_BY_NAME.get(question.field)
    if field is None:
        return "is not a field of triage.md §1"
    if field.checkin_only != checkin_only:
        where = "only in the check-in" if field.checkin_only else "at the intake"
        return f"the field is asked {where}"
    if checkin_only and (not question.checkin or question.hidden_when):
        return "a check-in-only question needs checkin: true and no hidden_when"
    if field.kind != question.type:
        return f"type {question.type} but the field is {field.kind}"
    values = [option.value for option in question.options]
    if field.kind == "boolean" and (len(values) != 2 or set(values) != {True, False}):
        return "a yes/no question needs exactly the answers true and false"
    if field.kind == "choice" and tuple(values) != field.choices:
        return f"answers {values} but the field allows {list(field.choices)}"
    if (question.minimum, question.maximum) != (
        (field.minimum, field.maximum) if field.kind == "integer" else (None, None)
    ):
        return f"range {question.minimum}-{question.maximum} differs from the field's"
    for condition in question.hidden_when:
        problem = _check_condition(condition, earlier, computed)
        if problem:
            return problem
    return None


def _check(questions: IntakeQuestions, path: Path) -> None:
    def fail(where: str, problem: str) -> DataFileError:
        return DataFileError(f"{path}: {where}: {problem}")

    computed = {item.field for item in questions.not_asked}
    earlier: set[str] = set()
    for question in questions.questions:
        if question.field in earlier:
            raise fail(question.field, "is asked twice")
        problem = _check_question(question, earlier, computed)
        if problem:
            raise fail(question.field, problem)
        earlier.add(question.field)
    intake_checkin = {question.field for question in questions.questions if question.checkin}
    for after, question in questions.checkin_only:
        if question.field in earlier:
            raise fail(question.field, "is asked twice")
        problem = _check_question(question, earlier, computed, checkin_only=True)
        if problem:
            raise fail(question.field, problem)
        if after not in intake_checkin:
            raise fail(question.field, f"'after' must name a check-in question, not {after}")
        earlier.add(question.field)
    for item in questions.not_asked:
        field = FIELDS_BY_NAME.get(item.field)
        if field is None or item.field in earlier:
            raise fail(item.field, "is not a field of triage.md §1, or is also asked")
        if (field.kind, field.minimum, field.maximum) != (item.type, item.minimum, item.maximum):
            raise fail(item.field, "type or range differs from the field's")
        earlier.add(item.field)
    missing = [field.name for field in FIELDS if field.name not in earlier]
    if missing:
        raise fail("(top)", f"no question for {', '.join(missing)}")
    checkin = [question.field for question in questions.checkin_questions]
    if sorted(checkin) != sorted(CHECKIN_FIELDS):
        raise fail("checkin", f"the check-in set must be exactly {', '.join(CHECKIN_FIELDS)}")


@cache
def load_intake_questions() -> IntakeQuestions:
    """The intake questions of intake_questions.json, read once."""
    return read_intake_questions(QUESTIONS_PATH)


def read_intake_questions(path: Path) -> IntakeQuestions:
    """Read intake questions from ``path``; raises DataFileError if the file breaks its
    schema or the field table of triage.md §1."""
    raw = load_validated(path, QUESTIONS_SCHEMA_PATH)
    questions = IntakeQuestions(
        text_verified=raw["text_verified"],
        screens=tuple(
            Screen(
                id=screen["id"],
                title=dict(screen["title"]),
                intro=_text(screen.get("intro")),
                questions=tuple(_question(item) for item in screen["questions"]),
            )
            for screen in raw["screens"]
        ),
        checkin_only=tuple(
            (item["after"], _question(item["question"])) for item in raw.get("checkin_only", [])
        ),
        not_asked=tuple(
            NotAsked(
                field=item["field"],
                type=item["type"],
                minimum=item.get("minimum"),
                maximum=item.get("maximum"),
                derived_from=item["derived_from"],
                note=dict(item["note"]),
            )
            for item in raw["not_asked"]
        ),
    )
    _check(questions, path)
    return questions
