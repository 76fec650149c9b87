from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from ruggensteun.mydata.privacy import SESSION_KEY, current, has_agreed
from ruggensteun.patients.access import OPEN_IN_LOCKDOWN, SAVED_IN_LOCKDOWN, safety_of
from ruggensteun.patients.models import Patient

# What a patient reaches before agreeing to the privacy statement: the statement itself,
# what declining means, logging out, the language, confirming the password (before a
# download) and their own data: the download and the deletion request need no agreement.
OPEN_WITHOUT_CONSENT = frozenset(
    {
        "mydata:privacy",
        "mydata:privacy_agree",  # both send a patient in lockdown to the advice
        "mydata:privacy_decline",
        "mydata:own_data",
        "mydata:download",
        "mydata:request_deletion",
        "accounts:logout",
        "accounts:set_language",
        "accounts:reauthenticate",
        "web:health",
    }
)


def remember_consent(request: HttpRequest, user: Any) -> None:
    """After a login: note in the session when the user need not be asked (staff, or a
    patient who agreed to the current version), so their pages cost no extra query."""
    patient = Patient.objects.filter(user=user).first()
    if patient is None or has_agreed(patient):
        request.session[SESSION_KEY] = current().version


def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        remember_consent(request, user)


class PrivacyConsentMiddleware:
    """Deny by default: a logged-in patient who has not agreed to the current privacy
    statement reaches only OPEN_WITHOUT_CONSENT (and pages without a login); any other
    page sends them to the statement, and back to where they were going after agreeing.

    A red flag comes first: a patient in lockdown (``intake.status.safety_state``) is sent
    to the advice, never to the statement in front of it (triage.md §2), and keeps the
    pages that stay open in lockdown (``patients.access.OPEN_IN_LOCKDOWN``).

    Staff are not asked (docs/privacy.md). Installed after LoginRequiredMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or request.session.get(SESSION_KEY) == current().version:
            return None
        if getattr(view, "login_required", True) is False:
            return None  # a public page (the login, an invitation link, the health check)
        patient = Patient.objects.filter(user=user).select_related("practice").first()
        if patient is None or has_agreed(patient):
            request.session[SESSION_KEY] = current().version
            return None
        match = request.resolver_match
        name = match.view_name if match is not None else ""
        if name in OPEN_WITHOUT_CONSENT:
            return None
        if safety_of(request, patient).lockdown:
            if name in OPEN_IN_LOCKDOWN or (request.method == "POST" and name in SAVED_IN_LOCKDOWN):
                return None
            return _see_other("intake:advice")
        if request.method in ("GET", "HEAD"):
            return redirect_to_login(request.get_full_path(), "mydata:privacy")
        return _see_other("mydata:privacy")


def _see_other(to: str) -> HttpResponse:
    response = redirect(to)
    response.status_code = 303  # fetch the page with GET, whatever was sent
    return response
