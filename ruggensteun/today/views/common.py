"""Small helpers the patient's pages share."""

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language

PATIENT_PAGES = "/mijn/"


def language() -> str:
    return "en" if get_language() == "en" else "nl"


def today() -> date:
    return timezone.localdate()


def back(request: HttpRequest, default: str) -> HttpResponse:
    """Back to the page the form was on (one of the patient's own pages), else ``default``.

    303, so that a browser (or htmx) fetches the page again with GET.
    """
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not (safe and target.startswith(PATIENT_PAGES)):
        target = default
    response = redirect(target)
    response.status_code = 303
    return response
