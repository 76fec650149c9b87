from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """The audit log is append-only: entries are never changed or removed."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs: object) -> int:
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be deleted.")

    def for_practices(self, practice_ids: list[int]) -> "AuditEventQuerySet":
        return self.filter(practice_id__in=practice_ids)


class AuditEvent(models.Model):
    """Who did what with which patient's data, and when.

    Foreign keys carry no database constraint and are never cascaded, so an entry
    outlives the account, patient or practice it names; the e-mail of the actor is
    kept as text for the same reason. A database trigger (see the migration) refuses
    changes as well, so the log stays append-only even outside Django.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("bekeken")
        LIST = "list", _("lijst bekeken")
        CREATE = "create", _("aangemaakt")
        UPDATE = "update", _("gewijzigd")
        DELETE = "delete", _("verwijderd")
        EXPORT = "export", _("geëxporteerd")
        # Someone asked for a patient they may not see and got 404 (patients.access).
        DENIED = "denied", _("geweigerd")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    actor_email = models.CharField(max_length=254, blank=True)
    practice = models.ForeignKey(
        "accounts.Practice",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    patient = models.ForeignKey(
        "patients.Patient",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    what = models.CharField(max_length=200)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["practice", "-at"]),
            models.Index(fields=["patient", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_email} {self.action} {self.what}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be deleted.")
