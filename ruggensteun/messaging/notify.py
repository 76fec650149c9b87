"""Telling the other side that a message is waiting (issue #16). No medical content ever:
only "U heeft een nieuw bericht" and a link that works after logging in (docs/architecture.md,
"Background work"). Mails go through base.mail's queue after the transaction commits, in the
recipient's language; a mail that cannot be sent never breaks sending the message."""

from django.conf import settings
from django.urls import reverse

from ruggensteun.base.mail import queue_email, render_email
from ruggensteun.intake.notify import Recipient, therapist_recipients
from ruggensteun.patients.models import Patient
from ruggensteun.push.notify import notify as push_notify


def _send(recipient: Recipient, kind: str, link: str, patient: Patient) -> None:
    subject, body = render_email(
        "messaging/email/new_message",
        {"recipient": recipient, "link": link, "practice": patient.practice},
        recipient.language,
    )
    queue_email(
        kind=kind,
        to=recipient.email,
        subject=subject,
        body=body,
        practice_id=patient.practice_id,
    )


def patient_wrote(patient: Patient) -> int:
    """A patient sent a message: the treating therapist and the practice's alert address
    get one e-mail each. Returns how many were queued."""
    link = settings.SITE_URL + reverse("messaging:staff_thread", args=[patient.pk])
    recipients = therapist_recipients(patient)
    for recipient in recipients:
        _send(recipient, "message_from_patient", link, patient)
    return len(recipients)


def practice_replied(patient: Patient) -> str:
    """The practice replied: a push message when the patient has push on, else an e-mail.
    Returns "push", "email" or "" (nobody to reach)."""
    user = patient.user
    path = reverse("messaging:thread")
    if not user.is_active:
        return ""
    if push_notify(user, "message_reply", url=path):
        return "push"
    if not user.email or not user.has_usable_password():
        return ""
    _send(
        Recipient(user.email, user.language, user.get_short_name()),
        "message_reply",
        settings.SITE_URL + path,
        patient,
    )
    return "email"
