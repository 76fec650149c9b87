"""Sending one Web Push message, as a task with retries (the pattern of base/mail.py).

The message is encrypted for the browser (aes128gcm, RFC 8291) and signed with the
site's VAPID key (RFC 8292). The push service's answer decides what follows:
- 201/202: sent; the subscription's last success is noted.
- 404/410: the browser dropped the subscription; it is deleted.
- 429, 5xx, no connection or no answer: tried again later with growing pauses, at most
  PUSH_SEND_ATTEMPTS times in all.
- anything else (a 400 or 413): counted as a failure, not retried.
The caller's fallback is e-mail: ``notify`` returns False when no push could be queued.
"""

import json
import logging

import requests
from django.conf import settings
from django.utils import timezone
from django_tasks import task
from pywebpush import WebPushException, webpush

from ruggensteun.base.mail import retry_delay
from ruggensteun.push.models import PushSubscription

logger = logging.getLogger(__name__)

PUSH_SEND_ATTEMPTS = 4
PUSH_TIMEOUT_SECONDS = 10
# How long a push service keeps a message for a phone that is off (seconds): a reminder
# older than a day is no use.
PUSH_TTL_SECONDS = 24 * 60 * 60


def enqueue(subscription_id: int, payload: dict[str, str], attempt: int = 1) -> None:
    send_push.enqueue(subscription_id, payload, attempt)


def _status(exc: BaseException) -> int | None:
    response = getattr(exc, "response", None)
    return getattr(response, "status_code", None)


@task()
def send_push(subscription_id: int, payload: dict[str, str], attempt: int = 1) -> str:
    """Send one push message; returns "sent", "gone", "retry" or "failed"."""
    subscription = PushSubscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        return "gone"
    try:
        webpush(
            subscription.info(),
            data=json.dumps(payload),
            vapid_private_key=settings.VAPID_PRIVATE_KEY,
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            content_encoding="aes128gcm",
            timeout=PUSH_TIMEOUT_SECONDS,
            ttl=PUSH_TTL_SECONDS,
        )
    except (WebPushException, requests.RequestException) as exc:
        status = _status(exc)
        # Ids, the kind and the status only: no endpoint (it identifies a device), no text.
        logger.warning(
            "push %s to subscription %s try %s failed: %s",
            payload.get("tag"),
            subscription_id,
            attempt,
            status or type(exc).__name__,
        )
        if status in (404, 410):
            subscription.delete()
            return "gone"
        subscription.failure_count += 1
        subscription.save(update_fields=["failure_count"])
        temporary = status is None or status == 429 or status >= 500
        if temporary and attempt < PUSH_SEND_ATTEMPTS and send_push.get_backend().supports_defer:
            send_push.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
                subscription_id, payload, attempt + 1
            )
            return "retry"
        return "failed"
    subscription.last_success = timezone.now()
    subscription.failure_count = 0
    subscription.save(update_fields=["last_success", "failure_count"])
    return "sent"
