"""The practice's side of deletion requests: the open ones, and carrying one out."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ruggensteun.accounts.models import Membership
from ruggensteun.accounts.reauth import ask_to_confirm, authenticated_within
from ruggensteun.accounts.roles import staff_practice, staff_required
from ruggensteun.audit.log import Action, record_request
from ruggensteun.mydata.deletion import KEPT, REMOVED, close_account, decline
from ruggensteun.mydata.forms import HandleDeletionForm
from ruggensteun.mydata.models import DeletionRequest
from ruggensteun.patients.access import patient_view, patients_for
from ruggensteun.patients.models import Patient

RECENT_AUTH_MINUTES = 10


def may_carry_out(user: object, patient: Patient) -> bool:
    """Only an admin of the patient's own practice closes an account."""
    return Membership.objects.filter(
        user=user, practice_id=patient.practice_id, role=Membership.Role.ADMIN
    ).exists()


@staff_required
def deletion_requests(request: HttpRequest) -> HttpResponse:
    requests = list(
        DeletionRequest.objects.filter(patient__in=patients_for(request))
        .select_related("patient__user", "handled_by")
        .order_by("handled_at", "-requested_at")[:200]
    )
    record_request(
        request,
        Action.LIST,
        practice=staff_practice(request.user),
        detail={"patient_ids": sorted({item.patient_id for item in requests})},
    )
    context = {
        "open": [item for item in requests if item.is_open],
        "handled": [item for item in requests if not item.is_open],
    }
    return render(request, "mydata/staff/requests.html", context)


@patient_view
def handle_deletion(request: HttpRequest, patient: Patient) -> HttpResponse:
    open_request = patient.deletion_requests.open().first()
    allowed = may_carry_out(request.user, patient)
    form = HandleDeletionForm()
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        if not authenticated_within(request, RECENT_AUTH_MINUTES):
            return ask_to_confirm(request)
        if open_request is None:
            messages.info(request, _("Er is geen open verzoek meer."))
            return redirect("mydata:handle_deletion", patient.pk)
        form = HandleDeletionForm(request.POST)
        if form.is_valid():
            note = form.cleaned_data["note"].strip()
            if form.cleaned_data["outcome"] == DeletionRequest.Outcome.ACCOUNT_CLOSED:
                close_account(open_request, by=request.user, note=note)
                messages.success(
                    request, _("Het account is gesloten en de persoonsgegevens zijn verwijderd.")
                )
            else:
                decline(open_request, by=request.user, note=note)
                messages.success(request, _("Vastgelegd: het verzoek is niet uitgevoerd."))
            return redirect("mydata:handle_deletion", patient.pk)
    context = {
        "patient": patient,
        "open_request": open_request,
        "history": [
            r for r in patient.deletion_requests.select_related("handled_by") if not r.is_open
        ],
        "may_carry_out": allowed,
        "form": form,
        "removed": REMOVED,
        "kept": KEPT,
    }
    return render(request, "mydata/staff/handle.html", context)
