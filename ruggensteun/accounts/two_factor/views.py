"""The staff member's second factor: setting up the app, entering its code after the
password, and the overview with new recovery codes."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from ruggensteun.accounts.models import RecoveryCodes
from ruggensteun.accounts.reauth import (
    ask_to_confirm,
    authenticated_within,
    mark_recent_authentication,
    recent_auth_required,
)
from ruggensteun.accounts.two_factor import devices
from ruggensteun.accounts.two_factor.enrolment import (
    allow_enrolment,
    end_enrolment,
    enrolment_allowed,
)
from ruggensteun.accounts.two_factor.forms import (
    AuthenticatorCodeForm,
    EnrolmentCodeForm,
    RecoveryCodeForm,
)
from ruggensteun.audit.log import Action, record
from ruggensteun.base.redirects import safe_next_url

# Before the second factor the menu would only lead back here: the pages show a logout.
NO_MENU = {"nav_items": [], "nav_kind": None}


def setup(request: HttpRequest) -> HttpResponse:
    """Scan the QR code (or type the secret), confirm with a code; on the first setup the
    recovery codes follow, shown once. A verified user may replace their app this way,
    after a recent authentication."""
    user = request.user
    if not devices.requires_two_factor(user):
        return redirect("web:home")
    next_url = safe_next_url(request, reverse("web:home"))
    replacing = devices.authenticator_of(user) is not None
    if replacing and not user.is_verified():
        return redirect(_with_next("accounts:two_factor_verify", next_url))
    if replacing and not authenticated_within(request, minutes=10):
        return ask_to_confirm(request)
    if not replacing and not enrolment_allowed(request):
        # The password alone does not set up a first app (issue #11, finding 5).
        return _enrolment_code(request, next_url)
    device = devices.pending_authenticator(user)
    form = AuthenticatorCodeForm(device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        recovery_codes = devices.confirm_authenticator(device)
        _complete_login(request, device)
        end_enrolment(request)
        if recovery_codes:
            return render(
                request,
                "accounts/two_factor/recovery_codes.html",
                {"codes": recovery_codes, "next": next_url, "first_setup": True},
            )
        messages.success(request, _("Uw nieuwe app is gekoppeld. De oude werkt niet meer."))
        return redirect("accounts:two_factor")
    context = {
        "form": form,
        "qr_code": devices.qr_code_svg(device),
        "secret": devices.base32_secret(device),
        "next": next_url,
        "replacing": replacing,
        **({} if user.is_verified() else NO_MENU),
    }
    return render(request, "accounts/two_factor/setup.html", context)


def _enrolment_code(request: HttpRequest, next_url: str) -> HttpResponse:
    """Before a first app: the one-time code from an admin, unless this is the session in
    which the invitation was accepted (``enrolment``)."""
    form = EnrolmentCodeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        allow_enrolment(request)
        record(
            request.user,
            Action.UPDATE,
            "two-factor enrolment code used",
            practice=devices.practice_of(request.user),
        )
        return redirect(_with_next("accounts:two_factor_setup", next_url))
    context = {"form": form, "next": next_url, **NO_MENU}
    return render(request, "accounts/two_factor/enrolment_code.html", context)


def verify(request: HttpRequest) -> HttpResponse:
    """After the password: a code from the app, or one of the recovery codes."""
    user = request.user
    next_url = safe_next_url(request, reverse("web:home"))
    if not devices.requires_two_factor(user) or user.is_verified():
        return redirect(next_url)
    authenticator = devices.authenticator_of(user)
    if authenticator is None:
        return redirect(_with_next("accounts:two_factor_setup", next_url))
    posted = request.POST if request.method == "POST" else None
    with_recovery_code = posted is not None and "recovery_code" in posted
    code_form = AuthenticatorCodeForm(authenticator, None if with_recovery_code else posted)
    recovery_form = RecoveryCodeForm(
        devices.recovery_codes_of(user), posted if with_recovery_code else None
    )
    form = recovery_form if with_recovery_code else code_form
    if posted is not None and form.is_valid():
        _complete_login(request, form.accepted_device)
        if with_recovery_code:
            messages.warning(request, _remaining_message(form.accepted_device))
        return redirect(next_url)
    context = {
        "code_form": code_form,
        "recovery_form": recovery_form,
        "with_recovery_code": with_recovery_code,
        "next": next_url,
        **NO_MENU,
    }
    return render(request, "accounts/two_factor/verify.html", context)


def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not devices.requires_two_factor(user):
        raise Http404
    recovery = devices.recovery_codes_of(user)
    context = {
        "authenticator": devices.authenticator_of(user),
        "remaining": recovery.remaining() if recovery else 0,
    }
    return render(request, "accounts/two_factor/overview.html", context)


@recent_auth_required(minutes=10)
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    """Replace the recovery codes (e.g. when most are used): the old ones stop working."""
    if not devices.requires_two_factor(request.user):
        raise Http404
    if request.method == "POST":
        codes = devices.replace_recovery_codes(request.user)
        return render(
            request,
            "accounts/two_factor/recovery_codes.html",
            {"codes": codes, "next": reverse("accounts:two_factor"), "first_setup": False},
        )
    return render(request, "accounts/two_factor/new_recovery_codes.html")


def _complete_login(request: HttpRequest, device: Any) -> None:
    """The second factor is passed: a new session key (the session now grants more), the
    device remembered for django-otp's ``is_verified()``, and a fresh authentication."""
    request.session.cycle_key()
    otp_login(request, device)
    mark_recent_authentication(request)
    if isinstance(device, RecoveryCodes):
        record(
            request.user,
            Action.UPDATE,
            "two-factor recovery code used",
            practice=devices.practice_of(request.user),
            detail={"remaining": device.remaining()},
        )


def _remaining_message(device: RecoveryCodes) -> str:
    remaining = device.remaining()
    if remaining == 0:
        return _("U hebt uw laatste herstelcode gebruikt. Maak nu nieuwe herstelcodes.")
    return _("U hebt een herstelcode gebruikt. U hebt er nog %(count)s.") % {"count": remaining}


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"
