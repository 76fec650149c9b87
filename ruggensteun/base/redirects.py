"""Where a form sends the user next: the one place that decides a ``next``.

Only a path of this site is followed ("/praktijk/...", with query and fragment). Anything
else gives the fallback: another site ("https://...", "//host", "/\\host"), and also a
value that is no path at all ("abc", "web:home"), which ``redirect()`` would take for a URL
name (an error page) and a browser for a page relative to the current one.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

PATIENT_PAGES = "/mijn/"  # where every page of the patient's own app lives


def safe_next_url(request: HttpRequest, fallback: str, *, within: str = "/") -> str:
    """The ``next`` the form (or the address) sent, when it is a path of this site that
    starts with ``within``; else ``fallback``."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if is_local_path(candidate, request) and candidate.startswith(within):
        return candidate
    return fallback


def is_local_path(candidate: str, request: HttpRequest) -> bool:
    """True for a path of this site: it starts with one "/" and names no other host."""
    return (
        candidate.startswith("/")
        # An empty set of hosts: only a URL without a host (and without a scheme) passes.
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts=set(), require_https=request.is_secure()
        )
    )


def back(request: HttpRequest, default: str) -> HttpResponse:
    """Back to the page the form was on (one of the patient's own pages), else ``default``.

    303, so that a browser (or htmx) fetches the page again with GET.
    """
    response = redirect(safe_next_url(request, default, within=PATIENT_PAGES))
    response.status_code = 303
    return response


class SafeNextMixin:
    """For Django's login and logout views: their ``next`` through the same check."""

    request: HttpRequest

    def get_redirect_url(self) -> str:
        return safe_next_url(self.request, "")
