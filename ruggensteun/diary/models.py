"""The weekly check-in and the pain diary.

Both carry a ``submission_key``: a UUID put into the form when it is shown. A second
submission with the same key (a double tap, a retry after a dropped connection, the
browser's outbox sending again) finds the stored row and changes nothing.
"""

from datetime import UTC, datetime, time
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruggensteun.patients.dates import EARLIEST_DAY, LATEST_DAY

# Issue #11, finding 1: the database's wide bounds of the days a user enters (the forms
# check the precise ones; see ruggensteun.patients.dates).
EARLIEST_MOMENT = datetime.combine(EARLIEST_DAY, time(), tzinfo=UTC)
LATEST_MOMENT = datetime.combine(LATEST_DAY, time(23, 59, 59), tzinfo=UTC)

# Answers to the sleep and stress questions, 1-5, in words for the patient and therapist.
SLEEP_WORDS = {
    1: _("heel slecht"),
    2: _("slecht"),
    3: _("gaat wel"),
    4: _("goed"),
    5: _("heel goed"),
}
STRESS_WORDS = {
    1: _("geen"),
    2: _("een beetje"),
    3: _("gemiddeld"),
    4: _("veel"),
    5: _("heel veel"),
}


class CheckInQuerySet(models.QuerySet):
    def submitted(self) -> "CheckInQuerySet":
        return self.filter(submitted_at__isnull=False)

    def drafts(self) -> "CheckInQuerySet":
        return self.filter(submitted_at__isnull=True)

    def of(self, patient: Any) -> "CheckInQuerySet":
        return self.filter(patient=patient)

    def newest_first(self) -> "CheckInQuerySet":
        return self.order_by("-submitted_at", "-id")


class CheckIn(models.Model):
    """One weekly check-in: how the week went, and the short red-flag questions.

    A check-in is about the days ``period_start`` to ``period_end`` (the programme's week
    so far). Until it is submitted it is a draft: what the patient entered is kept even
    when the form was refused, and offered again when they come back.
    """

    class WalkingMode(models.TextChoices):
        WEEK = "week", _("per week")
        DAY = "day", _("per dag")

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="checkins"
    )
    submission_key = models.UUIDField()
    period_start = models.DateField()
    period_end = models.DateField()
    pain = models.PositiveSmallIntegerField(null=True, blank=True)  # 0-10, the week's average
    walking_mode = models.CharField(max_length=4, choices=WalkingMode.choices, blank=True)
    walking_minutes_week = models.PositiveIntegerField(null=True, blank=True)
    walking_minutes_days = models.JSONField(default=dict, blank=True)  # ISO date -> minutes
    exercise_days = models.PositiveSmallIntegerField(null=True, blank=True)  # 0-7
    sleep = models.PositiveSmallIntegerField(null=True, blank=True)  # 1 very bad - 5 very good
    stress = models.PositiveSmallIntegerField(null=True, blank=True)  # 1 none - 5 very much
    flare = models.BooleanField(null=True, blank=True)
    # The short red-flag set (triage.md §2 notes), field -> answer in the engine's types.
    red_flags = models.JSONField(default=dict, blank=True)
    # What this check-in wrote into the day logs: ISO date -> {field: value}. A later
    # check-in may replace these values (they are ours); a value the patient ticked per
    # day is never replaced (see ``weekfill``).
    day_logs_filled = models.JSONField(default=dict, blank=True)
    assessment = models.ForeignKey(
        "intake.TriageAssessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set when a red flag newly fired with this check-in: the advice shown at once.
    advice_urgency = models.CharField(max_length=16, blank=True)
    advice_rules = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "submission_key"], name="one_checkin_per_submission"
            ),
            models.CheckConstraint(condition=Q(pain__lte=10), name="checkin_pain_0_10"),
            models.CheckConstraint(
                condition=Q(exercise_days__lte=7), name="checkin_exercise_days_0_7"
            ),
            models.CheckConstraint(
                condition=Q(sleep__gte=1, sleep__lte=5) | Q(sleep__isnull=True),
                name="checkin_sleep_1_5",
            ),
            models.CheckConstraint(
                condition=Q(stress__gte=1, stress__lte=5) | Q(stress__isnull=True),
                name="checkin_stress_1_5",
            ),
            models.CheckConstraint(
                condition=Q(
                    period_start__gte=EARLIEST_DAY,
                    period_end__lte=LATEST_DAY,
                    period_start__lte=F("period_end"),
                ),
                name="checkin_period_in_range",
            ),
        ]
        indexes = [models.Index(fields=["patient", "-submitted_at"])]

    def __str__(self) -> str:
        return f"Check-in of {self.patient} ({self.period_start}-{self.period_end})"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def sleep_words(self) -> str:
        return str(SLEEP_WORDS.get(self.sleep, "")) if self.sleep else ""

    @property
    def stress_words(self) -> str:
        return str(STRESS_WORDS.get(self.stress, "")) if self.stress else ""

    @property
    def walking_total(self) -> int | None:
        """The minutes walked as the patient reported them (not counting per-day ticks)."""
        if self.walking_mode == self.WalkingMode.WEEK:
            return self.walking_minutes_week
        if self.walking_minutes_days:
            return sum(self.walking_minutes_days.values())
        return None

    @property
    def red_flags_yes(self) -> list[str]:
        """The red-flag questions answered with anything but "no"."""
        return [
            field for field, value in self.red_flags.items() if value not in (False, "none", None)
        ]


class PainDiaryQuerySet(models.QuerySet):
    def is_on_for(self, patient: Any) -> bool:
        return self.filter(patient=patient, is_on=True).exists()


class PainDiary(models.Model):
    """Whether the therapist turned the pain diary on for a patient (off by default)."""

    patient = models.OneToOneField(
        "patients.Patient", on_delete=models.CASCADE, related_name="pain_diary"
    )
    is_on = models.BooleanField(_("pijndagboek aan"), default=False)
    note = models.TextField(_("waarom"), blank=True)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = PainDiaryQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Pain diary of {self.patient} ({'on' if self.is_on else 'off'})"


class DiaryEntryQuerySet(models.QuerySet):
    def of(self, patient: Any) -> "DiaryEntryQuerySet":
        return self.filter(patient=patient)

    def newest_first(self) -> "DiaryEntryQuerySet":
        return self.order_by("-felt_at", "-id")


class DiaryEntry(models.Model):
    """One moment of pain in the diary: how much, where, after what, how long, medication."""

    class Activity(models.TextChoices):
        SITTING = "sitting", _("Zitten")
        STANDING = "standing", _("Staan")
        WALKING = "walking", _("Lopen")
        LIFTING = "lifting", _("Tillen of dragen")
        BENDING = "bending", _("Bukken")
        LYING = "lying", _("Liggen of slapen")
        HOUSEHOLD = "household", _("Huishouden")
        WORK = "work", _("Werk")
        SPORT = "sport", _("Sporten of oefenen")
        OTHER = "other", _("Iets anders")

    class Duration(models.TextChoices):
        UNDER_10 = "under_10", _("Korter dan 10 minuten")
        UP_TO_30 = "up_to_30", _("10 tot 30 minuten")
        UP_TO_120 = "up_to_120", _("Een half uur tot 2 uur")
        LONGER = "longer", _("Langer dan 2 uur")
        ONGOING = "ongoing", _("Het is er nog steeds")

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="diary_entries"
    )
    submission_key = models.UUIDField()
    felt_at = models.DateTimeField()
    pain = models.PositiveSmallIntegerField()
    regions = models.JSONField(default=list)  # codes of ruggensteun.diary.bodymap.REGIONS
    activity = models.CharField(max_length=12, choices=Activity.choices)
    activity_note = models.CharField(max_length=200, blank=True)
    duration = models.CharField(max_length=12, choices=Duration.choices)
    medication = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(null=True, blank=True)

    objects = DiaryEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-felt_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "submission_key"], name="one_diary_entry_per_submission"
            ),
            models.CheckConstraint(condition=Q(pain__lte=10), name="diary_pain_0_10"),
            models.CheckConstraint(
                condition=Q(felt_at__gte=EARLIEST_MOMENT, felt_at__lte=LATEST_MOMENT),
                name="diary_felt_at_in_range",
            ),
        ]
        indexes = [models.Index(fields=["patient", "-felt_at"])]

    def __str__(self) -> str:
        return f"Diary entry of {self.patient} at {self.felt_at:%Y-%m-%d %H:%M}"

    # The fields the patient fills; the audit log names these when they change.
    EDITABLE = ("felt_at", "pain", "regions", "activity", "activity_note", "duration", "medication")

    def content(self) -> dict[str, Any]:
        """The entry as plain JSON values, for the audit log."""
        values: dict[str, Any] = {name: getattr(self, name) for name in self.EDITABLE}
        values["felt_at"] = timezone.localtime(self.felt_at).isoformat(timespec="minutes")
        return values

    def revise(self, changes: dict[str, Any]) -> dict[str, list[Any]]:
        """Apply ``changes``; returns field -> [before, after] for what really changed."""
        before = self.content()
        for name, value in changes.items():
            setattr(self, name, value)
        after = self.content()
        changed = {
            name: [before[name], after[name]]
            for name in self.EDITABLE
            if before[name] != after[name]
        }
        if changed:
            self.updated_at = timezone.now()
            self.save(update_fields=[*changed, "updated_at"])
        return changed
