"""Switching push on and off for this browser: the page's script (web/static/pwa/pwa.js)
posts the browser's PushSubscription here (JSON, with the CSRF token in X-CSRFToken).
Both are audited; neither shows patient data."""

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruggensteun.audit.log import Action, record_request
from ruggensteun.push.models import PushSubscription
from ruggensteun.push.notify import is_configured

MAX_BODY = 4096


def _patient(user):
    """The user's patient record (their practice is then the audit entry's), or None."""
    try:
        return user.patient if user.is_patient else None
    except ObjectDoesNotExist:
        return None


def _read(request: HttpRequest) -> dict | None:
    if len(request.body) > MAX_BODY:
        return None
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _known_push_service(host: str) -> bool:
    """``host`` is one of settings.PUSH_SERVICE_HOSTS ("x.y", or ".y" for any subdomain)."""
    host = host.lower().rstrip(".")
    return any(
        host.endswith(allowed) if allowed.startswith(".") else host == allowed
        for allowed in (entry.strip().lower() for entry in settings.PUSH_SERVICE_HOSTS)
        if allowed
    )


def _bad(message: str) -> JsonResponse:
    return JsonResponse({"ok": False, "error": message}, status=400)


@login_required
@require_POST
def subscribe(request: HttpRequest) -> JsonResponse:
    if not is_configured():
        return JsonResponse(
            {"ok": False, "error": _("Pushberichten staan uit op deze server.")}, status=409
        )
    data = _read(request)
    keys = data.get("keys") if data else None
    endpoint = data.get("endpoint") if data else None
    if not (isinstance(endpoint, str) and isinstance(keys, dict)):
        return _bad(_("Dit abonnement kon niet worden gelezen."))
    p256dh, auth = keys.get("p256dh"), keys.get("auth")
    parts = urlsplit(endpoint)
    if (
        parts.scheme != "https"
        or not _known_push_service(parts.hostname or "")
        or len(endpoint) > 1000
        or not isinstance(p256dh, str)
        or not isinstance(auth, str)
        or not 40 <= len(p256dh) <= 200
        or not 10 <= len(auth) <= 100
    ):
        return _bad(_("Dit abonnement kon niet worden gelezen."))
    with transaction.atomic():
        # An endpoint belongs to one browser: whoever subscribes it last owns it (a shared
        # phone where another patient logs in afterwards).
        subscription, created = PushSubscription.objects.update_or_create(
            endpoint=endpoint,
            defaults={"user": request.user, "p256dh": p256dh, "auth": auth, "failure_count": 0},
        )
        record_request(
            request,
            Action.CREATE if created else Action.UPDATE,
            patient=_patient(request.user),
            what="push:subscribe",
            detail={"subscription": subscription.pk},
        )
    return JsonResponse({"ok": True}, status=201 if created else 200)


@login_required
@require_POST
def unsubscribe(request: HttpRequest) -> JsonResponse:
    data = _read(request)
    endpoint = data.get("endpoint") if data else None
    if not isinstance(endpoint, str):
        return _bad(_("Dit abonnement kon niet worden gelezen."))
    with transaction.atomic():
        deleted, _rows = PushSubscription.objects.filter(
            user=request.user, endpoint=endpoint
        ).delete()
        record_request(
            request,
            Action.DELETE,
            patient=_patient(request.user),
            what="push:unsubscribe",
            detail={"deleted": deleted},
        )
    return JsonResponse({"ok": True, "deleted": deleted})
