"""The bounds of every date a user enters (issue #11, finding 1).

A date before 1900 or far in the future is a typing error or a hostile request, never
care: a diary entry of the year 1 once took the diary pages and the own-data ZIP down.
Forms check the precise bounds (not before the patient's birth, not after today, or a
short time ahead for planned dates); the database keeps the wide bounds below as CHECK
constraints, so a row outside them can never be stored by any path.
"""

from datetime import date
from typing import Any

# The database's wide bounds (CHECK constraints in the migrations hold these values).
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2100, 12, 31)


def earliest_day(patient: Any) -> date:
    """The first day a date about this patient can be: their birth, or 1900 if unknown."""
    born = getattr(patient, "date_of_birth", None) if patient is not None else None
    return max(born, EARLIEST_DAY) if born is not None else EARLIEST_DAY
