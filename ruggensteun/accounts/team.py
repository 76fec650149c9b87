"""Changes to a practice's team by its admin: deactivate a member (and reactivate them),
change a role, send an open staff invitation again or withdraw it. Each change is
audit-logged.

The rules (issue #12):
- Nobody deactivates or withdraws themself, and the practice always keeps an active admin.
- A deactivated member can no longer log in and their open sessions end at once: Django's
  ModelBackend answers no user for an inactive account on every request.
- Patients stay with the practice. A therapist who still treats patients is deactivated only
  together with a colleague who takes them over (chosen on the confirm page), in one
  transaction, so no patient is ever left with an inactive therapist.
- A member who also works in another practice is not deactivated (or reactivated) here:
  the account is theirs in both, and one practice's admin does not close it for the other.
- Reactivating gives back what the member had (role, password, authenticator app); the
  patients handed over stay with their new therapist.
- Withdrawing an invitation that was never accepted removes the unused account, so the
  address can be invited again; if patients were already assigned to the invitee, the
  admin deactivates them instead (which moves the patients).
"""

from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import ProtectedError, QuerySet, RestrictedError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from ruggensteun.accounts.invitations import send_new_invitation
from ruggensteun.accounts.models import Invitation, Membership, User, patient_model
from ruggensteun.audit.log import Action, record_for_each_patient, record_request


class TeamChangeRefused(Exception):
    """The change would break a rule; the message is for the admin, in their language."""


def is_open_invitation(user: User) -> bool:
    """Invited but never logged in: no password set yet."""
    return user.is_active and not user.has_usable_password() and user.last_login is None


def successors(membership: Membership) -> QuerySet[User]:
    """Who may take over the member's patients: the practice's other active therapists."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__practice=membership.practice,
            memberships__role=Membership.Role.THERAPIST,
        )
        .exclude(pk=membership.user_id)
        .order_by("full_name")
    )


def patients_of(membership: Membership) -> QuerySet[Any]:
    """The patients the member treats (``Patient`` of the patients app, above accounts)."""
    return patient_model().objects.filter(therapist_id=membership.user_id)


@transaction.atomic
def deactivate(request: HttpRequest, membership: Membership, successor: User | None) -> int:
    """Deactivate the member; returns how many patients moved to ``successor``."""
    user = membership.user
    if user.pk == request.user.pk:
        raise TeamChangeRefused(_("U kunt uzelf niet deactiveren."))
    if not user.is_active:
        raise TeamChangeRefused(_("Deze collega is al gedeactiveerd."))
    if Membership.objects.filter(user=user).exclude(practice=membership.practice).exists():
        raise TeamChangeRefused(
            _(
                "Deze collega werkt ook in een andere praktijk. Neem contact op met de "
                "beheerder van Ruggensteun."
            )
        )
    patients = list(patients_of(membership).select_for_update())
    if patients:
        if successor is None or not successors(membership).filter(pk=successor.pk).exists():
            raise TeamChangeRefused(
                _("Kies een collega die de patiënten van %(name)s overneemt.")
                % {"name": user.full_name}
            )
        patient_model().objects.filter(pk__in=[p.pk for p in patients]).update(therapist=successor)
        record_for_each_patient(
            request,
            Action.UPDATE,
            patients,
            practice=membership.practice,
            what="team: patients moved to another therapist",
            detail={"from_user_id": user.pk, "to_user_id": successor.pk},
        )
    user.is_active = False
    user.save(update_fields=["is_active"])
    Invitation.objects.open().filter(user=user).update(revoked_at=timezone.now())
    record_request(
        request,
        Action.UPDATE,
        practice=membership.practice,
        what="team: staff member deactivated",
        detail={"user_id": user.pk, "patients_moved": len(patients)},
    )
    return len(patients)


@transaction.atomic
def reactivate(request: HttpRequest, membership: Membership) -> None:
    """Let a deactivated member log in again, with what they had: the same role, clinical
    lead mark, password and authenticator app (deactivating removed none of them). The
    patients handed over when they left stay with their new therapist. As a therapist they
    are offered for new patients again (``successors`` and the invitation form list active
    therapists only)."""
    user = User.objects.select_for_update().get(pk=membership.user_id)
    if user.is_active:
        raise TeamChangeRefused(_("Deze collega is al actief."))
    if Membership.objects.filter(user=user).exclude(practice=membership.practice).exists():
        raise TeamChangeRefused(
            _(
                "Deze collega werkt ook in een andere praktijk. Neem contact op met de "
                "beheerder van Ruggensteun."
            )
        )
    if user.is_patient or not user.has_usable_password():
        # A withdrawn invitation (never a password) or a closed account: nothing to go
        # back to. A new invitation makes a fresh start.
        raise TeamChangeRefused(
            _("%(name)s heeft geen wachtwoord. Nodig deze collega opnieuw uit.")
            % {"name": user.full_name}
        )
    user.is_active = True
    user.save(update_fields=["is_active"])
    ended = end_sessions_of(user)
    record_request(
        request,
        Action.UPDATE,
        practice=membership.practice,
        what="team: staff member reactivated",
        detail={"user_id": user.pk, "role": membership.role, "old_sessions_ended": ended},
    )


def end_sessions_of(user: User) -> int:
    """End the sessions the user had before being deactivated. While inactive they only
    lay dormant (the backend answers no user); reactivated, they would count again, so the
    member logs in afresh, with both factors. Only unexpired sessions are read (idle ones
    expire after SESSION_IDLE_MINUTES)."""
    stale = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now())
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk)
    ]
    Session.objects.filter(pk__in=stale).delete()
    return len(stale)


@transaction.atomic
def change_role(request: HttpRequest, membership: Membership, role: str) -> bool:
    """Give the member ``role``; False when it was their role already."""
    if role == membership.role:
        return False
    if membership.role == Membership.Role.ADMIN:
        other_admins = (
            Membership.objects.select_for_update()
            .filter(practice=membership.practice, role=Membership.Role.ADMIN, user__is_active=True)
            .exclude(pk=membership.pk)
        )
        if not other_admins.exists():
            raise TeamChangeRefused(
                _("De praktijk heeft altijd een beheerder nodig. Maak eerst een ander beheerder.")
            )
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record_request(
        request,
        Action.UPDATE,
        practice=membership.practice,
        what="team: role changed",
        detail={"user_id": membership.user_id, "from": old, "to": role},
    )
    return True


def resend_invitation(request: HttpRequest, membership: Membership) -> None:
    user = membership.user
    if not is_open_invitation(user):
        raise TeamChangeRefused(_("Deze collega heeft de uitnodiging al aangenomen."))
    with transaction.atomic():
        record_request(
            request,
            Action.CREATE,
            practice=membership.practice,
            what="team: invitation sent again",
            detail={"user_id": user.pk},
        )
        send_new_invitation(
            user=user,
            practice=membership.practice,
            kind=membership.role,
            invited_by=request.user,
        )


@transaction.atomic
def withdraw_invitation(request: HttpRequest, membership: Membership) -> None:
    user = membership.user
    if user.pk == request.user.pk or not is_open_invitation(user):
        raise TeamChangeRefused(_("Deze collega heeft de uitnodiging al aangenomen."))
    if patients_of(membership).exists():
        raise TeamChangeRefused(
            _(
                "%(name)s is al behandelaar van patiënten. Kies 'deactiveren': dan draagt u "
                "de patiënten over aan een collega."
            )
            % {"name": user.full_name}
        )
    Invitation.objects.open().filter(user=user).update(revoked_at=timezone.now())
    record_request(
        request,
        Action.DELETE,
        practice=membership.practice,
        what="team: invitation withdrawn",
        detail={"user_id": user.pk, "email": user.email, "role": membership.role},
    )
    if Membership.objects.filter(user=user).exclude(pk=membership.pk).exists():
        membership.delete()  # invited elsewhere too: only this practice lets go
        return
    if not user.is_patient:
        try:
            with transaction.atomic():
                user.delete()
                return
        except (ProtectedError, RestrictedError):
            pass  # something refers to the account: keep it, closed
    user.is_active = False
    user.save(update_fields=["is_active"])
