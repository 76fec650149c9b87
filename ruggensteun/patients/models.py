from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruggensteun.accounts.models import Membership, Practice


class PatientQuerySet(models.QuerySet):
    def visible_to(self, user: object) -> "PatientQuerySet":
        """The patients ``user`` may see: deny by default.

        A patient sees only themself; a therapist or an admin sees the patients of the
        practices they work in; anyone else (anonymous, inactive, no role) sees none.
        """
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
            return self.none()
        if getattr(user, "is_patient", False):
            return self.filter(user=user)
        practice_ids = Membership.objects.filter(user=user).values("practice_id")
        return self.filter(practice_id__in=practice_ids)

    def treated_by(self, therapist: object) -> "PatientQuerySet":
        return self.filter(therapist=therapist)

    def search(self, query: str) -> "PatientQuerySet":
        query = query.strip()
        if not query:
            return self
        return self.filter(
            models.Q(user__full_name__icontains=query) | models.Q(user__email__icontains=query)
        )


class Patient(models.Model):
    """A person treated for low back pain by a practice, with their own login."""

    class Sex(models.TextChoices):
        FEMALE = "female", _("vrouw")
        MALE = "male", _("man")
        OTHER = "other", _("anders")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="patient"
    )
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="patients")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="treated_patients",
        verbose_name=_("behandelend therapeut"),
    )
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    sex = models.CharField(_("geslacht"), max_length=8, choices=Sex.choices, blank=True)
    # So the therapist can call back when a red flag fires.
    phone = models.CharField(_("telefoonnummer"), max_length=32, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PatientQuerySet.as_manager()

    class Meta:
        ordering = ["user__full_name"]

    def __str__(self) -> str:
        return self.user.full_name

    @property
    def name(self) -> str:
        return self.user.full_name

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def age(self) -> int | None:
        return self.age_on(timezone.localdate())

    @property
    def has_activated_account(self) -> bool:
        return self.user.has_usable_password()
