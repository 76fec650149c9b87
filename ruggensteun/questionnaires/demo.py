"""Questionnaire histories for the demo patients.

Each patient fills the practice's schedule from their start (week 0) up to ``today``:
most improve, some slowly, a few not at all or get worse; now and then the latest
questionnaire is still open (a few are overdue). Answers are made from a severity per
moment and scored with the real scorers. The same patients always get the same history
(seeded by e-mail address).
"""

import random
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from django.db import transaction
from django.utils import timezone

from ruggensteun.clinical.instruments.registry import Instrument, get_instrument, score_answers
from ruggensteun.clinical.instruments.scoring import ScoringError
from ruggensteun.patients.models import Patient
from ruggensteun.questionnaires.models import (
    FEAR_QUESTIONNAIRE_AFTER_RISKS,
    Assignment,
    InstrumentLicence,
    PracticeSchedule,
    QuestionnaireResponse,
)
from ruggensteun.questionnaires.schedule import schedule_questionnaires, schedule_start

# Severity at each week relative to week 0, per course.
COURSES: dict[str, tuple[tuple[int, float], ...]] = {
    "improving": ((0, 1.0), (6, 0.55), (12, 0.35), (26, 0.25)),
    "slow": ((0, 1.0), (6, 0.85), (12, 0.7), (26, 0.55)),
    "stuck": ((0, 1.0), (6, 1.0), (12, 0.95), (26, 1.0)),
    "worse": ((0, 1.0), (6, 1.1), (12, 1.2), (26, 1.25)),
}
COURSE_WEIGHTS = {"improving": 6, "slow": 2, "stuck": 1.5, "worse": 0.5}
OWN_ACTIVITIES = ("Tuinieren", "Met de kleinkinderen spelen", "Stofzuigen", "Hardlopen")


def _severity(course: str, week: int) -> float:
    points = COURSES[course]
    for (w0, s0), (w1, s1) in pairwise(points):
        if w0 <= week <= w1:
            return s0 + (s1 - s0) * (week - w0) / (w1 - w0)
    return points[-1][1]


def _pick(rng: random.Random, values: Sequence[int], severity: float) -> int:
    """A value of the item, worse as severity (0-1) rises, with some noise."""
    position = severity * (len(values) - 1) + rng.gauss(0, 0.6)
    return values[max(0, min(len(values) - 1, round(position)))]


def _answers(
    rng: random.Random,
    definition: Instrument,
    severity: float,
    relative: float,
    activities: dict[str, str],
) -> dict[str, int | None]:
    code = definition.code
    if code == "gpe":
        # Change since the start: 1 completely recovered ... 7 worse than ever.
        if relative < 0.45:
            return {"1": rng.choice((1, 2))}
        if relative < 0.75:
            return {"1": rng.choice((2, 2, 3))}
        if relative < 1.0:
            return {"1": rng.choice((3, 4))}
        return {"1": rng.choice((4, 5, 6))}
    if code == "startback":
        # Tuned to about half low, 40% medium and 8% high risk, near the Dutch validation
        # sample (52 / 38 / 10%, instruments.md 2.1).
        answers = {str(n): int(rng.random() < severity * 0.65) for n in range(1, 5)}
        answers |= {str(n): int(rng.random() < severity * 0.6) for n in range(5, 9)}
        answers["9"] = _pick(rng, (0, 1, 2, 3, 4), severity * 0.9)
        return answers
    if definition.activity_list:
        return {key: _pick(rng, range(11), severity) for key in activities}
    return {item.link_id: _pick(rng, item.values, severity) for item in definition.items}


def _activities(rng: random.Random, definition: Instrument) -> dict[str, str]:
    chosen = [a.code for a in rng.sample(definition.activity_list, rng.randint(3, 4))]
    if rng.random() < 0.4:
        chosen.append(rng.choice(OWN_ACTIVITIES))
    return {str(n): activity for n, activity in enumerate(chosen, start=1)}


def _moment(day: date, rng: random.Random) -> datetime:
    at = time(rng.randint(8, 21), rng.randint(0, 59))
    return timezone.make_aware(datetime.combine(day, at))


@transaction.atomic
def populate_demo(patients: Iterable[Patient], today: date) -> None:
    """Give every activated demo patient a questionnaire history up to ``today``."""
    patients = [
        patient
        for patient in sorted(patients, key=lambda p: p.pk)
        if patient.user.has_usable_password()
        and not QuestionnaireResponse.objects.filter(patient=patient).exists()
    ]
    # The assignments scheduled when each patient was created are replaced by the history.
    Assignment.objects.filter(
        patient__in=patients, schedule_week__isnull=False, completed_at__isnull=True
    ).filter(response__isnull=True).delete()
    schedules: dict[int, PracticeSchedule] = {}
    licences: dict[int, frozenset[str]] = {}
    planned: list[tuple[Assignment, QuestionnaireResponse]] = []
    for patient in patients:
        practice = patient.practice
        if practice.pk not in schedules:
            schedules[practice.pk] = PracticeSchedule.for_practice(practice)
            licences[practice.pk] = InstrumentLicence.codes_for(practice)
        planned += _history(patient, schedules[practice.pk], licences[practice.pk], today)
    Assignment.objects.bulk_create([assignment for assignment, _response in planned])
    for assignment, response in planned:
        response.assignment = assignment
    QuestionnaireResponse.objects.bulk_create([response for _assignment, response in planned])
    for patient in patients:
        practice_id = patient.practice_id
        schedule_questionnaires(
            patient, today=today, schedule=schedules[practice_id], licensed=licences[practice_id]
        )


def _history(
    patient: Patient, schedule: PracticeSchedule, licensed: frozenset[str], today: date
) -> list[tuple[Assignment, QuestionnaireResponse]]:
    rng = random.Random(f"ruggensteun-questionnaires-{patient.user.email}")
    course = rng.choices(list(COURSE_WEIGHTS), weights=list(COURSE_WEIGHTS.values()))[0]
    baseline = rng.uniform(0.45, 0.8)
    start = schedule_start(patient)
    moments = [
        (week, codes) for week, codes in schedule.plan() if start + timedelta(weeks=week) <= today
    ]
    history: list[tuple[Assignment, QuestionnaireResponse]] = []
    activities: dict[str, str] = {}
    for index, (week, codes) in enumerate(moments):
        due_on = start + timedelta(weeks=week)
        latest = index == len(moments) - 1
        # The newest moment is sometimes still open: within a week often, later rarely.
        if latest and week > 0 and rng.random() < (0.4 if (today - due_on).days < 7 else 0.1):
            continue
        filled_on = min(today, due_on + timedelta(days=rng.choice((0, 0, 1, 2, 4))))
        relative = _severity(course, week)
        severity = max(0.0, min(1.0, baseline * relative))
        fill = list(codes)
        for code in fill:
            definition = get_instrument(code)
            if not definition.available_to_patients(code in licensed):
                continue
            if definition.activity_list and not activities:
                activities = _activities(rng, definition)
            answers = _answers(rng, definition, severity, relative, activities)
            entry = _entry(patient, definition, answers, activities, week, due_on, filled_on, rng)
            if entry is None:
                continue
            history.append(entry)
            scores = entry[1].scores or {}
            fear = schedule.fear_instrument
            if (
                code == "startback"
                and week == 0
                and fear
                and scores.get("risk") in FEAR_QUESTIONNAIRE_AFTER_RISKS
                and get_instrument(fear).available_to_patients(fear in licensed)
            ):
                fill.append(fear)
    return history


def _entry(
    patient: Patient,
    definition: Instrument,
    answers: dict[str, int | None],
    activities: dict[str, str],
    week: int,
    due_on: date,
    filled_on: date,
    rng: random.Random,
) -> tuple[Assignment, QuestionnaireResponse] | None:
    try:
        scores = score_answers(definition.code, answers)
    except ScoringError:
        return None
    submitted_at = _moment(filled_on, rng)
    assignment = Assignment(
        patient=patient,
        instrument=definition.code,
        due_on=due_on,
        source=Assignment.Source.INTAKE if week == 0 else Assignment.Source.SCHEDULE,
        schedule_week=week,
        created_at=_moment(due_on, rng) - timedelta(hours=12),
        completed_at=submitted_at,
    )
    is_psk = bool(definition.activity_list)
    response = QuestionnaireResponse(
        patient=patient,
        instrument=definition.code,
        instrument_version=definition.version,
        language=patient.user.language,
        answers=answers,
        activities=dict(activities) if is_psk else {},
        activities_fixed=is_psk and week > 0,
        status=QuestionnaireResponse.Status.SUBMITTED,
        started_at=submitted_at - timedelta(minutes=rng.randint(2, 9)),
        submitted_at=submitted_at,
        scores=scores,
    )
    return assignment, response
