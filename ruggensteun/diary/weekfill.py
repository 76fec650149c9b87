"""Writing a weekly check-in into the day logs, so next week's plan uses it.

The programme engine reads one ``DayLog`` per day (walking minutes, exercise sessions,
pain, flare-up). A check-in speaks of the week as a whole; it fills the days of its period
like this:

- **A value the patient ticked for a day is never replaced.** Only open values are
  written: those still empty, and those an earlier check-in wrote and nobody changed since
  (a newer check-in knows the week better than an older one).
- **Walking, per day**: each open day gets the minutes entered for it (a day left empty
  stays empty). **Per week**: the minutes not yet accounted for by ticked days are spread
  evenly over the open days (a remainder goes to the first days).
- **Exercise days**: the engine counts a day once if ``exercise_sessions`` >= 1. Ticked
  days with a session count toward the number reported; the rest go to the open days (1),
  first to those on which the patient ticked at least one exercise off on Today, then
  spread evenly over the others; the other open days get 0. More days than can be placed
  are kept on the check-in only.
- **Pre-filled on the form**: the days with at least one exercise ticked off are offered
  as the answer to "on how many days did you exercise?" (``ticked_exercise_days``), as the
  ticked walking minutes are shown; the patient can change it.
- **Pain**: the week's average goes to every open day (the engine takes the median of the
  week, and counts days well above the usual level as a flare-up, programme.md §5).
- **Flare-up**: "no" writes no to the open days. "Yes" marks the last open day; if every
  day was ticked "no", the last day of the period is marked all the same: a reported
  flare-up must reach the engine (programme.md §5: step back after a flare-up), and the
  patient's newest word is that there was one.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from ruggensteun.diary.models import CheckIn
from ruggensteun.programme.models import DayLog
from ruggensteun.today.models import Tick

FIELDS = ("walking_minutes", "exercise_sessions", "pain", "flare")
MAX_WALKING_PER_DAY = 720  # minutes one can enter for a day (12 hours; DayLog allows 24)


@dataclass
class DaySlot:
    """One day of the period: its log (if any) and what earlier check-ins wrote into it."""

    day: date
    log: DayLog | None
    by_checkins: dict[str, Any] = field(default_factory=dict)
    # At least one exercise ticked off on Today that day (and not undone).
    exercise_ticked: bool = False

    def value(self, name: str) -> Any:
        return getattr(self.log, name) if self.log is not None else None

    def is_open(self, name: str) -> bool:
        """Empty, or written by an earlier check-in and not changed since."""
        value = self.value(name)
        return value is None or (name in self.by_checkins and self.by_checkins[name] == value)

    @property
    def ticked_walking(self) -> int | None:
        return None if self.is_open("walking_minutes") else self.value("walking_minutes")


def slots(patient: Any, start: date, end: date, *, exclude: CheckIn | None = None) -> list[DaySlot]:
    """The days ``start``..``end`` with their logs, earlier check-ins' values and the days
    with an exercise ticked off: 3 queries."""
    logs = {
        log.date: log for log in DayLog.objects.filter(patient=patient, date__range=(start, end))
    }
    earlier: dict[str, dict[str, Any]] = {}
    checkins = (
        CheckIn.objects.submitted()
        .filter(patient=patient, period_start__lte=end, period_end__gte=start)
        .order_by("submitted_at", "id")
    )
    if exclude is not None:
        checkins = checkins.exclude(pk=exclude.pk)
    for filled in checkins.values_list("day_logs_filled", flat=True):
        for iso, values in filled.items():
            earlier.setdefault(iso, {}).update(values)
    exercised = set(
        Tick.objects.standing()
        .filter(patient=patient, kind=Tick.Kind.EXERCISE, date__range=(start, end))
        .values_list("date", flat=True)
        .distinct()
    )
    days = [date.fromordinal(n) for n in range(start.toordinal(), end.toordinal() + 1)]
    return [
        DaySlot(day, logs.get(day), earlier.get(day.isoformat(), {}), day in exercised)
        for day in days
    ]


def ticked_exercise_days(days: list[DaySlot]) -> int:
    """The days with at least one exercise ticked off: the form's pre-filled answer."""
    return sum(1 for slot in days if slot.exercise_ticked)


def spread(total: int, parts: int) -> list[int]:
    """``total`` in ``parts`` whole numbers that differ by at most 1, larger ones first."""
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


def evenly(count: int, chosen: int) -> set[int]:
    """``chosen`` of the indexes 0..count-1, spread over the range."""
    return {(2 * index + 1) * count // (2 * chosen) for index in range(chosen)}


def open_walking_room(days: list[DaySlot]) -> tuple[int, int]:
    """(minutes already ticked, number of open days) for walking."""
    ticked = sum(slot.ticked_walking or 0 for slot in days)
    return ticked, sum(1 for slot in days if slot.is_open("walking_minutes"))


def plan(days: list[DaySlot], checkin: CheckIn) -> dict[date, dict[str, Any]]:
    """What the check-in writes into each day: day -> {field: value} (None clears a value
    an earlier check-in wrote)."""
    writes: dict[date, dict[str, Any]] = {slot.day: {} for slot in days}

    def open_days(name: str) -> list[DaySlot]:
        return [slot for slot in days if slot.is_open(name)]

    walking = open_days("walking_minutes")
    if checkin.walking_mode == CheckIn.WalkingMode.DAY:
        for slot in walking:
            minutes = checkin.walking_minutes_days.get(slot.day.isoformat())
            if minutes is not None:
                writes[slot.day]["walking_minutes"] = minutes
    elif checkin.walking_minutes_week is not None and walking:
        ticked, _count = open_walking_room(days)
        rest = max(0, checkin.walking_minutes_week - ticked)
        for slot, minutes in zip(walking, spread(rest, len(walking)), strict=True):
            writes[slot.day]["walking_minutes"] = minutes

    if checkin.exercise_days is not None:
        exercise = open_days("exercise_sessions")
        done = sum(
            1
            for slot in days
            if not slot.is_open("exercise_sessions") and (slot.value("exercise_sessions") or 0) >= 1
        )
        needed = min(max(0, checkin.exercise_days - done), len(exercise))
        # The days the patient ticked an exercise off first, then spread over the rest.
        ticked = [slot for slot in exercise if slot.exercise_ticked][:needed]
        others = [slot for slot in exercise if not slot.exercise_ticked]
        rest = needed - len(ticked)
        chosen = {others[index].day for index in evenly(len(others), rest)} if rest else set()
        chosen |= {slot.day for slot in ticked}
        for slot in exercise:
            writes[slot.day]["exercise_sessions"] = 1 if slot.day in chosen else 0

    if checkin.pain is not None:
        for slot in open_days("pain"):
            writes[slot.day]["pain"] = checkin.pain

    flare = open_days("flare")
    if checkin.flare is False:
        for slot in flare:
            writes[slot.day]["flare"] = False
    elif checkin.flare is True:
        ticked_yes = any(slot.value("flare") is True for slot in days if not slot.is_open("flare"))
        for slot in flare:
            writes[slot.day]["flare"] = None
        if not ticked_yes:
            last = flare[-1] if flare else days[-1]
            writes[last.day]["flare"] = True
    return {day: values for day, values in writes.items() if values}


def apply(patient: Any, days: list[DaySlot], writes: Mapping[date, dict[str, Any]]) -> None:
    """Store ``writes`` in the day logs (a row is made only for a day that gets a value)."""
    now = timezone.now()
    by_day = {slot.day: slot for slot in days}
    for day, values in writes.items():
        log = by_day[day].log
        if log is None:
            if all(value is None for value in values.values()):
                continue
            DayLog.objects.create(patient=patient, date=day, updated_at=now, **values)
            continue
        changed = [name for name, value in values.items() if getattr(log, name) != value]
        if changed:
            for name in changed:
                setattr(log, name, values[name])
            log.updated_at = now
            log.save(update_fields=[*changed, "updated_at"])


def locked_slots(patient: Any, start: date, end: date) -> list[DaySlot]:
    """``slots`` read under the patient's day-log lock (``DayLog.objects.lock``: every
    writer of day logs takes it first, issue #15), for the caller's transaction: what the
    form is checked against and what ``fill`` then writes from, read once (4 queries)."""
    DayLog.objects.lock(patient)
    return slots(patient, start, end)


def fill(checkin: CheckIn, days: list[DaySlot] | None = None) -> dict[str, dict[str, Any]]:
    """Write the check-in into the day logs of its period; returns what it wrote, by ISO
    date, for ``CheckIn.day_logs_filled``. Runs in the caller's transaction. ``days``: the
    period's ``locked_slots``, read in this transaction (the check-in not yet submitted,
    so none of its own values are among them); without them they are read here."""
    if days is None:
        DayLog.objects.lock(checkin.patient)
        days = slots(checkin.patient, checkin.period_start, checkin.period_end, exclude=checkin)
    writes = plan(days, checkin)
    apply(checkin.patient, days, writes)
    return {day.isoformat(): values for day, values in writes.items()}
