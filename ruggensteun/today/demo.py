"""Demo data for the patient's day, on top of the programme demo (run after it).

For every demo patient with a running week:

- the exercise ticks of the week's earlier days, matching the day logs the programme demo
  made (a day with an exercise session has all of the day's exercises ticked), so that
  "done on 3 of 5 days this week" is true on the Today screen;
- the modules of the earlier weeks read, and their questions answered (now and then
  wrongly at first, then right), seeded by e-mail address so every run is the same;
- today: about half of them have done their first walk and first exercise already.

One patient marked an exercise "too painful" yesterday and has not yet said whether it
still hurt: Today asks them.
"""

import random
from collections.abc import Iterable
from datetime import date, timedelta

from django.db import transaction

from ruggensteun.clinical.programme.education import get_module
from ruggensteun.patients.models import Patient
from ruggensteun.programme.models import DayLog, ExerciseFeedback, Programme, WeeklyPlan
from ruggensteun.today import day as days
from ruggensteun.today.learning import unlocked
from ruggensteun.today.models import ModuleAnswer, ModuleRead, Tick


def _week_ticks(patient: Patient, plan: WeeklyPlan, today: date) -> list[Tick]:
    logs = DayLog.objects.filter(
        patient=patient, date__gte=plan.starts_on, date__lt=today, exercise_sessions__gte=1
    ).values_list("date", flat=True)
    done: dict[str, int] = {}
    ticks = []
    for day in sorted(logs):
        for planned in plan.engine_plan.exercises:
            if done.get(planned.id, 0) >= planned.days_per_week:
                continue
            done[planned.id] = done.get(planned.id, 0) + 1
            ticks.append(Tick(patient=patient, date=day, kind=Tick.Kind.EXERCISE, item=planned.id))
    return ticks


def _reading(
    patient: Patient, plan: WeeklyPlan, rng: random.Random
) -> tuple[list[ModuleRead], list[ModuleAnswer]]:
    this_week = {item.id for item in plan.engine_plan.education}
    reads, answers = [], []
    for module_id in unlocked(patient):
        if module_id in this_week:
            continue
        module = get_module(module_id)
        reads.append(ModuleRead(patient=patient, module_id=module_id))
        for question in module.questions:
            if rng.random() < 0.25:
                wrong = [o.id for o in question.options if o.id not in question.correct][:1]
                answers.append(
                    ModuleAnswer(
                        patient=patient,
                        module_id=module_id,
                        question_id=question.id,
                        chosen=wrong,
                        correct=False,
                    )
                )
            answers.append(
                ModuleAnswer(
                    patient=patient,
                    module_id=module_id,
                    question_id=question.id,
                    chosen=sorted(question.correct),
                    correct=True,
                )
            )
    return reads, answers


@transaction.atomic
def populate_demo(patients: Iterable[Patient], today: date) -> None:
    ticks: list[Tick] = []
    reads: list[ModuleRead] = []
    answers: list[ModuleAnswer] = []
    walking_today: list[tuple[Patient, WeeklyPlan]] = []
    asked = False
    for patient in sorted(patients, key=lambda p: p.user.email):
        plan = days.current_plan(patient)
        if plan is None or plan.programme.status != Programme.Status.ACTIVE:
            continue
        rng = random.Random(f"today:{patient.user.email}")
        ticks.extend(_week_ticks(patient, plan, today))
        module_reads, module_answers = _reading(patient, plan, rng)
        reads.extend(module_reads)
        answers.extend(module_answers)
        exercises = plan.engine_plan.exercises
        if not asked and exercises and plan.day_number(today - timedelta(days=1)):
            ExerciseFeedback.objects.create(
                patient=patient,
                exercise_id=exercises[-1].id,
                date=today - timedelta(days=1),
                kind=ExerciseFeedback.Kind.TOO_PAINFUL,
            )
            asked = True
        if rng.random() < 0.5:
            walking_today.append((patient, plan))
    Tick.objects.bulk_create(ticks)
    ModuleRead.objects.bulk_create(reads)
    ModuleAnswer.objects.bulk_create(answers)
    # Through the same path as a tap on the phone, so the day logs follow.
    for patient, plan in walking_today:
        days.tick(patient, plan, today, Tick.Kind.WALK, "1")
        first = plan.engine_plan.exercises[:1]
        if first:
            days.tick(patient, plan, today, Tick.Kind.EXERCISE, first[0].id)
