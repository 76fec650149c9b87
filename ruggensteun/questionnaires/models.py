"""Questionnaires given to patients: what is assigned, what was answered, and the
practice's choices (schedule, licences).

Answers are stored exactly as the patient gives them (linkId -> published response value)
with the instrument's version and the language; scores are computed by the clinical core
(``score_answers``) once, on submission, and kept unrounded.
"""

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruggensteun.accounts.models import Practice
from ruggensteun.clinical.instruments.registry import (
    Instrument,
    ScoreValue,
    get_instrument,
    score_answers,
)
from ruggensteun.patients.dates import EARLIEST_DAY, LATEST_DAY
from ruggensteun.patients.models import Patient
from ruggensteun.questionnaires import catalog

# --- the practice's choices ---------------------------------------------------------------

# The default schedule (issue 3; triage.md §1): the intake set at week 0, follow-ups at weeks
# 6, 12 and 26. The GPE asks about change since the start, so it belongs to every follow-up
# and never to the intake.
DEFAULT_INTAKE: tuple[str, ...] = ("startback", "nprs", "qbpds", "psk")
DEFAULT_FOLLOW_UP: tuple[str, ...] = ("nprs", "qbpds", "psk", "gpe")
# triage.md §5: STarT Back and NPRS again at weeks 4 and 12 (re-stratification); a changed
# risk group then proposes a changed pathway to the therapist.
RESTRATIFICATION: tuple[str, ...] = ("startback", "nprs")
DEFAULT_MOMENTS: dict[int, tuple[str, ...]] = {
    0: DEFAULT_INTAKE,
    4: RESTRATIFICATION,
    6: DEFAULT_FOLLOW_UP,
    12: (*DEFAULT_FOLLOW_UP, "startback"),
    26: DEFAULT_FOLLOW_UP,
}
FOLLOW_UP_ALWAYS = "gpe"
# triage.md §1: "TSK-11 or FABQ when STarT Back is medium or high". FABQ is the default
# because the triage engine's yellow flags read FABQ (and TSK-17), not TSK-11.
FEAR_INSTRUMENTS: tuple[str, ...] = ("fabq", "tsk11", "tsk17")
DEFAULT_FEAR_INSTRUMENT = "fabq"
# triage.md §1: the extra fear questionnaire follows a medium or high STarT Back risk.
FEAR_QUESTIONNAIRE_AFTER_RISKS = frozenset({"medium", "high"})


class PracticeSchedule(models.Model):
    """Which questionnaires a practice's patients fill, and when (weeks after the start).

    A practice without a row of its own follows DEFAULT_MOMENTS.
    """

    practice = models.OneToOneField(
        Practice, on_delete=models.CASCADE, related_name="questionnaire_schedule"
    )
    # {"0": ["startback", ...], "6": [...]}: JSON object keys are strings.
    moments = models.JSONField()
    fear_instrument = models.CharField(max_length=16, blank=True, default=DEFAULT_FEAR_INSTRUMENT)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Schedule of {self.practice}"

    @classmethod
    def for_practice(cls, practice: Practice) -> "PracticeSchedule":
        """The practice's schedule; the default one (not saved) when it has none."""
        schedule = cls.objects.filter(practice=practice).first()
        if schedule is None:
            schedule = cls.default(practice)
        return schedule

    @classmethod
    def default(cls, practice: Practice) -> "PracticeSchedule":
        return cls(
            practice=practice,
            moments={str(week): list(codes) for week, codes in DEFAULT_MOMENTS.items()},
            fear_instrument=DEFAULT_FEAR_INSTRUMENT,
        )

    def plan(self) -> list[tuple[int, list[str]]]:
        """(week, instruments) per moment, earliest first; GPE added to every follow-up."""
        plan = []
        for key, codes in sorted(self.moments.items(), key=lambda item: int(item[0])):
            week = int(key)
            chosen = [code for code in codes if code in catalog.SHORT_NAMES]
            if week > 0 and FOLLOW_UP_ALWAYS not in chosen:
                chosen.append(FOLLOW_UP_ALWAYS)
            if week == 0:
                chosen = [code for code in chosen if code != FOLLOW_UP_ALWAYS]
            plan.append((week, chosen))
        return plan

    @property
    def follow_up_weeks(self) -> list[int]:
        return [week for week, _codes in self.plan() if week > 0]


class InstrumentLicence(models.Model):
    """A practice admin's confirmation that the practice holds the licence for a
    licence-restricted instrument (ODI, EQ-5D-5L); until then patients never see it."""

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="instrument_licences"
    )
    instrument = models.CharField(max_length=16)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "instrument"], name="one_licence_per_practice_instrument"
            )
        ]

    def __str__(self) -> str:
        return f"{catalog.short_name(self.instrument)} licence of {self.practice}"

    @classmethod
    def codes_for(cls, practice: Practice) -> frozenset[str]:
        return frozenset(cls.objects.filter(practice=practice).values_list("instrument", flat=True))


# --- assignments --------------------------------------------------------------------------


class AssignmentQuerySet(models.QuerySet):
    def for_patient(self, patient: Patient) -> "AssignmentQuerySet":
        return self.filter(patient=patient)

    def open(self) -> "AssignmentQuerySet":
        return self.filter(completed_at__isnull=True, withdrawn_at__isnull=True)

    def completed(self) -> "AssignmentQuerySet":
        return self.filter(completed_at__isnull=False)

    def due(self, today: date | None = None) -> "AssignmentQuerySet":
        """Open and due on or before ``today``: what the patient should fill now."""
        return self.open().filter(due_on__lte=today or timezone.localdate())

    def overdue(self, today: date | None = None) -> "AssignmentQuerySet":
        """Open and past the due date."""
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def upcoming(self, today: date | None = None) -> "AssignmentQuerySet":
        return self.open().filter(due_on__gt=today or timezone.localdate())

    def visible_to_patient(self) -> "AssignmentQuerySet":
        """Leave out licence-restricted instruments the patient's practice has not
        confirmed a licence for."""
        licensed = InstrumentLicence.objects.filter(
            practice_id=OuterRef("patient__practice_id"), instrument=OuterRef("instrument")
        )
        return self.filter(~Q(instrument__in=catalog.LICENCE_RESTRICTED) | Exists(licensed))

    def with_response(self) -> "AssignmentQuerySet":
        return self.select_related("response")


class Assignment(models.Model):
    """A questionnaire a patient is asked to fill, by a due date."""

    class Source(models.TextChoices):
        THERAPIST = "therapist", _("therapeut")
        SCHEDULE = "schedule", _("schema")
        INTAKE = "intake", _("intake")

    patient = models.ForeignKey(
        Patient, on_delete=models.CASCADE, related_name="questionnaire_assignments"
    )
    instrument = models.CharField(max_length=16)
    due_on = models.DateField(_("uiterlijk in te vullen op"))
    source = models.CharField(max_length=16, choices=Source.choices)
    # The schedule moment (weeks after the start) this assignment belongs to; None when a
    # therapist assigned it by hand.
    schedule_week = models.PositiveSmallIntegerField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    last_reminded_on = models.DateField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "instrument", "schedule_week"],
                condition=Q(schedule_week__isnull=False),
                name="one_assignment_per_schedule_moment",
            ),
            models.UniqueConstraint(
                fields=["patient", "instrument", "due_on"],
                condition=Q(completed_at__isnull=True, withdrawn_at__isnull=True),
                name="one_open_assignment_per_instrument_and_day",
            ),
            # Issue #11, finding 1: the database's wide bounds (the forms allow a year).
            models.CheckConstraint(
                condition=Q(due_on__gte=EARLIEST_DAY, due_on__lte=LATEST_DAY),
                name="assignment_due_on_in_range",
            ),
        ]
        indexes = [models.Index(fields=["patient", "due_on"])]

    def __str__(self) -> str:
        return f"{catalog.short_name(self.instrument)} for {self.patient_id} by {self.due_on}"

    @property
    def definition(self) -> Instrument:
        return get_instrument(self.instrument)

    @property
    def short_name(self) -> str:
        return catalog.short_name(self.instrument)

    @property
    def patient_title(self) -> str:
        return catalog.patient_title(self.instrument)

    @property
    def display_name(self) -> str:
        return catalog.display_name(self.instrument)

    @property
    def is_open(self) -> bool:
        return self.completed_at is None and self.withdrawn_at is None

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_open and self.due_on < (today or timezone.localdate())

    @property
    def started(self) -> bool:
        """The patient has opened it (the response exists; needs ``with_response``)."""
        return hasattr(self, "response")

    @classmethod
    def assign(
        cls, *, patient: Patient, instrument: str, due_on: date, assigned_by: Any
    ) -> "Assignment | None":
        """A therapist's assignment; None when the same one is already open for that day."""
        try:
            with transaction.atomic():
                return cls.objects.create(
                    patient=patient,
                    instrument=instrument,
                    due_on=due_on,
                    source=cls.Source.THERAPIST,
                    assigned_by=assigned_by,
                )
        except IntegrityError:
            return None

    def withdraw(self, by: Any) -> bool:
        """Take back an open assignment; answers already given are kept."""
        updated = (
            Assignment.objects.filter(pk=self.pk)
            .open()
            .update(withdrawn_at=timezone.now(), withdrawn_by=by)
        )
        return bool(updated)


# --- responses ----------------------------------------------------------------------------


class ResponseQuerySet(models.QuerySet):
    def for_patient(self, patient: Patient) -> "ResponseQuerySet":
        return self.filter(patient=patient)

    def submitted(self) -> "ResponseQuerySet":
        return self.filter(status=QuestionnaireResponse.Status.SUBMITTED)

    def in_progress(self) -> "ResponseQuerySet":
        return self.filter(status=QuestionnaireResponse.Status.IN_PROGRESS)

    def of(self, instrument: str) -> "ResponseQuerySet":
        return self.filter(instrument=instrument)

    def chronological(self) -> "ResponseQuerySet":
        return self.order_by("submitted_at", "id")


class QuestionnaireResponse(models.Model):
    """A patient's answers to one assignment, saved as they are given.

    One per assignment (the OneToOne key), so opening a questionnaire twice or sending the
    last page twice never makes a second response.
    """

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("bezig")
        SUBMITTED = "submitted", _("ingestuurd")

    class AnsweredIn(models.TextChoices):
        QUESTIONNAIRE = "questionnaire", _("in de vragenlijst")
        INTAKE = "intake", _("in de intake")

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="response")
    patient = models.ForeignKey(
        Patient, on_delete=models.CASCADE, related_name="questionnaire_responses"
    )
    instrument = models.CharField(max_length=16)
    instrument_version = models.CharField(max_length=200)
    language = models.CharField(max_length=2)
    # linkId -> the published response value; None where an optional item was skipped.
    answers = models.JSONField(default=dict, blank=True)
    # PSK: linkId -> the activity, a code from the instrument's list or the patient's words.
    activities = models.JSONField(default=dict, blank=True)
    # PSK follow-up: the activities were copied from the patient's first PSK and stay fixed.
    activities_fixed = models.BooleanField(default=False)
    # Where the patient gave the answers: an NPRS at intake is taken over from the intake's
    # identical pain question (intake.flow.REUSED_IN_QUESTIONNAIRES) instead of asked twice.
    answered_in = models.CharField(
        max_length=16, choices=AnsweredIn.choices, default=AnsweredIn.QUESTIONNAIRE
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.IN_PROGRESS)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # score_answers' result, unrounded; set once, on submission.
    scores = models.JSONField(null=True, blank=True)
    # Sent with the review page: a submission must name the response it submits.
    submission_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = ResponseQuerySet.as_manager()

    # The wording the patient's screens show: the practice's imported official text
    # (signoff.texts.patient_definition); the built-in definition when unset. Scoring never
    # reads it: answers are linkIds and values, the same in both.
    shown_definition: Instrument | None = None

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="in_progress")
                | Q(submitted_at__isnull=False, scores__isnull=False),
                name="submitted_response_has_scores",
            )
        ]
        indexes = [models.Index(fields=["patient", "instrument", "submitted_at"])]

    def __str__(self) -> str:
        return f"{catalog.short_name(self.instrument)} response {self.pk} ({self.status})"

    @property
    def definition(self) -> Instrument:
        return self.shown_definition or get_instrument(self.instrument)

    @property
    def short_name(self) -> str:
        return catalog.short_name(self.instrument)

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @classmethod
    def start(cls, assignment: Assignment, language: str) -> "QuestionnaireResponse":
        """The response to ``assignment``, created on first opening.

        A PSK follow-up asks about the same activities as the patient's first PSK.
        """
        existing = cls.objects.filter(assignment=assignment).first()
        if existing is not None:
            return existing
        definition = assignment.definition
        fields: dict[str, Any] = {
            "patient_id": assignment.patient_id,
            "instrument": assignment.instrument,
            "instrument_version": definition.version,
            "language": language,
        }
        if definition.activity_list:
            first = (
                cls.objects.filter(patient_id=assignment.patient_id)
                .submitted()
                .of(assignment.instrument)
                .chronological()
                .first()
            )
            if first is not None and first.activities:
                fields["activities"] = dict(first.activities)
                fields["activities_fixed"] = True
        try:
            with transaction.atomic():
                return cls.objects.create(assignment=assignment, **fields)
        except IntegrityError:
            # Opened twice at the same moment: the other request made it.
            return cls.objects.get(assignment=assignment)

    def save_answers(
        self,
        answers: Mapping[str, int | None],
        language: str,
        activities: Mapping[str, str] | None = None,
    ) -> None:
        """Keep these answers at once (merged with what is stored).

        New PSK activities drop the ratings of the activities they replace.
        """
        if self.is_submitted:
            return
        with transaction.atomic():
            current = QuestionnaireResponse.objects.select_for_update().get(pk=self.pk)
            if current.is_submitted:
                return
            merged = dict(current.answers)
            if activities is not None and not current.activities_fixed:
                for link_id in list(merged):
                    if current.activities.get(link_id) != activities.get(link_id):
                        del merged[link_id]
                current.activities = dict(activities)
            merged.update(answers)
            current.answers = merged
            current.language = language
            current.save(update_fields=["answers", "activities", "language", "updated_at"])
        self.answers, self.activities, self.language = (
            current.answers,
            current.activities,
            current.language,
        )

    def compute_scores(self) -> dict[str, ScoreValue]:
        """The scores of the stored answers; raises ScoringError while they are incomplete."""
        return score_answers(self.instrument, self.answers)

    def submit(self, key: uuid.UUID | str) -> bool:
        """Submit once: True if this call submitted it, False if it already was (or the
        key is not this response's). Raises ScoringError when answers are missing."""
        scores = self.compute_scores()
        now = timezone.now()
        with transaction.atomic():
            submitted = (
                QuestionnaireResponse.objects.filter(
                    pk=self.pk, status=self.Status.IN_PROGRESS, submission_key=key
                ).update(
                    status=self.Status.SUBMITTED, submitted_at=now, scores=scores, updated_at=now
                )
                == 1
            )
            if submitted:
                Assignment.objects.filter(pk=self.assignment_id).update(completed_at=now)
        self.refresh_from_db()
        return submitted

    def ordered_values(self) -> list[int | None]:
        """The answers in item order (None where unanswered), as the core's scorers take them."""
        return [self.answers.get(item.link_id) for item in self.definition.items]
