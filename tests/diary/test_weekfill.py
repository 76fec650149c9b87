"""How a check-in is spread over the days of its week (no database needed)."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ruggensteun.diary.models import CheckIn
from ruggensteun.diary.weekfill import DaySlot, evenly, plan, spread
from ruggensteun.programme.models import DayLog

MONDAY = date(2026, 3, 2)


def week(*logs, by_checkins=None):
    """Seven days; ``logs`` maps a day number (1-7) to DayLog values."""
    given_logs = dict(logs)
    slots = []
    for number in range(1, 8):
        values = given_logs.get(number)
        log = DayLog(date=MONDAY + timedelta(days=number - 1), **values) if values else None
        slots.append(
            DaySlot(MONDAY + timedelta(days=number - 1), log, (by_checkins or {}).get(number, {}))
        )
    return slots


def checkin(**values):
    return CheckIn(walking_mode="week", **values)


def by_number(writes, name):
    return {
        (day - MONDAY).days + 1: values[name] for day, values in writes.items() if name in values
    }


def test_spread_keeps_the_total_and_puts_the_remainder_first():
    assert spread(115, 6) == [20, 19, 19, 19, 19, 19]
    assert spread(0, 3) == [0, 0, 0]


@given(total=st.integers(0, 5000), parts=st.integers(1, 7))
def test_spread_always_adds_up_and_differs_by_at_most_one(total, parts):
    pieces = spread(total, parts)
    assert sum(pieces) == total and max(pieces) - min(pieces) <= 1


@given(count=st.integers(1, 7), data=st.data())
def test_evenly_chooses_exactly_that_many_different_days(count, data):
    chosen = data.draw(st.integers(1, count))
    picked = evenly(count, chosen)
    assert len(picked) == chosen and picked <= set(range(count))


def test_evenly_spreads_three_of_seven_over_the_week():
    assert evenly(7, 3) == {1, 3, 5}


def test_ticked_minutes_count_toward_the_weekly_total():
    writes = plan(week((1, {"walking_minutes": 60})), checkin(walking_minutes_week=120))
    assert by_number(writes, "walking_minutes") == {2: 10, 3: 10, 4: 10, 5: 10, 6: 10, 7: 10}


def test_more_ticked_than_the_weekly_total_leaves_the_open_days_at_zero():
    writes = plan(week((1, {"walking_minutes": 200})), checkin(walking_minutes_week=100))
    assert set(by_number(writes, "walking_minutes").values()) == {0}


def test_more_exercise_days_than_can_be_placed_fills_every_open_day():
    ticked_no = {n: {"exercise_sessions": 0} for n in (1, 2, 3)}
    writes = plan(week(*ticked_no.items()), checkin(exercise_days=6))
    assert by_number(writes, "exercise_sessions") == {4: 1, 5: 1, 6: 1, 7: 1}


def test_a_value_an_earlier_check_in_wrote_is_open_again():
    slots = week((1, {"pain": 5}), (2, {"pain": 6}), by_checkins={1: {"pain": 5}})
    writes = plan(slots, checkin(pain=2))
    assert by_number(writes, "pain") == {1: 2, 3: 2, 4: 2, 5: 2, 6: 2, 7: 2}


def test_a_flare_up_already_ticked_is_not_marked_again():
    writes = plan(week((3, {"flare": True})), checkin(flare=True))
    assert True not in by_number(writes, "flare").values()


def test_no_flare_up_fills_the_open_days_with_no():
    writes = plan(week((3, {"flare": True})), checkin(flare=False))
    assert by_number(writes, "flare") == {n: False for n in (1, 2, 4, 5, 6, 7)}


def test_walking_left_empty_writes_nothing():
    writes = plan(week(), CheckIn(walking_mode="day", walking_minutes_days={}))
    assert writes == {}
