from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruggensteun.accounts.forms import AccountSettingsForm, InviteStaffForm, LoginForm
from ruggensteun.accounts.invitations import invite_staff
from ruggensteun.accounts.models import Invitation, Membership
from ruggensteun.accounts.roles import admin_practice, admin_required
from ruggensteun.web.redirects import safe_next_url


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_not_required
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.objects.find_by_token(token)
    if invitation is None or not invitation.is_usable:
        status = 410 if invitation is not None else 404
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"invitation": invitation},
            status=status,
        )
    user = invitation.user
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
        messages.success(request, _("Welkom! Uw wachtwoord is ingesteld."))
        return redirect("web:home")
    return render(
        request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation}
    )


def account_settings(request: HttpRequest) -> HttpResponse:
    form = AccountSettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Uw gegevens zijn opgeslagen."))
        return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form})


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch language: saved on the account when logged in, in a cookie otherwise."""
    language = request.POST.get("language", "")
    response = HttpResponseRedirect(safe_next_url(request, "/"))
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        request.user.language = language
        request.user.save(update_fields=["language"])
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


@admin_required
def team(request: HttpRequest) -> HttpResponse:
    practice = admin_practice(request.user)
    members = (
        Membership.objects.filter(practice=practice)
        .select_related("user")
        .order_by("user__full_name")
    )
    return render(request, "accounts/team.html", {"practice": practice, "members": members})


@admin_required
def invite_staff_member(request: HttpRequest) -> HttpResponse:
    practice = admin_practice(request.user)
    form = InviteStaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invite_staff(practice=practice, invited_by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("De uitnodiging is verstuurd naar %(email)s.")
            % {"email": form.cleaned_data["email"]},
        )
        return redirect("accounts:team")
    return render(request, "accounts/invite_staff.html", {"form": form, "practice": practice})
