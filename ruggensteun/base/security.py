"""Browser-side security that Django's own middleware does not cover (issue #11, finding 9).

- ``SecurityHeadersMiddleware``: a ``Permissions-Policy`` that turns off the device features
  Ruggensteun never uses, and ``Cache-Control: no-store`` on every page the app makes (static
  files are answered by WhiteNoise before this middleware and keep their long lifetimes), so
  no page with patient data stays in a browser's or a shared computer's cache.
- ``AbsoluteSessionMiddleware``: a session ends a fixed time after logging in
  (``SESSION_ABSOLUTE_HOURS``), however active it stays; the idle limit
  (``SESSION_COOKIE_AGE``) still ends it sooner after a pause.

The Content-Security-Policy itself comes from django-csp (``CONTENT_SECURITY_POLICY`` in the
settings).
"""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse

# The session key that holds the time of logging in (seconds since the epoch).
LOGIN_TIME_KEY = "ruggensteun_login_at"

# Off for every page: the video upload is a plain file input, which needs none of these.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Everything a logged-in user gets may show patient data: never stored.
            response.headers["Cache-Control"] = "no-store"
        else:
            # Pages for visitors (login, an invitation, a token link) are not stored either,
            # unless the view chose its own (the calendar feed for calendar apps).
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def stamp_login_time(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_TIME_KEY] = int(time.time())


user_logged_in.connect(stamp_login_time, dispatch_uid="ruggensteun.base.security.login_time")


class AbsoluteSessionMiddleware:
    """Log out a user whose session began longer than ``SESSION_ABSOLUTE_HOURS`` ago.

    Placed after the authentication middleware and before ``LoginRequiredMiddleware``, so
    the request goes on as a visitor's and a protected page sends them to the login. A
    session without a login time (one made before this middleware existed) counts from
    its first request now.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            started = request.session.get(LOGIN_TIME_KEY)
            if not isinstance(started, int):
                request.session[LOGIN_TIME_KEY] = now
            elif now - started >= settings.SESSION_ABSOLUTE_HOURS * 3600:
                logout(request)
        return self.get_response(request)
