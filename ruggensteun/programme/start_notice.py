"""Telling the patient that the programme has started (issue #12): an e-mail and a message
on Today.

The e-mail says only that the programme is ready, with a link to log in: no exercise, no
score, nothing clinical (architecture.md: e-mails carry no medical details), in the
patient's own language. Today shows "Uw programma is gestart" until the patient marks it
read, or for NOTICE_SHOWN_DAYS after the start, as Today shows the therapist's message
after a red flag (``intake.advice.therapist_message``).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ruggensteun.base.mail import queue_email, render_email
from ruggensteun.patients.models import Patient
from ruggensteun.programme.models import Programme, WeeklyPlan
from ruggensteun.push.notify import notify

# Issue #12: the message on Today stays for a week unless read sooner.
NOTICE_SHOWN_DAYS = 7


def programme_started(programme: Programme) -> None:
    """After the transaction commits: e-mail the patient that the programme has started."""
    programme_id = programme.pk
    transaction.on_commit(lambda: send_start_email(programme_id), robust=True)


def send_start_email(programme_id: int) -> bool:
    """ "Uw programma is gestart", with a link to log in; nothing else."""
    programme = Programme.objects.select_related("patient__user", "patient__practice").get(
        pk=programme_id
    )
    user = programme.patient.user
    if not user.is_active or not user.email or not user.has_usable_password():
        return False
    if notify(user, "programme_started", url=reverse("web:patient_home")):
        return True  # a push where the patient switched it on (issue #16); else the e-mail
    context = {
        "name": user.get_short_name(),
        "practice": programme.patient.practice,
        "link": settings.SITE_URL + reverse("web:home"),
    }
    subject, body = render_email("programme/email/start", context, user.language)
    queue_email(
        kind="programme_start",
        to=user.email,
        subject=subject,
        body=body,
        practice_id=programme.patient.practice_id,
    )
    return True


def start_notice(patient: Patient, now: datetime | None = None) -> Programme | None:
    """The running programme whose start Today still tells: not read and started less than
    NOTICE_SHOWN_DAYS ago."""
    now = now or timezone.now()
    return (
        Programme.objects.filter(
            patient=patient,
            status=Programme.Status.ACTIVE,
            # A prepared week 1 that waits for the therapist has not started yet.
            plans__status=WeeklyPlan.Status.ACTIVE,
            start_notice_read_at__isnull=True,
            started_at__gt=now - timedelta(days=NOTICE_SHOWN_DAYS),
            started_at__lte=now,
        )
        .order_by("-started_at", "-id")
        .first()
    )


def mark_read(patient: Patient, now: datetime | None = None) -> int:
    """The patient has read the notice: Today stops showing it. Returns the rows changed."""
    return Programme.objects.filter(patient=patient, start_notice_read_at__isnull=True).update(
        start_notice_read_at=now or timezone.now()
    )
