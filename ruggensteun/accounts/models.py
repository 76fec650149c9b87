import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> "User":
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)  # None gives an unusable password (invited, not yet set)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who logs in: a patient, a therapist or a practice admin. Logs in by e-mail."""

    class Language(models.TextChoices):
        DUTCH = "nl", "Nederlands"
        ENGLISH = "en", "English"

    email = models.EmailField(_("e-mailadres"), unique=True)
    full_name = models.CharField(_("naam"), max_length=150)
    language = models.CharField(
        _("taal"), max_length=2, choices=Language.choices, default=Language.DUTCH
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)  # Django's own flag; not a practice role
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_patient(self) -> bool:
        return hasattr(self, "patient")

    def practice_ids(self, *, role: str | None = None) -> list[int]:
        """The practices this user works in (optionally only with ``role``)."""
        memberships = self.memberships.all()
        if role is not None:
            memberships = memberships.filter(role=role)
        return list(memberships.values_list("practice_id", flat=True))

    @property
    def is_practice_staff(self) -> bool:
        return self.memberships.exists()

    @property
    def is_practice_admin(self) -> bool:
        return self.memberships.filter(role=Membership.Role.ADMIN).exists()


class Practice(models.Model):
    """A physiotherapy practice (praktijk). Patients and staff belong to one."""

    class Country(models.TextChoices):
        NETHERLANDS = "NL", _("Nederland")
        BELGIUM = "BE", _("België")

    name = models.CharField(_("naam"), max_length=150)
    country = models.CharField(
        _("land"), max_length=2, choices=Country.choices, default=Country.NETHERLANDS
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A staff member's role in a practice."""

    class Role(models.TextChoices):
        THERAPIST = "therapist", _("therapeut")
        ADMIN = "admin", _("beheerder")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "practice"], name="one_role_per_practice")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.practice})"


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def open(self) -> "InvitationQuerySet":
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def find_by_token(self, token: str) -> "Invitation | None":
        return self.filter(token_hash=_hash_token(token)).select_related("user").first()


class Invitation(models.Model):
    """A one-time link by e-mail with which an invited person sets their password.

    Only a hash of the token is stored, so a copy of the database cannot be used to
    accept someone else's invitation.
    """

    class Kind(models.TextChoices):
        PATIENT = "patient", _("patiënt")
        THERAPIST = "therapist", _("therapeut")
        ADMIN = "admin", _("beheerder")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.user} ({self.kind})"

    @classmethod
    def issue(
        cls, *, user: User, practice: Practice, kind: str, invited_by: User | None
    ) -> tuple["Invitation", str]:
        """Create an invitation, revoking any earlier open one; returns it and the raw token."""
        now = timezone.now()
        cls.objects.open().filter(user=user).update(revoked_at=now)
        token = secrets.token_urlsafe(32)
        invitation = cls.objects.create(
            user=user,
            practice=practice,
            kind=kind,
            invited_by=invited_by,
            token_hash=_hash_token(token),
            created_at=now,
            expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        return invitation, token

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and timezone.now() < self.expires_at
        )


class LoginAttemptQuerySet(models.QuerySet):
    def recent_failures(self) -> "LoginAttemptQuerySet":
        since = timezone.now() - timedelta(minutes=settings.LOGIN_THROTTLE_MINUTES)
        return self.filter(succeeded=False, at__gte=since)


class LoginAttempt(models.Model):
    """One try to log in, kept for throttling per account and per IP address."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    email = models.CharField(max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, db_index=True)
    succeeded = models.BooleanField(default=False)

    objects = LoginAttemptQuerySet.as_manager()

    def __str__(self) -> str:
        outcome = "ok" if self.succeeded else "failed"
        return f"{self.at:%Y-%m-%d %H:%M} {self.email} {outcome}"

    @classmethod
    def is_throttled(cls, *, email: str, ip_address: str | None) -> bool:
        failures = cls.objects.recent_failures()
        if failures.filter(email=email.lower()).count() >= settings.LOGIN_FAILURES_PER_ACCOUNT:
            return True
        return (
            ip_address is not None
            and failures.filter(ip_address=ip_address).count() >= settings.LOGIN_FAILURES_PER_IP
        )

    @classmethod
    def record(cls, *, email: str, ip_address: str | None, succeeded: bool) -> None:
        cls.objects.create(email=email.lower(), ip_address=ip_address, succeeded=succeeded)
