"""The questionnaires of one moment, filled one after another without a list between them.

A chain is the questionnaires of one schedule moment (week 0 is the intake set) that the
patient may fill now or already filled; for questionnaires a therapist assigned by hand, the
ones due now and those sent in today. One a patient never saw (an NPRS taken over from the
intake) is not counted. The page says where the patient is ("Vragenlijst 2 van 4") and how
long the rest takes, from the estimates in ``catalog.MINUTES``.
"""

import math
from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Q
from django.utils import timezone

from ruggensteun.patients.models import Patient
from ruggensteun.questionnaires import catalog
from ruggensteun.questionnaires.models import Assignment, QuestionnaireResponse


@dataclass(frozen=True)
class Chain:
    members: tuple[Assignment, ...]
    current: Assignment

    @property
    def total(self) -> int:
        return len(self.members)

    @property
    def open(self) -> list[Assignment]:
        return [member for member in self.members if member.is_open]

    @property
    def position(self) -> int:
        """Where the current questionnaire stands: after those already sent in."""
        done = sum(1 for member in self.members if not member.is_open)
        return done if not self.current.is_open else done + 1

    @property
    def following(self) -> Assignment | None:
        """The next questionnaire to fill after the current one."""
        return next((m for m in self.open if m.pk != self.current.pk), None)

    def minutes_left(self, share_of_current: float = 1.0) -> int:
        """The estimated minutes still to go: what is left of the current questionnaire
        (``share_of_current``: 1.0 before it starts) and every open one after it."""
        current = catalog.minutes(self.current.instrument) * share_of_current
        others = sum(catalog.minutes(m.instrument) for m in self.open if m.pk != self.current.pk)
        return max(1, math.ceil(current + others)) if self.current.is_open else others


def members(patient: Patient, schedule_week: int | None) -> list[Assignment]:
    """The chain of one moment in fixed order (one query)."""
    today = timezone.localdate()
    found = (
        Assignment.objects.for_patient(patient)
        .visible_to_patient()
        .with_response()
        .filter(withdrawn_at__isnull=True)
        .exclude(response__answered_in=QuestionnaireResponse.AnsweredIn.INTAKE)
        .order_by("due_on", "id")
    )
    due_now = Q(completed_at__isnull=True, due_on__lte=today)
    if schedule_week is None:
        start_of_today = timezone.make_aware(datetime.combine(today, time.min))
        sent_in = Q(completed_at__gte=start_of_today)
        found = found.filter(schedule_week__isnull=True)
    else:
        sent_in = Q(completed_at__isnull=False)
        found = found.filter(schedule_week=schedule_week)
    return list(found.filter(due_now | sent_in))


def chain_for(patient: Patient, assignment: Assignment) -> Chain:
    """The chain ``assignment`` belongs to (it is always a member itself)."""
    found = members(patient, assignment.schedule_week)
    if not any(member.pk == assignment.pk for member in found):
        found.append(assignment)
    return Chain(tuple(found), next(m for m in found if m.pk == assignment.pk))


def first_of_moment(patient: Patient, schedule_week: int) -> Chain | None:
    """The chain of a moment from its first open questionnaire; None when none is open."""
    found = members(patient, schedule_week)
    first = next((member for member in found if member.is_open), None)
    return Chain(tuple(found), first) if first is not None else None
