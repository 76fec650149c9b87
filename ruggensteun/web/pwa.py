"""The installable app (issue #16): the web app manifest, the service worker and the
offline page, and the headers that tell the service worker what it may keep.

What the service worker keeps (ruggensteun/web/templates/web/sw.js):
- the app shell: the static files, the icons and the offline page (nobody's data);
- the patient's today-plan pages (Today, the exercise pages with their pictures, the
  flare-up plan), and only those: a page is kept only when its response says
  ``X-Ruggensteun-Offline``, which this middleware sets for a logged-in patient on exactly
  those views. Staff pages, forms and every other page are never kept.

Every page the app makes carries ``X-Ruggensteun-Session``: an id of this login session
(an HMAC of the session key, never the key itself), or ``none`` for a visitor.
The service worker keeps pages in a cache named after that id and deletes every other
page cache as soon as a page arrives with a different id, so after a logout, an expired
session or another user's login no kept page is served. Logging out also sends
``Clear-Site-Data`` (accounts LogoutView) and pwa.js empties the caches and the outbox.

While a red flag holds the programme (an open emergency, urgent or soon alert: triage.md
§2, self-management stops or waits), no page is kept and every patient page says
``X-Ruggensteun-Hold``: the service worker deletes the pages it kept, so a phone that goes
offline never shows yesterday's exercises instead of the advice.
"""

import hashlib
import json
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

SESSION_HEADER = "X-Ruggensteun-Session"
OFFLINE_HEADER = "X-Ruggensteun-Offline"
HOLD_HEADER = "X-Ruggensteun-Hold"
# The pages of the patient's plan for today that work offline, by URL name.
OFFLINE_VIEWS = {"web:patient_home", "today:exercise", "today:flare_up_plan"}
THEME_COLOUR = "#0d5c63"  # --brand in ruggensteun.css
BACKGROUND_COLOUR = "#ffffff"
# Static files the service worker keeps at once; others are kept when first loaded.
SHELL_FILES = [
    "css/ruggensteun.css",
    "img/favicon.svg",
    "vendor/htmx/htmx-2.0.11.min.js",
    "diary/outbox.js",
    "diary/diary.css",
    "today/today.js",
    "today/today.css",
    "today/player.js",
    "pwa/pwa.js",
    "pwa/icon-192.png",
    "pwa/icon-512.png",
]


def session_id(request: HttpRequest) -> str:
    """An id of this login session for the service worker, or "none" for a visitor. (Staff
    get one too: their pages are never kept, and a staff login's id, like any other, makes
    the service worker drop the pages a patient kept. Asking whether the user is a patient
    would cost a query on every response.)"""
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if not (user and user.is_authenticated and session is not None and session.session_key):
        return "none"
    return salted_hmac("ruggensteun.web.pwa.session", session.session_key).hexdigest()[:32]


class OfflineHeadersMiddleware:
    """Tells the service worker whose page this is, and whether it may keep it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        key = session_id(request)
        response.headers[SESSION_HEADER] = key
        # Read by every patient page (patients.access.own_patient_view): no query of its own.
        safety = getattr(request, "_safety_state", None)
        if safety is not None and safety.on_hold:
            response.headers[HOLD_HEADER] = "1"
            return response
        match = request.resolver_match
        if (
            key != "none"
            and request.method == "GET"
            and response.status_code == 200
            and match is not None
            and match.view_name in OFFLINE_VIEWS
            and response.get("Content-Type", "").startswith("text/html")
        ):
            response.headers[OFFLINE_HEADER] = key
        return response


@login_not_required
@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest, in the visitor's language."""
    data = {
        "id": "/",
        "name": "Ruggensteun",
        "short_name": "Ruggensteun",
        "description": _("Zorg voor uw rug, ook tussen de afspraken door."),
        "lang": get_language() or settings.LANGUAGE_CODE,
        "start_url": reverse("web:patient_home"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static("pwa/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("pwa/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("pwa/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@login_not_required
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from the site root so that its scope is the whole site. Its
    version changes with the files it keeps (their hashed names in production)."""
    shell = [static(name) for name in SHELL_FILES] + [reverse("web:offline")]
    body = render_to_string(
        "web/sw.js",
        {
            "config": json.dumps(
                {
                    "shell": shell,
                    "offline": reverse("web:offline"),
                    "static": settings.STATIC_URL,
                    "sessionHeader": SESSION_HEADER,
                    "offlineHeader": OFFLINE_HEADER,
                    "holdHeader": HOLD_HEADER,
                }
            ),
        },
    )
    version = hashlib.sha256(body.encode()).hexdigest()[:12]
    body = body.replace("__VERSION__", version)
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # Browsers check for a new service worker at least daily; never from an HTTP cache.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@login_not_required
@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """Shown when a page is not on this device and there is no connection. It holds
    nobody's data: the service worker keeps it for everyone."""
    return render(request, "web/offline.html", {"today_url": reverse("web:patient_home")})
