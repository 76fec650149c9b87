"""Secure messages between a patient and their practice (issue #16), and the practice's
message settings (expected answer time, out-of-hours advice)."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ruggensteun.accounts.models import Practice
from ruggensteun.intake.models import TriageAssessment
from ruggensteun.patients.models import Patient

# A message is a short note, not a letter: about two A4 pages at most.
MAX_BODY_CHARS = 4000
MAX_ADVICE_CHARS = 600
DEFAULT_ANSWER_DAYS = 2


class PracticeMessageSettings(models.Model):
    """What a patient reads above the message box: how soon the practice answers and what
    to do outside office hours. One row per practice, made on first use."""

    practice = models.OneToOneField(
        Practice, on_delete=models.CASCADE, related_name="message_settings"
    )
    answer_days = models.PositiveSmallIntegerField(
        _("binnen hoeveel werkdagen antwoordt de praktijk"),
        default=DEFAULT_ANSWER_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    out_of_hours_advice = models.TextField(
        _("advies buiten kantoortijd"), max_length=MAX_ADVICE_CHARS, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("berichtinstellingen")

    def __str__(self) -> str:
        return f"Message settings of practice {self.practice_id}"

    @classmethod
    def for_practice(cls, practice: Practice) -> "PracticeMessageSettings":
        """The practice's settings; unsaved defaults when the admin never set them."""
        found = cls.objects.filter(practice=practice).first()
        return found if found is not None else cls(practice=practice)


class MessageQuerySet(models.QuerySet["Message"]):
    def sent(self) -> "MessageQuerySet":
        return self.filter(sent_at__isnull=False)

    def drafts(self) -> "MessageQuerySet":
        return self.filter(sent_at__isnull=True)

    def unread_from_patient(self) -> "MessageQuerySet":
        return self.sent().filter(from_patient=True, read_at__isnull=True)

    def unread_from_practice(self) -> "MessageQuerySet":
        return self.sent().filter(from_patient=False, read_at__isnull=True)


class Message(models.Model):
    """One message in a patient's thread with their practice. ``from_patient`` says who
    wrote it; ``read_at`` is when the other side first read it. A patient message with
    red-flag words waits as a draft (``sent_at`` empty) until the safety questions are
    answered or skipped; what they answered is kept with it for the therapist."""

    class Safety(models.TextChoices):
        NONE = "", _("geen rode-vlagwoorden")
        ANSWERED = "answered", _("veiligheidsvragen beantwoord")
        SKIPPED = "skipped", _("veiligheidsvragen niet beantwoord")

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_patient = models.BooleanField()
    body = models.TextField(max_length=MAX_BODY_CHARS)
    # The form's key: the same form sent twice makes one message.
    key = models.UUIDField(default=uuid.uuid4)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Red-flag words found (topic ids and the rules they point to), and the answers given.
    flag_topics = models.JSONField(default=list, blank=True)
    flag_rules = models.JSONField(default=list, blank=True)
    safety = models.CharField(max_length=10, choices=Safety.choices, blank=True, default="")
    safety_answers = models.JSONField(default=dict, blank=True)
    safety_urgency = models.CharField(max_length=10, blank=True, default="")

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["sent_at", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "key"], name="messaging_one_message_per_key")
        ]
        indexes = [
            models.Index(fields=["patient", "sent_at"], name="messaging_thread"),
            models.Index(
                fields=["patient", "sent_at"],
                name="messaging_unread_from_patient",
                condition=Q(from_patient=True, read_at__isnull=True, sent_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Message {self.pk} ({'patient' if self.from_patient else 'practice'})"

    @property
    def safety_urgency_words(self) -> str:
        """What the triage of the safety answers said, in words ("vandaag de huisarts")."""
        Urgency = TriageAssessment.Urgency
        if self.safety_urgency in Urgency.values:
            return str(Urgency(self.safety_urgency).label)
        return self.safety_urgency
