import base64
import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import connection, models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin


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

    def practice_memberships(self) -> list["Membership"]:
        """This user's memberships with their practices, the first joined first: read once
        per user object, as Django keeps a user's permissions (``_perm_cache``), and again
        after any membership was written in this process (``MEMBERSHIP_WRITES``: a request
        that changes its own user's role sees the new one). A request's user is loaded anew
        for each request, and one page asks several times who someone is (the view's check,
        the menu, the audit entry; issue #15)."""
        read = getattr(self, "_memberships_cache", None)
        if read is None or read[0] != MEMBERSHIP_WRITES[0]:
            read = (
                MEMBERSHIP_WRITES[0],
                list(self.memberships.select_related("practice").order_by("created_at", "id")),
            )
            self._memberships_cache = read
        return read[1]

    def practice_ids(self, *, role: str | None = None) -> list[int]:
        """The practices this user works in (optionally only with ``role``)."""
        return [
            membership.practice_id
            for membership in self.practice_memberships()
            if role is None or membership.role == role
        ]

    @property
    def is_practice_staff(self) -> bool:
        return bool(self.practice_memberships())

    @property
    def is_practice_admin(self) -> bool:
        return bool(self.practice_ids(role=Membership.Role.ADMIN))


# How many times a membership was saved or deleted in this process (post_save and
# post_delete of Membership below): a user object's memberships read before are read again.
MEMBERSHIP_WRITES = [0]


def patient_model() -> Any:
    """The patients app's ``Patient``, found through the relation it adds to the user
    (``User.patient``). Accounts sits below patients (issue #13): it reaches a user's
    patient record this way, as it does with ``is_patient``, and never imports it."""
    return User._meta.get_field("patient").related_model


class Practice(models.Model):
    """A physiotherapy practice (praktijk). Patients and staff belong to one."""

    class Country(models.TextChoices):
        NETHERLANDS = "NL", _("Nederland")
        BELGIUM = "BE", _("België")

    name = models.CharField(_("naam"), max_length=150)
    country = models.CharField(
        _("land"), max_length=2, choices=Country.choices, default=Country.NETHERLANDS
    )
    # The contact card: what patients see on the flare-up plan, the advice pages and their
    # account page, and where red-flag alerts go besides the treating therapist.
    phone = models.CharField(_("telefoonnummer van de praktijk"), max_length=32, blank=True)
    opening_hours = models.TextField(_("openingstijden"), blank=True)
    address = models.TextField(_("adres"), blank=True)
    alert_email = models.EmailField(
        _("e-mailadres voor alarmsignalen"),
        blank=True,
        help_text=_("Krijgt een bericht bij elk nieuw alarmsignaal, naast de behandelaar."),
    )
    gp_phone = models.CharField(
        _("telefoonnummer huisarts of huisartsenpost"),
        max_length=32,
        blank=True,
        help_text=_(
            "Het nummer dat patiënten bij een spoedgeval als eerste bellen, bijvoorbeeld de "
            "huisartsenpost in uw regio."
        ),
    )
    out_of_hours_advice = models.TextField(_("advies buiten openingstijden"), blank=True)
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
    # The practice's clinical lead signs off the clinical texts patients read.
    is_clinical_lead = models.BooleanField(_("klinisch eindverantwoordelijke"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "practice"], name="one_role_per_practice")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.practice})"


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def _membership_written(**kwargs: Any) -> None:
    MEMBERSHIP_WRITES[0] += 1


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

    def claim(self) -> bool:
        """Mark the invitation accepted if it is still open; False when another request
        (or time) got there first. One conditional UPDATE, so parallel requests cannot
        both claim it."""
        now = timezone.now()
        claimed = (
            Invitation.objects.open().filter(pk=self.pk, expires_at__gt=now).update(accepted_at=now)
        )
        if claimed:
            self.accepted_at = now
        return claimed == 1

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and timezone.now() < self.expires_at
        )


class LoginAttemptQuerySet(models.QuerySet):
    def recent_failures(self, kind: str = "login") -> "LoginAttemptQuerySet":
        since = timezone.now() - timedelta(minutes=settings.LOGIN_THROTTLE_MINUTES)
        return self.filter(kind=kind, succeeded=False, at__gte=since)


class LoginAttempt(models.Model):
    """One try to log in (or to have a password-reset e-mail sent), kept for throttling
    per account, per account and IP address together, and per IP address."""

    class Kind(models.TextChoices):
        LOGIN = "login", "login"
        PASSWORD_RESET = "password_reset", "password reset"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.LOGIN)
    email = models.CharField(max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, db_index=True)
    succeeded = models.BooleanField(default=False)

    objects = LoginAttemptQuerySet.as_manager()

    def __str__(self) -> str:
        outcome = "ok" if self.succeeded else "failed"
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.email} {outcome}"

    @classmethod
    def reserve(
        cls, *, email: str, ip_address: str | None, kind: str = Kind.LOGIN
    ) -> "LoginAttempt | None":
        """Check the limits and record this try in one step; None when throttled.

        The try is recorded as failed *before* the password is checked (``succeeded()``
        turns it into a success), and the check and the record happen under one lock per
        address and per account, so parallel requests cannot all slip through between
        counting and recording (issue #11, finding 6: 12 parallel guesses got 6 past a
        limit of 5). On PostgreSQL the lock is a transaction-scoped advisory lock; on
        SQLite the INSERT itself takes the database's write lock before the count.
        A throttled try is not recorded, so waiting really ends the lock.
        """
        email = email.lower()
        with transaction.atomic():
            _lock_keys(f"{kind}:email:{email}", f"{kind}:ip:{ip_address}")
            attempt = cls.objects.create(kind=kind, email=email, ip_address=ip_address)
            if cls._over_limit(kind=kind, email=email, ip_address=ip_address):
                attempt.delete()
                return None
        return attempt

    @classmethod
    def _over_limit(cls, *, kind: str, email: str, ip_address: str | None) -> bool:
        """The counts include the try just recorded, hence ``>``."""
        failures = cls.objects.recent_failures(kind)
        if kind == cls.Kind.PASSWORD_RESET:
            per_account, per_ip = (
                settings.PASSWORD_RESETS_PER_ACCOUNT,
                settings.PASSWORD_RESETS_PER_IP,
            )
            if failures.filter(email=email).count() > per_account:
                return True
        else:
            per_ip = settings.LOGIN_FAILURES_PER_IP
            # The pair account + address first; the account alone only at a higher count,
            # so one address cannot lock a staff member out everywhere.
            same_address = (
                failures.filter(ip_address=ip_address)
                if ip_address is not None
                else failures.filter(ip_address__isnull=True)
            )
            if same_address.filter(email=email).count() > settings.LOGIN_FAILURES_PER_ACCOUNT:
                return True
            if (
                failures.filter(email=email).count()
                > settings.LOGIN_FAILURES_PER_ACCOUNT_ANY_ADDRESS
            ):
                return True
        return ip_address is not None and failures.filter(ip_address=ip_address).count() > per_ip

    def mark_succeeded(self) -> None:
        type(self).objects.filter(pk=self.pk).update(succeeded=True)
        self.succeeded = True


def _lock_keys(*keys: str) -> None:
    """Hold a lock on each key until the transaction ends (PostgreSQL advisory locks, in
    a fixed order so two requests never wait for each other crosswise)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted(set(keys)):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


class EnrolmentCodeQuerySet(models.QuerySet):
    def open(self) -> "EnrolmentCodeQuerySet":
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class EnrolmentCode(models.Model):
    """A one-time code with which a staff member without an authenticator app may set one
    up (issue #11, finding 5), issued by an operator (``manage.py reset_two_factor``).
    Only a hash is stored, like invitation tokens; 80 random bits, so a fast hash suffices."""

    VALID_HOURS = 24

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrolment_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = EnrolmentCodeQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Enrolment code of {self.user_id} ({'used' if self.used_at else 'open'})"

    @classmethod
    def issue(cls, user: User) -> str:
        """A new code for ``user`` (earlier open ones stop working); the raw code, to
        hand over once."""
        now = timezone.now()
        cls.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
        code = _new_recovery_code()
        cls.objects.create(
            user=user,
            code_hash=_hash_token(normalize_recovery_code(code)),
            created_at=now,
            expires_at=now + timedelta(hours=cls.VALID_HOURS),
        )
        return code

    @classmethod
    def redeem(cls, user: User, code: str) -> bool:
        """Use ``code`` once: one conditional UPDATE, so it works for one request only."""
        used = (
            cls.objects.open()
            .filter(user=user, code_hash=_hash_token(normalize_recovery_code(code)))
            .update(used_at=timezone.now())
        )
        return used == 1


RECOVERY_CODE_COUNT = 10


def normalize_recovery_code(code: str) -> str:
    """Codes are shown in groups (``abcd-efgh-…``); accept them with or without the dashes,
    spaces or capitals."""
    return "".join(code.split()).replace("-", "").lower()


class RecoveryCodes(TimestampMixin, ThrottlingMixin, Device):
    """A staff member's single-use recovery codes, as one django-otp device: for when the
    authenticator app is out of reach. Only hashes are stored (like invitation tokens);
    each code holds 80 random bits, so a fast hash suffices."""

    class Meta(Device.Meta):
        verbose_name = "recovery codes"
        constraints = [models.UniqueConstraint(fields=["user"], name="one_recovery_code_set")]

    def get_throttle_factor(self) -> int:
        return 1  # after each failure wait 1, 2, 4, 8 … seconds, like the TOTP device

    def replace_codes(self) -> list[str]:
        """Forget every earlier code and return RECOVERY_CODE_COUNT new ones, to show once."""
        codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
        self.codes.all().delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=self, code_hash=_hash_token(normalize_recovery_code(code)))
            for code in codes
        )
        return codes

    def remaining(self) -> int:
        return self.codes.filter(used_at__isnull=True).count()

    def verify_token(self, token: str) -> bool:
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        now = timezone.now()
        used = self.codes.filter(
            code_hash=_hash_token(normalize_recovery_code(token)), used_at__isnull=True
        ).update(used_at=now)
        if not used:
            self.throttle_increment()
            return False
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True


def _new_recovery_code() -> str:
    raw = base64.b32encode(secrets.token_bytes(10)).decode().lower()  # 16 characters
    return "-".join(raw[start : start + 4] for start in range(0, 16, 4))


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodes, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Recovery code of {self.device.user_id} ({'used' if self.used_at else 'open'})"
