"""Writing to the audit log. Every read and change of patient data goes through here."""

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
