from django.db import models
from django.utils import timezone


class Intake(models.Model):
    """A patient's intake answers, keyed by the field names of shared/clinical/triage.md §1.

    Answers are stored as they are given (one JSON object), so a half-finished intake
    is kept and can be resumed; a field that is absent was not answered.
    """

    patient = models.OneToOneField(
        "patients.Patient", on_delete=models.CASCADE, related_name="intake"
    )
    answers = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Intake of {self.patient}"
