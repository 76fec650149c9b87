"""Carrying out a patient's request to delete their data, as far as the law allows.

A practice in the Netherlands must keep a patient's medical record for 20 years (WGBO,
art. 7:454 BW): the intake, triage, questionnaires, programme, day logs, check-ins and
the therapist's notes are part of it and stay. What is removed: the account (nobody can
log in with it any more) and the personal details that identify the person outside the
record: name, e-mail address, date of birth and sex; reminder settings and the calendar
address go too. The audit log is always kept (it cannot be changed) and keeps the e-mail
address of past events as it was.
"""

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruggensteun.accounts.models import Invitation
from ruggensteun.audit.log import Action, record
from ruggensteun.mydata.models import DeletionRequest, ReminderSettings

REMOVED = (
    _("naam"),
    _("e-mailadres"),
    _("geboortedatum"),
    _("geslacht"),
    _("de inlog (het account kan niet meer inloggen)"),
    _("e-mailherinneringen en het agenda-adres"),
)
KEPT = (
    _(
        "het medisch dossier: intake, triage, vragenlijsten, programma, dagboek en check-ins, "
        "en de verslagen van uw fysiotherapeut (WGBO: 20 jaar)"
    ),
    _("het auditlog: wie wanneer uw gegevens heeft bekeken of gewijzigd"),
)


def anonymous_name(patient_id: int) -> str:
    return f"Verwijderd account {patient_id}"


@transaction.atomic
def close_account(request: DeletionRequest, *, by: Any, note: str = "") -> None:
    """Close the account and remove the personal details; record it on the request and in
    the audit log. Refuses a request that was already handled."""
    request = DeletionRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise ValueError("this request was already handled")
    patient = request.patient
    user = patient.user
    now = timezone.now()
    user.full_name = anonymous_name(patient.pk)
    user.email = f"verwijderd-{patient.pk}-{secrets.token_hex(6)}@verwijderd.invalid"
    user.is_active = False
    user.set_unusable_password()  # also ends every session: the session hash changes
    user.save(update_fields=["full_name", "email", "is_active", "password"])
    patient.date_of_birth = None
    patient.sex = ""
    patient.save(update_fields=["date_of_birth", "sex"])
    Invitation.objects.open().filter(user=user).update(revoked_at=now)
    ReminderSettings.objects.filter(patient=patient).delete()
    request.handled_at = now
    request.handled_by = by
    request.outcome = DeletionRequest.Outcome.ACCOUNT_CLOSED
    request.note = note
    request.save(update_fields=["handled_at", "handled_by", "outcome", "note"])
    record(
        by,
        Action.DELETE,
        "mydata: account closed, personal details removed",
        patient=patient,
        detail={
            "request": request.pk,
            "removed": ["full_name", "email", "date_of_birth", "sex", "login", "reminders"],
            "kept": ["medical record (WGBO art. 7:454 BW)", "audit log"],
        },
    )


@transaction.atomic
def decline(request: DeletionRequest, *, by: Any, note: str) -> None:
    """Record that the practice did not carry the request out, and why (``note``)."""
    request = DeletionRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise ValueError("this request was already handled")
    request.handled_at = timezone.now()
    request.handled_by = by
    request.outcome = DeletionRequest.Outcome.NOT_CARRIED_OUT
    request.note = note
    request.save(update_fields=["handled_at", "handled_by", "outcome", "note"])
    record(
        by,
        Action.UPDATE,
        "mydata: deletion request not carried out",
        patient=request.patient,
        detail={"request": request.pk},
    )
