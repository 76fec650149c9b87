"""What the patient does with the Today screen, the player and Learn.

- ``Submission``: the one-time key of every form we send a patient. A form that arrives
  twice (a double tap, a retry after a network error, a browser that sends it again) is
  handled once: the second arrival finds its key taken and changes nothing.
- ``Tick``: one thing ticked off on a day (a walk, an exercise, the exposure step). The
  ticks write the programme's ``DayLog`` (see ``ruggensteun.today.day``); undoing a tick
  keeps the row with ``undone_at`` set, so the day's story stays readable.
- ``ModuleAnswer``: an answer to an education module's check question, kept as history.
- ``ModuleRead``: the patient said "I have read this".
"""

from typing import Any
from uuid import UUID

from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SubmissionQuerySet(models.QuerySet):
    def claim(self, patient: Any, key: UUID) -> bool:
        """Take the form's key for this patient; False when this patient's form with the
        key came before (the form came twice). Keys are unique per patient, not overall.

        Call it inside the transaction that does the form's work, so that a failure
        gives the key back.
        """
        try:
            with transaction.atomic():
                self.create(patient=patient, key=key)
        except IntegrityError:
            return False
        return True


class Submission(models.Model):
    key = models.UUIDField()
    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="+")
    received_at = models.DateTimeField(default=timezone.now)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        # A key is the patient's own: another patient's form with the same key (chosen by
        # their browser, or on purpose) must not make this patient's form count as sent
        # (issue #11, finding 12).
        constraints = [
            models.UniqueConstraint(fields=["patient", "key"], name="one_submission_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.patient_id})"


class TickQuerySet(models.QuerySet):
    def standing(self) -> "TickQuerySet":
        """Ticks that were not undone."""
        return self.filter(undone_at__isnull=True)

    def on(self, patient: Any, day: Any) -> "TickQuerySet":
        return self.standing().filter(patient=patient, date=day)


class Tick(models.Model):
    class Kind(models.TextChoices):
        WALK = "walk", _("wandeling")
        EXERCISE = "exercise", _("oefening")
        EXPOSURE = "exposure", _("oefenstap")

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="today_ticks"
    )
    date = models.DateField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # The walk's number ("1", "2", ...; "extra-<key>" for a walk of the patient's own
    # length), the exercise id, or the exposure activity id.
    item = models.CharField(max_length=64)
    # Walks: the minutes this tick added to the day's walking minutes.
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    ticked_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)

    objects = TickQuerySet.as_manager()

    class Meta:
        ordering = ["date", "ticked_at", "id"]
        indexes = [models.Index(fields=["patient", "date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "date", "kind", "item"],
                condition=Q(undone_at__isnull=True),
                name="one_standing_tick_per_thing_per_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.item} ({self.patient_id}, {self.date})"


class ModuleAnswerQuerySet(models.QuerySet):
    def latest_for(self, patient: Any, module_id: str) -> dict[str, "ModuleAnswer"]:
        """Question id -> the patient's newest answer to it."""
        latest: dict[str, ModuleAnswer] = {}
        for answer in self.filter(patient=patient, module_id=module_id).order_by(
            "question_id", "-answered_at", "-id"
        ):
            latest.setdefault(answer.question_id, answer)
        return latest


class ModuleAnswer(models.Model):
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="module_answers"
    )
    module_id = models.CharField(max_length=64)
    question_id = models.CharField(max_length=64)
    chosen = models.JSONField()  # the option ids, sorted
    correct = models.BooleanField()
    answered_at = models.DateTimeField(default=timezone.now)

    objects = ModuleAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["-answered_at", "-id"]
        indexes = [models.Index(fields=["patient", "module_id"])]

    def __str__(self) -> str:
        return f"{self.module_id}/{self.question_id} ({self.patient_id})"


class ModuleRead(models.Model):
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="modules_read"
    )
    module_id = models.CharField(max_length=64)
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["read_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "module_id"], name="one_read_per_module")
        ]

    def __str__(self) -> str:
        return f"{self.module_id} read by {self.patient_id}"
