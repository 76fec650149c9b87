"""A practice's official questionnaire texts and its clinical lead's sign-offs.

Both are history: an import or a sign-off is never changed; a newer import is shown instead
of the older one, and a sign-off counts only while the text it was given for (its hash) is
the text patients read.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from ruggensteun.accounts.models import Practice
from ruggensteun.clinical.instruments.official_text import OfficialText


class ImportedTextQuerySet(models.QuerySet):
    def for_practice(self, practice: Practice) -> "ImportedTextQuerySet":
        return self.filter(practice=practice)

    def current_by_instrument(self) -> dict[str, "ImportedText"]:
        """The newest import per instrument (one query)."""
        current: dict[str, ImportedText] = {}
        for imported in self.order_by("-imported_at", "-id"):
            current.setdefault(imported.instrument, imported)
        return current


class ImportedText(models.Model):
    """An instrument's official text as a clinical lead read it in (FHIR Questionnaire)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    instrument = models.CharField(max_length=16)
    language = models.CharField(max_length=2)
    # OfficialText.to_json(): the words only; values and scoring stay the definition's.
    text = models.JSONField()
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    imported_by_email = models.EmailField()
    imported_at = models.DateTimeField(default=timezone.now)

    objects = ImportedTextQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at", "-id"]
        indexes = [models.Index(fields=["practice", "instrument", "imported_at"])]

    def __str__(self) -> str:
        return f"{self.instrument} text of {self.practice_id} ({self.imported_at:%Y-%m-%d})"

    @property
    def official(self) -> OfficialText:
        return OfficialText.from_json(self.text)


class SignOff(models.Model):
    """The clinical lead's approval of one text set, exactly as it read then (``text_hash``)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    # "instrument:startback", "intake_questions", ... (signoff.texts.TextSet.key)
    text_set = models.CharField(max_length=64)
    text_hash = models.CharField(max_length=64)
    imported_text = models.ForeignKey(
        ImportedText, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Kept as text, so the record outlives the account.
    signed_by_name = models.CharField(max_length=150)
    signed_by_email = models.EmailField()
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-signed_at", "-id"]
        indexes = [models.Index(fields=["practice", "text_set"])]

    def __str__(self) -> str:
        return f"{self.text_set} signed off for {self.practice_id} by {self.signed_by_email}"
