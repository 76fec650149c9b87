"""Turning a practice's schedule into a patient's assignments, idempotently.

Week 0 is the day the patient's intake was completed, or the day the patient was added
when there is no completed intake yet. Running ``schedule_questionnaires`` again creates
only what is missing, moves the due dates of untouched assignments when the start moved,
and removes untouched future ones the practice took out of its schedule.

A moment that a later moment has already overtaken (its follow-up is due too) is not
created, and an untouched one is withdrawn: a patient is never asked the same
questionnaire for two moments at once.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from ruggensteun.accounts.models import Practice
from ruggensteun.clinical.instruments.registry import get_instrument
from ruggensteun.patients.models import Patient
from ruggensteun.questionnaires.models import (
    FEAR_QUESTIONNAIRE_AFTER_RISKS,
    Assignment,
    InstrumentLicence,
    PracticeSchedule,
    QuestionnaireResponse,
)


@dataclass(frozen=True)
class Planned:
    week: int
    instrument: str
    due_on: date
    source: str


def _no_intake(patient: Patient) -> datetime | None:
    return None


# When the patient completed their intake (None: not yet). The intake app owns this date
# and sits above this one, so it hands the lookup in (``set_intake_completed``, from its
# AppConfig.ready) and questionnaires imports no intake code (issue #13).
_intake_completed: Callable[[Patient], datetime | None] = _no_intake


def set_intake_completed(lookup: Callable[[Patient], datetime | None]) -> None:
    """Tell the schedule when a patient completed their intake (the intake app does)."""
    global _intake_completed
    _intake_completed = lookup


def schedule_start(patient: Patient) -> date:
    """Week 0: when the intake was completed, else when the patient was added."""
    completed = _intake_completed(patient)
    return timezone.localdate(completed or patient.created_at)


def _intake_startback_risk(patient: Patient) -> tuple[str, date] | None:
    response = (
        QuestionnaireResponse.objects.for_patient(patient)
        .submitted()
        .of("startback")
        .filter(assignment__schedule_week=0)
        .chronological()
        .first()
    )
    if response is None or not response.scores:
        return None
    assert response.submitted_at is not None
    return str(response.scores.get("risk")), timezone.localdate(response.submitted_at)


def plan(
    patient: Patient,
    schedule: PracticeSchedule,
    licensed: frozenset[str],
    start: date,
    today: date,
) -> list[Planned]:
    moments = schedule.plan()
    planned: list[Planned] = []
    due_dates = [start + timedelta(weeks=week) for week, _codes in moments]
    for index, (week, codes) in enumerate(moments):
        if any(later <= today for later in due_dates[index + 1 :]):
            continue  # overtaken by a later moment that is due as well
        source = Assignment.Source.INTAKE if week == 0 else Assignment.Source.SCHEDULE
        for code in codes:
            if get_instrument(code).available_to_patients(code in licensed):
                planned.append(Planned(week, code, due_dates[index], source))
    fear = schedule.fear_instrument
    if fear and get_instrument(fear).available_to_patients(fear in licensed):
        found = _intake_startback_risk(patient)
        if found is not None and found[0] in FEAR_QUESTIONNAIRE_AFTER_RISKS:
            planned.append(Planned(0, fear, max(start, found[1]), Assignment.Source.INTAKE))
    unique: dict[tuple[int, str], Planned] = {}
    for entry in planned:
        unique.setdefault((entry.week, entry.instrument), entry)
    return list(unique.values())


def schedule_questionnaires(
    patient: Patient,
    *,
    today: date | None = None,
    schedule: PracticeSchedule | None = None,
    licensed: frozenset[str] | None = None,
) -> int:
    """Create the patient's scheduled assignments that are missing; returns how many.

    ``schedule`` and ``licensed`` may be passed when scheduling many patients of one
    practice, to read them once.
    """
    today = today or timezone.localdate()
    if schedule is None:
        schedule = PracticeSchedule.for_practice(patient.practice)
    if licensed is None:
        licensed = InstrumentLicence.codes_for(patient.practice)
    start = schedule_start(patient)
    wanted = {(p.week, p.instrument): p for p in plan(patient, schedule, licensed, start, today)}
    existing = list(
        Assignment.objects.for_patient(patient)
        .filter(schedule_week__isnull=False)
        .select_related("response")
    )
    with transaction.atomic():
        for assignment in existing:
            key = (assignment.schedule_week, assignment.instrument)
            untouched = assignment.is_open and not assignment.started
            if key in wanted:
                due_on = wanted.pop(key).due_on
                if untouched and assignment.due_on != due_on:
                    _move(assignment, due_on)
            elif untouched and assignment.due_on <= today:
                # Overtaken by a later moment (or taken out of the schedule) while waiting.
                assignment.withdraw(by=None)
            elif untouched:
                assignment.delete()  # a future one the schedule no longer has; never shown
        created = Assignment.objects.bulk_create(
            [
                Assignment(
                    patient=patient,
                    instrument=entry.instrument,
                    due_on=entry.due_on,
                    source=entry.source,
                    schedule_week=entry.week,
                )
                for entry in wanted.values()
            ],
            ignore_conflicts=True,
        )
    return len(created)


def _move(assignment: Assignment, due_on: date) -> None:
    try:
        with transaction.atomic():
            Assignment.objects.filter(pk=assignment.pk).update(due_on=due_on)
    except IntegrityError:
        pass  # the same questionnaire is already open for that day


def schedule_practice(practice: Practice, *, today: date | None = None) -> int:
    """Bring every patient of ``practice`` up to date with its schedule."""
    schedule = PracticeSchedule.for_practice(practice)
    licensed = InstrumentLicence.codes_for(practice)
    return sum(
        schedule_questionnaires(patient, today=today, schedule=schedule, licensed=licensed)
        for patient in Patient.objects.filter(practice=practice).select_related("practice")
    )


def schedule_everyone(
    *, today: date | None = None, practices: Iterable[Practice] | None = None
) -> int:
    return sum(
        schedule_practice(practice, today=today)
        for practice in (practices if practices is not None else Practice.objects.all())
    )


def after_submission(response: QuestionnaireResponse) -> None:
    """A STarT Back at intake may call for a fear-avoidance questionnaire."""
    if response.instrument == "startback" and response.assignment.schedule_week == 0:
        schedule_questionnaires(response.patient)


def schedule_new_patient(
    sender: type, instance: Patient, created: bool, raw: bool = False, **kwargs: object
) -> None:
    """post_save receiver for Patient: schedule a new patient's questionnaires."""
    if created and not raw:
        schedule_questionnaires(instance)
