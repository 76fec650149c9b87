"""Inviting people by e-mail: patients by their therapist, staff by a practice admin.

An invitation to an address that already has an account (in this practice or another)
changes nothing and answers the inviter exactly as a new invitation would, so the form
cannot be used to find out who has an account where (issue #11, finding 10). The owner of
the address is told by e-mail instead.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from ruggensteun.accounts.models import Invitation, Membership, Practice, User
from ruggensteun.audit.log import Action, record
from ruggensteun.base.mail import queue_email, render_email


def send_invitation_email(invitation: Invitation, token: str) -> None:
    user = invitation.user
    link = settings.SITE_URL + reverse("accounts:accept_invitation", args=[token])
    context = {
        "user": user,
        "practice": invitation.practice,
        "invited_by": invitation.invited_by,
        "link": link,
        "invitation": invitation,
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    subject, body = render_email("accounts/email/invitation", context, user.language)
    # Through the task queue (base.mail): the inviter's page never waits for the mail
    # server; a failure after the last try shows on the admin's page.
    queue_email(
        kind="invitation",
        to=user.email,
        subject=subject,
        body=body,
        practice_id=invitation.practice_id,
    )


logger = logging.getLogger(__name__)


def send_existing_account_email(user: User, practice: Practice) -> None:
    """Tell the owner of an address that someone tried to invite them: no link that
    changes anything, no medical details."""
    context = {
        "user": user,
        "practice": practice,
        "login_link": settings.SITE_URL + reverse("accounts:login"),
    }
    subject, body = render_email("accounts/email/existing_account", context, user.language)
    # No practice: a failure listed on the inviting practice's page would tell its admin
    # that the address has an account (issue #11, finding 10). The server log has it.
    queue_email(kind="existing_account", to=user.email, subject=subject, body=body)


def existing_account(email: str, practice: Practice) -> User | None:
    """The account of ``email`` if there is one; then its owner is told by e-mail (after
    the transaction) and the caller makes nothing."""
    user = User.objects.filter(email=email.lower()).first()
    if user is not None:
        # For the operator only (the server log), not the practice's audit log: that
        # would tell the practice's admin what the form must not.
        logger.info("Invitation to existing account %s by practice %s", user.pk, practice.pk)
        transaction.on_commit(lambda: send_existing_account_email(user, practice))
    return user


@transaction.atomic
def invite_staff(
    *, practice: Practice, full_name: str, email: str, role: str, language: str, invited_by: User
) -> Invitation | None:
    """Invite a new staff member; None (and an e-mail to its owner) when the address
    already has an account."""
    if existing_account(email, practice) is not None:
        return None
    user = User.objects.create_user(email, None, full_name=full_name, language=language)
    Membership.objects.create(user=user, practice=practice, role=role)
    invitation, token = Invitation.issue(
        user=user, practice=practice, kind=role, invited_by=invited_by
    )
    record(
        invited_by,
        Action.CREATE,
        f"invitation for {role}",
        practice=practice,
        detail={"user_id": user.pk},
    )
    transaction.on_commit(lambda: send_invitation_email(invitation, token))
    return invitation


def send_new_invitation(
    *, user: User, practice: Practice, kind: str, invited_by: User
) -> Invitation:
    """Send a fresh link; any earlier open link stops working (e.g. after it expired)."""
    invitation, token = Invitation.issue(
        user=user, practice=practice, kind=kind, invited_by=invited_by
    )
    send_invitation_email(invitation, token)
    return invitation
