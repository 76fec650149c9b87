"""Writing to the audit log. Every read and change of patient data goes through here."""

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest

from ruggensteun.audit.models import AuditEvent

Action = AuditEvent.Action


def record(
    actor: Any,
    action: str,
    what: str,
    *,
    patient: Any = None,
    practice: Any = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one entry. ``practice`` defaults to the patient's practice."""
    if practice is None and patient is not None:
        practice = patient.practice
    is_user = getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_email=actor.email if is_user else "",
        practice=practice,
        patient=patient,
        action=action,
        what=what[:200],
        detail=detail or {},
    )


def record_request(
    request: HttpRequest,
    action: str,
    *,
    patient: Any = None,
    practice: Any = None,
    what: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one entry for the current request; ``what`` defaults to the view's name."""
    if what is None:
        match = request.resolver_match
        what = match.view_name if match else request.path
    return record(request.user, action, what, patient=patient, practice=practice, detail=detail)


def record_for_each_patient(
    request: HttpRequest,
    action: str,
    patients: Iterable[Any],
    *,
    practice: Any,
    what: str,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """One action on many patients at once (an outcome export): one entry for the whole,
    with the patients' ids in its detail, and one entry per patient pointing to it, so each
    patient's access log and the admin's patient filter show it (issue #11, finding 11).

    Two inserts whatever the number of patients (the second one batched by the database's
    limit on parameters). Returns the entry for the whole."""
    chosen = list(patients)
    detail = detail or {}
    whole = record_request(
        request,
        action,
        practice=practice,
        what=what,
        detail={**detail, "patient_ids": [patient.pk for patient in chosen]},
    )
    AuditEvent.objects.bulk_create(
        AuditEvent(
            at=whole.at,
            actor_id=whole.actor_id,
            actor_email=whole.actor_email,
            practice_id=patient.practice_id,
            patient_id=patient.pk,
            action=action,
            what=whole.what,
            detail={**detail, "part_of": whole.pk},
        )
        for patient in chosen
    )
    return whole
