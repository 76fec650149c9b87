"""Whether the weekly check-in is due, for Today's card and the message after a tick.

The check-in is the diary's: it decides (``diary.checkins.is_due``). The diary reads
Today's ticks, so it sits above Today; rather than import it back, Today asks through
the lookup the diary hands in from its AppConfig.ready (``set_checkin_due``, issue #13).
Until one is set no check-in is due.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

CheckinDue = Callable[..., bool]


def _never(patient: Any, day: date, *, programme: Any = None) -> bool:
    return False


_checkin_due: CheckinDue = _never


def set_checkin_due(lookup: CheckinDue) -> None:
    """Set how to tell whether a patient's check-in is due: ``lookup(patient, day,
    programme=...)`` (the diary does, with ``checkins.is_due``)."""
    global _checkin_due
    _checkin_due = lookup


def checkin_due(patient: Any, day: date, *, programme: Any = None) -> bool:
    """Whether the patient's weekly check-in is due on ``day``. ``programme``: the running
    programme, if the caller has it."""
    return _checkin_due(patient, day, programme=programme)
