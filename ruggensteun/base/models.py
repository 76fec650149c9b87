"""What the background work remembers (issue #14): e-mails that could not be sent, and when
each periodic job last succeeded. The base app sits below every other app, so these hold
plain ids (no foreign keys): a practice's id, never a patient's."""

from django.db import models


class MailFailure(models.Model):
    """An e-mail that could not be sent after its last try. No subject, no body: only to
    whom, what kind (a code from the sender, in words on the admin's page), when and why."""

    class Reason(models.TextChoices):
        REFUSED = "refused"  # the mail server answered 5xx: it will not take this mail
        TEMPORARY = "temporary"  # a 4xx answer, still after the last try
        TIMEOUT = "timeout"  # the server did not answer in EMAIL_TIMEOUT seconds
        UNREACHABLE = "unreachable"  # no connection to the server
        OTHER = "other"

    practice_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    recipient = models.EmailField()
    kind = models.CharField(max_length=40)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    detail = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField()
    failed_at = models.DateTimeField()

    class Meta:
        ordering = ["-failed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} ({self.reason}, {self.failed_at:%Y-%m-%d %H:%M})"


class PeriodicRun(models.Model):
    """One row per periodic job (settings.PERIODIC_JOBS): when it last succeeded."""

    name = models.CharField(max_length=60, unique=True)
    succeeded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name}: {self.succeeded_at:%Y-%m-%d %H:%M}"
