"""Weekly check-ins and a few pain diaries for the demo patients.

Runs after the programme demo. Every finished week of a demo programme whose day logs hold
a pain score gets the check-in the patient would have sent on its last evening, made from
those day logs (the average pain, the minutes walked, the days exercised, a flare-up if a
day had one) plus sleep and stress as a patient might answer them; "no" to every red-flag
question. The day logs themselves are left as they are, and the demo check-ins are not
triaged again: the intake demo's triage stands.

For the first two demo patients of a practice with a running programme of at least two
weeks, the therapist turned the pain diary on to look for a pattern together, and the
patient wrote in it on most of the last ten days.
"""

import random
import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from statistics import mean

from django.utils import timezone

from ruggensteun.clinical.triage.questions import load_intake_questions
from ruggensteun.diary.models import CheckIn, DiaryEntry, PainDiary
from ruggensteun.patients.models import Patient
from ruggensteun.programme.models import DayLog, WeeklyPlan

DIARY_NOTE = "Samen zoeken naar een patroon: na welke activiteit komt de pijn?"
DIARY_PATIENTS_PER_PRACTICE = 2
DIARY_DAYS = 10

# (activity, what the patient wrote, places, how long) as a patient with low back pain
# might note them.
_MOMENTS = (
    ("sitting", "lang in de auto", ["lower_back_middle", "buttock_left"], "up_to_120"),
    ("sitting", "vergadering op het werk", ["lower_back_middle"], "up_to_30"),
    ("lifting", "boodschappen gedragen", ["lower_back_left", "lower_back_middle"], "up_to_30"),
    ("bending", "schoenen strikken", ["lower_back_middle"], "under_10"),
    ("household", "stofzuigen", ["lower_back_right", "buttock_right"], "up_to_30"),
    ("lying", "wakker geworden", ["lower_back_middle", "upper_back"], "up_to_120"),
    ("walking", "", ["lower_back_middle", "thigh_back_left"], "under_10"),
    ("standing", "afwassen", ["lower_back_middle"], "up_to_30"),
)
_MEDICATION = ("", "", "", "paracetamol 500 mg", "ibuprofen 400 mg")


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _calm_red_flags() -> dict[str, object]:
    return {
        question.field: False if question.type == "boolean" else "none"
        for question in load_intake_questions().checkin_questions
    }


def _checkin(plan: WeeklyPlan, logs: list[DayLog], rng: random.Random) -> CheckIn | None:
    pains = [log.pain for log in logs if log.pain is not None]
    if not pains:
        return None
    pain = round(mean(pains))
    flare = any(log.flare for log in logs)
    sleep = min(5, max(1, 5 - pain // 3 + rng.choice((-1, 0, 0, 1)) - (1 if flare else 0)))
    stress = min(5, max(1, 1 + pain // 3 + rng.choice((-1, 0, 0, 1))))
    sent = _at(plan.ends_on, rng.choice((19, 20, 21)), rng.randrange(0, 60, 5))
    return CheckIn(
        patient=plan.programme.patient,
        submission_key=uuid.UUID(int=rng.getrandbits(128)),
        period_start=plan.starts_on,
        period_end=plan.ends_on,
        pain=pain,
        walking_mode=CheckIn.WalkingMode.WEEK,
        walking_minutes_week=sum(log.walking_minutes or 0 for log in logs),
        exercise_days=min(7, sum(1 for log in logs if (log.exercise_sessions or 0) >= 1)),
        sleep=sleep,
        stress=stress,
        flare=flare,
        red_flags=_calm_red_flags(),
        created_at=sent,
        submitted_at=sent,
        triaged_at=sent,
    )


def _diary(patient: Patient, today: date, rng: random.Random) -> list[DiaryEntry]:
    entries = []
    for back in range(DIARY_DAYS, 0, -1):
        day = today - timedelta(days=back)
        for _moment in range(rng.choice((0, 1, 1, 2, 2, 3))):
            activity, note, regions, duration = rng.choice(_MOMENTS)
            felt_at = _at(day, rng.randint(7, 21), rng.randrange(0, 60, 5))
            entries.append(
                DiaryEntry(
                    patient=patient,
                    submission_key=uuid.UUID(int=rng.getrandbits(128)),
                    felt_at=felt_at,
                    pain=min(10, max(1, rng.choice((3, 4, 4, 5, 5, 6, 7)) - back // 5)),
                    regions=regions,
                    activity=activity,
                    activity_note=note,
                    duration=duration,
                    medication=rng.choice(_MEDICATION),
                    created_at=felt_at + timedelta(minutes=rng.randint(1, 90)),
                )
            )
    return entries


def populate_demo(patients: Iterable[Patient], today: date) -> None:
    """Check-ins for the finished weeks of the demo programmes, and two pain diaries per
    practice. Reads the day logs; changes nothing of the programme demo."""
    patients = sorted(patients, key=lambda patient: patient.pk)
    ids = [patient.pk for patient in patients]
    plans = list(
        WeeklyPlan.objects.filter(programme__patient_id__in=ids)
        .exclude(status=WeeklyPlan.Status.PROPOSED)
        .select_related("programme__patient")
        .order_by("programme__patient_id", "week")
    )
    logs: dict[int, list[DayLog]] = defaultdict(list)
    for log in DayLog.objects.filter(patient_id__in=ids).order_by("date"):
        logs[log.patient_id].append(log)

    # Run again, it leaves patients who already have check-ins alone.
    had_checkins = set(
        CheckIn.objects.filter(patient_id__in=ids).values_list("patient_id", flat=True)
    )
    checkins: list[CheckIn] = []
    weeks_done: dict[int, int] = defaultdict(int)
    for plan in plans:
        patient = plan.programme.patient
        if patient.pk in had_checkins or (not plan.has_ended(today) and plan.ends_on != today):
            continue
        rng = random.Random(f"ruggensteun-checkin-{patient.user.email}-{plan.week}")
        week = [log for log in logs[patient.pk] if plan.starts_on <= log.date <= plan.ends_on]
        checkin = _checkin(plan, week, rng)
        if checkin is not None:
            checkins.append(checkin)
            weeks_done[patient.pk] += 1
    CheckIn.objects.bulk_create(checkins)

    diaries: list[PainDiary] = []
    entries: list[DiaryEntry] = []
    per_practice: dict[int, int] = defaultdict(int)
    for patient in patients:
        if weeks_done[patient.pk] < 2 or per_practice[patient.practice_id] >= (
            DIARY_PATIENTS_PER_PRACTICE
        ):
            continue
        if PainDiary.objects.filter(patient=patient).exists():
            continue
        per_practice[patient.practice_id] += 1
        rng = random.Random(f"ruggensteun-diary-{patient.user.email}")
        diaries.append(
            PainDiary(
                patient=patient,
                is_on=True,
                note=DIARY_NOTE,
                changed_at=_at(today - timedelta(days=DIARY_DAYS + 1), 11),
                changed_by=patient.therapist,
            )
        )
        entries += _diary(patient, today, rng)
    PainDiary.objects.bulk_create(diaries)
    DiaryEntry.objects.bulk_create(entries)
