"""The patient's private calendar feed (iCalendar): the exercise days of this week and the
next, and the days a questionnaire is due.

Nothing clinical is in it: every exercise day is called "Oefenen voor uw rug" and every
due questionnaire "Vragenlijst invullen", whatever is planned or asked. Calendar apps
cannot log in, so the address itself is the key (``ReminderSettings.calendar_token``).
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from ruggensteun.clinical.programme.adherence import stored_planned_days
from ruggensteun.intake.status import programme_clearance
from ruggensteun.patients.models import Patient
from ruggensteun.programme.models import Programme, WeeklyPlan
from ruggensteun.questionnaires.models import Assignment

DAYS_PER_WEEK = 7


def exercise_days(starts_on: date, days_per_week: int) -> list[date]:
    """The days of a week (``starts_on`` and the 6 after it) to exercise on: the plan says
    how many, not which, so they are spread evenly from the first day (3 days: the 1st,
    3rd and 5th; 5 days: the 1st, 2nd, 3rd, 5th and 6th). A layout choice, not a rule."""
    count = max(0, min(days_per_week, DAYS_PER_WEEK))
    return [starts_on + timedelta(days=(index * DAYS_PER_WEEK) // count) for index in range(count)]


def exercising_week(patient: Patient) -> WeeklyPlan | None:
    """The week in force, when the patient may exercise: the programme runs (not paused)
    and no red flag holds it (``intake.status.programme_clearance``)."""
    current = WeeklyPlan.objects.current_for(patient)
    if current is None or current.programme.status != Programme.Status.ACTIVE:
        return None
    if not programme_clearance(patient).allowed:
        return None
    return current


def planned_days(plan: WeeklyPlan) -> int:
    """The exercise days the week asks for, as the plan engine counts them."""
    return stored_planned_days(plan.plan)


@dataclass(frozen=True)
class CalendarDay:
    day: date
    kind: str  # "exercise" or "questionnaire"


def calendar_days(patient: Patient, today: date) -> list[CalendarDay]:
    """This week's and next week's exercise days, and the open questionnaires' due days.

    Next week is its plan when there is one; while the programme runs and next week is
    not planned yet, its days follow this week's (the feed is fetched again every day).
    A paused or ended programme has no exercise days, and neither has a patient whose
    programme waits for a red flag to be handled (the GP's advice comes first).
    """
    days: list[CalendarDay] = []
    current = exercising_week(patient)
    window_start = today
    if current is not None:
        programme = current.programme
        window_start = current.starts_on
        next_plan = (
            WeeklyPlan.objects.filter(programme=programme, starts_on__gt=current.starts_on)
            .order_by("starts_on")
            .first()
        )
        weeks = [(current.starts_on, planned_days(current))]
        if next_plan is not None:
            weeks.append((next_plan.starts_on, planned_days(next_plan)))
        else:
            weeks.append((current.ends_on + timedelta(days=1), planned_days(current)))
        for starts_on, count in weeks:
            days += [CalendarDay(day, "exercise") for day in exercise_days(starts_on, count)]
    due = (
        Assignment.objects.for_patient(patient)
        .visible_to_patient()
        .open()
        .filter(due_on__gte=min(window_start, today - timedelta(days=DAYS_PER_WEEK)))
        .values_list("due_on", flat=True)
        .distinct()
    )
    days += [CalendarDay(day, "questionnaire") for day in sorted(set(due))]
    return sorted(days, key=lambda item: (item.day, item.kind))


def _uid(patient: Patient, item: CalendarDay) -> str:
    # Stable across fetches (so a calendar app updates events instead of adding new ones)
    # and meaningless outside this feed.
    seed = f"{settings.SECRET_KEY}:{patient.pk}:{item.kind}:{item.day.isoformat()}"
    return f"{hashlib.sha256(seed.encode()).hexdigest()[:32]}@ruggensteun"


def feed(patient: Patient, today: date, *, now: datetime | None = None) -> bytes:
    """The iCalendar file, in the patient's language."""
    now = now or timezone.now()
    link = settings.SITE_URL + reverse("web:home")
    with translation.override(patient.user.language):
        titles = {
            "exercise": _("Oefenen voor uw rug"),
            "questionnaire": _("Vragenlijst invullen"),
        }
        descriptions = {
            "exercise": _("Uw oefeningen van vandaag staan in Ruggensteun: %(link)s"),
            "questionnaire": _("Er staat een vragenlijst voor u klaar in Ruggensteun: %(link)s"),
        }
        calendar = Calendar()
        calendar.add("prodid", "-//Ruggensteun//Mijn programma//NL")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", "Ruggensteun")
        calendar.add("x-published-ttl", "PT12H")
        calendar.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
        for item in calendar_days(patient, today):
            event = Event()
            event.add("uid", _uid(patient, item))
            event.add("dtstamp", now)
            event.add("dtstart", item.day)
            event.add("dtend", item.day + timedelta(days=1))
            event.add("summary", titles[item.kind])
            event.add("description", descriptions[item.kind] % {"link": link})
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    return calendar.to_ical()
