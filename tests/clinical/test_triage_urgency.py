"""The one urgency order every page sorts red flags by (triage.md §2)."""

from ruggensteun.clinical.triage.urgency import (
    LOCKDOWN_URGENCIES,
    SAFETY_URGENCIES,
    URGENCIES,
    most_urgent_first,
)


def test_red_flags_sort_emergency_urgent_soon_routine():
    shuffled = ["routine", "soon", "emergency", "urgent"]
    assert sorted(shuffled, key=most_urgent_first) == ["emergency", "urgent", "soon", "routine"]


def test_an_unknown_urgency_sorts_after_every_known_one():
    assert most_urgent_first("later") > max(map(most_urgent_first, URGENCIES))


def test_lockdown_is_the_most_urgent_part_of_the_safety_urgencies():
    assert URGENCIES[:3] == SAFETY_URGENCIES
    assert SAFETY_URGENCIES[:2] == LOCKDOWN_URGENCIES
