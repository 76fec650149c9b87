"""Triage urgencies, highest first (triage.md §2)."""

from typing import Final, Literal

Urgency = Literal["emergency", "urgent", "soon", "routine", "none"]

URGENCIES: Final[tuple[Urgency, ...]] = ("emergency", "urgent", "soon", "routine", "none")

# What keeps the self-management programme from starting: an emergency, urgent or soon
# result (triage.md §2 "stops", "waits"; the product issue for the intake: "in all three
# cases the self-management programme does not start"). With "soon" the patient keeps
# moving as usual, but the programme waits until the GP has been seen. A routine flag is
# discussed at the next appointment and does not block.
SAFETY_URGENCIES: Final[tuple[Urgency, ...]] = ("emergency", "urgent", "soon")

# While one of these is open the patient sees only the advice and the practice's contact
# card, and reminders pause (issue #10: after an emergency or urgent result nothing may
# suggest the programme goes on as usual).
LOCKDOWN_URGENCIES: Final[tuple[Urgency, ...]] = ("emergency", "urgent")


def rank(urgency: Urgency) -> int:
    """Higher is more urgent: ``none`` is 0, ``emergency`` is 4."""
    return len(URGENCIES) - 1 - URGENCIES.index(urgency)


def most_urgent_first(urgency: str) -> int:
    """Sort key, most urgent first: ``emergency`` is 0, ``none`` 4, anything else after."""
    return URGENCIES.index(urgency) if urgency in URGENCIES else len(URGENCIES)


def highest(urgencies: list[Urgency]) -> Urgency:
    """The most urgent of ``urgencies``; ``none`` for an empty list."""
    return max(urgencies, key=rank, default="none")
