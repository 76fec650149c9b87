"""Filling a questionnaire screen by screen: which screens there are, where to resume,
and submitting.

One item per screen, except a tick-format list (RMDQ), which shows a short group of
statements per screen, and the PSK, which first asks the patient to choose activities
(not at a follow-up: those ask about the activities chosen the first time).
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ruggensteun.clinical.datafiles import text
from ruggensteun.clinical.instruments.registry import Instrument, Item
from ruggensteun.clinical.instruments.scoring import ScoringError
from ruggensteun.questionnaires.models import Assignment, QuestionnaireResponse

TICKS_PER_SCREEN = 6

StepKind = Literal["item", "ticks", "activities"]


@dataclass(frozen=True)
class Step:
    number: int
    kind: StepKind
    items: tuple[Item, ...] = ()

    @property
    def link_ids(self) -> tuple[str, ...]:
        return tuple(item.link_id for item in self.items)


def steps_for(response: QuestionnaireResponse) -> list[Step]:
    definition = response.definition
    kinds: list[tuple[StepKind, tuple[Item, ...]]]
    if definition.activity_list:
        chosen = [item for item in definition.items if item.link_id in response.activities]
        kinds = [] if response.activities_fixed else [("activities", ())]
        kinds += [("item", (item,)) for item in chosen]
    elif definition.response_format == "tick":
        items = definition.items
        kinds = [
            ("ticks", items[start : start + TICKS_PER_SCREEN])
            for start in range(0, len(items), TICKS_PER_SCREEN)
        ]
    else:
        kinds = [("item", (item,)) for item in definition.items]
    return [Step(number, kind, items) for number, (kind, items) in enumerate(kinds, start=1)]


def expected_step_count(response: QuestionnaireResponse, steps: list[Step]) -> int:
    """The number of screens to show in the progress indicator.

    Before the PSK activities are chosen their number is unknown; count the fewest allowed.
    """
    definition = response.definition
    if definition.activity_list and not response.activities:
        return len(steps) + definition.min_answers
    return len(steps)


def is_answered(response: QuestionnaireResponse, step: Step) -> bool:
    if step.kind == "activities":
        return bool(response.activities)
    return all(link_id in response.answers for link_id in step.link_ids)


def first_open_step(response: QuestionnaireResponse) -> Step | None:
    """The first screen without an answer, where a patient who comes back resumes."""
    steps = steps_for(response)
    if not steps:
        return None
    for step in steps:
        if not is_answered(response, step):
            return step
    return None


def is_complete(response: QuestionnaireResponse) -> bool:
    steps = steps_for(response)
    return bool(steps) and first_open_step(response) is None


def previous_step_number(number: int) -> int | None:
    return number - 1 if number > 1 else None


def next_step_number(response: QuestionnaireResponse, number: int) -> int | None:
    """The screen after ``number``; None when the next stop is the review."""
    steps = steps_for(response)
    return number + 1 if number < len(steps) else None


def section_instruction(definition: Instrument, item: Item, language: str) -> str | None:
    """The instruction that introduces the part of the questionnaire ``item`` is in (e.g.
    FABQ items 6-16 are about work); it stays visible on every screen of that part."""
    current = None
    for candidate in definition.items:
        if candidate.instruction is not None:
            current = candidate.instruction
        if candidate.link_id == item.link_id:
            break
    return text(current, language) if current is not None else None


def activity_text(definition: Instrument, activity: str, language: str) -> str:
    """An activity as the patient reads it: the list's wording, or their own words."""
    for listed in definition.activity_list:
        if listed.code == activity:
            return text(listed.text, language)
    return activity


@dataclass(frozen=True)
class ReviewLine:
    step: Step
    item: Item | None
    question: str
    answer: str | None


def review_lines(
    response: QuestionnaireResponse, language: str, *, unanswered: str, skipped: str
) -> list[ReviewLine]:
    """Every question with the answer given, in order, for the review screen."""
    definition = response.definition
    lines: list[ReviewLine] = []
    for step in steps_for(response):
        if step.kind == "activities":
            chosen = [
                activity_text(definition, activity, language)
                for _link_id, activity in sorted(
                    response.activities.items(), key=lambda pair: int(pair[0])
                )
            ]
            lines.append(ReviewLine(step, None, "", ", ".join(chosen) or None))
            continue
        for item in step.items:
            lines.append(
                ReviewLine(
                    step,
                    item,
                    question_text(response, item, language),
                    answer_label(response, item, language, unanswered=unanswered, skipped=skipped),
                )
            )
    return lines


def activity_for(response: QuestionnaireResponse, item: Item, language: str) -> str | None:
    """For a PSK rating: the activity it is about."""
    if response.definition.activity_list and item.link_id in response.activities:
        return activity_text(response.definition, response.activities[item.link_id], language)
    return None


def question_text(response: QuestionnaireResponse, item: Item, language: str) -> str:
    """The item's text; for a PSK rating, the activity it is about."""
    return activity_for(response, item, language) or text(item.text, language)


def answer_label(
    response: QuestionnaireResponse,
    item: Item,
    language: str,
    *,
    unanswered: str,
    skipped: str,
) -> str:
    if item.link_id not in response.answers:
        return unanswered
    value = response.answers[item.link_id]
    if value is None:
        return skipped
    label = item.label(value, language)
    if item.options is not None:
        return label or str(value)
    return f"{value} ({label})" if label else str(value)


def save_step(
    response: QuestionnaireResponse,
    step: Step,
    answers: Mapping[str, int | None],
    language: str,
    activities: Mapping[str, str] | None = None,
) -> None:
    """Keep the answers of one screen at once, so nothing is lost if the patient stops."""
    allowed = set(step.link_ids)
    response.save_answers(
        {link_id: value for link_id, value in answers.items() if link_id in allowed},
        language,
        activities=activities if step.kind == "activities" else None,
    )


def submit(response: QuestionnaireResponse, key: str) -> bool:
    """Submit the response once and let the schedule react (STarT Back at intake may add
    a fear-avoidance questionnaire). Returns whether this call submitted it; raises
    IncompleteResponse while a screen is unanswered."""
    from ruggensteun.questionnaires.schedule import after_submission
    from ruggensteun.questionnaires.signals import response_submitted

    if not is_complete(response):
        raise IncompleteResponse
    try:
        checked = uuid.UUID(str(key))
    except ValueError:
        return False
    try:
        submitted = response.submit(checked)
    except ScoringError as error:
        raise IncompleteResponse from error
    if submitted:
        after_submission(response)
        response_submitted.send(sender=QuestionnaireResponse, response=response)
    return submitted


def answer_from_intake(
    assignment: Assignment, answers: Mapping[str, int], language: str
) -> QuestionnaireResponse | None:
    """Fill and submit ``assignment`` with answers the patient already gave in the intake,
    marked as answered there; scored by the clinical core like any response (``submit``).
    None when the patient already opened it: what they answered themselves is kept."""
    if hasattr(assignment, "response") or not assignment.is_open:
        return None
    response = QuestionnaireResponse.start(assignment, language)
    if response.answers or response.is_submitted:
        return None
    QuestionnaireResponse.objects.filter(pk=response.pk).update(
        answered_in=QuestionnaireResponse.AnsweredIn.INTAKE
    )
    response.answered_in = QuestionnaireResponse.AnsweredIn.INTAKE
    response.save_answers(dict(answers), language)
    submit(response, str(response.submission_key))
    return response


class IncompleteResponse(Exception):
    """Not every screen has its answer yet."""
