"""Small helpers the patient's pages share."""

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import get_language

from ruggensteun.web.redirects import safe_next_url

PATIENT_PAGES = "/mijn/"


def language() -> str:
    return "en" if get_language() == "en" else "nl"


def today() -> date:
    return timezone.localdate()


def back(request: HttpRequest, default: str) -> HttpResponse:
    """Back to the page the form was on (one of the patient's own pages), else ``default``.

    303, so that a browser (or htmx) fetches the page again with GET.
    """
    response = redirect(safe_next_url(request, default, within=PATIENT_PAGES))
    response.status_code = 303
    return response
