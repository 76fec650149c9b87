"""Recent authentication: before an export or a deletion, the user shows again that they
are who the session says: with their password, and staff with a fresh code from their
authenticator app as well.

Use ``@recent_auth_required(minutes=10)`` on the view. A login (password, and for staff
the second factor) counts as an authentication, so right after it nothing is asked.
"""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode, urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ruggensteun.accounts.forms import LoginForm, client_ip
from ruggensteun.accounts.models import LoginAttempt
from ruggensteun.accounts.two_factor.devices import authenticator_of, requires_two_factor
from ruggensteun.accounts.two_factor.forms import AuthenticatorCodeForm
from ruggensteun.base.redirects import safe_next_url

SESSION_KEY = "accounts_authenticated_at"

ViewFunc = Callable[..., HttpResponse]


def mark_recent_authentication(request: HttpRequest) -> None:
    request.session[SESSION_KEY] = int(time.time())


def authenticated_within(request: HttpRequest, minutes: int) -> bool:
    at = request.session.get(SESSION_KEY)
    return isinstance(at, int) and 0 <= time.time() - at <= minutes * 60


def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """``user_logged_in``: a password login is an authentication."""
    if request is not None and hasattr(request, "session"):
        mark_recent_authentication(request)


def recent_auth_required(minutes: int = 10) -> Callable[[ViewFunc], ViewFunc]:
    """Send a user who has not authenticated in the last ``minutes`` to confirm it first.

    After confirming, a GET comes back to the same address. A POST cannot be replayed
    safely, so the user comes back to the page the form was on and chooses again.
    """

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if authenticated_within(request, minutes):
                return view(request, *args, **kwargs)
            return ask_to_confirm(request)

        return wrapper

    return decorator


def ask_to_confirm(request: HttpRequest) -> HttpResponse:
    """Send the user to the confirm page, and from there back."""
    if request.method in ("GET", "HEAD"):
        query = {"next": request.get_full_path()}
    else:
        query = {"next": _referring_path(request), "opnieuw": "1"}
    url = f"{reverse('accounts:reauthenticate')}?{urlencode(query)}"
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url  # a whole page, not a fragment
        return response
    return HttpResponseRedirect(url)


def _referring_path(request: HttpRequest) -> str:
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return reverse("web:home")


class PasswordConfirmForm(forms.Form):
    """The password again, counted with the login's failed tries (``LoginAttempt``)."""

    password = forms.CharField(
        label=gettext_lazy("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        user = self.request.user
        ip_address = client_ip(self.request)
        attempt = LoginAttempt.reserve(email=user.email, ip_address=ip_address)
        if attempt is None:
            raise ValidationError(
                LoginForm.error_messages["throttled"],
                params={"minutes": settings.LOGIN_THROTTLE_MINUTES},
            )
        if not user.check_password(password):
            raise ValidationError(_("Dit wachtwoord klopt niet."))
        attempt.mark_succeeded()
        return password


def reauthenticate(request: HttpRequest) -> HttpResponse:
    """The confirm page: the password; staff give a code from their authenticator app as
    well (issue #11, finding 5: both factors, as at login)."""
    next_url = safe_next_url(request, reverse("web:home"))
    repeat = (request.POST.get("opnieuw") or request.GET.get("opnieuw")) == "1"
    staff = requires_two_factor(request.user)
    device = authenticator_of(request.user) if staff else None
    posted = request.POST if request.method == "POST" else None
    password_form = PasswordConfirmForm(request, posted)
    password_ok = posted is not None and password_form.is_valid()
    # The code is checked only after a right password (a check uses up a fresh code and
    # counts towards the app's throttling); otherwise the field is shown empty again.
    code_form = (
        AuthenticatorCodeForm(device, posted if password_ok else None, auto_id="id_otp_%s")
        if staff
        else None
    )
    if code_form is not None:
        code_form.fields["code"].widget.attrs.pop("autofocus", None)  # the password first
    if password_ok and (code_form is None or code_form.is_valid()):
        mark_recent_authentication(request)
        if repeat:
            messages.info(request, _("Dank u, het is bevestigd. Kies de actie nog een keer."))
        return redirect(next_url)
    context = {
        "password_form": password_form,
        "code_form": code_form,
        "next": next_url,
        "repeat": repeat,
    }
    return render(request, "accounts/reauthenticate.html", context)
