"""Every e-mail goes out through one task (issue #14): ``queue_email`` hands it to the task
queue once the transaction commits, and a worker sends it. The user's action never waits for
the mail server and never fails because of it.

A temporary failure (no connection, no answer within EMAIL_TIMEOUT, a 4xx answer) is tried
again later, with growing pauses, EMAIL_SEND_ATTEMPTS times in all: the task enqueues itself
again with ``run_after``, because the framework does not retry by itself. A refusal (5xx),
or a temporary failure after the last try, is stored as a ``MailFailure`` that the practice
admin sees (accounts/mail_failures.py): to whom, what kind, when and why; never the subject
or the body.

``on_sent`` names a function (a dotted path inside ruggensteun, with JSON arguments) to call
once the e-mail has gone out, e.g. intake's "the alert was notified"; the base app imports
no app above it, so the name is resolved only when the task runs.
"""

import logging
import smtplib
import socket
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django_tasks import task

from ruggensteun.base.models import MailFailure

logger = logging.getLogger(__name__)

# The pause before try n + 1 (the last one repeats): a few minutes for a hiccup, hours for
# a mail server that is down for maintenance.
RETRY_DELAYS = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
]


def render_email(template: str, context: dict[str, Any], language: str) -> tuple[str, str]:
    """The subject and body of an e-mail in the recipient's language, from the templates
    ``<template>_subject.txt`` and ``<template>_body.txt``."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
    return subject, body


def queue_email(
    *,
    kind: str,
    to: str,
    subject: str,
    body: str,
    practice_id: int | None = None,
    headers: dict[str, str] | None = None,
    on_sent: tuple[str, list[Any]] | None = None,
) -> None:
    """Send one plain-text e-mail to one address in the background, after the current
    transaction commits (at once outside a transaction; never when it rolls back)."""
    if on_sent is not None and not on_sent[0].startswith("ruggensteun."):
        raise ValueError("on_sent must name a function inside ruggensteun")
    message = {
        "kind": kind,
        "to": to,
        "subject": subject,
        "body": body,
        "practice_id": practice_id,
        "headers": headers or {},
        "on_sent": list(on_sent) if on_sent else None,
    }
    transaction.on_commit(lambda: _enqueue(message), robust=True)


def _enqueue(message: dict[str, Any], attempt: int = 1) -> None:
    """Hand the e-mail to the task queue. A queue that does not take it (unreachable, or
    configured without this queue) costs the user's action nothing, as a mail server that
    fails does: the e-mail is recorded as a MailFailure (after 0 tries), which the practice
    admin sees."""
    try:
        send_email.enqueue(message, attempt)
    except Exception as exc:
        logger.exception(
            "e-mail %s (practice %s) not queued", message["kind"], message["practice_id"]
        )
        MailFailure.objects.create(
            practice_id=message["practice_id"],
            recipient=message["to"],
            kind=message["kind"],
            reason=MailFailure.Reason.OTHER,
            detail=f"not queued: {type(exc).__name__}: {exc}"[:300],
            attempts=0,
            failed_at=timezone.now(),
        )


def retry_delay(attempt: int) -> timedelta:
    """The pause after failed try ``attempt`` (1-based)."""
    return RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1]


def classify(exc: BaseException) -> tuple[str, bool, str]:
    """(reason, temporary, detail) of a failure to send."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        detail = "; ".join(f"{code} {_text(message)}" for code, message in exc.recipients.values())
        temporary = all(400 <= code < 500 for code in codes)
        return (
            MailFailure.Reason.TEMPORARY if temporary else MailFailure.Reason.REFUSED,
            temporary,
            detail,
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        detail = f"{exc.smtp_code} {_text(exc.smtp_error)}"
        if 400 <= exc.smtp_code < 500:
            return MailFailure.Reason.TEMPORARY, True, detail
        return MailFailure.Reason.REFUSED, False, detail
    if isinstance(exc, socket.timeout | TimeoutError):
        return MailFailure.Reason.TIMEOUT, True, str(exc) or "timed out"
    if isinstance(exc.__context__, socket.timeout | TimeoutError):
        # smtplib turns a read that timed out into SMTPServerDisconnected.
        return MailFailure.Reason.TIMEOUT, True, str(exc)
    if isinstance(exc, smtplib.SMTPServerDisconnected | ConnectionError | OSError):
        return MailFailure.Reason.UNREACHABLE, True, str(exc) or type(exc).__name__
    return MailFailure.Reason.OTHER, False, type(exc).__name__


def _text(message: bytes | str) -> str:
    return message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)


def _deliver(message: dict[str, Any]) -> None:
    EmailMessage(
        message["subject"],
        message["body"],
        None,
        [message["to"]],
        headers=message["headers"] or None,
    ).send()


@task()
def send_email(message: dict[str, Any], attempt: int = 1) -> str:
    """Send one e-mail; on a temporary failure enqueue the next try, after the last one (or
    a refusal) record a MailFailure. Returns "sent", "retry" or "failed"."""
    try:
        _deliver(message)
    except Exception as exc:
        reason, temporary, detail = classify(exc)
        # Ids and the kind only in the log: no address, no content.
        logger.warning(
            "e-mail %s (practice %s) try %s failed: %s",
            message["kind"],
            message["practice_id"],
            attempt,
            reason,
        )
        if (
            temporary
            and attempt < settings.EMAIL_SEND_ATTEMPTS
            and send_email.get_backend().supports_defer
        ):
            send_email.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
                message, attempt + 1
            )
            return "retry"
        MailFailure.objects.create(
            practice_id=message["practice_id"],
            recipient=message["to"],
            kind=message["kind"],
            reason=reason,
            detail=detail[:300],
            attempts=attempt,
            failed_at=timezone.now(),
        )
        return "failed"
    if message.get("on_sent"):
        path, args = message["on_sent"]
        import_string(path)(*args)
    return "sent"
