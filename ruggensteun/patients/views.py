"""The practice's patients as people with an account: inviting one, sending the invitation
again. (The caseload and the patient page are the workspace's: workspace.views.patients.)"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruggensteun.accounts.invitations import send_new_invitation
from ruggensteun.accounts.models import Invitation
from ruggensteun.accounts.roles import staff_practice, staff_required
from ruggensteun.patients.access import patient_view
from ruggensteun.patients.forms import InvitePatientForm
from ruggensteun.patients.invitations import invite_patient
from ruggensteun.patients.models import Patient


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
            _("%(name)s is uitgenodigd. De uitnodiging is onderweg naar %(email)s.")
            % {"name": form.cleaned_data["full_name"], "email": form.cleaned_data["email"]},
        )
        return redirect("patients:caseload")
    return render(request, "patients/invite.html", {"form": form})


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
    messages.success(request, _("Er is een nieuwe uitnodiging onderweg."))
    return redirect("patients:detail", patient_id=patient.pk)
