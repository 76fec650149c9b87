from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruggensteun.clinical.triage.urgency import URGENCIES, most_urgent_first


class Intake(models.Model):
    """A patient's intake answers, keyed by the field names of shared/clinical/triage.md §1.

    Answers are stored as they are given, screen by screen, so a half-finished intake is
    kept and resumes where the patient stopped; a field that is absent was not answered
    (never "no").
    """

    patient = models.OneToOneField(
        "patients.Patient", on_delete=models.CASCADE, related_name="intake"
    )
    answers = models.JSONField(default=dict, blank=True)
    screens_done = models.JSONField(default=list, blank=True)
    # Rules whose advice the patient has already been shown during the intake.
    advice_shown = models.JSONField(default=list, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    stopped_for_emergency_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Intake of {self.patient}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    def save_answers(self, answers: dict[str, object], *, finished_screen: str | None) -> None:
        """Keep the answers given (an answer left empty stays unanswered); mark the screen
        done only when all of it was valid."""
        self.answers = {**self.answers, **answers}
        if finished_screen is not None and finished_screen not in self.screens_done:
            self.screens_done = [*self.screens_done, finished_screen]
        self.save(update_fields=["answers", "screens_done"])


class TriageAssessmentQuerySet(models.QuerySet):
    def latest_for(self, patient: object) -> "TriageAssessment | None":
        return self.filter(patient=patient).order_by("-created_at", "-id").first()


class TriageAssessment(models.Model):
    """One run of the triage engine, kept as history: what it found and from which answers."""

    class Trigger(models.TextChoices):
        INTAKE = "intake", _("intake")
        QUESTIONNAIRE = "questionnaire", _("vragenlijst")
        CHECKIN = "checkin", _("wekelijkse check-in")
        THERAPIST = "therapist", _("therapeut")

    class Urgency(models.TextChoices):
        EMERGENCY = "emergency", _("spoed: nu de huisarts bellen")
        URGENT = "urgent", _("vandaag de huisarts")
        SOON = "soon", _("binnen enkele dagen de huisarts")
        ROUTINE = "routine", _("bespreken bij de volgende afspraak")
        NONE = "none", _("geen rode vlag")

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="triage_assessments"
    )
    created_at = models.DateTimeField(default=timezone.now)
    trigger = models.CharField(max_length=16, choices=Trigger.choices)
    urgency = models.CharField(max_length=16, choices=Urgency.choices)
    self_management_allowed = models.BooleanField()
    summary = models.JSONField()  # TriageResult.to_dict(): the `triage` command's keys
    details = models.JSONField()  # fired rules with their answers, yellow flags with values
    inputs = models.JSONField()  # the answers and questionnaire items it was run on

    objects = TriageAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Triage of {self.patient} ({self.urgency}, {self.created_at:%Y-%m-%d})"

    @property
    def rule_ids(self) -> list[str]:
        return list(self.summary.get("rules", []))


class RedFlagAlertQuerySet(models.QuerySet):
    def open(self) -> "RedFlagAlertQuerySet":
        return self.filter(handled_at__isnull=True)

    def by_urgency(self) -> "RedFlagAlertQuerySet":
        order = models.Case(
            *[
                models.When(urgency=urgency, then=most_urgent_first(urgency))
                for urgency in URGENCIES
            ],
            default=len(URGENCIES),
        )
        return self.order_by(order, "-raised_at")


class RedFlagAlert(models.Model):
    """A red-flag rule that newly fired for a patient, until a therapist records what was done."""

    class Action(models.TextChoices):
        CALLED_PATIENT = "called_patient", _("patiënt gebeld")
        REFERRED_GP = "referred_gp", _("verwezen naar de huisarts")
        NOT_RELEVANT = "not_relevant", _("niet relevant")

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="red_flag_alerts"
    )
    assessment = models.ForeignKey(
        TriageAssessment, on_delete=models.PROTECT, related_name="alerts"
    )
    rule_id = models.CharField(max_length=32)
    urgency = models.CharField(max_length=16, choices=TriageAssessment.Urgency.choices)
    raised_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=16, choices=Action.choices, blank=True)
    reason = models.TextField(blank=True)
    # When the treating therapist (and the practice's alert address) were e-mailed.
    notified_at = models.DateTimeField(null=True, blank=True)
    # When the patient pressed "Ik heb gebeld" on the advice page.
    patient_acted_at = models.DateTimeField(null=True, blank=True)
    # What the therapist tells the patient on handling it ("u mag verder", or what to do
    # instead); shown on the patient's pages until they have read it.
    patient_message = models.TextField(blank=True)
    patient_message_read_at = models.DateTimeField(null=True, blank=True)

    objects = RedFlagAlertQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at"]

    def __str__(self) -> str:
        return f"{self.rule_id} for {self.patient}"

    @property
    def fired_rule(self) -> dict[str, object]:
        """The rule's details (reason, source, the answers that raised it) from its assessment."""
        for rule in self.assessment.details.get("rules", []):
            if rule["id"] == self.rule_id:
                return rule
        return {"id": self.rule_id}


class ClassificationDecision(models.Model):
    """The therapist's confirmation or change of the proposed classification and pathway.

    Kept as history: the newest decision is the one in force; each names what was proposed
    at the time, so an override can always be traced.
    """

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.CASCADE, related_name="classification_decisions"
    )
    assessment = models.ForeignKey(
        TriageAssessment, on_delete=models.PROTECT, related_name="decisions"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    duration_class = models.CharField(max_length=16, blank=True)
    pain_type = models.CharField(max_length=16, blank=True)
    pathway = models.CharField(max_length=32, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"Classification of {self.patient} on {self.decided_at:%Y-%m-%d}"

    @property
    def changed_fields(self) -> list[str]:
        proposed = self.assessment.summary
        return [
            name
            for name in ("duration_class", "pain_type", "pathway")
            if proposed.get(name) is not None and (getattr(self, name) or None) != proposed[name]
        ]
