from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ruggensteun.accounts.forms import (
    AccountSettingsForm,
    ClinicalLeadForm,
    DeactivateForm,
    InviteStaffForm,
    LoginForm,
    PatientPhoneForm,
    PracticeContactForm,
    RoleForm,
    TeamMemberForm,
    client_ip,
)
from ruggensteun.accounts.invitations import invite_staff
from ruggensteun.accounts.models import Invitation, LoginAttempt, Membership
from ruggensteun.accounts.reset_mail import QueuedPasswordResetForm
from ruggensteun.accounts.roles import (
    admin_practice,
    admin_required,
    is_patient,
    is_practice_admin,
)
from ruggensteun.accounts.team import (
    TeamChangeRefused,
    change_role,
    deactivate,
    is_open_invitation,
    patients_of,
    reactivate,
    resend_invitation,
    successors,
    withdraw_invitation,
)
from ruggensteun.accounts.two_factor.enrolment import allow_enrolment
from ruggensteun.audit.log import Action, record_request
from ruggensteun.base.redirects import SafeNextMixin, safe_next_url


class LoginView(SafeNextMixin, auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(SafeNextMixin, auth_views.LogoutView):
    """Logging out also empties this browser (issue #16): Clear-Site-Data removes the pages
    the service worker kept and the outbox of unsent entries, so a shared phone keeps no
    pain data. The page's script (web/static/pwa/pwa.js) does the same before it sends the
    logout, for browsers without Clear-Site-Data."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, with the e-mails limited per address asked for and per client
    (issue #11, finding 6): counted in LoginAttempt whether or not the address has an
    account, so the refusal tells nothing about who has one. The e-mail goes through the
    task queue (``reset_mail``)."""

    form_class = QueuedPasswordResetForm

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        attempt = LoginAttempt.reserve(
            email=form.cleaned_data["email"],
            ip_address=client_ip(self.request),
            kind=LoginAttempt.Kind.PASSWORD_RESET,
        )
        if attempt is None:
            form.add_error(
                None,
                _("Te veel aanvragen. Wacht %(minutes)s minuten en probeer het dan opnieuw.")
                % {"minutes": settings.LOGIN_THROTTLE_MINUTES},
            )
            return self.form_invalid(form)
        return super().form_valid(form)


@login_not_required
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.objects.find_by_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", {"invitation": None}, status=404)
    # The page, the password rules and the welcome message speak the invitee's language,
    # chosen by whoever invited them (issue #12), whatever the browser says. Only the
    # visitor's own switch on this device (the language cookie) goes before it, and then
    # becomes the account's language when the password is set.
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    language = chosen if chosen in dict(settings.LANGUAGES) else invitation.user.language
    with translation.override(language):
        request.LANGUAGE_CODE = language
        response = _accept_invitation(request, invitation, language)
    response.headers["Content-Language"] = language
    return response


def _accept_invitation(request: HttpRequest, invitation: Invitation, language: str) -> HttpResponse:
    if not invitation.is_usable:
        return render(
            request, "accounts/invitation_invalid.html", {"invitation": invitation}, status=410
        )
    user = invitation.user
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # Claim the link with one conditional UPDATE: of parallel requests only one
            # finds it still open (issue #11, finding 7); the others are refused.
            if not invitation.claim():
                invitation.refresh_from_db()
                return render(
                    request,
                    "accounts/invitation_invalid.html",
                    {"invitation": invitation},
                    status=410,
                )
            user.language = language
            form.save()
        login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
        if invitation.kind != Invitation.Kind.PATIENT:
            # Within this session only, the new staff member may set up their
            # authenticator app without an admin's enrolment code (finding 5).
            allow_enrolment(request)
        messages.success(request, _("Welkom! Uw wachtwoord is ingesteld."))
        return redirect("web:home")
    return render(
        request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation}
    )


def account_settings(request: HttpRequest) -> HttpResponse:
    """Name and language for everyone; a patient also keeps their phone number here and
    finds their practice's contact card."""
    patient = request.user.patient if is_patient(request.user) else None
    data = request.POST or None
    form = AccountSettingsForm(data, instance=request.user)
    phone_form = (
        PatientPhoneForm(data, initial={"phone": patient.phone}) if patient is not None else None
    )
    if patient is not None:
        # The patient's own record is read (and maybe changed) here: logged like their
        # other pages (patients.access.own_patient_view).
        action = Action.VIEW if request.method in ("GET", "HEAD") else Action.UPDATE
        record_request(request, action, patient=patient)
    # Both forms are checked, so every error shows at once.
    valid = [form.is_valid(), phone_form is None or phone_form.is_valid()]
    if request.method == "POST" and all(valid):
        form.save()
        if patient is not None and phone_form is not None:
            phone = phone_form.cleaned_data["phone"]
            if phone != patient.phone:
                patient.phone = phone
                patient.save(update_fields=["phone"])
                record_request(request, Action.UPDATE, patient=patient, what="own phone number")
        messages.success(request, _("Uw gegevens zijn opgeslagen."))
        return redirect("accounts:settings")
    return render(
        request,
        "accounts/settings.html",
        {
            "form": form,
            "phone_form": phone_form,
            "practice": patient.practice if patient is not None else None,
        },
    )


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
    members = list(members)
    for member in members:
        member.open_invitation = is_open_invitation(member.user)
    return render(
        request,
        "accounts/team.html",
        {"practice": practice, "members": members, "roles": Membership.Role.choices},
    )


def _member(request: HttpRequest, membership_id: int | None) -> Membership:
    """A member of the admin's own practice; anyone else's is a 404."""
    if membership_id is None:
        raise Http404
    return get_object_or_404(
        Membership.objects.select_related("user", "practice"),
        pk=membership_id,
        practice=admin_practice(request.user),
    )


@admin_required
def deactivate_member(request: HttpRequest) -> HttpResponse:
    """Confirm (GET ?lid=) and deactivate (POST) a team member. A therapist with patients
    hands them to a chosen colleague on the way (accounts.team)."""
    if request.method == "POST":
        form = TeamMemberForm(request.POST)
        member_id = form.cleaned_data["membership"] if form.is_valid() else None
    else:
        member_id = TeamMemberForm({"membership": request.GET.get("lid", "")})
        member_id = member_id.cleaned_data["membership"] if member_id.is_valid() else None
        if member_id is None:
            return redirect("accounts:team")
    membership = _member(request, member_id)
    colleagues = list(successors(membership))
    patient_count = patients_of(membership).count()
    form = DeactivateForm(
        request.POST or None,
        initial={"membership": membership.pk},
        successors=colleagues,
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["successor"]
        successor = next((user for user in colleagues if user.pk == chosen), None)
        try:
            moved = deactivate(request, membership, successor)
        except TeamChangeRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            text = _("%(name)s is gedeactiveerd en kan niet meer inloggen.")
            if moved:
                text += " " + ngettext(
                    "%(count)s patiënt is overgedragen aan %(successor)s.",
                    "%(count)s patiënten zijn overgedragen aan %(successor)s.",
                    moved,
                )
            messages.success(
                request,
                text
                % {
                    "name": membership.user.full_name,
                    "count": moved,
                    "successor": successor.full_name if successor else "",
                },
            )
            return redirect("accounts:team")
    return render(
        request,
        "accounts/deactivate_member.html",
        {
            "form": form,
            "membership": membership,
            "patient_count": patient_count,
            "has_colleagues": bool(colleagues),
            "is_self": membership.user_id == request.user.pk,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@admin_required
@require_POST
def reactivate_member(request: HttpRequest) -> HttpResponse:
    form = TeamMemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een medewerker."))
        return redirect("accounts:team")
    membership = _member(request, form.cleaned_data["membership"])
    try:
        reactivate(request, membership)
    except TeamChangeRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _(
                "%(name)s kan weer inloggen, met dezelfde rol. Patiënten die zijn "
                "overgedragen, blijven bij hun nieuwe therapeut."
            )
            % {"name": membership.user.full_name},
        )
    return redirect("accounts:team")


@admin_required
@require_POST
def change_member_role(request: HttpRequest) -> HttpResponse:
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een medewerker en een rol."))
        return redirect("accounts:team")
    membership = _member(request, form.cleaned_data["membership"])
    try:
        changed = change_role(request, membership, form.cleaned_data["role"])
    except TeamChangeRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("accounts:team")
    if changed:
        messages.success(
            request,
            _("%(name)s is nu %(role)s.")
            % {"name": membership.user.full_name, "role": membership.get_role_display()},
        )
    if not is_practice_admin(request.user):
        return redirect("web:home")  # the admin made themself a therapist
    return redirect("accounts:team")


@admin_required
@require_POST
def resend_staff_invitation(request: HttpRequest) -> HttpResponse:
    form = TeamMemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een medewerker."))
        return redirect("accounts:team")
    membership = _member(request, form.cleaned_data["membership"])
    try:
        resend_invitation(request, membership)
    except TeamChangeRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Nieuwe uitnodiging verstuurd naar %(email)s. De vorige link werkt niet meer.")
            % {"email": membership.user.email},
        )
    return redirect("accounts:team")


@admin_required
@require_POST
def withdraw_staff_invitation(request: HttpRequest) -> HttpResponse:
    form = TeamMemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een medewerker."))
        return redirect("accounts:team")
    membership = _member(request, form.cleaned_data["membership"])
    name = membership.user.full_name
    try:
        withdraw_invitation(request, membership)
    except TeamChangeRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("De uitnodiging van %(name)s is ingetrokken.") % {"name": name})
    return redirect("accounts:team")


@admin_required
@require_POST
def set_clinical_lead(request: HttpRequest) -> HttpResponse:
    """Mark a team member as the practice's clinical lead, or take the mark away."""
    practice = admin_practice(request.user)
    form = ClinicalLeadForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een medewerker."))
        return redirect("accounts:team")
    membership = get_object_or_404(
        Membership.objects.select_related("user"),
        pk=form.cleaned_data["membership"],
        practice=practice,
    )
    membership.is_clinical_lead = form.cleaned_data["is_clinical_lead"]
    membership.save(update_fields=["is_clinical_lead"])
    record_request(
        request,
        Action.UPDATE,
        practice=practice,
        what="clinical lead",
        detail={"user_id": membership.user_id, "is_clinical_lead": membership.is_clinical_lead},
    )
    if membership.is_clinical_lead:
        text = _("%(name)s is nu klinisch eindverantwoordelijke.")
    else:
        text = _("%(name)s is niet meer klinisch eindverantwoordelijke.")
    messages.success(request, text % {"name": membership.user.full_name})
    return redirect("accounts:team")


@admin_required
def contact_card(request: HttpRequest) -> HttpResponse:
    """The practice's contact card: what patients see, and where alerts go."""
    practice = admin_practice(request.user)
    form = PracticeContactForm(request.POST or None, instance=practice)
    if request.method == "POST" and form.is_valid():
        form.save()
        record_request(
            request,
            Action.UPDATE,
            practice=practice,
            what="practice contact card",
            detail={"changed": form.changed_data},
        )
        messages.success(request, _("De contactgegevens van de praktijk zijn opgeslagen."))
        return redirect("accounts:contact_card")
    return render(request, "accounts/contact_card.html", {"form": form, "practice": practice})


@admin_required
def invite_staff_member(request: HttpRequest) -> HttpResponse:
    practice = admin_practice(request.user)
    form = InviteStaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invite_staff(practice=practice, invited_by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("De uitnodiging is onderweg naar %(email)s.") % {"email": form.cleaned_data["email"]},
        )
        return redirect("accounts:team")
    return render(request, "accounts/invite_staff.html", {"form": form, "practice": practice})
