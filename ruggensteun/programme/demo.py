"""Running programmes for the demo patients, with weeks of history.

Every demo patient whose triage allows the programme and who started at least a week ago
gets a programme from the day after their start. Each week is proposed by the real engine
from the weeks before it, and the days are made up as a patient might log them (seeded by
e-mail address, so every run gives the same history): most walk and exercise well and
their pain slowly drops; a few log little for two weeks running; a few have a flare-up;
one marks an exercise as too painful, not better the next day; one therapist swaps an
exercise with a reason; and one programme waits for the therapist to approve its new
week. Patients with fear of movement rate the graded-exposure activities and rate the
week's step again after doing it.

Where the triage left the care pathway open (no STarT Back yet), the demo therapist
records it as decided in the first session, as a therapist would: the pathway the triage
engine gives with the patient's questionnaires, else one from a fixed demo list.
"""

import random
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from ruggensteun.clinical.programme import plan_io
from ruggensteun.clinical.programme.engine import propose_week
from ruggensteun.clinical.programme.exercises import CATEGORIES
from ruggensteun.clinical.programme.exposure import load_exposure_activities
from ruggensteun.clinical.programme.settings import ProgrammeSettings
from ruggensteun.intake import assessment
from ruggensteun.intake.models import ClassificationDecision, Intake, TriageAssessment
from ruggensteun.intake.status import current_classification, programme_clearance
from ruggensteun.patients.models import Patient
from ruggensteun.programme.changes import swap_candidates, swapped
from ruggensteun.programme.inputs import (
    asks_fear_ratings,
    build_profile,
    language_of,
    practice_settings,
)
from ruggensteun.programme.models import (
    DAYS_PER_WEEK,
    DayLog,
    ExerciseFeedback,
    ExercisePreference,
    FearRating,
    PlanChange,
    Programme,
    WeeklyPlan,
)

# Care pathways the demo therapist records when the triage could not yet choose one.
DEMO_PATHWAYS = ("exercise", "exercise", "advice", "psychologically_informed", "exercise")
SWAP_REASON = "De vorige oefening was lastig om goed te doen. Deze gaat u makkelijker af."
PATHWAY_REASON = "Zorgpad besproken in de eerste sessie."


@dataclass(frozen=True)
class _Roles:
    """Which demo patients (by position among those with enough weeks) show what."""

    waiting: int | None
    swap: int | None
    dislike: int | None
    low_adherence: frozenset[int]
    flare: frozenset[int]


@dataclass
class _Course:
    """How one demo patient logs their days."""

    adherence: float
    walking: int  # minutes a day they can walk at the start
    improvement: float  # pain points less per week
    nprs: int
    low_weeks: frozenset[int] = frozenset()
    flare_week: int | None = None
    dislike_week: int | None = None

    def follows(self, rng: random.Random, week: int) -> bool:
        chance = 0.25 if week in self.low_weeks else self.adherence
        return rng.random() < chance


@dataclass
class _Rows:
    plans: list[WeeklyPlan]
    logs: list[DayLog]
    feedback: list[ExerciseFeedback]
    ratings: list[FearRating]
    changes: list[tuple[WeeklyPlan, dict[str, Any]]]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _start_of(patient: Patient) -> date:
    return timezone.localtime(patient.created_at).date() + timedelta(days=1)


def _weeks_begun(start: date, today: date) -> int:
    return (today - start).days // DAYS_PER_WEEK + 1


def _confirm_pathway(patient: Patient, position: int) -> None:
    """Record the pathway as decided in the first session when the triage left it open."""
    classification = current_classification(patient)
    if classification is None or classification.pathway is not None:
        return
    intake = Intake.objects.filter(patient=patient).first()
    result, _inputs = assessment.run(patient, intake)
    pathway = result.pathway or DEMO_PATHWAYS[position % len(DEMO_PATHWAYS)]
    ClassificationDecision.objects.create(
        patient=patient,
        assessment=TriageAssessment.objects.latest_for(patient),
        decided_at=_at(_start_of(patient), 9),
        decided_by=patient.therapist,
        duration_class=classification.duration_class or "",
        pain_type=classification.pain_type or "",
        pathway=pathway,
        reason=PATHWAY_REASON,
    )


def _patient_input(patient: Patient, rng: random.Random, start: date) -> None:
    """The preferences and, with fear of movement, the fear ratings given at the start."""
    liked = rng.sample(
        [c for c in CATEGORIES if c != "nerve_gliding"], rng.choice((0, 1, 1, 2, 2, 3))
    )
    ExercisePreference.objects.bulk_create(
        ExercisePreference(patient=patient, category=category, rank=rank)
        for rank, category in enumerate(liked)
    )
    if asks_fear_ratings(current_classification(patient)):
        FearRating.objects.bulk_create(
            FearRating(
                patient=patient,
                activity_id=activity.id,
                rating=rng.choice(range(20, 100, 10)),
                rated_at=_at(start, 10),
            )
            for activity in load_exposure_activities()
        )


def _day(
    rng: random.Random, course: _Course, plan: plan_io.WeeklyPlan, week: int, day: int
) -> plan_io.CheckIn | None:
    """One day's log as the patient might enter it; None for a day not logged."""
    if rng.random() < 0.06:
        return None
    goal = plan.walking.minutes_per_day
    follows = course.follows(rng, week)
    if week == 1:
        minutes = round(course.walking * rng.uniform(0.75, 1.2))
    elif follows:
        minutes = round(goal * rng.uniform(1.0, 1.3))
    else:
        minutes = round(goal * rng.uniform(0.2, 0.8))
    # A slow trend, a point lower on some days: never 2 points above the week before by
    # chance, so the only flare-ups are the ones the demo gives.
    pain = round(course.nprs - course.improvement * (week - 1)) + rng.choice((-1, 0, 0, 0))
    flare = None
    if course.flare_week == week and day in (3, 4):
        pain += 3
        flare = day == 3
    exposure = None
    if plan.exposure is not None:
        exposure = follows and rng.random() < 0.7
    return plan_io.CheckIn(
        day=day,
        walking_minutes=max(0, minutes),
        exercise_sessions=1 if course.follows(rng, week) else 0,
        pain=max(1, min(10, pain)),
        flare=flare if flare is not None else False,
        exposure_done=exposure,
    )


def _course(
    rng: random.Random, patient: Patient, position: int, roles: _Roles, weeks: int
) -> _Course:
    intake = Intake.objects.filter(patient=patient).only("answers").first()
    nprs = int((intake.answers if intake else {}).get("nprs", 5))
    full = weeks - 1  # weeks that have ended
    return _Course(
        adherence=rng.choice((0.7, 0.8, 0.85, 0.9, 0.95)),
        walking=rng.randint(12, 40),
        improvement=rng.choice((0.05, 0.2, 0.3, 0.3, 0.4, 0.5)),
        nprs=nprs,
        low_weeks=frozenset({full - 1, full}) if position in roles.low_adherence else frozenset(),
        flare_week=max(2, full - 1) if position in roles.flare else None,
        dislike_week=2 if position == roles.dislike else None,
    )


def _programme_rows(
    patient: Patient,
    programme: Programme,
    profile: plan_io.Profile,
    settings: tuple[ProgrammeSettings, dict[str, Any]],
    course: _Course,
    rng: random.Random,
    start: date,
    today: date,
    *,
    waits: bool,
    swaps: bool,
) -> _Rows:
    rows = _Rows([], [], [], [], [])
    engine_settings, overrides = settings
    language = language_of(patient)
    weeks = _weeks_begun(start, today)
    history: list[plan_io.WeekRecord] = []
    for week in range(1, weeks + 1):
        starts_on = start + timedelta(days=DAYS_PER_WEEK * (week - 1))
        plan = propose_week(profile, history, engine_settings, language)
        data = plan_io.plan_to_dict(plan)
        change = None
        if swaps and week == 2:
            old = data["exercises"][0]["id"]
            candidates = swap_candidates(data, old, profile)
            if candidates and candidates[0][1]:
                new = candidates[0][1][0].id
                changed = swapped(data, old, new, SWAP_REASON)
                data, plan = changed.plan, plan_io.plan_from_dict(changed.plan)
                change = {
                    "kind": PlanChange.Kind.SWAP,
                    "exercise_id": old,
                    "new_exercise_id": new,
                    "before": changed.before,
                    "after": changed.after,
                    "reason": SWAP_REASON,
                    "changed_at": _at(starts_on + timedelta(days=1), 11, 20),
                    "changed_by": patient.therapist,
                }
        waiting = waits and week == weeks and week > 1
        status = (
            WeeklyPlan.Status.PROPOSED
            if waiting
            else WeeklyPlan.Status.ACTIVE
            if week == weeks or (waits and week == weeks - 1)
            else WeeklyPlan.Status.SUPERSEDED
        )
        row = WeeklyPlan.from_engine(
            programme, plan, starts_on=starts_on, status=status, settings_used=overrides
        )
        row.plan = data
        row.proposed_at = _at(starts_on, 10 if week == 1 else 3)
        if week == 1 or (programme.approve_each_week and not waiting):
            row.approved_by = patient.therapist
            row.approved_at = _at(starts_on, 10 if week == 1 else 9, 5)
        rows.plans.append(row)
        if change is not None:
            rows.changes.append((row, change))
        if waiting:
            break
        checkins = []
        for day in range(1, DAYS_PER_WEEK + 1):
            on = starts_on + timedelta(days=day - 1)
            if on >= today:
                break
            checkin = _day(rng, course, plan, week, day)
            if checkin is None:
                continue
            checkins.append(checkin)
            rows.logs.append(
                DayLog(
                    patient=patient,
                    date=on,
                    walking_minutes=checkin.walking_minutes,
                    exercise_sessions=checkin.exercise_sessions,
                    pain=checkin.pain,
                    flare=checkin.flare,
                    exposure_done=checkin.exposure_done,
                    updated_at=_at(on, rng.randint(18, 22), rng.randint(0, 59)),
                )
            )
        history.append(plan_io.WeekRecord(plan=plan, checkins=tuple(checkins)))
        ended = starts_on + timedelta(days=DAYS_PER_WEEK) <= today
        if course.dislike_week == week and ended and plan.exercises:
            disliked = plan.exercises[-1].id
            rows.feedback.append(
                ExerciseFeedback(
                    patient=patient,
                    exercise_id=disliked,
                    date=starts_on + timedelta(days=2),
                    kind=ExerciseFeedback.Kind.TOO_PAINFUL,
                    still_painful_next_day=True,
                    created_at=_at(starts_on + timedelta(days=2), 19),
                )
            )
            profile = replace(profile, disliked_exercises=profile.disliked_exercises | {disliked})
        if plan.exposure is not None and ended:
            activity = plan.exposure.activity
            rating = max(0, profile.fear_ratings[activity] - rng.choice((10, 20, 20, 30)))
            rows.ratings.append(
                FearRating(
                    patient=patient,
                    activity_id=activity,
                    rating=rating,
                    rated_at=_at(starts_on + timedelta(days=6), 20),
                )
            )
            profile = replace(profile, fear_ratings={**profile.fear_ratings, activity: rating})
    return rows


def _roles(weeks_by_position: list[int]) -> _Roles:
    """Spread the stories over different patients with enough weeks to show them."""
    pool = [position for position, weeks in enumerate(weeks_by_position) if weeks >= 4]

    def pick(*indexes: int) -> frozenset[int]:
        return frozenset(pool[index] for index in indexes if index < len(pool))

    def one(index: int) -> int | None:
        return pool[index] if index < len(pool) else None

    return _Roles(
        swap=one(0),
        waiting=one(1),
        dislike=one(2),
        low_adherence=pick(3, 6),
        flare=pick(4, 8),
    )


@transaction.atomic
def populate_demo(patients: Iterable[Patient], today: date) -> None:
    """Give the demo patients who may start, and started at least a week ago, a running
    programme with its weeks up to ``today``."""
    chosen = []
    for patient in sorted(patients, key=lambda p: p.pk):
        if timezone.localtime(patient.created_at).date() > today - timedelta(days=DAYS_PER_WEEK):
            continue
        if Programme.objects.filter(patient=patient).exists():
            continue
        if not programme_clearance(patient).allowed:
            continue
        chosen.append(patient)
    for position, patient in enumerate(chosen):
        _confirm_pathway(patient, position)
    weeks_by_position = [_weeks_begun(_start_of(p), today) for p in chosen]
    roles = _roles(weeks_by_position)
    settings_by_practice: dict[int, tuple[ProgrammeSettings, dict[str, Any]]] = {}
    every = _Rows([], [], [], [], [])
    for position, patient in enumerate(chosen):
        rng = random.Random(f"ruggensteun-programme-{patient.user.email}")
        start = _start_of(patient)
        _patient_input(patient, rng, start)
        profile = build_profile(patient)
        if patient.practice_id not in settings_by_practice:
            settings_by_practice[patient.practice_id] = practice_settings(patient.practice)
        waits = position == roles.waiting
        programme = Programme.objects.create(
            patient=patient,
            started_at=_at(start, 10),
            started_by=patient.therapist,
            approve_each_week=waits,
        )
        rows = _programme_rows(
            patient,
            programme,
            profile,
            settings_by_practice[patient.practice_id],
            _course(rng, patient, position, roles, weeks_by_position[position]),
            rng,
            start,
            today,
            waits=waits,
            swaps=position == roles.swap,
        )
        for name in ("plans", "logs", "feedback", "ratings", "changes"):
            getattr(every, name).extend(getattr(rows, name))
    WeeklyPlan.objects.bulk_create(every.plans)
    PlanChange.objects.bulk_create(
        PlanChange(plan=plan, **change) for plan, change in every.changes
    )
    DayLog.objects.bulk_create(every.logs)
    ExerciseFeedback.objects.bulk_create(every.feedback)
    FearRating.objects.bulk_create(every.ratings)
