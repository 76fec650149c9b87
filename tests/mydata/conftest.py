"""A patient some weeks into her programme, with day logs and questionnaire scores."""

import copy
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from ruggensteun.programme import planning
from ruggensteun.programme.models import DayLog, Programme, WeeklyPlan
from tests.programme.conftest import classify
from tests.questionnaires.conftest import submitted


def week_start(weeks: int):
    """The first day of the first of ``weeks`` weeks that end with the current one (today is
    the third day of the last week)."""
    return timezone.localdate() - timedelta(days=7 * (weeks - 1) + 2)


def give_programme(patient, therapist, *, weeks, pains=None, walking=None, goal=None, days=5):
    """A running programme of ``weeks`` weeks up to today, every day logged.

    ``pains``/``walking``: a value per week for every day of that week (defaults: pain 6,
    walking at the goal); ``goal``: the walking goal per week (default: the engine's).
    """
    classify(patient, therapist)
    start = week_start(weeks)
    programme = planning.start_programme(patient, therapist, approve_each_week=False, today=start)
    first = programme.plans.get(week=1)
    template = copy.deepcopy(first.plan)
    for exercise in template["exercises"]:
        exercise["days_per_week"] = min(exercise["days_per_week"], days)
    first.plan = copy.deepcopy(template)
    if goal:
        first.plan["walking"]["minutes_per_day"] = goal[0]
    first.status = WeeklyPlan.Status.SUPERSEDED if weeks > 1 else WeeklyPlan.Status.ACTIVE
    first.save()
    plans = [first]
    for number in range(2, weeks + 1):
        plan = copy.deepcopy(template)
        plan["week"] = number
        plan["decision"] = "hold"
        if goal:
            plan["walking"]["minutes_per_day"] = goal[number - 1]
        plans.append(
            WeeklyPlan.objects.create(
                programme=programme,
                week=number,
                starts_on=start + timedelta(days=7 * (number - 1)),
                status=WeeklyPlan.Status.ACTIVE
                if number == weeks
                else WeeklyPlan.Status.SUPERSEDED,
                plan=plan,
                decision="hold",
            )
        )
    today = timezone.localdate()
    logs = []
    for index, plan in enumerate(plans):
        for offset in range(7):
            day = plan.starts_on + timedelta(days=offset)
            if day > today:
                break
            logs.append(
                DayLog(
                    patient=patient,
                    date=day,
                    pain=pains[index] if pains else 6,
                    walking_minutes=walking[index]
                    if walking
                    else plan.plan["walking"]["minutes_per_day"],
                    exercise_sessions=1 if offset < days - 1 else 0,
                    flare=False,
                )
            )
    DayLog.objects.bulk_create(logs)
    return Programme.objects.get(pk=programme.pk)


def scores(patient, instrument, values, key_answers):
    """Submitted responses of ``instrument``, one a month apart, oldest first."""
    now = timezone.now()
    for index, value in enumerate(values):
        when = now - timedelta(days=30 * (len(values) - 1 - index) + 1)
        submitted(patient, instrument, key_answers(value), when=when)


def nprs(value):
    return {"1": value}


def qbpds(total):
    """QBPDS answers (20 items, 0-5) that add up to ``total``."""
    answers, left = {}, total
    for item in range(1, 21):
        answers[str(item)] = min(5, left)
        left -= answers[str(item)]
    return answers


@pytest.fixture
def running(patient, therapist):
    return give_programme(patient, therapist, weeks=4, pains=[7, 6, 5, 4])


def at(hour, minute=0, days=0):
    """An aware datetime today (plus ``days``) at this local time."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))
