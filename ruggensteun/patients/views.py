from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruggensteun.accounts.invitations import send_new_invitation
from ruggensteun.accounts.models import Invitation
from ruggensteun.accounts.roles import staff_practice, staff_required
from ruggensteun.audit.log import Action, record_request
from ruggensteun.intake.models import RedFlagAlert
from ruggensteun.patients.access import patient_view, patients_for
from ruggensteun.patients.attention import RULES
from ruggensteun.patients.caseload import CaseloadForm, caseload_rows
from ruggensteun.patients.forms import InvitePatientForm
from ruggensteun.patients.invitations import invite_patient
from ruggensteun.patients.models import Patient
from ruggensteun.patients.story import patient_story

CASELOAD_PAGE_SIZE = 50


@staff_required
def caseload(request: HttpRequest) -> HttpResponse:
    form = CaseloadForm(request.GET or None, user=request.user)
    in_scope = form.scoped(patients_for(request), request.user)
    alerts = list(
        RedFlagAlert.objects.open()
        .filter(patient__in=in_scope.values("pk"))
        .by_urgency()
        .select_related("assessment", "patient__user")
    )
    rows = form.keep(caseload_rows(in_scope, alerts=alerts))
    page = Paginator(rows, CASELOAD_PAGE_SIZE).get_page(request.GET.get("pagina"))
    record_request(
        request,
        Action.LIST,
        practice=staff_practice(request.user),
        detail={
            "patient_ids": [row.patient.pk for row in page],
            "alert_patient_ids": sorted({alert.patient_id for alert in alerts}),
        },
    )
    return render(
        request,
        "patients/caseload.html",
        {
            "page": page,
            "form": form,
            "scope": form.scope,
            "alerts": alerts,
            "rules": RULES,
            "filtered": bool(request.GET.keys() - {"pagina", "scope"}),
        },
    )


@staff_required
def invite(request: HttpRequest) -> HttpResponse:
    practice = staff_practice(request.user)
    form = InvitePatientForm(
        request.POST or None, practice=practice, initial={"therapist": request.user.pk}
    )
    if request.method == "POST" and form.is_valid():
        # The same answer whether or not the address already has an account, so the form
        # cannot tell who has one where (issue #11, finding 10): back to the caseload.
        invite_patient(practice=practice, invited_by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("%(name)s is uitgenodigd. De uitnodiging is verstuurd naar %(email)s.")
            % {"name": form.cleaned_data["full_name"], "email": form.cleaned_data["email"]},
        )
        return redirect("patients:caseload")
    return render(request, "patients/invite.html", {"form": form})


@patient_view
def detail(request: HttpRequest, patient: Patient) -> HttpResponse:
    context = {
        "patient": patient,
        "invitation": patient.user.invitations.first(),
        "story": patient_story(patient, get_language() or "nl"),
    }
    return render(request, "patients/detail.html", context)


@patient_view
@require_POST
def resend_invitation(request: HttpRequest, patient: Patient) -> HttpResponse:
    if patient.has_activated_account:
        messages.info(request, _("Deze patiënt heeft al een wachtwoord ingesteld."))
        return redirect("patients:detail", patient_id=patient.pk)
    send_new_invitation(
        user=patient.user,
        practice=patient.practice,
        kind=Invitation.Kind.PATIENT,
        invited_by=request.user,
    )
    messages.success(request, _("Er is een nieuwe uitnodiging verstuurd."))
    return redirect("patients:detail", patient_id=patient.pk)
