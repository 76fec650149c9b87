"""E-mails about red flags: the treating therapist (and the practice's alert address) hear
of a new flag at once, and the patient hears that their therapist has left a message.

No e-mail carries medical details (docs/architecture.md, "Background work"): no rule, no
symptom, no patient name; only how many new flags, how urgent, and a link that works
after logging in. Mails go out through the task queue (``base.mail``) after the
transaction that raised the alert commits, in each recipient's language. A mail that
cannot be sent never breaks the patient's request or loses the alert: it is retried, the
practice admin sees the failure, and the alert has no ``notified_at`` until a mail about it
has gone out (``mark_notified``, called by the task).
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ruggensteun.accounts.models import User
from ruggensteun.base.mail import queue_email, render_email
from ruggensteun.intake.models import RedFlagAlert, TriageAssessment
from ruggensteun.intake.status import BLOCKING_URGENCIES
from ruggensteun.patients.models import Patient

logger = logging.getLogger(__name__)

# The new alerts that are e-mailed: those that send the patient to the GP (emergency,
# urgent, soon; triage.md §2). A `routine` flag is for the next appointment with the
# therapist and shows in the caseload; it is not mailed.
NOTIFY_URGENCIES = BLOCKING_URGENCIES


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str
    name: str  # empty for the practice's alert address


def _send(
    recipient: Recipient,
    template: str,
    context: dict[str, object],
    *,
    practice_id: int,
    on_sent: tuple[str, list[object]] | None = None,
) -> None:
    """Render one mail in the recipient's language and queue it (base.mail)."""
    subject, body = render_email(
        f"intake/email/{template}", {**context, "recipient": recipient}, recipient.language
    )
    queue_email(
        kind=f"red_flag_{template}",
        to=recipient.email,
        subject=subject,
        body=body,
        practice_id=practice_id,
        on_sent=on_sent,
    )


def mark_notified(alert_ids: list[int]) -> int:
    """Called by the mail task when a mail about these alerts has gone out: the first one
    sets ``notified_at`` (a later one changes nothing)."""
    return RedFlagAlert.objects.filter(pk__in=alert_ids, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )


def _language_of(email: str) -> str:
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    return user.language if user is not None else settings.LANGUAGE_CODE


def therapist_recipients(patient: Patient) -> list[Recipient]:
    """The treating therapist (while their account is active) and the practice's alert
    address, each once."""
    recipients = []
    therapist = patient.therapist
    if therapist.is_active:
        recipients.append(
            Recipient(therapist.email, therapist.language, therapist.get_short_name())
        )
    alert_email = patient.practice.alert_email.strip()
    if alert_email and alert_email.lower() not in {r.email.lower() for r in recipients}:
        recipients.append(Recipient(alert_email, _language_of(alert_email), ""))
    return recipients


def alerts_raised(assessment: TriageAssessment) -> None:
    """Called where new alerts are stored: mail about them once the transaction commits
    (never when it rolls back). ``robust``: whatever goes wrong is logged, the patient's
    request goes on."""
    assessment_id = assessment.pk
    transaction.on_commit(lambda: notify_therapists(assessment_id), robust=True)


def notify_therapists(assessment_id: int) -> bool:
    """One mail per recipient about the new, still open alerts of one assessment, queued;
    ``notified_at`` is set when the first of them has gone out. Returns whether any was
    queued."""
    alerts = list(
        RedFlagAlert.objects.open()
        .filter(
            assessment_id=assessment_id,
            urgency__in=NOTIFY_URGENCIES,
            notified_at__isnull=True,
        )
        .select_related("patient__therapist", "patient__practice")
        .by_urgency()
    )
    if not alerts:
        return False
    patient = alerts[0].patient
    recipients = therapist_recipients(patient)
    if not recipients:
        logger.warning("intake.notify: nobody to mail about assessment %s", assessment_id)
        return False
    context = {
        "count": len(alerts),
        "urgency": alerts[0].urgency,  # the most urgent first (by_urgency)
        "link": settings.SITE_URL
        + reverse("intake:triage", args=[patient.pk])
        + f"#alert-{alerts[0].pk}",
        "practice": patient.practice,
    }
    on_sent = ("ruggensteun.intake.notify.mark_notified", [[alert.pk for alert in alerts]])
    for recipient in recipients:
        _send(recipient, "alert", context, practice_id=patient.practice_id, on_sent=on_sent)
    return True


def patient_message_left(patient: Patient) -> None:
    """After the transaction commits: tell the patient there is a message for them."""
    patient_id = patient.pk
    transaction.on_commit(lambda: notify_patient(patient_id), robust=True)


def notify_patient(patient_id: int) -> bool:
    """ "Er is een bericht van uw fysiotherapeut", with a link to log in; nothing else."""
    patient = Patient.objects.select_related("user", "practice").get(pk=patient_id)
    user = patient.user
    if not user.is_active or not user.has_usable_password():
        return False
    context = {
        "link": settings.SITE_URL + reverse("web:home"),
        "practice": patient.practice,
    }
    _send(
        Recipient(user.email, user.language, user.get_short_name()),
        "message",
        context,
        practice_id=patient.practice_id,
    )
    return True
