from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from ruggensteun.accounts.two_factor.devices import authenticator_of, requires_two_factor

# What a staff member may reach between the password and the code: logging in and out,
# the second factor itself, the language, a forgotten password, an invitation link, the
# start page (it only redirects) and the health check. Nothing here shows patient data.
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:two_factor_setup",
        "accounts:two_factor_verify",
        "accounts:set_language",
        "accounts:accept_invitation",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        "web:home",
        "web:health",
    }
)


class StaffTwoFactorMiddleware:
    """Deny by default: a logged-in staff member who has not passed the second factor
    reaches only the views in OPEN_BEFORE_SECOND_FACTOR. Any other URL, including views
    added later, sends them to set up their authenticator app or to enter its code, and
    back to where they were going after that. Patients pass through.

    Installed after django-otp's OTPMiddleware (``user.is_verified()``) and Django's
    LoginRequiredMiddleware (anonymous visitors go to the login first).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        middleware = list(settings.MIDDLEWARE)
        mine = f"{__name__}.{type(self).__name__}"
        otp = "django_otp.middleware.OTPMiddleware"
        if otp not in middleware or middleware.index(otp) > middleware.index(mine):
            raise ImproperlyConfigured(f"{mine} needs {otp} before it in MIDDLEWARE.")
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        if not requires_two_factor(user):
            return None
        has_app = authenticator_of(user) is not None
        step = "accounts:two_factor_verify" if has_app else "accounts:two_factor_setup"
        if request.method in ("GET", "HEAD"):
            return redirect_to_login(request.get_full_path(), reverse(step))
        return redirect(step)
