"""Inviting people by e-mail: patients by their therapist, staff by a practice admin."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ruggensteun.accounts.models import Invitation, Membership, Practice, User
from ruggensteun.audit.log import Action, record


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
    with translation.override(user.language):
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation_body.txt", context)
    send_mail(subject, body, None, [user.email])


@transaction.atomic
def invite_staff(
    *, practice: Practice, full_name: str, email: str, role: str, language: str, invited_by: User
) -> Invitation:
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
