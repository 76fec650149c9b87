"""``notify(user, kind, url=...)``: the one way any app sends a push message (issue #16).

It queues one Web Push task per active subscription of the user, if push is configured
(VAPID keys in the settings) and the user has that kind switched on, and returns True when
at least one push was queued, so the caller can fall back to e-mail when it returns False.

The text is chosen here, by kind, in the user's language, and says nothing medical: a
phone's lock screen is read by anyone who picks it up. The message opens ``url``.
"""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

KINDS: dict[str, Any] = {
    "daily_reminder": _("Er staat vandaag iets voor u klaar in Ruggensteun."),
    "questionnaire": _("Er staat een vragenlijst voor u klaar."),
    "programme_started": _("Uw programma is gestart."),
    "message_reply": _("Er is een nieuw bericht van uw praktijk."),
}


def is_configured() -> bool:
    """Push works only with a VAPID key pair (``manage.py vapid_keys`` makes one)."""
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY)


def wants(user: Any, kind: str) -> bool:
    """Whether the user has this kind of push switched on (on unless switched off)."""
    from ruggensteun.push.models import PushPreferences

    preferences = PushPreferences.objects.filter(user=user).first()
    return preferences is None or bool(getattr(preferences, kind))


def message(user: Any, kind: str, url: str) -> dict[str, str]:
    """The push message for this kind, in the user's language (no medical details)."""
    with translation.override(getattr(user, "language", None) or settings.LANGUAGE_CODE):
        return {"title": "Ruggensteun", "body": str(KINDS[kind]), "url": url, "tag": kind}


def notify(user: Any, kind: str, *, url: str) -> bool:
    """Queue a push of ``kind`` to each of the user's subscriptions (after the current
    transaction commits). True if at least one was queued; False when push is not
    configured, the user switched this kind off, or has no subscription."""
    if kind not in KINDS:
        raise ValueError(f"unknown push kind {kind!r}; one of {sorted(KINDS)}")
    if not url.startswith("/"):
        raise ValueError("url must be a path on this site, e.g. /vandaag/")
    if not is_configured() or not getattr(user, "is_active", False) or not wants(user, kind):
        return False
    from ruggensteun.push.models import PushSubscription
    from ruggensteun.push.sending import enqueue

    ids = list(PushSubscription.objects.filter(user=user).values_list("pk", flat=True))
    payload = message(user, kind, url)
    for pk in ids:
        transaction.on_commit(lambda pk=pk: enqueue(pk, payload), robust=True)
    return bool(ids)
