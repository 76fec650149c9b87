"""The weekly check-in's course: which days it covers, when it is due, and submitting it
(the check-in and its day logs in one transaction under the patient's lock, then triage).

A check-in asks about a week that has ended, never about days still to come: with a
running programme, the last programme week that has ended (so none during week 1); without
one, the seven days ending yesterday. Either way a check-in covers seven whole days.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import EllipsisType
from typing import Any

from django.db import transaction
from django.db.models import Case, Q, When
from django.utils import timezone

from ruggensteun.clinical.triage.texts import load_texts
from ruggensteun.diary import weekfill
from ruggensteun.diary.models import CheckIn
from ruggensteun.intake.assessment import assess_checkin
from ruggensteun.intake.models import RedFlagAlert, TriageAssessment
from ruggensteun.intake.status import BLOCKING_URGENCIES
from ruggensteun.patients.models import Patient
from ruggensteun.programme.models import DayLog, Programme
from ruggensteun.questionnaires.models import QuestionnaireResponse

DAYS_PER_WEEK = 7


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    week_ends_on: date  # the last day of the week the period belongs to
    plan_week: int | None  # the programme's week number, None without a programme

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    @property
    def is_whole_week(self) -> bool:
        return self.end == self.week_ends_on


def running_programme(patient: Patient) -> Programme | None:
    return Programme.objects.running().filter(patient=patient).first()


def _known(patient: Patient, programme: Programme | EllipsisType | None) -> Programme | None:
    """The running programme the caller read (None: there is none), or read now (``...``)."""
    return running_programme(patient) if programme is ... else programme


def _first_day(programme: Programme) -> date:
    """The first day of the programme's week 1."""
    first = programme.plans.order_by("week").values_list("starts_on", flat=True).first()
    return first if first is not None else timezone.localdate(programme.started_at)


def period_for(
    patient: Patient, today: date, *, programme: Programme | None = None
) -> Period | None:
    """The week the check-in asks about today; None while a programme is in its first
    week (no programme week has ended yet: see ``first_checkin_on``). ``programme`` is the
    running programme when the caller has it already (one query less)."""
    return _period(today, programme or running_programme(patient))


def _period(today: date, programme: Programme | None) -> Period | None:
    if programme is None:
        end = today - timedelta(days=1)
        return Period(end - timedelta(days=DAYS_PER_WEEK - 1), end, end, None)
    ended = (
        programme.plans.history()
        .filter(starts_on__lte=today - timedelta(days=DAYS_PER_WEEK))
        .order_by("-week")
        .first()
    )
    if ended is None:
        return None
    return Period(ended.starts_on, ended.ends_on, ended.ends_on, ended.week)


def first_checkin_on(patient: Patient) -> date | None:
    """The day the first check-in of the running programme opens: the day after week 1."""
    programme = running_programme(patient)
    if programme is None:
        return None
    return _first_day(programme) + timedelta(days=DAYS_PER_WEEK)


# A form filled offline may be sent days later; it still speaks of the days it showed.
LATE_SUBMISSION_DAYS = 14


def period_shown(
    patient: Patient,
    start: str | None,
    end: str | None,
    today: date,
    *,
    programme: Programme | EllipsisType | None = ...,
) -> Period | None:
    """The days a submitted form was about (its hidden ``period_start``/``period_end``), so
    a check-in sent later from the browser's outbox lands in the week it was filled in;
    the current period when those are missing or make no sense (None when there is none).
    ``programme``: the running programme (None: none runs) when the caller has read it."""
    current = _period(today, _known(patient, programme))
    try:
        first, last = date.fromisoformat(str(start)), date.fromisoformat(str(end))
    except ValueError:
        return current
    if current is not None and (first, last) == (current.start, current.end):
        return current
    if (
        last - first == timedelta(days=DAYS_PER_WEEK - 1)
        and last < today
        and (today - last).days <= LATE_SUBMISSION_DAYS
    ):
        return Period(first, last, last, None)
    return current


def is_due(patient: Patient, today: date, *, programme: Programme | None = None) -> bool:
    """Whether the weekly check-in is due: a programme week has ended and there is no
    check-in for it yet. ``programme``: the running programme, if the caller has it."""
    period = period_for(patient, today, programme=programme)
    if period is None or period.plan_week is None:
        return False
    return (
        not CheckIn.objects.submitted().filter(patient=patient, period_start=period.start).exists()
    )


def parse_key(raw: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw))
    except (TypeError, ValueError):
        return None


def submitted_with_key(patient: Patient, key: uuid.UUID) -> CheckIn | None:
    return CheckIn.objects.submitted().filter(patient=patient, submission_key=key).first()


def draft_for(patient: Patient, period: Period) -> CheckIn | None:
    """The newest unsent check-in of this period, to be offered again."""
    return (
        CheckIn.objects.drafts()
        .filter(patient=patient, period_start=period.start)
        .order_by("-created_at", "-id")
        .first()
    )


def row_for(patient: Patient, key: uuid.UUID, period: Period) -> CheckIn | None:
    """The row a form with this key writes to, locked: the one with the key; else the
    period's newest unsent draft (one draft per patient and period, whatever key a form
    brought: issue #11, finding 12); None when there is neither. One query (issue #15).
    A row with the key that is submitted already means the form was sent before."""
    return (
        CheckIn.objects.select_for_update()
        .filter(patient=patient)
        .filter(Q(submission_key=key) | Q(submitted_at__isnull=True, period_start=period.start))
        .order_by(Case(When(submission_key=key, then=0), default=1), "-created_at", "-id")
        .first()
    )


def save_draft(
    patient: Patient, key: uuid.UUID, period: Period, values: dict[str, Any]
) -> uuid.UUID:
    """Keep the valid part of a refused form in the period's one draft (nothing when the
    key was already sent). Returns the key the form is to carry on: the draft's."""
    with transaction.atomic():
        # The patient's lock, as ``store`` holds it: a draft is never made under a key
        # that a check-in being stored at the same moment is about to insert.
        DayLog.objects.lock(patient)
        row = row_for(patient, key, period)
        if row is None:  # get_or_create: the same form sent twice at once makes one row
            row, _created = CheckIn.objects.select_for_update().get_or_create(
                patient=patient,
                submission_key=key,
                defaults={"period_start": period.start, "period_end": period.end},
            )
        if row.is_submitted:
            return key
        for name, value in values.items():
            setattr(row, name, value)
        row.period_start, row.period_end = period.start, period.end
        row.save()
        return row.submission_key


def store(
    patient: Patient,
    row: CheckIn | None,
    key: uuid.UUID,
    period: Period,
    values: dict[str, Any],
    days: list[weekfill.DaySlot],
) -> CheckIn:
    """Store the check-in and write its week into the day logs, in the caller's transaction,
    after ``weekfill.locked_slots`` read ``days`` and ``row_for`` found ``row`` (not
    submitted) in it. Not triaged yet: ``triage`` it after the transaction commits.

    The row is written once, with what it wrote into the day logs (issue #15). A new key
    is inserted without get_or_create: every writer of the patient's check-ins holds the
    patient's lock (``locked_slots``, ``save_draft``), so no other can insert it meanwhile.
    """
    checkin = row or CheckIn(patient=patient)
    checkin.submission_key = key  # a draft sent under the form's key
    for name, value in values.items():
        setattr(checkin, name, value)
    checkin.period_start, checkin.period_end = period.start, period.end
    checkin.submitted_at = timezone.now()
    checkin.day_logs_filled = weekfill.fill(checkin, days)
    checkin.save()
    return checkin


def weekly_pain(patient: Patient) -> list[int]:
    """The weekly pain scores since the running programme started, oldest first: one per
    programme week (the newest check-in about a week counts); none without a programme.

    triage.md §2, NO_RECOVERY (revision 2): counted in programme weeks, so pain from before
    the programme never counts towards "no recovery".
    """
    return _weekly_pain(patient, _programme_start(patient))


def _programme_start(patient: Patient) -> date | None:
    """The first day of the running programme, None without one."""
    programme = running_programme(patient)
    return None if programme is None else _first_day(programme)


def _weekly_pain(patient: Patient, first: date | None) -> list[int]:
    if first is None:
        return []
    by_week: dict[int, int] = {}
    for start, pain in (
        CheckIn.objects.submitted()
        .filter(patient=patient, pain__isnull=False, period_start__gte=first)
        .order_by("submitted_at", "id")
        .values_list("period_start", "pain")
    ):
        by_week[(start - first).days // DAYS_PER_WEEK] = pain
    return [by_week[week] for week in sorted(by_week)]


def _gpe_improved(patient: Patient, first: date | None) -> bool:
    """Whether a GPE submitted since the running programme started (``first``, its first
    day) says "much improved" or "completely recovered" (answers 1-2, the ``improved``
    score of the GPE instrument data): triage.md §2, NO_RECOVERY does not fire then."""
    if first is None:
        return False
    since = datetime.combine(first, datetime.min.time())
    responses = (
        QuestionnaireResponse.objects.for_patient(patient)
        .submitted()
        .of("gpe")
        .filter(submitted_at__gte=timezone.make_aware(since))
        .values_list("scores", flat=True)
    )
    return any(bool(scores and scores.get("improved")) for scores in responses)


def triage(checkin: CheckIn, *, programme: Programme | EllipsisType | None = ...) -> None:
    """Triage the check-in's red-flag answers with the intake (raising alerts for new
    flags), and keep the advice to show when a flag that calls for the GP newly fired.
    ``programme``: the running programme (None: none runs) when the caller has read it.
    The programme's first day and the latest assessment are read once (issue #15)."""
    patient = checkin.patient
    before = TriageAssessment.objects.latest_for(patient)
    running = _known(patient, programme)
    first = None if running is None else _first_day(running)
    assessment = assess_checkin(
        patient,
        checkin.red_flags,
        weekly_pain=_weekly_pain(patient, first),
        gpe_improved=_gpe_improved(patient, first),
        previous=before,
    )
    is_new = before is None or assessment.pk != before.pk
    fired = (
        list(
            RedFlagAlert.objects.filter(
                assessment=assessment, urgency__in=BLOCKING_URGENCIES
            ).values_list("rule_id", flat=True)
        )
        if is_new
        else []
    )
    checkin.assessment = assessment
    checkin.triaged_at = timezone.now()
    if fired:
        checkin.advice_rules = fired
        checkin.advice_urgency = (
            assessment.urgency if assessment.urgency in BLOCKING_URGENCIES else "soon"
        )
    checkin.save(update_fields=["assessment", "triaged_at", "advice_rules", "advice_urgency"])


def ensure_triaged(checkin: CheckIn) -> None:
    """A check-in stored but not triaged (the request broke off in between) is triaged now."""
    if checkin.is_submitted and checkin.triaged_at is None:
        triage(checkin)


def advice_for(checkin: CheckIn) -> dict[str, Any] | None:
    """What the patient must read at once, or None: the advice for the urgency and the
    reasons of the rules that newly fired."""
    if not checkin.advice_urgency:
        return None
    rules = []
    if checkin.assessment is not None:
        rules = [
            rule
            for rule in checkin.assessment.details.get("rules", [])
            if rule["id"] in checkin.advice_rules
        ]
    return {
        "urgency": checkin.advice_urgency,
        "text": load_texts().advice[checkin.advice_urgency].patient,
        "rules": rules,
        "emergency": checkin.advice_urgency == "emergency",
    }
