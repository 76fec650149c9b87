"""Patients with a running programme, the pain diary turned on, and a calm check-in to post."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from ruggensteun.diary.forms import RED_FLAG_PREFIX, red_flag_questions
from ruggensteun.diary.models import PainDiary
from ruggensteun.programme import planning
from tests.programme.conftest import classify

# The patient's intake NPRS is 5 and the episode 3 weeks old: a weekly pain of 3 or less
# keeps the NO_RECOVERY rule (triage.md §2) quiet.
CALM_PAIN = 3


def today():
    return timezone.localdate()


@pytest.fixture
def running(patient, therapist):
    """The patient's programme started seven days ago: week 1 ended yesterday."""
    classify(patient, therapist)
    programme = planning.start_programme(
        patient, therapist, approve_each_week=False, today=today() - timedelta(days=7)
    )
    return programme.plans.get(week=1)


@pytest.fixture
def diary_on(patient, therapist):
    return PainDiary.objects.create(patient=patient, is_on=True, changed_by=therapist)


def calm_checkin(plan=None, **changes):
    """A complete check-in: pain 3, 140 minutes of walking, 4 exercise days, fair sleep and
    stress, no flare-up, "no" to every red-flag question."""
    if plan is not None:
        start, end = plan.starts_on, plan.ends_on
    else:  # without a programme: the seven days ending yesterday
        start, end = today() - timedelta(days=7), today() - timedelta(days=1)
    data = {
        "submission_key": str(uuid.uuid4()),
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "pain": CALM_PAIN,
        "walking_mode": "week",
        "walking_minutes_week": 140,
        "exercise_days": 4,
        "sleep": 4,
        "stress": 2,
        "flare": "nee",
    }
    for question in red_flag_questions():
        data[RED_FLAG_PREFIX + question.field] = "nee" if question.type == "boolean" else "none"
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def diary_post(**changes):
    now = timezone.localtime()
    data = {
        "submission_key": str(uuid.uuid4()),
        "day": now.date().isoformat(),
        "time": now.strftime("%H:%M"),
        "pain": 6,
        "regions": ["lower_back_middle", "buttock_left"],
        "activity": "sitting",
        "activity_note": "lang in de auto",
        "duration": "up_to_120",
        "medication": "paracetamol 500 mg",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}
