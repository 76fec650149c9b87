"""Triage urgencies, highest first (triage.md §2)."""

from typing import Final, Literal

Urgency = Literal["emergency", "urgent", "soon", "routine", "none"]

URGENCIES: Final[tuple[Urgency, ...]] = ("emergency", "urgent", "soon", "routine", "none")


def rank(urgency: Urgency) -> int:
    """Higher is more urgent: ``none`` is 0, ``emergency`` is 4."""
    return len(URGENCIES) - 1 - URGENCIES.index(urgency)


def highest(urgencies: list[Urgency]) -> Urgency:
    """The most urgent of ``urgencies``; ``none`` for an empty list."""
    return max(urgencies, key=rank, default="none")
