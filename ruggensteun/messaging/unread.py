"""For the caseload (issue #16): which patients have a message the practice has not read."""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Min

from ruggensteun.messaging.models import Message


def unread_by_patient(patient_ids: Iterable[int]) -> dict[int, datetime]:
    """Patient id -> when their oldest unread message was sent, for the patients given that
    have one. One query (the partial index ``messaging_unread_from_patient``)."""
    ids = list(patient_ids)
    if not ids:
        return {}
    rows = (
        Message.objects.unread_from_patient()
        .filter(patient_id__in=ids)
        .values("patient_id")
        .annotate(oldest=Min("sent_at"))
        .order_by()
    )
    return {row["patient_id"]: row["oldest"] for row in rows}
