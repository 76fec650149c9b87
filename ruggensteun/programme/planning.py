"""The programme's course: may it start, the first week, the weekly rollover, approval,
pausing and ending. The plans come from the engine (``propose_week``); this module only
decides when to ask for one and what to store.

Choices where the programme text is silent:

- A week covers 7 days from its start date. The next week is proposed once the current
  one has ended; it starts the day after, or, when the therapist approves it later, on
  the day of approval (the days in between belong to no week).
- While ``programme_clearance`` refuses (an open red flag, open safety questions), no
  new week is proposed: a red flag is never hidden behind a programme.
- Weeks that were missed (the rollover did not run, e.g. the server was down) are
  proposed one after another in one run when they start by themselves; a programme that
  waits for approval gets one proposal at a time.
- A programme that was paused starts its next week on the day it resumes.
- Week 1 can be prepared instead of started (issue #12): it waits like a proposed week,
  the therapist changes it with the usual reasons, and it starts, and the patient hears of
  it, when the therapist approves it. Once it runs, the rules of a running week apply.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruggensteun.audit.log import Action, record
from ruggensteun.clinical.programme import plan_io
from ruggensteun.clinical.programme.engine import propose_week
from ruggensteun.clinical.programme.settings import ProgrammeSettings
from ruggensteun.intake.status import Classification, current_classification, programme_clearance
from ruggensteun.patients.models import Patient
from ruggensteun.programme.inputs import (
    ProfileIncomplete,
    build_history,
    build_profile,
    language_of,
    practice_settings,
)
from ruggensteun.programme.models import DAYS_PER_WEEK, Programme, WeeklyPlan
from ruggensteun.programme.start_notice import programme_started

logger = logging.getLogger(__name__)

# At most this many missed weeks are caught up in one run (half a year).
MAX_CATCH_UP_WEEKS = 26


class ProgrammeCannotStart(Exception):
    """The programme may not start (yet); ``reasons`` say why, for the therapist."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class Readiness:
    """Whether a programme may start for a patient, and the engine input if so."""

    reasons: tuple[str, ...]
    classification: Classification | None
    profile: plan_io.Profile | None = None
    settings: ProgrammeSettings | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    # True when the triage page is where the therapist can fill what is missing.
    needs_classification: bool = False

    @property
    def allowed(self) -> bool:
        return not self.reasons and self.profile is not None


def readiness(patient: Patient) -> Readiness:
    """May the programme start: the intake's clearance, and a complete engine profile."""
    classification = current_classification(patient)
    clearance = programme_clearance(patient)
    if not clearance.allowed:
        return Readiness(reasons=(clearance.reason,), classification=classification)
    try:
        profile = build_profile(patient, classification)
    except ProfileIncomplete as missing:
        text = _("Het programma kan nog niet starten. Nog niet bekend: %(missing)s.") % {
            "missing": ", ".join(missing.descriptions)
        }
        return Readiness(reasons=(text,), classification=classification, needs_classification=True)
    settings, overrides = practice_settings(patient.practice)
    return Readiness(
        reasons=(),
        classification=classification,
        profile=profile,
        settings=settings,
        overrides=overrides,
    )


def first_week(patient: Patient, ready: Readiness) -> plan_io.WeeklyPlan:
    """The engine's first week for this patient (not stored)."""
    assert ready.profile is not None and ready.settings is not None
    return propose_week(ready.profile, (), ready.settings, language_of(patient))


@transaction.atomic
def start_programme(
    patient: Patient, by: Any, *, approve_each_week: bool, today: date, prepare: bool = False
) -> Programme:
    """Start the programme with the engine's first week, active from ``today``; or, with
    ``prepare``, with week 1 waiting, so that the therapist can change it before the patient
    sees it. It starts when the therapist approves it (``approve``)."""
    ready = readiness(patient)
    if not ready.allowed:
        raise ProgrammeCannotStart(list(ready.reasons))
    if Programme.objects.current_for(patient) is not None:
        raise ProgrammeCannotStart(["already running"])
    programme = Programme.objects.create(
        patient=patient, started_by=by, approve_each_week=approve_each_week
    )
    row = WeeklyPlan.from_engine(
        programme,
        first_week(patient, ready),
        starts_on=today,
        status=WeeklyPlan.Status.PROPOSED if prepare else WeeklyPlan.Status.ACTIVE,
        settings_used=ready.overrides,
    )
    if not prepare:
        row.approved_by = by
        row.approved_at = timezone.now()
    row.save()
    if not prepare:
        # The patient was told "u krijgt bericht": an e-mail after the commit, and Today.
        programme_started(programme)
    return programme


def propose_next(
    programme: Programme,
    followed: list[WeeklyPlan],
    starts_on: date,
    profile: plan_io.Profile | None = None,
) -> WeeklyPlan:
    """Ask the engine for the week after ``followed`` (weeks 1..n, oldest first) and store it:
    active at once, or waiting when the therapist approves each week. ``profile``: the
    patient's (``build_profile``), when the caller has built it."""
    patient = programme.patient
    if profile is None:
        profile = build_profile(patient)
    settings, overrides = practice_settings(patient.practice)
    plan = propose_week(profile, build_history(followed), settings, language_of(patient))
    waits = programme.approve_each_week
    row = WeeklyPlan.from_engine(
        programme,
        plan,
        starts_on=starts_on,
        status=WeeklyPlan.Status.PROPOSED if waits else WeeklyPlan.Status.ACTIVE,
        settings_used=overrides,
    )
    if not waits:
        programme.plans.filter(status=WeeklyPlan.Status.ACTIVE).update(
            status=WeeklyPlan.Status.SUPERSEDED
        )
    row.save()
    return row


@dataclass
class Advanced:
    """What one rollover run did."""

    started: list[WeeklyPlan] = field(default_factory=list)
    waiting: list[WeeklyPlan] = field(default_factory=list)
    held: list[tuple[Programme, str]] = field(default_factory=list)

    def add(self, plans: list[WeeklyPlan]) -> None:
        for plan in plans:
            (self.waiting if plan.status == WeeklyPlan.Status.PROPOSED else self.started).append(
                plan
            )


def advance(
    programme: Programme,
    today: date,
    *,
    restart: bool = False,
    profile: plan_io.Profile | None = None,
) -> list[WeeklyPlan]:
    """Propose the next week(s) of one programme whose current week has ended.

    Idempotent: a week is proposed once (one plan per week number), and nothing happens
    while a proposed week waits. ``restart`` starts the next week ``today`` (after a pause).
    ``profile``: the patient's (``build_profile``), when the caller has built it (else each
    week builds it).
    """
    created: list[WeeklyPlan] = []
    for _attempt in range(MAX_CATCH_UP_WEEKS):
        try:
            with transaction.atomic():
                locked = Programme.objects.select_for_update().get(pk=programme.pk)
                if locked.status != Programme.Status.ACTIVE:
                    break
                programme.approve_each_week = locked.approve_each_week
                plans = list(programme.plans.order_by("week"))
                if any(plan.status == WeeklyPlan.Status.PROPOSED for plan in plans):
                    break
                current = plans[-1] if plans else None
                if current is None or not current.has_ended(today):
                    break
                starts_on = (
                    today
                    if restart and not created
                    else current.starts_on + timedelta(days=DAYS_PER_WEEK)
                )
                for plan in plans:
                    plan.programme = programme
                new = propose_next(programme, plans, starts_on, profile)
        except IntegrityError:
            # Another run proposed this week at the same moment.
            break
        record(
            None,
            Action.CREATE,
            "programme: week proposed"
            if new.status == WeeklyPlan.Status.PROPOSED
            else "programme: week started",
            patient=programme.patient,
            detail={"week": new.week, "decision": new.decision, "status": new.status},
        )
        created.append(new)
        # The next round would find this new week the newest and stop there unless it has
        # ended already (weeks missed): known without reading it back.
        if new.status == WeeklyPlan.Status.PROPOSED or not new.has_ended(today):
            break
    return created


def advance_programmes(today: date) -> Advanced:
    """The weekly rollover for every active programme (``manage.py advance_programmes``)."""
    result = Advanced()
    programmes = (
        Programme.objects.active()
        .select_related("patient__user", "patient__practice")
        .order_by("pk")
    )
    for programme in programmes:
        clearance = programme_clearance(programme.patient)
        if not clearance.allowed:
            result.held.append((programme, clearance.reason))
            continue
        try:
            result.add(advance(programme, today))
        except ProfileIncomplete as missing:
            result.held.append((programme, ", ".join(missing.missing)))
        except plan_io.PlanInputError as error:
            logger.exception("programme %s: the engine refused the input", programme.pk)
            result.held.append((programme, str(error)))
    return result


@transaction.atomic
def approve(plan: WeeklyPlan, by: Any, today: date) -> None:
    """The therapist approves a proposed week: it starts (today, if its start has passed)."""
    if plan.status != WeeklyPlan.Status.PROPOSED:
        raise ValueError("only a proposed week can be approved")
    plan.programme.plans.filter(status=WeeklyPlan.Status.ACTIVE).update(
        status=WeeklyPlan.Status.SUPERSEDED
    )
    plan.status = WeeklyPlan.Status.ACTIVE
    plan.starts_on = max(plan.starts_on, today)
    plan.approved_by = by
    plan.approved_at = timezone.now()
    plan.save(update_fields=["status", "starts_on", "approved_by", "approved_at"])
    if plan.week == 1:
        # A prepared week 1 (``start_programme(prepare=True)``): the programme starts now,
        # and the patient is told as on a direct start.
        programme = plan.programme
        programme.started_at = plan.approved_at
        programme.save(update_fields=["started_at"])
        programme_started(programme)


def set_status(programme: Programme, status: str, today: date) -> list[WeeklyPlan]:
    """Pause, resume or end a programme. Resuming starts the next week today if the
    current one ended during the pause (unless the programme waits for approval)."""
    programme.status = status
    programme.ended_at = timezone.now() if status == Programme.Status.ENDED else None
    programme.save(update_fields=["status", "ended_at"])
    if status == Programme.Status.ACTIVE and programme_clearance(programme.patient).allowed:
        return advance(programme, today, restart=True)
    return []
