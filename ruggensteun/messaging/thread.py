"""Sending and reading messages: the one place that writes them (views only call here)."""

import uuid
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from ruggensteun.clinical.triage.words import red_flag_words, rule_ids
from ruggensteun.messaging import notify
from ruggensteun.messaging.models import Message
from ruggensteun.patients.models import Patient

# The thread shows this many of the newest messages (older ones are in the own-data export).
SHOWN = 100


@dataclass(frozen=True)
class Outcome:
    message: Message
    sent: bool  # False: kept as a draft for the safety check
    new: bool  # False: this key was handled before (a form sent twice)


def thread(patient: Patient) -> list[Message]:
    """The newest sent messages, oldest first, with their authors (one query)."""
    newest = list(
        Message.objects.sent()
        .filter(patient=patient)
        .select_related("author")
        .order_by("-sent_at", "-id")[:SHOWN]
    )
    return newest[::-1]


def draft_of(patient: Patient) -> Message | None:
    return (
        Message.objects.drafts()
        .filter(patient=patient, from_patient=True)
        .order_by("-created_at", "-id")
        .first()
    )


def _existing(patient: Patient, key: uuid.UUID) -> Message | None:
    return Message.objects.filter(patient=patient, key=key).first()


def write_as_patient(patient: Patient, body: str, key: uuid.UUID) -> Outcome:
    """Check for red-flag words; without one the message is sent (the therapist hears of
    it), with one it is kept as a draft until the safety check. A key seen before changes
    nothing; the patient's older drafts give way to this one."""
    existing = _existing(patient, key)
    if existing is not None and existing.sent_at is not None:
        return Outcome(existing, True, False)
    hits = red_flag_words(body)
    with transaction.atomic():
        Message.objects.drafts().filter(patient=patient, from_patient=True).exclude(
            key=key
        ).delete()
        message, _created = Message.objects.update_or_create(
            patient=patient,
            key=key,
            defaults={
                "author": patient.user,
                "from_patient": True,
                "body": body,
                "flag_topics": [hit.topic for hit in hits],
                "flag_rules": list(rule_ids(hits)),
            },
        )
        if not hits:
            _send(message)
    return Outcome(message, not hits, True)


def send_draft(message: Message, *, safety: str, answers: dict[str, Any], urgency: str) -> bool:
    """Send a draft after the safety check (answered or skipped). False when it had gone."""
    with transaction.atomic():
        locked = Message.objects.select_for_update().filter(pk=message.pk).first()
        if locked is None or locked.sent_at is not None:
            return False
        locked.safety = safety
        locked.safety_answers = answers
        locked.safety_urgency = urgency
        _send(locked)
    return True


def _send(message: Message) -> None:
    message.sent_at = timezone.now()
    message.save()
    notify.patient_wrote(message.patient)


def reply(patient: Patient, author: Any, body: str, key: uuid.UUID) -> Outcome:
    """The practice's reply: sent at once; the patient hears of it by push or e-mail."""
    existing = _existing(patient, key)
    if existing is not None:
        return Outcome(existing, True, False)
    try:
        with transaction.atomic():
            message = Message.objects.create(
                patient=patient,
                key=key,
                author=author,
                from_patient=False,
                body=body,
                sent_at=timezone.now(),
            )
    except IntegrityError:  # the same form twice at once
        return Outcome(Message.objects.get(patient=patient, key=key), True, False)
    transaction.on_commit(lambda: notify.practice_replied(patient), robust=True)
    return Outcome(message, True, True)


def mark_read(patient: Patient, *, by_patient: bool) -> list[int]:
    """The reader has seen the thread: the other side's unread messages get ``read_at``.
    Returns their ids (for the audit log)."""
    unread = Message.objects.sent().filter(
        patient=patient, from_patient=not by_patient, read_at__isnull=True
    )
    ids = list(unread.values_list("pk", flat=True))
    if ids:
        Message.objects.filter(pk__in=ids).update(read_at=timezone.now())
    return ids
