"""What the patient chooses about reminders and their calendar, and their requests to delete
their data."""

import hashlib
import secrets
from datetime import date, time, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from ruggensteun.patients.models import Patient

PAUSE_DAYS = 7
DEFAULT_SEND_AT = time(9, 0)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ReminderSettingsQuerySet(models.QuerySet):
    def for_patient(self, patient: Patient) -> "ReminderSettings":
        """The patient's settings; new (unsaved, everything off) when they never chose."""
        found = self.filter(patient=patient).first()
        return found or ReminderSettings(patient=patient)

    def with_calendar_token(self, token: str) -> "ReminderSettings | None":
        if not token:
            return None
        return (
            self.filter(calendar_token_hash=_hash(token))
            .select_related("patient__user", "patient__practice")
            .first()
        )


class ReminderSettings(models.Model):
    """The patient's e-mail reminders and calendar subscription.

    A patient without a row gets no programme e-mails: they choose them here.

    The calendar address holds a token that is never stored: it is an HMAC (with the
    site's secret key) of ``calendar_secret``, and only a hash of it is kept for finding
    the row. A copy of the database alone cannot open anyone's calendar; a new secret (or
    none) makes the old address stop working.
    """

    patient = models.OneToOneField(
        Patient, on_delete=models.CASCADE, related_name="reminder_settings"
    )
    programme_email = models.BooleanField(
        _("Een e-mail over uw programma van vandaag"), default=False
    )
    questionnaire_email = models.BooleanField(
        _("Een e-mail als er een vragenlijst voor u klaarstaat"), default=False
    )
    send_at = models.TimeField(_("Hoe laat?"), default=DEFAULT_SEND_AT)
    # No e-mails up to and including this day.
    paused_until = models.DateField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    # The day whose e-mail was sent (claimed before sending: at most one a day).
    last_sent_on = models.DateField(null=True, blank=True)
    calendar_secret = models.CharField(max_length=64, blank=True)
    calendar_token_hash = models.CharField(max_length=64, blank=True)
    calendar_fetched_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ReminderSettingsQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "reminder settings"
        constraints = [
            models.UniqueConstraint(
                fields=["calendar_token_hash"],
                condition=~Q(calendar_token_hash=""),
                name="one_patient_per_calendar_token",
            )
        ]

    def __str__(self) -> str:
        return f"Reminders of {self.patient_id}"

    @property
    def wants_email(self) -> bool:
        return self.programme_email or self.questionnaire_email

    def is_paused(self, today: date) -> bool:
        return self.paused_until is not None and today <= self.paused_until

    def _save(self, *fields: str) -> None:
        self.updated_at = timezone.now()
        if self.pk is None:
            self.save()
        else:
            self.save(update_fields=[*fields, "updated_at"])

    def choose(self, *, programme_email: bool, questionnaire_email: bool, send_at: time) -> None:
        self.programme_email = programme_email
        self.questionnaire_email = questionnaire_email
        self.send_at = send_at
        if self.wants_email:
            self.stopped_at = None
        self._save("programme_email", "questionnaire_email", "send_at", "stopped_at")

    def pause(self, today: date) -> None:
        """No e-mails for a week, today included."""
        self.paused_until = today + timedelta(days=PAUSE_DAYS - 1)
        self._save("paused_until")

    def resume(self) -> None:
        self.paused_until = None
        self._save("paused_until")

    def stop(self) -> None:
        """No e-mails at all, until the patient chooses them again."""
        self.programme_email = False
        self.questionnaire_email = False
        self.paused_until = None
        self.stopped_at = timezone.now()
        self._save("programme_email", "questionnaire_email", "paused_until", "stopped_at")

    # --- the calendar ---------------------------------------------------------------------

    @property
    def has_calendar(self) -> bool:
        return bool(self.calendar_secret)

    @property
    def calendar_token(self) -> str:
        if not self.calendar_secret:
            return ""
        return salted_hmac(
            "ruggensteun.mydata.calendar", self.calendar_secret, algorithm="sha256"
        ).hexdigest()[:40]

    def new_calendar_address(self) -> None:
        """A new private address; the old one (if any) stops working."""
        self.calendar_secret = secrets.token_hex(32)
        self.calendar_token_hash = _hash(self.calendar_token)
        self.calendar_fetched_on = None
        self._save("calendar_secret", "calendar_token_hash", "calendar_fetched_on")

    def revoke_calendar(self) -> None:
        self.calendar_secret = ""
        self.calendar_token_hash = ""
        self._save("calendar_secret", "calendar_token_hash")

    def note_calendar_fetch(self, today: date) -> bool:
        """Remember the day of a calendar app's fetch; True for the first fetch of a day
        (the one that is logged: calendar apps ask many times a day)."""
        updated = (
            ReminderSettings.objects.filter(pk=self.pk)
            .filter(Q(calendar_fetched_on__isnull=True) | Q(calendar_fetched_on__lt=today))
            .update(calendar_fetched_on=today)
        )
        return bool(updated)


class DeletionRequestQuerySet(models.QuerySet):
    def open(self) -> "DeletionRequestQuerySet":
        return self.filter(handled_at__isnull=True)

    def for_practices(self, practice_ids: list[int]) -> "DeletionRequestQuerySet":
        return self.filter(patient__practice_id__in=practice_ids)


class DeletionRequest(models.Model):
    """A patient's request to delete their data, and what the practice did with it.

    The practice must keep the medical record (WGBO, art. 7:454 BW: 20 years); what it
    can do is close the account and remove the personal details (``deletion.py``).
    """

    class Outcome(models.TextChoices):
        ACCOUNT_CLOSED = "account_closed", _("account gesloten, persoonsgegevens verwijderd")
        NOT_CARRIED_OUT = "not_carried_out", _("niet uitgevoerd")

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="deletion_requests")
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    message = models.TextField(_("Wilt u nog iets zeggen over uw verzoek? (mag leeg)"), blank=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    note = models.TextField(_("Toelichting voor de patiënt"), blank=True)

    objects = DeletionRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient"],
                condition=Q(handled_at__isnull=True),
                name="one_open_deletion_request_per_patient",
            )
        ]

    def __str__(self) -> str:
        return f"Deletion request of {self.patient_id} ({self.requested_at:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.handled_at is None

    @classmethod
    def ask(cls, patient: Patient, *, by: Any, message: str) -> "DeletionRequest | None":
        """Record the request; None when one is already open (e.g. the form was sent twice)."""
        try:
            with transaction.atomic():
                return cls.objects.create(patient=patient, requested_by=by, message=message)
        except IntegrityError:
            return None


class PrivacyConsentQuerySet(models.QuerySet):
    def has_agreed(self, patient: Patient, version: str) -> bool:
        return self.filter(patient=patient, version=version).exists()


class PrivacyConsent(models.Model):
    """A patient agreed to one version of the privacy statement (``mydata.privacy``).

    A new version asks again; the rows of earlier versions stay, so the history of what
    the patient agreed to, and when, is kept (and is in their own-data download).
    """

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="privacy_consents")
    version = models.CharField(max_length=20)
    agreed_at = models.DateTimeField(default=timezone.now)

    objects = PrivacyConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-agreed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "version"], name="one_consent_per_patient_and_version"
            )
        ]

    def __str__(self) -> str:
        return f"Privacy consent of {self.patient_id} to {self.version}"
