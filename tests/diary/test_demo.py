"""The demo: check-ins made from the programme demo's day logs, and two pain diaries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ruggensteun.diary import demo
from ruggensteun.diary.models import CheckIn, DiaryEntry, PainDiary
from ruggensteun.programme.models import DayLog
from tests.diary.conftest import today
from tests.programme.conftest import log_week


@pytest.fixture
def two_weeks(patient, therapist, running):
    """Week 1 logged (pain 4, a flare-up on day 3) and ended; week 2 running."""
    from ruggensteun.programme import planning

    log_week(patient, running, walking=20, sessions=1, pain=4, flare=True)
    planning.advance(running.programme, today() + timedelta(days=1))
    return running


def test_a_finished_week_gets_the_check_in_its_day_logs_tell(patient, two_weeks):
    before = list(DayLog.objects.order_by("id").values())
    demo.populate_demo([patient], today() + timedelta(days=1))

    checkin = CheckIn.objects.get(patient=patient)
    assert (checkin.period_start, checkin.period_end) == (two_weeks.starts_on, two_weeks.ends_on)
    assert (checkin.pain, checkin.walking_minutes_week, checkin.exercise_days) == (4, 140, 7)
    assert checkin.flare is True
    assert checkin.is_submitted and checkin.triaged_at is not None
    assert set(checkin.red_flags.values()) <= {False, "none"}
    assert 1 <= checkin.sleep <= 5 and 1 <= checkin.stress <= 5
    assert list(DayLog.objects.order_by("id").values()) == before


def test_the_demo_turns_the_diary_on_for_a_patient_with_weeks_of_check_ins(
    patient, therapist, two_weeks
):
    from ruggensteun.programme import planning

    log_week(patient, two_weeks.programme.plans.get(week=2), walking=20, pain=3)
    planning.advance(two_weeks.programme, today() + timedelta(days=8))
    demo.populate_demo([patient], today() + timedelta(days=8))

    diary = PainDiary.objects.get(patient=patient)
    assert diary.is_on and diary.changed_by == therapist
    entries = DiaryEntry.objects.filter(patient=patient)
    assert entries.count() >= 5
    assert all(entry.felt_at < timezone.now() + timedelta(days=8) for entry in entries)


def test_running_the_demo_again_adds_nothing(patient, two_weeks):
    demo.populate_demo([patient], today() + timedelta(days=1))
    demo.populate_demo([patient], today() + timedelta(days=1))
    assert CheckIn.objects.filter(patient=patient).count() == 1
