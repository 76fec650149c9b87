"""For the caseload (issue #16): which patients have a message the practice has not read."""

from django.db.models import OuterRef, Subquery

from ruggensteun.messaging.models import Message


def oldest_unread() -> Subquery:
    """An annotation of patients: when their oldest message the practice has not read yet
    was sent, or None. Part of the caseload's one patients query (no query of its own), read
    by the partial index ``messaging_unread_from_patient``."""
    return Subquery(
        Message.objects.unread_from_patient()
        .filter(patient=OuterRef("pk"))
        .order_by("sent_at")
        .values("sent_at")[:1]
    )
