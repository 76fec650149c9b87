"""The practice's case base: one pseudonymous row per closed care episode, and the
practice's choice to share it (off by default).

A case names no patient: a random case id, a keyed hash of the patient id (so the case is
updated, not doubled, when the episode is closed again, and left out of the patient's own
"patients like" list), the baseline in bands and classes, the outcomes and the process
facts. No name, no date, no free text.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from ruggensteun.accounts.models import Practice
from ruggensteun.clinical.similarity import DEFAULT_NEIGHBOURS, MIN_NEIGHBOURS
from ruggensteun.clinical.similarity.cases import Case, Outcome, Process

MAX_NEIGHBOURS = 200


def patient_key(patient_id: int) -> str:
    """A keyed hash of the patient id (the site's secret key): stable, not reversible."""
    return salted_hmac("ruggensteun.outcomes.case", f"patient:{patient_id}").hexdigest()


def new_case_id() -> str:
    return uuid.uuid4().hex


class EpisodeCaseQuerySet(models.QuerySet):
    def base_for(self, practice: Practice, *, pooled: bool) -> "EpisodeCaseQuerySet":
        """The practice's own cases; with ``pooled``, also those of every practice that
        shares its case base."""
        if not pooled:
            return self.filter(practice=practice)
        return self.filter(
            models.Q(practice=practice) | models.Q(practice__outcome_sharing__pooled=True)
        )


class EpisodeCase(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    case_id = models.CharField(max_length=32, unique=True, default=new_case_id, editable=False)
    patient_key = models.CharField(max_length=64, editable=False)
    feature_version = models.PositiveSmallIntegerField(default=1)
    features = models.JSONField(default=dict)
    outcome = models.JSONField(default=dict)
    process = models.JSONField(default=dict)
    # For the practice's recovery curve: the STarT Back group, the first week since the
    # intake with a measurement counting as recovered (None: none), the last week with an
    # outcome measurement, and whether NPRS, QBPDS and GPE were all filled at discharge.
    startback = models.CharField(max_length=8, blank=True)
    recovered_week = models.PositiveSmallIntegerField(null=True, blank=True)
    followed_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    questionnaires_complete = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = EpisodeCaseQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "patient_key"], name="one_case_per_patient_and_practice"
            )
        ]
        indexes = [models.Index(fields=["practice", "startback"])]

    def __str__(self) -> str:
        return f"Case {self.case_id}"

    def as_case(self) -> Case:
        return Case(
            case_id=self.case_id,
            features=self.features,
            outcome=Outcome(**self.outcome),
            process=Process(**self.process),
        )


class OutcomeSharing(models.Model):
    """The practice's settings for "patients like this one": how many similar episodes
    (k, never fewer than 10) and whether it shares its case base with the other practices
    that do (off by default; switching it on takes the admin's consent, and both are
    audited)."""

    practice = models.OneToOneField(
        Practice, on_delete=models.CASCADE, related_name="outcome_sharing"
    )
    pooled = models.BooleanField(_("gedeelde gegevens gebruiken en delen"), default=False)
    neighbours = models.PositiveSmallIntegerField(
        _("aantal vergelijkbare patiënten"),
        default=DEFAULT_NEIGHBOURS,
        validators=[MinValueValidator(MIN_NEIGHBOURS), MaxValueValidator(MAX_NEIGHBOURS)],
    )
    consent_text = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(neighbours__gte=MIN_NEIGHBOURS),
                name="outcome_sharing_at_least_ten_neighbours",
            )
        ]

    def __str__(self) -> str:
        return f"Outcome sharing of {self.practice_id}: {self.pooled}"

    @classmethod
    def of(cls, practice: Practice) -> "OutcomeSharing":
        """The practice's settings; the defaults (unsaved) when it never chose."""
        found = cls.objects.filter(practice=practice).first()
        return found or cls(practice=practice)
